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
from collections.abc import Collection, Mapping, Sequence

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
from openimr.model.wording import flat_words, join_words, split_trailing_notes
from openimr.records.spans import QUOTE_REACH, quote_bounds

#: Where a quote is on its page (`Evidence.span`).
Span = tuple[str, int, int, int]
#: How far before a negated fact's words its quote may start: a negation governs the words
#: near it ("No early refills, no lost scripts"); an opening longer than this may have been
#: cut short of it, and the words are then not quoted.
_NEGATION_REACH = QUOTE_REACH // 2

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
    # how the letter quotes the evidence that must not be quoted as read (`_letter_quotes`)
    quotes = _letter_quotes(context)
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
            searched = context.absent_after_search(outcome, criterion.documented_when_true)
            # the words a search turned up for the physician to read are not cited as if
            # they showed the criterion
            quotes.update((e.span, None) for e in searched.evidence[len(outcome.evidence):])
            outcome = searched
            if outcome.status is CriterionStatus.not_met and outcome.absence:
                probe = context.as_if_first_hand()
                if probe is not None:
                    outcome = context.reported_only_second_hand(
                        outcome, evaluate(criterion.predicate, probe, criterion.args))
            if outcome.status is CriterionStatus.not_met and outcome.absence:
                absences.append(criterion.id)
                # a not met on an absence rests on no quote (`Outcome.absence`)
                quotes.update((e.span, None) for e in outcome.evidence)
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
        guideline=version.guideline, citation=version.citation,
        criteria=_as_read(results, quotes),
        rationale=compose_rationale(item, decision, version, results, quotes,
                                    said=said_in_case(version, results, context)),
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
        citation=criterion_citation(criterion, version)).with_parts(
            [(text, list(evidence)) for text, evidence in outcome.parts])


def _as_read(results: list[CriterionResult],
             quotes: Mapping[Span, str | None]) -> list[CriterionResult]:
    """The results with each quote the letter words otherwise (a negated finding with its
    negation, `_letter_quotes`) kept beside the words read, for the worksheet."""
    def read(evidence: Evidence) -> Evidence:
        text = quotes.get(evidence.span)
        return evidence.model_copy(update={"read_as": text}) \
            if text and text != evidence.quote else evidence
    return [r.model_copy(update={"evidence": [read(e) for e in r.evidence]})
            if any(quotes.get(e.span) for e in r.evidence) else r for r in results]


def said_in_case(version: TopicVersion, results: list[CriterionResult],
                 context: Context) -> list[str]:
    """The version's conditional guideline sentences whose question arises in this case: a
    named criterion applied to the item (with one of the named statuses, when given), and the
    sentence's own check, when it has one, is met."""
    applied = {r.id: r.status for r in results}
    said: list[str] = []
    for sentence in version.said_when:
        if sentence.criteria and not any(
                c in applied and (not sentence.status or applied[c] in sentence.status)
                for c in sentence.criteria):
            continue
        if sentence.when is not None and context.first_hand(evaluate(
                sentence.when.predicate, context, sentence.when.args)).status \
                is not CriterionStatus.met:
            continue
        said.append(sentence.text)
    return said


def compose_rationale(item: str, decision: Decision, version: TopicVersion,
                      results: list[CriterionResult],
                      quotes: Mapping[Span, str | None] | None = None,
                      said: Sequence[str] = ()) -> str:
    """The rationale a physician would sign: the guideline, what the records show, the decision.

    An Upheld rationale gives the reasons the request fails (requirements not met, then facts the
    records do not establish, then considerations not met); an Overturned one gives every
    criterion met and the considerations weighed against it. Each reason carries the quote it
    rests on, as `quotes` has it by span: the words a negation denies are quoted with it, and
    what a criterion not met on an absence carries, or the words a search turned up for the
    physician (`Context.absent_after_search`), not at all (None). `said`: the guideline's
    conditional sentences the case calls for (`said_in_case`), after its summary.
    """
    request = f"the request for {_lower_first(item)}"
    overturned = decision is Decision.overturned
    quotes = quotes or {}
    parts = [f"{request[0].upper()}{request[1:]} is {'' if overturned else 'not '}supported."]
    guideline = [version.hierarchy_note, version.summary, *said] if version.hierarchy_note \
        else [version.summary, *said]
    required = [r for r in results if r.role is CriterionRole.requirement]
    weighed = [r for r in results if r.role is CriterionRole.consideration]
    cited: set[str] = set()
    if overturned:
        parts.extend(guideline)
        parts.extend(_with_evidence(r, quotes, cited=cited) for r in results
                     if r.status is CriterionStatus.met and r.explanation)
        parts.extend(_weighed(r, quotes, cited) for r in weighed
                     if r.status is not CriterionStatus.met and r.explanation)
    else:
        reasons = [_with_evidence(r, quotes, cited=cited) for status in
                   (CriterionStatus.not_met, CriterionStatus.unknown) for r in required
                   if r.status is status and r.explanation]
        # the requirement that decides the denial leads, with its fact; then the guideline
        parts.extend([*reasons[:1], *guideline, *reasons[1:]])
        parts.extend(_with_evidence(r, quotes, cited=cited) for r in weighed
                     if r.status is CriterionStatus.not_met and r.explanation)
    missing = [m for r in required if r.status is CriterionStatus.unknown for m in r.missing]
    if (not overturned and missing
            and not any(r.status is CriterionStatus.not_met for r in results)):
        unestablished = join_words(list(dict.fromkeys(missing)), serial_comma=False)
        parts.append(f"Because the records do not establish {unestablished}, the medical "
                     "necessity of the request is not shown.")
    verdict = "medically necessary" if overturned else "not medically necessary"
    parts.append(f"As such, {request} is {verdict}.")
    return " ".join(dict.fromkeys(part for part in parts if part))


