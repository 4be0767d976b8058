"""Files the calculator needs in the built site: its data, its Python sources and the Pyodide runtime.

Part of the post-build step (generator/publish/). The runtime is copied from the npm package ``pyodide``
(``npm ci``), never fetched from a CDN, into a folder named after its version (``assets/pyodide/314.0.7/``): a
browser or host may keep it forever, and a new build fetches it again only when the version moves. runtime.json
tells the calculator's worker where it is.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import calculator

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# Fetched (not imported) by loadPyodide, so the worker can count their bytes for the progress bar.
PYODIDE_DOWNLOADS = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
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
    _write_json(site_dir / CALCULATOR_DIR / "data.json", calculator_data)
    sources = python_sources()
    _write_json(site_dir / CALCULATOR_DIR / "python.json", sources)
    _write_json(
        site_dir / CALCULATOR_DIR / "runtime.json",
        {
            "pyodide": version,
            # The runtime's folder, relative to runtime.json itself (the worker resolves it against runtime.json's URL).
            "index_url": f"../pyodide/{version}/",
            "download_bytes": sum((package / name).stat().st_size for name in PYODIDE_DOWNLOADS),
            # Keys the worker's memory snapshot: a snapshot is only restored for exactly these sources.
            "python_hash": hashlib.sha256(json.dumps(sources, sort_keys=True).encode("utf-8")).hexdigest()[:16],
        },
    )
