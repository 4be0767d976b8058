"""The published instruments, each by its published rule (REFERENCES.md), through ``evaluate`` and directly."""

from __future__ import annotations

import pytest

from calculator.instruments import INSTRUMENTS, abi, edinburgh, rls_irlssg, wells_dvt


def instrument(evaluate, name: str, answers: dict):
    return evaluate(answers)["instruments"][name]


# Every instrument: its inputs and its citation

SAMPLE_ANSWERS = {
    "abi": {"abi_brachial_left": 120, "abi_brachial_right": 130, "abi_dp_left": 110, "abi_pt_right": 95},
    "wells_dvt": {"wells_active_cancer": True, "wells_pitting_edema": False, "wells_previous_dvt": True},
    "rls_irlssg": {"rls_urge_to_move": True, "rls_evening_or_night": False},
    "edinburgh_claudication": {"ecq_pain_walking": True, "ecq_stand_still": "continues", "ecq_pain_sites": ["calf"]},
}
UNRELATED_ANSWERS = {"age": 64, "nocturnal": True, "exertional": True, "location": ["calf"]}


def test_every_instrument_module_is_sampled():
    assert {module.NAME for module in INSTRUMENTS} == set(SAMPLE_ANSWERS)


@pytest.mark.parametrize("name", sorted(SAMPLE_ANSWERS))
def test_an_instrument_reports_exactly_the_inputs_it_was_given(evaluate, name):
    result = instrument(evaluate, name, {**SAMPLE_ANSWERS[name], **UNRELATED_ANSWERS})
    assert result["inputs"] == SAMPLE_ANSWERS[name]


@pytest.mark.parametrize("name", sorted(SAMPLE_ANSWERS))
def test_an_instrument_cites_an_entry_of_the_bibliography(evaluate, bibliography_ids, name):
    result = instrument(evaluate, name, SAMPLE_ANSWERS[name])
    assert result["citation"] in bibliography_ids


@pytest.mark.parametrize("module", INSTRUMENTS, ids=lambda module: module.NAME)
def test_every_citation_of_an_instrument_is_in_the_bibliography(bibliography_ids, module):
    assert set(module.CITATIONS) <= bibliography_ids


@pytest.mark.parametrize("module", INSTRUMENTS, ids=lambda module: module.NAME)
def test_an_instrument_reads_only_findings_of_the_vocabulary(findings, module):
    assert set(module.INPUTS) <= set(findings)


@pytest.mark.parametrize("module", INSTRUMENTS, ids=lambda module: module.NAME)
def test_an_instrument_gives_the_same_result_directly_as_through_evaluate(evaluate, module):
    answers = SAMPLE_ANSWERS[module.NAME]
    direct = module.assess(answers)
    through_evaluate = instrument(evaluate, module.NAME, answers)
    assert {key: through_evaluate[key] for key in direct} == direct


def test_no_instrument_appears_without_its_inputs(evaluate):
    assert evaluate(UNRELATED_ANSWERS)["instruments"] == {}


# Ankle-brachial index


def left_abi(evaluate, **pressures) -> dict:
    answers = {f"abi_{key}_left": value for key, value in pressures.items()}
    return instrument(evaluate, "abi", answers)["left"]


@pytest.mark.parametrize(
    ("ankle", "brachial", "value", "category"),
    [
        (90, 100, 0.90, "abnormal"),
        (91, 100, 0.91, "borderline"),
        (99, 100, 0.99, "borderline"),
        (100, 100, 1.00, "normal"),
        (140, 100, 1.40, "normal"),
        (141, 100, 1.41, "noncompressible"),
    ],
)
def test_abi_category_boundaries_are_the_guidelines(evaluate, ankle, brachial, value, category):
    leg = left_abi(evaluate, dp=ankle, brachial=brachial)
    assert leg["abi"] == value
    assert leg["category"] == category


@pytest.mark.parametrize(
    ("value", "category"),
    [
        (0.30, "abnormal"),
        (0.90, "abnormal"),
        (0.91, "borderline"),
        (0.99, "borderline"),
        (1.00, "normal"),
        (1.40, "normal"),
        (1.41, "noncompressible"),
        (2.50, "noncompressible"),
    ],
)
def test_classify_abi_by_the_guideline_bands(value, category):
    assert abi.classify_abi(value) == category


