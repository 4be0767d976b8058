"""`python -m bench.build_scale`: how the build scales with the number of causes.

For each size in ``SIZES`` the real content is copied and that many synthetic causes are added (copies of the
real cause files, except the single most likely one, under new ids and names and with their texts reworded: valid
against the schemas, with their references, findings and weights; ``legcramps check`` accepts them). Three things
are timed, side by side in one run (interleaved, median of ``REPEATS``), each in a fresh interpreter:

- ``generator``: the generator alone, its imports + load + validate + render to Markdown (what the plugin does
  at ``on_config``), timed inside the process;
- ``full``: ``mkdocs build --strict`` with the legcramps plugin (the real build: pages, calculator assets,
  service worker, precompressed files), wall time;
- ``plain``: ``mkdocs build --strict`` without the plugin, of the same pages pre-rendered with
  ``legcramps render`` and the same navigation, wall time.

Figures (``build_*`` keys in bench/results.json): the generator's share of the full build (target <= 20 %) and
the full build's time per cause at the largest size over that at 100 causes (target <= 1.5). A plot of build time
against cause count goes to bench/build_scale.png.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.load import RESOLVERS_WITHOUT_DATES

ROOT = Path(__file__).resolve().parent.parent
PLOT = ROOT / "bench" / "build_scale.png"
SIZES = tuple(int(size) for size in os.environ.get("LEGCRAMPS_BUILD_SIZES", "10,100,1000").split(","))
REPEATS = int(os.environ.get("LEGCRAMPS_BUILD_REPEATS", "3"))
KINDS = ("generator", "full", "plain")
SHARE_TARGET = 0.20
PER_CAUSE_TARGET = 1.5
REFERENCE_SIZE = 100
# Run in a fresh interpreter: prints the seconds from the generator's imports to the rendered pages. The libraries
# MkDocs imports for any build (PyYAML, Jinja2, MarkupSafe) are loaded first, outside the timing: they are not the
# generator's cost.
GENERATOR_SCRIPT = """
import sys, time
import jinja2, markupsafe, yaml
started = time.perf_counter()
from pathlib import Path
from generator.content import load_content
from generator.render import render_site
content_dir = Path(sys.argv[1])
pages = render_site(load_content(content_dir, content_dir.parent))
print(time.perf_counter() - started, len(pages))
"""


@dataclass
class Workspace:
    """One content size: its content, the two MkDocs configs and where they build."""

    size: int
    causes: int
    pages: int
    content: Path
    full_config: Path
    plain_config: Path
    full_site: Path
    plain_site: Path


# Text fields of a cause: each synthetic copy gets its own wording, so no string repeats across causes as it
# would not in real content (a cache of rendered or parsed text must not profit from copies).
TEXT_FIELDS = ("summary", "plain_summary", "mechanism")
TEXT_LISTS = ("features", "distinguishing", "workup", "management")


def synthetic_cause(template: dict[str, Any], number: int) -> dict[str, Any]:
    """A copy of a real cause under a new id and name, each of its texts reworded (citations and links kept)."""
    cause = dict(template)
    variant = f"Variant {number}."
    cause["id"] = f"synthetic-{number:04d}"
    cause["name"] = f"Synthetic cause {number} ({template['name']})"
    if "aliases" in cause:  # a name or alias belongs to one page (legcramps check)
        cause["aliases"] = [f"{alias} {number}" for alias in cause["aliases"]]
    for key in TEXT_FIELDS:
        if key in cause:
            cause[key] = f"{variant} {cause[key]}"
    for key in TEXT_LISTS:
        if key in cause:
            cause[key] = [f"{variant} {text}" for text in cause[key]]
    if "red_flags" in cause:
        cause["red_flags"] = [{**flag, "text": f"{variant} {flag['text']}"} for flag in cause["red_flags"]]
    if "findings" in cause:
        cause["findings"] = [
            {**item, "reason": f"{variant} {item['reason']}"} if "reason" in item else item
            for item in cause["findings"]
        ]
    return cause


def synthesize_content(target: Path, size: int) -> int:
    """Copy the real content to ``target`` and add ``size`` synthetic causes; return the number of causes."""
    shutil.copytree(ROOT / "content", target)
    templates = []
    for path in sorted((ROOT / "content" / "causes").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDatesLoader)
        if data["tier"] != "most_likely":  # the single most likely cause stays single
            templates.append(data)
    for index in range(size):
        cause = synthetic_cause(templates[index % len(templates)], index + 1)
        text = yaml.safe_dump(cause, sort_keys=False, allow_unicode=True, width=110)
        (target / "causes" / f"{cause['id']}.yaml").write_text(text, encoding="utf-8")
    return len(list((target / "causes").glob("*.yaml")))


class _TextDatesLoader(yaml.SafeLoader):
    """Keeps dates as the text they are in content (the schemas check their format), as the generator reads them."""

    yaml_implicit_resolvers = RESOLVERS_WITHOUT_DATES


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def prepare(workdir: Path, size: int) -> Workspace:
    """Content of ``size`` synthetic causes, checked, and both MkDocs configs (full and pre-rendered)."""
    from devtools.mkdocs_build import config_for_content
    from generator.content import check_content, load_content
    from generator.render import render_site, site_nav

    base = workdir / f"causes-{size}"
    base.mkdir(parents=True)
    content = base / "content"
    causes = synthesize_content(content, size)
    problems = check_content(content, base)
    if problems:
        raise RuntimeError(f"synthetic content of {size} causes has problems:\n" + "\n".join(map(str, problems[:20])))
    full_config = config_for_content(content, base)

    markdown = base / "markdown"
    _run([sys.executable, "-m", "generator.cli", "render", "--content", str(content), "--out", str(markdown)], ROOT)
    loaded = load_content(content, base)
    pages = render_site(loaded)
    config = yaml.safe_load(full_config.read_text(encoding="utf-8"))
    config["docs_dir"] = str(markdown)
    config["plugins"] = ["search"]
    config["nav"] = site_nav(loaded, pages)
    plain_config = base / "mkdocs-plain.yml"
    plain_config.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return Workspace(
        size, causes, len(pages), content, full_config, plain_config, base / "site-full", base / "site-plain"
    )


def time_once(space: Workspace, kind: str) -> float:
    """Seconds for one run of ``kind`` on ``space``."""
    if kind == "generator":
        result = _run([sys.executable, "-c", GENERATOR_SCRIPT, str(space.content)], ROOT)
        return float(result.stdout.split()[0])
    config, site = (space.full_config, space.full_site) if kind == "full" else (space.plain_config, space.plain_site)
    started = time.perf_counter()
    _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)], config.parent)
    return time.perf_counter() - started


def measure(spaces: list[Workspace], repeats: int) -> dict[int, dict[str, list[float]]]:
    """Every kind on every size, ``repeats`` rounds, interleaved; the order of kinds rotates each round."""
    times: dict[int, dict[str, list[float]]] = {space.size: {kind: [] for kind in KINDS} for space in spaces}
    for round_index in range(repeats):
        kinds = KINDS[round_index % len(KINDS) :] + KINDS[: round_index % len(KINDS)]
        for space in spaces:
            for kind in kinds:
                times[space.size][kind].append(time_once(space, kind))
    return times


def summarize(spaces: list[Workspace], times: dict[int, dict[str, list[float]]]) -> dict[str, Any]:
    """The ``build_*`` figures: medians per size and kind, the generator's share, per-cause time and its ratio."""
    repeats = min(len(values) for kinds in times.values() for values in kinds.values())
    results: dict[str, Any] = {"build_sizes": [space.size for space in spaces], "build_repeats": repeats}
    for space in spaces:
        medians = {kind: statistics.median(values) for kind, values in times[space.size].items()}
        prefix = f"build_{space.size}"
        results[f"{prefix}_causes"] = space.causes
        results[f"{prefix}_pages"] = space.pages
        for kind, value in medians.items():
            results[f"{prefix}_{kind}_s"] = round(value, 3)
        results[f"{prefix}_generator_share"] = round(medians["generator"] / medians["full"], 3)
        results[f"{prefix}_plugin_overhead_s"] = round(medians["full"] - medians["plain"], 3)
        results[f"{prefix}_full_ms_per_cause"] = round(1000 * medians["full"] / space.causes, 1)
        results[f"{prefix}_plain_ms_per_cause"] = round(1000 * medians["plain"] / space.causes, 1)
    results["build_generator_share_max"] = max(results[f"build_{space.size}_generator_share"] for space in spaces)
    largest = max(space.size for space in spaces)
    if REFERENCE_SIZE in times and largest != REFERENCE_SIZE:
        for kind in ("full", "plain"):
            results[f"build_per_cause_ratio_{kind}"] = round(
                results[f"build_{largest}_{kind}_ms_per_cause"]
                / results[f"build_{REFERENCE_SIZE}_{kind}_ms_per_cause"],
                3,
            )
    return results


