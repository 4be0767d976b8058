"""Citation numbering: per page, in order of first citation, as a journal article numbers them."""

from __future__ import annotations

from generator.citations import CitationNumbers


def test_citations_are_numbered_in_order_of_first_use() -> None:
    numbers = CitationNumbers()
    assert [numbers.number(ref) for ref in ("b", "a", "b", "c", "a")] == [1, 2, 1, 3, 2]


def test_the_reference_list_follows_the_citation_order_then_adds_listed_but_uncited_entries() -> None:
    numbers = CitationNumbers()
    numbers.number("b")
    entries = {"a": "A", "b": "B", "c": "C"}
    assert numbers.reference_list(("a", "b"), entries) == [(1, "B"), (2, "A")]


def test_each_page_starts_counting_again() -> None:
    first, second = CitationNumbers(), CitationNumbers()
    first.number("a")
    assert second.number("b") == 1
