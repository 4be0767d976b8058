"""Properties of ``calculator.evaluate`` over the real exported data, for answers hypothesis generates.

Valid answers are drawn from the findings vocabulary (each type in its range, any subset of findings); junk answers
are anything JSON or Python can hand the calculator.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculator
from calculator.answers import validate_answers
from calculator.conditions import holds
from calculator.differential import _assess_cause

SETTINGS = settings(max_examples=200, deadline=None)
LISTS = ("other_likely", "do_not_miss", "rare")


# Strategies


def valid_value(finding: dict[str, Any]) -> st.SearchStrategy:
    kind = finding["type"]
    if kind == "boolean":
        return st.booleans()
    if kind == "number":
        low, high = finding["minimum"], finding["maximum"]
        return st.one_of(
            st.integers(math.ceil(low), math.floor(high)),
            st.floats(low, high, allow_nan=False, allow_infinity=False),
        )
    values = [choice["value"] for choice in finding["choices"]]
    if kind == "choice":
        return st.sampled_from(values)
    return st.lists(st.sampled_from(values), unique=True)


def valid_answers_for(data: dict[str, Any]) -> st.SearchStrategy:
    """Any subset of the vocabulary, each answer of its own type and range; ``None`` (unanswered) now and then."""
    optional = {finding["id"]: st.none() | valid_value(finding) for finding in data["findings"]}
    return st.fixed_dictionaries({}, optional=optional)


def junk_for(data: dict[str, Any]) -> st.SearchStrategy:
    """Anything at all: unknown keys, wrong types, huge and non-finite numbers, nested containers, non-mappings."""
    ids = [finding["id"] for finding in data["findings"]]
    choice_values = sorted({c["value"] for f in data["findings"] for c in f.get("choices", [])})
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=2**1100),
        st.floats(),
        st.text(max_size=8),
        st.sampled_from(choice_values),
    )
    values = st.recursive(
        scalars,
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3),
        max_leaves=6,
    )
    keys = st.sampled_from(ids) | st.text(max_size=12) | st.integers()
    junk_dicts = st.dictionaries(keys, values, max_size=6)
    mostly_valid = st.tuples(valid_answers_for(data), st.dictionaries(st.sampled_from(ids), values, max_size=2)).map(
        lambda pair: {**pair[0], **pair[1]}
    )
    number_ids = [finding["id"] for finding in data["findings"] if finding["type"] == "number"]
    numbers = st.one_of(st.integers(), st.integers(min_value=2**1100) | st.integers(max_value=-(2**1100)), st.floats())
    one_wild_number = st.tuples(valid_answers_for(data), st.sampled_from(number_ids), numbers).map(
        lambda triple: {**triple[0], triple[1]: triple[2]}
    )
    return st.one_of(junk_dicts, mostly_valid, one_wild_number, values, st.lists(st.sampled_from(ids)))


def satisfying_value(finding: dict[str, Any], condition: dict[str, Any]) -> st.SearchStrategy:
    """A value of ``finding`` for which ``condition`` holds, and no more than it needs (one ticked choice)."""
    if "includes" in condition:
        return st.just([condition["includes"]])
    if "equals" in condition:
        return st.just(condition["equals"])
    if finding["type"] != "number":
        return st.just(True)
    low, high, open_low, open_high = finding["minimum"], finding["maximum"], False, False
    if "at_least" in condition and condition["at_least"] >= low:
        low, open_low = condition["at_least"], False
    if "above" in condition and condition["above"] >= low:
        low, open_low = condition["above"], True
    if "at_most" in condition and condition["at_most"] <= high:
        high, open_high = condition["at_most"], False
    if "below" in condition and condition["below"] <= high:
        high, open_high = condition["below"], True
    numbers = st.floats(low, high, exclude_min=open_low, exclude_max=open_high, allow_nan=False)
    return numbers.filter(lambda value: holds(condition, {finding["id"]: value}))


@pytest.fixture(scope="session")
def valid_answers(data) -> st.SearchStrategy:
    return valid_answers_for(data)


@pytest.fixture(scope="session")
def junk_answers(data) -> st.SearchStrategy:
    return junk_for(data)


# Helpers


def canonical(result: dict[str, Any]) -> str:
    return json.dumps(result, sort_keys=True, ensure_ascii=False)


def listed(result: dict[str, Any]) -> list[dict[str, Any]]:
    first = [result["most_likely"]] if result["most_likely"] else []
    return first + [entry for key in LISTS for entry in result[key]]


def score_of(data: dict[str, Any], answers: dict[str, Any], cause_id: str) -> int:
    """The cause's score as ``evaluate`` reports it; recomputed (and checked to be <= 0) when it is not listed."""
    for entry in listed(calculator.evaluate(data, answers)):
        if entry["id"] == cause_id:
            return entry["score"]
    findings = {finding["id"]: finding for finding in data["findings"]}
    cause = next(cause for cause in data["causes"] if cause["id"] == cause_id)
    score = _assess_cause(cause, findings, validate_answers(findings, answers))["score"]
    assert score <= 0, f"{cause_id} scores {score} but is not listed"
    return score


