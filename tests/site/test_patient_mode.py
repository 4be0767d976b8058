"""Patient mode in Debian Chromium: "When to get help" opens the page, and no page shows clinician-only text.

The DVT page is the case issue #12 reported: its red-flag box told a patient to "arrange a proximal leg vein ultrasound
scan". The home page is where a patient with leg cramps arrives.

What a patient sees on every page, at phone and desktop widths, is listed (the text of every rendered node of the
article) and checked against the content: the patient wording is there, and no clinician-only text is. Clinician-only
text is every block marked for clinicians (``data-audience="clinician"``) and every clinical field of the content
(a cause's mechanism, features, work-up and management; a topic page's sections; an instrument's interpretation, next
steps and evidence; a measure's evidence), which patients find only by opening a "Clinical details (for health
professionals)" disclosure, closed in patient mode. The calculator's own block (``.lc-calculator``) is left to the
calculator's tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devtools.waits import wait_until
from generator.content import load_content
from generator.kinds import TOPIC_KINDS
from generator.model import Content, InstrumentPage, PreventionPage, RlsPage, Section, TopicPage
from generator.richtext import plain_text
from tests.conftest import REAL_CONTENT, REPO_ROOT
from tests.site.test_accessibility import (
    assert_no_violations,
    axe_script,
    axe_violations,
    hold,
    one_page_of_each_kind,
    page_paths,
)

pytestmark = pytest.mark.browser

CONTENT = load_content(REAL_CONTENT, REPO_ROOT)
DVT = next(cause for cause in CONTENT.causes if cause.id == "deep-vein-thrombosis")
WIDTHS = {"phone": 360, "desktop": 1280}
DISCLOSURE_LABEL = "Clinical details (for health professionals)"

# The article's first block a reader sees, skipping the title, its everyday name, the language switch and its note
# (and Material's edit button): the tag and class of each visible child of the article, in order.
VISIBLE_BLOCKS = """() => [...document.querySelector('article').children]
  .filter(el => el.getClientRects().length > 0)
  .filter(el => !el.matches('h1, .lc-plain-name, [data-lc-audience-switch], .lc-audience-note, .md-content__button'))
  .map(el => el.className || el.tagName.toLowerCase())"""
# Blocks marked for clinicians that are rendered (outside the calculator, whose form is the calculator's business).
VISIBLE_CLINICIAN_ONLY = """() => [...document.querySelectorAll('article [data-audience="clinician"]')]
  .filter(el => !el.closest('.lc-calculator') && el.checkVisibility())
  .map(el => el.textContent.trim().slice(0, 60))"""
# Everything a reader sees of the article, as one string: the text of every node that is rendered (checkVisibility is
# false inside a closed <details>, a display:none block or a hidden span), the calculator's block left out.
SHOWN_TEXT = """() => {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent.closest('.lc-calculator') || !parent.checkVisibility()) continue;
    parts.push(walker.currentNode.textContent);
  }
  return parts.join('').split(/\\s+/).join(' ');
}"""
# Each clinical-details disclosure: whether it is open, and its label as shown.
DISCLOSURES = """() => [...document.querySelectorAll('article details[data-lc-clinical-details]')]
  .map(el => ({open: el.open, label: el.querySelector('summary').checkVisibility()
    ? el.querySelector('summary').textContent.trim() : ''}))"""


def opening(text: str) -> str:
    """The first words of a rich-text field as a reader sees them: up to its first citation or link (pages number
    citations and name linked causes), at most 60 characters; empty when that is too short to be telling."""
    words = " ".join(re.split(r"\[[@\[]", text, maxsplit=1)[0].split())[:60]
    return words if len(words) >= 20 else ""


def section_texts(section: Section) -> list[str]:
    table = section.table
    cells = [cell for row in table.rows for cell in row] if table else []
    return [*section.paragraphs, *section.items, *section.after, *cells]


def page_texts(content: Content) -> dict[str, tuple[list[str], list[str]]]:
    """For each page path: (its clinician-only texts, its patient wording), from the content that built it."""
    pages: dict[str, tuple[list[str], list[str]]] = {}
    for cause in content.causes:
        clinical = [cause.summary, cause.mechanism, *cause.features, *cause.distinguishing, *cause.workup]
        clinical += [*cause.management, *(flag.text for flag in cause.red_flags)]
        patient = [cause.plain_name, cause.plain_summary, *(flag.patient.text for flag in cause.red_flags)]
        pages[f"causes/{cause.id}/"] = (clinical, [*patient, *cause.self_care])
    topics: list[tuple[str, TopicPage]] = [
        (kind.page_path().removesuffix(".md") + "/", content.topics[kind.name]) for kind in TOPIC_KINDS
    ]
    for path, topic in [*topics, ("calculator/", content.calculator_page)]:
        clinical = [topic.summary, *(text for section in topic.sections for text in section_texts(section))]
        patient = [topic.plain_summary]
        patient += [
            text for s in topic.sections if s.worded_for_patients for text in (*s.patient.paragraphs, *s.patient.items)
        ]
        if isinstance(topic, RlsPage):
            clinical += [text for c in topic.criteria for text in (c.text,)]
            clinical += [text for m in topic.mimics for text in (m.features, m.telling_apart)]
            patient += [c.patient for c in topic.criteria] + [m.patient.text for m in topic.mimics]
        if isinstance(topic, PreventionPage):
            clinical += [text for m in topic.measures for text in (m.evidence, m.practical or "")]
            patient += [m.patient for m in topic.measures]
        pages[path] = (clinical, patient)
    for instrument in content.instruments:
        pages[f"instruments/{instrument.id}/"] = instrument_texts(instrument)
    pages[""] = ([], [item.text for item in content.site.when_to_get_help] + list(content.site.self_care))
    return pages


def instrument_texts(page: InstrumentPage) -> tuple[list[str], list[str]]:
    clinical = [page.summary, *page.when_to_use, *page.how_to, *page.interpretation, *page.next_steps]
    clinical += [*page.evidence, *page.pitfalls, *(example.story or "" for example in page.examples)]
    return clinical, [page.plain_summary, *page.patient.interpretation, *page.patient.next_steps]


PAGE_TEXTS = page_texts(CONTENT)


def choose_patient(page) -> None:
    page.get_by_role("button", name="Patient").click()
    wait_until(page, "document.documentElement.classList.contains('lc-audience-patient')")


def what_a_patient_sees(page, path: str) -> dict[str, list]:
    """The problems of one page in patient mode: clinician-only text shown, patient wording missing, a disclosure
    open or unlabelled. Empty when the page is as a patient should see it."""
    clinical, patient = PAGE_TEXTS.get(path, ([], []))
    shown = page.evaluate(SHOWN_TEXT)
    plain = " ".join(" ".join(text.split()) for text in patient)  # words both wordings share are not clinician-only
    problems = {
        "clinician blocks shown": page.evaluate(VISIBLE_CLINICIAN_ONLY),
        "clinical text shown": [
            words for words in map(opening, clinical) if words and words in shown and words not in plain
        ],
        "patient wording missing": [words for words in map(opening, patient) if words and words not in shown],
        "disclosures open or unlabelled": [
            disclosure
            for disclosure in page.evaluate(DISCLOSURES)
            if disclosure["open"] or not disclosure["label"].startswith(DISCLOSURE_LABEL)
        ],
    }
    return {name: found for name, found in problems.items() if found}


def check_every_page(
    chromium, site_url: str, site: Path, width: int, scheme: str = "light", *, text: bool = True, axe: bool = False
) -> tuple[list[str], dict[str, dict], dict[str, list[dict]]]:
    """Visit every page of ``site`` in patient mode at ``width`` px in the ``scheme`` a reader's system chooses
    (Material's palette toggle starts on "system"): the pages visited, the patient-wording problems of each (``text``)
    and axe's WCAG 2.1 A/AA violations on each (``axe``). One visit serves both checks; the Python runtime and the
    search index, which neither check reads, are held back."""
    context = chromium.new_context(
        viewport={"width": width, "height": 800}, color_scheme=scheme, service_workers="block"
    )
    if axe:
        context.add_init_script(path=str(axe_script()))
    try:
        page = context.new_page()
        page.goto(site_url + "causes/deep-vein-thrombosis/")
        choose_patient(page)  # kept on the device: every page after this opens in patient mode
        hold(page, "**/assets/pyodide/*/pyodide.asm.wasm")
        hold(page, "**/search/search_index.json")
        paths = page_paths(site) if axe else [path for path in page_paths(site) if path != "404.html"]
        if scheme == "dark":
            paths = one_page_of_each_kind(site)
        problems, violations = {}, {}
        for path in paths:
            page.goto(site_url + path)
            wait_until(page, "document.documentElement.classList.contains('lc-audience-patient')")
            if text and path != "404.html":
                found = what_a_patient_sees(page, path)
                if found:
                    problems[path] = found
            if axe:
                violations[f"{path or '/'} at {width} px, {scheme}"] = axe_violations(page)
        return paths, problems, violations
    finally:
        context.close()


def test_no_page_shows_clinician_only_text_in_patient_mode_and_every_page_passes_axe_at_360px(
    chromium, site_url, built_site
):
    paths, problems, violations = check_every_page(chromium, site_url, built_site, WIDTHS["phone"], axe=True)
    assert len(paths) >= len(PAGE_TEXTS) and set(PAGE_TEXTS) <= set(paths), "every page with content was visited"
    assert problems == {}
    assert_no_violations(violations)


def test_no_page_shows_clinician_only_text_in_patient_mode_at_1280px(chromium, site_url, built_site):
    paths, problems, _ = check_every_page(chromium, site_url, built_site, WIDTHS["desktop"])
    assert set(PAGE_TEXTS) <= set(paths)
    assert problems == {}


def test_every_page_passes_axe_in_patient_mode_at_360px_dark(chromium, site_url, built_site):
    """Dark as a reader's system chooses it, on one page of each kind; the wording does not change with the palette,
    so only axe runs."""
    _, _, violations = check_every_page(chromium, site_url, built_site, WIDTHS["phone"], "dark", text=False, axe=True)
    assert_no_violations(violations)


def test_clinical_details_are_one_tap_away_for_a_patient_and_running_text_for_a_clinician(guarded, site_url):
    page = guarded.page
    page.goto(site_url + "causes/deep-vein-thrombosis/")
    mechanism = page.locator("article #mechanism")
    disclosure = page.locator("article details[data-lc-clinical-details]")
    assert mechanism.is_visible() and page.locator("article summary").is_hidden(), "no fold for clinicians"
    choose_patient(page)
    assert mechanism.is_hidden()
    page.get_by_text(DISCLOSURE_LABEL).click()
    assert mechanism.is_visible() and disclosure.evaluate("el => el.open")
    page.get_by_role("button", name="Clinician").click()
    assert mechanism.is_visible() and page.locator("article summary").is_hidden()
    assert guarded.errors == [] and guarded.blocked == []


def test_a_cause_page_names_the_cause_in_everyday_words_for_patients_only(guarded, site_url):
    page = guarded.page
    page.goto(site_url + "causes/deep-vein-thrombosis/")
    plain_name = page.locator("article .lc-plain-name")
    assert plain_name.is_hidden()
    choose_patient(page)
    assert plain_name.is_visible() and plain_name.inner_text() == DVT.plain_name
    assert page.evaluate("document.querySelector('article .lc-plain-name').previousElementSibling.tagName") == "H1"


@pytest.mark.parametrize(
    ("path", "heading"), [("causes/deep-vein-thrombosis/", "When to get help"), ("", "When to get help for leg cramps")]
)
def test_patient_mode_opens_with_when_to_get_help_and_shows_no_clinician_only_text(guarded, site_url, path, heading):
    page = guarded.page
    page.goto(site_url + path)
    assert page.locator("article #when-to-get-help").is_hidden(), "clinicians see their own text first"
    choose_patient(page)
    section = page.locator("article #when-to-get-help")
    assert section.is_visible() and section.inner_text().rstrip("¶").strip() == heading  # ¶: the permalink
    assert page.evaluate(VISIBLE_BLOCKS)[0] == "lc-get-help"
    assert page.evaluate(VISIBLE_CLINICIAN_ONLY) == []
    assert guarded.errors == [] and guarded.blocked == []


def test_the_dvt_pages_red_flag_box_is_replaced_by_the_patient_wording(guarded, site_url):
    page = guarded.page
    page.goto(site_url + "causes/deep-vein-thrombosis/")
    choose_patient(page)
    shown = page.locator("article").inner_text()
    assert page.locator("article #red-flags").is_hidden()
    for flag in DVT.red_flags:
        assert plain_text(flag.text)[:50] not in shown
    assert "arrange" not in shown.split("Mechanism")[0].lower(), "nothing before the clinical details tells to arrange"
    help_box = page.locator("article .lc-get-help")
    levels = help_box.locator(".admonition-title").all_inner_texts()
    assert levels == [CONTENT.site.help_levels["ambulance"], CONTENT.site.help_levels["today"]]
    assert "Do not drive yourself to hospital" in help_box.inner_text()
    page.get_by_role("button", name="Clinician").click()
    assert page.locator("article #red-flags").is_visible() and help_box.is_hidden()


@pytest.mark.parametrize(
    "path",
    [
        "causes/deep-vein-thrombosis/",
        "diagnostic-approach/",
        "restless-legs-and-mimics/",
        "prevention-and-treatment/",
        "instruments/wells-dvt/",
    ],
)
def test_without_javascript_the_clinical_text_of_every_section_shows(chromium, site_url, path):
    context = chromium.new_context(java_script_enabled=False, service_workers="block")
    try:
        page = context.new_page()
        page.goto(site_url + path)
        shown = " ".join(page.locator("article").inner_text().split())
        clinical, _ = PAGE_TEXTS[path]
        hidden = [words for words in map(opening, clinical) if words and words not in shown]
        assert hidden == []
    finally:
        context.close()
