"""The editors' content reference, read from the JSON Schemas in ``generator/schemas`` at build time.

The schemas stay the one truth of the content format: this module only walks them (resolving ``$ref`` between
files, merging ``allOf``, reading ``if``/``then`` and ``anyOf`` requirements) into rows an editor can scan, and
builds a minimal example document for each kind from the schemas' ``examples``, enums and constants.
Building blocks shared through ``common.schema.json#/$defs`` are described once and linked from every use.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from generator.kinds import KINDS, ContentKind
from generator.load import RESOLVERS_WITHOUT_DATES
from generator.schema import SCHEMA_DIR_IN_REPOSITORY, TYPE_WORDS, read_schemas, resolve_ref, schema_registry

COMMON = "common.schema.json"
Schema = dict[str, Any]


@dataclass(frozen=True)
class FieldDoc:
    """One key of a content file: where it sits, what it holds, whether it must be there."""

    path: str  # e.g. "review", "red_flags[].text"
    type: str
    required: str  # "required", "optional", or the condition that makes it required
    allowed: tuple[str, ...] = ()
    hint: str | None = None  # the schema's x-hint, else its pattern and limits in words
    description: str | None = None
    example: str | None = None  # inline YAML
    shared: str | None = None  # anchor of the shared building block this field is


@dataclass(frozen=True)
class KindDoc:
    """One kind of content file (see :mod:`generator.kinds`) as the reference page shows it."""

    name: str
    title: str
    description: str | None
    location: str
    many: bool
    schema: str
    fields: tuple[FieldDoc, ...]
    example: str  # a minimal YAML document made from the schema's examples

    @property
    def anchor(self) -> str:
        return self.name.replace("_", "-")


@dataclass(frozen=True)
class SharedDoc:
    """A building block from ``common.schema.json#/$defs``, described once and linked from each use."""

    name: str
    title: str
    type: str
    description: str | None
    hint: str | None
    allowed: tuple[str, ...]
    example: str | None
    fields: tuple[FieldDoc, ...]

    @property
    def anchor(self) -> str:
        return "shared-" + self.name.replace("_", "-")


@dataclass(frozen=True)
class SchemaReference:
    kinds: tuple[KindDoc, ...]
    shared: tuple[SharedDoc, ...]
    schema_dir: str  # as an editor finds it in the repository: generator/schemas


