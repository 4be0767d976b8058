"""Rendering: golden Markdown for the fixture content, plus the behaviours the golden files show."""

from __future__ import annotations

import re

import pytest

from generator.content import load_content
from generator.render import render_site, site_nav
from tests.conftest import FIXTURE_CONTENT, REPO_ROOT
from tests.generator.golden import GOLDEN_DIR, render_fixture

PAGES = {page.path: page for page in render_fixture()}


def test_golden_files_cover_exactly_the_rendered_pages():
    golden = {path.relative_to(GOLDEN_DIR).as_posix() for path in GOLDEN_DIR.rglob("*.md")}
    assert golden == set(PAGES), "run `make golden` and review the diff"


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_matches_its_golden_markdown(path):
    expected = (GOLDEN_DIR / path).read_text(encoding="utf-8")
    assert PAGES[path].markdown == expected, f"{path} changed: run `make golden` and review the diff"


def test_citations_are_numbered_in_order_of_first_use_per_page():
    page = PAGES["causes/night-cramps.md"].markdown
    assert page.index('href="#ref-alpha-2020">1<') < page.index('href="#ref-gamma-2021">2<')
    assert '1. <span id="ref-alpha-2020"></span>' in page
    assert '2. <span id="ref-gamma-2021"></span>' in page


def test_each_generated_page_names_its_yaml_source_for_the_edit_link():
    assert PAGES["causes/night-cramps.md"].source == "tests/fixtures/content/causes/night-cramps.yaml"
    assert PAGES["vascular-map.md"].source == "tests/fixtures/content/vascular_map.yaml"
    assert PAGES["references.md"].source == "tests/fixtures/content/references.yaml"


def test_pages_not_yet_approved_carry_a_pending_review_notice():
    assert "Pending clinical review" in PAGES["causes/night-cramps.md"].markdown
    assert "Pending clinical review" not in PAGES["vascular-map.md"].markdown
    assert "Page last reviewed: 2026-01-01" in PAGES["vascular-map.md"].markdown


def test_every_page_carries_the_disclaimer_and_home_shows_the_four_tiers_in_order():
    for page in PAGES.values():
        if page.path not in ("causes/index.md", "references.md") and not page.path.startswith("editors/"):
            assert "Medical disclaimer" in page.markdown, page.path
    home = PAGES["index.md"].markdown
    assert home.index("Single most likely") < home.index("Do not miss")


def test_navigation_groups_causes_by_tier():
    content = load_content(FIXTURE_CONTENT, REPO_ROOT)
    nav = site_nav(content, render_site(content))
    assert nav[1] == {
        "Calculator": [
            {"Differential calculator": "calculator/index.md"},
            {"Ankle-brachial index": "instruments/ankle-brachial-index.md"},
        ]
    }
    causes = nav[2]["Causes"]
    assert causes[0] == {"All causes": "causes/index.md"}
    assert causes[1] == {"Single most likely": [{"Night cramps": "causes/night-cramps.md"}]}
    assert causes[2] == {"Do not miss": [{"Limb ischaemia": "causes/limb-ischaemia.md"}]}


def test_cause_links_keep_their_spacing_and_citations_hug_the_word():
    page = PAGES["causes/night-cramps.md"].markdown
    assert "History is enough<sup" in page
    assert ". See [Limb ischaemia](limb-ischaemia.md)." in page


def test_no_heading_or_attribute_list_is_escaped_into_visible_text():
    for path, page in PAGES.items():
        assert not re.search(r"^\\#", page.markdown, re.MULTILINE), path


def test_every_citation_on_a_page_points_at_an_entry_of_its_reference_list():
    for path, page in PAGES.items():
        cited = set(re.findall(r'href="#(ref-[a-z0-9-]+)"', page.markdown))
        listed = set(re.findall(r'<span id="(ref-[a-z0-9-]+)"></span>', page.markdown))
        assert cited <= listed, (path, sorted(cited - listed))
