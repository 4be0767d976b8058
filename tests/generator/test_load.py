"""The loader reads plain YAML only, keeps line numbers, and fails with one clear problem."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.load import LoadFailed, load_document


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str):
    return load_document(write(tmp_path, text), tmp_path)


def failure(tmp_path: Path, text: str) -> str:
    with pytest.raises(LoadFailed) as caught:
        load(tmp_path, text)
    return str(caught.value.problem)


def test_records_the_line_of_every_key_and_list_item(tmp_path):
    document = load(tmp_path, "id: a\nfeatures:\n  - one\n  - two\nreview:\n  status: draft\n")
    assert document.line_of(("id",)) == 1
    assert document.line_of(("features", 1)) == 4
    assert document.line_of(("review", "status")) == 6
    assert document.line_of(("review", "missing", "deeper")) == 5  # falls back to the nearest known parent


def test_dates_stay_text_so_the_schema_can_check_their_format(tmp_path):
    assert load(tmp_path, "last_reviewed: 2026-11-21\n").data == {"last_reviewed": "2026-11-21"}


def test_an_empty_file_is_one_problem(tmp_path):
    assert failure(tmp_path, "# only a comment\n") == "doc.yaml:1: file is empty; it needs the fields its schema lists"


def test_tab_indentation_names_the_line(tmp_path):
    assert failure(tmp_path, "id: a\nreview:\n\tstatus: draft\n") == (
        "doc.yaml:3: tab character used for indentation; YAML needs spaces"
    )


def test_duplicate_keys_are_refused_rather_than_silently_overwritten(tmp_path):
    assert "doc.yaml:2: invalid YAML: duplicate key 'id'" in failure(tmp_path, "id: a\nid: b\n")


def test_python_tags_are_refused(tmp_path):
    assert "tags (!...) are not allowed" in failure(tmp_path, "id: !!python/object:os.system x\n")


def test_an_alias_bomb_fails_fast_without_expanding(tmp_path):
    levels = [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 4) + "]\n" for i in range(20)]
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(levels)
    started = time.perf_counter()
    message = failure(tmp_path, bomb)
    assert time.perf_counter() - started < 2
    assert message.startswith("doc.yaml:2: invalid YAML: YAML aliases (*name) are not allowed")


def test_malformed_yaml_names_the_line_and_a_hint(tmp_path):
    message = failure(tmp_path, "id: a\nsummary: Pain: worse at night\n")
    assert message.startswith("doc.yaml:2: invalid YAML: mapping values are not allowed here")
    assert "must be quoted" in message


def test_text_starting_with_a_citation_must_be_quoted(tmp_path):
    message = failure(tmp_path, "items:\n  - [@allen-kirby-2012] says so\n")
    assert message.startswith("doc.yaml:2: invalid YAML")


def test_oversized_files_are_refused_before_parsing(tmp_path):
    assert "content files must be under" in failure(tmp_path, "x: " + "a" * 600_000 + "\n")


def test_non_utf8_files_name_the_line(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_bytes(b"id: a\nname: caf\xe9\n")
    with pytest.raises(LoadFailed) as caught:
        load_document(path, tmp_path)
    assert str(caught.value.problem) == "doc.yaml:2: file is not UTF-8 text; save it with UTF-8 encoding"


def test_the_editors_example_dumper_writes_dates_back_as_they_were_read(tmp_path):
    from generator.schema_reference import _yaml

    path = tmp_path / "x.yaml"
    path.write_text("last_reviewed: 2026-03-01\n", encoding="utf-8")
    data = load_document(path, tmp_path).data
    assert data == {"last_reviewed": "2026-03-01"}
    assert _yaml(data, flow=False) == "last_reviewed: 2026-03-01\n"
