"""Repairs to the theme's HTML that no template override can reach, applied to every page after it is rendered.

Material writes markup that is invalid or unnamed, some of it outside any block or partial a site can override:
``autocomplete`` on its checkbox toggles (in ``base.html``, outside every block), a table-of-contents title whose
``for="__toc"`` names a toggle that ``nav-item.html`` draws only for pages that are not a section's index (so
``toc.html`` cannot know whether the control exists), an empty ``tabindex`` on a section's toggle label, and a search
dialog without an accessible name. The last two could be fixed by copying Material's partials, but a copy of a
whole partial for one attribute drifts from Material on every upgrade. Each fix matches Material's markup narrowly
and is a no-op once a Material release stops writing it. Pure functions of the page's HTML: nothing here knows
MkDocs, and :func:`repair_site_html` applies them to every page an engine wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = [
    "drop_autocomplete_from_checkboxes",
    "drop_dangling_toc_label_target",
    "fill_empty_label_tabindex",
    "fix_page_html",
    "name_search_dialog",
    "repair_site_html",
]

_INPUT_TAG = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_CHECKBOX = re.compile(r"""\stype\s*=\s*["']?checkbox\b""", re.IGNORECASE)
_AUTOCOMPLETE = re.compile(r"""\s+autocomplete\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_TOC = r"""(?:"__toc"|'__toc'|__toc(?=[\s>]))"""  # the value exactly: not __toc_2
_TOC_TOGGLE = re.compile(r"<input\b[^>]*\sid\s*=\s*" + _TOC, re.IGNORECASE)
_TOC_LABEL_TARGET = re.compile(r"(<label\b[^>]*?)\s+for\s*=\s*" + _TOC, re.IGNORECASE)
_EMPTY_LABEL_TABINDEX = re.compile(r"""(<label\b[^>]*?\stabindex\s*=\s*)(?:""|'')""", re.IGNORECASE)
_UNNAMED_SEARCH_DIALOG = re.compile(r'<div class="md-search"(?![^>]*\saria-label)([^>]*\srole="dialog")')
_SEARCH_INPUT_NAME = re.compile(r'<input\b[^>]*\sclass="md-search__input"[^>]*\saria-label="([^"]+)"')


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


def fill_empty_label_tabindex(html: str) -> str:
    """Give ``tabindex="-1"`` to labels with an empty one (a section's toggle label in Material's navigation): an
    empty value is invalid HTML. The label stays out of the Tab order as before, and Material's script, which keeps
    the section's ``aria-expanded`` in step when a ``label[tabindex]`` is clicked, still finds it."""
    return _EMPTY_LABEL_TABINDEX.sub(r'\1"-1"', html)


def name_search_dialog(html: str) -> str:
    """Name Material's search dialog (``role="dialog"`` without a name fails Lighthouse's aria-dialog-name audit)
    with its search field's own label, which Material writes in the site's language."""
    field = _SEARCH_INPUT_NAME.search(html)
    if not field:
        return html
    name = field[1]  # already an attribute value, escaped as Material wrote it
    return _UNNAMED_SEARCH_DIALOG.sub(lambda dialog: f'<div class="md-search"{dialog[1]} aria-label="{name}"', html, 1)


def fix_page_html(html: str) -> str:
    """Every repair, in order."""
    html = drop_dangling_toc_label_target(drop_autocomplete_from_checkboxes(html))
    return name_search_dialog(fill_empty_label_tabindex(html))


def repair_site_html(site_dir: Path, *, since_ns: int | None = None) -> int:
    """Apply :func:`fix_page_html` to every HTML file under ``site_dir`` (only those modified since ``since_ns``,
    when given: a dirty rebuild rewrote only those, and the repairs are idempotent); return how many changed."""
    changed = 0
    for path in sorted(site_dir.rglob("*.html")):
        if since_ns is not None and path.stat().st_mtime_ns < since_ns:
            continue
        html = path.read_text(encoding="utf-8")
        fixed = fix_page_html(html)
        if fixed != html:
            path.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed
