"""content/ holds only the files the content kinds claim: `legcramps check` (and the build, through the same loader)
names every other file, every folder no kind uses and every symbolic link, never following a link or showing where
it points, and a large or unreadable tree ends in a short report, not a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.content import MAX_LISTED_STRAY, check_content
from tests.conftest import REPO_ROOT

SECRET = "password: hunter2"


def lines(content: Path) -> list[str]:
    return [str(problem) for problem in check_content(content, content.parent)]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the content holding a secret a link could point at."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    return folder


def test_check_exits_1_naming_each_stray_file_and_link_never_what_a_link_points_to(
    content_copy, outside, capsys, monkeypatch
):
    monkeypatch.chdir(content_copy.parent)  # problems name files from the directory check runs in
    (content_copy / "evil.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")
    script = content_copy / "assets" / "javascripts" / "legcramps.mjs"
    script.parent.mkdir(parents=True)
    script.write_text("steal();\n", encoding="utf-8")
    (content_copy / "credentials.yaml").symlink_to(outside / "secret.txt")
    (content_copy / "causes" / "shared").symlink_to(outside, target_is_directory=True)

    code = main(["check", "content"])
    captured = capsys.readouterr()
    assert code == 1
    named = {line.split(":", 1)[0] for line in captured.out.splitlines() + captured.err.splitlines() if line}
    assert {
        "content/evil.html",
        "content/assets/javascripts/legcramps.mjs",
        "content/credentials.yaml",
        "content/causes/shared",
    } <= named
    assert "hunter2" not in captured.out + captured.err
    assert str(outside) not in captured.out + captured.err and "secret.txt" not in captured.out + captured.err


def test_a_link_to_a_system_folder_is_named_not_walked(content_copy):
    (content_copy / "system").symlink_to("/usr", target_is_directory=True)
    (content_copy / "loop").symlink_to(content_copy, target_is_directory=True)
    assert lines(content_copy) == [
        "content/loop:1: a symbolic link; content/ holds only real files, never links (they are not followed): put "
        "the file itself here, or delete the link",
        "content/system:1: a symbolic link; content/ holds only real files, never links (they are not followed): put "
        "the file itself here, or delete the link",
    ]


def test_a_dangling_link_and_a_link_in_place_of_a_required_file_are_named_once(content_copy, outside):
    (content_copy / "causes" / "gone.yaml").symlink_to(outside / "no-such-file")
    (content_copy / "site.yaml").unlink()
    (content_copy / "site.yaml").symlink_to(outside / "secret.txt")
    assert [line.split(":")[0] for line in lines(content_copy)] == ["content/causes/gone.yaml", "content/site.yaml"]


def test_an_empty_folder_no_kind_uses_is_named(content_copy):
    (content_copy / "drafts").mkdir()
    assert lines(content_copy) == [
        "content/drafts:1: an empty folder; content/ holds only the folders its YAML files live in (causes, "
        "comparisons, instruments): delete it"
    ]


def test_hidden_and_editor_backup_files_are_stray_too(content_copy):
    (content_copy / ".DS_Store").write_bytes(b"\0\0")
    (content_copy / "causes" / "night-cramps.yaml~").write_text("old\n", encoding="utf-8")
    assert [line.split(":")[0] for line in lines(content_copy)] == [
        "content/.DS_Store",
        "content/causes/night-cramps.yaml~",
    ]


def test_a_name_with_a_line_break_or_escape_stays_on_one_printable_line(content_copy):
    (content_copy / "evil\n::error file=x::\x1b[31m.html").write_text("x\n", encoding="utf-8")
    (problem,) = check_content(content_copy, content_copy.parent)
    assert problem.file == "content/evil?::error file=x::?[31m.html"
    assert str(problem).count("\n") == 0


def test_a_fifo_is_not_a_file_and_is_never_opened(content_copy):
    os.mkfifo(content_copy / "causes" / "pipe.yaml")  # opening it would block forever
    assert lines(content_copy) == [
        "content/causes/pipe.yaml:1: not a regular file; content/ holds only the YAML files listed in CONTRIBUTING: "
        "delete it"
    ]


def test_thousands_of_stray_files_stop_the_listing_after_the_first_ones(content_copy):
    junk = content_copy / "junk"
    for index in range(2_000):
        (junk / f"{index:04}" / "deeper").mkdir(parents=True)
        (junk / f"{index:04}" / "deeper" / "file.txt").write_text("x\n", encoding="utf-8")
    found = lines(content_copy)
    assert len(found) <= MAX_LISTED_STRAY + 1
    assert found[0] == (
        f"content:1: more files, folders or links that do not belong in content/ may follow (listing stopped after "
        f"{MAX_LISTED_STRAY}); move them out or delete them"
    )


def test_an_unreadable_folder_is_one_problem_not_a_traceback(content_copy, monkeypatch):
    # As root, chmod 0 does not stop a listing: make the listing fail as it does for another user.
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "instruments":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("generator.content.os.scandir", scandir)
    assert lines(content_copy) == [
        "content/instruments:1: cannot list this folder (Permission denied); content/ must be readable"
    ]


def test_the_command_never_shows_a_traceback_for_links_or_stray_files(content_copy):
    (content_copy / "system").symlink_to("/", target_is_directory=True)
    (content_copy / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check", str(content_copy)],
        cwd=content_copy.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/system:1: a symbolic link" in result.stdout + result.stderr
    assert "content/notes.pdf:1: content/ holds only the YAML files" in result.stdout + result.stderr
