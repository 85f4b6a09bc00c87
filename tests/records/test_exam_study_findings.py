"""Examination, imaging and nerve-study findings as the train notes write them (issue 11,
branch read-exam): the other side's result after a finding, heel and toe walking, mechanical
symptoms told as the joint's verbs, chiropractic fixation, a test's symbol glued to its name,
an earlier value in parentheses, each item of a study's line of findings, a disc bulge, and a
nerve study's conclusion read with its evidence."""

from __future__ import annotations

import pytest

from .conftest import facts_of


def _exam(text: str) -> list[tuple[str, str, bool]]:
    return [(f.evidence.quote, f.value["finding"], f.value["positive"])
            for f in facts_of(text, "exam_finding")]


@pytest.mark.parametrize(("text", "quote", "finding", "positive"), [
    ("Exam: SLR + L @ 40°, neg R. Motor 5/5.", "neg R", "straight_leg_raise", False),
    ("O: SLR + L at 40°, + R at 70°.", "+ R at 70°", "straight_leg_raise", True),
    ("Exam: Left Achilles reflex is absent; right is 2+.", "right is 2+", "reflex", False),
    ("Exam: Hoffmann + R, neg L. Clonus absent.", "neg L", "reflex", False),
    ("Exam: Finkelstein (+) R, (-) L.", "(-) L", "other", False),
    ("Exam: Phalen positive R at 30 seconds, L negative.", "L negative", "other", False),
])
def test_the_other_sides_result_after_a_finding_is_its_own_finding(
        text: str, quote: str, finding: str, positive: bool) -> None:
    assert (quote, finding, positive) in _exam(text), _exam(text)


@pytest.mark.parametrize(("text", "positive"), [
    ("Exam: Heel and toe walk performed without difficulty.", False),
    ("Exam: Heel walk normal; SLR negative.", False),
    ("Exam: Gait favoring the left. Toe walk weak on the left.", True),
    ("Exam: Unable to toe-walk on the left.", True),
    ("Exam: 10 single-leg heel raises R vs 20 L.", True),
    ("Exam: Single-leg heel raise 19 L vs 20 R.", False),
    ("Exam: She cannot perform a single-leg heel raise on the left.", True),
])
def test_heel_and_toe_walking_and_heel_raises_are_strength(text: str, positive: bool) -> None:
    values = [(finding, pos) for _q, finding, pos in _exam(text)]
    assert ("motor_deficit", positive) in values, values


@pytest.mark.parametrize(("text", "positive"), [
    ("Exam: SLR negativo bilateral. Fuerza 5/5.", False),
    ("Post-procedure: SLR L now negative to 70°.", False),
    ("Exam: SLR L positive at 35 degrees.", True),
])
def test_a_straight_leg_raise_result_after_a_side_or_in_spanish(text: str,
                                                                 positive: bool) -> None:
    assert ("straight_leg_raise", positive) in [(f, p) for _q, f, p in _exam(text)]


@pytest.mark.parametrize("text", [
    "Exam: Gait normal. Motor 5/5.",
    "On examination, he walks normally.",
    "Exam: Gait norrnal. Sensation intact.",  # OCR
])
def test_a_normal_gait_in_words_and_ocr(text: str) -> None:
    assert ("gait", False) in [(f, p) for _q, f, p in _exam(text)]


@pytest.mark.parametrize(("text", "quote"), [
    ('She reports the knee "catches" when she turns on it.', "catches"),
    ("The knee gave way once on the stairs at home.", "gave way"),
    ("Thumb catches and locks in the morning.", "catches and locks"),
    ("Knee locked once last week, unlocked herself after 10 min.", "locked"),
    ('He says the knee "still buckles."', "buckles"),
    ("Exam: Reciprocal click L TMJ on opening and closing.", "Reciprocal click"),
    ("Two more giving-way episodes of the knee.", "giving-way"),
])
def test_mechanical_symptoms_told_as_the_joints_verbs(text: str, quote: str) -> None:
    found = [(q, p) for q, f, p in _exam(text) if f == "mechanical_symptoms"]
    assert found and found[0][1] is True and quote in found[0][0], _exam(text)