class _ExampleDumper(yaml.SafeDumper):
    """Dumps dates unquoted, as editors write them (the content loader reads them as text)."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, Any]]]] = RESOLVERS_WITHOUT_DATES


def _yaml(value: Any, flow: bool) -> str:
    text = yaml.dump(
        value, Dumper=_ExampleDumper, default_flow_style=flow, sort_keys=False, allow_unicode=True, width=10_000
    )
    return text.removesuffix("...\n").strip() if flow else text


class _Schemas:
    """The schema files of one directory, read afresh (a schema edit shows on the next build), with ``$ref``
    resolved through the same registry as validation (:func:`generator.schema.resolve_ref`)."""

    def __init__(self, schema_dir: Path) -> None:
        self.files: dict[str, Schema] = read_schemas(schema_dir)
        self.registry = schema_registry(self.files)
        self.used_shared: list[str] = []

    def resolve(self, schema: Schema, base: str) -> tuple[Schema, str, str | None]:
        """Follow ``$ref``; return the target, its file and, for a ``common.schema.json`` definition, its name."""
        ref = schema.get("$ref")
        if not ref:
            return schema, base, None
        file, _, pointer = ref.partition("#")
        found = resolve_ref(self.registry, ref, base)
        target, file = found if found is not None and isinstance(found[0], dict) else ({}, file or base)
        parts = [part for part in pointer.split("/") if part]
        shared = parts[1] if file == COMMON and len(parts) == 2 and parts[0] == "$defs" else None
        if shared is None and "$ref" in target:  # a local alias of a shared definition
            return self.resolve(target, file)
        return target, file, shared

    def chain(self, schema: Schema, base: str) -> list[tuple[Schema, str]]:
        """``schema`` and each schema its ``$ref`` leads to, nearest first."""
        out = [(schema, base)]
        seen = 0
        while "$ref" in out[-1][0] and seen < 10:
            target, file, _ = self.resolve({"$ref": out[-1][0]["$ref"]}, out[-1][1])
            out.append((target, file))
            seen += 1
        return out

    def first(self, schema: Schema, base: str, key: str) -> Any:
        """The nearest value of ``key`` along the ``$ref`` chain (a use's description overrides its definition's)."""
        for part, _ in self.chain(schema, base):
            if key in part:
                return part[key]
        return None

    def merged_object(self, schema: Schema, base: str) -> tuple[dict[str, tuple[Schema, str]], list[str], Schema]:
        """Properties (with their files) and required keys of an object schema, with its ``allOf`` parts merged."""
        target, file = schema, base
        if "$ref" in schema and "properties" not in schema:
            target, file, _ = self.resolve(schema, base)
        properties = {key: (value, file) for key, value in target.get("properties", {}).items()}
        required = list(target.get("required", []))
        for part in target.get("allOf", []):
            sub_properties, sub_required, _ = self.merged_object(part, file)
            properties = {**sub_properties, **properties}
            required += [key for key in sub_required if key not in required]
        return properties, required, target


def _conditions(schema: Schema) -> dict[str, str]:
    """Keys made required by ``if``/``then`` (directly or inside ``allOf``), with the condition in words."""
    out: dict[str, str] = {}
    for part in [schema, *schema.get("allOf", [])]:
        condition = part.get("if", {}).get("properties", {})
        then = part.get("then", {}).get("required", [])
        words = []
        for key, test in condition.items():
            if "const" in test:
                words.append(f"{key} is {test['const']}")
            elif "enum" in test:
                words.append(f"{key} is {' or '.join(str(v) for v in test['enum'])}")
        for key in then:
            out[key] = "required when " + " and ".join(words) if words else "required in some cases"
    return out


def _alternatives(schema: Schema) -> dict[str, str]:
    """Keys of an ``anyOf`` of required sets ("at least one of ..."), each with the rule in words."""
    options = schema.get("anyOf", [])
    if not options or not all(set(option) == {"required"} for option in options):
        return {}
    rule = "at least one of: " + ", ".join(" + ".join(option["required"]) for option in options)
    return {key: rule for option in options for key in option["required"]}


def _limits(schema: Schema) -> list[str]:
    words = []
    low, high = schema.get("minItems"), schema.get("maxItems")
    if low is not None and high is not None:
        words.append(f"exactly {low} items" if low == high else f"{low} to {high} items")
    elif low is not None and low > 0:
        words.append(f"at least {low} item{'s' if low > 1 else ''}")
    elif high is not None:
        words.append(f"at most {high} items")
    if schema.get("uniqueItems"):
        words.append("each listed once")
    low, high = schema.get("minLength"), schema.get("maxLength")
    if low is not None and high is not None:
        words.append(f"{low} to {high} characters")
    elif high is not None:
        words.append(f"at most {high} characters")
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        words.append(f"from {low} to {high}")
    elif low is not None:
        words.append(f"at least {low}")
    if "exclusiveMinimum" in schema:
        words.append(f"more than {schema['exclusiveMinimum']}")
    if schema.get("not", {}).get("const") is not None:
        words.append(f"not {schema['not']['const']}")
    return words


class _Walker:
    """Turns schemas into :class:`FieldDoc` rows and minimal examples."""

    def __init__(self, schemas: _Schemas) -> None:
        self.schemas = schemas

    def hint(self, schema: Schema, base: str) -> str | None:
        words = []
        x_hint = self.schemas.first(schema, base, "x-hint")
        pattern = self.schemas.first(schema, base, "pattern")
        if x_hint:
            words.append(x_hint)
        elif pattern:
            words.append(f"must match {pattern}")
        target, _, _ = self.schemas.resolve(schema, base)
        words += _limits(schema) or _limits(target)
        return "; ".join(words) or None

    def allowed(self, schema: Schema, base: str) -> tuple[str, ...]:
        enum = self.schemas.first(schema, base, "enum")
        if enum is not None:
            return tuple(str(value) for value in enum)
        if "const" in schema:
            return (str(schema["const"]),)
        return ()

    def type_of(self, schema: Schema, base: str) -> tuple[str, str | None]:
        """The type in words and, when it is a shared building block, that block's name."""
        target, file, shared = self.schemas.resolve(schema, base)
        if shared is not None:
            self.note_shared(shared)
            return target.get("title", shared), shared
        if "enum" in target:
            return "choice", None
        if "const" in target:
            return "fixed value", None
        kind = target.get("type")
        if kind == "array" or (kind is None and "items" in target):
            item_type, item_shared = self.type_of(target.get("items", {}), file)
            item_type = {"mapping": "mappings", "choice": "choices"}.get(item_type, item_type)
            return f"list of {item_type[0].lower() + item_type[1:]}", item_shared
        if isinstance(kind, list):
            return " or ".join(TYPE_WORDS[k].noun if k in TYPE_WORDS else k for k in kind), None
        if kind is None and ("properties" in target or "allOf" in target):
            return "mapping", None
        return TYPE_WORDS[kind].noun if kind in TYPE_WORDS else "any value", None

    def note_shared(self, name: str) -> None:
        if name not in self.schemas.used_shared:
            self.schemas.used_shared.append(name)

    def example(self, schema: Schema, base: str) -> str | None:
        examples = self.schemas.first(schema, base, "examples")
        return _yaml(examples[0], flow=True) if examples else None

    def object_fields(self, schema: Schema, base: str, prefix: str = "") -> list[FieldDoc]:
        """Rows for every key of an object schema, and of the objects nested in it (``a.b``, ``a[].b``)."""
        properties, required, target = self.schemas.merged_object(schema, base)
        conditional = {**_conditions(target), **_alternatives(target)}
        rows: list[FieldDoc] = []
        for key, (value, file) in properties.items():
            path = prefix + key
            status = "required" if key in required else conditional.get(key, "optional")
            rows += self.field(path, value, file, status)
        return rows

    def field(self, path: str, schema: Schema, base: str, status: str) -> list[FieldDoc]:
        type_text, shared = self.type_of(schema, base)
        row = FieldDoc(
            path=path,
            type=type_text,
            required=status,
            allowed=self.allowed(schema, base) or self.item_allowed(schema, base),
            hint=self.hint(schema, base) if shared is None else self.own_hint(schema),
            description=self.schemas.first(schema, base, "description")
            if shared is None
            else schema.get("description"),
            example=self.example(schema, base) if shared is None else self.own_example(schema),
            shared=shared,
        )
        rows = [row]
        if shared is not None:
            return rows
        target, file, _ = self.schemas.resolve(schema, base)
        if "properties" in target or "allOf" in target:
            rows += self.object_fields(target, file, path + ".")
        items = target.get("items")
        if isinstance(items, dict):
            item, item_file, item_shared = self.schemas.resolve(items, file)
            if item_shared is None and ("properties" in item or "allOf" in item):
                rows += self.object_fields(item, item_file, path + "[].")
        return rows

    def item_allowed(self, schema: Schema, base: str) -> tuple[str, ...]:
        target, file, _ = self.schemas.resolve(schema, base)
        items = target.get("items")
        return self.allowed(items, file) if isinstance(items, dict) else ()

    @staticmethod
    def own_example(schema: Schema) -> str | None:
        return _yaml(schema["examples"][0], flow=True) if schema.get("examples") else None

    @staticmethod
    def own_hint(schema: Schema) -> str | None:
        """Limits a use adds on top of its shared building block (the block's own rules are shown with it)."""
        words = ([schema["x-hint"]] if "x-hint" in schema else []) + _limits(schema)
        return "; ".join(words) or None

    # -- minimal examples -------------------------------------------------------------------------------------
    def minimal(self, schema: Schema, base: str, depth: int = 0) -> Any:
        """The smallest value the schema accepts, made from its examples, enums and constants."""
        examples = self.schemas.first(schema, base, "examples")
        if examples:
            return examples[0]
        if "$ref" in schema and "properties" not in schema:
            target, file, _ = self.schemas.resolve(schema, base)
            return self.minimal(target, file, depth)
        target, file = schema, base
        if "const" in target:
            return target["const"]
        if "enum" in target:
            return target["enum"][0]
        kind = target.get("type")
        kind = kind[0] if isinstance(kind, list) else kind
        if kind == "array" or "items" in target:
            count = max(1, target.get("minItems", 1))
            return [self.minimal(target.get("items", {}), file, depth + 1) for _ in range(count)]
        if kind == "object" or "properties" in target or "allOf" in target:
            if depth > 8:
                return {}
            properties, required, merged = self.schemas.merged_object(target, file)
            alternatives = merged.get("anyOf", [])
            if alternatives and all(set(option) == {"required"} for option in alternatives):
                required = required + [key for key in alternatives[0]["required"] if key not in required]
            return {
                key: self.minimal(properties[key][0], properties[key][1], depth + 1)
                for key in properties
                if key in required
            }
        if kind in ("integer", "number"):
            return target.get("minimum", 1)
        if kind == "boolean":
            return True
        return "..."


