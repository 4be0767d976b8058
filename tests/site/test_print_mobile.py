"""Print and phone layout in Debian Chromium (every other host blocked): each page is shown 360 px wide and in print
media at A4 width, screenshotted to test-output/screenshots/, printed to test-output/pdf/, and checked by script
for horizontal overflow, hidden site chrome and printed link addresses (site_overrides/assets/stylesheets/:
print.css and each component's own @media print block)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from devtools.guard import block_other_hosts
from devtools.waits import AWAIT_READY, TIMEOUT_MS, wait_for_current_result
from tests.conftest import REPO_ROOT
from tests.site.conftest import GuardedPage

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"
PDFS = REPO_ROOT / "test-output" / "pdf"
PHONE = {"width": 360, "height": 740}
A4 = {"width": 794, "height": 1123}  # 210 mm x 297 mm at 96 px per inch
A4_PRINTABLE = {"width": 703, "height": 1123}  # less print.css's @page side margins of 12 mm
DESKTOP = {"width": 1280, "height": 800}

# The claudication answers plus a red flag, so the result shows the red-flag banner and several cause cards.
CALCULATOR_ANSWERS = (
    "#exertional=yes&relief_standing_still=yes&diminished_pulses=yes&age=68&location=calf&rest_pain_or_tissue_loss=yes"
)


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    calculator: bool = False


HOME = Target("home", "")
CAUSE = Target("cause", "causes/peripheral-artery-disease/")
COMPARISON = Target("comparison", "claudication-vs-pseudoclaudication/")
CALCULATOR = Target("calculator", "calculator/" + CALCULATOR_ANSWERS, calculator=True)
INSTRUMENT = Target("instrument", "instruments/ankle-brachial-index/")  # worked-example tables
MAP = Target("map", "vascular-map/")
TARGETS = [HOME, CAUSE, COMPARISON, CALCULATOR, INSTRUMENT, MAP]

PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"

# Elements of the article whose right edge passes the viewport's: all of them, or (allowScroll) those not inside
# a box that scrolls sideways. Boxes of no size (visually hidden text) are skipped.
OVERFLOWING = """
(allowScroll) => {
  const right = window.innerWidth + 0.5;
  const scrolls = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const found = [];
  for (const element of document.querySelectorAll("article.md-content__inner *")) {
    const rect = element.getBoundingClientRect();
    if (rect.width <= 1 && rect.height <= 1) continue;
    if (rect.right > right && !(allowScroll && scrolls(element))) {
      const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
      found.push(`<${element.tagName.toLowerCase()} class="${element.getAttribute("class") || ""}">`
        + ` right=${Math.round(rect.right)}: ${text}`);
    }
  }
  return found;
}
"""

# Site chrome a printed page must not show.
CHROME = [
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-search",
    ".md-footer",
    ".md-top",
    ".md-content__button",
]
SHOWN = "(selector) => [...document.querySelectorAll(selector)].filter((element) => element.checkVisibility()).length"

# Every visible link of the article with what its ::after prints. External links are those Material left as
# written: it rewrites every internal link to an absolute URL on the page's own origin.
LINKS = """
() => [...document.querySelectorAll("article.md-content__inner a[href]")]
  .filter((link) => link.checkVisibility())
  .map((link) => ({
    href: link.getAttribute("href"),
    external: /^https?:/.test(link.getAttribute("href")) && new URL(link.href).origin !== location.origin,
    after: getComputedStyle(link, "::after").content,
  }))
"""

# The nearest box, from the element up, that scrolls sideways: [scrollWidth, clientWidth, right edge].
SCROLL_BOX = """
(element) => {
  for (let box = element; box; box = box.parentElement) {
    if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
      return [box.scrollWidth, box.clientWidth, box.getBoundingClientRect().right];
    }
  }
  return null;
}
"""


class OpenPages:
    """Pages of one browser context, each loaded once (so Pyodide starts once), with requests to any host but
    127.0.0.1 blocked and recorded, and page errors recorded."""

    def __init__(self, context: object, site_url: str) -> None:
        self.context = context
        self.site_url = site_url
        self.pages: dict[str, object] = {}
        self.record = GuardedPage(page=None)
        block_other_hosts(context, self.record.blocked)
        context.on("page", lambda page: page.on("pageerror", lambda error: self.record.errors.append(str(error))))

    def show(self, target: Target, media: str = "screen", viewport: dict[str, int] = PHONE) -> object:
        """The target's page in that media and viewport; a calculator page once it shows a result."""
        if target.name not in self.pages:
            page = self.context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(self.site_url + target.path)
            if target.calculator:
                page.evaluate(AWAIT_READY)
                wait_for_current_result(page)
            self.pages[target.name] = page
        page = self.pages[target.name]
        page.emulate_media(media=media)
        page.set_viewport_size(viewport)
        return page


