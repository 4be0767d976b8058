"""IRLSSG 2014 consensus diagnostic criteria for restless legs syndrome (Allen et al, Sleep Med 2014).

All five essential criteria must be met: an urge to move the legs, usually with unpleasant sensations; it begins
or worsens at rest; it is partly or wholly relieved by movement; it occurs only or mostly in the evening or at
night; and it is not solely accounted for by another condition (a mimic such as cramps or positional discomfort).
The fifth criterion exists because the first four are also met by mimics (Hening et al, Sleep Med 2009), so a
"no" to it counts against RLS on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NAME = "rls_irlssg"
TITLE = "Restless legs syndrome: IRLSSG essential criteria"
CITATIONS = ("allen-2014", "hening-2009")
INPUTS = (
    "rls_urge_to_move",
    "rls_worse_at_rest",
    "rls_relieved_by_movement",
    "rls_evening_or_night",
    "rls_not_explained_by_other_condition",
)
MIMIC_CRITERION = INPUTS[4]
CRITERIA = {  # each essential criterion in a few words, numbered as the consensus numbers them
    "rls_urge_to_move": "an urge to move the legs, usually with unpleasant sensations",
    "rls_worse_at_rest": "begins or worsens at rest",
    "rls_relieved_by_movement": "partly or wholly relieved by movement",
    "rls_evening_or_night": "only or mostly in the evening or at night",
    "rls_not_explained_by_other_condition": "not solely accounted for by another condition",
}
WORDS = {
    "met": "IRLSSG criteria: all five essential criteria met",
    "mimic_not_excluded": "IRLSSG criterion 5 not met: another condition accounts for the symptoms",
    "not_met": "IRLSSG criteria not met: {numbers} answered no",
    "incomplete": "IRLSSG criteria: not every criterion answered yet",
}


def outcome(answers: Mapping[str, Any]) -> str:
    """met, mimic_not_excluded (criterion 5 answered no), not_met (one of 1-4 answered no) or incomplete."""
    if all(answers.get(key) is True for key in INPUTS):
        return "met"
    if answers.get(MIMIC_CRITERION) is False:
        return "mimic_not_excluded"
    if any(answers.get(key) is False for key in INPUTS):
        return "not_met"
    return "incomplete"


def _words(answers: Mapping[str, Any], result: str) -> str:
    numbers = [str(index) for index, key in enumerate(INPUTS, start=1) if answers.get(key) is False]
    which = ("criterion " if len(numbers) == 1 else "criteria ") + " and ".join(numbers)
    return WORDS[result].format(numbers=which)


def _criteria_text(keys: list[str]) -> str:
    return "; ".join(f"criterion {INPUTS.index(key) + 1} ({CRITERIA[key]})" for key in keys)


def _lines(answers: Mapping[str, Any]) -> list[str]:
    """Which criteria are answered no and which are still unanswered, each by number and in words."""
    if all(answers.get(key) is True for key in INPUTS):
        return ["All five essential criteria met."]
    lines = []
    answered_no = [key for key in INPUTS if answers.get(key) is False]
    unanswered = [key for key in INPUTS if key not in answers]
    if answered_no:
        lines.append(f"Answered no: {_criteria_text(answered_no)}.")
    if unanswered:
        lines.append(f"Not answered yet: {_criteria_text(unanswered)}.")
    return lines


def assess(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """Met only when all five criteria are answered yes; ``unmet`` lists the others in criterion order."""
    given = {key: answers[key] for key in INPUTS if key in answers}
    if not given:
        return None
    unmet = [key for key in INPUTS if answers.get(key) is not True]
    result = outcome(answers)
    return {
        "summary": _words(answers, result) + ".",
        "inputs": given,
        "met": not unmet,
        "outcome": result,
        "unmet": unmet,
        "unanswered": [key for key in INPUTS if key not in answers],
        "lines": _lines(answers),
        "citation": CITATIONS[0],
        "citations": list(CITATIONS),
    }


def derive(assessment: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """The outcome as a finding the causes weigh: RLS for 'met', against RLS for criterion 5 unmet."""
    result = assessment["outcome"]
    return result, {result: _words(assessment["inputs"], result)}
