"""Accessibility beyond axe, in Debian Chromium: keyboard focus is visible on every control (WCAG 2.4.7), in a colour
at least 3:1 against what surrounds it (1.4.11), and on a touch screen every answer is a target at least 44 px tall
(2.5.5).

Focus: on the calculator, an instrument page and a cause page, Tab walks through every focusable element; each one's
style while focused is compared with its style before any Tab. It must gain an outline at least 2 px wide (not none,
not Chromium's thin "auto" ring) or a box-shadow, and the outline's colour must reach 3:1 against the background
around it (the first opaque background of its ancestors, semi-transparent ones composited), computed here.
"""

from __future__ import annotations

import pytest

from devtools.waits import AWAIT_READY

pytestmark = pytest.mark.browser

PAGES = ["calculator/", "instruments/wells-dvt/", "causes/deep-vein-thrombosis/"]
MIN_OUTLINE_PX = 2
MIN_CONTRAST = 3.0
MIN_TARGET_PX = 44
# Material's search results are a focusable scroll box, 0 px tall until a search has results: nothing to show.
EMPTY_SCROLL_BOXES = ".md-search__scrollwrap"

# Every focusable element numbered (data-lc-probe), with its style before any focus.
NUMBER_AND_RECORD = """() => {
  const style = (el) => { const s = getComputedStyle(el);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow}; };
  const found = document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])");
  return [...found].map((el, i) => { el.dataset.lcProbe = i;
    const shown = el.matches(".md-option") ? el.nextElementSibling : el;
    return style(shown); });
}"""

# The focused element: what draws its focus (a hidden radio button's label), that one's style and box, and the
# colours behind its outline (its ancestors' backgrounds, innermost first, up to the first opaque one).
FOCUSED = """(emptyScrollBoxes) => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = el.matches(".md-option") ? el.nextElementSibling : el;
  const s = getComputedStyle(shown), box = shown.getBoundingClientRect();
  const backgrounds = [];
  for (let node = shown.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    backgrounds.push(colour);
    if (!colour.startsWith("rgba") || parseFloat(colour.split(",")[3]) >= 1) break;
  }
  return {
    probe: el.dataset.lcProbe ?? null,
    name: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${String(el.className?.baseVal ?? el.className)
      .split(" ")[0]} "${(el.getAttribute("aria-label") || el.textContent || el.name || "").trim().slice(0, 40)}"`,
    empty: box.width === 0 || box.height === 0, emptyScrollBox: el.matches(emptyScrollBoxes),
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor,
    outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow, backgrounds,
  };
}"""


def rgba(colour: str) -> tuple[float, float, float, float]:
    """A computed CSS colour (rgb(...) or rgba(...)) as red, green, blue in 0-255 and alpha in 0-1."""
    inside = colour[colour.index("(") + 1 : colour.rindex(")")].replace("/", ",")
    parts = [float(part) for part in inside.replace(",", " ").split()]
    return (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0)


def composite(layers: list[str]) -> tuple[float, float, float]:
    """The colour seen through ``layers`` (innermost first) over a white canvas."""
    red, green, blue = 255.0, 255.0, 255.0
    for layer in reversed(layers):
        r, g, b, a = rgba(layer)
        red, green, blue = (r * a + red * (1 - a), g * a + green * (1 - a), b * a + blue * (1 - a))
    return red, green, blue


