"""Treatment-course facts: therapy sessions, home exercise, functional improvement."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from openimr.model.facts import FactKind
from openimr.records.column_tables import cells
from openimr.records.kinds.base import (
    NUMBER,
    OCR_DIGITS,
    Found,
    KindSpec,
    Mention,
    clause_bounds,
    literal_triggers,
    regex_triggers,
    to_number,
)
from openimr.records.prefilter import PatternTable

#: "therapy" named alone: whatever therapy the note is about (kept only where no modality
#: names it, "physical therapy", and no other treatment does, "opioid therapy").
_BARE_THERAPY = "therapy"
#: The words that may come right before a bare "therapy" that is a course of therapy.
_BARE_THERAPY_BEFORE_RE = re.compile(
    r"(?:^|[^\w\s-]\s*|\b(?:post-?op(?:erative)?|formal|outpatient|home|land-based|vestibular|"
    r"manual|supervised|skilled|prior|previous|more|additional|further|any|of|the|his|her|"
    r"their|in|to|with|did|had|completed|finished|attended|started|began|start|begin|"
    r"continue|continued|request|requested|recommend|no|\d+|six|eight|ten|twelve|all)\s+)$",
    re.IGNORECASE)

#: A modality named as one of the goals a course is for ("for strengthening and work
#: conditioning").
_GOAL_LIST_BEFORE_RE = re.compile(r"\b(?:for|focus(?:ed|ing)?\s+on)\s+(?:[\w-]+,?\s+){1,4}"
                                  r"(?:and|&)\s+$", re.IGNORECASE)

# Case-sensitive abbreviations: "pt" is the patient, "PT" physical therapy.
MODALITIES: list[tuple[str, str]] = [
    # "land-based therapy", "land PT": the course on land a note sets against the pool's, not
    # a bare "therapy" that takes the note's own (aquatic) modality
    (r"physical therap(?:y|ies|ist)|physiotherapy|(?-i:PT)|(?-i:P\.T\.)|(?-i:PT/OT)|"
     r"land[- ]?based (?:therapy|(?-i:PT)|physical therapy|exercises?|program)|land (?:therapy|(?-i:PT))",
     "physical_therapy"),
    (r"occupational therap(?:y|ist)|(?-i:OT)|hand therapy", "occupational_therapy"),
    (r"chiropractic(?: care| treatments?| therapy| manipulation| sessions?| visits?)?|"
     r"chiropractor|chiro|spinal manipulation|manipulative therapy|"
     # "no prior cervical manipulation", "cervical CMT 2x3" (chiropractic manipulative treatment)
     r"(?:cervical|thoracic|lumbar|lumbosacral|osseous) manipulation|(?-i:CMT)", "chiropractic"),
    (r"acupuncture", "acupuncture"),
    (r"psychotherapy|cognitive[- ]behavioral therapy|(?-i:CBT)|psychological (?:progress report|treatment|"
     r"counseling|therapy)|counseling|psych(?:ological)? sessions|cognitive processing "
     r"therapy|(?-i:CPT)|pain psychology|psychology sessions|behavioral therapy|"
     r"trauma-focused|counselor", "psychotherapy"),
    (r"massage(?: therapy)?", "massage"),
    (r"aquatic therapy|aqua therapy|pool therapy|water therapy", "aquatic_therapy"),
    (r"biofeedback", "biofeedback"),
    # work conditioning and work hardening are counted as functional restoration days
    (r"functional restoration(?: program)?|(?-i:FRP)|work\s+(?:conditioning|hardening)",
     "functional_restoration"),
    # "therapy" alone ("8 sessions of therapy", "completed 24 therapy visits", "no therapy
    # of any kind"): the note's own modality, else physical therapy (`_BARE_THERAPY`)
    (r"therapy", _BARE_THERAPY),
]
# ("a trial of 6 manipulations": a chiropractor counts the visits by the treatment given;
# "manipulations under anesthesia" are operations, no course of visits)
_UNIT = r"(?:sessions?|visits?|treatments?|appointments?|tx|manipulations(?!\s+under\b))"
_FILLER = r"(?:[a-z]+-[a-z]+|[a-z]{2,}|\(?(?-i:CBT|PT|OT)\)?)"
# "9 sessions", "9 plus sessions", "12 additional PT visits", "12 authorized cognitive
# processing therapy sessions"
_COUNT_RE = re.compile(
    # not a date's year ("01/09/23 Visit") nor a pain scale's 10 ("4/10 at tx #1");
    # "12/12 visits completed" is a count
    # nor a code's or a decimal's digits ("Dx: M54.16" above a flowsheet's "Visit" heading)
    rf"(?<!/\d\d/)(?<!/\d/)(?<!0\d/)(?<!\d\.)(?:(?<![/\d])|(?<=\d/)(?!10\b))"
    rf"\b(?:at least\s+|up to\s+|about\s+|approximately\s+)?(?P<count>{NUMBER})"
    rf"(?:\s*-\s*(?P<high>\d{{1,2}}))?\s*(?P<plus>\+|plus\b)?\s*"
    rf"(?:{_FILLER}\s+){{0,5}}?{_UNIT}\b", re.IGNORECASE)
# "6 of 8 authorized visits", "visit 7 of 12", "session #5 of 6"
# ("18 of 24 authorized completed", "4 of 4 biofeedback completed": the unit left out when
# a qualifier or the verb after the count says what was counted)
_DONE_AFTER = r"(?:completed|complete|done|finished|attended)\b"
_OF_RE = re.compile(
    rf"\b(?P<done>{NUMBER})\s+(?:of|out of)\s+(?:the\s+|his\s+|her\s+)?(?P<total>{NUMBER})\s*"
    rf"(?:(?P<qual>authorized|approved|certified|prescribed|scheduled)?\s*"
    rf"(?:{_FILLER}\s+){{0,3}}?{_UNIT}|(?P<qual2>authorized|approved|certified)"
    rf"(?=\s+(?:{_FILLER}\s+)?{_DONE_AFTER})|(?=\s+(?:{_FILLER}\s+)?{_DONE_AFTER})|"
    # "PT 6 of 12 so far": the unit left out before the words that count the visits had
    rf"(?=\s+(?:so|thus)\s+far\b))"
    rf"(?:\s+(?P<after>{_DONE_AFTER}))?", re.IGNORECASE)
# "12/12 visits completed", "6/6 tx done": the course done, and as many authorized
_SLASH_DONE_RE = re.compile(
    rf"(?<![/\d])(?P<n>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})\s*(?:(?:authorized\s+)?{_UNIT}\s*)?"
    rf"(?P<after>{_DONE_AFTER})(?!\s*/)", re.IGNORECASE)
# "completed 12/12 authorized visits", "PT completed 12/12", "Sessions: 6/6", "Attended:
# 15/15": the verb or the label before the counter says what it counts. A unit is a label
# only with its colon: a discharge's bare "Visits 10/10" heads a course whose body part (or
# patient, in a misfiled page) is told elsewhere, and read alone it was taken for the course
# a request extends (train annotates no such heading)
_SLASH_LABEL_RE = re.compile(
    r"\b(?P<label>completed|finished|attended|(?:visits|sessions|treatments)(?=\s*:))\s*:?\s*(?:all\s+)?"
    # (not a date: "completed 09/29", "visits 07/17-08/11")
    r"(?!0\d)(?P<n>\d{1,2})\s*/\s*(?P<m>\d{1,2})\b(?!\s*[-/\u2013]\s*\d)", re.IGNORECASE)
# "Visit: 10", "Tx #6 of 6 authorized", "visit 7/12"
# ("visit 5/12" in a flowsheet is visit 5 of 12; "visit 05/12/23" and "last visit 5/12"
# are dates)
_VISIT_RE = re.compile(
    r"(?<!last\s)(?<!next\s)(?<!prior\s)(?<!previous\s)(?<!since\s)"
    # "Land-based visits 3 of 8": the plural, with the total after it ("Visits: 18 of 24
    # authorized completed" is a count of its own, `_OF_RE`)
    r"\b(?:visit|session|tx|(?:visits|sessions)(?=\s+\d{1,3}\s+(?:of|out\s+of)\s+\d))"
    # ("home visit 05/26", "Attended 06/13 appointment": a month written with its zero is
    # a date's)
    r"\s*(?:#|number|no\.?)?\s*:?\s*(?!0\d\s*/\s*\d)(?P<n>\d{1,3})\b(?!\s*/\s*\d{1,4}\s*/)"
    # ("post-op visit 10 weeks": the time since the operation, not the tenth visit)
    r"(?!\s*(?:weeks?|wks?|days?|months?|mos?|years?|yrs?)\b)"
    r"(?!\s*/\s*\d{3,4}\b)(?!/\d{1,2}/)(?:\s*(?:of|out\s+of|/)\s*(?P<m>\d{1,3})(?:\s+(?P<q>authorized|"
    r"approved|certified))?)?", re.IGNORECASE)
# "sessions 1-4", "visits #1 through 6": the numbered visits a progress summary covers, all
# attended
_RANGE_RE = re.compile(r"\b(?:sessions|visits|treatments|tx)\s*#?\s*1\s*(?:-|\u2013|through|"
                       r"to)\s*#?\s*(?P<n>\d{1,2})\b(?!\s*/)", re.IGNORECASE)
# a ledger of the visits had, each numbered beside its date ("11/05/19 #1  11/08 #2 ...
# 01/21 #12", "#1 3/2/21, #2 3/4/21, #3 3/9/21"): the last number of an unbroken run is the
# visits attended (a date by each keeps out a numbered problem list, "#1 lumbar strain")
_LEDGER_DATE = r"(?<![\d/])\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?(?![\d/])"
_LEDGER_ENTRY_RE = re.compile(rf"{_LEDGER_DATE}\s*[-:,]?\s*#\s?(?P<n>\d{{1,3}})\b(?!\s*/)|"
                              rf"(?<![\w#])#\s?(?P<n2>\d{{1,3}})\s*[-:,]?\s*{_LEDGER_DATE}")
#: Words before a ledger that make its dates visits to come.
_LEDGER_AHEAD_RE = re.compile(r"\b(?:(?<!as\s)schedul\w*|upcoming|booked|planned|future|to\s+come|"
                              r"appointments?\s+(?:set|made|given))\b", re.IGNORECASE)
#: Entries a ledger needs, in unbroken order, before its last number is read as a count.
_LEDGER_MIN_ENTRIES = 3
# a flowsheet's visit counter: "V3/12" is visit 3 of 12 authorized; a therapy note that
# opens with its visit number ("V6 R ankle. SLS 5s->20s ...") is visit 6 (the reader sees
# the heading and that line as one sentence, so the number is told by the capital after it)
_COUNTER_RE = re.compile(r"(?<![\w/])V\s?(?P<n>\d{1,2})\s*/\s*(?P<m>\d{1,2})\b(?!/)|"
                         r"(?<![\w/])(?-i:V)(?P<opening>\d{1,2})(?=\s+(?-i:[A-Z]))")
# a flowsheet's visit column: a cell that is only "8/24" (visit 8 of 24 authorized) or "8"
_CELL_RE = re.compile(r"(?:(?<=\|)|(?<=^)|(?<=\n))[ \t]*(?P<n>\d{1,3})(?:[ \t]*/[ \t]*"
                      r"(?P<m>\d{1,3}))?[ \t]*(?=\||\n|$)")
# the same cell opening its row ("3/6 | 06/12/23 | ..."): the triggers see the page with its
# line breaks as spaces, so a row's first cell is told by the bar after it, and only in the
# counter's own form "n/m" (a bare first number is a date or a label as often)
_ROW_START_CELL_RE = re.compile(r"(?<=\s)(?P<n>\d{1,3})[ \t]*/[ \t]*(?P<m>\d{1,3})[ \t]*(?=\|)")
_CELL_NUMBERS_RE = re.compile(r"(?P<n>\d{1,3})(?:[ \t]*/[ \t]*(?P<m>\d{1,3}))?")
# the heading of that column ("Visit", "Vst", "VIS", "Tx #", "Session")
# ("Tx" alone heads the treatments given, "Tx #" the visit number)
_VISIT_HEADING_RE = re.compile(r"(?:(?<=\|)|(?<=^)|(?<=\n))[ \t]*(?:(?:visit|vis|vst|v|session|sess)"
                               r"(?:[ \t]*(?:#|no\.?))?|tx[ \t]*(?:#|no\.?))[ \t]*(?=\|)",
                               re.IGNORECASE)
# "Authorized: 18", "Total visits: 18", "attended 10", "12 authorized"
_LABEL_RE = re.compile(
    # "Total PT visits: 26", "Total physical therapy sessions: 22", "visits (total): 30"
    r"\b(?P<q>authorized|auth|approved|certified|attended|completed|total\s+(?:[\w-]+\s+){0,2}?"
    r"(?:visits|sessions|treatments)|(?:visits|sessions)\s*\(total\)|"
    # "total to date 26", "total so far: 18": the course's running total, its unit left out
    r"visits\s+(?:to\s+date|completed|attended)|total\s+(?:to\s+date|so\s+far|thus\s+far)|"
    r"remaining)\s*:?\s*(?P<n>\d{1,3})\b"
    # (a span, not visits: "completed 30-day rental", "attended 2 weeks")
    r"(?!\s*-?\s*(?:/|%|mg|percent|degrees|minutes?|hours?|days?|weeks?|months?|years?|"
    r"pounds|lbs))"
    r"(?!\s*(?:\+|plus\b)?\s*(?:[a-z-]+\s+){0,4}(?:visits?|sessions?|treatments?))"
    r"|(?<!#)\b(?P<n2>\d{1,3})\s+(?P<q2>authorized|approved|certified|attended|completed|"
    r"remaining)\b(?!\s*:)(?!\s+(?:[a-z-]+\s+){0,4}(?:visits?|sessions?|treatments?))",
    re.IGNORECASE)
# "18 PT, 6 chiro", "finished 8 physical therapy (Aug-Sept)": counts written against the
# modality, abbreviated or spelled out, no unit
_BARE_MODALITY_RE = re.compile(
    rf"\b(?P<n>{NUMBER})\s+(?P<m>(?-i:PT|OT|CBT)|chiro(?:practic)?|acupuncture|physical\s+"
    r"therapy|physiotherapy|occupational\s+therapy|aqua(?:tic)?\s+therapy)\b"
    r"(?!\s+(?:[a-z-]+\s+){0,3}(?:visits?|sessions?|treatments?))", re.IGNORECASE)
# "24 sessions of physical therapy, 12 of chiropractic and 6 of acupuncture": the unit said
# once for the list, the counts after it "N of <modality>" (read only after "N visits of")
_ELLIPTIC_OF_RE = re.compile(
    r"(?:,|\band)\s+(?P<n>\d{1,3})\s+of\s+(?=(?:(?-i:PT|OT|CBT)|chiro|acupuncture|physical\s+"
    r"therapy|occupational\s+therapy|massage|psychotherapy|counsel))", re.IGNORECASE)
_UNIT_OF_RE = re.compile(rf"\b\d{{1,3}}\s+{_UNIT}\s+of\b", re.IGNORECASE)
# "Treatments exhausted: PT 24, chiropractic 12, acupuncture 12": the count after the modality
_MODALITY_BARE_RE = re.compile(
    r"\b(?P<m>(?-i:PT|OT|CBT)|chiro(?:practic)?|acupuncture)\s+(?P<n>\d{1,3})(?=\s*[,;)]|\s*$|"
    r"\.(?:\s|$))", re.IGNORECASE)
# "2x/week for 6 weeks", "2 x 6", "3 times a week for 4 weeks"
_TIMES_RE = re.compile(
    r"\b(?P<per>\d)\s*(?:x|times)\s*(?:/|a|per)?\s*(?:week|wk)\s*(?:x|for|times)\s*"
    r"(?P<weeks>\d{1,2})\s*(?:weeks?|wks?)|\b(?P<per2>[1-3])\s*x\s*(?P<weeks2>\d{1,2})\b"
    r"(?!\s*(?:/|mm|cm|weeks?))|\b(?:x|times)\s*(?P<count>\d{1,2})\b(?!\s*(?:weeks?|wks?|"
    r"months?|/))", re.IGNORECASE)

#: A modality (or its unit) right before a multiplier: "PT x 12", "chiro x 8 visits", or with
#: the year or month of the course between them ("PT 2019 x16", "acupuncture (03/2021) x 6",
#: "chiro in 3/2018, x 6").
_MODALITY_BEFORE_RE = re.compile(
    r"(?:" + "|".join(pattern for pattern, _ in MODALITIES) + rf"|{_UNIT})"
    r"(?:,?\s+(?:in\s+)?\(?(?:(?:0?[1-9]|1[0-2])/)?(?:19|20)\d{2}\)?,?)?\s*$", re.IGNORECASE)

_STATUS_WORDS: list[tuple[str, str]] = [
    # ("Authorization: 6 treatments": the label of the course authorized)
    # ("6 left": remaining; "Left shoulder; 12 sessions": the side, not the visits)
    # ("Authorization on file: 24 visits. Attended: 12": what was approved, not had)
    (r"authori[sz]ed|auth\b|authori[sz]ation\s*:|authori[sz]ations?\s+(?:on\s+file|to\s+date|"
     r"in\s+place|total)|approved|certified|allowed|remaining|"
     r"left\b(?!\s+[a-z])", "authorized"),
    (r"request\w*|recommend\w*|prescrib\w*|would like|ask(?:ing|s|ed)?\s+for|"
     # whole words: "should" is not in "shoulder", nor "more" in "morning"
     r"will\b|to continue|continue with|more\b|further|additional|refer\w*|order\w*|should\b|booster|"
     r"up to|trial of|support\w*|allow\w*|another|"
     # "Authorization pending for TF-CBT x12", "awaiting approval of PT x8": still to come
     r"authori[sz]ation\s+(?:pending|requested|sought|for)|pending|await\w*|"
     # "Plan: acupuncture 6 visits" (the colon may be normalised away): the plan's request
     r"plan\b|"
     # the request form and its sending: "RFA resubmitted for acupuncture 6 sessions", "RFA
     # sent for chiro x 6", "submitting a request for 8 PT visits"
     r"(?-i:RFA)|(?:re-?)?submit\w*\s+(?:(?:an?|the)\s+)?(?:(?-i:RFA)\s+|request\s+)?for\b|"
     r"sent\s+(?:in\s+)?(?:an?\s+|the\s+)?(?:(?-i:RFA)|request)",
     "requested"),
    # "Sessions since admission: PT 10, OT 9": the visits of a stay still under way
    (r"attended|attending|since\s+(?:admission|SOC|(?:the\s+)?start\s+of\s+care)", "attended"),
    (r"co(?:m|rn)plet\w*|done\b|had\b|has had|have had|underwent|received|finished|status post|s/p|"
     r"after\b|following|to date|so far|tried|failed|been through|participated|"
     r"undergone|was seen|prior|previous|despite|total", "completed"),
]
#: A verb of having done the course, right before its count ("completed all", "finished his").
_FINISHED_BEFORE_RE = re.compile(r"\b(?:completed|finished|attended\s+all|had|did|done)\s+"
                                 r"(?:(?:all|the|his|her|their)\s+)*$", re.IGNORECASE)
_GUIDELINE_RE = re.compile(r"guideline|\bMTUS\b|\bODG\b|\bACOEM\b|per year|flare-?ups?",
                           re.IGNORECASE)
_CONDITIONAL_RE = re.compile(r"\bif\b|\bwould\b|\bcould\b|\bconsider\w*|\bmay\b|\bup to\b",
                             re.IGNORECASE)
_FREQUENCY_HINT_RE = re.compile(r"\d\s*(?:x|times)\s*(?:/|a|per)?\s*(?:week|wk)|"
                                # ("2x4"; not a year's last digit: "PT 2019 x 8 visits")
                                r"(?<!\d\d\d)\d\s*x\s*\d|"
                                # "2 per week over 3 weeks", "3/wk": a rate with no "x"
                                r"\b\d\s*(?:per|/)\s*(?:week|wk)\b|"
                                # in words: "once or twice a week", "three times per week"
                                r"\b(?:once|twice|(?:one|two|three|four|five)\s+times)"
                                r"(?:\s+or\s+(?:twice|(?:two|three|four)\s+times))?\s+"
                                r"(?:a|per|each|every)\s+week|"
                                # the rate as an adjective: "four weekly sessions", "6
                                # biweekly visits" (a course had says so: "had 6 weekly")
                                r"\b(?:bi-?)?weekly\s+(?:sessions?|visits?|treatments?)\b",
                                re.IGNORECASE)


def _done_status(verb: str | None, default: str) -> str:
    """The status a verb after a count gives it ("12/12 completed", "7 of 12 attended")."""
    if verb is None:
        return default
    return "attended" if verb.lower() == "attended" else "completed"


#: "more", "further", "additional" after a verb of having done them: the course went on
#: ("she has attended 6 more chiropractic visits", "he completed 8 further PT visits").
_MORE_AFTER_DONE_RE = re.compile(
    r"\b(?P<verb>attended|completed|finished|had|did|done|received|underwent|went\s+to)\s+"
    r"(?:(?:the|his|her|an?|all)\s+)?(?:[\w-]+\s+){0,2}?(?:more|further|additional|another)\b",
    re.IGNORECASE)
#: "trial of" after a word of having had it: the trial is over ("after a trial of 6
#: manipulations", "following the initial trial of 4 visits", "completed a trial of 6").
_TRIAL_DONE_RE = re.compile(
    r"\b(?P<verb>after|following|completed|finished|had|did|failed)\s+"
    r"(?:(?:the|his|her|their|an?|initial|first)\s+)*(?:[\w-]+\s+)?trial\s+of\b", re.IGNORECASE)
#: The status written right after a count ("12 visits authorized", "CPT 12 sessions
#: requested", "PT 8 visits so far", "12 of 12 completed").
_STATUS_AFTER_RE = re.compile(
    r"\s*(?:[-\u2013]\s*)?(?:(?:were|was|are|is|have\s+been|has\s+been|now|already|all)\s+)?"
    # asked again ("CBT 6 visits re-requested", "resubmitted", "requested again")
    r"(?:re-?(?=requested|submitted|ordered|prescribed|recommended)|(?=resubmitted))?"
    r"(?P<word>so\s+far|thus\s+far|authori[sz]ed|approved|certified|requested|recommended|"
    r"prescribed|ordered|planned|pending|resubmitted|submitted|completed|complete|done|"
    r"finished|attended)\b",
    re.IGNORECASE)
_STATUS_AFTER = {"so far": "attended", "thus far": "attended", "authorized": "authorized",
                 "authorised": "authorized", "approved": "authorized",
                 "certified": "authorized", "requested": "requested",
                 "recommended": "requested", "prescribed": "requested", "ordered": "requested",
                 "planned": "requested", "pending": "requested", "submitted": "requested",
                 "resubmitted": "requested", "completed": "completed",
                 "complete": "completed", "done": "completed", "finished": "completed",
                 "attended": "attended"}


def _status_after(sentence: str, end: int) -> str | None:
    """The status a word right after a count gives it, if one does."""
    match = _STATUS_AFTER_RE.match(sentence, end)
    return _STATUS_AFTER[" ".join(match.group("word").lower().split())] if match else None


def _status(window: str, default: str = "completed") -> str:
    """The status word nearest the end of `window` (the text before the count) wins."""
    for done in (_MORE_AFTER_DONE_RE, _TRIAL_DONE_RE):
        window = done.sub(
            lambda m: m.group("verb") + " " * (len(m.group(0)) - len(m.group("verb"))), window)
    best: tuple[int, str] | None = None
    for pattern, status in _STATUS_WORDS:
        for match in re.finditer(rf"\b(?:{pattern})", window, re.IGNORECASE):
            if best is None or match.end() > best[0]:
                best = (match.end(), status)
    return best[1] if best else default


def _modality_positions(sentence: str, bare: bool = True) -> list[tuple[int, int, str]]:
    found = [(match.start(), match.end(), modality)
             for match, modality in _modality_table().finditer(sentence)]
    # "visits (2x/week) for progressive strengthening and work conditioning": a goal of
    # the course listed among others, not the course's modality
    found = [(s, e, modality) for s, e, modality in found if not _GOAL_LIST_BEFORE_RE.search(
        sentence[max(0, s - 60):s])]
    named = [(s, e) for s, e, modality in found if modality != _BARE_THERAPY]
    return [(s, e, modality) for s, e, modality in found if modality != _BARE_THERAPY or (
        bare and not any(ns <= s and e <= ne for ns, ne in named)
        and _BARE_THERAPY_BEFORE_RE.search(sentence[max(0, s - 30):s]))]


@lru_cache(maxsize=64)
def _sentence_modalities(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """`_modality_positions` of a sentence, found once for all its mentions."""
    return tuple(_modality_positions(sentence))


@cache
def _modality_table() -> PatternTable[str]:
    """`MODALITIES` behind their literals (`prefilter`): each expression scanned every
    sentence with a therapy mention and every note's head (issue 18)."""
    return PatternTable(MODALITIES)


