"""Accessibility in Debian Chromium, every other host blocked: axe-core finds no WCAG 2.1 A/AA violation on any built
page, nor on the calculator while it loads, when ready, showing a result with a red flag and showing an error; and
the calculator and the vascular map work from the keyboard alone. Pages and the calculator are checked in both of
Material's palettes: light ("default") and dark ("slate"), the latter chosen as a reader's system would choose it
(prefers-color-scheme: dark, with the palette toggle on "system", its first state).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from devtools.waits import AWAIT_READY, wait_for_current_result, wait_until
from generator.content import load_content
from tests.conftest import REAL_CONTENT, REPO_ROOT
from tests.site.calculator_helpers import CLTI, PAD, address_answers, field, wait_for_most_likely

pytestmark = pytest.mark.browser

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
START_AXE = f"(tags) => {{ window.__lcAxe = ({RUN_AXE})(tags); }}"  # collected later with "() => window.__lcAxe"
SCHEMES = {"default": "light", "slate": "dark"}  # Material's palette scheme, and the system preference that picks it
FIRST_RESULT_TEXT = "Answer any question to see the ranked differential"


# ------------------------------------------------------------------------------------------------ axe ------------
def axe_script() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(REPO_ROOT)} is missing: run `npm ci` (or `make test`)")
    return AXE


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds in the page as it is now. axe is evaluated from here, not added as
    a script tag: the site's Content-Security-Policy blocks inline scripts (and the string predicates Playwright's
    wait_for_function evaluates in the page, hence wait_until below)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_script().read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE, WCAG_21_AA)["violations"]


def report(found: dict[str, list[dict]]) -> str:
    """One line per violation (where, rule, impact, help), then one per offending node with axe's summary."""
    lines = []
    for where, violations in found.items():
        for violation in violations:
            lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                summary = " ".join((node.get("failureSummary") or "").split())
                lines.append(f"    {' '.join(node['target'])}: {summary}")
    return "\n".join(lines)


def assert_no_violations(found: dict[str, list[dict]]) -> None:
    found = {where: violations for where, violations in found.items() if violations}
    assert not found, "axe found WCAG 2.1 A/AA violations:\n" + report(found)


def page_paths(site: Path) -> list[str]:
    """Every page of the built site, as paths relative to its root (the 404 page included)."""
    paths = sorted(
        "" if html.parent == site else html.parent.relative_to(site).as_posix() + "/"
        for html in site.rglob("index.html")
    )
    return [*paths, "404.html"]


def one_page_of_each_kind(site: Path) -> list[str]:
    """Every page but the cause pages, and the first cause page of each tier: every template, component and palette
    rule of the site in about 20 pages of 50. The passes in the dark palette visit these; the light ones every page."""
    first_of_tier: dict[str, str] = {}
    for cause in load_content(REAL_CONTENT, REPO_ROOT).causes:
        first_of_tier.setdefault(cause.tier, f"causes/{cause.id}/")
    other = [path for path in page_paths(site) if not path.startswith("causes/") or path == "causes/"]
    return other + sorted(first_of_tier.values())


def hold(page, pattern: str) -> None:
    """Leave every request matching ``pattern`` pending, as if the network were slow."""
    held: list = []

    def keep(route) -> None:
        held.append(route)

    page.route(pattern, keep)


def in_scheme(page, scheme: str) -> None:
    """Show ``page`` in Material's palette ``scheme``, as a reader's system preference would."""
    page.emulate_media(color_scheme=SCHEMES[scheme])


