"""Rank the causes for one presentation, in the seeds' four tiers, with the findings behind each.

A cause's score is the sum of the weights (from its content file) of the findings that hold. A cause is listed
when the answers support it (a positive score), or, for a do-not-miss cause, when one of its red flags is raised;
a raised red flag keeps a do-not-miss cause in ``do_not_miss`` whatever its score.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calculator.conditions import describe, holds


def _assess_cause(cause: Mapping[str, Any], findings: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    score = 0
    reasons: list[str] = []
    against: list[str] = []
    for weighted in cause["weights"]:
        if not holds(weighted, answers):
            continue
        score += weighted["weight"]
        reason = weighted.get("reason") or describe(weighted, findings[weighted["finding"]], answers)
        label = f"{reason} ({weighted['weight']:+d})"
        (reasons if weighted["weight"] > 0 else against).append(label)
    red_flags = []
    for flag in cause["red_flags"]:
        if flag.get("when") and holds(flag["when"], answers):
            red_flags.append(flag["text"])
            # The flag is itself a reason to list the cause, even when no weighted finding supports it.
            reasons.append(f"Red flag: {describe(flag['when'], findings[flag['when']['finding']], answers)}")
    return {
        "id": cause["id"],
        "name": cause["name"],
        "tier": cause["tier"],
        "url": cause["url"],
        "score": score,
        "reasons": reasons,
        "against": against,
        "red_flags": red_flags,
    }


def _supported(entry: Mapping[str, Any]) -> bool:
    """Findings for the cause outweigh those against it."""
    return entry["score"] > 0


def _order(entry: Mapping[str, Any]) -> tuple[int, str]:
    return (-entry["score"], entry["id"])


def rank(data: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """most_likely, other_likely, do_not_miss and rare lists for ``answers`` (already validated)."""
    findings = {finding["id"]: finding for finding in data["findings"]}
    assessed = sorted((_assess_cause(cause, findings, answers) for cause in data["causes"]), key=_order)
    supported = [entry for entry in assessed if _supported(entry)]
    most_likely = supported[0] if supported else None
    others = [entry for entry in supported if entry is not most_likely]
    do_not_miss = [
        entry for entry in assessed if entry["tier"] == "do_not_miss" and (_supported(entry) or entry["red_flags"])
    ]
    lists = {
        "most_likely": most_likely,
        "other_likely": [entry for entry in others if entry["tier"] in ("most_likely", "other_likely")],
        "do_not_miss": do_not_miss,
        "rare": [entry for entry in others if entry["tier"] == "rare"],
    }
    for entry in assessed:  # red flags are reported on do-not-miss entries only, as the contract shapes them
        if entry["tier"] != "do_not_miss":
            del entry["red_flags"]
    return lists
