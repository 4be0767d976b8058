"""Three readers on a 360 px phone, walked through the built site: how many taps to their result, and how far it is.

The users issue #12 names: a GP with ankle pressures (the differential calculator's ABI questions), an emergency
doctor with a Wells score (its instrument page) and a patient with night cramps (the differential calculator in patient
language). Each starts on the home page and taps only what a reader would: a link they can see in the first screen,
or the menu and its sections; each question (opening its group first if it is folded); and, after the last answer, the
jump to the result if the result is not already in view.

Figures per reader: ``taps`` (navigation + answers + the jump), ``scroll_px`` (how far the page had to scroll between
answers, as the browser scrolls each control into view), ``distance_px`` (from the bottom of the last question
answered to the top of the first thing showing the result: a result summary in view, else the result section) and
``result_in_view`` after the last answer. A viewport screenshot after the last answer goes to test-output/readers/.

Run on any built site, so the same walk measures a build before a change and after it:
``python -m bench readers [SITE_DIR] [LABEL]``. Not a test: a figure for the closing note.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from devtools.chromium import running_chromium
from devtools.server import serve
from devtools.waits import wait_for_current_result, wait_until

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-output" / "readers"
PHONE = {"width": 360, "height": 740}
# What shows the result without scrolling to it: a summary kept in view, when the page has one.
RESULT_SUMMARY = "[data-lc-result-summary]"
JUMP_TO_RESULT = "[data-lc-jump-to-result]"


@dataclass(frozen=True)
class Reader:
    """One walk: who, in which language, to which page, with which answers (finding id -> value)."""

    name: str
    audience: str
    path: str
    answers: dict[str, Any]


READERS = (
    Reader(
        "gp_with_abi",
        "clinician",
        "calculator/",
        {
            "age": "68",
            "exertional": True,
            "smoker": True,
            "abi_brachial_left": "140",
            "abi_brachial_right": "136",
            "abi_dp_left": "80",
            "abi_pt_left": "84",
            "abi_dp_right": "128",
            "abi_pt_right": "130",
        },
    ),
    Reader(
        "emergency_doctor_with_wells",
        "clinician",
        "instruments/wells-dvt/",
        {
            "wells_localized_deep_vein_tenderness": True,
            "wells_entire_leg_swollen": True,
            "wells_calf_swelling_3cm": True,
            "wells_pitting_edema": True,
        },
    ),
    Reader(
        "patient_with_night_cramps",
        "patient",
        "calculator/",
        {"age": "55", "nocturnal": True, "sudden_painful_contraction": True, "location": ["calf"]},
    ),
)


@dataclass
class Walk:
    """What one reader's walk cost."""

    reader: str
    navigation_taps: int = 0
    answer_taps: int = 0
    jump_taps: int = 0
    scroll_px: int = 0
    distance_px: int = 0
    result_in_view: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def taps(self) -> int:
        return self.navigation_taps + self.answer_taps + self.jump_taps


IN_FIRST_SCREEN = """(element) => { const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight; }"""


def _tappable(locator: Any) -> bool:
    """Whether a tap would land on ``locator`` (nothing covers it), without tapping."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        locator.click(trial=True, timeout=1500)
    except PlaywrightTimeout:  # covered, or still sliding in
        return False
    return True


def _settled_in_view(locator: Any, tries: int = 20) -> bool:
    """Whether ``locator`` ends up inside the screen once the drawer's slide animation is over."""
    for _ in range(tries):
        if locator.is_visible() and locator.evaluate(IN_FIRST_SCREEN):
            return True
        time.sleep(0.1)
    return False


def _tap(page: Any, locator: Any, walk: Walk, kind: str) -> None:
    before = page.evaluate("scrollY")
    locator.scroll_into_view_if_needed()
    walk.scroll_px += abs(page.evaluate("scrollY") - before)
    locator.click()
    setattr(walk, kind, getattr(walk, kind) + 1)


def _navigate(page: Any, site_url: str, path: str, walk: Walk) -> None:
    """From the current page to ``path``: a link in the first screen if there is one, else the menu."""
    target = site_url + path
    for link in page.locator("article a[href]").all():
        href = link.evaluate("(a) => a.href")
        if href.split("#")[0] == target and link.evaluate(IN_FIRST_SCREEN):
            _tap(page, link, walk, "navigation_taps")
            page.wait_for_url(target + "*")
            return
    drawer = page.locator("label.md-header__button[for='__drawer']").first
    _tap(page, drawer, walk, "navigation_taps")
    links = page.locator(".md-nav--primary a.md-nav__link").all()
    wanted = next(item for item in links if item.evaluate("(a) => a.href").split("#")[0] == target)
    for _ in range(3):
        if _settled_in_view(wanted) and _tappable(wanted):
            break
        toggle_id = wanted.evaluate(
            """(a) => { let item = a.closest('li.md-nav__item--nested');
              while (item) { const input = item.querySelector(':scope > input.md-nav__toggle');
                if (input && !input.checked) return input.id;
                item = item.parentElement.closest('li.md-nav__item--nested'); }
              return null; }"""
        )
        if toggle_id is None:
            break
        _tap(page, page.locator(f"label[for='{toggle_id}']").first, walk, "navigation_taps")
    _tap(page, wanted, walk, "navigation_taps")
    page.wait_for_url(target + "*")


