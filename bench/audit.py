"""`python -m bench.audit`: Lighthouse and page weight of the built site, as a static host would serve it.

The site is served on 127.0.0.1 with its precompressed twins (bench/compressed_server.py, like nginx
``gzip_static on;``). For the home page, a cause page, the vascular map and the calculator:

- Lighthouse (npm, pinned in package.json; default mobile config, simulated throttling) in Debian Chromium,
  ``RUNS`` times a page; the run with the median performance score is kept. Reports go to bench/out/lighthouse/.
- Page weight of each content page: every byte the server put on the wire (headers + compressed bodies) for
  one visit in a fresh browser context, until the network has been idle (service workers blocked: what the
  page itself loads, as Lighthouse's total byte weight counts it).
- First visit with the service worker allowed: the Pyodide bytes served while the page loads and the worker
  installs must be 0 (the worker fetches the runtime later, once the page has been idle; site_overrides/sw.js).

Figures go into bench/results.json under ``lighthouse_*`` and ``page_weight_*`` keys.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.compressed_server import Served, serve_compressed
from devtools.chromium import CHROMIUM, CHROMIUM_ARGS, running_chromium
from devtools.site_paths import CALCULATOR_ONLY, PYODIDE_PATH
from devtools.waits import wait_until

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "lighthouse"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
# Lighthouse launches Chromium itself: the flags Playwright gives it (devtools/chromium.py), headless.
CHROME_FLAGS = " ".join(("--headless=new", *CHROMIUM_ARGS))
RUNS = int(os.environ.get("LEGCRAMPS_AUDIT_RUNS", "5"))
PAGES = {  # name -> path under the site root
    "home": "",
    "cause": "causes/deep-vein-thrombosis/",
    "map": "vascular-map/",
    "calculator": "calculator/",
}
CONTENT_PAGES = ("home", "cause", "map")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {  # audit id -> short name, shown for the performance score's sake
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "cumulative-layout-shift": "cls",
    "total-byte-weight": "bytes",
}
WEIGHT_LIMIT_KB = 500
# Files only the calculator needs; a content page must not fetch them.
RESULT_PREFIXES = ("lighthouse_", "page_weight_")


def target_for(page: str, category: str) -> float:
    """The minimum score of ``category`` on ``page`` (issue 4)."""
    if category == "performance":
        return 0.90 if page == "calculator" else 0.95
    return {"accessibility": 1.0, "best-practices": 0.95, "seo": 0.90}[category]


def run_lighthouse(url: str, report: Path) -> dict[str, Any]:
    """One Lighthouse run; its category scores and metrics (the full JSON report is kept at ``report``)."""
    report.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180, check=False)
    if completed.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{completed.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: data["categories"][name]["score"] for name in CATEGORIES}
    metrics = {short: data["audits"][audit_id].get("numericValue") for audit_id, short in METRICS.items()}
    failing = sorted(
        audit_id
        for audit_id, audit in data["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    )
    return {"scores": scores, "metrics": metrics, "failing": failing, "report": report}


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run whose performance score is the median (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda run: run["scores"]["performance"])
    return ordered[(len(ordered) - 1) // 2]


@dataclass
class Visit:
    """What the server sent for one page visit."""

    served: list[Served]

    @property
    def total_bytes(self) -> int:
        return sum(item.wire_bytes for item in self.served)

    def bytes_under(self, parts: tuple[str, ...]) -> int:
        return sum(item.wire_bytes for item in self.served if any(part in item.path for part in parts))

    @property
    def uncompressed(self) -> list[str]:
        """Responses over 2 KB sent without compression (a text file without its twin would show here)."""
        return [item.path for item in self.served if not item.encoding and item.wire_bytes > 2048]


def _settle(page: Any, quiet_ms: int = 1000) -> None:
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(quiet_ms)


# True once some legcramps cache holds the Pyodide wasm (the install's last, all-or-nothing precache).
# Whether a legcramps cache holds the Pyodide wasm (of whichever version, under whichever revision key).
RUNTIME_CACHED = """async (runtimePath) => {
  for (const name of await caches.keys()) {
    if (!name.startsWith("legcramps-")) continue;
    const keys = await (await caches.open(name)).keys();
    if (keys.some((request) => new URL(request.url).pathname.startsWith(runtimePath)
        && new URL(request.url).pathname.endsWith("/pyodide.asm.wasm"))) return true;
  }
  return false;
}"""


def page_visit(browser: Any, url: str, log: list[Served]) -> Visit:
    """What the server sent for one visit in a fresh context, service workers blocked, until the network idles."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    start = len(log)
    page.goto(url)
    _settle(page)
    served = list(log[start:])
    context.close()
    return Visit(served)


