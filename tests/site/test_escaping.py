"""Every text that reaches HTML is escaped by us, whatever the schema allows: navigation titles included.

The schema's name pattern keeps markup out of cause names, but a pull request can relax a schema. Here the names
are made hostile after validation (the content model is patched in-process, as if the pattern were gone) and the
fixture content is built by MkDocs in this process: no element of a hostile name may exist in any built page, the
names show as text in the navigation, the page ``<title>`` and the search index, and an ampersand is escaped once.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from devtools.mkdocs_build import config_for_content
from generator.content import load_content
from generator.engines import mkdocs_plugin
from generator.model import Content
from generator.navigation import site_nav
from generator.render import render_site
from generator.site_model import SiteModel, SiteModelBuilder, site_model
from tests.conftest import FIXTURE_CONTENT

HOSTILE = "</a><script>alert('nav')</script><img src=x onerror=alert(1)>"
HOSTILE_TIER = '"><b id=tier-title>tier</b>'
AMPERSAND = "Wells score & DVT"
NAMES = {"night-cramps": HOSTILE, "limb-ischaemia": AMPERSAND}


def hostile(content: Content) -> Content:
    """``content`` with the names the schema would refuse: a cause name of markup, a tier title breaking out."""
    causes = tuple(dataclasses.replace(cause, name=NAMES.get(cause.id, cause.name)) for cause in content.causes)
    tiers = dict(content.site.tiers)
    tiers["most_likely"] = dataclasses.replace(tiers["most_likely"], title=HOSTILE_TIER)
    return dataclasses.replace(content, causes=causes, site=dataclasses.replace(content.site, tiers=tiers))


def titles(nav: list) -> list[str]:
    found = []
    for entry in nav:
        for title, target in entry.items():
            found.append(title)
            if isinstance(target, list):
                found += titles(target)
    return found


def test_navigation_titles_are_escaped_once(content_copy):
    content = hostile(load_content(content_copy, content_copy.parent))
    nav_titles = titles(site_nav(content, render_site(content)))
    escaped = "&lt;/a&gt;&lt;script&gt;alert(&#x27;nav&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert escaped in nav_titles
    assert "Wells score &amp; DVT" in nav_titles
    assert "&quot;&gt;&lt;b id=tier-title&gt;tier&lt;/b&gt;" in nav_titles
    assert not any("<" in title or ">" in title or '"' in title for title in nav_titles)


class Page(HTMLParser):
    """The elements, attributes and text of one HTML page; the ``<title>`` text and the scripts' code apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.title = ""
        self.scripts: list[str] = []
        self._open = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._open = tag

    def handle_endtag(self, tag: str) -> None:
        self._open = ""

    def handle_data(self, data: str) -> None:
        if self._open == "title":
            self.title += data
        elif self._open == "script":
            self.scripts.append(data)
            return
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content with hostile names, built by MkDocs (strict) in this process through the real plugin."""
    work = tmp_path_factory.mktemp("escaping")
    content_dir = work / "content"
    shutil.copytree(FIXTURE_CONTENT, content_dir, symlinks=False)

    class HostileBuilder(SiteModelBuilder):
        """The plugin's builder, handing over the content with its names made hostile after validation."""

        def build(self, *, today: date | None = None) -> SiteModel:
            content = hostile(load_content(self.content_dir, self.repo_root))
            return site_model(content, source_url=self.source_url, today=today)

    config = load_config(str(config_for_content(content_dir, work)), site_dir=str(work / "site"), strict=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mkdocs_plugin, "SiteModelBuilder", HostileBuilder)
        build(config)
    return work / "site"


def test_no_element_of_a_hostile_name_exists_in_any_page(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for html in pages:
        page = parse(html.read_text(encoding="utf-8"))
        for tag, attrs in page.elements:
            assert "onerror" not in attrs and attrs.get("id") != "tier-title", (html, tag, attrs)
            assert not (tag == "img" and attrs.get("src") == "x"), html
        assert not any("alert(" in script for script in page.scripts), html


def test_hostile_names_show_as_text_in_the_navigation_and_title(hostile_site):
    page = parse((hostile_site / "causes" / "night-cramps" / "index.html").read_text(encoding="utf-8"))
    assert page.title == f"{HOSTILE} - Leg cramps"
    text = "".join(page.text)
    assert text.count(HOSTILE) >= 3  # the navigation, the header, the heading
    assert HOSTILE_TIER in text  # the tier's section title in the navigation
    home = parse((hostile_site / "index.html").read_text(encoding="utf-8"))
    assert HOSTILE in "".join(home.text)


def test_an_ampersand_is_escaped_once(hostile_site):
    html = (hostile_site / "causes" / "limb-ischaemia" / "index.html").read_text(encoding="utf-8")
    assert "&amp;amp;" not in html and "Wells score &amp; DVT" in html
    page = parse(html)
    assert page.title == f"{AMPERSAND} - Leg cramps"
    assert AMPERSAND in "".join(page.text)


def test_the_search_index_holds_the_names_as_escaped_html(hostile_site):
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for name, location in ((HOSTILE, "causes/night-cramps/"), (AMPERSAND, "causes/limb-ischaemia/")):
        entry = next(doc for doc in index["docs"] if doc["location"] == location)
        title = parse(entry["title"])  # the search shows titles as HTML (Material inserts them with innerHTML)
        assert title.elements == [] and "".join(title.text) == name
    for doc in index["docs"]:
        for field in ("title", "text"):
            assert not any(tag in ("script", "img", "b") for tag, _ in parse(doc[field]).elements), doc["location"]
