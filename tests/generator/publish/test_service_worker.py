"""The service worker's precache manifest: every file with its own revision, so a new build re-fetches only what
changed; the runtime in a folder named after its Pyodide version."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from generator.publish.calculator_assets import PYODIDE_FILES, MissingRuntime, runtime_dir, write_calculator_assets
from generator.publish.service_worker import precache_manifest, write_service_worker
from tests.conftest import REPO_ROOT

TEMPLATE = REPO_ROOT / "site_overrides" / "sw.js"
DATA = {"findings": [], "causes": [], "version": "test"}


@pytest.fixture
def site(tmp_path: Path, pyodide_dir: Path) -> Path:
    site = tmp_path / "site"
    (site / "causes" / "x").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (site / "causes" / "x" / "index.html").write_text("<p>cause x</p>", encoding="utf-8")
    (site / "causes" / "x" / "index.html.gz").write_bytes(b"twin")
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    write_calculator_assets(site, DATA, pyodide_dir)
    return site


def manifest_of(worker: str) -> list[dict[str, str]]:
    return json.loads(re.search(r"const MANIFEST = (\[.*?\]);", worker).group(1))


def test_the_runtime_is_in_a_folder_named_after_its_version_and_runtime_json_points_there(site):
    for name in PYODIDE_FILES:
        assert (site / "assets/pyodide/0.0.0-test" / name).is_file()
    assert not (site / "assets/pyodide/pyodide.mjs").exists()
    runtime = json.loads((site / "assets/calculator/runtime.json").read_text(encoding="utf-8"))
    assert (site / "assets/calculator" / runtime["index_url"] / "pyodide.asm.wasm").resolve().is_file()
    assert runtime["pyodide"] == "0.0.0-test"


@pytest.mark.parametrize("version", ["", "../x", "a/b", ".hidden"])
def test_a_version_that_is_no_folder_name_is_refused(version):
    with pytest.raises(MissingRuntime, match="npm ci"):
        runtime_dir(version)


def test_every_file_is_listed_with_the_sha256_of_its_bytes(site):
    write_service_worker(site, TEMPLATE)
    manifest = manifest_of((site / "sw.js").read_text(encoding="utf-8"))
    urls = [entry["url"] for entry in manifest]
    assert "" in urls and "causes/x/" in urls and "assets/pyodide/0.0.0-test/pyodide.asm.wasm" in urls
    # Twins, the sitemap, the worker itself and the file naming the deployed build are not precached.
    assert not [url for url in urls if url.endswith(".gz") or url in ("sitemap.xml", "sw.js", "build.json")]
    for entry in manifest:
        path = site / (entry["url"] + "index.html" if entry["url"].endswith("/") or not entry["url"] else entry["url"])
        assert entry["revision"] == hashlib.sha256(path.read_bytes()).hexdigest()[: len(entry["revision"])]
        assert len(entry["revision"]) >= 16


def test_an_edit_changes_the_revision_of_that_file_only(site):
    before = {entry["url"]: entry["revision"] for entry in precache_manifest(site)}
    (site / "causes" / "x" / "index.html").write_text("<p>cause x, edited</p>", encoding="utf-8")
    after = {entry["url"]: entry["revision"] for entry in precache_manifest(site)}
    assert [url for url in after if after[url] != before[url]] == ["causes/x/"]


def test_the_filled_worker_is_valid_javascript_with_no_placeholder_left(site):
    build_hash = write_service_worker(site, TEMPLATE)
    worker = (site / "sw.js").read_text(encoding="utf-8")
    assert not re.search(r"__[A-Z_]+__", worker)
    assert json.dumps(build_hash) in worker
    assert 'const RUNTIME_PREFIX = "assets/pyodide/"' in worker
    assert 'const BUILD_FILE = "build.json"' in worker
    subprocess.run(["node", "--check", str(site / "sw.js")], check=True, capture_output=True)


def test_the_site_names_its_build_for_the_worker_to_compare_with_its_own(site):
    build_hash = write_service_worker(site, TEMPLATE)
    assert json.loads((site / "build.json").read_text(encoding="utf-8")) == {"build": build_hash}
    # Any file's edit is another build: the worker then fetches every file from the network.
    (site / "causes" / "x" / "index.html").write_text("<p>cause x, edited</p>", encoding="utf-8")
    rebuilt = write_service_worker(site, TEMPLATE)
    assert rebuilt != build_hash
    assert json.loads((site / "build.json").read_text(encoding="utf-8")) == {"build": rebuilt}


def test_precache_requests_bypass_the_http_cache_and_pages_have_a_network_timeout():
    # The behaviour itself is tested in Chromium (tests/site/test_service_worker.py); these pin the settings.
    worker = TEMPLATE.read_text(encoding="utf-8")
    assert 'cache: "reload"' in worker
    assert 'cache: "no-cache"' in worker  # the deployed build's name: asked of the host, never of the HTTP cache
    assert "navigationPreload.enable()" in worker
    timeout_ms = re.search(r"const NETWORK_TIMEOUT_MS = (\d+);", worker)
    assert timeout_ms and 2000 <= int(timeout_ms.group(1)) <= 4000


def test_a_template_without_placeholders_is_refused(site, tmp_path):
    template = tmp_path / "sw.js"
    template.write_text("// nothing to fill", encoding="utf-8")
    with pytest.raises(ValueError, match="placeholders"):
        write_service_worker(site, template)
