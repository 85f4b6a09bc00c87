"""Column tables (`records/column_tables.py`): a heading row of dates or periods, rows of a
label and one cell per column; each cell read as the fact its label and cell make, dated by
its column, its evidence the cell. Also the reading gaps of the decision sets' false
upholds: a meniscal tear and osteoarthritis on imaging, a twitch response and referred pain
on examination, a surgery's date after its side and part, counts a day as directions."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.model import Document, Page
from openimr.records.column_tables import find_tables
from openimr.records.extract import extract_facts
from openimr.records.regimen import doses_per_day

from .conftest import facts_of

NOTE = dt.date(2014, 9, 30)
MED_TABLE = """MED TABLE
Drug 06/2014 09/2014
gabapentin 300 tid 600 tid
Norco 10/325 4/day 2/day
Leg pain 8/10 5/10
Work TTD RTW 4 hr/day housekeeping (since 08/2014)
Exam: L5 sensory loss L, EHL 4+/5 L, SLR + L 45.
Plan: gabapentin 600 #90, Norco #60."""


def _facts(text: str, kind: str) -> list:
    document = Document(id="note", date=NOTE, type="PR-2 progress report",
                        pages=[Page(number=1, text=text)])
    return [f for f in extract_facts([document]) if f.kind.value == kind]


def test_rows_are_cut_into_label_and_cells_by_the_shape_of_their_words() -> None:
    # normalisation folds the aligning spaces: the cells are found by how they are written
    [table] = find_tables(MED_TABLE, NOTE)
    rows = {}
    for cell in table.cells:
        rows.setdefault(cell.label, []).append(MED_TABLE[cell.start:cell.end])
    assert rows == {"gabapentin": ["300 tid", "600 tid"], "Norco 10/325": ["4/day", "2/day"],
                    "Leg pain": ["8/10", "5/10"],
                    "Work": ["TTD", "RTW 4 hr/day housekeeping (since 08/2014)"]}
    assert [c.column.date for c in table.cells[:2]] == [dt.date(2014, 6, 1), dt.date(2014, 9, 1)]
    # the sentence after the table is not a row
    assert MED_TABLE[table.end:].lstrip().startswith("Exam:")


def test_each_cell_is_a_fact_dated_by_its_column_with_the_cell_as_evidence() -> None:
    pain = _facts(MED_TABLE, "pain_score")
    assert [(f.value["value"], f.date, f.evidence.quote) for f in pain] == [
        (8, dt.date(2014, 6, 1), "8/10"), (5, dt.date(2014, 9, 1), "5/10")]
    for fact in pain:
        assert MED_TABLE[fact.evidence.start:fact.evidence.end] == fact.evidence.quote
    norco = [f for f in _facts(MED_TABLE, "medication") if f.value["generic"].startswith(
        "hydrocodone") and f.evidence.quote.endswith("/day")]
    assert [(f.value["doses_per_day"], f.date) for f in norco] == [
        (4, dt.date(2014, 6, 1)), (2, dt.date(2014, 9, 1))]
    work = _facts(MED_TABLE, "work_status")
    assert [(f.value["status"], f.date) for f in work] == [
        ("temporarily_totally_disabled", dt.date(2014, 6, 1)),
        ("modified_duty", dt.date(2014, 9, 1))]


def test_periods_in_words_and_pipes_and_bare_pain_numbers() -> None:
    text = "Measure | Off meds | On meds\nPain | 8 | 4\nWalking | 1 block | 4 blocks"
    pain = _facts(text, "pain_score")
    assert [(f.value["value"], f.value["context"], f.date, f.evidence.quote) for f in pain] == [
        (8, "without_medication", NOTE, "8"), (4, "with_medication", NOTE, "4")]
    # a column headed by the drug itself beside the one without it
    text = "Measure       Off meds   On tramadol\nLeg pain      9          5"
    pain = _facts(text, "pain_score")
    assert [(f.value["value"], f.value["context"]) for f in pain] == [
        (9, "without_medication"), (5, "with_medication")]
    # "on" before a course or duty heads no drug's column
    assert not [f for f in _facts("Measure Off work On duty\nPain 6 4", "pain_score")
                if f.value.get("context") == "with_medication"]
    text = "Baseline Current\nNeck pain 7/10 3/10"
    pain = _facts(text, "pain_score")
    assert [(f.value["value"], f.date) for f in pain] == [(7, None), (3, NOTE)]


