"""The registry of content kinds: every kind is declared once, and every stage reads that one declaration."""

from __future__ import annotations

import re
from typing import Any

import pytest

from generator.content import load_content
from generator.kinds import KIND_BY_NAME, KINDS, TOPIC_KINDS, ContentKind
from generator.model import TopicPage
from generator.navigation import site_nav
from generator.render import TEMPLATE_DIR
from generator.schema import SCHEMA_DIR, read_schemas, resolve_ref, schema_registry
from tests.conftest import FIXTURE_CONTENT, REPO_ROOT
from tests.generator.golden import render_fixture

SCHEMAS = read_schemas(SCHEMA_DIR)
REGISTRY = schema_registry(SCHEMAS)
PAGES = {page.path: page for page in render_fixture()}
PAGED_KINDS = [kind for kind in KINDS if kind.page is not None]


def test_kind_names_are_unique_and_each_is_found_by_name() -> None:
    assert len(KIND_BY_NAME) == len(KINDS)
    assert all(KIND_BY_NAME[kind.name] is kind for kind in KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_kind_has_its_schema_file(kind: ContentKind) -> None:
    assert kind.schema in SCHEMAS


@pytest.mark.parametrize("kind", PAGED_KINDS, ids=lambda kind: kind.name)
def test_every_kind_with_a_page_has_its_template(kind: ContentKind) -> None:
    assert kind.template is not None
    assert (TEMPLATE_DIR / kind.template).is_file()


@pytest.mark.parametrize("kind", PAGED_KINDS, ids=lambda kind: kind.name)
def test_a_page_path_names_one_page_per_document(kind: ContentKind) -> None:
    assert kind.page.endswith(".md")
    assert ("{id}" in kind.page) == kind.many


def test_a_kind_without_a_page_says_so() -> None:
    with pytest.raises(ValueError, match="findings"):
        KIND_BY_NAME["findings"].page_path()


@pytest.mark.parametrize("kind", TOPIC_KINDS, ids=lambda kind: kind.name)
def test_every_topic_is_one_page_built_as_a_topic_page(kind: ContentKind) -> None:
    assert not kind.many
    assert kind.page is not None and kind.template is not None
    assert isinstance(kind.model.__self__, type) and issubclass(kind.model.__self__, TopicPage)


@pytest.mark.parametrize("kind", TOPIC_KINDS, ids=lambda kind: kind.name)
def test_every_topic_is_rendered_at_its_page_path(kind: ContentKind) -> None:
    assert kind.page_path() in PAGES


def test_the_home_page_lists_every_topic_in_registry_order() -> None:
    home = PAGES[KIND_BY_NAME["site"].page_path()].markdown
    listed = re.findall(r"^- \[([^\]]+)\]\(([^)]+)\): ", home, flags=re.MULTILINE)
    assert listed == [(kind.topic.link_text, kind.page_path()) for kind in TOPIC_KINDS]


def test_the_navigation_lists_every_topic_after_the_causes_in_registry_order() -> None:
    content = load_content(FIXTURE_CONTENT, REPO_ROOT)
    nav = site_nav(content, list(PAGES.values()))
    topics = [next(iter(entry.values())) for entry in nav[3 : 3 + len(TOPIC_KINDS)]]
    assert topics == [kind.page_path() for kind in TOPIC_KINDS]


def test_the_model_has_a_topic_for_every_topic_kind() -> None:
    content = load_content(FIXTURE_CONTENT, REPO_ROOT)
    assert list(content.topics) == [kind.name for kind in TOPIC_KINDS]


def _schema_at(schema: dict[str, Any], file: str, path: tuple[str, ...]) -> dict[str, Any] | None:
    """The schema of the value at ``path`` ("*": every list item), following ``$ref`` and ``allOf``."""
    while "$ref" in schema:
        found = resolve_ref(REGISTRY, schema["$ref"], file)
        if found is None:
            return None
        schema, file = found
    if not path:
        return schema
    head, rest = path[0], path[1:]
    if head == "*":
        return _schema_at(schema["items"], file, rest) if "items" in schema else None
    for part in [schema, *schema.get("allOf", [])]:
        if head in part.get("properties", {}):
            return _schema_at(part["properties"][head], file, rest)
    return None


@pytest.mark.parametrize(
    ("kind", "cited"),
    [(kind, cited) for kind in KINDS for cited in kind.cited],
    ids=lambda value: value.name if isinstance(value, ContentKind) else ".".join(value),
)
def test_every_cited_field_is_a_field_of_its_kind(kind: ContentKind, cited: tuple[str, ...]) -> None:
    assert _schema_at(SCHEMAS[kind.schema], kind.schema, cited) is not None
