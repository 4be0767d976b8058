"""Bytecode for the trimmed standard library's costliest files (generator/publish/bytecode.py): which files are chosen,
that the build ships a file's bytecode only when it was compiled from exactly the bytes it would ship, and that the
committed bytecode is what the installed Pyodide compiles, every line number kept."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

from devtools.record_stdlib import compile_trimmed
from generator.publish.bytecode import (
    BUDGET_BYTES,
    BYTECODE_ARCHIVE,
    MANIFEST,
    Cost,
    choose,
    no_bytecode,
    read_bytecode,
    read_manifest,
    source_digest,
    write_bytecode_archive,
)
from generator.publish.calculator_assets import pyodide_version, trimmed_stdlib
from generator.publish.stdlib import read_module_list, stripped, trimmed_archive
from tests.conftest import REPO_ROOT
from tests.generator.publish.conftest import INSTALLED_PYODIDE, INSTALLED_STDLIB, NODE_HARNESS

RECORD_AGAIN = "run `python -m devtools.record_stdlib`"


def committed_manifest() -> dict:
    manifest = read_manifest()
    assert manifest is not None, f"{BYTECODE_ARCHIVE.name} is missing: {RECORD_AGAIN}"
    return manifest


# -- choosing ------------------------------------------------------------------------------------------------------


def test_the_files_saving_the_most_compile_time_per_extra_byte_are_chosen_within_the_budget():
    costs = [
        Cost("cheap_to_ship.py", compile_ms=10, extra_bytes=100),  # 0.1 ms a byte
        Cost("typing.py", compile_ms=30, extra_bytes=600),  # 0.05
        Cost("big.py", compile_ms=40, extra_bytes=2000),  # 0.02: would not fit after the others
        Cost("small.py", compile_ms=1, extra_bytes=250),  # 0.004: still fits
    ]
    assert choose(costs, budget=1000) == ["cheap_to_ship.py", "small.py", "typing.py"]
    assert choose(costs, budget=0) == []


def test_a_file_whose_bytecode_is_no_bigger_than_its_source_is_always_chosen():
    assert choose([Cost("tiny.py", compile_ms=0.1, extra_bytes=-20)], budget=0) == ["tiny.py"]


def test_the_choice_does_not_depend_on_the_order_the_costs_come_in():
    costs = [Cost(f"m{index}.py", compile_ms=1, extra_bytes=100) for index in range(5)]
    assert choose(costs, budget=250) == choose(list(reversed(costs)), budget=250) == ["m0.py", "m1.py"]


# -- reading the committed bytecode --------------------------------------------------------------------------------


def write_archive(tmp_path, version="1.0.0"):
    compiled = {"a.py": (b"x = 1\n", b"PYC-OF-A"), "b/c.py": (b"y = 2\n", b"PYC-OF-C")}
    costs = {name: Cost(name, 1.0, 10) for name in compiled}
    path = tmp_path / "bytecode.zip"
    path.write_bytes(write_bytecode_archive(version, compiled, costs))
    return path


def test_a_members_bytecode_is_served_only_for_the_version_and_the_exact_source_it_was_compiled_from(tmp_path):
    path = write_archive(tmp_path)
    lookup = read_bytecode("1.0.0", path)
    assert lookup("a.py", b"x = 1\n") == b"PYC-OF-A"
    assert lookup("b/c.py", b"y = 2\n") == b"PYC-OF-C"
    assert lookup("a.py", b"x = 2\n") is None  # the stripper or Pyodide's file changed: ship the source
    assert lookup("other.py", b"x = 1\n") is None
    assert read_bytecode("2.0.0", path)("a.py", b"x = 1\n") is None  # another Pyodide: its magic number differs
    assert read_bytecode("1.0.0", tmp_path / "none.zip") is no_bytecode
    assert read_manifest(path)["pyodide"] == "1.0.0" and read_manifest(tmp_path / "none.zip") is None


def test_the_archive_is_reproducible_and_names_what_each_file_was_compiled_from(tmp_path):
    first, second = write_archive(tmp_path).read_bytes(), write_archive(tmp_path).read_bytes()
    assert first == second
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(first)).read(MANIFEST))
    assert manifest["pyodide"] == "1.0.0" and manifest["budget_bytes"] == BUDGET_BYTES
    assert manifest["members"]["a.py"]["source_sha256"] == source_digest(b"x = 1\n")
    assert zipfile.ZipFile(io.BytesIO(first)).namelist() == [MANIFEST, "a.pyc", "b/c.pyc"]


def test_the_trimmed_archive_holds_bytecode_in_place_of_the_source_it_was_compiled_from():
    members = read_module_list()
    typing_source = stripped("typing.py", zipfile.ZipFile(INSTALLED_STDLIB).read("typing.py"))

    def lookup(member, source):
        return b"PYC" if member == "typing.py" and source == typing_source else None

    archive = zipfile.ZipFile(io.BytesIO(trimmed_archive(INSTALLED_STDLIB, members, lookup)))
    names = archive.namelist()
    assert "typing.pyc" in names and "typing.py" not in names
    assert archive.read("typing.pyc") == b"PYC"
    assert "json/__init__.py" in names and "json/__init__.pyc" not in names
    assert names == sorted(names)


# -- the committed bytecode ----------------------------------------------------------------------------------------


def test_the_committed_bytecode_is_for_the_installed_pyodide_and_the_sources_the_build_ships():
    assert committed_manifest()["pyodide"] == pyodide_version(INSTALLED_PYODIDE), f"Pyodide moved: {RECORD_AGAIN}"
    full = zipfile.ZipFile(INSTALLED_STDLIB)
    members = committed_manifest()["members"]
    assert members, "no file is shipped compiled"
    digests = {name: source_digest(stripped(name, full.read(name))) for name in members}
    stale = [name for name, entry in members.items() if entry["source_sha256"] != digests[name]]
    assert stale == [], f"{RECORD_AGAIN}: the bytecode of {stale} was compiled from other sources"
    assert set(members) <= set(read_module_list()) | {name for name in full.namelist() if name.endswith("__init__.py")}


def test_the_site_ships_the_committed_files_compiled_and_grows_by_no_more_than_the_budget():
    shipped = zipfile.ZipFile(io.BytesIO(trimmed_stdlib(INSTALLED_PYODIDE)))
    members = committed_manifest()["members"]
    assert {name + "c" for name in members} <= set(shipped.namelist())
    assert not {name for name in members} & set(shipped.namelist())
    source_only = trimmed_archive(INSTALLED_STDLIB, read_module_list())
    growth = len(trimmed_stdlib(INSTALLED_PYODIDE)) - len(source_only)
    assert 0 < growth <= BUDGET_BYTES + 100 * len(members)  # + each entry's longer name in the zip's two headers
    assert sum(entry["extra_bytes"] for entry in members.values()) <= BUDGET_BYTES


def test_the_committed_bytecode_is_what_pyodide_compiles_keeping_every_line_number():
    """compile_stdlib.mjs refuses a line table that lost a line (co_lines() of the bytecode against the compiled
    source's); here, each committed file is byte for byte what it compiles today."""
    compiled = compile_trimmed(read_module_list())
    with zipfile.ZipFile(BYTECODE_ARCHIVE) as archive:
        for member in committed_manifest()["members"]:
            assert archive.read(member + "c") == compiled[member][1], f"{RECORD_AGAIN}: {member} compiles differently"


def test_in_node_a_precompiled_module_is_imported_from_its_bytecode(built_site):
    members = sorted(committed_manifest()["members"])
    modules = [name[: -len(".py")].replace("/__init__", "").replace("/", ".") for name in members]
    command = ["node", str(NODE_HARNESS), "--site", str(built_site), "--import", ",".join(["json", *modules])]
    command += ["--vectors", str(REPO_ROOT / "tests/calculator/parity_vectors.json")]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    origins = json.loads(result.stdout.splitlines()[0])
    assert origins[0] == "/lib/python314.zip/json/__init__.py"
    assert origins[1:] == [f"/lib/python314.zip/{name}c" for name in members]
