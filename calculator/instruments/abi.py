"""Ankle-brachial index, by the rule of the 2016 AHA/ACC and 2024 ACC/AHA PAD guidelines.

For each leg: the higher of the dorsalis pedis and posterior tibial systolic pressures at that ankle, divided
by the higher of the two arm (brachial) systolic pressures, recorded to two decimal places. Categories (both
guidelines): abnormal <= 0.90, borderline 0.91-0.99, normal 1.00-1.40, noncompressible > 1.40. The guidelines
define no mild/moderate/severe bands, so none are reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

NAME = "abi"
TITLE = "Ankle-brachial index"
CITATIONS = ("gerhard-herman-2017", "gornik-2024", "aboyans-2012")
SIDES = ("left", "right")
INPUTS = tuple(f"abi_{site}_{side}" for side in SIDES for site in ("brachial", "dp", "pt"))
CONTEXT_INPUTS = ("exertional",)  # read to choose the next test; not part of the index

NEXT_TEST = {
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


def _next_test(category: str, exertional: bool) -> str:
    if category in ("noncompressible", "abnormal"):
        return NEXT_TEST[category]
    return NEXT_TEST["exertional" if exertional else "at_rest"]


def assess(answers: Mapping[str, Any]) -> dict[str, Any] | None:
    """Each leg whose brachial and at least one ankle pressure are known; ``None`` when no pressure is given."""
    given = {key: answers[key] for key in INPUTS if key in answers}
    if not given:
        return None
    brachials = [answers[f"abi_brachial_{side}"] for side in SIDES if f"abi_brachial_{side}" in answers]
    result: dict[str, Any] = {"inputs": given, "citation": CITATIONS[0], "citations": list(CITATIONS)}
    missing = []
    for side in SIDES:
        ankles = [answers[key] for key in (f"abi_dp_{side}", f"abi_pt_{side}") if key in answers]
        if f"abi_brachial_{side}" not in answers or not ankles:
            missing.append(side)
            continue
        value = abi_value(max(ankles), max(brachials))
        category = classify_abi(value)
        result[side] = {
            "abi": value,
            "category": category,
            "ankle_pressure": max(ankles),
            "brachial_pressure": max(brachials),
            "next_test": _next_test(category, answers.get("exertional") is True),
        }
    if missing:
        result["incomplete"] = [
            f"{side} leg: needs the {side} arm pressure and at least one {side} ankle pressure" for side in missing
        ]
    legs = [
        f"{side.capitalize()} ABI {result[side]['abi']:.2f}: {result[side]['category']}"
        for side in SIDES
        if side in result
    ]
    result["summary"] = ". ".join(legs) + "." if legs else "Not enough pressures to compute an ABI yet."
    return result
