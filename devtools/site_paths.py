"""Where things are in the built site, as the tests and the benchmark look for them."""

from __future__ import annotations

PYODIDE_PATH = "/assets/pyodide/"
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
