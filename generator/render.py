"""Render the content model into Markdown pages, through Jinja2 templates.

Output escaping is the default: every ``{{ value }}`` passes through :func:`richtext.escape_markdown`
unless a filter deliberately returns ``Markup`` (rich text with citations, HTML attributes). A template
author cannot forget to escape content from a pull request.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

import calculator
from calculator.differential import ranked_entries
from calculator.instruments import BY_NAME as INSTRUMENTS_BY_NAME
from generator import richtext
from generator.content import SCHEMA_DIR_NAME
from generator.export import export_calculator_data
from generator.model import (
    REVIEW_INTERVAL_YEARS,
    TIERS,
    Cause,
    Content,
    Finding,
    InstrumentPage,
    Reference,
    Review,
    TopicPage,
)
from generator.schema_reference import build_schema_reference

TEMPLATE_DIR = Path(__file__).parent / "templates"
REVIEW_STATUS_ORDER = ("approved", "in_review", "draft")

TOPIC_PAGES: dict[str, tuple[str, str]] = {  # kind -> (page path, template)
    "comparison": ("claudication-vs-pseudoclaudication.md", "comparison.md.j2"),
    "rls": ("restless-legs-and-mimics.md", "rls.md.j2"),
    "vascular_map": ("vascular-map.md", "vascular_map.md.j2"),
    "approach": ("diagnostic-approach.md", "topic.md.j2"),
    "prevention": ("prevention-and-treatment.md", "prevention.md.j2"),
}
CALCULATOR_PAGE = "calculator/index.md"
HOME_PAGE = "index.md"
CAUSES_INDEX = "causes/index.md"
REFERENCES_PAGE = "references.md"
CONTENT_REFERENCE_PAGE = "editors/content-reference.md"
REVIEW_STATUS_PAGE = "editors/review-status.md"


# Pure functions of their text, called again and again on the same strings (cause names in every link and list, a
# reference's fields on every page citing it): remembered for the build.
_escape_markdown = lru_cache(maxsize=1 << 15)(richtext.escape_markdown)
_parse_richtext = lru_cache(maxsize=1 << 13)(richtext.parse)


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


def instrument_page(page_id: str) -> str:
    """Docs-relative path of an instrument's page."""
    return f"instruments/{page_id}.md"


def cause_page(cause_id: str) -> str:
    """Docs-relative path of a cause's page."""
    return f"causes/{cause_id}.md"


@dataclass(frozen=True)
class RenderedPage:
    """One generated Markdown page, the YAML file an editor changes to change it, and its clinical review record.

    ``review_inherited``: the page has no record of its own and shows the site's (``content/site.yaml``).
    """

    path: str
    title: str
    markdown: str
    source: str | None
    review: Review | None = None
    review_inherited: bool = False


@dataclass
class CitationNumbers:
    """Numbers citations on one page in order of first appearance, as a journal article does."""

    order: list[str] = field(default_factory=list)

    def number(self, reference_id: str) -> int:
        if reference_id not in self.order:
            self.order.append(reference_id)
        return self.order.index(reference_id) + 1


def _front_matter_value(text: str) -> Markup:
    """A YAML-safe, HTML-escaped scalar: themes print front matter into HTML without escaping."""
    return Markup(json.dumps(html.escape(richtext.normalise(text), quote=True), ensure_ascii=False))


