"""How long to wait in a browser, and how to wait for the calculator or for any state a page reaches."""

from __future__ import annotations

import time
from typing import Any

TIMEOUT_MS = 60_000  # Pyodide starts in ~3 s here; leave room for a loaded machine
# True once the calculator page's module has run (``window.legcramps`` exists; its runtime may still be loading).
LEGCRAMPS_DEFINED = "window.legcramps !== undefined"
# True once a page has started: loaded, Material's bundle run (its instant navigation has read the sitemap) and the
# site's modules with it (the audience switch's buttons say which is pressed).
PAGE_STARTED = """document.readyState === "complete"
  && document.querySelector("button[data-lc-audience-choice][aria-pressed]") !== null"""
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


# The calculator's result section, as site_overrides/assets/javascripts/calculator/results.mjs (resultState) marks it.
RESULT = "[data-lc-result]"
# True once the result drawn is the one for exactly the answers in the address (its fragment, when the fragment holds
# answers rather than an in-page anchor): the page marks the result "busy" from the moment an answer changes.
RESULT_CURRENT = """() => {
  const result = document.querySelector("[data-lc-result]"), fragment = location.hash.slice(1);
  return result?.dataset.lcState === "current" && result.dataset.lcAnswers === (fragment.includes("=") ? fragment : "");
}"""
_RESULT_SETTLED = f"""() => document.querySelector("{RESULT}")?.dataset.lcState === "failed" || ({RESULT_CURRENT})()"""


def wait_for_current_result(page: Any, timeout_ms: float = TIMEOUT_MS) -> None:
    """Wait until the calculator on ``page`` shows the result of the answers its address holds.

    Raises ``AssertionError`` with what the page says if the calculator failed instead (it could not start, or its
    worker stopped), and Playwright's ``TimeoutError`` if neither happens within ``timeout_ms``.
    """
    page.wait_for_function(_RESULT_SETTLED, timeout=timeout_ms)
    if page.evaluate(f"document.querySelector('{RESULT}').dataset.lcState") == "failed":
        said = page.evaluate("document.querySelector('[data-lc-calculator]').innerText")
        raise AssertionError(f"the calculator failed: {said[-500:]}")
