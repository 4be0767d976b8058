"""Rendered pages kept from one build to the next, each with the inputs it was rendered from.

``mkdocs serve`` rebuilds the site on every save. :func:`generator.render.render_site` names, for every page, what
its template reads (the cause, the site, the causes' names, ...); given a :class:`PageCache`, a page whose inputs
compare equal to those of its last rendering is not rendered again. Inputs are compared with ``==``: the models of
unchanged files are the very objects of the previous build (generator.content.DocumentCache), so the comparison of
an unchanged page mostly stops at identity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.pages import RenderedPage


class PageCache:
    """The pages of the last build by name, with their inputs; ``rendered`` lists the pages the last build rendered."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[Any, RenderedPage]] = {}
        self._kept: dict[str, Any] = {}
        self._seen: set[str] = set()
        self.rendered: list[str] = []

    def start(self) -> None:
        """Begin a build: nothing rendered yet."""
        self.rendered = []
        self._seen = set()

    def same(self, name: str, value: Any) -> Any:
        """``value``, or the equal value kept under ``name`` from the last build, so later comparisons of inputs that
        hold it stop at identity (inputs many pages share, compared once)."""
        kept = self._kept.get(name)
        if kept is not None and kept == value:
            return kept
        self._kept[name] = value
        return value

    def page(self, name: str, inputs: Any, render: Callable[[], RenderedPage]) -> RenderedPage:
        """The page called ``name``: the last build's when ``inputs`` equal its inputs, else ``render()``'s."""
        self._seen.add(name)
        cached = self._pages.get(name)
        if cached is not None and cached[0] == inputs:
            return cached[1]
        page = render()
        self._pages[name] = (inputs, page)
        self.rendered.append(page.path)
        return page

    def finish(self) -> None:
        """End a build: forget the pages it did not have (a cause deleted, say)."""
        self._pages = {name: kept for name, kept in self._pages.items() if name in self._seen}
