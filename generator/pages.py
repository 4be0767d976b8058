"""A generated page as every site engine receives it."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Review


@dataclass(frozen=True)
class RenderedPage:
    """One generated Markdown page, the YAML file an editor changes to change it, and its clinical review record.

    ``review_inherited``: the page has no record of its own and shows the site's (``content/site.yaml``).
    """

    path: str
    title: str
    markdown: str
    source: str | None
    review: Review | None = None
    review_inherited: bool = False
