"""Files the calculator needs in the built site: its data, its Python sources and the Pyodide runtime.

Part of the post-build step (generator/publish/). The runtime is copied from the npm package ``pyodide``
(``npm ci``), never fetched from a CDN, into a folder named after its version (``assets/pyodide/314.0.7/``): a
browser or host may keep it forever, and a new build fetches it again only when the version moves. runtime.json
tells the calculator's worker where it is.

Beside Pyodide's own files, the runtime's folder holds the site's trimmed standard library
(generator/publish/stdlib.py), which the worker loads instead of the full ``python_stdlib.zip``; the full archive
stays, for the rare import the trimmed one lacks. runtime.json also carries the lock file's ``info``: the worker
passes a lock file with no packages, so Pyodide never fetches the 120 kB ``pyodide-lock.json`` (the calculator loads
no package).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import calculator
from generator.publish.bytecode import BYTECODE_ARCHIVE, read_bytecode
from generator.publish.stdlib import (
    ARCHIVE_GLOB,
    MODULE_LIST,
    StdlibError,
    archive_name,
    read_module_list,
    top_level_names,
    trimmed_archive,
)

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# Fetched (not imported) by the worker's loadPyodide, so it can count their bytes for the progress bar; the trimmed
# standard library is added to them (its name carries a hash of its bytes).
PYODIDE_DOWNLOADS = ("pyodide.asm.wasm",)
CALCULATOR_DIR = Path("assets/calculator")
PYODIDE_DIR = Path("assets/pyodide")  # the runtime is in PYODIDE_DIR / <version>


class MissingRuntime(Exception):
    """The npm package is not installed; the message says how to install it."""


def pyodide_package(package: Path) -> Path:
    """The installed npm package directory, checked for every runtime file the site needs."""
    missing = [name for name in PYODIDE_FILES if not (package / name).is_file()]
    if missing:
        raise MissingRuntime(
            f"the Pyodide runtime is missing ({', '.join(missing)} in {package}); run `npm ci` "
            "(`make build` and `make serve` do it)"
        )
    return package


def python_sources() -> dict[str, str]:
    """The calculator package, as imported here, as {path: source} for Pyodide's file system."""
    package = Path(calculator.__file__).resolve().parent
    return {
        path.relative_to(package.parent).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(package.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def _write_json(path: Path, data: object) -> None:
    """``data`` as compact JSON; a non-finite number raises ValueError (JSON has none, the browser would fail)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def pyodide_version(package: Path) -> str:
    """The version of the installed npm package, which names the runtime's folder in the site."""
    return json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]


def runtime_dir(version: str) -> Path:
    """Where the runtime of Pyodide ``version`` lives in the site (``assets/pyodide/<version>``)."""
    if not version or "/" in version or version.startswith("."):
        raise MissingRuntime(f"the Pyodide package reports an unusable version {version!r}; reinstall it with `npm ci`")
    return PYODIDE_DIR / version


@functools.cache
def _trimmed_stdlib(full_archive: Path, version: str, *mtimes_ns: int) -> bytes:
    return trimmed_archive(full_archive, read_module_list(), read_bytecode(version))


def trimmed_stdlib(package: Path) -> bytes:
    """The site's trimmed standard library for the npm package in ``package``, with the committed bytecode recorded
    for its version (generator/publish/bytecode.py), packed once per process for each version of the archive, the
    module list and the bytecode (a page template and the post-build step both ask for it)."""
    full = package / "python_stdlib.zip"
    mtimes = (path.stat().st_mtime_ns if path.is_file() else 0 for path in (full, MODULE_LIST, BYTECODE_ARCHIVE))
    return _trimmed_stdlib(full, pyodide_version(package), *mtimes)


def runtime_preloads(package: Path) -> list[str]:
    """The runtime files a calculator page names for its worker to fetch the moment it starts (main.html,
    worker-client.mjs), site-relative: the wasm and the trimmed standard library, the biggest, which Pyodide would
    otherwise ask for only once its loader has arrived. Empty when the npm package is not installed (the post-build
    step then says how to install it)."""
    try:
        folder = runtime_dir(pyodide_version(pyodide_package(package))).as_posix()
        return [f"{folder}/pyodide.asm.wasm", f"{folder}/{archive_name(trimmed_stdlib(package))}"]
    except (MissingRuntime, StdlibError, OSError):
        return []


START = "calculator/start.mjs"  # starts the worker from the page's head (main.html)
RELATIVE_IMPORT = re.compile(r"""^import\b[^;]*?from\s+["']\./([\w.-]+\.mjs)["']""", re.MULTILINE)


def calculator_modules(scripts: Path) -> list[str]:
    """The calculator app's modules under the theme's ``assets/javascripts`` folder ``scripts``, relative to it: the
    entry and every module of its own, which a calculator page preloads so none waits for the one importing it.

    ``calculator/start.mjs`` and the modules it imports come first: on a connection that carries six requests at a time,
    the order of the preloads is the order they arrive in, and the worker can only start once those have."""
    own = sorted(path.relative_to(scripts).as_posix() for path in (scripts / "calculator").glob("*.mjs"))
    start = scripts / START
    first = [START, *(f"calculator/{name}" for name in RELATIVE_IMPORT.findall(start.read_text(encoding="utf-8")))]
    first = [name for name in first if name in own] if start.is_file() else []
    entry = ["calculator-app.mjs"] if (scripts / "calculator-app.mjs").is_file() else []
    return [*first, *entry, *(name for name in own if name not in first)]


def write_calculator_assets(site_dir: Path, calculator_data: dict[str, Any], pyodide_dir: Path) -> None:
    """Write data.json, python.json, runtime.json and the Pyodide runtime (from ``pyodide_dir``) into ``site_dir``."""
    package = pyodide_package(pyodide_dir)
    version = pyodide_version(package)
    target = site_dir / runtime_dir(version)
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        source, copy = (package / name).stat(), target / name
        # A rebuild in place (mkdocs serve --dirty) finds the 13 MB runtime already there: copied only if it changed.
        if not (copy.is_file() and copy.stat().st_size == source.st_size and copy.stat().st_mtime >= source.st_mtime):
            shutil.copyfile(package / name, copy)
    try:
        stdlib = trimmed_stdlib(package)
    except StdlibError as error:
        raise MissingRuntime(str(error)) from None
    stdlib_name = archive_name(stdlib)
    for old in target.glob(ARCHIVE_GLOB):
        if old.name != stdlib_name:
            old.unlink()  # a dirty rebuild after the list changed: only this build's archive stays
    if not (target / stdlib_name).is_file():
        (target / stdlib_name).write_bytes(stdlib)
    _write_json(site_dir / CALCULATOR_DIR / "data.json", calculator_data)
    sources = python_sources()
    _write_json(site_dir / CALCULATOR_DIR / "python.json", sources)
    _write_json(
        site_dir / CALCULATOR_DIR / "runtime.json",
        {
            "pyodide": version,
            # The runtime's folder, relative to runtime.json itself (the worker resolves it against runtime.json's URL).
            "index_url": f"../pyodide/{version}/",
            "download_bytes": sum((package / name).stat().st_size for name in PYODIDE_DOWNLOADS) + len(stdlib),
            # The trimmed standard library, in the runtime's folder; the full archive's top-level names, for which
            # a missing module makes the worker load the full archive (python-bridge.mjs installStdlibFallback).
            "stdlib": stdlib_name,
            "stdlib_fallback_names": top_level_names(package / "python_stdlib.zip"),
            # The lock file's "info" (its ABI, which Pyodide checks): the worker passes a lock file with no packages.
            "lock_info": json.loads((package / "pyodide-lock.json").read_text(encoding="utf-8"))["info"],
            # Keys the worker's memory snapshot: a snapshot is only restored for exactly these sources.
            "python_hash": hashlib.sha256(json.dumps(sources, sort_keys=True).encode("utf-8")).hexdigest()[:16],
        },
    )
