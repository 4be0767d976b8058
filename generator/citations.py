"""Citation numbering: each page numbers its citations in order of first appearance, as a journal article does."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

Entry = TypeVar("Entry")


@dataclass
class CitationNumbers:
    """The citations of one page, numbered from 1 in the order they are first cited."""

    order: list[str] = field(default_factory=list)

    def number(self, reference_id: str) -> int:
        """The number of ``reference_id`` on this page, giving it the next one when it is new."""
        if reference_id not in self.order:
            self.order.append(reference_id)
        return self.order.index(reference_id) + 1

    def reference_list(self, listed: Iterable[str], entries: Mapping[str, Entry]) -> list[tuple[int, Entry]]:
        """The page's reference list: every cited entry, then those the page lists but never cites, numbered."""
        for reference_id in listed:
            self.number(reference_id)
        return [(index + 1, entries[reference_id]) for index, reference_id in enumerate(self.order)]
