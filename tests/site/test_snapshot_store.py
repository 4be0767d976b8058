"""The worker's memory snapshot is stored without its zero pages, and restored byte for byte (snapshot-store.mjs).

Saving the snapshot is on the calculator's way to ready, so its write is halved by leaving out the 4 KiB pages that
hold only zeros; these cases run the very module the worker imports, under Node.
"""

from __future__ import annotations

import json
import subprocess

from tests.conftest import REPO_ROOT

CHECK = REPO_ROOT / "tests" / "site" / "snapshot_store_check.mjs"
PAGE = 4096


def packed(cases: list[dict[str, object]]) -> list[dict[str, object]]:
    completed = subprocess.run(
        ["node", str(CHECK), json.dumps(cases)], capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(completed.stdout)


def test_a_snapshot_comes_back_byte_for_byte_whatever_its_length_and_alignment():
    cases = [
        {"length": 10 * PAGE, "offset": 0, "pages": [0, 3, 9]},
        {"length": 10 * PAGE + 128, "offset": 0, "pages": [1, 10]},  # a short last page holding data
        {"length": 7 * PAGE + 3, "offset": 1, "pages": [0, 6, 7]},  # not a whole number of words, not aligned
        {"length": 4 * PAGE, "offset": 0, "pages": []},  # all zeros
        {"length": 4 * PAGE, "offset": 0, "pages": [0, 1, 2, 3]},  # no zero page at all
    ]
    for case, result in zip(cases, packed(cases), strict=True):
        assert result["same"], case
        assert result["intoSame"], case  # read into the buffer the worker made ready while Pyodide instantiated


def test_a_snapshot_is_never_read_into_a_buffer_of_another_length():
    [result] = packed([{"length": 6 * PAGE, "offset": 0, "pages": [1, 4]}])
    assert result["wrongLengthIsNull"]


def test_zero_pages_are_not_stored():
    [mostly_zero, full] = packed(
        [
            {"length": 100 * PAGE, "offset": 0, "pages": [5, 50]},
            {"length": 100 * PAGE, "offset": 0, "pages": list(range(100))},
        ]
    )
    assert mostly_zero["packedBytes"] < 3 * PAGE
    assert full["packedBytes"] > 100 * PAGE  # every page, its map and header


def test_a_cut_short_or_unpacked_snapshot_is_not_restored():
    # A write cut off part-way, or a snapshot stored as it was before packing: start Python the normal way instead.
    [result] = packed([{"length": 20 * PAGE, "offset": 0, "pages": [2, 3, 19]}])
    assert result["truncatedIsNull"] and result["rawIsNull"]
