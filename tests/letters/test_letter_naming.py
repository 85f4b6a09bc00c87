"""The letter names records as the parties know them, and the guideline UR cited."""

from __future__ import annotations

import datetime as dt

from openimr.letters.rendering import guidelines_cited_by_ur, records_named
from openimr.model import Document, Page


def _ur(text: str) -> Document:
    return Document(id="record-4", type="utilization review determination",
                    date=dt.date(2019, 3, 2), pages=[Page(number=1, text=text)])


def test_the_guidelines_a_ur_letter_names() -> None:
    cited = guidelines_cited_by_ur([_ur(
        "UTILIZATION REVIEW DETERMINATION\nAcupuncture x8: NON-CERTIFIED. The CPMTG allows 3-6 "
        "treatments; ODG concurs.")])
    assert cited == ("MTUS Chronic Pain Medical Treatment Guidelines and Official Disability "
                     "Guidelines (ODG) (as cited in the utilization review decision)")


def test_no_guideline_named_by_ur_and_none_read_from_a_treating_note() -> None:
    note = Document(id="record-1", type="progress note", date=dt.date(2019, 2, 1),
                    pages=[Page(number=1, text="Per ACOEM and the MTUS, continue home program.")])
    assert guidelines_cited_by_ur([note, _ur("UTILIZATION REVIEW DETERMINATION\nNot "
                                             "medically necessary.")]) is None


def test_records_are_named_by_type_and_date_where_cited() -> None:
    note = Document(id="record-1", type="progress note", date=dt.date(2019, 2, 1),
                    pages=[Page(number=1, text="x")])
    upload = Document(id="note", type="PR-2 report", date=dt.date(2019, 2, 20),
                      pages=[Page(number=1, text="x")])
    named = records_named([note, upload, _ur("x")])
    text = ('Relief is told (record-1, page 1: "better"); record-4 is second-hand. The note '
            'says so (note, page 2: "ok"). record-10 is not one of them.')
    assert named(text) == (
        'Relief is told (Progress note, 02/01/2019, page 1: "better"); Utilization review '
        'determination, 03/02/2019 is second-hand. The note says so (PR-2 report, 02/20/2019, '
        'page 2: "ok"). record-10 is not one of them.')
