"""Mentions of a cause or an instrument in running text link to its page (generator/mentions.py, the text filter).

The names are content: a cause's name and aliases, an instrument's title and aliases. Whole words only, abbreviations
in their own case, the longest name first; once per block, never the page's own subject, never inside a link.
"""

from __future__ import annotations

import pytest

from generator import filters
from generator.citations import CitationNumbers
from generator.content import load_content
from generator.mentions import MentionIndex, is_abbreviation, name_terms
from generator.render import render_site
from tests.conftest import REAL_CONTENT, REPO_ROOT

DVT = "causes/deep-vein-thrombosis.md"
WELLS = "instruments/wells-dvt.md"
NIGHT = "causes/benign-nocturnal-leg-cramps.md"
PREGNANCY = "causes/pregnancy-associated-cramps.md"
PAD = "causes/peripheral-artery-disease.md"
INDEX = MentionIndex(
    {
        DVT: name_terms("Deep vein thrombosis", ["DVT"]),
        WELLS: name_terms("Wells score for deep vein thrombosis", ["Wells score", "Wells rule"]),
        NIGHT: name_terms("Benign idiopathic nocturnal leg cramps", ["Night cramps"]),
        PREGNANCY: name_terms("Pregnancy-associated leg cramps", ["Night cramps in pregnancy"]),
        PAD: name_terms("Peripheral artery disease with intermittent claudication (PAD)", ["PAD"]),
        "causes/heat-a.md": ["Heat cramps", "Heat A"],
        "causes/heat-b.md": ["heat cramps", "Heat B"],
    }
)


def linked(text: str, *subjects: str) -> str:
    """``text`` through the text filter, links written as [words](target)."""
    return filters.rich_text(
        text,
        CitationNumbers(),
        lambda cause_id: f"[[{cause_id}]]",
        mentions=INDEX,
        mention_link=lambda words, target: f"[{words}]({target})",
        subjects=subjects,
    )


def test_a_name_or_an_alias_links_to_its_page():
    assert linked("Suspect DVT.") == f"Suspect [DVT]({DVT})."
    assert linked("Use the Wells rule.") == f"Use the [Wells rule]({WELLS})."
    assert linked("Deep vein thrombosis matters.") == f"[Deep vein thrombosis]({DVT}) matters."


def test_the_longest_name_wins():
    assert linked("Night cramps in pregnancy are common.") == f"[Night cramps in pregnancy]({PREGNANCY}) are common."
    assert linked("The Wells score for deep vein thrombosis.") == (
        f"The [Wells score for deep vein thrombosis]({WELLS})."
    )


def test_whole_words_only():
    assert linked("DVTs and a PADlock and SUBDVT") == "DVTs and a PADlock and SUBDVT"
    assert linked("non-DVT causes") == f"non-[DVT]({DVT}) causes"


def test_abbreviations_keep_their_case_and_names_match_in_any_case():
    assert is_abbreviation("DVT") and is_abbreviation("IRLSSG criteria") and not is_abbreviation("Baker's cyst")
    assert linked("a pad under the heel") == "a pad under the heel"
    assert linked("deep vein thrombosis") == f"[deep vein thrombosis]({DVT})"


def test_a_name_ending_in_a_parenthesis_also_answers_to_the_words_before_it():
    assert name_terms("Restless legs syndrome (Willis-Ekbom disease)") == [
        "Restless legs syndrome (Willis-Ekbom disease)",
        "Restless legs syndrome",
    ]
    assert name_terms("Symptomatic Baker's (popliteal) cyst") == ["Symptomatic Baker's (popliteal) cyst"]
    assert linked("peripheral artery disease with intermittent claudication") == (
        f"[peripheral artery disease with intermittent claudication]({PAD})"
    )


def test_the_first_mention_in_a_block_is_linked_once():
    assert linked("DVT, then DVT again, and deep vein thrombosis.") == (
        f"[DVT]({DVT}), then DVT again, and deep vein thrombosis."
    )


def test_a_block_that_links_the_page_already_is_left_alone():
    assert linked("DVT: see [[deep-vein-thrombosis]].") == "DVT: see [[deep-vein-thrombosis]]."


def test_a_page_does_not_link_to_itself():
    assert linked("DVT and the Wells score.", DVT) == f"DVT and the [Wells score]({WELLS})."


def test_a_cause_the_block_links_already_is_not_linked_again():
    assert linked("DVT and the Wells score.", "index.md", DVT) == f"DVT and the [Wells score]({WELLS})."


def test_a_name_two_pages_answer_to_links_to_neither():
    assert INDEX.ambiguous == ("heat cramps",)
    assert (
        linked("Heat cramps, Heat A and Heat B.")
        == "Heat cramps, [Heat A](causes/heat-a.md) and [Heat B](causes/heat-b.md)."
    )


def test_linked_words_stay_literal_markdown():
    index = MentionIndex({"causes/x.md": ["X*y"]})
    text = filters.rich_text("a X*y <b>", CitationNumbers(), str, index, lambda words, target: f"[{words}]({target})")
    assert text == "a [X*y](causes/x.md) &lt;b>"


@pytest.fixture(scope="module")
def real_pages() -> dict[str, str]:
    return {page.path: page.markdown for page in render_site(load_content(REAL_CONTENT, REPO_ROOT))}


def test_the_dvt_page_links_the_wells_score_to_its_page(real_pages):
    dvt = real_pages[DVT]
    assert "[Wells score](../instruments/wells-dvt.md)" in dvt
    assert "](deep-vein-thrombosis.md)" not in dvt  # never a link to itself


@pytest.mark.parametrize(
    ("words", "page"),
    [
        ("Wells score", WELLS),
        ("Wells DVT score", WELLS),
        ("ABI", "instruments/ankle-brachial-index.md"),
        ("ankle-brachial index", "instruments/ankle-brachial-index.md"),
        ("IRLSSG criteria", "instruments/rls-criteria.md"),
        ("Edinburgh Claudication Questionnaire", "instruments/edinburgh-claudication.md"),
        ("restless legs syndrome", "causes/restless-legs-syndrome.md"),
        ("RLS", "causes/restless-legs-syndrome.md"),
        ("DVT", DVT),
        ("peripheral artery disease", PAD),
        ("PAD", PAD),
    ],
)
def test_the_real_content_names_each_instrument_and_common_abbreviation(words, page):
    index = MentionIndex.from_content(load_content(REAL_CONTENT, REPO_ROOT))
    assert [(m.text, m.target) for m in index.find(f"Consider the {words} here.")] == [(words, page)]