def _closest_modality(modalities: list[tuple[int, int, str]], start: int, end: int
                      ) -> tuple[int, int, str] | None:
    def distance(item: tuple[int, int, str]) -> int:
        s, e, _ = item
        if s >= end:
            return s - end
        if e <= start:
            return (start - e) + 1  # prefer "9 sessions of PT" over "PT ... 9 sessions"
        return 0
    return min(modalities, key=distance) if modalities else None


#: A modality named as where the worker is sent ("refer to chiropractic", "chiropractic
#: evaluation referral"): a service still to come, not what the note is about.
_REFERRED_BEFORE = re.compile(r"\brefer\w*\s+(?:(?:to|for)\s+)?(?:an?\s+|the\s+)?$", re.IGNORECASE)
_REFERRED_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?referral\b", re.IGNORECASE)


def dominant_modality(text: str) -> str | None:
    """The modality a note is mostly about, or None when it names none (one it only refers
    the worker to is not: "Eight therapy visits ... Plan: chiropractic referral" tells of
    therapy that was not chiropractic)."""
    counts: dict[str, int] = {}
    for start, end, modality in _modality_positions(text, bare=False):
        if _REFERRED_BEFORE.search(text, max(0, start - 30), start) or _REFERRED_AFTER.match(
                text, end):
            continue
        counts[modality] = counts.get(modality, 0) + 1
    return max(counts, key=lambda m: counts[m]) if counts else None


