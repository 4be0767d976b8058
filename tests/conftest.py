"""Shared fixtures: where the repository, the real content and the small fixture content set live; the real site
built once, served on 127.0.0.1, and Debian's Chromium (used by tests/site and by the calculator's parity test).
The server and the browser launch are devtools/, shared with bench/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.chromium import chromium_installed, running_chromium
from devtools.mkdocs_build import mkdocs_build
from devtools.server import serve

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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built with ``mkdocs build --strict`` (fails the session's site tests if it does not build)."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(REPO_ROOT / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not chromium_installed():
        pytest.fail("Debian chromium is not installed: run `make test`, which installs it")
    with running_chromium() as browser:
        yield browser
