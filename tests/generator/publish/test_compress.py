"""Precompressed twins: every text file gets a .gz a static host can serve as is; nothing else is touched."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from generator.publish.compress import GZIP, precompress_site

GZIP_ONLY = (GZIP,)
PAGE = "<!doctype html><title>Cramp</title>" + "<p>Calf cramp at night, relieved by stretching.</p>" * 40


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "causes" / "dvt").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "causes" / "dvt" / "index.html").write_text(PAGE.replace("Calf", "Thigh"), encoding="utf-8")
    (root / "assets" / "app.mjs").write_text("export const x = 1;\n" * 100, encoding="utf-8")
    (root / "assets" / "tiny.css").write_text("a{}", encoding="utf-8")
    (root / "assets" / "logo.png").write_bytes(b"\x89PNG" + bytes(2000))
    (root / "assets" / "data.tar.gz").write_bytes(gzip.compress(b"an archive the site ships"))
    return root


def test_every_text_file_gets_a_gzip_twin_with_the_same_bytes_inside(site):
    files, original, served = precompress_site(site, GZIP_ONLY)
    assert files == 3
    for name in ("index.html", "causes/dvt/index.html", "assets/app.mjs"):
        assert gzip.decompress((site / (name + ".gz")).read_bytes()) == (site / name).read_bytes()
    assert served < original / 4


def test_tiny_binary_and_already_compressed_files_get_no_twin(site):
    precompress_site(site, GZIP_ONLY)
    assert not (site / "assets" / "tiny.css.gz").exists()
    assert not (site / "assets" / "logo.png.gz").exists()
    assert not (site / "assets" / "data.tar.gz.gz").exists()
    assert (site / "assets" / "data.tar.gz").exists()  # the site's own archive is not taken for a stale twin


def test_a_rebuild_leaves_no_stale_twin(site):
    precompress_site(site, GZIP_ONLY)
    (site / "causes" / "dvt" / "index.html").unlink()
    (site / "index.html").write_text(PAGE.replace("night", "rest"), encoding="utf-8")
    precompress_site(site, GZIP_ONLY)
    assert not (site / "causes" / "dvt" / "index.html.gz").exists()
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == (site / "index.html").read_bytes()


def test_output_is_reproducible(site):
    precompress_site(site, GZIP_ONLY)
    first = (site / "index.html.gz").read_bytes()
    precompress_site(site, GZIP_ONLY)
    assert (site / "index.html.gz").read_bytes() == first


def test_brotli_twins_are_written_when_the_package_is_installed(site):
    brotli = pytest.importorskip("brotli")
    precompress_site(site)
    assert brotli.decompress((site / "index.html.br").read_bytes()) == (site / "index.html").read_bytes()
    assert (site / "index.html.gz").exists()


def test_a_file_gone_while_compressing_is_skipped_and_no_partial_twin_is_left(site, monkeypatch):
    from generator.publish import compress

    (site / "assets" / "gone.js").symlink_to(site / "assets" / "missing.js")  # listed, then unreadable
    listed = compress.compressible_files(site)
    vanishing = site / "causes" / "dvt" / "index.html"
    monkeypatch.setattr(compress, "compressible_files", lambda _site: listed)
    vanishing.unlink()  # another build cleaned it after it was listed
    files, _, _ = precompress_site(site, GZIP_ONLY)
    assert files == len(listed)
    assert (site / "index.html.gz").is_file() and not (site / "causes" / "dvt" / "index.html.gz").exists()
    assert not [path for path in site.rglob("*") if path.name.endswith(".partial")]