@pytest.mark.parametrize("text", [
    # prose with dates is no table; nor a heading with one date
    "Seen 06/2014 and 09/2014 for back pain.\nPain 5/10 today.",
    "Drug 06/2014\ngabapentin 300 tid",
    # a row that is a sentence ends the table before it starts
    "Drug 06/2014 09/2014\nShe has been taking her medications as prescribed.",
    # a note's heading with its date, then a line of a form
    "CLINIC - INITIAL EVALUATION 04/04/2022\nPatient: R. Lee, 57 Referral: Dr. Ngata Auth: 6",
    "Drug 06/2014 09/2014\nPatient: R. Lee 57 Auth: 6 sessions",
])
def test_what_is_not_a_column_table(text: str) -> None:
    assert find_tables(text, NOTE) == []


def test_counts_a_day_are_directions() -> None:
    assert doses_per_day("4/day") == 4
    assert doses_per_day("1-2/day") == 2
    assert doses_per_day("2x/d") == 2
    [fact] = facts_of("Using hydrocodone 1-2/day.", "medication")
    assert fact.value["frequency"] == "1-2/day"
    [work] = facts_of("She returned to work part time last month.", "work_status")
    assert work.value["status"] == "modified_duty"


@pytest.mark.parametrize(("text", "category", "modality"), [
    ("MRI R KNEE: Bucket-handle tear medial meniscus with fragment displaced.",
     "meniscal_tear", "mri"),
    ("MRI: complex tear posterior horn medial meniscus.", "meniscal_tear", "mri"),
    ("L knee. XR: bone-on-bone medial, tricompartmental.", "degenerative", "xray"),
    ("Standing x-rays of the knee: medial compartment collapse.", "degenerative", "xray"),
    ("Knee XR: bicompartmental narrowing.", "degenerative", "xray"),
])
def test_a_tear_or_osteoarthritis_in_a_radiologists_words(text: str, category: str,
                                                          modality: str) -> None:
    found = [(f.value["category"], f.value["modality"]) for f in facts_of(text, "imaging_finding")
             if not f.negated]
    assert (category, modality) in found


@pytest.mark.parametrize(("text", "finding"), [
    ("Exam: 3 taut bands R upper trap with local twitch and referral to occiput/shoulder.",
     "twitch_response"),
    ("Exam: 3 taut bands R upper trap with local twitch and referral to occiput/shoulder.",
     "referred_pain"),
    ("Exam: trigger point L levator, twitch (+), refers to the neck.", "twitch_response"),
    ("Exam: trigger point L levator, twitch (+), refers to the neck.", "referred_pain"),
])
def test_a_twitch_and_referred_pain_on_examination(text: str, finding: str) -> None:
    assert finding in {f.value["finding"] for f in facts_of(text, "exam_finding")
                       if f.value["positive"]}


def test_a_referral_to_a_clinic_is_no_referred_pain() -> None:
    assert not [f for f in facts_of("Plan: referral to orthopedics.", "exam_finding")
                if f.value["finding"] == "referred_pain"]


def test_a_surgerys_date_after_its_side_and_part() -> None:
    [surgery] = facts_of("4 mo s/p ORIF R ankle (12/08/20). Healing appropriately.", "surgery")
    assert surgery.value["date"] == "2020-12-08"


def test_a_rows_change_from_its_first_column_to_its_last_is_a_functional_gain() -> None:
    text = ("Measure 01/2020 03/2020\nSitting tolerance 20 min 45 min\nLifting 10 lb 25 lb\n"
            "Pain 8/10 4/10")
    gains = _facts(text, "functional_improvement")
    assert [(f.value["present"], f.date, f.evidence.quote) for f in gains] == [
        (True, dt.date(2020, 3, 1), "20 min 45 min"), (True, dt.date(2020, 3, 1), "10 lb 25 lb")]
    # less pain is read as scores, not as a functional gain; a row of one date has no trend
    assert not [f for f in gains if "8/10" in f.evidence.quote]


def test_the_step_after_then_in_a_plan_is_no_home_program_stated() -> None:
    assert facts_of("Plan: 4 more - proprioception, return to full schedule, then HEP.",
                    "home_exercise_program") == []


def test_a_therapy_note_opening_with_its_visit_number() -> None:
    document = Document(id="pt", type="PT progress note", date=dt.date(2016, 3, 22),
                        pages=[Page(number=1, text="V6 R ankle. SLS 5s->20s. Eversion 4/5.")])
    visits = [f for f in extract_facts([document]) if f.kind.value == "therapy_sessions"]
    assert [(f.value["count"], f.value["status"]) for f in visits] == [(6, "attended")]