#: Words right before a visit number that make it a point of the plan ("re-evaluate at visit 6").
_PLAN_POINT = re.compile(r"(?:\b(?:at|by|until|before|through|initial|first)|"
                         # "measure the NDI again after session 6", "will reassess after
                         # visit 4": the point a plan measures at, not visits had
                         r"\b(?:measure|re-?measure|re-?assess|re-?evaluat|re-?check|re-?test|"
                         r"re-?score|will|to\s+be)\w*\b[^.;]{0,40}?\bafter)\s+(?:(?:the|initial|"
                         r"first|last|next)\s+)?(?:(?:PT|OT|therapy|chiro\w*)\s+)?$", re.IGNORECASE)


#: A measurement the plan sets after a number of visits ("re-evaluate after 6 sessions",
#: "will repeat the ODI after 4 treatments"): a point of the plan, not visits had.
_MEASURE_AFTER_RE = re.compile(
    # (a measuring verb: "will need more therapy as he plateaued after 12 visits" had them)
    r"\b(?:measure|re-?measure|re-?assess|re-?evaluat|re-?check|re-?test|re-?score|repeat)"
    r"\w*\b[^.;]{0,40}?\b(?:after|following)\s+(?:(?:the|initial|first|last|"
    r"next|another)\s+)?$", re.IGNORECASE)


