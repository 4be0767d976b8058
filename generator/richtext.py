"""The one text format of content: plain text with ``[@ref-id]`` citations and ``[[cause-id]]`` links.

Everything else in content text is shown literally: Markdown and HTML are escaped, so text from a pull
request can never inject markup, script or links. Parsing lives here once; validation checks the ids it
finds and rendering turns them into numbered citations and page links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

CITATION = re.compile(r"\[@([a-z0-9-]+(?:\s*;\s*@[a-z0-9-]+)*)\]")
CROSS_REFERENCE = re.compile(r"\[\[([a-z0-9-]+)\]\]")
_TOKEN = re.compile(f"{CITATION.pattern}|{CROSS_REFERENCE.pattern}")
_TRAILING_PARENTHESIS = re.compile(r"^(?P<head>[^()]+?)\s*\([^()]*\)$")
_LOOSE_MARKER = re.compile(r"\[\[[^\]]{0,60}\]\]|\[@[^\]]{0,60}\]|\[@|\[\[")


@dataclass(frozen=True)
class Plain:
    """Literal text, shown exactly as written."""

    text: str


@dataclass(frozen=True)
class Citation:
    """One or more bibliography ids cited together."""

    ids: tuple[str, ...]


@dataclass(frozen=True)
class CauseLink:
    """A link to another cause's page."""

    cause_id: str


Token = Plain | Citation | CauseLink


def normalise(text: str) -> str:
    """Collapse line breaks and runs of spaces, as folded YAML would; paragraphs are separate list items."""
    return " ".join(text.split())


def parse(text: str) -> list[Token]:
    """Split ``text`` into plain runs, citations and cause links."""
    text = normalise(text)
    tokens: list[Token] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            tokens.append(Plain(text[position : match.start()]))
        if match.group(1) is not None:
            ids = tuple(part.strip().lstrip("@") for part in match.group(1).split(";"))
            tokens.append(Citation(ids))
        else:
            tokens.append(CauseLink(match.group(2)))
        position = match.end()
    if position < len(text):
        tokens.append(Plain(text[position:]))
    return tokens


def cited_ids(text: str) -> list[str]:
    """Bibliography ids cited in ``text``, in order."""
    return [ref for token in parse(text) if isinstance(token, Citation) for ref in token.ids]


def linked_causes(text: str) -> list[str]:
    """Cause ids linked from ``text``, in order."""
    return [token.cause_id for token in parse(text) if isinstance(token, CauseLink)]


_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:)])")


def plain_text(text: str) -> str:
    """Rich text as plain words, for meta tags and the calculator: citations dropped, cause links as words."""
    parts = []
    for token in parse(text):
        if isinstance(token, Plain):
            parts.append(token.text)
        elif isinstance(token, CauseLink):
            parts.append(token.cause_id.replace("-", " "))
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join("".join(parts).split()))


def malformed_markers(text: str) -> list[str]:
    """Fragments that look like a citation or link but do not parse (e.g. ``[@Smith 2010]``)."""
    leftovers = [token.text for token in parse(text) if isinstance(token, Plain)]
    return [match.group(0) for run in leftovers for match in _LOOSE_MARKER.finditer(run)]


# Inline markup Python-Markdown (with the tables and attr_list extensions) reads anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
# Block markup it reads only at the start of a line: headings, quotes, lists, admonitions.
_BLOCK_START = re.compile(r"^(#|>|-|\+|!)")
_WHITESPACE = re.compile(r"\s+")
_ORDERED_LIST_START = re.compile(r"^(\d+)\.")


def escape_markdown(text: str) -> str:
    """Make ``text`` literal in Markdown: no emphasis, link, image, attribute list, table cell or raw HTML.

    ``&`` and ``<`` become entities (so no tag or entity can be formed), inline markup characters are
    backslash-escaped, and a leading block marker is escaped so the text cannot start a heading or list.
    """
    # Collapse whitespace runs but keep a leading or trailing space: a run of text between a citation or a
    # link and the next word must keep its spacing.
    text = _WHITESPACE.sub(" ", text).replace("&", "&amp;").replace("<", "&lt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ORDERED_LIST_START.sub(r"\1\\.", text)
    return _BLOCK_START.sub(r"\\\1", text)


def name_terms(name: str, aliases: Iterable[str] = ()) -> list[str]:
    """The phrases a page answers to: its name, the name's head before a closing parenthesis, and its aliases. Its
    mentions in text link to it (generator.mentions), so no two pages may share one (generator.validate)."""
    terms = [name]
    head = _TRAILING_PARENTHESIS.match(name)
    if head:
        terms.append(head.group("head"))
    return [*terms, *aliases]
