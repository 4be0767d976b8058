"""Installable: the built site has a web app manifest (name, start page, standalone display, colours, icons of 192 and
512 px and a maskable one), every page links it with a theme colour and an Apple touch icon, and Chromium reads it
without an error."""

from __future__ import annotations

import json
import struct
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

MANIFEST = "manifest.webmanifest"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's signature and IHDR chunk."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", path
    return struct.unpack(">II", header[16:24])


@pytest.fixture(scope="module")
def manifest(built_site: Path) -> dict:
    return json.loads((built_site / MANIFEST).read_text(encoding="utf-8"))


def test_the_manifest_names_the_site_its_start_page_and_colours(manifest):
    assert manifest["name"] and 0 < len(manifest["short_name"]) <= 12  # what fits under a home-screen icon
    assert manifest["start_url"] == manifest["scope"] == "./"  # the site's root, wherever it is deployed
    assert manifest["display"] == "standalone"
    for colour in ("theme_color", "background_color"):
        assert manifest[colour].startswith("#") and len(manifest[colour]) == 7, colour


def test_every_icon_exists_with_the_size_it_states(manifest, built_site):
    icons = manifest["icons"]
    for icon in icons:
        width, height = (int(side) for side in icon["sizes"].split("x"))
        assert icon["type"] == "image/png"
        assert png_size(built_site / icon["src"]) == (width, height), icon
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in icons}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


class HeadLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self.theme_color: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") in ("manifest", "apple-touch-icon"):
            self.links[attributes["rel"]] = attributes["href"] or ""
        elif tag == "meta" and attributes.get("name") == "theme-color":
            self.theme_color = attributes.get("content")


def test_every_page_links_the_manifest_its_theme_colour_and_a_touch_icon(built_site, manifest):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40
    for html in pages:
        head = HeadLinks()
        head.feed(html.read_text(encoding="utf-8"))
        page_url = "http://site/" + html.relative_to(built_site).as_posix()
        assert urljoin(page_url, head.links.get("manifest", "")) == "http://site/" + MANIFEST, html
        icon = urljoin(page_url, head.links.get("apple-touch-icon", "")).removeprefix("http://site/")
        assert (built_site / icon).is_file() and png_size(built_site / icon) == (180, 180), html
        assert head.theme_color == manifest["theme_color"], html


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "causes/deep-vein-thrombosis/"])
def test_chromium_reads_the_manifest_without_an_error(guarded, site_url, path):
    page = guarded.page
    page.goto(site_url + path)
    session = page.context.new_cdp_session(page)
    found = session.send("Page.getAppManifest")
    assert found["url"] == site_url + MANIFEST
    assert found["errors"] == []
    assert json.loads(found["data"])["short_name"]
    assert guarded.blocked == [] and guarded.errors == []
