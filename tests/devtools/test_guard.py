"""devtools.guard: a browser context's requests to any host but 127.0.0.1 are aborted and recorded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from devtools.guard import block_other_hosts, is_local
from devtools.server import serve


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://127.0.0.1:41234/assets/pyodide/pyodide.asm.wasm?v=1",
        "data:image/svg+xml,%3Csvg/%3E",
        "blob:http://127.0.0.1:41234/0b6a3c1e-2f4d-4c55-9d0e-6d1f1f6b2a7e",
        "about:blank",
    ],
)
def test_the_site_itself_and_in_page_urls_are_local(url: str):
    assert is_local(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.jsdelivr.net/pyodide/v0.27.0/full/pyodide.js",
        "https://fonts.googleapis.com/css?family=Roboto",
        "http://localhost:8000/",  # the site is served on 127.0.0.1; another name is another origin
        "https://127.0.0.1:8000/",
        "http://127.0.0.10:8000/",
        "http://127.0.0.1.example.com/",
        "http://127.0.0.1:80@example.com/",  # user info: the host is example.com
        "ws://127.0.0.1:8000/",
    ],
)
def test_any_other_host_or_scheme_is_not_local(url: str):
    assert not is_local(url)


@dataclass
class FakeRoute:
    url: str
    outcome: str = ""

    @property
    def request(self) -> FakeRoute:
        return self

    def continue_(self) -> None:
        self.outcome = "continued"

    def abort(self) -> None:
        self.outcome = "aborted"


@dataclass
class FakeContext:
    routes: dict[str, Callable[[FakeRoute], None]] = field(default_factory=dict)

    def route(self, pattern: str, handler: Callable[[FakeRoute], None]) -> None:
        self.routes[pattern] = handler


def test_every_request_is_routed_local_ones_continue_others_are_aborted_and_recorded():
    context, blocked = FakeContext(), []
    block_other_hosts(context, blocked)
    assert list(context.routes) == ["**/*"]
    local, remote = FakeRoute("http://127.0.0.1:8000/"), FakeRoute("https://example.com/tracker.js")
    context.routes["**/*"](local)
    context.routes["**/*"](remote)
    assert (local.outcome, remote.outcome) == ("continued", "aborted")
    assert blocked == ["https://example.com/tracker.js"]


@pytest.mark.browser
def test_in_chromium_a_page_loads_from_127_0_0_1_and_its_request_elsewhere_is_recorded(chromium, tmp_path: Path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>guarded</title><img src="https://example.com/pixel.png" alt="">', encoding="utf-8"
    )
    blocked: list[str] = []
    context = chromium.new_context(service_workers="block")
    try:
        block_other_hosts(context, blocked)
        page = context.new_page()
        with serve(tmp_path) as url:
            page.goto(url)
            page.wait_for_load_state("load")
            title = page.title()
    finally:
        context.close()
    assert title == "guarded"
    assert blocked == ["https://example.com/pixel.png"]