def first_visit(browser: Any, site_url: str, path: str, log: list[Served]) -> dict[str, Any]:
    """A first visit with the offline worker allowed: what loads with the page, then what the worker precaches.

    Returns the page-load bytes and Pyodide bytes (until the network idles), how long after the load event the
    worker's first request came, and what it precached (until the runtime is in its cache).
    """
    context = browser.new_context()
    page = context.new_page()
    start = len(log)
    page.goto(site_url + path)
    loaded = time.monotonic()
    _settle(page)
    during_load = Visit(list(log[start:]))
    middle = len(log)
    page.evaluate("navigator.serviceWorker.ready")
    wait_until(page, RUNTIME_CACHED, PYODIDE_PATH, timeout_s=90.0)
    precache = Visit(list(log[middle:]))
    context.close()
    worker_start = next((item.at for item in precache.served if item.path.startswith("/sw.js")), None)
    return {
        "load_kb": round(during_load.total_bytes / 1024, 1),
        "load_pyodide_bytes": during_load.bytes_under((PYODIDE_PATH,)),
        "sw_start_after_load_s": round(worker_start - loaded, 1) if worker_start is not None else None,
        "sw_precache_kb": round(precache.total_bytes / 1024, 1),
    }


def measure_weight(site_url: str, log: list[Served]) -> dict[str, Any]:
    """Page weight (service workers blocked) and the first visit with the service worker allowed."""
    figures: dict[str, Any] = {}
    with running_chromium() as browser:
        for name in CONTENT_PAGES:
            url = site_url + PAGES[name]
            page_visit(browser, url, log)  # warms the OS file cache; the bytes are the same every time
            visited = page_visit(browser, url, log)
            first = first_visit(browser, site_url, PAGES[name], log)
            figures[name] = {
                "kb": round(visited.total_bytes / 1024, 1),
                "requests": len(visited.served),
                "calculator_bytes": visited.bytes_under(CALCULATOR_ONLY),
                "uncompressed": visited.uncompressed,
                **{f"first_visit_{key}": value for key, value in first.items()},
            }
    return figures