@pytest.mark.parametrize(
    ("ankle", "brachial", "value"),
    [
        (181, 200, 0.91),  # 0.905
        (179, 200, 0.90),  # 0.895
        (199, 200, 1.00),  # 0.995
        (281, 200, 1.41),  # 1.405
        (90.5, 100, 0.91),
        (140.5, 100, 1.41),
        (100, 300, 0.33),
        (200, 300, 0.67),
    ],
)
def test_abi_is_rounded_half_up_to_two_decimals(ankle, brachial, value):
    assert abi.abi_value(ankle, brachial) == value


def test_a_ratio_exactly_half_way_above_0_90_is_borderline(evaluate):
    leg = left_abi(evaluate, pt=181, brachial=200)
    assert (leg["abi"], leg["category"]) == (0.91, "borderline")


def test_a_ratio_exactly_half_way_above_1_40_is_noncompressible(evaluate):
    leg = left_abi(evaluate, pt=281, brachial=200)
    assert (leg["abi"], leg["category"]) == (1.41, "noncompressible")


def test_abi_uses_the_higher_of_the_two_ankle_pressures(evaluate):
    leg = left_abi(evaluate, dp=80, pt=95, brachial=100)
    assert leg["abi"] == 0.95
    assert leg["ankle_pressure"] == 95


def test_abi_divides_by_the_higher_of_the_two_arm_pressures(evaluate):
    answers = {"abi_brachial_left": 100, "abi_brachial_right": 120, "abi_dp_left": 108, "abi_dp_right": 108}
    result = instrument(evaluate, "abi", answers)
    assert result["left"]["abi"] == result["right"]["abi"] == 0.90
    assert result["left"]["category"] == "abnormal"
    assert result["left"]["brachial_pressure"] == result["right"]["brachial_pressure"] == 120


def test_abi_of_one_leg_uses_the_other_arm_when_it_is_higher(evaluate):
    answers = {"abi_brachial_left": 150, "abi_brachial_right": 100, "abi_pt_right": 135}
    assert instrument(evaluate, "abi", answers)["right"]["abi"] == 0.90


def test_abi_legs_are_scored_independently(evaluate):
    answers = {
        "abi_brachial_left": 130,
        "abi_brachial_right": 125,
        "abi_dp_left": 65,
        "abi_pt_left": 60,
        "abi_dp_right": 140,
        "abi_pt_right": 135,
    }
    result = instrument(evaluate, "abi", answers)
    assert (result["left"]["abi"], result["left"]["category"]) == (0.50, "abnormal")
    assert (result["right"]["abi"], result["right"]["category"]) == (1.08, "normal")
    assert "incomplete" not in result


def test_abi_above_1_40_asks_for_a_toe_brachial_index(evaluate):
    leg = left_abi(evaluate, dp=160, brachial=110)
    assert leg["category"] == "noncompressible"
    assert leg["next_test"] == abi.NEXT_TEST["noncompressible"]
    assert "toe-brachial index" in leg["next_test"]


@pytest.mark.parametrize(("ankle", "value"), [(91, 0.91), (99, 0.99), (100, 1.00), (140, 1.40)])
def test_exertional_symptoms_with_abi_0_91_to_1_40_call_for_an_exercise_abi(evaluate, ankle, value):
    answers = {"exertional": True, "abi_brachial_left": 100, "abi_dp_left": ankle}
    leg = instrument(evaluate, "abi", answers)["left"]
    assert leg["abi"] == value
    assert leg["next_test"] == abi.NEXT_TEST["exertional"]
    assert "Exercise (treadmill) ABI" in leg["next_test"]


@pytest.mark.parametrize("exertional", [False, None], ids=["not-exertional", "unanswered"])
def test_without_exertional_symptoms_a_normal_abi_needs_no_exercise_test(evaluate, exertional):
    answers = {"exertional": exertional, "abi_brachial_left": 100, "abi_dp_left": 120}
    assert instrument(evaluate, "abi", answers)["left"]["next_test"] == abi.NEXT_TEST["at_rest"]


