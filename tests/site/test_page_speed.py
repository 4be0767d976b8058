"""Issue 13, item 2: what a page asks of a slow phone before and around its first paint.

- A calculator page preloads no file of the Python runtime before its largest text has painted (its LCP): the wasm
  and the trimmed standard library are preloaded then (legcramps.mjs, from main.html's list), never as it parses, where
  3.5 MB would share a slow network with the page's own stylesheets, scripts and text (Lighthouse simulated the
  calculator page's LCP at 24 s when they were preloaded from the page's head).
"""

from __future__ import annotations

import pytest

from devtools.waits import wait_until

pytestmark = pytest.mark.browser

RUNTIME_PRELOADED = """() => ['pyodide.asm.wasm', 'python_stdlib.trimmed.'].every((file) =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes('/assets/pyodide/')
    && entry.name.split('/').pop().startsWith(file)))"""
# The page's own requests for the runtime (the worker's are in its own timeline) and its first largest paint.
RUNTIME_REQUESTS_AND_LARGEST_PAINT = """async () => ({
  painted: await new Promise((resolve) => new PerformanceObserver((list) => resolve(list.getEntries()[0].startTime))
    .observe({ type: 'largest-contentful-paint', buffered: true })),
  runtime: performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/assets/pyodide/'))
    .map((entry) => [entry.name.split('/').pop(), entry.startTime, entry.initiatorType]),
})"""


@pytest.mark.parametrize("path", ["calculator/", "instruments/wells-dvt/"])
def test_a_calculator_page_preloads_the_runtime_only_once_its_largest_text_has_painted(page, site_url, path):
    page.goto(site_url + path)
    wait_until(page, RUNTIME_PRELOADED)
    seen = page.evaluate(RUNTIME_REQUESTS_AND_LARGEST_PAINT)

    assert {name.split(".")[0] for name, _, _ in seen["runtime"]} >= {"pyodide", "python_stdlib"}
    started_early = [(name, start) for name, start, _ in seen["runtime"] if start < seen["painted"]]
    assert started_early == [], f"before the largest paint at {seen['painted']:.0f} ms"


def test_the_built_page_names_the_runtime_files_but_does_not_preload_them_as_it_parses(built_site):
    html = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")

    assert html.count('<meta name="lc-runtime-preload"') == 2
    assert 'rel="preload"' not in html
