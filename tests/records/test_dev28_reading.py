"""Reading fixes of session "decide-dev28": a UR letter however its type is worded, a record
named as a clinical one whatever medical-legal word its lines hold, a therapy count with the
year of the course before it, a blood thinner stopped later in its clause, and help that only
lasted a short while; wordings written for these tests."""

from __future__ import annotations

from openimr.model.document import Document, DocumentType, Page
from openimr.records.doctypes import classify

from .conftest import facts_of


def _doc(text: str, type: str | None = None) -> Document:
    return Document(id="d", type=type, pages=[Page(number=1, text=text)])


def test_a_ur_letter_is_known_by_its_type_or_its_head_lines() -> None:
    letter = "Acupuncture x8: non-cert. No functional improvement was documented."
    for named in ("UR denial letter", "UR notice of determination", "UR modification notice",
                  "Notice of adverse determination", "UR physician letter"):
        assert classify(_doc(letter, named)) is DocumentType.ur_decision, named
    # no type given: the head line's "non-cert" tells it
    assert classify(_doc("Re: lumbar MRI - noncert\nThe request lacks red flags.")) \
        is DocumentType.ur_decision
    # a treating note that mentions a denial is still the treating note
    assert classify(_doc("UR denied the MRI; will appeal.", "PR-2 progress report")) is None


def test_a_clinical_record_named_so_is_first_hand_whatever_its_lines_say() -> None:
    text = "Seen at the request of the AME, Dr. Olsen. Grip 20 kg right."
    for named in ("rheumatology follow-up", "functional capacity evaluation",
                  "work status report", "pain management report (dictated)"):
        assert classify(_doc(text, named)) is None, named
    # an AME's own report is still one
    assert classify(_doc(text, "agreed medical evaluator report")) is DocumentType.ame_report


def test_a_therapy_count_with_the_year_of_the_course_between() -> None:
    for text, count in (("Prior care: naproxen, OT 2018 x10, splinting.", 10),
                        ("Had chiropractic (2019) x 14 with no lasting relief.", 14),
                        ("Previous treatment: PT 04/2020 x9.", 9)):
        found = [f for f in facts_of(text, "therapy_sessions")
                 if f.value["status"] == "completed"]
        assert [f.value["count"] for f in found] == [count], text


def test_an_anticoagulant_stopped_later_in_its_clause_is_no_concurrent_risk() -> None:
    for text in ("Medication history: apixaban 5 mg (last dispensed 2017) -- discontinued.",
                 "Warfarin 5 mg daily through 2018 and then discontinued by hematology."):
        assert not [f for f in facts_of(text, "gi_risk_factor")
                    if f.value["factor"] == "anticoagulant" and not f.negated], text
    # taken now: still a risk
    assert [f for f in facts_of("Current meds: apixaban 5 mg bid, metoprolol.", "gi_risk_factor")
            if f.value["factor"] == "anticoagulant"]


def test_help_that_lasted_only_a_short_while_is_partial() -> None:
    for text in ("Acupuncture 6 sessions helped only temporarily.",
                 "The TENS unit helped briefly.",
                 "Chiropractic care helped short-term."):
        outcomes = {f.value["outcome"] for f in facts_of(text, "treatment_trial")}
        assert outcomes == {"partial"}, (text, outcomes)
    # help that held is still help
    assert {f.value["outcome"] for f in facts_of("Acupuncture helped a lot.",
                                                  "treatment_trial")} == {"helped"}


def test_a_drug_test_told_with_a_plus_sign_names_what_it_found() -> None:
    for text in ("Urine drug screen 02/2020 + hydrocodone only.",
                 "UDT last month (+) for oxycodone."):
        found = facts_of(text, "urine_drug_test")
        assert found and found[0].value.get("substances"), text


def test_a_relief_floor_written_after_the_figure_is_read() -> None:
    for text, percent in (("Left C5 medial branch block 02/02: 80%+ relief for 6 hours.", 80),
                          ("SI joint injection 03/2021: 60% + relief for two days.", 60)):
        found = [f for f in facts_of(text, "injection_history") if "relief_percent" in f.value]
        assert [f.value["relief_percent"] for f in found] == [percent], text


def test_a_home_program_given_up_is_not_performed() -> None:
    for text in ("Home exercise program lapsed over the winter.",
                 "He fell off his home exercise program after the move.",
                 "She is no longer doing her HEP."):
        found = facts_of(text, "home_exercise_program")
        assert found and {f.value["status"] for f in found} == {"not_performing"}, text