def luminance(colour: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value) for value in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    """The WCAG contrast ratio of two opaque colours."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((11, 79, 138), (255, 255, 255)) == pytest.approx(8.4, abs=0.05)  # --lc-focus-ring on white
    assert composite(["rgba(0, 0, 0, 0)", "rgb(11, 79, 138)"]) == (11, 79, 138)
    assert composite(["rgba(0, 0, 0, 0.5)"]) == (127.5, 127.5, 127.5)


def tab_through(page, limit: int = 900) -> list[dict]:
    """Every element Tab reaches, once each, from the top of the page until focus comes round again."""
    reached: list[dict] = []
    seen: set[str] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED, EMPTY_SCROLL_BOXES)
        if focused is None:
            if reached:
                return reached
            continue
        key = focused["probe"] or focused["name"]
        if key in seen:
            return reached
        seen.add(key)
        reached.append(focused)
    raise AssertionError(f"{limit} presses of Tab never came round; the last was {reached[-1]['name']}")


def problem(focused: dict, before: dict | None) -> str | None:
    """Why this focused element shows no focus indicator, or None when it shows one."""
    if focused["empty"]:
        return None if focused["emptyScrollBox"] else "it has no size"
    if before is not None and before == {"outline": focused["outline"], "shadow": focused["shadow"]}:
        return f"focused it looks as before ({focused['outline']}, box-shadow {focused['shadow']})"
    ring = focused["outlineStyle"] not in ("none", "auto") and focused["outlineWidth"] >= MIN_OUTLINE_PX
    if not ring:
        if focused["shadow"] != "none":
            return None
        return f"no outline of {MIN_OUTLINE_PX} px or more and no box-shadow ({focused['outline']})"
    ratio = contrast(composite([focused["outlineColor"]]), composite(focused["backgrounds"]))
    focused["contrast"] = round(ratio, 2)
    if ratio < MIN_CONTRAST:
        return f"outline {focused['outlineColor']} is {ratio:.2f}:1 on {focused['backgrounds'][-1]}"
    return None


@pytest.fixture
def page(page):
    """The guarded page (tests/site/conftest.py) at a desktop size."""
    page.set_viewport_size({"width": 1280, "height": 900})
    return page


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", PAGES)
def test_tab_shows_a_visible_focus_ring_on_every_control(page, site_url, path, scheme):
    page.goto(site_url + path)
    if page.locator("[data-lc-calculator]").count():
        page.evaluate(AWAIT_READY)  # the result's own controls are drawn once the runtime answers
    if scheme == "slate":
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    # Every folded group of questions open, so Tab reaches every control.
    page.evaluate("document.querySelectorAll('details').forEach((group) => (group.open = true))")
    before = page.evaluate(NUMBER_AND_RECORD)
    reached = tab_through(page)
    kinds = {item["name"].split(".")[0].split("#")[0] for item in reached}
    assert {"a", "button"} <= kinds, kinds
    if path == "calculator/":
        assert {"input", "select"} <= kinds and len(reached) > 100, len(reached)
    failures = [
        f"{item['name']}: {why}"
        for item in reached
        if (why := problem(item, before[int(item["probe"])] if item["probe"] is not None else None))
    ]
    assert failures == [], "\n".join(failures)
    ratios = sorted({item["contrast"] for item in reached if "contrast" in item})
    print(f"{path} ({scheme}): {len(reached)} tab stops, focus ring contrast {ratios[0]}:1 to {ratios[-1]}:1")


# ---------------------------------------------------------------------------------------- touch targets -----------
# Each control's target: the control, or the label around it or naming it, whichever is taller (either answers).
TARGETS = """() => [...document.querySelectorAll(
    "article input:not([type=hidden]), article select, article button, article [tabindex='0']")]
  .filter((el) => el.getClientRects().length > 0)
  .map((el) => {
    const label = el.closest("label") ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
    const height = Math.max(...[el, label].filter(Boolean).map((box) => box.getBoundingClientRect().height));
    return {name: `${el.tagName.toLowerCase()} ${el.name || el.id || el.textContent.trim().slice(0, 40)}`,
            height: Math.round(height * 10) / 10};
  })"""


@pytest.mark.parametrize("path", ["calculator/", "instruments/wells-dvt/", "vascular-map/"])
def test_every_answer_is_a_44_px_target_on_a_touch_screen(chromium, site_url, path):
    context = chromium.new_context(
        service_workers="block", viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        page.goto(site_url + path)
        assert page.evaluate("matchMedia('(pointer: coarse)').matches")
        page.evaluate("document.querySelectorAll('details').forEach((group) => (group.open = true))")
        targets = page.evaluate(TARGETS)
        assert len(targets) >= (60 if path == "calculator/" else 5), len(targets)
        small = [f"{target['name']}: {target['height']} px" for target in targets if target["height"] < MIN_TARGET_PX]
        assert small == [], "\n".join(small)
    finally:
        context.close()
