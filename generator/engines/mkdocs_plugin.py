"""The MkDocs engine: the ``legcramps`` plugin MkDocs loads through its entry point.

Thin by design. It builds the site model once per build, turns content problems into one ``PluginError`` (the
build fails with the ``FILE:LINE: message`` lines, no traceback), adds the rendered pages as virtual files whose
"edit this page" link opens their YAML source, runs the post-build step every engine runs, and makes ``mkdocs
serve`` reload when content or code change.
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

from generator.problems import ContentError
from generator.publish import MissingRuntime, finish_site
from generator.site_model import SiteModel, load_site_model

WATCHED_PACKAGES = ("generator", "calculator")


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
        self.site: SiteModel | None = None
        self.repo_root = Path.cwd()

    def _content_dir(self) -> Path:
        return self.repo_root / self.config.content_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.repo_root = Path(config.config_file_path).resolve().parent
        try:
            self.site = load_site_model(self._content_dir(), self.repo_root, source_url=_source_url(config))
        except ContentError as error:
            raise PluginError("content has problems:\n" + str(error)) from None
        if not config.nav:
            config.nav = self.site.nav
        return config

    @event_priority(50)  # before other plugins see the files (search indexes them later)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.site is None:
            return None
        for page in self.site.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            generated = File.generated(config, page.path, content=page.markdown)
            generated.edit_uri = page.source
            files.append(generated)
        return files

    @event_priority(-100)  # last: the service worker and the compressed twins must see every other plugin's files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The post-build step every engine runs (generator/publish/)."""
        if not self.config.enabled or self.site is None:
            return
        try:
            finish_site(
                Path(config.site_dir),
                self.site.calculator_data,
                pyodide_dir=self.repo_root / self.config.pyodide_dir,
                theme_dir=Path(config.theme.custom_dir),
            )
        except MissingRuntime as error:
            raise PluginError(str(error)) from None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if not self.config.enabled:
            return server
        server.watch(str(self._content_dir()))
        for package in WATCHED_PACKAGES:
            path = self.repo_root / package
            if path.is_dir():
                server.watch(str(path))
        return server