#: A change judged across the visits had ("minimal change over 8 visits", "no meaningful
#: functional gains across 10 visits", "plateaued over the last 4 sessions").
_CHANGE_ACROSS_RE = re.compile(
    r"\b(?:chang\w*|gains?|improve\w*|progress\w*|plateau\w*|benefit|relief|response)\b"
    r"[^.;:]{0,25}?\b(?:over|across|throughout)\s+(?:the\s+)?(?:last\s+|past\s+|first\s+)?$",
    re.IGNORECASE)
#: The change so judged is none or little: the course goes on ("minimal", "no meaningful",
#: "plateaued", "has not")
_NO_CHANGE_RE = re.compile(r"\b(?:minimal|little|no|not|without|plateau\w*|limited|slow)\b",
                           re.IGNORECASE)


#: A number before a unit of visits that counts no visits: an ordinal ("since the 4th
#: visit" is one visit) or a span of time ("relief 1-2 days after each visit", "3 months
#: after he completes treatment").
_NOT_A_COUNT_RE = re.compile(
    r"(?:st|nd|rd|th)\b|.*?\b(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|wks?|months?|mos?|"
    r"years?|yrs?)\b|"
    # a measure taken at a visit ("flexion 90 deg at visit 1", "grip 8 kg at the first
    # session", "ODI 40 % at discharge visit"): the number is the measure's, not visits
    r"\s*(?:°|%|deg(?:rees?)?\b|kgs?\b|lbs?\b|pounds?\b|percent\b|cm\b|mm\b|points?\b)",
    re.IGNORECASE | re.DOTALL)


def _ledger_count(sentence: str) -> tuple[int, int, int, str, bool] | None:
    """The visits a ledger of dated, numbered visits counts: the last number of a run of at
    least `_LEDGER_MIN_ENTRIES` entries that goes up one at a time (read at that entry)."""
    run: list[re.Match[str]] = []
    best: list[re.Match[str]] = []
    for match in _LEDGER_ENTRY_RE.finditer(sentence):
        n = int(match.group("n") or match.group("n2"))
        last = int(run[-1].group("n") or run[-1].group("n2")) if run else None
        run = [*run, match] if last is not None and n == last + 1 else [match]
        if len(run) >= len(best):
            best = run
    if len(best) < _LEDGER_MIN_ENTRIES:
        return None
    # a ledger of visits to come ("PT scheduled: #1 3/2, #2 3/4 ...", "appointments to be
    # set: 06/01 #1 ...") counts no visit had; one the plan asks for is the plan's (review 13)
    heading = sentence[:best[0].start()]
    if _LEDGER_AHEAD_RE.search(heading):
        return None
    status = _status(heading, "attended")
    end = best[-1]
    return (end.start(), end.end(), int(end.group("n") or end.group("n2")),
            "attended" if status == "completed" else status, False)


