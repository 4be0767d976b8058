"""Search works, and its index loads when a reader reaches for it (site_overrides/assets/javascripts/
search-on-demand.js): never during the calculator's start-up, after the load on other pages."""

from __future__ import annotations

import pytest

from devtools.waits import AWAIT_READY, LEGCRAMPS_DEFINED, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.search]

INDEX = "/search/search_index.json"
RESULTS = "() => document.querySelectorAll('.md-search-result__item').length"


def index_requests(page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url) if request.url.endswith(INDEX) else None)
    return requests


def search_for(page, query: str) -> None:
    """Open search as a reader does: the header's search button on a phone, a click in the search box on a wide
    screen."""
    box = page.locator("[data-md-component=search-query]")
    phone = page.viewport_size["width"] < 960  # Material's header holds the search box from 60em
    (page.locator("label.md-header__button[for=__search]") if phone else box).click()
    box.press_sequentially(query)  # typed: Material searches on key events, which fill() does not send
    wait_until(page, RESULTS)


def test_the_calculator_starts_without_the_search_index_which_loads_when_search_opens(page, site_url):
    page.set_viewport_size({"width": 360, "height": 740})
    requests = index_requests(page)
    page.goto(site_url + "calculator/")
    wait_until(page, LEGCRAMPS_DEFINED)
    page.evaluate(AWAIT_READY)
    page.wait_for_load_state("networkidle")
    assert requests == []
    search_for(page, "thrombosis")
    assert len(requests) == 1
    assert "Deep vein thrombosis" in page.locator(".md-search-result").inner_text()


def test_a_keyboard_shortcut_opens_search_with_its_index(page, site_url):
    requests = index_requests(page)
    page.goto(site_url + "calculator/")
    page.wait_for_load_state("networkidle")
    assert requests == []
    page.keyboard.press("s")
    page.keyboard.type("claudication")
    wait_until(page, RESULTS)
    assert len(requests) == 1


def test_other_pages_load_the_index_once_loaded_so_search_is_ready_when_wanted(page, site_url):
    requests = index_requests(page)
    page.goto(site_url + "causes/deep-vein-thrombosis/")
    wait_until(page, "() => document.readyState === 'complete'")
    wait_until(page, "n => performance.getEntriesByType('resource').some(e => e.name.endsWith(n))", INDEX)
    assert len(requests) == 1
    search_for(page, "magnesium")
