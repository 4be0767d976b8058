"""Assemble the site's pages: each content kind's page through its template (see :mod:`generator.kinds`).

Page paths live in :mod:`generator.addresses`, escaping and the other Jinja filters in :mod:`generator.filters`,
citation numbering in :mod:`generator.citations`, the navigation in :mod:`generator.navigation`. This module
sets up Jinja2 with them and fills each template; :func:`render_site`, :func:`site_nav` and
:class:`RenderedPage` are what the engines use.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

import calculator
from calculator.differential import ranked_entries
from calculator.instruments import BY_NAME as INSTRUMENTS_BY_NAME
from generator import filters, schema
from generator.addresses import (
    CALCULATOR_PAGE,
    CAUSES_INDEX,
    CONTENT_REFERENCE_PAGE,
    HOME_PAGE,
    REFERENCES_PAGE,
    REVIEW_STATUS_PAGE,
    cause_page,
    instrument_page,
    relative_link,
)
from generator.citations import CitationNumbers
from generator.export import export_calculator_data
from generator.kinds import KIND_BY_NAME, TOPIC_KINDS, ContentKind
from generator.mentions import MentionIndex
from generator.model import (
    REVIEW_INTERVAL_YEARS,
    REVIEW_STATUS_LABELS,
    TIERS,
    Cause,
    Content,
    Finding,
    InstrumentPage,
    TopicPage,
)
from generator.navigation import site_nav
from generator.page_cache import PageCache
from generator.pages import RenderedPage
from generator.schema_reference import build_schema_reference

__all__ = ["RenderedPage", "build_date", "render_site", "site_nav"]

TEMPLATE_DIR = Path(__file__).parent / "templates"
REVIEW_STATUS_ORDER = tuple(reversed(REVIEW_STATUS_LABELS))  # the review-status page: furthest along first


def _template_bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's per-user cache of compiled templates (checked against each template's source), or none if the
    temporary directory cannot hold it: compiling the templates is a tenth of a small build's generator time."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def build_date() -> date:
    """The day the site is built: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return datetime.now(tz=UTC).date()