@lru_cache(maxsize=64)
def _counts(sentence: str) -> tuple[tuple[int, int, int, str, bool], ...]:
    """Every session count of a sentence: (start, end, count, status, at_least); found once
    for all the sentence's mentions (each read them again, issue 18)."""
    found: list[tuple[int, int, int, str, bool]] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e, *_ in found)

    for match in _TIMES_RE.finditer(sentence):
        if match.group("per"):
            count = int(match.group("per")) * int(match.group("weeks"))
        elif match.group("per2"):
            count = int(match.group("per2")) * int(match.group("weeks2"))
        else:
            count = int(match.group("count"))
        end = match.end()
        # "2x/week for 6 weeks (12 visits)": the parenthesis restates the same course
        restated = re.match(rf"[^()]{{0,30}}\(\s*{count}\s+{_UNIT}\s*\)", sentence[end:])
        if restated:
            end += restated.end()
        status = "requested"  # a frequency ("2x/wk x 4 wks") is the plan's
        if match.group("count"):
            # "PT x 12", "acupuncture x6 done": a course counted against its modality is
            # a course had unless its words ask for it ("Request acupuncture x 6"); a
            # multiplier after anything else ("TTD x 6", "ice x2") is no course at all
            named = _MODALITY_BEFORE_RE.search(sentence, max(0, match.start() - 40),
                                               match.start())
            if named is None:
                continue
            before = sentence[max(0, match.start() - 60):match.start()]
            after = re.match(r"[^,;.\n]{0,20}", sentence[match.end():]).group(0)
            status = _status(before + " " + after, "completed")
            # the span takes in its modality, so the count is that modality's
            start = named.start()
        else:
            start = match.start()
        found.append((start, end, count, status, False))
    ledger = _ledger_count(sentence)
    if ledger is not None:
        found.append(ledger)
    for match in _RANGE_RE.finditer(sentence):
        if free(match.start(), match.end()) and int(match.group("n")) > 1 and not _PLAN_POINT.search(
                sentence[:match.start()]):
            found.append((match.start(), match.end(), int(match.group("n")), "attended", False))
    for match in _VISIT_RE.finditer(sentence):
        n = int(match.group("n"))
        if not free(match.start(), match.end()) or n <= 1:
            continue  # a first visit says nothing about a course
        if _PLAN_POINT.search(sentence[:match.start()]):
            continue  # "re-evaluate at visit 6": a point of the plan, not visits had
        if match.group("m") and int(match.group("m")) < n:
            continue  # "visit 12/5": a date, not visit 12 of 5
        found.append((match.start(), match.end(), n, "attended", False))
        if match.group("m"):
            found.append((match.start(), match.end(), int(match.group("m")), "authorized",
                          False))
    for match in _COUNTER_RE.finditer(sentence):
        if match.group("opening"):
            n = int(match.group("opening"))
            if free(match.start(), match.end()) and n > 1:
                found.append((match.start(), match.end(), n, "attended", False))
            continue
        n, m = int(match.group("n")), int(match.group("m"))
        if not free(match.start(), match.end()) or n > m:
            continue
        found.append((match.start(), match.end(), n, "attended", False))
        found.append((match.start(), match.end(), m, "authorized", False))
    for match in _SLASH_DONE_RE.finditer(sentence):
        n, m = int(match.group("n")), int(match.group("m"))
        if not free(match.start(), match.end()) or not 0 < n <= m:
            continue
        found.append((match.start(), match.end(), n, _done_status(match.group("after"),
                                                                  "completed"), False))
        found.append((match.start(), match.end(), m, "authorized", False))
    for match in _SLASH_LABEL_RE.finditer(sentence):
        n, m = int(match.group("n")), int(match.group("m"))
        if not free(match.start(), match.end()) or not 0 < n <= m:
            continue
        label = match.group("label").lower()
        status = ("attended" if label == "attended" or (n < m and label not in (
            "completed", "finished")) else "completed")
        found.append((match.start(), match.end(), n, status, False))
        found.append((match.start("n"), match.end(), m, "authorized", False))
    for match in _OF_RE.finditer(sentence):
        if not free(match.start(), match.end()):
            continue
        done, total = to_number(match.group("done")), to_number(match.group("total"))
        before = sentence[max(0, match.start() - 60):match.start()]
        # two facts, two spans ("attended 10" and "20 authorized"), so each has its own key
        # for a link to point to
        if done:
            # "attended 11 of 20": the attended count's span takes in its verb
            verb = re.search(r"\b(?:attended|completed|had|finished)\s+$", before, re.IGNORECASE)
            status = _done_status(match.group("after"), _status(before, "completed"))
            if status == "completed" and total and done < total and not re.search(
                    r"\b(?:completed?|finished)\b", before[-25:] + " " + (
                        match.group("after") or ""), re.IGNORECASE):
                # "PT 10 of 16 visits", "did 5 of 6 PT visits", "7 of 8 visits done": a
                # course still running, its visits so far attended (only its end, or the
                # words "completed" or "finished", make them a course completed)
                status = "attended"
            found.append((match.start() - (len(before) - verb.start() if verb else 0),
                          match.end("done") if not match.group("after") else match.end(), done,
                          status, False))
        qual = (match.group("qual") or match.group("qual2") or "authorized").lower()
        if total:
            found.append((match.start("total"), match.end(), total,
                          "requested" if qual in ("prescribed", "scheduled") else "authorized",
                          False))
    for match in _LABEL_RE.finditer(sentence):
        if not free(match.start(), match.end()):
            continue
        label = (match.group("q") or match.group("q2")).lower()
        n = int(match.group("n") or match.group("n2"))
        status = ("authorized" if label in ("authorized", "auth", "approved", "certified",
                                            "remaining")
                  else "attended" if label == "attended" else "completed")
        found.append((match.start(), match.end(), n, status, False))
    for match in _COUNT_RE.finditer(sentence):
        if not free(match.start(), match.end()) or _NOT_A_COUNT_RE.match(
                sentence, match.end("count"), match.end()):
            continue
        before = sentence[max(0, match.start() - 60):match.start()]
        if _MEASURE_AFTER_RE.search(before):
            continue  # "re-evaluate after 6 sessions": a point of the plan
        inside = match.group(0)
        near = sentence[max(0, match.start() - 40):match.end() + 40]
        default = "requested" if _FREQUENCY_HINT_RE.search(near) else "completed"
        status = _status(before + " " + inside, default)
        if status == "authorized" and _FINISHED_BEFORE_RE.search(before):
            # "finished his eight authorized sessions", "attended all 6 authorized CBT
            # sessions": "authorized" describes the course the verb says was done
            status = "completed"
        count = to_number(match.group("count"))
        if count is None or re.search(r"(?-i:TPI|ESI|RFA)|inject|block|nerve", inside,
                                      re.IGNORECASE):
            continue
        if match.group("high"):
            count = max(count, int(match.group("high")))
        status = _status_after(sentence, match.end()) or status
        at_least = bool(match.group("plus")) or "at least" in inside.lower() or bool(
            re.search(r"(?:at least|over|more than|in excess of)\s*$", before, re.IGNORECASE))
        if change := _CHANGE_ACROSS_RE.search(before):
            # "minimal change over 8 visits", "no gains across 10 visits": the visits the
            # course has had, whose outcome is judged, not a lower bound; a gain reached over
            # them ("significant functional improvement over 18 visits", a discharge) leaves
            # the course as done as the rest of the sentence says
            at_least = False
            if _NO_CHANGE_RE.search(before[max(0, change.start() - 30):]):
                status = "attended"
        found.append((match.start(), match.end(), count, status, at_least))
    for match in _ELLIPTIC_OF_RE.finditer(sentence):
        if free(match.start("n"), match.end()) and _UNIT_OF_RE.search(sentence, 0, match.start()):
            before = sentence[max(0, match.start() - 80):match.start()]
            found.append((match.start("n"), match.end(), int(match.group("n")),
                          _status(before, "completed"), False))
    for match in _MODALITY_BARE_RE.finditer(sentence):
        if free(match.start(), match.end()):
            before = sentence[max(0, match.start() - 60):match.start()]
            found.append((match.start(), match.end(), int(match.group("n")),
                          _status_after(sentence, match.end()) or _status(before, "completed"),
                          False))
    for match in _BARE_MODALITY_RE.finditer(sentence):
        count = to_number(match.group("n")) or 0
        # ("one physical therapy evaluation" is no course)
        if free(match.start(), match.end()) and (count > 1 or match.group("n").isdigit()):
            before = sentence[max(0, match.start() - 60):match.start()]
            found.append((match.start(), match.end(), count,
                          _status_after(sentence, match.end()) or _status(before, "completed"),
                          False))
    return tuple(item for item in found if 0 < item[2] <= 200)


def _visit_cell(mention: Mention) -> list[Found]:
    """A flowsheet row's visit cell ("7/12" under "Vst"): visit 7 attended of 12
    authorized. The cell's column must be the visit column of the table heading above it:
    rows and heading have as many bars each, so the bars from the heading's visit cell to
    this cell are a whole number of rows."""
    modality = mention.hints.get("modality")
    sentence = mention.sentence
    bars = sentence.count("|")
    cell = _CELL_NUMBERS_RE.match(sentence, mention.start)
    if modality is None or bars == 0 or cell is None:
        return []
    n, m = int(cell.group("n")), int(cell.group("m") or 0)
    if n == 0 or (m and not n <= m <= 60):
        return []
    # the nearest heading above: the last one in the text before the row (read with its
    # line breaks, so that a heading opening its line is one)
    above = mention.preceding_lines or mention.preceding
    heading = next(reversed(list(_VISIT_HEADING_RE.finditer(above))), None)
    column = sentence[:mention.start].count("|")
    if heading is not None:
        if (above[heading.end():].count("|") + column) % bars:
            return []
    elif not _counter_above(above, column, bars, n, m):
        return []
    found = [Found({"modality": modality, "count": n, "status": "attended", "at_least": False},
                   cell.start("n"), cell.end(), negated=False, hypothetical=False)]
    if m:
        found.append(Found({"modality": modality, "count": m, "status": "authorized",
                            "at_least": False}, cell.start("n"), cell.end(), negated=False,
                           hypothetical=False))
    return found


#: How much of the page before a sentence its mention carries (`extract`: ~1,000 characters),
#: less a margin: text this long may have left a table's heading out.
_ABOVE_FULL = 900


def _counter_above(above: str, column: int, bars: int, n: int, m: int) -> bool:
    """Whether the row above has, in the same column, the visit before this one ("6/12"
    above "7/12"): a visit counter running down its column, whose heading has scrolled out
    of the text the reader sees before the row. Only when that text is full (the heading
    may lie before it) and the total is no pain scale's ("6/10" above "7/10")."""
    if len(above) < _ABOVE_FULL or m == 10:
        return False
    rows = [line for line in above.rstrip("\n").split("\n")[-2:] if line.count("|") == bars]
    if not rows:
        return False
    row = cells(rows[-1])
    before = _CELL_NUMBERS_RE.fullmatch(row[column]) if column < len(row) else None
    return before is not None and int(before.group("n")) == n - 1 and int(
        before.group("m") or 0) == m


