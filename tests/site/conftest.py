"""Browser fixtures. The real site built once (``built_site``), served on 127.0.0.1 (``site_url``) and Debian's
Chromium (``chromium``) live in tests/conftest.py, shared with the calculator's parity test.

Every request to a host other than 127.0.0.1 is aborted and recorded (devtools/guard.py), so a test can assert none
was attempted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from devtools.guard import block_other_hosts
from devtools.waits import TIMEOUT_MS


@dataclass
class GuardedPage:
    """A page whose requests to any host but 127.0.0.1 are blocked and remembered."""

    page: object
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


SEARCH_INDEX = "**/search/search_index.json"


@pytest.fixture
def guarded(chromium: object, request: pytest.FixtureRequest) -> Iterator[GuardedPage]:
    """A fresh context's page. Its search index request is left pending unless the test is marked ``search``:
    pages fetch the index once loaded (assets/javascripts/search-on-demand.js) and the search worker then indexes
    it, CPU every other test would pay for nothing."""
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    guard = GuardedPage(page)
    block_other_hosts(context, guard.blocked)
    if request.node.get_closest_marker("search") is None:
        held: list = []
        context.route(SEARCH_INDEX, lambda route: held.append(route))
    page.on("dialog", lambda dialog: (guard.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: guard.errors.append(str(error)))
    yield guard
    context.close()


@pytest.fixture
def page(guarded: GuardedPage) -> Iterator[object]:
    """The guarded page, with the usual timeout; the test fails if it reached another host or threw an error."""
    guarded.page.set_default_timeout(TIMEOUT_MS)
    yield guarded.page
    assert guarded.blocked == []
    assert guarded.errors == []


@pytest.fixture
def context(chromium: object) -> Iterator[object]:
    """A browser context whose service workers run (the offline tests), with the usual timeout."""
    context = chromium.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


def serve_sitemap_for_this_origin(page: object, site_url: str) -> None:
    """Let Material's instant navigation engage on the test server.

    Material intercepts a link only if its URL is in sitemap.xml, and it rewrites the sitemap's host but not its
    port; the site is built for site_url's port (8000) and served on another, so rewrite the sitemap as a site
    deployed at its own site_url would serve it.
    """

    def rewrite(route: object) -> None:
        response = route.fetch()
        body = re.sub(r"http://127\.0\.0\.1:\d+/", site_url, response.text())
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", rewrite)