def test_a_session_log_counts_the_visits_had() -> None:
    text = ("PSYCH TREATMENT REPORT - CBT\nSession Date BDI-II PHQ-9 Behavioral goal\n"
            "1 (eval) 04/03 29 16 none\n2 04/17 25 14 walk 10 min 3x/wk\n"
            "3 05/01 21 12 walk 15 min daily\nAssessment: responding.")
    document = Document(id="psy", type="psychology progress report", date=dt.date(2018, 6, 5),
                        pages=[Page(number=1, text=text)])
    visits = [f for f in extract_facts([document]) if f.kind.value == "therapy_sessions"]
    assert [(f.value["modality"], f.value["count"], f.value["status"], f.evidence.quote)
            for f in visits] == [("psychotherapy", 3, "attended", "3")]
    # a numbered list under a visit line is no log
    assert not facts_of("Visit summary\n1. Lumbar strain\n2. Radiculopathy", "therapy_sessions")


def test_numbered_visits_with_their_dates_head_columns_and_a_blank_cell_is_like_any() -> None:
    text = ("Measure Visit 1 (6/5) Visit 12 (7/24) Visit 22 (9/7)\nMMT flex NT 3+/5 4/5\n"
            "QuickDASH 77 55 34\nPain avg 6/10 4/10 3/10")
    note = dt.date(2018, 9, 10)
    [table] = find_tables(text, note)
    assert {cell.label for cell in table.cells} == {"MMT flex", "QuickDASH", "Pain avg"}
    assert sorted({cell.column.date for cell in table.cells}) == [
        dt.date(2018, 6, 5), dt.date(2018, 7, 24), dt.date(2018, 9, 7)]
    document = Document(id="pt", date=note, pages=[Page(number=1, text=text)])
    gains = [f for f in extract_facts([document]) if f.kind.value == "functional_improvement"]
    assert [(f.value["present"], f.date, f.evidence.quote) for f in gains] == [
        (True, dt.date(2018, 9, 7), "77 55 34")]


def test_a_drug_row_and_a_pain_row_of_one_table_give_the_pain_on_the_drug() -> None:
    """A table that sets the drug beside the pain by date: its dose change is no functional
    gain, and the pain of its latest column against its earliest is the pain on the drug."""
    from openimr.guidelines.context import Context
    from openimr.guidelines.items import parse_item
    from openimr.guidelines.predicates import evaluate
    from openimr.model import Case
    from openimr.model.determination import CriterionStatus

    text = ("Medication 01/2016 04/2016\nduloxetine 30 daily 60 daily\nNeck pain 7/10 4/10\n"
            "Sleep 4 h 6 h")
    document = Document(id="note", date=dt.date(2016, 4, 20), type="PR-2 progress report",
                        pages=[Page(number=1, text=text)])
    facts = extract_facts([document])
    gains = [f for f in facts if f.kind.value == "functional_improvement"]
    assert not [f for f in gains if "daily" in f.evidence.quote]

    def relief(item: str, table: str) -> CriterionStatus:
        page = Document(id="note", date=dt.date(2016, 4, 20), type="PR-2 progress report",
                        pages=[Page(number=1, text=table)])
        context = Context(request=parse_item(item), case=Case.model_validate(
            {"disputed_items": [item], "records": [{"text": "x"}]}),
            facts=extract_facts([page]), documents=["note"], as_of=dt.date(2016, 5, 1),
            page_texts={("note", 1): table})
        return evaluate("pain_relief_documented", context, {"min_percent": 30}).status

    assert relief("Duloxetine 60mg #30", text) is CriterionStatus.met
    # a fall of less than the share asked for is not enough, and a drug not in the table
    # gets nothing from it
    assert relief("Duloxetine 60mg #30", text.replace("4/10", "6/10")) is CriterionStatus.not_met
    assert relief("Meloxicam 15mg #30", text) is not CriterionStatus.met


TENS_LOG = """TENS HOME TRIAL LOG
Date       | Minutes | Pain pre/post | Notes
09/02/2014 | 30      | 7 -> 4        | walked to the store after
09/05/2014 | 45      | 6 → 3         | slept through
09/09/2014 | 30      | 6 -> 4        | pads irritated skin
"""


def test_a_log_s_pain_before_and_after_each_session_are_dated_scores() -> None:
    scores = {(f.evidence.quote, f.value["value"], f.value["context"], f.date)
              for f in _facts(TENS_LOG, "pain_score")}
    assert {("7 -> 4", 7, "current", dt.date(2014, 9, 2)),
            ("7 -> 4", 4, "least", dt.date(2014, 9, 2)),
            ("6 → 3", 3, "least", dt.date(2014, 9, 5))} <= scores


def test_arrows_in_a_column_that_is_not_pain_are_no_pain_scores() -> None:
    log = TENS_LOG.replace("Pain pre/post", "HA per week  ")
    assert not [f for f in _facts(log, "pain_score") if "->" in f.evidence.quote
                or "→" in f.evidence.quote]
