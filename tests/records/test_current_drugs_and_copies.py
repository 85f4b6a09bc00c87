"""Which drugs are still taken at a case's latest note, and which lines are copied forward
(session "read-computed"). Worded unlike the corpus notes: other drugs, numbers, phrasing."""

from __future__ import annotations

import datetime as dt

from openimr.model import Document, Page
from openimr.records.extract import extract_facts
from openimr.records.regimen import drug_regimens


def _case(*notes: tuple[str, str]) -> list[Document]:
    return [Document(id=f"n{i}", date=dt.date.fromisoformat(date),
                     type="progress_note", pages=[Page(number=1, text=text)])
            for i, (date, text) in enumerate(notes, 1)]


def _regimens(documents: list[Document]) -> dict[str, dict]:
    return {r["drug"]: r for r in drug_regimens(extract_facts(documents), documents)}


def test_a_course_that_ran_out_before_the_latest_note_is_not_taken() -> None:
    documents = _case(
        ("2031-02-03", "Plan: amoxicillin 875 mg 1 tab PO BID x 10 days. "
                       "Baclofen 10 mg 1 tab PO TID.\n"),
        ("2031-03-20", "Follow-up. Wound healed. Baclofen 10 mg TID continues to help.\n"))
    regimens = _regimens(documents)
    assert "amoxicillin" not in regimens
    assert regimens["baclofen"]["doses_per_day"] == 3


def test_a_course_still_running_at_the_latest_note_is_taken() -> None:
    documents = _case(
        ("2031-02-03", "Plan: prednisone 20 mg 1 tab PO daily x 3 weeks.\n"),
        ("2031-02-10", "Phone call: tolerating the steroid, knee less swollen.\n"))
    assert _regimens(documents)["prednisone"]["doses_per_day"] == 1


def test_a_later_denial_of_the_drug_ends_it() -> None:
    documents = _case(
        ("2031-05-01", "Medications: celecoxib 200 mg 1 cap PO BID.\n"),
        ("2031-06-12", "He is not taking the celecoxib anymore; his stomach hurt.\n"))
    assert "celecoxib" not in _regimens(documents)


def test_a_taper_the_note_plans_leaves_the_dose_taken_now() -> None:
    documents = _case(
        ("2031-07-01", "Hydromorphone 4 mg 1 tab PO q6h prn #120.\n"
                       "Plan: will begin to taper hydromorphone to 2 mg q6h prn next month.\n"))
    regimen = _regimens(documents)["hydromorphone"]
    assert regimen["strength_mg"] == 4
    assert regimen["daily_mme"] == 64


def test_a_taper_made_at_the_visit_is_the_dose_taken_now() -> None:
    documents = _case(
        ("2031-07-01", "Hydromorphone 4 mg 1 tab PO q6h prn #120.\n"
                       "Today hydromorphone reduced to 2 mg 1 tab PO q6h prn #120.\n"))
    assert _regimens(documents)["hydromorphone"]["strength_mg"] == 2


def test_a_stop_after_what_the_drug_did_ends_it() -> None:
    for line, gone in [
        ("Amitriptyline 10 mg nightly made him groggy at work, stopped in May.", True),
        ("Topiramate 25 mg BID gave her tingling hands, so it was discontinued.", True),
        ('Zolpidem 5 mg qhs left him "in a fog" and he quit taking it.', True),
        # another drug or another treatment stopped is not this drug's stop
        ("Amitriptyline 10 mg nightly and venlafaxine, stopped.", False),
        ("Baclofen 10 mg TID helps the spasms, massage stopped.", False),
    ]:
        documents = _case(("2031-04-04", line + "\n"))
        drug = line.split()[0].lower()
        assert (drug not in _regimens(documents)) is gone, line


def test_a_block_copied_up_to_a_new_section_is_a_copy() -> None:
    block = ("Subjective: hip pain since the forklift collision, sleep poor, sitting "
             "limited to an hour. Current meds: naproxen 375 mg\n")
    documents = _case(
        ("2031-01-05", block + "Exam: antalgic gait, FABER positive on the left.\n"),
        ("2031-02-09", block + "Update today: started aquatic therapy, 3 of 8 visits.\n"))
    facts = extract_facts(documents)
    later = [f for f in facts if f.evidence.document == "n2"
             and f.kind.value == "medication"]
    assert later and all(f.copy_of for f in later)


def test_the_same_short_words_closing_two_notes_are_no_copy() -> None:
    documents = _case(
        ("2031-01-05", "Right ankle sprain, slowly improving. Off work.\n"),
        ("2031-02-09", "Ankle swelling down but pain with stairs persists. Off work.\n"))
    facts = extract_facts(documents)
    assert not [f for f in facts if f.evidence.document == "n2" and f.copy_of]


def test_the_workers_account_of_use_does_not_replace_the_directions() -> None:
    documents = _case(
        ("2031-09-02", "Medications: tapentadol 50 mg 1 tab PO q6h prn #120.\n"),
        ("2031-10-01", "Says he takes tapentadol 50 mg usually twice a day now.\n"))
    regimen = _regimens(documents)["tapentadol"]
    assert regimen["doses_per_day"] == 4
    assert regimen["daily_mme"] == 80
