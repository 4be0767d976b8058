"""The differential calculator page, as a user meets it in Debian Chromium (every other host blocked).

The page contract (DESIGN.md, "Browser calculator"): the form is drawn from the findings vocabulary at build time,
a progress indicator shows while Pyodide loads, results update as answers change, answers live in the address
fragment (tests/site/test_privacy.py: never sent to the server), and ``window.legcramps`` is on every calculator page.
Every result is read once the page marks it current for the answers in the address (devtools/waits.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from devtools.waits import AWAIT_READY, RESULT_CURRENT, wait_for_current_result
from tests.conftest import REAL_CONTENT
from tests.site.calculator_helpers import (
    CLTI,
    INIT_NOTED,
    MOST_LIKELY,
    PAD,
    STATUS_HISTORY,
    address_answers,
    field,
    wait_for_most_likely,
)
from tests.site.conftest import serve_sitemap_for_this_origin

pytestmark = pytest.mark.browser


def finding_ids() -> list[str]:
    document = yaml.safe_load((REAL_CONTENT / "findings.yaml").read_text(encoding="utf-8"))
    return [finding["id"] for finding in document["findings"] if not finding.get("derived")]  # derived: not asked


def open_calculator(page, site_url: str, fragment: str = "") -> None:
    page.goto(site_url + "calculator/" + fragment)
    page.evaluate(AWAIT_READY)


def test_the_form_has_a_field_for_every_finding_before_any_script_runs(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "calculator/")
        assert page.evaluate("1 + 1") == 2  # Playwright's own evaluate works; the page's scripts do not run
        assert page.locator("[data-lc-mounted]").count() == 0
        missing = [finding for finding in finding_ids() if field(page, finding).count() != 1]
        assert missing == []
        assert field(page, "age").locator("input").is_visible()
    finally:
        context.close()


def test_a_progress_indicator_shows_while_loading_and_the_status_says_ready_after(page, site_url):
    page.add_init_script(STATUS_HISTORY)
    open_calculator(page, site_url)
    page.wait_for_function("document.querySelector('[data-lc-calculator]').dataset.lcReady === 'true'")
    history = page.evaluate("window.__lcStatus")
    loading = [entry for entry in history if entry["text"].startswith("Downloading the Python runtime")]
    assert loading, history
    assert all(entry["progressShown"] for entry in loading)
    assert max(entry["value"] for entry in loading) > 0
    # After the download, the stages that have no measure show a busy bar, never a full one.
    for stage in ("Starting Python", "Loading the calculator"):
        shown = [entry for entry in history if entry["text"].startswith(stage)]
        assert shown, (stage, history)
        assert not any(entry["measured"] for entry in shown), shown
    assert not any(entry["progressShown"] and entry["measured"] and entry["value"] >= 100 for entry in history)
    assert page.get_by_role("status").inner_text() == "Calculator ready."
    assert page.locator("[data-lc-progress]").is_hidden()


def test_a_presentation_filled_with_keyboard_and_mouse_ranks_pad_first_with_reasons(page, site_url):
    open_calculator(page, site_url)
    page.locator("#group-triggers > summary").click()  # the questions fold in groups: open the two needed
    page.locator("#group-examination > summary").click()
    page.get_by_label("Brought on by walking or exercise").click()
    page.get_by_label("Goes within about 10 minutes of stopping and standing still").click()
    page.get_by_label("Reduced or absent foot pulses").click()
    page.locator("#lc-age").click()
    page.keyboard.type("68")
    field(page, "location").get_by_label("Calf").focus()
    page.keyboard.press("Space")
    wait_for_most_likely(page, PAD)
    causes = page.locator("[data-lc-result-body] .lc-cause")
    assert causes.count() >= 2
    for index in range(causes.count()):
        reasons = causes.nth(index).locator(".lc-reasons li")
        assert reasons.count() >= 1, causes.nth(index).inner_text()
    # walking, relief on standing still and the pulses all count for PAD
    assert page.locator(".lc-cause[data-lc-tiers~=most_likely] .lc-reasons li").count() >= 3


def test_answers_live_in_the_url_and_survive_a_reload(page, site_url):
    open_calculator(page, site_url)
    page.locator("[data-lc-open-all]").click()
    page.get_by_label("Brought on by walking or exercise").check()
    page.get_by_label("Goes within about 10 minutes of stopping and standing still").check()
    page.locator("#lc-age").fill("68")
    field(page, "location").get_by_label("Calf").check()
    wait_for_most_likely(page, PAD)
    assert {"exertional=yes", "relief_standing_still=yes", "age=68", "location=calf"} <= address_answers(page)
    assert urlsplit(page.url).query == ""
    fragment = urlsplit(page.url).fragment
    result = page.locator("[data-lc-result-body]").inner_text()

    page.reload()
    page.evaluate(AWAIT_READY)
    wait_for_most_likely(page, PAD)
    assert page.get_by_label("Brought on by walking or exercise").is_checked()
    assert page.get_by_label("Goes within about 10 minutes of stopping and standing still").is_checked()
    assert field(page, "location").get_by_label("Calf").is_checked()
    assert page.locator("#lc-age").input_value() == "68"
    assert urlsplit(page.url).fragment == fragment
    assert page.locator("[data-lc-result-body]").inner_text() == result


def test_python_starts_only_after_the_first_paint_and_the_app_comes_with_the_page(page, site_url):
    # Issue 4: Pyodide must not delay the first paint. The worker is set to work (and so every runtime download, which
    # the worker makes: the page fetches no runtime file) after the first contentful paint; the app module itself is
    # preloaded with the page.
    page.add_init_script(INIT_NOTED)
    open_calculator(page, site_url)
    timings = page.evaluate(
        """() => {
          const entry = (part) => performance.getEntriesByType("resource").find((e) => e.name.includes(part));
          const paint = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
          return {
            paint: paint.startTime,
            init: window.__lcInitAt,
            pageRuntimeRequests: performance.getEntriesByType("resource").filter((e) => e.name.includes("/assets/pyodide/")).length,
            app: entry("calculator-app.mjs").startTime,
            parsed: performance.getEntriesByType("navigation")[0].domInteractive,
          };
        }"""
    )
    assert timings["init"] >= timings["paint"], timings
    assert timings["pageRuntimeRequests"] == 0, timings
    # Fetched by <link rel=modulepreload> while the page parses, not once legcramps.mjs has run and imported it.
    assert timings["app"] < timings["parsed"], timings


def fill_claudication(page) -> None:
    page.locator("#group-triggers").evaluate("(group) => (group.open = true)")
    page.get_by_label("Brought on by walking or exercise").check()
    page.get_by_label("Goes within about 10 minutes of stopping and standing still").check()
    page.locator("#lc-age").fill("68")


def test_the_calculator_mounts_and_ranks_when_reached_by_instant_navigation(page, site_url):
    # Material swaps pages in without reloading scripts (its bundle is deferred): legcramps.mjs mounts the
    # calculator on each page Material's document$ announces, and mounts it again after going away and back.
    serve_sitemap_for_this_origin(page, site_url)
    page.goto(site_url)
    page.evaluate("window.__lcSamePageLoad = true")
    page.locator(".md-nav--primary a[href$='calculator/']").first.click()  # Material makes links absolute
    page.wait_for_url(re.compile(r"/calculator/$"))
    page.wait_for_selector("[data-lc-calculator][data-lc-mounted]")
    assert page.evaluate("window.__lcSamePageLoad === true"), "expected Material's instant navigation"
    page.evaluate(AWAIT_READY)
    fill_claudication(page)
    wait_for_most_likely(page, PAD)

    page.locator(MOST_LIKELY).click()
    page.wait_for_url(re.compile(r"/causes/[a-z-]+/$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/calculator/#"))
    page.wait_for_selector("[data-lc-calculator][data-lc-mounted]")
    assert page.evaluate("window.__lcSamePageLoad === true"), "expected Material's instant navigation"
    wait_for_most_likely(page, PAD)  # the answers came back from the address
    page.get_by_label("Goes within about 10 minutes of stopping and standing still").uncheck()
    page.wait_for_function("() => !location.hash.includes('relief_standing_still')")
    page.get_by_label("Goes within about 10 minutes of stopping and standing still").check()
    wait_for_most_likely(page, PAD)


def test_an_invalid_address_value_shows_its_error_beside_the_field_and_the_rest_still_ranks(page, site_url):
    open_calculator(page, site_url, "#age=abc&exertional=yes&relief_standing_still=yes")
    wait_for_current_result(page)
    error = page.locator("#lc-age-error")
    assert error.is_visible()
    assert error.inner_text() == "Age: enter a number from 0 to 120 years."  # the label, never the id
    assert page.locator("#lc-age").input_value() == "abc"
    assert page.locator("#lc-age").get_attribute("aria-invalid") == "true"
    wait_for_most_likely(page, PAD)


@pytest.mark.parametrize("corrected", ["70", ""], ids=["a valid age", "no answer left"])
def test_an_error_goes_once_its_answer_is_corrected(page, site_url, corrected):
    open_calculator(page, site_url, "#age=abc")
    wait_for_current_result(page)
    assert page.locator("#lc-age-error").is_visible()
    page.locator("#lc-age").fill(corrected)
    wait_for_current_result(page)
    assert page.locator("#lc-age-error").is_hidden()
    assert page.locator("#lc-age").get_attribute("aria-invalid") is None
    assert page.locator(".lc-invalid").count() == 0


def test_an_unknown_address_answer_shows_a_warning(page, site_url):
    open_calculator(page, site_url, "#no_such_answer=yes&nocturnal=yes")
    warning = page.locator(".lc-address-warning")
    assert warning.get_attribute("role") == "alert"
    assert "no_such_answer" in warning.inner_text()
    assert page.get_by_label("Comes on at night or at rest in bed").is_checked()


def test_a_red_flag_shows_the_banner_and_the_cause_in_do_not_miss(page, site_url):
    open_calculator(page, site_url, "#rest_pain_or_tissue_loss=yes")
    wait_for_current_result(page)
    banner = page.locator(".lc-red-flag-banner")
    assert banner.is_visible()
    assert banner.get_attribute("role") == "alert"
    assert CLTI in banner.inner_text()
    flagged = page.locator(".lc-cause.lc-has-red-flag[data-lc-tiers~=do_not_miss]")
    assert CLTI in flagged.locator(".lc-cause-name a").all_inner_texts()


def calculator_pages(site: Path) -> list[str]:
    instruments = sorted(path.parent.name for path in (site / "instruments").glob("*/index.html"))
    return ["calculator/"] + [f"instruments/{name}/" for name in instruments]


def test_window_legcramps_is_on_every_calculator_page_and_resolves(page, site_url, built_site):
    paths = calculator_pages(built_site)
    assert len(paths) >= 5  # the differential and the four published instruments
    for path in paths:
        page.goto(site_url + path)
        assert page.locator("[data-lc-calculator]").count() == 1, path
        page.evaluate(AWAIT_READY)
        assert page.evaluate("typeof window.legcramps.evaluate") == "function", path
        assert page.evaluate("typeof window.legcramps.evaluateJSON") == "function", path


def test_the_form_works_from_the_keyboard_alone(page, site_url):
    open_calculator(page, site_url)
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "lc-age":
            break
    assert page.evaluate("document.activeElement.id") == "lc-age"
    page.keyboard.type("70")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "pregnant"
    page.keyboard.press("Space")
    assert page.get_by_label("Currently pregnant").is_checked()
    page.keyboard.press("Space")
    assert not page.get_by_label("Currently pregnant").is_checked()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"pregnant=yes"))
    assert page.locator("[data-lc-result]").get_attribute("aria-live") == "polite"
    wait_for_most_likely(page, "Pregnancy-associated leg cramps")


# Issue 11: a 400-digit age became Infinity (sent as null: "not answered"), and a decimal JavaScript rounds became
# another, valid, age; both silently.
@pytest.mark.parametrize("typed", ["1" + "0" * 399, "70.00000000000000001", "0." + "0" * 400 + "1"])
def test_a_number_javascript_cannot_hold_exactly_is_sent_as_typed_and_its_error_names_the_field(page, site_url, typed):
    open_calculator(page, site_url)
    page.locator("#group-triggers > summary").click()
    page.get_by_label("Comes on at night or at rest in bed").check()
    page.locator("#lc-age").fill(typed)
    wait_for_current_result(page)
    error = page.locator("#lc-age-error")
    assert error.is_visible()
    assert error.inner_text() == "Age: enter a number from 0 to 120 years."  # the page names the label
    assert page.locator("#lc-age").get_attribute("aria-invalid") == "true"
    assert page.locator("#lc-age").input_value() == typed
    assert address_answers(page) == {f"age={typed}", "nocturnal=yes"}
    assert page.locator(MOST_LIKELY).count() == 1  # the other answer still ranks
    reply = page.evaluate("(age) => window.legcramps.evaluate({age}).catch((error) => error.message)", typed)
    assert reply == f"age: expected a number from 0 to 120 years, got '{typed}'"  # the API is given what the page sent


def test_a_number_javascript_holds_exactly_is_sent_as_a_number(page, site_url):
    open_calculator(page, site_url)
    page.locator("#lc-age").fill("068,50")
    wait_for_current_result(page)
    assert page.locator("#lc-age-error").is_hidden()
    assert address_answers(page) == {"age=68.5"}


# Material loads a page's content again on the first in-page navigation after a load (its location stream has no first
# value to compare with): these tests mark the calculator and wait for the new one, so they read the page that stays.
MARK_CALCULATOR = "document.querySelector('[data-lc-calculator]').dataset.lcTestOld = 'yes'"
NEW_CALCULATOR = "!document.querySelector('[data-lc-calculator]').dataset.lcTestOld"


def test_an_in_page_anchor_is_left_alone_and_never_taken_for_answers(page, site_url):
    page.goto(site_url + "instruments/wells-dvt/#lc-result-title")
    page.evaluate(AWAIT_READY)
    wait_for_current_result(page)
    assert page.locator(".lc-address-warning").count() == 0
    assert urlsplit(page.url).fragment == "lc-result-title"
    field(page, "wells_active_cancer").locator("input").check()
    wait_for_current_result(page)
    assert address_answers(page) == {"wells_active_cancer=yes"}
    # An in-page link puts its anchor in the address; the answers come back once the browser has scrolled to it, and
    # the form keeps them through Material's reload.
    page.evaluate(MARK_CALCULATOR)
    page.evaluate("location.hash = 'lc-result-title'")
    page.wait_for_function(f"() => {NEW_CALCULATOR} && ({RESULT_CURRENT})()")
    assert page.evaluate("location.hash") == "#wells_active_cancer=yes"
    assert field(page, "wells_active_cancer").locator("input").is_checked()


def test_a_link_with_other_answers_followed_on_the_page_fills_the_form_with_them(page, site_url):
    # With the answers in the fragment, a pasted or followed link to the same page changes only the fragment: no
    # reload, so the form must follow it.
    open_calculator(page, site_url, "#age=40&nocturnal=yes")
    wait_for_most_likely(page, "Benign idiopathic nocturnal leg cramps")
    page.evaluate("window.__lcSameDocument = true")
    page.evaluate(MARK_CALCULATOR)
    page.evaluate("location.hash = 'exertional=yes&relief_standing_still=yes&age=68'")
    page.wait_for_function(f"() => {NEW_CALCULATOR} && ({RESULT_CURRENT})()")
    wait_for_most_likely(page, PAD)
    assert page.evaluate("window.__lcSameDocument === true")
    assert not page.get_by_label("Comes on at night or at rest in bed").is_checked()
    assert page.locator("#lc-age").input_value() == "68"
    assert address_answers(page) == {"exertional=yes", "relief_standing_still=yes", "age=68"}


def test_a_second_link_with_other_answers_fills_the_form_without_any_reload(page, site_url):
    # After Material's one reload, later fragment changes reach the same form: the page follows them itself.
    open_calculator(page, site_url, "#nocturnal=yes")
    page.evaluate(MARK_CALCULATOR)
    page.evaluate("location.hash = 'age=40&nocturnal=yes'")
    page.wait_for_function(f"() => {NEW_CALCULATOR} && ({RESULT_CURRENT})()")
    page.evaluate(MARK_CALCULATOR)
    page.evaluate("location.hash = 'exertional=yes&relief_standing_still=yes&age=68'")
    wait_for_most_likely(page, PAD)
    assert page.evaluate(f"!({NEW_CALCULATOR})"), "the same calculator answered"
    assert not page.get_by_label("Comes on at night or at rest in bed").is_checked()
    assert page.locator("#lc-age").input_value() == "68"
