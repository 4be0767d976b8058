"""`python -m bench`: run the benchmarks against the built site, print a table, write bench/results.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench import calculator

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
TARGETS = {  # figure -> (limit, "max" means the figure must not exceed the limit)
    "ready_ratio": 1.15,
    "warm_ratio": 0.60,
    "eval_p95_ms": 5.0,
}


def main() -> int:
    site = ROOT / "site"
    if not (site / "calculator" / "index.html").is_file():
        print("build the site first: make build", file=sys.stderr)
        return 2
    results = calculator.run(site)
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    RESULTS.write_text(json.dumps({**previous, **results}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    width = max(len(key) for key in results)
    print(f"{'figure':<{width}}  {'value':>10}  target")
    for key, value in results.items():
        target = f"<= {TARGETS[key]}" + ("  ok" if value <= TARGETS[key] else "  MISSED") if key in TARGETS else ""
        print(f"{key:<{width}}  {value:>10}  {target}")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
