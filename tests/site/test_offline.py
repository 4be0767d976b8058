"""After one visit the whole site, calculator included, works offline; a new build replaces the old one.

Service workers are allowed here (the other browser tests block them). "Installed" means the worker's precache
holds exactly the build's files (each under its revision; see tests/site/test_service_worker.py for how a new build
updates it), which it completes before it activates.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.mkdocs_build import config_for_content, mkdocs_build
from devtools.server import serve
from devtools.waits import wait_until
from generator.publish.service_worker import precache_manifest
from tests.conftest import REAL_CONTENT, REPO_ROOT

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
AWAIT_READY = "async () => { await window.legcramps.ready; }"
AWAIT_SERVICE_WORKER = "async () => { await navigator.serviceWorker.ready; }"
PRECACHE = "legcramps-precache"
# True once the legcramps caches are exactly the precache, holding exactly ``expected`` (sorted cache keys).
HOLDS_EXACTLY = f"""async (expected) => {{
  const names = (await caches.keys()).filter((name) => name.startsWith("legcramps-"));
  if (names.length !== 1 || names[0] !== "{PRECACHE}") return false;
  const keys = (await (await caches.open("{PRECACHE}")).keys()).map((request) => request.url).sort();
  return JSON.stringify(keys) === JSON.stringify(expected);
}}"""
RENAMED_CAUSE = "hypothyroidism"
NEW_NAME = "Underactive thyroid (renamed in this build)"


def precache_keys(site_dir: Path, site_url: str) -> list[str]:
    """The cache keys the service worker of the build in ``site_dir`` keeps (URL + revision), sorted."""
    return sorted(f"{site_url}{entry['url']}?__rev={entry['revision']}" for entry in precache_manifest(site_dir))


def wait_until_installed(page, site_dir: Path, site_url: str) -> None:
    """Wait for the service worker to be active with every file of the build in ``site_dir`` precached."""
    page.evaluate(AWAIT_SERVICE_WORKER)
    wait_until(page, HOLDS_EXACTLY, precache_keys(site_dir, site_url))


def heading(page) -> str:
    return page.locator("h1").first.inner_text().rstrip("¶").strip()


def assert_calculator_works(page) -> None:
    page.evaluate(AWAIT_READY)
    result = page.evaluate("window.legcramps.evaluate({nocturnal: true, sudden_painful_contraction: true})")
    assert result["most_likely"]["id"] == "benign-nocturnal-leg-cramps"


def test_after_one_calculator_visit_the_site_works_offline(context, built_site, site_url):
    page = context.new_page()
    page.goto(site_url + "calculator/")
    page.evaluate(AWAIT_READY)
    wait_until_installed(page, built_site, site_url)

    context.set_offline(True)
    page.reload()
    assert_calculator_works(page)
    page.goto(site_url + "causes/deep-vein-thrombosis/")
    assert heading(page) == "Deep vein thrombosis"
    page.goto(site_url + "vascular-map/")
    assert heading(page) == "Vascular pain-location map"
    assert page.locator("figure.lc-map svg").is_visible()
    page.go_back()
    assert heading(page) == "Deep vein thrombosis"
    page.go_back()
    page.wait_for_url(re.compile(r"/calculator/$"))
    assert_calculator_works(page)


def test_after_visiting_only_the_home_page_the_calculator_works_offline(context, built_site, site_url):
    page = context.new_page()
    page.goto(site_url)
    assert page.locator("[data-lc-calculator]").count() == 0
    wait_until_installed(page, built_site, site_url)

    context.set_offline(True)
    page.goto(site_url + "calculator/")
    assert_calculator_works(page)


@pytest.fixture
def own_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The real content built into a site directory of this test's own, served on 127.0.0.1."""
    site_dir = tmp_path / "site"
    result = mkdocs_build(REPO_ROOT / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(site_dir) as url:
        yield site_dir, url


def rebuild_with_renamed_cause(site_dir: Path, workdir: Path) -> None:
    """Rebuild ``site_dir`` from a copy of the real content in which one cause has a new name."""
    content = workdir / "content"
    shutil.copytree(REAL_CONTENT, content, symlinks=False)
    cause_file = content / "causes" / f"{RENAMED_CAUSE}.yaml"
    text, count = re.subn(r"(?m)^name: .*$", f"name: {NEW_NAME}", cause_file.read_text(encoding="utf-8"), count=1)
    assert count == 1
    cause_file.write_text(text, encoding="utf-8")
    result = mkdocs_build(config_for_content(content, workdir), site_dir)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_build_replaces_the_old_content_and_cache(context, own_site, tmp_path):
    site_dir, site_url = own_site
    page = context.new_page()
    page.goto(site_url + f"causes/{RENAMED_CAUSE}/")
    old_name = heading(page)
    assert old_name != NEW_NAME
    wait_until_installed(page, site_dir, site_url)

    workdir = tmp_path / "work"
    workdir.mkdir()
    rebuild_with_renamed_cause(site_dir, workdir)

    page.reload()
    assert heading(page) == NEW_NAME
    # The new worker replaces the old revisions with the new build's (the renamed page's old copy is gone).
    wait_until(page, HOLDS_EXACTLY, precache_keys(site_dir, site_url))
    assert NEW_NAME not in (REPO_ROOT / "content" / "causes" / f"{RENAMED_CAUSE}.yaml").read_text(encoding="utf-8")
