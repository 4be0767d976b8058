"""The content model: typed, immutable dataclasses built from documents that already passed validation.

Builders here assume valid input (validation runs first), so they read keys directly and stay short.
Text stays in the content's own format (see :mod:`generator.richtext`) until a template renders it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from calculator.conditions import COMPARISON_KEYS

TIERS: tuple[str, ...] = ("most_likely", "other_likely", "do_not_miss", "rare")
# The review statuses in the order a page moves through them (the schema's enum must list the same; a test checks).
REVIEW_STATUS_LABELS = {"draft": "Draft", "in_review": "In review", "approved": "Approved"}
REVIEW_INTERVAL_YEARS = 1  # next_review_due, when a review record leaves it out: this long after last_reviewed
# How soon a patient should get help, most urgent first: the order of every "When to get help" section (the schema's
# help_level enum lists the same; a test checks). Their headings are content: site.yaml help_levels.
HELP_LEVELS: tuple[str, ...] = ("ambulance", "today", "gp")


def parse_date(text: str) -> date:
    """A content date (``YYYY-MM-DD``); :class:`ValueError` when it is not a real calendar date."""
    return date.fromisoformat(text)


def default_next_review(last_reviewed: date) -> date:
    """When a page is due for review if its record names no date: ``REVIEW_INTERVAL_YEARS`` later (29 Feb -> 28 Feb)."""
    year = last_reviewed.year + REVIEW_INTERVAL_YEARS
    try:
        return last_reviewed.replace(year=year)
    except ValueError:
        return last_reviewed.replace(year=year, day=28)


@dataclass(frozen=True)
class Review:
    """The clinical review record of one page; ``next_review_due`` is always set (defaulted when the YAML omits it)."""

    status: str
    last_reviewed: str
    next_review_due: str
    reviewed_by: str | None = None
    reviewer_role: str | None = None
    pull_request: str | None = None
    next_review_defaulted: bool = False

    @property
    def status_label(self) -> str:
        return REVIEW_STATUS_LABELS[self.status]

    def days_overdue(self, today: date) -> int:
        """Days since the next review fell due; 0 when it is not yet past due (due today is not overdue)."""
        return max(0, (today - parse_date(self.next_review_due)).days)

    def is_overdue(self, today: date) -> bool:
        return self.days_overdue(today) > 0

    @classmethod
    def build(cls, data: dict[str, Any]) -> Review:
        if "next_review_due" in data:
            return cls(**data)
        due = default_next_review(parse_date(data["last_reviewed"])).isoformat()
        return cls(**data, next_review_due=due, next_review_defaulted=True)


@dataclass(frozen=True)
class Reference:
    """One bibliography entry."""

    id: str
    authors: tuple[str, ...]
    title: str
    year: int
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    note: str | None = None

    def sentences(self, escape: Callable[[str], str] = str, emphasis: Callable[[str], str] = str) -> list[str]:
        """The entry in Vancouver style (authors, title, journal and year, note), one string per sentence.

        The one formatter of a reference: the pages give it Markdown escaping and italics (generator/filters.py), the
        calculator's data gives it none (generator/export.py), so a reference reads the same everywhere.
        """
        parts = [escape(", ".join(self.authors)) + ".", escape(self.title.rstrip(".")) + "."]
        source = f"{emphasis(escape(self.journal))}. " if self.journal else ""
        source += str(self.year)
        if self.volume:
            source += f";{escape(self.volume)}"
        if self.issue:
            source += f"({escape(self.issue)})"
        if self.pages:
            source += f":{escape(self.pages)}"
        parts.append(source + ".")
        if self.note:
            parts.append(escape(self.note))
        return parts

    def links(self) -> list[tuple[str, str]]:
        """Where to read the source, as (label, address): DOI, PubMed, PMC, or the web page when it has neither."""
        links = []
        if self.doi:
            links.append((f"doi:{self.doi}", f"https://doi.org/{self.doi}"))
        if self.pmid:
            links.append((f"PubMed {self.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"))
        if self.pmcid:
            links.append((self.pmcid, f"https://www.ncbi.nlm.nih.gov/pmc/articles/{self.pmcid}/"))
        if self.url and not (self.doi or self.pmid):
            links.append(("Link", self.url))
        return links

    @classmethod
    def build(cls, data: dict[str, Any]) -> Reference:
        return cls(**{**data, "authors": tuple(data["authors"])})


def build_references(data: dict[str, Any], source: str) -> dict[str, Reference]:
    """The bibliography by reference id (``source`` is kept by :class:`Content` as ``references_source``)."""
    return {entry["id"]: Reference.build(entry) for entry in data["references"]}


@dataclass(frozen=True)
class Condition:
    """A test on one calculator answer; with no comparison a yes/no finding must be true."""

    finding: str
    equals: str | bool | float | None = None
    includes: str | None = None
    at_least: float | None = None
    at_most: float | None = None
    below: float | None = None
    above: float | None = None

    @classmethod
    def build(cls, data: dict[str, Any]) -> Condition:
        return cls(**{key: value for key, value in data.items() if key in CONDITION_KEYS})


CONDITION_KEYS = ("finding", *COMPARISON_KEYS)  # Condition's fields; a test keeps the two equal


@dataclass(frozen=True)
class WeightedFinding:
    """A calculator finding and how much it adds to (or takes from) a cause's score."""

    condition: Condition
    weight: int
    reason: str | None = None
    rules_out: bool = False  # an essential criterion unmet: the cause is not listed while it holds

    @classmethod
    def build(cls, data: dict[str, Any]) -> WeightedFinding:
        return cls(Condition.build(data), data["weight"], data.get("reason"), data.get("rules_out", False))


