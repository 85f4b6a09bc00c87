"""What a predicate sees: the request, the case, the facts, and the topic's parameters in force."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from openimr.guidelines.documentation import (
    FAILURE,
    NEEDS_FAILURE_ON_PAGE,
    WORDS,
    Documented,
    concepts_of,
    denies,
)
from openimr.model import Case, Evidence, Fact, FactKind, TreatmentRequest
from openimr.model.determination import CriterionStatus
from openimr.model.wording import join_words, reviewer_note
from openimr.records.column_tables import PageTables, page_tables
from openimr.records.spans import CLAUSE_STOPS, SENTENCE_STOPS, around, quote_bounds

if TYPE_CHECKING:
    from openimr.guidelines.knowledge import Topic


@dataclass(frozen=True)
class Outcome:
    """A predicate's answer, with the evidence behind it and, when unknown, what was missing."""

    status: CriterionStatus
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    missing: tuple[str, ...] = ()
    #: What the records say the other way, when notes disagree and the later one settled it
    #: ("returned to work" in one note, "off work" in another): a physician must look at it.
    conflicting: tuple[Evidence, ...] = ()
    #: An outcome that is only an absence: every record was searched for the fact and none
    #: states it (`Context.none_documents`). A criterion a treating provider documents when it
    #: is so is not met on such an absence when the records are complete and readable
    #: (`Context.absent_after_search`); that not met still rests on no quote.
    absence: bool = False
    #: A met outcome that no treating record quotes: it rests only on the case file's list of
    #: diagnoses (the application's codes), which a physician checks against the notes.
    unquoted: bool = False
    #: For an outcome that joins the explanations of several checks (`all_of`, `any_of`):
    #: each check's sentence with its own evidence, so that a letter cites each quote after
    #: the sentence it supports, not all of them after the last one.
    parts: tuple[tuple[str, tuple[Evidence, ...]], ...] = ()

    @property
    def cited_parts(self) -> tuple[tuple[str, tuple[Evidence, ...]], ...]:
        """The sentences with the evidence of each: the parts, or the whole as one."""
        return self.parts or ((self.explanation, self.evidence),)

    @classmethod
    def met(cls, explanation: str, facts: Iterable[Fact] = ()) -> Outcome:
        return cls(CriterionStatus.met, explanation, evidence_of(facts))

    @classmethod
    def not_met(cls, explanation: str, facts: Iterable[Fact] = ()) -> Outcome:
        return cls(CriterionStatus.not_met, explanation, evidence_of(facts))

    @classmethod
    def unknown(cls, explanation: str, missing: str | Iterable[str], facts: Iterable[Fact] = ()) -> Outcome:
        items = (missing,) if isinstance(missing, str) else tuple(missing)
        return cls(CriterionStatus.unknown, explanation, evidence_of(facts), items,
                   absence=isinstance(explanation, Absence))


class Absence(str):
    """The sentence `Context.none_documents` writes: a statement that every record was searched
    and none states the fact. Its type, not its wording, tells an absence from other unknowns."""

    __slots__ = ()


def evidence_of(facts: Iterable[Fact]) -> tuple[Evidence, ...]:
    seen: set[tuple[str, int, int, int]] = set()
    out: list[Evidence] = []
    for fact in facts:
        key = (fact.evidence.document, fact.evidence.page, fact.evidence.start, fact.evidence.end)
        if key not in seen:
            seen.add(key)
            out.append(fact.evidence)
    return tuple(out)


