"""The rules of the reviewer's worksheet that every caller (web, API, CLI) goes through.

- The clinical case summary is the reviewer's to edit: a sentence keeps the engine's quotes
  only while its words are the engine's; every edit is kept as a diff.
- A decision against what the criteria imply (`guidelines.basis.roll_up`) needs an
  override reason.
- A draft records the uploaded records it read (by hash); another upload or a removal makes
  it stale, and a re-draft keeps every reviewer edit beside the engine's new view.
- Evidence the reviewer attaches to a criterion is a quote found in the records: the
  document, page and character span are where it is read, never what the caller says.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from openimr.guidelines.basis import roll_up
from openimr.model import CaseDetermination, CriterionStatus, Decision, Document, Evidence
from openimr.model.determination import (
    CriterionResult,
    DocumentRead,
    ItemDetermination,
    SummarySentence,
)
from openimr.model.errors import InputError
from openimr.workflow.errors import Conflict

#: Longest summary a reviewer may write (the letter prints it in full).
MAX_SUMMARY_CHARS = 20_000
#: A quote the reviewer attaches: long enough to say something, short enough to be a quote.
MIN_QUOTE_CHARS, MAX_QUOTE_CHARS = 3, 2_000


def summary_lines(text: str) -> list[str]:
    """The summary as the reviewer typed it: one sentence or paragraph a line."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def revise_summary(before: list[SummarySentence], lines: Iterable[str]) -> list[SummarySentence]:
    """The summary with the reviewer's lines: an unchanged line keeps its sentence's evidence
    (and its edited mark), any other line is the reviewer's own words, without evidence."""
    kept = {s.text: s for s in before}
    revised = [kept.get(line) or SummarySentence(text=line, edited=True)
               for line in (" ".join(raw.split()) for raw in lines) if line]
    if not revised:
        raise InputError("summary: the clinical case summary cannot be empty")
    if sum(len(s.text) for s in revised) > MAX_SUMMARY_CHARS:
        raise InputError(f"summary: at most {MAX_SUMMARY_CHARS} characters")
    return [s.model_copy(deep=True) for s in revised]


def summary_diff(before: list[SummarySentence], after: list[SummarySentence]) -> str:
    """A line diff of the summary ("- " removed, "+ " added), empty when unchanged."""
    lines = difflib.ndiff([s.text for s in before], [s.text for s in after])
    return "\n".join(line for line in lines if line.startswith(("- ", "+ ")))


def edit_diff(before: CaseDetermination, after: CaseDetermination) -> str:
    """What an edit changed, a line each ("criterion ...: unknown -> met"), then the summary's
    line diff: the history shows it, so every change of the worksheet can be read back."""
    lines: list[str] = []
    drafted = {i.item_id: i for i in before.determinations}
    for item in after.determinations:
        prior = drafted.get(item.item_id)
        if prior is None:
            continue
        old = {c.id: c for c in prior.criteria}
        for criterion in item.criteria:
            was = old.get(criterion.id)
            if was is None:
                continue
            name = f"{item.item}, criterion “{criterion.text[:60]}”"
            if criterion.status is not was.status:
                lines.append(f"{name}: {_words(was.status)} -> {_words(criterion.status)}")
            if (criterion.reviewer_comment or "") != (was.reviewer_comment or ""):
                lines.append(f"{name}, comment: “{was.reviewer_comment or ''}” -> "
                             f"“{criterion.reviewer_comment or ''}”")
            added = {e.quote for e in criterion.evidence} - {e.quote for e in was.evidence}
            lines += [f"{name}, evidence added: “{quote}”" for quote in sorted(added)]
        if item.decision is not prior.decision:
            lines.append(f"{item.item}, decision: {_words(prior.decision)} -> "
                         f"{_words(item.decision)}")
        if item.rationale != prior.rationale:
            changed = difflib.ndiff(prior.rationale.splitlines(), item.rationale.splitlines())
            lines.append(f"{item.item}, rationale:")
            lines += [f"  {line}" for line in changed if line.startswith(("- ", "+ "))]
        if (item.override_reason or "") != (prior.override_reason or ""):
            lines.append(f"{item.item}, override reason: “{item.override_reason or ''}”")
    summary = summary_diff(before.summary, after.summary)
    if summary:
        lines += ["clinical summary:", summary]
    return "\n".join(lines)


def _words(value: Decision | CriterionStatus) -> str:
    return value.value.replace("_", " ")


def revert(current: CaseDetermination, engine: CaseDetermination,
           item_id: str | None = None) -> CaseDetermination:
    """The engine's draft in place of the reviewer's edits: of one item, or of every item
    and the summary. What the engine read stays the current draft's."""
    reverted = current.model_copy(deep=True)
    drafted = {i.item_id: i for i in engine.determinations}
    if item_id is not None and item_id not in drafted:
        raise InputError(f"item_id: the engine's draft has no item {item_id!r}")
    reverted.determinations = [
        drafted[i.item_id].model_copy(deep=True)
        if i.item_id in drafted and item_id in (None, i.item_id) else i
        for i in reverted.determinations]
    if item_id is None:
        reverted.summary = [s.model_copy(deep=True) for s in engine.summary]
        reverted.engine_summary = None
    return reverted


def implied_decision(item: ItemDetermination) -> Decision | None:
    """What the criteria imply, or None when there is nothing to roll up."""
    if item.decision is Decision.unsupported or not item.criteria:
        return None
    return roll_up(item.criteria)


def against_roll_up(item: ItemDetermination) -> bool:
    implied = implied_decision(item)
    return implied is not None and item.decision is not implied


