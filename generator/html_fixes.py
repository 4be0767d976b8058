"""Repairs to the theme's HTML that no template override can reach, applied to every page after it is rendered.

Material writes two kinds of invalid markup outside any block or partial a site can override: ``autocomplete``
on its checkbox toggles (in ``base.html``, outside every block) and a table-of-contents title whose
``for="__toc"`` names a toggle that ``nav-item.html`` draws only for pages that are not a section's index (so
``toc.html`` cannot know whether the control exists). Each fix matches Material's markup narrowly and is a no-op
once a Material release stops writing it. Pure functions of the page's HTML: nothing here knows MkDocs.
"""

from __future__ import annotations

import re

__all__ = ["drop_autocomplete_from_checkboxes", "drop_dangling_toc_label_target", "fix_page_html"]

_INPUT_TAG = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_CHECKBOX = re.compile(r"""\stype\s*=\s*["']?checkbox\b""", re.IGNORECASE)
_AUTOCOMPLETE = re.compile(r"""\s+autocomplete\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_TOC = r"""(?:"__toc"|'__toc'|__toc(?=[\s>]))"""  # the value exactly: not __toc_2
_TOC_TOGGLE = re.compile(r"<input\b[^>]*\sid\s*=\s*" + _TOC, re.IGNORECASE)
_TOC_LABEL_TARGET = re.compile(r"(<label\b[^>]*?)\s+for\s*=\s*" + _TOC, re.IGNORECASE)


def drop_autocomplete_from_checkboxes(html: str) -> str:
    """Remove ``autocomplete`` from checkbox inputs, where HTML does not allow it (Material's drawer and search
    toggles carry ``autocomplete="off"``)."""

    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        return _AUTOCOMPLETE.sub("", tag) if _CHECKBOX.search(tag) else tag

    return _INPUT_TAG.sub(fix, html)


def drop_dangling_toc_label_target(html: str) -> str:
    """Remove ``for="__toc"`` from labels when the page has no ``__toc`` toggle for it to name (a section's index
    page, where Material draws the table-of-contents title but not its toggle)."""
    if _TOC_TOGGLE.search(html):
        return html
    return _TOC_LABEL_TARGET.sub(r"\1", html)


def fix_page_html(html: str) -> str:
    """Every repair, in order."""
    return drop_dangling_toc_label_target(drop_autocomplete_from_checkboxes(html))