class PageRenderer:
    """Renders pages for one :class:`Content`; one instance per build."""

    def __init__(
        self,
        content: Content,
        template_dir: Path = TEMPLATE_DIR,
        *,
        today: date | None = None,
        source_url: str | None = None,
        calculator_data: dict[str, Any] | None = None,
    ) -> None:
        self.content = content
        self.today = today or build_date()
        self.source_url = source_url
        self.data = calculator_data if calculator_data is not None else export_calculator_data(content)
        self.findings = content.findings.by_id()
        self.causes = content.causes_by_id()
        self.mentions = MentionIndex.from_content(content)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(template_dir),
            autoescape=True,
            finalize=filters.finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_template_bytecode_cache(),
        )
        self.env.filters.update(filters.FILTERS, text=self._text)
        self.env.globals.update(
            tiers=TIERS,
            topic_kinds=TOPIC_KINDS,
            causes_index_page=CAUSES_INDEX,
            references_page=REFERENCES_PAGE,
            site=content.site,
            content=content,
            url=self._url,
            cause_link=self._cause_link,
            today=self.today,
            source_link=self._source_link,
            review_interval_years=REVIEW_INTERVAL_YEARS,
        )

    @jinja2.pass_context
    def _url(self, context: jinja2.runtime.Context, target: str) -> str:
        """Relative link from the page being rendered to ``target`` (a docs-relative .md path)."""
        return relative_link(target, context["page_path"])

    def _source_link(self, source: str) -> Markup:
        """The YAML file's path, linked to the repository when the site knows its address."""
        path = filters.escape_markdown(source)
        if not self.source_url:
            return Markup(f"<code>{path}</code>")
        return Markup(f"[<code>{path}</code>](<{filters.attr(self.source_url + source)}>)")

    @jinja2.pass_context
    def _cause_link(self, context: jinja2.runtime.Context, cause_id: str) -> Markup:
        return filters.link(self.causes[cause_id].name, self._url(context, cause_page(cause_id)))

    @jinja2.pass_context
    def _text(self, context: jinja2.runtime.Context, text: str, about: str | None = None) -> Markup:
        """Rich text as Markdown, its citations numbered on the page being rendered, and the first mention of each
        cause or instrument linked to its page: never the page's own subject (a page does not link to itself), nor
        the cause ``about``, which the text's block links already (a list of causes, each with its summary)."""
        return filters.rich_text(
            text,
            context["citations"],
            lambda cause_id: self._cause_link(context, cause_id),
            mentions=self.mentions,
            mention_link=lambda words, target: filters.link(words, self._url(context, target)),
            subjects=(context["page_path"], *([cause_page(about)] if about else [])),
        )

    def render(self, template: str, page_path: str, **context: Any) -> str:
        citations = CitationNumbers()
        listed = context.pop("listed_references", ())
        return self.env.get_template(template).render(
            page_path=page_path,
            citations=citations,
            **context,
            page_references=lambda: citations.reference_list(listed, self.content.references),
        )

    # -- pages ---------------------------------------------------------------------------------------------
    def home(self) -> RenderedPage:
        site = self.content.site
        tiers = {tier: self.content.causes_in_tier(tier) for tier in TIERS}
        kind = KIND_BY_NAME["site"]
        markdown = self.render(
            kind.template,
            HOME_PAGE,
            tiers_causes=tiers,
            calculator_page=CALCULATOR_PAGE,
            review=site.review,
            listed_references=site.references,
        )
        return RenderedPage(HOME_PAGE, "Leg cramps: differential diagnosis", markdown, site.source, site.review)

    def causes_index(self) -> RenderedPage:
        review = self.content.site.review
        markdown = self.render("causes_index.md.j2", CAUSES_INDEX, review=review, review_inherited=True)
        return RenderedPage(CAUSES_INDEX, "All causes", markdown, None, review, review_inherited=True)

    def cause(self, cause: Cause) -> RenderedPage:
        path = cause_page(cause.id)
        markdown = self.render(
            KIND_BY_NAME["cause"].template, path, cause=cause, review=cause.review, listed_references=cause.references
        )
        return RenderedPage(path, cause.name, markdown, cause.source, cause.review)

    def topic(self, kind: ContentKind, page: TopicPage) -> RenderedPage:
        path = kind.page_path()
        markdown = self.render(kind.template, path, page=page, review=page.review, listed_references=page.references)
        return RenderedPage(path, page.title, markdown, page.source, page.review)

    def calculator(self) -> RenderedPage:
        page = self.content.calculator_page
        by_group: dict[str, list[Finding]] = {group.id: [] for group in self.content.findings.groups}
        for finding in self.content.findings.findings:
            if finding.asked:
                by_group[finding.group].append(finding)
        markdown = self.render(
            KIND_BY_NAME["calculator"].template,
            CALCULATOR_PAGE,
            page=page,
            review=page.review,
            listed_references=page.references,
            groups=self.content.findings.groups,
            findings_by_group=by_group,
            result_text=page.result_text,
        )
        return RenderedPage(CALCULATOR_PAGE, page.title, markdown, page.source, page.review)

    def instrument(self, page: InstrumentPage) -> RenderedPage:
        module = INSTRUMENTS_BY_NAME[page.instrument]
        inputs = [self.findings[fid] for fid in (*module.INPUTS, *getattr(module, "CONTEXT_INPUTS", ()))]
        points = {fid: f"{value:+d}".replace("-", "\u2212") for fid, value in getattr(module, "POINTS", {}).items()}
        examples = [
            {
                "title": example.title,
                "story": example.story,
                "rows": [
                    (self.findings[key].label, self._answer_text(key, value)) for key, value in example.answers.items()
                ],
                **self._worked_example(module.NAME, example.answers),
            }
            for example in page.examples
        ]
        path = instrument_page(page.id)
        markdown = self.render(
            KIND_BY_NAME["instrument"].template,
            path,
            page=page,
            review=page.review,
            listed_references=page.references,
            module=module,
            inputs=inputs,
            points=points,
            examples=examples,
            result_text=self.content.calculator_page.result_text,
        )
        return RenderedPage(path, page.title, markdown, page.source, page.review)

    def _worked_example(self, instrument: str, answers: dict[str, Any]) -> dict[str, Any]:
        """The instrument's result for an example and what it does to the differential, as the calculator gives them."""
        result = calculator.evaluate(self.data, answers)
        ranked = ranked_entries(result)
        top = result["most_likely"]["id"] if result["most_likely"] else None
        leading = [
            f"{entry['name']}{' (most likely)' if entry['id'] == top else ''}, score {entry['score']}"
            for entry in ranked[:3]
        ]
        return {"result": result["instruments"][instrument], "differential": leading}

    def _answer_text(self, finding_id: str, value: Any) -> str:
        """An answer as a reader would say it: Yes/No, a number with its unit, choice labels."""
        finding = self.findings[finding_id]
        labels = {choice.value: choice.label for choice in finding.choices}
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, list):
            return ", ".join(labels.get(item, item) for item in value)
        if isinstance(value, str):
            return labels.get(value, value)
        return f"{value} {finding.unit}" if finding.unit else str(value)

    def references(self) -> RenderedPage:
        ordered = sorted(self.content.references.values(), key=lambda r: (r.authors[0].lower(), r.year, r.id))
        review = self.content.site.review
        markdown = self.render(
            KIND_BY_NAME["references"].template, REFERENCES_PAGE, ordered=ordered, review=review, review_inherited=True
        )
        return RenderedPage(
            REFERENCES_PAGE, "References", markdown, self.content.references_source, review, review_inherited=True
        )

    def content_reference(self) -> RenderedPage:
        """Every field of every content file, read from the JSON Schemas (never a hand-kept copy)."""
        reference = build_schema_reference(schema.SCHEMA_DIR, self._content_path())
        markdown = self.render("editor_reference.md.j2", CONTENT_REFERENCE_PAGE, reference=reference)
        return RenderedPage(CONTENT_REFERENCE_PAGE, "Content reference", markdown, None)

    def _content_path(self) -> str:
        """The content directory as editors see it, from the repository root (e.g. ``content``)."""
        return posixpath.dirname(self.content.site.source) or "."

    def review_status(self, pages: list[RenderedPage]) -> RenderedPage:
        """The review record of every page, soonest due first; pages without one of their own are named."""
        rows = sorted(
            ((page, page.review) for page in pages if page.review is not None and not page.review_inherited),
            key=lambda row: (row[1].next_review_due, row[0].path),
        )
        markdown = self.render(
            "review_status.md.j2",
            REVIEW_STATUS_PAGE,
            rows=rows,
            counts={status: sum(1 for _, review in rows if review.status == status) for status in REVIEW_STATUS_ORDER},
            overdue=sum(1 for _, review in rows if review.is_overdue(self.today)),
            inherited=[page for page in pages if page.review_inherited],
            unreviewed=[page for page in pages if page.review is None],
        )
        return RenderedPage(REVIEW_STATUS_PAGE, "Review status", markdown, None)


