"""Calcium corrected for albumin: a published rule that turns two lab answers into the value the causes weigh.

Total calcium falls with albumin, because about half of it is carried on albumin, so a low total calcium with a low
albumin may not be hypocalcaemia. The usual correction (StatPearls, Hypocalcemia) adds 0.8 mg/dL for each 1 g/dL
that albumin is below 4 g/dL; in SI units that is 0.02 mmol/L for each g/L below 40 g/L. Without albumin the total
calcium is weighed as measured, and the reason says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

NAME = "albumin_corrected_calcium"
TITLE = "Calcium corrected for albumin"
CITATIONS = ("statpearls-2023",)
INPUTS = ("calcium", "albumin")
REFERENCE_ALBUMIN_G_PER_L = Decimal(40)
MMOL_PER_L_PER_G_PER_L = Decimal("0.02")


def corrected_calcium(calcium: float, albumin: float) -> float:
    """Total calcium (mmol/L) + 0.02 x (40 - albumin g/L), rounded half up to two decimals in every Python."""
    corrected = Decimal(repr(calcium)) + MMOL_PER_L_PER_G_PER_L * (REFERENCE_ALBUMIN_G_PER_L - Decimal(repr(albumin)))
    return float(corrected.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def derive(answers: Mapping[str, Any]) -> tuple[float, dict[None, str]] | None:
    """The calcium the causes weigh, and how it was reached; ``None`` without a calcium answer."""
    if "calcium" not in answers:
        return None
    calcium = answers["calcium"]
    if "albumin" not in answers:
        return calcium, {None: f"Serum calcium {calcium:.2f} mmol/L (total; no albumin given to correct it)"}
    value = corrected_calcium(calcium, answers["albumin"])
    albumin = answers["albumin"]
    text = f"Calcium corrected for albumin {value:.2f} mmol/L (measured {calcium:.2f} mmol/L, albumin {albumin:g} g/L)"
    return value, {None: text}
