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

from generator.content import DocumentCache, load_content
from generator.export import export_calculator_data
from generator.model import Content
from generator.page_cache import PageCache
from generator.render import RenderedPage, render_site, site_nav


@dataclass(frozen=True)
class SiteModel:
    """One build's content, pages, navigation (MkDocs ``nav`` format) and calculator data."""

    content: Content
    pages: tuple[RenderedPage, ...]
    nav: list[Any]
    calculator_data: dict[str, Any]


def site_model(
    content: Content, *, source_url: str | None = None, today: date | None = None, pages: PageCache | None = None
) -> SiteModel:
    """The model of ``content``; ``source_url`` links YAML files from the review-status page (see render_site);
    ``pages``, kept from the last build, renders only the pages whose inputs changed."""
    data = export_calculator_data(content)
    rendered = render_site(content, today=today, source_url=source_url, calculator_data=data, cache=pages)
    return SiteModel(content=content, pages=tuple(rendered), nav=site_nav(content, rendered), calculator_data=data)


def load_site_model(content_dir: Path, repo_root: Path, *, source_url: str | None = None) -> SiteModel:
    """Load, validate and model ``content_dir``, then build its site model; raises ``ContentError`` on problems."""
    return site_model(load_content(content_dir, repo_root), source_url=source_url)


class SiteModelBuilder:
    """Builds the site model of one content directory again and again, redoing only what changed (``mkdocs serve``).

    A file is read, parsed and schema-checked again only when its bytes changed (the cross-file checks run on the
    whole set every time); a page is rendered again only when its inputs changed (:func:`render_site`). The model it
    returns is the one :func:`load_site_model` would; ``documents.parsed`` and ``pages.rendered`` say what the last
    build redid, and ``changed`` which pages differ from the model built before it (None: there was none), for an
    engine that can publish only those.
    """

    def __init__(self, content_dir: Path, repo_root: Path, *, source_url: str | None = None) -> None:
        self.content_dir = content_dir
        self.repo_root = repo_root
        self.source_url = source_url
        self.documents = DocumentCache()
        self.pages = PageCache()
        self.changed: set[str] | None = None
        self._last: dict[str, RenderedPage] | None = None

    def build(self, *, today: date | None = None) -> SiteModel:
        """The site model of the content as it is now; raises ``ContentError`` on problems (the caches survive it)."""
        content = load_content(self.content_dir, self.repo_root, cache=self.documents)
        model = site_model(content, source_url=self.source_url, today=today, pages=self.pages)
        last, self._last = self._last, {page.path: page for page in model.pages}
        self.changed = None if last is None else {page.path for page in model.pages if last.get(page.path) != page}
        return model
