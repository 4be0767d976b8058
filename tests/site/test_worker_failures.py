"""Issue 11: whatever stops the calculator is shown on the page, and the API rejects; nothing waits forever.

Content that passed ``check`` and the build once broke the calculator (``weight: 2.0`` left the page waiting). These
tests serve the real built site with one of the calculator's files replaced (a Playwright route): unusable data, a
worker that cannot load, a worker that stops once ready. Each must settle within the usual browser timeout.
"""

from __future__ import annotations

import json

import pytest

from devtools.waits import wait_for_current_result, wait_until

pytestmark = pytest.mark.browser

DATA = "**/assets/calculator/data.json"
WORKER = "**/assets/calculator/worker.mjs"
STATE = "document.querySelector('[data-lc-result]').dataset.lcState"
STATUS = "[data-lc-status-text]"

# A worker that says it is ready and then throws, uncaught, on the first evaluation ("prepare", which the page
# posts as it creates the worker, it ignores).
STOPS_WHEN_ASKED = """
self.onmessage = (event) => {
  if (event.data.type === "init") {
    self.postMessage({type: "ready", version: "test", python: "test", restored: false, timings: {}, data: {}});
  } else if (event.data.type === "evaluate") {
    setTimeout(() => { throw new Error("the worker broke"); });
  }
};
"""


def settle(page, promise: str) -> str:
    """``'resolved'`` or ``'rejected: <message>'`` for the Promise that ``promise`` evaluates to in the page, waited
    for no longer than the usual timeout (``page.evaluate`` alone would wait forever)."""
    page.evaluate(
        f"""() => {{
          window.__lcSettled = undefined;
          Promise.resolve({promise}).then(() => "resolved", (error) => "rejected: " + error.message)
            .then((outcome) => {{ window.__lcSettled = outcome; }});
        }}"""
    )
    wait_until(page, "window.__lcSettled !== undefined")
    return page.evaluate("window.__lcSettled")


def replace(page, pattern: str, body: str, status: int = 200, content_type: str = "application/json") -> None:
    page.route(pattern, lambda route: route.fulfill(status=status, body=body, content_type=content_type))


@pytest.mark.parametrize(
    ("body", "status", "said"),
    [
        ('{"findings": 1}', 200, "TypeError"),  # JSON, but not calculator data
        ("{", 200, "JSONDecodeError"),
        ("[]", 200, "Error"),
        ("", 404, "HTTP 404"),
    ],
    ids=["findings-not-a-list", "not-json", "a-list", "missing"],
)
def test_data_the_calculator_cannot_use_is_shown_as_an_error_and_ready_rejects(page, site_url, body, status, said):
    replace(page, DATA, body, status)
    page.goto(site_url + "calculator/#nocturnal=yes")
    wait_until(page, f"{STATE} === 'failed'")
    # Awaited only now: a failure no script was waiting for is shown on the page, not also an uncaught error.
    outcome = settle(page, "window.legcramps.ready")
    assert outcome.startswith("rejected: ") and said in outcome, outcome
    status_text = page.locator(STATUS).inner_text()
    assert status_text == "The calculator could not start: " + outcome.removeprefix("rejected: ")
    assert "Traceback" not in status_text  # one line, not Python's traceback
    assert page.locator("[data-lc-progress]").is_hidden()
    assert page.locator("[data-lc-result]").get_attribute("aria-busy") == "false"
    assert page.locator("[data-lc-result-body]").inner_text() == "No result: the calculator could not start."
    assert settle(page, "window.legcramps.evaluate({nocturnal: true})") == outcome
    # An answer changed after the failure is not left busy either.
    page.get_by_label("Brought on by walking or exercise").check()
    wait_until(page, f"{STATE} === 'failed'")


def test_a_worker_that_cannot_load_is_shown_as_an_error_and_ready_rejects(page, site_url):
    replace(page, WORKER, "this is not JavaScript (", content_type="text/javascript")
    page.goto(site_url + "calculator/#nocturnal=yes")
    wait_until(page, f"{STATE} === 'failed'")
    assert settle(page, "window.legcramps.ready").startswith("rejected: ")
    assert page.locator(STATUS).inner_text().startswith("The calculator could not start: ")


def test_a_worker_that_stops_once_ready_rejects_the_evaluation_waiting_on_it(page, site_url):
    replace(page, WORKER, STOPS_WHEN_ASKED, content_type="text/javascript")
    page.goto(site_url + "calculator/#nocturnal=yes")
    assert settle(page, "window.legcramps.ready") == "resolved"
    wait_until(page, f"{STATE} === 'failed'")  # the page's own evaluation
    assert "the worker broke" in page.locator("[data-lc-result-body]").inner_text()
    outcome = settle(page, "window.legcramps.evaluate({nocturnal: true})")
    assert outcome.startswith("rejected: ") and "the worker broke" in outcome


def test_a_float_weight_gives_a_result_or_an_error_never_a_wait(page, site_url, built_site):
    data = json.loads((built_site / "assets/calculator/data.json").read_text(encoding="utf-8"))
    boolean = {finding["id"] for finding in data["findings"] if finding["type"] in ("boolean", "yes_no")}
    cause = next(cause for cause in data["causes"] if any(w["finding"] in boolean for w in cause["weights"]))
    weight = next(weight for weight in cause["weights"] if weight["finding"] in boolean)
    weight["weight"] = float(weight["weight"])  # json.dumps writes 2.0, as YAML's `weight: 2.0` exported did
    replace(page, DATA, json.dumps(data))
    page.goto(site_url + f"calculator/#{weight['finding']}=yes")
    assert settle(page, f"window.legcramps.evaluate({{{weight['finding']}: true}})") in (
        "resolved",
        "rejected: the calculator failed: ValueError: Unknown format code 'd' for object of type 'float'",
    )
    wait_for_current_result(page)  # a result, or the error as this answers' result: not busy
    assert page.locator("[data-lc-result-body]").inner_text().strip() != ""
