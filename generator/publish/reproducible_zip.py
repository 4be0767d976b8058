"""Zip entries with nothing of the machine or the moment that wrote them, so the same input gives the same bytes.

The trimmed standard library (stdlib.py) and the committed bytecode (bytecode.py) are both zips whose bytes name them
or are reviewed: the runtime's folder is cached forever by hosts, and the service worker's revision of a file moves
only when its bytes do.
"""

from __future__ import annotations

import zipfile

# A zip's oldest date: no build time in the archive.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--, in the zip's Unix attributes
COMPRESS_LEVEL = 9  # written once per input; every reader's download is smaller


def write_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Add ``data`` as ``name``, deflated, dated :data:`FIXED_DATE`, as a Unix file whatever system writes it."""
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.external_attr = FILE_MODE
    info.create_system = 3  # Unix
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data, compresslevel=COMPRESS_LEVEL)
