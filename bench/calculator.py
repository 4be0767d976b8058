"""Browser calculator timings and bytes, side by side in one run, against the built site served as a static host serves
it (its precompressed twins, bench/compressed_server.py) on 127.0.0.1. Medians over fresh Chromium contexts; the runs
of every figure are interleaved so drift on a noisy, shared machine hits them all alike, and the figures that matter
are ratios measured in the same run. Each ratio is the median of the ratios of one round (the calculator against the
bare page run just before it; a warm or reloaded visit against that round's cold one): a round that ran while the
machine was busy slows both sides of its ratio, where the ratio of two medians can pair a busy round's figure with a
quiet round's (the same build's local ``ready_ratio`` read 0.98 to 1.12 that way, in three runs of five rounds).

- ``pyodide_bare_ms``: a page that only calls ``loadPyodide()`` (same self-hosted runtime, its defaults: the full
  standard library and the lock file), navigation to done; ``bare_pyodide_wire_bytes``: what that page's runtime
  requests put on the wire (the bare Pyodide files alone).
- ``calculator_ready_ms``: the calculator page, navigation to ``window.legcramps.ready`` resolved (cold cache, no
  service worker); ``cold_wire_bytes``: every response the server sent for it until then (page, scripts, styles,
  runtime, calculator files).
- ``warm_ready_ms``: the same page again after one visit has finished its caching (the service worker's precache and
  the worker's Pyodide memory snapshot).
- ``reload_ready_ms``: a first visit reloaded the moment the calculator is ready (no waiting for any caching).
- ``throttled_*``: bare ``loadPyodide()`` and the cold calculator under Chromium's network emulation (10 Mbit/s,
  40 ms latency; ``Network.emulateNetworkConditions``).
- ``eval_p50_ms`` / ``eval_p95_ms``: 1,000 evaluations through the worker, one round trip each.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

from bench.compressed_server import Served, serve_compressed
from devtools.chromium import running_chromium
from devtools.site_paths import PYODIDE_PATH, runtime_path
from devtools.waits import AWAIT_READY, LEGCRAMPS_DEFINED, TIMEOUT_MS, wait_until

CONTEXTS = 9
THROTTLED_CONTEXTS = 5
EVALUATIONS = 1000
# A phone on a decent mobile network: 10 Mbit/s down and up, 40 ms latency.
THROTTLE = {"offline": False, "latency": 40, "downloadThroughput": 10_000_000 / 8, "uploadThroughput": 10_000_000 / 8}
# The runtime's folder (assets/pyodide/<version>/, devtools.site_paths.runtime_path) is filled in by run().
BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare loadPyodide</title>
<script type="module">
import { loadPyodide } from "/RUNTIME/pyodide.mjs";
await loadPyodide({ indexURL: "/RUNTIME/", packages: [] });
window.bareDone = performance.now();
</script>"""
BARE_DONE = "window.bareDone !== undefined"
ANSWERS = {
    "nocturnal": True,
    "age": 70,
    "sudden_painful_contraction": True,
    "location": ["calf"],
    "abi_brachial_left": 140,
    "abi_dp_left": 120,
    "wells_calf_swelling_3cm": True,
}
READY = "window.legcramps.ready.then(() => performance.now())"
# One visit has finished its caching: the service worker holds the runtime and the worker saved its snapshot.
VISIT_CACHED = """Promise.all([
    caches.keys().then(keys => Promise.all(keys.map(key => caches.open(key).then(cache =>
        cache.keys().then(requests => requests.some(request =>
            new URL(request.url).pathname.endsWith('/pyodide.asm.wasm')))))))
        .then(found => found.some(Boolean)),
    caches.open('lc-pyodide-snapshot').then(cache => cache.keys()).then(keys => keys.length > 0),
]).then(([runtime, snapshot]) => runtime && snapshot)"""

# figure -> (limit, why the target is what it is); every figure must not exceed its limit.
TARGETS: dict[str, tuple[float, str]] = {
    "wire_ratio": (0.70, "cold wire bytes to ready / the bare Pyodide files' (the wasm and its loader alone ~0.60)"),
    "ready_ratio": (1.05, "cold ready / bare loadPyodide(), local server"),
    "throttled_ready_ratio": (0.85, "cold ready / bare loadPyodide(), 10 Mbit/s and 40 ms"),
    "warm_ratio": (0.30, "ready after a cached visit (service worker + snapshot) / cold ready"),
    "reload_ratio": (0.30, "ready on a reload right after ready / cold ready"),
    "eval_p95_ms": (5.0, "one evaluation through the worker, 95th percentile"),
}


