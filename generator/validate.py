"""Checks that JSON Schema cannot express: ids that must exist, be unique, or agree, and numbers that are finite.

Runs only on documents that passed their schema, so every key read here is known to be present and typed.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from calculator.answers import validate_answers
from calculator.conditions import COMPARISON_KEYS, NUMERIC_COMPARISONS
from calculator.errors import ValidationError
from calculator.instruments import BY_NAME as INSTRUMENTS_BY_NAME
from generator import richtext
from generator.kinds import KIND_BY_NAME
from generator.load import SourceDocument
from generator.problems import Problem
from generator.review import review_problems

Documents = dict[str, list[SourceDocument]]

NO_CITATION = "this statement cites no reference; add [@reference-id] for the source that supports it"
YES_NO_HINT = "leave out the comparison (means true) or write equals: true/false"
NUMBER_HINT = f"compare it with {', '.join(NUMERIC_COMPARISONS[:-1])} or {NUMERIC_COMPARISONS[-1]}"


def _suggest(value: str, known: Any) -> str:
    guess = difflib.get_close_matches(value, list(known), n=1)
    return f" (did you mean '{guess[0]}'?)" if guess else ""


def _strings(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _numbers(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], float]]:
    """Every floating-point number in ``data`` with its key path (integers are exact and always finite)."""
    if isinstance(data, float):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _numbers(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _numbers(value, (*path, index))


def _where(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _yaml_number(value: float) -> str:
    """A non-finite number as YAML spells it (.inf, -.inf, .nan)."""
    return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")


def _expand(
    data: Any, pattern: tuple[str, ...], path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Values in ``data`` at ``pattern`` (``*`` matches every list item); absent keys yield nothing."""
    if not pattern:
        yield path, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*" and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _expand(item, rest, (*path, index))
    elif isinstance(data, dict) and head in data:
        yield from _expand(data[head], rest, (*path, head))


