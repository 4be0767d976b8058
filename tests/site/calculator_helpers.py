"""What the browser tests of calculator pages share: how long to wait, how to wait for the runtime and for a
ranking, and the causes the classic presentations rank first."""

from __future__ import annotations

TIMEOUT_MS = 60_000  # Pyodide starts in ~3 s here; leave room for a loaded machine
AWAIT_READY = "async () => { await window.legcramps.ready; }"
MOST_LIKELY = "[data-lc-tier=most_likely] .lc-cause-name a"
PAD = "Peripheral artery disease with intermittent claudication"
CLTI = "Chronic limb-threatening ischaemia"


def wait_for_most_likely(page: object, name: str) -> None:
    """Wait until the result names ``name`` as the single most likely cause."""
    page.wait_for_function(
        "([selector, name]) => document.querySelector(selector)?.textContent === name", arg=[MOST_LIKELY, name]
    )


def field(page: object, finding: str) -> object:
    """The form field of one finding."""
    return page.locator(f"[data-lc-field={finding}]")
