"""Calcium corrected for albumin (calculator/labs.py): the value the causes weigh, and the words behind it."""

from __future__ import annotations

import pytest

from calculator import labs


@pytest.mark.parametrize(
    ("calcium", "albumin", "corrected"),
    [(2.0, 40, 2.0), (1.9, 25, 2.2), (2.1, 30, 2.3), (2.4, 50, 2.2), (1.81, 26, 2.09)],
)
def test_corrected_calcium_adds_0_02_mmol_per_g_of_albumin_below_40(calcium, albumin, corrected):
    assert labs.corrected_calcium(calcium, albumin) == corrected


def test_without_albumin_the_total_calcium_is_weighed_and_the_words_say_so():
    value, evidence = labs.derive({"calcium": 1.95})
    assert value == 1.95
    assert evidence == {None: "Serum calcium 1.95 mmol/L (total; no albumin given to correct it)"}


def test_with_albumin_the_corrected_value_is_weighed_with_the_measured_one_shown():
    value, evidence = labs.derive({"calcium": 1.9, "albumin": 25})
    assert value == 2.2
    assert evidence == {None: "Calcium corrected for albumin 2.20 mmol/L (measured 1.90 mmol/L, albumin 25 g/L)"}


def test_albumin_alone_derives_nothing():
    assert labs.derive({"albumin": 30}) is None


def test_a_low_total_calcium_explained_by_a_low_albumin_does_not_count_as_hypocalcaemia(evaluate):
    result = evaluate({"calcium": 1.9, "albumin": 25})
    entries = [result["most_likely"], *result["other_likely"], *result["do_not_miss"], *result["rare"]]
    assert "electrolyte-imbalance" not in [entry["id"] for entry in entries if entry]
    assert "Calcium corrected for albumin 2.20 mmol/L (measured 1.90 mmol/L, albumin 25 g/L)." in result["notes"]


def test_a_low_corrected_calcium_counts_with_the_correction_in_the_reason(evaluate):
    result = evaluate({"calcium": 1.8, "albumin": 38})
    entry = next(
        e for e in result["other_likely"] + [result["most_likely"]] if e and e["id"] == "electrolyte-imbalance"
    )
    assert any(reason.startswith("Calcium corrected for albumin 1.84 mmol/L") for reason in entry["reasons"])
