"""False upholds of the untuned dev-10 (and dev-8), by cause (session decide-dev10): a walking
aid's need told as fall risk and loss of balance; mechanical knee symptoms that persist; the
facet joint's provocation as a persisting sign; an opioid prescribed for the pain of an
operation; a flowsheet headed by the visit; a clinic's telephone number read as a dose; care
weighed as an option taken for a history of it; a brand that names the route; an operation's
surgical category; an injection's weeks of relief in its clause; a drug started at a table's
first column; tables of the drug and the pain by visit and their column names; an opioid kept
on a flowsheet. The phrasings are our own."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from tests.guidelines.test_unknown_upholds3 import _review as _review_case

#: Draft items on treating notes (date, text) of a worker injured in 2019, decided in 2021.
_review = partial(_review_case, as_of="2021-03-01", injury="2019-06-10")


def _status(determination, criterion: str) -> str:
    return next(c.status.value for c in determination.criteria if c.id == criterion)


def test_a_walkers_need_is_read_from_fall_risk_and_balance(tmp_path: Path) -> None:
    item = "Rolling walker"
    for note, status in (
            ("Therapy visit: Berg score 31/56, high fall risk; one near-fall at home this week.",
             "met"),
            ("Walks in the hallway; loss of balance twice when turning without the cane.", "met"),
            ("Still unsafe to ambulate without a walker per therapist.", "met"),
            ("Wants a walker for long shopping trips. Neuro intact.", "unknown")):
        drafted = _review(tmp_path, [item], [("2021-02-01", note)])[item]
        assert _status(drafted, "dme.gait_need") == status, note


def test_persisting_mechanical_knee_symptoms_follow_initial_care(tmp_path: Path) -> None:
    item = "MRI left knee"
    notes = [("2021-01-04", "Twisted the left knee at work 01/03. Ice, brace and naproxen."),
             ("2021-02-10", "Five weeks out: knee still buckling on stairs; persistent effusion. "
                            "McMurray positive medially.")]
    drafted = _review(tmp_path, [item], notes, injury="2021-01-03")[item]
    assert _status(drafted, "kim.after_initial_care") == "met"


def test_facet_loading_is_a_sign_that_persists_after_completed_care(tmp_path: Path) -> None:
    item = "Right L3-4 and L4-5 medial branch blocks"
    note = ("Axial low back pain, no radiation. Prior care: PT 10 visits in 2019, chiro 8 visits. "
            "Exam: facet loading positive on the right, SLR negative, neuro intact. "
            "Assessment: lumbar facet arthropathy.")
    drafted = _review(tmp_path, [item], [("2021-02-01", note)])[item]
    assert _status(drafted, "fi.conservative_failed") == "met"


def test_an_opioid_for_the_pain_of_an_operation_is_no_trial_of_opioids(tmp_path: Path) -> None:
    item = "Hydrocodone/APAP 5/325mg #16"
    postoperative = ("Surgery: right ankle ORIF set for 03/10/21. No opioids in the last year. "
                     "Plan: post-op hydrocodone/APAP 5/325 1 q6h prn x 4 days, #16, no refills.")
    drafted = _review(tmp_path, [item], [("2021-02-20", postoperative)])[item]
    assert "op.initiation.non_opioid_tried" in drafted.not_applicable
    assert "op.initiation.risk_assessed" in drafted.not_applicable
    chronic = ("Chronic neck pain. No opioids in the last year. "
               "Plan: start hydrocodone/APAP 5/325 1 q6h prn, #16.")
    drafted = _review(tmp_path, [item], [("2021-02-20", chronic)])[item]
    assert "op.initiation.non_opioid_tried" not in drafted.not_applicable


def test_a_flowsheet_headed_by_the_visit_gives_pain_with_and_without(tmp_path: Path) -> None:
    item = "Oxycodone 5mg #60"
    notes = [("2020-11-01", "Chronic low back pain on oxycodone 5 mg bid since 2019."),
             ("2021-02-01", "Oxycodone 5 mg bid continued.\nOPIOID FLOWSHEET\n"
                            "Visit  Pain w/o  Pain w/  Function\n"
                            "11/01/20  8  4  walks 20 min\n"
                            "02/01/21  8  3  walks 40 min")]
    drafted = _review(tmp_path, [item], notes)[item]
    assert _status(drafted, "op.continuation.analgesia") == "met"


def test_a_clinic_telephone_number_is_no_daily_dose() -> None:
    from openimr.records.kinds.medication import _MME_RES

    assert _MME_RES[0].search("FROM: FOOTHILL FAMILY MED  415-555-0199  TO: UR DEPT") is None
    assert _MME_RES[0].search("Total MED 45 today.").group("a") == "45"
    assert _MME_RES[0].search("MED: 22.5").group("a") == "22.5"


def test_a_program_weighed_as_an_option_is_no_course_of_it(tmp_path: Path) -> None:
    item = "Functional restoration program 10 days"
    notes = [("2021-01-10", "Chronic low back pain since 2017; off work 3 years. PT 20 visits, "
                            "acupuncture, ESI x1 (2 wks relief), NSAIDs. Not a surgical candidate."),
             ("2021-02-01", "No other options left besides FRP; she may benefit from a "
                            "multidisciplinary program. Plan: 2-week trial.")]
    drafted = _review(tmp_path, [item], notes)[item]
    assert _status(drafted, "frp.total_days") == "met"


def test_a_brand_names_the_route_of_the_drug_requested(tmp_path: Path) -> None:
    item = "Buprenorphine transdermal (Butrans) 5mcg/hr #4"
    notes = [("2020-12-01", "Oxycodone 10 mg four times a day (60 MME); we agreed to taper."),
             ("2021-01-05", "Over two months we reduced to oxycodone 10 mg twice a day. Butrans "
                            "5 mcg/hr patch started weekly. CURES single prescriber.")]
    drafted = _review(tmp_path, [item], notes)[item]
    assert "op.continuation.analgesia" in drafted.not_applicable  # judged as weaning


def test_the_repair_names_the_postsurgical_course_not_the_arthroscopy(tmp_path: Path) -> None:
    item = "Post-op physical therapy 10 additional visits right shoulder"
    notes = [("2020-12-01", "Right shoulder arthroscopy, double-row rotator cuff repair (2 cm "
                            "tear), subacromial decompression. Sling 6 weeks."),
             ("2021-02-20", "PT re-evaluation visit 16: flexion 95 -> 135, QuickDASH 60 -> 41. "
                            "Plan: 10 more visits.")]
    drafted = _review(tmp_path, [item], notes)[item]
    criterion = next(c for c in drafted.criteria if c.id == "ps.within_general_course")
    assert "rotator cuff repair" in criterion.explanation
    assert criterion.status.value == "met"


def test_an_injections_weeks_of_relief_are_read_in_its_clause(tmp_path: Path) -> None:
    item = "Right carpal tunnel release"
    note = ("Right hand numbness 9 months. Wrist splint at night since 05/2020; steroid "
            "injection 06/2020 (relief x3 wks). Exam: Phalen positive, Tinel positive. "
            "NCS 07/2020: moderate right carpal tunnel syndrome, prolonged median motor latency.")
    drafted = _review(tmp_path, [item], [("2021-02-01", note)])[item]
    assert _status(drafted, "ctr.conservative_failed") == "met"


def test_a_drug_started_at_a_tables_first_column_is_taken_across_it(tmp_path: Path) -> None:
    item = "Naproxen 500mg #60"
    note = ("PHYSIATRY FOLLOW-UP\n"
            "              03/2020   09/2020\n"
            "Back pain       8         4\n"
            "Naproxen 500 bid started 03/2020, no GI upset. Plan: naproxen.")
    drafted = _review(tmp_path, [item], [("2020-09-15", note)], injury="2019-01-10",
                      as_of="2020-10-01")[item]
    assert _status(drafted, "ns.continued_benefit") == "met"


def test_an_opioid_kept_on_a_monitoring_flowsheet_is_continued_use(tmp_path: Path) -> None:
    item = "Oxycodone ER 10mg #60"
    note = ("OPIOID FLOWSHEET\n"
            "Date    Pain w/o  Pain w/  Function\n"
            "10/20   7         3        cashier 30h/wk\n"
            "01/21   7         3        cashier 30h/wk\n"
            "Plan: oxycodone ER 10 bid #60.")
    drafted = _review(tmp_path, [item], [("2021-02-01", note)])[item]
    assert "op.initiation.non_opioid_tried" in drafted.not_applicable
    assert _status(drafted, "op.continuation.analgesia") == "met"


def test_a_table_of_the_drug_and_the_pain_by_visit_gives_its_relief(tmp_path: Path) -> None:
    from openimr.records.column_tables import _ROW_SCORE

    item = "Pregabalin 75mg #60"
    note = ("Burning pain of the right foot since the crush injury; EMG: tarsal tunnel neuropathy.\n"
            "Visit     Pregabalin   Foot pain (0-10)   Walking\n"
            "09/2020   50 bid       8                  10 min\n"
            "12/2020   75 bid       5                  25 min\n"
            "02/2021   75 bid       4-5                30 min\n"
            "With it she is able to walk her dog and shop again. "
            "Plan: continue pregabalin 75 bid #60.")
    drafted = _review(tmp_path, [item], [("2021-02-01", note)])[item]
    criterion = next(c for c in drafted.criteria if c.id == "aed.continued_benefit")
    assert "5/10 on the drug" in criterion.explanation, criterion.explanation
    # a dose, a count of hours or of wakings is no score
    assert [m.group(0) for m in _ROW_SCORE.finditer("600 tid 4 wakes 2x/night mod duty 6 h/d")] \
        == ["4"]


def test_a_flowsheets_column_names_are_no_drug_test_result(tmp_path: Path) -> None:
    item = "Tramadol 50mg #90"
    notes = [("2020-12-01", "Tramadol 50 mg tid for chronic knee pain since 2019. UDS 11/20/2020 "
                            "consistent with tramadol."),
             ("2021-02-01", "Tramadol 50 mg tid continued.\nMONITORING\n"
                            "Visit  Pain w/o  Pain w/  Function  AE  Aberrant  UDS\n"
                            "12/01/20  7  3  full duty. Walks 2 mi  constip.  none  12/01 "
                            "consistent\n"
                            "02/01/21  7  3  full duty  none  none  --")]
    drafted = _review(tmp_path, [item], notes)[item]
    assert _status(drafted, "op.continuation.drug_testing") == "met"


def test_bathroom_equipment_answers_a_fall_risk_the_notes_record(tmp_path: Path) -> None:
    item = "Shower chair"
    drafted = _review(tmp_path, [item], [("2021-02-01", "Home safety visit: two falls in the "
                                                        "shower last month; Berg 36/56.")])[item]
    assert _status(drafted, "hpe.bath_need") == "met"


def test_an_anticoagulant_after_a_recent_hip_replacement_prevents_thrombosis(
        tmp_path: Path) -> None:
    item = "Lovenox 40mg syringe #14"
    recent = [("2021-02-20", "Operative note 02/20/2021: left total hip arthroplasty."),
              ("2021-02-25", "Post-op day 5, walker. Plan: enoxaparin 40 mg SQ daily #14.")]
    drafted = _review(tmp_path, [item], recent)[item]
    assert drafted.decision.value == "overturned"
    remote = [("2019-11-02", "Operative note 11/02/2019: left total hip arthroplasty."),
              ("2021-02-25", "Plan: enoxaparin 40 mg SQ daily #14.")]
    drafted = _review(tmp_path, [item], remote)[item]
    assert _status(drafted, "om.anticoagulant_after_hip_or_knee_surgery") == "not_met"
    assert drafted.decision.value == "upheld"


def test_a_table_of_the_monthly_quantity_stepped_down_is_a_taper(tmp_path: Path) -> None:
    item = "Percocet 5/325mg #45"
    table = ("Chronic neck pain, weaning as agreed.\n"
             "Month    Percocet/month   Pain   Activity\n"
             "10/2020  90               6      walks 15 min\n"
             "12/2020  60               6      walks 15 min\n"
             "02/2021  45               6      walks 20 min\n"
             "UDS 01/2021 consistent. Plan: Percocet #45.")
    drafted = _review(tmp_path, [item], [("2021-02-10", table)])[item]
    assert "op.continuation.analgesia" in drafted.not_applicable
    assert _status(drafted, "op.weaning") == "met"
    rising = table.replace("90 ", "30 ")
    drafted = _review(tmp_path, [item], [("2021-02-10", rising)])[item]
    assert "op.weaning" in drafted.not_applicable


def test_therapy_before_a_scheduled_operation_is_no_postoperative_visit(tmp_path: Path) -> None:
    item = "Post-op physical therapy 12 visits left shoulder"
    note = ("Shoulder stiff and weak; eight visits of therapy to strengthen before the operation "
            "are done. Left rotator cuff repair is booked for 11/14/2021. Plan after it: "
            "physical therapy twice a week for six weeks (12 visits).")
    drafted = _review(tmp_path, [item], [("2021-10-20", note)], injury="2021-03-02",
                      as_of="2021-10-30")[item]
    criterion = next(c for c in drafted.criteria if c.id == "ps.within_general_course")
    assert criterion.explanation.startswith("0 postoperative visits")
    assert _status(drafted, "ps.functional_improvement_beyond_initial") == "met"
