"""`python -m bench edit`: how long an editor waits, in ``make serve``, from saving a cause's YAML to seeing it.

For the real content and for it plus 1,000 synthetic causes (bench/build_scale.py makes them), side by side in one
run:

- ``full_build_s``: ``mkdocs build --strict`` of that content, wall time, median of ``BUILDS`` (what every save cost
  before the editor loop was incremental);
- ``edit_to_visible_s``: ``mkdocs serve`` with ``make serve``'s flags (read from the Makefile;
  ``LEGCRAMPS_SERVE_FLAGS`` overrides them) is started and left to finish its first build; then, ``EDITS`` times,
  one cause's summary is rewritten with a new marker, and the time runs from writing the file to the cause page,
  polled over HTTP every ``POLL_S``, carrying the marker. Median. This includes MkDocs' own file watcher, which
  polls every 0.5 s and then waits 0.1 s for writes to settle;
- their ratio (target <= ``TARGET``), and MkDocs' own "built in" seconds of the last rebuild, which leaves out the
  watcher.

Figures go to bench/results.json under ``edit_*`` keys. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.build_scale import synthesize_content
from devtools.mkdocs_serve import config_with_own_theme, fetch, make_serve_flags, running_serve, wait_for
from generator.load import load_document

ROOT = Path(__file__).resolve().parent.parent
SIZES = tuple(int(size) for size in os.environ.get("LEGCRAMPS_EDIT_SIZES", "0,1000").split(","))
EDITS = int(os.environ.get("LEGCRAMPS_EDIT_REPEATS", "5"))
BUILDS = int(os.environ.get("LEGCRAMPS_EDIT_BUILDS", "2"))
TARGET = 0.25
POLL_S = 0.02
SETTLE_S = 1.5  # between edits: the watcher's next poll and the last rebuild are over
EDITED_CAUSE = "acute-compartment-syndrome"  # a real cause (not the single most likely one: any other would do)
_BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")


@dataclass
class EditSpace:
    """One content size: its content, its config and the cause file the edits rewrite."""

    label: str
    causes: int
    content: Path
    config: Path
    cause_file: Path
    cause_data: dict[str, Any]


def prepare(workdir: Path, size: int) -> EditSpace:
    base = workdir / f"edit-{size}"
    base.mkdir(parents=True)
    content = base / "content"
    causes = synthesize_content(content, size)
    cause_file = content / "causes" / f"{EDITED_CAUSE}.yaml"
    data = load_document(cause_file, base).data  # dates stay text, as the generator reads them
    label = "real" if size == 0 else str(size)
    space = EditSpace(label, causes, content, config_with_own_theme(content, base), cause_file, data)
    _write_cause(space, data["summary"])  # written once as the edits write it: they then change only the summary
    return space


def _write_cause(space: EditSpace, summary: str) -> None:
    text = yaml.safe_dump({**space.cause_data, "summary": summary}, sort_keys=False, allow_unicode=True, width=110)
    space.cause_file.write_text(text, encoding="utf-8")


def full_build_s(space: EditSpace) -> float:
    times = []
    for _ in range(BUILDS):
        started = time.perf_counter()
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(space.config)]
        command += ["-d", str(space.config.parent / "site-full")]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(command, cwd=space.config.parent, capture_output=True, text=True, check=False, env=env)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise RuntimeError(f"mkdocs build failed:\n{result.stderr[-3000:]}")
    return statistics.median(times)


def edit_to_visible_s(space: EditSpace) -> tuple[list[float], float | None]:
    """Seconds from each save to the served page showing it; MkDocs' own time of the last rebuild."""
    url_path = f"causes/{EDITED_CAUSE}/"
    times: list[float] = []
    with running_serve(space.config, space.config.parent / "serve.log") as serving:
        page = serving.url + url_path
        if not wait_for(lambda: EDITED_CAUSE in fetch(page, timeout=5), timeout=900, interval=0.5):
            raise RuntimeError(f"mkdocs serve did not come up:\n{serving.log()[-3000:]}")
        time.sleep(SETTLE_S)
        for number in range(1, EDITS + 1):
            marker = f"Edit-loop marker {number}."
            started = time.perf_counter()
            _write_cause(space, f"{marker} {space.cause_data['summary']}")
            while marker not in fetch(page):
                if time.perf_counter() - started > 600:
                    raise RuntimeError(f"the edit never showed:\n{serving.log()[-3000:]}")
                time.sleep(POLL_S)
            times.append(time.perf_counter() - started)
            time.sleep(SETTLE_S)
        built = _BUILT_IN.findall(serving.log())
    return times, float(built[-1]) if built else None


def run() -> tuple[dict[str, Any], list[str]]:
    flags = make_serve_flags()
    results: dict[str, Any] = {"edit_serve_flags": " ".join(flags), "edit_target_ratio": TARGET, "edit_repeats": EDITS}
    lines = [f"mkdocs serve {' '.join(flags)} (make serve's flags); {EDITS} edits of one cause's summary, median"]
    lines.append(f"{'content':>8} {'causes':>6}  {'full build s':>12} {'edit→visible s':>14} {'rebuild s':>9}  ratio")
    with tempfile.TemporaryDirectory(prefix="legcramps-edit-loop-") as tmp:
        for size in SIZES:
            space = prepare(Path(tmp), size)
            full = full_build_s(space)
            edits, rebuild = edit_to_visible_s(space)
            visible = statistics.median(edits)
            ratio = visible / full
            prefix = f"edit_{space.label}"
            results.update(
                {
                    f"{prefix}_causes": space.causes,
                    f"{prefix}_full_build_s": round(full, 3),
                    f"{prefix}_edit_to_visible_s": round(visible, 3),
                    f"{prefix}_edit_to_visible_all_s": [round(value, 3) for value in edits],
                    f"{prefix}_rebuild_s": rebuild,
                    f"{prefix}_ratio": round(ratio, 3),
                }
            )
            verdict = "ok" if ratio <= TARGET else "MISSED"
            lines.append(
                f"{space.label:>8} {space.causes:>6}  {full:>12.2f} {visible:>14.2f} {rebuild or float('nan'):>9.2f}"
                f"  {ratio:.3f} (target <= {TARGET}) {verdict}"
            )
    return results, lines


def main() -> int:
    from bench.audit import merge_results

    results, lines = run()
    print("\n".join(lines))
    merge_results(ROOT / "bench" / "results.json", results, ("edit_",))
    return 0


if __name__ == "__main__":
    sys.exit(main())