# Properties


@SETTINGS
@given(draw=st.data())
def test_valid_answers_always_evaluate_to_the_same_json(data, valid_answers, draw):
    answers = draw.draw(valid_answers)
    first = calculator.evaluate(data, answers)
    assert json.loads(canonical(first)) == first
    assert canonical(calculator.evaluate(data, answers)) == canonical(first)


@SETTINGS
@given(draw=st.data())
def test_answers_after_a_json_round_trip_give_the_same_result(data, valid_answers, draw):
    answers = draw.draw(valid_answers)
    assert canonical(calculator.evaluate(data, json.loads(json.dumps(answers)))) == canonical(
        calculator.evaluate(data, answers)
    )


@SETTINGS
@given(draw=st.data())
def test_adding_a_supporting_finding_never_lowers_the_cause_score(data, valid_answers, draw):
    answers = {key: value for key, value in draw.draw(valid_answers).items() if value is not None}
    candidates = [
        (cause["id"], weighted)
        for cause in data["causes"]
        for weighted in cause["weights"]
        if weighted["weight"] > 0 and weighted["finding"] not in answers
    ]
    if not candidates:
        return
    cause_id, weighted = draw.draw(st.sampled_from(candidates), label="cause and weighted finding")
    finding = next(finding for finding in data["findings"] if finding["id"] == weighted["finding"])
    value = draw.draw(satisfying_value(finding, weighted), label="added answer")
    before = score_of(data, answers, cause_id)
    after = score_of(data, {**answers, weighted["finding"]: value}, cause_id)
    assert after >= before


@SETTINGS
@given(draw=st.data())
def test_a_raised_red_flag_always_lists_its_cause_in_do_not_miss(data, valid_answers, draw):
    answers = draw.draw(valid_answers)
    checked = validate_answers({finding["id"]: finding for finding in data["findings"]}, answers)
    do_not_miss = {entry["id"]: entry for entry in calculator.evaluate(data, answers)["do_not_miss"]}
    for cause in data["causes"]:
        if cause["tier"] != "do_not_miss":
            continue
        for flag in cause["red_flags"]:
            if flag.get("when") and holds(flag["when"], checked):
                assert cause["id"] in do_not_miss
                assert flag["text"] in do_not_miss[cause["id"]]["red_flags"]


@SETTINGS
@given(draw=st.data())
def test_each_list_is_ordered_by_score_then_cause_id(data, valid_answers, draw):
    result = calculator.evaluate(data, draw.draw(valid_answers))
    for key in LISTS:
        order = [(-entry["score"], entry["id"]) for entry in result[key]]
        assert order == sorted(order)
    if result["most_likely"]:
        supported = [entry for entry in listed(result) if entry["score"] > 0]
        assert max(entry["score"] for entry in supported) == result["most_likely"]["score"]


@SETTINGS
@given(draw=st.data())
def test_every_cause_listed_for_its_score_gives_its_reasons(data, valid_answers, draw):
    for entry in listed(calculator.evaluate(data, draw.draw(valid_answers))):
        assert entry["score"] <= 0 or entry["reasons"]


@SETTINGS
@given(draw=st.data())
def test_any_answers_either_evaluate_or_raise_validation_error(data, junk_answers, draw):
    answers = draw.draw(junk_answers)
    try:
        result = calculator.evaluate(data, answers)
    except calculator.ValidationError as error:
        assert str(error)
        return
    json.dumps(result, sort_keys=True)
