"""Utilization review's stated reason for denying an item, and whether the review bears it out.

An IMR letter answers the denial under review: the parties read it to learn whether the
reason UR gave holds. The UR decision letter states a reason per item in a few shapes ("1) PT
2x3: NON-CERTIFY. <reason>", "Cyclobenzaprine NON-CERTIFIED: <reason>", "Rationale: MRI:
<reason> EMG/NCS: <reason>"); the reason is read only where the letter ties it to the item
plainly, and never as a finding about the worker (it is second-hand, 8 CCR 9792.10.6(b)(2)).
Whether it holds is read off the criterion of the review that speaks to it: words shared with
the reason's own words.
"""

from __future__ import annotations

import re

from openimr.model import (
    CriterionResult,
    CriterionRole,
    CriterionStatus,
    Decision,
    Document,
    ItemDetermination,
)

#: The words with which a UR letter denies an item.
_DENIAL = re.compile(r"\b(?:non-?certif(?:y|ied|ication)|not\s+certified|denied|denial|"
                     r"not\s+(?:medically\s+)?necessary)\b\s*(?:both\b)?\s*[-:.,;–—]*\s*",
                     re.IGNORECASE)
#: A line of the letter that is no longer about an item's reason (its reviewer, its rights).
_AFTER_REASONS = re.compile(r"(?im)^\s*(?:reviewer|physician\s+(?:reviewer|advisor)|records?\s+"
                            r"reviewed|imr\b|right\s+to|if\s+you|this\s+decision|the\s+reviewer|"
                            r"california|cc:)")
#: A sentence of the letter about something else than the reason (its reviewer, its rights).
_BEYOND_REASON = re.compile(r"(?:(?<=[.;])|^)\s*(?=(?:this\s+(?:determination|decision)|you\s+may|"
                            r"documents?\s+reviewed|records?\s+reviewed|peer-to-peer|your\s+"
                            r"right|reviewer|physician\s+(?:reviewer|advisor)|imr\b|if\s+you|"
                            r"the\s+reviewer|california|cc:)\b)", re.IGNORECASE)
#: Words of an item that do not tell it from another ("Left", "right", "request").
#: Body parts too: two items for one shoulder share them.
_COMMON = frozenset("""left right bilateral both the and with for of request requested purchase
rental home trial x per week weeks visits visit each retrospective prospective shoulder knee
lumbar cervical thoracic spine back neck hip wrist hand ankle foot elbow lower upper
extremity extremities""".split())
_STOP = frozenset("""the and for with not are was were has have had this that than from into
when only been being does don't there their they them its it's also which while after before
request requested records record documented documentation guidelines guideline support supported
supports recommend recommended patient worker under over more less""".split())


def _keywords(item: str) -> list[str]:
    """The item's distinctive words, in order: "EMG/NCS", "MRI", "Cyclobenzaprine"."""
    words = re.findall(r"[A-Za-z][A-Za-z/&-]*[A-Za-z]", item)
    return [w for w in words if w.lower() not in _COMMON and len(w) > 1]


def _anchors(text: str, items: list[str]) -> list[tuple[int, int, int]]:
    """(item index, start of the item's mention, start of its reason) for every item the
    letter names at the head of its own decision: the item's word followed on its line by a
    denial ("Cyclobenzaprine NON-CERTIFIED: ...") or by a colon ("EMG/NCS: ..."). A list of
    the requests ("Requests: 1) PT 2x3 2) ...") is no such head."""
    found: list[tuple[int, int, int]] = []
    for index, item in enumerate(items):
        for word in _keywords(item):
            head = None
            for match in re.finditer(rf"(?<![\w/]){re.escape(word)}(?![\w/])", text, re.I):
                if any(match.start() == other[1] for other in found):
                    continue  # the head of another item's decision
                if colon := re.match(r"\s*:\s*", text[match.end():]):
                    head = (index, match.start(), match.end() + colon.end())
                    break
                line = text[match.end():match.end() + 100].split("\n", 1)[0]
                if denial := _DENIAL.search(line):
                    head = (index, match.start(), match.end() + denial.end())
                    break
            if head:
                found.append(head)
                break
    return sorted(found, key=lambda a: a[1])


