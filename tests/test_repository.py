"""The repository's editor workflow: GitHub Actions workflows, the pull-request template, CONTRIBUTING.md, and the
``yaml-language-server`` schema comment that gives editors completion and inline errors in every content file.

Workflows are validated against SchemaStore's GitHub workflow schema as vendored by the pinned ``check-jsonschema``
(``--builtin-schema vendor.github-workflows``); actionlint's Python wrapper downloads its binary from GitHub at
install time, which these machines cannot reach. The schema knows nothing of this project, so the tests below also
pin what each workflow must do and check that every ``legcramps`` and ``make`` command they (and CONTRIBUTING.md)
run exists with the flags used.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from generator.cli import build_parser
from generator.diff import PageChange, SiteDiff, format_markdown
from generator.kinds import KINDS
from generator.schema import SCHEMA_DIR
from tests.conftest import REAL_CONTENT, REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
PR_TEMPLATE = REPO_ROOT / ".github" / "pull_request_template.md"
CONTRIBUTING = REPO_ROOT / "CONTRIBUTING.md"
CONSTRAINTS = REPO_ROOT / "constraints.txt"
WORKFLOW_NAMES = ["ci.yml", "deploy.yml", "review-diff.yml"]
# `uses: owner/repo@<full commit SHA> # v1.2.3`: the SHA is what runs, the comment is what Dependabot updates.
PINNED_USES = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")
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


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_every_action_is_pinned_to_a_commit_sha_with_its_version_in_a_comment(name: str):
    lines = [line for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines, name
    for line in lines:
        assert PINNED_USES.match(line), f"{name}: `{line.strip()}` is not `uses: owner/repo@<40-hex SHA> # vX.Y.Z`"


def test_one_action_version_is_one_sha_everywhere():
    pins: dict[tuple[str, str], set[str]] = {}
    for path in workflow_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            match = PINNED_USES.match(line)
            if match:
                pins.setdefault((match[1], match[3]), set()).add(match[2])
    assert {key: shas for key, shas in pins.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_every_checkout_leaves_no_credentials_behind(name: str):
    checkouts = [step for step in steps(load_workflow(name)) if step.get("uses", "").startswith("actions/checkout@")]
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, f"{name}: {step}"


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_python_packages_come_at_the_versions_constraints_txt_pins(name: str):
    for line in run_lines(load_workflow(name)):
        if re.search(r"\bpip install\b", line):
            assert "-c constraints.txt" in line, f"{name}: `{line}` installs without the constraints"


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
def test_no_untrusted_expression_is_pasted_into_a_shell_script(name: str):
    """Branch names and pull-request text reach scripts through environment variables, never `${{ }}` in `run`."""
    for step in steps(load_workflow(name)):
        for expression in re.findall(r"\$\{\{(.*?)\}\}", step.get("run", "")):
            assert not re.search(r"github\.(event|head_ref|base_ref)", expression), f"{name}: {expression}"


@pytest.mark.parametrize("name", WORKFLOW_NAMES)
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
    assert uses(workflow)["actions/setup-node"]["with"] == {"node-version-file": ".nvmrc", "cache": "npm"}
    lines = run_lines(workflow)
    order = [
        next(i for i, line in enumerate(lines) if re.match(r"apt-get install -y chromium\b", line)),
        next(i for i, line in enumerate(lines) if re.search(r"legcramps check .*--format github", line)),
        lines.index("make build"),
        lines.index("make test"),
    ]
    assert order == sorted(order), "chromium, then content check, strict build, tests"


def test_ci_keeps_the_site_it_built_and_tested_for_the_deploy_on_pushes_to_main():
    (job,) = load_workflow("ci.yml")["jobs"].values()
    names = [step.get("run", step.get("uses", "")).split("@")[0] for step in job["steps"]]
    upload = job["steps"][names.index("actions/upload-artifact")]
    assert names.index("make build") < names.index("make test") < names.index("actions/upload-artifact")
    assert upload["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert upload["with"] == {"name": "site", "path": "site/", "if-no-files-found": "error"}
    build = job["steps"][names.index("make build")]
    assert "vars.LEGCRAMPS_SITE_URL" in build["env"]["LEGCRAMPS_SITE_URL"]
    assert build["env"]["LEGCRAMPS_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"


def test_deploy_publishes_the_artifact_ci_tested_and_builds_nothing():
    workflow = load_workflow("deploy.yml")
    assert workflow["on"]["workflow_run"] == {"workflows": ["CI"], "types": ["completed"], "branches": ["main"]}
    assert workflow["on"].get("workflow_dispatch") is None, "a dispatch takes no ref or input"
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    prepare, deploy = workflow["jobs"]["prepare"], workflow["jobs"]["deploy"]
    for condition in ("conclusion == 'success'", "event == 'push'", "head_branch == 'main'"):
        assert f"github.event.workflow_run.{condition}" in prepare["if"]
    assert "(github.event_name == 'workflow_dispatch' && github.ref == 'refs/heads/main')" in prepare["if"]
    assert prepare["permissions"] == {"actions": "read", "pages": "read"}
    actions = [step["uses"].split("@")[0] for step in prepare["steps"] if "uses" in step]
    assert actions == ["actions/download-artifact", "actions/configure-pages", "actions/upload-pages-artifact"]
    # Nothing is checked out, set up, installed or built: the site is the artifact, as CI tested it.
    scripts = " ".join(step.get("run", "") for step in prepare["steps"])
    for word in ("make", "mkdocs", "legcramps", "pip", "npm", "zensical"):
        assert not re.search(rf"\b{word}\b", scripts), f"deploy.yml runs {word}"
    download = uses(workflow)["actions/download-artifact"]["with"]
    assert download == {
        "name": "site",
        "path": "site/",
        "run-id": "${{ steps.run.outputs.run-id }}",
        "github-token": "${{ github.token }}",
    }
    find_run = next(step for step in prepare["steps"] if step.get("id") == "run")
    assert find_run["env"]["TRIGGER_RUN_ID"] == "${{ github.event.workflow_run.id }}"
    assert "--workflow ci.yml --branch main --event push" in find_run["run"] and "--status success" in find_run["run"]
    assert any("-name '*.gz' -o -name '*.br'" in step.get("run", "") for step in prepare["steps"]), "twins removed"
    assert uses(workflow)["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert deploy["needs"] == "prepare"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_mkdocs_yml_reads_the_urls_the_deploy_sets():
    mkdocs = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!ENV [LEGCRAMPS_SITE_URL" in mkdocs and "!ENV [LEGCRAMPS_REPO_URL" in mkdocs


def test_review_diff_posts_the_rendered_diff_on_pull_requests():
    workflow = load_workflow("review-diff.yml")
    assert "pull_request" in workflow["on"] and "pull_request_target" not in workflow["on"]
    assert workflow["permissions"] == {}
    actions = uses(workflow)
    assert actions["actions/checkout"]["with"]["fetch-depth"] == 0
    diffs = [command_words(line, "legcramps") for line in run_lines(workflow)]
    diffs = [arguments for arguments in diffs if arguments and arguments[0] == "diff"]
    assert ["diff", "origin/$BASE_REF", "HEAD", "--format", "markdown"] in diffs
    (render,) = [step for step in steps(workflow) if "BASE_REF" in step.get("env", {})]
    assert render["env"]["BASE_REF"] == "${{ github.base_ref }}"
    script = actions["actions/github-script"]["with"]["script"]
    assert "updateComment" in script and "createComment" in script and "legcramps-review-diff" in script


def test_review_diff_runs_pull_request_code_read_only_and_posts_without_running_it():
    jobs = load_workflow("review-diff.yml")["jobs"]
    diff, comment = jobs["diff"], jobs["comment"]
    assert diff["permissions"] == {"contents": "read"}
    assert comment["permissions"] == {"pull-requests": "write"} and comment["needs"] == "diff"
    assert [step["uses"].split("@")[0] for step in comment["steps"]] == [
        "actions/download-artifact",
        "actions/github-script",
    ], "the job with the write token checks nothing out and runs no command"
    upload = next(step for step in diff["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    download = comment["steps"][0]
    assert upload["with"]["name"] == download["with"]["name"] == "review-diff"
    assert "review-comment.md" in upload["with"]["path"]
    assert "review-diff/review-comment.md" in comment["steps"][1]["with"]["script"]


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


# Supply chain: constraints, Node version, Dependabot, zizmor ----------------------------------------------------


def constraint_pins() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line)
            assert match, f"constraints.txt: {line!r} is not NAME==VERSION"
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def test_constraints_pin_every_dependency_at_a_version_pyproject_allows():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = constraint_pins()
    extras = project["optional-dependencies"]
    for text in project["dependencies"] + extras["test"] + extras["bench"]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"constraints.txt does not pin {name} (run `make lock`)"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} vs {text}"


def test_make_installs_from_the_constraints_and_reinstalls_when_they_change():
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\$\(STAMP\): pyproject\.toml \$\(CONSTRAINTS\)$", makefile, re.MULTILINE)
    assert "CONSTRAINTS := constraints.txt" in makefile
    assert "PIP_INSTALL = $(BIN)/python -m pip install --quiet -c $(CONSTRAINTS)" in makefile
    installs = re.findall(r"^\t.*pip install.*$", makefile, re.MULTILINE)
    assert all("$(PIP_INSTALL)" in line or "$$tmp/venv" in line for line in installs), installs
    assert "lock" in make_targets()


def test_make_test_runs_zizmor_offline_over_the_workflows():
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    (recipe,) = re.findall(r"^test:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert re.search(r"^\t\$\(BIN\)/zizmor --offline .* \.github$", recipe, re.MULTILINE), recipe


def test_node_is_pinned_by_nvmrc_within_the_engines_range():
    package = json.loads((REPO_ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO_ROOT / "package-lock.json").read_text(encoding="utf-8"))
    nvmrc = (REPO_ROOT / ".nvmrc").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"\d+", nvmrc), "a Node major version"
    engines = package["engines"]["node"]
    assert lock["packages"][""]["engines"]["node"] == engines, "run `npm install --package-lock-only`"
    low, high = re.fullmatch(r">=(\d+) <(\d+)", engines).groups()
    assert int(low) <= int(nvmrc) < int(high)


def test_dependabot_proposes_weekly_grouped_updates_for_every_ecosystem():
    config = yaml.safe_load((REPO_ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    for update in updates.values():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"
        assert [group["patterns"] for group in update["groups"].values()] == [["*"]]


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
    expected_schema = SCHEMA_DIR / schema
    assert expected_schema.is_file()
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
    relative = Path(os.path.relpath(expected_schema, path.parent)).as_posix()
    assert first_line == SCHEMA_COMMENT + relative