class PageRenderer:
    """Renders pages for one :class:`Content`; one instance per build."""

    def __init__(
        self,
        content: Content,
        template_dir: Path = TEMPLATE_DIR,
        *,
        today: date | None = None,
        source_url: str | None = None,
    ) -> None:
        self.content = content
        self.today = today or build_date()
        self.source_url = source_url
        self.data = export_calculator_data(content)
        self.findings = content.findings.by_id()
        self.causes = content.causes_by_id()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(template_dir),
            autoescape=True,
            finalize=self._finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_template_bytecode_cache(),
        )
        self.env.filters.update(
            text=self._text,
            attr=self._attr,
            yaml_value=_front_matter_value,
            plain=richtext.plain_text,
            ref_entry=self._reference_entry,
            code_block=_code_block,
        )
        self.env.globals.update(
            tiers=TIERS,
            site=content.site,
            content=content,
            url=self._url,
            cause_link=self._cause_link,
            today=self.today,
            source_link=self._source_link,
            review_interval_years=REVIEW_INTERVAL_YEARS,
        )

    @staticmethod
    def _finalize(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, Markup):
            return value
        return Markup(_escape_markdown(str(value)))

    @staticmethod
    def _attr(value: Any) -> Markup:
        """Escape for an HTML attribute or raw HTML block, where Markdown escapes would show literally."""
        return Markup(html.escape(str(value), quote=True))

    @jinja2.pass_context
    def _url(self, context: jinja2.runtime.Context, target: str) -> str:
        """Relative link from the page being rendered to ``target`` (a docs-relative .md path)."""
        here = posixpath.dirname(context["page_path"])
        return posixpath.relpath(target, here or ".")

    def _source_link(self, source: str) -> Markup:
        """The YAML file's path, linked to the repository when the site knows its address."""
        path = _escape_markdown(source)
        if not self.source_url:
            return Markup(f"<code>{path}</code>")
        return Markup(f"[<code>{path}</code>](<{self._attr(self.source_url + source)}>)")

    @jinja2.pass_context
    def _cause_link(self, context: jinja2.runtime.Context, cause_id: str) -> Markup:
        cause = self.causes[cause_id]
        name = _escape_markdown(cause.name)
        return Markup(f"[{name}]({self._url(context, cause_page(cause_id))})")

    @jinja2.pass_context
    def _text(self, context: jinja2.runtime.Context, text: str) -> Markup:
        """Rich text as Markdown: literal words, numbered citations, links to cause pages."""
        citations: CitationNumbers = context["citations"]
        out: list[str] = []
        for token in _parse_richtext(text):
            if isinstance(token, richtext.Plain):
                out.append(_escape_markdown(token.text))
            elif isinstance(token, richtext.CauseLink):
                out.append(self._cause_link(context, token.cause_id))
            else:
                if out:  # a superscript citation sits against the word it supports
                    out[-1] = out[-1].rstrip()
                links = ", ".join(f'<a href="#ref-{ref}">{citations.number(ref)}</a>' for ref in token.ids)
                out.append(f'<sup class="citation">[{links}]</sup>')
        return Markup("".join(out))

    def _reference_entry(self, reference: Reference) -> Markup:
        """One bibliography entry in Vancouver style, with DOI / PubMed / PMC / web links."""
        esc = _escape_markdown
        parts = [esc(", ".join(reference.authors)) + ".", esc(reference.title.rstrip(".")) + "."]
        source = f"*{esc(reference.journal)}*. " if reference.journal else ""
        source += str(reference.year)
        if reference.volume:
            source += f";{esc(reference.volume)}"
        if reference.issue:
            source += f"({esc(reference.issue)})"
        if reference.pages:
            source += f":{esc(reference.pages)}"
        parts.append(source + ".")
        if reference.note:
            parts.append(esc(reference.note))
        links = []
        if reference.doi:
            links.append(f"[{esc('doi:' + reference.doi)}](<https://doi.org/{self._attr(reference.doi)}>)")
        if reference.pmid:
            links.append(f"[PubMed {reference.pmid}](https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/)")
        if reference.pmcid:
            links.append(f"[{reference.pmcid}](https://www.ncbi.nlm.nih.gov/pmc/articles/{reference.pmcid}/)")
        if reference.url and not (reference.doi or reference.pmid):
            links.append(f"[Link](<{self._attr(reference.url)}>)")
        return Markup(" ".join(parts + links))

    def render(self, template: str, page_path: str, **context: Any) -> str:
        citations = CitationNumbers()
        listed = context.pop("listed_references", ())
        markdown = self.env.get_template(template).render(
            page_path=page_path,
            citations=citations,
            **context,
            page_references=lambda: self._page_references(citations, listed),
        )
        return markdown

    def _page_references(self, citations: CitationNumbers, listed: tuple[str, ...]) -> list[tuple[int, Reference]]:
        for reference_id in listed:
            citations.number(reference_id)
        return [(i + 1, self.content.references[ref]) for i, ref in enumerate(citations.order)]

    # -- pages ---------------------------------------------------------------------------------------------
    def home(self) -> RenderedPage:
        site = self.content.site
        tiers = {tier: self.content.causes_in_tier(tier) for tier in TIERS}
        markdown = self.render(
            "home.md.j2", HOME_PAGE, tiers_causes=tiers, review=site.review, listed_references=site.references
        )
        return RenderedPage(HOME_PAGE, "Leg cramps: differential diagnosis", markdown, site.source, site.review)

    def causes_index(self) -> RenderedPage:
        review = self.content.site.review
        markdown = self.render("causes_index.md.j2", CAUSES_INDEX, review=review, review_inherited=True)
        return RenderedPage(CAUSES_INDEX, "All causes", markdown, None, review, review_inherited=True)

    def cause(self, cause: Cause) -> RenderedPage:
        path = cause_page(cause.id)
        markdown = self.render(
            "cause.md.j2", path, cause=cause, review=cause.review, listed_references=cause.references
        )
        return RenderedPage(path, cause.name, markdown, cause.source, cause.review)

    def topic(self, kind: str, page: TopicPage) -> RenderedPage:
        path, template = TOPIC_PAGES[kind]
        markdown = self.render(template, path, page=page, review=page.review, listed_references=page.references)
        return RenderedPage(path, page.title, markdown, page.source, page.review)

    def calculator(self) -> RenderedPage:
        page = self.content.calculator_page
        by_group: dict[str, list[Finding]] = {group.id: [] for group in self.content.findings.groups}
        for finding in self.content.findings.findings:
            if finding.asked:
                by_group[finding.group].append(finding)
        markdown = self.render(
            "calculator.md.j2",
            CALCULATOR_PAGE,
            page=page,
            review=page.review,
            listed_references=page.references,
            groups=self.content.findings.groups,
            findings_by_group=by_group,
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
            "instrument.md.j2",
            path,
            page=page,
            review=page.review,
            listed_references=page.references,
            module=module,
            inputs=inputs,
            points=points,
            examples=examples,
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
            "references.md.j2", REFERENCES_PAGE, ordered=ordered, review=review, review_inherited=True
        )
        return RenderedPage(
            REFERENCES_PAGE, "References", markdown, self.content.references_source, review, review_inherited=True
        )

    def content_reference(self) -> RenderedPage:
        """Every field of every content file, read from the JSON Schemas (never a hand-kept copy)."""
        content_dir = self.content.content_dir
        schema_dir = (content_dir or Path("content")) / SCHEMA_DIR_NAME
        reference = build_schema_reference(schema_dir, self._content_path())
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


