"""What a note is talking about when a sentence judges a treatment without naming it.

Clinical prose names a treatment once and then judges it in the next sentence: "Completed 8
sessions of acupuncture. No lasting benefit.", "He tried a wrist splint for a month.
Response: minimal.", "Naproxen and a TENS unit were tried. Neither did anything." The
outcome sentence is about the treatment under discussion: the treatments of the nearest
earlier sentence of the same paragraph that names any (the *topic*), not further back than
a couple of sentences, and never across a blank line (a new paragraph is a new topic) nor
from one item of a list or row of a table to the next (each is about its own treatment).
"""

from __future__ import annotations

import re

from openimr.records.kinds.history import _CLASS_TREATMENT, COURSE_TREATMENTS, treatment_mentions
from openimr.records.pipeline import sentence_starts

#: how far back a topic is carried: the sentences between it and the outcome, and characters
TOPIC_SENTENCES = 2
TOPIC_CHARS = 400
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
#: A sentence that speaks of several treatments at once ("Neither helped", "none of these
#: made a difference", "all of it"): it judges every treatment of the topic, not the last.
_COLLECTIVE_RE = re.compile(
    r"\b(?:neither|none\s+of|both|all\s+of|any\s+of|each\s+of|either\s+of|every\s+one\s+of|"
    r"all\s+(?:have|had|were|did|gave|helped|failed)|all\s+(?:three|four|"
    r"these|those|the\s+above)|these\s+(?:treatments|measures|modalities|therapies)|"
    r"(?:the\s+)?above\s+(?:treatments|measures))\b", re.IGNORECASE)


#: the treatments that are courses of visits, and those that are drugs
_COURSES = frozenset(COURSE_TREATMENTS.values()) | {"home_exercise"}
_DRUGS = frozenset(_CLASS_TREATMENT.values()) | {"first_line_neuropathic", "other"}
#: The kind of treatment a sentence refers to without naming it ("the therapy got her motion
#: back some", "the pills help for a few hours", "the second shot did nothing"): only a
#: topic of that kind can be what it judges.
_REFERENTS: list[tuple[re.Pattern[str], frozenset[str]]] = [
    (re.compile(pattern, re.IGNORECASE), kinds) for pattern, kinds in [
        (r"\b(?:therapy|therapist|sessions?|visits?|treatments?|program|course|exercises|"
         r"stretches|adjustments|manipulations?|needles|needling)\b", _COURSES),
        (r"\b(?:injections?|shots?|blocks?|procedure)\b", frozenset({"injection", "other"})),
        # "that last round helped for a few weeks": a round or series of visits or of shots
        (r"\b(?:rounds?|series)\b", _COURSES | {"injection"}),
        (r"\b(?:pills?|medications?|medicines?|meds|drugs?|tablets?|doses?|patch(?:es)?|"
         r"creams?|gels?)\b", _DRUGS),
        (r"\b(?:braces?|splints?|unit|device|machine|orthos[ie]s)\b",
         frozenset({"bracing", "tens"})),
    ]
]
#: What may stand before an outcome phrase whose treatment is the topic: function words
#: (pronouns, determiners, auxiliaries, reporting verbs, ordinals: "She says it did
#: nothing", "Frankly, they did not change much", "the second did nothing") and the nouns
#: that refer to a kind of treatment ("the sessions did not change much"). Any other word
#: is what the outcome is about ("Melatonin does nothing", "Pain unchanged after ...", a
#: drug or procedure the vocabulary does not know), not the treatment before it.
_LEAD_WORD_RE = re.compile(
    r"it|its|this|that|these|those|they|them|he|she|his|her|him|me|i|we|the|a|an|and|but|"
    r"so|then|now|all|both|neither|none|each|every|one|of|have|has|had|was|were|is|are|"
    r"been|be|did|does|do|says?|said|reports?|reported|states?|stated|notes?|noted|feels?|"
    r"felt|tells?|told|thinks?|which|because|unfortunately|frankly|honestly|overall|still|"
    r"essentially|basically|noticed|first|second|third|last|response|results?|pt|patient|"
    r"there|again|only|also|however|far|since|with|to|date|latest|recent|previous|prior|whole|"
    r"entire|my|our|their|your", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z]+")


