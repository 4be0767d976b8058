"""JSON Schema validation of one document, with messages an editor can act on.

The schemas in ``generator/schemas`` are the single truth of the content format (they also drive editor
autocomplete through the ``yaml-language-server`` line at the top of each content file). They are code, outside
``content/``, so a change to what content may say is reviewed as code. This module translates jsonschema's errors
into ``FILE:LINE: message`` problems, and reads ``"type": "integer"`` as a whole number written as one: JSON Schema
would accept ``2.0``, which the calculator in the browser cannot use as a weight.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

from generator.load import SourceDocument
from generator.problems import Problem

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"  # package data: installed with the generator
SCHEMA_DIR_IN_REPOSITORY = "generator/schemas"  # where editors and reviewers find them, from the repository root


@dataclass(frozen=True)
class TypeWords:
    """A JSON Schema type in an editor's words."""

    noun: str  # what a field holds, in the content reference ("whole number")
    expected: str  # what a problem says was expected ("expected a whole number")


TYPE_WORDS: dict[str, TypeWords] = {
    "object": TypeWords("mapping", "a mapping of 'key: value' lines"),
    "array": TypeWords("list", "a list (lines starting with '- ')"),
    "string": TypeWords("string", "text"),
    "integer": TypeWords("whole number", "a whole number"),
    "number": TypeWords("number", "a number"),
    "boolean": TypeWords("true or false", "true or false"),
    "null": TypeWords("nothing", "nothing"),
}


def read_schemas(schema_dir: Path) -> dict[str, Any]:
    """Every schema of ``schema_dir`` by file name, the name other schemas' ``$ref`` use."""
    return {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(schema_dir.glob("*.schema.json"))
    }


def schema_registry(schemas: dict[str, Any]) -> Registry:
    """The schemas as a :mod:`referencing` registry: the one resolver of ``$ref`` between them."""
    return Registry().with_resources((name, Resource.from_contents(contents)) for name, contents in schemas.items())


def resolve_ref(registry: Registry, ref: str, base: str) -> tuple[Any, str] | None:
    """What ``ref`` (``file#/pointer`` or ``#/pointer``) names when read in the schema file ``base``, and the file
    it is in; ``None`` when it names nothing."""
    try:
        target = registry.resolver(base_uri=base).lookup(ref)
    except Unresolvable:
        return None
    return target.contents, ref.partition("#")[0] or base


@lru_cache(maxsize=8)
def _registry(schema_dir: Path) -> Registry:
    return schema_registry(read_schemas(schema_dir))


def validator_for(schema_dir: Path, schema_name: str) -> Draft202012Validator:
    """A validator for ``schema_name`` that resolves references between the schema files."""
    return _validator(schema_dir.resolve(), schema_name)


@lru_cache(maxsize=64)
def _validator(schema_dir: Path, schema_name: str) -> Draft202012Validator:
    """One validator per schema, reused for every document (like :func:`_registry`, per schema directory).

    Resolving a ``$ref`` (URL joins, JSON pointers) is about half of validating a content file, and a schema's
    dozen distinct references are resolved thousands of times: this validator remembers them. Not when a schema
    uses dynamic references, whose target depends on the path that led to them.
    """
    registry = _registry(schema_dir)
    dynamic = any(
        word in path.read_text(encoding="utf-8")
        for path in schema_dir.glob("*.schema.json")
        for word in ("$dynamicRef", "$recursiveRef")
    )
    cls = _CONTENT_VALIDATOR if dynamic else _remembering_validator_class()
    return cls(registry.contents(schema_name), registry=registry)


def _is_whole_number(checker: Any, instance: Any) -> bool:
    """An integer as written: ``2``, never ``2.0`` (which JSON Schema counts as an integer) nor ``true``."""
    return isinstance(instance, int) and not isinstance(instance, bool)


# Draft 2020-12 whose "integer" is a whole number written as one (see the module docstring).
_CONTENT_VALIDATOR: type[Draft202012Validator] = validators.extend(
    Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_whole_number)
)