def table(spaces: list[Workspace], results: dict[str, Any]) -> list[str]:
    lines = [
        f"{'causes':>6} {'pages':>5}  {'generator s':>11} {'full s':>7} {'plain s':>7}  {'gen share':>9}"
        f"  {'full ms/cause':>13} {'plain ms/cause':>14}  verdict"
    ]
    for space in spaces:
        prefix = f"build_{space.size}"
        share = results[f"{prefix}_generator_share"]
        lines.append(
            f"{space.causes:>6} {space.pages:>5}  {results[f'{prefix}_generator_s']:>11.2f}"
            f" {results[f'{prefix}_full_s']:>7.2f} {results[f'{prefix}_plain_s']:>7.2f}  {share:>8.1%}"
            f"  {results[f'{prefix}_full_ms_per_cause']:>13} {results[f'{prefix}_plain_ms_per_cause']:>14}"
            f"  {'ok' if share <= SHARE_TARGET else 'MISSED share'}"
        )
    if "build_per_cause_ratio_full" in results:
        ratio = results["build_per_cause_ratio_full"]
        verdict = "ok" if ratio <= PER_CAUSE_TARGET else "MISSED"
        lines.append(
            f"per-cause full build time, {max(results['build_sizes'])} vs {REFERENCE_SIZE} synthetic causes: {ratio}x"
            f" (target <= {PER_CAUSE_TARGET}x) {verdict}; plain MkDocs alone: {results['build_per_cause_ratio_plain']}x"
        )
    lines.append(
        f"targets: generator share of the full build <= {SHARE_TARGET:.0%} at every size. "
        f"Median of {results['build_repeats']} interleaved runs; causes = the real ones + the synthetic ones"
    )
    return lines


