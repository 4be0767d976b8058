"""One evaluation: validate the answers, rank the differential, run the instruments whose inputs are given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calculator.answers import validate_answers
from calculator.differential import rank
from calculator.instruments import INSTRUMENTS

DISCLAIMER = (
    "Decision support, not a diagnosis: the ranking shows which causes the answers point to and why; it does "
    "not replace examination and clinical judgement."
)


def evaluate(data: Mapping[str, Any], answers: Any) -> dict[str, Any]:
    """The tiered differential and instrument results for ``answers``; see the README's contract.

    Raises :class:`calculator.ValidationError` for answers that do not fit the findings vocabulary of ``data``.
    """
    findings = {finding["id"]: finding for finding in data["findings"]}
    checked = validate_answers(findings, answers)
    result: dict[str, Any] = rank(data, checked)
    result["instruments"] = {}
    for instrument in INSTRUMENTS:
        assessment = instrument.assess(checked)
        if assessment is not None:
            result["instruments"][instrument.NAME] = {"title": instrument.TITLE, **assessment}
    notes = [DISCLAIMER]
    for entry in result["do_not_miss"]:
        if entry["red_flags"]:
            notes.append(f"Red flag for {entry['name']}: act on it whatever the ranking.")
    if result["most_likely"] is None:
        notes.append("No answer given so far supports any cause.")
    result["notes"] = notes
    return result
