"""How numbers read in messages and reasons: 70, not 70.0; 3.5 as written."""

from __future__ import annotations


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
