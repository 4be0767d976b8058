"""Golden Markdown of the fixture content: ``make golden`` (``python -m tests.generator.golden``) rewrites it.

The golden files make every change to rendering a reviewable diff; refresh them only when the change is meant.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from generator.content import load_content
from generator.render import RenderedPage, render_site

HERE = Path(__file__).resolve().parent
GOLDEN_DIR = HERE / "golden"
FIXTURE_CONTENT = HERE.parent / "fixtures" / "content"
REPO_ROOT = HERE.parent.parent


# Rendering depends on the day (which reviews are overdue); the golden files are rendered as of this one.
GOLDEN_TODAY = date(2026, 11, 21)


def render_fixture() -> list[RenderedPage]:
    return render_site(load_content(FIXTURE_CONTENT, REPO_ROOT), today=GOLDEN_TODAY)


def write_golden() -> None:
    if GOLDEN_DIR.exists():
        shutil.rmtree(GOLDEN_DIR)
    for page in render_fixture():
        target = GOLDEN_DIR / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    print(f"wrote {len(render_fixture())} golden pages to {GOLDEN_DIR.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    write_golden()
