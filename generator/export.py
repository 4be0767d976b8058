"""Export the calculator's data: the findings vocabulary and each cause's weights and red flags.

The browser and the CLI evaluate with exactly this dictionary, so the same content gives the same ranking
everywhere. Text is exported as plain words (citations dropped): the calculator shows reasons, the pages
carry the sources.

The browser reads this data as JSON, which has no Infinity or NaN, and adds weights as whole numbers: the exporter
refuses anything else (:class:`ExportError`) rather than write data that stops the calculator. ``legcramps check``
refuses such content first; this is the last gate before ``data.json``.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict
from typing import Any

from calculator.instruments import INSTRUMENTS
from generator import richtext
from generator.addresses import cause_url, instrument_url
from generator.model import Cause, Condition, Content, Finding, Reference

SCHEMA_VERSION = 1


class ExportError(ValueError):
    """The content holds a number the calculator cannot use (a weight that is not whole, a non-finite number)."""


def _refuse_unusable_numbers(data: Any, where: str) -> None:
    """Raise :class:`ExportError` for a non-finite number anywhere in ``data`` or a weight that is not whole."""
    if isinstance(data, float) and not math.isfinite(data):
        raise ExportError(f"calculator data: {where} is {data}, not a finite number; the browser cannot read it")
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "weight" and (isinstance(value, bool) or not isinstance(value, int)):
                raise ExportError(f"calculator data: {where}.weight is {value!r}, not a whole number")
            _refuse_unusable_numbers(value, f"{where}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _refuse_unusable_numbers(value, f"{where}[{index}]")


def _condition(condition: Condition) -> dict[str, Any]:
    return {key: value for key, value in asdict(condition).items() if value is not None}


def _finding(finding: Finding) -> dict[str, Any]:
    data = {key: value for key, value in asdict(finding).items() if value not in (None, ())}
    if finding.choices:
        data["choices"] = [{"value": c.value, "label": c.label} for c in finding.choices]
    if finding.units:  # a list, as the browser reads it back from JSON (asdict keeps the model's tuple)
        data["units"] = [asdict(unit) for unit in finding.units]
    return data


def _cause(cause: Cause) -> dict[str, Any]:
    weights = []
    for weighted in cause.findings:
        entry = {**_condition(weighted.condition), "weight": weighted.weight}
        if weighted.reason:
            entry["reason"] = richtext.plain_text(weighted.reason)
        if weighted.rules_out:
            entry["rules_out"] = True
        weights.append(entry)
    red_flags = []
    for flag in cause.red_flags:
        # The patient's wording of the same sign and how soon to get help: the result shows it in patient mode.
        patient = {"level": flag.patient.level, "text": richtext.plain_text(flag.patient.text)}
        entry = {"text": richtext.plain_text(flag.text), "patient": patient}
        if richtext.cited_ids(flag.patient.text):
            patient["sources"] = richtext.cited_ids(flag.patient.text)
        if flag.when:
            conditions = [_condition(condition) for condition in flag.when]
            entry["when"] = conditions[0] if len(conditions) == 1 else conditions
        red_flags.append(entry)
    return {
        "id": cause.id,
        "name": cause.name,
        # The cause in everyday words, for the patient's result (the clinical name until the content gives one).
        "plain_name": getattr(cause, "plain_name", None) or cause.name,
        "tier": cause.tier,
        "category": cause.category,
        "summary": richtext.plain_text(cause.summary),
        "plain_summary": richtext.plain_text(cause.plain_summary),  # the patient's card says what the cause is
        "url": cause_url(cause.id),
        "weights": weights,
        "red_flags": red_flags,
    }


def _reference(reference: Reference) -> dict[str, Any]:
    """A reference as the references page words it (one formatter: :meth:`Reference.sentences`), with its links."""
    return {
        "text": " ".join(reference.sentences()),
        "links": [{"label": label, "url": url} for label, url in reference.links()],
    }


def _result_text(content: Content) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The result's sentences as plain words, and the references each cites (shown beside it, linked)."""
    texts = content.calculator_page.result_text
    plain = {key: richtext.plain_text(text) for key, text in texts.items()}
    sources = {key: richtext.cited_ids(text) for key, text in texts.items() if richtext.cited_ids(text)}
    return plain, sources


def cited_by_calculator(content: Content) -> list[str]:
    """Every reference a result can cite: the instruments' sources, the red flags' patient wording and the result's
    own sentences, sorted. A bibliography without an instrument's source (a test fixture) leaves that one out: the
    page then links the source's entry on the references page."""
    ids = {ref for module in INSTRUMENTS for ref in module.CITATIONS}
    ids.update(
        ref for cause in content.causes for flag in cause.red_flags for ref in richtext.cited_ids(flag.patient.text)
    )
    ids.update(ref for text in content.calculator_page.result_text.values() for ref in richtext.cited_ids(text))
    return sorted(ref for ref in ids if ref in content.references)


def export_calculator_data(content: Content) -> dict[str, Any]:
    """The calculator data: JSON-compatible, deterministic, versioned by a hash of its own content.

    Raises :class:`ExportError` when a number in it is not finite or a weight is not a whole number.
    """
    result_text, result_sources = _result_text(content)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "groups": [asdict(group) for group in content.findings.groups],
        "findings": [_finding(finding) for finding in content.findings.findings],
        "causes": [_cause(cause) for cause in content.causes],
        "tiers": {tier: text.title for tier, text in content.site.tiers.items()},
        # Where each instrument's page is, so its result links there (calculator/instruments reads no content).
        # The sentences the page's result shows around the causes: content, so the script words nothing itself.
        "result_text": result_text,
        "result_sources": result_sources,
        "instrument_pages": {page.instrument: instrument_url(page.id) for page in content.instruments},
        # How soon to get help for a red flag, headed as the pages head it (patient mode).
        "help_levels": dict(content.site.help_levels),
        # Each reference a result can cite, formatted as on the references page, so the page links the source, not
        # its id.
        "references": {ref: _reference(content.references[ref]) for ref in cited_by_calculator(content)},
    }
    # The numbers are in the causes' weights and conditions and the findings' ranges; the rest is text (and
    # allow_nan=False below would refuse a non-finite number there too).
    for cause in data["causes"]:
        _refuse_unusable_numbers(cause, f"cause {cause['id']}")
    for finding in data["findings"]:
        _refuse_unusable_numbers(finding, f"finding {finding['id']}")
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, allow_nan=False).encode("utf-8")).hexdigest()
    data["version"] = digest[:16]
    return data