@pytest.mark.parametrize(("ankle", "category"), [(90, "abnormal"), (141, "noncompressible")])
def test_exertional_symptoms_outside_0_91_to_1_40_do_not_call_for_an_exercise_abi(evaluate, ankle, category):
    answers = {"exertional": True, "abi_brachial_left": 100, "abi_dp_left": ankle}
    assert instrument(evaluate, "abi", answers)["left"]["next_test"] == abi.NEXT_TEST[category]


def test_abi_of_0_90_or_less_is_diagnostic_without_further_test(evaluate):
    assert left_abi(evaluate, dp=60, brachial=100)["next_test"] == abi.NEXT_TEST["abnormal"]


def test_one_measured_arm_serves_both_legs_and_the_result_says_so(evaluate):
    result = instrument(evaluate, "abi", {"abi_brachial_left": 120, "abi_dp_right": 110, "abi_pt_right": 102})
    assert result["right"]["abi"] == 0.92
    assert result["right"]["brachial_pressure"] == 120
    assert "left" not in result
    assert result["notes"] == [abi.ONE_ARM.format(arm="left")]


def test_both_arms_measured_use_the_higher_with_no_note(evaluate):
    answers = {"abi_brachial_left": 120, "abi_brachial_right": 150, "abi_dp_right": 135}
    result = instrument(evaluate, "abi", answers)
    assert result["right"]["abi"] == 0.90
    assert result["notes"] == []


def test_an_ankle_pressure_of_0_is_an_absent_signal_and_an_abi_of_0(evaluate):
    result = instrument(evaluate, "abi", {"abi_brachial_right": 140, "abi_dp_right": 0, "abi_pt_right": 0})
    assert result["right"]["abi"] == 0.0
    assert result["right"]["category"] == "abnormal"
    assert any("no Doppler signal" in note for note in result["notes"])


def test_the_higher_ankle_pressure_is_used_when_one_artery_has_no_signal(evaluate):
    assert left_abi(evaluate, brachial=100, dp=0, pt=60)["abi"] == 0.60


@pytest.mark.parametrize("dp", [60, 95, 110, 150], ids=["abnormal", "borderline", "normal", "noncompressible"])
def test_rest_pain_or_tissue_loss_sends_every_category_to_toe_pressures_and_urgent_referral(evaluate, dp):
    answers = {"abi_brachial_left": 100, "abi_dp_left": dp, "rest_pain_or_tissue_loss": True}
    next_test = instrument(evaluate, "abi", answers)["left"]["next_test"]
    assert next_test == abi.NEXT_TEST["rest_pain_or_tissue_loss"]
    assert "toe-brachial index" in next_test and "refer urgently" in next_test and "TcPO2" in next_test


def test_abi_derives_the_categories_of_the_legs_with_their_numbers():
    assessment = abi.assess({"abi_brachial_right": 140, "abi_dp_left": 101, "abi_dp_right": 98})
    value, evidence = abi.derive(assessment)
    assert value == ["abnormal"]
    assert evidence == {"abnormal": "ABI 0.72 in the left leg and 0.70 in the right leg (abnormal)"}


def test_abi_derives_nothing_without_a_leg():
    assert abi.derive(abi.assess({"abi_dp_left": 100})) is None


def test_a_leg_needs_at_least_one_of_its_ankle_pressures(evaluate):
    result = instrument(evaluate, "abi", {"abi_brachial_left": 120, "abi_brachial_right": 120, "abi_dp_left": 100})
    assert "left" in result
    assert "right" not in result


def test_one_ankle_pressure_is_enough_for_a_leg(evaluate):
    assert left_abi(evaluate, brachial=100, pt=85)["abi"] == 0.85


def test_abi_lists_each_leg_still_missing_pressures(evaluate):
    result = instrument(evaluate, "abi", {"abi_brachial_left": 120, "abi_dp_left": 100})
    assert len(result["incomplete"]) == 1
    assert result["incomplete"][0].startswith("right leg")


def test_abi_with_only_an_arm_pressure_lists_both_legs_as_incomplete(evaluate):
    result = instrument(evaluate, "abi", {"abi_brachial_right": 120})
    assert [line.split()[0] for line in result["incomplete"]] == ["left", "right"]
    assert "left" not in result and "right" not in result


