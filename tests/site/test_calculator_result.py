"""The differential calculator's result as a reader meets it, on a 360 px phone and a 1280 px screen, in both
languages (issue 12, part 2, the result side): each cause once with its tier badges, the red flag said once, a summary
that stays in view on a phone, sources as formatted references, a copy for the notes, one printed page, and for
patients plain names and what to do next instead of scores.

Every result is read once the page marks it current for the answers in the address (devtools/waits.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from devtools.guard import block_other_hosts
from devtools.waits import AWAIT_READY, TIMEOUT_MS, wait_for_current_result, wait_until
from tests.site.test_accessibility import SCHEMES, assert_no_violations, axe_violations, in_scheme

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"360px": PHONE, "1280px": DESKTOP}
A4 = {"width": 794, "height": 1123}  # 210 mm x 297 mm at 96 px per inch
# A swollen calf on one side: deep vein thrombosis is most likely and a do-not-miss cause with red flags raised.
DVT = "#wells_calf_swelling_3cm=yes&wells_entire_leg_swollen=yes&laterality=unilateral&age=60"
DVT_NAME = "Deep vein thrombosis"
# Ordinary night cramps: nothing urgent, no cause that must not be missed.
BENIGN = "#nocturnal=yes&sudden_painful_contraction=yes&age=45&location=calf"
# Pain on walking: peripheral artery disease, a do-not-miss cause, without a red flag.
WALKING = "#exertional=yes&relief_standing_still=yes&age=68"
PATIENT = "localStorage.setItem('legcramps.audience', 'patient')"
VISIBLE = "(selector) => [...document.querySelectorAll(selector)].filter((node) => node.offsetParent !== null).length"


@pytest.fixture(scope="module")
def data(built_site: Path) -> dict:
    """What the page's calculator knows: data.json as the build wrote it."""
    return json.loads((built_site / "assets" / "calculator" / "data.json").read_text(encoding="utf-8"))


def open_result(page, site_url: str, fragment: str, viewport: dict = PHONE, patient: bool = False) -> None:
    page.set_viewport_size(viewport)
    if patient:
        page.add_init_script(PATIENT)
    page.goto(site_url + "calculator/" + fragment)
    page.evaluate(AWAIT_READY)
    wait_for_current_result(page)


def result_text(page) -> str:
    return page.locator("[data-lc-result-body]").inner_text()


def box(page, selector: str) -> dict:
    return page.evaluate(
        "(selector) => { const r = document.querySelector(selector).getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }",
        selector,
    )


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_cause_in_two_tiers_is_one_card_with_a_badge_for_each(page, site_url, viewport):
    open_result(page, site_url, DVT, viewport)
    cards = page.locator("[data-lc-result-body] .lc-cause[data-lc-cause=deep-vein-thrombosis]")
    assert cards.count() == 1
    badges = cards.locator("[data-lc-badge]").evaluate_all("(nodes) => nodes.map((node) => node.dataset.lcBadge)")
    assert badges == ["most_likely", "do_not_miss", "red_flag"]
    ids = page.locator("[data-lc-result-body] .lc-cause").evaluate_all("(nodes) => nodes.map((n) => n.dataset.lcCause)")
    assert len(ids) == len(set(ids)), ids
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_the_red_flag_is_said_once_in_its_card_and_the_banner_names_and_links_the_cause(page, site_url):
    open_result(page, site_url, DVT)
    flags = page.evaluate("async (answers) => (await window.legcramps.evaluate(answers)).most_likely.red_flags", {
        "wells_calf_swelling_3cm": True, "wells_entire_leg_swollen": True, "laterality": "unilateral", "age": 60,
    })  # fmt: skip
    assert len(flags) >= 2
    shown = result_text(page)
    assert {flag: shown.count(flag) for flag in flags} == dict.fromkeys(flags, 1)
    banner = page.locator(".lc-red-flag-banner")
    assert banner.get_attribute("role") == "alert"
    assert DVT_NAME in banner.inner_text() and not any(flag in banner.inner_text() for flag in flags)
    # The flagged cause is first among the cards, and the banner's link moves to it without touching the address.
    assert (
        page.locator("[data-lc-result-body] .lc-cause").first.get_attribute("data-lc-cause") == "deep-vein-thrombosis"
    )
    address = page.url
    banner.get_by_role("link", name=DVT_NAME).click()
    wait_until(page, "document.activeElement.id === 'lc-cause-deep-vein-thrombosis-name'")
    assert page.url == address


