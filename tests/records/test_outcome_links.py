"""What an adverse effect or a course's outcome is about when the note does not name it."""

from __future__ import annotations

import pytest

from openimr.model import Document, Fact, Page
from openimr.model.document import DocumentType
from openimr.model.facts import Evidence, FactKind
from openimr.records import linkrank
from openimr.records.extract import extract_facts
from openimr.records.linking import link_case
from openimr.records.trained import rules_only


def _doc(doc_id: str, text: str, **fields: object) -> Document:
    return Document(id=doc_id, pages=[Page(number=1, text=text)], **fields)  # type: ignore[arg-type]


def _fact(kind: str, value: dict, text: str, quote: str) -> Fact:
    start = text.index(quote)
    return Fact(kind=FactKind(kind), value=value,
                evidence=Evidence(document="d1", page=1, start=start, end=start + len(quote),
                                  quote=quote))


def _drug(text: str, quote: str, generic: str) -> Fact:
    return _fact("medication", {"drug": quote.split()[0], "generic": generic,
                                "action": "current"}, text, quote)


@pytest.mark.parametrize(("text", "drugs", "effect", "quote", "expected"), [
    # constipation is the opioid's, not the last drug listed's
    ("Current: hydromorphone 2 mg q6h prn; duloxetine 60 mg daily. "
     "Bowels sluggish, needing MiraLAX most days.",
     [("hydromorphone 2 mg", "hydromorphone"), ("duloxetine 60 mg", "duloxetine")],
     {"effect": "constipation"}, "Bowels sluggish", "hydromorphone"),
    # stomach symptoms are the anti-inflammatory's, even when read with their remedy
    ("Takes diclofenac 75 mg bid and tapentadol 50 mg bid. "
     "Reports dyspepsia after meals; started omeprazole.",
     [("diclofenac 75 mg", "diclofenac"), ("tapentadol 50 mg", "tapentadol")],
     {"effect": "dyspepsia", "drug": "omeprazole"}, "dyspepsia after meals", "diclofenac"),
    # a drug the effect's own clause names wins over the drug the reading gave it
    ("Meds: oxycodone 10 mg tid, baclofen 10 mg tid. "
     "He says the baclofen leaves him drowsy by noon.",
     [("oxycodone 10 mg", "oxycodone"), ("baclofen 10 mg", "baclofen")],
     {"effect": "drowsiness", "drug": "oxycodone"}, "drowsy by noon", "baclofen"),
])
def test_an_adverse_effect_is_linked_to_the_drug_that_causes_it(
        text: str, drugs: list[tuple[str, str]], effect: dict, quote: str,
        expected: str) -> None:
    taken = [_drug(text, drug_quote, generic) for drug_quote, generic in drugs]
    fact = _fact("side_effect", {**effect, "present": True}, text, quote)
    link_case([_doc("d1", text)], [*taken, fact])
    assert fact.about == next(f.key for f in taken if f.value["generic"] == expected)


def test_an_effect_of_no_known_class_keeps_the_drug_taken_before_it() -> None:
    text = "Started venlafaxine 75 mg in May. Reports vivid dreams since then."
    drug = _drug(text, "venlafaxine 75 mg", "venlafaxine")
    effect = _fact("side_effect", {"effect": "vivid dreams", "present": True}, text,
                   "vivid dreams")
    link_case([_doc("d1", text)], [drug, effect])
    assert effect.about == drug.key


COURSE_NOTE = """LAKESIDE SPINE CHIROPRACTIC - DAILY NOTE
Visit 9 of 12 authorized chiropractic visits.
S: Low back 6/10, pt says it is "no different from week one."
A: Plateau; no lasting response to care at this point.
P: Finish authorized visits, then re-exam.
"""


def test_a_course_note_s_unnamed_outcome_judges_its_own_course() -> None:
    facts = extract_facts([_doc("d1", COURSE_NOTE, document_type=DocumentType.therapy_note)])
    outcomes = [f for f in facts if f.kind.value == "treatment_trial"]
    assert {(f.value["treatment"], f.value["outcome"]) for f in outcomes} == {
        ("chiropractic", "failed")}
    by_key = {f.key: f for f in facts}
    assert all(by_key[f.about].kind.value == "therapy_sessions" for f in outcomes)


