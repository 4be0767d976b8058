"""The header's light / dark / system toggle (site_overrides/partials/palette.html, its script, and palette.mjs).

- The reader's palette is applied as the header is parsed, before the page's style is first computed: no script
  changes <body>'s colours, the toggle's buttons or the colour-scheme <meta> once the page is parsed. Material's
  palette component did, after the first paint, and each change made the browser compute the style of every element
  again (three such computations per page, by a trace; Lighthouse counts them as blocking time).
- It applies what Material's did: the stored choice if there is one, else the system's choice, which follows the
  system's light or dark; the first paint of a reader whose system is dark is dark.
- The toggle switches as Material's did: its button (or Enter) steps system, light, dark; the choice is kept for the
  next page and the next visit, with no transition while the colours change; the system's choice follows the system.
- A stored choice that cannot be read is ignored.
"""

from __future__ import annotations

import re

import pytest

from devtools.waits import PAGE_STARTED, wait_until
from tests.site.conftest import serve_sitemap_for_this_origin

pytestmark = pytest.mark.browser

SYSTEM, LIGHT, DARK = 0, 1, 2  # the toggle's options, in mkdocs.yml's order
SCHEME = {"default": "light", "slate": "dark"}  # Material's scheme and the colour scheme it draws

# Every change, from before the page's first script, of <body>'s data-md-color-* attributes, of a toggle button's
# `hidden` and of a colour-scheme <meta>, as [what changed, the document's readyState then, whether the page had
# painted by then].
CHANGES_NOTED = """
window.__lcPaletteChanges = [];
new MutationObserver((records) => {
  for (const record of records) {
    const node = record.target;
    const meta = node.nodeName === "META" && node.name === "color-scheme" || record.type === "childList"
      && [...record.addedNodes].some((added) => added.nodeName === "META" && added.name === "color-scheme");
    const colour = node === document.body && record.attributeName?.startsWith("data-md-color-");
    const button = node.nodeName === "LABEL" && record.attributeName === "hidden"
      && node.closest?.(".md-header__option");
    if ((meta || colour || button) && record.oldValue !== node.getAttribute?.(record.attributeName)) {
      window.__lcPaletteChanges.push([`${node.nodeName} ${record.attributeName ?? "child"}`, document.readyState,
        performance.getEntriesByType("paint").length > 0]);
    }
  }
}).observe(document, { attributes: true, attributeOldValue: true, childList: true, subtree: true });
"""
# What the page shows: Material's scheme on <body>, the colour-scheme <meta>s (its canvas and scroll bars: none is the
# browser's own light), which option's button is shown, and whether transitions are off for a switch.
SHOWN = """() => ({
  scheme: document.body.getAttribute("data-md-color-scheme"),
  media: document.body.getAttribute("data-md-color-media"),
  canvas: [...document.querySelectorAll('meta[name="color-scheme"]')].map((meta) => meta.content),
  buttons: [...document.querySelectorAll(".md-header__option .md-option")]
    .map((option, index) => option.nextElementSibling.hidden ? null : index).filter((index) => index !== null),
  switching: document.body.hasAttribute("data-md-color-switching"),
})"""
PALETTE_KEY = "/.__palette"  # where Material keeps the choice: its __md_scope (the site's root) and the key
SHOWN_BUTTON = ".md-header__option .md-option + label:not([hidden])"


def stored_choice(index: int) -> str:
    """An init script storing option ``index`` as the reader's choice, as an earlier visit's toggle would have."""
    media = ["(prefers-color-scheme)", "(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"][index]
    scheme = "slate" if index == DARK else "default"
    color = f'{{"media": "{media}", "scheme": "{scheme}", "primary": "custom", "accent": "custom"}}'
    return f"""localStorage.setItem("{PALETTE_KEY}", '{{"index": {index}, "color": {color}}}')"""


def expect(page, scheme: str, button: int, media: str) -> None:
    """Wait until the page shows Material's ``scheme`` with option ``button``'s button, then check all of it."""
    wait_until(page, f"() => document.body.getAttribute('data-md-color-scheme') === '{scheme}'")
    wait_until(page, "() => !document.body.hasAttribute('data-md-color-switching')")
    shown = page.evaluate(SHOWN)
    canvas = shown.pop("canvas")
    assert shown == {"scheme": scheme, "media": media, "buttons": [button], "switching": False}, shown
    assert canvas == [SCHEME[scheme]] or (scheme == "default" and canvas == []), canvas


# Every way a palette is chosen, on the home page; and a page of each other kind (the header is the same on every page:
# one case each). The calculator page's own start-up (Python) is not waited for: the header's script runs before it.
HOME_CASES = [
    ("", "light", None, "default", SYSTEM, "(prefers-color-scheme)"),
    ("", "dark", None, "slate", SYSTEM, "(prefers-color-scheme)"),
    ("", "light", DARK, "slate", DARK, "(prefers-color-scheme: dark)"),
    ("", "dark", LIGHT, "default", LIGHT, "(prefers-color-scheme: light)"),
    ("", "dark", SYSTEM, "slate", SYSTEM, "(prefers-color-scheme)"),
]
OTHER_PAGES = [
    ("causes/deep-vein-thrombosis/", "dark", None, "slate", SYSTEM, "(prefers-color-scheme)"),
    ("calculator/", "light", DARK, "slate", DARK, "(prefers-color-scheme: dark)"),
]