class CrossReferenceCheck:
    """Checks every valid document against the ids the others define."""

    def __init__(self, documents: Documents, cause_file_ids: set[str] | frozenset[str] = frozenset()) -> None:
        self.documents = documents
        self.problems: list[Problem] = []
        references = documents.get("references", [])
        self.reference_ids: set[str] | None = (
            {r["id"] for r in references[0].data["references"]} if references else None
        )
        # A cause file that fails its schema still names its cause: don't cascade "unknown cause" elsewhere.
        self.cause_ids = {doc.data["id"] for doc in documents.get("cause", [])} | set(cause_file_ids)
        findings = documents.get("findings", [])
        self.findings: dict[str, dict[str, Any]] | None = (
            {f["id"]: f for f in findings[0].data["findings"]} if findings else None
        )

    def report(self, document: SourceDocument, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(document.relpath, document.line_of(path), message))

    def run(self) -> list[Problem]:
        for kind, documents in self.documents.items():
            for document in documents:
                self.check_text(kind, document)
                self.check_numbers(document)
        self.check_references()
        self.check_findings_vocabulary()
        self.check_causes()
        self.check_names()
        self.check_pages()
        self.check_instruments()
        self.problems += review_problems(self.documents)
        return self.problems

    # -- numbers: JSON Schema cannot say "finite", and the calculator's data.json cannot hold Infinity or NaN -------
    def check_numbers(self, document: SourceDocument) -> None:
        for path, value in _numbers(document.data):
            if not math.isfinite(value):
                shown = _yaml_number(value)
                self.report(document, path, f"{_where(path)}: {shown} is not a finite number; write a number instead")

    # -- text: citations and cause links, in every string of every document -------------------------------
    def check_text(self, kind: str, document: SourceDocument) -> None:
        for path, text in _strings(document.data):
            for fragment in richtext.malformed_markers(text):
                message = f"malformed citation or link near '{fragment}'; write [@reference-id] or [[cause-id]]"
                self.report(document, path, message)
            if self.reference_ids is not None:
                for ref in richtext.cited_ids(text):
                    self.known_reference(document, path, ref)
            for cause in richtext.linked_causes(text):
                self._known_cause(document, path, cause, f" in [[{cause}]]")
        # Text that states something a reader could act on must cite its source (the kind lists which).
        for pattern in KIND_BY_NAME[kind].cited:
            for path, text in _expand(document.data, pattern):
                if isinstance(text, str) and not richtext.cited_ids(text):
                    self.report(document, path, NO_CITATION)
        if "references" in document.data and self.reference_ids is not None and kind != "references":
            for index, ref in enumerate(document.data["references"]):
                self.known_reference(document, ("references", index), ref)

    def check_references(self) -> None:
        for document in self.documents.get("references", []):
            self._unique(document, ("references",), "reference")

    def check_findings_vocabulary(self) -> None:
        for document in self.documents.get("findings", []):
            self._unique(document, ("findings",), "finding")
            self._unique(document, ("groups",), "group")
            groups = {g["id"] for g in document.data["groups"]}
            for index, finding in enumerate(document.data["findings"]):
                if finding["group"] not in groups:
                    message = f"unknown group '{finding['group']}'; use one of: {', '.join(sorted(groups))}"
                    self.report(document, ("findings", index, "group"), message)
                bounds = (finding.get("minimum"), finding.get("maximum"))
                if any(isinstance(bound, float) and not math.isfinite(bound) for bound in bounds):
                    continue  # check_numbers reports it
                if finding["type"] == "number" and finding["minimum"] >= finding["maximum"]:
                    self.report(document, ("findings", index, "maximum"), "maximum must be greater than minimum")

    def check_causes(self) -> None:
        seen: dict[str, str] = {}
        for document in self.documents.get("cause", []):
            cause_id = document.data["id"]
            stem = PurePosixPath(document.relpath).stem
            if cause_id != stem:
                message = (
                    f"id '{cause_id}' does not match the file name '{stem}.yaml'; rename the file or change the id"
                )
                self.report(document, ("id",), message)
            if cause_id in seen:
                self.report(document, ("id",), f"duplicate cause id '{cause_id}', already used in {seen[cause_id]}")
            seen.setdefault(cause_id, document.relpath)
            for index, related in enumerate(document.data.get("related", [])):
                self._known_cause(document, ("related", index), related)
            for index, item in enumerate(document.data.get("findings", [])):
                self.check_condition(document, ("findings", index), item)
            for index, flag in enumerate(document.data.get("red_flags", [])):
                when = flag.get("when")
                if isinstance(when, dict):
                    self.check_condition(document, ("red_flags", index, "when"), when)
                for position, condition in enumerate(when if isinstance(when, list) else []):
                    self.check_condition(document, ("red_flags", index, "when", position), condition)

    def check_names(self) -> None:
        """A name or alias belongs to one cause or instrument: a phrase two pages answer to links to neither. The
        phrases are those the mentions index reads (richtext.name_terms: a name's head before a parenthesis too)."""
        owners: dict[str, str] = {}
        for kind, name_key in (("cause", "name"), ("instrument", "title")):
            for document in self.documents.get(kind, []):
                name = document.data.get(name_key)
                named = [((name_key,), term) for term in (richtext.name_terms(name) if isinstance(name, str) else [])]
                named += [(("aliases", index), alias) for index, alias in enumerate(document.data.get("aliases", []))]
                for path, term in named:
                    if not isinstance(term, str):
                        continue
                    owner = owners.setdefault(term.casefold(), document.relpath)
                    if owner != document.relpath:
                        message = (
                            f"'{term}' already names {owner}; a name or alias must belong to one page, as its "
                            "mentions link there: remove it here or there"
                        )
                        self.report(document, path, message)

    def check_condition(self, document: SourceDocument, path: tuple[str | int, ...], condition: dict[str, Any]) -> None:
        if self.findings is None:
            return
        finding_id = condition["finding"]
        finding = self.findings.get(finding_id)
        if finding is None:
            hint = _suggest(finding_id, self.findings)
            message = f"unknown finding '{finding_id}'{hint}; findings are defined in content/findings.yaml"
            self.report(document, (*path, "finding"), message)
            return
        used = [key for key in COMPARISON_KEYS if key in condition]
        kind = finding["type"]
        choices = [c["value"] for c in finding.get("choices", [])]
        options = ", ".join(choices)
        if kind == "boolean":
            if used not in ([], ["equals"]) or ("equals" in condition and not isinstance(condition["equals"], bool)):
                self.report(document, path, f"finding '{finding_id}' is yes/no: {YES_NO_HINT}")
        elif kind == "choice":
            if used != ["equals"] or condition["equals"] not in choices:
                self.report(document, path, f"finding '{finding_id}' is a choice: write equals: one of {options}")
        elif kind == "multi_choice":
            if used != ["includes"] or condition["includes"] not in choices:
                self.report(
                    document, path, f"finding '{finding_id}' is a list of choices: write includes: one of {options}"
                )
        elif kind == "number":
            numeric = [key for key in used if key in NUMERIC_COMPARISONS]
            if not numeric or len(numeric) != len(used):
                self.report(document, path, f"finding '{finding_id}' is a number: {NUMBER_HINT}")
            for key in numeric:
                value = condition[key]
                if isinstance(value, float) and not math.isfinite(value):
                    continue  # check_numbers reports it
                if isinstance(value, bool) or not finding["minimum"] <= value <= finding["maximum"]:
                    limits = f"({finding['minimum']} to {finding['maximum']})"
                    self.report(
                        document, (*path, key), f"{key}: {value} is outside the range of '{finding_id}' {limits}"
                    )

    def check_pages(self) -> None:
        """Ids of a page's sections, measures and segments are unique; the causes and findings it names exist.

        Read wherever those keys occur (the topic pages and the calculator's page), so a new topic kind built of
        the same parts is checked with no change here.
        """
        for documents in self.documents.values():
            for document in documents:
                for list_key, what in (("sections", "section"), ("measures", "measure"), ("segments", "segment")):
                    self._unique(document, (list_key,), what)
                for path, value in _expand(document.data, ("mimics", "*", "cause")):
                    self._known_cause(document, path, value)
                for path, value in _expand(document.data, ("claudication", "cause")):
                    self._known_cause(document, path, value)
                if self.findings is not None:
                    for path, value in _expand(document.data, ("criteria", "*", "finding")):
                        if value not in self.findings:
                            self.report(document, path, f"unknown finding '{value}'{_suggest(value, self.findings)}")

    def known_reference(self, document: SourceDocument, path: tuple[str | int, ...], ref: str) -> None:
        if self.reference_ids is not None and ref not in self.reference_ids:
            hint = _suggest(ref, self.reference_ids)
            self.report(
                document, path, f"unknown reference id '{ref}'{hint}; add it to content/references.yaml or fix the id"
            )

    def check_instruments(self) -> None:
        """Each instrument page names a calculator instrument once, and its examples are valid answers for it."""
        seen: dict[str, str] = {}
        findings = self.findings or {}
        for document in self.documents.get("instrument", []):
            name = document.data["instrument"]
            if name in seen:
                self.report(document, ("instrument",), f"instrument '{name}' already has a page: {seen[name]}")
            seen.setdefault(name, document.relpath)
            module = INSTRUMENTS_BY_NAME[name]
            allowed = set(module.INPUTS) | set(getattr(module, "CONTEXT_INPUTS", ()))
            for index, example in enumerate(document.data["examples"]):
                path = ("examples", index, "answers")
                for key in example["answers"]:
                    if key not in allowed:
                        message = f"'{key}' is not an input of {name}; use: {', '.join(sorted(allowed))}"
                        self.report(document, (*path, key), message)
                if self.findings is None:
                    continue
                try:
                    validate_answers(findings, example["answers"])
                except ValidationError as error:
                    self.report(document, (*path, error.finding or ""), f"example answers: {error}")

    def _known_cause(
        self, document: SourceDocument, path: tuple[str | int, ...], cause_id: str, where: str = ""
    ) -> None:
        if cause_id not in self.cause_ids:
            self.report(document, path, f"unknown cause id '{cause_id}'{where}{_suggest(cause_id, self.cause_ids)}")

    def _unique(self, document: SourceDocument, list_path: tuple[str, ...], what: str) -> None:
        seen: set[str] = set()
        for path, item in _expand(document.data, (*list_path, "*")):
            item_id = item.get("id") if isinstance(item, dict) else None
            if item_id is None:
                continue
            if item_id in seen:
                self.report(document, (*path, "id"), f"duplicate {what} id '{item_id}'; ids must be unique")
            seen.add(item_id)


def cross_reference_problems(
    documents: Documents, cause_file_ids: set[str] | frozenset[str] = frozenset()
) -> list[Problem]:
    """Every cross-reference problem among schema-valid documents; ``cause_file_ids`` are the cause file stems."""
    return CrossReferenceCheck(documents, cause_file_ids).run()