def render_site(content: Content, *, today: date | None = None, source_url: str | None = None) -> list[RenderedPage]:
    """Every generated page, home first, in navigation order.

    ``today`` decides which reviews show as overdue (default: :func:`build_date`); ``source_url``, when given, is
    prefixed to a YAML file's repository path to link it (e.g. ``https://github.com/o/r/edit/main/``).
    """
    renderer = PageRenderer(content, today=today, source_url=source_url)
    pages = [renderer.home(), renderer.calculator(), *(renderer.instrument(page) for page in content.instruments)]
    pages.append(renderer.causes_index())
    pages += [renderer.cause(cause) for cause in content.causes]
    pages += [renderer.topic(kind, content.topics[kind]) for kind in TOPIC_PAGES]
    pages.append(renderer.references())
    pages.append(renderer.content_reference())
    pages.append(renderer.review_status(pages))
    return pages


def site_nav(content: Content, pages: list[RenderedPage]) -> list[Any]:
    """The navigation tree in MkDocs' ``nav`` format: home, causes grouped by tier, topics, references."""
    titles = {page.path: page.title for page in pages}
    causes = [{"All causes": CAUSES_INDEX}]
    for tier in TIERS:
        entries = [{cause.name: cause_page(cause.id)} for cause in content.causes_in_tier(tier)]
        if entries:
            causes.append({content.site.tiers[tier].title: entries})
    tools = [{titles[CALCULATOR_PAGE]: CALCULATOR_PAGE}]
    tools += [{page.title: instrument_page(page.id)} for page in content.instruments]
    nav: list[Any] = [{"Home": HOME_PAGE}, {"Calculator": tools}, {"Causes": causes}]
    nav += [{titles[path]: path} for path, _ in TOPIC_PAGES.values()]
    nav.append({"References": REFERENCES_PAGE})
    nav.append({"Editors": [{titles[path]: path} for path in (CONTENT_REFERENCE_PAGE, REVIEW_STATUS_PAGE)]})
    return nav


def _code_block(text: str) -> Markup:
    """Text as an indented Markdown code block: shown verbatim, HTML-escaped by Markdown itself."""
    return Markup("\n".join(f"    {line}" if line else "" for line in text.splitlines()))
