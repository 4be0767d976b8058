"""Ankle-brachial index, by the rule of the 2016 AHA/ACC and 2024 ACC/AHA PAD guidelines.

For each leg: the higher of the dorsalis pedis and posterior tibial systolic pressures at that ankle, divided
by the higher of the two arm (brachial) systolic pressures, recorded to two decimal places. Categories (both
guidelines): abnormal <= 0.90, borderline 0.91-0.99, normal 1.00-1.40, noncompressible > 1.40. The guidelines
define no mild/moderate/severe bands, so none are reported.

What a vascular lab really records is accepted: an ankle pressure of 0 mmHg (no Doppler signal, an ABI of 0.00),
and a single measured arm, which then serves both legs (the result says so, because the rule wants the higher of
both arms).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

NAME = "abi"
TITLE = "Ankle-brachial index"
CITATIONS = ("gerhard-herman-2017", "gornik-2024", "aboyans-2012", "conte-2019")
SIDES = ("left", "right")
INPUTS = tuple(f"abi_{site}_{side}" for side in SIDES for site in ("brachial", "dp", "pt"))
CONTEXT_INPUTS = ("exertional", "rest_pain_or_tissue_loss")  # read to choose the next test; not part of the index
CATEGORIES = ("abnormal", "borderline", "normal", "noncompressible")

NEXT_TEST = {
    "rest_pain_or_tissue_loss": (
        "Rest pain or tissue loss with this result: suspect chronic limb-threatening ischaemia. Measure toe "
        "pressure and the toe-brachial index (with waveforms), and TcPO2 or skin perfusion pressure where "
        "available, and refer urgently to a vascular specialist; referral does not wait for these tests."
    ),
    "noncompressible": (
        "Measure the toe-brachial index: arteries too stiff to compress make the ABI unreliable; a TBI of 0.70 "
        "or less is abnormal and diagnostic of PAD."
    ),
    "abnormal": "No further test is needed to diagnose PAD: an ABI of 0.90 or less is diagnostic.",
    "exertional": (
        "Exercise (treadmill) ABI: exertional, non-joint leg symptoms with a resting ABI above 0.90 and no higher "
        "than 1.40 may still be PAD. If the exercise ABI is normal, consider the other causes of leg pain."
    ),
    "at_rest": (
        "No further arterial test for this result; if walking brings on leg symptoms that are not from a joint, "
        "an exercise (treadmill) ABI can still show PAD."
    ),
}
ONE_ARM = (
    "Only the {arm} arm pressure was given, so it is used for both legs. The rule divides by the higher of the two "
    "arm pressures: measure both arms, since a lower arm pressure overstates the ABI."
)
NO_SIGNAL = "{Side} ankle: no Doppler signal (0 mmHg) at the arteries measured."


def abi_value(ankle: float, brachial: float) -> float:
    """``ankle / brachial`` rounded half up to two decimals, the same in every Python."""
    ratio = (Decimal(repr(ankle)) / Decimal(repr(brachial))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return float(ratio)


def classify_abi(value: float) -> str:
    """The guideline category of an ABI already rounded to two decimals."""
    if value > 1.40:
        return "noncompressible"
    if value >= 1.00:
        return "normal"
    if value >= 0.91:
        return "borderline"
    return "abnormal"


def _next_test(category: str, answers: Mapping[str, Any]) -> str:
    if answers.get("rest_pain_or_tissue_loss") is True:
        return NEXT_TEST["rest_pain_or_tissue_loss"]
    if category in ("noncompressible", "abnormal"):
        return NEXT_TEST[category]
    return NEXT_TEST["exertional" if answers.get("exertional") is True else "at_rest"]


def assess(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """Each leg with an arm and at least one ankle pressure known; ``None`` when no pressure is given."""
    given = {key: answers[key] for key in INPUTS if key in answers}
    if not given:
        return None
    arms = [side for side in SIDES if f"abi_brachial_{side}" in answers]
    result: dict[str, Any] = {"inputs": given, "citation": CITATIONS[0], "citations": list(CITATIONS)}
    notes: list[str] = []
    if len(arms) == 1:
        notes.append(ONE_ARM.format(arm=arms[0]))
    missing = []
    for side in SIDES:
        ankles = [answers[key] for key in (f"abi_dp_{side}", f"abi_pt_{side}") if key in answers]
        if not arms or not ankles:
            missing.append(side)
            continue
        brachial = max(answers[f"abi_brachial_{arm}"] for arm in arms)
        value = abi_value(max(ankles), brachial)
        category = classify_abi(value)
        if max(ankles) == 0:
            notes.append(NO_SIGNAL.format(Side=side.capitalize()))
        result[side] = {
            "abi": value,
            "category": category,
            "ankle_pressure": max(ankles),
            "brachial_pressure": brachial,
            "next_test": _next_test(category, answers),
        }
    if missing:
        result["incomplete"] = [
            f"{side} leg: needs an arm pressure and at least one {side} ankle pressure" for side in missing
        ]
    result["notes"] = notes
    legs = [
        f"{side.capitalize()} ABI {result[side]['abi']:.2f}: {result[side]['category']}"
        for side in SIDES
        if side in result
    ]
    result["summary"] = ". ".join(legs) + "." if legs else "Not enough pressures to compute an ABI yet."
    result["lines"] = (
        [
            f"{side.capitalize()} leg: ABI {result[side]['abi']:.2f} ({result[side]['category']}). "
            f"Next: {result[side]['next_test']}"
            for side in SIDES
            if side in result
        ]
        + [f"{line[0].upper()}{line[1:]}." for line in result.get("incomplete", [])]
        + notes
    )
    return result


def derive(assessment: Mapping[str, Any]) -> tuple[list[str], dict[str, str]] | None:
    """The categories of the legs measured, each with the numbers behind it ('ABI 0.70 (abnormal) in the right leg')."""
    legs = [side for side in SIDES if side in assessment]
    if not legs:
        return None
    evidence: dict[str, str] = {}
    for category in CATEGORIES:
        sides = [side for side in legs if assessment[side]["category"] == category]
        if sides:
            values = [f"{assessment[side]['abi']:.2f}" for side in sides]
            if len(sides) == 1:
                evidence[category] = f"ABI {values[0]} ({category}) in the {sides[0]} leg"
            else:
                evidence[category] = f"ABI {values[0]} in the left leg and {values[1]} in the right leg ({category})"
    return list(evidence), evidence