def anaphoric_lead(text: str) -> bool:
    """Whether the words before an outcome phrase leave its treatment to the topic: every
    word is a function word or a noun that refers to a kind of treatment."""
    return all(_LEAD_WORD_RE.fullmatch(word) or any(
        pattern.fullmatch(word) for pattern, _kinds in _REFERENTS)
        for word in _WORD_RE.findall(text))


#: A sentence that opens with the worker's quoted words, after at most a speaker's tag ('"Honestly
#: no real change."', 'Pt: "the knot is the same."', 'S: "can't tell much difference"'): told
#: right after a treatment, it is the worker's verdict on that treatment, whatever noun it
#: starts with ("Neck moves better ...", "First time in years ..."), as a pronoun's would be.
_QUOTED_OPENING_RE = re.compile(
    r"\s*(?:(?:S|Subj|Subjective|Pt|Patient|IW|Per\s+pt|Pt\s+states|Pt\s+reports)\s*[:-]?\s*)?"
    r"[\"\u201c]", re.IGNORECASE)


def quoted_verdict(sentence: str, at: int | None = None) -> bool:
    """Whether the sentence opens with a quotation (`_QUOTED_OPENING_RE`), and the words at
    `at` (when given) stand inside it: the quotation is not closed before them."""
    opening = _QUOTED_OPENING_RE.match(sentence)
    if opening is None:
        return False
    if at is None:
        return True
    return at >= opening.end() - 1 and not re.search(r"[\"\u201d]", sentence[opening.end():at])


def referred_to(sentence: str, carried: list[tuple[int, int, str]]
                ) -> list[tuple[int, int, str]]:
    """The topic's treatments a sentence can be about: those of the kind it refers to
    ("the therapy", "the pills"), when it refers to a kind; all of them otherwise."""
    kinds = [k for pattern, k in _REFERENTS if pattern.search(sentence)]
    if not kinds:
        return carried
    wanted = frozenset().union(*kinds)
    return [item for item in carried if item[2] in wanted]


def collective(sentence: str) -> bool:
    """Whether a sentence speaks of all the treatments under discussion at once."""
    return _COLLECTIVE_RE.search(sentence) is not None


#: A line that opens an item of a list ("3. ", "- ", "[x] ") or a row of a table.
_ITEM_RE = re.compile(r"\s*(?:\d{1,2}[.)]|[-\u2022*]|\[[ xX]?\])\s|[^\n]*\|")


def topic(before: str, sentence: str = "", *, wide: bool = False
          ) -> list[tuple[int, int, str]]:
    """The treatments under discussion at the end of `before` (the page text before a
    sentence, line breaks kept), (start, end, treatment) with offsets into `before`: those
    of the nearest earlier sentence of the same paragraph that names one, at most
    `TOPIC_SENTENCES` sentences and `TOPIC_CHARS` characters back. Empty when the paragraph
    names none there, or when `sentence` opens an item of a list or a row of a table (each
    item is about its own treatment; so is the rest of the item the sentence is in)."""
    window_start = max(0, len(before) - TOPIC_CHARS)
    breaks = list(_PARAGRAPH_BREAK_RE.finditer(before, window_start))
    if breaks and not before[breaks[-1].end():].strip():
        return []  # the sentence opens a paragraph
    start = breaks[-1].end() if breaks else window_start
    line_start = before.rfind("\n") + 1
    if line_start >= len(before.rstrip(" \t")):  # the sentence opens a line
        if _ITEM_RE.match(sentence):
            return []  # a new item of a list, a new row of a table
    elif _ITEM_RE.match(before, line_start):
        start = max(start, line_start)  # inside an item: only the item's own words
    paragraph = before[start:]
    starts = sorted(s for s in sentence_starts(paragraph) if s < len(paragraph))
    if not starts or starts[0] != 0:
        starts.insert(0, 0)  # the window's cut opens a (partial) sentence
    bounds = [(s, e) for s, e in zip(starts, [*starts[1:], len(paragraph)], strict=True)]
    for s, e in list(reversed(bounds))[:TOPIC_SENTENCES]:
        named = treatment_mentions(paragraph[s:e].replace("\n", " "), wide=wide)
        if named:
            return [(start + s + m_start, start + s + m_end, name)
                    for m_start, m_end, name in named]
    return []