def test_findings_and_the_differentials_weights_are_never_run_together(page, site_url):
    open_result(page, site_url, DVT)
    reasons = page.locator(".lc-cause[data-lc-cause=deep-vein-thrombosis] .lc-reasons > li")
    assert reasons.count() >= 2
    for index in range(reasons.count()):
        finding = reasons.nth(index).locator(".lc-finding").inner_text()
        assert not re.search(r"\([+-]\d+\)$", finding), finding  # the weight is not in the finding's words
        assert re.fullmatch(r"[+\u2212]\d+", reasons.nth(index).locator(".lc-weight").inner_text())
    # The Wells points are the instrument's, under the instrument; the cards give the answers.
    wells = page.locator("[data-lc-instrument-result=wells_dvt]")
    assert "Wells score 2" in wells.locator(".lc-instrument-summary").inner_text()


def test_a_summary_stays_in_view_on_a_phone_after_the_first_answer_and_one_tap_moves_to_the_result(page, site_url):
    open_result(page, site_url, "")
    summary = page.locator("[data-lc-summary]")
    assert summary.is_hidden()
    page.locator("[data-lc-form] input[type=checkbox]:visible").first.check()
    wait_for_current_result(page)
    wait_until(page, "!document.querySelector('[data-lc-summary]').hidden")
    bar = box(page, "[data-lc-summary]")
    assert bar["bottom"] == pytest.approx(PHONE["height"], abs=1) and bar["top"] > PHONE["height"] / 2
    assert box(page, "[data-lc-result]")["top"] > PHONE["height"], "the result itself is out of view"
    edited = page.evaluate("document.activeElement.getBoundingClientRect().bottom")
    assert edited <= bar["top"], "the field just answered is not under the summary"
    assert page.locator("[data-lc-summary-text]").get_attribute("role") == "status"  # announced politely
    top = page.evaluate("document.querySelector('.lc-cause .lc-cause-name a').textContent")
    assert top in summary.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A field focused where the summary lies is moved above it, never left under it.
    hidden_field = page.evaluate("""() => {
      const bar = document.querySelector("[data-lc-summary]").getBoundingClientRect();
      const boxes = [...document.querySelectorAll("[data-lc-form] input[type=checkbox]")].filter((n) => n.offsetParent);
      const field = boxes.find((n) => n !== document.activeElement && n.getBoundingClientRect().top > 200);
      window.scrollBy(0, field.getBoundingClientRect().bottom - bar.top - 10);  // its bottom 10 px under the bar
      field.id = field.id || "lc-test-field";
      return field.id;
    }""")
    page.focus(f"#{hidden_field}")
    assert box(page, f"#{hidden_field}")["bottom"] <= box(page, "[data-lc-summary]")["top"]

    page.locator("[data-lc-jump-result]").click()
    wait_until(page, "document.activeElement.id === 'lc-result-title'")
    assert 0 <= box(page, "#lc-result-title")["top"] < PHONE["height"]
    wait_until(page, "document.querySelector('[data-lc-summary]').hidden")  # the result is in view: no summary


