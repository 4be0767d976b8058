"""Serve a built site the way a static host with precompressed files does (nginx ``gzip_static on;``).

When the client accepts an encoding and the build wrote that twin (``index.html.gz``, ``.br``; see
generator/publish/compress.py), the twin is sent with ``Content-Encoding``; otherwise the file itself. Every response is
logged with the bytes put on the wire (headers + body), so a benchmark can add up what a page transferred.

Caching as HOSTING.md asks a host to: the versioned runtime (``/assets/pyodide/<version>/``) is immutable, every other
file ``no-cache`` with an ``ETag``, answered ``304 Not Modified`` when the browser already holds it. So a reload or a
second visit costs what it would on a real host, and a file the page preloads is found in the HTTP cache.
"""

from __future__ import annotations

import functools
import os
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from devtools.server import StaticFileHandler, run_server

# Preferred first. Chromium offers br only over HTTPS, so on http://127.0.0.1 it gets gzip.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
IMMUTABLE_PREFIX = "/assets/pyodide/"  # HOSTING.md "versioned runtime immutable"
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Served:
    """One response: the request path, the bytes on the wire, the content encoding (``""``: none), and when
    (``time.monotonic()``) it was answered."""

    path: str
    wire_bytes: int
    encoding: str
    at: float


class _CompressingHandler(StaticFileHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real host

    def __init__(self, *args: object, log: list[Served], **kwargs: object) -> None:
        self._log = log
        self._header_bytes = 0
        super().__init__(*args, **kwargs)

    def _accepted(self) -> set[str]:
        header = self.headers.get("Accept-Encoding", "")
        return {part.split(";")[0].strip().lower() for part in header.split(",") if "q=0" not in part.replace(" ", "")}

    def flush_headers(self) -> None:
        self._header_bytes += sum(len(line) for line in getattr(self, "_headers_buffer", []))
        super().flush_headers()

    def send_head(self):
        self._header_bytes = 0
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            parts = urllib.parse.urlsplit(self.path)
            if not parts.path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", parts.path + "/" + (f"?{parts.query}" if parts.query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                self._record(0, "")
                return None
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            self._record(0, "")
            return None
        accepted = self._accepted()
        encoding, served_path = "", path
        for name, suffix in ENCODINGS:
            if name in accepted and os.path.isfile(path + suffix):
                encoding, served_path = name, path + suffix
                break
        handle = open(served_path, "rb")  # noqa: SIM115 - the caller copies and closes it
        stat = os.fstat(handle.fileno())
        size = stat.st_size
        etag = f'"{stat.st_mtime_ns:x}-{size:x}"'
        cache_control = IMMUTABLE if urllib.parse.urlsplit(self.path).path.startswith(IMMUTABLE_PREFIX) else "no-cache"
        if etag in self.headers.get("If-None-Match", ""):
            handle.close()
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", cache_control)
            self.end_headers()
            self._record(0, encoding)
            return None
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(size))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", cache_control)
        self.end_headers()
        self._record(size if self.command != "HEAD" else 0, encoding)
        return handle

    def _record(self, body_bytes: int, encoding: str) -> None:
        self._log.append(Served(self.path, self._header_bytes + body_bytes, encoding, time.monotonic()))


@contextmanager
def serve_compressed(directory: Path, log: list[Served]) -> Iterator[str]:
    """Yield the base URL of ``directory`` served with its precompressed twins; append every response to ``log``."""
    with run_server(functools.partial(_CompressingHandler, directory=str(directory), log=log)) as url:
        yield url
