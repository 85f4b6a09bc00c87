"""What a note tells of opioid monitoring beyond its facts: earlier urine drug tests by their
date or their number, and the risk a risk screen finds.

A treating note often says when drug testing was last done, or how many tests a period held,
without a result of its own: "Last UDS in chart 11/2015", "UDS 08/2019-01/2020 (9 tests)".
These are no `urine_drug_test` facts (no result is stated); the readers here give each such
statement with its evidence (document, page, span, quote) for the decision engine to count
against the year's limit (`guidelines.predicates.medication.drug_tests_within_year`).

A risk screen (`opioid_monitoring` fact, item `risk_assessment`) carries what its sentence
tells of the risk found (`risk_told`, set in `linking.prepare`): the Opioid Risk Tool's score
("ORT score 5") and whether the risk is told moderate ("moderate risk", "risk ... moderate")
or a history of substance or alcohol misuse is told beside it, which places the worker at
moderate risk whatever the score.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from openimr.model import Evidence
from openimr.records.dates import parse_date
from openimr.records.spans import sentence_around

#: "Last UDS in chart 11/2015", "last urine drug screen: 2017", "last drug test was 03/12/2018",
#: "the most recent urine drug test in the chart is from November 2015".
_LAST_TEST = re.compile(
    r"\b(?:last|latest|most\s+recent)\s+(?:UDS|UDT|urine\s+(?:drug\s+)?(?:screen\w*|test\w*|"
    r"tox\w*)|drug\s+(?:screen|test))"
    r"(?:\s+(?:in\s+(?:the\s+)?chart|on\s+file|was|is|done|performed|dated|on|in|from))*\s*:?\s*"
    r"(?P<date>\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/\d{4}|[A-Z][a-z]{2,8}\.?\s+(?:19|20)\d\d|"
    r"(?:19|20)\d\d)\b", re.IGNORECASE)

#: A count of the tests of a period: "UDS 08/2019-01/2020 (9 tests)", "urine drug screens
#: 03/2018 to 02/2019: 6 tests".
_TESTS_COUNTED = re.compile(
    r"\b(?:UDS|UDT|urine\s+(?:drug\s+)?(?:screen|test|tox\w*)s?|drug\s+(?:screen|test)s?)\s*:?\s*"
    r"(?P<first>\d{1,2}/(?:\d{1,2}/)?\d{4})\s*(?:-|\u2013|to|through)\s*"
    r"(?P<last>\d{1,2}/(?:\d{1,2}/)?\d{4})\s*[(:,]?\s*(?P<count>\d{1,2})\s+(?:tests|screens)\b",
    re.IGNORECASE)


#: A risk screen's score: "ORT 5", "Opioid Risk Tool score of 3".
_RISK_SCORE = re.compile(r"\b(?:ORT|opioid\s+risk\s+tool)\b\D{0,12}?(?P<score>\d{1,2})\b",
                         re.IGNORECASE)
#: A risk told moderate, or a history of substance or alcohol misuse.
_MODERATE = re.compile(r"\bmoderate[- ]risk\b|\brisk\b[^.]{0,30}\bmoderate\b|\b(?:history|hx)\s+of\s+"
                       r"(?:alcohol|substance|drug|opioid)\s+(?:abuse|misuse|use\s+disorder|"
                       r"dependence)", re.IGNORECASE)


def risk_told(text: str, start: int, end: int) -> dict[str, object]:
    """What the sentence of a risk screen (at start..end of the page) tells of the risk: its
    Opioid Risk Tool score (`risk_score`) and whether it tells the risk moderate or a history
    of misuse (`moderate_risk`); only what it tells."""
    sentence = sentence_around(text, start, end)
    told: dict[str, object] = {}
    if score := _RISK_SCORE.search(sentence):
        told["risk_score"] = int(score.group("score"))
    if _MODERATE.search(sentence):
        told["moderate_risk"] = True
    return told


@dataclass(frozen=True)
class LastTest:
    """The date a note gives for the last drug test: a year alone is its last day (the
    latest the test can have been)."""

    day: dt.date
    evidence: Evidence


@dataclass(frozen=True)
class CountedTests:
    """The number of drug tests a note counts over a period, first to last."""

    first: dt.date
    last: dt.date
    count: int
    evidence: Evidence


def _evidence(document: str, page: int, match: re.Match[str]) -> Evidence:
    return Evidence(document=document, page=page, start=match.start(), end=match.end(),
                    quote=match.group(0))


def last_tests(document: str, page: int, text: str) -> list[LastTest]:
    """Each date the page gives for the last urine drug test, with its words."""
    found: list[LastTest] = []
    for match in _LAST_TEST.finditer(text):
        written = match.group("date")
        day = (dt.date(int(written), 12, 31) if written.isdigit() and len(written) == 4
               else parse_date(written))
        if day is not None:
            found.append(LastTest(day, _evidence(document, page, match)))
    return found


def counted_tests(document: str, page: int, text: str) -> list[CountedTests]:
    """Each period over which the page counts the urine drug tests, with its words; a period
    that ends before it begins is no count."""
    found: list[CountedTests] = []
    for match in _TESTS_COUNTED.finditer(text):
        first, last = parse_date(match.group("first")), parse_date(match.group("last"))
        if first is None or last is None or last < first:
            continue
        found.append(CountedTests(first, last, int(match.group("count")),
                                  _evidence(document, page, match)))
    return found