def test_on_an_instrument_page_the_summary_line_stays_in_view_after_the_last_input(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(site_url + "instruments/wells-dvt/")
    page.evaluate(AWAIT_READY)
    last = page.locator("[data-lc-form] input[type=checkbox]:visible").last
    last.evaluate("(box) => box.scrollIntoView({ block: 'end' })")  # at the foot of the screen, as a thumb leaves it
    last.check()  # the Wells rule's last criterion: an alternative diagnosis as likely (-2)
    wait_for_current_result(page)
    assert box(page, "[data-lc-result]")["top"] > PHONE["height"], "the result itself is out of view"
    wait_until(page, "!document.querySelector('[data-lc-summary]').hidden")
    bar = box(page, "[data-lc-summary]")
    assert bar["bottom"] == pytest.approx(PHONE["height"], abs=1)
    assert page.evaluate("document.activeElement.getBoundingClientRect().bottom") <= bar["top"]
    line = page.locator(".lc-instrument-summary").inner_text()
    assert line and page.locator("[data-lc-summary-text]").inner_text() == line
    page.locator("[data-lc-jump-result]").click()
    wait_until(page, "document.activeElement.id === 'lc-result-title'")
    wait_until(page, "document.querySelector('[data-lc-summary]').hidden")


def test_on_a_wide_screen_the_result_sits_beside_the_form_and_no_summary_covers_it(page, site_url):
    open_result(page, site_url, DVT, DESKTOP)
    assert page.locator("[data-lc-summary]").is_hidden()
    result = box(page, "[data-lc-result]")
    assert result["top"] < DESKTOP["height"] and result["left"] > DESKTOP["width"] / 3


def test_sources_are_the_formatted_references_linked_to_their_entries_and_their_doi(page, site_url, data):
    open_result(page, site_url, DVT)
    sources = page.locator("[data-lc-instrument-result=wells_dvt] .lc-instrument-sources li")
    first = sources.first
    assert first.locator("a[data-lc-ref]").inner_text() == data["references"]["wells-2003"]["text"]
    assert first.locator("a[data-lc-ref]").get_attribute("href") == site_url + "references/#ref-wells-2003"
    assert first.locator("a.lc-ref-link").first.get_attribute("href") == "https://doi.org/10.1056/NEJMoa023153"
    assert "wells-2003" not in result_text(page)


def notes_page(chromium, site_url: str, fragment: str, permissions: list[str]):
    context = chromium.new_context(permissions=permissions, viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    blocked: list[str] = []
    block_other_hosts(context, blocked)
    page = context.new_page()
    page.goto(site_url + "calculator/" + fragment)
    page.evaluate(AWAIT_READY)
    wait_for_current_result(page)
    return context, page, blocked


def assert_notes(notes: str, site_url: str, data: dict) -> None:
    assert "Calf swelling more than 3 cm compared with the other leg" in notes and ": Yes" in notes  # the answers
    assert re.search(r"^- Age: 60 years$", notes, re.MULTILINE), notes  # as the form shows it, with its unit
    assert "Wells score for deep vein thrombosis" in notes and "Wells score 2: DVT likely (2003 rule)" in notes
    assert f"1. {DVT_NAME} [Single most likely, Do not miss, Red flag present]" in notes
    assert "Swelling of the entire leg is a Wells criterion for DVT" in notes  # the red flag
    assert data["references"]["wells-2003"]["text"] in notes
    assert "Decision support, not a diagnosis" in notes
    assert notes.rstrip().endswith(site_url + "calculator/"), "the address, without the answers"
    assert "wells_calf_swelling_3cm" not in notes


def test_copy_for_the_notes_puts_answers_instruments_differential_and_disclaimer_on_the_clipboard(
    chromium, site_url, data
):
    context, page, blocked = notes_page(chromium, site_url, DVT, ["clipboard-read", "clipboard-write"])
    try:
        page.get_by_role("button", name=data["result_text"]["copy_notes"]).click()
        wait_until(page, "(said) => document.querySelector('[data-lc-copy-status]').textContent === said",
                   data["result_text"]["copied"])  # fmt: skip
        assert_notes(page.evaluate("navigator.clipboard.readText()"), site_url, data)
        assert page.locator("[data-lc-copy-fallback]").is_hidden()
        assert blocked == []
    finally:
        context.close()


def test_without_the_clipboard_the_notes_are_selected_in_a_box_and_the_page_says_so(chromium, site_url, data):
    context, page, _ = notes_page(chromium, site_url, DVT, [])
    try:
        page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true})")
        page.get_by_role("button", name=data["result_text"]["copy_notes"]).click()
        fallback = page.locator("[data-lc-copy-fallback]")
        fallback.wait_for(state="visible")
        assert page.locator("[data-lc-copy-status]").inner_text() == data["result_text"]["copy_fallback"]
        selected = page.evaluate("(() => { const box = document.activeElement; "
                                 "return box.value.slice(box.selectionStart, box.selectionEnd); })()")  # fmt: skip
        assert selected == fallback.input_value()
        assert_notes(selected, site_url, data)
    finally:
        context.close()


