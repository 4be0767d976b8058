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
from calculator.conditions import all_hold, holds
from calculator.differential import TIER_ORDER, _assess_cause, ranked_entries
from calculator.evaluate import established_facts
from calculator.instruments import wells_dvt

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
    optional = {
        finding["id"]: st.none() | valid_value(finding) for finding in data["findings"] if not finding.get("derived")
    }
    return st.fixed_dictionaries({}, optional=optional)


def junk_for(data: dict[str, Any]) -> st.SearchStrategy:
    """Anything at all: unknown keys, wrong types, huge and non-finite numbers, nested containers, non-mappings."""
    ids = [finding["id"] for finding in data["findings"] if not finding.get("derived")]
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
    number_ids = [
        finding["id"] for finding in data["findings"] if finding["type"] == "number" and not finding.get("derived")
    ]
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


def derived(data: dict[str, Any], finding_id: str) -> bool:
    return any(finding["id"] == finding_id and finding.get("derived") for finding in data["findings"])


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
    facts, evidence, _ = established_facts(data, answers)
    entry = _assess_cause(cause, findings, facts, evidence)
    assert entry["score"] <= 0 or entry["support"] == 0, f"{cause_id} scores {entry['score']} but is not listed"
    return entry["score"]


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
        if weighted["weight"] > 0 and weighted["finding"] not in answers and not derived(data, weighted["finding"])
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
    """Whatever the cause's tier and score: a red flag never drops out of view."""
    answers = draw.draw(valid_answers)
    facts, _, _ = established_facts(data, answers)
    do_not_miss = {entry["id"]: entry for entry in calculator.evaluate(data, answers)["do_not_miss"]}
    for cause in data["causes"]:
        for flag in cause["red_flags"]:
            if flag.get("when") and all_hold(flag["when"], facts):
                assert cause["id"] in do_not_miss
                assert flag["text"] in do_not_miss[cause["id"]]["red_flags"]


@SETTINGS
@given(draw=st.data())
def test_each_list_is_ordered_by_score_then_the_cost_of_missing_the_cause(data, valid_answers, draw):
    result = calculator.evaluate(data, draw.draw(valid_answers))
    for key in ("other_likely", "rare"):
        order = [(-entry["score"], TIER_ORDER.index(entry["tier"]), entry["id"]) for entry in result[key]]
        assert order == sorted(order)
    flagged = [entry for entry in result["do_not_miss"] if entry["red_flags"]]
    assert result["do_not_miss"][: len(flagged)] == flagged  # raised red flags first
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


# Safety properties: no false reassurance


def context_answers_for(data: dict[str, Any]) -> st.SearchStrategy:
    """Answers to context findings only (age, which legs, where), in any combination."""
    optional = {finding["id"]: valid_value(finding) for finding in data["findings"] if finding.get("context")}
    return st.fixed_dictionaries({}, optional=optional)


@SETTINGS
@given(draw=st.data())
def test_context_alone_never_names_or_lists_a_cause(data, draw):
    answers = draw.draw(context_answers_for(data))
    result = calculator.evaluate(data, answers)
    assert result["most_likely"] is None
    assert listed(result) == []
    assert any(note.startswith("Questions that would separate the causes") for note in result["notes"])


def pressures(low: int, high: int) -> st.SearchStrategy:
    return st.integers(low, high)


@SETTINGS
@given(draw=st.data())
def test_an_abi_of_0_90_or_less_puts_pad_in_the_first_three(data, draw):
    brachial = draw.draw(pressures(100, 220), label="brachial")
    ankle = draw.draw(st.integers(0, int(brachial * 0.89)), label="ankle")
    answers = {**draw.draw(context_answers_for(data)), "abi_brachial_right": brachial, "abi_pt_right": ankle}
    top = [entry["id"] for entry in ranked_entries(calculator.evaluate(data, answers))[:3]]
    assert "peripheral-artery-disease" in top


