"""Utilization review's letter read by disputed item: the part of it that concerns each item,
the reason it states for denying one, and whether the review bears that reason out.

An IMR letter answers the denial under review: the parties read it to learn whether the
reason UR gave holds, and which guidelines UR cited for the item. One reader serves both
(`item_passages` for the guidelines the letter names, `ur_reasons` for the stated reason),
so the two never disagree on which part of a UR letter concerns an item. The UR decision
letter states a reason per item in a few shapes ("1) PT 2x3: NON-CERTIFY. <reason>",
"Cyclobenzaprine NON-CERTIFIED: <reason>", "Decision: MRI: <reason>"); the reason is read
only where the letter ties it to the item plainly, and never as a finding about the worker
(it is second-hand, 8 CCR 9792.10.6(b)(2)). Whether it holds is read off the requirement of
the review that speaks to it: the reason's distinctive words it shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from openimr.model import (
    CriterionResult,
    CriterionRole,
    CriterionStatus,
    Decision,
    Document,
    ItemDetermination,
)

#: The words with which a UR letter denies an item.
_DENIAL = re.compile(r"\b(?:non-?\s?certif(?:y|ied|ication)|not\s+certified|denied|denial|"
                     r"not\s+(?:medically\s+)?necessary)\b\s*(?:both\b)?\s*[-:.,;–—]*\s*",
                     re.IGNORECASE)
#: A denial told of an earlier review, not made by this letter ("was denied by a prior UR
#: on 01/2019", "previously non-certified"): it heads no reason of this decision.
_EARLIER_DENIAL_AFTER = re.compile(r"\s*(?:by|in|on|at|during|per)\s+(?:a|an|the)?\s*"
                                   r"(?:prior|previous|earlier|last|past)\b|\s*previously\b",
                                   re.IGNORECASE)
_EARLIER_DENIAL_BEFORE = re.compile(r"\b(?:previously|formerly|prior(?:ly)?|earlier|"
                                    r"last\s+(?:year|time|month))\b", re.IGNORECASE)
#: A decision that is not a denial: a reason headed so is no reason for denying the item.
_NOT_DENIED = re.compile(r"^(?:partially\s+)?(?:certified|approved|authori[sz]ed|modified)\b",
                         re.IGNORECASE)
#: A line of the letter that is no longer about an item's reason (its reviewer, its rights).
_AFTER_REASONS = re.compile(r"(?im)^\s*(?:reviewer|physician\s+(?:reviewer|advisor)|records?\s+"
                            r"reviewed|imr\b|right\s+to|if\s+you|this\s+decision|the\s+reviewer|"
                            r"california|cc:)")
#: A sentence of the letter about something else than the reason (its reviewer, its rights).
_BEYOND_REASON = re.compile(r"(?:(?<=[.;])|^)\s*(?=(?:this\s+(?:determination|decision)|you\s+may|"
                            r"documents?\s+reviewed|records?\s+reviewed|peer-to-peer|peer\s+review\b|p2p\b|your\s+"
                            r"right|reviewer|physician\s+(?:reviewer|advisor)|imr\b|if\s+you|"
                            r"the\s+reviewer|california|cc:)\b)", re.IGNORECASE)
#: Where a colon after the item's name heads its decision ("2) EMG/NCS: ...", "Decision:
#: MRI lumbar spine: ...", "Rationale: MRI: ... EMG/NCS: ..."): at the start of a line or a
#: sentence, after an item's number, or after the letter's decision label. A colon after
#: another label ("History: MRI: L4-5 protrusion, 2017") heads a report.
_COLON_HEAD_BEFORE = re.compile(
    r"(?:^|\n|[.;][ \t])[ \t]*(?:[-•*][ \t]*)?(?:\(?\d{1,2}[.)][ \t]*)?(?:(?:decision|determination|"
    r"rationale|reason|request(?:ed)?|item|service|treatment(?:\s+requested)?)[ \t]*:[ \t]*)?"
    r"(?:\(?\d{1,2}[.)][ \t]*)?(?:the\s+)?(?:request\s+for\s+)?(?:\w[\w/&-]*[ \t]+){0,2}$",
    re.IGNORECASE)
#: The next item's decision: a reason read after one head ends at it.
_NEXT_DECISION = re.compile(
    r"(?:^|\s)\d{1,2}[.)]\s+(?=[A-Z])|\b(?:decision|determination)\s*:|"
    # a request the letter decides that is not disputed here ("Brace: NON-CERT - ...")
    r"(?<=[.;]\s)[A-Z][\w/ -]{0,30}:\s*(?=(?:non-?\s?cert\w*|not\s+certified|denied|"
    r"certified|approved|modified)\b)", re.IGNORECASE)
#: A reason's opening conjunction ("is non-certified as there is ..."): not UR's statement.
_REASON_LEAD = re.compile(r"^(?:as|because|since|given\s+that)\s+", re.IGNORECASE)
#: Words of an item's name that do not name its treatment ("right", "x8", "sessions", "mg").
_FILLER = frozenset("""left right bilateral both the and with without for of to request requested
purchase rental home trial x per week weeks visits visit sessions session times units unit each
retrospective prospective repeat additional continued continue further outpatient qty mg mcg
ml tab tabs tablet tablets cap caps capsule capsules bid tid qid qhs prn daily month months
refill refills in on at or an by as is up""".split())
#: Body parts: they tell two items for one treatment apart, never one item from another.
_BODY = frozenset("""shoulder shoulders knee knees lumbar cervical thoracic lumbosacral spine back
neck hip hips wrist wrists hand hands ankle ankles foot feet elbow elbows lower upper extremity
extremities""".split())
_STOP = frozenset("""the and for with not are was were has have had this that than from into
when only been being does don't there their they them its it's also which while after before
request requested records record documented documentation guidelines guideline support supported
supports recommend recommended patient worker under over more less""".split())
#: Words shared by many requirements ("pain", "functional", "medication"): a reason and a
#: requirement that share only these speak of different things.
_GENERIC = frozenset("""pain relief medication medications functional function functioning
improvement improved improve treatment treatments evidence clinical findings objective
medical medically necessary necessity significant noted current prior without within should
would could further given other document indicate indicated provided submitted""".split())


def _words(item: str) -> list[str]:
    """The item's words that name something ("EMG/NCS", "MRI", "lumbar"), lower case."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z/&-]*[A-Za-z]", item)]
    return [w for w in words if w not in _FILLER]


