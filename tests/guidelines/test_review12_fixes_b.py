"""Review 12's findings fixed by session "fix-review-b": each misfire in other words than the
review's repro, and a sentence where the rule must still fire."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from openimr.guidelines.context import Context
from openimr.guidelines.items import parse_item
from openimr.guidelines.predicates import evaluate
from openimr.model import Case
from openimr.model.determination import CriterionStatus
from openimr.records import documents_for_case
from openimr.records.extract import extract_facts
from openimr.review.drafting import review_case
from tests.guidelines.test_review11_shared_lists import _criterion

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown
AS_OF = dt.date(2021, 6, 1)


def _evaluate(item: str, predicate: str, args: dict, *notes: str) -> CriterionStatus:
    pages = {f"note-{n}": text for n, text in enumerate(notes)}
    case = Case.model_validate({"disputed_items": [item], "records": [{"text": "x"}]})
    context = Context(request=parse_item(item, as_of=AS_OF), case=case, facts=[],
                      documents=list(pages), as_of=AS_OF,
                      page_texts={(name, 1): text for name, text in pages.items()})
    return evaluate(predicate, context, args).status


def _criterion_status(item: str, criterion_id: str, *notes: str) -> CriterionStatus:
    criterion = _criterion(criterion_id)
    return _evaluate(item, criterion.predicate, criterion.args, *notes)


def _facts(kind: str, text: str, record_type: str = "progress note") -> list[dict]:
    case = Case.model_validate({
        "ur_decision": {"date": "2020-01-10"}, "disputed_items": ["x"],
        "records": [{"date": "2020-01-02", "type": record_type, "text": text}]})
    return [f.value for f in extract_facts(documents_for_case(case, Path(".")))
            if f.kind.value == kind]


def _drafted(items: list[str], notes: list[tuple[str, str, str]], injury: str) -> dict:
    case = Case.model_validate({
        "ur_decision": {"date": max(d for d, _t, _x in notes)}, "disputed_items": items,
        "claim": {"date_of_injury": injury},
        "records": [{"date": d, "type": t, "text": x} for d, t, x in notes]})
    review = review_case(case, documents_for_case(case, Path(".")))
    return {d.item: d for d in review.determination.determinations}


# -- R10, R17, R39: one reader of a surgical decision, of this worker, operation and part

_SURGERY = "surgery_declined"


@pytest.mark.parametrize("sentence", [
    "He declined the facet injection offered today.",        # another procedure
    "Patient declined the tetanus booster.",
    "Pt refused a chaperone for the exam.",
    "He is not a candidate for more radiofrequency ablation.",  # candidacy for a procedure
])
def test_the_programs_read_no_refusal_of_surgery_in_other_refusals(sentence: str) -> None:
    notes = ("Spine surgeon: recommends an L5-S1 fusion; the worker is weighing it.", sentence)
    for criterion_id in ("frp.not_surgical_candidate", "wc.not_surgical_candidate"):
        status = _criterion_status("Functional restoration program 10 days", criterion_id,
                                   *notes)
        assert status is not_met, (criterion_id, sentence)


@pytest.mark.parametrize("sentence", [
    "She declined the fusion.",
    "Per the neurosurgeon he is not an operative candidate.",
    "He does not want an operation.",
])
def test_the_programs_still_read_a_refusal_of_the_operation(sentence: str) -> None:
    notes = ("Spine surgeon: recommends an L5-S1 fusion; the worker is weighing it.", sentence)
    assert _criterion_status("Functional restoration program 10 days",
                             "frp.not_surgical_candidate", *notes) is met


@pytest.mark.parametrize("sentence", [
    "He turned down a trigger finger release in 2018 and refused wrist surgery.",
    "Her daughter refused surgery for her own hip.",
    "His brother declined spine surgery and is doing fine.",
    "Not a surgical candidate for the left ankle per podiatry.",
])
def test_a_refusal_of_another_part_or_person_leaves_the_study_its_decision(
        sentence: str) -> None:
    assert _evaluate("MRI right shoulder", _SURGERY, {}, sentence) is not_met


@pytest.mark.parametrize("sentence", [
    "He declines shoulder surgery of any kind.",
    "Per his wife, he has refused any operation.",
    "She declined the arthroscopy.",
    "He is not a surgical candidate given his cardiac history.",
])
def test_the_worker_own_refusal_still_makes_the_study_idle(sentence: str) -> None:
    assert _evaluate("MRI right shoulder", _SURGERY, {}, sentence) is met


# -- R18: the injection refusal is the worker's, of the shoulder, of an injection


@pytest.mark.parametrize(("sentence", "status"), [
    ("The carrier declined the cortisone injection request; appeal sent.", unknown),
    ("He refused the influenza shot this fall.", unknown),
    ("He declined lumbar epidural injections.", unknown),
    ("He refused the cortisone injection offered today.", met),
    ("A subacromial injection was offered and he declined it.", met),
])
def test_a_declined_injection_is_the_worker_s_shoulder_injection(
        sentence: str, status: CriterionStatus) -> None:
    gate = _criterion("sad.injection_not_declined").applies_when.args["checks"][0]["args"]["check"]
    assert _evaluate("Left shoulder arthroscopic subacromial decompression", gate["predicate"],
                     gate["args"], sentence) is status


# -- R21: a relative's driving is read by its own phrase, never as the worker's


def test_a_relative_who_drives_is_not_the_worker_driving() -> None:
    check = _criterion("tr.cannot_self_transport").args["checks"][0]
    args = check["args"]
    assert _evaluate("Transportation to appointments", check["predicate"], args,
                     "Her son drives to appointments; she cannot drive.") is not_met
    assert _evaluate("Transportation to appointments", check["predicate"], args,
                     "Her son cannot drive; she is unable to drive with the cast.") is met
    assert _evaluate("Transportation to appointments", check["predicate"], args,
                     "She drives herself to therapy.") is not_met


# -- R19: a treating note that opens on a UR denial is no UR letter


def test_a_treating_follow_up_opening_on_a_ur_denial_is_read_first_hand() -> None:
    from openimr.model import Document, Page
    from openimr.model.document import DocumentType
    from openimr.records.doctypes import classify

    def kind(first: str):
        return classify(Document(id="d", title="Orthopedic follow-up",
                                 pages=[Page(number=1, text=f"{first}\nExam: SLR positive.")]))

    assert kind("UR decision came back denying the PT; I will resubmit.") is None
    assert kind("Utilization review non-certified the injection, received yesterday.") is None
    assert kind("UTILIZATION REVIEW DETERMINATION") is DocumentType.ur_decision


# -- R20: the condition in either word order


@pytest.mark.parametrize(("diagnosis", "status"), [
    ("Vitamin D level low", met),
    ("Deficient serum vitamin D", met),
    ("Hypovitaminosis D", met),
    ("Androgen deficiency, opioid related", met),
    ("Serum testosterone", not_met),   # the test's name alone
    ("Vitamin D - check level", not_met),
])
def test_a_lab_condition_reads_in_either_word_order(diagnosis: str,
                                                    status: CriterionStatus) -> None:
    criterion = _criterion("lab.other_indication")
    pages = {"n": "Seen today."}
    case = Case.model_validate({"disputed_items": ["Vitamin D level"], "records": [{"text": "x"}],
                                "diagnoses": [{"description": diagnosis}]})
    context = Context(request=parse_item("Vitamin D level", as_of=AS_OF), case=case, facts=[],
                      documents=list(pages), as_of=AS_OF,
                      page_texts={(k, 1): v for k, v in pages.items()})
    assert evaluate(criterion.predicate, context, criterion.args).status is status


# -- R24: a weekend's count is a drinking day's


@pytest.mark.parametrize(("text", "light"), [
    ("7 beers every weekend", False),
    ("a couple of glasses of wine on weekends", True),
    ("10 drinks per week", True),
    ("16 beers a week", False),
    ("5 beers/wk", True),
])
def test_weekend_drinking_is_counted_per_drinking_day(text: str, light: bool) -> None:
    from openimr.records.kinds.psych import light_drinking

    assert light_drinking(text) is light


# -- R28: a decimal figure of translation is read whole


@pytest.mark.parametrize(("films", "status"), [
    ("Dynamic films: 6.5 mm of translation at L4-5.", met),
    ("Flexion-extension views show 3.5 mm translation at L4-5.", met),
    ("Flexion-extension views: 1.5 mm translation, stable.", not_met),
    ("Flexion/extension x-rays: no significant change in the listhesis.", not_met),
])
def test_a_translation_figure_is_read_whole(films: str, status: CriterionStatus) -> None:
    check = _criterion("lf.instability").args["checks"][0]
    assert _evaluate("L4-5 fusion", check["predicate"], check["args"], films) is status


# -- R26: the leg's signs for a lumbar radiculopathy already obvious


def _emg_criterion(exam: str) -> str:
    note = ("Low back pain into the left posterior thigh and calf since a lift on 01/10/2019. "
            f"Therapy 8 visits, naproxen, no better. Exam: {exam} Plan: EMG/NCV of the legs.")
    drafted = _drafted(["EMG/NCV bilateral lower extremities"],
                       [("2019-04-03", "occupational medicine follow-up", note)], "2019-01-10")
    criteria = {c.id: c.status for c in drafted["EMG/NCV bilateral lower extremities"].criteria}
    return criteria.get("edl.radiculopathy_not_already_obvious")


def test_arm_signs_do_not_make_a_lumbar_radiculopathy_obvious() -> None:
    exam = ("positive straight leg raise left at 45 degrees, left wrist extension 4/5, "
            "decreased sensation left middle finger. Assessment: C7 radiculopathy; lumbar "
            "sprain.")
    assert _emg_criterion(exam) in (met, unknown, None)


def test_leg_signs_still_make_it_obvious() -> None:
    exam = ("positive straight leg raise left at 45 degrees, great toe extension 4/5 left, "
            "decreased sensation dorsal left foot. Assessment: left L5 radiculopathy.")
    assert _emg_criterion(exam) is not_met


# -- R29: a gain credited to the therapy and a drug together is the therapy's too


def _pt_improvement(sentence: str) -> CriterionStatus:
    note = ("Mid back pain after a fall at work 01/2020. Completed 6 PT visits. Takes "
            f"celecoxib 200 mg daily and diclofenac gel. {sentence} Plan: 6 more visits.")
    drafted = _drafted(["Physical therapy 6 visits thoracic spine"],
                       [("2020-04-01", "PT progress note", note)], "2020-01-15")
    criteria = {c.id: c.status
                for c in drafted["Physical therapy 6 visits thoracic spine"].criteria}
    return criteria.get("pm.functional_improvement")


def test_a_gain_credited_jointly_is_the_therapy_s() -> None:
    assert _pt_improvement("Physical therapy and celecoxib allow her to stand 40 minutes "
                           "now, up from 15.") is met


# -- R31: the on-going review's scores in other layouts


@pytest.mark.parametrize("text", [
    "Pain now/best/avg/with meds: 8/4/6/4.",
    "Pain scores - now 8, best 4, average 6, after meds 4.",
])
def test_the_listed_pain_scores_read_in_other_layouts(text: str) -> None:
    contexts = {f.get("context") for f in _facts("pain_score", text)}
    assert {"least", "average", "with_medication"} <= contexts


def test_labels_with_numbers_not_of_the_pain_are_no_scores() -> None:
    assert not [f for f in _facts("pain_score", "Walks now 15, least 2 times a day.")
                if f.get("context") == "least"]


# -- R33: a bare year or "months ago" dates this claim's return to work


@pytest.mark.parametrize(("text", "status"), [
    ("He went back to his usual job 2 months ago.", "full_duty"),
    ("She returned to her regular duties in 2020, no restrictions.", "full_duty"),
    ("He returned to his usual job in 2015 after the prior claim.", None),
    ("She went back to her regular route many years ago.", None),
])
def test_a_return_to_work_is_this_claim_s_unless_an_earlier_episode_is_told(
        text: str, status: str | None) -> None:
    statuses = [f.get("status") for f in _facts("work_status", text)]
    assert (status in statuses) if status else "full_duty" not in statuses


# -- R35: a program not yet taught is no lapse of adherence


def test_a_home_program_not_yet_taught_is_no_lapse() -> None:
    from openimr.guidelines.predicates.therapy import _NOT_YET_TAUGHT

    assert _NOT_YET_TAUGHT.search("HEP to be issued at the next session")
    assert _NOT_YET_TAUGHT.search("no home program yet")
    assert not _NOT_YET_TAUGHT.search("non-compliant with the home program")
    assert _facts("home_exercise_program", "She has not been taught a home program.") == [
        {"status": "not_performing"}]


# -- R36: a drug days into its titration has not failed


@pytest.mark.parametrize(("text", "failed"), [
    ("Duloxetine has not given her any relief yet, started 5 days ago.", False),
    ("Nortriptyline has not given any relief in the first week; will titrate up.", False),
    ("Duloxetine has not given her any relief after 3 months at 60 mg.", True),
])
def test_a_trial_too_young_to_judge_has_not_failed(text: str, failed: bool) -> None:
    outcomes = {f.get("outcome") for f in _facts("treatment_trial", text)}
    assert ("failed" in outcomes) is failed


# -- R38: a study's report heading that names who ordered it


def test_a_report_heading_with_who_ordered_it_is_a_done_study() -> None:
    heading = ("CT CERVICAL SPINE (requested by Dr. Ng for neck pain)\n"
               "IMPRESSION: C5-6 disc protrusion with foraminal narrowing.")
    assert _facts("imaging_finding", heading)
    planned = "Plan: CT cervical spine requested.\nIMPRESSION: neck strain."
    assert not _facts("imaging_finding", planned)


# -- R43: one list of a laboratory's result words


def test_the_result_words_are_one_list() -> None:
    from openimr.records.kinds.base import LAB_RESULT_WORDS
    from openimr.records.kinds.medication import _CLAUSE_END_RE
    from openimr.records.pipeline import sentence_starts

    assert "ABSENT" in LAB_RESULT_WORDS
    assert sorted(sentence_starts("Oxycodone NEG. Noroxycod.  NEGATIVE  50")) == [0, 15]
    assert not _CLAUSE_END_RE.search("Noroxycod. absent 50")
    assert sorted(sentence_starts("No swelling. Positive Hawkins sign.")) == [0, 13]


# -- R45: one region helper


def test_one_region_helper_is_shared() -> None:
    from openimr.guidelines.itemparse.anatomy import body_parts, same_region

    assert same_region("hand", "wrist") and not same_region("knee", "shoulder")
    assert "knee" in body_parts("declined knee surgery")
