"""What the browser tests of calculator pages share: how to read a ranking once it is current, a finding's form field,
and the causes the classic presentations rank first. How long to wait, how to wait for the runtime and for a current
result: devtools/waits.py."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from devtools.waits import wait_for_current_result

# The single most likely cause's card (each cause is one card with a badge per tier), its name as clinicians read it.
MOST_LIKELY = ".lc-cause[data-lc-tiers~=most_likely] .lc-cause-name [data-audience=clinician] a"
PAD = "Peripheral artery disease with intermittent claudication"
CLTI = "Chronic limb-threatening ischaemia"


def most_likely(page: object) -> str | None:
    """The name of the single most likely cause the result shows now (None when it shows none)."""
    return page.evaluate("(selector) => document.querySelector(selector)?.textContent ?? null", MOST_LIKELY)


def wait_for_most_likely(page: object, name: str) -> None:
    """Wait until the result is the one for the answers in the address, and check it names ``name`` as the single
    most likely cause."""
    wait_for_current_result(page)
    shown = most_likely(page)
    if shown != name:
        result = page.locator("[data-lc-result-body]").inner_text()[:300]
        raise AssertionError(f"{shown!r} is most likely for {sorted(address_answers(page))}, not {name!r}: {result}")


def address_answers(page: object) -> set[str]:
    """The answers the page's address holds, as ``name=value`` strings (they live in the fragment)."""
    return {f"{name}={value}" for name, value in parse_qsl(urlsplit(page.url).fragment)}


def field(page: object, finding: str) -> object:
    """The form field of one finding."""
    return page.locator(f"[data-lc-field={finding}]")


# Notes when the page sets the calculator's worker to work ("init": until then it has fetched its own script and
# runtime.json, nothing of the runtime itself; worker-client.mjs).
INIT_NOTED = """(() => {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === "init") window.__lcInitAt ??= performance.now();
    return post.call(this, message, ...rest);
  };
})()"""


# Records what the status line and the progress bar show, from the first paint on.
STATUS_HISTORY = """
window.__lcStatus = [];
document.addEventListener("DOMContentLoaded", () => {
  const text = document.querySelector("[data-lc-status-text]");
  const progress = document.querySelector("[data-lc-progress]");
  const record = () => window.__lcStatus.push({
    text: text.textContent, progressShown: !progress.hidden && progress.offsetParent !== null, value: progress.value,
    measured: progress.hasAttribute("value"),
  });
  record();
  new MutationObserver(record).observe(text, {childList: true, characterData: true, subtree: true});
});
"""
