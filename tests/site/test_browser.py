"""End to end in Debian Chromium: the pages a reader uses, with every request to another host blocked."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def heading(page) -> str:
    """The page's h1 without the permalink sign the toc extension appends."""
    return page.locator("h1").first.inner_text().rstrip("¶").strip()


def test_home_shows_the_differential_at_a_glance(guarded, site_url):
    page = guarded.page
    page.goto(site_url)
    assert heading(page) == "Leg cramps: differential diagnosis"
    tiers = ["Single most likely", "Other likely", "Do not miss", "Rare"]
    headings = [text.rstrip("¶").strip() for text in page.locator("article h3:visible").all_inner_texts()]
    assert [text for text in headings if text in tiers] == tiers  # the tiers, in order (patient help comes first)
    page.get_by_role("link", name="Benign idiopathic nocturnal leg cramps").first.click()
    page.wait_for_url(re.compile(r"/causes/benign-nocturnal-leg-cramps/$"))
    assert heading(page) == "Benign idiopathic nocturnal leg cramps"
    assert "Medical disclaimer" in page.locator("article").inner_text()


def test_a_cause_page_shows_review_state_red_flags_and_numbered_references(guarded, site_url):
    page = guarded.page
    page.goto(site_url + "causes/deep-vein-thrombosis/")
    article = page.locator("article")
    assert "Not yet reviewed" in article.inner_text()  # every cause page is a draft until a clinician signs it off
    assert page.locator("#red-flags").is_visible()
    first_citation = page.locator("sup.citation a").first
    target = first_citation.get_attribute("href").split("#")[-1]
    assert target.startswith("ref-")
    assert page.locator(f"ol li:has(span#{target})").count() == 1
    assert (
        page.locator('a[title="Edit this page"]')
        .get_attribute("href")
        .endswith("content/causes/deep-vein-thrombosis.yaml")
    )


def test_map_links_are_reachable_by_keyboard(guarded, site_url):
    page = guarded.page
    page.goto(site_url + "vascular-map/")
    page.locator("#diagram").focus() if page.locator("#diagram").count() else None
    focused_ids = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        focused_ids.add(page.evaluate("document.activeElement && document.activeElement.id"))
        if "map-tibial" in focused_ids and "map-calf" in focused_ids:
            break
    assert {"map-calf", "map-tibial"} <= focused_ids
    page.keyboard.press("Enter")


@pytest.mark.search
def test_search_for_claudication_finds_the_comparison_page(guarded, site_url):
    page = guarded.page
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("claudication", delay=30)
    result = page.locator(".md-search-result__link[href*='claudication-vs-pseudoclaudication']").first
    result.wait_for(timeout=15_000)
    assert result.is_visible()
