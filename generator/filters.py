"""Jinja filters for Markdown pages: everything a template prints is escaped here unless a filter says otherwise.

Output escaping is the default (:func:`finalize`): every ``{{ value }}`` passes through
:func:`richtext.escape_markdown` unless a filter deliberately returns ``Markup`` (rich text with citations, HTML
attributes). A template author cannot forget to escape content from a pull request.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from generator import richtext
from generator.addresses import cause_page
from generator.citations import CitationNumbers
from generator.mentions import MentionIndex
from generator.model import Reference

# Pure functions of their text, called again and again on the same strings (cause names in every link and list, a
# reference's fields on every page citing it): remembered for the build.
escape_markdown = lru_cache(maxsize=1 << 15)(richtext.escape_markdown)
parse_richtext = lru_cache(maxsize=1 << 13)(richtext.parse)


def finalize(value: Any) -> Any:
    """What ``{{ value }}`` prints: nothing for ``None``, ``Markup`` as it is, anything else as literal Markdown."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(escape_markdown(str(value)))


def attr(value: Any) -> Markup:
    """Escape for an HTML attribute or raw HTML block, where Markdown escapes would show literally."""
    return Markup(html.escape(str(value), quote=True))


def front_matter_value(text: str) -> Markup:
    """A YAML-safe, HTML-escaped scalar: themes print front matter into HTML without escaping."""
    return Markup(json.dumps(html.escape(richtext.normalise(text), quote=True), ensure_ascii=False))


def code_block(text: str) -> Markup:
    """Text as an indented Markdown code block: shown verbatim, HTML-escaped by Markdown itself."""
    return Markup("\n".join(f"    {line}" if line else "" for line in text.splitlines()))


def rich_text(
    text: str,
    citations: CitationNumbers,
    cause_link: Callable[[str], str],
    mentions: MentionIndex | None = None,
    mention_link: Callable[[str, str], str] | None = None,
    subjects: Iterable[str] = (),
) -> Markup:
    """Rich text as Markdown: literal words, citations numbered on the page, ``[[cause]]`` links.

    With ``mentions``, the first mention of each cause or instrument in the text becomes a link too
    (``mention_link(words, page path)``), unless the text links that page already or it is one of ``subjects`` (the
    page's own path, and any page the text's block links already).
    """
    tokens = parse_richtext(text)
    linked = {cause_page(token.cause_id) for token in tokens if isinstance(token, richtext.CauseLink)}
    linked.update(subjects)
    out: list[str] = []
    for token in tokens:
        if isinstance(token, richtext.Plain) and mentions is not None and mention_link is not None:
            for part in mentions.first_mentions(token.text, linked):
                out.append(escape_markdown(part) if isinstance(part, str) else mention_link(part.text, part.target))
        elif isinstance(token, richtext.Plain):
            out.append(escape_markdown(token.text))
        elif isinstance(token, richtext.CauseLink):
            out.append(cause_link(token.cause_id))
        else:
            if out:  # a superscript citation sits against the word it supports
                out[-1] = out[-1].rstrip()
            links = ", ".join(f'<a href="#ref-{ref}">{citations.number(ref)}</a>' for ref in token.ids)
            out.append(f'<sup class="citation">[{links}]</sup>')
    return Markup("".join(out))


def reference_entry(reference: Reference) -> Markup:
    """One bibliography entry in Vancouver style, with DOI / PubMed / PMC / web links (:meth:`Reference.sentences`)."""
    parts = reference.sentences(escape_markdown, lambda journal: f"*{journal}*")
    links = [f"[{escape_markdown(label)}](<{attr(url)}>)" for label, url in reference.links()]
    return Markup(" ".join(parts + links))


def link(text: str, target: str) -> Markup:
    """A Markdown link with literal ``text``."""
    return Markup(f"[{escape_markdown(text)}]({target})")


FILTERS: dict[str, Callable[..., Any]] = {
    "attr": attr,
    "yaml_value": front_matter_value,
    "plain": richtext.plain_text,
    "ref_entry": reference_entry,
    "code_block": code_block,
}
"""The context-free filters, by the name templates use (``text`` needs the page, so the renderer adds it)."""