@pytest.mark.parametrize("text", [
    "He slid 6 feet before catching the gutter.",
    "He locked the door and clicks the mouse all day.",
    "Exam: McMurray positive medially with click.",
    "Exam: a positive McMurray test without a click.",
    "Modified duty: no driving the bus (locking risk).",
])
def test_no_mechanical_symptom_without_a_joint_or_as_a_tests_result(text: str) -> None:
    assert not [f for _q, f, _p in _exam(text) if f == "mechanical_symptoms"], _exam(text)


@pytest.mark.parametrize(("text", "quote", "finding"), [
    ("O: L4/L5 fixation, hypertonic QL L, +Kemp L.", "hypertonic QL L", "spasm"),
    ("O: L4/L5 fixation, hypertonic QL L, +Kemp L.", "L4/L5 fixation", "other"),
    ("O: L4/L5 fixation, hypertonic QL L, +Kemp L.", "+Kemp L", "other"),
    ("Objective: T5-T7 fixation, R rhomboid spasm.", "T5-T7 fixation", "other"),
    ("Exam: SI joint fixation right. SLR negative.", "SI joint fixation right", "other"),
    ("Exam: +Phalen R; Tinel neg.", "+Phalen R", "other"),
    ("Exam L knee: Medial joint line TTP. McMurray +.", "Medial joint line TTP",
     "joint_line_tenderness"),
    ("Exam: L paracervical TTP with spasm.", "spasm", "spasm"),
])
def test_chiropractic_and_flowsheet_abbreviations(text: str, quote: str, finding: str) -> None:
    found = _exam(text)
    assert any(quote in q and f == finding and p for q, f, p in found), found


@pytest.mark.parametrize(("text", "earlier"), [
    ("Exam: Right ankle dorsiflexion 4/5 (was 3/5 pre-op), EHL 4/5.", "was 3/5"),
    ("Exam: right ankle dorsiflexion 3/5 (previously 5/5), EHL 3/5.", "previously 5/5"),
    ("Exam: EHL 5/5 (4/5 on the left pre-op). Sensation intact.", "4/5 on the left"),
])
def test_an_earlier_value_in_parentheses_is_no_finding_today(text: str, earlier: str) -> None:
    assert not [q for q, _f, _p in _exam(text) if earlier in q], _exam(text)


@pytest.mark.parametrize("text", [
    "Total MME: 120 (ER 60 + IR 60 at maximum use).",
    "CURES: oxycodone from the ER 03/20 (kidney stone).",
])
def test_extended_release_and_the_emergency_room_are_no_rotation(text: str) -> None:
    assert not [f for _q, f, _p in _exam(text) if f == "range_of_motion"], _exam(text)


def _imaging(text: str) -> list[tuple[str, str, bool]]:
    return [(f.evidence.quote, f.value["category"], f.negated)
            for f in facts_of(text, "imaging_finding")]


@pytest.mark.parametrize(("text", "expected"), [
    ("MRI 03/18/2024: partial tear of the dorsal scapholunate ligament; small dorsal ganglion.",
     {("partial tear of the dorsal scapholunate ligament", "other", False),
      ("small dorsal ganglion", "other", False)}),
    ("X-ray: no foreign body; no fracture.", {("no foreign body", "other", True)}),
    ("MR arthrogram left shoulder 05/30/2024: type II SLAP tear; no Bankart lesion.",
     {("Bankart lesion", "other", True)}),
    ("Panorex today: fracture line with bridging callus; slight PDL widening.",
     {("slight PDL widening", "other", False)}),
])
def test_each_item_of_a_studys_line_is_a_finding(text: str, expected: set) -> None:
    assert expected <= set(_imaging(text)), _imaging(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("CT L-spine: L2 burst fracture, posterior wall intact, no canal compromise.",
     {("no canal compromise", "other", True)}),
    ("XR left hand: no gas in the soft tissues, no fracture.",
     {("no gas in the soft tissues", "other", True)}),
    ("Radiographs both knees: medial compartment OA, no loose bodies.",
     {("no loose bodies", "other", True)}),
])
def test_a_denial_among_a_studys_comma_list_is_a_finding(text: str, expected: set) -> None:
    assert expected <= set(_imaging(text)), _imaging(text)


