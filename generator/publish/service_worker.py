"""The offline service worker: fill the template (site_overrides/sw.js) with this build's precache manifest.

Done the way Workbox's precache controller does it: the manifest lists every file with its own revision (a hash of
its bytes), and the worker keeps each file under a cache key made of its URL and that revision. A new build
therefore fetches only the files whose bytes changed and keeps the rest; the Pyodide runtime, in a folder named
after its version (calculator_assets.py), is fetched once per Pyodide version.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SERVICE_WORKER = "sw.js"
RUNTIME_PREFIX = "assets/pyodide/"
# Not worth caching: crawler files and precompressed twins a static host serves in place of the originals.
SKIP_SUFFIXES = (".gz", ".br", ".map")
# Which build the host deploys ({"build": build_hash}): the worker asks for it with each page, past every cache, and
# serves the site's other files from its precache only while it names the worker's own build.
BUILD_FILE = "build.json"
SKIP_NAMES = ("sitemap.xml", SERVICE_WORKER, BUILD_FILE)
# Hex digits of a file's SHA-256 kept as its revision; the worker checks the bytes it stores against them.
REVISION_LENGTH = 32


def site_urls(site_dir: Path) -> list[str]:
    """Every file of the built site as the URL a browser asks for (``x/index.html`` as ``x/``)."""
    urls = []
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or relative.endswith(SKIP_SUFFIXES) or path.name in SKIP_NAMES:
            continue
        urls.append(relative[: -len("index.html")] if path.name == "index.html" else relative)
    return urls


def file_for_url(site_dir: Path, url: str) -> Path:
    """The file a static host answers ``url`` (relative to the site root) with."""
    return site_dir / (url + "index.html" if url.endswith("/") or url == "" else url)


def revision(data: bytes) -> str:
    """A file's revision: the start of the hex SHA-256 of its bytes (what the worker recomputes to check them)."""
    return hashlib.sha256(data).hexdigest()[:REVISION_LENGTH]


def precache_manifest(site_dir: Path) -> list[dict[str, str]]:
    """``[{"url", "revision"}]`` for every file of the built site, in URL order."""
    return [{"url": url, "revision": revision(file_for_url(site_dir, url).read_bytes())} for url in site_urls(site_dir)]


def build_hash(manifest: list[dict[str, str]]) -> str:
    """One hash of the whole build: it changes whenever any file's URL or bytes do."""
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def write_service_worker(site_dir: Path, template_path: Path) -> str:
    """Write ``site_dir/sw.js`` from the template (site_overrides/sw.js) with this build's files, and
    ``site_dir/build.json`` naming the build (the worker compares it with its own); return the build's hash."""
    template = template_path.read_text(encoding="utf-8")
    manifest = precache_manifest(site_dir)
    version = build_hash(manifest)
    filled = (
        template.replace('"__BUILD_HASH__"', json.dumps(version))
        .replace('"__RUNTIME_PREFIX__"', json.dumps(RUNTIME_PREFIX))
        .replace('"__BUILD_FILE__"', json.dumps(BUILD_FILE))
        .replace('["__PRECACHE_MANIFEST__"]', json.dumps(manifest, separators=(",", ":")))
    )
    if filled == template or "__PRECACHE_MANIFEST__" in filled:
        raise ValueError(f"{template_path} has no placeholders to fill: is it the template from site_overrides?")
    (site_dir / SERVICE_WORKER).write_text(filled, encoding="utf-8")
    (site_dir / BUILD_FILE).write_text(json.dumps({"build": version}) + "\n", encoding="utf-8")
    return version
