"""Shared fixtures: where the repository, the real content and the small fixture content set live."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
REAL_CONTENT = REPO_ROOT / "content"
FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture content at ``tmp_path/content`` (schemas copied, not linked)."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target, symlinks=False)
    return target
