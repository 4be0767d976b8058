"""The offline service worker precaches like Workbox (site_overrides/sw.js): each file by its own revision, every
precache request past the HTTP cache, navigation preload, a network timeout, and no cache entry per query.

Service workers are allowed here (the other browser tests block them). Every wait is on state (the precache holding
exactly a build's revisions, a page showing), never on a length of time.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from devtools.mkdocs_build import config_for_content, mkdocs_build
from devtools.server import StaticFileHandler, run_server
from devtools.waits import wait_until
from generator.publish.service_worker import RUNTIME_PREFIX, precache_manifest
from tests.conftest import REAL_CONTENT

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
PRECACHE = "legcramps-precache"
EDITED_CAUSE = "hypothyroidism"
EDIT = "Edited in the second build."
OLD_ENOUGH = 1_600_000_000  # 2020: a Last-Modified this old lets a browser reuse a file for months, by heuristic
# The URLs the precache holds, sorted ([] before the worker has made it).
PRECACHE_URLS = f"""async () => {{
  if (!(await caches.has("{PRECACHE}"))) return [];
  return (await (await caches.open("{PRECACHE}")).keys()).map((request) => request.url).sort();
}}"""
HOLDS_EXACTLY = f"async (expected) => JSON.stringify(await ({PRECACHE_URLS})()) === JSON.stringify(expected)"
# Every URL in any cache of this origin.
ALL_CACHED = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
}"""
STORED_TEXT = f"async (key) => (await (await caches.open('{PRECACHE}')).match(key)).text()"
UPDATE = "async () => { await (await navigator.serviceWorker.getRegistration()).update(); }"
PRELOAD_STATE = "async () => (await navigator.serviceWorker.ready).navigationPreload.getState()"


@dataclass
class Host:
    """What the test server does (the header it adds, whether it answers at all) and what it was asked."""

    cache_control: str | None = None
    answering: threading.Event = field(default_factory=threading.Event)
    log: list[str] = field(default_factory=list)
    preloads: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.answering.set()


class _Handler(StaticFileHandler):
    def __init__(self, *args: object, host: Host, **kwargs: object) -> None:
        self.host = host
        super().__init__(*args, **kwargs)

    def send_head(self):
        self.host.log.append(self.path)
        if self.headers.get("Service-Worker-Navigation-Preload"):
            self.host.preloads.append(self.path)
        self.host.answering.wait(timeout=TIMEOUT_MS / 1000)  # a host that hangs, until the test lets it answer
        return super().send_head()

    def end_headers(self) -> None:
        if self.host.cache_control:
            self.send_header("Cache-Control", self.host.cache_control)
        super().end_headers()


@contextmanager
def hosting(site_dir: Path, host: Host) -> Iterator[str]:
    with run_server(functools.partial(_Handler, directory=str(site_dir), host=host)) as url:
        try:
            yield url
        finally:
            host.answering.set()


def precache_keys(site_dir: Path, site_url: str) -> list[str]:
    """The cache keys the worker of the build in ``site_dir`` keeps, sorted as the page lists them."""
    return sorted(f"{site_url}{entry['url']}?__rev={entry['revision']}" for entry in precache_manifest(site_dir))


def revisions(site_dir: Path) -> dict[str, str]:
    return {entry["url"]: entry["revision"] for entry in precache_manifest(site_dir)}


