"""Clinical review governance: review dates are checked, overdue reviews reported, and every page shows its state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.cli import main
from generator.content import check_content, load_content, load_documents
from generator.model import Review, default_next_review
from generator.render import render_site
from generator.review import stale_reviews
from tests.conftest import FIXTURE_CONTENT, REPO_ROOT

NIGHT_CRAMPS = "causes/night-cramps.yaml"  # fixture: draft, last reviewed 2026-01-01, no next_review_due (line 20)


def replace_review(content: Path, relpath: str, review_lines: str) -> None:
    """Swap the fixture file's one-line review record for ``review_lines`` (block style), at the end of the file."""
    path = content / relpath
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("review:")]
    path.write_text("\n".join(kept) + "\nreview:\n" + review_lines, encoding="utf-8")


def pages_on(day: date, **options):
    return {page.path: page for page in render_site(load_content(FIXTURE_CONTENT, REPO_ROOT), today=day, **options)}


# -- the review record ---------------------------------------------------------------------------------------------
def test_an_approval_must_name_the_reviewer_and_their_role(content_copy):
    replace_review(
        content_copy, NIGHT_CRAMPS, "  status: approved\n  reviewed_by: Dr Test\n  last_reviewed: 2026-05-01\n"
    )
    (problem,) = check_content(content_copy, content_copy.parent)
    assert str(problem).startswith(
        "content/causes/night-cramps.yaml:21: review.status is approved but the record has no reviewer_role: add their"
    )


def test_an_approval_naming_reviewer_and_role_is_accepted(content_copy):
    replace_review(
        content_copy,
        NIGHT_CRAMPS,
        "  status: approved\n  reviewed_by: Dr Test\n  reviewer_role: GP\n  last_reviewed: 2026-05-01\n",
    )
    assert check_content(content_copy, content_copy.parent) == []


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_a_page_not_yet_approved_needs_no_reviewer(content_copy, status):
    replace_review(content_copy, NIGHT_CRAMPS, f"  status: {status}\n  last_reviewed: 2026-05-01\n")
    assert check_content(content_copy, content_copy.parent) == []


def test_a_next_review_due_before_the_last_review_is_an_error_on_its_line(content_copy):
    replace_review(
        content_copy, NIGHT_CRAMPS, "  status: in_review\n  last_reviewed: 2026-05-01\n  next_review_due: 2026-04-30\n"
    )
    assert [str(p) for p in check_content(content_copy, content_copy.parent)] == [
        "content/causes/night-cramps.yaml:23: review.next_review_due: 2026-04-30 must be after "
        "review.last_reviewed (2026-05-01)"
    ]


def test_a_next_review_due_on_the_day_of_the_last_review_is_an_error_too(content_copy):
    replace_review(
        content_copy, NIGHT_CRAMPS, "  status: in_review\n  last_reviewed: 2026-05-01\n  next_review_due: 2026-05-01\n"
    )
    assert [p.line for p in check_content(content_copy, content_copy.parent)] == [23]


def test_a_date_that_does_not_exist_is_an_error(content_copy):
    replace_review(content_copy, NIGHT_CRAMPS, "  status: draft\n  last_reviewed: 2026-02-29\n")
    assert [str(p) for p in check_content(content_copy, content_copy.parent)] == [
        "content/causes/night-cramps.yaml:22: review.last_reviewed: '2026-02-29' is not a real date"
    ]


def test_next_review_due_defaults_to_one_year_after_the_last_review():
    review = Review.build({"status": "draft", "last_reviewed": "2026-01-01"})
    assert (review.next_review_due, review.next_review_defaulted) == ("2027-01-01", True)
    given = Review.build({"status": "draft", "last_reviewed": "2026-01-01", "next_review_due": "2026-07-01"})
    assert (given.next_review_due, given.next_review_defaulted) == ("2026-07-01", False)
    assert default_next_review(date(2028, 2, 29)) == date(2029, 2, 28)


def test_a_review_is_overdue_from_the_day_after_it_falls_due():
    review = Review.build({"status": "approved", "last_reviewed": "2026-01-01", "next_review_due": "2027-01-01"})
    assert not review.is_overdue(date(2027, 1, 1))
    assert review.days_overdue(date(2027, 1, 2)) == 1


