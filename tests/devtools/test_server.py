"""devtools.server: a directory served on 127.0.0.1 as a static host would, every request logged in order."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from devtools.server import run_server, serve


def get(url: str, method: str = "GET") -> tuple[int, str, bytes]:
    """Status, Content-Type and body of one request (an HTTP error's too)."""
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<!doctype html><title>home</title>", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "runtime.wasm").write_bytes(b"\0asm\1\0\0\0")
    (tmp_path / "assets" / "app.mjs").write_text("export const x = 1;", encoding="utf-8")
    return tmp_path


def test_serves_a_directory_on_127_0_0_1_with_its_index(site: Path):
    with serve(site) as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        status, content_type, body = get(url)
    assert status == 200
    assert content_type == "text/html"
    assert body == b"<!doctype html><title>home</title>"


@pytest.mark.parametrize(
    ("path", "content_type"), [("assets/runtime.wasm", "application/wasm"), ("assets/app.mjs", "text/javascript")]
)
def test_webassembly_and_javascript_modules_have_the_types_browsers_require(site: Path, path: str, content_type: str):
    with serve(site) as url:
        status, served_type, _ = get(url + path)
    assert (status, served_type) == (200, content_type)


def test_a_missing_file_is_a_404(site: Path):
    with serve(site) as url:
        status, _, _ = get(url + "no/such/page/")
    assert status == 404


def test_the_log_holds_every_path_with_its_query_in_order(site: Path):
    log: list[str] = []
    with serve(site, log=log) as url:
        get(url + "?nocturnal=yes")
        get(url + "assets/app.mjs", method="HEAD")
        get(url + "missing.js")
    assert log == ["/?nocturnal=yes", "/assets/app.mjs", "/missing.js"]


def test_the_server_stops_when_the_block_ends(site: Path):
    with serve(site) as url:
        pass
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


def handler_raising(error: Exception) -> type[BaseHTTPRequestHandler]:
    """A handler whose every GET fails with ``error``, as a request does when the browser drops its connection."""

    class Raising(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            raise error

    return Raising


@pytest.mark.parametrize(
    "error", [ConnectionResetError(104, "reset by peer"), BrokenPipeError(32, "broken pipe")], ids=repr
)
def test_a_connection_the_browser_dropped_prints_nothing(error: Exception, capfd: pytest.CaptureFixture[str]):
    with (
        run_server(handler_raising(error)) as url,
        pytest.raises((http.client.RemoteDisconnected, urllib.error.URLError)),
    ):
        urllib.request.urlopen(url, timeout=5)  # the server reports the error before it closes the connection
    assert capfd.readouterr().err == ""


def test_any_other_error_of_the_server_is_still_printed(capfd: pytest.CaptureFixture[str]):
    with (
        run_server(handler_raising(RuntimeError("a bug in a handler"))) as url,
        pytest.raises((http.client.RemoteDisconnected, urllib.error.URLError)),
    ):
        urllib.request.urlopen(url, timeout=5)
    err = capfd.readouterr().err
    assert "RuntimeError: a bug in a handler" in err
