"""What the outcome reader sees of a mention beyond its own segment (issue 11 §4): a list of
treatments judged together, a collective word for the treatments under discussion, OCR's
digits inside the words of a judgement, a change written with an arrow, and a completed
course the symptoms outlasted."""

from __future__ import annotations

import pytest

from openimr.records import outcomes
from openimr.records.trained import rules_only

from .conftest import facts_of


def _features(text: str) -> dict[str, set[str]]:
    return {c.treatment: set(c.text.split()) for c in outcomes.candidates(text)}


def test_every_item_of_a_judged_list_sees_the_judgement() -> None:
    text = ("Prior care included a lumbar corset, massage x6 and naproxen 500 mg BID, "
            "none with more than slight benefit.")
    seen = _features(text)
    assert set(seen) == {"bracing", "massage", "nsaid"}
    for treatment in ("bracing", "massage"):
        # the judgement stands after the last item, outside these items' own segments
        assert {"in_list", "list_rphrase_partial"} <= seen[treatment]
    assert "in_list" in seen["nsaid"]


def test_an_item_judged_in_its_own_words_keeps_them() -> None:
    seen = _features("Prior trials: pregabalin (edema), a knee sleeve (no benefit), "
                     "tramadol (helped).")
    assert "phrase_failed" in seen["bracing"]
    assert not any(word.startswith("list_") for word in seen["bracing"])


def test_a_judgement_before_the_list_reaches_its_items() -> None:
    seen = _features("He has failed conservative care including acupuncture, "
                     "a wrist splint and ibuprofen.")
    for treatment in ("acupuncture", "bracing", "nsaid"):
        assert {"in_list", "list_lphrase_failed"} <= seen[treatment]


def test_treatments_in_separate_clauses_are_no_list() -> None:
    text = ("Tramadol upset her stomach so she stopped taking it months ago, "
            "and the chiropractor she saw last spring did not accomplish much.")
    assert all("in_list" not in words for words in _features(text).values())


def test_a_collective_word_refers_to_the_treatments_under_discussion() -> None:
    text = "She tried a TENS unit and cyclobenzaprine last year. Neither made a difference."
    referring = [c for c in outcomes.candidates(text) if "ref_prev" in c.text.split()]
    assert {c.treatment for c in referring} == {"tens", "muscle_relaxant"}


def test_ocr_digits_inside_words_are_read_as_letters() -> None:
    [candidate] = outcomes.candidates('Acupuncture "he1ps f0r ab0ut a day" per pt.')
    assert "phrase_partial" in candidate.text.split()
    assert "for" in candidate.text.split()


def test_a_change_written_with_an_arrow_is_read() -> None:
    model = outcomes.reader()
    assert model is not None
    assert model.passes("Meloxicam 15 mg qd | since 2022 | walk 15 -> 40 min")
    assert model.passes("Pool session: ↓ stiffness x 2 hrs")
    assert not model.passes("Follow up in 4 weeks with Dr. Abara.")


@pytest.mark.parametrize(("text", "expected"), [
    ("She finished 10 visits of chiropractic care and still reports the same mid-back ache.",
     {("chiropractic", "failed")}),
    ("Completed 12 sessions of physical therapy and continues to have numbness in the hand.",
     {("physical_therapy", "failed")}),
])
def test_a_completed_course_and_the_symptoms_it_left(text: str,
                                                    expected: set[tuple[str, str]]) -> None:
    with rules_only():
        facts = facts_of(text, "treatment_trial")
    assert {(f.value["treatment"], f.value["outcome"]) for f in facts if f.asserted} == expected


def test_the_worker_s_words_and_an_attached_judgement_are_features() -> None:
    seen = _features('He uses a lidocaine patch, which "takes the edge off some days". '
                     "Baclofen 10 mg TID - no help at all. Continue meloxicam.")
    assert {"quoted", "attached"} <= seen["other"]  # a topical drug of no class
    assert "attached" in seen["muscle_relaxant"]
    assert not {"quoted", "attached"} & seen["nsaid"]


@pytest.mark.parametrize(("text", "expected"), [
    # a verdict before a list reaches past each item's own parenthesis of details
    ("He has failed aquatic PT (8 visits in 2019), a medial branch block (03/2020; "
     "no relief) and celecoxib.",
     {("physical_therapy", "failed"), ("injection", "failed"), ("nsaid", "failed")}),
    # ... into the parenthesis that lists what a course held
    ("Failed conservative treatment (acupuncture x8, tizanidine, a lumbar brace).",
     {("conservative_care", "failed"), ("acupuncture", "failed"),
      ("muscle_relaxant", "failed"), ("bracing", "failed")}),
    # ... and past the colon of a heading
    ("Conservative treatment failed: 10 chiropractic sessions, a wrist brace and diclofenac.",
     {("conservative_care", "failed"), ("chiropractic", "failed"), ("bracing", "failed"),
      ("nsaid", "failed")}),
])
def test_a_verdict_before_a_list_reaches_items_with_their_own_details(
        text: str, expected: set[tuple[str, str]]) -> None:
    with rules_only():
        facts = facts_of(text, "treatment_trial")
    assert {(f.value["treatment"], f.value["outcome"]) for f in facts if f.asserted} == expected


def test_an_outcome_inside_an_item_s_parenthesis_stays_with_that_item() -> None:
    text = "Has failed duloxetine (nausea, stopped), ibuprofen and a home exercise program."
    with rules_only():
        facts = facts_of(text, "treatment_trial")
    assert {(f.value["treatment"], f.value["outcome"]) for f in facts if f.asserted} == {
        ("antidepressant", "not_tolerated"), ("nsaid", "failed"), ("home_exercise", "failed")}


@pytest.mark.parametrize(("text", "document_type", "expected"), [
    # "therapy" on its own, in a treating physician's note, is physical therapy
    ("Eight weeks of therapy did not improve her grip.", "progress_note",
     {("physical_therapy", "failed")}),
    ("He has tried a cortisone shot and therapy without benefit.", "pr2_report",
     {("injection", "failed"), ("physical_therapy", "failed")}),
    # in a psychologist's report it is psychotherapy
    ("She feels the therapy has not helped her nightmares.", "psych_report",
     {("psychotherapy", "failed")}),
    # another therapy's name is not physical therapy
    ("Speech therapy did not help.", "progress_note", set()),
])
def test_therapy_on_its_own_is_the_note_s_kind_of_therapy(
        text: str, document_type: str, expected: set[tuple[str, str]]) -> None:
    from openimr.model import Document, Page
    from openimr.model.document import DocumentType
    from openimr.records.extract import extract_facts

    document = Document(id="d1", pages=[Page(number=1, text=text)],
                        document_type=DocumentType(document_type))
    with rules_only():
        facts = [f for f in extract_facts([document]) if f.kind.value == "treatment_trial"]
    assert {(f.value["treatment"], f.value["outcome"]) for f in facts if f.asserted} == expected