def test_printing_shows_the_answers_the_result_and_the_disclaimer_on_one_page(page, site_url, tmp_path):
    open_result(page, site_url, BENIGN, A4)
    page.emulate_media(media="print")
    for hidden in ("#how-it-ranks", "#limits", "#references", ".md-sidebar--primary", "[data-lc-summary]"):
        assert page.evaluate(VISIBLE, hidden) == 0, hidden
    assert page.get_by_label("Brought on by walking or exercise").is_hidden(), "unanswered questions are left out"
    assert (
        page.locator("#lc-age").is_visible() and page.get_by_label("Comes on at night or at rest in bed").is_visible()
    )
    assert page.locator("#lc-potassium").is_hidden(), "an empty number field is left out too"
    assert page.locator("[data-lc-result-body] .lc-cause").first.is_visible()
    # The disclaimer: the page's box above the calculator and the result's notes.
    assert "Decision support, not a diagnosis" in page.locator("article > .admonition.warning").last.inner_text()
    assert page.locator(".lc-notes").inner_text().startswith("Decision support, not a diagnosis")
    assert page.locator("[data-lc-copy]").is_hidden()
    pdf = tmp_path / "calculator.pdf"
    page.pdf(path=pdf, format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages == 1, f"the printed calculator takes {pages} A4 pages"


@pytest.mark.parametrize("patient", [False, True], ids=["clinician", "patient"])
def test_a_long_record_a_red_flag_with_its_instrument_and_sources_still_prints_on_one_page(
    page, site_url, tmp_path, patient
):
    open_result(page, site_url, DVT, A4, patient=patient)
    page.emulate_media(media="print")
    if not patient:
        assert page.locator("[data-lc-instrument-result=wells_dvt] .lc-sources-list li").count() >= 2
    pdf = tmp_path / "dvt.pdf"
    page.pdf(path=pdf, format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages == 1, f"the printed DVT record takes {pages} A4 pages"


def test_a_patient_sees_plain_names_and_the_help_level_for_a_red_flag_not_scores_weights_or_points(
    page, site_url, data
):
    open_result(page, site_url, DVT, patient=True)
    for clinical in (".lc-score", ".lc-weight", ".lc-instruments", ".lc-notes", ".lc-red-flag-banner", ".lc-reasons"):
        assert page.evaluate(VISIBLE, clinical) == 0, clinical
    shown = result_text(page)
    assert not re.search(r"score \d|\d points?\b|[+\u2212]\d", shown, re.IGNORECASE), shown
    dvt = next(cause for cause in data["causes"] if cause["id"] == "deep-vein-thrombosis")
    guidance = page.locator(".lc-patient-guidance")
    assert guidance.get_attribute("data-lc-advice") == "red_flag"
    assert guidance.locator("[data-lc-help-level=today] h3").inner_text() == data["help_levels"]["today"]
    assert dvt["red_flags"][1]["patient"]["text"] in guidance.inner_text()
    assert data["result_text"]["patient_next_step"] not in shown
    assert (
        page.locator(".lc-cause[data-lc-cause=deep-vein-thrombosis] .lc-cause-name").inner_text() == dvt["plain_name"]
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_patient_with_ordinary_night_cramps_is_told_what_to_do_next_with_its_source(page, site_url, data, viewport):
    open_result(page, site_url, BENIGN, viewport, patient=True)
    assert page.evaluate("async () => (await window.legcramps.evaluate({nocturnal: true})).do_not_miss.length") == 0
    step = page.locator("[data-lc-next-step=patient_next_step]")
    assert step.inner_text() == data["result_text"]["patient_next_step"]
    assert page.locator(".lc-patient-guidance a[data-lc-ref=nhs-leg-cramps]").is_visible()


def test_a_patient_is_not_reassured_when_a_cause_that_must_not_be_missed_is_listed(page, site_url, data):
    open_result(page, site_url, WALKING, patient=True)
    assert page.locator(".lc-patient-guidance").get_attribute("data-lc-advice") == "see_doctor"
    shown = result_text(page)
    assert data["result_text"]["patient_see_doctor"] in shown
    assert data["result_text"]["patient_next_step"] not in shown


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_result_has_no_wcag_violation_in_either_palette_or_language(guarded, site_url, scheme):
    page = guarded.page
    in_scheme(page, scheme)
    open_result(page, site_url, DVT)
    wait_until(page, "!document.querySelector('[data-lc-summary]').hidden")
    found = {f"clinician ({scheme})": axe_violations(page)}
    page.locator("[data-lc-audience-choice=patient]").click()
    found[f"patient ({scheme})"] = axe_violations(page)
    assert_no_violations(found)
    assert set(urlsplit(page.url).fragment.split("&")) == set(DVT[1:].split("&")), "the answers stay in the address"
