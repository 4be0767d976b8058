"""The MkDocs adapter: the only module that knows MkDocs.

It loads the content once per build, turns problems into one ``PluginError`` (the build fails with the
``FILE:LINE: message`` lines, no traceback), adds the rendered pages as virtual files whose "edit this
page" link opens their YAML source, and makes ``mkdocs serve`` reload when content or code change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.content import load_content
from generator.model import Content
from generator.offline import SERVICE_WORKER, write_service_worker
from generator.problems import ContentError
from generator.render import RenderedPage, render_site, site_nav
from generator.site_assets import MissingRuntime, write_calculator_assets


class LegcrampsConfig(Config):
    enabled = config_options.Type(bool, default=True)
    content_dir = config_options.Type(str, default="content")
    pyodide_dir = config_options.Type(str, default="node_modules/pyodide")


class LegcrampsPlugin(BasePlugin[LegcrampsConfig]):
    """Generates the reference pages from ``content/`` at build time."""

    def __init__(self) -> None:
        self.pages: list[RenderedPage] = []
        self.content: Content | None = None
        self.repo_root = Path.cwd()

    def _content_dir(self, config: MkDocsConfig) -> Path:
        return self.repo_root / self.config.content_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.repo_root = Path(config.config_file_path).resolve().parent
        try:
            content = load_content(self._content_dir(config), self.repo_root)
        except ContentError as error:
            raise PluginError("content has problems:\n" + str(error)) from None
        self.content = content
        self.pages = render_site(content)
        if not config.nav:
            config.nav = site_nav(content, self.pages)
        return config

    @event_priority(50)  # before other plugins see the files (search indexes them later)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        for page in self.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            generated = File.generated(config, page.path, content=page.markdown)
            generated.edit_uri = page.source
            files.append(generated)
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Add the calculator's data, sources and runtime, then fill the service worker with this build's files."""
        if not self.config.enabled or self.content is None:
            return
        site_dir = Path(config.site_dir)
        try:
            write_calculator_assets(site_dir, self.content, self.repo_root / self.config.pyodide_dir)
        except MissingRuntime as error:
            raise PluginError(str(error)) from None
        write_service_worker(site_dir, Path(config.theme.custom_dir) / SERVICE_WORKER)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if not self.config.enabled:
            return server
        server.watch(str(self._content_dir(config)))
        for package in ("generator", "calculator"):
            path = self.repo_root / package
            if path.is_dir():
                server.watch(str(path))
        return server
