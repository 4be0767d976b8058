"""Findings the calculator works out itself: instrument results and corrected labs, weighed like answers.

``content/findings.yaml`` marks such a finding with ``derived: <rule>``; the rule is an instrument (its result, e.g.
the ABI categories of the legs measured) or a lab correction. Cause files then weigh the finding like any answer,
so which instrument result counts for or against which cause is content, not code. Each derived value comes with
the rule's own words for it, so a reason shows the numbers behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from calculator import labs
from calculator.instruments import INSTRUMENTS

Derivation = Callable[[Mapping[str, Any], Mapping[str, Any]], "tuple[Any, dict[Any, str]] | None"]


def _from_instrument(module: Any) -> Derivation:
    def derive(answers: Mapping[str, Any], instruments: Mapping[str, Any]) -> tuple[Any, dict[Any, str]] | None:
        assessment = instruments.get(module.NAME)
        return None if assessment is None else module.derive(assessment)

    return derive


RULES: dict[str, Derivation] = {
    **{module.NAME: _from_instrument(module) for module in INSTRUMENTS},
    labs.NAME: lambda answers, instruments: labs.derive(answers),
}


def derive_findings(
    findings: Mapping[str, Mapping[str, Any]], answers: Mapping[str, Any], instruments: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, dict[Any, str]]]:
    """The derived findings that apply (id -> value) and the words for each value (id -> value -> text)."""
    values: dict[str, Any] = {}
    evidence: dict[str, dict[Any, str]] = {}
    for fid, finding in findings.items():
        rule = finding.get("derived")
        if rule is None:
            continue
        if rule not in RULES:
            raise ValueError(f"finding {fid}: unknown rule {rule!r}; the calculator knows {', '.join(sorted(RULES))}")
        derived = RULES[rule](answers, instruments)
        if derived is not None:
            values[fid], evidence[fid] = derived
    return values, evidence