@SETTINGS
@given(draw=st.data())
def test_definite_edinburgh_claudication_puts_pad_in_the_first_three(data, draw):
    answers = {
        **draw.draw(context_answers_for(data)),
        "ecq_pain_walking": True,
        "ecq_begins_at_rest": False,
        "ecq_uphill_or_hurrying": True,
        "ecq_stand_still": "gone_within_10_min",
        "ecq_pain_sites": draw.draw(st.sampled_from([["calf"], ["calf", "thigh"], ["calf", "buttock", "foot"]])),
    }
    top = [entry["id"] for entry in ranked_entries(calculator.evaluate(data, answers))[:3]]
    assert "peripheral-artery-disease" in top


WELLS_POSITIVE_ITEMS = [item for item, points in wells_dvt.POINTS_2003.items() if points > 0]


@SETTINGS
@given(draw=st.data())
def test_a_wells_score_of_dvt_likely_puts_dvt_in_view_with_a_red_flag_and_in_the_first_three(data, draw):
    items = draw.draw(st.lists(st.sampled_from(WELLS_POSITIVE_ITEMS), min_size=2, unique=True))
    alternative = draw.draw(st.booleans()) and len(items) >= 4  # a score of 2 or more either way
    answers = {**draw.draw(context_answers_for(data)), **dict.fromkeys(items, True)}
    if alternative:
        answers["wells_alternative_diagnosis_as_likely"] = True
    result = calculator.evaluate(data, answers)
    assert result["instruments"]["wells_dvt"]["two_tier"] == "likely"
    dvt = [entry for entry in result["do_not_miss"] if entry["id"] == "deep-vein-thrombosis"]
    assert dvt and dvt[0]["red_flags"]
    assert "deep-vein-thrombosis" in [entry["id"] for entry in ranked_entries(result)[:3]]


@SETTINGS
@given(draw=st.data())
def test_met_irlssg_criteria_put_rls_in_the_first_three_and_criterion_5_unmet_keeps_it_out(data, draw):
    criteria = ["rls_urge_to_move", "rls_worse_at_rest", "rls_relieved_by_movement", "rls_evening_or_night"]
    base = {**draw.draw(context_answers_for(data)), **dict.fromkeys(criteria, True)}
    met = calculator.evaluate(data, {**base, "rls_not_explained_by_other_condition": True})
    assert "restless-legs-syndrome" in [entry["id"] for entry in ranked_entries(met)[:3]]
    mimic = calculator.evaluate(data, {**base, "rls_not_explained_by_other_condition": False})
    assert "restless-legs-syndrome" not in [entry["id"] for entry in listed(mimic)]


SEVERE_LABS = {
    "sodium": st.floats(100, 124.99),
    "potassium": st.one_of(st.floats(1, 2.49), st.floats(6, 10)),
}


@SETTINGS
@given(draw=st.data())
def test_a_severe_lab_value_always_raises_a_red_flag_in_view(data, valid_answers, draw):
    lab = draw.draw(st.sampled_from(sorted(SEVERE_LABS)))
    answers = {**draw.draw(valid_answers), lab: draw.draw(SEVERE_LABS[lab])}
    result = calculator.evaluate(data, answers)
    flagged = [entry for entry in result["do_not_miss"] if entry["red_flags"]]
    raised = [reason for entry in flagged for reason in entry["reasons"] if reason.startswith("Red flag:")]
    assert any(lab in reason.lower() for reason in raised), raised
    assert result["do_not_miss"][0]["red_flags"]


@SETTINGS
@given(draw=st.data())
def test_no_reason_states_an_answer_that_was_not_given(data, valid_answers, draw):
    """Every reason begins with the words of a finding that holds: its label, its choice or an instrument's result."""
    answers = draw.draw(valid_answers)
    facts, evidence, _ = established_facts(data, answers)
    findings = {finding["id"]: finding for finding in data["findings"]}
    allowed = set()
    for fid in facts:
        allowed.add(findings[fid]["label"])
        allowed.add(f"Not: {findings[fid]['label'][0].lower()}{findings[fid]['label'][1:]}")
        allowed.update(evidence.get(fid, {}).values())
    for entry in listed(calculator.evaluate(data, answers)):
        for reason in entry["reasons"] + entry["against"]:
            text = reason.removeprefix("Red flag: ")
            assert any(text.startswith(start) for start in allowed), reason