def _files_signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of each file in ``directory``: changes when one of them is saved."""
    return tuple(
        sorted((entry.name, entry.stat().st_mtime_ns, entry.stat().st_size) for entry in os.scandir(directory))
    )


def render_site(
    content: Content,
    *,
    today: date | None = None,
    source_url: str | None = None,
    calculator_data: dict[str, Any] | None = None,
    cache: PageCache | None = None,
) -> list[RenderedPage]:
    """Every generated page, home first, in navigation order.

    ``today`` decides which reviews show as overdue (default: :func:`build_date`); ``source_url``, when given, is
    prefixed to a YAML file's repository path to link it (e.g. ``https://github.com/o/r/edit/main/``);
    ``calculator_data``, when the caller has exported it already, is what the worked examples are computed with;
    ``cache``, kept from one build to the next (``mkdocs serve``), renders again only the pages whose inputs below
    changed (:mod:`generator.page_cache`).
    """
    renderer = PageRenderer(content, today=today, source_url=source_url, calculator_data=calculator_data)
    cache = cache if cache is not None else PageCache()
    cache.start()
    # Every page's inputs: what any template may read (the site, the references its citations number, each cause's
    # name for a [[cause-id]] link, every name and alias a mention is linked by, the day that makes a review overdue,
    # the source links, the templates), then what the page itself is about. A template that starts reading something
    # else must add it here.
    names = (tuple((cause.id, cause.name) for cause in content.causes), renderer.mentions.signature)
    templates = _files_signature(TEMPLATE_DIR)
    shared = cache.same("shared", (content.site, content.references, names, renderer.today, source_url, templates))

    def page(name: str, inputs: Any, render: Callable[[], RenderedPage]) -> RenderedPage:
        return cache.page(name, (shared, inputs), render)

    findings = content.findings
    # An instrument page's worked examples show the instrument's result and the leading causes' names and scores:
    # what ranks a cause (its weights, red flags, tier), not its text.
    ranking = tuple((c.id, c.name, c.tier, c.category, c.findings, c.red_flags) for c in content.causes)
    examples = (findings, ranking, content.calculator_page.result_text)
    pages = [
        page("home", content.causes, renderer.home),
        page("calculator", (content.calculator_page, findings), renderer.calculator),
        *(
            page(f"instrument:{item.id}", (item, examples), lambda item=item: renderer.instrument(item))
            for item in content.instruments
        ),
        page("causes-index", content.causes, renderer.causes_index),
    ]
    pages += [page(f"cause:{cause.id}", cause, lambda cause=cause: renderer.cause(cause)) for cause in content.causes]
    topics = content.topics
    pages += [
        page(f"topic:{kind.name}", topics[kind.name], lambda kind=kind: renderer.topic(kind, topics[kind.name]))
        for kind in TOPIC_KINDS
    ]
    pages.append(page("references", (), renderer.references))
    pages.append(page("content-reference", _files_signature(schema.SCHEMA_DIR), renderer.content_reference))
    records = tuple((item.path, item.title, item.source, item.review, item.review_inherited) for item in pages)
    pages.append(page("review-status", records, lambda: renderer.review_status(pages)))
    cache.finish()
    return pages
