"""Review 14, findings 11 to 18 (session "fix-review-b"): the rules' part."""

from __future__ import annotations

import re

import pytest

from openimr.guidelines.predicates.statements import BMI_STATED, _bmi_now


def _bmi_read_as_now(text: str) -> bool:
    match = re.search(BMI_STATED, text, re.IGNORECASE)
    assert match is not None
    return _bmi_now(text, match.start())


@pytest.mark.parametrize("text", [
    "Her weight was 262 pounds at today's visit (BMI 43.5).",
    "Working on losing weight - BMI 42 today.",
    "He was weighed at 240 lbs, BMI 40.8.",
])
def test_a_weight_or_a_weight_loss_beside_the_figure_leaves_it_today_s(text: str) -> None:
    assert _bmi_read_as_now(text)


@pytest.mark.parametrize("text", [
    "Initially BMI 46 at intake.",
    "Her previous BMI of 45 has come down with diet.",
    # (a pre-operative figure is past only in a note written after the operation: review 15,
    # finding 4)
    "Status post right TKA. Preoperative BMI 41 per the anesthesia record.",
    "He was BMI 44 a year ago.",
    "Advised losing weight to a BMI of 35.",
])
def test_a_past_or_goal_figure_is_not_today_s(text: str) -> None:
    assert not _bmi_read_as_now(text)


def _drafted(items: list[str], note: str) -> dict[str, tuple[str, dict[str, str]]]:
    from pathlib import Path

    from openimr.model import Case
    from openimr.records import documents_for_case
    from openimr.review.drafting import review_case

    case = Case.model_validate({
        "ur_decision": {"date": "2022-05-02"}, "disputed_items": items,
        "claim": {"date_of_injury": "2021-08-15"},
        "records": [{"date": "2022-04-20", "type": "progress note", "text": note}]})
    review = review_case(case, documents_for_case(case, Path(".")))
    return {d.item: (d.decision.value, {c.id: c.status.value for c in d.criteria})
            for d in review.determination.determinations}


_ULCER_NOTE = ("Assessment: cervical strain. Ibuprofen 800 mg tid takes neck pain from 7/10 "
               "down to 3/10 and lets her drive and cook again. She had a bleeding gastric "
               "ulcer in 2019. Plan: ibuprofen, and add {protector} for the stomach.")


def test_a_stomach_protector_denied_on_its_own_merits_is_no_gi_protection() -> None:
    drafted = _drafted(["Ibuprofen 800 mg #90", "Carafate 1 g #120"],
                       _ULCER_NOTE.format(protector="Carafate 1 g qid"))
    decision, criteria = drafted["Ibuprofen 800 mg #90"]
    assert criteria["ns.gi_protection"] != "met"
    assert decision != "overturned"


def test_a_ppi_supported_on_its_own_merits_still_protects_the_nsaid() -> None:
    drafted = _drafted(["Ibuprofen 800 mg #90", "Pantoprazole 40 mg #30"],
                       _ULCER_NOTE.format(protector="pantoprazole 40 mg daily"))
    assert drafted["Ibuprofen 800 mg #90"][1]["ns.gi_protection"] == "met"
    assert drafted["Pantoprazole 40 mg #30"][0] == drafted["Ibuprofen 800 mg #90"][0]


@pytest.mark.parametrize("text", [
    "Since the accident she is no longer driving.",
    "He quit driving in March because of the leg weakness.",
    "She can't drive; her daughter drives her to every visit.",
    "He hasn't been driving for months.",
])
def test_a_worker_who_stopped_driving_or_is_driven_does_not_go_out(text: str) -> None:
    from openimr.guidelines.predicates.clinical import _goes_out

    assert not _goes_out(text)


@pytest.mark.parametrize("text", [
    "He drives himself to the clinic.",
    "Now driving again after the surgery.",
    "His wife works days, so he drives to therapy on his own.",
])
def test_a_worker_who_drives_still_goes_out(text: str) -> None:
    from openimr.guidelines.predicates.clinical import _goes_out

    assert _goes_out(text)


