"""Fixtures for the post-build step's tests."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from generator.publish.calculator_assets import PYODIDE_FILES
from generator.publish.stdlib import read_module_list

PYODIDE_VERSION = "0.0.0-test"
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
