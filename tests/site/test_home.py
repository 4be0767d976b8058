"""The home page as a way in (issue 12, item 6), in Debian Chromium on a 360 x 740 phone and a 1280 px screen, in both
audiences and both palettes: the entry points (the patient path, the calculator, the four tiers, the topics, all
causes) are in the first screen, each goes where it says, the patient path ends in patient words at "When to get
help", and the page cites only what it says itself, so its reference list is short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from devtools.guard import block_other_hosts
from devtools.waits import TIMEOUT_MS, wait_until
from generator.addresses import CALCULATOR_PAGE, CAUSES_INDEX, page_url
from generator.content import load_content
from generator.kinds import TOPIC_KINDS
from generator.model import TIERS
from generator.richtext import cited_ids
from tests.conftest import REAL_CONTENT, REPO_ROOT
from tests.site.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

CONTENT = load_content(REAL_CONTENT, REPO_ROOT)
SITE = CONTENT.site
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
SCHEMES = {"default": "light", "slate": "dark"}  # Material's palette scheme, and the system preference that picks it
TOUCH_TARGET = 44
ENTRY = "article .lc-home-entry a.lc-entry >> visible=true"
# What each entry point is called and where it goes (a URL path below the site, or an anchor of the home page).
ENTRIES = {
    "I have leg cramps": "#when-to-get-help",
    "Differential calculator": page_url(CALCULATOR_PAGE),
    **{SITE.tiers[tier].title: "#" + tier.replace("_", "-") for tier in TIERS if CONTENT.causes_in_tier(tier)},
    **{kind.topic.link_text: page_url(kind.page_path()) for kind in TOPIC_KINDS},
    "All causes": page_url(CAUSES_INDEX),
}
CARDS = "article .lc-home-entry a.lc-entry"
VISIBLE_ENTRIES = """(selector) => [...document.querySelectorAll(selector)].filter(a => a.getClientRects().length)
  .map(a => { const box = a.getBoundingClientRect();
    return {text: a.textContent.trim(), href: a.href, top: box.top, bottom: box.bottom,
            left: box.left, right: box.right, height: box.height}; })"""
VISIBLE_CLINICIAN_ONLY = """() => [...document.querySelectorAll('article [data-audience="clinician"]')]
  .filter(el => el.getClientRects().length > 0).map(el => el.textContent.trim().slice(0, 60))"""


@pytest.fixture
def open_home(chromium, site_url) -> Iterator:
    """Open the home page in a new context: ``open_home(viewport, scheme, audience)``; checks nothing left the host."""
    contexts, blocked, errors = [], [], []

    def opener(viewport: dict, scheme: str = "default", audience: str | None = None, javascript: bool = True):
        context = chromium.new_context(
            viewport=viewport, service_workers="block", java_script_enabled=javascript, has_touch=viewport is PHONE
        )
        context.set_default_timeout(TIMEOUT_MS)
        block_other_hosts(context, blocked)
        contexts.append(context)
        if audience:
            context.add_init_script(f"localStorage.setItem('legcramps.audience', '{audience}')")
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.emulate_media(color_scheme=SCHEMES[scheme])
        page.goto(site_url)
        if javascript:
            wait_until(page, "document.documentElement.classList.length > 0")  # audience.mjs has applied the choice
            assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
        return page

    yield opener
    for context in contexts:
        context.close()
    assert blocked == [] and errors == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("audience", ["clinician", "patient"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_every_entry_point_is_in_the_first_screen_and_fits_it(open_home, site_url, viewport, scheme, audience):
    page = open_home(viewport, scheme, audience)
    assert page.evaluate(f"document.documentElement.classList.contains('lc-audience-{audience}')")
    entries = page.evaluate(VISIBLE_ENTRIES, CARDS)
    assert {entry["text"]: entry["href"] for entry in entries} == {
        text: site_url + href for text, href in ENTRIES.items()
    }
    for entry in entries:
        assert entry["bottom"] <= viewport["height"], f"{entry['text']} is below the first screen"
        assert entry["left"] >= 0 and entry["right"] <= viewport["width"], f"{entry['text']} is wider than the screen"
        assert entry["height"] >= TOUCH_TARGET, f"{entry['text']} is a smaller target than {TOUCH_TARGET} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.evaluate(VISIBLE_CLINICIAN_ONLY) == [] or audience == "clinician"


def test_in_patient_mode_when_to_get_help_stays_the_first_block_and_opens_with_the_entry_points(open_home):
    page = open_home(PHONE, audience="patient")
    first = page.evaluate("""() => [...document.querySelector('article').children]
      .filter(el => el.getClientRects().length > 0)
      .filter(el => !el.matches('h1, [data-lc-audience-switch], .lc-audience-note, .md-content__button'))[0]
      .className""")
    assert first == "lc-get-help"
    assert page.locator("article .lc-get-help .lc-home-entry").is_visible()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_patient_path_ends_in_patient_words_at_when_to_get_help(open_home, scheme):
    page = open_home(PHONE, scheme, audience="clinician")
    assert page.locator("article #when-to-get-help").is_hidden()
    page.locator(ENTRY, has_text="I have leg cramps").click()
    wait_until(page, "document.documentElement.classList.contains('lc-audience-patient')")
    assert page.evaluate("localStorage.getItem('legcramps.audience')") == "patient"
    assert page.url.endswith("#when-to-get-help")
    heading = page.locator("article #when-to-get-help")
    assert heading.inner_text().rstrip("¶").strip() == "When to get help for leg cramps"
    wait_until(
        page,
        "(() => { const box = document.querySelector('#when-to-get-help').getBoundingClientRect();"
        " return box.top >= 0 && box.bottom <= innerHeight; })()",
    )
    assert page.evaluate(VISIBLE_CLINICIAN_ONLY) == []
    levels = page.locator("article .lc-get-help .admonition-title").all_inner_texts()
    assert levels == [SITE.help_levels[level] for level, _ in SITE.when_to_get_help_by_level()]
    assert page.get_by_role("button", name="Patient").get_attribute("aria-pressed") == "true"
    assert page.locator(ENTRY, has_text="I have leg cramps").first.get_attribute("aria-pressed") is None


def test_without_javascript_the_patient_path_still_reaches_when_to_get_help(open_home):
    page = open_home(PHONE, javascript=False)
    entries = page.evaluate(VISIBLE_ENTRIES, CARDS)
    assert [entry["text"] for entry in entries] == list(ENTRIES)  # one set of cards: the patient copy stays hidden
    page.locator(ENTRY, has_text="I have leg cramps").click()
    assert page.url.endswith("#when-to-get-help")
    help_box = page.locator("article .lc-get-help")
    assert help_box.is_visible() and "When to get help for leg cramps" in help_box.inner_text()


@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_each_entry_point_goes_where_it_says(open_home, site_url, audience):
    page = open_home(PHONE, audience=audience)
    for text, href in ENTRIES.items():
        page.goto(site_url)
        page.locator(ENTRY, has_text=re.compile(f"^{re.escape(text)}$")).click()
        if href.startswith("#"):
            page.wait_for_url(re.compile(re.escape(href) + "$"))
            target = page.locator(f"article {href}")
            assert target.is_visible(), text
            wait_until(page, f"document.querySelector('{href}').getBoundingClientRect().top < innerHeight")
        else:
            page.wait_for_url(site_url + href)
            assert page.locator("h1").first.is_visible(), text


def test_focus_on_an_entry_point_is_visible(open_home):
    page = open_home(PHONE)
    page.locator(ENTRY).first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert page.evaluate("document.activeElement.textContent.trim()") == "I have leg cramps"
    assert outline not in ("", "none")


def home_citations() -> set[str]:
    """What the home page says itself: the introduction, the disclaimer, the tiers, when to get help, self-care."""
    texts = [*SITE.intro, SITE.disclaimer, *(tier.text for tier in SITE.tiers.values()), *SITE.self_care]
    texts += [item.text for item in SITE.when_to_get_help]
    return {ref for text in texts for ref in cited_ids(text)} | set(SITE.references)


def test_the_reference_list_holds_only_what_the_home_page_says_itself(open_home, built_site):
    page = open_home(PHONE)
    listed = page.evaluate("() => [...document.querySelectorAll('article li span[id^=\"ref-\"]')].map(s => s.id)")
    assert {ref.removeprefix("ref-") for ref in listed} == home_citations()
    assert len(listed) <= 15
    cause_summary_refs = {ref for cause in CONTENT.causes for ref in cited_ids(cause.summary)} - home_citations()
    causes_index = (built_site / "causes" / "index.html").read_text(encoding="utf-8")
    assert all(f'id="ref-{ref}"' in causes_index for ref in cause_summary_refs), "the summaries moved, not vanished"


@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_the_home_page_is_a_few_screens_on_a_phone(open_home, audience):
    page = open_home(PHONE, audience=audience)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"home page height at 360 px, {audience}: {height} px")
    assert height <= 10_000  # issue 12: ~10,000 px before, 24,449 px by the time it was rebuilt (see the report)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_the_home_page_has_no_wcag_violation(open_home, scheme, audience):
    page = open_home(PHONE, scheme, audience)
    violations = axe_violations(page)
    assert [(violation["id"], [node["target"] for node in violation["nodes"]]) for violation in violations] == []
