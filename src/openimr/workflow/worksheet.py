"""The rules of the reviewer's worksheet that every caller (web, API, CLI) goes through.

- The clinical case summary is the reviewer's to edit: a sentence keeps the engine's quotes
  only while its words are the engine's; every edit is kept as a diff.
- A decision against what the criteria imply (`guidelines.basis.roll_up`) needs an
  override reason.
- A draft records the uploaded records it read (by hash); another upload or a removal makes
  it stale, and a re-draft keeps every reviewer edit beside the engine's new view.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from openimr.guidelines.basis import roll_up
from openimr.model import CaseDetermination, Decision
from openimr.model.determination import DocumentRead, ItemDetermination, SummarySentence
from openimr.model.errors import InputError
from openimr.workflow.errors import Conflict

#: Longest summary a reviewer may write (the letter prints it in full).
MAX_SUMMARY_CHARS = 20_000


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
