"""What the treating notes state in words no fact kind holds (`records_state`, `first_settled`,
`request_says`), and the procedure and service topics that rest on it."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.guidelines.context import Context
from openimr.guidelines.engine import decide_item
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.guidelines.predicates import evaluate
from openimr.model import Case, Decision
from openimr.model.determination import CriterionStatus, DecisionBasis

AS_OF = dt.date(2016, 5, 5)
met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _context(item: str, pages: dict[str, str], *, second_hand: tuple[str, ...] = ()) -> Context:
    case = Case.model_validate({"disputed_items": [item], "records": [{"text": "x"}]})
    return Context(request=parse_item(item, as_of=AS_OF), case=case, facts=[],
                   documents=list(pages), as_of=AS_OF, second_hand=frozenset(second_hand),
                   page_texts={(name, 1): text for name, text in pages.items()})


def _state(context: Context, **args):
    return evaluate("records_state", context, {"description": "a thing", **args})


DRIVES = {"met_patterns": ["unable to drive"], "not_met_patterns": ["drives herself"]}


def test_a_statement_settles_the_criterion_and_is_quoted() -> None:
    context = _context("Transportation", {"r1": "Chronic LBP. She drives herself to visits. HEP."})
    outcome = _state(context, **DRIVES)
    assert outcome.status is not_met
    assert outcome.evidence[0].quote == "She drives herself to visits"
    assert "drives herself" in outcome.explanation
    assert _state(_context("Transportation", {"r1": "He is unable to drive since the seizure."}),
                  **DRIVES).status is met


def test_a_negated_phrase_does_not_count() -> None:
    # "if not improving" and "no job description" deny what follows them in the clause.
    context = _context("MRI wrist", {"r1": "Refer to ortho if not improving. Splint."})
    assert _state(context, not_met_patterns=["improving"]).status is unknown
    context = _context("FCE", {"r1": "Employer not contacted; no specific job description."})
    assert _state(context, met_patterns=["job description"]).status is unknown


def test_the_later_record_decides_and_a_summary_is_never_read() -> None:
    pages = {"r1": "He is unable to drive after the surgery.", "r2": "Now drives herself again."}
    assert _state(_context("Transportation", pages), **DRIVES).status is not_met
    pages = {"r1": "Now drives herself again.", "r2": "He is unable to drive after the surgery."}
    assert _state(_context("Transportation", pages), **DRIVES).status is met
    # A UR decision's summary is second-hand (8 CCR 9792.10.6(b)(2)).
    context = _context("Transportation", {"ur": "The claimant drives herself."}, second_hand=("ur",))
    assert _state(context, **DRIVES).status is unknown


def test_nothing_stated_is_unknown_unless_the_criterion_says_what_an_absence_means() -> None:
    context = _context("X-rays lumbar spine", {"r1": "LBP after lifting. Neuro intact."})
    outcome = _state(context, **DRIVES)
    assert outcome.status is unknown and "all" not in outcome.explanation  # one record
    assert "the only record was searched" in outcome.explanation
    assert _state(context, met_patterns=["fusion"], unstated_not_met="a prior surgery").status \
        is not_met
    assert _state(context, not_met_patterns=["improving"], unstated_met="improvement").status is met
    # Without the page texts (facts-only tests) nothing was searched: still unknown.
    bare = Context(request=context.request, case=context.case, facts=[], documents=["r1"],
                   as_of=AS_OF)
    assert _state(bare, met_patterns=["fusion"], unstated_not_met="a prior surgery").status \
        is unknown


def test_first_settled_takes_the_first_check_that_settles() -> None:
    context = _context("Transportation", {"r1": "She drives herself to visits."})
    never = {"predicate": "records_state", "args": {"description": "x", "met_patterns": ["zzz"]}}
    drives = {"predicate": "records_state", "args": {"description": "x", **DRIVES}}
    always = {"predicate": "not_recommended", "args": {"explanation": "no"}}
    assert evaluate("first_settled", context, {"checks": [never, drives, always]}).status is not_met
    assert evaluate("first_settled", context, {"checks": [never, never]}).status is unknown


def test_request_says_reads_the_words_of_the_item() -> None:
    context = _context("Replacement of spinal cord stimulator pulse generator", {"r1": ""})
    args = {"patterns": ["replac"], "description": "a replacement"}
    assert evaluate("request_says", context, args).status is met
    assert evaluate("request_says", context, {**args, "negate": True}).status is not_met


def _decide(item: str, pages: dict[str, str], *, injury: str = "2013-08-19",
            as_of: dt.date = AS_OF, diagnoses: tuple[str, ...] = ()):
    case = Case.model_validate({"disputed_items": [item], "records": [{"text": "x"}],
                                "claim": {"date_of_injury": injury},
                                "diagnoses": [{"description": d} for d in diagnoses]})
    return decide_item(item, parse_item(item, as_of=as_of), case, [], load_knowledge_base(),
                       documents=list(pages), as_of=as_of,
                       page_texts={(name, 1): text for name, text in pages.items()})


def _status_of(determination, criterion: str) -> CriterionStatus:
    return {c.id: c.status for c in determination.criteria}[criterion]


def test_a_worker_who_drives_herself_needs_no_transportation() -> None:
    drafted = _decide("Transportation to and from medical appointments",
                      {"r1": "Chronic LBP. Patient drove herself to today's appointment."})
    assert drafted.decision is Decision.upheld and drafted.basis is DecisionBasis.criteria_not_met
    assert _status_of(drafted, "tr.cannot_self_transport") is not_met


@pytest.mark.parametrize(("note", "status"), [
    ("TTD. He is not ready to return to work. No specific job offer or job description.", not_met),
    ("P&S. Employer offered a modified duty position; job description attached.", met),
    # a complete treating record that asks for an FCE states its question, if it has one
    ("Permanent and stationary.", not_met),
    ("Request FCE to document her current functional abilities.", not_met),
])
def test_an_fce_answers_a_return_to_work_question(note: str, status: CriterionStatus) -> None:
    drafted = _decide("Functional capacity evaluation", {"r1": note})
    assert _status_of(drafted, "fce.return_to_work_question") is status


def test_a_depleted_generator_of_a_stimulator_that_helped_is_replaced() -> None:
    note = ("SCS implanted 2014 after a successful trial. Since implant: leg pain 8/10 -> 3/10; "
            "opioids stopped 2015. Interrogation: generator at elective replacement indicator.")
    drafted = _decide("Replacement of spinal cord stimulator implantable pulse generator",
                      {"r1": note}, as_of=dt.date(2023, 4, 6))
    statuses = {c.id: c.status for c in drafted.criteria}
    assert "scs.psychological_clearance" not in statuses  # a trial's criteria do not apply
    assert statuses["scs.replacement_benefit"] is met and statuses["scs.replacement_needed"] is met
    assert drafted.decision is Decision.overturned


def test_imaging_of_a_knee_waits_for_the_observation_period_without_a_red_flag() -> None:
    note = "Fell onto the knee yesterday; effusion, McMurray positive. Plan: MRI left knee."
    drafted = _decide("MRI left knee without contrast", {"r1": note}, injury="2016-04-20")
    assert _status_of(drafted, "kim.after_observation_period") is not_met
    assert drafted.decision is Decision.upheld


def test_a_repeat_study_with_nothing_new_is_not_supported() -> None:
    note = "Neck pain 5/10, unchanged for a year. Neuro exam normal. No trauma since."
    drafted = _decide("Repeat MRI cervical spine", {"r1": note})
    assert _status_of(drafted, "imc.repeat_significant_change") is not_met


def test_office_furniture_is_not_medical_equipment_but_a_workstation_evaluation_may_be() -> None:
    note = ("Neck pain related to prolonged sitting at a poorly adjusted workstation; worse by "
            "end of shift.")
    chair = _decide("Ergonomic chair for home office", {"r1": note})
    assert _status_of(chair, "ehm.not_office_furniture") is not_met
    evaluation = _decide("Ergonomic workstation evaluation at worksite", {"r1": note})
    assert _status_of(evaluation, "ehm.work_factors") is met
    assert evaluation.decision is Decision.overturned


def test_an_optional_space_and_a_percentage_are_read() -> None:
    args = {"met_patterns": [r"\b(?:[5-9]\d|100) ?% (?:\w+ ){0,2}relief"],
            "not_met_patterns": [r"\b(?:[0-9]|[1-4]\d) ?% (?:\w+ ){0,2}relief"]}
    assert _state(_context("SCS", {"r1": "Diary: about 25% leg relief."}), **args).status \
        is not_met
    assert _state(_context("SCS", {"r1": "Trial gave 60 % leg relief."}), **args).status is met


@pytest.mark.parametrize(("note", "status"), [
    ("Right knee OA, bone-on-bone. BMI today 45.8.", not_met),
    ("Right knee OA, bone-on-bone. BMI 31.", met),
])
def test_knee_replacement_needs_a_body_mass_index_under_40(note: str,
                                                           status: CriterionStatus) -> None:
    drafted = _decide("Right total knee arthroplasty", {"r1": note})
    assert _status_of(drafted, "tka.body_mass_index") is status


def test_a_sleep_consultation_needs_a_complaint_an_unticked_box_is_not_one() -> None:
    note = ("PSYCH ROS: [ ] depression [ ] sleep disturbance - patient denies. Mood and sleep: "
            "no concerns.")
    drafted = _decide("Sleep disorder questionnaire and consultation", {"r1": note},
                      diagnoses=("Tear of medial meniscus, right knee",))
    assert _status_of(drafted, "cs.sleep_complaint") is not_met
    drafted = _decide("Sleep consultation", {"r1": "Wakes at night from pain; daytime sleepiness."})
    assert _status_of(drafted, "cs.sleep_complaint") is met


_GYM, _FRP = "Gym membership x 6 months", "Functional restoration program 80 hours"


@pytest.mark.parametrize(("item", "criterion", "note", "status"), [
    # a membership provides no monitoring: complete records that state none do not meet it
    (_GYM, "gym.supervision",
     "Home program not helping. Plan: gym membership; she will work out on her own.", not_met),
    (_GYM, "gym.supervision", "Home program not helping. Plan: gym membership.", not_met),
    (_GYM, "gym.supervision",
     "HEP failed. Gym membership so the program can be supervised by her physical therapist.",
     met),
    # a program the records call its first weeks has no days attended before it
    (_FRP, "frp.total_days",
     "Chronic LBP, off work. Plan: 2-week trial of the program, reassess before more.", met),
    (_FRP, "frp.total_days", "Chronic LBP, off work. Plan: functional restoration program.",
     unknown),
])
def test_what_complete_records_state_settles_the_criterion(item: str, criterion: str, note: str,
                                                           status: CriterionStatus) -> None:
    drafted = _decide(item, {"r1": note})
    assert _status_of(drafted, criterion) is status


@pytest.mark.parametrize("note", [
    "Treatments tried: [x] PT [x] medications [ ] TENS. Plan: H-wave purchase.",
    "PT and NSAIDs without lasting benefit. TENS has never been tried. Plan: H-wave purchase.",
    "Failed PT and meds; no prior TENS trial. Request H-wave.",
])
def test_an_h_wave_needs_tens_to_have_been_tried(note: str) -> None:
    drafted = _decide("Home H-wave device purchase", {"r1": note})
    assert _status_of(drafted, "et.h_wave_after_failed_care") is not_met
