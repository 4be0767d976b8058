"""The site's navigation: home, the calculator and its instruments, causes by tier, topics, references, editors."""

from __future__ import annotations

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


def site_nav(content: Content, pages: list[RenderedPage]) -> list[Any]:
    """The navigation tree in MkDocs' ``nav`` format: home, causes grouped by tier, topics, references."""
    titles = {page.path: page.title for page in pages}
    causes = [{"All causes": CAUSES_INDEX}]
    for tier in TIERS:
        entries = [{cause.name: cause_page(cause.id)} for cause in content.causes_in_tier(tier)]
        if entries:
            causes.append({content.site.tiers[tier].title: entries})
    tools = [{titles[CALCULATOR_PAGE]: CALCULATOR_PAGE}]
    tools += [{page.title: instrument_page(page.id)} for page in content.instruments]
    nav: list[Any] = [{"Home": HOME_PAGE}, {"Calculator": tools}, {"Causes": causes}]
    nav += [{titles[kind.page_path()]: kind.page_path()} for kind in TOPIC_KINDS]
    nav.append({"References": REFERENCES_PAGE})
    nav.append({"Editors": [{titles[path]: path} for path in (CONTENT_REFERENCE_PAGE, REVIEW_STATUS_PAGE)]})
    return nav
