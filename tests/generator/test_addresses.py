"""Page addresses: one function owns each page's path, and its URL is derived from that path."""

from __future__ import annotations

import pytest

from generator.addresses import (
    CALCULATOR_PAGE,
    CAUSES_INDEX,
    HOME_PAGE,
    cause_page,
    cause_url,
    instrument_page,
    instrument_url,
    page_url,
    relative_link,
)
from generator.content import load_content
from generator.export import export_calculator_data
from tests.conftest import FIXTURE_CONTENT, REPO_ROOT


def test_pages_built_from_content_sit_where_their_kind_says() -> None:
    assert (HOME_PAGE, CALCULATOR_PAGE, CAUSES_INDEX) == ("index.md", "calculator/index.md", "causes/index.md")
    assert cause_page("dehydration") == "causes/dehydration.md"
    assert instrument_page("wells-dvt") == "instruments/wells-dvt.md"


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("index.md", ""),
        ("calculator/index.md", "calculator/"),
        ("causes/index.md", "causes/"),
        ("causes/dehydration.md", "causes/dehydration/"),
        ("vascular-map.md", "vascular-map/"),
    ],
)
def test_a_page_is_served_at_its_directory_url(page: str, url: str) -> None:
    assert page_url(page) == url


def test_cause_and_instrument_urls_are_their_pages_urls() -> None:
    assert cause_url("dehydration") == page_url(cause_page("dehydration")) == "causes/dehydration/"
    assert instrument_url("wells-dvt") == "instruments/wells-dvt/"


def test_the_calculator_data_links_each_cause_and_instrument_to_its_page() -> None:
    content = load_content(FIXTURE_CONTENT, REPO_ROOT)
    data = export_calculator_data(content)
    assert [cause["url"] for cause in data["causes"]] == [cause_url(cause.id) for cause in content.causes]
    assert data["instrument_pages"] == {page.instrument: instrument_url(page.id) for page in content.instruments}


@pytest.mark.parametrize(
    ("target", "here", "link"),
    [
        ("causes/a.md", "index.md", "causes/a.md"),
        ("causes/b.md", "causes/a.md", "b.md"),
        ("references.md", "causes/a.md", "../references.md"),
        ("index.md", "calculator/index.md", "../index.md"),
    ],
)
def test_links_between_pages_are_relative_to_the_linking_page(target: str, here: str, link: str) -> None:
    assert relative_link(target, here) == link
