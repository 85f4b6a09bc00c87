"""A functional gain told right after the sentence that names a course, procedure or device
is about that treatment (`linking._topic_cause`), by the rules; not after a drug, a new
paragraph, another list item or a treatment only planned."""

from __future__ import annotations

import pytest

from openimr.model import Document, Fact, Page
from openimr.model.document import DocumentType
from openimr.model.facts import Evidence, FactKind
from openimr.records import linkrank
from openimr.records.linking import link_case


def _fact(kind: str, value: dict, text: str, quote: str, **flags: bool) -> Fact:
    start = text.index(quote)
    return Fact(kind=FactKind(kind), value=value, **flags,
                evidence=Evidence(document="d1", page=1, start=start, end=start + len(quote),
                                  quote=quote))


def _linked(text: str, treatment: Fact, gain_quote: str) -> Fact:
    gain = _fact("functional_improvement", {"present": True, "domain": "adl"}, text,
                 gain_quote)
    document = Document(id="d1", pages=[Page(number=1, text=text)],
                        document_type=DocumentType.progress_note)
    with linkrank.rules_only():
        link_case([document], [treatment, gain])
    return gain


COURSE = {"modality": "physical_therapy", "count": 10, "status": "completed"}


@pytest.mark.parametrize(("text", "kind", "value", "quote", "gain"), [
    ("Interval: she finished 10 visits of physical therapy last month. She can now lift "
     "her toddler into the car seat.", "therapy_sessions", COURSE,
     "10 visits of physical therapy", "lift her toddler into the car seat"),
    ("Has completed 8 acupuncture visits to date. Reports walking to the bus stop without "
     "resting.", "therapy_sessions",
     {"modality": "acupuncture", "count": 8, "status": "completed"},
     "8 acupuncture visits", "walking to the bus stop without resting"),
    ("Underwent a right C6-7 interlaminar epidural on 4/2. Back to driving his route, "
     "checking blind spots.", "injection_history", {"type": "epidural_steroid"},
     "right C6-7 interlaminar epidural", "Back to driving his route"),
    ("Trialed an H-wave unit at home for 30 days.\nSleeps through the night most nights "
     "now.", "device_trial", {"device": "h_wave"}, "H-wave unit",
     "Sleeps through the night most nights"),
    ("Left carpal tunnel release on 9/14/21, uncomplicated. Buttons her own blouse again.",
     "surgery", {"procedure": "carpal tunnel release"}, "Left carpal tunnel release",
     "Buttons her own blouse again"),
])
def test_a_gain_after_a_sentence_naming_a_treatment_is_about_it(
        text: str, kind: str, value: dict, quote: str, gain: str) -> None:
    treatment = _fact(kind, value, text, quote)
    assert _linked(text, treatment, gain).about == treatment.key


@pytest.mark.parametrize(("text", "kind", "value", "quote", "gain"), [
    # a drug before it: the gain names no cause, and a medication line is no cause
    ("Continues meloxicam 15 mg daily. He can now walk a mile with his wife.", "medication",
     {"drug": "meloxicam", "generic": "meloxicam", "action": "current"}, "meloxicam 15 mg",
     "walk a mile with his wife"),
    # a new paragraph is a new topic
    ("Completed 12 chiropractic visits in the spring.\n\nSocial: lives with his brother. "
     "Drives to the lake on weekends.", "therapy_sessions",
     {"modality": "chiropractic", "count": 12, "status": "completed"},
     "12 chiropractic visits", "Drives to the lake on weekends"),
    # each list item is about its own treatment
    ("History:\n- 6 sessions of aquatic therapy in 2019\n- Able to garden for an hour",
     "therapy_sessions", {"modality": "aquatic_therapy", "count": 6, "status": "completed"},
     "6 sessions of aquatic therapy", "Able to garden for an hour"),
])
def test_no_topic_cause_across_a_drug_a_paragraph_or_a_list_item(
        text: str, kind: str, value: dict, quote: str, gain: str) -> None:
    treatment = _fact(kind, value, text, quote)
    assert _linked(text, treatment, gain).about is None


def test_a_planned_procedure_is_no_cause_of_a_gain_told_after_it() -> None:
    text = "Will request a left L4-5 transforaminal ESI. Currently able to stand 20 minutes."
    planned = _fact("injection_history", {"type": "epidural_steroid"}, text,
                    "left L4-5 transforaminal ESI", hypothetical=True)
    assert _linked(text, planned, "able to stand 20 minutes").about is None


def test_the_gain_s_own_words_still_name_its_cause_first() -> None:
    text = ("Completed 6 visits of physical therapy. Since starting gabapentin 300 mg tid "
            "she sleeps through the night.")
    course = _fact("therapy_sessions", COURSE | {"count": 6}, text,
                   "6 visits of physical therapy")
    drug = _fact("medication", {"drug": "gabapentin", "generic": "gabapentin",
                                "action": "current"}, text, "gabapentin 300 mg")
    gain = _fact("functional_improvement", {"present": True, "domain": "adl"}, text,
                 "sleeps through the night")
    document = Document(id="d1", pages=[Page(number=1, text=text)],
                        document_type=DocumentType.progress_note)
    with linkrank.rules_only():
        link_case([document], [course, drug, gain])
    assert gain.about == drug.key
