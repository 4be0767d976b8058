"""A staged build replaces its output folder whole: hidden entries and a linked output survive, swaps take turns."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.publish.staging import STAGING_MARK, discard, staging_folder_beside, swap_in


def build_into(site: Path, marker: str) -> Path:
    staging = staging_folder_beside(site)
    staging.mkdir()  # as the engine makes it (mkdocs_plugin.py), with the usual permissions
    (staging / "index.html").write_text(marker, encoding="utf-8")
    (staging / "pages").mkdir()
    (staging / "pages" / "a.html").write_text(marker, encoding="utf-8")
    return staging


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if STAGING_MARK in path.name or ".old-" in path.name)


def test_a_first_build_becomes_the_output_folder(tmp_path):
    site = tmp_path / "site"
    swap_in(build_into(site, "one"), site)
    assert (site / "pages" / "a.html").read_text(encoding="utf-8") == "one"
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~_umask()  # readable by a web server, as mkdir makes it
    assert leftovers(tmp_path) == []


def test_a_swap_replaces_every_file_but_keeps_hidden_entries(tmp_path):
    site = tmp_path / "site"
    swap_in(build_into(site, "one"), site)
    (site / "stale.html").write_text("old", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".nojekyll").write_text("", encoding="utf-8")
    swap_in(build_into(site, "two"), site)
    assert sorted(path.name for path in site.iterdir()) == [".git", ".nojekyll", "index.html", "pages"]
    assert (site / "index.html").read_text(encoding="utf-8") == "two"
    assert leftovers(tmp_path) == []


def test_a_linked_output_keeps_its_link(tmp_path):
    real = tmp_path / "www"
    real.mkdir()
    site = tmp_path / "site"
    site.symlink_to(real, target_is_directory=True)
    staging = build_into(site, "linked")
    assert staging.parent == tmp_path
    swap_in(staging, site)
    assert site.is_symlink() and (real / "index.html").read_text(encoding="utf-8") == "linked"


def test_a_discarded_build_leaves_the_output_untouched(tmp_path):
    site = tmp_path / "site"
    swap_in(build_into(site, "one"), site)
    discard(build_into(site, "half"))
    assert (site / "index.html").read_text(encoding="utf-8") == "one"
    assert leftovers(tmp_path) == []


def test_swaps_at_once_leave_one_whole_build(tmp_path):
    site = tmp_path / "site"
    stagings = [build_into(site, f"build {n}") for n in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda staging: swap_in(staging, site), stagings))
    index = (site / "index.html").read_text(encoding="utf-8")
    assert (site / "pages" / "a.html").read_text(encoding="utf-8") == index
    assert leftovers(tmp_path) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_staging_folder_is_named_beside_the_output_before_it_is_made(tmp_path):
    site = tmp_path / "deploy" / "site"
    first, second = staging_folder_beside(site), staging_folder_beside(site)
    assert first.parent == second.parent == site.parent and first != second
    assert STAGING_MARK in first.name and not first.exists()  # the engine notes it, then makes it