def _weighed(result: CriterionResult, quotes: Mapping[Span, str | None],
             cited: set[str] | None = None) -> str:
    """A consideration that is not met or not shown, reported without deciding the item."""
    sentence = _with_evidence(result, quotes, cited=cited)
    return (f"The guideline also asks the reviewer to weigh this: {sentence} On its own this "
            "consideration does not decide the request.") if sentence else ""


def _with_evidence(result: CriterionResult, quotes: Mapping[Span, str | None] | None = None,
                   limit: int = 2, cited: set[str] | None = None) -> str:
    """The explanation followed by the record it rests on, quoted as `quotes` has it (None: not
    quoted at all). Words the explanation already prints, or that an earlier sentence of the
    rationale quoted (`cited`, updated), are not printed again: the citation then names only
    where they are. An explanation joined from several checks (`CriterionResult.parts`) cites
    each check's quotes after its own sentence."""
    cited = set() if cited is None else cited
    quotes = quotes or {}
    said = flat_words(result.explanation)
    # two criteria may say the same thing ("the daily dose cannot be computed"): once is enough
    if f"\0{said}" in cited:
        return ""
    cited.add(f"\0{said}")
    body, notes = split_trailing_notes(result.explanation)
    if len(result.parts) > 1 and " ".join(text for text, _ in result.parts) == body:
        sentences = []
        for text, evidence in result.parts:
            # a check two criteria share ("Pain is 4/10 with the medication") is said once
            if f"\0{flat_words(text)}" not in cited:
                cited.add(f"\0{flat_words(text)}")
                sentences.append(_cited(text, evidence, quotes, limit, cited))
        return " ".join(sentences) + notes
    return _cited(result.explanation, result.evidence, quotes, limit, cited)


def _cited(explanation: str, evidence_list: Sequence[Evidence],
           quotes: Mapping[Span, str | None], limit: int, cited: set[str]) -> str:
    """One explanation with the quotes of its evidence (`_with_evidence`)."""
    said = flat_words(explanation)
    quoted_evidence = [(evidence, text) for evidence in evidence_list
                       if (text := quotes.get(evidence.span, evidence.quote)) is not None]
    sources: dict[str, str] = {}  # where -> the citation of it
    for evidence, text in quoted_evidence[:limit]:
        quote, where = flat_words(text), f"{evidence.document}, page {evidence.page}"
        # a phrase of a few words, or any words the explanation quotes, is already there
        if quote in cited or f'"{quote}"' in said or (len(quote.split()) > 2 and quote in said):
            sources.setdefault(where, where)
        elif quote:
            cited.add(quote)
            quoted = f"{where}: \"{text}\""
            sources[where] = quoted if sources.get(where, where) == where else \
                f"{sources[where]}; {quoted}"
    if not sources:
        return explanation
    # the citation closes the sentence it supports, before a reviewer note that follows it:
    # the letter leaves the note out, and a citation after it would stand as a sentence alone
    body, notes = split_trailing_notes(explanation)
    return f"{body.rstrip().rstrip('.')} ({'; '.join(sources.values())}).{notes}"


def _denies(fact: Fact) -> bool:
    """The fact is read from words that deny or end something: a negated finding, an absence
    ("No early refills": present false; "no prior chiropractic": a count of 0), a drug in a
    list the worker does not take, or a drug stopped."""
    value = fact.value
    return (fact.negated or value.get("present") is False or value.get("count") == 0
            or bool(value.get("in_denied_list")) or value.get("action") == "stop")


def _letter_quotes(context: Context) -> dict[Span, str | None]:
    """How the letter quotes the words of a negated fact: with the words before them in their
    sentence, which hold the negation ("No early refills", not "early refills"; "Not on
    NSAIDs, aspirin", not "aspirin"), or not at all (None) when the page is not at hand or the
    negation may lie further back than a quote reaches (`_NEGATION_REACH`). Quoted alone, the words would say the
    opposite of what the record says."""
    quotes: dict[Span, str | None] = {}
    for fact in context.facts:
        if not _denies(fact):
            continue
        evidence = fact.evidence
        text = context.page_texts.get((evidence.document, evidence.page))
        begin, end = quote_bounds(text, evidence.start, evidence.end) if text else (0, 0)
        opening = text[begin:evidence.start] if text else ""
        if not text or len(opening) > _NEGATION_REACH:
            quotes[evidence.span] = None
            continue
        stop = end if end - begin <= QUOTE_REACH else evidence.end
        quotes[evidence.span] = " ".join(text[begin:stop].split())
    return quotes


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    # Keep acronyms and brand names as written (MRI, ESI, Norco); lower ordinary words and
    # generic drug names ("omeprazole").
    if first[:1].isupper() and first[1:].islower() and not _is_brand(first):
        return text[:1].lower() + text[1:]
    return text


def _is_brand(word: str) -> bool:
    """A drug's brand name ("Norco", "Ambien"), a proper noun wherever it stands."""
    from openimr.guidelines.drugs import lookup_drug

    drug = lookup_drug(word)
    return drug is not None and word.casefold() in {b.casefold() for b in drug.brands}
