"""Keep a Playwright browser context on 127.0.0.1: every request to another host is aborted and recorded, so a
test can assert that none was attempted (the site must work offline and send nothing anywhere)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

# URLs that never leave the page: inline data, the page's own blobs (workers, downloads) and about:blank.
_IN_PAGE_SCHEMES = frozenset({"data", "blob", "about"})


def is_local(url: str) -> bool:
    """Whether a request for ``url`` stays on this machine: plain HTTP to 127.0.0.1 (any port), or in the page."""
    parts = urlsplit(url)
    if parts.scheme in _IN_PAGE_SCHEMES:
        return True
    # The host itself, not a prefix: http://127.0.0.1:80@example.com/ goes to example.com.
    return parts.scheme == "http" and parts.hostname == "127.0.0.1"


def block_other_hosts(context: Any, blocked: list[str]) -> None:
    """Abort every request of ``context`` to a host other than 127.0.0.1, appending its URL to ``blocked``."""

    def route(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
