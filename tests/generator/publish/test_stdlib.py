"""The site's trimmed standard library (generator/publish/stdlib.py): what it holds, that it is reproducible, that the
committed module list covers every file the calculator's Python loads, and that any other standard module still
imports (from the full archive, which stays in the site)."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from devtools.record_stdlib import record
from generator.publish import calculator_assets
from generator.publish.calculator_assets import MissingRuntime, runtime_preloads, write_calculator_assets
from generator.publish.reproducible_zip import FIXED_DATE
from generator.publish.stdlib import (
    MODULE_LIST,
    StdlibError,
    archive_name,
    read_module_list,
    stripped,
    top_level_names,
    trimmed_archive,
    with_packages,
)
from tests.conftest import REPO_ROOT
from tests.generator.publish.conftest import (
    INSTALLED_STDLIB,
    NODE_HARNESS,
    NOT_IMPORTED,
    PYODIDE_VERSION,
)

DATA = {"findings": [], "causes": [], "version": "test"}


@pytest.fixture(scope="module")
def trimmed() -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(trimmed_archive(INSTALLED_STDLIB, read_module_list())))


def test_the_list_names_the_files_start_up_and_the_calculator_load_and_no_frozen_module():
    members = read_module_list()
    assert members == sorted(set(members))
    # Pyodide's start-up, the calculator's own imports (json, decimal) and the encoding Python starts with.
    assert {"_pyodide/_base.py", "pyodide/__init__.py", "json/__init__.py", "decimal.py", "encodings/utf_8.py"} <= set(
        members
    )
    # Frozen into the interpreter: never read from the archive.
    assert "os.py" not in members and "importlib/_bootstrap.py" not in members


def test_the_trimmed_archive_holds_the_recorded_files_and_their_packages_stripped_line_for_line(trimmed):
    full = zipfile.ZipFile(INSTALLED_STDLIB)
    names = trimmed.namelist()
    assert names == sorted(names)
    assert set(read_module_list()) <= set(names)
    assert set(names) - set(read_module_list()) <= {name for name in names if name.endswith("/__init__.py")}
    for name in names:
        assert trimmed.read(name) == stripped(name, full.read(name)), name
        assert trimmed.read(name).count(b"\n") == full.read(name).count(b"\n"), name
    assert b'\"\"\"' not in trimmed.read("json/decoder.py") and b"# " not in trimmed.read("json/decoder.py")
    assert "difflib.py" not in names and "xml/dom/minidom.py" not in names


def test_the_trimmed_archive_is_under_a_sixth_of_the_full_one():
    # 385 kB of 2.5 MB (674 kB before comments and docstrings went; Pyodide's own start-up loads most of it: asyncio,
    # its FFI, zipfile, ...).
    assert len(trimmed_archive(INSTALLED_STDLIB, read_module_list())) < INSTALLED_STDLIB.stat().st_size / 6


def test_every_package_above_a_file_brings_its_init():
    available = {"a/__init__.py", "a/b/__init__.py", "a/b/c.py", "d/e.py"}
    assert with_packages(["a/b/c.py", "d/e.py"], available) == [
        "a/__init__.py",
        "a/b/__init__.py",
        "a/b/c.py",
        "d/e.py",
    ]


def test_two_builds_write_the_same_bytes_with_no_build_time_in_them(trimmed):
    first, second = (
        trimmed_archive(INSTALLED_STDLIB, read_module_list()),
        trimmed_archive(INSTALLED_STDLIB, read_module_list()),
    )
    assert first == second
    assert {info.date_time for info in trimmed.infolist()} == {FIXED_DATE}
    assert archive_name(first) == archive_name(second) != archive_name(first + b"x")


def test_a_recorded_file_pyodides_archive_lacks_says_to_record_again(tmp_path):
    with pytest.raises(StdlibError, match=r"devtools\.record_stdlib"):
        trimmed_archive(INSTALLED_STDLIB, ["no_such_module.py"])


def test_the_fallback_names_are_the_full_archives_importable_top_level_modules_and_packages():
    names = top_level_names(INSTALLED_STDLIB)
    assert {"difflib", "xml", "json", "email", "_pyodide", "pyodide"} <= set(names)
    assert "site-packages" not in names and all(name.isidentifier() for name in names)
    assert "numpy" not in names and "_winapi" not in names  # a miss for these never fetches the full archive


def test_the_site_loads_the_trimmed_archive_keeps_the_full_one_and_fetches_no_lock_file(tmp_path, pyodide_dir):
    write_calculator_assets(tmp_path, DATA, pyodide_dir)
    runtime = json.loads((tmp_path / "assets/calculator/runtime.json").read_text(encoding="utf-8"))
    folder = tmp_path / "assets/pyodide" / PYODIDE_VERSION
    stdlib = (folder / runtime["stdlib"]).read_bytes()
    assert runtime["stdlib"] == archive_name(stdlib)
    assert set(zipfile.ZipFile(folder / runtime["stdlib"]).namelist()).isdisjoint(NOT_IMPORTED)
    assert (folder / "python_stdlib.zip").read_bytes() == (pyodide_dir / "python_stdlib.zip").read_bytes()
    assert {"difflib", "xml"} <= set(runtime["stdlib_fallback_names"])
    # The lock file's ABI, which Pyodide checks, but none of its packages: the worker loads none.
    assert runtime["lock_info"] == {"abi_version": "test", "python": "3.14.2"}
    # The progress bar counts what the worker fetches: the wasm and the trimmed archive.
    assert runtime["download_bytes"] == (pyodide_dir / "pyodide.asm.wasm").stat().st_size + len(stdlib)


def test_a_rebuild_after_the_list_changed_keeps_only_the_new_archive(tmp_path, pyodide_dir, monkeypatch):
    write_calculator_assets(tmp_path, DATA, pyodide_dir)
    shorter = tmp_path / "list.txt"
    shorter.write_text("\n".join(read_module_list()[:-1]) + "\n", encoding="utf-8")
    monkeypatch.setattr(calculator_assets, "MODULE_LIST", shorter)
    monkeypatch.setattr(calculator_assets, "read_module_list", lambda: read_module_list(shorter))
    write_calculator_assets(tmp_path, DATA, pyodide_dir)
    runtime = json.loads((tmp_path / "assets/calculator/runtime.json").read_text(encoding="utf-8"))
    archives = sorted(path.name for path in (tmp_path / "assets/pyodide" / PYODIDE_VERSION).glob("*.trimmed.*"))
    assert archives == [runtime["stdlib"]]


def test_a_pyodide_whose_archive_lacks_a_recorded_file_stops_the_build_saying_how_to_fix_it(tmp_path, pyodide_dir):
    with zipfile.ZipFile(pyodide_dir / "python_stdlib.zip", "w") as archive:
        archive.writestr("json/__init__.py", "")
    with pytest.raises(MissingRuntime, match="record_stdlib"):
        write_calculator_assets(tmp_path, DATA, pyodide_dir)


def test_calculator_pages_preload_the_wasm_and_the_trimmed_archive_from_the_versioned_folder(pyodide_dir, tmp_path):
    write_calculator_assets(tmp_path, DATA, pyodide_dir)
    runtime = json.loads((tmp_path / "assets/calculator/runtime.json").read_text(encoding="utf-8"))
    folder = f"assets/pyodide/{PYODIDE_VERSION}"
    assert runtime_preloads(pyodide_dir) == [f"{folder}/pyodide.asm.wasm", f"{folder}/{runtime['stdlib']}"]
    assert runtime_preloads(tmp_path / "not-installed") == []


def test_the_committed_list_holds_every_file_the_calculator_loads_in_pyodide(built_site):
    """Re-recorded in Pyodide under Node (start-up, calculator, snapshot and restore, every parity vector): a module
    the list misses would be fetched from the full archive on every first visit."""
    recorded = record(built_site / "assets/calculator/data.json")
    missing = sorted(set(recorded) - set(read_module_list()))
    assert missing == [], f"run `python -m devtools.record_stdlib`: {MODULE_LIST.name} misses {missing}"


def test_in_node_a_standard_module_the_trimmed_archive_lacks_imports_from_the_full_one(built_site):
    command = ["node", str(NODE_HARNESS), "--site", str(built_site), "--import", "json,difflib,xml.dom.minidom"]
    command += ["--vectors", str(REPO_ROOT / "tests/calculator/parity_vectors.json")]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    origins = json.loads(result.stdout.splitlines()[0])
    assert origins == [
        "/lib/python314.zip/json/__init__.py",
        "/lib/python_stdlib_full.zip/difflib.py",
        "/lib/python_stdlib_full.zip/xml/dom/minidom.py",
    ]


def test_the_stand_in_package_is_still_refused_when_a_runtime_file_is_missing(pyodide_dir: Path, tmp_path):
    (pyodide_dir / "python_stdlib.zip").unlink()
    with pytest.raises(MissingRuntime, match="npm ci"):
        write_calculator_assets(tmp_path, DATA, pyodide_dir)
