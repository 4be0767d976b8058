"""The public contract of ``calculator`` (DESIGN.md, "Calculator public contract"): names, error type, result shape."""

from __future__ import annotations

import json

import pytest

import calculator

RESULT_KEYS = {"most_likely", "other_likely", "do_not_miss", "rare", "instruments", "notes"}
ENTRY_KEYS = {"id", "name", "score", "reasons"}
# Answers that list causes in every tier the real content can reach, plus all four instruments.
BROAD_ANSWERS = {
    "age": 70,
    "nocturnal": True,
    "exertional": True,
    "location": ["calf", "thigh"],
    "diminished_pulses": True,
    "smoker": True,
    "rest_pain_or_tissue_loss": True,
    "medications": ["diuretic"],
    "popliteal_swelling": True,
    "abi_brachial_left": 140,
    "abi_dp_left": 110,
    "wells_entire_leg_swollen": True,
    "rls_urge_to_move": True,
    "ecq_pain_walking": True,
}


def all_entries(result):
    listed = [result["most_likely"]] if result["most_likely"] else []
    return listed + result["other_likely"] + result["do_not_miss"] + result["rare"]


def test_public_names_are_exactly_the_contract():
    assert calculator.__all__ == ["ValidationError", "__version__", "evaluate"]


def test_every_public_name_exists():
    for name in calculator.__all__:
        assert hasattr(calculator, name)


def test_version_is_a_string():
    assert isinstance(calculator.__version__, str) and calculator.__version__


def test_validation_error_is_a_value_error():
    assert issubclass(calculator.ValidationError, ValueError)


def test_validation_error_carries_the_finding_at_fault():
    error = calculator.ValidationError("age: 200 is out of range", "age")
    assert error.finding == "age"
    assert str(error) == "age: 200 is out of range"


def test_validation_error_finding_defaults_to_none():
    assert calculator.ValidationError("answers must be a mapping").finding is None


def test_evaluate_raises_validation_error_for_an_unknown_finding(evaluate):
    with pytest.raises(calculator.ValidationError):
        evaluate({"no_such_finding": True})


def test_result_has_exactly_the_contract_keys(evaluate):
    assert set(evaluate({"nocturnal": True, "age": 70})) == RESULT_KEYS


def test_result_of_no_answers_has_the_contract_keys(evaluate):
    result = evaluate({})
    assert set(result) == RESULT_KEYS
    assert result["most_likely"] is None
    assert result["other_likely"] == result["do_not_miss"] == result["rare"] == []
    assert result["instruments"] == {}


def test_list_keys_hold_lists_and_notes_are_strings(evaluate):
    result = evaluate(BROAD_ANSWERS)
    for key in ("other_likely", "do_not_miss", "rare"):
        assert isinstance(result[key], list)
    assert result["notes"] and all(isinstance(note, str) for note in result["notes"])


def test_every_entry_has_id_name_score_and_reasons(evaluate):
    entries = all_entries(evaluate(BROAD_ANSWERS))
    assert entries
    for entry in entries:
        assert set(entry) >= ENTRY_KEYS
        assert isinstance(entry["id"], str) and isinstance(entry["name"], str)
        assert isinstance(entry["score"], int) and not isinstance(entry["score"], bool)
        assert all(isinstance(reason, str) for reason in entry["reasons"])


def test_do_not_miss_entries_carry_their_red_flags(evaluate):
    result = evaluate(BROAD_ANSWERS)
    assert result["do_not_miss"]
    for entry in result["do_not_miss"]:
        assert isinstance(entry["red_flags"], list)
        assert all(isinstance(flag, str) for flag in entry["red_flags"])


def test_other_likely_and_rare_entries_carry_no_red_flags(evaluate):
    result = evaluate(BROAD_ANSWERS)
    others = result["other_likely"] + result["rare"]
    assert result["other_likely"] and result["rare"]
    for entry in others:
        assert "red_flags" not in entry


def test_most_likely_is_one_entry_not_a_list(evaluate):
    assert isinstance(evaluate({"nocturnal": True})["most_likely"], dict)


def test_instruments_are_keyed_by_their_contract_names(evaluate):
    instruments = evaluate(BROAD_ANSWERS)["instruments"]
    assert set(instruments) == {"abi", "wells_dvt", "rls_irlssg", "edinburgh_claudication"}


def test_result_serialises_to_json_with_sorted_keys(evaluate):
    result = evaluate(BROAD_ANSWERS)
    text = json.dumps(result, sort_keys=True)
    assert json.loads(text) == result


def test_evaluate_accepts_the_data_after_a_json_round_trip(data):
    """The browser gets the data as JSON; the result must not depend on Python-only types in it."""
    reloaded = json.loads(json.dumps(data))
    assert calculator.evaluate(reloaded, BROAD_ANSWERS) == calculator.evaluate(data, BROAD_ANSWERS)


def test_evaluate_does_not_change_the_answers_it_is_given(evaluate):
    answers = {"location": ["thigh", "calf"], "age": 70}
    evaluate(answers)
    assert answers == {"location": ["thigh", "calf"], "age": 70}