@pytest.fixture(scope="module")
def open_pages(chromium, site_url) -> Iterator[OpenPages]:
    context = chromium.new_context(service_workers="block", viewport=PHONE)
    yield OpenPages(context, site_url)
    context.close()


@pytest.fixture
def show(open_pages) -> Iterator[Callable[..., object]]:
    yield open_pages.show
    record = open_pages.record
    blocked, errors = record.blocked[:], record.errors[:]
    record.blocked.clear()
    record.errors.clear()
    assert blocked == []
    assert errors == []


@pytest.fixture(scope="module", autouse=True)
def output_dirs() -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    PDFS.mkdir(parents=True, exist_ok=True)


def assert_no_horizontal_overflow(page, *, allow_scroll_boxes: bool) -> None:
    scroll_width, inner_width = page.evaluate(PAGE_WIDTH)
    assert scroll_width <= inner_width, f"the page scrolls sideways: {scroll_width} > {inner_width}"
    assert page.evaluate(OVERFLOWING, allow_scroll_boxes) == []


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
def test_a_page_fits_a_360px_screen(show, target):
    page = show(target)
    page.screenshot(path=SCREENSHOTS / f"{target.name}-360.png", full_page=True)
    assert_no_horizontal_overflow(page, allow_scroll_boxes=True)


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
def test_a_page_prints_the_article_alone_with_link_addresses_and_nothing_past_the_margin(show, target):
    page = show(target, "print", A4)
    page.screenshot(path=SCREENSHOTS / f"{target.name}-print.png", full_page=True)
    assert {selector: page.evaluate(SHOWN, selector) for selector in CHROME} == dict.fromkeys(CHROME, 0)
    # Nothing scrolls on paper: everything must fit the sheet, and the area inside its margins.
    assert_no_horizontal_overflow(page, allow_scroll_boxes=False)
    show(target, "print", A4_PRINTABLE)
    assert_no_horizontal_overflow(page, allow_scroll_boxes=False)
    show(target, "print", A4)

    links = page.evaluate(LINKS)
    external = [link for link in links if link["external"]]
    # The calculator prints as one consultation's record (answers, result, disclaimer), without the page's sources.
    assert external or target.calculator, "every page tested cites at least one external source"
    assert [link["href"] for link in external if link["href"] not in link["after"]] == []
    assert [link["href"] for link in links if not link["external"] and link["after"] not in ("none", "normal")] == []

    pdf = PDFS / f"{target.name}.pdf"
    page.pdf(path=pdf, format="A4")
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 10_000


def test_a_wide_table_scrolls_inside_its_own_box_on_a_phone(show):
    page = show(COMPARISON)
    scroll_width, client_width, right = page.locator("article table").first.evaluate(SCROLL_BOX)
    assert scroll_width > client_width, "the comparison table is wider than a phone: its box should scroll"
    assert right <= PHONE["width"]
    assert page.evaluate(PAGE_WIDTH)[0] <= PHONE["width"]


def test_the_calculator_stacks_on_a_phone_and_sits_side_by_side_on_a_wide_screen(show):
    page = show(CALCULATOR)
    form, result, banner = (
        page.locator("form.lc-form"),
        page.locator("section.lc-result"),
        page.locator(".lc-red-flag-banner"),
    )
    assert banner.is_visible()
    form_box, result_box = form.bounding_box(), result.bounding_box()
    assert form_box["y"] + form_box["height"] <= result_box["y"], "the form first, the result below it"
    assert abs(form_box["x"] - result_box["x"]) < 1
    for box in (form_box, result_box, banner.bounding_box()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    rightmost_control = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.lc-form input, .lc-form select')]"
        ".map((control) => control.getBoundingClientRect().right))"
    )
    assert rightmost_control <= form_box["x"] + form_box["width"]

    page = show(CALCULATOR, "screen", DESKTOP)
    form_box, result_box = form.bounding_box(), result.bounding_box()
    assert form_box["x"] + form_box["width"] <= result_box["x"], "two columns from 60em up"


