"""The workflow graph and the eligibility checks, each refusal with its reason."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openimr.model import Case
from openimr.workflow.eligibility import EarlierDecision, Outcome, check_eligibility
from openimr.workflow.errors import IllegalTransition
from openimr.workflow.states import TRANSITIONS, CaseStatus, check_transition
from tests.service.factories import seed_case

S = CaseStatus


def test_the_main_path_is_allowed() -> None:
    path = [S.received, S.eligibility_review, S.notice_of_assignment_sent, S.records_requested,
            S.clinical_review, S.determined, S.closed]
    for current, target in zip(path, path[1:], strict=False):
        check_transition(current, target, None)


@pytest.mark.parametrize(("current", "target"), [
    (S.received, S.clinical_review), (S.determined, S.records_requested),
    (S.closed, S.received), (S.ineligible, S.notice_of_assignment_sent),
    (S.received, S.determined)])
def test_illegal_moves_are_refused_with_the_allowed_ones(current: CaseStatus,
                                                        target: CaseStatus) -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_transition(current, target, "note")
    assert "cannot move from" in str(refused.value)
    assert "allowed next statuses" in str(refused.value)


@pytest.mark.parametrize("target", [S.withdrawn, S.terminated])
def test_withdrawal_and_termination_need_a_reason_and_an_open_case(target: CaseStatus) -> None:
    with pytest.raises(IllegalTransition, match="needs a note"):
        check_transition(S.clinical_review, target, "  ")
    check_transition(S.clinical_review, target, "claims administrator authorized the item")
    with pytest.raises(IllegalTransition):
        check_transition(S.determined, target, "too late")


def test_only_closed_is_terminal() -> None:
    assert [s for s, targets in TRANSITIONS.items() if not targets] == [S.closed]


def _case(**changes: object) -> Case:
    return Case.model_validate(seed_case(**changes))


def _outcomes(case: Case, **options: object) -> dict[str, Outcome]:
    report = check_eligibility(case, received=case.application.received_date, **options)
    return {c.name: c.outcome for c in report.checks}


def test_the_seed_case_is_eligible_with_warnings_about_missing_names() -> None:
    case = _case()
    report = check_eligibility(case, received=case.application.received_date)
    assert report.eligible and not report.deferred
    details = next(c for c in report.checks if c.name == "details")
    assert details.outcome is Outcome.warning and "worker's name" in details.reason


def test_timeliness_counts_thirty_days_and_five_more_by_mail() -> None:
    late = _case(application__received_date="2013-09-03")  # 32 days after 08/02/2013
    report = check_eligibility(late, received=late.application.received_date)
    timely = next(c for c in report.checks if c.name == "timely")
    assert timely.outcome is Outcome.failed and "32 days" in timely.reason
    mailed = _case(application__received_date="2013-09-03", application__served_by_mail=True)
    assert _outcomes(mailed)["timely"] is Outcome.passed


def test_service_date_counts_rather_than_decision_date() -> None:
    case = _case(application__received_date="2013-09-20",
                 application__ur_decision_served_date="2013-08-25")
    assert _outcomes(case)["timely"] is Outcome.passed


def test_missing_ur_decision_signature_and_fields_fail_with_reasons() -> None:
    case = _case(application__ur_decision_attached=False, application__signed=False,
                 claim__claim_number=None, requesting_provider__name=None)
    report = check_eligibility(case, received=case.application.received_date)
    assert not report.eligible
    reasons = {c.name: c.reason for c in report.failures}
    assert set(reasons) == {"ur_decision_attached", "signed", "complete"}
    assert "claim number" in reasons["complete"] and "claim.claim_number" not in reasons["complete"]
    assert "requesting physician" in reasons["complete"]


def test_out_of_scope_dates_fail() -> None:
    case = _case(claim__date_of_injury="2010-05-01", ur_decision__date="2013-03-01",
                 application__received_date="2013-03-15")
    assert _outcomes(case)["scope"] is Outcome.failed


def test_an_item_already_decided_by_imr_fails() -> None:
    earlier = [EarlierDecision(case_number="CM13-0000001", decision="upheld",
                               item="8 physical therapy sessions between 7/29/2013 and 9/29/2013")]
    case = _case()
    report = check_eligibility(case, received=dt.date(2013, 8, 20), earlier=earlier)
    assert not report.eligible
    assert "CM13-0000001" in report.failures[0].reason
    other = [EarlierDecision(case_number="CM13-0000001", decision="upheld",
                             item="MRI of the lumbar spine")]
    assert check_eligibility(case, received=dt.date(2013, 8, 20), earlier=other).eligible


def test_a_liability_dispute_defers() -> None:
    case = _case()
    report = check_eligibility(case, received=dt.date(2013, 8, 20), liability_disputed=True)
    assert report.deferred and not report.eligible
    assert "9792.10.3" in report.failures[0].reason


@settings(deadline=None, max_examples=60)
@given(served=st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2030, 1, 1)),
       delay=st.integers(min_value=0, max_value=60), by_mail=st.booleans())
def test_timely_exactly_within_the_window(served: dt.date, delay: int, by_mail: bool) -> None:
    case = _case(application__ur_decision_served_date=served.isoformat(),
                 application__served_by_mail=by_mail, ur_decision__date=served.isoformat())
    received = served + dt.timedelta(days=delay)
    report = check_eligibility(case, received=received)
    timely = next(c for c in report.checks if c.name == "timely")
    limit = 35 if by_mail else 30
    assert (timely.outcome is Outcome.passed) == (delay <= limit)
