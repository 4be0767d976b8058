"""The site's own trimmed standard library: only the Python files Pyodide's start-up and the calculator import.

Pyodide's ``python_stdlib.zip`` is 2.5 MB on the wire (a zip does not compress again), about 40 % of the runtime's
bytes, while start-up and the calculator read about a tenth of it. ``stdlib_modules.txt`` (beside this module,
recorded by ``python -m devtools.record_stdlib`` from the calculator's parity vectors run in Pyodide under Node) lists
the archive members they load; :func:`trimmed_archive` packs those members, with every package ``__init__.py`` above
them, into a new zip, each Python file without its comments and docstrings (:mod:`generator.publish.strip_source`,
about 40 % fewer bytes). It is deterministic (sorted members, fixed timestamps and permissions, one compression level)
so a rebuild writes the same bytes and the service worker's revision does not move.

The full archive stays in the site: the calculator's worker loads it only if Python asks for a standard module the
trimmed archive lacks (site_overrides/assets/calculator/python-bridge.mjs), from the top-level names
:func:`top_level_names` lists.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from generator.publish.bytecode import Lookup, no_bytecode
from generator.publish.reproducible_zip import write_entry
from generator.publish.strip_source import strip_source

MODULE_LIST = Path(__file__).with_name("stdlib_modules.txt")


class StdlibError(Exception):
    """The recorded list and Pyodide's archive disagree; the message says how to fix it."""


def read_module_list(path: Path = MODULE_LIST) -> list[str]:
    """The archive members in ``path``, one a line; blank lines and ``#`` comments ignored."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def write_module_list(members: list[str], path: Path = MODULE_LIST) -> None:
    """Write ``members`` (sorted, unique) to ``path`` under a header that says where the list comes from."""
    header = (
        "# The standard-library files the calculator's Python loads from Pyodide's python_stdlib.zip, from start-up\n"
        "# to the last parity vector (and after restoring a memory snapshot). Recorded by\n"
        "# `python -m devtools.record_stdlib`; generator/publish/stdlib.py packs them into the trimmed archive.\n"
    )
    path.write_text(header + "".join(f"{member}\n" for member in sorted(set(members))), encoding="utf-8")


def with_packages(members: list[str], available: set[str]) -> list[str]:
    """``members`` and the ``__init__.py`` of every package folder above them that the archive holds, sorted."""
    wanted = set(members)
    for member in members:
        parts = member.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            init = "/".join(parts[:depth]) + "/__init__.py"
            if init in available:
                wanted.add(init)
    return sorted(wanted)


def stripped(name: str, data: bytes) -> bytes:
    """A member's bytes as the trimmed archive holds them: a UTF-8 Python file without comments and docstrings
    (strip_source), anything else as it is."""
    if not name.endswith(".py"):
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return strip_source(text).encode("utf-8")


def trimmed_archive(full_archive: Path, members: list[str], bytecode: Lookup = no_bytecode) -> bytes:
    """The bytes of a zip holding ``members`` of ``full_archive`` (and their packages' ``__init__.py``), stripped;
    a member ``bytecode`` has compiled from exactly those stripped bytes is held as ``MEMBER.pyc`` instead
    (generator/publish/bytecode.py), which Python's zip importer prefers, and which it runs without compiling.

    Raises :class:`StdlibError` when a recorded member is not in the archive (a new Pyodide moved it: record again).
    """
    with zipfile.ZipFile(full_archive) as source:
        available = {info.filename for info in source.infolist() if not info.is_dir()}
        missing = sorted(set(members) - available)
        if missing:
            raise StdlibError(
                f"{full_archive} has no {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}: the Pyodide "
                f"version moved; record the list again with `python -m devtools.record_stdlib`"
            )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as trimmed:
            for name in with_packages(members, available):
                data = stripped(name, source.read(name))
                pyc = bytecode(name, data)
                write_entry(trimmed, name + "c" if pyc else name, pyc or data)
    return buffer.getvalue()


ARCHIVE_GLOB = "python_stdlib.trimmed.*.zip"  # every trimmed archive's name (archive_name)


def archive_name(data: bytes) -> str:
    """The trimmed archive's file name, with a hash of its bytes: the runtime's folder is cached forever by hosts
    (HOSTING.md), so a new list must land under a new name."""
    return ARCHIVE_GLOB.replace("*", hashlib.sha256(data).hexdigest()[:12])


def top_level_names(full_archive: Path) -> list[str]:
    """The importable top-level names of ``full_archive`` (modules and packages), sorted: the names the fallback
    fetches the full archive for. Any other missing module (``numpy``, a Windows-only ``_winapi``) stays a plain
    ModuleNotFoundError without a 2.5 MB download."""
    names = set()
    with zipfile.ZipFile(full_archive) as archive:
        for name in archive.namelist():
            first, _, rest = name.partition("/")
            module = first[: -len(".py")] if not rest and first.endswith(".py") else first if rest else ""
            if module.isidentifier():
                names.add(module)
    return sorted(names)
