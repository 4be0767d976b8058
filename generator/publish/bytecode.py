"""Bytecode for the trimmed standard library's costliest files, compiled once by Pyodide's Python and committed.

On a first visit, Pyodide's start-up spends more time compiling the standard library's Python than anything else
(about 1.2 of 1.8 s under Node here: the archive holds sources, which Python compiles on every start). Bytecode
skips that, but is bigger than the stripped source: all of it would add about 410 kB to the calculator's first
download. So ``python -m devtools.record_stdlib`` times each file's compile in Pyodide
(tests/calculator/compile_stdlib.mjs) and :func:`choose` keeps the files that save the most compiling per extra
compressed byte, within :data:`BUDGET_BYTES`. The result is ``stdlib_bytecode.zip`` beside this module: a
``MEMBER.pyc`` for each chosen file and ``manifest.json``, which names the Pyodide version that compiled them and the
SHA-256 of the stripped source each was compiled from.

The build (generator/publish/stdlib.py) puts a file's bytecode in the trimmed archive instead of its source only when
both match: the same Pyodide version and the very bytes the build would ship. Anything else (a new Pyodide, a changed
stripper) ships the source, which is always correct, and tests/generator/publish/test_bytecode.py fails saying to
record again. The archive is binary, so a reviewer cannot read it: that test also compiles every committed file again
in the installed Pyodide and compares the bytes, so bytecode that is not exactly what its source compiles to (edited
by hand, or from another build) fails CI instead of reaching a reader.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.publish.reproducible_zip import write_entry

BYTECODE_ARCHIVE = Path(__file__).with_name("stdlib_bytecode.zip")
MANIFEST = "manifest.json"
# How much the trimmed archive may grow, compressed, for bytecode: 60 kB is about 50 ms at 10 Mbit/s, for about
# 300 ms less compiling on the first visit here, and keeps the calculator's first download within 0.70 of the bare
# Pyodide files' (make bench, wire_ratio).
BUDGET_BYTES = 60_000


@dataclass(frozen=True)
class Cost:
    """What compiling one file costs and what its bytecode would add to the download (compressed bytes)."""

    member: str
    compile_ms: float
    extra_bytes: int


def choose(costs: Iterable[Cost], budget: int = BUDGET_BYTES) -> list[str]:
    """The members to ship as bytecode, sorted: the most compile time saved per extra byte first, each taken while the
    total stays within ``budget``. A file whose bytecode is no bigger than its source is always taken."""
    chosen, spent = [], 0
    ranked = sorted(costs, key=lambda cost: (-cost.compile_ms / max(cost.extra_bytes, 1), cost.member))
    for cost in ranked:
        extra = max(cost.extra_bytes, 0)
        if spent + extra <= budget:
            chosen.append(cost.member)
            spent += extra
    return sorted(chosen)


def source_digest(source: bytes) -> str:
    """The SHA-256 of the source a member's bytecode was compiled from, as the manifest records it."""
    return hashlib.sha256(source).hexdigest()


def write_bytecode_archive(pyodide: str, compiled: dict[str, tuple[bytes, bytes]], costs: dict[str, Cost]) -> bytes:
    """The bytes of ``stdlib_bytecode.zip``: for each member in ``compiled`` ({member: (source, pyc)}), its .pyc and
    its manifest entry (source digest, and the measured cost, for the reviewer of a re-record)."""
    members = {
        member: {
            "source_sha256": source_digest(source),
            "compile_ms": costs[member].compile_ms,
            "extra_bytes": costs[member].extra_bytes,
        }
        for member, (source, _) in sorted(compiled.items())
    }
    manifest = {"pyodide": pyodide, "budget_bytes": BUDGET_BYTES, "members": members}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entries = [(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8") + b"\n")]
        entries += [(member + "c", pyc) for member, (_, pyc) in sorted(compiled.items())]
        for name, data in entries:
            write_entry(archive, name, data)
    return buffer.getvalue()


# A member's stripped source -> its bytecode, or None to ship the source.
Lookup = Callable[[str, bytes], bytes | None]


def no_bytecode(member: str, source: bytes) -> bytes | None:
    """Ships every member as source."""
    return None


def _manifest(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read(MANIFEST))


def read_manifest(path: Path = BYTECODE_ARCHIVE) -> dict | None:
    """The committed archive's manifest (the Pyodide version that compiled it and each member's entry), or None
    without an archive."""
    if not path.is_file():
        return None
    with zipfile.ZipFile(path) as archive:
        return _manifest(archive)


def read_bytecode(pyodide: str, path: Path = BYTECODE_ARCHIVE) -> Lookup:
    """The committed bytecode for Pyodide ``pyodide``, as a lookup: a member's bytecode when it was compiled by that
    version from exactly ``source``, else None. No archive, or one from another version, ships every source."""
    if not path.is_file():
        return no_bytecode
    with zipfile.ZipFile(path) as archive:
        manifest = _manifest(archive)
        if manifest.get("pyodide") != pyodide:
            return no_bytecode
        entries = {
            member: (entry["source_sha256"], archive.read(member + "c"))
            for member, entry in manifest["members"].items()
        }

    def lookup(member: str, source: bytes) -> bytes | None:
        digest, pyc = entries.get(member, (None, b""))
        return pyc if digest == source_digest(source) else None

    return lookup
