"""The content schemas spell the vocabularies the code owns exactly as their owners do: the calculator's conditions
(calculator/conditions.py) and the review statuses (generator/model.py)."""

from __future__ import annotations

import json
from dataclasses import fields

from calculator.conditions import COMPARISON_KEYS, COMPARISON_SYMBOLS, COMPARISON_WORDS, NUMERIC_COMPARISONS
from generator.model import CONDITION_KEYS, HELP_LEVELS, REVIEW_STATUS_LABELS, Condition
from generator.schema import SCHEMA_DIR


def condition_schema() -> dict:
    common = json.loads((SCHEMA_DIR / "common.schema.json").read_text(encoding="utf-8"))
    return common["$defs"]["condition"]


def test_the_schema_condition_has_the_finding_and_exactly_the_calculators_comparisons() -> None:
    assert set(condition_schema()["properties"]) == {"finding", *COMPARISON_KEYS}


def test_the_numeric_comparisons_take_numbers_in_the_schema() -> None:
    properties = condition_schema()["properties"]
    assert {key for key in COMPARISON_KEYS if properties[key].get("type") == "number"} == set(NUMERIC_COMPARISONS)


def test_every_comparison_has_a_symbol_and_every_numeric_one_its_words() -> None:
    assert tuple(COMPARISON_SYMBOLS) == COMPARISON_KEYS
    assert tuple(COMPARISON_WORDS) == NUMERIC_COMPARISONS


def test_the_model_condition_has_a_field_for_the_finding_and_each_comparison() -> None:
    assert tuple(field.name for field in fields(Condition)) == CONDITION_KEYS == ("finding", *COMPARISON_KEYS)


def test_the_schema_review_statuses_are_the_models_in_the_same_order() -> None:
    common = json.loads((SCHEMA_DIR / "common.schema.json").read_text(encoding="utf-8"))
    review = common["$defs"]["review"]["properties"]["status"]
    assert review["enum"] == list(REVIEW_STATUS_LABELS)


def test_the_schema_help_levels_are_the_models_most_urgent_first() -> None:
    common = json.loads((SCHEMA_DIR / "common.schema.json").read_text(encoding="utf-8"))
    site = json.loads((SCHEMA_DIR / "site.schema.json").read_text(encoding="utf-8"))
    assert common["$defs"]["help_level"]["enum"] == list(HELP_LEVELS)
    assert list(site["properties"]["help_levels"]["properties"]) == list(HELP_LEVELS)
    assert site["properties"]["help_levels"]["required"] == list(HELP_LEVELS)