def test_abi_is_absent_without_any_pressure(evaluate):
    assert "abi" not in evaluate({"exertional": True, "diminished_pulses": True})["instruments"]


def test_abi_assess_returns_none_without_any_pressure():
    assert abi.assess({"exertional": True}) is None


def test_abi_reports_no_severity_bands(evaluate):
    """The guidelines define no mild/moderate/severe bands, so none may be reported."""
    leg = left_abi(evaluate, dp=40, brachial=100)
    assert leg["category"] == "abnormal"
    assert not {"severity", "grade", "band"} & set(leg)


# Wells score for DVT

WELLS_PLUS_ONE = [
    "wells_active_cancer",
    "wells_paralysis_or_recent_cast",
    "wells_bedridden_or_major_surgery",
    "wells_localized_deep_vein_tenderness",
    "wells_entire_leg_swollen",
    "wells_calf_swelling_3cm",
    "wells_pitting_edema",
    "wells_collateral_superficial_veins",
    "wells_previous_dvt",
]


def wells(evaluate, *present: str, **others) -> dict:
    return instrument(evaluate, "wells_dvt", {**dict.fromkeys(present, True), **others})


def test_wells_inputs_are_the_ten_published_items():
    assert set(wells_dvt.INPUTS) == {*WELLS_PLUS_ONE, "wells_alternative_diagnosis_as_likely"}


@pytest.mark.parametrize("item", WELLS_PLUS_ONE)
def test_each_wells_item_scores_one_point(evaluate, item):
    assert wells(evaluate, item)["score"] == 1


def test_an_alternative_diagnosis_as_likely_scores_minus_two(evaluate):
    result = wells(evaluate, "wells_alternative_diagnosis_as_likely")
    assert result["score"] == -2
    assert result["score_1997"] == -2


def test_a_wells_item_answered_no_scores_nothing(evaluate):
    assert wells(evaluate, wells_active_cancer=False, wells_alternative_diagnosis_as_likely=False)["score"] == 0


def test_wells_items_add_up(evaluate):
    result = wells(evaluate, "wells_active_cancer", "wells_pitting_edema", "wells_alternative_diagnosis_as_likely")
    assert result["score"] == 0


def test_the_2003_score_counts_a_previous_dvt_and_the_1997_score_does_not(evaluate):
    result = wells(evaluate, "wells_previous_dvt")
    assert result["score"] == 1
    assert result["score_1997"] == 0


@pytest.mark.parametrize(
    ("present", "score", "tier"),
    [
        (["wells_active_cancer"], 1, "unlikely"),
        (["wells_active_cancer", "wells_pitting_edema"], 2, "likely"),
        (["wells_previous_dvt", "wells_entire_leg_swollen"], 2, "likely"),
        (["wells_alternative_diagnosis_as_likely"], -2, "unlikely"),
        ([], 0, "unlikely"),
    ],
    ids=["1-unlikely", "2-likely", "2-with-previous-dvt-likely", "negative-unlikely", "0-unlikely"],
)
def test_the_2003_two_tiers_are_likely_from_2_and_unlikely_up_to_1(evaluate, present, score, tier):
    result = wells(evaluate, *present, wells_collateral_superficial_veins=False)
    assert result["score"] == score
    assert result["two_tier"] == tier


@pytest.mark.parametrize(
    ("present", "tier"),
    [
        (["wells_alternative_diagnosis_as_likely"], "low"),
        ([], "low"),
        (["wells_active_cancer"], "moderate"),
        (["wells_active_cancer", "wells_calf_swelling_3cm"], "moderate"),
        (["wells_active_cancer", "wells_calf_swelling_3cm", "wells_pitting_edema"], "high"),
    ],
    ids=["negative-low", "0-low", "1-moderate", "2-moderate", "3-high"],
)
def test_the_1997_three_tiers_are_high_from_3_moderate_1_to_2_low_up_to_0(evaluate, present, tier):
    assert wells(evaluate, *present, wells_entire_leg_swollen=False)["three_tier"] == tier


def test_the_three_tiers_ignore_a_previous_dvt(evaluate):
    result = wells(evaluate, "wells_previous_dvt", "wells_active_cancer", "wells_calf_swelling_3cm")
    assert (result["score"], result["score_1997"]) == (3, 2)
    assert result["two_tier"] == "likely"
    assert result["three_tier"] == "moderate"