def run(site_dir: Path, runs: int = RUNS) -> tuple[dict[str, Any], list[str]]:
    """Audit the built site; return the results.json figures and the printed table's lines."""
    log: list[Served] = []
    results: dict[str, Any] = {"lighthouse_runs_per_page": runs}
    lines: list[str] = []
    missed: list[str] = []
    with serve_compressed(site_dir, log) as url:
        chosen: dict[str, dict[str, Any]] = {}
        all_runs: dict[str, list[dict[str, Any]]] = {name: [] for name in PAGES}
        for index in range(runs):  # interleaved, so drift on a busy machine hits every page alike
            for name, path in PAGES.items():
                all_runs[name].append(run_lighthouse(url + path, OUT / f"{name}-{index + 1}.json"))
        for name, page_runs in all_runs.items():
            chosen[name] = _median_run(page_runs)
            (OUT / f"{name}.json").write_bytes(chosen[name]["report"].read_bytes())
        weight = measure_weight(url, log)

    lines.append(
        f"{'page':<11} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5}  {'FCP ms':>6} {'LCP ms':>6} {'TBT ms':>6}"
        f" {'CLS':>5} {'LH KB':>6}  perf range  verdict"
    )
    for name, chosen_run in chosen.items():
        scores, metrics = chosen_run["scores"], chosen_run["metrics"]
        perfs = [r["scores"]["performance"] for r in all_runs[name]]
        page_missed = [c for c in CATEGORIES if scores[c] is None or scores[c] < target_for(name, c)]
        missed += [f"lighthouse {name} {c} {scores[c]} < {target_for(name, c)}" for c in page_missed]
        for category in CATEGORIES:
            results[f"lighthouse_{name}_{category.replace('-', '_')}"] = scores[category]
        results[f"lighthouse_{name}_performance_all_runs"] = perfs
        for short, value in metrics.items():
            if value is not None:
                results[f"lighthouse_{name}_{short}"] = round(value, 3 if short == "cls" else 0)
        verdict = "ok" if not page_missed else "MISSED " + ",".join(page_missed)
        lines.append(
            f"{name:<11} {scores['performance']:>5} {scores['accessibility']:>5} {scores['best-practices']:>5}"
            f" {scores['seo']:>5}  {metrics['fcp_ms']:>6.0f} {metrics['lcp_ms']:>6.0f} {metrics['tbt_ms']:>6.0f}"
            f" {metrics['cls']:>5.3f} {metrics['bytes'] / 1024:>6.0f}  {min(perfs):.2f}-{max(perfs):.2f}   {verdict}"
        )
        if chosen_run["failing"]:
            lines.append(f"{'':<11} failing audits: {', '.join(chosen_run['failing'])}")
    lines.append(
        f"targets: performance >= 0.95 (content), >= 0.90 (calculator); accessibility 1.0; best practices >= 0.95;"
        f" SEO >= 0.90. Median of {runs} run(s) a page by performance; reports in {OUT.relative_to(ROOT)}/"
    )
    lines.append("")
    lines.append(
        f"{'page':<11} {'weight KB':>9} {'requests':>8} {'calc+Pyodide B':>14}  {'1st visit: load KB':>18}"
        f" {'Pyodide B':>9}  {'SW starts':>9} {'SW precache KB':>14}  verdict"
    )
    for name, figures in weight.items():
        ok = (
            figures["kb"] <= WEIGHT_LIMIT_KB
            and figures["calculator_bytes"] == 0
            and figures["first_visit_load_pyodide_bytes"] == 0
        )
        if not ok:
            missed.append(f"page weight {name}: {figures}")
        for key, value in figures.items():
            if key != "uncompressed":
                results[f"page_weight_{name}_{key}"] = value
        lines.append(
            f"{name:<11} {figures['kb']:>9} {figures['requests']:>8} {figures['calculator_bytes']:>14}"
            f"  {figures['first_visit_load_kb']:>18} {figures['first_visit_load_pyodide_bytes']:>9}"
            f"  {figures['first_visit_sw_start_after_load_s']!s:>7} s {figures['first_visit_sw_precache_kb']:>14}"
            f"  {'ok' if ok else 'MISSED'}"
        )
        if figures["uncompressed"]:
            lines.append(f"{'':<11} sent uncompressed: {', '.join(figures['uncompressed'])}")
    lines.append(
        f"targets: weight <= {WEIGHT_LIMIT_KB} KB on the wire (gzip twins; service worker blocked, as Lighthouse"
        " counts) with 0 calculator/Pyodide bytes; first visit with the service worker allowed: 0 Pyodide bytes"
        " until the page's network is idle (the worker registers after load + idle and then precaches the site)"
    )
    results["lighthouse_targets_missed"] = len(missed)
    return results, lines + [f"MISSED: {line}" for line in missed]


def merge_results(path: Path, results: dict[str, Any], prefixes: tuple[str, ...]) -> None:
    """Write ``results`` into the JSON file at ``path``, replacing earlier keys with these prefixes."""
    previous = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    kept = {key: value for key, value in previous.items() if not key.startswith(prefixes)}
    path.write_text(json.dumps({**kept, **results}, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(site_dir: Path | None = None) -> int:
    site = site_dir or ROOT / "site"
    if not (site / "index.html").is_file() or not LIGHTHOUSE.exists():
        print("build the site and install the npm tools first: make audit", file=sys.stderr)
        return 2
    if not (site / "index.html.gz").is_file():
        print(f"warning: {site} has no precompressed twins; weights are uncompressed", file=sys.stderr)
    started = time.monotonic()
    results, lines = run(site)
    results["lighthouse_audit_seconds"] = round(time.monotonic() - started, 1)
    print("\n".join(lines))
    merge_results(ROOT / "bench" / "results.json", results, RESULT_PREFIXES)
    print(f"wrote bench/results.json (audit took {results['lighthouse_audit_seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
