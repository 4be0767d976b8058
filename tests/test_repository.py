"""The repository's editor workflow: GitHub Actions workflows, the pull-request template, CONTRIBUTING.md, and the
``yaml-language-server`` schema comment that gives editors completion and inline errors in every content file.

Workflows are validated against SchemaStore's GitHub workflow schema as vendored by the pinned ``check-jsonschema``
(``--builtin-schema vendor.github-workflows``); actionlint's Python wrapper downloads its binary from GitHub at
install time, which these machines cannot reach. The schema knows nothing of this project, so the tests below also
pin what each workflow must do and check that every ``legcramps`` and ``make`` command they (and CONTRIBUTING.md)
run exists with the flags used.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import build_parser
from generator.diff import PageChange, SiteDiff, format_markdown
from generator.kinds import KINDS
from tests.conftest import REAL_CONTENT, REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
PR_TEMPLATE = REPO_ROOT / ".github" / "pull_request_template.md"
CONTRIBUTING = REPO_ROOT / "CONTRIBUTING.md"
SCHEMA_COMMENT = "# yaml-language-server: $schema="
SHELL_BREAKS = {">", ">>", "|", "||", "&&", ";", "2>", "2>&1", "<"}


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))


def load_workflow(name: str) -> dict[str, Any]:
    document = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 (PyYAML) reads the key `on` as True.
    document["on"] = document.pop(True, document.get("on"))
    return document


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_lines(workflow: dict[str, Any]) -> list[str]:
    return [line.strip() for step in steps(workflow) for line in step.get("run", "").splitlines() if line.strip()]


def uses(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Action name (without version) -> its step."""
    return {step["uses"].split("@")[0]: step for step in steps(workflow) if "uses" in step}


def command_words(line: str, program: str) -> list[str] | None:
    """The arguments of ``program`` in a shell line (up to a redirection or another command), or None."""
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        return None
    for index, word in enumerate(words):
        if word == program or word.endswith("/" + program):
            arguments = []
            for argument in words[index + 1 :]:
                if argument in SHELL_BREAKS:
                    break
                arguments.append(argument)
            return arguments
    return None


def assert_legcramps_command_exists(arguments: list[str], where: str) -> None:
    try:
        build_parser().parse_args(arguments)
    except SystemExit as error:
        pytest.fail(f"{where}: `legcramps {' '.join(arguments)}` is not a valid command (exit {error.code})")


def make_targets() -> set[str]:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z0-9_-]*):", makefile, re.MULTILINE))


# Workflows ------------------------------------------------------------------------------------------------------


def test_the_three_workflows_exist():
    assert {path.name for path in workflow_files()} >= {"ci.yml", "deploy.yml", "review-diff.yml"}


