"""False upholds of care items in the untuned dev-11 (session decide-dev11-care), by cause: a
joint's motion measured twice with an arrow is objective improvement after an operation; a
device trial told by its dates has their length; a follow-up note keeps its own date when its
sentences retell the procedure before it. The phrasings are our own."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

from openimr.review import review_case_file
from tests.guidelines.test_unknown_upholds3 import _review as _review_case

_review = partial(_review_case, as_of="2021-06-01", injury="2019-06-10")


def _status(determination, criterion: str) -> str:
    return next(c.status.value for c in determination.criteria if c.id == criterion)


def test_motion_regained_after_a_repair_is_improvement_for_more_visits(tmp_path: Path) -> None:
    item = "Post-op physical therapy 2x6 left shoulder (12 visits)"
    note = ("Therapy re-eval. L shoulder s/p arthroscopic rotator cuff repair 03/02/2021. "
            "She has completed 12 PT visits. Summary: elevation 70->140, ER 15 -> 50 since the "
            "first visit. Plan: continue 2x/wk.")
    drafted = _review(tmp_path, [item], [("2021-05-10", note)])[item]
    assert _status(drafted, "ps.functional_improvement_beyond_initial") == "met"


def test_a_rental_told_by_its_dates_is_a_month_long_trial(tmp_path: Path) -> None:
    item = "TENS unit purchase"
    note = ("TENS home rental 03/10/2021 - 04/08/2021 for chronic low back pain: used twice daily, "
            "pain 7/10 down to 4/10, now walks 30 minutes again, cut tramadol to once a day.")
    drafted = _review(tmp_path, [item], [("2021-04-20", note)])[item]
    assert _status(drafted, "te.trial_before_purchase") == "met"


def test_a_follow_up_retelling_the_block_keeps_its_own_date(tmp_path: Path) -> None:
    """The follow-up's sentences carry the block's date more often than its own: the case
    file's date for the note keeps the response after the block."""
    item = "Bilateral L3-4 and L4-5 radiofrequency ablation"
    case = {"case_number": "CM21-0000001", "application": {"received_date": "2021-06-01"},
            "worker": {"age": 45, "sex": "female"}, "claim": {"date_of_injury": "2019-06-10"},
            "ur_decision": {"date": "2021-06-01", "outcome": "denied"}, "diagnoses": [],
            "disputed_items": [item],
            "records": [
                {"date": "2021-03-01", "type": "procedure note", "author": "Pain physician",
                 "text": "PROCEDURE 03/01/2021: bilateral L3-4, L4-5 medial branch blocks, "
                         "lidocaine 0.5 mL each. Pre 8/10."},
                {"date": "2021-04-12", "type": "progress note", "author": "Pain physician",
                 "text": "Seen today. Log from MBB 03/01/2021 came back: 8/10 before, 1/10 at one "
                         "hour, 1/10 for 3 h, usual by evening; comparative MBB (02/01/2021): "
                         "75% relief. Axial pain, no leg symptoms. Therapy and NSAIDs failed."}]}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    [drafted] = review_case_file(path).determination.determinations
    assert _status(drafted, "rf.positive_blocks") == "met"
