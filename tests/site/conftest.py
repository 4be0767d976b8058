"""Browser fixtures: the real site built once, served on 127.0.0.1, driven by Debian's Chromium.

Every request to a host other than 127.0.0.1 is aborted and recorded, so a test can assert none was attempted.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.site.build import mkdocs_build
from tests.site.server import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.fail("Debian chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class GuardedPage:
    """A page whose requests to any host but 127.0.0.1 are blocked and remembered."""

    page: object
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _is_local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))


@pytest.fixture
def guarded(chromium: object) -> Iterator[GuardedPage]:
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    guard = GuardedPage(page)

    def route(route: object) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            guard.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page.on("dialog", lambda dialog: (guard.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: guard.errors.append(str(error)))
    yield guard
    context.close()