#: A number as OCR writes it: the digit 1 as "l" or "I", 0 as "O" ("l2 PT visits",
#: "cornpleted lO of l2"); only tokens with a digit in them, or "lO", are numbers.
_OCR_NUMBER_RE = re.compile(r"(?<![A-Za-z\d/])(?:(?=[lIO]*\d)[lIO\d]{2,3}|[lI]O)(?![A-Za-z\d])")


def ocr_digits(text: str) -> str:
    """`text` with OCR's letters for digits put back in numbers (same length, so offsets
    into it are offsets into the page)."""
    return _OCR_NUMBER_RE.sub(lambda m: m.group().translate(OCR_DIGITS), text)


#: Visits of services that are not a therapy course: skilled nursing, aides, social work,
#: speech therapy ("SN 2x/wk x 4 wks for NPWT changes, PT eval", "MSW 2 visits").
_OTHER_SERVICE_RE = re.compile(
    r"\b(?:(?-i:SN|HHA|MSW|SLP)|skilled\s+nursing|nursing\s+visits?|(?:home\s+health\s+)?"
    r"aide|social\s+work(?:er)?|speech(?:\s+(?:language\s+)?therapy)?|wound\s+care)\b",
    re.IGNORECASE)


#: A verb of having done the course, in or right after its count ("6 of 6 visits completed",
#: "12 completed visits"), or heading a list of the courses had ("He has had 30 PT visits,
#: 12 chiropractic visits, ... and 8 sessions of pain psychology").
#: ("8 of 8 visits complete": the adjective says it as the verb does)
_DONE_IN_RE = re.compile(r"\b(?:co(?:m|rn)plete[d]?|attended|done|finished|so\s+far)\b",
                         re.IGNORECASE)
_LIST_HEAD_RE = re.compile(r"\b(?:has|have)\s+had\b(?:[^.;:]*?\d+\s+[^.;:]*?,){1,8}[^.;:]*$",
                           re.IGNORECASE)


def _done_here(sentence: str, start: int, end: int) -> bool:
    """Whether the count's own words, or the list it closes, say the course was had: which a
    plan section or a guideline named in the sentence does not make a request."""
    return bool(_DONE_IN_RE.search(sentence, start, min(len(sentence), end + 12))
                or _LIST_HEAD_RE.search(sentence[max(0, start - 250):start]))


#: A visit number alone ("Visit 3", "visit #4"): the visit of the note it stands in.
_OWN_VISIT_RE = re.compile(r"(?:office\s+)?visit\s*(?:#|number|no\.?)?\s*:?\s*\d{1,3}",
                           re.IGNORECASE)


def parse_therapy_sessions(mention: Mention) -> list[Found]:
    sentence = ocr_digits(mention.sentence)
    if mention.meta.get("cell"):
        return _visit_cell(mention)
    modalities = list(_sentence_modalities(sentence))
    if mention.meta["modality"] is None:
        # a count without a modality in its sentence: the note's own modality
        modality = mention.hints.get("modality")
        if modality is None or modalities:
            return []
        modalities = [(mention.start, mention.end, modality)]
    elif mention.meta["modality"] == _BARE_THERAPY:
        if not any(s == mention.start and m == _BARE_THERAPY for s, _e, m in modalities):
            return []  # "physical therapy", "opioid therapy": named, or no course
        hinted = mention.hints.get("modality")
        modality = hinted if hinted and hinted != _BARE_THERAPY else "physical_therapy"
    else:
        modality = mention.meta["modality"]
    services = [(m.start(), m.end(), "service") for m in _OTHER_SERVICE_RE.finditer(sentence)]
    results: list[Found] = []
    for start, end, count, status, at_least in _counts(sentence):
        if mention.meta["modality"] is None and _OWN_VISIT_RE.fullmatch(sentence, start, end) \
                and mention.hints.get("physician_note"):
            continue  # a physician's "Visit 3" numbers the physician's visits, not therapy's
        closest = _closest_modality(modalities, start, end)
        if closest is None or not (closest[0] < mention.end and closest[1] > mention.start):
            continue  # the count belongs to another modality of the sentence
        if services and _closest_modality(modalities + services, start, end)[2] == "service":
            continue  # "SN 1x/wk x 4 wks", "MSW 2 visits": another service's visits
        # the evidence takes in the modality named; a count read against the note's own
        # modality apart from its trigger keeps its own span ("attended 10 of 20
        # authorized": two facts, two spans, so that a link can name each)
        lo, hi = min(start, mention.start), max(end, mention.end)
        if mention.meta["modality"] is None and not (start < mention.end
                                                     and mention.start < end):
            lo, hi = start, end
        guideline = bool(_GUIDELINE_RE.search(sentence))
        if guideline and status == "completed" and not re.search(
                r"\b(?:had|has had|completed|attended|underwent|prior|previous)\b",
                sentence[max(0, start - 60):start], re.IGNORECASE) and not _done_here(
                    sentence, start, end):
            status = "requested"
        # a request is carried by the status, not the hypothetical flag (unless it is
        # conditional or a guideline's allowance); a count is negated only by a cue
        # right before it ("no physical therapy", "never had 12 sessions")
        # ("did not improve with 24 PT visits" denies the gain, not the visits)
        cue = re.search(r"\b(?:no|not|never|without|denies|denied)\s+(?:\w+\s+){0,2}$",
                        sentence[max(0, lo - 30):lo], re.IGNORECASE)
        negated = bool(cue) and not re.search(r"improv|help|better|chang|respond|benefit|"
                                               r"relie", cue.group(0), re.IGNORECASE)
        value = {"modality": modality, "count": count, "status": status, "at_least": at_least}
        if (mention.section == "plan" or _PLAN_LABEL_RE.search(sentence[:start])) and \
                status == "completed" and not re.search(
                r"\b(?:had|has had|completed|attended|underwent|prior|previous)\b",
                sentence[max(0, start - 60):start], re.IGNORECASE) and not _done_here(
                    sentence, start, end):
            status = value["status"] = "requested"
        conditional = guideline or bool(_CONDITIONAL_RE.search(_clause(sentence, start, end)))
        results.append(Found(value, lo, hi, negated=negated,
                             hypothetical=conditional and status == "requested"))
    if not results and mention.meta["modality"] is not None:
        results.extend(_none_had(mention, modality))
    return results


#: A plan's label written inline, the last label before the count ("Dx: neck strain. Tx:
#: naproxen, PT 6, modified duty"; "A: lumbar strain - Plan: chiro 6"): what follows is ordered,
#: as in a plan section, and a bare count there is the course ordered, not one done
#: (decide-dev42). Not a history's label ("Prior tx:", "Tx to date:").
_PLAN_LABEL_RE = re.compile(r"(?<!prior\s)(?<!previous\s)(?<!past\s)\b(?:tx|rx|plan|"
                            r"treatment\s+plan)\s*:[^:]*$", re.IGNORECASE)


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause of a count: back to the last ";" or ":" before it, on to the first ",",
    ";" or ":" after it. A condition elsewhere in the sentence is another item's ("I
    recommend 8 more PT sessions, ..., and a return to duty in 6 weeks if progress
    continues"; "CBT 12 sessions; sertraline could be considered"), while "will request 6
    more if gains continue" and "If he completes 12 more sessions" make the count's own."""
    lo = max(sentence.rfind(";", 0, start), sentence.rfind(":", 0, start)) + 1
    after = re.search(r"[,;:]", sentence[end:])
    return sentence[lo:end + after.start() if after else len(sentence)]


# "No prior PT for this injury", "she has not had any physical therapy", "never had
# chiropractic care", "has never seen a chiropractor": none completed, which makes a
# requested course a first course.
_NONE_HAD = (r"\b(?:no|not\s+had|never\s+(?:had|seen|been\s+to|visited|gone\s+to|tried|"
             r"received|undergone|attended)|has\s+had\s+no|had\s+no|not\s+(?:yet\s+)?(?:had|"
             r"tried|received|undergone|attended|seen|been\s+to))\s+(?:any\s+|an?\s+)?"
             r"(?:prior\s+|previous\s+|formal\s+|outpatient\s+)?")
# one negation over a list: "no prior physical therapy, chiropractic or acupuncture"
_NONE_HAD_RE = re.compile(
    _NONE_HAD + r"(?:[\w/-]+(?:\s+[\w/-]+){0,3}?(?:\s*,\s*(?:or\s+|and\s+|nor\s+)?|\s+(?:or|"
    r"and|nor)\s+)){0,4}$", re.IGNORECASE)