def _choose_audience(page: Any, audience: str, walk: Walk) -> None:
    if audience == "clinician":
        return
    if page.evaluate(f"document.documentElement.classList.contains('lc-audience-{audience}')"):
        return
    _tap(page, page.get_by_role("button", name=audience.capitalize()).first, walk, "navigation_taps")


def _answer(page: Any, finding: str, value: Any, walk: Walk) -> Any:
    """Answer one question as a thumb would; returns the control last touched."""
    container = page.locator(f"[data-lc-field='{finding}']")
    if not container.is_visible():
        folded = container.locator("xpath=ancestor::details[not(@open)]")
        if folded.count():
            _tap(page, folded.last.locator(":scope > summary"), walk, "answer_taps")
    kind = container.get_attribute("data-lc-kind")
    if kind == "checkbox":
        control = container.locator("input[type=checkbox]")
        _tap(page, control, walk, "answer_taps")
    elif kind == "yes_no":
        control = container.locator(f"input[value='{'true' if value else 'false'}']")
        _tap(page, control, walk, "answer_taps")
    elif kind == "number":
        control = container.locator("input").first
        _tap(page, control, walk, "answer_taps")
        control.fill(str(value))
    elif kind == "choice":
        control = container.locator("select")
        _tap(page, control, walk, "answer_taps")
        control.select_option(str(value))
        walk.answer_taps += 1  # the option in the picker
    else:
        control = container
        for item in value:
            control = container.locator(f"input[value='{item}']")
            _tap(page, control, walk, "answer_taps")
    return control


def _measure_result(page: Any, last: Any, walk: Walk) -> None:
    """Distance from the last control to what first shows the result, and whether it is in view."""
    wait_for_current_result(page)
    last_bottom = last.evaluate("(el) => el.closest('[data-lc-field]').getBoundingClientRect().bottom + scrollY")
    summary = page.locator(RESULT_SUMMARY)
    summary_shown = summary.count() > 0 and summary.first.is_visible() and summary.first.evaluate(IN_FIRST_SCREEN)
    result = page.locator("[data-lc-result]")
    if summary_shown:
        top = summary.first.evaluate("(el) => el.getBoundingClientRect().top + scrollY")
        walk.result_in_view = True
        walk.notes.append("result summary in view")
    else:
        top = result.evaluate("(el) => el.getBoundingClientRect().top + scrollY")
        walk.result_in_view = bool(result.evaluate("(el) => el.getBoundingClientRect().top < innerHeight"))
    walk.distance_px = max(0, round(top - last_bottom))


def _see_result(page: Any, walk: Walk) -> None:
    """One tap on the jump to the full result when the page offers one and the result is out of view."""
    result = page.locator("[data-lc-result]")
    if result.evaluate("(el) => el.getBoundingClientRect().top < innerHeight"):
        return
    jump = page.locator(JUMP_TO_RESULT)
    if jump.count() and jump.first.is_visible():
        _tap(page, jump.first, walk, "jump_taps")
    else:
        walk.notes.append("no jump to the result: the reader scrolls")


def walk_reader(browser: Any, site_url: str, reader: Reader, label: str) -> Walk:
    """Walk ``reader`` from the home page to their result on a fresh 360 px phone context."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    walk = Walk(reader.name)
    try:
        page.goto(site_url)
        _choose_audience(page, reader.audience, walk)
        _navigate(page, site_url, reader.path, walk)
        wait_until(page, "document.querySelector('[data-lc-form]') !== null")
        last = None
        for finding, value in reader.answers.items():
            last = _answer(page, finding, value, walk)
        _measure_result(page, last, walk)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{label}-{reader.name}.png"))
        _see_result(page, walk)
        page.screenshot(path=str(SCREENSHOTS / f"{label}-{reader.name}-result.png"))
    finally:
        context.close()
    return walk


def run(site_dir: Path, label: str) -> list[dict[str, Any]]:
    """Every reader's walk on the site built in ``site_dir``, as dicts (taps included)."""
    walks = []
    with serve(site_dir) as site_url, running_chromium() as browser:
        for reader in READERS:
            walk = walk_reader(browser, site_url, reader, label)
            walks.append({**asdict(walk), "taps": walk.taps})
    return walks


def main(argv: list[str]) -> int:
    site_dir = Path(argv[0]) if argv else ROOT / "site"
    label = argv[1] if len(argv) > 1 else "after"
    walks = run(site_dir, label)
    header = f"{'reader':<30} {'taps':>4} {'nav':>4} {'answers':>7} {'jump':>4} {'scroll px':>9} {'distance px':>11}"
    print(header + "  in view")
    for walk in walks:
        print(
            f"{walk['reader']:<30} {walk['taps']:>4} {walk['navigation_taps']:>4} {walk['answer_taps']:>7} "
            f"{walk['jump_taps']:>4} {walk['scroll_px']:>9} {walk['distance_px']:>11}  {walk['result_in_view']}"
            + (f"  ({'; '.join(walk['notes'])})" if walk["notes"] else "")
        )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{label}.json").write_text(json.dumps(walks, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
