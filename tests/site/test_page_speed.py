"""Issue 13, item 2: what a page asks of a slow phone before and around its first paint.

- A calculator page sets its worker to work, and with it every download of the Python runtime, only once its largest
  text has painted (its LCP; calculator/paint.mjs): never as it parses, where 3.5 MB would share a slow network with
  the page's own stylesheets, scripts and text (Lighthouse simulated the calculator page's LCP at 24 s when the runtime
  was preloaded from the page's head). The worker itself is created as the page is parsed, and fetches only its own
  script and runtime.json until then.
- The page itself fetches no runtime file: the worker fetches the wasm and the standard library the page names, so
  their 10 MB never pass through the page's main thread (a page preload did, in long tasks between the reader's taps).
- The classes of <html> are set once, by the head's first script, before any stylesheet: no script changes them as
  the page starts. A class of <html> changed later makes Chromium compute the style of every element again (on the
  calculator page four of its ten such computations were caused so, each about 25 ms here, 200 ms at Lighthouse's 8x).
- The same holds for the light / dark palette: tests/site/test_palette.py.
"""

from __future__ import annotations

import pytest

from devtools.waits import AWAIT_READY, LEGCRAMPS_DEFINED, PAGE_STARTED
from tests.site.calculator_helpers import INIT_NOTED

pytestmark = pytest.mark.browser

# When the page set the worker to work, its first largest paint, and the page's own requests for the runtime (the
# worker's are in its own timeline).
INIT_AND_LARGEST_PAINT = """async () => ({
  painted: await new Promise((resolve) => new PerformanceObserver((list) => resolve(list.getEntries()[0].startTime))
    .observe({ type: 'largest-contentful-paint', buffered: true })),
  init: window.__lcInitAt,
  runtime: performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/assets/pyodide/'))
    .map((entry) => entry.name.split('/').pop()),
})"""


@pytest.mark.parametrize("path", ["calculator/", "instruments/wells-dvt/"])
def test_a_calculator_page_sets_its_worker_to_work_only_once_its_largest_text_has_painted(page, site_url, path):
    page.add_init_script(INIT_NOTED)
    page.goto(site_url + path)
    page.wait_for_function(LEGCRAMPS_DEFINED)
    page.evaluate(AWAIT_READY)
    seen = page.evaluate(INIT_AND_LARGEST_PAINT)

    assert seen["init"] >= seen["painted"], seen
    assert seen["runtime"] == [], "the page fetched runtime files itself"


def test_the_built_page_names_the_runtime_files_but_does_not_preload_them_as_it_parses(built_site):
    html = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")

    assert html.count('<meta name="lc-runtime-preload"') == 2
    assert 'rel="preload"' not in html


# Every change of the class of <html>, as [class before, class after], from before the page's first script.
HTML_CLASS_CHANGES_NOTED = """
window.__lcHtmlClassChanges = [];
new MutationObserver((records) => {
  for (const record of records) {
    if (record.target === document.documentElement) {
      window.__lcHtmlClassChanges.push([record.oldValue, record.target.className]);
    }
  }
}).observe(document, { attributes: true, attributeFilter: ["class"], attributeOldValue: true, subtree: true });
"""


@pytest.mark.parametrize("audience", ["clinician", "patient", None])
@pytest.mark.parametrize("path", ["", "calculator/", "causes/deep-vein-thrombosis/"])
def test_no_script_changes_the_classes_of_html_as_the_page_starts(page, site_url, path, audience):
    page.add_init_script(HTML_CLASS_CHANGES_NOTED)
    if audience:
        page.add_init_script(f"localStorage.setItem('legcramps.audience', '{audience}')")
    page.goto(site_url + path)
    page.wait_for_function(PAGE_STARTED)
    if "calculator" in path:
        page.evaluate(AWAIT_READY)
    # A script may set the same class again (DOMTokenList.add of a class already there does): not a change.
    changes = [(before, after) for before, after in page.evaluate("window.__lcHtmlClassChanges") if before != after]
    final = page.evaluate("document.documentElement.classList.value").split()

    assert {"js", f"lc-audience-{audience or 'clinician'}", "js-focus-visible"} <= set(final)
    assert "no-js" not in final
    # Only the head's script changed them, each step before it added the reader's language, its last.
    assert changes and all("lc-audience-" not in (before or "") for before, _after in changes), changes
