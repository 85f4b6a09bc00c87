"""What a predicate derives from the whole case is found once a context (`Context.once`), and
found anew when the context's facts are replaced or grow (issue 18: each record's date asked
per fact made a long record's drafting grow with its square)."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.context import Context
from openimr.guidelines.items import parse_item
from openimr.guidelines.predicates.trends import document_dates
from openimr.model import Case, Evidence, Fact, FactKind


def _fact(document: str, day: int, kind: FactKind = FactKind.pain_score) -> Fact:
    value = {"value": 6, "scale": 10, "context": "current"} if kind is FactKind.pain_score \
        else {"drug": "naproxen"}
    return Fact(kind=kind, value=value, date=dt.date(2023, 3, day),
                evidence=Evidence(document=document, page=1, start=0, end=4, quote="pain"))


def _context(facts: list[Fact]) -> Context:
    case = Case.model_validate({"disputed_items": ["Naproxen 500 mg #60"],
                                "records": [{"text": "x"}]})
    return Context(request=parse_item("Naproxen 500 mg #60"), case=case, facts=facts)


def test_a_value_is_made_once_and_made_again_for_other_facts() -> None:
    facts = [_fact("visit-a", 2), _fact("visit-a", 2), _fact("visit-b", 9)]
    context = _context(facts)
    made: list[int] = []
    assert context.once("count", lambda: made.append(1) or len(made)) == 1
    assert context.once("count", lambda: made.append(1) or len(made)) == 1
    context.facts.append(_fact("visit-c", 20))  # grown in place: found anew
    assert context.once("count", lambda: made.append(1) or len(made)) == 2
    context.facts = facts[:1]  # replaced: found anew
    assert context.once("count", lambda: made.append(1) or len(made)) == 3


def test_record_dates_follow_the_facts_the_context_holds() -> None:
    context = _context([_fact("visit-a", 2), _fact("visit-a", 2), _fact("visit-a", 5)])
    assert document_dates(context) == {"visit-a": dt.date(2023, 3, 2)}
    context.facts = [_fact("visit-a", 5)]
    assert document_dates(context) == {"visit-a": dt.date(2023, 3, 5)}


def test_facts_of_a_kind_keep_the_case_order() -> None:
    facts = [_fact("visit-a", 2), _fact("visit-b", 3, FactKind.medication),
             _fact("visit-c", 4), _fact("visit-d", 5, FactKind.medication)]
    context = _context(facts)
    assert context.facts_of(FactKind.pain_score) == [facts[0], facts[2]]
    assert context.facts_of("medication") == [facts[1], facts[3]]
    assert context.facts_of(FactKind.diagnosis) == []
