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
