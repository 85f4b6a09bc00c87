"""Examination, imaging, diagnosis, GI-risk and side-effect reading from the vocabulary in
`rules/exam.yaml` and `rules/diagnoses.yaml`: abbreviations, results written after or before
a test's name, ranges judged by the joint's normal motion, list items, study headings."""

from __future__ import annotations

import pytest

from openimr.model import Document, Page
from openimr.records.extract import extract_facts
from openimr.records.pipeline import sentence_starts

from .conftest import facts_of


@pytest.mark.parametrize(("text", "finding", "positive"), [
    # a test the vocabulary names, its result before or after it, abbreviated or not
    ("EXAM: Piriformis test pos on the right.", "other", True),
    ("O: FADIR (+) L.", "other", True),
    ("O: Log roll neg.", "other", False),
    ("EXAM: Painful arc absent.", "other", False),  # "painful" in a name is no result
    ("EXAM: Froment sign is present on the left.", "motor_deficit", True),
    ("EXAM: Trendelenburg sign positive on the right.", "gait", True),
    ("EXAM: Talar tilt negative.", "instability", False),
    # measured motions, judged against the joint's normal range or the other side
    ("O: C/S rot R 55° L 60°.", "range_of_motion", True),
    ("O: Lumbar flexion 85 degrees, extension 25 degrees.", "range_of_motion", False),
    ("EXAM: Right knee ROM 0-132 degrees.", "range_of_motion", False),
    ("EXAM: Right knee ROM 10-95 degrees.", "range_of_motion", True),
    ("EXAM: Wrist flexion 40 (L 75).", "range_of_motion", True),
    ("O: R shoulder AFE l20, ABD 9O.", "range_of_motion", True),  # OCR digits
    # strength, sensation and signs in their abbreviations
    ("EXAM: Grip 18 kg right and 31 kg left.", "motor_deficit", True),
    ("EXAM: Quad lag of 15 degrees.", "motor_deficit", True),
    ("EXAM: 2PD 9 mm at the ring finger.", "sensory_deficit", True),
    ("EXAM: Two-point discrimination is 4 mm in all digits.", "sensory_deficit", False),
    ("EXAM: Incision clean, no erythema, warmth or drainage.", "other", False),
    ("EXAM: Mild swelling over the lateral malleolus.", "other", True),
    ("PE: TUG 19 sec.", "other", True),
    ("O: Hypertonicity L upper trapezius.", "spasm", True),
    ("EXAM: Medial JLT.", "joint_line_tenderness", True),
    ("EXAM: Gait minimally antalgic.", "gait", True),
])
def test_an_examination_finding_is_read_with_its_result(text: str, finding: str,
                                                          positive: bool) -> None:
    values = [f.value for f in facts_of(text, "exam_finding")]
    assert any(v["finding"] == finding and v["positive"] is positive for v in values), values


@pytest.mark.parametrize(("text", "present"), [
    # one cue governs a list closed by a conjunction
    ("Right knee sore with stairs. Denies locking, catching, or giving way.", set()),
    ("No swelling, popping nor buckling of the knee since the brace.", set()),
    ("Neuro: no numbness, tingling or weakness in either leg.", set()),
    # a comma with no conjunction ends the negated finding; the next is present
    ("Knee: no effusion, positive McMurray, catching when squatting.",
     {"mcmurray", "mechanical_symptoms"}),
    # a second clause is not governed by the first one's cue
    ("Knee: no swelling or locking; reports catching and giving way.", {"mechanical_symptoms"}),
])
def test_a_negation_cue_governs_the_list_it_heads(text: str, present: set[str]) -> None:
    found = {f.value["finding"] for f in facts_of(text, "exam_finding") if f.value["positive"]}
    assert found == present


