"""Where things are in the built site, as the tests and the benchmark look for them."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

# Every Pyodide version's runtime is in a folder of its own under this path (see runtime_path).
PYODIDE_PATH = "/assets/pyodide/"
RUNTIME_JSON = "assets/calculator/runtime.json"
# Every URL part that only a page with a calculator may request: the runtime, the calculator's data and sources,
# and the calculator's scripts. A page without a calculator that asks for any of these loads bytes it never uses.
CALCULATOR_ONLY = (
    PYODIDE_PATH,
    "/assets/calculator/",
    "/assets/javascripts/calculator-app.mjs",
    "/assets/javascripts/calculator/",
)


def calculator_only(url: str) -> bool:
    """Whether ``url`` (a full URL or a server log path) is one only calculator pages should request."""
    return any(part in url for part in CALCULATOR_ONLY)


def runtime_path(site_dir: Path) -> str:
    """The Pyodide runtime's folder in the built site ``site_dir``, relative to the site root, with a trailing slash
    (``assets/pyodide/314.0.7/``), as runtime.json tells the calculator's worker."""
    runtime = json.loads((site_dir / RUNTIME_JSON).read_text(encoding="utf-8"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(RUNTIME_JSON), runtime["index_url"])) + "/"
