"""Mentions of a cause or an instrument in running text, found so that each links to its page.

A reader who meets "the Wells score" or "PAD" in a paragraph should be one tap from its page, and an editor should not
have to remember to write the link. The names a page answers to are content: a cause's name (and, for a name ending in
a parenthesis such as "Restless legs syndrome (Willis-Ekbom disease)", the words before it) and its ``aliases``; an
instrument's title and its ``aliases``. The text filter (:func:`generator.filters.rich_text`) links the first mention
of each page in a block; the built-site test (tests/site/test_mentions_linked.py) checks no mention is left unlinked.

Matching: whole words only; an abbreviation (a term with a word of two or more capitals, such as "DVT" or "IRLSSG
criteria") matches with its exact case, any other term in any case; at each place the longest term wins, so "night
cramps in pregnancy" is one mention, not "night cramps" and more. A term two pages answer to (say "Heat cramps") names
neither, so it links to neither: :attr:`MentionIndex.ambiguous` lists such terms for the editor.

Words are looked up by their first word rather than with one regular expression of every term, so the cost of a text
grows with its length, not with the number of causes on the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from generator.addresses import cause_page, instrument_page
from generator.model import Content
from generator.richtext import name_terms

_WORD = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Term:
    """A phrase that names a page, and whether it must match with its exact case."""

    text: str
    target: str  # the docs-relative page path it names
    exact_case: bool

    def matches(self, candidate: str) -> bool:
        return candidate == self.text if self.exact_case else candidate.casefold() == self.text.casefold()


@dataclass(frozen=True)
class Mention:
    """Where a term occurs in a text: ``text[start:end]`` names the page ``target``."""

    start: int
    end: int
    target: str
    text: str


def is_abbreviation(term: str) -> bool:
    """Whether ``term`` holds a word with two or more capitals ("DVT", "IRLSSG criteria"): such words are matched with
    their case, so "PAD" is not found in "pad" and "ABI" not in "abi"."""
    return any(sum(char.isupper() for char in word) >= 2 for word in _LETTERS.findall(term))


class MentionIndex:
    """Every phrase that names a page of the site, looked up by its first word."""

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        """``names``: page path -> the phrases that name it."""
        owners: dict[str, set[str]] = {}
        for target, terms in names.items():
            for term in terms:
                owners.setdefault(term.casefold(), set()).add(target)
        self.ambiguous: tuple[str, ...] = tuple(sorted(term for term, targets in owners.items() if len(targets) > 1))
        by_first_word: dict[str, list[Term]] = {}
        seen: set[tuple[str, str]] = set()
        for target, terms in names.items():
            for text in terms:
                first = _WORD.match(text)
                if first is None or text.casefold() in self.ambiguous or (text, target) in seen:
                    continue
                seen.add((text, target))
                by_first_word.setdefault(first.group().casefold(), []).append(Term(text, target, is_abbreviation(text)))
        self._by_first_word = {
            word: tuple(sorted(terms, key=lambda term: -len(term.text))) for word, terms in by_first_word.items()
        }
        self.signature = tuple(sorted((word, terms) for word, terms in self._by_first_word.items()))
        self.find = lru_cache(maxsize=1 << 13)(self._find)

    @classmethod
    def from_content(cls, content: Content) -> MentionIndex:
        """The causes and the instruments of ``content``, each by its name and aliases."""
        names: dict[str, list[str]] = {}
        for cause in content.causes:
            names[cause_page(cause.id)] = name_terms(cause.name, cause.aliases)
        for instrument in content.instruments:
            names[instrument_page(instrument.id)] = name_terms(instrument.title, instrument.aliases)
        return cls(names)

    def _find(self, text: str) -> tuple[Mention, ...]:
        """Every mention in ``text``, in order, none overlapping: at each word the longest term that fits."""
        found: list[Mention] = []
        position = 0
        for word in _WORD.finditer(text):
            if word.start() < position:
                continue
            for term in self._by_first_word.get(word.group().casefold(), ()):
                end = word.start() + len(term.text)
                if term.matches(text[word.start() : end]) and not (end < len(text) and _is_word_char(text[end])):
                    found.append(Mention(word.start(), end, term.target, text[word.start() : end]))
                    position = end
                    break
        return tuple(found)

    def first_mentions(self, text: str, linked: set[str]) -> list[str | Mention]:
        """``text`` split around the first mention of each page not in ``linked``, which gains the pages linked.

        ``linked`` carries a block's state from one run of text to the next: the pages the block already links
        (or the page's own subject) are not linked again.
        """
        parts: list[str | Mention] = []
        position = 0
        for mention in self.find(text):
            if mention.target in linked:
                continue
            linked.add(mention.target)
            parts.extend([text[position : mention.start], mention])
            position = mention.end
        parts.append(text[position:])
        return [part for part in parts if part != ""]


def _is_word_char(char: str) -> bool:
    return _WORD.match(char) is not None