class _Run:
    """One measured page load: its ready time and the bytes the server sent for it."""

    def __init__(self, log: list[Served]) -> None:
        self._log = log
        self._start = len(log)

    def wire_bytes(self, only: Callable[[str], bool] = lambda path: True) -> int:
        return sum(served.wire_bytes for served in self._log[self._start :] if only(served.path))


def _throttle(context: BrowserContext, page: Page) -> None:
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", THROTTLE)


def _bare(browser: Browser, url: str, runtime: str, log: list[Served], *, throttled: bool = False) -> tuple[float, int]:
    context = browser.new_context(service_workers="block")
    body = BARE_PAGE.replace("/RUNTIME/", "/" + runtime)
    context.route("**/__bench/bare.html", lambda route: route.fulfill(body=body, content_type="text/html"))
    page = context.new_page()
    if throttled:
        _throttle(context, page)
    run = _Run(log)
    page.goto(url + "__bench/bare.html")
    page.wait_for_function(BARE_DONE, timeout=TIMEOUT_MS * 3)
    value = page.evaluate("window.bareDone")
    context.close()
    return value, run.wire_bytes(lambda path: path.startswith(PYODIDE_PATH))


def _open_ready(page: Page, url: str) -> float:
    page.goto(url + "calculator/")
    page.wait_for_function(LEGCRAMPS_DEFINED, timeout=TIMEOUT_MS)
    return page.evaluate(READY)


def _cold(browser: Browser, url: str, log: list[Served], *, throttled: bool = False) -> tuple[float, int]:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS * 3)
    if throttled:
        _throttle(context, page)
    run = _Run(log)
    value = _open_ready(page, url)
    wire = run.wire_bytes()
    context.close()
    return value, wire


def _restored(page: Page) -> bool:
    return bool(page.evaluate("window.legcramps.runtime().then((runtime) => runtime.restored)"))


def _warm(browser: Browser, url: str) -> tuple[float, bool]:
    context = browser.new_context()
    page = context.new_page()
    _open_ready(page, url)
    page.evaluate("navigator.serviceWorker.ready")
    wait_until(page, VISIT_CACHED)
    page.reload()
    page.wait_for_function(LEGCRAMPS_DEFINED, timeout=TIMEOUT_MS)
    value = page.evaluate(READY)
    controlled = page.evaluate("navigator.serviceWorker.controller !== null")
    restored = _restored(page)
    context.close()
    if not controlled:
        raise RuntimeError("warm run was not served by the service worker")
    return value, restored


def _reload(browser: Browser, url: str) -> tuple[float, bool]:
    """A first visit reloaded as soon as the calculator is ready: whatever that visit left behind is all there is."""
    context = browser.new_context()
    page = context.new_page()
    _open_ready(page, url)
    page.reload()
    page.wait_for_function(LEGCRAMPS_DEFINED, timeout=TIMEOUT_MS)
    value = page.evaluate(READY)
    restored = _restored(page)
    context.close()
    return value, restored


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


def _pair(
    browser: Browser, url: str, runtime: str, log: list[Served], *, cold_first: bool, throttled: bool = False
) -> tuple[tuple[float, int], tuple[float, int]]:
    """One round's bare ``loadPyodide()`` and cold calculator, as (ms, wire bytes) each. Which goes first alternates
    from round to round (``cold_first``): the first follows the previous round's visits, whose caching (the service
    worker's, the snapshot's) the browser may still be finishing on a two-core machine, and alternating keeps that
    from landing on the same side of the ratio every round."""
    if cold_first:
        cold = _cold(browser, url, log, throttled=throttled)
        return _bare(browser, url, runtime, log, throttled=throttled), cold
    bare = _bare(browser, url, runtime, log, throttled=throttled)
    return bare, _cold(browser, url, log, throttled=throttled)


# ratio -> (figure, the figure it is divided by, round by round)
PAIRED_RATIOS = {
    "ready_ratio": ("calculator_ready_ms", "pyodide_bare_ms"),
    "throttled_ready_ratio": ("throttled_ready_ms", "throttled_bare_ms"),
    "warm_ratio": ("warm_ready_ms", "calculator_ready_ms"),
    "reload_ratio": ("reload_ready_ms", "calculator_ready_ms"),
}


