"""The calculator's questions on a phone and on a desktop, in Debian Chromium (issue 12, part 2, the form side).

The differential calculator's questions fold in groups: the first open, the others folded until the reader opens one,
the address holds one of their answers or one of their answers is in error; each summary counts what is answered,
and folding never loses an answer. Instrument pages show points as a badge beside the question. Labs reported both
ways take either unit, and the calculator (and the address) always get the canonical one. A field's error names its
label, never a finding id. Patient language shows every question in plain words.
"""

from __future__ import annotations

import re

import pytest
import yaml

from devtools.waits import AWAIT_READY, wait_for_current_result, wait_until
from tests.conftest import REAL_CONTENT
from tests.site.calculator_helpers import address_answers, field

pytestmark = pytest.mark.browser

FINDINGS = yaml.safe_load((REAL_CONTENT / "findings.yaml").read_text(encoding="utf-8"))
ASKED = [finding for finding in FINDINGS["findings"] if not finding.get("derived")]
GROUPS = [group["id"] for group in FINDINGS["groups"]]
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}

# Each group's open state and its summary's count, in form order.
GROUP_STATES = """() => Object.fromEntries([...document.querySelectorAll("details[data-lc-group]")].map((group) =>
  [group.id.replace("group-", ""), [group.open, group.querySelector("[data-lc-group-count]").textContent]]))"""
# The visible text of the calculator (form and result), as a reader sees it.
CALCULATOR_TEXT = "() => document.querySelector('[data-lc-calculator]').innerText"
# The clinical wording the form shows (a label, a group name, help for clinicians).
VISIBLE_CLINICAL_WORDING = """() => [...document.querySelectorAll("[data-lc-form] [data-audience=clinician]")]
  .filter((node) => node.getClientRects().length > 0).map((node) => node.textContent)"""


def open_calculator(page, site_url: str, size: str = "phone", fragment: str = "") -> None:
    page.set_viewport_size(SIZES[size])
    page.goto(site_url + "calculator/" + fragment)
    page.evaluate(AWAIT_READY)
    wait_for_current_result(page)


def groups(page) -> dict[str, list]:
    return page.evaluate(GROUP_STATES)


def summary(page, group: str):
    return page.locator(f"#group-{group} > summary")


def choose_patient(page) -> None:
    page.get_by_role("button", name="Patient").click()
    wait_until(page, "document.documentElement.classList.contains('lc-audience-patient')")


# ------------------------------------------------------------------------------------------ folding groups --------
@pytest.mark.parametrize("size", SIZES)
def test_the_first_group_is_open_and_every_other_folded_with_its_questions_counted(page, site_url, size):
    open_calculator(page, site_url, size)
    states = groups(page)
    assert list(states) == GROUPS
    assert [group for group, (is_open, _) in states.items() if is_open] == [GROUPS[0]]
    for group, (_, count) in states.items():
        questions = sum(1 for finding in ASKED if finding["group"] == group)
        assert count == f"0 of {questions} answered", group
    assert page.locator("#lc-age").is_visible()
    assert page.get_by_label("Brought on by walking or exercise").is_hidden()


@pytest.mark.parametrize("size", SIZES)
def test_folding_a_group_keeps_its_answers_in_the_form_the_address_and_the_count(page, site_url, size):
    open_calculator(page, site_url, size)
    summary(page, "triggers").click()
    page.get_by_label("Comes on at night or at rest in bed").check()
    page.locator("#lc-age").fill("40")
    wait_for_current_result(page)
    assert groups(page)["triggers"] == [True, "1 of 8 answered"]
    assert groups(page)["presentation"][1] == "1 of 8 answered"
    result = page.locator("[data-lc-result-body]").inner_text()

    summary(page, "triggers").click()
    summary(page, "presentation").click()
    assert not any(is_open for is_open, _ in groups(page).values())
    assert page.get_by_label("Comes on at night or at rest in bed").is_checked()
    assert address_answers(page) == {"nocturnal=yes", "age=40"}
    wait_for_current_result(page)
    assert page.locator("[data-lc-result-body]").inner_text() == result
    assert groups(page)["triggers"] == [False, "1 of 8 answered"]


def test_answers_from_the_address_open_their_groups_and_are_counted(page, site_url):
    open_calculator(page, site_url, fragment="#wells_active_cancer=yes&abi_dp_left=80&abi_brachial_left=120")
    states = groups(page)
    assert states["wells"] == [True, "1 of 10 answered"]
    assert states["abi"] == [True, "2 of 6 answered"]
    assert [group for group, (is_open, _) in states.items() if is_open] == ["presentation", "abi", "wells"]
    assert page.locator("#lc-abi_dp_left").is_visible() and page.locator("#lc-abi_dp_left").input_value() == "80"