def assert_scheme(page, scheme: str) -> None:
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_has_no_wcag_violation(guarded, site_url, built_site, scheme):
    """Every page in the light palette, one page of each kind in the dark one. Two tabs in turn, so one page loads while axe checks the other. The Pyodide runtime (for the calculator pages,
    checked in every state below) and the search index (which only fills the closed search dialog, checked with
    results below, and costs as much CPU as the rest of a page load) are held back."""
    context = guarded.page.context
    context.add_init_script(path=str(axe_script()))
    tabs = [guarded.page, context.new_page()]
    for tab in tabs:
        in_scheme(tab, scheme)
        hold(tab, "**/assets/pyodide/*/pyodide.asm.wasm")
        hold(tab, "**/search/search_index.json")
    paths = page_paths(built_site)
    causes = len(list((built_site / "causes").glob("*/index.html")))
    instruments = len(list((built_site / "instruments").glob("*/index.html")))
    # causes and instruments, plus home, calculator, causes index, five topics, references, the two editor pages, 404
    assert causes >= 30 and len(paths) == causes + instruments + 12
    if scheme == "slate":
        paths = one_page_of_each_kind(built_site)
        assert len(paths) == instruments + 12 + 4  # a cause page of each of the four tiers
    found: dict[str, list[dict]] = {}
    checking: dict[int, str] = {}

    def collect(index: int) -> None:
        if index in checking:
            found[checking.pop(index)] = tabs[index].evaluate("() => window.__lcAxe")["violations"]

    for number, path in enumerate(paths):
        index = number % len(tabs)
        collect(index)
        response = tabs[index].goto(site_url + path)
        assert response is not None and response.ok, path
        assert_scheme(tabs[index], scheme)
        tabs[index].evaluate(START_AXE, WCAG_21_AA)
        checking[index] = path or "home"
    for index in range(len(tabs)):
        collect(index)
    assert len(found) == len(paths)
    assert_no_violations(found)
    # Every page loaded with no request to another host and no script error (the runtime's own requests: the
    # calculator's tests and tests/site/test_no_network.py, which let it load).
    assert guarded.blocked == []
    assert guarded.errors == []


@pytest.mark.search
def test_search_results_have_no_wcag_violation(guarded, site_url):
    page = guarded.page
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("claudication", delay=30)
    page.locator(".md-search-result__link").first.wait_for(timeout=15_000)
    assert_no_violations({"search results": axe_violations(page)})


# ------------------------------------------------------------------------------------------ calculator -------------
@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_calculator_has_no_violation_loading_ready_with_a_result_and_with_an_error(page, site_url, scheme):
    found = {}
    in_scheme(page, scheme)

    hold(page, "**/assets/pyodide/*/pyodide.asm.wasm")  # the calculator stays loading
    page.goto(site_url + "calculator/#exertional=yes")
    wait_until(page, "document.querySelector('[data-lc-status-text]').textContent.startsWith('Downloading')")
    assert page.locator("[data-lc-progress]").is_visible()
    assert page.locator("[data-lc-calculator]").get_attribute("data-lc-ready") is None
    found["loading"] = axe_violations(page)

    page.unroute_all(behavior="ignoreErrors")
    page.goto(site_url + "calculator/")
    page.evaluate(AWAIT_READY)
    page.get_by_role("status").filter(has_text="Calculator ready.").wait_for()
    found["ready"] = axe_violations(page)
    page.locator("[data-lc-open-all]").click()  # every question in view, for axe too

    page.locator("#lc-age").fill("72")
    for label in (
        "Brought on by walking or exercise",
        "Goes within about 10 minutes of stopping and standing still",
        "Reduced or absent foot pulses",
        "Smokes or used to smoke",
    ):
        page.get_by_label(label).check()
    field(page, "location").get_by_label("Calf").check()
    page.get_by_label("Ischaemic rest pain", exact=False).check()
    wait_for_most_likely(page, PAD)
    assert CLTI in page.locator(".lc-red-flag-banner").inner_text()
    found["result with a red flag"] = axe_violations(page)

    page.locator("#lc-age").fill("abc")
    wait_for_current_result(page)
    assert page.locator("#lc-age-error").inner_text() == "Age: enter a number from 0 to 120 years."
    assert page.locator("#lc-age").get_attribute("aria-invalid") == "true"
    found["error"] = axe_violations(page)
    assert_no_violations(found)