def test_a_previous_dvt_alone_leaves_the_1997_tier_low(evaluate):
    assert wells(evaluate, "wells_previous_dvt")["three_tier"] == "low"


def test_the_maximum_wells_score_is_9_likely_and_high(evaluate):
    result = wells(evaluate, *WELLS_PLUS_ONE, wells_alternative_diagnosis_as_likely=False)
    assert (result["score"], result["score_1997"]) == (9, 8)
    assert (result["two_tier"], result["three_tier"]) == ("likely", "high")


def test_the_minimum_wells_score_is_minus_2(evaluate):
    result = wells(evaluate, "wells_alternative_diagnosis_as_likely", **dict.fromkeys(WELLS_PLUS_ONE, False))
    assert (result["score"], result["two_tier"], result["three_tier"]) == (-2, "unlikely", "low")


@pytest.mark.parametrize(("score", "tier"), [(-2, "low"), (0, "low"), (1, "moderate"), (2, "moderate"), (3, "high")])
def test_three_tier_function_bands(score, tier):
    assert wells_dvt.three_tier(score) == tier


@pytest.mark.parametrize(("score", "tier"), [(-2, "unlikely"), (1, "unlikely"), (2, "likely"), (9, "likely")])
def test_two_tier_function_bands(score, tier):
    assert wells_dvt.two_tier(score) == tier


def test_wells_lists_the_items_not_yet_answered(evaluate):
    result = wells(evaluate, "wells_active_cancer")
    assert result["unanswered"] == [item for item in wells_dvt.INPUTS if item != "wells_active_cancer"]


def test_wells_is_absent_without_any_wells_answer(evaluate):
    assert "wells_dvt" not in evaluate({"laterality": "unilateral", "location": ["calf"]})["instruments"]


def test_wells_assess_returns_none_without_any_wells_answer():
    assert wells_dvt.assess({"age": 70}) is None


# IRLSSG restless legs criteria

RLS_CRITERIA = [
    "rls_urge_to_move",
    "rls_worse_at_rest",
    "rls_relieved_by_movement",
    "rls_evening_or_night",
    "rls_not_explained_by_other_condition",
]


def irlssg(evaluate, answers: dict) -> dict:
    return instrument(evaluate, "rls_irlssg", answers)


def test_irlssg_criteria_are_the_five_in_published_order():
    assert list(rls_irlssg.INPUTS) == RLS_CRITERIA


def test_irlssg_is_met_when_all_five_criteria_are_true(evaluate):
    result = irlssg(evaluate, dict.fromkeys(RLS_CRITERIA, True))
    assert result["met"] is True
    assert result["unmet"] == []


@pytest.mark.parametrize("criterion", RLS_CRITERIA)
def test_irlssg_is_unmet_when_one_criterion_is_false(evaluate, criterion):
    result = irlssg(evaluate, {**dict.fromkeys(RLS_CRITERIA, True), criterion: False})
    assert result["met"] is False
    assert result["unmet"] == [criterion]


@pytest.mark.parametrize("criterion", RLS_CRITERIA)
def test_irlssg_is_unmet_when_one_criterion_is_missing(evaluate, criterion):
    answers = {key: True for key in RLS_CRITERIA if key != criterion}
    result = irlssg(evaluate, answers)
    assert result["met"] is False
    assert result["unmet"] == [criterion]
    assert result["unanswered"] == [criterion]


def test_irlssg_lists_unmet_criteria_in_criterion_order(evaluate):
    answers = {"rls_not_explained_by_other_condition": False, "rls_evening_or_night": True, "rls_urge_to_move": False}
    assert irlssg(evaluate, answers)["unmet"] == [
        "rls_urge_to_move",
        "rls_worse_at_rest",
        "rls_relieved_by_movement",
        "rls_not_explained_by_other_condition",
    ]


def test_irlssg_appears_when_any_single_criterion_is_given(evaluate):
    result = irlssg(evaluate, {"rls_evening_or_night": False})
    assert result["met"] is False
    assert result["unmet"] == RLS_CRITERIA


