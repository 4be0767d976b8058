"""The editors' content reference comes from the JSON Schemas: every field of every schema, nothing kept by hand."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.content import load_content
from generator.kinds import KINDS
from generator.render import render_site, site_nav
from generator.richtext import escape_markdown
from generator.schema import SCHEMA_DIR, validator_for
from generator.schema_reference import build_schema_reference, minimal_examples
from tests.conftest import FIXTURE_CONTENT, REPO_ROOT


def property_names(schema: Any) -> Iterator[str]:
    """Every key any ``properties`` mapping of a schema declares, however deep."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                yield from value
            yield from property_names(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from property_names(item)


def reference_page(content_dir: Path, root: Path) -> str:
    pages = render_site(load_content(content_dir, root), today=date(2026, 11, 21))
    return next(page.markdown for page in pages if page.path == "editors/content-reference.md")


@pytest.fixture(scope="module")
def reference():
    return build_schema_reference(SCHEMA_DIR)


def test_every_kind_has_a_section_with_its_file_location(reference):
    assert [kind.name for kind in reference.kinds] == [kind.name for kind in KINDS]
    by_name = {kind.name: kind for kind in reference.kinds}
    assert by_name["cause"].location == "content/causes/*.yaml" and by_name["cause"].many
    assert by_name["references"].location == "content/references.yaml"


def test_every_field_of_every_schema_is_listed(reference):
    listed = {field.path.rsplit(".", 1)[-1] for kind in reference.kinds for field in kind.fields}
    listed |= {field.path for block in reference.shared for field in block.fields}
    for path in SCHEMA_DIR.glob("*.schema.json"):
        missing = set(property_names(json.loads(path.read_text(encoding="utf-8")))) - listed
        assert not missing, f"{path.name}: {sorted(missing)}"


def test_fields_show_type_requirement_allowed_values_hint_and_example(reference):
    cause = {field.path: field for field in next(k for k in reference.kinds if k.name == "cause").fields}
    assert cause["tier"].allowed == ("most_likely", "other_likely", "do_not_miss", "rare")
    assert cause["tier"].required == "required"
    assert cause["red_flags"].required == "required when tier is do_not_miss"
    assert cause["aliases"].required == "optional"
    assert (cause["summary"].type, cause["summary"].shared) == ("Text", "text")
    assert cause["findings[].weight"].hint == "from -10 to 10; not 0"
    assert cause["findings[].weight"].example == "3"
    assert cause["findings[].finding"].hint == "a finding id from content/findings.yaml"  # merged from allOf $ref
    references = {field.path: field for field in reference.kinds[0].fields}
    assert references["references[].doi"].required == "at least one of: doi, pmid, url, journal + volume + pages"
    shared = {block.name: block for block in reference.shared}
    review = {field.path: field for field in shared["review"].fields}
    assert review["status"].allowed == ("draft", "in_review", "approved")
    assert "Defaults to one year after last_reviewed" in review["next_review_due"].description
    assert shared["date"].hint == "a date written YYYY-MM-DD"


@pytest.mark.parametrize("kind", [kind.name for kind in KINDS])
def test_each_kinds_minimal_example_is_valid_against_its_schema(kind):
    schema = next(k.schema for k in KINDS if k.name == kind)
    example = minimal_examples(SCHEMA_DIR)[kind]
    errors = [error.message for error in validator_for(SCHEMA_DIR, schema).iter_errors(example)]
    assert errors == []


def test_the_page_shows_every_field_row_and_the_examples():
    page = reference_page(FIXTURE_CONTENT, REPO_ROOT)
    reference = build_schema_reference(SCHEMA_DIR, "tests/fixtures/content")
    for kind in reference.kinds:
        assert f"## {kind.title} {{ #{kind.anchor} }}" in page
        for field in kind.fields:
            assert f"| <code>{escape_markdown(field.path)}</code> |" in page, field.path
    for block in reference.shared:
        assert f"### {block.title} {{ #{block.anchor} }}" in page
    assert (
        "    # yaml-language-server: $schema=../../../../generator/schemas/cause.schema.json\n"
        "    id: peripheral-artery-disease\n"
    ) in page
    assert "<code>generator/schemas/cause.schema.json</code>" in page
    assert "content/schema" not in page
    assert "| <code>tier</code> | choice | required | <code>most\\_likely</code>, <code>other\\_likely</code>" in page


def test_a_field_added_to_a_schema_shows_up_on_the_page(content_copy, tmp_path, monkeypatch):
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMA_DIR, schemas)
    monkeypatch.setattr("generator.schema.SCHEMA_DIR", schemas)
    schema_path = schemas / "cause.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["onset"] = {
        "enum": ["sudden", "gradual"],
        "description": "How the symptoms begin.",
        "examples": ["sudden"],
    }
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    page = reference_page(content_copy, content_copy.parent)
    assert (
        "| <code>onset</code> | choice | optional | <code>sudden</code>, <code>gradual</code> | "
        "How the symptoms begin. | <code>sudden</code> |"
    ) in page
    assert "content/causes/\\*.yaml" in page  # locations are named as an editor finds them


def test_the_editor_pages_are_in_the_navigation():
    content = load_content(FIXTURE_CONTENT, REPO_ROOT)
    nav = site_nav(content, render_site(content, today=date(2026, 11, 21)))
    assert nav[-1] == {
        "Editors": [
            {"Content reference": "editors/content-reference.md"},
            {"Review status": "editors/review-status.md"},
        ]
    }