@dataclass
class Context:
    request: TreatmentRequest
    case: Case
    facts: list[Fact]
    documents: list[str] = field(default_factory=list)
    #: Pages that could not be searched (scanned, without a text layer), as "document p. N".
    unreadable: list[str] = field(default_factory=list)
    as_of: dt.date | None = None
    topic: Topic | None = None
    #: Documents that are not the treating providers' records (UR letters, summaries).
    second_hand: frozenset[str] = frozenset()
    #: Operative and procedure reports: the date of such a note is the date of the procedure.
    procedure_reports: frozenset[str] = frozenset()
    #: Forms that report nothing of the worker's condition (a request for authorization, a
    #: medication list): first-hand, but no history or examination.
    forms: frozenset[str] = frozenset()
    #: The text of each page, by (document, page): what surrounds a fact's quote.
    page_texts: Mapping[tuple[str, int], str] = field(default_factory=dict)
    #: What second-hand records report counts as found: only in `as_if_first_hand`'s probe,
    #: never for a decision.
    second_hand_as_found: bool = False
    #: The date the case file gives each record, where it gives one: the note's own date,
    #: which the dates its sentences mention (a procedure told of, a visit before) are not.
    stated_dates: Mapping[str, dt.date] = field(default_factory=dict)
    #: What is found once from the fields above (`once`), and the facts and dates it was
    #: found from.
    _found: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """`make()`, found the first time `key` is asked of this context and kept while its
        facts and stated dates stay the same objects (and the facts as many): what a
        predicate derives from the whole case (each record's date) asked per fact made a long
        record's drafting grow with its square (issue 18)."""
        found, basis = self._found, (self.facts, len(self.facts), self.stated_dates)
        kept = found.get(" basis")
        if kept is None or kept[0] is not basis[0] or kept[1] != basis[1] \
                or kept[2] is not basis[2]:
            found.clear()
            found[" basis"] = basis
        if key not in found:
            found[key] = make()
        return found[key]

    def _of_kind(self, kind: FactKind) -> list[Fact]:
        """The facts of one kind, in order (the case's facts grouped by kind once)."""
        def group() -> dict[FactKind, list[Fact]]:
            by_kind: dict[FactKind, list[Fact]] = {}
            for fact in self.facts:
                by_kind.setdefault(fact.kind, []).append(fact)
            return by_kind
        return self.once("facts by kind", group).get(kind, [])  # type: ignore[no-any-return]

    def tables_of(self, document: str, page: int) -> PageTables:
        """What the page's flowsheets, lines of analgesia and tables of the pain and the drug
        by visit say, as the reader reads them (`records.column_tables.page_tables`)."""
        return page_tables(self.page_texts.get((document, page)) or "")

    @property
    def treating_reports(self) -> list[str]:
        """The treating providers' reports of the worker's condition: neither a second-hand
        record nor a form."""
        return [d for d in self.documents if d not in self.second_hand and d not in self.forms]

    @property
    def fully_searched(self) -> bool:
        """Every record could be read, its text is at hand, and a treating provider's report
        is among them: only then may the draft say a fact is not documented (*Bowen*,
        mtus-facts §2.5)."""
        return bool(self.treating_reports) and bool(self.page_texts) and not self.unreadable

    def absent_after_search(self, outcome: Outcome,
                            concepts: Documented | Sequence[Documented]) -> Outcome:
        """An unknown that is only an absence, for a criterion a treating provider documents
        when it is so (`documentation.Documented`): not met when the records are complete and
        readable and no treating record uses the words of the concept. When one does, the
        reader may have missed it: still unknown, and the physician is pointed to the words.
        A criterion met by any of several things ("a red flag, a neurologic sign or a failed
        course of therapy") names the concept of each: the words of any keep it unknown.
        Otherwise the outcome as it is."""
        if (outcome.status is not CriterionStatus.unknown or not outcome.absence
                or not self.fully_searched):
            return outcome
        spoken = next((e for e in map(self._words_of, concepts_of(concepts)) if e is not None),
                      None)
        if spoken is not None:
            # the draft's doubt is the physician's to resolve, not a finding for the parties
            # (the words are evidence for the worksheet, which the letter does not cite)
            return replace(outcome, explanation=(
                f"{outcome.explanation.rstrip()} " + reviewer_note(
                    f"{spoken.document}, page {spoken.page} speaks of it in words the draft "
                    "could not read as such: a physician must read them.")),
                evidence=(*outcome.evidence, spoken))
        reports = self.treating_reports
        searched = (f"the treating record submitted ({reports[0]}) was" if len(reports) == 1
                    else f"the {len(reports)} treating records submitted ({join_words(reports)}) "
                         "were all")
        return Outcome(CriterionStatus.not_met,
                       f"{outcome.explanation.rstrip()} " + reviewer_note(
                           f"A treating provider documents this when it is so, and {searched} "
                           "read without a word of it: the criterion is not met."),
                       outcome.evidence, outcome.missing, outcome.conflicting, absence=True)

    def as_if_first_hand(self) -> Context | None:
        """This context with what second-hand records report counted as found, or None when
        no fact is second-hand: a probe of whether an absence is only an absence of the
        treating providers' own record (`reported_only_second_hand`). Made once per context:
        every criterion of the item probes the same one (and shares what it finds once)."""
        def probe() -> Context | None:
            if not any(f.second_hand or f.evidence.document in self.second_hand
                       for f in self.facts):
                return None
            return replace(self, second_hand=frozenset(), second_hand_as_found=True)
        return self.once("as if first hand", probe)  # type: ignore[no-any-return]

    def reported_only_second_hand(self, outcome: Outcome, reported: Outcome) -> Outcome:
        """A not met that is only an absence of treating records, while a second-hand record
        (a summary of the provider's record, a UR letter's clinical summary) reports what the
        criterion asks (`reported`, the criterion read with those reports counted): the records
        do document it, second-hand, so the draft may not say no record does. It is unknown:
        a report alone settles nothing (8 CCR 9792.10.6(b)(2)), and the treating provider's
        own record of it is what is missing."""
        if not (outcome.status is CriterionStatus.not_met and outcome.absence
                and reported.status is CriterionStatus.met):
            return outcome
        where = join_words(sorted({e.document for e in reported.evidence})) or "a summary"
        said = next((f' ("{e.quote}")' for e in reported.evidence if e.quote), "")
        return Outcome(CriterionStatus.unknown,
                       f"Only a second-hand record reports it: {where}{said}. A report alone "
                       "settles no criterion (8 CCR 9792.10.6(b)(2)); the treating provider's "
                       "own record of it was not submitted.",
                       reported.evidence, ("the treating provider's own record of it",))

    def only_weak_mentions(self, outcome: Outcome) -> Outcome:
        """A met outcome that rests only on weak mentions is not established: for what a
        treating provider documents when it is so, a gain or a response must be written as
        current in a treating report, not only told as history, copied forward from an earlier
        note, put hypothetically, or claimed on a form (a request for authorization states what
        is asked, not what was found)."""
        if outcome.status is not CriterionStatus.met or not outcome.evidence:
            return outcome
        by_evidence = {f.evidence.span: f for f in self.facts}
        facts = [by_evidence.get(e.span) for e in outcome.evidence]
        if not all(e.document in self.forms or (f is not None and _weak_mention(f))
                   for e, f in zip(outcome.evidence, facts, strict=True)):
            return outcome
        return Outcome(CriterionStatus.unknown,
                       f"{outcome.explanation.rstrip('.')}, but only in a mention that is history, "
                       "copied forward, hypothetical or on a request form, which alone does not "
                       "establish it.", outcome.evidence,
                       ("a treating provider's current record of it",))

    def _words_of(self, concept: Documented) -> Evidence | None:
        """The first place a treating report uses the words of the concept, as evidence."""
        reports = set(self.treating_reports)
        for (document, page), text in self.page_texts.items():
            if document not in reports or not text:
                continue
            if concept in NEEDS_FAILURE_ON_PAGE and not FAILURE.search(text):
                continue
            for match in WORDS[concept].finditer(text):
                # the sentence, across the line breaks of wrapped text
                start, end = quote_bounds(text, match.start(), match.end())
                if not denies(concept, text[start:end], match.start() - start,
                              match.end() - start):
                    return Evidence(document=document, page=page, start=start, end=end,
                                    quote=" ".join(text[start:end].split()))
        return None

    @property
    def records_incomplete(self) -> bool:
        """Records were submitted, but none is a treating provider's report: the request and
        the UR decision alone (8 CCR 9792.10.5(a)(1) asks for the physician reports)."""
        return bool(self.documents) and not self.treating_reports

    def sentence_of(self, fact: Fact) -> str:
        """The sentence (or line group) of the page the fact was read from; its quote when the
        page text is not at hand."""
        return self._around(fact, SENTENCE_STOPS)

    def clause_of(self, fact: Fact) -> str:
        """The fact's sentence up to the semicolons on either side: "on it pain runs 3/10;
        during a lapse it was 7/10" speaks of a time off the drug only in its second clause."""
        return self._around(fact, CLAUSE_STOPS)

    def _around(self, fact: Fact, stops: tuple[str, ...]) -> str:
        evidence = fact.evidence
        text = self.page_texts.get((evidence.document, evidence.page))
        if not text:
            return evidence.quote
        return around(text, evidence.start, evidence.end, stops)

    def first_hand(self, outcome: Outcome) -> Outcome:
        """An outcome settled only on second-hand records is not settled.

        No IMR determination may rest solely on the UR decision's information
        (8 CCR 9792.10.6(b)(2)); a fact reported there can corroborate, never decide alone.
        """
        if (outcome.status is CriterionStatus.unknown or not outcome.evidence
                or not all(e.document in self.second_hand for e in outcome.evidence)):
            return outcome
        return Outcome(CriterionStatus.unknown,
                       f"{outcome.explanation.rstrip('.')}, but only a second-hand summary (the "
                       "UR decision) says so, and no determination may rest on it alone "
                       "(8 CCR 9792.10.6(b)(2)).",
                       outcome.evidence, ("the treating provider's own record of it",))

    def param(self, name: str) -> Any:
        assert self.topic is not None
        parameter = self.topic.parameters[name]
        if self.as_of is None:
            return parameter.values[max(parameter.values)]
        return parameter.at(self.as_of)

    def facts_of(self, kind: FactKind | str, *, asserted: bool | None = True, **where: Any) -> list[Fact]:
        """Facts of a kind whose value matches `where` (a list value means any of).

        `asserted=True` keeps present findings about the worker, `False` the negated ones,
        `None` both. Hypothetical and family mentions, and what second-hand records (UR
        letters, summaries) report, are never returned as findings.
        """
        kind = FactKind(kind)
        found = []
        for fact in self._of_kind(kind):
            if fact.hypothetical or fact.family:
                continue
            # What a UR letter or summary reports is not a finding of the treating records,
            # and text copied forward from an earlier note is not a new finding.
            if ((fact.second_hand and not self.second_hand_as_found)
                    or fact.evidence.document in self.second_hand or fact.copy_of is not None):
                continue
            # A target set for the treatment ("Goals: back to full shifts") is no finding.
            if self.set_as_goal(fact):
                continue
            if asserted is not None and fact.negated == asserted:
                continue
            if all(_matches(fact.value.get(key), wanted) for key, wanted in where.items()):
                found.append(fact)
        return found

    def set_as_goal(self, fact: Fact) -> bool:
        """The fact is an item of a list of goals: its sentence puts a goal label ("Goals:",
        "Target:", "LTG:") before it, and neither says the goal was reached ("Goals met:
        lifting 25 lb", "Goal: walks 30 min - achieved"). A goal is what the treatment aims
        at, not what the worker does (as "plan to" is not a thing done)."""
        evidence = fact.evidence
        text = self.page_texts.get((evidence.document, evidence.page))
        if not text:
            return False
        start = max(text.rfind(".", 0, evidence.start), text.rfind("\n", 0, evidence.start)) + 1
        ends = [i for i in (text.find(".", evidence.end), text.find("\n", evidence.end)) if i >= 0]
        sentence = text[start:min(ends) if ends else len(text)]
        label = _GOAL_LABEL.search(text, start, evidence.end)
        return label is not None and not _GOAL_REACHED.search(sentence)

    def none_documents(self, phrase: str) -> Absence:
        """A sentence stating an absence, with the proof that every record was searched.

        An absence is only ever stated this way (see *Bowen*, mtus-facts §2.5).
        """
        count = len(self.documents)
        scope = ("the only record was searched" if count == 1 else
                 "both records were searched" if count == 2 else
                 f"all {count} records were searched")
        second = [d for d in self.documents if d in self.second_hand]
        if second and not self.treating_reports:
            scope = "no treating provider's report was submitted"
        if second:
            # why a record was searched and not relied on is for the physician, not the parties
            scope += " " + reviewer_note(
                f"{join_words(second)} {'is' if len(second) == 1 else 'are'} second-hand (UR "
                "decision or summary) and not read as findings, 8 CCR 9792.10.6(b)(2)")
        if self.unreadable:
            pages = ", ".join(self.unreadable[:5]) + (", ..." if len(self.unreadable) > 5 else "")
            count = len(self.unreadable)
            plural = "s" if count != 1 else ""
            # a page OCR read below the confidence floor is named with its reason
            what = ("without a text layer could not be read"
                    if not any("not reliably read" in p for p in self.unreadable)
                    else "could not be read, or not reliably (no text layer, or OCR below "
                         "the confidence floor)")
            return Absence(f"No readable record submitted {phrase} ({scope}, but {count} "
                           f"page{plural} {what}: {pages}; the reviewer must read them).")
        return Absence(f"No record submitted {phrase} ({scope}).")


#: A label that opens a list of goals (short- and long-term goals of a therapy plan).
_GOAL_LABEL = re.compile(r"\b(?:goals?|targets?|(?-i:STG|LTG)s?)\s*:", re.IGNORECASE)
#: Words that tell a goal reached: then the item is a result.
_GOAL_REACHED = re.compile(r"\b(?:met|achieved|reached|attained|accomplished)\b",
                           re.IGNORECASE)



def _weak_mention(fact: Fact) -> bool:
    """Told as history (not a documented absence), hypothetical, or copied forward."""
    absence = fact.negated or fact.value.get("count") == 0 or fact.value.get("present") is False
    return fact.hypothetical or fact.copy_of is not None or (fact.historical and not absence)


def _matches(actual: Any, wanted: Any) -> bool:
    if isinstance(wanted, list | tuple | set):
        return actual in wanted
    return actual == wanted
