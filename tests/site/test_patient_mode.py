"""Patient mode in Debian Chromium: "When to get help" opens the page, and no clinician-only text shows.

The DVT page is the case issue #12 reported: its red-flag box told a patient to "arrange a proximal leg vein ultrasound
scan". The home page is where a patient with leg cramps arrives.
"""

from __future__ import annotations

import pytest

from generator.content import load_content
from generator.richtext import plain_text
from tests.conftest import REAL_CONTENT, REPO_ROOT

pytestmark = pytest.mark.browser

CONTENT = load_content(REAL_CONTENT, REPO_ROOT)
DVT = next(cause for cause in CONTENT.causes if cause.id == "deep-vein-thrombosis")

# The article's first block a reader sees, skipping the title, the language switch and its note (and Material's edit
# button): the tag and class of each visible child of the article, in order.
VISIBLE_BLOCKS = """() => [...document.querySelector('article').children]
  .filter(el => el.getClientRects().length > 0)
  .filter(el => !el.matches('h1, [data-lc-audience-switch], .lc-audience-note, .md-content__button'))
  .map(el => el.className || el.tagName.toLowerCase())"""
VISIBLE_CLINICIAN_ONLY = """() => [...document.querySelectorAll('article [data-audience="clinician"]')]
  .filter(el => el.getClientRects().length > 0).map(el => el.textContent.trim().slice(0, 60))"""


def choose_patient(page) -> None:
    page.get_by_role("button", name="Patient").click()
    page.wait_for_function("document.documentElement.classList.contains('lc-audience-patient')")


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