@dataclass
class Builds:
    """A copy of the real content, built into ``site``; ``rebuild_with_one_cause_edit`` builds it again."""

    content: Path
    config: Path
    site: Path

    def build(self) -> None:
        result = mkdocs_build(self.config, self.site)
        assert result.returncode == 0, result.stdout + result.stderr

    def rebuild_with_one_cause_edit(self) -> None:
        cause = self.content / "causes" / f"{EDITED_CAUSE}.yaml"
        text, count = re.subn(r"(?m)^(mechanism: >-\n  )", rf"\g<1>{EDIT} ", cause.read_text(encoding="utf-8"), count=1)
        assert count == 1
        cause.write_text(text, encoding="utf-8")
        self.build()

    def age_every_file(self) -> None:
        """Give every file but the worker an old modification time, as a host's Last-Modified header shows it (the
        worker, rewritten by each build, keeps its new one: the browser asks for it with If-Modified-Since)."""
        for path in self.site.rglob("*"):
            if path.name != "sw.js":
                os.utime(path, (OLD_ENOUGH, OLD_ENOUGH))


@pytest.fixture
def builds(tmp_path: Path) -> Builds:
    workdir = tmp_path / "work"
    workdir.mkdir()
    content = workdir / "content"
    shutil.copytree(REAL_CONTENT, content, symlinks=False)
    builds = Builds(content, config_for_content(content, workdir), tmp_path / "site")
    builds.build()
    return builds


def install(page, site_dir: Path, site_url: str, path: str = "") -> None:
    """Visit ``path`` and wait until the worker is active with exactly this build's files precached."""
    page.goto(site_url + path)
    wait_until(page, HOLDS_EXACTLY, precache_keys(site_dir, site_url))


def update(page, site_dir: Path, site_url: str) -> None:
    """Let the browser look for a new worker, as it does on any navigation, and wait until it has replaced the old
    one's files with exactly the new build's."""
    page.evaluate(UPDATE)
    wait_until(page, HOLDS_EXACTLY, precache_keys(site_dir, site_url))


def heading(page) -> str:
    return page.locator("h1").first.inner_text().rstrip("¶").strip()


def test_a_new_build_fetches_only_the_files_whose_bytes_changed_and_never_the_runtime(context, builds):
    host = Host()
    with hosting(builds.site, host) as site_url:
        page = context.new_page()
        install(page, builds.site, site_url)
        before = revisions(builds.site)
        assert any(url.startswith(RUNTIME_PREFIX) for url in before)

        builds.rebuild_with_one_cause_edit()
        after = revisions(builds.site)
        changed = {url for url in after if before.get(url) != after[url]}
        assert f"causes/{EDITED_CAUSE}/" in changed
        assert not any(url.startswith(RUNTIME_PREFIX) for url in changed)
        host.log.clear()
        update(page, builds.site, site_url)
        fetched = set(host.log)

    assert fetched == {"/sw.js"} | {f"/{url}" for url in changed}
    assert len(changed) <= 3, changed  # the page, and the lists and search index that show its text


@pytest.mark.parametrize(
    "cache_control",
    [pytest.param("public, max-age=31536000", id="far-future"), pytest.param(None, id="last-modified-only")],
)
def test_the_precache_stores_the_new_bytes_whatever_the_http_cache_holds(context, builds, cache_control):
    builds.age_every_file()
    host = Host(cache_control=cache_control)
    page_url = f"causes/{EDITED_CAUSE}/"
    with hosting(builds.site, host) as site_url:
        page = context.new_page()
        install(page, builds.site, site_url, page_url)  # the HTTP cache now holds the old page, fresh for months
        builds.rebuild_with_one_cause_edit()
        builds.age_every_file()
        update(page, builds.site, site_url)
        key = f"{site_url}{page_url}?__rev={revisions(builds.site)[page_url]}"
        assert EDIT in page.evaluate(STORED_TEXT, key)


def test_with_a_host_that_hangs_or_offline_a_page_comes_from_the_precache(context, built_site):
    # As HOSTING.md asks for pages: without it the browser may answer a navigation from its HTTP cache, by heuristic,
    # and the host is never asked.
    host = Host(cache_control="no-cache")
    with hosting(built_site, host) as site_url:
        page = context.new_page()
        install(page, built_site, site_url)
        assert page.evaluate(PRELOAD_STATE)["enabled"] is True
        page.goto(site_url + "references/")  # the host answers: the page comes from the network, preloaded
        assert "/references/" in host.preloads

        host.answering.clear()
        page.goto(site_url + "vascular-map/")  # the host holds every request: the worker's timeout answers
        assert heading(page) == "Vascular pain-location map"
        assert "/vascular-map/" in host.preloads  # the host was asked first
        host.answering.set()

        context.set_offline(True)
        page.goto(site_url + "causes/deep-vein-thrombosis/")  # never visited
        assert heading(page) == "Deep vein thrombosis"