def _acronyms(words: list[str]) -> list[str]:
    """The initials of three words of a treatment's name in a row, as letters name it
    ("platelet rich plasma" -> "PRP", "epidural steroid injection" -> "ESI"); two letters
    name too many things ("CT" is a scan, not cold therapy)."""
    treatment = [w for w in words if w not in _BODY]
    return [("".join(w[0] for w in treatment[n:n + 3])).upper()
            for n in range(len(treatment) - 2)]


def _names(items: list[str]) -> list[tuple[list[str], list[str]]]:
    """For each item, the words any of which names it in a letter (its first two treatment
    words and its last that no other item shares, or else its first), and the words that must stand with
    them to tell it from an item of the same treatment ("MRI lumbar" beside "MRI cervical")."""
    named = []
    words = [_words(item) for item in items]
    for index, own in enumerate(words):
        # its first two treatment words and its last, the thing itself ("injection")
        treatment = [w for w in own if w not in _BODY]
        treatment = list(dict.fromkeys([*treatment[:2], *treatment[-1:]])) or own[:1]
        others = [set(w) for n, w in enumerate(words) if n != index]
        shared = {w for other in others for w in other}
        distinct = [w for w in treatment if w not in shared]
        if distinct or not treatment:
            named.append(([*distinct, *_acronyms(own)], []))
            continue
        # every treatment word is another item's too: the first word the other lacks tells it
        telling = [next((w for w in own if w not in other), None) for other in others
                   if set(treatment) <= other]
        named.append((treatment[:1], [w for w in dict.fromkeys(telling) if w]))
    return named


@dataclass(frozen=True)
class Passage:
    """A part of a UR letter that concerns one disputed item."""

    item: int  #: the item's index among the disputed items
    start: int  #: where the passage starts: the sentence or entry that names the item
    name: int  #: where the letter names the item
    named_end: int  #: the end of the name
    end: int  #: where the next passage starts, or the letter's end
    head: int | None = None  #: where the item's decision's reason starts, when it opens one


#: How far from an item's treatment word the word that tells it from another may stand.
_NEAR = 40
#: An item's number inside a line ("1) MRI cervical 2) MRI lumbar"): the next item's start.
_INLINE_NUMBER = re.compile(r"(?:^|\s)\(?\d{1,2}[.)]\s")


def _near(text: str, start: int, end: int) -> str:
    """The words close to a name in its own sentence and entry ("Repeat [MRI] of the lumbar
    spine"), where the word telling it from a like item must stand."""
    left = text[max(_sentence_start(text, start), start - _NEAR):start]
    left = re.split(r"[.;:]\s", _INLINE_NUMBER.split(left)[-1])[-1]
    stop = _SENTENCE_STOP.search(text, end)
    right = text[end:min(stop.start() if stop else len(text), end + _NEAR)]
    return f"{left} {_INLINE_NUMBER.split(right)[0]}"


