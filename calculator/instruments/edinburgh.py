"""Edinburgh Claudication Questionnaire (Leng and Fowkes, J Clin Epidemiol 1992).

Positive when: pain on walking (Q1 yes), never beginning at rest (Q2 no), brought on by walking uphill or
hurrying (Q3 yes), and usually gone within 10 minutes of standing still (Q5). A positive answer with calf pain is
definite claudication (other sites may be marked too); with thigh or buttock pain but none in the calf it is
atypical claudication; otherwise it is not claudication. Grade 1 if the pain does not come on at an ordinary
pace on the level (Q4 no), grade 2 if it does.

An answer that rules claudication out settles the classification ("none") however many are missing; otherwise a
missing answer the rule needs makes it "incomplete", never a guess.
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
QUESTIONS = {  # each question in a few words, numbered as the questionnaire numbers them
    "ecq_pain_walking": "Q1 (pain or discomfort in the leg when walking)",
    "ecq_begins_at_rest": "Q2 (whether the pain ever begins when standing still or sitting)",
    "ecq_uphill_or_hurrying": "Q3 (pain walking uphill or hurrying)",
    "ecq_ordinary_pace": "Q4 (pain at an ordinary pace on the level)",
    "ecq_stand_still": "Q5 (what happens to the pain on standing still)",
    "ecq_pain_sites": "where the pain is felt",
}
CLAUDICATION_SITES = ("calf", "thigh", "buttock")
WORDS = {
    "definite": "Definite claudication",
    "atypical": "Atypical claudication",
    "none": "Not claudication",
    "incomplete": "Incomplete: answer every question the rule needs",
}


def _given(answers: Mapping[str, Any], key: str) -> bool:
    # An empty list of pain sites says nothing about where the pain is.
    return key in answers and answers[key] != []


def rules_out(answers: Mapping[str, Any]) -> bool:
    """An answer given the way claudication never answers it."""
    sites = answers.get("ecq_pain_sites") or []
    return (
        answers.get("ecq_pain_walking") is False
        or answers.get("ecq_begins_at_rest") is True
        or answers.get("ecq_uphill_or_hurrying") is False
        or answers.get("ecq_stand_still", "gone_within_10_min") != "gone_within_10_min"
        or (bool(sites) and not any(site in sites for site in CLAUDICATION_SITES))
    )


def classify(answers: Mapping[str, Any]) -> str:
    """definite, atypical, none, or incomplete when an answer the rule needs is missing."""
    if rules_out(answers):
        return "none"
    if any(not _given(answers, key) for key in NEEDED_FOR_POSITIVE):
        return "incomplete"
    return "definite" if "calf" in answers["ecq_pain_sites"] else "atypical"


def assess(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """Classification and grade; ``missing`` lists questions still needed for a positive answer."""
    given = {key: answers[key] for key in INPUTS if key in answers}
    if not given:
        return None
    classification = classify(answers)
    grade = None
    if classification in ("definite", "atypical") and "ecq_ordinary_pace" in answers:
        grade = 2 if answers["ecq_ordinary_pace"] else 1
    summary = WORDS[classification] + (f", grade {grade}." if grade else ".")
    missing = [key for key in NEEDED_FOR_POSITIVE if not _given(answers, key)]
    lines = []
    if missing and classification != "none":
        lines.append("Still needed for a positive answer: " + "; ".join(QUESTIONS[key] for key in missing) + ".")
    return {
        "summary": summary,
        "inputs": given,
        "classification": classification,
        "grade": grade,
        "missing": missing,
        "lines": lines,
        "citation": CITATIONS[0],
        "citations": list(CITATIONS),
    }


def derive(assessment: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """The classification, worded with its grade: 'Edinburgh Claudication Questionnaire: definite claudication'."""
    classification = assessment["classification"]
    grade = f" (grade {assessment['grade']})" if assessment["grade"] else ""
    words = WORDS[classification]
    text = f"Edinburgh Claudication Questionnaire: {words[0].lower()}{words[1:]}{grade}"
    return classification, {classification: text}