@pytest.mark.parametrize("text", [
    "Oxycodone IR 5 mg 1 tab q6h prn.",  # a formulation and a dose, not a rotation
    "Tizanidine 2 mg TID prn spasm.",  # a drug's indication
    "She reports swelling of the ankle by evening.",  # a symptom, not the examiner's sign
    "Continue blocking exercises and tendon glides.",  # no "locking" in "blocking"
])
def test_what_is_not_an_examination_finding(text: str) -> None:
    assert not facts_of(text, "exam_finding")


def test_a_normal_neurological_exam_is_one_finding() -> None:
    facts = facts_of("EXAM: Strength, sensation and reflexes are normal in both arms.",
                     "exam_finding")
    assert [(f.value["finding"], f.value["positive"]) for f in facts] == [("other", False)]


@pytest.mark.parametrize(("text", "old"), [
    ("He is a 71-year-old welder with knee pain.", True),
    ("72 y/o cashier, right shoulder.", True),
    ("Age: 66. Occupation: driver.", True),
    ("She is a 64-year-old nurse.", False),
])
def test_age_65_or_more_is_a_gi_risk_factor(text: str, old: bool) -> None:
    ages = [f for f in facts_of(text, "gi_risk_factor") if f.value["factor"] == "age_over_65"]
    assert bool(ages) is old


def test_a_diagnosis_list_item_is_read_whole_and_a_plan_item_is_not() -> None:
    text = ("DIAGNOSES:\n1. Left wrist ganglion remnant.\n2. Continue night splint.\n")
    texts = [f.value["text"] for f in facts_of(text, "diagnosis")]
    assert texts == ["Left wrist ganglion remnant"]


def test_a_list_items_number_opens_its_sentence() -> None:
    text = "ASSESSMENT:\n1. Lumbar strain.\n2. Sleep disturbance.\n"
    starts = sentence_starts(text)
    assert text.index("1.") in starts and text.index("Lumbar") not in starts


@pytest.mark.parametrize(("text", "expected"), [
    ("He sustained a tibial shaft fracture in the fall from the scaffold.",
     "tibial shaft fracture"),
    ("She also has type 2 diabetes, diet-controlled.", "type 2 diabetes"),
])
def test_a_condition_is_a_diagnosis_in_prose(text: str, expected: str) -> None:
    texts = [f.value["text"] for f in facts_of(text, "diagnosis") if not f.negated]
    assert any(expected in t for t in texts), texts


def test_an_imaging_report_is_read_from_its_headings_study() -> None:
    filler = "Comparison: none. Technique: routine sagittal and axial sequences. " * 8
    text = (f"CT CERVICAL SPINE WITHOUT CONTRAST\n\n{filler}\n\nFINDINGS:\n"
            "C5-6: mild facet arthropathy. Canal and foramina patent.\n")
    document = Document(id="ct", document_type="imaging_report",
                        pages=[Page(number=1, text=text)])
    found = {(f.value["modality"], f.value["category"], f.negated)
             for f in extract_facts([document]) if f.kind.value == "imaging_finding"}
    assert {("ct", "degenerative", False), ("ct", "stenosis", True)} <= found


def test_the_root_a_disc_touches_is_compression_without_the_word_nerve() -> None:
    values = [f.value for f in facts_of(
        "MRI: paracentral protrusion abutting the traversing left L5 root.", "imaging_finding")]
    assert any(v["category"] == "nerve_root_compression" for v in values), values


@pytest.mark.parametrize(("text", "effect", "present"), [
    ("Baclofen made him woozy, so he stopped it.", "woozy", True),
    # a negation earlier in the sentence is not the frame's
    ("Tramadol does not help much and leaves him loopy.", "loopy", True),
    ("He was constipated on hydrocodone.", "constipation", True),
])
def test_a_side_effect_told_as_how_a_drug_made_one_feel(text: str, effect: str,
                                                          present: bool) -> None:
    values = [f.value for f in facts_of(text, "side_effect")]
    assert any(v["effect"] == effect and v["present"] is present for v in values), values
