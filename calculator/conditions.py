"""Whether a weighted finding or red flag applies to the answers, and how to say why in words.

A red flag's ``when`` may be one condition or a list of conditions that must all hold; weights are single
conditions. Every reason names the answer (or the instrument result) that produced it, so no reason states a fact
that was not entered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from calculator.wording import number_text

_COMPARISONS = {
    "at_least": (lambda value, limit: value >= limit, "at least"),
    "at_most": (lambda value, limit: value <= limit, "at most"),
    "below": (lambda value, limit: value < limit, "below"),
    "above": (lambda value, limit: value > limit, "above"),
}

# The condition vocabulary, spelled here once: content schemas, the generator's checks and the reviewer's diff read
# these names (a test keeps generator/schemas/common.schema.json's condition keys equal to COMPARISON_KEYS).
NUMERIC_COMPARISONS: tuple[str, ...] = tuple(_COMPARISONS)
"""The comparisons a number finding is tested with, in the order a reason lists them."""
COMPARISON_KEYS: tuple[str, ...] = ("equals", "includes", *NUMERIC_COMPARISONS)
"""Every key a condition may test its finding's answer with (besides ``finding`` itself)."""
COMPARISON_WORDS: dict[str, str] = {key: words for key, (_, words) in _COMPARISONS.items()}
"""Each numeric comparison in words, as a reason says it ('below 3.5')."""
COMPARISON_SYMBOLS: dict[str, str] = {
    "equals": "=",
    "includes": "includes",
    "at_least": ">=",
    "at_most": "<=",
    "below": "<",
    "above": ">",
}
"""Each comparison as one short symbol, as the reviewer's diff of the calculator data writes it."""


def holds(condition: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    """True when the answer named by ``condition`` is given and passes its comparison.

    A condition reads only its own finding, so giving one more answer can never undo another condition:
    that keeps the differential's scores monotonic.
    """
    finding = condition["finding"]
    if finding not in facts:
        return False
    value = facts[finding]
    if "includes" in condition:
        return condition["includes"] in value
    if "equals" in condition:
        # Answers and content are both type-checked, so a yes/no answer is only ever compared with true/false.
        return value == condition["equals"]
    compared = [key for key in _COMPARISONS if key in condition]
    if compared:
        return all(_COMPARISONS[key][0](value, condition[key]) for key in compared)
    return value is True


def conditions_of(when: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """A red flag's ``when`` as a list: one condition, or several that must all hold."""
    return [when] if isinstance(when, Mapping) else list(when)


def all_hold(when: Mapping[str, Any] | Sequence[Mapping[str, Any]], facts: Mapping[str, Any]) -> bool:
    return all(holds(condition, facts) for condition in conditions_of(when))


def describe(
    condition: Mapping[str, Any],
    finding: Mapping[str, Any],
    facts: Mapping[str, Any],
    evidence: Mapping[str, Mapping[Any, str]],
) -> str:
    """The answer behind a condition in words, e.g. 'Serum potassium 3.1 mmol/L (below 3.5)'.

    A finding an instrument worked out is described by the instrument's own words for its value
    ('ABI 0.70 (abnormal) in the right leg'), so the reason shows the numbers that produced it.
    """
    fid = condition["finding"]
    label = finding["label"]
    said = evidence.get(fid, {})
    choices = {choice["value"]: choice["label"] for choice in finding.get("choices", [])}
    if "includes" in condition:
        value = condition["includes"]
        return said.get(value) or f"{label}: {choices.get(value, value)}"
    if "equals" in condition:
        value = condition["equals"]
        if isinstance(value, bool):
            return label if value else f"Not: {label[0].lower()}{label[1:]}"
        return said.get(value) or f"{label}: {choices.get(value, value)}"
    compared = [key for key in _COMPARISONS if key in condition]
    if compared:
        unit = f" {finding['unit']}" if finding.get("unit") else ""
        limits = ", ".join(f"{_COMPARISONS[key][1]} {number_text(condition[key])}" for key in compared)
        shown = said.get(None) or f"{label} {number_text(facts[fid])}{unit}"
        return f"{shown} ({limits})"
    return label


def describe_all(
    when: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    findings: Mapping[str, Mapping[str, Any]],
    facts: Mapping[str, Any],
    evidence: Mapping[str, Mapping[Any, str]],
) -> str:
    """Every answer behind a red flag, joined: 'Began suddenly... and Reduced or absent foot pulses'."""
    parts = [describe(c, findings[c["finding"]], facts, evidence) for c in conditions_of(when)]
    return parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + " and " + parts[-1]
