"""Precompressed twins of the built site's text files, for static hosts that serve them as they are.

The last part of the post-build step (generator/publish/), after every other file (the service worker included)
is written. Next to each compressible file it writes ``NAME.gz`` (gzip, standard library) and, when the optional
``brotli`` package is installed, ``NAME.br``. A host configured for it (nginx ``gzip_static on;`` and
``brotli_static on;``, Caddy ``file_server { precompressed br gzip }``) then sends the twin with a
``Content-Encoding`` header to clients that accept it, with no compression work per request. A twin is only
kept when it is smaller than the original. The offline service worker ignores the twins (service_worker.py).

A twin is written under a temporary name and renamed into place, so an interrupted run never leaves a truncated
twin a host would serve; a file that disappears meanwhile (another run cleaning the same folder) is skipped.
"""

from __future__ import annotations

import gzip
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

try:  # optional: PyPI ``brotli`` (the ``bench`` extra installs it); gzip alone is enough for every host
    import brotli as _brotli
except ImportError:  # pragma: no cover - depends on the environment
    _brotli = None

# Text and the WebAssembly runtime (9.6 MB, 3.5 MB gzipped); images and zip archives are compressed already.
COMPRESSIBLE_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm"})
# Under this size the header overhead eats most of the gain, and hosts skip tiny files too.
MIN_BYTES = 256
# Files above this are compressed at a faster level: the last percent is not worth seconds on every build.
LARGE_BYTES = 1024 * 1024
TWIN_SUFFIXES = (".gz", ".br")


@dataclass(frozen=True)
class Encoding:
    """One content encoding: the twin's suffix and how to compress small and large files."""

    suffix: str
    compress: Callable[[bytes, bool], bytes]


def _gzip(data: bytes, large: bool) -> bytes:
    # mtime=0: the same input gives the same bytes, so builds are reproducible.
    return gzip.compress(data, compresslevel=6, mtime=0)


def _brotli_compress(data: bytes, large: bool) -> bytes:
    return _brotli.compress(data, quality=5 if large else 6)


GZIP = Encoding(".gz", _gzip)
BROTLI = Encoding(".br", _brotli_compress)


def available_encodings() -> tuple[Encoding, ...]:
    """gzip always; brotli when its package is installed."""
    return (GZIP, BROTLI) if _brotli is not None else (GZIP,)


def _size(path: Path) -> int:
    """Bytes of a regular file; 0 for anything else or a file gone meanwhile."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def compressible_files(site_dir: Path) -> list[Path]:
    """The site's files worth a compressed twin, in a stable order."""
    return sorted(
        path for path in site_dir.rglob("*") if path.suffix in COMPRESSIBLE_SUFFIXES and _size(path) >= MIN_BYTES
    )


def _write_whole(path: Path, data: bytes) -> None:
    """Write ``path`` under a temporary name first, so it is never seen half-written."""
    partial = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _compress_file(path: Path, encodings: tuple[Encoding, ...]) -> tuple[int, int]:
    """Write the twins of ``path``; return (original bytes, bytes of the smallest twin written or the original)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return 0, 0
    large = len(data) > LARGE_BYTES
    smallest = len(data)
    for encoding in encodings:
        twin = path.with_name(path.name + encoding.suffix)
        packed = encoding.compress(data, large)
        if len(packed) < len(data):
            _write_whole(twin, packed)
            smallest = min(smallest, len(packed))
    return len(data), smallest


def _remove_old_twins(site_dir: Path) -> None:
    """Delete every twin of a compressible file, so a dirty build directory never keeps stale compressed bytes.

    Other archives (``data.tar.gz``) are the site's own files and stay.
    """
    for suffix in TWIN_SUFFIXES:
        for twin in site_dir.rglob("*" + suffix):
            if twin.is_file() and Path(twin.name[: -len(suffix)]).suffix in COMPRESSIBLE_SUFFIXES:
                twin.unlink(missing_ok=True)


def precompress_site(site_dir: Path, encodings: tuple[Encoding, ...] | None = None) -> tuple[int, int, int]:
    """Write compressed twins next to every compressible file of ``site_dir``.

    Returns (files, original bytes, bytes as served to a client accepting every encoding written).
    """
    encodings = available_encodings() if encodings is None else encodings
    _remove_old_twins(site_dir)
    files = compressible_files(site_dir)
    # zlib and brotli release the GIL while they work, so threads use every core.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        sizes = list(pool.map(lambda path: _compress_file(path, encodings), files))
    return len(files), sum(size for size, _ in sizes), sum(packed for _, packed in sizes)
