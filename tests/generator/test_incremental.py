"""The editor loop redoes only what an edit changed (generator/site_model.SiteModelBuilder), and still gives the model
a build from scratch gives. No timing here: what is counted is which files are parsed and which pages rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.problems import ContentError
from generator.site_model import SiteModel, SiteModelBuilder, load_site_model

CAUSE = "causes/limb-ischaemia.yaml"
CAUSE_PAGE = "causes/limb-ischaemia.md"
LISTING_PAGES = {"index.md", "causes/index.md"}  # the home page and the causes index list every cause
INSTRUMENT_PAGE = "instruments/ankle-brachial-index.md"
DATA_PAGES = {"calculator.md", INSTRUMENT_PAGE}


@pytest.fixture
def builder(content_copy: Path) -> SiteModelBuilder:
    built = SiteModelBuilder(content_copy, content_copy.parent)
    built.build()
    return built


def edit(content: Path, relpath: str, old: str, new: str) -> None:
    path = content / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {relpath}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def markdown_of(model: SiteModel) -> dict[str, str]:
    return {page.path: page.markdown for page in model.pages}


def assert_same_as_a_fresh_build(model: SiteModel, content: Path) -> None:
    fresh = load_site_model(content, content.parent)
    assert markdown_of(model) == markdown_of(fresh)
    assert [(page.path, page.title, page.source, page.review) for page in model.pages] == [
        (page.path, page.title, page.source, page.review) for page in fresh.pages
    ]
    assert model.nav == fresh.nav
    assert model.calculator_data == fresh.calculator_data


def test_the_first_build_parses_every_file_and_renders_every_page(content_copy: Path):
    builder = SiteModelBuilder(content_copy, content_copy.parent)
    model = builder.build()
    assert len(builder.documents.parsed) == len(list(content_copy.rglob("*.yaml")))
    assert sorted(builder.pages.rendered) == sorted(page.path for page in model.pages)
    assert_same_as_a_fresh_build(model, content_copy)


def test_a_build_with_nothing_changed_parses_and_renders_nothing(builder: SiteModelBuilder, content_copy: Path):
    model = builder.build()
    assert builder.documents.parsed == []
    assert builder.pages.rendered == []
    assert_same_as_a_fresh_build(model, content_copy)


def test_saving_a_file_unchanged_parses_nothing(builder: SiteModelBuilder, content_copy: Path):
    path = content_copy / CAUSE
    path.write_bytes(path.read_bytes())  # a new modification time, the same bytes
    builder.build()
    assert builder.documents.parsed == []
    assert builder.pages.rendered == []


def test_an_edit_to_one_cause_renders_its_page_and_the_pages_listing_it(builder: SiteModelBuilder, content_copy: Path):
    before = markdown_of(builder.build())
    edit(content_copy, CAUSE, "summary: Threatens the limb", "summary: Edited. Threatens the limb")
    model = builder.build()
    assert builder.documents.parsed == [f"content/{CAUSE}"]
    assert set(builder.pages.rendered) == {CAUSE_PAGE, *LISTING_PAGES}
    after = markdown_of(model)
    # Of those, the pages whose text changed: the cause and the causes index (which shows summaries).
    assert {path for path in after if after[path] != before[path]} == {CAUSE_PAGE, "causes/index.md"}
    assert "Edited. Threatens the limb" in after[CAUSE_PAGE]
    assert_same_as_a_fresh_build(model, content_copy)


def test_a_weight_edit_exports_the_data_again_and_renders_the_calculator_pages(
    builder: SiteModelBuilder, content_copy: Path
):
    before = builder.build().calculator_data
    edit(content_copy, CAUSE, "{finding: age, at_least: 50, weight: 1}", "{finding: age, at_least: 50, weight: 2}")
    model = builder.build()
    weights = {cause["id"]: cause["weights"] for cause in model.calculator_data["causes"]}
    assert weights["limb-ischaemia"][0]["weight"] == 2
    assert model.calculator_data["version"] != before["version"]
    assert INSTRUMENT_PAGE in builder.pages.rendered  # its worked examples rank the causes
    assert set(builder.pages.rendered) <= {CAUSE_PAGE, *LISTING_PAGES, *DATA_PAGES}
    assert_same_as_a_fresh_build(model, content_copy)


def test_a_text_edit_leaves_the_calculator_pages_alone(builder: SiteModelBuilder, content_copy: Path):
    edit(content_copy, CAUSE, "mechanism: Arterial narrowing", "mechanism: Edited arterial narrowing")
    builder.build()
    assert not DATA_PAGES & set(builder.pages.rendered)


def test_renaming_a_cause_renders_every_page_that_may_link_it(builder: SiteModelBuilder, content_copy: Path):
    edit(content_copy, CAUSE, "name: Limb ischaemia", "name: Critical limb ischaemia")
    model = builder.build()
    assert set(builder.pages.rendered) == {page.path for page in model.pages}  # a [[cause-id]] link shows the name
    assert_same_as_a_fresh_build(model, content_copy)


def test_an_edit_to_the_references_renders_the_pages_again(builder: SiteModelBuilder, content_copy: Path):
    references = (content_copy / "references.yaml").read_text(encoding="utf-8")
    assert "title: " in references
    edit(content_copy, "references.yaml", "title: ", "title: Edited ")
    model = builder.build()
    assert builder.documents.parsed == ["content/references.yaml"]
    assert "references.md" in builder.pages.rendered
    assert_same_as_a_fresh_build(model, content_copy)


def test_adding_and_removing_a_cause(builder: SiteModelBuilder, content_copy: Path):
    source = (content_copy / CAUSE).read_text(encoding="utf-8")
    added = source.replace("id: limb-ischaemia", "id: new-cause").replace("name: Limb ischaemia", "name: New cause")
    (content_copy / "causes" / "new-cause.yaml").write_text(added, encoding="utf-8")
    model = builder.build()
    assert builder.documents.parsed == ["content/causes/new-cause.yaml"]
    assert "causes/new-cause.md" in markdown_of(model)
    assert_same_as_a_fresh_build(model, content_copy)

    (content_copy / "causes" / "new-cause.yaml").unlink()
    model = builder.build()
    assert builder.documents.parsed == []
    assert "causes/new-cause.md" not in markdown_of(model)
    assert_same_as_a_fresh_build(model, content_copy)


def test_a_broken_save_reports_its_line_and_the_next_good_save_recovers(builder: SiteModelBuilder, content_copy: Path):
    good = (content_copy / CAUSE).read_text(encoding="utf-8")
    edit(content_copy, CAUSE, "summary: Threatens the limb [@gamma-2021].", "summary: [unclosed\n  broken: [")
    with pytest.raises(ContentError) as raised:
        builder.build()
    lines = str(raised.value).splitlines()
    assert lines and all(line.startswith(f"content/{CAUSE}:") for line in lines), lines
    assert int(lines[0].split(":")[1]) > 1  # the line of the problem, not the top of the file

    (content_copy / CAUSE).write_text(good.replace("Threatens the limb", "Recovered, threatens the limb"), "utf-8")
    model = builder.build()
    assert builder.documents.parsed == [f"content/{CAUSE}"]
    assert "Recovered, threatens the limb" in markdown_of(model)[CAUSE_PAGE]
    assert_same_as_a_fresh_build(model, content_copy)


def test_a_cross_file_problem_is_found_when_the_other_file_changes(builder: SiteModelBuilder, content_copy: Path):
    """The cross-file checks run on the whole set: the night-cramps file is unchanged, yet its link breaks."""
    edit(content_copy, CAUSE, "related: [night-cramps]", "related: [night-cramps-renamed]")
    with pytest.raises(ContentError) as raised:
        builder.build()
    assert "unknown cause id 'night-cramps-renamed'" in str(raised.value)
    edit(content_copy, CAUSE, "related: [night-cramps-renamed]", "related: [night-cramps]")
    assert_same_as_a_fresh_build(builder.build(), content_copy)
