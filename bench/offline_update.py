"""What a returning reader's browser fetches when the site is rebuilt after a one-cause edit, against the first visit.

A copy of the real content is built into a scratch folder and served the way a static host with precompressed files
does (bench/compressed_server.py). In Chromium, with the service worker allowed:

- first visit: the home page, until the service worker is active with every file of the build precached (it fetches
  the whole site, the ~13.5 MB Pyodide runtime included);
- one cause's text is edited and the site rebuilt; the browser looks for a new service worker (as it does on the
  reader's next navigation) and the new worker brings the precache up to date.

``update_bytes_one_cause_edit`` is every byte the server put on the wire (headers + compressed bodies) from that update
check until the precache holds exactly the new build; ``update_bytes_ratio`` divides it by the first visit's bytes
(issue 11: target <= 2 %). The page the reader then opens is neither here nor there: it loads alike with or without
the update.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.compressed_server import Served, serve_compressed
from devtools.chromium import running_chromium
from devtools.mkdocs_build import config_for_content, mkdocs_build
from devtools.site_paths import PYODIDE_PATH
from devtools.waits import TIMEOUT_MS, wait_until
from generator.publish.service_worker import precache_manifest

ROOT = Path(__file__).resolve().parent.parent
EDITED_CAUSE = "hypothyroidism"
PRECACHE = "legcramps-precache"
# True once the precache holds exactly ``expected`` (sorted cache keys: URL + revision).
HOLDS_EXACTLY = f"""async (expected) => {{
  if (!(await caches.has("{PRECACHE}"))) return false;
  const keys = (await (await caches.open("{PRECACHE}")).keys()).map((request) => request.url).sort();
  return JSON.stringify(keys) === JSON.stringify(expected);
}}"""
UPDATE = "async () => { await (await navigator.serviceWorker.getRegistration()).update(); }"
RESULT_PREFIXES = ("update_",)


def _precache_keys(site_dir: Path, site_url: str) -> list[str]:
    return sorted(f"{site_url}{entry['url']}?__rev={entry['revision']}" for entry in precache_manifest(site_dir))


def _build(config: Path, site_dir: Path) -> None:
    result = mkdocs_build(config, site_dir)
    if result.returncode != 0:
        raise RuntimeError(f"the content copy does not build:\n{result.stdout}{result.stderr}")


def _edit_one_cause(content: Path) -> None:
    """Add a sentence to one cause's mechanism, as a reviewer's small correction would."""
    cause = content / "causes" / f"{EDITED_CAUSE}.yaml"
    text, count = re.subn(
        r"(?m)^(mechanism: >-\n  )", r"\g<1>Edited for the benchmark. ", cause.read_text(encoding="utf-8"), count=1
    )
    if count != 1:
        raise RuntimeError(f"{cause}: no folded `mechanism:` field to edit")
    cause.write_text(text, encoding="utf-8")


def _wire_bytes(log: list[Served]) -> int:
    return sum(served.wire_bytes for served in log)


def run() -> dict[str, Any]:
    """Build, visit, edit, rebuild, update; the figures."""
    with tempfile.TemporaryDirectory(prefix="legcramps-bench-update-") as scratch:
        workdir = Path(scratch)
        content = workdir / "content"
        shutil.copytree(ROOT / "content", content, symlinks=False)
        config = config_for_content(content, workdir)
        site = workdir / "site"
        _build(config, site)
        log: list[Served] = []
        with serve_compressed(site, log) as site_url, running_chromium() as browser:
            context = browser.new_context()
            page = context.new_page()
            page.goto(site_url)
            wait_until(page, HOLDS_EXACTLY, _precache_keys(site, site_url), timeout_s=3 * TIMEOUT_MS / 1000)
            first_visit = list(log)

            _edit_one_cause(content)
            _build(config, site)
            log.clear()
            page.evaluate(UPDATE)
            wait_until(page, HOLDS_EXACTLY, _precache_keys(site, site_url), timeout_s=3 * TIMEOUT_MS / 1000)
            update = list(log)
            context.close()
    first_bytes, update_bytes = _wire_bytes(first_visit), _wire_bytes(update)
    return {
        "update_first_visit_bytes": first_bytes,
        "update_bytes_one_cause_edit": update_bytes,
        "update_bytes_ratio": round(update_bytes / first_bytes, 5),
        "update_files_fetched": len(update),
        "update_runtime_bytes": sum(served.wire_bytes for served in update if PYODIDE_PATH in served.path),
    }
