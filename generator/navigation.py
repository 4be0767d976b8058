"""The site's navigation: home, the calculator and its instruments, causes by tier, topics, references, editors.

Its titles are HTML, escaped here: both engines' themes (mkdocs-material's and Zensical's ``nav-item.html``,
``tabs-item.html``, ``path-item.html``) print a navigation title into the page as it is, unescaped, and Zensical's
search index carries it as HTML too. A cause named ``</a><script>`` then shows as text whatever the schema allows;
"Wells score & DVT" becomes ``Wells score &amp; DVT`` and shows as written.
"""

from __future__ import annotations

import html
from typing import Any

from generator.addresses import (
    CALCULATOR_PAGE,
    CAUSES_INDEX,
    CONTENT_REFERENCE_PAGE,
    HOME_PAGE,
    REFERENCES_PAGE,
    REVIEW_STATUS_PAGE,
    cause_page,
    instrument_page,
)
from generator.kinds import TOPIC_KINDS
from generator.model import TIERS, Content
from generator.pages import RenderedPage


def nav_title(title: str) -> str:
    """A navigation title as the engines want it: HTML, the text escaped (quotes too, for any attribute)."""
    return html.escape(title, quote=True)


def _entry(title: str, target: Any) -> dict[str, Any]:
    return {nav_title(title): target}


def site_nav(content: Content, pages: list[RenderedPage]) -> list[Any]:
    """The navigation tree in MkDocs' ``nav`` format, titles escaped (:func:`nav_title`): home, causes grouped by
    tier, topics, references."""
    titles = {page.path: page.title for page in pages}
    causes = [_entry("All causes", CAUSES_INDEX)]
    for tier in TIERS:
        entries = [_entry(cause.name, cause_page(cause.id)) for cause in content.causes_in_tier(tier)]
        if entries:
            causes.append(_entry(content.site.tiers[tier].title, entries))
    tools = [_entry(titles[CALCULATOR_PAGE], CALCULATOR_PAGE)]
    tools += [_entry(page.title, instrument_page(page.id)) for page in content.instruments]
    nav: list[Any] = [_entry("Home", HOME_PAGE), _entry("Calculator", tools), _entry("Causes", causes)]
    nav += [_entry(titles[kind.page_path()], kind.page_path()) for kind in TOPIC_KINDS]
    nav.append(_entry("References", REFERENCES_PAGE))
    nav.append(_entry("Editors", [_entry(titles[path], path) for path in (CONTENT_REFERENCE_PAGE, REVIEW_STATUS_PAGE)]))
    return nav