def test_an_error_in_a_folded_group_opens_it(page, site_url):
    open_calculator(page, site_url)
    assert groups(page)["labs"][0] is False
    # A value arriving while the group is folded (a form filler, a script): its error must not stay out of sight.
    page.evaluate(
        """() => { const input = document.querySelector("#lc-potassium"); input.value = "abc";
                   input.dispatchEvent(new Event("input", {bubbles: true})); }"""
    )
    wait_for_current_result(page)
    assert groups(page)["labs"][0] is True
    assert page.locator("#lc-potassium-error").is_visible()


def test_keyboard_opens_a_group_moves_to_the_next_and_opens_them_all(page, site_url):
    open_calculator(page, site_url)
    summary(page, "triggers").focus()
    page.keyboard.press("Enter")
    assert groups(page)["triggers"][0] is True
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "nocturnal"
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"nocturnal=yes"))

    next_button = page.locator("[data-lc-next-group='group-history']")
    next_button.focus()
    page.keyboard.press("Enter")
    assert groups(page)["history"][0] is True
    assert page.evaluate("document.activeElement.closest('details').id") == "group-history"
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"

    toggle = page.locator("[data-lc-open-all]")
    assert toggle.inner_text() == "Open all groups"
    toggle.focus()
    page.keyboard.press("Enter")  # the control says its new state in the same handler that opens the groups
    assert all(is_open for is_open, _ in groups(page).values())
    assert toggle.inner_text() == "Fold all groups" and toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")
    assert not any(is_open for is_open, _ in groups(page).values())
    assert toggle.inner_text() == "Open all groups" and toggle.get_attribute("aria-expanded") == "false"
    assert page.get_by_label("Comes on at night or at rest in bed").is_checked()


def test_the_questions_never_widen_a_360px_page_even_all_open(page, site_url):
    open_calculator(page, site_url)
    page.locator("[data-lc-open-all]").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.lc-form *')]"
        ".filter((node) => !node.closest('.lc-visually-hidden')).map((node) => node.getBoundingClientRect().right))"
    )  # text for screen readers only is clipped to 1 px: it widens nothing
    assert widest <= 360


# ------------------------------------------------------------------------------------------------ units ----------
@pytest.mark.parametrize(
    ("finding", "unit", "typed", "sent"),
    [("calcium", "mg/dL", "9.2", "2.295"), ("magnesium", "mg/dL", "2", "0.823"), ("albumin", "g/dL", "3.5", "35")],
)
def test_a_lab_typed_in_its_other_unit_reaches_the_calculator_in_the_canonical_unit(
    page, site_url, finding, unit, typed, sent
):
    open_calculator(page, site_url)
    summary(page, "labs").click()
    page.locator(f"#lc-{finding}-unit").select_option(label=unit)
    assert page.locator(f"label[for=lc-{finding}]").inner_text().endswith(f"({unit})")
    page.locator(f"#lc-{finding}").fill(typed)
    wait_for_current_result(page)
    assert address_answers(page) == {f"{finding}={sent}"}
    assert page.locator(f"#lc-{finding}-error").is_hidden()
    assert page.locator(f"#lc-{finding}").input_value() == typed  # the reader's number stays as typed
    # Clearing every answer puts the selector back to the canonical unit, and the label follows it.
    page.locator("[data-lc-reset]").click()
    canonical = next(item["unit"] for item in ASKED if item["id"] == finding)
    shows = "([label, unit]) => document.querySelector(label).innerText.endsWith(`(${unit})`)"
    wait_until(page, shows, [f"label[for=lc-{finding}]", canonical], timeout_s=10)
    assert page.locator(f"#lc-{finding}-unit").input_value() == "1"


def test_an_out_of_range_lab_names_the_range_in_the_unit_chosen(page, site_url):
    open_calculator(page, site_url)
    summary(page, "labs").click()
    page.locator("#lc-calcium-unit").select_option(label="mg/dL")
    page.locator("#lc-calcium").fill("30")
    wait_for_current_result(page)
    error = page.locator("#lc-calcium-error")
    assert error.inner_text() == "Serum calcium (total): enter a number from 2.004 to 20.04 mg/dL."
    # The same number read as mmol/L is out of range too, and the message follows the unit.
    page.locator("#lc-calcium-unit").select_option(label="mmol/L")
    wait_for_current_result(page)
    assert error.inner_text() == "Serum calcium (total): enter a number from 0.5 to 5 mmol/L."
    assert address_answers(page) == {"calcium=30"}


def test_a_lab_from_the_address_is_shown_in_the_canonical_unit(page, site_url):
    open_calculator(page, site_url, fragment="#calcium=2.4")
    assert page.locator("#lc-calcium-unit").input_value() == "1"
    assert page.locator("label[for=lc-calcium]").inner_text().endswith("(mmol/L)")
    assert page.locator("#lc-calcium").input_value() == "2.4"


