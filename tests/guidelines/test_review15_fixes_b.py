"""Review 15, finding 13: wording a physician would sign (a rate told with its noun, a floor of
years said as one, a failed negative criterion said positively)."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.context import Context
from openimr.guidelines.predicates.clinical import symptoms_at_least_months
from openimr.guidelines.predicates.request import _amount_asked
from openimr.guidelines.predicates.statements import _later_decides
from openimr.model import Case, Evidence, TreatmentRequest


def test_a_rate_is_asked_with_its_own_noun_once() -> None:
    assert _amount_asked("the treatments a week", "2 treatments a week") == \
        "The request asks for 2 treatments a week"
    # near miss: a description that is not the amount's noun still leads
    assert _amount_asked("the hours of care a week", "28 hours a week") == \
        "The hours of care a week come to 28 hours a week"


def _context(injury: str, as_of: dt.date) -> Context:
    case = Case.model_validate({"claim": {"date_of_injury": injury},
                                "disputed_items": ["Lumbar MRI"], "records": [{"text": "x"}]})
    return Context(request=TreatmentRequest(text="Lumbar MRI"), case=case, facts=[],
                   documents=["record-1", "record-2"], as_of=as_of)


def test_whole_years_are_a_floor_said_as_one() -> None:
    told = symptoms_at_least_months(_context("2016-03-10", dt.date(2019, 2, 20)), 6).explanation
    assert "more than 2 years before the decision" in told  # 35 months
    # near miss: exactly three years is three years
    told = symptoms_at_least_months(_context("2016-02-10", dt.date(2019, 2, 20)), 6).explanation
    assert "03/2016" not in told and ", 3 years before the decision" in told


def test_a_negative_criterion_not_met_is_said_positively() -> None:
    context = _context("2018-01-05", dt.date(2019, 6, 1))
    said = [Evidence(document="record-2", page=1, start=0, end=30,
                     quote="degenerative complex tear of the posterior horn")]
    told = _later_decides(context, "a tear that is not degenerative", [], said,
                          contrary="a degenerative tear").explanation
    assert told.startswith('The records state a degenerative tear: "degenerative complex')
    # near miss: without a positive form the description is kept
    told = _later_decides(context, "a tear that is not degenerative", [], said).explanation
    assert told.startswith("The records do not bear out a tear that is not degenerative")


# --- 15: one declaration of a word list ---

def test_the_request_and_the_procedure_report_read_guidance_with_one_list() -> None:
    from openimr.guidelines.predicates.clinical import _imaging_guidance
    from openimr.guidelines.predicates.request import request_mentions
    from openimr.model import CriterionStatus

    def asks(text: str) -> CriterionStatus:
        context = Context(request=TreatmentRequest(text=text), case=Case.model_validate(
            {"disputed_items": [text], "records": [{"text": "x"}]}), facts=[])
        return request_mentions(context, "the request includes imaging guidance",
                                sets=["imaging_guidance"]).status

    # the wordings the procedure report's reader knew and the request's did not
    for text in ("Right knee steroid injection with C-arm", "Knee injection under US"):
        assert asks(text) is CriterionStatus.met, text
        assert _imaging_guidance().search(text), text
    # near miss: a landmark injection names no guidance ("USE" is no "US")
    assert asks("Left knee corticosteroid injection, USE of landmarks") is CriterionStatus.not_met


def test_count_words_are_read_longest_first() -> None:
    import re

    from openimr.model.numbers import NUMBER_WORD_PATTERN

    assert re.match(rf"(?:{NUMBER_WORD_PATTERN})", "twenty-four hours").group(0) == "twenty-four"
