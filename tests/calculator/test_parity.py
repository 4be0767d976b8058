"""CPython, Pyodide in Node and Pyodide in Chromium give byte-identical results for the same answers.

The vectors (parity_vectors.json) cover empty answers, classic presentations, every instrument and every ABI
category boundary, the lab thresholds, multi-choice lists, choices and red flags. Each is evaluated three ways:
``calculator.evaluate`` here; tests/calculator/pyodide_node.mjs (Pyodide 314 in Node, offline, through the built
site's python-bridge.mjs, the module the browser's worker runs, and calculator/bridge.py); and
``window.legcramps.evaluateJSON`` on the built site's /calculator/ page. The three strings must match byte for byte,
and so must the bridge's replies to answers it rejects.
"""

from __future__ import annotations

import json
import math
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import calculator
from calculator import bridge
from devtools.guard import block_other_hosts
from devtools.waits import AWAIT_READY, LEGCRAMPS_DEFINED, TIMEOUT_MS, wait_until

HERE = Path(__file__).resolve().parent
VECTORS: list[dict[str, Any]] = json.loads((HERE / "parity_vectors.json").read_text(encoding="utf-8"))
NAMES = [vector["name"] for vector in VECTORS]

# Answers the calculator rejects, with the finding its ValidationError names.
INVALID = [
    ({"age": 200}, "age"),
    ({"no_such_finding": True}, "no_such_finding"),
    ({"abi_dp_left": -1}, "abi_dp_left"),
    ({"abi_result": ["abnormal"]}, "abi_result"),
]


def canonical(result: dict[str, Any]) -> str:
    """The result as the contract serializes it (what the worker returns)."""
    return json.dumps(result, sort_keys=True, ensure_ascii=False)


@pytest.fixture(scope="module")
def cpython_lines(data: dict[str, Any]) -> list[str]:
    return [canonical(calculator.evaluate(data, vector["answers"])) for vector in VECTORS]


def run_node_harness(site: Path, vectors: Path) -> list[str]:
    """The bridge's reply for each vector, from Pyodide in Node running the built site's python-bridge.mjs."""
    command = ["node", str(HERE / "pyodide_node.mjs"), "--site", str(site), "--vectors", str(vectors)]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.fixture(scope="module")
def node_lines(built_site: Path) -> list[str]:
    return run_node_harness(built_site, HERE / "parity_vectors.json")


@pytest.fixture(scope="module")
def cpython_replies(data: dict[str, Any]) -> list[str]:
    return [bridge.reply(data, json.dumps(vector["answers"])) for vector in VECTORS]


