"""Whether a weighted finding or red flag applies to the answers, and how to say why in words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calculator.wording import number_text

_COMPARISONS = {
    "at_least": (lambda value, limit: value >= limit, "at least"),
    "at_most": (lambda value, limit: value <= limit, "at most"),
    "below": (lambda value, limit: value < limit, "below"),
    "above": (lambda value, limit: value > limit, "above"),
}


def holds(condition: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    """True when the answer named by ``condition`` is given and passes its comparison.

    A condition reads only its own finding, so giving one more answer can never undo another condition:
    that keeps the differential's scores monotonic.
    """
    finding = condition["finding"]
    if finding not in answers:
        return False
    value = answers[finding]
    if "includes" in condition:
        return condition["includes"] in value
    if "equals" in condition:
        # Answers and content are both type-checked, so a yes/no answer is only ever compared with true/false.
        return value == condition["equals"]
    compared = [key for key in _COMPARISONS if key in condition]
    if compared:
        return all(_COMPARISONS[key][0](value, condition[key]) for key in compared)
    return value is True


def describe(condition: Mapping[str, Any], finding: Mapping[str, Any], answers: Mapping[str, Any]) -> str:
    """A reason in words, e.g. 'Comes on at night or at rest in bed' or 'Serum potassium 3.1 mmol/L (below 3.5)'."""
    label = finding["label"]
    choices = {choice["value"]: choice["label"] for choice in finding.get("choices", [])}
    if "includes" in condition:
        return f"{label}: {choices.get(condition['includes'], condition['includes'])}"
    if "equals" in condition:
        if isinstance(condition["equals"], bool):
            return label if condition["equals"] else f"Not: {label[0].lower()}{label[1:]}"
        return f"{label}: {choices.get(condition['equals'], condition['equals'])}"
    compared = [key for key in _COMPARISONS if key in condition]
    if compared:
        unit = f" {finding['unit']}" if finding.get("unit") else ""
        limits = ", ".join(f"{_COMPARISONS[key][1]} {number_text(condition[key])}" for key in compared)
        return f"{label} {number_text(answers[condition['finding']])}{unit} ({limits})"
    return label
