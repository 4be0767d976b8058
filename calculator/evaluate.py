"""One evaluation: validate the answers, run the instruments, work out derived findings, rank the differential."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calculator import labs
from calculator.answers import validate_answers
from calculator.derived import derive_findings
from calculator.differential import rank, ranked_entries, separating_questions
from calculator.instruments import INSTRUMENTS

DISCLAIMER = (
    "Decision support, not a diagnosis: the ranking shows which causes the answers point to and why; it does "
    "not replace examination and clinical judgement."
)


def _names(entries: list[Mapping[str, Any]]) -> str:
    names = [entry["name"] for entry in entries]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _uncertainty_notes(data: Mapping[str, Any], facts: Mapping[str, Any], result: Mapping[str, Any]) -> list[str]:
    """Why no cause is named most likely, and which questions would separate the causes."""
    ranked = ranked_entries(result)
    notes = []
    candidates: list[str] = []
    if not ranked:
        notes.append(
            "No single most likely cause: no answer given so far points to a cause. Age, which legs and where the "
            "symptoms are set the scene, but on their own they do not separate the causes."
        )
    elif ranked[0]["tied_with"]:
        tied = [entry for entry in ranked if entry["score"] == ranked[0]["score"]]
        candidates = [entry["id"] for entry in tied]
        notes.append(
            f"No single most likely cause: {_names(tied)} are tied (score {ranked[0]['score']}); they are shown "
            "as tied, in no order of likelihood."
        )
    else:
        notes.append(
            "No cause is named most likely while a red flag is raised that the leading cause does not explain: "
            "deal with the red flag first."
        )
        candidates = [entry["id"] for entry in ranked[:3]]
    questions = separating_questions(data, facts, candidates)
    if questions:
        notes.append("Questions that would separate the causes: " + "; ".join(questions) + ".")
    return notes


def established_facts(
    data: Mapping[str, Any], answers: Any
) -> tuple[dict[str, Any], dict[str, dict[Any, str]], dict[str, Any]]:
    """The validated answers with the findings worked out from them, the words for those, and the instruments."""
    findings = {finding["id"]: finding for finding in data["findings"]}
    checked = validate_answers(findings, answers)
    pages = data.get("instrument_pages", {})
    instruments: dict[str, Any] = {}
    for instrument in INSTRUMENTS:
        assessment = instrument.assess(checked)
        if assessment is not None:
            instruments[instrument.NAME] = {"title": instrument.TITLE, "url": pages.get(instrument.NAME), **assessment}
    derived, evidence = derive_findings(findings, checked, instruments)
    return {**checked, **derived}, evidence, instruments


def evaluate(data: Mapping[str, Any], answers: Any) -> dict[str, Any]:
    """The tiered differential and instrument results for ``answers``; see the README's contract.

    Raises :class:`calculator.ValidationError` for answers that do not fit the findings vocabulary of ``data``.
    """
    findings = {finding["id"]: finding for finding in data["findings"]}
    facts, evidence, instruments = established_facts(data, answers)
    derived = [fid for fid in facts if findings[fid].get("derived")]
    result: dict[str, Any] = rank(data, facts, evidence)
    result["instruments"] = instruments
    notes = [DISCLAIMER]
    notes.extend(
        f"{text}." for fid in derived if findings[fid]["derived"] == labs.NAME for text in evidence[fid].values()
    )
    for entry in result["do_not_miss"]:
        if entry["red_flags"]:
            notes.append(f"Red flag for {entry['name']}: act on it whatever the ranking.")
    if result["most_likely"] is None:
        notes.extend(_uncertainty_notes(data, facts, result))
    result["notes"] = notes
    return result