def test_irlssg_is_absent_without_any_rls_answer(evaluate):
    assert "rls_irlssg" not in evaluate({"urge_to_move": True, "nocturnal": True})["instruments"]


def test_irlssg_assess_returns_none_without_any_rls_answer():
    assert rls_irlssg.assess({"urge_to_move": True}) is None


# Edinburgh Claudication Questionnaire

ECQ_POSITIVE = {
    "ecq_pain_walking": True,
    "ecq_begins_at_rest": False,
    "ecq_uphill_or_hurrying": True,
    "ecq_stand_still": "gone_within_10_min",
}


def ecq(evaluate, sites: list[str] | None = None, **answers) -> dict:
    given = {**ECQ_POSITIVE, **answers}
    if sites is not None:
        given["ecq_pain_sites"] = sites
    return instrument(evaluate, "edinburgh_claudication", {k: v for k, v in given.items() if v is not None})


@pytest.mark.parametrize(
    "sites",
    [["calf"], ["calf", "thigh"], ["calf", "buttock"], ["calf", "thigh", "buttock", "foot", "radiating"]],
    ids=["calf", "calf-thigh", "calf-buttock", "calf-and-more"],
)
def test_ecq_calf_pain_is_definite_claudication_whatever_other_sites(evaluate, sites):
    assert ecq(evaluate, sites)["classification"] == "definite"


@pytest.mark.parametrize(
    "sites",
    [["thigh"], ["buttock"], ["thigh", "buttock"], ["buttock", "foot"]],
    ids=["thigh", "buttock", "thigh-buttock", "buttock-foot"],
)
def test_ecq_thigh_or_buttock_pain_without_calf_pain_is_atypical_claudication(evaluate, sites):
    assert ecq(evaluate, sites)["classification"] == "atypical"


@pytest.mark.parametrize(
    "sites",
    [["hamstring"], ["shin"], ["foot"], ["joint"], ["radiating"], ["hamstring", "shin", "foot", "joint"]],
    ids=["hamstring", "shin", "foot", "joint", "radiating", "several"],
)
def test_ecq_pain_without_calf_thigh_or_buttock_is_not_claudication(evaluate, sites):
    assert ecq(evaluate, sites)["classification"] == "none"


@pytest.mark.parametrize("sites", [None, []], ids=["unanswered", "none-ticked"])
def test_ecq_without_pain_sites_is_incomplete_not_a_verdict(evaluate, sites):
    result = ecq(evaluate, sites)
    assert result["classification"] == "incomplete"
    assert result["grade"] is None
    assert result["missing"] == ["ecq_pain_sites"]


@pytest.mark.parametrize(
    "answers",
    [
        {"ecq_begins_at_rest": True},
        {"ecq_pain_walking": False},
        {"ecq_uphill_or_hurrying": False},
        {"ecq_stand_still": "gone_after_10_min"},
        {"ecq_stand_still": "continues"},
    ],
    ids=["q2-begins-at-rest", "q1-no-pain-walking", "q3-not-uphill", "q5-gone-after-10-min", "q5-continues"],
)
def test_ecq_calf_pain_without_the_claudication_answers_is_not_claudication(evaluate, answers):
    result = ecq(evaluate, ["calf"], **answers)
    assert result["classification"] == "none"
    assert result["grade"] is None


@pytest.mark.parametrize(
    "missing", ["ecq_pain_walking", "ecq_begins_at_rest", "ecq_uphill_or_hurrying", "ecq_stand_still"]
)
def test_ecq_calf_pain_with_a_needed_answer_missing_is_incomplete(evaluate, missing):
    result = ecq(evaluate, ["calf"], ecq_ordinary_pace=True, **{missing: None})
    assert result["classification"] == "incomplete"
    assert result["grade"] is None
    assert result["missing"] == [missing]
    assert result["summary"].startswith("Incomplete")


def test_an_answer_that_rules_claudication_out_settles_it_however_many_are_missing(evaluate):
    result = instrument(evaluate, "edinburgh_claudication", {"ecq_pain_walking": False})
    assert result["classification"] == "none"


