"""Record the standard-library files the calculator's Python loads, into generator/publish/stdlib_modules.txt, and
the bytecode of the costliest of them to compile, into generator/publish/stdlib_bytecode.zip.

Runs tests/calculator/record_stdlib.mjs: Pyodide (the npm package, under Node, fully offline) starts as the browser's
worker starts it, installs and imports the calculator, takes and restores a memory snapshot and evaluates every parity
vector; every module whose file is in ``python_stdlib.zip`` is listed. Then tests/calculator/compile_stdlib.mjs
compiles and times each file of the trimmed archive in the same Pyodide, and generator/publish/bytecode.py chooses
which to ship compiled. ``python -m devtools.record_stdlib`` rewrites both; ``--check`` only says whether the
committed list misses a file (what tests/generator/publish/test_stdlib.py runs). Re-record after the calculator
imports a new standard module or Pyodide's version moves (tests/generator/publish/test_bytecode.py says so).
"""

from __future__ import annotations

import argparse
import base64
import json
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

from generator.content import load_content
from generator.export import export_calculator_data
from generator.publish.bytecode import BYTECODE_ARCHIVE, Cost, choose, write_bytecode_archive
from generator.publish.calculator_assets import pyodide_version, python_sources
from generator.publish.reproducible_zip import COMPRESS_LEVEL
from generator.publish.stdlib import MODULE_LIST, read_module_list, trimmed_archive, write_module_list

ROOT = Path(__file__).resolve().parent.parent
RECORDER = ROOT / "tests" / "calculator" / "record_stdlib.mjs"
COMPILER = ROOT / "tests" / "calculator" / "compile_stdlib.mjs"
VECTORS = ROOT / "tests" / "calculator" / "parity_vectors.json"
PYODIDE = ROOT / "node_modules" / "pyodide"
TIMEOUT_S = 300


def record(data_json: Path | None = None, pyodide_dir: Path = PYODIDE, vectors: Path = VECTORS) -> list[str]:
    """The archive members the calculator's Python loads in Pyodide under Node, sorted.

    ``data_json`` is a built site's calculator data; by default it is exported from content/.
    """
    with tempfile.TemporaryDirectory(prefix="lc-stdlib-") as scratch:
        calculator_dir = Path(scratch)
        if data_json is None:
            data = export_calculator_data(load_content(ROOT / "content", ROOT))
            (calculator_dir / "data.json").write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        else:
            (calculator_dir / "data.json").write_bytes(data_json.read_bytes())
        (calculator_dir / "python.json").write_text(json.dumps(python_sources()), encoding="utf-8")
        command = ["node", str(RECORDER), "--pyodide", str(pyodide_dir), "--calculator", scratch]
        command += ["--vectors", str(vectors)]
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT_S)
    if result.returncode != 0:
        raise RuntimeError(f"{RECORDER.name} failed:\n{result.stderr}")
    return sorted(json.loads(result.stdout))


def compile_trimmed(members: list[str], pyodide_dir: Path = PYODIDE) -> dict[str, tuple[bytes, bytes, float]]:
    """Each Python file of the trimmed archive of ``members`` (all as source), compiled in Pyodide under Node:
    {member: (stripped source, .pyc bytes, compile ms)}."""
    with tempfile.TemporaryDirectory(prefix="lc-bytecode-") as scratch:
        archive = Path(scratch) / "trimmed.zip"
        archive.write_bytes(trimmed_archive(pyodide_dir / "python_stdlib.zip", members))
        command = ["node", str(COMPILER), "--pyodide", str(pyodide_dir), "--archive", str(archive)]
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT_S)
        if result.returncode != 0:
            raise RuntimeError(f"{COMPILER.name} failed:\n{result.stderr}")
        with zipfile.ZipFile(archive) as trimmed:
            return {
                entry["member"]: (trimmed.read(entry["member"]), base64.b64decode(entry["pyc"]), entry["compile_ms"])
                for entry in json.loads(result.stdout)
            }


def _compressed(data: bytes) -> int:
    return len(zlib.compress(data, COMPRESS_LEVEL))  # as the trimmed archive deflates each file


def record_bytecode(members: list[str], pyodide_dir: Path = PYODIDE) -> bytes:
    """The bytes of stdlib_bytecode.zip for ``members``: the files :func:`choose` picks, compiled by ``pyodide_dir``."""
    compiled = compile_trimmed(members, pyodide_dir)
    costs = {
        member: Cost(member, compile_ms, _compressed(pyc) - _compressed(source))
        for member, (source, pyc, compile_ms) in compiled.items()
    }
    chosen = choose(costs.values())
    kept = {member: compiled[member][:2] for member in chosen}
    return write_bytecode_archive(pyodide_version(pyodide_dir), kept, costs)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.record_stdlib", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files the committed list misses")
    parser.add_argument("--data", type=Path, help="a built site's assets/calculator/data.json (default: from content/)")
    args = parser.parse_args(argv)
    recorded = record(args.data)
    if args.check:
        missing = sorted(set(recorded) - set(read_module_list()))
        for member in missing:
            print(f"{MODULE_LIST.name} misses {member}", file=sys.stderr)
        return 1 if missing else 0
    write_module_list(recorded)
    print(f"wrote {len(recorded)} files to {MODULE_LIST.relative_to(ROOT)}")
    BYTECODE_ARCHIVE.write_bytes(record_bytecode(read_module_list()))
    print(f"wrote the bytecode of the costliest to compile to {BYTECODE_ARCHIVE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
