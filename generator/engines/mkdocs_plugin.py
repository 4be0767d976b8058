"""The MkDocs engine: the ``legcramps`` plugin MkDocs loads through its entry point.

Thin by design. It builds the site model once per build, turns content problems into one ``PluginError`` (the
build fails with the ``FILE:LINE: message`` lines, no traceback), adds the rendered pages as virtual files whose
"edit this page" link opens their YAML source, runs the post-build step every engine runs, and makes ``mkdocs
serve`` reload when content or code change.

Builds are atomic (generator/publish/staging.py): MkDocs writes into a staging folder beside ``site_dir``, swapped in
only when the whole build, post-build step and strict check included, has succeeded. ``site_dir`` always holds one
whole build (the previous one after an error or a Ctrl-C), parallel builds do not share a folder, and ``mkdocs
serve`` keeps serving the directory it created, whose contents each rebuild replaces.

The editor loop (``mkdocs serve --dirty``) is incremental. The plugin instance lives as long as ``mkdocs serve``,
and so does its :class:`SiteModelBuilder`: a save re-reads only the changed YAML and re-renders only the pages
whose inputs changed. MkDocs' ``--dirty`` rebuilds only the files that say they are modified; a generated page says
so when its Markdown differs from the last build's, and every page does when the navigation (on every page), the
theme overrides or mkdocs.yml changed, or after a failed build. A dirty build writes into the served folder in place
(no staging), and ``serve`` skips what only a deployment needs (the precompressed twins).
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from generator.problems import ContentError
from generator.publish import MissingRuntime, finish_site
from generator.publish.calculator_assets import calculator_modules, runtime_preloads
from generator.publish.hosting import REPOSITORY_HEADERS
from generator.publish.staging import discard, staging_folder_beside, swap_in
from generator.site_model import SiteModel, SiteModelBuilder

WATCHED_PACKAGES = ("generator", "calculator")
log = logging.getLogger("mkdocs.plugins.legcramps")
# MkDocs warns on every --dirty build that links may be stale, which --strict turns into an abort. Here they are not:
# every page is rebuilt whenever the navigation changes (see LegcrampsPlugin._pages_to_build).
DIRTY_BUILD_WARNING = "A 'dirty' build is being performed"
# A page written this long before a build started still counts as written by it (file systems with coarse clocks).
MTIME_MARGIN_NS = 2_000_000_000


def _source_url(config: MkDocsConfig) -> str | None:
    """Where the review-status page links a YAML file: the address "edit this page" uses (repo_url + edit_uri)."""
    if not config.repo_url or not config.edit_uri:
        return None
    return urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.strip("/") + "/")


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_BUILD_WARNING)


_DIRTY_FILTER = _DropDirtyWarning()


class _GeneratedPage(File):
    """A generated page that tells a ``--dirty`` build whether it must be built again (a plain virtual file always
    says yes)."""

    rebuild = True

    def is_modified(self) -> bool:
        return self.rebuild


def _theme_signature(config: MkDocsConfig) -> tuple[object, ...]:
    """mkdocs.yml's bytes and each theme override file's name, time and size: what every page is built with."""
    files: list[tuple[str, int, int]] = []
    custom_dir = config.theme.custom_dir
    if custom_dir:
        for folder, _, names in os.walk(custom_dir):
            for name in names:
                stat = os.stat(os.path.join(folder, name))
                files.append((os.path.join(folder, name), stat.st_mtime_ns, stat.st_size))
    config_file = Path(config.config_file_path) if config.config_file_path else None
    config_digest = hashlib.sha256(config_file.read_bytes()).hexdigest() if config_file else ""
    return config_digest, tuple(sorted(files))


class _TemplatesCompiled(jinja2.BytecodeCache):
    """The theme's templates compiled once per ``mkdocs serve``, not on every rebuild (MkDocs makes a new Jinja
    environment for each). Jinja checks each template's source against its checksum, so an edited one compiles again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


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
        self.serving = False
        self.builder: SiteModelBuilder | None = None  # kept across the rebuilds of one `mkdocs serve`
        self.to_build: set[str] | None = None  # the pages this build rebuilds (None: all)
        # What every page shows (navigation, mkdocs.yml, theme overrides) as last built (None: build every page).
        self.built_everywhere: tuple[object, ...] | None = None
        self.everywhere: tuple[object, ...] = ()  # this build's
        self.outputs: dict[str, Path] = {}  # each page's output file, as last built
        self.started_ns = 0
        self.theme_templates = _TemplatesCompiled()
        self.site_dir: Path | None = None  # where the build is published
        self.staging: Path | None = None  # where MkDocs writes it meanwhile
        self.staged_config: MkDocsConfig | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.dirty = dirty  # a --dirty build updates site_dir in place, as asked
        self.serving = command == "serve"
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DIRTY_FILTER)

    def _content_dir(self) -> Path:
        return self.repo_root / self.config.content_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.started_ns = time.time_ns()
        self.repo_root = Path(config.config_file_path).resolve().parent
        source_url = _source_url(config)
        builder = self.builder
        if builder is None or (builder.content_dir, builder.source_url) != (self._content_dir(), source_url):
            builder = self.builder = SiteModelBuilder(self._content_dir(), self.repo_root, source_url=source_url)
        try:
            self.site = builder.build()
        except ContentError as error:
            self.site = None  # nothing is written; the last build's pages stay as they are
            raise PluginError("content has problems:\n" + str(error)) from None
        if not config.nav:
            config.nav = self.site.nav
        self.everywhere = (config.nav, _theme_signature(config))
        if self.dirty and self.built_everywhere == self.everywhere:
            self.to_build = builder.changed
        else:
            self.to_build = None
        if self.dirty:
            if self.to_build is None:
                rebuilt = f"all {len(self.site.pages)} (first build, or the navigation, theme or mkdocs.yml changed)"
            else:
                shown = ", ".join(sorted(self.to_build)[:5]) + (", ..." if len(self.to_build) > 5 else "")
                rebuilt = f"{len(self.to_build)} of {len(self.site.pages)}" + (f" ({shown})" if shown else "")
            log.info(
                f"Content files parsed: {len(builder.documents.parsed)}; pages rendered: {len(builder.pages.rendered)};"
                f" pages rebuilt: {rebuilt}"
            )
        self._stage(config)
        return config

    def _stage(self, config: MkDocsConfig) -> None:
        self._end_staging(discard_it=True)
        if self.dirty:
            return
        self.site_dir = Path(config.site_dir)
        # Noted before it is made: a Ctrl-C from here on (on_shutdown) finds it to discard, even one that comes the
        # moment the folder appears.
        self.staging = staging_folder_beside(self.site_dir)
        self.staging.mkdir()
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
        outputs = {}
        for page in self.site.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            generated = _GeneratedPage.generated(config, page.path, content=page.markdown)
            generated.edit_uri = page.source
            generated.rebuild = self.to_build is None or page.path in self.to_build
            files.append(generated)
            outputs[page.path] = Path(generated.abs_dest_path)
        if self.dirty:  # a dirty build keeps every file it does not write: remove the pages that are gone
            for path, output in self.outputs.items():
                if path not in outputs and output.is_file():
                    output.unlink()
        self.outputs = outputs
        return files

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        if not self.config.enabled:
            return None
        # What a calculator page preloads (site_overrides/main.html): the runtime's folder names Pyodide's version.
        env.globals["pyodide_preloads"] = runtime_preloads(self.repo_root / self.config.pyodide_dir)
        # And its own modules, every one (read from the theme folder, so a new module is never left to load late).
        env.globals["calculator_modules"] = calculator_modules(Path(config.theme.custom_dir) / "assets" / "javascripts")
        if env.bytecode_cache is not None:
            return None
        env.bytecode_cache = self.theme_templates
        return env

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
                # The preview server sends files as they are: the twins are for deployments only.
                compress=self.config.precompress and not self.serving,
                headers_file=self.repo_root / REPOSITORY_HEADERS if self.config.headers else None,
                changed_since=self.started_ns - MTIME_MARGIN_NS if self.dirty else None,
            )
        except MissingRuntime as error:
            raise PluginError(str(error)) from None
        if config.strict and _warnings_counted():
            self.built_everywhere = None  # MkDocs aborts the build next (on_build_error discards it)
            return
        self.built_everywhere = self.everywhere
        if self.staging is None or self.site_dir is None:
            return
        swap_in(self.staging, self.site_dir)
        log.info(f"Built in {self.staging.name}, now in place: {self.site_dir}")
        self._end_staging(discard_it=False)

    def on_build_error(self, *, error: Exception) -> None:
        if self.site is not None:  # failed after writing pages, perhaps some: the next build builds every page
            self.built_everywhere = None
        self._end_staging(discard_it=True)

    def on_shutdown(self) -> None:
        self._end_staging(discard_it=True)  # after a Ctrl-C too: MkDocs calls this in a `finally`
        logging.getLogger("mkdocs.commands.build").removeFilter(_DIRTY_FILTER)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if not self.config.enabled:
            return server
        server.watch(str(self._content_dir()))
        for package in WATCHED_PACKAGES:
            path = self.repo_root / package
            if path.is_dir():
                server.watch(str(path))
        # The theme overrides, without --watch-theme: that also polls the installed Material theme, 14,500 files
        # walked twice a second, which slows every rebuild and delays noticing a save.
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server
