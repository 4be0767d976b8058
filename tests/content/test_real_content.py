"""The real content under content/: valid, complete against the seed topics, and sourced."""

from __future__ import annotations

import re

import pytest

from generator.content import check_content, load_content
from generator.model import HELP_LEVELS
from generator.richtext import cited_ids
from tests.conftest import REAL_CONTENT, REPO_ROOT

# Every cause the seed documents name (issue: "covering every cause named in the five seed documents").
SEED_CAUSES = {
    "dehydration": "dehydration",
    "electrolyte imbalance": "electrolyte-imbalance",
    "benign idiopathic nocturnal leg cramps": "benign-nocturnal-leg-cramps",
    "exercise-associated cramps / overuse": "exercise-associated-muscle-cramps",
    "medication-induced cramps": "medication-induced-cramps",
    "pregnancy": "pregnancy-associated-cramps",
    "hypothyroidism": "hypothyroidism",
    "diabetes": "diabetes",
    "peripheral artery disease": "peripheral-artery-disease",
    "critical limb ischaemia": "critical-limb-ischaemia",
    "deep vein thrombosis": "deep-vein-thrombosis",
    "acute compartment syndrome": "acute-compartment-syndrome",
    "chronic exertional compartment syndrome": "chronic-exertional-compartment-syndrome",
    "peripheral neuropathy": "peripheral-neuropathy",
    "lumbar radiculopathy": "lumbar-radiculopathy",
    "lumbar spinal stenosis": "lumbar-spinal-stenosis",
    "Parkinson's disease": "parkinsons-disease",
    "renal failure / haemodialysis": "renal-failure-and-dialysis",
    "cirrhosis": "cirrhosis",
    "nutritional deficiencies": "nutritional-deficiencies",
    "toxins and heavy metals": "toxins-and-heavy-metals",
    "channelopathies": "channelopathies",
    "sarcoidosis": "sarcoidosis",
    "amyloidosis": "amyloidosis",
    "dystonia": "dystonia",
    "restless legs syndrome": "restless-legs-syndrome",
    "venous claudication": "venous-claudication",
    "Baker's cyst": "bakers-cyst",
    "hip arthritis": "hip-arthritis",
    "foot/ankle arthritis": "foot-ankle-arthritis",
}


@pytest.fixture(scope="module")
def content():
    return load_content(REAL_CONTENT, REPO_ROOT)


def test_content_has_no_problems():
    assert [str(problem) for problem in check_content(REAL_CONTENT, REPO_ROOT)] == []


@pytest.mark.parametrize("topic", sorted(SEED_CAUSES))
def test_every_seed_cause_has_a_page(content, topic):
    assert SEED_CAUSES[topic] in content.causes_by_id(), topic


def test_the_single_most_likely_cause_is_benign_nocturnal_cramps(content):
    assert [cause.id for cause in content.causes_in_tier("most_likely")] == ["benign-nocturnal-leg-cramps"]


def test_every_tier_has_causes(content):
    for tier in ("other_likely", "do_not_miss", "rare"):
        assert content.causes_in_tier(tier), tier


def test_do_not_miss_causes_have_red_flags_the_calculator_can_raise(content):
    for cause in content.causes_in_tier("do_not_miss"):
        assert cause.red_flags, cause.id
        assert any(flag.when for flag in cause.red_flags), f"{cause.id}: no red flag is tied to a finding"


def test_every_cause_cites_in_its_clinical_text(content):
    for cause in content.causes:
        for text in (cause.summary, cause.mechanism, *cause.features, *cause.workup, *cause.management):
            assert cited_ids(text), (cause.id, text)


def test_every_reference_has_a_findable_identifier(content):
    for reference in content.references.values():
        printed = reference.journal and reference.volume and reference.pages
        assert reference.doi or reference.pmid or reference.url or printed, reference.id


# -- patient wording --------------------------------------------------------------------------------------------

CLINICIAN_VERBS = re.compile(r"\b(arrang|refer|measur|order)\w*", re.IGNORECASE)


def patient_texts(content) -> list[tuple[str, str]]:
    """Every text written for patients to read, with where it is."""
    texts = [("site when_to_get_help", item.text) for item in content.site.when_to_get_help]
    texts += [("site self_care", text) for text in content.site.self_care]
    for cause in content.causes:
        texts.append((f"{cause.id} plain_summary", cause.plain_summary))
        texts += [(f"{cause.id} red flag {index}", flag.patient.text) for index, flag in enumerate(cause.red_flags)]
        texts += [(f"{cause.id} self_care", text) for text in cause.self_care]
    comparison, rls = content.topics["comparison"], content.topics["rls"]
    rows = (comparison.claudication, *comparison.mimics, *rls.mimics)
    texts += [(f"table row {row.patient.name}", row.patient.text) for row in rows]
    return texts


def test_every_red_flag_has_cited_patient_wording_at_a_known_level(content):
    for cause in content.causes:
        for flag in cause.red_flags:
            assert flag.patient.level in HELP_LEVELS, cause.id
            assert cited_ids(flag.patient.text), (cause.id, flag.patient.text)
        levels = {flag.patient.level for flag in cause.red_flags}
        shown = [level for level, texts in cause.when_to_get_help() if texts]
        assert shown == [level for level in HELP_LEVELS if level in levels], cause.id


def test_every_do_not_miss_cause_tells_patients_when_to_get_help(content):
    for cause in content.causes_in_tier("do_not_miss"):
        assert cause.when_to_get_help(), cause.id


def test_the_home_page_tells_patients_when_to_get_help_at_every_level(content):
    assert [level for level, _ in content.site.when_to_get_help_by_level()] == list(HELP_LEVELS)
    assert content.site.self_care and all(cited_ids(text) for text in content.site.self_care)


def test_no_patient_text_gives_a_clinicians_instruction(content):
    found = [
        (where, match.group(0)) for where, text in patient_texts(content) for match in CLINICIAN_VERBS.finditer(text)
    ]
    assert found == []


def test_patient_wording_cites_the_same_kind_of_source_as_the_clinical_text(content):
    """A red flag's patient wording says the same thing: it cites at least one source its clinical text cites."""
    for cause in content.causes:
        for flag in cause.red_flags:
            shared = set(cited_ids(flag.patient.text)) & set(cited_ids(flag.text))
            assert shared, (cause.id, flag.patient.text)