def _remembering_validator_class() -> type[Draft202012Validator]:
    """Draft 2020-12 whose ``$ref`` keyword remembers what each (base URI, reference) resolves to, then descends
    exactly as the stock keyword does. Its own memory: the same ``$id`` may name other schemas elsewhere."""
    stock_ref = Draft202012Validator.VALIDATORS["$ref"]
    resolved: dict[tuple[str, str], Any] = {}

    def remembering_ref(validator: Any, ref: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
        try:
            resolver = validator._resolver
            key = (resolver._base_uri, ref)
        except AttributeError:  # another jsonschema or referencing version: resolve every time
            yield from stock_ref(validator, ref, instance, schema)
            return
        target = resolved.get(key)
        if target is None:
            try:
                target = resolver.lookup(ref)
            except Exception:  # unresolvable: the stock keyword raises its usual error
                yield from stock_ref(validator, ref, instance, schema)
                return
            resolved[key] = target
        yield from validator.descend(instance, target.contents, resolver=target.resolver)

    return validators.extend(_CONTENT_VALIDATOR, {"$ref": remembering_ref})


def schema_problems(document: SourceDocument, schema_dir: Path, schema_name: str) -> list[Problem]:
    """Every schema violation in ``document``, one problem each."""
    validator = validator_for(schema_dir, schema_name)
    problems: list[Problem] = []
    registry = _registry(schema_dir.resolve())
    describe = _Describer(registry, (schema_name, "common.schema.json"))
    for error in validator.iter_errors(document.data):
        for path, message in describe(error):
            problems.append(Problem(document.relpath, document.line_of(path), message))
    return problems


def _where(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Describer:
    """Turns one jsonschema error into (path, message) pairs; several for several unknown keys."""

    def __init__(self, registry: Registry, bases: tuple[str, ...]) -> None:
        self.registry = registry
        self.bases = bases

    def __call__(self, error: ValidationError) -> Iterator[tuple[tuple[str | int, ...], str]]:
        return _describe(error, self)


def _describe(error: ValidationError, describer: _Describer) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield (path, message) pairs; an error may become several (one per unknown key)."""
    path = tuple(error.absolute_path)
    where = _where(path)
    prefix = f"{where}: " if where else ""
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = sorted(_allowed_keys(schema, describer.registry, describer.bases))
        for key in sorted(set(error.instance) - set(allowed)):
            guess = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            yield (*path, key), f"{prefix}unknown key '{key}'{hint}; allowed keys: {', '.join(allowed)}"
        return
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        condition = f" ({schema['x-hint']})" if "x-hint" in schema else ""
        yield path, f"{prefix}missing required field '{missing}'{condition}"
        return
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        yield path, f"{prefix}{_show(error.instance)} is not allowed; use one of: {options}"
        return
    if kind == "const":
        yield path, f"{prefix}must be {_show(error.validator_value)}"
        return
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(TYPE_WORDS[t].expected if t in TYPE_WORDS else t for t in expected)
        yield path, f"{prefix}expected {words}, found {_show(error.instance)}"
        return
    if kind == "pattern":
        hint = schema.get("x-hint") or f"must match {error.validator_value}"
        yield path, f"{prefix}{_show(error.instance)} is not valid: {hint}"
        return
    if kind == "anyOf" and all(set(s) == {"required"} for s in error.validator_value):
        options = ", ".join(k for s in error.validator_value for k in s["required"])
        yield path, f"{prefix}needs at least one of: {options}"
        return
    if kind in ("anyOf", "oneOf", "allOf") and error.context:
        best = min(error.context, key=lambda e: (len(e.absolute_path) * -1, str(e.message)))
        yield from _describe(best, describer)
        return
    messages = {
        "minItems": f"needs at least {error.validator_value} item(s)",
        "maxItems": f"may have at most {error.validator_value} item(s)",
        "minLength": f"is too short (at least {error.validator_value} characters)",
        "maxLength": f"is too long (at most {error.validator_value} characters)",
        "minimum": f"{_show(error.instance)} is below the minimum {error.validator_value}",
        "maximum": f"{_show(error.instance)} is above the maximum {error.validator_value}",
        "exclusiveMinimum": f"{_show(error.instance)} must be greater than {error.validator_value}",
        "uniqueItems": "has the same item twice; list each once",
        "not": f"{_show(error.instance)} is not allowed here",
    }
    yield path, prefix + messages.get(kind, error.message)


def _allowed_keys(schema: dict[str, Any], registry: Registry, bases: tuple[str, ...]) -> set[str]:
    """Keys an object may have: its ``properties`` plus those of the schemas it composes (allOf, $ref)."""
    keys = set(schema.get("properties", {}))
    for sub in schema.get("allOf", []):
        keys |= _allowed_keys(sub, registry, bases)
    ref = schema.get("$ref")
    if ref:
        # An error's schema does not say which file it came from: a bare '#/pointer' is read in each candidate.
        found = next(filter(None, (resolve_ref(registry, ref, base) for base in bases)), None)
        target, base = found or ({}, bases[0])
        keys |= _allowed_keys(target, registry, (base, *bases))
    return keys
