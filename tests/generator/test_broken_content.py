"""The broken-content corpus: each case breaks the fixture content one way and pins the exact lines an editor sees.

A case is a directory under ``broken/`` holding files laid over ``tests/fixtures/content`` and ``expected.txt``
with the ``FILE:LINE: message`` lines `legcramps check` must print, in order. Paths are relative to the
repository root, as a pull-request reviewer sees them. A case's ``links.txt`` lists symbolic links to make in the
content (``LINK -> TARGET``; ``{outside}`` is a folder beside the content holding ``secret.txt``): links are made at
test time, as git does not check them out as links everywhere.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content import check_content

CORPUS = Path(__file__).parent / "broken"
LINKS = "links.txt"
CASES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())


SECRET = "password: hunter2"  # what a link points at: it must never be read into a message


def overlay(case: str, content: Path) -> None:
    for source in (CORPUS / case).rglob("*"):
        if source.is_file() and source.name not in ("expected.txt", LINKS):
            target = content / source.relative_to(CORPUS / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    links = CORPUS / case / LINKS
    if links.is_file():
        outside = content.parent / "outside"
        outside.mkdir(exist_ok=True)
        (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
        for line in links.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, target = (part.strip() for part in line.split(" -> "))
                link = content / name
                link.unlink(missing_ok=True)
                link.symlink_to(target.format(outside=outside))


@pytest.mark.parametrize("case", CASES)
def test_broken_content_gives_exact_file_line_messages(case, content_copy):
    overlay(case, content_copy)
    lines = [str(problem) for problem in check_content(content_copy, content_copy.parent)]
    expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert lines == expected
    assert not any("hunter2" in line or "outside" in line for line in lines)


def test_the_fixture_content_itself_is_clean(content_copy):
    assert check_content(content_copy, content_copy.parent) == []


def test_every_case_has_its_expected_lines():
    for case in CASES:
        assert (CORPUS / case / "expected.txt").is_file(), case
