"""The MkDocs adapter: the only module that knows MkDocs.

It loads the content once per build, turns problems into one ``PluginError`` (the build fails with the
``FILE:LINE: message`` lines, no traceback), adds the rendered pages as virtual files whose "edit this
page" link opens their YAML source, and makes ``mkdocs serve`` reload when content or code change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.compress import precompress_site
from generator.content import load_content
from generator.html_fixes import fix_page_html
from generator.model import Content
from generator.offline import SERVICE_WORKER, write_service_worker
from generator.problems import ContentError
from generator.render import RenderedPage, render_site, site_nav
from generator.site_assets import MissingRuntime, write_calculator_assets


def _source_url(config: MkDocsConfig) -> str | None:
    """Where the review-status page links a YAML file: the address "edit this page" uses (repo_url + edit_uri)."""
    if not config.repo_url or not config.edit_uri:
        return None
    return urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.strip("/") + "/")


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
        self.pages = render_site(content, source_url=_source_url(config))
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

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str | None:
        """Repair the theme's invalid markup that no override reaches (generator/html_fixes.py)."""
        return fix_page_html(output) if self.config.enabled else None

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        """The same repairs for the theme's static pages (404.html)."""
        if not self.config.enabled or not template_name.endswith(".html"):
            return None
        return fix_page_html(output_content)

    @event_priority(-100)  # last: the service worker and the compressed twins must see every other plugin's files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Add the calculator's files, fill the service worker with this build's files, precompress the site."""
        if not self.config.enabled or self.content is None:
            return
        site_dir = Path(config.site_dir)
        try:
            write_calculator_assets(site_dir, self.content, self.repo_root / self.config.pyodide_dir)
        except MissingRuntime as error:
            raise PluginError(str(error)) from None
        write_service_worker(site_dir, Path(config.theme.custom_dir) / SERVICE_WORKER)
        precompress_site(site_dir)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if not self.config.enabled:
            return server
        server.watch(str(self._content_dir(config)))
        for package in ("generator", "calculator"):
            path = self.repo_root / package
            if path.is_dir():
                server.watch(str(path))
        return server
