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
    in_summary = [
        ancestors
        for tag, attrs, ancestors in tree.elements
        if tag == "a"
        and attrs.get("href") == "#ref-alpha-2020"
        and any("lc-summary" in (found.get("class") or "") for _, found in ancestors)
    ]
    assert in_summary
    for ancestors in in_summary:
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


def test_the_causes_index_lists_each_cause_in_both_wordings_with_the_plain_one_hidden_until_chosen():
    tree = page_html("causes/index.md")  # the home page lists the names only (issue 12): the summaries are here
    clinical = tree.run_with("Threatens the limb")
    plain = tree.run_with("Poor blood flow that can threaten the leg.")
    assert (clinical.audience(), clinical.hidden()) == ("clinician", False)
    assert (plain.audience(), plain.hidden()) == ("patient", True)
    assert plain.inside("li") and clinical.inside("li")


@pytest.mark.parametrize("path", PAGES_WITH_BOTH_WORDINGS)
def test_the_disclaimer_is_shown_to_every_reader(path):
    tree = page_html(path)
    runs = [run for run in tree.runs if "Decision support only, not a diagnosis." in run.text]
    assert runs, path
    for run in runs:
        assert run.audience() is None and not run.hidden(), path


# -- "When to get help": red flags in a patient's words -------------------------------------------------------------

LEVEL_TITLES = ["Call an ambulance now", "See a doctor today", "See your GP soon"]  # the fixture's help_levels


def help_section(tree: PageTree) -> list[TextRun]:
    """The text runs of the page's "When to get help" block (the one marked lc-get-help), without the entry points
    that open it on the home page (a nav)."""
    return [run for run in tree.runs if run.inside("div", class_="lc-get-help") and not run.inside("nav")]


def level_boxes(runs: list[TextRun]) -> list[tuple[str, list[str]]]:
    """Each level box of a help section: its title and the text of its items, in page order."""
    boxes: list[tuple[str, list[str]]] = []
    for run in runs:
        in_box = any((attrs.get("class") or "").startswith("admonition ") for _, attrs in run.ancestors)
        if run.inside("p", class_="admonition-title"):
            boxes.append((run.text, []))
        elif in_box and run.inside("li") and not run.inside("sup") and run.text.strip() != ".":
            boxes[-1][1].append(run.text)
    return boxes


def test_a_cause_page_in_patient_mode_shows_the_three_levels_most_urgent_first_each_cited():
    tree = page_html("causes/limb-ischaemia.md")
    runs = help_section(tree)
    assert runs and {run.audience() for run in runs} == {"patient"}
    assert runs[0].text == "When to get help" and runs[0].inside("h2", id="when-to-get-help")
    boxes = level_boxes(runs)
    # The YAML lists the red flags today, ambulance, gp: the page orders them by urgency.
    assert [title for title, _ in boxes] == LEVEL_TITLES
    assert [items for _, items in boxes] == [
        ["A leg that suddenly turns cold and pale"],
        ["Pain in the foot even at rest, or black skin"],
        ["Calf pain when walking that goes with rest"],
    ]
    boxed = [(tag, attrs, ancestors) for tag, attrs, ancestors in tree.elements if tag == "li"]
    patient_items = [
        ancestors for tag, attrs, ancestors in boxed if any(a.get("class") == "lc-get-help" for _, a in ancestors)
    ]
    assert len(patient_items) == 3
    citations = [
        ancestors
        for tag, attrs, ancestors in tree.elements
        if tag == "a"
        and attrs.get("href") == "#ref-gamma-2021"
        and any(a.get("class") == "lc-get-help" for _, a in ancestors)
    ]
    assert len(citations) == 3, "each level's sign carries its citation"


def test_the_help_section_comes_first_and_the_red_flag_box_is_for_clinicians_only():
    tree = page_html("causes/limb-ischaemia.md")
    headings = [attrs.get("id") for tag, attrs, _ in tree.elements if tag == "h2"]
    assert headings[0] == "when-to-get-help", "the patient's first section on the page"
    clinical = tree.run_with("Acute ischaemia: arrange immediate vascular assessment")
    assert clinical.audience() == "clinician" and clinical.inside("div", class_="lc-red-flags")
    assert "arrange" not in " ".join(run.text for run in help_section(tree))
    # Without JavaScript both show: the safety text is never lost.
    assert not any(run.hidden() for run in help_section(tree)) and not clinical.hidden()


def test_a_cause_without_red_flags_shows_its_self_care_and_links_to_the_home_pages_help():
    tree = page_html("causes/night-cramps.md")
    runs = help_section(tree)
    assert {run.audience() for run in runs} == {"patient"}
    assert "Stretch the calf until the cramp eases" in [run.text for run in runs]
    links = [
        attrs["href"]
        for tag, attrs, ancestors in tree.elements
        if tag == "a" and any(a.get("class") == "lc-get-help" for _, a in ancestors) and "#ref-" not in attrs["href"]
    ]
    assert links == ["../index.md#when-to-get-help"]


def test_the_home_page_opens_with_when_to_get_help_for_patients():
    tree = page_html("index.md")
    runs = help_section(tree)
    assert runs[0].text == "When to get help for leg cramps" and {run.audience() for run in runs} == {"patient"}
    # The YAML lists the GP sign first: the page puts the most urgent first, and shows only the levels used.
    assert level_boxes(runs) == [
        ("Call an ambulance now", ["A cold, pale, painful leg"]),
        ("See your GP soon", ["Cramps that wake you most nights"]),
    ]
    assert tree.run_with("During a cramp").inside("h3") and tree.run_with("Stretch the cramping muscle").inside("li")
    first = [attrs.get("id") for tag, attrs, _ in tree.elements if tag in ("h2", "div") and attrs.get("id")]
    assert first[0] == "when-to-get-help"
    order = [
        "lc-get-help" if attrs.get("class") == "lc-get-help" else "disclaimer"
        for tag, attrs, _ in tree.elements
        if attrs.get("class") in ("lc-get-help", "admonition danger")
    ]
    assert order[0] == "lc-get-help", "before the disclaimer and the clinical introduction"


@pytest.mark.parametrize(
    ("path", "clinical", "plain"),
    [
        ("claudication-vs-pseudoclaudication.md", "Relief by sitting", "Eased by sitting or bending forward"),
        ("restless-legs-and-mimics.md", "No urge to move", "A painful, hard muscle, not an urge to move"),
    ],
)
def test_each_table_row_has_its_plain_verdict_for_patients(path, clinical, plain):
    tree = page_html(path)
    assert tree.run_with(clinical).audience() == "clinician"
    run = tree.run_with(plain)
    assert run.audience() == "patient" and run.inside("td")
