"""IRLSSG 2014 consensus diagnostic criteria for restless legs syndrome (Allen et al, Sleep Med 2014).

All five essential criteria must be met: an urge to move the legs, usually with unpleasant sensations; it begins
or worsens at rest; it is partly or wholly relieved by movement; it occurs only or mostly in the evening or at
night; and it is not solely accounted for by another condition (a mimic such as cramps or positional discomfort).
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


def assess(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """Met only when all five criteria are answered yes; ``unmet`` lists the others in criterion order."""
    given = {key: answers[key] for key in INPUTS if key in answers}
    if not given:
        return None
    unmet = [key for key in INPUTS if answers.get(key) is not True]
    summary = (
        "All five IRLSSG essential criteria are met."
        if not unmet
        else f"Criteria not met: {len(unmet)} of 5 are not answered yes."
    )
    return {
        "summary": summary,
        "inputs": given,
        "met": not unmet,
        "unmet": unmet,
        "unanswered": [key for key in INPUTS if key not in answers],
        "citation": CITATIONS[0],
        "citations": list(CITATIONS),
    }
