"""False overturns of a fresh set (task decide-dev19): a COX-2 drug for a worker with no
gastrointestinal risk, a cold compression unit with no topic, an NSAID standing in for a failed
exercise program before shoulder decompression, and a held level of activity read as a gain.
Each case below is written for the rule, not copied from the set."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.items import parse_item
from openimr.model import Decision
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note
from tests.guidelines.test_no_false_overturns import _criterion, _decide

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _celecoxib(note: Note, quote: str):
    return note.fact("medication", quote, drug="celecoxib", generic="celecoxib")


def test_a_cox2_drug_needs_gastrointestinal_risk() -> None:
    """CPMTG pp. 68-69 (mtus-facts §3.6) and p. 30: with no GI risk factor a non-selective
    NSAID serves; the COX-2 agent is for a worker at risk."""
    note = Note("Wrist tendinitis. Meloxicam 7.5 daily helps, no dyspepsia. Would like to try "
                "celecoxib 200 once daily instead.", dt.date(2016, 9, 1))
    facts = [note.fact("medication", "Meloxicam 7.5", drug="meloxicam", generic="meloxicam"),
             _celecoxib(note, "celecoxib 200")]
    drafted = _decide("Celecoxib 200mg #30", [note], facts, age=38, as_of=dt.date(2016, 10, 1))
    assert _criterion(drafted, "ns.cox2_gi_risk").status is not_met
    assert drafted.decision is Decision.upheld
    # An ulcer that bled years ago is the risk the COX-2 drug is for.
    bled = Note("Wrist tendinitis. History of duodenal ulcer with bleeding 2011. Celecoxib 200 "
                "daily.", dt.date(2016, 9, 1))
    risky = [bled.fact("gi_risk_factor", "duodenal ulcer with bleeding", factor="gi_bleed"),
             _celecoxib(bled, "Celecoxib 200")]
    assert _criterion(_decide("Celecoxib 200mg #30", [bled], risky, age=38,
                              as_of=dt.date(2016, 10, 1)), "ns.cox2_gi_risk").status is met
    # A non-selective NSAID is not asked for a risk factor.
    plain = _decide("Meloxicam 7.5mg #30", [note], facts[:1], age=38, as_of=dt.date(2016, 10, 1))
    assert all(c.id != "ns.cox2_gi_risk" for c in plain.criteria)


def test_a_cold_compression_unit_is_a_cold_therapy_unit() -> None:
    for item in ("Cold compression unit, 14 day rental", "Cold/compression wrap device",
                 "Cold and compression therapy system"):
        parsed = parse_item(item)
        assert (parsed.category, parsed.subcategory) == ("durable_medical_equipment",
                                                         "cold_therapy"), item
    assert parse_item("Compression stockings knee-high").subcategory == "compression_device"


def test_an_nsaid_alone_is_no_failed_exercise_program_before_decompression() -> None:
    """ACOEM 2nd ed. ch. 9 pp. 209-211: decompression after exercise programs (and injections)
    fail; pain that persists on an NSAID is not that failure."""
    first = Note("Right shoulder impingement, Hawkins positive. Ibuprofen 800 tid. Pain 6/10.",
                 dt.date(2012, 1, 10), "a")
    later = Note("Shoulder pain 6/10 on ibuprofen 800 tid. Wants surgery.", dt.date(2012, 6, 5),
                 "b")
    facts = [first.fact("medication", "Ibuprofen 800", drug="ibuprofen", generic="ibuprofen"),
             first.fact("pain_score", "Pain 6/10", value=6),
             later.fact("pain_score", "pain 6/10", value=6),
             later.fact("medication", "ibuprofen 800", drug="ibuprofen", generic="ibuprofen")]
    drafted = _decide("Right shoulder arthroscopic subacromial decompression", [first, later],
                      facts, as_of=dt.date(2012, 7, 1))
    assert _criterion(drafted, "sad.conservative_failed").status is not met
    assert drafted.decision is Decision.upheld


def test_a_level_the_worker_holds_is_no_gain_from_the_course() -> None:
    """8 CCR 9792.20(e): functional improvement is a gain; "still sits 20 minutes" after a
    course is the level held, "now sits 45 minutes, up from 20" a gain."""
    note = Note("After 6 chiropractic visits: neck pain unchanged; still off work, sits 20 "
                "minutes at a time.", dt.date(2019, 4, 2))
    held = [note.fact("therapy_sessions", "6 chiropractic visits", modality="chiropractic",
                      count=6, status="completed"),
            note.fact("functional_improvement", "sits 20 minutes", present=True, domain="adl")]
    item = "Chiropractic cervical x6 additional visits"
    assert _criterion(_decide(item, [note], held, as_of=dt.date(2019, 5, 1)),
                      "ch.functional_improvement").status is not met
    gained = Note("After 6 chiropractic visits: back at work, now sits 45 minutes, up from 20.",
                  dt.date(2019, 4, 2))
    gain = [gained.fact("therapy_sessions", "6 chiropractic visits", modality="chiropractic",
                        count=6, status="completed"),
            gained.fact("functional_improvement", "now sits 45 minutes, up from 20", present=True,
                        domain="adl")]
    assert _criterion(_decide(item, [gained], gain, as_of=dt.date(2019, 5, 1)),
                      "ch.functional_improvement").status is met
