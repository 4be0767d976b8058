"""Rank the causes for one presentation, in the seeds' four tiers, with the findings behind each.

A cause's score is the sum of the weights (from its content file) of the findings that hold, answers and the
findings the instruments work out alike. The rules that keep the ranking from reassuring falsely:

- A cause is listed only when a finding that is not mere context (age, which legs, where) supports it and its
  score is positive: context orders causes, it never names one. A weight marked ``rules_out`` (an IRLSSG criterion
  unmet) keeps the cause off the lists whatever else supports it, unless one of its red flags is raised.
- A tie at the top is shown as a tie: no single most likely cause is named, and tied entries say whom they are
  tied with. Within a tie, emergencies are listed first, never a benign cause by the spelling of its id.
- A red flag raised by any cause puts that cause in ``do_not_miss`` with the flag, whatever its tier and score,
  and while a red flag is raised no cause without one is named most likely.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calculator.conditions import all_hold, describe, describe_all, holds

TIER_ORDER = ("do_not_miss", "other_likely", "rare", "most_likely")  # within a tie: the cost of missing it first
QUESTIONS_SHOWN = 4


def _assess_cause(
    cause: Mapping[str, Any],
    findings: Mapping[str, Mapping[str, Any]],
    facts: Mapping[str, Any],
    evidence: Mapping[str, Mapping[Any, str]],
) -> dict[str, Any]:
    score = 0
    support = 0  # from findings that are more than context
    ruled_out = False
    reasons: list[str] = []
    against: list[str] = []
    # The same findings with their weight apart from their words, so a page can show an answer without mixing the
    # differential's weight into it (an instrument's own points stay with the instrument).
    weighed: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for weighted in cause["weights"]:
        if not holds(weighted, facts):
            continue
        finding = findings[weighted["finding"]]
        weight = weighted["weight"]
        score += weight
        ruled_out = ruled_out or bool(weighted.get("rules_out"))
        if weight > 0 and not finding.get("context"):
            support += weight
        answer = describe(weighted, finding, facts, evidence)
        text = f"{answer}: {weighted['reason']}" if weighted.get("reason") else answer
        (reasons if weight > 0 else against).append(f"{text} ({weight:+d})")
        detail = {"finding": answer, "weight": weight}
        if weighted.get("reason"):
            detail["why"] = weighted["reason"]
        weighed[weight > 0].append(detail)
    red_flags = []
    raised_by = []
    for flag in cause["red_flags"]:
        if flag.get("when") and all_hold(flag["when"], facts):
            red_flags.append(flag["text"])
            # The flag is itself a reason to list the cause, even when no weighted finding supports it.
            raised_by.append(describe_all(flag["when"], findings, facts, evidence))
            reasons.append(f"Red flag: {raised_by[-1]}")
    return {
        "id": cause["id"],
        "name": cause["name"],
        "tier": cause["tier"],
        "url": cause["url"],
        "score": score,
        "support": 0 if ruled_out else support,  # an answer that rules the cause out leaves nothing to list it
        "reasons": reasons,
        "against": against,
        "red_flags": red_flags,
        "red_flags_raised_by": raised_by,  # the answers behind each red flag, in the same order
        "reasons_weighed": weighed[True],
        "against_weighed": weighed[False],
        "tied_with": [],
    }


def _supported(entry: Mapping[str, Any]) -> bool:
    """A finding beyond context speaks for the cause, and the findings for it outweigh those against it."""
    return entry["score"] > 0 and entry["support"] > 0


def _order(entry: Mapping[str, Any]) -> tuple[int, int, str]:
    return (-entry["score"], TIER_ORDER.index(entry["tier"]), entry["id"])


def _mark_ties(listed: list[dict[str, Any]]) -> None:
    for entry in listed:
        entry["tied_with"] = [
            other["id"] for other in listed if other is not entry and other["score"] == entry["score"]
        ]


def _most_likely(listed: list[dict[str, Any]], flagged: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not listed or listed[0]["tied_with"]:
        return None
    top = listed[0]
    if flagged and not top["red_flags"] and top["tier"] != "do_not_miss":
        return None
    return top


def rank(
    data: Mapping[str, Any], facts: Mapping[str, Any], evidence: Mapping[str, Mapping[Any, str]]
) -> dict[str, Any]:
    """most_likely, other_likely, do_not_miss and rare for ``facts`` (validated answers plus derived findings)."""
    findings = {finding["id"]: finding for finding in data["findings"]}
    assessed = sorted((_assess_cause(cause, findings, facts, evidence) for cause in data["causes"]), key=_order)
    listed = [entry for entry in assessed if _supported(entry)]
    _mark_ties(listed)
    flagged = [entry for entry in assessed if entry["red_flags"]]
    most_likely = _most_likely(listed, flagged)
    others = [entry for entry in listed if entry is not most_likely]
    do_not_miss = flagged + [entry for entry in listed if entry["tier"] == "do_not_miss" and not entry["red_flags"]]
    for entry in assessed:
        del entry["support"]
    return {
        "most_likely": most_likely,
        "other_likely": [_without_flags(entry) for entry in others if entry["tier"] in ("most_likely", "other_likely")],
        "do_not_miss": do_not_miss,
        "rare": [_without_flags(entry) for entry in others if entry["tier"] == "rare"],
    }


def _without_flags(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An entry for the likely and rare lists: a raised red flag is shown once, where do_not_miss lists the cause."""
    return {key: value for key, value in entry.items() if key not in ("red_flags", "red_flags_raised_by")}


def separating_questions(data: Mapping[str, Any], facts: Mapping[str, Any], candidates: list[str]) -> list[str]:
    """The unanswered questions that would best separate ``candidates`` (all causes when empty).

    A question scores by how far apart its answer would pull the causes: first by the weights that would count
    for a cause, then by those that would count against one.
    """
    causes = [cause for cause in data["causes"] if not candidates or cause["id"] in candidates]
    scored: list[tuple[int, int, int, str]] = []
    for index, finding in enumerate(data["findings"]):
        if finding["id"] in facts or finding.get("context"):
            continue
        weights = [[w["weight"] for w in cause["weights"] if w["finding"] == finding["id"]] for cause in causes]
        if candidates:  # between a few named causes: how far apart the answer pulls them for, then most against
            pull_for = [max([w for w in ws if w > 0], default=0) for ws in weights]
            pull_against = [max([-w for w in ws if w < 0], default=0) for ws in weights]
            key = (max(pull_for) - min(pull_for), max(pull_against))
        else:  # across all causes: how many causes the answer moves, then how far
            key = (sum(1 for ws in weights if ws), sum(abs(w) for ws in weights for w in ws))
        if any(key):
            scored.append((-key[0], -key[1], index, finding["label"]))
    return [label for *_, label in sorted(scored)[:QUESTIONS_SHOWN]]


def ranked_entries(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every cause a result lists, once, in the calculator's order: score, then the cost of missing it, then id."""
    entries = [result["most_likely"], *result["do_not_miss"], *result["other_likely"], *result["rare"]]
    unique = {entry["id"]: entry for entry in reversed(entries) if entry is not None}
    return sorted(unique.values(), key=_order)
