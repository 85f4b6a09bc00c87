"""The one generic engine: decide a disputed item from a topic's criteria and the facts.

Nothing here knows about a particular topic. A topic's version in force on the decision date
gives the guideline and its citation; each criterion in force is evaluated by its predicate; the
item is medically necessary (Overturned) only when every applicable requirement is met (the
roll-up, `roll_up`). A consideration is reported but never decides alone. A criterion the
records cannot settle is `unknown`, and as in IMR practice an item whose necessity is not shown
is Upheld, with the rationale saying what could not be established.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

from openimr.guidelines.basis import (
    TREATING_REPORT,
    attention_reasons,
    decision_basis,
    missing_documentation,
    roll_up,
)
from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.documentation import current_record_needed
from openimr.guidelines.knowledge import Criterion, KnowledgeBase, Topic, TopicVersion
from openimr.guidelines.predicates import evaluate
from openimr.guidelines.predicates.course import in_postsurgical_period
from openimr.model import (
    Case,
    CriterionResult,
    CriterionRole,
    CriterionStatus,
    Decision,
    Evidence,
    Fact,
    ItemDetermination,
    TreatmentRequest,
)
from openimr.model.wording import join_words

UNSUPPORTED_RATIONALE = (
    "No topic of the openimr knowledge base addresses this request{reason}, so no decision is "
    "drafted. A physician reviewer must decide it under the medical evidence search sequence of "
    "8 CCR 9792.21.1: the MTUS first, then the other sources in order."
)


def decide_item(
    item: str,
    request: TreatmentRequest,
    case: Case,
    facts: list[Fact],
    knowledge: KnowledgeBase,
    *,
    documents: list[str],
    as_of: dt.date | None,
    item_id: str | None = None,
    unreadable: list[str] | None = None,
    second_hand: Collection[str] = (),
    procedure_reports: Collection[str] = (),
    forms: Collection[str] = (),
    requests: Collection[str] = (),
    page_texts: Mapping[tuple[str, int], str] | None = None,
    stated_dates: Mapping[str, dt.date] | None = None,
    setting_aside: Collection[str] = (),
) -> ItemDetermination:
    """Decide one item. `second_hand` names the documents that are not the treating providers'
    records (UR letters, summaries): no criterion is settled on them alone. `procedure_reports`
    names the operative and procedure reports: their date is the date of the procedure. `forms`
    names the forms that report nothing of the worker's condition (a request for authorization):
    with no treating report besides them, the item is never overturned (`TREATING_REPORT`);
    `requests` are the requests for authorization among them (`attention_reasons`).
    `page_texts` (by document and page) lets a predicate read the sentence a fact was read from.
    `stated_dates` are the records' own dates as the case file gives them. The criteria named
    in `setting_aside` are not weighed: an item judged on its own merits, apart from its link
    to another item of the dispute (`associated.item_disputed_with`)."""
    request = _read_in_light_of_records(
        request, Context(request=request, case=case, facts=facts, documents=documents, as_of=as_of,
                         topic=knowledge.topic_for("postsurgical_physical_therapy"),
                         second_hand=frozenset(second_hand),
                         procedure_reports=frozenset(procedure_reports),
                         page_texts=page_texts or {}, stated_dates=stated_dates or {}))

    def indicated(candidate: Topic) -> bool:
        # A topic for one use of the item decides it when the records show that use.
        assert candidate.indication is not None
        probe = Context(request=request, case=case, facts=facts, documents=documents,
                        as_of=as_of, topic=candidate, second_hand=frozenset(second_hand),
                        page_texts=page_texts or {}, stated_dates=stated_dates or {})
        gate = evaluate(candidate.indication.predicate, probe, candidate.indication.args)
        return gate.status is CriterionStatus.met

    topic = knowledge.topic_for(request.category, request.subcategory, request.body_part,
                                indicated)
    version = topic.version_at(as_of) if topic else None
    if topic is None or version is None:
        reason = _unsupported_reason(request, topic, as_of)
        return ItemDetermination(
            item=item, item_id=item_id, category=request.category, decision=Decision.unsupported,
            rationale=UNSUPPORTED_RATIONALE.format(reason=reason),
            request=request.model_dump(mode="json", exclude_defaults=True))

    context = Context(request=request, case=case, facts=facts, documents=documents,
                      unreadable=unreadable or [], as_of=as_of, topic=topic,
                      second_hand=frozenset(second_hand),
                      procedure_reports=frozenset(procedure_reports),
                      forms=frozenset(forms), page_texts=page_texts or {},
                      stated_dates=stated_dates or {})
    results: list[CriterionResult] = []
    conflicts: list[tuple[str, Evidence]] = []
    absences: list[str] = []
    unquoted: list[str] = []
    not_applicable: list[str] = []
    for criterion in topic.criteria_at(as_of):
        if criterion.id in setting_aside:
            not_applicable.append(criterion.id)
            continue
        if criterion.applies_when is not None:
            gate = evaluate(criterion.applies_when.predicate, context, criterion.applies_when.args)
            if gate.status is CriterionStatus.not_met:
                not_applicable.append(criterion.id)
                continue
        outcome = context.first_hand(evaluate(criterion.predicate, context, criterion.args))
        if criterion.documented_when_true:
            if current_record_needed(criterion.documented_when_true):
                outcome = context.only_weak_mentions(outcome)
            outcome = context.absent_after_search(outcome, criterion.documented_when_true)
            if outcome.status is CriterionStatus.not_met and outcome.absence:
                probe = context.as_if_first_hand()
                if probe is not None:
                    outcome = context.reported_only_second_hand(
                        outcome, evaluate(criterion.predicate, probe, criterion.args))
            if outcome.status is CriterionStatus.not_met and outcome.absence:
                absences.append(criterion.id)
        if outcome.status is CriterionStatus.met and outcome.unquoted:
            unquoted.append(criterion.id)
        results.append(_result(criterion, outcome, version))
        if outcome.conflicting and outcome.status is not CriterionStatus.unknown:
            conflicts.append((criterion.id, outcome.conflicting[0]))

    if results and context.records_incomplete:
        results.append(TREATING_REPORT.model_copy(deep=True))
    if not results:
        return ItemDetermination(
            item=item, item_id=item_id, category=request.category, topic=topic.id,
            decision=Decision.unsupported, guideline=version.guideline, citation=version.citation,
            rationale=UNSUPPORTED_RATIONALE.format(
                reason=f" (no criterion of the topic {topic.id} applies to it)"),
            request=request.model_dump(mode="json", exclude_defaults=True),
            not_applicable=not_applicable)
    decision = roll_up(results)
    reasons = attention_reasons(decision, results, facts, documents, context.second_hand,
                                conflicts=conflicts, forms=context.forms, absences=absences,
                                unquoted=unquoted, requests=requests)
    return ItemDetermination(
        item=item, item_id=item_id, category=request.category, topic=topic.id, decision=decision,
        guideline=version.guideline, citation=version.citation, criteria=results,
        rationale=compose_rationale(item, decision, version, results),
        request=request.model_dump(mode="json", exclude_defaults=True),
        not_applicable=not_applicable, basis=decision_basis(decision, results),
        missing_documentation=missing_documentation(results, documents, context.unreadable),
        needs_physician_attention=bool(reasons), attention_reasons=reasons)


def _read_in_light_of_records(request: TreatmentRequest, context: Context) -> TreatmentRequest:
    """What the records make of a request its words leave open: therapy within a surgery's
    postsurgical period is postsurgical therapy (`course.in_postsurgical_period`)."""
    if context.topic is None or context.topic.version_at(context.as_of) is None:
        return request
    return in_postsurgical_period(context) or request


def _unsupported_reason(request: TreatmentRequest, topic: Topic | None, as_of: dt.date | None) -> str:
    if request.category is None:
        return " (the treatment requested could not be identified)"
    category = request.category.replace("_", " ")
    if topic is None:
        where = f", {request.body_part.replace('_', ' ')}" if request.body_part else ""
        return f" ({category}{where})"
    return f" ({category}: no version of the guideline was in force on {as_of:%m/%d/%Y})"


def criterion_citation(criterion: Criterion, version: TopicVersion) -> str:
    guideline = version.guideline
    source = criterion.source or guideline.source
    document = criterion.document or guideline.document
    section = criterion.section or guideline.section
    pages = criterion.pages if criterion.pages is not None else guideline.pages
    if criterion.source and criterion.source != guideline.source:
        text = f"{document} {section}"
    else:
        text = f"{source} {document}, {section}"
    if pages and not (criterion.source and criterion.source != guideline.source):
        text += f", page{'s' if '-' in pages or ',' in pages else ''} {pages}"
    return text


def _result(criterion: Criterion, outcome: Outcome, version: TopicVersion) -> CriterionResult:
    return CriterionResult(
        id=criterion.id, text=criterion.text, status=outcome.status, role=criterion.role,
        evidence=list(outcome.evidence), explanation=outcome.explanation,
        missing=list(outcome.missing), verified=criterion.verified,
        citation=criterion_citation(criterion, version))


def compose_rationale(item: str, decision: Decision, version: TopicVersion,
                      results: list[CriterionResult]) -> str:
    """The rationale a physician would sign: the guideline, what the records show, the decision.

    An Upheld rationale gives the reasons the request fails (requirements not met, then facts the
    records do not establish, then considerations not met); an Overturned one gives every
    criterion met and the considerations weighed against it. Each reason carries the quote it
    rests on.
    """
    request = f"the request for {_lower_first(item)}"
    overturned = decision is Decision.overturned
    parts = [f"{request[0].upper()}{request[1:]} is {'' if overturned else 'not '}supported."]
    if version.hierarchy_note:
        parts.append(version.hierarchy_note)
    parts.append(version.summary)
    required = [r for r in results if r.role is CriterionRole.requirement]
    weighed = [r for r in results if r.role is CriterionRole.consideration]
    if overturned:
        parts.extend(_with_evidence(r) for r in results
                     if r.status is CriterionStatus.met and r.explanation)
        parts.extend(_weighed(r) for r in weighed
                     if r.status is not CriterionStatus.met and r.explanation)
    else:
        for status in (CriterionStatus.not_met, CriterionStatus.unknown):
            parts.extend(_with_evidence(r) for r in required if r.status is status and r.explanation)
        parts.extend(_with_evidence(r) for r in weighed
                     if r.status is CriterionStatus.not_met and r.explanation)
    missing = [m for r in required if r.status is CriterionStatus.unknown for m in r.missing]
    if (not overturned and missing
            and not any(r.status is CriterionStatus.not_met for r in results)):
        unestablished = join_words(list(dict.fromkeys(missing)), serial_comma=False)
        parts.append(f"Because the records do not establish {unestablished}, the medical "
                     "necessity of the request is not shown.")
    verdict = "medically necessary" if overturned else "not medically necessary"
    parts.append(f"As such, {request} is {verdict}.")
    return " ".join(parts)


def _weighed(result: CriterionResult) -> str:
    """A consideration that is not met or not shown, reported without deciding the item."""
    return (f"The guideline also asks the reviewer to weigh this: {_with_evidence(result)} "
            "On its own this consideration does not decide the request.")


def _with_evidence(result: CriterionResult, limit: int = 2) -> str:
    """The explanation followed by the record it rests on, quoted."""
    if not result.evidence:
        return result.explanation
    quotes = "; ".join(f"{e.document}, page {e.page}: \"{e.quote}\"" for e in result.evidence[:limit])
    return f"{result.explanation.rstrip('.')} ({quotes})."


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    # Keep acronyms and brand names as written (MRI, ESI, Norco); lower ordinary words.
    if first[:1].isupper() and first[1:].islower():
        return text[:1].lower() + text[1:]
    return text