#: A none-had cue that tells the history whatever section it sits in.
#: ("no prior PT", "no previous chiropractic": what came before, never a course declined)
_HISTORY_CUE_RE = re.compile(r"never\b|has\s+had\s+no\b|had\s+no\b|not\s+(?:yet\s+)?had\b|"
                             r"no\s+(?:any\s+)?(?:prior|previous)\b", re.IGNORECASE)


#: The paperwork of a therapy right after its name ("no prior PT records available", "no PT
#: notes in our chart", "no prior chiropractic documentation"): what is missing is the record,
#: not the therapy (review 12, R16).
_PAPERWORK_AFTER_RE = re.compile(
    r"\s*(?:visit\s+|treatment\s+|therapy\s+|progress\s+|daily\s+)?(?:records?|notes?|"
    r"documentation|documents?|reports?|authori[sz]ations?|auth|referrals?|paperwork|"
    r"(?:is|are|was|were)?\s*(?:on\s+file|available|provided|for\s+review|submitted|received))\b",
    re.IGNORECASE)


def never_had_cue(sentence: str, start: int, end: int) -> re.Match[str] | None:
    """The cue that tells the modality named at start..end as never had ("no prior PT",
    "has never seen a chiropractor", "no physical therapy, chiropractic or acupuncture"), or
    None; "no prior PT records available" tells of missing notes, not of no visits."""
    cue = _NONE_HAD_RE.search(sentence[max(0, start - 110):start])
    if cue is None or _PAPERWORK_AFTER_RE.match(sentence, end):
        return None
    return cue


def _none_had(mention: Mention, modality: str) -> list[Found]:
    before = mention.sentence[max(0, mention.start - 110):mention.start]
    cue = never_had_cue(mention.sentence, mention.start, mention.end)
    # in a plan, "no PT for now" declines a course; "she has never had acupuncture" there
    # still tells the history, as anywhere else
    if cue is None or (mention.section == "plan" and not _HISTORY_CUE_RE.match(cue.group(0))):
        return []
    # the evidence takes in the cue when it is next to the mention, not a list before it
    adjacent = re.search(_NONE_HAD + "$", before, re.IGNORECASE)
    start = mention.start - (len(before) - adjacent.start()) if adjacent else mention.start
    # the count of 0 carries the negation, as "no functional improvement" is present: false
    return [Found({"modality": modality, "count": 0, "status": "completed", "at_least": False},
                  start, mention.end, negated=False)]


_HEP_LEXICON = {phrase: {} for phrase in (
    "home exercise program", "home exercise programme", "home exercises", "home exercise",
    "home program", "home stretching program", "home stretching", "self-directed home",
    "independent exercise program", "home-based exercise", "home based exercise")}
#: "home" as OCR reads it ("horne exercise"): the scanned faxes of the corpus
_HOME = r"(?:home|horne)"
#: What a worker does at home on a therapist's instruction, named without "home exercise":
#: the exercises themselves ("tendon glides", "chin tucks", "band exercises") and the
#: programs of one kind of exercise ("walking program", "self-management program")
_EXERCISE_NOUN = (r"(?:stretch(?:es|ing)|exercises|glides|isometrics|pendulums|bands|"
                  r"chin\s+tucks|quad\s+sets|press-ups|ankle\s+pumps|(?:heel|wall)\s+slides|"
                  r"leg\s+raises|(?:stretching|walking|exercise|"
                  r"strengthening|core|band|stabilization|self-management|aquatic|pool|gym)\s+"
                  r"(?:program(?:me)?|routine))")
#: What makes such exercises a home program: done at home or on one's own, a daily dose,
#: the worker's independence, or their being taught at the visit ("instructed today")
_HOME_DOSE = (rf"at\s+{_HOME}|on\s+(?:his|her)\s+own|independent(?:ly)?|\d\s*x\s*/?\s*(?:day|d)\b|"
              r"\d\s*x\s+(?:daily|a\s+day|per\s+day)|(?:a|per)\s+day\b|"
              r"daily|every\s+(?:day|morning|evening|night)|hourly|q\s*\d\s*h\b|"
              r"(?:instructed|issued|given|taught)\s+today")
_HEP_TRIGGERS = literal_triggers(_HEP_LEXICON) + regex_triggers(
    [(r"(?-i:\bHEP\b)", {}),
     (rf"{_HOME}\s+(?:\w+\s+)?(?:exercises?\s+)?program(?:me)?|{_HOME}\s+(?:exercises?|"
      rf"stretching)|exercises\s+at\s+{_HOME}|"
      r"independent\s+(?:home\s+)?(?:exercise\s+)?program|stretches\s+"
      r"given", {}),
     # the exercises named, with what makes them a home program: "Neck stretches daily,
     # independent", "tendon glides at home hourly", "Walking program, increase by 5 minutes
     # per day", "Jaw exercise program (Rocabado 6x6) instructed today"
     (rf"(?:[\w-]+\s+){{0,2}}?{_EXERCISE_NOUN}(?:\s+\([^()]{{0,60}}\))?[^.;:()]{{0,40}}?"
      rf"\b(?:{_HOME_DOSE})", {}),
     (rf"(?:independent|indep)\s+(?:with|w/|c/)\s+(?:the\s+|his\s+|her\s+)?(?:[\w-]+\s+)?"
      rf"{_EXERCISE_NOUN}", {"status": "independent"}),
     # the program named as such without "exercise": "Independent with program", "indep
     # w/ her home program"
     (r"(?:independent|indep)\s+(?:with|w/|c/|in)\s+(?:the\s+|his\s+|her\s+)?(?:home\s+)?"
      r"program\b", {"status": "independent"}),
     # the bilingual notes: "Hace los ejercicios en casa todos los días"
     (r"(?:los\s+)?ejercicios\s+(?:en|de)\s+casa|programa\s+de\s+ejercicios", {}),
     # exercises named without "home exercise": "does her pendulum exercises daily"
     *((rf"{verbs}\s+(?:(?:his|her|the|a|an)\s+)?(?:[\w'-]+\s+){{0,6}}?(?:stretches|"
        rf"stretching|exercises|routine|program|chin\s+tucks|quad\s+sets|bands|glides)"
        rf"(?:\s+(?:at\s+home|daily|every\s+day|\d\s*x\s+daily|twice\s+daily))?",
        {"status": status})
       for verbs, status in (
           (r"not\s+(?:doing|performing)", "not_performing"),
           (r"(?<!not\s)(?:does|doing|performs|performing|continues|continuing)", "independent"),
           (r"(?:re-?instructed|re-?educated|instructed|educated)\s+(?:in|on)|encouraged\s+"
            r"(?:him\s+|her\s+)?to\s+(?:resume|continue|perform|do)", "instructed"))),
     # (not "does light mechanic work at home": what is done at home must be exercise)
     (r"(?:does|doing|performs)\s+(?:it|them)\s+independently|(?:does|doing|"
      rf"performs)\s+(?:the\s+|his\s+|her\s+)?(?:[\w-]+\s+){{0,4}}?{_EXERCISE_NOUN}\s+"
      r"at\s+home(?:\s+(?:daily|most\s+days|every\s+day))?", {"status": "independent"}),
     (r"self-directed\s+(?:home\s+)?(?:exercise\s+)?program", {"status": "instructed"})])
