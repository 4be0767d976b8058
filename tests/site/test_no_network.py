"""No request to any host but the site's own, ever; none at all once the calculator is ready; no Pyodide byte
on pages without a calculator.

Service workers are blocked, so every request the page or its Web Worker makes reaches Playwright (routes and
``page.on("request")``) and this test's own server, which logs every path it serves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from devtools.server import serve
from devtools.site_paths import calculator_only, runtime_path

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
AWAIT_READY = "async () => { await window.legcramps.ready; }"
MOST_LIKELY = ".lc-cause[data-lc-tiers~=most_likely] .lc-cause-name [data-audience=clinician] a"
CONTENT_PAGES = ["", "causes/deep-vein-thrombosis/", "vascular-map/"]


@pytest.fixture(scope="module")
def logged_site(built_site: Path) -> Iterator[tuple[str, list[str]]]:
    """The built site served by a server that logs every path it serves (cleared by each test)."""
    log: list[str] = []
    with serve(built_site, log=log) as url:
        yield url, log


@dataclass
class Watched:
    page: object
    server_log: list[str]
    routed: list[str] = field(default_factory=list)  # every request the context made, the worker's included
    external: list[str] = field(default_factory=list)  # those to another host (aborted)
    requests: list[str] = field(default_factory=list)  # page.on("request")


@pytest.fixture
def watched(chromium, logged_site) -> Iterator[Watched]:
    url, log = logged_site
    log.clear()
    context = chromium.new_context(service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = Watched(page, log)

    def route(route) -> None:
        request_url = route.request.url
        watch.routed.append(request_url)
        if request_url.startswith(url):
            route.continue_()
        else:
            watch.external.append(request_url)
            route.abort()

    context.route("**/*", route)
    page.on("request", lambda request: watch.requests.append(request.url))
    yield watch
    context.close()


def wait_for_most_likely(page, name: str) -> None:
    page.wait_for_function(
        "([selector, name]) => document.querySelector(selector)?.textContent === name", arg=[MOST_LIKELY, name]
    )


def test_the_calculator_page_and_its_worker_request_nothing_from_another_host(watched, logged_site, built_site):
    site_url, _ = logged_site
    page = watched.page
    page.goto(site_url + "calculator/?nocturnal=yes")
    page.evaluate(AWAIT_READY)
    wait_for_most_likely(page, "Benign idiopathic nocturnal leg cramps")
    page.evaluate("window.legcramps.evaluate({age: 70, exertional: true})")
    page.wait_for_load_state("networkidle")
    # The worker's own requests went through the same guard: Pyodide's files are fetched from inside the worker.
    assert site_url + runtime_path(built_site) + "pyodide.asm.wasm" in watched.routed
    assert site_url + "assets/calculator/python.json" in watched.routed
    assert watched.external == []
    assert [url for url in watched.requests if not url.startswith(site_url)] == []


def test_once_ready_evaluations_and_form_edits_make_no_request(watched, logged_site):
    site_url, _ = logged_site
    page = watched.page
    page.goto(site_url + "calculator/")
    page.evaluate(AWAIT_READY)
    page.evaluate("window.legcramps.evaluate({})")
    page.wait_for_load_state("networkidle")
    served, requested = len(watched.server_log), len(watched.requests)

    results = page.evaluate(
        "async () => { const ids = []; for (let age = 50; age < 70; age++) {"
        " const result = await window.legcramps.evaluate({age, nocturnal: true, sudden_painful_contraction: true});"
        " ids.push(result.most_likely.id); } return ids; }"
    )
    assert results == ["benign-nocturnal-leg-cramps"] * 20
    page.locator("[data-lc-open-all]").click()  # the questions' groups fold; opening them asks nothing of a server
    page.get_by_label("Brought on by walking or exercise").check()
    page.get_by_label("Goes within about 10 minutes of stopping and standing still").check()
    page.locator("#lc-age").fill("68")
    wait_for_most_likely(page, "Peripheral artery disease with intermittent claudication")
    page.locator("[data-lc-field=laterality] select").select_option("bilateral")
    page.get_by_label("Ischaemic rest pain, a non-healing wound or gangrene").check()
    page.locator(".lc-red-flag-banner").wait_for()
    assert "laterality=bilateral" in page.url

    # The tab icon is inline (site_overrides/main.html): Chromium re-requests a linked one whenever the answers
    # change the address, so even the browser's own requests stay at zero.
    assert page.evaluate("document.querySelector('link[rel~=icon]').href").startswith("data:")
    assert watched.requests[requested:] == []
    assert watched.server_log[served:] == []


@pytest.mark.parametrize("path", CONTENT_PAGES, ids=["home", "cause", "map"])
def test_a_content_page_loads_no_pyodide_or_calculator_file(watched, logged_site, path):
    site_url, _ = logged_site
    page = watched.page
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-lc-calculator]").count() == 0
    assert watched.server_log, "the server logged nothing: is the log wired up?"
    assert [path for path in watched.server_log if calculator_only(path)] == []
    assert [url for url in watched.requests if calculator_only(url)] == []
    assert watched.external == []
