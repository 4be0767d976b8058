"""The broken-content corpus: each case breaks the fixture content one way and pins the exact lines an editor sees.

A case is a directory under ``broken/`` holding files laid over ``tests/fixtures/content`` and ``expected.txt``
with the ``FILE:LINE: message`` lines `legcramps check` must print, in order. Paths are relative to the
repository root, as a pull-request reviewer sees them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content import check_content

CORPUS = Path(__file__).parent / "broken"
CASES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())


def overlay(case: str, content: Path) -> None:
    for source in (CORPUS / case).rglob("*"):
        if source.is_file() and source.name != "expected.txt":
            target = content / source.relative_to(CORPUS / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


@pytest.mark.parametrize("case", CASES)
def test_broken_content_gives_exact_file_line_messages(case, content_copy):
    overlay(case, content_copy)
    lines = [str(problem) for problem in check_content(content_copy, content_copy.parent)]
    expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert lines == expected


def test_the_fixture_content_itself_is_clean(content_copy):
    assert check_content(content_copy, content_copy.parent) == []


def test_every_case_has_its_expected_lines():
    for case in CASES:
        assert (CORPUS / case / "expected.txt").is_file(), case
