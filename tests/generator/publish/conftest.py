"""Fixtures for the post-build step's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.publish.calculator_assets import PYODIDE_FILES

PYODIDE_VERSION = "0.0.0-test"


@pytest.fixture
def pyodide_dir(tmp_path: Path) -> Path:
    """A stand-in for the npm package: every runtime file the site copies, each with its own bytes."""
    package = tmp_path / "pyodide"
    package.mkdir()
    for name in PYODIDE_FILES:
        (package / name).write_bytes(name.encode("utf-8") * 50)
    (package / "package.json").write_text(f'{{"version": "{PYODIDE_VERSION}"}}', encoding="utf-8")
    return package
