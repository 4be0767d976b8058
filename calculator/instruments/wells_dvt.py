"""Wells score for deep vein thrombosis, both published versions.

1997 (Wells et al, Lancet): nine items, +1 each, except -2 when an alternative diagnosis is at least as likely;
three tiers: high >= 3, moderate 1-2, low <= 0. 2003 (Wells et al, N Engl J Med) adds +1 for previously
documented DVT and uses two tiers: DVT likely >= 2, unlikely <= 1. If both legs have symptoms, score the
more symptomatic leg (Qaseem et al, Ann Fam Med 2007). The bedridden-or-surgery item is asked with the 2003 window
(bedridden 3 days or more, or major surgery within 12 weeks needing general or regional anaesthesia, as NICE NG158
gives it); the 1997 paper used 4 weeks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NAME = "wells_dvt"
TITLE = "Wells score for deep vein thrombosis"
CITATIONS = ("wells-2003", "wells-1997", "qaseem-2007", "nice-2020")

POINTS_1997 = {
    "wells_active_cancer": 1,
    "wells_paralysis_or_recent_cast": 1,
    "wells_bedridden_or_major_surgery": 1,
    "wells_localized_deep_vein_tenderness": 1,
    "wells_entire_leg_swollen": 1,
    "wells_calf_swelling_3cm": 1,
    "wells_pitting_edema": 1,
    "wells_collateral_superficial_veins": 1,
    "wells_alternative_diagnosis_as_likely": -2,
}
POINTS_2003 = {**POINTS_1997, "wells_previous_dvt": 1}
POINTS = POINTS_2003  # what each input is worth, shown beside it on the instrument page
INPUTS = tuple(POINTS_2003)

VERSIONS_NOTE = "The 1997 score leaves out previously documented DVT; the 2003 score counts it."
NEXT_STEPS = {
    "likely": "DVT likely: arrange a proximal leg vein ultrasound; if it is negative, a D-dimer guides what next.",
    "unlikely": (
        "DVT unlikely: a D-dimer test; a negative result makes DVT unlikely enough to stop, a positive one needs a "
        "proximal leg vein ultrasound."
    ),
}


def three_tier(score_1997: int) -> str:
    """The 1997 pretest probability: high >= 3, moderate 1-2, low <= 0."""
    if score_1997 >= 3:
        return "high"
    if score_1997 >= 1:
        return "moderate"
    return "low"


def two_tier(score_2003: int) -> str:
    """The 2003 dichotomy: DVT likely >= 2, unlikely <= 1."""
    return "likely" if score_2003 >= 2 else "unlikely"


def assess(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """Both scores from the Wells items answered; unanswered items count as absent and are listed."""
    given = {key: answers[key] for key in INPUTS if key in answers}
    if not given:
        return None
    score_2003 = sum(points for key, points in POINTS_2003.items() if answers.get(key) is True)
    score_1997 = sum(points for key, points in POINTS_1997.items() if answers.get(key) is True)
    tier = two_tier(score_2003)
    tiers = three_tier(score_1997)
    summary = f"Wells score {score_2003}: DVT {tier} (2003 rule). 1997 score {score_1997}: {tiers} pretest probability."
    return {
        "summary": summary,
        "inputs": given,
        "score": score_2003,
        "score_1997": score_1997,
        "two_tier": tier,
        "three_tier": tiers,
        "next_step": NEXT_STEPS[tier],
        "lines": [f"Next: {NEXT_STEPS[tier]}", VERSIONS_NOTE],
        "unanswered": [key for key in INPUTS if key not in answers],
        "citation": CITATIONS[0],
        "citations": list(CITATIONS),
    }


def derive(assessment: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """The two-tier result as a finding the causes weigh, with the score behind it."""
    tier = assessment["two_tier"]
    threshold = "2 or more" if tier == "likely" else "1 or less"
    return tier, {tier: f"Wells score {assessment['score']}: DVT {tier} ({threshold})"}
