"""finish_site: the one post-build step both engines run turns an engine's HTML folder into the published site."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.publish import MissingRuntime, finish_site
from generator.publish.calculator_assets import PYODIDE_FILES
from tests.conftest import REPO_ROOT

UNREPAIRED_PAGE = (
    '<html><body><input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
    + "<p>"
    + "A page long enough to be worth compressing. " * 20
    + "</p></body></html>"
)
DATA = {"findings": [], "causes": [], "version": "test"}


@pytest.fixture
def engine_output(tmp_path: Path) -> Path:
    """What an engine wrote: two pages with Material's unrepaired markup."""
    site = tmp_path / "site"
    (site / "causes" / "x").mkdir(parents=True)
    (site / "index.html").write_text(UNREPAIRED_PAGE, encoding="utf-8")
    (site / "causes" / "x" / "index.html").write_text(UNREPAIRED_PAGE, encoding="utf-8")
    return site


def finish(site: Path, pyodide_dir: Path, **options):
    return finish_site(site, DATA, pyodide_dir=pyodide_dir, theme_dir=REPO_ROOT / "site_overrides", **options)


def test_it_adds_the_calculator_data_given_and_the_runtime(engine_output, pyodide_dir):
    finish(engine_output, pyodide_dir)
    shipped = json.loads((engine_output / "assets/calculator/data.json").read_text(encoding="utf-8"))
    assert shipped == DATA
    assert all((engine_output / "assets/pyodide/0.0.0-test" / name).is_file() for name in PYODIDE_FILES)


def test_it_repairs_every_page_before_the_service_worker_hashes_it(engine_output, pyodide_dir):
    published = finish(engine_output, pyodide_dir)
    assert published.repaired_pages == 2
    for page in ("index.html", "causes/x/index.html"):
        assert "autocomplete" not in (engine_output / page).read_text(encoding="utf-8")
    worker = (engine_output / "sw.js").read_text(encoding="utf-8")
    assert json.dumps(published.build_hash) in worker
    assert '"causes/x/"' in worker


def test_the_twins_come_last_so_the_service_worker_and_the_repaired_pages_have_them(engine_output, pyodide_dir):
    published = finish(engine_output, pyodide_dir)
    assert published.compressed_files > 0
    twin = gzip.decompress((engine_output / "index.html.gz").read_bytes()).decode("utf-8")
    assert twin == (engine_output / "index.html").read_text(encoding="utf-8")
    assert (engine_output / "sw.js.gz").is_file()


def test_twins_can_be_skipped(engine_output, pyodide_dir):
    assert finish(engine_output, pyodide_dir, compress=False).compressed_files == 0
    assert not list(engine_output.rglob("*.gz"))


def test_a_missing_runtime_is_one_error_saying_how_to_install_it(engine_output, tmp_path):
    with pytest.raises(MissingRuntime, match="npm ci"):
        finish(engine_output, tmp_path / "no-such-package")