def ur_reasons(items: list[str], documents: list[Document]) -> dict[int, str]:
    """The reason the UR letters of the record give for denying each item, by item index;
    an item whose reason the letter does not tie to it plainly is left out."""
    from openimr.model.document import DocumentType
    from openimr.records.doctypes import classify

    reasons: dict[int, str] = {}
    for document in documents:
        if classify(document) is not DocumentType.ur_decision:
            continue
        text = "\n".join(page.text for page in document.pages)
        stop = _AFTER_REASONS.search(text, pos=text.find("\n") + 1)
        end_of_reasons = stop.start() if stop else len(text)
        anchors = [a for a in _anchors(text, items) if a[1] < end_of_reasons]
        for position, (index, _, start) in enumerate(anchors):
            following = anchors[position + 1][1] if position + 1 < len(anchors) else end_of_reasons
            segment = " ".join(text[start:following].split())
            # the next numbered item ends it; its "Rationale:" starts it
            segment = re.split(r"(?:^|\s)\d{1,2}[.)]\s+(?=[A-Z])", segment, maxsplit=1)[0]
            segment = re.split(r"\b(?:rationale|reason)\s*:\s*", segment, flags=re.I)[-1]
            segment = _BEYOND_REASON.split(segment, maxsplit=1)[0]
            # a bracket the cut left open ("... GI symptoms. [Note: reviewer ...") is dropped
            segment = re.sub(r"\s*[\[(][^\])]*$", "", segment)
            segment = re.sub(r"\s\d{1,2}[.)]$", "", segment).strip(" -:;,")
            if denial := _DENIAL.match(segment):
                segment = segment[denial.end():].strip(" -:;,")
            if len(re.findall(r"[A-Za-z]{3,}", segment)) >= 3 and index not in reasons:
                reasons[index] = segment.rstrip(" ;,") + ("" if segment.endswith(".") else ".")
    return reasons


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{3,}", text.lower()) if w not in _STOP}


def _speaks_to(reason: str, results: list[CriterionResult]) -> CriterionResult | None:
    """The requirement of the review that shares most words with UR's reason (three at least);
    of two as close, one the records do not meet (the review's own ground for a denial)."""
    words = _content(reason)
    scored = [(len(words & _content(f"{r.text} {r.explanation}")),
               r.status is not CriterionStatus.met, -n, r)
              for n, r in enumerate(results) if r.role is CriterionRole.requirement]
    best = max(scored, key=lambda s: s[:3], default=None)
    return best[3] if best and best[0] >= 3 else None


def answer(determination: ItemDetermination, reason: str, when: str) -> str | None:
    """The sentence that answers UR's reason: it does not hold when the item is overturned
    (every requirement is met; the one that speaks to the reason is named); it holds when the
    requirement that speaks to it is not met or not shown; otherwise the review upholds the
    denial on its own grounds, and says so rather than endorse a reason it did not find."""
    if determination.decision not in (Decision.upheld, Decision.overturned):
        return None
    said = f"The utilization review{when} denied the request, stating: \"{reason.rstrip('.')}\"."
    criterion = _speaks_to(reason, determination.criteria)
    if determination.decision is Decision.overturned:
        if criterion is not None and criterion.status is CriterionStatus.met:
            return (f"{said} That reason does not hold: the requirement it rests on "
                    f"({criterion.text.rstrip('.')}) is met, as set out above.")
        return f"{said} That reason does not hold: the records meet every requirement above."
    if criterion is not None and criterion.status is not CriterionStatus.met:
        return f"{said} That reason holds, as set out above."
    return f"{said} The denial is upheld on the grounds set out above."