def _location(kind: ContentKind, content_path: str) -> str:
    return posixpath.join(content_path, kind.pattern)


def _schema_comment(kind: ContentKind, content_path: str) -> str:
    """The first line of a content file: where yaml-language-server finds its schema, relative to the file."""
    schema_path = posixpath.relpath(
        posixpath.join(SCHEMA_DIR_IN_REPOSITORY, kind.schema), posixpath.dirname(_location(kind, content_path))
    )
    return f"# yaml-language-server: $schema={schema_path}\n"


def build_schema_reference(schema_dir: Path, content_path: str = "content") -> SchemaReference:
    """The reference of every content kind, read from the schemas in ``schema_dir``.

    ``content_path`` is where editors find the content directory, used to name file locations; the schemas are
    named where the repository keeps them (:data:`generator.schema.SCHEMA_DIR_IN_REPOSITORY`).
    """
    schemas = _Schemas(schema_dir)
    walker = _Walker(schemas)
    kinds = []
    for kind in KINDS:
        schema = schemas.files.get(kind.schema, {})
        document = walker.minimal(schema, kind.schema)
        kinds.append(
            KindDoc(
                name=kind.name,
                title=schema.get("title", kind.name),
                description=schema.get("description"),
                location=_location(kind, content_path),
                many=kind.many,
                schema=kind.schema,
                fields=tuple(walker.object_fields(schema, kind.schema)),
                example=_schema_comment(kind, content_path) + _yaml(document, flow=False),
            )
        )
    shared = []
    index = 0
    while index < len(schemas.used_shared):  # describing a block may reveal the blocks it uses
        name = schemas.used_shared[index]
        index += 1
        definition = schemas.files.get(COMMON, {}).get("$defs", {}).get(name, {})
        fields: tuple[FieldDoc, ...] = ()
        if "properties" in definition:
            fields = tuple(walker.object_fields(definition, COMMON))
        type_text, _ = walker.type_of({k: v for k, v in definition.items() if k != "title"}, COMMON)
        shared.append(
            SharedDoc(
                name=name,
                title=definition.get("title", name),
                type=type_text,
                description=definition.get("description"),
                hint=walker.hint(definition, COMMON),
                allowed=walker.allowed(definition, COMMON),
                example=walker.example(definition, COMMON) or _yaml(walker.minimal(definition, COMMON), flow=True),
                fields=fields,
            )
        )
    order = list(schemas.files.get(COMMON, {}).get("$defs", {}))
    shared.sort(key=lambda doc: order.index(doc.name) if doc.name in order else len(order))
    return SchemaReference(tuple(kinds), tuple(shared), SCHEMA_DIR_IN_REPOSITORY)


def minimal_examples(schema_dir: Path) -> dict[str, Any]:
    """Each kind's minimal example document, as data (the tests validate them against the schemas)."""
    walker = _Walker(_Schemas(schema_dir))
    return {kind.name: walker.minimal(walker.schemas.files.get(kind.schema, {}), kind.schema) for kind in KINDS}