@dataclass(frozen=True)
class PatientHelp:
    """A warning sign in a patient's words and how soon to get help for it (one of ``HELP_LEVELS``)."""

    level: str
    text: str


def help_by_level(items: tuple[PatientHelp, ...]) -> list[tuple[str, list[str]]]:
    """The texts of ``items`` grouped by level, most urgent first; levels with no item are left out."""
    return [
        (level, [item.text for item in items if item.level == level])
        for level in HELP_LEVELS
        if any(item.level == level for item in items)
    ]


@dataclass(frozen=True)
class RedFlag:
    """A warning sign; ``when`` lists the answers that together raise it in the calculator (empty: none does).

    ``patient`` is the same sign in plain words with its urgency, shown to patients instead of ``text``.
    """

    text: str
    patient: PatientHelp
    when: tuple[Condition, ...] = ()

    @classmethod
    def build(cls, data: dict[str, Any]) -> RedFlag:
        when = data.get("when", [])
        conditions = tuple(Condition.build(c) for c in ([when] if isinstance(when, dict) else when))
        return cls(data["text"], PatientHelp(**data["patient"]), conditions)


@dataclass(frozen=True)
class Cause:
    """A cause of leg cramps, or a condition that mimics them."""

    id: str
    name: str
    plain_name: str  # the cause in everyday words: shown to patients under the title and in the calculator's result
    tier: str
    category: str
    summary: str
    plain_summary: str
    mechanism: str
    features: tuple[str, ...]
    workup: tuple[str, ...]
    management: tuple[str, ...]
    references: tuple[str, ...]
    review: Review
    source: str
    aliases: tuple[str, ...] = ()
    distinguishing: tuple[str, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    findings: tuple[WeightedFinding, ...] = ()
    related: tuple[str, ...] = ()
    self_care: tuple[str, ...] = ()  # what patients can do themselves, in plain words

    def when_to_get_help(self) -> list[tuple[str, list[str]]]:
        """The red flags' patient wording by urgency level, most urgent first."""
        return help_by_level(tuple(flag.patient for flag in self.red_flags))

    @classmethod
    def build(cls, data: dict[str, Any], source: str) -> Cause:
        return cls(
            **{
                key: tuple(value) if isinstance(value, list) else value
                for key, value in data.items()
                if key not in ("review", "red_flags", "findings")
            },
            review=Review.build(data["review"]),
            red_flags=tuple(RedFlag.build(flag) for flag in data.get("red_flags", [])),
            findings=tuple(WeightedFinding.build(item) for item in data.get("findings", [])),
            source=source,
        )


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Unit:
    """Another unit a lab value may be entered in: ``per_canonical`` of it make one of the finding's own unit."""

    unit: str
    per_canonical: float


@dataclass(frozen=True)
class Finding:
    """One answer the calculator accepts."""

    id: str
    label: str
    group: str
    type: str
    plain_label: str | None = None  # the question in a patient's words (required for every question asked)
    help: str | None = None
    plain_help: str | None = None  # without it the help line is for clinicians only
    unit: str | None = None
    units: tuple[Unit, ...] = ()  # other units the form converts from; the calculator only ever sees ``unit``
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    control: str = "checkbox"
    choices: tuple[Choice, ...] = ()
    context: bool = False  # sets the scene; never names a most likely cause on its own
    derived: str | None = None  # worked out by this published rule of the calculator; never asked

    @property
    def asked(self) -> bool:
        """Whether the form asks it: derived findings are the calculator's own conclusions."""
        return self.derived is None

    @classmethod
    def build(cls, data: dict[str, Any]) -> Finding:
        return cls(
            **{
                **data,
                "choices": tuple(Choice(**c) for c in data.get("choices", [])),
                "units": tuple(Unit(**u) for u in data.get("units", [])),
            }
        )


@dataclass(frozen=True)
class FindingGroup:
    id: str
    label: str
    plain_label: str | None = None
    help: str | None = None


@dataclass(frozen=True)
class Findings:
    """The calculator's answer vocabulary, grouped for the form."""

    groups: tuple[FindingGroup, ...]
    findings: tuple[Finding, ...]
    source: str

    def by_id(self) -> dict[str, Finding]:
        return {finding.id: finding for finding in self.findings}

    @classmethod
    def build(cls, data: dict[str, Any], source: str) -> Findings:
        return cls(
            tuple(FindingGroup(**g) for g in data["groups"]), tuple(Finding.build(f) for f in data["findings"]), source
        )


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None

    @classmethod
    def build(cls, data: dict[str, Any]) -> Table:
        return cls(tuple(data["columns"]), tuple(tuple(row) for row in data["rows"]), data.get("caption"))


@dataclass(frozen=True)
class PatientSection:
    """What a patient reads in place of a section: plain paragraphs and/or a list, or nothing but the marker that the
    section is for clinicians only (folded away under "Clinical details" in patient mode)."""

    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    clinician_only: bool = False

    @classmethod
    def build(cls, data: dict[str, Any]) -> PatientSection:
        return cls(tuple(data.get("paragraphs", ())), tuple(data.get("items", ())), data.get("clinician_only", False))


@dataclass(frozen=True)
class Section:
    """A titled block of a topic page: paragraphs, a list and/or a table, then closing paragraphs.

    ``patient`` is its patient wording; None (kinds whose schema does not ask for one) folds it like clinician_only.
    """

    id: str
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    table: Table | None = None
    after: tuple[str, ...] = ()
    patient: PatientSection | None = None

    @property
    def worded_for_patients(self) -> bool:
        """Whether patients get their own wording of this section (otherwise it is clinical detail, folded away)."""
        return self.patient is not None and not self.patient.clinician_only

    @classmethod
    def build(cls, data: dict[str, Any]) -> Section:
        return cls(
            id=data["id"],
            title=data["title"],
            paragraphs=tuple(data.get("paragraphs", ())),
            items=tuple(data.get("items", ())),
            table=Table.build(data["table"]) if "table" in data else None,
            after=tuple(data.get("after", ())),
            patient=PatientSection.build(data["patient"]) if "patient" in data else None,
        )


@dataclass(frozen=True)
class TopicPage:
    """A page that is not a cause; each kind below adds its own typed parts."""

    id: str
    title: str
    summary: str
    plain_summary: str
    sections: tuple[Section, ...]
    references: tuple[str, ...]
    review: Review
    source: str

    @staticmethod
    def common(data: dict[str, Any], source: str) -> dict[str, Any]:
        return {
            "id": data["id"],
            "title": data["title"],
            "summary": data["summary"],
            "plain_summary": data["plain_summary"],
            "sections": tuple(Section.build(s) for s in data.get("sections", [])),
            "references": tuple(data["references"]),
            "review": Review.build(data["review"]),
            "source": source,
        }

    @classmethod
    def build(cls, data: dict[str, Any], source: str) -> TopicPage:
        return cls(**cls.common(data, source))


@dataclass(frozen=True)
class CalculatorPage(TopicPage):
    """The differential calculator's page, with the sentences its result shows around the ranked causes."""

    result_text: dict[str, str]

    @classmethod
    def build(cls, data: dict[str, Any], source: str) -> CalculatorPage:
        return cls(**cls.common(data, source), result_text=dict(data["result_text"]))


@dataclass(frozen=True)
class PlainRow:
    """A table row for patients: the condition's everyday name and the row's verdict in plain words."""

    name: str
    text: str


@dataclass(frozen=True)
class ComparisonRow:
    """One condition in the claudication comparison."""

    condition: str
    location: str
    character: str
    exercise: str
    rest: str
    position: str
    telling_apart: str
    patient: PlainRow
    cause: str | None = None

    @classmethod
    def build(cls, data: dict[str, Any]) -> ComparisonRow:
        return cls(**{**data, "patient": PlainRow(**data["patient"])})


@dataclass(frozen=True)
class ComparisonPage(TopicPage):
    claudication: ComparisonRow
    mimics: tuple[ComparisonRow, ...]

    @classmethod
    def build(cls, data: dict[str, Any], source: str) -> ComparisonPage:
        return cls(
            **cls.common(data, source),
            claudication=ComparisonRow.build(data["claudication"]),
            mimics=tuple(ComparisonRow.build(row) for row in data["mimics"]),
        )


@dataclass(frozen=True)
class RlsCriterion:
    """One IRLSSG essential criterion; ``patient`` is the same criterion in plain words."""

    finding: str
    text: str
    patient: str


@dataclass(frozen=True)
class RlsMimic:
    name: str
    features: str
    telling_apart: str
    patient: PlainRow
    cause: str | None = None

    @classmethod
    def build(cls, data: dict[str, Any]) -> RlsMimic:
        return cls(**{**data, "patient": PlainRow(**data["patient"])})


@dataclass(frozen=True)
class RlsPage(TopicPage):
    criteria: tuple[RlsCriterion, ...]
    mimics: tuple[RlsMimic, ...]

    @classmethod
    def build(cls, data: dict[str, Any], source: str) -> RlsPage:
        return cls(
            **cls.common(data, source),
            criteria=tuple(RlsCriterion(**c) for c in data["criteria"]),
            mimics=tuple(RlsMimic.build(m) for m in data["mimics"]),
        )


@dataclass(frozen=True)
class Vessel:
    """One artery drawn on the vascular map, with its anatomical name and its name in plain words."""

    id: str
    name: str
    patient_label: str


@dataclass(frozen=True)
class VascularSegment:
    """An arterial segment, the arteries it covers and the regions where its narrowing is felt."""

    id: str
    name: str
    patient_label: str
    artery: str
    vessels: tuple[Vessel, ...]
    pain_regions: tuple[str, ...]
    text: str
    usual_regions: tuple[str, ...] = ()

    @property
    def usual(self) -> tuple[str, ...]:
        """Regions where pain is typical; the rest of ``pain_regions`` are occasional."""
        return self.usual_regions or self.pain_regions

    @property
    def occasional(self) -> tuple[str, ...]:
        return tuple(region for region in self.pain_regions if region not in self.usual)


@dataclass(frozen=True)
class VascularMapPage(TopicPage):
    segments: tuple[VascularSegment, ...]

    @classmethod
    def build(cls, data: dict[str, Any], source: str) -> VascularMapPage:
        segments = tuple(
            VascularSegment(
                **{
                    **seg,
                    "vessels": tuple(Vessel(**vessel) for vessel in seg["vessels"]),
                    "pain_regions": tuple(seg["pain_regions"]),
                    "usual_regions": tuple(seg.get("usual_regions", ())),
                }
            )
            for seg in data["segments"]
        )
        return cls(**cls.common(data, source), segments=segments)

    def usually_felt_in(self, region: str) -> tuple[VascularSegment, ...]:
        """The segments whose narrowing is typically felt in ``region``."""
        return tuple(segment for segment in self.segments if region in segment.usual)

    def occasionally_felt_in(self, region: str) -> tuple[VascularSegment, ...]:
        """The segments whose narrowing is felt in ``region`` less often."""
        return tuple(segment for segment in self.segments if region in segment.occasional)


@dataclass(frozen=True)
class Measure:
    """A preventive or treatment measure and the bottom line of its evidence."""

    id: str
    name: str
    use: str
    verdict: str
    evidence: str
    patient: str  # what the measure means for a patient and what to ask about, in place of evidence and practical
    references: tuple[str, ...]
    practical: str | None = None


@dataclass(frozen=True)
class PreventionPage(TopicPage):
    measures: tuple[Measure, ...]

    @classmethod
    def build(cls, data: dict[str, Any], source: str) -> PreventionPage:
        measures = tuple(Measure(**{**m, "references": tuple(m["references"])}) for m in data["measures"])
        return cls(**cls.common(data, source), measures=measures)


@dataclass(frozen=True)
class WorkedExample:
    """A patient's answers; the instrument's result is computed from them at build time, never typed."""

    title: str
    answers: dict[str, Any]
    story: str | None = None


@dataclass(frozen=True)
class InstrumentPatientText:
    """An instrument page's patient wording: what the result means for you, and what happens next."""

    interpretation: tuple[str, ...]
    next_steps: tuple[str, ...]


@dataclass(frozen=True)
class InstrumentPage:
    """The page of one published instrument; its rule, points and citation live in calculator/instruments/."""

    id: str
    instrument: str
    title: str
    summary: str
    plain_summary: str
    when_to_use: tuple[str, ...]
    interpretation: tuple[str, ...]
    next_steps: tuple[str, ...]
    evidence: tuple[str, ...]
    examples: tuple[WorkedExample, ...]
    patient: InstrumentPatientText
    references: tuple[str, ...]
    review: Review
    source: str
    how_to: tuple[str, ...] = ()
    pitfalls: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names running text calls it by ("Wells score"): each links to this page

    @classmethod
    def build(cls, data: dict[str, Any], source: str) -> InstrumentPage:
        lists = (
            "when_to_use",
            "interpretation",
            "next_steps",
            "evidence",
            "references",
            "how_to",
            "pitfalls",
            "aliases",
        )
        return cls(
            **{
                key: tuple(value) if key in lists else value
                for key, value in data.items()
                if key not in ("review", "examples", "patient")
            },
            review=Review.build(data["review"]),
            examples=tuple(WorkedExample(**example) for example in data["examples"]),
            patient=InstrumentPatientText(
                tuple(data["patient"]["interpretation"]), tuple(data["patient"]["next_steps"])
            ),
            source=source,
        )


@dataclass(frozen=True)
class TierText:
    title: str
    text: str


@dataclass(frozen=True)
class Site:
    """Site-wide text: the home page introduction, the disclaimer, what each tier means and, for patients, the
    headings of the urgency levels, when to get help for leg cramps and what to do during one."""

    intro: tuple[str, ...]
    disclaimer: str
    tiers: dict[str, TierText]
    help_levels: dict[str, str]  # urgency level -> its heading, in HELP_LEVELS order
    when_to_get_help: tuple[PatientHelp, ...]
    references: tuple[str, ...]
    review: Review
    source: str
    self_care: tuple[str, ...] = ()
    lead: str | None = None  # the home page's opening sentence or two, above its entry points

    def when_to_get_help_by_level(self) -> list[tuple[str, list[str]]]:
        return help_by_level(self.when_to_get_help)

    @classmethod
    def build(cls, data: dict[str, Any], source: str) -> Site:
        return cls(
            intro=tuple(data["intro"]),
            disclaimer=data["disclaimer"],
            tiers={tier: TierText(**data["tiers"][tier]) for tier in TIERS},
            help_levels={level: data["help_levels"][level]["title"] for level in HELP_LEVELS},
            when_to_get_help=tuple(PatientHelp(**item) for item in data["when_to_get_help"]),
            references=tuple(data["references"]),
            review=Review.build(data["review"]),
            source=source,
            self_care=tuple(data.get("self_care", ())),
            lead=data.get("lead"),
        )


@dataclass(frozen=True)
class Content:
    """Everything under ``content/``, validated and cross-checked."""

    site: Site
    causes: tuple[Cause, ...]
    topics: dict[str, TopicPage]
    references: dict[str, Reference]
    findings: Findings
    references_source: str
    calculator_page: CalculatorPage
    instruments: tuple[InstrumentPage, ...]
    content_dir: Path | None = None  # where the YAML was read from

    def causes_by_id(self) -> dict[str, Cause]:
        return {cause.id: cause for cause in self.causes}

    def causes_in_tier(self, tier: str) -> list[Cause]:
        return [cause for cause in self.causes if cause.tier == tier]