def _therapy_not_yet_begun() -> re.Pattern[str]:
    """The discectomy's "therapy not yet begun" pattern, as the topic keeps it."""
    from pathlib import Path

    from openimr.guidelines.predicates.statements import _compiled

    topic = Path(__file__).resolve().parents[2] / (
        "src/openimr/guidelines/topics/surgery_lumbar_discectomy.yaml")
    line = next(line for line in topic.read_text().splitlines()
                if "yet to" in line and "therapy)" in line and line.strip().startswith("- '"))
    return _compiled(line.strip()[3:-1])


@pytest.mark.parametrize("text", [
    "She hasn't attended therapy in the last six months.",
    "He has not tried physical therapy again after the 18 sessions in 2020.",
    "Has not started any therapy lately; finished 20 PT visits last spring.",
    "She has not had therapy anymore since she moved.",
])
def test_a_lapse_in_therapy_is_not_therapy_still_to_come(text: str) -> None:
    assert not _therapy_not_yet_begun().search(text)


@pytest.mark.parametrize("text", [
    "She has never had physical therapy for the back.",
    "He is yet to begin therapy; first visit is booked.",
    "Not yet had any PT.",
    "He has not had physical therapy for this injury.",
])
def test_therapy_never_begun_is_still_to_come(text: str) -> None:
    assert _therapy_not_yet_begun().search(text)


def test_a_finished_course_beside_another_just_begun_still_failed() -> None:
    from openimr.model.determination import CriterionStatus
    from tests.guidelines.test_dev38_near_misses import _SHOULDER_MRI, _shoulder_notes
    from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

    course = "Had 5 PT sessions in February; chiropractic care began this week."
    item = _draft([_SHOULDER_MRI], _shoulder_notes(course), injury="2020-01-20")[_SHOULDER_MRI]
    assert _status(item, "sim.indication") is CriterionStatus.met


def test_a_course_under_way_in_its_own_clause_is_still_just_begun() -> None:
    from openimr.model.determination import CriterionStatus
    from tests.guidelines.test_dev38_near_misses import _SHOULDER_MRI, _shoulder_notes
    from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

    course = "Neck is fine; 2 PT sessions so far for the shoulder."
    item = _draft([_SHOULDER_MRI], _shoulder_notes(course), injury="2020-01-20")[_SHOULDER_MRI]
    assert _status(item, "sim.indication") is not CriterionStatus.met


@pytest.mark.parametrize(("text", "before_the_drug"), [
    ("Urine tox screen sent today; function is at his baseline.", False),
    ("Drug screen collected. Mood back to baseline after counseling.", False),
    ("Collected a baseline urine drug test before the first Percocet.", True),
    ("UDT obtained today prior to initiating tramadol.", True),
])
def test_baseline_makes_a_screen_pre_treatment_only_when_it_names_the_screen(
        text: str, before_the_drug: bool) -> None:
    from openimr.guidelines.predicates.medication import _PRE_TREATMENT_TEST

    assert bool(_PRE_TREATMENT_TEST.search(text)) is before_the_drug


def _refuses_an_operation(text: str) -> bool:
    from openimr.guidelines.predicates.statements import _compiled, statement_set

    return any(_compiled(p).search(text) for p in statement_set(["surgery_refused"]))


@pytest.mark.parametrize("text", [
    "She is not interested in a TKR right now.",
    "Patient refused the left THA offered in May.",
    "Declines RCR; wants to continue therapy.",
])
def test_a_joint_operation_refused_by_its_abbreviation_is_refused(text: str) -> None:
    assert _refuses_an_operation(text)


@pytest.mark.parametrize("text", [
    "Declines hormone replacement therapy.",
    "Refuses the Tha massage clinic referral.",
    "Declines PT for now.",
])
def test_a_lower_case_look_alike_or_another_care_is_no_refused_operation(text: str) -> None:
    assert not _refuses_an_operation(text)
