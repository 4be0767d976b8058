"""The Content-Security-Policy's inline-script hashes, computed from the built pages, whatever engine wrote them.

site_overrides/main.html writes the policy once, as a <meta>, with ``'inline-script-hashes'`` where the hashes go.
The theme writes a few inline scripts (Material's per-depth scope script, its palette and tabs scripts; Zensical's
differ in their bytes), and ours sets the audience class; this step lists the SHA-256 of every inline script of
the site in that place, the same list on every page, so no page needs ``'unsafe-inline'`` and no hash is kept by
hand. Part of the post-build step (generator/publish/), after the HTML repairs and before the service worker.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

PLACEHOLDER = "'inline-script-hashes'"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)


def script_hash(script: str) -> str:
    """The CSP source for one inline script's exact text: ``'sha256-<base64>'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def fill_script_hashes(site_dir: Path) -> int:
    """Write the hashes of every inline script under ``site_dir`` into each page's policy; return the pages filled.

    Pages filled by an earlier build (a dirty rebuild leaves them) keep theirs; the hashes are the site's, not the
    page's, so the policy is the same everywhere.
    """
    pages = sorted(site_dir.rglob("*.html"))
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    hashes = sorted({script_hash(script) for text in texts.values() for script in _INLINE_SCRIPT.findall(text)})
    filled = 0
    for path, text in texts.items():
        if PLACEHOLDER in text:
            path.write_text(text.replace(PLACEHOLDER, " ".join(hashes)), encoding="utf-8")
            filled += 1
    return filled
