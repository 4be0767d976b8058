"""Edinburgh Claudication Questionnaire (Leng and Fowkes, J Clin Epidemiol 1992).

Positive when: pain on walking (Q1 yes), never beginning at rest (Q2 no), brought on by walking uphill or
hurrying (Q3 yes), and usually gone within 10 minutes of standing still (Q5). A positive answer with calf pain is
definite claudication (other sites may be marked too); with thigh or buttock pain but none in the calf it is
atypical claudication; otherwise it is not claudication. Grade 1 if the pain does not come on at an ordinary
pace on the level (Q4 no), grade 2 if it does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NAME = "edinburgh_claudication"
TITLE = "Edinburgh Claudication Questionnaire"
CITATIONS = ("leng-fowkes-1992",)
INPUTS = (
    "ecq_pain_walking",
    "ecq_begins_at_rest",
    "ecq_uphill_or_hurrying",
    "ecq_ordinary_pace",
    "ecq_stand_still",
    "ecq_pain_sites",
)
NEEDED_FOR_POSITIVE = (
    "ecq_pain_walking",
    "ecq_begins_at_rest",
    "ecq_uphill_or_hurrying",
    "ecq_stand_still",
    "ecq_pain_sites",
)


def is_positive(answers: Mapping[str, Any]) -> bool:
    """Questions 1, 2, 3 and 5 answered the way claudication answers them."""
    return (
        answers.get("ecq_pain_walking") is True
        and answers.get("ecq_begins_at_rest") is False
        and answers.get("ecq_uphill_or_hurrying") is True
        and answers.get("ecq_stand_still") == "gone_within_10_min"
    )


def classify(answers: Mapping[str, Any]) -> str:
    """definite, atypical or none."""
    if not is_positive(answers):
        return "none"
    sites = answers.get("ecq_pain_sites", [])
    if "calf" in sites:
        return "definite"
    if "thigh" in sites or "buttock" in sites:
        return "atypical"
    return "none"


def assess(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """Classification and grade; ``missing`` lists questions still needed for a positive answer."""
    given = {key: answers[key] for key in INPUTS if key in answers}
    if not given:
        return None
    classification = classify(answers)
    grade = None
    if classification != "none" and "ecq_ordinary_pace" in answers:
        grade = 2 if answers["ecq_ordinary_pace"] else 1
    words = {"definite": "Definite claudication", "atypical": "Atypical claudication", "none": "Not claudication"}
    summary = words[classification] + (f", grade {grade}." if grade else ".")
    return {
        "summary": summary,
        "inputs": given,
        "classification": classification,
        "grade": grade,
        "missing": [key for key in NEEDED_FOR_POSITIVE if key not in answers],
        "citation": CITATIONS[0],
        "citations": list(CITATIONS),
    }
