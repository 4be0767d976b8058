"""The clinician / patient language switch in Debian Chromium: default, switching, memory, no JavaScript, keyboard."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from generator.content import load_content
from generator.richtext import plain_text
from tests.conftest import REAL_CONTENT, REPO_ROOT
from tests.site.conftest import serve_sitemap_for_this_origin

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser

CAUSES = {cause.id: cause for cause in load_content(REAL_CONTENT, REPO_ROOT).causes}
FIRST = "deep-vein-thrombosis"
SECOND = "bakers-cyst"  # linked from the first page's Related section
CLINICAL = 'article .lc-summary[data-audience="clinician"]'
PLAIN = 'article .lc-summary[data-audience="patient"]'
NOTE = "article .lc-audience-note"


def opening(text: str) -> str:
    """The first words of a rich-text field as the browser shows them (citations are numbers there)."""
    return plain_text(text)[:40]


@pytest.fixture
def reader(guarded) -> Iterator[object]:
    """A fresh device (empty localStorage) whose page records console errors as well as page errors."""
    page = guarded.page
    page.on("console", lambda message: guarded.errors.append(message.text) if message.type == "error" else None)
    yield page
    assert guarded.errors == [], guarded.errors
    assert guarded.blocked == []


def wait_for_heading(page, cause_id: str) -> None:
    """Instant navigation changes the address before it swaps the content in: wait for the new page's title."""
    page.wait_for_function(
        "name => document.querySelector('h1')?.textContent.startsWith(name)", arg=CAUSES[cause_id].name
    )


def audience_of(page) -> str:
    pressed = page.locator("[data-lc-audience-choice][aria-pressed='true']")
    assert pressed.count() == 1
    return pressed.get_attribute("data-lc-audience-choice")


def assert_shows(page, audience: str, cause_id: str) -> None:
    cause = CAUSES[cause_id]
    clinical, plain, note = page.locator(CLINICAL), page.locator(PLAIN), page.locator(NOTE)
    if audience == "clinician":
        assert clinical.is_visible() and opening(cause.summary) in clinical.inner_text()
        assert plain.is_hidden() and note.is_hidden()
    else:
        assert plain.is_visible() and opening(cause.plain_summary) in plain.inner_text()
        assert clinical.is_hidden()
        assert note.is_visible() and "patient wording" in note.inner_text()
    assert audience_of(page) == audience
    # Safety text is never switched away: clinicians see the red-flag box, patients its plain wording.
    if cause.red_flags:
        red_flags, get_help = page.locator("article #red-flags"), page.locator("article #when-to-get-help")
        assert (red_flags.is_visible(), get_help.is_visible()) == (audience == "clinician", audience == "patient")
    assert page.locator("article .admonition.danger", has_text="Medical disclaimer").is_visible()


def test_a_cause_page_shows_the_clinical_summary_by_default(reader, site_url):
    reader.goto(site_url + f"causes/{FIRST}/")
    switch = reader.get_by_role("group", name="Language:")
    assert switch.is_visible()
    assert switch.get_by_role("button", name="Clinician").get_attribute("aria-pressed") == "true"
    assert_shows(reader, "clinician", FIRST)


def test_choosing_patient_shows_the_plain_summary_and_hides_the_clinical_one(reader, site_url):
    reader.goto(site_url + f"causes/{FIRST}/")
    reader.get_by_role("button", name="Patient").click()
    assert_shows(reader, "patient", FIRST)
    reader.get_by_role("button", name="Clinician").click()
    assert_shows(reader, "clinician", FIRST)


def test_the_choice_survives_instant_navigation_and_reload(reader, site_url):
    serve_sitemap_for_this_origin(reader, site_url)
    reader.goto(site_url + f"causes/{FIRST}/")
    reader.get_by_role("button", name="Patient").click()
    reader.evaluate("window.__lcSamePageLoad = true")
    reader.locator("#related ~ ul a", has_text=re.compile("Baker", re.I)).first.click()
    reader.wait_for_url(re.compile(rf"/causes/{SECOND}/$"))
    wait_for_heading(reader, SECOND)
    assert reader.evaluate("window.__lcSamePageLoad === true"), "expected Material's instant navigation"
    assert_shows(reader, "patient", SECOND)
    reader.reload()
    assert reader.evaluate("window.__lcSamePageLoad === undefined")
    assert_shows(reader, "patient", SECOND)
    reader.go_back()
    reader.wait_for_url(re.compile(rf"/causes/{FIRST}/$"))
    wait_for_heading(reader, FIRST)
    assert_shows(reader, "patient", FIRST)


def test_the_causes_index_lists_the_plain_wording_of_each_cause_once_chosen(reader, site_url):
    cause = CAUSES["benign-nocturnal-leg-cramps"]
    reader.goto(site_url + "causes/")  # the home page lists the names only (issue 12): the summaries are here
    item = reader.locator("article li", has=reader.get_by_role("link", name=cause.name, exact=True)).first
    assert opening(cause.summary) in item.inner_text()
    assert opening(cause.plain_summary) not in item.inner_text()
    reader.get_by_role("button", name="Patient").click()
    assert opening(cause.plain_summary) in item.inner_text()
    assert opening(cause.summary) not in item.inner_text()


def test_the_switch_is_operable_with_the_keyboard(reader, site_url):
    reader.goto(site_url + f"causes/{FIRST}/")
    reader.locator("h1 a.headerlink").focus()
    reader.keyboard.press("Tab")
    assert reader.evaluate("document.activeElement.dataset.lcAudienceChoice") == "clinician"
    reader.keyboard.press("Tab")
    assert reader.evaluate("document.activeElement.dataset.lcAudienceChoice") == "patient"
    reader.keyboard.press("Enter")
    assert_shows(reader, "patient", FIRST)
    reader.keyboard.press("Shift+Tab")
    reader.keyboard.press("Space")
    assert_shows(reader, "clinician", FIRST)
    assert reader.evaluate("document.activeElement.dataset.lcAudienceChoice") == "clinician"


def test_without_javascript_the_clinical_text_shows_and_no_dead_switch(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False, service_workers="block")
    try:
        page = context.new_page()
        page.goto(site_url + f"causes/{FIRST}/")
        clinical = page.locator(CLINICAL)
        assert clinical.is_visible() and opening(CAUSES[FIRST].summary) in clinical.inner_text()
        assert page.locator("[data-lc-audience-switch]").is_hidden(), "a switch that cannot work is not shown"
        assert page.locator(NOTE).is_hidden()
        plain = page.locator(PLAIN)  # the plain words stay readable, after the clinical text, in their own box
        assert plain.is_visible() and "In plain words" in plain.inner_text()
        assert page.locator("article #red-flags").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", f"causes/{FIRST}/"])
def test_both_languages_pass_axe(reader, site_url, path):
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (or `make test`)")
    reader.goto(site_url + path)
    reader.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated, not a script tag: the site's CSP blocks inline ones
    run = "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    for audience in ("clinician", "patient"):
        reader.get_by_role("button", name=audience.capitalize()).click()
        reader.get_by_role("button", name=audience.capitalize()).blur()
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in reader.evaluate(run)["violations"]]
        assert violations == [], (audience, violations)