# -- legcramps check --stale ---------------------------------------------------------------------------------------
def stale_files(day: date) -> list[str]:
    return [item.file for item in stale_reviews(load_documents(FIXTURE_CONTENT, REPO_ROOT).documents, day)]


def test_stale_reviews_are_those_past_due_on_the_given_day():
    assert stale_files(date(2027, 1, 1)) == []
    after = stale_files(date(2027, 1, 2))
    assert "tests/fixtures/content/causes/night-cramps.yaml" in after
    assert "tests/fixtures/content/site.yaml" in after
    assert "tests/fixtures/content/causes/limb-ischaemia.yaml" not in after  # due 2027-02-01
    assert "tests/fixtures/content/calculator.yaml" not in after  # due 2027-11-21
    assert len(stale_files(date(2030, 1, 1))) == 10  # every page with a review record


@pytest.fixture
def in_copy(content_copy, monkeypatch) -> Path:
    """Run the command from the copy's parent, so paths print as content/..."""
    monkeypatch.chdir(content_copy.parent)
    return content_copy


def test_check_stale_prints_warnings_with_file_and_line_and_exits_0(in_copy, capsys):
    assert main(["check", "--stale", "--today", "2027-01-20"]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert len(lines) == 8
    assert (
        "content/causes/night-cramps.yaml:20: warning: clinical review overdue by 19 days: next review was due "
        "2027-01-01 (1 year after last_reviewed; set review.next_review_due to change it), last reviewed 2026-01-01"
    ) in lines
    assert (
        "content/site.yaml:10: warning: clinical review overdue by 19 days: next review was due 2027-01-01, "
        "last reviewed 2026-01-01"
    ) in lines
    assert out.err == "content OK; 8 clinical review(s) overdue (warnings)\n"


def test_check_stale_points_at_the_next_review_due_line(in_copy, capsys):
    replace_review(
        in_copy, NIGHT_CRAMPS, "  status: draft\n  last_reviewed: 2026-01-01\n  next_review_due: 2026-06-01\n"
    )
    assert main(["check", "--stale", "--today", "2026-06-02"]) == 0
    assert capsys.readouterr().out == (
        "content/causes/night-cramps.yaml:23: warning: clinical review overdue by 1 day: next review was due "
        "2026-06-01, last reviewed 2026-01-01\n"
    )


@pytest.mark.parametrize("flags", [["--stale=error"], ["--fail-on-stale"], ["--stale", "error"]])
def test_stale_reviews_fail_the_check_only_when_asked(in_copy, capsys, flags):
    assert main(["check", *flags, "--today", "2027-01-20"]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines()[0].startswith("content/approach.yaml:6: clinical review overdue by 19 days")
    assert "warning:" not in out.out
    assert out.err == "8 clinical review(s) overdue\n"


def test_nothing_overdue_passes_even_when_stale_reviews_are_errors(in_copy, capsys):
    assert main(["check", "--stale=error", "--today", "2026-12-31"]) == 0
    out = capsys.readouterr()
    assert (out.out, out.err) == ("", "content OK\n")


def test_without_stale_overdue_reviews_are_not_reported(in_copy, capsys):
    assert main(["check", "--today", "2030-01-01"]) == 0
    assert capsys.readouterr().out == ""


def test_content_problems_still_fail_when_stale_reviews_are_only_warnings(in_copy, capsys):
    replace_review(in_copy, NIGHT_CRAMPS, "  status: finished\n  last_reviewed: 2026-01-01\n")
    assert main(["check", "--stale", "--today", "2027-01-20"]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines()[0] == (
        "content/causes/night-cramps.yaml:21: review.status: 'finished' is not allowed; use one of: draft, in_review, "
        "approved"
    )
    assert out.err == "1 problem(s) found; 7 clinical review(s) overdue\n"


def test_stale_reviews_as_github_annotations(in_copy, capsys):
    assert main(["check", "--stale", "--format", "github", "--today", "2027-01-02"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "::warning file=content/approach.yaml,line=6::clinical review overdue by 1 day: next review was due "
        "2027-01-01 (1 year after last_reviewed; set review.next_review_due to change it), last reviewed 2026-01-01"
    )
    assert main(["check", "--stale=error", "--format", "github", "--today", "2027-01-02"]) == 1
    assert all(line.startswith("::error file=") for line in capsys.readouterr().out.splitlines())


def test_a_malformed_today_is_a_usage_error(in_copy, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--stale", "--today", "20-01-2027"])
    assert exit_.value.code == 2
    assert "error: argument --today: '20-01-2027' is not a date written YYYY-MM-DD" in capsys.readouterr().err


# -- the pages ----------------------------------------------------------------------------------------------------
def test_every_page_shows_its_review_dates_or_says_it_has_no_record():
    pages = pages_on(date(2026, 11, 21))
    for path, page in pages.items():
        if path.startswith("editors/"):
            assert "No clinical review record" in page.markdown, path
        elif page.review and page.review.status == "draft":
            assert "Not yet reviewed · Written: " in page.markdown and "Page last reviewed" not in page.markdown, path
        else:
            assert "Page last reviewed: " in page.markdown and "Next review due: " in page.markdown, path
    assert "Page last reviewed: 2026-02-01 · Next review due: 2027-02-01" in pages["causes/limb-ischaemia.md"].markdown


def test_pages_without_a_record_of_their_own_show_the_sites():
    pages = pages_on(date(2026, 11, 21))
    for path in ("causes/index.md", "references.md"):
        assert (
            "Site review record (this page has none of its own): **Approved** · Reviewed by Dr Test (GP) · "
            "Page last reviewed: 2026-01-01 · Next review due: 2027-01-01"
        ) in pages[path].markdown


def test_an_overdue_review_is_flagged_on_the_page():
    night = pages_on(date(2027, 1, 2))["causes/night-cramps.md"].markdown
    assert "Not yet reviewed · Written: 2026-01-01 · Review due: 2027-01-01 (**overdue**)" in night
    assert "Pending clinical review" in night
    assert "(**overdue**)" not in pages_on(date(2027, 1, 1))["causes/night-cramps.md"].markdown


def test_the_review_status_page_lists_every_record_soonest_due_first():
    status = pages_on(date(2027, 1, 15), source_url="https://example.org/repo/edit/main/")["editors/review-status.md"]
    text = status.markdown
    assert "**10 pages:** 7 approved · 1 in review · 2 draft · **8 overdue**" in text
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    assert len(rows) == 10
    assert rows[0] == (
        "| [Night cramps](../causes/night-cramps.md) | Draft | — | — | 2026-01-01 | 2027-01-01 (default) | "
        "**Overdue** (14 days) | [<code>tests/fixtures/content/causes/night-cramps.yaml</code>]"
        "(<https://example.org/repo/edit/main/tests/fixtures/content/causes/night-cramps.yaml>) | — |"
    )
    assert rows[-2] == (
        "| [Limb ischaemia](../causes/limb-ischaemia.md) | In review | Dr Vessel | — | 2026-02-01 | "
        "2027-02-01 (default) | No | [<code>tests/fixtures/content/causes/limb-ischaemia.yaml</code>]"
        "(<https://example.org/repo/edit/main/tests/fixtures/content/causes/limb-ischaemia.yaml>) | "
        "[Pull request](<https://example.org/pr/1>) |"
    )
    assert rows[-1].startswith("| [Differential calculator](../calculator/index.md) | Draft |")
    home_row = next(row for row in rows if row.startswith("| [Leg cramps"))
    assert "| Approved | Dr Test | GP | 2026-01-01 | 2027-01-01 | **Overdue** (14 days) |" in home_row
    assert "follow the site's record in" in text and "[All causes](../causes/index.md), [References]" in text


def test_without_a_repository_address_the_yaml_file_is_named_not_linked():
    text = pages_on(date(2026, 11, 21))["editors/review-status.md"].markdown
    assert "| <code>tests/fixtures/content/causes/night-cramps.yaml</code> |" in text
    assert "none overdue" in text
