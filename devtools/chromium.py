"""Debian's Chromium as the tests and the benchmarks run it: where it is, its flags, and a Playwright launch."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox: Chromium refuses to run as root (CI, containers) with it. Nothing that phones home, so the requests a
# guard sees (devtools/guard.py) are the site's own.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium_installed() -> bool:
    """Whether Debian's ``chromium`` package is installed (``make chromium`` installs it)."""
    return CHROMIUM.exists() and shutil.which("chromium") is not None


def launch_chromium(playwright: Playwright) -> Browser:
    """Headless Debian Chromium with ``CHROMIUM_ARGS``, launched by ``playwright`` (not Playwright's own build)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True)


@contextmanager
def running_chromium() -> Iterator[Browser]:
    """Yield a launched ``launch_chromium`` browser; close it, and Playwright, on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()
