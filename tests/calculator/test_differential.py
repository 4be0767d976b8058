"""The ranked differential: scores, tiers, red flags, reasons and a deterministic order.

Most tests use a tiny synthetic data set, so each states its weights next to its expectation; a few run on the
real exported content.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import calculator

FINDINGS = [
    {"id": "nocturnal", "label": "Comes on at night", "group": "g", "type": "boolean"},
    {"id": "swollen", "label": "Swollen leg", "group": "g", "type": "boolean"},
    {"id": "exertional", "label": "Brought on by walking", "group": "g", "type": "boolean"},
    {
        "id": "potassium",
        "label": "Serum potassium",
        "group": "g",
        "type": "number",
        "unit": "mmol/L",
        "minimum": 1,
        "maximum": 10,
    },
    {
        "id": "location",
        "label": "Where",
        "group": "g",
        "type": "multi_choice",
        "choices": [{"value": "calf", "label": "Calf"}, {"value": "thigh", "label": "Thigh"}],
    },
    {
        "id": "laterality",
        "label": "Which legs",
        "group": "g",
        "type": "choice",
        "choices": [{"value": "unilateral", "label": "One leg"}, {"value": "bilateral", "label": "Both legs"}],
    },
]


def cause(cause_id: str, tier: str = "other_likely", weights=(), red_flags=()) -> dict[str, Any]:
    return {
        "id": cause_id,
        "name": cause_id.replace("-", " ").capitalize(),
        "tier": tier,
        "url": f"causes/{cause_id}/",
        "weights": [dict(weight) for weight in weights],
        "red_flags": [dict(flag) for flag in red_flags],
    }


def synthetic(*causes: dict[str, Any]) -> dict[str, Any]:
    return {"schema_version": 1, "findings": FINDINGS, "causes": list(causes)}


def ids(entries) -> list[str]:
    return [entry["id"] for entry in entries]


def listed_entries(result) -> list[dict[str, Any]]:
    first = [result["most_likely"]] if result["most_likely"] else []
    return first + result["other_likely"] + result["do_not_miss"] + result["rare"]


NIGHT = {"finding": "nocturnal", "weight": 2}

# Determinism and order


def test_the_same_answers_give_identical_json(evaluate):
    answers = {"nocturnal": True, "age": 70, "location": ["calf", "foot"], "medications": ["statin"]}
    first = json.dumps(evaluate(answers), sort_keys=True)
    second = json.dumps(evaluate(dict(reversed(answers.items()))), sort_keys=True)
    assert first == second


def test_a_tie_at_the_top_names_no_most_likely_cause_and_says_so():
    data = synthetic(cause("zeta-cramps", weights=[NIGHT]), cause("alpha-cramps", weights=[NIGHT]))
    result = calculator.evaluate(data, {"nocturnal": True})
    assert result["most_likely"] is None
    assert ids(result["other_likely"]) == ["alpha-cramps", "zeta-cramps"]
    assert [entry["tied_with"] for entry in result["other_likely"]] == [["zeta-cramps"], ["alpha-cramps"]]
    assert any("Alpha cramps and Zeta cramps are tied" in note for note in result["notes"])


def test_a_tie_is_never_settled_for_a_benign_cause_by_the_spelling_of_its_id():
    data = synthetic(
        cause("a-benign", "most_likely", weights=[NIGHT]),
        cause("z-danger", "do_not_miss", weights=[NIGHT]),
        cause("m-other", "other_likely", weights=[NIGHT]),
    )
    result = calculator.evaluate(data, {"nocturnal": True})
    assert result["most_likely"] is None
    assert ids(result["other_likely"]) == ["m-other", "a-benign"]  # within a tie the benign tier comes last
    assert ids(result["do_not_miss"]) == ["z-danger"]


def test_a_tie_below_the_top_still_names_the_top_cause():
    data = synthetic(
        cause("top", weights=[{"finding": "nocturnal", "weight": 5}]),
        cause("b", weights=[NIGHT]),
        cause("a", weights=[NIGHT]),
    )
    result = calculator.evaluate(data, {"nocturnal": True})
    assert result["most_likely"]["id"] == "top"
    assert result["most_likely"]["tied_with"] == []
    assert [entry["tied_with"] for entry in result["other_likely"]] == [["b"], ["a"]]


def test_ties_within_a_list_are_ordered_by_cause_id():
    data = synthetic(
        cause("top", weights=[{"finding": "nocturnal", "weight": 5}]),
        cause("c-cause", weights=[NIGHT]),
        cause("a-cause", weights=[NIGHT]),
        cause("b-cause", weights=[NIGHT]),
        cause("z-rare", "rare", weights=[NIGHT]),
        cause("m-rare", "rare", weights=[NIGHT]),
        cause("y-danger", "do_not_miss", weights=[NIGHT]),
        cause("x-danger", "do_not_miss", weights=[NIGHT]),
    )
    result = calculator.evaluate(data, {"nocturnal": True})
    assert ids(result["other_likely"]) == ["a-cause", "b-cause", "c-cause"]
    assert ids(result["rare"]) == ["m-rare", "z-rare"]
    assert ids(result["do_not_miss"]) == ["x-danger", "y-danger"]


def test_higher_scores_come_first():
    data = synthetic(
        cause("a-weak", weights=[{"finding": "nocturnal", "weight": 1}]),
        cause("b-strong", weights=[{"finding": "nocturnal", "weight": 3}]),
        cause("c-middle", weights=[NIGHT]),
        cause("d-middle", weights=[NIGHT]),
    )
    result = calculator.evaluate(data, {"nocturnal": True})
    assert result["most_likely"]["id"] == "b-strong"
    assert ids(result["other_likely"]) == ["c-middle", "d-middle", "a-weak"]


def test_the_order_of_causes_in_the_data_does_not_change_the_result():
    causes = [
        cause("night", weights=[NIGHT]),
        cause("walk", weights=[{"finding": "exertional", "weight": 2}, NIGHT]),
        cause("danger", "do_not_miss", weights=[NIGHT], red_flags=[{"text": "Act.", "when": {"finding": "swollen"}}]),
        cause("odd", "rare", weights=[NIGHT]),
    ]
    answers = {"nocturnal": True, "exertional": True, "swollen": True}
    forward = calculator.evaluate(synthetic(*causes), answers)
    backward = calculator.evaluate(synthetic(*reversed(causes)), answers)
    assert json.dumps(forward, sort_keys=True) == json.dumps(backward, sort_keys=True)


# Scores and tiers


def test_a_score_is_the_sum_of_the_weights_that_hold():
    weights = [
        {"finding": "nocturnal", "weight": 3},
        {"finding": "exertional", "weight": -1},
        {"finding": "location", "includes": "calf", "weight": 2},
        {"finding": "location", "includes": "thigh", "weight": 5},
        {"finding": "potassium", "below": 3.5, "weight": 4},
    ]
    data = synthetic(cause("sum", weights=weights))
    answers = {"nocturnal": True, "exertional": True, "location": ["calf"], "potassium": 3.2}
    assert calculator.evaluate(data, answers)["most_likely"]["score"] == 3 - 1 + 2 + 4


def test_a_cause_whose_findings_weigh_against_it_is_not_listed():
    data = synthetic(cause("against", weights=[{"finding": "exertional", "weight": -2}, NIGHT]))
    result = calculator.evaluate(data, {"nocturnal": True, "exertional": True})
    assert listed_entries(result) == []


def test_a_cause_with_a_score_of_zero_is_not_listed():
    data = synthetic(cause("zero", weights=[NIGHT, {"finding": "exertional", "weight": -2}]))
    assert listed_entries(calculator.evaluate(data, {"nocturnal": True, "exertional": True})) == []


def test_supported_causes_are_listed_by_their_tier():
    data = synthetic(
        cause("a-top", "most_likely", weights=[{"finding": "nocturnal", "weight": 9}]),
        cause("b-likely", "most_likely", weights=[NIGHT]),
        cause("c-other", "other_likely", weights=[NIGHT]),
        cause("d-danger", "do_not_miss", weights=[NIGHT]),
        cause("e-rare", "rare", weights=[NIGHT]),
    )
    result = calculator.evaluate(data, {"nocturnal": True})
    assert result["most_likely"]["id"] == "a-top"
    assert ids(result["other_likely"]) == ["c-other", "b-likely"]  # tied: the benign tier is not put first
    assert ids(result["do_not_miss"]) == ["d-danger"]
    assert ids(result["rare"]) == ["e-rare"]


def test_most_likely_is_none_without_answers(evaluate):
    result = evaluate({})
    assert result["most_likely"] is None
    assert any(note.startswith("No single most likely cause: no answer given so far") for note in result["notes"])
    assert any(note.startswith("Questions that would separate the causes: ") for note in result["notes"])


def test_most_likely_is_none_when_no_answer_supports_any_cause():
    data = synthetic(cause("night", weights=[NIGHT]))
    result = calculator.evaluate(data, {"exertional": True, "nocturnal": False})
    assert result["most_likely"] is None


def test_most_likely_is_set_as_soon_as_one_cause_has_support(evaluate):
    assert evaluate({"nocturnal": True})["most_likely"] is not None


def test_a_note_always_says_the_result_is_not_a_diagnosis(evaluate):
    assert any("not a diagnosis" in note for note in evaluate({"nocturnal": True})["notes"])


# Red flags

SWOLLEN_FLAG = {"text": "A swollen leg needs an ultrasound today.", "when": {"finding": "swollen"}}


def test_a_raised_red_flag_keeps_a_do_not_miss_cause_listed_whatever_its_score():
    dvt = cause("dvt", "do_not_miss", weights=[{"finding": "nocturnal", "weight": -3}], red_flags=[SWOLLEN_FLAG])
    result = calculator.evaluate(synthetic(dvt), {"nocturnal": True, "swollen": True})
    assert ids(result["do_not_miss"]) == ["dvt"]
    entry = result["do_not_miss"][0]
    assert entry["score"] == -3
    assert entry["red_flags"] == [SWOLLEN_FLAG["text"]]


def test_a_do_not_miss_cause_listed_for_a_red_flag_alone_is_not_most_likely():
    dvt = cause("dvt", "do_not_miss", weights=[{"finding": "nocturnal", "weight": -3}], red_flags=[SWOLLEN_FLAG])
    assert calculator.evaluate(synthetic(dvt), {"nocturnal": True, "swollen": True})["most_likely"] is None


def test_a_raised_red_flag_adds_a_note_naming_the_cause():
    dvt = cause("dvt", "do_not_miss", red_flags=[SWOLLEN_FLAG])
    notes = calculator.evaluate(synthetic(dvt), {"swollen": True})["notes"]
    assert "Red flag for Dvt: act on it whatever the ranking." in notes


def test_a_red_flag_answered_no_is_not_raised():
    dvt = cause("dvt", "do_not_miss", red_flags=[SWOLLEN_FLAG])
    assert calculator.evaluate(synthetic(dvt), {"swollen": False})["do_not_miss"] == []


def test_a_red_flag_on_a_number_is_raised_only_past_its_limit():
    flag = {"text": "Hyperkalaemia: check an ECG now.", "when": {"finding": "potassium", "at_least": 6}}
    renal = cause("renal", "do_not_miss", red_flags=[flag])
    assert calculator.evaluate(synthetic(renal), {"potassium": 5.9})["do_not_miss"] == []
    assert calculator.evaluate(synthetic(renal), {"potassium": 6})["do_not_miss"][0]["red_flags"] == [flag["text"]]


def test_a_red_flag_without_a_condition_is_never_raised():
    dvt = cause("dvt", "do_not_miss", red_flags=[{"text": "Think of DVT in a swollen leg."}])
    assert calculator.evaluate(synthetic(dvt), {"swollen": True, "nocturnal": True})["do_not_miss"] == []


def test_a_supported_do_not_miss_cause_without_a_raised_flag_has_empty_red_flags():
    dvt = cause("dvt", "do_not_miss", weights=[NIGHT], red_flags=[SWOLLEN_FLAG])
    entry = calculator.evaluate(synthetic(dvt), {"nocturnal": True})["do_not_miss"][0]
    assert entry["red_flags"] == []


def test_an_unsupported_do_not_miss_cause_without_a_raised_flag_is_not_listed():
    dvt = cause("dvt", "do_not_miss", weights=[NIGHT], red_flags=[SWOLLEN_FLAG])
    assert calculator.evaluate(synthetic(dvt), {"nocturnal": False, "swollen": False})["do_not_miss"] == []


def test_real_red_flags_are_reported_in_do_not_miss(evaluate, data):
    flagged = {
        cause["id"]
        for cause in data["causes"]
        if cause["tier"] == "do_not_miss"
        and any(flag.get("when") == {"finding": "rest_pain_or_tissue_loss"} for flag in cause["red_flags"])
    }
    assert flagged
    result = evaluate({"rest_pain_or_tissue_loss": True, "nocturnal": True})
    raised = {entry["id"] for entry in result["do_not_miss"] if entry["red_flags"]}
    assert flagged <= raised


# Reasons


def reasons_for(weight: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    result = calculator.evaluate(synthetic(cause("only", weights=[weight])), answers)
    return result["most_likely"]["reasons"]


def test_a_reason_names_the_finding_and_its_weight():
    assert reasons_for(NIGHT, {"nocturnal": True}) == ["Comes on at night (+2)"]


def test_a_reason_for_a_number_gives_the_value_its_unit_and_the_limit():
    weight = {"finding": "potassium", "below": 3.5, "weight": 3}
    assert reasons_for(weight, {"potassium": 3.1}) == ["Serum potassium 3.1 mmol/L (below 3.5) (+3)"]


def test_a_reason_for_a_ticked_choice_gives_its_label():
    weight = {"finding": "location", "includes": "calf", "weight": 1}
    assert reasons_for(weight, {"location": ["thigh", "calf"]}) == ["Where: Calf (+1)"]


def test_a_reason_for_a_single_choice_gives_its_label():
    weight = {"finding": "laterality", "equals": "unilateral", "weight": 2}
    assert reasons_for(weight, {"laterality": "unilateral"}) == ["Which legs: One leg (+2)"]


def test_a_reason_for_a_finding_answered_no_says_not():
    weight = {"finding": "exertional", "equals": False, "weight": 1}
    assert reasons_for(weight, {"exertional": False}) == ["Not: brought on by walking (+1)"]


def test_a_cause_may_word_its_own_reason():
    weight = {**NIGHT, "reason": "Night cramps are the classic story."}
    assert reasons_for(weight, {"nocturnal": True}) == ["Comes on at night: Night cramps are the classic story. (+2)"]


def test_findings_against_a_cause_are_not_given_as_reasons_for_it():
    weights = [{"finding": "nocturnal", "weight": 3}, {"finding": "exertional", "weight": -1}]
    entry = calculator.evaluate(synthetic(cause("c", weights=weights)), {"nocturnal": True, "exertional": True})
    assert entry["most_likely"]["reasons"] == ["Comes on at night (+3)"]


def test_a_finding_that_does_not_hold_gives_no_reason():
    weights = [NIGHT, {"finding": "potassium", "below": 3.5, "weight": 3}]
    entry = calculator.evaluate(synthetic(cause("c", weights=weights)), {"nocturnal": True, "potassium": 4.0})
    assert entry["most_likely"]["reasons"] == ["Comes on at night (+2)"]


BROAD_ANSWERS = [
    {"nocturnal": True, "age": 70},
    {"exertional": True, "relief_standing_still": True, "smoker": True, "diminished_pulses": True, "age": 66},
    {"urge_to_move": True, "nocturnal": True, "location": ["calf", "thigh"]},
    {"wells_entire_leg_swollen": True, "laterality": "unilateral", "location": ["calf"]},
    {"medications": ["diuretic", "statin"], "potassium": 3.1, "ckd_or_dialysis": True},
    {"back_pain": True, "numbness_tingling": True, "relief_sitting_or_flexion": True, "location": ["buttock"]},
]


@pytest.mark.parametrize("answers", BROAD_ANSWERS, ids=lambda answers: "+".join(answers))
def test_every_supported_cause_gives_at_least_one_reason(evaluate, answers):
    result = evaluate(answers)
    assert listed_entries(result)
    for entry in listed_entries(result):
        if entry["score"] > 0:
            assert entry["reasons"], entry["id"]


def test_a_cause_listed_for_a_red_flag_alone_still_gives_a_reason():
    result = calculator.evaluate(synthetic(cause("dvt", "do_not_miss", red_flags=[SWOLLEN_FLAG])), {"swollen": True})
    assert ids(result["do_not_miss"]) == ["dvt"]
    assert result["do_not_miss"][0]["reasons"]


# Context alone never names a cause

CONTEXT_FINDINGS = [
    {**finding, "context": True} if finding["id"] in ("location", "laterality") else finding for finding in FINDINGS
]


def with_context(*causes: dict[str, Any]) -> dict[str, Any]:
    return {**synthetic(*causes), "findings": CONTEXT_FINDINGS}


def test_context_alone_lists_no_cause_and_names_the_questions_that_would():
    night = cause("night", "most_likely", weights=[{"finding": "location", "includes": "calf", "weight": 3}, NIGHT])
    result = calculator.evaluate(with_context(night), {"location": ["calf"], "laterality": "bilateral"})
    assert result["most_likely"] is None
    assert listed_entries(result) == []
    assert "Questions that would separate the causes: Comes on at night." in result["notes"]


def test_context_still_orders_causes_once_a_real_finding_supports_them():
    calf = cause("calf", weights=[{"finding": "location", "includes": "calf", "weight": 3}, NIGHT])
    plain = cause("plain", weights=[{"finding": "nocturnal", "weight": 3}])
    result = calculator.evaluate(with_context(calf, plain), {"location": ["calf"], "nocturnal": True})
    assert result["most_likely"]["id"] == "calf"
    assert result["most_likely"]["score"] == 5


# Red flags from any cause

LOW_SODIUM_FLAG = {"text": "Profound hyponatraemia.", "when": {"finding": "potassium", "below": 2.5}}


@pytest.mark.parametrize("tier", ["most_likely", "other_likely", "rare"])
def test_a_red_flag_of_a_cause_of_any_tier_lists_it_in_do_not_miss(tier):
    labs = cause(
        "labs", tier, weights=[{"finding": "potassium", "below": 3.5, "weight": 3}], red_flags=[LOW_SODIUM_FLAG]
    )
    result = calculator.evaluate(synthetic(labs), {"potassium": 2.1})
    assert ids(result["do_not_miss"]) == ["labs"]
    assert result["do_not_miss"][0]["red_flags"] == [LOW_SODIUM_FLAG["text"]]


def test_a_red_flag_shows_once_with_its_cause_not_again_in_the_likely_lists():
    labs = cause("labs", weights=[{"finding": "potassium", "below": 3.5, "weight": 3}], red_flags=[LOW_SODIUM_FLAG])
    other = cause("other", weights=[{"finding": "potassium", "below": 3.5, "weight": 1}])
    result = calculator.evaluate(synthetic(labs, other), {"potassium": 2.1})
    assert result["most_likely"]["id"] == "labs"
    assert all("red_flags" not in entry for entry in result["other_likely"] + result["rare"])


def test_while_a_red_flag_is_raised_no_unflagged_benign_cause_is_named_most_likely():
    benign = cause("benign", "most_likely", weights=[{"finding": "nocturnal", "weight": 9}])
    danger = cause("danger", "do_not_miss", red_flags=[SWOLLEN_FLAG])
    result = calculator.evaluate(synthetic(benign, danger), {"nocturnal": True, "swollen": True})
    assert result["most_likely"] is None
    assert ids(result["do_not_miss"]) == ["danger"]
    assert any("red flag" in note and "leading cause does not explain" in note for note in result["notes"])


def test_a_red_flag_may_need_several_answers_together():
    flag = {"text": "Acute limb ischaemia.", "when": [{"finding": "swollen"}, {"finding": "exertional"}]}
    limb = cause("limb", "do_not_miss", red_flags=[flag])
    assert calculator.evaluate(synthetic(limb), {"swollen": True})["do_not_miss"] == []
    entry = calculator.evaluate(synthetic(limb), {"swollen": True, "exertional": True})["do_not_miss"][0]
    assert entry["red_flags"] == [flag["text"]]
    assert "Red flag: Swollen leg and Brought on by walking" in entry["reasons"]


# Findings the instruments work out


ABI_RESULT = {
    "id": "abi_result",
    "label": "Ankle-brachial index",
    "group": "g",
    "type": "multi_choice",
    "derived": "abi",
    "choices": [{"value": value, "label": value} for value in ("abnormal", "borderline", "normal", "noncompressible")],
}
PRESSURES = [
    {"id": key, "label": key, "group": "g", "type": "number", "unit": "mmHg", "minimum": 0, "maximum": 300}
    for key in ("abi_brachial_right", "abi_dp_right")
]


def test_an_instrument_result_counts_for_a_cause_with_its_numbers_in_the_reason():
    pad = cause(
        "pad",
        "do_not_miss",
        weights=[{"finding": "abi_result", "includes": "abnormal", "weight": 6, "reason": "Diagnostic of PAD."}],
    )
    data = {**synthetic(pad), "findings": [*FINDINGS, *PRESSURES, ABI_RESULT]}
    result = calculator.evaluate(data, {"abi_brachial_right": 140, "abi_dp_right": 98})
    assert result["most_likely"]["id"] == "pad"
    assert result["most_likely"]["reasons"] == ["ABI 0.70 (abnormal) in the right leg: Diagnostic of PAD. (+6)"]


def test_a_finding_the_calculator_works_out_is_refused_as_an_answer():
    data = {**synthetic(), "findings": [*FINDINGS, *PRESSURES, ABI_RESULT]}
    with pytest.raises(calculator.ValidationError, match="works this out"):
        calculator.evaluate(data, {"abi_result": ["abnormal"]})


def test_each_finding_is_also_given_apart_from_its_weight_so_a_page_never_mixes_them_in_one_line():
    against = {"finding": "exertional", "weight": -2}
    dvt = cause(
        "dvt", "do_not_miss", weights=[{**NIGHT, "reason": "Why it counts."}, against], red_flags=[SWOLLEN_FLAG]
    )
    entry = calculator.evaluate(synthetic(dvt), {"nocturnal": True, "exertional": True, "swollen": True})[
        "do_not_miss"
    ][0]
    assert entry["reasons_weighed"] == [
        {"finding": "Comes on at night", "why": "Why it counts.", "weight": NIGHT["weight"]}
    ]
    assert entry["against_weighed"] == [{"finding": "Brought on by walking", "weight": -2}]
    # The contract's lines are unchanged; the red flag's answers are given beside each flag, in the same order.
    assert entry["reasons"][0] == f"Comes on at night: Why it counts. ({NIGHT['weight']:+d})"
    assert entry["red_flags_raised_by"] == ["Swollen leg"] and len(entry["red_flags"]) == 1
