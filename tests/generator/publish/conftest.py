"""Fixtures for the post-build step's tests."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from generator.publish.calculator_assets import PYODIDE_FILES
from generator.publish.stdlib import read_module_list
from tests.conftest import REPO_ROOT

PYODIDE_VERSION = "0.0.0-test"
# The real Pyodide, as `npm ci` installs it, its full standard library, and the harness that runs it under Node: for
# the tests that check what the build makes of the real runtime rather than of the stand-in.
INSTALLED_PYODIDE = REPO_ROOT / "node_modules" / "pyodide"
INSTALLED_STDLIB = INSTALLED_PYODIDE / "python_stdlib.zip"
NODE_HARNESS = REPO_ROOT / "tests" / "calculator" / "pyodide_node.mjs"
# Standard modules of the stand-in's full archive that the calculator does not import (the trimmed one leaves them out).
NOT_IMPORTED = ("difflib.py", "xml/__init__.py", "xml/dom/__init__.py", "xml/dom/minidom.py")


def write_stand_in_pyodide(package: Path, version: str = PYODIDE_VERSION) -> Path:
    """A stand-in for the npm package in ``package``: every runtime file the site copies, each with its own bytes; its
    python_stdlib.zip is a real archive (every file the calculator imports, and ``NOT_IMPORTED``) and its lock file
    real JSON, which the post-build step reads."""
    package.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        (package / name).write_bytes(name.encode("utf-8") * 50)
    with zipfile.ZipFile(package / "python_stdlib.zip", "w") as archive:
        for member in sorted({*read_module_list(), *NOT_IMPORTED}):
            archive.writestr(member, f"# {member} of the stand-in\n")
    lock = {"info": {"abi_version": "test", "python": "3.14.2"}, "packages": {"numpy": {"imports": ["numpy"]}}}
    (package / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    (package / "package.json").write_text(f'{{"version": "{version}"}}', encoding="utf-8")
    return package


@pytest.fixture
def pyodide_dir(tmp_path: Path) -> Path:
    """A stand-in for the npm package (``write_stand_in_pyodide``)."""
    return write_stand_in_pyodide(tmp_path / "pyodide")
