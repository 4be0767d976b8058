"""Where every generated page lives: its docs-relative Markdown path, its URL, and links between pages.

Paths of pages made from a content kind come from :mod:`generator.kinds`; the pages generated from no single
content file are named here. URLs follow the engines' directory URLs (``causes/x.md`` is served at
``causes/x/``); the calculator data carries them, so the browser links exactly where the pages are.
"""

from __future__ import annotations

import posixpath

from generator.kinds import KIND_BY_NAME

HOME_PAGE = KIND_BY_NAME["site"].page_path()
CALCULATOR_PAGE = KIND_BY_NAME["calculator"].page_path()
REFERENCES_PAGE = KIND_BY_NAME["references"].page_path()
CAUSES_INDEX = posixpath.join(posixpath.dirname(KIND_BY_NAME["cause"].page_path("")), "index.md")
CONTENT_REFERENCE_PAGE = "editors/content-reference.md"
REVIEW_STATUS_PAGE = "editors/review-status.md"


def cause_page(cause_id: str) -> str:
    """Docs-relative path of a cause's page."""
    return KIND_BY_NAME["cause"].page_path(cause_id)


def instrument_page(page_id: str) -> str:
    """Docs-relative path of an instrument's page."""
    return KIND_BY_NAME["instrument"].page_path(page_id)


def page_url(page: str) -> str:
    """The site-relative URL a docs-relative page is served at: ``causes/x.md`` -> ``causes/x/``, ``index.md`` -> ""."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def cause_url(cause_id: str) -> str:
    """The site-relative URL of a cause's page (what the calculator links each listed cause to)."""
    return page_url(cause_page(cause_id))


def instrument_url(page_id: str) -> str:
    """The site-relative URL of an instrument's page (what the calculator links an instrument result to)."""
    return page_url(instrument_page(page_id))


def relative_link(target: str, from_page: str) -> str:
    """Link from the page ``from_page`` to ``target``, both docs-relative ``.md`` paths (engines resolve these)."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")
