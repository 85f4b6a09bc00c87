"""Trends over dated records: what changed between the notes (issue 12 §1, "Trends over dated
facts"). No predicate is registered here; the predicates of `therapy` and `clinical` read these.

- A **functional instrument** (Oswestry, Neck Disability Index, QuickDASH, WOMAC, LEFS, PEG)
  that improved by at least its minimal clinically important difference, either within one
  sentence ("ODI 48% -> 20%", "NDI 28% (was 46%)") or from an earlier note to a later one.
- **Work restrictions reduced**: a later work status less restricted than an earlier one
  (off work -> modified duty -> full duty).
- **Activity tolerance increased** within one sentence ("walking tolerance from 1 block to
  about 3 blocks", "sitting tolerance 20 -> 45 min"), by at least a third; a goal is not a gain.

Both are objective functional improvement in the sense of 8 CCR 9792.20(e) (a clinically
significant improvement in activities of daily living, or a reduction in work restrictions;
mtus-facts §2.5 [V]).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from openimr.guidelines.context import Context
from openimr.model import Fact, FactKind
from openimr.model.facts import Evidence
from openimr.records.kinds.base import AMOUNT_UNITS, compare_amounts

#: Minimal clinically important difference of each instrument, in its own points, and whether a
#: higher score is better. Literature values (Ostelo 2008 for ODI, about 10 of 100; MacDermid
#: for NDI, about 7.5; QuickDASH about 8-14; LEFS 9 of 80; WOMAC about 12 of 96; PEG about 1
#: of 10): reading thresholds, not guideline criteria, and not from mtus-facts.
_INSTRUMENTS: dict[str, tuple[float, bool]] = {
    "odi": (10, False), "ndi": (7, False), "quickdash": (10, False), "dash": (10, False),
    "womac": (12, False), "lefs": (9, True), "peg": (1, False),
}
_NAMES = [
    (r"ODI|Oswestry(?:\s+Disability\s+Index)?(?:\s+\(ODI\))?", "odi"),
    (r"NDI|Neck\s+Disability\s+Index(?:\s+\(NDI\))?", "ndi"),
    (r"Quick\s*-?DASH", "quickdash"),
    (r"DASH", "dash"),
    (r"WOMAC", "womac"),
    (r"LEFS", "lefs"),
    (r"PEG(?:\s+score)?", "peg"),
]
_NUMBER = r"(\d{1,3}(?:\.\d)?)\s*%?"
#: (a colon or an equals sign has no word boundary after it: "Neck Disability Index: 42%")
_LINK = r"(?:\s*(?:(?:score|index|total|function(?:al)?|disability|of|was|is|now|today|at|" \
        r"improved|decreased|down|fell|from)\b|[=:]))*\s*"
#: "ODI 48% -> 20%", "ODI 48 to 20", "ODI improved from 48% to 20%"
_ARROW = re.compile(rf"\s*(?:->|→|=>|\bto\b)\s*{_NUMBER}", re.IGNORECASE)
#: "NDI 28% (from 46%)", "Oswestry 38% (was 52% at intake)", "Oswestry 30% (48% at intake)"
_WAS = re.compile(rf"\s*\(\s*(?:(?:was|from|down\s+from|previously|baseline|prior)\s*:?\s*"
                  rf"{_NUMBER}|{_NUMBER}\s*(?:at|on)\s+(?:intake|baseline|initial|the\s+initial|"
                  rf"evaluation|the\s+first\s+visit)\b)", re.IGNORECASE)
#: "NDI 42% at the start of therapy, 28% today", "ODI 50 initially and 34 now": the first
#: number told as the baseline, the second as the present score.
_THEN_NOW = re.compile(
    rf"\s*(?:at\s+(?:the\s+)?(?:start|outset|intake|baseline|initial\s+evaluation|first\s+visit)"
    rf"|initially|at\s+first|pre-?treatment)\b[^.;\d]{{0,40}}?{_NUMBER}\s*"
    rf"(?:today|now|currently|at\s+present|at\s+discharge|on\s+re-?(?:evaluation|assessment))\b",
    re.IGNORECASE)
_MEASURE = re.compile(
    r"(?<![\w-])(?P<name>" + "|".join(f"(?:{p})" for p, _ in _NAMES) + r")(?![\w-])"
    + _LINK + _NUMBER, re.IGNORECASE)


@dataclass(frozen=True)
class Measure:
    instrument: str
    value: float
    date: dt.date | None
    evidence: Evidence


def document_dates(context: Context) -> dict[str, dt.date]:
    """The date of each record, as its facts carry it: the date most of them carry (a fact
    dated by its own sentence, "pain since 6/2021" opening the note, is not the note's date;
    the facts that give no date of their own take the note's); a tie goes to the latest. The
    date the case file gives a record wins: a follow-up note whose long sentence retells the
    procedure of a month before ("diary from the block of 02/04 returned: 7 -> 1") would
    otherwise be dated to that procedure."""
    def found() -> dict[str, dt.date]:
        counts: dict[str, Counter[dt.date]] = {}
        for fact in context.facts:
            if fact.date is not None:
                counts.setdefault(fact.evidence.document, Counter())[fact.date] += 1
        return {**{document: max(dates, key=lambda d: (dates[d], d))
                   for document, dates in counts.items()}, **context.stated_dates}
    # found once a context (asked per fact by some predicates); callers only read it
    return context.once("document dates", found)  # type: ignore[no-any-return]


def first_hand_pages(context: Context) -> list[tuple[str, int, str]]:
    """The treating providers' pages: (document, page, text), in the order of the records."""
    return [(document, page, text) for (document, page), text in context.page_texts.items()
            if document not in context.second_hand and text]


def _instrument(name: str, names: list[tuple[str, str]]) -> str:
    for pattern, key in names:
        if re.fullmatch(pattern, name, re.IGNORECASE):
            return key
    return name.lower()


def _measures(context: Context, measure: re.Pattern[str] | None = None,
              names: list[tuple[str, str]] | None = None
              ) -> tuple[list[Measure], list[tuple[Measure, Measure]]]:
    """Every instrument score of the treating records, and the pairs one sentence gives
    (earlier, later): the functional instruments, or those `measure` and `names` give."""
    dates = document_dates(context)
    single: list[Measure] = []
    pairs: list[tuple[Measure, Measure]] = []
    for document, page, text in first_hand_pages(context):
        date = dates.get(document)
        for match in (measure or _MEASURE).finditer(text):
            instrument = _instrument(match.group("name").strip(), names or _NAMES)
            first = float(match.group(2))
            rest = text[match.end():match.end() + 60]
            arrow, was = _ARROW.match(rest) or _THEN_NOW.match(rest), _WAS.match(rest)
            end = match.end() + (arrow.end() if arrow else was.end() if was else 0)
            evidence = Evidence(document=document, page=page, start=match.start(), end=end,
                                quote=text[match.start():end])
            if arrow:  # the first number is the earlier one (or told as the baseline)
                earlier, later = first, float(arrow.group(1))
            elif was:  # the number in brackets is the earlier one
                earlier, later = float(was.group(1) or was.group(2)), first
            else:
                single.append(Measure(instrument, first, date, evidence))
                continue
            pairs.append((Measure(instrument, earlier, None, evidence),
                          Measure(instrument, later, date, evidence)))
            single.append(Measure(instrument, later, date, evidence))
    return single, pairs


def _improved(earlier: Measure, later: Measure) -> bool:
    mcid, higher_better = {**_INSTRUMENTS, **_MOOD_INSTRUMENTS}.get(earlier.instrument, (10, False))
    change = later.value - earlier.value if higher_better else earlier.value - later.value
    return change >= mcid


def _as_fact(measures: tuple[Measure, ...], detail: str) -> list[Fact]:
    return [Fact(kind=FactKind.functional_improvement, date=m.date, evidence=m.evidence,
                 value={"present": True, "domain": "objective_measure", "detail": detail})
            for m in measures]


#: Depression and anxiety scales and their minimal clinically important differences, lower
#: better (literature values: PHQ-9 5 points, Löwe 2004; HAM-D and BDI-II about 5; GAD-7 4):
#: reading thresholds, not guideline criteria, and not from mtus-facts.
_MOOD_INSTRUMENTS: dict[str, tuple[float, bool]] = {
    "phq9": (5, False), "hamd": (5, False), "bdi": (5, False), "gad7": (4, False)}
_MOOD_NAMES = [
    (r"PHQ-?\s?9", "phq9"),
    (r"HAM-?D(?:-?17)?|Hamilton(?:\s+Depression)?(?:\s+Rating)?(?:\s+Scale)?", "hamd"),
    (r"BDI(?:-?II)?|Beck\s+Depression\s+Inventory(?:-?II)?", "bdi"),
    (r"GAD-?\s?7", "gad7"),
]
_MOOD_MEASURE = re.compile(
    r"(?<![\w-])(?P<name>" + "|".join(f"(?:{p})" for p, _ in _MOOD_NAMES) + r")(?![\w-])"
    + _LINK + _NUMBER, re.IGNORECASE)


def mood_improvement(context: Context) -> list[Fact]:
    """Facts quoting a depression or anxiety scale that improved by at least its clinically
    important difference: within one sentence, or from the first score to the latest."""
    return instrument_improvement(context, measures=_measures(context, _MOOD_MEASURE, _MOOD_NAMES))


def instrument_improvement(context: Context, since: dt.date | None = None,
                           measures: tuple[list[Measure], list[tuple[Measure, Measure]]]
                           | None = None) -> list[Fact]:
    """Facts quoting a functional instrument that improved by at least its clinically important
    difference (on or after `since` for a score of a note): within one sentence, or from the
    first score of an instrument to its latest. `measures`: other instruments' scores."""
    single, pairs = measures or _measures(context)
    found: list[Fact] = []
    for earlier, later in pairs:
        if _improved(earlier, later) and (since is None or later.date is None
                                          or later.date >= since):
            found += _as_fact((later,), f"{later.instrument} {earlier.value:g} -> {later.value:g}")
    by_instrument: dict[str, list[Measure]] = {}
    for measure in single:
        if measure.date is not None:
            by_instrument.setdefault(measure.instrument, []).append(measure)
    for instrument, measures in by_instrument.items():
        measures.sort(key=lambda m: (m.date, m.evidence.start))
        first, last = measures[0], measures[-1]
        if last.date > first.date and _improved(first, last) and (
                since is None or last.date >= since):
            found += _as_fact((first, last),
                              f"{instrument} {first.value:g} -> {last.value:g}")
    return found


#: How restricted a work status is: a later status lower here is a reduction in restrictions.
_RESTRICTION = {"temporarily_totally_disabled": 2, "not_working": 2, "modified_duty": 1,
                "full_duty": 0}


def work_restrictions_reduced(context: Context, since: dt.date | None = None) -> list[Fact]:
    """An earlier work status and a later, less restricted one (the later on or after `since`)."""
    statuses = sorted((f for f in context.facts_of(FactKind.work_status)
                       if f.date is not None and f.value.get("status") in _RESTRICTION
                       and not f.historical),
                      key=lambda f: (f.date, f.evidence.start))
    if len(statuses) < 2:
        return []
    latest = statuses[-1]
    if since is not None and latest.date < since:
        return []
    # the latest note's own status (its last mention) against every status of earlier notes
    earlier = [f for f in statuses if f.date < latest.date]
    worst = max(earlier, key=lambda f: _RESTRICTION[f.value["status"]], default=None)
    if worst is None or _RESTRICTION[worst.value["status"]] <= _RESTRICTION[
            latest.value["status"]]:
        return []
    return [worst, latest]


#: An activity's tolerance written as a change: "walking tolerance from 1 block to about 3
#: blocks", "sitting tolerance improved 20 -> 45 minutes", "stands 30 min (was 10)".
_ACTIVITY = r"(?:walk\w*|sit\w*|stand\w*|driv\w*|lift\w*|carry\w*)"
#: An amount and its unit (two groups: the number, the unit), so that "30 minutes (was 1 hour)"
#: is set against the hour as `compare_amounts` sets them (review 14, finding 4).
_AMOUNT = rf"(\d+(?:\.\d+)?)\s*({AMOUNT_UNITS}\.?)?"
_TOLERANCE = re.compile(
    rf"\b{_ACTIVITY}(?:\s+(?:tolerance|distance|time|endurance))?\s+(?:has\s+)?(?:improved|increased|"
    rf"went|gone|up)?\s*(?:from\s+)?{_AMOUNT}\s*(?:->|→|=>|\bto\b)\s*(?:about|approx\.?|"
    rf"approximately|~|nearly|almost)?\s*{_AMOUNT}", re.IGNORECASE)
#: ... or as the amount now, then the earlier one after a word that places it before, in the
#: same sentence: "stands 30 min (was 10)", "typing 6 h/day with breaks, previously limited to
#: 3 h", "walks 4 blocks, up from 1".
_TOLERANCE_WAS = re.compile(
    rf"\b(?:{_ACTIVITY}|typing|types|keyboard\w*)\s+(?:(?:tolerance|distance|time|endurance|"
    rf"for|about|approx\.?|approximately|~)\s+)?{_AMOUNT}[^.;\d]{{0,30}}?(?:\(\s*(?:was|from)|"
    rf"\bpreviously(?:\s+(?:limited|able)\s+to|\s+only)?|\bup\s+from|\bcompared\s+(?:with|to))"
    rf"\s+(?:about\s+|approx\.?\s+|~\s*)?{_AMOUNT}", re.IGNORECASE)
_GOAL = re.compile(r"\b(?:goals?|target|aim|hope|expect\w*|would|will|should|plan)\b", re.IGNORECASE)
#: A gain of at least this share of the starting tolerance is a clinically significant one
#: (a reading threshold, like the instruments' differences above, not a guideline criterion).
TOLERANCE_GAIN = 1 / 3


def activity_tolerance_improved(context: Context) -> list[Fact]:
    """Facts quoting an activity tolerance that a treating note writes as increased, within one
    sentence (`_TOLERANCE`, `_TOLERANCE_WAS`), by at least `TOLERANCE_GAIN`; not a goal or a
    plan."""
    dates = document_dates(context)
    found: list[Fact] = []
    for document, page, text in first_hand_pages(context):
        # (the amounts as (number, unit): the earlier first in `_TOLERANCE`, last in
        # `_TOLERANCE_WAS`)
        told = [(m, m.group(1, 2), m.group(3, 4)) for m in _TOLERANCE.finditer(text)]
        told += [(m, m.group(3, 4), m.group(1, 2)) for m in _TOLERANCE_WAS.finditer(text)]
        for match, (was, was_unit), (now, now_unit) in told:
            start = max(text.rfind(".", 0, match.start()), text.rfind("\n\n", 0, match.start()))
            if _GOAL.search(text[start + 1:match.start()]):
                continue
            earlier, later = float(was), float(now)
            # the gain in the units told ("30 minutes (was 1 hour)" is less); units that
            # cannot be set against each other tell no gain
            if earlier <= 0 or compare_amounts(later, now_unit or "", earlier * (1 + TOLERANCE_GAIN),
                                               was_unit or "") not in (0, 1):
                continue
            evidence = Evidence(document=document, page=page, start=match.start(),
                                end=match.end(), quote=match.group(0))
            found += _as_fact((Measure("activity tolerance", later, dates.get(document),
                                       evidence),), f"activity tolerance {earlier:g} -> {later:g}")
    return found


#: A night's sleep in hours, in a sentence that speaks of sleep: "sleeping roughly four hours a
#: night", "sleep log: averaging 6 1/2 hours nightly", "sleeps 4 h", "sleep 6-7 h". A range
#: counts as its middle; "1/2" after a number adds half an hour.
_SLEEP_WORD = re.compile(r"\b(?:sleep(?:s|ing)?|slept)\b(?![^.;\n]{0,40}\b(?:stud(?:y|ies)|"
                         r"apnea|latency|to\s+fall)\b)", re.IGNORECASE)
#: Hours that are not the night's length: falling asleep, a nap, a shift, a drive.
_NOT_THE_NIGHT = re.compile(r"\b(?:fall(?:s|ing)?\s+asleep|latency|naps?|napping|shifts?|"
                            r"work(?:s|ed|ing)?|driv\w+|sitting|standing|walk\w*)\b",
                            re.IGNORECASE)
_NIGHT_HOURS = re.compile(
    r"\b(?P<a>\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?P<half>\s+1/2|\s*½|\s+and\s+a\s+half)?"
    r"(?:\s*(?:-|to|–)\s*(?P<b>\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten))?\s*(?:h|hrs?|hours?)\b", re.IGNORECASE)
_HOUR_NUMBERS = {w: float(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten".split())}
#: A change told in one sentence: "sleep 4 -> 6.5 hours", "sleep up from 4 to 7 hours".
_SLEEP_CHANGE = re.compile(
    r"\b(?:sleep\w*|slept)\b[^.;\n]{0,30}?\b(?:from\s+)?(?P<a>\d{1,2}(?:\.\d)?)\s*(?:h|hrs?|hours?)?"
    r"\s*(?:->|→|=>|\bto\b)\s*(?P<b>\d{1,2}(?:\.\d)?)\s*(?:h|hrs?|hours?)\b", re.IGNORECASE)
#: Hours of sleep gained that count as better sleep (our reading threshold, not a guideline's:
#: about the gain insomnia treatment trials count as meaningful).
SLEEP_GAIN_HOURS = 1.5
_LINE_OR_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n")


def _hours_value(text: str) -> float:
    return _HOUR_NUMBERS.get(text.lower(), None) if not text[0].isdigit() else float(text)


def sleep_improvement(context: Context) -> list[Fact]:
    """Facts quoting a night's sleep that lengthened by at least `SLEEP_GAIN_HOURS`: within one
    sentence ("sleep 4 -> 6.5 h"), or from the first note that gives the hours to the latest
    (an insomnia that the treatment relieves; a benefit of a drug given for sleep)."""
    dates = document_dates(context)
    found: list[Fact] = []
    nights: list[Measure] = []
    for document, page, text in first_hand_pages(context):
        date = dates.get(document)
        offset = 0
        for part in _LINE_OR_SENTENCE.split(text):
            start = text.find(part, offset)
            offset = start + len(part)
            if not _SLEEP_WORD.search(part):
                continue
            change = _SLEEP_CHANGE.search(part)
            if change:
                earlier, later = float(change.group("a")), float(change.group("b"))
                evidence = Evidence(document=document, page=page, start=start + change.start(),
                                    end=start + change.end(), quote=change.group(0))
                if later - earlier >= SLEEP_GAIN_HOURS:
                    found += _as_fact((Measure("sleep", later, date, evidence),),
                                      f"sleep {earlier:g} -> {later:g} hours")
                continue
            hours = _NIGHT_HOURS.search(part)
            if hours is None or date is None or _NOT_THE_NIGHT.search(part):
                continue
            low = _hours_value(hours.group("a")) + (0.5 if hours.group("half") else 0)
            high = _hours_value(hours.group("b")) if hours.group("b") else low
            if not 0 < low <= 12 or not 0 < high <= 12:
                continue
            evidence = Evidence(document=document, page=page, start=start + hours.start(),
                                end=start + hours.end(), quote=part.strip()[:160])
            nights.append(Measure("sleep", (low + high) / 2, date, evidence))
    nights.sort(key=lambda m: (m.date, m.evidence.start))
    if nights and nights[-1].date > nights[0].date and \
            nights[-1].value - nights[0].value >= SLEEP_GAIN_HOURS:
        found += _as_fact((nights[0], nights[-1]),
                          f"sleep {nights[0].value:g} -> {nights[-1].value:g} hours")
    return found