# The site's own files (not pages, not the runtime) this page has requested, by path, once it has loaded.
REQUESTED_FILES = """() => performance.getEntriesByType("resource")
  .map((entry) => new URL(entry.name))
  .filter((url) => url.origin === location.origin && !url.pathname.endsWith("/") && !url.pathname.endsWith(".html"))
  .map((url) => url.pathname)"""


def site_files(site_dir: Path) -> set[str]:
    """The precached files of a build that are not pages, as paths a host is asked for."""
    return {f"/{url}" for url in revisions(site_dir) if not url.endswith(("/", ".html"))}


def test_while_its_build_is_deployed_a_page_takes_every_other_file_from_the_precache(context, built_site):
    # no-cache, as HOSTING.md asks: without the worker each of the page's files would be asked of the host again.
    host = Host(cache_control="no-cache")
    with hosting(built_site, host) as site_url:
        page = context.new_page()
        install(page, built_site, site_url)
        host.log.clear()
        page.goto(site_url + "calculator/")
        page.wait_for_load_state("load")
        requested = set(page.evaluate(REQUESTED_FILES)) & site_files(built_site)
        asked = set(host.log)

    assert {"/assets/javascripts/calculator/start.mjs", "/assets/stylesheets/calculator.css"} <= requested
    assert "/build.json" in asked and "/calculator/" in asked  # the page itself, and which build the host deploys
    assert not asked & requested


def test_once_another_build_is_deployed_every_file_comes_from_the_network(context, builds):
    host = Host(cache_control="no-cache")
    with hosting(builds.site, host) as site_url:
        page = context.new_page()
        install(page, builds.site, site_url)
        installed_worker = (builds.site / "sw.js").read_bytes()
        builds.rebuild_with_one_cause_edit()
        # The browser has not noticed the new worker yet (it checks once a day at most, or the host's cache held
        # it): the old worker, with the old build's precache, still answers.
        (builds.site / "sw.js").write_bytes(installed_worker)
        host.log.clear()
        page.goto(site_url + f"causes/{EDITED_CAUSE}/")
        page.wait_for_load_state("load")
        assert EDIT in page.locator("article").inner_text()
        index = page.evaluate("fetch('../../search/search_index.json').then((response) => response.text())")
        requested = set(page.evaluate(REQUESTED_FILES)) & site_files(builds.site)
        asked = set(host.log)
        assert page.evaluate("navigator.serviceWorker.controller !== null")

    assert index == (builds.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert EDIT in index  # the new build's search index, not the precached one
    assert "/assets/stylesheets/content.css" in requested
    assert requested <= asked


def test_a_query_never_makes_a_cache_entry(context, built_site):
    host = Host(cache_control="no-cache")
    with hosting(built_site, host) as site_url:
        page = context.new_page()
        install(page, built_site, site_url)
        page.goto(site_url + "causes/deep-vein-thrombosis/?x=1")
        assert heading(page) == "Deep vein thrombosis"
        assert "/causes/deep-vein-thrombosis/?x=1" in host.preloads  # served from the network, online
        context.set_offline(True)
        page.goto(site_url + "calculator/?x=2")
        assert heading(page) == "Differential calculator"
        cached = page.evaluate(ALL_CACHED)
        assert not [url for url in cached if "x=" in url]
        assert page.evaluate(HOLDS_EXACTLY, precache_keys(built_site, site_url))
