"""Valid HTML: the Nu HTML Checker (npm ``vnu-jar``, run with Java) finds no error in any generated page, the
calculator's form and the vascular map's SVG included."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

VNU = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A page with one error the checker must report: proves it ran and read our files, not just that it said nothing.
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><label tabindex="">x</label></body></html>'
)


def nu_check(*paths: Path) -> list[dict]:
    """The Nu HTML Checker's errors (and any file it could not read) for ``paths``, files or directories."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is not installed, and the Nu HTML Checker (vnu.jar) needs it: apt-get install default-jre-headless"
        )
    if not VNU.is_file():
        pytest.fail(f"{VNU.relative_to(REPO_ROOT)} is missing: run `npm ci` (or `make test`)")
    command = [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        report = json.loads(result.stderr)  # vnu writes its report to stderr
    except ValueError:
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return report["messages"]


def describe(message: dict, root: Path) -> str:
    where = message.get("url", "").removeprefix("file:")
    if where.startswith(str(root)):
        where = where[len(str(root)) :].lstrip("/")
    line = message.get("lastLine", "?")
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{line}: {message['message']}\n    {extract}"


def test_every_generated_page_is_valid_html(built_site, tmp_path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40
    assert {"calculator/index.html", "vascular-map/index.html", "404.html"} <= {
        page.relative_to(built_site).as_posix() for page in pages
    }
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")

    messages = nu_check(built_site, canary)

    from_canary = [message for message in messages if message.get("url", "").endswith("/canary.html")]
    assert len(from_canary) == 1 and "tabindex" in from_canary[0]["message"], from_canary
    problems = [describe(message, built_site) for message in messages if message not in from_canary]
    assert not problems, f"the Nu HTML Checker found {len(problems)} errors:\n" + "\n".join(problems)
