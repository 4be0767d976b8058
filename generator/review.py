"""Clinical review governance: the checks on review records, and which reviews are past due.

Every page's YAML carries a ``review`` record (``common.schema.json#/$defs/review``). JSON Schema checks its shape;
this module checks what a schema cannot: that its dates are real, that the next review falls after the last one,
that an approved page names who approved it (the page shows "approved" to readers on that person's authority), and,
on request (``legcramps check --stale``), which reviews are overdue on a given day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from generator.load import SourceDocument
from generator.model import REVIEW_INTERVAL_YEARS, Review, parse_date
from generator.problems import Problem

Documents = dict[str, list[SourceDocument]]
DATE_FIELDS = ("last_reviewed", "next_review_due")
# An approval is a clinician's signature: the reader and the next reviewer must be able to see whose.
APPROVAL_FIELDS = {
    "reviewed_by": "the reviewer's name, e.g. reviewed_by: Dr Jane Smith",
    "reviewer_role": "their role or specialty, e.g. reviewer_role: Consultant vascular surgeon",
}


def _reviewed_documents(documents: Documents) -> Iterator[SourceDocument]:
    for kind_documents in documents.values():
        for document in kind_documents:
            if isinstance(document.data, dict) and isinstance(document.data.get("review"), dict):
                yield document


def review_problems(documents: Documents) -> list[Problem]:
    """Problems in the review records of schema-valid documents: impossible dates, a next review not after the last,
    an approval that names no reviewer."""
    problems: list[Problem] = []
    for document in _reviewed_documents(documents):
        review = document.data["review"]
        if review.get("status") == "approved":
            missing = [field for field in APPROVAL_FIELDS if not str(review.get(field) or "").strip()]
            if missing:
                wanted = "; ".join(APPROVAL_FIELDS[field] for field in missing)
                message = (
                    f"review.status is approved but the record has no {' or '.join(missing)}: add {wanted} "
                    "(or set status: in_review until the reviewer signs off)"
                )
                problems.append(Problem(document.relpath, document.line_of(("review", "status")), message))
        dates: dict[str, date] = {}
        for key in DATE_FIELDS:
            if key not in review:
                continue
            try:
                dates[key] = parse_date(review[key])
            except ValueError:
                line = document.line_of(("review", key))
                problems.append(Problem(document.relpath, line, f"review.{key}: {review[key]!r} is not a real date"))
        if len(dates) == 2 and dates["next_review_due"] <= dates["last_reviewed"]:
            message = (
                f"review.next_review_due: {review['next_review_due']} must be after "
                f"review.last_reviewed ({review['last_reviewed']})"
            )
            problems.append(Problem(document.relpath, document.line_of(("review", "next_review_due")), message))
    return problems


@dataclass(frozen=True, order=True)
class StaleReview:
    """A page whose next clinical review is past due on ``today``; ``file:line`` points at the due date."""

    file: str
    line: int
    next_review_due: str
    last_reviewed: str
    days_overdue: int
    defaulted: bool

    @property
    def message(self) -> str:
        due = f"due {self.next_review_due}"
        if self.defaulted:
            due += f" ({REVIEW_INTERVAL_YEARS} year after last_reviewed; set review.next_review_due to change it)"
        days = "1 day" if self.days_overdue == 1 else f"{self.days_overdue} days"
        return f"clinical review overdue by {days}: next review was {due}, last reviewed {self.last_reviewed}"

    def as_text(self, severity: str = "warning") -> str:
        """``FILE:LINE: warning: message`` (or without ``warning:`` when stale reviews are errors)."""
        label = "warning: " if severity == "warning" else ""
        return f"{self.file}:{self.line}: {label}{self.message}"

    def as_github_annotation(self, severity: str = "warning") -> str:
        """A GitHub Actions ``::warning`` (or ``::error``) workflow command on the due date's line."""
        return Problem(self.file, self.line, self.message).as_github_annotation(severity)


def stale_reviews(documents: Documents, today: date) -> list[StaleReview]:
    """Every review record whose next review is past due on ``today`` (due today is not yet overdue)."""
    stale: list[StaleReview] = []
    for document in _reviewed_documents(documents):
        data = document.data["review"]
        try:
            review = Review.build(data)
            overdue = review.days_overdue(today)
        except ValueError:  # an impossible date: review_problems reports it
            continue
        if overdue:
            key = "last_reviewed" if review.next_review_defaulted else "next_review_due"
            line = document.line_of(("review", key))
            stale.append(
                StaleReview(
                    document.relpath,
                    line,
                    review.next_review_due,
                    review.last_reviewed,
                    overdue,
                    review.next_review_defaulted,
                )
            )
    return sorted(stale)