@pytest.mark.parametrize("text", [
    "XR 06/2024: healed T12 fracture, no interval progression.",
    "CT chest: stable nodule, no change.",
    "She reports no fever, no chills, no night sweats.",
])
def test_a_comparison_or_a_symptom_denied_is_no_study_finding(text: str) -> None:
    assert not [q for q, c, _n in _imaging(text) if c == "other" and q.startswith("no")], \
        _imaging(text)


@pytest.mark.parametrize("text", [
    "DOI: 06/01/2016 (CT)          Emp: Golden Bake Co.",
    "Plan: MRI lumbar spine: requested; follow up in 4 weeks.",
    "MRI 01/2020: L4-5 protrusion; otherwise normal.",
])
def test_no_study_item_from_a_form_field_a_request_or_a_closing_remark(text: str) -> None:
    found = _imaging(text)
    assert not [q for q, c, _n in found if c == "other" and (
        "Golden" in q or "requested" in q or "otherwise" in q)], found


def test_an_item_the_vocabulary_names_keeps_its_category() -> None:
    found = _imaging("MRI L shoulder 10/15/2020: full-thickness supraspinatus tear, 1.1 cm, "
                     "minimal retraction; AC joint arthrosis.")
    assert {c for _q, c, _n in found} == {"rotator_cuff_tear", "degenerative"}, found


@pytest.mark.parametrize(("text", "category"), [
    ("MRI 06/10/2021: L4-5 broad-based disc bulge with mild foraminal narrowing.",
     "degenerative"),
    ("MRI showed a mild L4-5 bulging disc without stenosis.", "degenerative"),
    ("MRI: L5-S1 right paracentral protrusion contacting the S1 root.", "disc_herniation"),
    ("MRI: L4-5 disc bulge with a superimposed extrusion.", "disc_herniation"),
])
def test_a_disc_bulge_is_degenerative_a_herniation_is_not(text: str, category: str) -> None:
    categories = [c for q, c, _n in _imaging(text) if "bulg" in q or "protrusion" in q
                  or "extrusion" in q]
    assert category in categories, _imaging(text)


def _edx(text: str) -> list[tuple[str, bool | None]]:
    return [(f.evidence.quote, f.value.get("radiculopathy"))
            for f in facts_of(text, "electrodiagnostic_finding")]


@pytest.mark.parametrize("text", [
    "EMG 05/2023: active denervation in the left medial gastrocnemius and left S1 "
    "paraspinals, consistent with an acute left S1 radiculopathy.",
    "EMG/NCV: chronic denervation with reinnervation in the right triceps and C7 "
    "paraspinals, compatible with a right C7 radiculopathy.",
])
def test_a_nerve_studys_conclusion_is_read_with_its_evidence(text: str) -> None:
    found = _edx(text)
    assert len(found) == 1 and found[0][1] is True, found


@pytest.mark.parametrize("text", [
    "Referred by Dr. S: L foot drop, r/o L5 radiculopathy vs peroneal neuropathy. EMG today.",
    "EMG/NCV requested to rule out lumbar radiculopathy.",
])
def test_the_question_a_study_is_asked_is_no_finding(text: str) -> None:
    assert not [q for q, r in _edx(text) if r], _edx(text)


def test_an_impression_line_that_names_no_study_is_a_diagnosis() -> None:
    text = ("EMG 01/05/2023: denervation in the left gastrocnemius and L5/S1 paraspinals.\n"
            "Impression:\n1. Left L5-S1 disc extrusion with left S1 radiculopathy (M51.17).")
    assert not [q for q, _r in _edx(text) if "M51" in text[text.index(q):] and
                "extrusion with" in text[max(0, text.index(q) - 30):text.index(q)]], _edx(text)


