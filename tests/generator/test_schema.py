"""JSON Schema checks: one registry resolves every ``$ref``, and JSON types are worded once for editors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.schema import SCHEMA_DIR, TYPE_WORDS, read_schemas, resolve_ref, schema_registry
from generator.schema_reference import build_schema_reference


@pytest.fixture(scope="module")
def registry():
    return schema_registry(read_schemas(SCHEMA_DIR))


def test_schemas_are_read_by_file_name(tmp_path: Path) -> None:
    (tmp_path / "a.schema.json").write_text('{"type": "string"}', encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    assert read_schemas(tmp_path) == {"a.schema.json": {"type": "string"}}


def test_a_reference_to_another_file_resolves_there(registry) -> None:
    target, file = resolve_ref(registry, "common.schema.json#/$defs/condition", "cause.schema.json")
    assert file == "common.schema.json"
    assert target["title"] == "Condition"


def test_a_bare_pointer_resolves_in_the_file_it_is_read_in(registry) -> None:
    target, file = resolve_ref(registry, "#/$defs/text", "common.schema.json")
    assert file == "common.schema.json"
    assert target == read_schemas(SCHEMA_DIR)["common.schema.json"]["$defs"]["text"]


def test_a_reference_to_nothing_resolves_to_none(registry) -> None:
    assert resolve_ref(registry, "#/$defs/no_such_block", "cause.schema.json") is None
    assert resolve_ref(registry, "missing.schema.json#/a", "cause.schema.json") is None


def test_every_json_type_has_a_noun_and_what_a_problem_expects() -> None:
    assert set(TYPE_WORDS) == {"object", "array", "string", "integer", "number", "boolean", "null"}
    assert TYPE_WORDS["integer"].noun == "whole number"
    assert TYPE_WORDS["integer"].expected == "a whole number"


def test_the_content_reference_words_types_with_the_same_table() -> None:
    reference = build_schema_reference(SCHEMA_DIR)
    types = {row.type for kind in reference.kinds for row in kind.fields}
    assert TYPE_WORDS["integer"].noun in types
    assert TYPE_WORDS["boolean"].noun in types