def run(site_dir: Path, contexts: int = CONTEXTS, throttled_contexts: int = THROTTLED_CONTEXTS) -> dict[str, Any]:
    """Measure every figure, interleaving the runs so drift on a noisy machine hits them all alike."""
    samples: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        samples.setdefault(name, []).append(value)

    runtime = runtime_path(site_dir)
    log: list[Served] = []
    with serve_compressed(site_dir, log) as url, running_chromium() as browser:
        _cold(browser, url, log)  # let the OS file cache settle before measuring
        for round_ in range(contexts):
            (bare_ms, bare_bytes), (cold_ms, cold_bytes) = _pair(browser, url, runtime, log, cold_first=round_ % 2 == 1)
            add("pyodide_bare_ms", bare_ms)
            add("bare_pyodide_wire_bytes", bare_bytes)
            add("calculator_ready_ms", cold_ms)
            add("cold_wire_bytes", cold_bytes)
            warm_ms, warm_restored = _warm(browser, url)
            add("warm_ready_ms", warm_ms)
            add("warm_restored", warm_restored)
            reload_ms, reload_restored = _reload(browser, url)
            add("reload_ready_ms", reload_ms)
            add("reload_restored", reload_restored)
            times = _eval_ms(browser, url)
            add("eval_p50_ms", _percentile(times, 0.50))
            add("eval_p95_ms", _percentile(times, 0.95))
        for round_ in range(throttled_contexts):
            (bare_ms, _), (cold_ms, _) = _pair(browser, url, runtime, log, cold_first=round_ % 2 == 1, throttled=True)
            add("throttled_bare_ms", bare_ms)
            add("throttled_ready_ms", cold_ms)
    median = statistics.median
    results: dict[str, Any] = {"contexts": contexts, "throttled_contexts": throttled_contexts}
    results["evaluations_per_context"] = EVALUATIONS
    for name, values in samples.items():
        if name.endswith("_restored"):
            results[name] = f"{sum(values):.0f}/{len(values)}"
        elif name.endswith("_bytes"):
            results[name] = round(median(values))
        else:
            results[name] = round(median(values), 3 if name.startswith("eval_") else 1)
    results["wire_ratio"] = round(results["cold_wire_bytes"] / results["bare_pyodide_wire_bytes"], 3)
    for ratio, (measured, against) in PAIRED_RATIOS.items():
        pairs = zip(samples[measured], samples[against], strict=True)
        results[ratio] = round(median(value / reference for value, reference in pairs), 3)
    return results


KEYS = (
    "contexts",
    "throttled_contexts",
    "evaluations_per_context",
    "pyodide_bare_ms",
    "calculator_ready_ms",
    "warm_ready_ms",
    "warm_restored",
    "reload_ready_ms",
    "reload_restored",
    "throttled_bare_ms",
    "throttled_ready_ms",
    "bare_pyodide_wire_bytes",
    "cold_wire_bytes",
    "eval_p50_ms",
    "eval_p95_ms",
    "wire_ratio",
    "ready_ratio",
    "throttled_ready_ratio",
    "warm_ratio",
    "reload_ratio",
)


def report(results: dict[str, Any]) -> list[str]:
    """The figures as a table: each with its target, met or missed, and what the target compares."""
    width = max(len(key) for key in results)
    lines = [f"{'figure':<{width}}  {'value':>10}  target"]
    for key, value in results.items():
        target = ""
        if key in TARGETS:
            limit, why = TARGETS[key]
            target = f"<= {limit}  {'met' if value <= limit else 'MISSED'}  ({why})"
        lines.append(f"{key:<{width}}  {value!s:>10}  {target}")
    return lines


def main(argv: list[str]) -> int:
    """``python -m bench.calculator SITE_DIR [CONTEXTS [THROTTLED]]``: measure a built site (before/after runs)."""
    site = Path(argv[0])
    contexts = int(argv[1]) if len(argv) > 1 else CONTEXTS
    throttled = int(argv[2]) if len(argv) > 2 else THROTTLED_CONTEXTS
    print("\n".join(report(run(site, contexts, throttled))))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
