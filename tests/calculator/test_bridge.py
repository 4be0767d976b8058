"""calculator.bridge: JSON text in, the result JSON or one validation error out, the same for every caller."""

from __future__ import annotations

import json

import pytest

import calculator
from calculator import bridge

ANSWERS = {"nocturnal": True, "age": 70}
UNREADABLE = {
    "not-json": "not json",
    "truncated": '{"age": 70',
    "nested-5000-deep": "[" * 5000 + "]" * 5000,
    "5000-digit-integer": '{"age": ' + "9" * 5000 + "}",
}


def test_evaluate_json_is_the_contract_result_serialised_with_sorted_keys(data):
    text = bridge.evaluate_json(data, json.dumps(ANSWERS))
    assert text == json.dumps(calculator.evaluate(data, ANSWERS), sort_keys=True, ensure_ascii=False)


def test_a_reply_to_usable_answers_is_r_and_the_result_json(data):
    assert bridge.reply(data, json.dumps(ANSWERS)) == bridge.RESULT + bridge.evaluate_json(data, json.dumps(ANSWERS))


def test_a_reply_to_answers_out_of_range_is_e_with_the_message_and_the_finding(data):
    with pytest.raises(calculator.ValidationError) as expected:
        calculator.evaluate(data, {"age": 200})
    reply = bridge.reply(data, '{"age": 200}')
    assert reply[0] == bridge.ERROR
    assert json.loads(reply[1:]) == {"message": str(expected.value), "finding": "age"}


@pytest.mark.parametrize("text", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_unreadable_answers_are_a_validation_error_naming_no_finding(text, data):
    with pytest.raises(calculator.ValidationError) as raised:
        bridge.evaluate_json(data, text)
    assert raised.value.finding is None
    assert str(raised.value).startswith("answers are not valid JSON")
    problem = json.loads(bridge.reply(data, text)[1:])
    assert problem == {"message": str(raised.value), "finding": None}


def test_a_session_parses_the_data_once_and_replies_as_the_function_does(data):
    session = bridge.Session(json.dumps(data))
    for text in (json.dumps(ANSWERS), '{"age": 200}', "not json"):
        assert session.reply(text) == bridge.reply(data, text)
