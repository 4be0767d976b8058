"""Content text: citations and cause links are parsed once; everything else is literal."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from generator.richtext import CauseLink, Citation, Plain, cited_ids, escape_markdown, malformed_markers, parse


class _Elements(HTMLParser):
    """Collects every element (with its attributes) and the visible text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_data(self, data):
        self.text += data


def rendered(text: str) -> _Elements:
    md = markdown.Markdown(extensions=["tables", "attr_list", "toc", "admonition", "md_in_html"])
    parser = _Elements()
    parser.feed(md.convert(escape_markdown(text)))
    return parser


def test_parses_citations_and_cause_links_in_order():
    assert parse("Cramps [@a-1; @b-2] see [[pad]].") == [
        Plain("Cramps "),
        Citation(("a-1", "b-2")),
        Plain(" see "),
        CauseLink("pad"),
        Plain("."),
    ]
    assert cited_ids("x [@a] y [@b; @a]") == ["a", "b", "a"]


def test_line_breaks_are_folded_like_yaml_folded_text():
    assert parse("one\n  two") == [Plain("one two")]


def test_reports_citation_look_alikes_that_do_not_parse():
    assert malformed_markers("as shown [@Allen 2012] and [[Bad Link]]") == ["[@Allen 2012]", "[[Bad Link]]"]
    assert malformed_markers("fine [@allen-2012] [[pad]]") == []
    assert malformed_markers("unclosed [@allen") == ["[@"]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "![x](javascript:alert(1))",
        '{: onclick="alert(1)" }',
        "# Not a heading",
        "1. not a list",
        "- not a list",
        "> not a quote",
        '!!! danger "not an admonition"',
        "a | b | c",
        "*not emphasis* and _not_ either",
        "`not code`",
        "&#60;script&#62;",
        "<https://example.org>",
    ],
)
def test_markup_in_content_renders_as_one_plain_paragraph_of_the_literal_text(text):
    result = rendered(text)
    assert result.elements == [("p", [])]
    assert result.text == text
