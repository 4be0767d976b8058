"""Browser calculator timings, as medians over fresh Chromium contexts against the built site on 127.0.0.1.

- ``pyodide_bare_ms``: a page that only calls ``loadPyodide()`` (same self-hosted runtime), navigation to done.
- ``calculator_ready_ms``: the calculator page, navigation to ``window.legcramps.ready`` resolved (cold cache).
- ``warm_ready_ms``: the same after one visit, once that visit's caching is done (the service worker's runtime
  cache and the worker's Pyodide memory snapshot).
- ``eval_p50_ms`` / ``eval_p95_ms``: 1,000 evaluations through the worker, one round trip each.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from devtools.chromium import running_chromium
from devtools.server import serve
from devtools.site_paths import runtime_path
from devtools.waits import AWAIT_READY, LEGCRAMPS_DEFINED, TIMEOUT_MS, wait_until

CONTEXTS = 5
EVALUATIONS = 1000
# The runtime's folder (assets/pyodide/<version>/, devtools.site_paths.runtime_path) is filled in by run().
BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare loadPyodide</title>
<script type="module">
import { loadPyodide } from "/RUNTIME/pyodide.mjs";
await loadPyodide({ indexURL: "/RUNTIME/", packages: [] });
window.bareDone = performance.now();
</script>"""
ANSWERS = {
    "nocturnal": True,
    "age": 70,
    "sudden_painful_contraction": True,
    "location": ["calf"],
    "abi_brachial_left": 140,
    "abi_dp_left": 120,
    "wells_calf_swelling_3cm": True,
}


def _bare_ms(browser: Browser, url: str, runtime: str) -> float:
    context = browser.new_context(service_workers="block")
    body = BARE_PAGE.replace("/RUNTIME/", "/" + runtime)
    context.route("**/__bench/bare.html", lambda route: route.fulfill(body=body, content_type="text/html"))
    page = context.new_page()
    page.goto(url + "__bench/bare.html")
    page.wait_for_function("window.bareDone !== undefined", timeout=TIMEOUT_MS)
    value = page.evaluate("window.bareDone")
    context.close()
    return value


READY = "window.legcramps.ready.then(() => performance.now())"
# One visit has finished its caching: the service worker holds the runtime and the worker saved its snapshot.
VISIT_CACHED = """Promise.all([
    caches.keys().then(keys => Promise.all(keys.map(key => caches.open(key).then(cache =>
        cache.keys().then(requests => requests.some(request =>
            new URL(request.url).pathname.endsWith('/pyodide.asm.wasm')))))))
        .then(found => found.some(Boolean)),
    caches.open('lc-pyodide-snapshot').then(cache => cache.keys()).then(keys => keys.length > 0),
]).then(([runtime, snapshot]) => runtime && snapshot)"""


def _cold_ms(browser: Browser, url: str) -> float:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(url + "calculator/")
    page.wait_for_function(LEGCRAMPS_DEFINED, timeout=TIMEOUT_MS)
    value = page.evaluate(READY)
    context.close()
    return value


def _warm_ms(browser: Browser, url: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "calculator/")
    page.wait_for_function(LEGCRAMPS_DEFINED, timeout=TIMEOUT_MS)
    page.evaluate(READY)
    page.evaluate("navigator.serviceWorker.ready")
    wait_until(page, VISIT_CACHED)
    page.reload()
    page.wait_for_function(LEGCRAMPS_DEFINED, timeout=TIMEOUT_MS)
    value = page.evaluate(READY)
    controlled = page.evaluate("navigator.serviceWorker.controller !== null")
    context.close()
    if not controlled:
        raise RuntimeError("warm run was not served by the service worker")
    return value


def _eval_ms(browser: Browser, url: str) -> list[float]:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(url + "calculator/")
    page.wait_for_function(LEGCRAMPS_DEFINED, timeout=TIMEOUT_MS)
    page.evaluate(AWAIT_READY)
    times = page.evaluate(
        """async ([answers, n]) => {
            const out = [];
            for (let i = 0; i < n; i++) {
                const t = performance.now();
                await window.legcramps.evaluateJSON({...answers, age: 20 + (i % 80)});
                out.push(performance.now() - t);
            }
            return out;
        }""",
        [ANSWERS, EVALUATIONS],
    )
    context.close()
    return times


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(site_dir: Path) -> dict[str, Any]:
    """Measure every figure, interleaving the runs so drift on a noisy machine hits them all alike."""
    bare, cold, warm, p50, p95 = [], [], [], [], []
    runtime = runtime_path(site_dir)
    with serve(site_dir) as url, running_chromium() as browser:
        _cold_ms(browser, url)  # let the OS file cache settle before measuring
        for _ in range(CONTEXTS):
            bare.append(_bare_ms(browser, url, runtime))
            cold.append(_cold_ms(browser, url))
            warm.append(_warm_ms(browser, url))
            times = _eval_ms(browser, url)
            p50.append(_percentile(times, 0.50))
            p95.append(_percentile(times, 0.95))
    median = statistics.median
    results = {
        "contexts": CONTEXTS,
        "evaluations_per_context": EVALUATIONS,
        "pyodide_bare_ms": round(median(bare), 1),
        "calculator_ready_ms": round(median(cold), 1),
        "warm_ready_ms": round(median(warm), 1),
        "eval_p50_ms": round(median(p50), 3),
        "eval_p95_ms": round(median(p95), 3),
    }
    results["ready_ratio"] = round(results["calculator_ready_ms"] / results["pyodide_bare_ms"], 3)
    results["warm_ratio"] = round(results["warm_ready_ms"] / results["calculator_ready_ms"], 3)
    return results