def test_the_printed_calculator_shows_the_answers_and_the_result_not_the_progress_bar(show):
    page = show(CALCULATOR, "print", A4)
    assert page.locator("[data-lc-progress]").is_hidden()
    assert page.locator("[data-lc-reset]").is_hidden()
    assert page.locator("#lc-age").is_visible()
    assert page.locator("#lc-age").input_value() == "68"
    answered = page.get_by_label("Brought on by walking or exercise")
    assert answered.is_visible() and answered.is_checked()
    assert page.get_by_label("Comes on at night or at rest in bed").is_hidden(), "unanswered questions are left out"
    assert page.locator(".lc-red-flag-banner").is_visible()
    assert page.locator("[data-lc-result-body] .lc-cause").first.is_visible()


def test_printed_citations_stay_readable_and_admonitions_keep_a_visible_border(show):
    page = show(CAUSE, "print", A4)
    citation = page.locator("sup.citation").first
    assert citation.evaluate("(sup) => parseFloat(getComputedStyle(sup).fontSize)") >= 8
    assert citation.locator("a").first.evaluate("(link) => getComputedStyle(link, '::after').content") == "none"
    for kind in ("warning", "info", "danger"):  # pending review, plain words, red flags and disclaimer
        style, width = page.locator(f"article .admonition.{kind}").first.evaluate(
            "(box) => [getComputedStyle(box).borderTopStyle, parseFloat(getComputedStyle(box).borderTopWidth)]"
        )
        assert style == "solid" and width >= 1, kind


# Every page with a table, at 360 px: the page never widens, and a table wider than the screen scrolls in its own box,
# which shows a shadow at the edge it can scroll toward (content.css: two shadows fixed to the box, two covers of the
# page's colour that move with the table and hide them at either end).
TABLES = """() => [...document.querySelectorAll("article table")].map((table) => {
  const s = getComputedStyle(table);
  return {wider: table.scrollWidth > table.clientWidth + 1, scrolls: ["auto", "scroll"].includes(s.overflowX),
          shadows: (s.backgroundImage.match(/radial-gradient/g) || []).length, attachment: s.backgroundAttachment,
          right: table.getBoundingClientRect().right};
})"""


def test_no_page_with_a_table_widens_a_360px_screen_and_a_wide_table_shows_it_scrolls(open_pages, built_site):
    pages = sorted(
        "" if html.parent == built_site else html.parent.relative_to(built_site).as_posix() + "/"
        for html in built_site.rglob("index.html")
        if "<table" in html.read_text(encoding="utf-8")
    )
    assert len(pages) >= 5, pages
    page = open_pages.context.new_page()
    wide = []
    for path in pages:
        page.goto(open_pages.site_url + path)
        scroll_width, inner_width = page.evaluate(PAGE_WIDTH)
        assert inner_width == PHONE["width"] and scroll_width <= PHONE["width"], (path, scroll_width)
        for table in page.evaluate(TABLES):
            assert table["right"] <= PHONE["width"] + 0.5, (path, table)
            if table["wider"]:
                wide.append(path)
                assert table["scrolls"] and table["shadows"] == 2, (path, table)
                assert table["attachment"] == "local, local, scroll, scroll", (path, table)
    page.close()
    assert "claudication-vs-pseudoclaudication/" in wide
    assert open_pages.record.blocked == [] and open_pages.record.errors == []


def test_red_flags_and_plain_words_are_set_in_the_running_text_size(show):
    page = show(CAUSE)
    size = "(element) => getComputedStyle(element).fontSize"
    # The first paragraph of running text (not the patient's plain name under the title, a lead set larger).
    body = page.locator("article > p:not(.lc-plain-name)").first.evaluate(size)
    for box in ("article .admonition.danger", "article .lc-summary-plain .admonition"):  # red flags, plain words
        assert page.locator(box).first.evaluate(size) == body, box
    assert float(body.removesuffix("px")) >= 16
