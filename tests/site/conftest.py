"""Browser fixtures. The real site built once (``built_site``), served on 127.0.0.1 (``site_url``) and Debian's
Chromium (``chromium``) live in tests/conftest.py, shared with the calculator's parity test.

Every request to a host other than 127.0.0.1 is aborted and recorded, so a test can assert none was attempted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest


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
