"""One reading of a relief as written: "N% relief for M weeks/months".

The injection reader (`kinds.history`, a relief told beside its procedure) and the reader of
later notes (`injection_relief`, a relief told apart from it) turn what they find into
numbers here, by one convention:

- a percentage is a whole number; a range reads at its middle, rounded down ("50-60%" is
  55, corpus convention 12); a tens word is its figure ("seventy-five percent" is 75), OCR's
  letter O a zero ("6O%"); a share in words is its percentage ("half" 50, "two-thirds" 67);
- a span is counted in weeks, to two decimals: a month is 52/12 weeks (`WEEKS_PER_MONTH`, as
  everywhere else), a day 1/7, an hour 1/168; a range reads at its middle ("2-3 weeks" is
  2.5, "~12-13 weeks" 12.5); "a"/"an" is one;
- a result told by its span alone ("gave him two good weeks", "took the edge off for about
  ten days", "helped 'about a month'") is read by `RESULT_SPAN` and `result_span_weeks`.
"""

from __future__ import annotations

import re

from openimr.model.numbers import NUMBER_WORDS, WEEKS_PER_MONTH, number_words

#: The tens a relief is told in words ("maybe seventy percent", "sixty-five percent").
PERCENT_WORDS = {"ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                 "seventy": 70, "eighty": 80, "ninety": 90}
#: A percentage's figure as written: "60", OCR's "6O", "seventy", "sixty-five".
PERCENT_NUMBER = rf"(?:\d{{1,3}}|\d[Oo]|(?:{'|'.join(PERCENT_WORDS)})(?:[- ]five)?)"
#: The share of relief a word names ("cut the pain in half" is 50%, "two-thirds better" 67%).
SHARE_WORDS = {"half": 50, "third": 33, "thirds": 67, "quarter": 25, "quarters": 75}
#: A span's unit, in weeks, by its first letters ("wks", "mos" too).
_UNIT_WEEKS = {"h": 1 / 168, "d": 1 / 7, "w": 1.0, "m": WEEKS_PER_MONTH}
_COUNT_WORDS = NUMBER_WORDS | {"a": 1, "an": 1}


#: What a drug's use is counted in: "pain medication", "pain pills", "meds", "Norco use". A
#: share of these less is less medication, not relief ("60% less pain medication", "a 50%
#: reduction in pain meds").
DRUG_NOUN = (r"(?:medic\w*|meds?|pills?|killers?|relievers?|tablets?|tabs?|capsules?|opioids?|"
             r"narcotics?|analgesics?|doses?|dosing)\b")
#: Not a share of a drug's use, after "reduction", "decrease" or "improvement": "in (his) pain
#: medication", "in Norco use", "of opioid intake".
OF_A_DRUG = (r"(?!\s+(?:in|of)\s+(?:(?:his|her|their|the|daily|total)\s+)?"
             r"(?:(?:(?:pain|opioid|narcotic|analgesic)\s*-?\s*)?" + DRUG_NOUN +
             r"|[\w/-]+\s+(?:use|usage|intake|consumption)\b))")
#: Not "less pain medication", "less meds": a drug's use less, not pain.
LESS_NO_DRUG = r"less(?!\s+(?:[\w-]+\s+){0,2}?(?:pain\s*-?\s*)?" + DRUG_NOUN + ")"


def percent_pattern(low: str = "lo", high: str = "hi", number: str = PERCENT_NUMBER) -> str:
    """A relief in percent as written, a figure or a range of two ("60%", "50-60%", "50 to
    60 percent"), its figures in the groups `low` and `high` (`percent_told` reads them).
    A figure starts a number: "3/2023 - 90%" is a date and 90%, never a range from 23."""
    return (rf"(?<![\w/.])(?P<{low}>{number})(?:\s*%?\s*(?:-|to)\s*(?P<{high}>{number}))?"
            r"\s*(?:%|percent|per\s+cent)")


def _percent_of(text: str) -> int:
    text = text.strip().lower()
    if text[:1].isdigit():
        return int(text.replace("o", "0"))
    tens, _sep, five = text.replace("-", " ").partition(" ")
    return PERCENT_WORDS[tens] + (5 if five else 0)


def percent_told(low: str, high: str | None = None) -> int:
    """The percentage a figure, or a range of two, tells: a range's middle, rounded down."""
    value = _percent_of(low)
    return (value + _percent_of(high)) // 2 if high else value


def share_told(word: str) -> int:
    """The percentage a share in words tells ("half", "a third", "two-thirds", "three
    quarters")."""
    return SHARE_WORDS[word.split()[-1].split("-")[-1].lower()]


def _count(number: str) -> float | None:
    number = number.strip().lower()
    return float(number) if number.isdigit() else _COUNT_WORDS.get(number)


def weeks_told(number: str, unit: str, high: str | None = None) -> float | int | None:
    """A span told as a count (a figure, a word, or a range's two figures) and its unit
    ("3 weeks", "three months", "2-3 wks", "10 days"), in weeks to two decimals (a whole number
    as an int); None for a count that is no number."""
    count = _count(number)
    top = _count(high) if high else count
    if count is None or top is None:
        return None
    weeks = round((count + top) / 2 * _UNIT_WEEKS[unit[0].lower()], 2)
    return int(weeks) if weeks == int(weeks) else weeks


#: What a treatment's result is told with when only its span is given: a verb of giving or of
#: lasting ("gave her", "lasted", "held", "helped a lot", "took the edge off", "was good"),
#: a hedge, the span's count (a figure, a word up to twelve, "a"/"an") and unit, maybe with a
#: word of its quality ("a good week", "two solid weeks") and quotes around the patient's
#: words. Its count and unit are the groups `span_n` and `span_unit`.
RESULT_SPAN = (
    r"\b(?:gave|gives|got|bought|provided|lasted|lasts|held|helped|worked|took\s+the\s+edge\s+off|"
    r"(?:was|were)\s+(?:good|great|wonderful|helpful|effective))"
    r"(?:\s+(?:him|her|me|them|us))?(?:\s+(?:a\s+lot|some|a\s+little|somewhat))?"
    r"(?:\s+for)?[\s\"\u201c']+(?:(?:about|around|approximately|nearly|almost|roughly|maybe|"
    r"perhaps|only|just|barely|~)[\s\"\u201c']*)?"
    rf"(?P<span_n>\d{{1,2}}|{'|'.join(number_words(up_to=12))}|an?)\s+[\"\u201c']?"
    r"(?:(?:good|full|solid|decent|great)\s+)?(?P<span_unit>days?|weeks?|wks?|months?)\b"
    # not a span that opens a longer time of relief, told by the readers of relief itself
    r"(?!\s+of\s+(?:\w+\s+)?(?:relief|benefit|improvement))")
_RESULT_SPAN_RE = re.compile(RESULT_SPAN, re.IGNORECASE)


def result_span(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """The first result told by its span alone in `text[pos:endpos]` (`RESULT_SPAN`)."""
    return _RESULT_SPAN_RE.search(text, pos, len(text) if endpos is None else endpos)


def result_span_weeks(match: re.Match[str]) -> float | int | None:
    """The weeks a `RESULT_SPAN` match tells ("two good weeks" is 2, "about ten days" 1.43)."""
    return weeks_told(match.group("span_n"), match.group("span_unit"))


#: A procedure's stage named by "pre" and "post" ("pre-procedure", "post-block", "pre VAS")
_PROCEDURE_STAGE = r"(?:[\s-]*(?:procedure|injection|block|op|treatment))?"
#: The pain before and after a procedure, as its relief: "Pre VAS 7/10 / Post 2/10", "pre-block
#: NRS 8, post-block 3/10", "pre 6/10, post (20 min) 1/10"; the scores in `pre` and `post`
#: (`pre_post_percent` reads them).
PRE_POST = (
    rf"\bpre{_PROCEDURE_STAGE}\s*(?:(?:VAS|NRS|pain)(?:\s+score)?)?\s*:?\s*(?P<pre>\d{{1,2}})"
    rf"(?:\s*/\s*10)?\s*[,;/.]?\s*(?:and\s+)?post{_PROCEDURE_STAGE}\s*"
    r"(?:(?:VAS|NRS|pain)(?:\s+score)?)?\s*\(?(?:at\s+)?(?:\d{1,3}\s*(?:min\w*|h\w*)\b)?\)?"
    r"\s*:?\s*(?P<post>\d{1,2})\s*/\s*10\b")


#: A diagnostic block, whose score right after is its result ("medial branch block", "MBB",
#: "diagnostic SI joint injection", "comparative facet block", "genicular nerve block", a
#: "pre-block" score); an epidural is none. A word of an imaging report ("facet arthropathy")
#: or a heading ("DIAGNOSTIC STUDIES") names no block (session "fix-review-a", review 11 §17).
_DIAGNOSTIC_BLOCK_RE = re.compile(
    r"\bmedial\s+branch|\bMBBs?\b|\b(?:diagnostic|comparative|confirmatory)\s+(?:[\w/-]+\s+){0,4}?"
    r"(?:blocks?|injections?|inj\b|MBBs?)|\bfacet\s+(?:joint\s+)?(?:blocks?|injections?|inj\b)|"
    r"\bgenicular\b|\b(?:nerve|branch|sympathetic|stellate|S[I1]|sacroiliac|joint|"
    r"occipital|suprascapular|pre|post)[\s-]+blocks?\b", re.IGNORECASE)
#: A block given as treatment: called therapeutic, or with a steroid ("Therapeutic L4-5 facet
#: injections with steroid", "intra-articular facet cortisone injection").
_THERAPEUTIC_RE = re.compile(r"\btherapeutic\b|\bsteroids?\b|\bcorticosteroid|\bcortisone\b|"
                             r"\bdepo-?medrol\b|\bkenalog\b|\btriamcinolone\b|"
                             r"\bintra-?articular\b", re.IGNORECASE)
#: A block named diagnostic whatever it holds ("diagnostic facet block with steroid", "MBB").
_NAMED_DIAGNOSTIC_RE = re.compile(r"\bmedial\s+branch|\bMBBs?\b|\b(?:diagnostic|comparative|"
                                  r"confirmatory)\b", re.IGNORECASE)
#: The injection types whose response right after is their result (the diagnostic blocks).
DIAGNOSTIC_TYPES = frozenset({"facet", "medial_branch_block"})
#: The words of a procedure, each with whether it names a procedure (the last name before a
#: score is the procedure the score follows) and whether it names its kind ("TFESI",
#: "genicular", "medial branch"; not only "the block" or "a second injection"): one table for
#: both readings (review 12, R40).
_PROCEDURE_WORDS = (
    (r"(?:TF|C|L|IL)?ESIs?", True, True), (r"epidurals?", True, False), (r"epidural", False, True),
    (r"injections?|inj\b|blocks?|shots?", True, False), (r"MBBs?|RFA|ablation|rhizotomy", True, True),
    (r"steroid|facet|medial|genicular|S[I1]|sacroiliac|trigger|joint|nerve|sympathetic|stellate|"
     r"occipital|suprascapular|diagnostic|comparative|confirmatory|caudal|transforaminal|"
     r"interlaminar", False, True),
)
#: A procedure's name, the last of which before a score is the procedure the score follows.
PROCEDURE_NAME_RE = re.compile(
    r"\b(?:" + "|".join(w for w, name, _kind in _PROCEDURE_WORDS if name) + r")\b", re.IGNORECASE)
#: A time the lower score held, told after it ("... post 2/10, for 3 weeks", "lasting 2 months").
_PRE_POST_SPAN_RE = re.compile(
    r"^[^.;]{0,40}?\b(?:for|x|lasting|lasted|over|through)\s+(?:about\s+|~\s*)?"
    r"(?:\d{1,2}|one|two|three|four|five|six|several|a\s+few)\s*(?:days?|weeks?|wks?|months?)\b",
    re.IGNORECASE)


#: A procedure named by its kind ("TFESI", "genicular", "medial branch"), not only as "the
#: block" or "a second injection".
_PROCEDURE_KIND_RE = re.compile(
    r"\b(?:" + "|".join(w for w, _name, kind in _PROCEDURE_WORDS if kind) + r")\b", re.IGNORECASE)


def procedure_before(text: str, at: int, reach: int = 300) -> str:
    """The words that name the procedure a score at `text[at]` follows: the sentence or line
    of the last procedure named within `reach` characters before it, up to the score ("Left
    L5 TFESI 03/01/2019: "); a procedure named only as "the block" or "a second injection"
    reaches back to the last one named by its kind ("Genicular block 4/2: ... Second block:
    pre 9/10, post 3/10"); empty when none is named."""
    window = text[max(0, at - reach):at]
    end = len(window)
    for name in reversed(list(PROCEDURE_NAME_RE.finditer(window))):
        if name.start() >= end:
            continue
        begin = max(window.rfind(stop, 0, name.start()) for stop in (".", ";", "\n")) + 1
        if _PROCEDURE_KIND_RE.search(window[begin:end]):
            return window[begin:]
        end = begin
    return window[end:] if end < len(window) else ""


def pre_post_counts(procedure: str, after: str, injection_type: str | None = None) -> bool:
    """Whether a pre/post-procedure score (`PRE_POST`) tells the procedure's relief: only for a
    diagnostic block, the procedure the score follows (its words, `procedure`, or its
    `injection_type`; the score's own "pre-block" too), or when the time the lower score held
    is told in `after` (the text after the match). An epidural's recovery-room score is the
    anaesthetic's, not the steroid's relief."""
    diagnostic = injection_type in DIAGNOSTIC_TYPES or _DIAGNOSTIC_BLOCK_RE.search(procedure)
    # a facet or joint injection given as treatment (called therapeutic, or a steroid's) is
    # no diagnostic block unless it is named one (review 12, R34)
    if diagnostic and _THERAPEUTIC_RE.search(procedure) and not _NAMED_DIAGNOSTIC_RE.search(procedure):
        diagnostic = False
    return bool(diagnostic or _PRE_POST_SPAN_RE.search(after))


def pre_post_relief(match: re.Match[str], procedure: str, after: str,
                    injection_type: str | None = None) -> int | None:
    """The relief in percent a `PRE_POST` match (groups `pre`, `post`) tells of the procedure
    it follows, or None when it tells none (`pre_post_counts`): the one reading of a pre/post
    score for the injection reader and the reader of later notes."""
    if not pre_post_counts(procedure + " " + match.group(0), after, injection_type):
        return None
    return pre_post_percent(match.group("pre"), match.group("post"))


def pre_post_percent(pre: str, post: str) -> int:
    """The relief of a pain score before and after (out of 10), in percent: 7 then 2 is 71;
    none when the pain did not fall."""
    before, after = int(pre), int(post)
    return round(100 * (before - after) / before) if 0 < before <= 10 and after <= before else 0