def _mentions(text: str, items: list[str]) -> list[tuple[int, int, int]]:
    """(item index, start, end) of every place the letter names an item, in order."""
    found: list[tuple[int, int, int]] = []
    for index, (words, telling) in enumerate(_names(items)):
        for word in words:
            # an acronym is read in capitals only ("PRP", not "prp" in a word list)
            flags = 0 if word.isupper() else re.IGNORECASE
            for match in re.finditer(rf"(?<![\w/]){re.escape(word)}(?![\w/])", text, flags):
                near = _near(text, match.start(), match.end())
                if all(re.search(rf"(?<![\w/]){re.escape(w)}(?![\w/])", near, re.I)
                       for w in telling):
                    found.append((index, match.start(), match.end()))
    found.sort(key=lambda m: m[1])
    # a name read twice (its two words, "physical therapy") is one mention
    return [m for n, m in enumerate(found) if n == 0 or m[0] != found[n - 1][0]
            or m[1] > found[n - 1][2] + 1]


#: Where a sentence of a letter starts: after a full stop (a semicolon's clause naming another
#: item stays with its sentence: "...; only after TENS failed"), a blank line, or at a
#: line that opens a new entry (a bullet, a number, a label such as "Decision:"); a line
#: that wraps a sentence starts none.
_SENTENCE_STOP = re.compile(
    r"\.\s+|\n[ \t]*\n|\n(?=[ \t]*(?:[-•*]|\(?\d{1,2}[.)]|"
    r"[A-Z][A-Za-z/&]{0,14}(?:[ \t][A-Za-z/&]{1,14}){0,2}[ \t]*:))")


def _sentence_start(text: str, position: int) -> int:
    start = 0
    for stop in _SENTENCE_STOP.finditer(text):  # the whole text: a label is read past position
        if stop.end() > position:
            break
        start = stop.end()
    return start


def _head(text: str, start: int, end: int, limit: int) -> int | None:
    """Where the reason starts, when the item named at start..end opens its decision: the
    name followed on its line by a denial ("Cyclobenzaprine NON-CERTIFIED: ...", not one told
    of a prior review: "was denied by a prior UR"), or by a colon at the head of a decision
    ("2) EMG/NCS: ...", not "History: MRI: L4-5 protrusion"). `limit`: the next name."""
    line_end = text.find("\n", end)
    line_end = line_end if line_end >= 0 else len(text)
    if text[end:line_end].rstrip().endswith(":"):  # "Cyclobenzaprine:\nnon-certified; ..."
        following = text.find("\n", line_end + 1)
        line_end = following if following >= 0 else len(text)
    after = text[end:min(limit, line_end, end + 100)]
    for denial in _DENIAL.finditer(after):
        if _EARLIER_DENIAL_BEFORE.search(text, start, end + denial.start()) or \
                _EARLIER_DENIAL_AFTER.match(after, denial.end()):
            continue
        return end + denial.end()
    colon = re.match(r"[^\n:.;]{0,40}?:\s*", after)
    if colon and _COLON_HEAD_BEFORE.search(text, 0, start):
        return end + colon.end()
    return None


def item_passages(text: str, items: list[str]) -> list[Passage]:
    """The parts of a UR letter's text that concern each disputed item, in order. A passage
    starts at the sentence (or numbered entry) that names its item and runs to the next
    passage; an item named within another item's sentence opens a passage only at the head
    of its own decision ("PRP and ultrasound guidance: non-certified") or its own entry
    ("1) MRI cervical 2) MRI lumbar"), and otherwise stays in that sentence's passage."""
    mentions = _mentions(text, items)
    passages: list[Passage] = []
    for position, (index, start, end) in enumerate(mentions):
        limit = next((m[1] for m in mentions[position + 1:] if m[1] > end), len(text))
        head = _head(text, start, end, limit)
        sentence = _sentence_start(text, start)
        entry = [m.end() for m in _INLINE_NUMBER.finditer(text, sentence, start)]
        if passages and sentence <= passages[-1].name:
            # the sentence of the previous passage: its own head or entry makes a new one
            if head is None and not (entry and entry[-1] > passages[-1].named_end):
                continue
            sentence = entry[-1] if entry and entry[-1] > passages[-1].named_end else \
                passages[-1].named_end
        elif entry:
            sentence = entry[-1]
        passages.append(Passage(item=index, start=sentence, name=start, named_end=end,
                                end=len(text), head=head))
    # each passage ends where the next one starts
    return [replace(p, end=passages[n + 1].start) if n + 1 < len(passages) else p
            for n, p in enumerate(passages)]


