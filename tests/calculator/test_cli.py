"""`legcramps evaluate`, `export-data` and `python -m calculator`: JSON out; bad answers exit 2 with one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import calculator
from generator.content import load_content
from generator.export import export_calculator_data
from tests.conftest import REAL_CONTENT, REPO_ROOT

BIN = Path(sys.executable).parent
ANSWERS = '{"nocturnal": true, "age": 70}'


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)


def legcramps(*args: str) -> subprocess.CompletedProcess[str]:
    return run(str(BIN / "legcramps"), *args)


def python_m_calculator(*args: str) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "calculator", *args)


def assert_one_error_line(completed: subprocess.CompletedProcess[str], *mentions: str) -> None:
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error:")
    for text in mentions:
        assert text in lines[0]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The calculator data written by ``legcramps export-data``."""
    out = tmp_path_factory.mktemp("export") / "calculator-data.json"
    completed = legcramps("export-data", str(out))
    assert completed.returncode == 0, completed.stderr
    return out


@pytest.fixture(scope="module")
def in_process(exported) -> dict:
    """The same data exported in this process, right after the command (content may be edited while tests run)."""
    return export_calculator_data(load_content(REAL_CONTENT, REPO_ROOT))


def test_evaluate_prints_the_result_json_and_exits_0(evaluate):
    completed = legcramps("evaluate", "--answers", ANSWERS)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == evaluate(json.loads(ANSWERS))


def test_evaluate_prints_json_with_sorted_keys_on_one_line(evaluate):
    completed = legcramps("evaluate", "--answers", ANSWERS)
    expected = json.dumps(evaluate(json.loads(ANSWERS)), sort_keys=True, ensure_ascii=False) + "\n"
    assert completed.stdout == expected


def test_evaluate_reads_answers_from_a_file(tmp_path):
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(ANSWERS, encoding="utf-8")
    from_file = legcramps("evaluate", "--answers-file", str(answers_file))
    inline = legcramps("evaluate", "--answers", ANSWERS)
    assert from_file.returncode == 0, from_file.stderr
    assert from_file.stdout == inline.stdout


@pytest.mark.parametrize(
    ("answers", "mentions"),
    [
        ('{"age": 200}', ("age", "0 to 120")),
        ('{"leg_cramp_colour": "blue"}', ("leg_cramp_colour",)),
        ('{"nocturnal": "yes"}', ("nocturnal",)),
        ('{"age": NaN}', ("age",)),
        ('{"nocturnal": true', ("not valid JSON",)),
        ("not json", ("not valid JSON",)),
        ("[1, 2]", ("answers must be a mapping",)),
    ],
    ids=["age-200", "unknown-id", "wrong-type", "nan", "truncated-json", "not-json", "not-an-object"],
)
def test_bad_answers_exit_2_with_one_error_line(answers, mentions):
    assert_one_error_line(legcramps("evaluate", "--answers", answers), *mentions)


def test_a_missing_answers_file_exits_2_with_one_error_line(tmp_path):
    assert_one_error_line(legcramps("evaluate", "--answers-file", str(tmp_path / "missing.json")))


def test_export_data_writes_the_data_the_calculator_evaluates(exported, in_process):
    written = json.loads(exported.read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(in_process))


def test_exported_data_evaluates_like_the_in_process_data(exported, in_process):
    written = json.loads(exported.read_text(encoding="utf-8"))
    answers = {"nocturnal": True, "age": 70, "location": ["calf"], "abi_brachial_left": 120, "abi_dp_left": 100}
    assert calculator.evaluate(written, answers) == calculator.evaluate(in_process, answers)


def test_python_m_calculator_prints_the_same_bytes_as_legcramps_evaluate(exported):
    answers = '{"nocturnal": true, "age": 70, "location": ["calf", "foot"], "wells_entire_leg_swollen": true}'
    standalone = python_m_calculator("--data", str(exported), "--answers", answers)
    project = legcramps("evaluate", "--answers", answers)
    assert standalone.returncode == project.returncode == 0, standalone.stderr + project.stderr
    assert standalone.stdout == project.stdout


def test_python_m_calculator_reads_answers_from_a_file(exported, tmp_path):
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(ANSWERS, encoding="utf-8")
    from_file = python_m_calculator("--data", str(exported), "--answers-file", str(answers_file))
    assert from_file.returncode == 0, from_file.stderr
    assert from_file.stdout == legcramps("evaluate", "--answers", ANSWERS).stdout


@pytest.mark.parametrize(
    ("answers", "mentions"),
    [('{"age": 200}', ("age", "0 to 120")), ('{"leg_cramp_colour": 1}', ("leg_cramp_colour",)), ("{", ())],
    ids=["age-200", "unknown-id", "invalid-json"],
)
def test_python_m_calculator_bad_answers_exit_2_with_one_error_line(exported, answers, mentions):
    assert_one_error_line(python_m_calculator("--data", str(exported), "--answers", answers), *mentions)
