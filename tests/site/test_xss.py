"""Content is untrusted: markup and script in any YAML text render inert, as visible text.

The fixture content gets injection payloads in every kind of text field; its built site must contain exactly
the active elements (scripts, frames, handlers, links) of the clean build, show the payloads as text, and run
nothing in the browser.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from devtools.mkdocs_build import config_for_content, mkdocs_build
from tests.conftest import FIXTURE_CONTENT

PAYLOADS = [
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=\"window.__xss='img'\">",
    "[click me](javascript:window.__xss='link')",
    "![x](javascript:window.__xss='image')",
    "<a href=\"javascript:window.__xss='a'\">a</a>",
    "{: onclick=\"window.__xss='attr'\" }",
    "<svg onload=\"window.__xss='svg'\"></svg>",
    "\"><script>window.__xss='breakout'</script>",
    "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
    "&#60;script&#62;window.__xss='entity'&#60;/script&#62;",
    "<https://example.org/autolink>",
    '--8<-- "/etc/passwd"',
]
PAYLOAD = " ".join(PAYLOADS)


class ActiveElements(HTMLParser):
    """Counts what can run or navigate: scripts, frames, objects, event handlers, javascript: URLs, links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[str] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "img", "svg", "form"):
            self.found[tag] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found[f"handler:{name}"] += 1
            if (
                name in ("href", "src", "action", "formaction", "xlink:href")
                and value
                and re.match(r"\s*javascript:", value, re.I)
            ):
                self.found["javascript-url"] += 1
            if name == "href" and value and value.startswith("http"):
                self.found["external-link"] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def inject(content: Path) -> None:
    """Put the payload into every kind of free-text field of the fixture content."""

    def edit(relative: str, change) -> None:
        path = content / relative
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    def cited(original: str) -> str:
        """The payload followed by the original's citations, so the reference lists stay the same."""
        return PAYLOAD + " " + " ".join(re.findall(r"\[@[^\]]+\]", original))

    def cause(data):
        data.update(summary=cited(data["summary"]), plain_summary=PAYLOAD, mechanism=cited(data["mechanism"]))
        data["features"].append(cited("[@alpha-2020]"))
        data["management"][0] = cited(data["management"][0])

    def site(data):
        data.update(intro=[PAYLOAD], disclaimer=PAYLOAD)

    def comparison(data):
        data["mimics"][0].update(location=PAYLOAD, telling_apart=cited(data["mimics"][0]["telling_apart"]))

    def rls(data):
        data["mimics"][0].update(features=PAYLOAD, telling_apart=cited(data["mimics"][0]["telling_apart"]))

    def vascular(data):
        data["segments"][0]["text"] = cited(data["segments"][0]["text"])

    def approach(data):
        data["sections"][1]["table"]["rows"][0][0] = PAYLOAD
        data["sections"][0]["paragraphs"] = [PAYLOAD]

    def prevention(data):
        data["measures"][0].update(evidence=cited(data["measures"][0]["evidence"]), practical=PAYLOAD)

    edit("causes/night-cramps.yaml", cause)
    edit("site.yaml", site)
    edit("comparisons/claudication.yaml", comparison)
    edit("rls.yaml", rls)
    edit("vascular_map.yaml", vascular)
    edit("approach.yaml", approach)
    edit("prevention.yaml", prevention)


def scan(site: Path) -> dict[str, ActiveElements]:
    pages = {}
    for html in sorted(site.rglob("*.html")):
        parser = ActiveElements()
        parser.feed(html.read_text(encoding="utf-8"))
        pages[html.relative_to(site).as_posix()] = parser
    return pages


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    built = []
    for variant in ("clean", "payload"):
        work = tmp_path_factory.mktemp(variant)
        content = work / "content"
        shutil.copytree(FIXTURE_CONTENT, content, symlinks=False)
        if variant == "payload":
            inject(content)
        result = mkdocs_build(config_for_content(content, work), work / "site")
        assert result.returncode == 0, result.stderr
        built.append(work / "site")
    return built[0], built[1]


def test_payloads_add_no_script_handler_frame_or_link(sites):
    clean, payload = (scan(site) for site in sites)
    assert clean.keys() == payload.keys()
    for page in clean:
        assert payload[page].found == clean[page].found, page


def test_payloads_are_shown_as_literal_text(sites):
    _, payload = sites
    text = " ".join(scan(payload)["causes/night-cramps/index.html"].text)
    for fragment in ("<script>alert('xss-script')</script>", "[click me](javascript:", "{: onclick="):
        assert fragment in text


def test_meta_description_cannot_break_out_of_its_attribute(sites):
    _, payload = sites
    html = (payload / "causes" / "night-cramps" / "index.html").read_text(encoding="utf-8")
    description = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert description is not None
    assert "&lt;script&gt;" in description.group(1)


@pytest.mark.browser
def test_nothing_runs_in_the_browser(sites, chromium):
    from devtools.server import serve

    _, payload = sites
    with serve(payload) as url:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for html in sorted(payload.rglob("index.html")):
            path = html.parent.relative_to(payload).as_posix()
            page.goto(url + ("" if path == "." else path + "/"))
            for link in page.locator("article a").all()[:40]:
                href = link.get_attribute("href") or ""
                assert not href.strip().lower().startswith("javascript:"), (path, href)
            assert page.evaluate("window.__xss === undefined"), path
        context.close()
        assert dialogs == []
