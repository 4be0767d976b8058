"""Check answers against the findings vocabulary before anything is scored.

Every answer is checked for its declared type and range, so the scoring code can trust what it reads. ``None``
means "not answered" and is dropped; anything else that does not fit raises :class:`ValidationError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from calculator.errors import ValidationError
from calculator.wording import number_text


def _shown(value: Any) -> str:
    """``repr(value)``, or a description when Python refuses to print it (an int of more than 4,300 digits)."""
    try:
        return repr(value)
    except ValueError:
        return "a value too large to show"


def _key_text(key: Any) -> str:
    """An answer's key as text: itself when it is a string (as every JSON key is)."""
    return key if isinstance(key, str) else _shown(key)


def _range_text(finding: Mapping[str, Any]) -> str:
    unit = f" {finding['unit']}" if finding.get("unit") else ""
    return f"{number_text(finding['minimum'])} to {number_text(finding['maximum'])}{unit}"


def _check_number(finding: Mapping[str, Any], value: Any) -> float | int:
    fid = finding["id"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"{fid}: expected a number from {_range_text(finding)}, got {_shown(value)}", fid)
    # An int too large for a float has no float to test for finiteness; the range check alone rejects it.
    not_finite = isinstance(value, float) and not math.isfinite(value)
    if not_finite or not finding["minimum"] <= value <= finding["maximum"]:
        raise ValidationError(f"{fid}: {_shown(value)} is out of range; allowed {_range_text(finding)}", fid)
    return value


def _check_choice(finding: Mapping[str, Any], value: Any) -> str:
    fid = finding["id"]
    allowed = [choice["value"] for choice in finding["choices"]]
    if not isinstance(value, str) or value not in allowed:
        raise ValidationError(f"{fid}: {_shown(value)} is not one of {', '.join(allowed)}", fid)
    return value


def _check_choices(finding: Mapping[str, Any], value: Any) -> list[str]:
    fid = finding["id"]
    allowed = [choice["value"] for choice in finding["choices"]]
    if not isinstance(value, (list, tuple)):
        raise ValidationError(f"{fid}: expected a list of {', '.join(allowed)}, got {_shown(value)}", fid)
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            raise ValidationError(f"{fid}: {_shown(item)} is not one of {', '.join(allowed)}", fid)
    if len(set(value)) != len(value):
        raise ValidationError(f"{fid}: lists {', '.join(value)} with a repeat; give each choice once", fid)
    return sorted(value, key=allowed.index)


def _check_boolean(finding: Mapping[str, Any], value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"{finding['id']}: expected true or false, got {_shown(value)}", finding["id"])
    return value


_CHECKS = {"boolean": _check_boolean, "number": _check_number, "choice": _check_choice, "multi_choice": _check_choices}


def validate_answers(findings: Mapping[str, Mapping[str, Any]], answers: Any) -> dict[str, Any]:
    """The answers that were given, checked and normalised (choice lists in vocabulary order)."""
    if not isinstance(answers, Mapping):
        raise ValidationError(f"answers must be a mapping of finding id to value, got {type(answers).__name__}")
    checked: dict[str, Any] = {}
    for key in sorted(answers, key=_key_text):
        if not isinstance(key, str) or key not in findings:
            raise ValidationError(
                f"unknown finding {_shown(key)}; answers use the finding ids of the vocabulary", _key_text(key)
            )
        value = answers[key]
        finding = findings[key]
        if finding.get("derived"):
            raise ValidationError(
                f"{key}: the calculator works this out from other answers; give those answers instead", key
            )
        if value is None:
            continue
        checked[key] = _CHECKS[finding["type"]](finding, value)
    return checked
