"""The real cause pages in patient mode: the clinical red-flag box never leaks into the patient's "When to get help".

Rendered from content/ (not the fixture), because what matters here is the wording editors wrote: a DVT page whose
patient part told a reader to "arrange a proximal leg vein ultrasound scan" is the bug this pins.
"""

from __future__ import annotations

import markdown
import pytest

from generator.content import load_content
from generator.mentions import MentionIndex
from generator.model import HELP_LEVELS
from generator.render import render_site
from generator.richtext import plain_text
from tests.conftest import REAL_CONTENT, REPO_ROOT
from tests.generator.test_audience_render import PageTree

CONTENT = load_content(REAL_CONTENT, REPO_ROOT)
CAUSES = {cause.id: cause for cause in CONTENT.causes}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {page.path: page.markdown for page in render_site(CONTENT)}


def tree_of(source: str) -> PageTree:
    html = markdown.markdown(
        source.split("\n---\n", 1)[1], extensions=["toc", "tables", "attr_list", "admonition", "md_in_html"]
    )
    tree = PageTree()
    tree.feed(html)
    return tree


def longest_unlinked_stretch(text: str, page: str = "causes/deep-vein-thrombosis.md") -> str:
    """The longest part of ``text`` between mentions the page links (generator/mentions.py): a link ends a text run."""
    cuts = [(m.start, m.end) for m in MentionIndex.from_content(CONTENT).find(text) if m.target != page]
    starts, ends = [0, *(end for _, end in cuts)], [*(start for start, _ in cuts), len(text)]
    return max((text[start:end] for start, end in zip(starts, ends, strict=True)), key=len)


def patient_text(tree: PageTree) -> str:
    return " ".join(run.text for run in tree.runs if run.audience() == "patient")


def test_the_dvt_pages_clinical_red_flags_are_not_in_its_patient_part(pages):
    tree = tree_of(pages["causes/deep-vein-thrombosis.md"])
    for flag in CAUSES["deep-vein-thrombosis"].red_flags:
        opening = longest_unlinked_stretch(plain_text(flag.text))[:60]
        runs = [run for run in tree.runs if opening in run.text]
        assert len(runs) == 1 and runs[0].audience() == "clinician", opening
    spoken = patient_text(tree)
    assert "arrange" not in spoken and "proximal leg vein ultrasound" not in spoken
    assert "Do not drive yourself to hospital" in spoken


@pytest.mark.parametrize("cause_id", sorted(cause.id for cause in CONTENT.causes if cause.red_flags))
def test_every_red_flag_cause_page_shows_its_levels_in_order(pages, cause_id):
    cause = CAUSES[cause_id]
    tree = tree_of(pages[f"causes/{cause_id}.md"])
    titles = [
        run.text
        for run in tree.runs
        if run.inside("p", class_="admonition-title") and run.inside("div", class_="lc-get-help")
    ]
    used = [level for level in HELP_LEVELS if any(flag.patient.level == level for flag in cause.red_flags)]
    assert titles == [CONTENT.site.help_levels[level] for level in used]
    headings = [attrs.get("id") for tag, attrs, _ in tree.elements if tag == "h2"]
    assert headings[0] == "when-to-get-help"
