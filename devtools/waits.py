"""How long to wait in a browser, and how to wait for the calculator or for any state a page reaches."""

from __future__ import annotations

import time
from typing import Any

TIMEOUT_MS = 60_000  # Pyodide starts in ~3 s here; leave room for a loaded machine
# True once the calculator page's module has run (``window.legcramps`` exists; its runtime may still be loading).
LEGCRAMPS_DEFINED = "window.legcramps !== undefined"
# ``page.evaluate(AWAIT_READY)`` returns once the calculator's Python runtime answers.
AWAIT_READY = "async () => { await window.legcramps.ready; }"
POLL_MS = 250


def wait_until(page: Any, expression: str, arg: Any = None, *, timeout_s: float = TIMEOUT_MS / 1000) -> None:
    """Evaluate ``expression`` (with ``arg``) in ``page`` every ``POLL_MS`` until it is truthy.

    Polled from Python, so ``expression`` may return a Promise: its resolved value is what counts. Raises
    ``TimeoutError`` after ``timeout_s`` seconds.
    """
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true after {timeout_s} s: {expression[:60]}")
        page.wait_for_timeout(POLL_MS)