def test_the_same_words_in_a_physician_s_note_judge_no_course() -> None:
    text = COURSE_NOTE.replace("LAKESIDE SPINE CHIROPRACTIC - DAILY NOTE",
                               "ORTHOPEDIC FOLLOW-UP")
    facts = extract_facts([_doc("d1", text, document_type=DocumentType.progress_note)])
    assert not [f for f in facts if f.kind.value == "treatment_trial"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ibuprofen eases it, but the ache always comes back by evening.", ("nsaid", "partial")),
    ("Acupuncture relief lasts about 2 days after each visit.", ("acupuncture", "partial")),
    ("Gabapentin cut the burning in half.", ("anticonvulsant", "partial")),
    ("Partial, short-lived benefit from the epidural injection.", ("injection", "partial")),
    ("After ten chiropractic adjustments there was no real change in her neck pain.",
     ("chiropractic", "failed")),
    ("Her neck pain remained essentially unchanged after physical therapy.",
     ("physical_therapy", "failed")),
    ("Duloxetine stopped most of the burning in her feet.", ("antidepressant", "helped")),
    # a duration given as a range in words
    ("Massage relief lasting three to four hours; she is stiff by supper.",
     ("massage", "partial")),
    ("With tizanidine the relief lasts two or three hours.", ("muscle_relaxant", "partial")),
])
def test_outcome_phrasings_the_rules_read(text: str, expected: tuple[str, str]) -> None:
    with rules_only():
        facts = extract_facts([_doc("d1", text, document_type=DocumentType.progress_note)])
    assert expected in {(f.value["treatment"], f.value["outcome"]) for f in facts
                        if f.kind.value == "treatment_trial"}


def test_an_unchanged_regimen_is_no_failed_treatment() -> None:
    text = "No change in medications; continue tramadol 50 mg twice a day."
    with rules_only():
        facts = extract_facts([_doc("d1", text, document_type=DocumentType.progress_note)])
    assert not [f for f in facts if f.kind.value == "treatment_trial"]


ROWS = """CHIROPRACTIC DAILY FLOWSHEET
Auth: 10 visits
Date     | Visit | Pain | Response
02/03/25 | 4/10  | 6    | tolerated well
02/05/25 | 5/10  | 6    | pt reports no real change
"""


def test_an_outcome_in_a_flowsheet_row_is_about_that_row_s_visits_attended() -> None:
    facts = extract_facts([_doc("fs", ROWS, document_type=DocumentType.therapy_flowsheet)])
    assert len({f.key for f in facts}) == len(facts), "two facts of one cell, two keys"
    by_key = {f.key: f for f in facts}
    outcome = next(f for f in facts if f.kind.value == "treatment_trial")
    assert outcome.value == {"treatment": "chiropractic", "outcome": "failed"}
    visit = by_key[outcome.about]
    assert (visit.evidence.quote.strip(), visit.value["count"], visit.value["status"]) == (
        "5/10", 5, "attended")


def test_the_drugs_a_sentence_names_are_found_word_by_word_as_by_each_name() -> None:
    # `_named_drugs` looks a one-word name up among the sentence's words instead of trying
    # every name: the same generics as `\bname\b` for each name, on every sentence of the
    # example cases and on names at the edges of words
    import json
    import re
    from pathlib import Path

    from openimr.records import linking

    def by_each_name(sentence: str) -> set[str]:
        lowered = sentence.lower()
        return {generic for name, generic in linking._drug_words() if name in lowered
                and re.search(rf"\b{re.escape(name)}\b", lowered)}

    cases = Path(__file__).resolve().parents[2] / "examples" / "cases"
    texts = [r["text"] for file in sorted(cases.rglob("*.json"))
             for r in json.loads(file.read_text(encoding="utf-8")).get("records", [])
             if r.get("text")]
    sentences = [s for text in texts for s in re.split(r"[.\n;|]", text) if s.strip()]
    sentences += ["Norco 10/325 q6h", "NORCO-10", "ibuprofen600", "Ibuprofen's effect",
                  "x-ibuprofen_", "gabapentin/ibuprofen", "co-codamol and tylenol #3",
                  "naproxen\u00e9", "Celebrex.", "(meloxicam)"]
    assert len(sentences) > 500
    named = 0
    for sentence in sentences:
        expected = by_each_name(sentence)
        assert linking._named_drugs(sentence) == expected, sentence
        named += bool(expected)
    assert named > 50


