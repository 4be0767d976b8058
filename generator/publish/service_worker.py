"""The offline service worker: fill the template (site_overrides/sw.js) with this build's file list and hash.

The cache is named after a hash of every file in the build, so a new build installs a new cache and deletes
the old one; pages are fetched network-first, so a reader online never sees stale medical content.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SERVICE_WORKER = "sw.js"
RUNTIME_PREFIX = "assets/pyodide/"
# Not worth caching: crawler files and precompressed twins a static host serves in place of the originals.
SKIP_SUFFIXES = (".gz", ".br", ".map")
SKIP_NAMES = ("sitemap.xml", SERVICE_WORKER)


def site_urls(site_dir: Path) -> list[str]:
    """Every file of the built site as the URL a browser asks for (``x/index.html`` as ``x/``)."""
    urls = []
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or relative.endswith(SKIP_SUFFIXES) or path.name in SKIP_NAMES:
            continue
        urls.append(relative[: -len("index.html")] if path.name == "index.html" else relative)
    return urls


def build_hash(site_dir: Path, urls: list[str]) -> str:
    digest = hashlib.sha256()
    for url in urls:
        path = site_dir / (url + "index.html" if url.endswith("/") or url == "" else url)
        digest.update(url.encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write_service_worker(site_dir: Path, template_path: Path) -> str:
    """Write ``site_dir/sw.js`` from the template (site_overrides/sw.js) with this build's files; return its hash."""
    template = template_path.read_text(encoding="utf-8")
    urls = site_urls(site_dir)
    version = build_hash(site_dir, urls)
    core = [url for url in urls if not url.startswith(RUNTIME_PREFIX)]
    runtime = [url for url in urls if url.startswith(RUNTIME_PREFIX)]
    filled = (
        template.replace('"__BUILD_HASH__"', json.dumps(version))
        .replace('["__CORE_FILES__"]', json.dumps(core))
        .replace('["__RUNTIME_FILES__"]', json.dumps(runtime))
    )
    if filled == template:
        raise ValueError(f"{template_path} has no placeholders to fill: is it the template from site_overrides?")
    (site_dir / SERVICE_WORKER).write_text(filled, encoding="utf-8")
    return version
