"""The MkDocs engine: the ``legcramps`` plugin MkDocs loads through its entry point.

Thin by design. It builds the site model once per build, turns content problems into one ``PluginError`` (the
build fails with the ``FILE:LINE: message`` lines, no traceback), adds the rendered pages as virtual files whose
"edit this page" link opens their YAML source, runs the post-build step every engine runs, and makes ``mkdocs
serve`` reload when content or code change.

Builds are atomic (generator/publish/staging.py): MkDocs writes into a staging folder beside ``site_dir``, swapped in
only when the whole build, post-build step and strict check included, has succeeded. ``site_dir`` always holds one
whole build (the previous one after an error or a Ctrl-C), parallel builds do not share a folder, and ``mkdocs
serve`` keeps serving the directory it created, whose contents each rebuild replaces.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from generator.problems import ContentError
from generator.publish import MissingRuntime, finish_site
from generator.publish.hosting import REPOSITORY_HEADERS
from generator.publish.staging import discard, stage_beside, swap_in
from generator.site_model import SiteModel, load_site_model

WATCHED_PACKAGES = ("generator", "calculator")
log = logging.getLogger("mkdocs.plugins.legcramps")


def _source_url(config: MkDocsConfig) -> str | None:
    """Where the review-status page links a YAML file: the address "edit this page" uses (repo_url + edit_uri)."""
    if not config.repo_url or not config.edit_uri:
        return None
    return urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.strip("/") + "/")


def _warnings_counted() -> bool:
    """Whether this build has logged a warning: ``--strict`` then aborts it after the last post-build handler."""
    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(handler, CountHandler) and handler.get_counts() for handler in handlers)


class LegcrampsConfig(Config):
    enabled = config_options.Type(bool, default=True)
    content_dir = config_options.Type(str, default="content")
    pyodide_dir = config_options.Type(str, default="node_modules/pyodide")
    # What the host needs (HOSTING.md): twins for hosts that serve them as they are, _headers for Netlify/Cloudflare.
    precompress = config_options.Type(bool, default=True)
    headers = config_options.Type(bool, default=False)


class LegcrampsPlugin(BasePlugin[LegcrampsConfig]):
    """Generates the reference pages from ``content/`` at build time."""

    def __init__(self) -> None:
        self.site: SiteModel | None = None
        self.repo_root = Path.cwd()
        self.dirty = False
        self.site_dir: Path | None = None  # where the build is published
        self.staging: Path | None = None  # where MkDocs writes it meanwhile
        self.staged_config: MkDocsConfig | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.dirty = dirty  # a --dirty build updates site_dir in place, as asked

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
        self._stage(config)
        return config

    def _stage(self, config: MkDocsConfig) -> None:
        self._end_staging(discard_it=True)
        if self.dirty:
            return
        self.site_dir = Path(config.site_dir)
        self.staging = stage_beside(self.site_dir)
        self.staged_config = config
        config.site_dir = str(self.staging)

    def _end_staging(self, *, discard_it: bool) -> None:
        """Forget the staging folder (deleting it if asked) and give the config its ``site_dir`` back."""
        if self.staging is not None and discard_it:
            discard(self.staging)
        if self.staged_config is not None and self.site_dir is not None:
            self.staged_config.site_dir = str(self.site_dir)
        self.staging = self.staged_config = None

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
                compress=self.config.precompress,
                headers_file=self.repo_root / REPOSITORY_HEADERS if self.config.headers else None,
            )
        except MissingRuntime as error:
            raise PluginError(str(error)) from None
        if self.staging is None or self.site_dir is None:
            return
        if config.strict and _warnings_counted():
            return  # MkDocs aborts the build next (on_build_error discards it)
        swap_in(self.staging, self.site_dir)
        log.info(f"Built in {self.staging.name}, now in place: {self.site_dir}")
        self._end_staging(discard_it=False)

    def on_build_error(self, *, error: Exception) -> None:
        self._end_staging(discard_it=True)

    def on_shutdown(self) -> None:
        self._end_staging(discard_it=True)  # after a Ctrl-C too: MkDocs calls this in a `finally`

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if not self.config.enabled:
            return server
        server.watch(str(self._content_dir()))
        for package in WATCHED_PACKAGES:
            path = self.repo_root / package
            if path.is_dir():
                server.watch(str(path))
        return server