def test_a_later_note_s_outcome_of_a_treatment_it_does_not_state_judges_the_earlier_one(
        ) -> None:
    """The scheme's "else the latest earlier document": a call after the procedure judges
    the injection its own note never names; a gain naming no cause stays unlinked."""
    from openimr.records.linking import link_candidates

    first = "Right knee intra-articular steroid injection given today without complication."
    later = "Phone follow-up: swelling is back and the ache is returning. Climbs stairs again."
    procedure = _fact("injection_history", {"type": "joint"}, first,
                      "intra-articular steroid injection")
    outcome = _fact("treatment_trial", {"treatment": "injection", "outcome": "partial"},
                    later, "the ache is returning")
    gain = _fact("functional_improvement", {"present": True, "domain": "adl"}, later,
                 "Climbs stairs again")
    for fact in (outcome, gain):
        fact.evidence = fact.evidence.model_copy(update={"document": "d2"})
    facts = [procedure, outcome, gain]
    chosen = {index: rule for index, _pairs, rule in link_candidates(
        [_doc("d1", first), _doc("d2", later)], facts, ranked=False)}
    assert chosen[1] == 0
    assert chosen.get(2) is None


@pytest.mark.parametrize(("text", "drugs", "fact", "expected"), [
    # an effect in parentheses after a drug of a list is that drug's, not the one the
    # reading gave it from elsewhere in the sentence
    ("Earlier trials: topiramate (word-finding trouble), nortriptyline 25 mg (dry mouth).",
     [("topiramate", "topiramate"), ("nortriptyline 25 mg", "nortriptyline")],
     ("side_effect", {"effect": "dry mouth", "drug": "topiramate"}, "dry mouth"),
     "nortriptyline"),
    # "given X and Y - the X ...": the drug stated last before the effect in its clause
    ("At urgent care he got naproxen 500 and tizanidine - the naproxen burned his stomach.",
     [("naproxen 500", "naproxen"), ("tizanidine", "tizanidine"), ("naproxen", "naproxen")],
     ("side_effect", {"effect": "dyspepsia", "drug": "tizanidine"}, "burned his stomach"),
     "naproxen"),
])
def test_a_fact_is_about_the_treatment_stated_just_before_it_in_its_list_item(
        text: str, drugs: list[tuple[str, str]], fact: tuple[str, dict, str],
        expected: str) -> None:
    taken = []
    for quote, generic in drugs:
        start = text.index(quote, taken[-1].evidence.end if taken else 0)
        taken.append(Fact(kind=FactKind("medication"),
                          value={"drug": quote.split()[0], "generic": generic,
                                 "action": "current"},
                          evidence=Evidence(document="d1", page=1, start=start,
                                            end=start + len(quote), quote=quote)))
    kind, value, quote = fact
    source = _fact(kind, {**value, "present": True}, text, quote)
    with linkrank.rules_only():
        link_case([_doc("d1", text)], [*taken, source])
    nearest = max((f for f in taken if f.value["generic"] == expected),
                  key=lambda f: f.evidence.start)
    assert source.about == nearest.key


def test_a_drug_named_within_the_outcome_s_own_words_is_still_its_treatment() -> None:
    text = "Prior: amitriptyline 10 mg stopped; duloxetine has helped her mood and sleep."
    old = _drug(text, "amitriptyline 10 mg", "amitriptyline")
    new = _drug(text, "duloxetine", "duloxetine")
    outcome = _fact("treatment_trial", {"treatment": "antidepressant", "outcome": "helped"},
                    text, "stopped; duloxetine has helped")
    with linkrank.rules_only():
        link_case([_doc("d1", text)], [old, new, outcome])
    assert outcome.about == new.key


def _procedure(text: str, quote: str, doc: str = "d1") -> Fact:
    start = text.index(quote)
    return Fact(kind=FactKind("injection_history"), value={"type": "joint"},
                evidence=Evidence(document=doc, page=1, start=start, end=start + len(quote),
                                  quote=quote))


def test_a_gain_told_with_a_procedure_s_share_of_relief_is_about_the_procedure() -> None:
    text = ("Cortisone shot to the right knee 04/02. Reports nearly 65% less pain for a "
            "month, managed the stairs at the depot without the rail.")
    shot = _procedure(text, "Cortisone shot to the right knee")
    gain = _fact("functional_improvement", {"present": True, "domain": "adl"}, text,
                 "managed the stairs at the depot without the rail")
    with linkrank.rules_only():
        link_case([_doc("d1", text)], [shot, gain])
    assert gain.about == shot.key