def plot(spaces: list[Workspace], results: dict[str, Any], path: Path) -> None:
    """Build time against cause count (log-log), one line per kind."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    causes = [space.causes for space in spaces]
    labels = {
        "full": "mkdocs build with the legcramps plugin",
        "plain": "plain mkdocs build of pre-rendered Markdown",
        "generator": "generator alone (load, validate, render)",
    }
    figure, axes = plt.subplots(figsize=(6.4, 4.0), dpi=100)
    for kind, marker in (("full", "o"), ("plain", "s"), ("generator", "^")):
        axes.plot(
            causes, [results[f"build_{space.size}_{kind}_s"] for space in spaces], marker=marker, label=labels[kind]
        )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("causes")
    axes.set_ylabel("build time (s, median)")
    axes.set_title("legcramps build time against cause count")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path, format="png")
    plt.close(figure)


def run(sizes: tuple[int, ...] = SIZES, repeats: int = REPEATS) -> tuple[dict[str, Any], list[str]]:
    """Prepare every size, time them, plot; return the figures and the table's lines."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="legcramps-build-scale-") as tmp:
        spaces = [prepare(Path(tmp), size) for size in sizes]
        times = measure(spaces, repeats)
        results = summarize(spaces, times)
    results["build_bench_seconds"] = round(time.monotonic() - started, 1)
    plot(spaces, results, PLOT)
    return results, [*table(spaces, results), f"wrote {PLOT.relative_to(ROOT)} ({results['build_bench_seconds']} s)"]


def main() -> int:
    from bench.audit import merge_results

    results, lines = run()
    print("\n".join(lines))
    merge_results(ROOT / "bench" / "results.json", results, ("build_",))
    return 0


if __name__ == "__main__":
    sys.exit(main())