def _notices(text: str, passages: list[Passage]) -> int:
    """Where the letter's notices (its reviewer, the appeal rights) begin: the first such
    line after the letter first names an item."""
    if not passages:
        return len(text)
    line = text.find("\n", passages[0].name)
    stop = _AFTER_REASONS.search(text, pos=line + 1) if line >= 0 else None
    return stop.start() if stop else len(text)


def text_about(text: str, item: str, items: list[str]) -> str | None:
    """What a UR letter says of one item (`items`: every disputed item): its passages up to
    the letter's notices, with what the letter says of no item in particular (its preamble,
    the criteria its reviewer block names), or None when the letter does not name it."""
    items = items if item in items else [*items, item]
    index = items.index(item)
    passages = item_passages(text, items)
    notices = _notices(text, passages)
    parts = [text[p.start:min(p.end, notices)] for p in passages
             if p.item == index and p.name < notices]
    if not parts:
        return None
    return "\n".join([text[:passages[0].start], *parts, text[notices:]])


def ur_reasons(items: list[str], documents: list[Document]) -> dict[int, str]:
    """The reason the UR letters of the record give for denying each item, by item index;
    an item whose reason the letter does not tie to it plainly is left out."""
    from openimr.model.document import DocumentType
    from openimr.records.doctypes import classify

    reasons: dict[int, str] = {}
    for document in documents:
        if classify(document) is not DocumentType.ur_decision:
            continue
        text = document.text
        passages = item_passages(text, items)
        notices = _notices(text, passages)
        passages = [replace(p, end=min(p.end, notices)) for p in passages if p.name < notices]
        heads = [p.head for p in passages]
        for n, passage in enumerate(passages[:-1]):
            if heads[n] is None and heads[n + 1] is not None \
                    and passages[n + 1].start == passage.named_end \
                    and re.fullmatch(r"[^.;:\n]*\b(?:and|&)\s*|\s*[,/]\s*|\s*",
                                     text[passage.named_end:passages[n + 1].name]):
                heads[n] = heads[n + 1]  # one decision for both ("PRP and US guidance: ...")
        for n, passage in enumerate(passages):
            start = heads[n]
            if start is None or passage.item in reasons:
                continue
            # the reason: the passages of the items this decision is for, from its head to
            # the next decision of another item
            group = {p.item for p, head in zip(passages, heads, strict=True) if head == start}
            until = next((p.start for p, head in zip(passages[n + 1:], heads[n + 1:], strict=True)
                          if head is not None and head != start and p.item not in group), notices)
            parts = [text[max(p.start, start):min(p.end, until)] for p in passages[n:]
                     if p.item in group and p.start < until and p.end > start]
            segment = " ".join(" ".join(parts).split())
            # the next numbered item or decision label ends it; its "Rationale:" starts it
            segment = re.split(r"\b(?:rationale|reason)(?:\s+for\s+(?:the\s+)?decision)?\s*:\s*",
                               segment, flags=re.I)[-1]
            segment = _NEXT_DECISION.split(segment, maxsplit=1)[0]
            segment = _BEYOND_REASON.split(segment, maxsplit=1)[0]
            # a bracket the cut left open ("... GI symptoms. [Note: reviewer ...") is dropped
            segment = re.sub(r"\s*[\[(][^\])]*$", "", segment)
            segment = re.sub(r"\s\d{1,2}[.)]$", "", segment).strip(" -:;,")
            if denial := _DENIAL.match(segment):
                segment = segment[denial.end():].strip(" -:;,")
            if _NOT_DENIED.match(segment):
                continue  # certified or modified: no reason for a denial
            segment = _REASON_LEAD.sub("", segment)
            if len(re.findall(r"[A-Za-z]{3,}", segment)) >= 3:
                reasons[passage.item] = segment.rstrip(" ;,") + (
                    "" if segment.endswith(".") else ".")
    return reasons


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{3,}", text.lower())
            if w not in _STOP and w not in _GENERIC}


def _speaks_to(reason: str, results: list[CriterionResult]) -> CriterionResult | None:
    """The one requirement of the review whose distinctive words UR's reason shares (two at
    least, more than any other requirement shares). Distinctive: not a word most
    requirements use ("pain", "functional") nor one every requirement of the item has (its
    treatment's name)."""
    requirements = [r for r in results if r.role is CriterionRole.requirement]
    contents = [_content(f"{r.text} {r.explanation}") for r in requirements]
    everywhere = set.intersection(*contents) if len(contents) > 1 else set()
    words = _content(reason) - everywhere
    scored = sorted(((len(words & content), r) for content, r in zip(contents, requirements, strict=True)),
                    key=lambda s: -s[0])
    if not scored or scored[0][0] < 2 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


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

