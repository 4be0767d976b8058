"""Header rules for hosts that read them from the site itself: Netlify and Cloudflare Pages (``_headers``).

Part of the post-build step (generator/publish/), run only when the build is asked for it (HOSTING.md). It must
run after the service worker is written, so the worker does not precache a file the host never serves.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HEADERS_FILE = "_headers"
REPOSITORY_HEADERS = Path("hosting") / HEADERS_FILE  # the rules HOSTING.md states, relative to the repository


def copy_headers_file(site_dir: Path, headers_file: Path) -> Path:
    """Copy ``headers_file`` (the repository's hosting/_headers) to ``site_dir/_headers``; return the copy."""
    target = site_dir / HEADERS_FILE
    shutil.copyfile(headers_file, target)
    return target