def check_overrides(determination: CaseDetermination, *, signing: bool = False,
                    decided: set[str | None] | None = None) -> None:
    """A decision the criteria do not imply needs the reviewer's override reason: when the
    decision is set (only the items in `decided`) and when signing (every item). A criterion
    changed alone may leave the decision against the roll-up until the reviewer decides."""
    for item in determination.determinations:
        checked = signing or decided is None or item.item_id in decided
        if checked and against_roll_up(item) and not (item.override_reason or "").strip():
            implied = implied_decision(item)
            message = (f"the criteria of “{item.item}” imply {implied.value if implied else ''}"
                       f", the decision is {item.decision.value}: give an override reason or "
                       "change the decision")
            if signing:
                raise Conflict(message)
            raise InputError(f"override_reason: {message}", source=f"item {item.item_id}")
        if not against_roll_up(item):
            item.override_reason = None  # a reason for an override that no longer is one


def documents_read(files: Iterable[tuple[str, str]]) -> list[DocumentRead]:
    return [DocumentRead(sha256=sha, filename=name) for sha, name in files]


def staleness(read: list[DocumentRead] | None, current: Iterable[tuple[str, str]]) -> list[str]:
    """Why the draft no longer reflects the records: each record added or removed since."""
    if read is None:
        return []
    now = dict(current)
    then = {d.sha256: d.filename for d in read}
    return ([f"{name} was added after drafting" for sha, name in now.items() if sha not in then]
            + [f"{name} was removed after drafting" for sha, name in then.items()
               if sha not in now])


def merge_redraft(previous: CaseDetermination, engine_before: CaseDetermination | None,
                  fresh: CaseDetermination) -> CaseDetermination:
    """The engine's fresh draft with every reviewer edit of the previous draft kept; where
    the reviewer's choice stands, the engine's new view is set beside it to choose from."""
    old_engine = {i.item_id: i for i in engine_before.determinations} if engine_before else {}
    old = {i.item_id: i for i in previous.determinations}
    merged = fresh.model_copy(deep=True)
    for item in merged.determinations:
        prior, drafted = old.get(item.item_id), old_engine.get(item.item_id)
        if prior is None:
            continue
        edited = {c.id: c for c in prior.criteria if c.reviewer_comment}
        for criterion in item.criteria:
            mine = edited.get(criterion.id)
            if mine is None:
                continue
            engine_status, engine_explanation = criterion.status, criterion.explanation
            criterion.status, criterion.reviewer_comment = mine.status, mine.reviewer_comment
            criterion.evidence = mine.evidence
            if engine_status is not mine.status:
                criterion.engine_status = engine_status
                criterion.engine_explanation = engine_explanation
        decided = drafted is None or (prior.decision, prior.rationale) != (
            drafted.decision, drafted.rationale)
        if decided:
            if (item.decision, item.rationale) != (prior.decision, prior.rationale):
                item.engine_decision, item.engine_rationale = item.decision, item.rationale
            item.decision, item.rationale = prior.decision, prior.rationale
            item.override_reason = prior.override_reason
    if any(s.edited for s in previous.summary) or (
            engine_before is not None and previous.summary != engine_before.summary):
        if [s.text for s in fresh.summary] != [s.text for s in previous.summary]:
            merged.engine_summary = fresh.summary
        merged.summary = previous.summary
    return merged


def locate_quote(documents: list[Document], quote: str, document: str | None = None,
                 page: int | None = None) -> Evidence:
    """The evidence of `quote` where the records say it: the first place it is read, in the
    named document and page first. Line breaks and runs of spaces count as one space and
    case is ignored (a selection in the viewer, a quote typed from the page), so the span
    is of the page's own text. Not found: an `InputError` naming where it was looked for."""
    words = quote.split()
    text = " ".join(words)
    if not MIN_QUOTE_CHARS <= len(text) <= MAX_QUOTE_CHARS:
        raise InputError(f"quote: between {MIN_QUOTE_CHARS} and {MAX_QUOTE_CHARS} characters, "
                         "as it reads in the records")
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    named = [d for d in documents if document in (None, d.id)]
    if not named:
        raise InputError(f"document: the case has no record {document!r}")
    ordered = sorted(((d, n, p) for d in named for n, p in enumerate(d.pages, start=1)),
                     key=lambda dp: page is not None and dp[1] != page)
    for doc, number, candidate in ordered:
        found = pattern.search(candidate.text)
        if found:
            return Evidence(document=doc.id, page=number, start=found.start(), end=found.end(),
                            quote=found.group(0))
    where = f"{document}" + (f", page {page}" if page else "") if document else "the records"
    raise InputError(f"quote: “{text[:80]}” is not in {where}; quote the records as they read")


def added_evidence(before: CaseDetermination,
                   after: CaseDetermination) -> list[tuple[CriterionResult, int]]:
    """The evidence the reviewer added to a criterion: (the criterion, its index there)."""
    drafted = {(i.item_id, c.id): {(e.document, e.page, e.start, e.end) for e in c.evidence}
               for i in before.determinations for c in i.criteria}
    return [(criterion, n) for item in after.determinations for criterion in item.criteria
            for n, e in enumerate(criterion.evidence)
            if (e.document, e.page, e.start, e.end)
            not in drafted.get((item.item_id, criterion.id), set())]


def place_evidence(added: list[tuple[CriterionResult, int]], documents: list[Document]) -> None:
    """Each added piece of evidence where its quote is read in the records."""
    for criterion, n in added:
        given = criterion.evidence[n]
        criterion.evidence[n] = locate_quote(documents, given.quote, given.document, given.page)