@pytest.fixture(scope="module")
def node_rejections(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    vectors = tmp_path_factory.mktemp("invalid") / "vectors.json"
    vectors.write_text(json.dumps([{"answers": answers} for answers, _ in INVALID]), encoding="utf-8")
    return run_node_harness(built_site, vectors)


@pytest.fixture(scope="module")
def calculator_page(chromium, site_url: str) -> Iterator[Any]:
    """/calculator/ of the built site, every request to another host aborted, with the calculator ready."""
    context = chromium.new_context(service_workers="block")
    external: list[str] = []
    block_other_hosts(context, external)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(site_url + "calculator/")
    page.wait_for_function(LEGCRAMPS_DEFINED)
    page.evaluate(AWAIT_READY)
    yield page
    assert external == []
    context.close()


def evaluate_all(page: Any, method: str) -> list[Any]:
    """``window.legcramps[method](answers)`` for every vector, one after the other, in the page."""
    return page.evaluate(
        "async ([method, vectors]) => { const out = [];"
        " for (const answers of vectors) out.push(await window.legcramps[method](answers)); return out; }",
        [method, [vector["answers"] for vector in VECTORS]],
    )


@pytest.fixture(scope="module")
def browser_lines(calculator_page: Any) -> list[str]:
    return evaluate_all(calculator_page, "evaluateJSON")


@pytest.fixture(scope="module")
def browser_objects(calculator_page: Any) -> list[Any]:
    return evaluate_all(calculator_page, "evaluate")


def _floats(value: Any) -> Iterator[float]:
    if isinstance(value, float):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _floats(item)
    elif isinstance(value, list):
        for item in value:
            yield from _floats(item)


def test_there_are_25_to_50_vectors_with_unique_names():
    assert 25 <= len(VECTORS) <= 50
    assert len(set(NAMES)) == len(NAMES)


@pytest.mark.parametrize("vector", VECTORS, ids=NAMES)
def test_each_vector_is_valid_for_the_findings_vocabulary(vector, data):
    findings = {finding["id"] for finding in data["findings"]}
    assert set(vector["answers"]) <= findings
    calculator.evaluate(data, vector["answers"])  # raises ValidationError if any answer is out of type or range
    # JavaScript has no 3.0 distinct from 3: an integral float would come back from the browser as an int.
    assert not [number for number in _floats(vector["answers"]) if math.isfinite(number) and number.is_integer()]


def test_the_site_ships_the_data_cpython_evaluates_with(built_site, data):
    shipped = json.loads((built_site / "assets" / "calculator" / "data.json").read_text(encoding="utf-8"))
    assert shipped == data


def test_node_prints_one_line_per_vector(node_lines):
    assert len(node_lines) == len(VECTORS)


@pytest.mark.parametrize("index", range(len(VECTORS)), ids=NAMES)
def test_pyodide_in_node_matches_cpython_byte_for_byte(index, node_lines, cpython_replies, cpython_lines):
    assert node_lines[index] == cpython_replies[index] == bridge.RESULT + cpython_lines[index]


def test_pyodide_in_node_rejects_invalid_answers_as_cpython_does(node_rejections, data):
    expected = [bridge.reply(data, json.dumps(answers)) for answers, _ in INVALID]
    assert node_rejections == expected
    for line, (_, finding) in zip(node_rejections, INVALID, strict=True):
        assert line.startswith(bridge.ERROR)
        assert json.loads(line[1:])["finding"] == finding


@pytest.mark.browser
@pytest.mark.parametrize("index", range(len(VECTORS)), ids=NAMES)
def test_the_browser_matches_cpython_byte_for_byte(index, browser_lines, cpython_lines):
    assert browser_lines[index] == cpython_lines[index]


@pytest.mark.browser
@pytest.mark.parametrize("index", range(len(VECTORS)), ids=NAMES)
def test_the_browser_evaluate_resolves_to_the_cpython_result(index, browser_objects, cpython_lines):
    assert browser_objects[index] == json.loads(cpython_lines[index])


@pytest.mark.browser
@pytest.mark.parametrize(("answers", "finding"), INVALID, ids=[finding for _, finding in INVALID])
def test_the_browser_rejects_invalid_answers_with_the_validation_error(answers, finding, calculator_page, data):
    with pytest.raises(calculator.ValidationError) as expected:
        calculator.evaluate(data, answers)
    assert expected.value.finding == finding
    rejection = calculator_page.evaluate(
        "async (answers) => { try { await window.legcramps.evaluate(answers); return null; }"
        " catch (error) { return {name: error.name, message: error.message, finding: error.finding}; } }",
        answers,
    )
    assert rejection == {"name": "ValidationError", "message": str(expected.value), "finding": finding}
    assert finding in rejection["message"]


SNAPSHOT_SAVED = "caches.open('lc-pyodide-snapshot').then(cache => cache.keys()).then(keys => keys.length > 0)"


@pytest.fixture(scope="module")
def restored_lines(calculator_page: Any) -> list[str]:
    """The same page reloaded once the worker has saved its memory snapshot, so Python is restored from it."""
    wait_until(calculator_page, SNAPSHOT_SAVED)
    calculator_page.reload()
    calculator_page.wait_for_function(LEGCRAMPS_DEFINED)
    runtime = calculator_page.evaluate("window.legcramps.runtime()")
    assert runtime["restored"] is True
    # The page says it was a warm start (issue 12: honest loading).
    calculator_page.get_by_role("status").filter(has_text="Warm start: Python restored from this device.").wait_for()
    return evaluate_all(calculator_page, "evaluateJSON")


def test_a_runtime_restored_from_its_snapshot_matches_cpython_byte_for_byte(restored_lines, cpython_lines):
    assert restored_lines == cpython_lines
