"""The legcramps command: problems as lines, exit codes, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.cli import main


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"},
    )


def test_check_passes_on_good_content(content_copy, capsys):
    assert main(["check", str(content_copy)]) == 0


def test_check_prints_one_line_per_problem_and_exits_1(content_copy):
    (content_copy / "causes" / "night-cramps.yaml").write_text("id: night-cramps\n\tname: x\n", encoding="utf-8")
    result = run("check", "content", cwd=content_copy.parent)
    assert result.returncode == 1
    expected = "content/causes/night-cramps.yaml:2: tab character used for indentation; YAML needs spaces\n"
    assert result.stdout == expected
    assert "Traceback" not in result.stderr


def test_check_can_print_github_annotations(content_copy):
    (content_copy / "causes" / "night-cramps.yaml").write_text("", encoding="utf-8")
    result = run("check", "content", "--format", "github", cwd=content_copy.parent)
    assert result.returncode == 1
    expected = (
        "::error file=content/causes/night-cramps.yaml,line=1::file is empty; it needs the fields its schema lists\n"
    )
    assert result.stdout == expected


def test_render_writes_the_same_pages_as_the_plugin(content_copy, tmp_path):
    out = tmp_path / "out"
    assert main(["render", "--content", str(content_copy), "--out", str(out)]) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert "index.md" in written and "causes/night-cramps.md" in written and "vascular-map.md" in written


def test_render_refuses_bad_content_with_the_problem_lines(content_copy, tmp_path):
    (content_copy / "site.yaml").write_text("intro: [x]\n", encoding="utf-8")
    result = run("render", "--content", "content", "--out", str(tmp_path / "out"), cwd=content_copy.parent)
    assert result.returncode == 1
    assert "content/site.yaml:1: missing required field 'disclaimer'" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single ``error:`` line a refused command prints, after checking there is nothing else (no traceback)."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_render_clean_refuses_a_directory_it_did_not_write(content_copy, tmp_path):
    project = tmp_path / "project"  # what `--out .` in a project, or `--out ~`, pointed at
    (project / ".git").mkdir(parents=True)
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (project / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run("render", "--clean", "--content", str(content_copy), "--out", ".", cwd=project)
    assert "will not empty it" in one_error_line(result)
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == [".git", ".git/HEAD", "notes.txt"]


def test_render_into_a_directory_of_other_files_does_not_mark_it_for_clean(content_copy, tmp_path):
    out = tmp_path / "mixed"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["render", "--content", str(content_copy), "--out", str(out)]) == 0
    assert not (out / ".legcramps-render").exists()
    result = run("render", "--clean", "--content", str(content_copy), "--out", str(out), cwd=tmp_path)
    one_error_line(result)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_render_clean_empties_its_own_earlier_output(content_copy, tmp_path):
    out = tmp_path / "docs"
    assert main(["render", "--content", str(content_copy), "--out", str(out)]) == 0
    assert (out / ".legcramps-render").is_file()
    (out / "causes" / "removed-cause.md").write_text("stale\n", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n", encoding="utf-8")
    (out / "link").symlink_to(outside)
    assert main(["render", "--clean", "--content", str(content_copy), "--out", str(out)]) == 0
    assert not (out / "causes" / "removed-cause.md").exists() and not (out / "link").is_symlink()
    assert (out / "causes" / "night-cramps.md").is_file() and (out / ".legcramps-render").is_file()
    assert outside.read_text(encoding="utf-8") == "keep\n"


def test_render_clean_accepts_an_empty_directory(content_copy, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert main(["render", "--clean", "--content", str(content_copy), "--out", str(out)]) == 0
    assert (out / "index.md").is_file()


def test_render_refuses_a_symlinked_output_directory(content_copy, tmp_path):
    real = tmp_path / "real"
    assert main(["render", "--content", str(content_copy), "--out", str(real)]) == 0
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    for clean in ((), ("--clean",)):
        result = run("render", *clean, "--content", str(content_copy), "--out", "link", cwd=tmp_path)
        assert "symbolic link" in one_error_line(result)
    assert (real / "index.md").is_file()


def test_render_into_an_unwritable_path_is_one_error_line(content_copy, tmp_path):
    (tmp_path / "a-file").write_text("x\n", encoding="utf-8")
    for out in ("a-file", "a-file/docs"):
        one_error_line(run("render", "--content", str(content_copy), "--out", out, cwd=tmp_path))


def test_export_data_to_an_unwritable_or_symlinked_path_is_one_error_line(content_copy, tmp_path):
    (tmp_path / "a-directory").mkdir()
    (tmp_path / "a-file").write_text("x\n", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "to-nowhere").symlink_to(tmp_path / "missing" / "data.json")
    (tmp_path / "to-a-directory").symlink_to(tmp_path / "a-directory")
    for out in ("a-directory", "a-file/data.json", "loop", "to-nowhere", "to-a-directory"):
        one_error_line(run("export-data", out, "--content", str(content_copy), cwd=tmp_path))


HOSTILE_NAME = "a,b:c%25\n::error file=injected.yaml,line=1::injected"


def test_github_annotations_escape_file_names_and_messages(content_copy):
    (content_copy / "causes" / "night-cramps.yaml").rename(content_copy / "causes" / f"{HOSTILE_NAME}.yaml")
    result = run("check", "content", "--format", "github", cwd=content_copy.parent)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::error file=content/causes/") for line in lines)
    hostile = next(line for line in lines if line.startswith("::error file=content/causes/a"))
    assert hostile.startswith("::error file=content/causes/a%2Cb%3Ac%2525%0A%3A%3Aerror file=injected.yaml%2Cline=1")
    properties, message = hostile.removeprefix("::error ").split("::", 1)
    assert properties.count(",") == 1 and ":" not in properties  # file=...,line=N and nothing more
    assert "\n" not in message and "%0A" in message


def test_stale_review_annotations_escape_the_file_name(content_copy):
    (content_copy / "causes" / "night-cramps.yaml").rename(content_copy / "causes" / f"{HOSTILE_NAME}.yaml")
    result = run("check", "content", "--format", "github", "--stale", "--today", "2030-01-01", cwd=content_copy.parent)
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning")]
    assert warnings and all(line.startswith("::warning file=content/") for line in warnings)
    assert any(line.startswith("::warning file=content/causes/a%2Cb%3Ac%2525%0A%3A%3Aerror") for line in warnings)
    assert not any(line.startswith("::error file=injected") for line in result.stdout.splitlines())