# ------------------------------------------------------------------------------------- errors by label ----------
BAD_ANSWERS = "#age=abc&laterality=sideways&location=calf,knee&nocturnal=maybe&abi_dp_left=999&rls_urge_to_move=perhaps"


@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_errors_name_the_question_never_a_finding_id(page, site_url, audience):
    open_calculator(page, site_url, fragment=BAD_ANSWERS)
    if audience == "patient":
        choose_patient(page)
    errors = page.locator(".lc-error:not([hidden])")
    wording = "plain_label" if audience == "patient" else "label"
    by_id = {finding["id"]: finding for finding in ASKED}
    shown = {}
    for bad in ("age", "laterality", "location", "nocturnal", "abi_dp_left", "rls_urge_to_move"):
        box = page.locator(f"#lc-{bad}-error")
        assert box.is_visible(), bad
        shown[bad] = box.inner_text()
        assert shown[bad].startswith(by_id[bad][wording] + ": "), shown[bad]
    assert errors.count() == len(shown)
    assert shown["age"].endswith("enter a number from 0 to 120 years.")
    assert shown["abi_dp_left"].endswith("enter a number from 0 to 300 mmHg.")
    visible = page.evaluate(CALCULATOR_TEXT)
    # Snake-case ids cannot be mistaken for words; one-word ids (age, calcium) are words the labels use too.
    internal = [finding["id"] for finding in FINDINGS["findings"] if "_" in finding["id"]]
    assert [fid for fid in internal if fid in visible] == []
    assert not re.search(r"^(age|laterality|location|nocturnal):", visible, re.MULTILINE)


# ------------------------------------------------------------------------------------------ patient words -------
@pytest.mark.parametrize("size", SIZES)
def test_patient_language_shows_every_question_and_group_in_plain_words(page, site_url, size):
    open_calculator(page, site_url, size)
    choose_patient(page)
    page.locator("[data-lc-open-all]").click()
    form_text = page.locator("[data-lc-form]").inner_text()
    for finding in ASKED:
        assert finding["plain_label"] in form_text, finding["id"]
    assert page.evaluate(VISIBLE_CLINICAL_WORDING) == []
    for group in FINDINGS["groups"]:
        assert summary(page, group["id"]).inner_text().startswith(group["plain_label"])
    # Help written for clinicians only is hidden; plain help shows.
    assert "Doppler" not in form_text
    assert "Enter 0 if no pulse was heard there." in form_text
    # The accessible name is the plain question.
    assert page.get_by_label("Cramps that come at night or while you rest in bed").count() == 1


def test_clinician_language_shows_the_clinical_labels(page, site_url):
    open_calculator(page, site_url)
    page.locator("[data-lc-open-all]").click()
    form_text = page.locator("[data-lc-form]").inner_text()
    for finding in ASKED:
        assert finding["label"].split("\n")[0][:40] in form_text, finding["id"]
    assert "Cramps that come at night or while you rest in bed" not in form_text


# -------------------------------------------------------------------------------------------------- points ------
def test_an_instruments_points_are_a_badge_beside_the_question_and_part_of_its_name(page, site_url):
    page.set_viewport_size(SIZES["phone"])
    page.goto(site_url + "instruments/wells-dvt/")
    cancer = field(page, "wells_active_cancer")
    badge = cancer.locator(".lc-points")
    assert badge.is_visible() and badge.inner_text() == "+1"
    words = cancer.locator("[data-audience=clinician]")
    assert words.inner_text() == "Active cancer (treatment ongoing, within 6 months, or palliative)"  # no points in it
    assert page.get_by_role("checkbox", name=re.compile(r"^Active cancer.*\(\+1 point\)$")).count() == 1
    alternative = field(page, "wells_alternative_diagnosis_as_likely").locator(".lc-points")
    assert alternative.inner_text() == "\u22122"
    assert page.get_by_role("checkbox", name=re.compile(r"\(\u22122 points\)$")).count() == 1
    # The badge sits beside the words, on the same line or the next, never over them.
    text, box = words.bounding_box(), badge.bounding_box()
    assert box["y"] >= text["y"] - 1 and box["x"] + box["width"] <= 360


def test_every_group_summary_and_button_is_a_44_px_target_on_a_touch_screen(chromium, site_url):
    context = chromium.new_context(service_workers="block", viewport=SIZES["phone"], has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site_url + "calculator/")
        page.locator("[data-lc-open-all]").tap()
        heights = page.evaluate(
            """() => [...document.querySelectorAll(
                 "details[data-lc-group] > summary, [data-lc-open-all], [data-lc-next-group], .lc-unit")]
               .map((node) => [node.textContent.trim().slice(0, 30), node.getBoundingClientRect().height])"""
        )
        assert len(heights) == 2 * len(GROUPS) + 3  # summaries, "Next" but on the last, "Open all", three units
        assert [(name, height) for name, height in heights if height < 44] == []
    finally:
        context.close()