@pytest.mark.parametrize("text", [
    "EMG/NCV 01/2022 was normal. Treatment included PT.",
    "EMG/NCV: acute right C6 radiculopathy. Median and ulnar nerve conduction studies normal.",
])
def test_a_normal_study_in_more_words(text: str) -> None:
    assert [q for q, _r in _edx(text) if "normal" in q], _edx(text)


@pytest.mark.parametrize(("text", "finding", "positive"), [
    # a template field after the name holds the result
    ("Lower extremity exam: straight leg raising {negative both sides}; DTRs 2+.",
     "straight_leg_raise", False),
    ("Knee: McMurray -- (neg) today, joint line nontender.", "mcmurray", False),
    # one result for a list of tests named before it
    ("Varus stress, valgus stress and McMurray maneuvers were each normal.", "mcmurray", False),
    # the first result word after the bare name decides, and a positive one stays positive
    ("Seated SLR reproduces calf pain on the left.", "straight_leg_raise", True),
    ("Straight leg raise elicits buttock pain, Patrick negative.", "straight_leg_raise", True),
])
def test_a_tests_result_written_after_its_bare_name(text: str, finding: str,
                                                    positive: bool) -> None:
    assert (finding, positive) in [(f, p) for _q, f, p in _exam(text)], _exam(text)


@pytest.mark.parametrize(("text", "present"), [
    # a verb of denial governs its whole list, with no "or" closing it
    ("The patient denied popping, clicking, swelling of the ankle.", False),
    # a bare "no" still ends at the comma
    ("Knee exam: no effusion, catching with deep squat.", True),
])
def test_a_denial_governs_its_list_to_the_end(text: str, present: bool) -> None:
    assert ("mechanical_symptoms", present) in [(f, p) for _q, f, p in _exam(text)], _exam(text)


@pytest.mark.parametrize(("text", "quote"), [
    ("Ankle: anterior drawer neg, no inversion/eversion laxity.", "laxity"),
    ("Elbow: no valgus or varus instability at 30 degrees.", "instability"),
    ("Exam: no medial or lateral joint line tenderness.", "lateral joint line tenderness"),
])
def test_a_cue_governs_a_finding_qualified_by_two_directions(text: str, quote: str) -> None:
    """"no varus/valgus laxity": the slash or "or" pairs the directions of one finding, which the
    cue denies."""
    found = [(q, positive) for q, _, positive in _exam(text) if q == quote]
    assert found == [(quote, False)], _exam(text)


def test_a_finding_after_a_denied_one_and_a_comma_stands() -> None:
    found = {q: positive for q, _, positive in _exam("Knee: no effusion, laxity to valgus stress.")}
    assert found.get("laxity") is True, found


@pytest.mark.parametrize("text", [
    "NCS 05/02/2023: severe left ulnar neuropathy across the elbow, mild right ulnar "
    "neuropathy across the elbow.",
    "EMG/NCV: no evidence of lumbosacral plexopathy or peroneal neuropathy at the fibular head.",
])
def test_one_finding_listed_for_both_sides_or_under_one_denial_is_one_fact(text: str) -> None:
    assert len(facts_of(text, "electrodiagnostic_finding")) == 1


def test_two_nerves_found_affected_stay_two_findings() -> None:
    found = facts_of("NCS: moderate left median neuropathy at the wrist, mild left ulnar "
                     "neuropathy at the elbow.", "electrodiagnostic_finding")
    assert len(found) == 2


def test_a_hyphenated_grade_after_the_evidence_is_read_with_it() -> None:
    found = _edx("NCV/EMG: L peroneal motor amplitude drop across the fibular head and "
                 "denervation in tibialis anterior, consistent with a mild-to-moderate left "
                 "peroneal neuropathy at the fibular head.")
    assert len(found) <= 2 and not any(quote.startswith("moderate") for quote, _ in found)


def test_a_normal_needle_exam_is_no_radiculopathy() -> None:
    found = _edx("Needle EMG of the C5-T1 myotomes showed no abnormal spontaneous activity "
                 "and normal recruitment throughout.")
    assert found and all(radiculopathy is False for _, radiculopathy in found)
