"""The calculator's data can hold no number the browser cannot use: the exporter refuses a non-finite number or a
weight that is not whole, and every writer of data.json refuses Infinity and NaN (JSON has neither)."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from calculator.instruments import INSTRUMENTS
from generator.cli import main
from generator.content import load_content
from generator.export import ExportError, export_calculator_data
from generator.filters import reference_entry
from generator.model import Content
from generator.publish.calculator_assets import _write_json
from tests.conftest import FIXTURE_CONTENT, REAL_CONTENT, REPO_ROOT


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(FIXTURE_CONTENT, REPO_ROOT)


def with_first_weight(content: Content, **changes) -> Content:
    """``content`` with the first weighted finding of its first cause changed (the model is frozen)."""
    cause = content.causes[0]
    first = cause.findings[0]
    if "weight" in changes:
        first = dataclasses.replace(first, weight=changes.pop("weight"))
    first = dataclasses.replace(first, condition=dataclasses.replace(first.condition, **changes))
    cause = dataclasses.replace(cause, findings=(first, *cause.findings[1:]))
    return dataclasses.replace(content, causes=(cause, *content.causes[1:]))


def test_the_fixture_exports_as_strict_json(content):
    json.dumps(export_calculator_data(content), allow_nan=False)


@pytest.mark.parametrize("weight", [2.0, 1.5, True])
def test_a_weight_that_is_not_a_whole_number_is_refused(content, weight):
    with pytest.raises(ExportError, match=r"^calculator data: cause limb-ischaemia\.weights\[0\]\.weight is .*, not a"):
        export_calculator_data(with_first_weight(content, weight=weight))


@pytest.mark.parametrize("bound", [math.inf, -math.inf, math.nan])
def test_a_non_finite_bound_is_refused(content, bound):
    with pytest.raises(ExportError, match=r"weights\[0\]\.at_least is (inf|-inf|nan), not a finite number"):
        export_calculator_data(with_first_weight(content, at_least=bound))


def test_a_non_finite_finding_range_is_refused(content):
    findings = content.findings
    age = next(finding for finding in findings.findings if finding.minimum is not None)
    changed = tuple(dataclasses.replace(f, maximum=math.inf) if f is age else f for f in findings.findings)
    broken = dataclasses.replace(content, findings=dataclasses.replace(findings, findings=changed))
    with pytest.raises(ExportError, match=rf"^calculator data: finding {age.id}\.maximum is inf, not a finite number"):
        export_calculator_data(broken)


def test_data_json_is_never_written_with_infinity_or_nan(tmp_path):
    with pytest.raises(ValueError):
        _write_json(tmp_path / "data.json", {"maximum": math.inf})
    assert not (tmp_path / "data.json").exists()


def test_export_data_reports_a_refusal_as_one_error_line(content, tmp_path, capsys, monkeypatch):
    broken = with_first_weight(content, weight=2.0)
    monkeypatch.setattr("generator.cli._load_or_report", lambda path: broken)
    out = tmp_path / "data.json"
    assert main(["export-data", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: calculator data: cause limb-ischaemia.weights[0].weight is 2.0, not a whole number")
    assert err.count("\n") == 1 and not out.exists()


@pytest.fixture(scope="module")
def real_data() -> dict:
    return export_calculator_data(load_content(REAL_CONTENT, REPO_ROOT))


def test_every_reference_a_result_can_cite_is_exported_formatted_as_the_references_page_formats_it(real_data):
    content = load_content(REAL_CONTENT, REPO_ROOT)
    cited = {ref for module in INSTRUMENTS for ref in module.CITATIONS} | set(
        real_data["result_sources"]["patient_next_step"]
    )
    cited |= {
        ref
        for cause in real_data["causes"]
        for flag in cause["red_flags"]
        for ref in flag["patient"].get("sources", [])
    }
    assert cited <= set(real_data["references"])
    entry = real_data["references"]["gerhard-herman-2017"]
    assert entry["text"].startswith("Gerhard-Herman MD, Gornik HL")
    assert "Circulation. 2017;135(12):e726-e779." in entry["text"]
    assert {
        "label": "doi:10.1161/CIR.0000000000000471",
        "url": "https://doi.org/10.1161/CIR.0000000000000471",
    } in entry["links"]
    # The same sentences as the references page, which only adds Markdown escapes, italics and the links.
    page_entry = str(reference_entry(content.references["gerhard-herman-2017"]))
    assert page_entry.replace("*", "").startswith(entry["text"])


def test_the_results_sentences_are_plain_words_and_their_sources_are_given_apart(real_data):
    assert "[@" not in "".join(real_data["result_text"].values())
    assert real_data["result_sources"]["patient_next_step"] == ["nhs-leg-cramps"]
    assert real_data["result_text"]["patient_next_step"].endswith("longer than 10 minutes.")


def test_each_red_flag_carries_its_patient_wording_and_how_soon_to_get_help(real_data):
    dvt = next(cause for cause in real_data["causes"] if cause["id"] == "deep-vein-thrombosis")
    patient = dvt["red_flags"][0]["patient"]
    assert patient["level"] == "today" and patient["text"].startswith("One whole leg that has become swollen")
    assert "[@" not in patient["text"] and "nhs-inform-dvt" in patient["sources"]
    assert list(real_data["help_levels"]) == ["ambulance", "today", "gp"]
    assert all(cause["plain_name"] for cause in real_data["causes"])
