"""Every mention of a cause or an instrument in the built site's running text links to its page (issue 12, item 6).

The text filter links them as it renders (generator/mentions.py); this reads the built HTML back, so text that never
went through the filter, or Markdown that could not become a link where it was put, is caught too. Running text is
what an article's paragraphs, list items and table cells say, outside headings, links, code, forms and the calculator
(whose words come from the findings), and outside the bibliography (whose titles are the sources' own). A block (the
innermost paragraph, list item or table cell) is fine when it links the page it mentions, or when the page is its
own subject.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from generator.addresses import page_url
from generator.content import load_content
from generator.mentions import MentionIndex
from tests.conftest import REAL_CONTENT, REPO_ROOT

BLOCKS = {"p", "li", "td", "dd"}
SKIPPED = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "form", "script", "style", "svg", "th", "button"}
SKIPPED_CLASSES = {"admonition-title", "lc-calculator", "lc-review"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Block:
    text: list[str] = field(default_factory=list)
    links: set[str] = field(default_factory=set)
    bibliography: bool = False  # a reference entry (it holds a ``ref-`` anchor): the source's own title


class ArticleText(HTMLParser):
    """The running text of a page's article, block by block, with the pages each block links."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.stack: list[tuple[str, bool, Block | None]] = []  # tag, skipped, block it opens
        self.blocks: list[Block] = []
        self.in_article = 0

    def _skipping(self) -> bool:
        return any(skipped for _, skipped, _ in self.stack)

    def _block(self) -> Block | None:
        return next((block for _, _, block in reversed(self.stack) if block is not None), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "article":
            self.in_article += 1
        if tag in VOID or not self.in_article:
            return
        classes = set((attributes.get("class") or "").split())
        skipped = tag in SKIPPED or bool(classes & SKIPPED_CLASSES)
        if (attributes.get("id") or "").startswith("ref-") and self._block() is not None:
            self._block().bibliography = True
        block = Block() if tag in BLOCKS else None
        if block is not None:
            self.blocks.append(block)
        if tag == "a" and attributes.get("href"):
            target = self._block()
            if target is not None:
                target.links.add(urlsplit(urljoin(self.url, attributes["href"])).path)
        self.stack.append((tag, skipped, block))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        while self.stack:
            name, _, _ = self.stack.pop()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.in_article or self._skipping():
            return
        block = self._block()
        if block is not None:
            block.text.append(data)


def reader_pages(site: Path) -> list[tuple[str, Path]]:
    """Every page a reader reads, by its URL path: all but the editors' pages (the schema's words about fields)."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        path = html.parent.relative_to(site).as_posix()
        if not path.startswith("editors/"):
            pages.append(("/" if path == "." else f"/{path}/", html))
    return pages


def unlinked_mentions(site: Path, index: MentionIndex) -> list[str]:
    """``page: "words" -> target in "block"`` for every mention whose block neither links its page nor is about it."""
    found = []
    for url, html in reader_pages(site):
        parser = ArticleText(url)
        parser.feed(html.read_text(encoding="utf-8"))
        for block in parser.blocks:
            if block.bibliography:
                continue
            text = "".join(block.text)
            for mention in index.find(text):
                target = "/" + page_url(mention.target)
                if target != url and target not in block.links:
                    found.append(f"{url}: {mention.text!r} -> {target} in {' '.join(text.split())[:90]!r}")
    return found


def test_no_mention_of_a_cause_or_an_instrument_is_left_unlinked(built_site):
    index = MentionIndex.from_content(load_content(REAL_CONTENT, REPO_ROOT))
    assert unlinked_mentions(built_site, index) == []


def test_the_dvt_page_links_wells_to_the_wells_page(built_site):
    html = (built_site / "causes" / "deep-vein-thrombosis" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../instruments/wells-dvt/">Wells score</a>' in html


def test_no_markdown_link_is_left_as_text(built_site):
    """A link written where Markdown is not read (raw HTML) would show as ``[words](target)``."""
    leftovers = []
    for url, html in reader_pages(built_site):
        parser = ArticleText(url)
        parser.feed(html.read_text(encoding="utf-8"))
        leftovers += [f"{url}: {''.join(b.text)[:80]}" for b in parser.blocks if "](" in "".join(b.text)]
    assert leftovers == []
