"""Review 14, finding 19 (session "fix-review-b"): the guidelines UR cited, item by item."""

from __future__ import annotations

import datetime as dt

from openimr.letters.rendering import guidelines_cited_by_ur
from openimr.model import Document, Page


def _ur(number: int, text: str) -> Document:
    return Document(id=f"record-{number}", type="utilization review determination",
                    date=dt.date(2021, 5, 3), pages=[Page(number=1, text=text)])


_ITEMS = ["Chiropractic manipulation 6 visits", "Gabapentin 300 mg #90"]
_LETTERS = [
    _ur(5, "UTILIZATION REVIEW DETERMINATION\nRequested: Chiropractic manipulation x6\n"
           "Non-certified. ACOEM allows a short trial only with functional gains.\n"
           "You may appeal this decision by requesting an Independent Medical Review (IMR) "
           "under the MTUS."),
    _ur(6, "UTILIZATION REVIEW DETERMINATION\nRequested: Gabapentin 300 mg #90\n"
           "Non-certified. Per ODG, anti-epilepsy drugs need 30% relief."),
]


def test_each_item_gets_only_the_guideline_its_own_ur_section_cites() -> None:
    assert guidelines_cited_by_ur(_LETTERS, _ITEMS[0], _ITEMS) == (
        "ACOEM Practice Guidelines (as cited in the utilization review decision)")
    assert guidelines_cited_by_ur(_LETTERS, _ITEMS[1], _ITEMS) == (
        "Official Disability Guidelines (ODG) (as cited in the utilization review decision)")


def test_a_letter_that_names_no_item_still_gives_its_guidelines_but_not_its_appeal_rights() -> None:
    letter = _ur(7, "UTILIZATION REVIEW DETERMINATION\nThe request is non-certified per the "
                    "CPMTG.\nAppeal rights: an IMR may be requested under the MTUS, DWC form.")
    assert guidelines_cited_by_ur([letter], "Tramadol 50 mg #60", ["Tramadol 50 mg #60"]) == (
        "MTUS Chronic Pain Medical Treatment Guidelines (as cited in the utilization review "
        "decision)")
    boilerplate_only = _ur(8, "UTILIZATION REVIEW DETERMINATION\nNot medically necessary.\n"
                              "You may request an Independent Medical Review under the MTUS.")
    assert guidelines_cited_by_ur([boilerplate_only]) is None
