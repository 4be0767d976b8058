"""Serve a built site on 127.0.0.1 from a background thread, as a static host would."""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar


class StaticFileHandler(SimpleHTTPRequestHandler):
    """Files of a directory with the MIME types a host gives the site's WebAssembly and JavaScript modules; no
    console log. Subclass it for other serving rules (bench/compressed_server.py)."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


class _LoggingHandler(StaticFileHandler):
    def __init__(self, *args: object, log: list[str] | None = None, **kwargs: object) -> None:
        self._log = log
        super().__init__(*args, **kwargs)

    def send_head(self):
        if self._log is not None:
            self._log.append(self.path)
        return super().send_head()


@contextmanager
def serve(directory: Path, log: list[str] | None = None) -> Iterator[str]:
    """Yield the base URL (``http://127.0.0.1:PORT/``) of ``directory`` served over HTTP.

    When ``log`` is given, the path (with its query) of every GET or HEAD request the server answers is appended
    to it, in the order the requests arrive.
    """
    with run_server(functools.partial(_LoggingHandler, directory=str(directory), log=log)) as url:
        yield url


class _QuietServer(ThreadingHTTPServer):
    """A threading server that says nothing when a browser drops a connection.

    Browsers close keep-alive connections and cancel requests whenever they like (a page closed mid-download, a
    context shut at the end of a run); the standard server prints each as a traceback, which buried a benchmark's
    table under screens of them. Any other error is still printed."""

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):  # reset, aborted, broken pipe
            return
        super().handle_error(request, client_address)


@contextmanager
def run_server(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """Run ``handler`` on a free port of 127.0.0.1 in a background thread; yield the base URL."""
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