def tab_until(page, selector: str, *, key: str = "Tab", limit: int = 250) -> int:
    """Press ``key`` until the focused element matches ``selector``; returns how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate("(selector) => document.activeElement?.matches(selector) ?? false", selector):
            return presses
    focused = page.evaluate("document.activeElement?.outerHTML.slice(0, 200)")
    raise AssertionError(f"{limit} presses of {key} never reached {selector}; focus is on {focused}")


def test_the_calculator_is_filled_and_reset_from_the_keyboard_alone(page, site_url):
    page.goto(site_url + "calculator/")
    page.evaluate(AWAIT_READY)

    tab_until(page, "#lc-age")
    page.keyboard.type("72")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past "Currently pregnant", to the select
    assert page.evaluate("document.activeElement.id") == "lc-laterality"
    page.keyboard.press("ArrowDown")
    assert page.locator("#lc-laterality").input_value() != ""
    tab_until(page, "[data-lc-field=location] input[value=calf]")
    page.keyboard.press("Space")
    tab_until(page, "#group-triggers > summary")  # a folded group opens with Enter
    page.keyboard.press("Enter")
    tab_until(page, "input[name=exertional]")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # relief on standing still
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.name") == "exertional"
    assert page.get_by_label("Brought on by walking or exercise").is_checked()
    assert page.get_by_label("Goes within about 10 minutes of stopping and standing still").is_checked()
    tab_until(page, "#group-examination > summary")
    page.keyboard.press("Enter")
    tab_until(page, "input[name=diminished_pulses]")
    page.keyboard.press("Space")
    wait_for_most_likely(page, PAD)
    assert {"age=72", "location=calf", "exertional=yes", "relief_standing_still=yes"} <= address_answers(page)

    tab_until(page, "input[name=rest_pain_or_tissue_loss]")
    page.keyboard.press("Space")
    wait_for_current_result(page)
    assert CLTI in page.locator(".lc-red-flag-banner").inner_text()

    # A yes/no question is one tab stop: Space picks the focused answer, the arrows move between answers.
    tab_until(page, "#group-rls > summary")
    page.keyboard.press("Enter")
    tab_until(page, "input[name=rls_urge_to_move]")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"rls_urge_to_move=yes"))
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"rls_urge_to_move=no"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.lcClear") == "rls_urge_to_move"
    page.keyboard.press("Enter")
    wait_until(page, "!location.hash.includes('rls_urge_to_move')")

    tab_until(page, "#group-ecq > summary")
    page.keyboard.press("Enter")
    tab_until(page, "#lc-ecq_stand_still")
    page.keyboard.press("ArrowDown")
    page.wait_for_url(re.compile(r"ecq_stand_still="))

    tab_until(page, "[data-lc-reset]")
    page.keyboard.press("Enter")
    wait_for_current_result(page)
    assert FIRST_RESULT_TEXT in page.locator("[data-lc-result-body]").inner_text()
    assert page.evaluate("location.hash + location.search") == ""
    assert page.locator("#lc-age").input_value() == ""
    assert page.locator("[data-lc-form] input:checked").count() == 0
    assert page.locator("#lc-laterality").input_value() == ""

    # Shift+Tab walks back into the emptied form, and it still answers.
    tab_until(page, "input[name=pregnant]", key="Shift+Tab", limit=400)
    page.keyboard.press("Space")
    wait_for_most_likely(page, "Pregnancy-associated leg cramps")


# ---------------------------------------------------------------------------------------- vascular map ------------
def focused_id(page) -> str:
    return page.evaluate("document.activeElement?.id ?? ''")


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }",
        selector,
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_vascular_map_has_no_violation_with_a_shape_targeted_and_one_focused(guarded, site_url, scheme):
    """The page as loaded is in the sweep above; here its shapes are lit, as they are while in use."""
    page = guarded.page
    in_scheme(page, scheme)
    page.goto(site_url + "vascular-map/#map-calf")
    assert_scheme(page, scheme)
    page.locator("#map-tibial").focus()
    assert focused_id(page) == "map-tibial"
    assert_no_violations({f"vascular-map#map-calf ({scheme})": axe_violations(page)})


def test_every_map_shape_is_reached_with_tab_and_each_section_links_back_to_its_shape(page, site_url):
    """The shapes are tab stops with a name (tests/site/test_map.py checks what each lights); the text is the
    accessible equivalent, and each of its sections' "Show on the diagram" links, followed from the keyboard, brings
    the diagram into view with that shape lit (the address names it: :target)."""
    page.goto(site_url + "vascular-map/")
    shapes = page.evaluate("[...document.querySelectorAll('figure.lc-map svg [tabindex=\\'0\\']')].map((g) => g.id)")
    assert len(shapes) == 8  # five pain regions and three arterial segments
    tab_until(page, "figure.lc-map svg [tabindex='0']")
    visited = []
    while focused_id(page) in shapes and focused_id(page) not in visited:
        assert page.evaluate("document.activeElement.getAttribute('aria-label')")
        visited.append(focused_id(page))
        page.keyboard.press("Tab")
    assert visited == shapes
    for shape in shapes:
        back = f"a[href$='#{shape}']"  # the theme makes in-page links absolute
        tab_until(page, back, limit=250)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile("#" + re.escape(shape) + "$"))
        wait_until(page, "(id) => document.getElementById(id).matches(':target')", shape)
        wait_until(
            page,
            "(id) => { const r = document.getElementById(id).getBoundingClientRect();"
            " return r.bottom > 0 && r.top < innerHeight; }",
            shape,
        )
        assert in_viewport(page, f"#{shape}")
        page.goto(site_url + "vascular-map/")