@pytest.mark.parametrize(("path", "system", "choice", "scheme", "button", "media"), HOME_CASES + OTHER_PAGES)
def test_the_palette_is_applied_as_the_header_is_parsed_and_not_changed_after(
    page, site_url, path, system, choice, scheme, button, media
):
    page.emulate_media(color_scheme=system)
    page.add_init_script(CHANGES_NOTED)
    if choice is not None:
        page.add_init_script(stored_choice(choice))
    page.goto(site_url + path)
    wait_until(page, PAGE_STARTED)

    expect(page, scheme, button, media)
    changes = page.evaluate("window.__lcPaletteChanges")
    # Only as the page was parsed, and before its first paint: a dark palette is dark from the start, not light first.
    assert [change for change in changes if change[1] != "loading" or change[2]] == [], changes


def test_the_toggle_steps_system_light_dark_keeps_the_choice_and_switches_without_transitions(page, site_url):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url)
    wait_until(page, PAGE_STARTED)
    expect(page, "slate", SYSTEM, "(prefers-color-scheme)")
    # Each switch turns transitions off (Material's stylesheet, while <body> has data-md-color-switching) and on again.
    page.evaluate("""() => { window.__lcSwitching = [];
      new MutationObserver(() => window.__lcSwitching.push(document.body.hasAttribute("data-md-color-switching")))
        .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-switching"] }); }""")

    page.click(SHOWN_BUTTON)
    expect(page, "default", LIGHT, "(prefers-color-scheme: light)")
    page.click(SHOWN_BUTTON)
    expect(page, "slate", DARK, "(prefers-color-scheme: dark)")
    assert page.evaluate("window.__lcSwitching") == [True, False, True, False]
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{PALETTE_KEY}'))")
    assert stored["index"] == DARK and stored["color"]["scheme"] == "slate"

    page.emulate_media(color_scheme="light")  # the reader chose dark: the system no longer decides
    page.goto(site_url + "calculator/")
    wait_until(page, PAGE_STARTED)
    expect(page, "slate", DARK, "(prefers-color-scheme: dark)")
    page.click(SHOWN_BUTTON)
    expect(page, "default", SYSTEM, "(prefers-color-scheme)")
    page.reload()
    wait_until(page, PAGE_STARTED)
    expect(page, "default", SYSTEM, "(prefers-color-scheme)")


def test_enter_on_the_toggle_switches_to_the_next_option(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url)
    wait_until(page, PAGE_STARTED)
    page.focus("#__palette_0")
    page.keyboard.press("Enter")
    expect(page, "default", LIGHT, "(prefers-color-scheme: light)")
    page.keyboard.press("Enter")
    expect(page, "slate", DARK, "(prefers-color-scheme: dark)")
    assert page.evaluate("document.activeElement.id") == "__palette_2"


def test_the_systems_choice_follows_the_system_and_a_readers_choice_does_not(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url)
    wait_until(page, PAGE_STARTED)
    expect(page, "default", SYSTEM, "(prefers-color-scheme)")
    page.emulate_media(color_scheme="dark")
    expect(page, "slate", SYSTEM, "(prefers-color-scheme)")

    page.click(SHOWN_BUTTON)  # light, chosen
    expect(page, "default", LIGHT, "(prefers-color-scheme: light)")
    page.emulate_media(color_scheme="light")
    page.emulate_media(color_scheme="dark")
    page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
    expect(page, "default", LIGHT, "(prefers-color-scheme: light)")


@pytest.mark.parametrize("stored", ["{not json", '{"index": "dark"}', "null"])
def test_a_stored_choice_that_cannot_be_read_is_ignored(page, site_url, stored):
    page.emulate_media(color_scheme="dark")
    page.add_init_script(f"localStorage.setItem('{PALETTE_KEY}', {stored!r})")
    page.goto(site_url)
    wait_until(page, PAGE_STARTED)
    expect(page, "slate", SYSTEM, "(prefers-color-scheme)")


def test_the_palette_holds_and_switches_across_instant_navigation(page, site_url):
    # Material's instant navigation keeps the header and the head's colour-scheme <meta>, and adds the next page's
    # head: the page swapped in keeps the palette, with one colour-scheme <meta>, and the toggle still switches.
    serve_sitemap_for_this_origin(page, site_url)
    page.emulate_media(color_scheme="dark")
    page.goto(site_url)
    wait_until(page, PAGE_STARTED)
    expect(page, "slate", SYSTEM, "(prefers-color-scheme)")
    page.evaluate("window.__lcSamePageLoad = true")
    page.locator("article a.lc-entry >> visible=true", has_text="All causes").first.click()
    page.wait_for_url(re.compile(r"/causes/$"))
    wait_until(page, "() => document.querySelector('article h1')?.id === 'all-causes'")
    assert page.evaluate("window.__lcSamePageLoad === true"), "expected Material's instant navigation"
    expect(page, "slate", SYSTEM, "(prefers-color-scheme)")
    page.click(SHOWN_BUTTON)
    expect(page, "default", LIGHT, "(prefers-color-scheme: light)")
    page.click(SHOWN_BUTTON)
    expect(page, "slate", DARK, "(prefers-color-scheme: dark)")