@pytest.mark.parametrize(("ordinary_pace", "grade"), [(False, 1), (True, 2)])
def test_ecq_grade_is_1_unless_pain_comes_at_an_ordinary_pace(evaluate, ordinary_pace, grade):
    assert ecq(evaluate, ["calf"], ecq_ordinary_pace=ordinary_pace)["grade"] == grade


def test_ecq_atypical_claudication_is_graded_too(evaluate):
    assert ecq(evaluate, ["thigh"], ecq_ordinary_pace=True)["grade"] == 2


def test_ecq_grade_is_null_until_question_4_is_answered(evaluate):
    result = ecq(evaluate, ["calf"])
    assert result["classification"] == "definite"
    assert result["grade"] is None


def test_ecq_grade_is_null_when_not_claudication(evaluate):
    assert ecq(evaluate, ["shin"], ecq_ordinary_pace=True)["grade"] is None


def test_ecq_question_4_does_not_change_the_classification(evaluate):
    assert ecq(evaluate, ["calf"], ecq_ordinary_pace=True)["classification"] == "definite"
    assert ecq(evaluate, ["calf"], ecq_ordinary_pace=False)["classification"] == "definite"


def test_ecq_appears_when_any_single_question_is_answered(evaluate):
    result = instrument(evaluate, "edinburgh_claudication", {"ecq_ordinary_pace": True})
    assert result["classification"] == "incomplete"
    assert result["grade"] is None


def test_ecq_is_absent_without_any_ecq_answer(evaluate):
    assert "edinburgh_claudication" not in evaluate({"exertional": True, "location": ["calf"]})["instruments"]


def test_ecq_classify_directly():
    assert edinburgh.classify({**ECQ_POSITIVE, "ecq_pain_sites": ["calf"]}) == "definite"
    assert edinburgh.classify({**ECQ_POSITIVE, "ecq_pain_sites": ["buttock"]}) == "atypical"
    assert edinburgh.classify({**ECQ_POSITIVE, "ecq_begins_at_rest": True, "ecq_pain_sites": ["calf"]}) == "none"


def test_ecq_assess_returns_none_without_any_ecq_answer():
    assert edinburgh.assess({"exertional": True}) is None


# What each instrument hands the differential


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        (dict.fromkeys(rls_irlssg.INPUTS, True), "met"),
        (
            {**dict.fromkeys(rls_irlssg.INPUTS, True), "rls_not_explained_by_other_condition": False},
            "mimic_not_excluded",
        ),
        ({"rls_urge_to_move": False, "rls_not_explained_by_other_condition": False}, "mimic_not_excluded"),
        ({**dict.fromkeys(rls_irlssg.INPUTS, True), "rls_evening_or_night": False}, "not_met"),
        ({"rls_urge_to_move": True}, "incomplete"),
    ],
    ids=["all-five", "criterion-5-no", "criterion-5-no-wins", "criterion-4-no", "one-answer"],
)
def test_rls_outcome_for_the_differential(answers, outcome):
    assessment = rls_irlssg.assess(answers)
    assert assessment["outcome"] == outcome
    value, evidence = rls_irlssg.derive(assessment)
    assert value == outcome and set(evidence) == {outcome}


def test_rls_not_met_names_the_criteria_answered_no():
    assessment = rls_irlssg.assess({"rls_worse_at_rest": False, "rls_evening_or_night": False})
    assert assessment["summary"] == "IRLSSG criteria not met: criteria 2 and 4 answered no."


@pytest.mark.parametrize(("items", "tier"), [(2, "likely"), (1, "unlikely")])
def test_wells_hands_the_differential_its_two_tier_result_with_the_score(items, tier):
    keys = ["wells_active_cancer", "wells_pitting_edema"][:items]
    value, evidence = wells_dvt.derive(wells_dvt.assess(dict.fromkeys(keys, True)))
    assert value == tier
    assert evidence[tier].startswith(f"Wells score {items}: DVT {tier}")


def test_edinburgh_hands_the_differential_its_classification_with_the_grade():
    assessment = edinburgh.assess({**ECQ_POSITIVE, "ecq_pain_sites": ["calf"], "ecq_ordinary_pace": False})
    assert edinburgh.derive(assessment) == (
        "definite",
        {"definite": "Edinburgh Claudication Questionnaire: definite claudication (grade 1)"},
    )
