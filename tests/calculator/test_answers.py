"""Answers are checked against the findings vocabulary: every bad answer is a ValidationError naming its finding."""

from __future__ import annotations

import math

import pytest

from calculator import ValidationError

AGE_RANGE = "0 to 120 years"
ANKLE_PRESSURE_RANGE = "0 to 300 mmHg"
PRESSURE_RANGE = "1 to 300 mmHg"


def rejection(evaluate, answers) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        evaluate(answers)
    return caught.value


def assert_rejected(evaluate, answers, finding: str, *mentions: str) -> None:
    error = rejection(evaluate, answers)
    assert error.finding == finding
    message = str(error)
    assert finding in message
    for text in mentions:
        assert text in message


# Unknown findings


def test_an_unknown_finding_id_is_rejected_by_name(evaluate):
    assert_rejected(evaluate, {"nocturnal": True, "leg_cramp_colour": "blue"}, "leg_cramp_colour")


def test_a_finding_id_is_case_sensitive(evaluate):
    assert_rejected(evaluate, {"Age": 70}, "Age")


def test_a_key_that_is_not_a_string_is_an_unknown_finding(evaluate):
    assert_rejected(evaluate, {7: True}, "7")


# Wrong types


@pytest.mark.parametrize(
    ("finding", "value"),
    [
        ("nocturnal", "yes"),
        ("nocturnal", "true"),
        ("nocturnal", 1),
        ("nocturnal", 0),
        ("nocturnal", []),
        ("wells_active_cancer", {"value": True}),
    ],
    ids=["string-yes", "string-true", "one", "zero", "list", "object"],
)
def test_a_yes_no_finding_takes_only_true_or_false(evaluate, finding, value):
    assert_rejected(evaluate, {finding: value}, finding, "true or false")


@pytest.mark.parametrize("value", [True, False], ids=["true", "false"])
def test_a_boolean_is_not_a_number(evaluate, value):
    assert_rejected(evaluate, {"age": value}, "age", AGE_RANGE)


@pytest.mark.parametrize("value", ["70", [70], {"years": 70}], ids=["string", "list", "object"])
def test_a_number_finding_takes_only_a_number(evaluate, value):
    assert_rejected(evaluate, {"age": value}, "age", AGE_RANGE)


@pytest.mark.parametrize("value", [1, True, ["unilateral"]], ids=["number", "boolean", "list"])
def test_a_choice_finding_takes_only_one_of_its_values(evaluate, value):
    assert_rejected(evaluate, {"laterality": value}, "laterality", "unilateral", "bilateral")


def test_a_choice_outside_the_list_is_rejected(evaluate):
    assert_rejected(evaluate, {"laterality": "both"}, "laterality", "'both'", "unilateral, bilateral")


def test_a_choice_label_is_not_a_choice_value(evaluate):
    assert_rejected(evaluate, {"laterality": "One leg"}, "laterality")


@pytest.mark.parametrize("value", ["calf", True, 3], ids=["string", "boolean", "number"])
def test_a_multi_choice_finding_takes_only_a_list(evaluate, value):
    assert_rejected(evaluate, {"location": value}, "location", "expected a list")


def test_a_multi_choice_item_outside_the_list_is_rejected(evaluate):
    assert_rejected(evaluate, {"location": ["calf", "knee"]}, "location", "'knee'")


def test_a_multi_choice_item_that_is_not_a_string_is_rejected(evaluate):
    assert_rejected(evaluate, {"medications": ["statin", 1]}, "medications")


def test_a_repeated_multi_choice_item_is_rejected(evaluate):
    assert_rejected(evaluate, {"location": ["calf", "foot", "calf"]}, "location", "repeat")


# Numbers out of range


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "minus-inf"])
def test_a_number_that_is_not_finite_is_rejected(evaluate, value):
    assert_rejected(evaluate, {"age": value}, "age", AGE_RANGE)


@pytest.mark.parametrize("value", [math.nan, math.inf], ids=["nan", "inf"])
def test_a_lab_value_that_is_not_finite_is_rejected(evaluate, value):
    assert_rejected(evaluate, {"potassium": value}, "potassium", "1 to 10 mmol/L")


