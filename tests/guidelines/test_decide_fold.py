"""Decisions of session "decide-fold": a drug test read by the drugs it showed, and a laxative
with an opioid whose draft was settled by its dose. Notes written for these tests."""

from __future__ import annotations

import datetime as dt

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note, _context, _status
from tests.guidelines.test_no_false_overturns import _criterion, _decide

met = CriterionStatus.met


def test_a_test_that_showed_only_the_prescribed_drug_shows_no_aberrant_use() -> None:
    note = Note("Tapentadol 50 mg three a day. Urine last month showed tapentadol only.",
                dt.date(2016, 3, 2))
    facts = [note.fact("medication", "Tapentadol 50 mg", drug="tapentadol",
                       generic="tapentadol"),
             note.fact("urine_drug_test", "Urine last month showed tapentadol only",
                       result="performed", substances=["tapentadol"])]
    context = _context("Tapentadol 50mg #90", [note], facts)
    assert _status(context, "aberrant_behavior_absent") is met


def test_a_laxative_goes_with_a_long_held_opioid_settled_by_its_dose() -> None:
    old = Note("Morphine ER 100 mg every 8 hours for years; bowels slow.", dt.date(2016, 1, 5),
               "a")
    now = Note("Morphine ER 100 mg q8h continues, 300 MME. Constipated, stool every 4 days. "
               "Docusate-senna nightly.", dt.date(2016, 3, 2), "b")
    facts = [old.fact("medication", "Morphine ER 100 mg", drug="Morphine ER",
                      generic="morphine er"),
             now.fact("medication", "Morphine ER 100 mg", drug="Morphine ER",
                      generic="morphine er"),
             now.fact("side_effect", "Constipated", effect="constipation", present=True),
             now.fact("medication", "Docusate-senna", drug="Docusate-senna",
                      generic="sennosides")]
    items = ["Morphine ER 100mg #90", "Senna-docusate 8.6/50mg #60"]
    drafted = _decide(items[1], [old, now], facts, items=items, as_of=dt.date(2016, 3, 20))
    assert _criterion(drafted, "om.constipation_with_opioid").status is met