def test_a_gain_told_with_an_injection_a_later_note_reports_is_the_earlier_procedure_s() -> None:
    first = "Procedure: right knee steroid injection under ultrasound, tolerated well."
    later = "Follow-up call. Since the injection he is back to coaching his son's team."
    shot = _procedure(first, "right knee steroid injection")
    start = later.index("back to coaching")
    gain = Fact(kind=FactKind("functional_improvement"), value={"present": True,
                                                                "domain": "adl"},
                evidence=Evidence(document="d2", page=1, start=start,
                                  end=start + len("back to coaching his son's team"),
                                  quote="back to coaching his son's team"))
    with linkrank.rules_only():
        link_case([_doc("d1", first), _doc("d2", later)], [shot, gain])
    assert gain.about == shot.key


def test_a_share_of_relief_in_a_course_note_still_leaves_the_gain_to_the_course() -> None:
    text = "Visit 6 of 8 PT. 40% better overall, lifting groceries again."
    course = Fact(kind=FactKind("therapy_sessions"),
                  value={"modality": "physical_therapy", "count": 6, "status": "attended"},
                  evidence=Evidence(document="d1", page=1, start=0, end=15,
                                    quote="Visit 6 of 8 PT"))
    gain = _fact("functional_improvement", {"present": True, "domain": "adl"}, text,
                 "lifting groceries again")
    with linkrank.rules_only():
        link_case([_doc("d1", text, document_type=DocumentType.therapy_note)], [course, gain])
    assert gain.about == course.key


@pytest.mark.parametrize(("text", "drug", "generic", "quote"), [
    # the cut drug stands after the words of the cut, or before them, the reading's domain
    # notwithstanding
    ("Meds: tapentadol 50 mg bid. Gabapentin discontinued last month, not missed.",
     "tapentadol 50 mg", "gabapentin", "Gabapentin discontinued last month"),
    ("Current: meloxicam 7.5 mg daily. Weaned off the hydromorphone by early spring.",
     "meloxicam 7.5 mg", "hydromorphone", "Weaned off the hydromorphone"),
    ("Takes baclofen 10 mg at night. Tizanidine use fell to twice a week.",
     "baclofen 10 mg", "tizanidine", "Tizanidine use fell to twice a week"),
])
def test_a_drug_told_as_cut_is_the_gain_not_its_cause(
        text: str, drug: str, generic: str, quote: str) -> None:
    other = _drug(text, drug, drug.split()[0])
    name_start = text.lower().index(generic)
    cut = Fact(kind=FactKind("medication"),
               value={"drug": generic, "generic": generic, "action": "stop"},
               evidence=Evidence(document="d1", page=1, start=name_start,
                                 end=name_start + len(generic),
                                 quote=text[name_start:name_start + len(generic)]))
    gain = _fact("functional_improvement", {"present": True, "domain": "general"}, text, quote)
    with linkrank.rules_only():
        link_case([_doc("d1", text)], [other, cut, gain])
    assert gain.about is None


def test_a_gain_crediting_a_drug_still_links_to_it_beside_a_cut_of_the_pain() -> None:
    text = "Meds: celecoxib 200 mg daily. With celecoxib her ache decreased and she gardens."
    drug = _drug(text, "celecoxib 200 mg", "celecoxib")
    gain = _fact("functional_improvement", {"present": True, "domain": "general"}, text,
                 "she gardens")
    with linkrank.rules_only():
        link_case([_doc("d1", text)], [drug, gain])
    assert gain.about == drug.key


def test_an_outcome_of_an_injection_is_never_about_a_medication_cut_it_gave() -> None:
    text = ("Genicular nerve block 05/11. Trimmed her oxycodone to one a day afterwards. "
            "Overall an excellent result.")
    block = _procedure(text, "Genicular nerve block 05/11")
    start = text.index("Trimmed her oxycodone")
    cut = Fact(kind=FactKind("injection_history"),
               value={"type": "joint", "medication_reduced": True},
               evidence=Evidence(document="d1", page=1, start=start,
                                 end=start + len("Trimmed her oxycodone to one a day"),
                                 quote="Trimmed her oxycodone to one a day"))
    outcome = _fact("treatment_trial", {"treatment": "injection", "outcome": "helped"}, text,
                    "an excellent result")
    with linkrank.rules_only():
        link_case([_doc("d1", text)], [block, cut, outcome])
    assert outcome.about == block.key
    assert cut.about == block.key  # the cut itself is the block's result