@pytest.mark.parametrize("value", [200, -1, 120.5, -0.5], ids=["200", "minus-1", "120.5", "minus-0.5"])
def test_an_age_outside_0_to_120_is_rejected_with_the_range(evaluate, value):
    assert_rejected(evaluate, {"age": value}, "age", "out of range", AGE_RANGE)


@pytest.mark.parametrize("value", [0, 120, 70.5], ids=["0", "120", "70.5"])
def test_an_age_within_0_to_120_is_accepted(evaluate, value):
    evaluate({"age": value})


@pytest.mark.parametrize("value", [0, -5, 301, 300.5], ids=["0", "negative", "301", "just-above-300"])
def test_an_arm_pressure_outside_1_to_300_is_rejected_with_the_range(evaluate, value):
    assert_rejected(evaluate, {"abi_brachial_left": value}, "abi_brachial_left", "out of range", PRESSURE_RANGE)


@pytest.mark.parametrize("value", [-5, 301, 300.5], ids=["negative", "301", "just-above-300"])
def test_an_ankle_pressure_outside_0_to_300_is_rejected_with_the_range(evaluate, value):
    assert_rejected(evaluate, {"abi_dp_left": value}, "abi_dp_left", "out of range", ANKLE_PRESSURE_RANGE)


@pytest.mark.parametrize("value", [1, 300, 120.5], ids=["1", "300", "fraction"])
def test_an_arm_pressure_within_1_to_300_is_accepted(evaluate, value):
    evaluate({"abi_brachial_right": value})


def test_an_ankle_pressure_of_0_is_accepted_as_no_doppler_signal(evaluate):
    evaluate({"abi_pt_right": 0})


@pytest.mark.parametrize("derived", ["abi_result", "wells_dvt_result", "rls_criteria_result", "edinburgh_result"])
def test_a_finding_the_calculator_works_out_cannot_be_answered(evaluate, derived):
    assert_rejected(evaluate, {derived: "met"}, derived, "works this out")


def test_an_integer_too_large_for_a_float_is_out_of_range(evaluate):
    assert_rejected(evaluate, {"age": 10**400}, "age", "out of range", AGE_RANGE)


def test_an_integer_too_long_to_print_is_still_a_validation_error(evaluate):
    # Python refuses to turn an int of more than 4,300 digits into text; the message must not depend on that.
    assert_rejected(evaluate, {"sodium": 10**5000}, "sodium", "100 to 180 mmol/L")


def test_a_wrong_type_holding_an_integer_too_long_to_print_is_still_a_validation_error(evaluate):
    assert_rejected(evaluate, {"nocturnal": [10**5000]}, "nocturnal")


# Answers that are not a mapping


@pytest.mark.parametrize("answers", [["nocturnal"], "nocturnal", None, 70], ids=["list", "string", "none", "number"])
def test_answers_that_are_not_a_mapping_are_rejected_as_a_whole(evaluate, answers):
    error = rejection(evaluate, answers)
    assert error.finding is None
    assert "answers must be a mapping" in str(error)


# Unanswered and normalised answers


def test_none_means_unanswered(evaluate):
    assert evaluate({"age": None, "nocturnal": None, "location": None}) == evaluate({})


def test_none_beside_other_answers_changes_nothing(evaluate):
    assert evaluate({"nocturnal": True, "age": None}) == evaluate({"nocturnal": True})


def test_an_instrument_input_given_as_none_does_not_start_the_instrument(evaluate):
    assert evaluate({"abi_brachial_left": None, "rls_urge_to_move": None})["instruments"] == {}


def test_an_unknown_finding_is_rejected_even_when_its_value_is_none(evaluate):
    assert_rejected(evaluate, {"leg_cramp_colour": None}, "leg_cramp_colour")


def test_the_order_of_multi_choice_items_does_not_matter(evaluate):
    assert evaluate({"location": ["thigh", "calf"]}) == evaluate({"location": ["calf", "thigh"]})


def test_an_empty_multi_choice_list_is_an_answer_with_nothing_ticked(evaluate):
    assert evaluate({"location": []})["most_likely"] is None


def test_the_first_bad_answer_in_finding_id_order_is_reported(evaluate):
    assert_rejected(evaluate, {"nocturnal": "yes", "age": 200}, "age")


def test_a_key_that_is_an_integer_too_long_to_print_is_an_unknown_finding(evaluate):
    error = rejection(evaluate, {10**5000: True, "age": 70})
    assert error.finding == "a value too large to show"
