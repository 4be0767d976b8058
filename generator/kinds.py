"""Every kind of content file, declared once: where its files live, which schema validates them, which of their
statements must cite a source, which model they build, and which page (path and template) shows them.

Adding a topic page means one entry here with a :class:`Topic`, one schema in ``generator/schemas``, one template
and, when its fields are new, one model class in :mod:`generator.model`. Loading, the citation checks, the
model, the pages, the navigation and the home page's topic list all read this registry.

The registry sits low in the one-way flow: it names model classes (which import nothing of the generator) and
page paths, and is read by the stages after it; it imports no stage itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.model import (
    CalculatorPage,
    Cause,
    ComparisonPage,
    Findings,
    InstrumentPage,
    PreventionPage,
    RlsPage,
    Site,
    TopicPage,
    VascularMapPage,
    build_references,
)

Builder = Callable[[dict[str, Any], str], Any]  # (validated document data, its repository path) -> model
CitedField = tuple[str, ...]  # key path to text that must cite a source; "*" means every item of a list


@dataclass(frozen=True)
class Topic:
    """A topic page: listed on the home page, and in the navigation after the causes, in registry order."""

    link_text: str  # the home page's link to it
    blurb: str  # what the home page says it covers, after the link


@dataclass(frozen=True)
class ContentKind:
    """A kind of YAML file under ``content/``, and the page it becomes."""

    name: str
    pattern: str  # glob relative to the content directory
    schema: str  # file name in generator/schemas/
    model: Builder
    many: bool = False  # one document per file, many files (causes)
    cited: tuple[CitedField, ...] = ()  # text a reader could act on: each must cite its source
    page: str | None = None  # docs-relative Markdown path; "{id}" stands for the document's id when ``many``
    template: str | None = None  # in generator/templates/
    topic: Topic | None = None

    def page_path(self, page_id: str | None = None) -> str:
        """The docs-relative path of this kind's page (of the document ``page_id`` when there are many)."""
        if self.page is None:
            raise ValueError(f"content of kind '{self.name}' has no page of its own")
        return self.page.format(id=page_id) if self.many else self.page


def _every_item(*keys: str) -> tuple[CitedField, ...]:
    return tuple((key, "*") for key in keys)


SECTION_ITEMS: CitedField = ("sections", "*", "items", "*")
# A section's patient wording: every paragraph and item a patient could act on cites its source.
SECTION_PATIENT: tuple[CitedField, ...] = (
    ("sections", "*", "patient", "paragraphs", "*"),
    ("sections", "*", "patient", "items", "*"),
)

KINDS: tuple[ContentKind, ...] = (
    ContentKind(
        "references",
        "references.yaml",
        "references.schema.json",
        build_references,
        page="references.md",
        template="references.md.j2",
    ),
    ContentKind("findings", "findings.yaml", "findings.schema.json", Findings.build),
    ContentKind(
        "site",
        "site.yaml",
        "site.schema.json",
        Site.build,
        cited=(("when_to_get_help", "*", "text"), ("self_care", "*")),
        page="index.md",
        template="home.md.j2",
    ),
    ContentKind(
        "cause",
        "causes/*.yaml",
        "cause.schema.json",
        Cause.build,
        many=True,
        cited=(
            ("summary",),
            ("mechanism",),
            *_every_item("features", "distinguishing"),
            ("red_flags", "*", "text"),
            ("red_flags", "*", "patient", "text"),
            *_every_item("workup", "management", "self_care"),
            ("findings", "*", "reason"),
        ),
        page="causes/{id}.md",
        template="cause.md.j2",
    ),
    ContentKind(
        "comparison",
        "comparisons/claudication.yaml",
        "comparison.schema.json",
        ComparisonPage.build,
        cited=(
            ("claudication", "telling_apart"),
            ("claudication", "patient", "text"),
            ("mimics", "*", "telling_apart"),
            ("mimics", "*", "patient", "text"),
            SECTION_ITEMS,
            *SECTION_PATIENT,
        ),
        page="claudication-vs-pseudoclaudication.md",
        template="comparison.md.j2",
        topic=Topic(
            "Claudication vs pseudoclaudication", "telling vascular claudication from the conditions that mimic it."
        ),
    ),
    ContentKind(
        "rls",
        "rls.yaml",
        "rls.schema.json",
        RlsPage.build,
        cited=(
            ("criteria", "*", "text"),
            ("criteria", "*", "patient"),
            ("mimics", "*", "telling_apart"),
            ("mimics", "*", "patient", "text"),
            SECTION_ITEMS,
            *SECTION_PATIENT,
        ),
        page="restless-legs-and-mimics.md",
        template="rls.md.j2",
        topic=Topic("Restless legs syndrome and its mimics", "the IRLSSG criteria and what they can be confused with."),
    ),
    ContentKind(
        "vascular_map",
        "vascular_map.yaml",
        "vascular_map.schema.json",
        VascularMapPage.build,
        cited=(("segments", "*", "text"), SECTION_ITEMS, *SECTION_PATIENT),
        page="vascular-map.md",
        template="vascular_map.md.j2",
        topic=Topic("Vascular pain-location map", "where pain is felt for each arterial segment."),
    ),
    ContentKind(
        "approach",
        "approach.yaml",
        "approach.schema.json",
        TopicPage.build,  # sections only
        cited=(SECTION_ITEMS, *SECTION_PATIENT),
        page="diagnostic-approach.md",
        template="topic.md.j2",
        topic=Topic("Diagnostic approach", "history, examination, ankle-brachial index and tests."),
    ),
    ContentKind(
        "prevention",
        "prevention.yaml",
        "prevention.schema.json",
        PreventionPage.build,
        cited=(("measures", "*", "evidence"), ("measures", "*", "patient"), SECTION_ITEMS, *SECTION_PATIENT),
        page="prevention-and-treatment.md",
        template="prevention.md.j2",
        topic=Topic("Prevention and treatment", "what works, what does not, and what to avoid."),
    ),
    ContentKind(
        "calculator",
        "calculator.yaml",
        "calculator.schema.json",
        CalculatorPage.build,
        cited=(SECTION_ITEMS, *SECTION_PATIENT),
        page="calculator/index.md",
        template="calculator.md.j2",
    ),
    ContentKind(
        "instrument",
        "instruments/*.yaml",
        "instrument.schema.json",
        InstrumentPage.build,
        many=True,
        cited=(
            *_every_item("when_to_use", "how_to", "interpretation", "next_steps", "evidence", "pitfalls"),
            ("patient", "interpretation", "*"),
            ("patient", "next_steps", "*"),
        ),
        page="instruments/{id}.md",
        template="instrument.md.j2",
    ),
)

KIND_BY_NAME: dict[str, ContentKind] = {kind.name: kind for kind in KINDS}
TOPIC_KINDS: tuple[ContentKind, ...] = tuple(kind for kind in KINDS if kind.topic is not None)
