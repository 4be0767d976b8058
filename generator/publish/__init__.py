"""The one post-build step every engine runs on its output: what makes a folder of HTML the legcramps site.

Engine-free (nothing here knows MkDocs or Zensical). In order, because each step must see what the one before
wrote: the calculator's files and the Pyodide runtime (:mod:`.calculator_assets`); the repairs to the theme's
HTML (:mod:`.html_fixes`); the inline-script hashes of the Content-Security-Policy (:mod:`.csp`); the offline
service worker listing every file (:mod:`.service_worker`); on request, the host's header rules (:mod:`.hosting`),
after the service worker so it never precaches a file the host does not serve; the precompressed twins, last, so
the service worker is compressed too (:mod:`.compress`), unless the host compresses by itself (HOSTING.md).

A rebuild in place (``mkdocs serve --dirty``) passes ``changed_since``: only the pages it wrote are repaired, the
others still are from the build before.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.publish.calculator_assets import MissingRuntime, write_calculator_assets
from generator.publish.compress import precompress_site
from generator.publish.csp import fill_script_hashes
from generator.publish.hosting import copy_headers_file
from generator.publish.html_fixes import repair_site_html
from generator.publish.service_worker import SERVICE_WORKER, write_service_worker

__all__ = ["SERVICE_WORKER", "MissingRuntime", "Published", "finish_site"]


@dataclass(frozen=True)
class Published:
    """What the step did: the build hash naming the offline cache, pages repaired, files given twins."""

    build_hash: str
    repaired_pages: int
    compressed_files: int


def finish_site(
    site_dir: Path,
    calculator_data: dict[str, Any],
    *,
    pyodide_dir: Path,
    theme_dir: Path,
    compress: bool = True,
    headers_file: Path | None = None,
    changed_since: int | None = None,
) -> Published:
    """Turn an engine's output in ``site_dir`` into the published site.

    ``pyodide_dir`` is the installed npm package ``pyodide``; ``theme_dir`` holds the service worker template
    (site_overrides/); ``headers_file``, when given, is copied to the site root as ``_headers`` (Netlify,
    Cloudflare Pages); ``compress=False`` skips the twins; ``changed_since`` (nanoseconds since the epoch) repairs
    only the HTML files modified since then. Raises :class:`MissingRuntime` when the runtime is not installed.
    """
    write_calculator_assets(site_dir, calculator_data, pyodide_dir)
    repaired = repair_site_html(site_dir, since_ns=changed_since)
    fill_script_hashes(site_dir)
    build_hash = write_service_worker(site_dir, theme_dir / SERVICE_WORKER)
    if headers_file is not None:
        copy_headers_file(site_dir, headers_file)
    compressed = precompress_site(site_dir)[0] if compress else 0
    return Published(build_hash=build_hash, repaired_pages=repaired, compressed_files=compressed)
