"""`python -m bench [calculator] [update] [audit] [readers] [scale] [edit]`: run the benchmarks (all six by default),
print their tables and merge their figures into bench/results.json.

- calculator: the browser calculator's timings against the built site (bench/calculator.py);
- update: what a returning reader's browser fetches after a one-cause edit, against a first visit
  (bench/offline_update.py);
- audit: Lighthouse and page weight of the built site, served precompressed (bench/audit.py);
- readers: three readers on a 360 px phone, from the home page to their result: taps and distances, with screenshots
  in test-output/readers/ (bench/readers.py);
- scale: build time against the number of causes (bench/build_scale.py);
- edit: the editor loop, from saving a cause's YAML to `make serve` serving it, against a full build, at the real
  content and at 1,000 causes (bench/edit_loop.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.audit import merge_results

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PARTS = ("calculator", "update", "audit", "readers", "scale", "edit")
TARGETS = {  # figure -> limit it must not exceed (the calculator's targets are in bench/calculator.py TARGETS)
    "update_bytes_ratio": 0.02,
}


def print_table(results: dict) -> None:
    width = max(len(key) for key in results)
    print(f"{'figure':<{width}}  {'value':>10}  target")
    for key, value in results.items():
        target = f"<= {TARGETS[key]}" + ("  ok" if value <= TARGETS[key] else "  MISSED") if key in TARGETS else ""
        print(f"{key:<{width}}  {value:>10}  {target}")


def run_calculator(site: Path) -> None:
    from bench import calculator

    results = calculator.run(site)
    merge_results(RESULTS, results, calculator.KEYS)
    print("\n".join(calculator.report(results)))


def run_update() -> None:
    from bench import offline_update

    results = offline_update.run()
    merge_results(RESULTS, results, offline_update.RESULT_PREFIXES)
    print_table(results)


def main(argv: list[str]) -> int:
    parts = argv or list(PARTS)
    unknown = [part for part in parts if part not in PARTS]
    if unknown:
        print(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}", file=sys.stderr)
        return 2
    site = ROOT / "site"
    if {"calculator", "audit", "readers"} & set(parts) and not (site / "calculator" / "index.html").is_file():
        print("build the site first: make build", file=sys.stderr)
        return 2
    if "calculator" in parts:
        print("== calculator (Chromium, built site)")
        run_calculator(site)
    if "update" in parts:
        print("\n== offline update after a one-cause edit (Chromium, a scratch build served precompressed)")
        run_update()
    if "audit" in parts:
        from bench import audit

        print("\n== Lighthouse and page weight")
        if audit.main(site) != 0:
            return 2
    if "readers" in parts:
        from bench import readers

        print("\n== three readers at 360 px (Chromium, built site)")
        readers.main([str(site)])
    if "scale" in parts:
        from bench import build_scale

        print("\n== build scale")
        build_scale.main()
    if "edit" in parts:
        from bench import edit_loop

        print("\n== editor loop (make serve)")
        edit_loop.main()
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
