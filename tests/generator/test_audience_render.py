"""Clinician / patient language in the generated pages: both wordings present, marked, clinical visible by default.

The Markdown is converted with the site's Markdown extensions so the tests see the HTML a reader's browser gets:
the markers must survive Markdown-in-HTML, and citations inside a summary must still be links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
import pytest

from tests.generator.golden import render_fixture

PAGES = {page.path: page for page in render_fixture()}
PAGES_WITH_BOTH_WORDINGS = [
    "index.md",
    "causes/night-cramps.md",
    "causes/limb-ischaemia.md",
    "instruments/ankle-brachial-index.md",
    "claudication-vs-pseudoclaudication.md",
    "restless-legs-and-mimics.md",
    "vascular-map.md",
    "diagnostic-approach.md",
    "prevention-and-treatment.md",
]
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class TextRun:
    """A run of text and the elements around it, innermost last."""

    text: str
    ancestors: list[tuple[str, dict[str, str | None]]]

    def audience(self) -> str | None:
        marks = [attrs["data-audience"] for _, attrs in self.ancestors if "data-audience" in attrs]
        return marks[-1] if marks else None

    def hidden(self) -> bool:
        return any("hidden" in attrs for _, attrs in self.ancestors)

    def inside(self, tag: str, **attrs: str) -> bool:
        return any(
            name == tag and all(found.get(key.rstrip("_").replace("_", "-")) == value for key, value in attrs.items())
            for name, found in self.ancestors
        )


@dataclass
class PageTree(HTMLParser):
    """Every text run of a page with its ancestors, and every element with its attributes."""

    runs: list[TextRun] = field(default_factory=list)
    elements: list[tuple[str, dict[str, str | None], list[tuple[str, dict[str, str | None]]]]] = field(
        default_factory=list
    )
    stack: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.append((tag, found, list(self.stack)))
        if tag not in VOID_TAGS:
            self.stack.append((tag, found))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.runs.append(TextRun(data, list(self.stack)))

    def run_with(self, text: str) -> TextRun:
        matches = [run for run in self.runs if text in run.text]
        assert len(matches) == 1, f"{text!r} found {len(matches)} times"
        return matches[0]


def page_html(path: str) -> PageTree:
    source = PAGES[path].markdown.split("\n---\n", 1)[1]  # front matter is MkDocs', not Markdown's
    html = markdown.markdown(source, extensions=["toc", "tables", "attr_list", "admonition", "md_in_html"])
    tree = PageTree()
    tree.feed(html)
    return tree


def test_a_cause_page_carries_the_clinical_and_the_plain_summary_each_marked_for_its_audience():
    tree = page_html("causes/night-cramps.md")
    clinical = tree.run_with("Common at night")
    plain = tree.run_with("Harmless night cramps.")
    assert clinical.audience() == "clinician"
    assert plain.audience() == "patient"
    assert plain.inside("div", class_="admonition info"), "without JavaScript the plain words keep their own box"


def test_the_clinical_summary_is_the_one_shown_by_default():
    tree = page_html("causes/night-cramps.md")
    assert not tree.run_with("Common at night").hidden()
    assert tree.run_with("You are reading the patient wording").hidden()
    switch = [attrs for tag, attrs, _ in tree.elements if "data-lc-audience-switch" in attrs]
    assert len(switch) == 1 and "hidden" in switch[0], "the switch only appears once JavaScript can work it"
    pressed = {
        attrs["data-lc-audience-choice"]: attrs["aria-pressed"]
        for tag, attrs, _ in tree.elements
        if tag == "button" and "data-lc-audience-choice" in attrs
    }
    assert pressed == {"clinician": "true", "patient": "false"}


def test_citations_inside_a_marked_summary_are_still_numbered_links():
    tree = page_html("causes/night-cramps.md")
    ancestors = next(
        ancestors for tag, attrs, ancestors in tree.elements if tag == "a" and attrs.get("href") == "#ref-alpha-2020"
    )
    assert any(found.get("data-audience") == "clinician" for _, found in ancestors)
    assert any(name == "sup" and found.get("class") == "citation" for name, found in ancestors)


@pytest.mark.parametrize("path", PAGES_WITH_BOTH_WORDINGS)
def test_every_page_with_both_wordings_has_one_labelled_switch_near_the_top(path):
    tree = page_html(path)
    groups = [attrs for _, attrs, _ in tree.elements if "data-lc-audience-switch" in attrs]
    assert len(groups) == 1
    attrs = groups[0]
    assert attrs["role"] == "group"
    assert tree.run_with("Language:").inside("span", id=attrs["aria-labelledby"])
    buttons = [found for name, found, _ in tree.elements if name == "button" and "data-lc-audience-choice" in found]
    assert [found["type"] for found in buttons] == ["button", "button"]
    order = [name for name, found, _ in tree.elements if name in ("h1", "h2") or "data-lc-audience-switch" in found]
    assert order[:2] == ["h1", "div"], "the switch follows the page title"
    assert {run.audience() for run in tree.runs} >= {"clinician", "patient"}


def test_home_lists_each_cause_in_both_wordings_with_the_plain_one_hidden_until_chosen():
    tree = page_html("index.md")
    clinical = tree.run_with("Threatens the limb")
    plain = tree.run_with("Poor blood flow that can threaten the leg.")
    assert (clinical.audience(), clinical.hidden()) == ("clinician", False)
    assert (plain.audience(), plain.hidden()) == ("patient", True)
    assert plain.inside("li") and clinical.inside("li")


@pytest.mark.parametrize("path", PAGES_WITH_BOTH_WORDINGS)
def test_red_flags_and_the_disclaimer_are_shown_to_every_reader(path):
    tree = page_html(path)
    for text in ("Rest pain or gangrene", "Decision support only, not a diagnosis."):
        for run in tree.runs:
            if text in run.text:
                assert run.audience() is None and not run.hidden(), (path, text)
