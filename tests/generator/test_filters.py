"""Template filters: content prints as literal Markdown unless a filter deliberately returns markup."""

from __future__ import annotations

from markupsafe import Markup

from generator import filters
from generator.citations import CitationNumbers
from generator.model import Reference


def test_a_printed_value_is_literal_markdown_and_none_prints_nothing() -> None:
    assert filters.finalize(None) == ""
    assert filters.finalize("*not emphasis* <b>") == r"\*not emphasis\* &lt;b>"
    assert filters.finalize(Markup("<sup>1</sup>")) == "<sup>1</sup>"


def test_attributes_are_html_escaped() -> None:
    assert filters.attr('a"b<c') == "a&quot;b&lt;c"


def test_front_matter_values_are_quoted_yaml_and_escaped_html() -> None:
    assert filters.front_matter_value('Say "<hi>"') == '"Say &quot;&lt;hi&gt;&quot;"'


def test_a_code_block_indents_every_non_empty_line() -> None:
    assert filters.code_block("a: 1\n\nb: 2") == "    a: 1\n\n    b: 2"


def test_rich_text_numbers_citations_on_the_page_and_hugs_them_to_the_word() -> None:
    numbers = CitationNumbers()
    text = filters.rich_text("Cramps [@b] and [[dehydration]] [@a; @b].", numbers, lambda cause: f"<{cause}>")
    assert text == (
        'Cramps<sup class="citation">[<a href="#ref-b">1</a>]</sup> and <dehydration>'
        '<sup class="citation">[<a href="#ref-a">2</a>, <a href="#ref-b">1</a>]</sup>.'
    )


def test_a_reference_entry_is_vancouver_style_with_its_links() -> None:
    reference = Reference(
        id="x",
        authors=("Smith A", "Jones B"),
        title="Leg cramps.",
        year=2020,
        journal="BMJ",
        volume="1",
        pages="2-3",
        doi="10.1/x",
        pmid="123",
    )
    assert filters.reference_entry(reference) == (
        "Smith A, Jones B. Leg cramps. *BMJ*. 2020;1:2-3. [doi:10.1/x](<https://doi.org/10.1/x>) "
        "[PubMed 123](<https://pubmed.ncbi.nlm.nih.gov/123/>)"
    )
    # The same sentences and links the calculator's data gives the browser (generator/export.py), unescaped.
    assert reference.sentences() == ["Smith A, Jones B.", "Leg cramps.", "BMJ. 2020;1:2-3."]
    assert reference.links() == [
        ("doi:10.1/x", "https://doi.org/10.1/x"),
        ("PubMed 123", "https://pubmed.ncbi.nlm.nih.gov/123/"),
    ]
