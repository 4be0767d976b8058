"""csp.fill_script_hashes: the policy lists the hash of every inline script of the site, on every page."""

from __future__ import annotations

from pathlib import Path

from generator.publish.csp import PLACEHOLDER, fill_script_hashes, script_hash

POLICY = f'<meta http-equiv="Content-Security-Policy" content="script-src \'self\' {PLACEHOLDER}">'


def page(path: Path, *scripts: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    inline = "".join(f"<script>{script}</script>" for script in scripts)
    path.write_text(f"<html><head>{POLICY}{inline}<script src='x.js'></script></head></html>", encoding="utf-8")


def test_every_page_lists_every_inline_script_of_the_site(tmp_path):
    page(tmp_path / "index.html", "var a = 1;")
    page(tmp_path / "causes" / "x" / "index.html", "var b = '../..';", "var a = 1;")
    assert fill_script_hashes(tmp_path) == 2
    expected = " ".join(sorted({script_hash("var a = 1;"), script_hash("var b = '../..';")}))
    for html in (tmp_path / "index.html", tmp_path / "causes" / "x" / "index.html"):
        text = html.read_text(encoding="utf-8")
        assert PLACEHOLDER not in text
        assert f"script-src 'self' {expected}\"" in text


def test_a_script_with_a_src_is_not_hashed_and_a_filled_page_is_left_alone(tmp_path):
    page(tmp_path / "index.html")
    fill_script_hashes(tmp_path)
    first = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "'sha256-" not in first
    assert fill_script_hashes(tmp_path) == 0
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == first


def test_the_hash_is_the_one_browsers_compute():
    # sha256 of "alert(1)", base64, as CSP Level 2 gives it for <script>alert(1)</script>.
    assert script_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
