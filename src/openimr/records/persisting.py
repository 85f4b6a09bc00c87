"""Trials told by their span and the complaint that outlasts them.

A note often tells a trial by how long it went on, not by its result: "night splint since
2015 ... numbness persists", "He has completed eight weeks of therapy. ... another locking
episode". A completed trial followed by persisting symptoms is a failure (issue 12 §1); these
readers find the two statements, each with its evidence, for the decision engine to judge.
"""

from __future__ import annotations

import re

from openimr.model.facts import Evidence

#: Words that tell of benefit: a trial told with them is not told as failed.
BENEFIT = re.compile(r"\b(?:help\w*|relie\w*|resolv\w*|improv\w*|better|benefit\w*|"
                     r"effective|works?|worked|controll?\w*)\b", re.IGNORECASE)
#: A splint, brace or pad worn for a while: "night splint since 2015", "extension splint worn
#: nightly", "wrist brace x 8 weeks", "elbow pad at work for three months".
_WORN_DEVICE = re.compile(
    r"\b(?:splints?|splinting|braces?|bracing|orthos[ie]s|orthotics?|(?:elbow\s+)?pads?|"
    r"sleeves?|straps?|spica)\b[^.;\n]{0,40}?\b(?:since|for|x|nightly|at\s+night|worn|"
    r"every\s+night|daily)\b", re.IGNORECASE)
#: A device only planned or prescribed today, told before it: no trial.
_DEVICE_PLANNED = re.compile(r"\b(?:plan|request\w*|recommend\w*|prescrib\w*|order\w*|dispens\w*|"
                             r"will|to\s+(?:wear|use|start))\b", re.IGNORECASE)
#: The complaint goes on after it: "numbness persists", "tingling unchanged", "still numb".
_STILL_THERE = re.compile(
    r"\b(?:persist\w*|unchanged|continu\w*|still|no\s+(?:better|change|improvement|relief)|"
    r"not\s+(?:improved|better|helped)|worse\w*|returned|recurr\w*|without\s+(?:improvement|"
    r"relief|benefit))\b", re.IGNORECASE)
#: A course of therapy told by its span, not its visits: "completed eight weeks of therapy",
#: "has been in physical therapy since February", "after 6 weeks of PT".
_COURSE_SPAN = re.compile(
    r"\b(?:completed|finished|had|has\s+had|after|(?:has\s+)?been\s+in|attended|did)\s+"
    r"(?:(?:about|over|nearly|almost|\w+|\d+)\s+){0,2}(?:weeks?|months?|wks?|mos?)\s+of\s+"
    r"(?:formal\s+|physical\s+|occupational\s+|hand\s+)?(?:therapy|PT|OT|rehab\w*)\b|"
    r"\b(?:has\s+been|was)\s+in\s+(?:formal\s+|physical\s+|occupational\s+|hand\s+)?"
    r"(?:therapy|PT|OT)\s+(?:since|for)\b", re.IGNORECASE)
#: A course only planned, requested or to go on, told before it: no completed course.
_COURSE_PLANNED = re.compile(r"\b(?:plan|request\w*|recommend\w*|refer\w*|order\w*|will|"
                             r"continue\w*)\b", re.IGNORECASE)
#: The plan of the note: what follows it is no finding.
_PLAN = re.compile(r"\b(?:plan|recommend\w*|request\w*)\b", re.IGNORECASE)
#: What a note still finds after such a course: a complaint the later sentences say goes on.
_AGAIN = re.compile(r"\b(?:again|another\s+(?:\w+\s+)?(?:episode|flare|locking|giving\s+way))\b",
                    re.IGNORECASE)
#: How far after the course the note is read for the complaint.
_LATER_CHARS = 400


def worn_and_persisting(document: str, page: int, text: str) -> list[Evidence]:
    """A splint, brace or pad the page tells as worn for a while (since a date, for a span,
    nightly), with no word of benefit, and the complaint the page says persists in the same
    sentence or the next: the sentence (and the next, when it tells the persistence), for
    each such device. A device only planned or prescribed today is no trial."""
    found: list[Evidence] = []
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^.;\n]+[.;]?", text)]
    for index, (start, end) in enumerate(parts):
        sentence = text[start:end]
        worn = _WORN_DEVICE.search(sentence)
        if worn is None or BENEFIT.search(sentence) or _DEVICE_PLANNED.search(
                sentence[:worn.start()]):
            continue
        rest = sentence[worn.end():]
        nxt = text[parts[index + 1][0]:parts[index + 1][1]] if index + 1 < len(parts) else ""
        for chunk, at in ((rest, start + worn.end()), (nxt, parts[index + 1][0] if nxt else 0)):
            still = _STILL_THERE.search(chunk)
            if still and not BENEFIT.search(chunk[:still.start()]):
                found.append(Evidence(document=document, page=page, start=start, end=end,
                                      quote=" ".join(sentence.split())))
                if chunk is nxt:
                    found.append(Evidence(document=document, page=page,
                                          start=at, end=at + len(nxt),
                                          quote=" ".join(nxt.split())))
                break
    return found


def course_span_and_persisting(document: str, page: int, text: str) -> list[Evidence]:
    """The first course of therapy the page tells by its span ("He has completed eight weeks
    of therapy"), with no word of benefit, followed within the note (before its plan) by a
    complaint that goes on ("another locking episode", "extension still lacks 10 degrees"):
    the course's sentence and the complaint's, or none. A plan or request for therapy is no
    course."""
    for course in _COURSE_SPAN.finditer(text):
        begin = max(text.rfind(".", 0, course.start()), text.rfind("\n\n", 0,
                                                                    course.start())) + 1
        stop = text.find(".", course.end())
        stop = len(text) if stop < 0 else stop + 1
        sentence = text[begin:stop]
        if BENEFIT.search(sentence) or _COURSE_PLANNED.search(text[begin:course.start()]):
            continue
        later = text[stop:stop + _LATER_CHARS]
        plan = _PLAN.search(later)
        later = later[:plan.start()] if plan else later
        still = _STILL_THERE.search(later) or _AGAIN.search(later)
        if still is None or BENEFIT.search(later[:still.start()]):
            continue
        at = text.rfind(".", 0, stop + still.start()) + 1
        end = text.find(".", stop + still.end())
        end = len(text) if end < 0 else end + 1
        return [Evidence(document=document, page=page, start=begin, end=stop,
                         quote=" ".join(sentence.split())),
                Evidence(document=document, page=page, start=at, end=end,
                         quote=" ".join(text[at:end].split()))]
    return []
