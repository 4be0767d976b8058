"""The site model: everything an engine needs to publish the site, built once per build from ``content/``.

It sits between the content model and the engines (generator/engines/): the pages rendered to Markdown, the
navigation, and the calculator data, exported once and used both by the worked examples in the pages and by the
browser's data.json. An engine turns the pages into HTML its own way and then hands its output directory and this
model to the one post-build step (generator/publish/), so every engine's site is the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.content import load_content
from generator.export import export_calculator_data
from generator.model import Content
from generator.render import RenderedPage, render_site, site_nav


@dataclass(frozen=True)
class SiteModel:
    """One build's content, pages, navigation (MkDocs ``nav`` format) and calculator data."""

    content: Content
    pages: tuple[RenderedPage, ...]
    nav: list[Any]
    calculator_data: dict[str, Any]


def site_model(content: Content, *, source_url: str | None = None, today: date | None = None) -> SiteModel:
    """The model of ``content``; ``source_url`` links YAML files from the review-status page (see render_site)."""
    data = export_calculator_data(content)
    pages = render_site(content, today=today, source_url=source_url, calculator_data=data)
    return SiteModel(content=content, pages=tuple(pages), nav=site_nav(content, pages), calculator_data=data)


def load_site_model(content_dir: Path, repo_root: Path, *, source_url: str | None = None) -> SiteModel:
    """Load, validate and model ``content_dir``, then build its site model; raises ``ContentError`` on problems."""
    return site_model(load_content(content_dir, repo_root), source_url=source_url)
