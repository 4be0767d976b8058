"""What the browser tests of calculator pages share: how to wait for a ranking, a finding's form field, and the
causes the classic presentations rank first. How long to wait and how to wait for the runtime: devtools/waits.py."""

from __future__ import annotations

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