def test_workflows_are_valid_against_the_github_workflow_schema():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(path) for path in workflow_files()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path):
    """The validator is really applied: a job without runs-on and a step both running and using fails."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    steps:\n      - run: make test\n        uses: actions/checkout@v6\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml", "review-diff.yml"])
def test_workflow_actions_are_pinned_to_a_major_version(name: str):
    for step in steps(load_workflow(name)):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), f"{name}: {step['uses']}"


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml", "review-diff.yml"])
def test_no_untrusted_expression_is_pasted_into_a_shell_script(name: str):
    """Branch names and pull-request text reach scripts through environment variables, never `${{ }}` in `run`."""
    for step in steps(load_workflow(name)):
        for expression in re.findall(r"\$\{\{(.*?)\}\}", step.get("run", "")):
            assert not re.search(r"github\.(event|head_ref|base_ref)", expression), f"{name}: {expression}"


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml", "review-diff.yml"])
def test_every_legcramps_and_make_command_in_workflows_exists(name: str):
    targets = make_targets()
    for line in run_lines(load_workflow(name)):
        arguments = command_words(line, "legcramps")
        if arguments is not None:
            assert_legcramps_command_exists(arguments, name)
        arguments = command_words(line, "make")
        if arguments is not None:
            assert set(arguments) <= targets, f"{name}: `{line}` names a target the Makefile lacks"


def test_ci_validates_builds_and_tests_every_pull_request_and_push():
    workflow = load_workflow("ci.yml")
    assert "pull_request" in workflow["on"] and "push" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert job["container"]["image"].startswith("python:3.11-"), "Python 3.11 on Debian"
    assert uses(workflow)["actions/setup-node"]["with"]["node-version"]
    lines = run_lines(workflow)
    order = [
        next(i for i, line in enumerate(lines) if re.match(r"apt-get install -y chromium\b", line)),
        next(i for i, line in enumerate(lines) if re.search(r"legcramps check .*--format github", line)),
        lines.index("make build"),
        lines.index("make test"),
    ]
    assert order == sorted(order), "chromium, then content check, strict build, tests"


def test_deploy_publishes_main_to_pages_with_least_privilege():
    workflow = load_workflow("deploy.yml")
    assert workflow["on"]["workflow_run"] == {"workflows": ["CI"], "types": ["completed"], "branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "conclusion == 'success'" in build["if"] and "event == 'push'" in build["if"]
    build_steps = {step.get("uses", step.get("run", "")).split("@")[0]: step for step in build["steps"]}
    assert build_steps["actions/setup-python"]["with"]["python-version"] == "3.11"
    assert build_steps["actions/checkout"]["with"]["ref"] == "${{ github.event.workflow_run.head_sha || github.sha }}"
    env = build_steps["make build"]["env"]
    assert env["LEGCRAMPS_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert env["LEGCRAMPS_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert build_steps["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_mkdocs_yml_reads_the_urls_the_deploy_sets():
    mkdocs = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!ENV [LEGCRAMPS_SITE_URL" in mkdocs and "!ENV [LEGCRAMPS_REPO_URL" in mkdocs


def test_review_diff_posts_the_rendered_diff_on_pull_requests():
    workflow = load_workflow("review-diff.yml")
    assert "pull_request" in workflow["on"] and "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    actions = uses(workflow)
    assert actions["actions/checkout"]["with"]["fetch-depth"] == 0
    diffs = [command_words(line, "legcramps") for line in run_lines(workflow)]
    diffs = [arguments for arguments in diffs if arguments and arguments[0] == "diff"]
    assert ["diff", "origin/$BASE_REF", "HEAD", "--format", "markdown"] in diffs
    (render,) = [step for step in steps(workflow) if "BASE_REF" in step.get("env", {})]
    assert render["env"]["BASE_REF"] == "${{ github.base_ref }}"
    script = actions["actions/github-script"]["with"]["script"]
    assert "updateComment" in script and "createComment" in script and "legcramps-review-diff" in script


def test_review_diff_stays_quiet_only_when_neither_pages_nor_calculator_data_change():
    # The workflow decides from the comment's text; the words must be those `legcramps diff` prints.
    script = uses(load_workflow("review-diff.yml"))["actions/github-script"]["with"]["script"]
    (condition,) = re.findall(r"else if \((.*)\) \{\n\s*core\.info", script)
    terms = re.findall(r'(!?)body\.includes\("([^"]+)"\)', condition)
    assert condition.count("&&") == len(terms) - 1 and "||" not in condition

    def stays_quiet(body: str) -> bool:
        return all((text in body) != bool(negated) for negated, text in terms)

    calculator = PageChange("calculator data", "changed", "weights", None, ("--- a", "+++ b", "-x", "+y"))
    quiet = SiteDiff("main (abc)", "HEAD (def)", (), 14)
    weights_only = SiteDiff("main (abc)", "HEAD (def)", (), 14, calculator)
    assert stays_quiet(format_markdown(quiet))
    assert not stays_quiet(format_markdown(weights_only))


# Pull-request template and CONTRIBUTING.md ---------------------------------------------------------------------

CHECKLIST = {
    "the content check passes": r"legcramps check",
    "sources support each statement": r"source.*support|support.*source",
    "citations resolve": r"DOI|PMID",
    "no invented citation": r"invent",
    "red flags": r"red flag",
    "plain-language summary": r"plain[- ]language|plain_summary",
    "rendered diff": r"diff",
    "review record": r"review.*status|status.*review",
    "weights and vignettes": r"vignette",
}


def test_pull_request_template_has_the_reviewers_checklist():
    template = PR_TEMPLATE.read_text(encoding="utf-8")
    boxes = [line for line in template.splitlines() if line.lstrip().startswith("- [ ]")]
    assert len(boxes) >= len(CHECKLIST)
    for what, pattern in CHECKLIST.items():
        assert any(re.search(pattern, box, re.IGNORECASE) for box in boxes), f"no checklist item for {what}"
    assert "CONTRIBUTING.md" in template


def test_contributing_covers_the_editors_tasks():
    guide = CONTRIBUTING.read_text(encoding="utf-8")
    headings = [line.lstrip("#").strip().lower() for line in guide.splitlines() if line.startswith("#")]
    for topic in ("cause", "reference", "weight", "instrument", "preview", "check", "review"):
        assert any(topic in heading for heading in headings), f"CONTRIBUTING.md has no section on {topic}"
    assert "make serve" in guide and "tests/calculator/test_vignettes.py" in guide


def code_lines(markdown: str) -> list[str]:
    """Lines of the fenced code blocks of a Markdown text."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("document", [CONTRIBUTING, PR_TEMPLATE], ids=lambda path: path.name)
def test_every_command_and_path_in_the_editor_docs_exists(document: Path):
    text = document.read_text(encoding="utf-8")
    targets = make_targets()
    lines = code_lines(text) + [span for span in re.findall(r"`([^`\n]+)`", text)]
    for line in lines:
        arguments = command_words(line, "legcramps")
        if arguments:
            assert_legcramps_command_exists(arguments, document.name)
        arguments = command_words(line, "make")
        if arguments and line.startswith("make"):
            assert set(arguments) <= targets, f"{document.name}: `{line}`"
    for path in set(re.findall(r"`((?:content|tests|generator|calculator|site_overrides)/[\w./-]+)`", text)):
        if "*" not in path and "<" not in path:
            assert (REPO_ROOT / path).exists(), f"{document.name} names {path}, which does not exist"


# Editor support: the schema comment on the first line of every content file -------------------------------------


def content_files() -> list[tuple[Path, str]]:
    """Every content YAML file with the schema of its kind (generator/kinds.py)."""
    files = []
    for kind in KINDS:
        for path in sorted(REAL_CONTENT.glob(kind.pattern)):
            files.append((path, kind.schema))
    return files


def test_every_content_file_has_a_kind():
    with_kind = {path for path, _ in content_files()}
    stray = [
        path.relative_to(REPO_ROOT).as_posix()
        for path in REAL_CONTENT.rglob("*")
        if path.suffix in (".yaml", ".yml") and path not in with_kind
    ]
    assert stray == [], "content files that no kind in generator/kinds.py covers"


@pytest.mark.parametrize(
    ("path", "schema"), content_files(), ids=[path.relative_to(REAL_CONTENT).as_posix() for path, _ in content_files()]
)
def test_content_file_starts_with_its_schema_comment(path: Path, schema: str):
    expected_schema = REAL_CONTENT / "schema" / schema
    assert expected_schema.is_file()
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
    relative = Path(os.path.relpath(expected_schema, path.parent)).as_posix()
    assert first_line == SCHEMA_COMMENT + relative