#: The status words, strongest first: a lapse, the worker doing the program, its being
#: taught, a dose alone. The first tier found in the clause decides, its nearest word within
#: it: "HEP reviewed, doing it daily" is done, "HEP: pool 2x/wk on her own - issued" taught.
_HEP_STATUS: list[tuple[str, str]] = [
    (r"not\s+(?:been\s+)?(?:performing|doing|compliant|following|done|consistent)|poor|"
     r"non-?compliant|stopped\s+(?:doing|performing)|does\s+not\s+(?:do|perform)|isn't\s+doing|"
     r"fails?\s+to\s+(?:do|perform)|poor(?:ly)?\s+complian\w*|compliance\s+(?:is\s+)?poor|"
     r"inconsistent\w*|rarely|occasional(?:ly)?|sporadic\w*|has\s+not\s+been\s+(?:doing|"
     r"performing)|not\s+doing|"
     # done only when remembered or now and then
     r"when\s+(?:I|he|she)\s+remembers?|off\s+and\s+on|now\s+and\s+then|hit\s+or\s+miss|"
     # given up since ("HEP lapsed", "fell off his home program", "no longer doing it")
     r"lapsed|(?:fallen|fell|dropped)\s+off|abandoned|gave\s+up|no\s+longer\s+(?:doing|"
     r"performing|does)",
     "not_performing"),
    (r"independent(?:ly|e)?|indep|independiente|perform(?:s|ing|ed)?|doing|does\s+(?:it|them)|"
     r"continu\w*|compliant|adheren\w*|consistent|regularly|most\s+days|"
     r"todos\s+los\s+d[ií]as|hace", "independent"),
    (r"instruct\w*|re-?instruct\w*|educat\w*|taught|given|review\w*|issued|provided|"
     r"updated|progressed|encourag\w*|advised|reinforc\w*|teach\w*|initiated|start\w*|"
     r"instruction|upgrad\w*|resume|handout|added|verbaliz\w*", "instructed"),
    # a daily or weekly dose, with no word of teaching or doing: the worker's routine
    (r"daily|\d\s*x\s*/?\s*(?:day|d|wk|week)\b|\d\s*x\s+(?:daily|a\s+day|per\s+day)|"
     r"(?:once|twice|\d|three|four|five)\s+(?:times\s+)?(?:a|per)\s+(?:day|week)|"
     r"every\s+(?:day|morning|evening)|on\s+(?:his|her)\s+own", "independent"),
]
#: Handing the worker over to the program at discharge ("D/C to HEP", "release to HEP",
#: "transition to HEP", "then HEP"): the course's next step, no statement of the program
#: unless a status word comes with it ("D/C to independent HEP")
_HEP_HANDOVER_RE = re.compile(
    r"\b(?:discharg\w*|d/c|released?|transition(?:ing)?|then)\s+(?:[\w#]+\s+){0,4}?"
    r"(?:to\s+)?(?:an?\s+|the\s+)?$", re.IGNORECASE)


#: No program at all, said just before it ("no HEP documented", "No home program
#: documented", "without a formal home exercise program", "has not been shown a home
#: program"): the worker does none (session "decide-dev34"; review 12, R35).
_HEP_NONE_RE = re.compile(r"\b(?:no|without|w/o|not\s+(?:yet\s+)?(?:been\s+)?(?:shown|taught|"
                          r"given|issued|instructed\s+(?:in|on))(?:\s+yet)?)\s+(?:an?\s+)?(?:"
                          r"(?:formal|regular|documented|structured|current|consistent|ongoing|"
                          r"home)\s+)?$", re.IGNORECASE)


#: The worker stated to do the program, which outweighs its being taught or reviewed at
#: the same visit.
_HEP_DONE_RE = re.compile(r"\b(?:(?:he|she|pt|patient)\s+)?(?:is\s+|has\s+been\s+)?(?:doing|does|"
                          r"performs?|performing)\s+(?:it|them)\b(?![\s\"']*(?:maybe|only|rarely|"
                          r"sometimes|occasionally|once|when|if|about))|\bdemonstrates\s+(?:it\s+|"
                          r"them\s+)?independen\w*", re.IGNORECASE)
# (the step after "then" is planned: "Plan: 4 more visits, then HEP")
_HEP_PLAN_RE = re.compile(r"\b(?:transition(?:ing)?|progress(?:ing)?|discharg(?:e|ing)|goals?|"
                          r"referral(?:\s+back)?(?:\s+to\s+\w+)?|refer(?:red)?|"
                          r"(?<!since\s)then)\s+(?:to|with|"
                          r"of|:)?\s*(?:an?\s+|the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)


def _hep_status_word(sentence: str, lo: int, hi: int,
                     mention: Mention) -> tuple[str, int, int] | None:
    """The status word that decides (`_HEP_STATUS`): (status, start, end) or None."""
    for pattern, status in _HEP_STATUS:
        best: tuple[int, int, int] | None = None
        for match in re.finditer(rf"\b(?:{pattern})\b", sentence[:hi], re.IGNORECASE):
            if match.start() < lo or status == "independent" and re.search(
                    r"\bnot\s+(?:yet\s+)?(?:fully\s+)?$", sentence[max(0, match.start() - 16):
                                                                match.start()], re.IGNORECASE):
                continue  # "not yet independent with it": still being taught
            distance = (mention.start - match.end() if match.end() <= mention.start
                        else max(0, match.start() - mention.end) + 15)
            if best is None or distance < best[0]:
                best = (distance, match.start(), match.end())
        if best is not None:
            return status, best[1], best[2]
    return None


def parse_home_exercise(mention: Mention) -> list[Found]:
    sentence = mention.sentence
    if re.match(r"\s*(?:kit|equipment|supplies|bands|device)\b", sentence[mention.end:],
                re.IGNORECASE):
        return []  # "home exercise kit (bands, ball)" is an item ordered, not a program done
    if mention.text.isupper() and " " in mention.text.strip() and re.match(
            r"\s*:", sentence[mention.end:]):
        return []  # "HOME PROGRAM: ..." heads a section ("HEP: chin tucks" states one)
    lo, hi = clause_bounds(sentence, mention.start, mention.end, stops=r"[;]|\.\s|,\s+but\s")
    lo, hi = max(lo, mention.start - 90), min(hi, mention.end + 90)
    found = _hep_status_word(sentence, lo, hi, mention)
    handover = bool(_HEP_HANDOVER_RE.search(sentence[max(0, mention.start - 40):mention.start]))
    if handover and "status" not in mention.meta and (
            found is None or found[0] == "instructed"):
        return []  # "D/C to HEP", "then HEP": the course's next step
    # with no status word the program is the worker's own ("HEP." in a plan, "Continue TENS
    # and home exercise"): reading it as taught lost more held-out facts than it found
    status = mention.meta.get("status") or ("independent" if found is None else found[0])
    if status == "instructed" and "status" not in mention.meta and _HEP_DONE_RE.search(
            sentence, lo, min(len(sentence), hi + 60)):
        status = "independent"  # "HEP reviewed; he does it daily": reviewed and done
    if found is not None and found[0] == "not_performing" or _HEP_NONE_RE.search(
            sentence[max(0, mention.start - 40):mention.start]):
        status = "not_performing"  # "no HEP documented", "without a home program"
    start, end = mention.start, mention.end
    if found is not None and "status" not in mention.meta:
        start, end = min(found[1], mention.start), max(found[2], mention.end)
    # a plan to reach independence is hypothetical; "continue HEP" is a present fact
    planned = bool(_HEP_PLAN_RE.search(sentence[max(0, start - 40):start])) or (
        mention.section == "goals") or bool(re.match(r"\s*(?:(?-i:STG|LTG)|(?:short|long)[- ]term"
                                                     r"\s+goals?|goals?)\b", sentence))
    if planned and found is None and "status" not in mention.meta:
        status = "instructed"  # "progress to HEP": to be taught
    # the status carries a lapse; the program itself is never denied
    return [Found({"status": status}, start, end, negated=False, hypothetical=planned)]


_ANCHORS = {
    "therapy_sessions": r"therap|physio|(?-i:\bPT\b|\bOT\b|\bCBT\b|\bFRP\b|P\.T\.)|chiro|"
                        r"manipulat|acupunct|counsel|psych|massage|biofeedback|restoration|"
                        r"visit|session|treatments|appointments|\btx\b|auth|approved|"
                        r"certified|attended|completed|remaining|(?-i:^V\d)|^\|$",
    "home_exercise_program": r"(?-i:HEP)|home|horne|directed|independent|indep|stretch|"
                             r"exercise|routine|tucks|instructed|educated|\bdoes\b|doing|"
                             r"performs|performing|continues|continuing|glides|isometrics|"
                             r"pendulums|bands|sets|press-ups|pumps|slides|raises|program|ejercicios",
}

SPECS = [
    KindSpec(FactKind.therapy_sessions,
             regex_triggers([*((rf"\b(?:{pattern})\b", {"modality": modality})
                               for pattern, modality in MODALITIES),
                             *((r.pattern, {"modality": None})
                               for r in (_VISIT_RE, _LABEL_RE, _COUNT_RE, _COUNTER_RE,
                                         _SLASH_LABEL_RE, _LEDGER_ENTRY_RE)),
                             *((r.pattern, {"modality": None, "cell": True})
                               for r in (_CELL_RE, _ROW_START_CELL_RE))]),
             parse_therapy_sessions, anchor=_ANCHORS["therapy_sessions"]),
    KindSpec(FactKind.home_exercise_program, _HEP_TRIGGERS, parse_home_exercise,
             anchor=_ANCHORS["home_exercise_program"]),
]
