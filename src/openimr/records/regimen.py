"""Each drug's directions as numbers: doses a day, daily MME, days' supply.

A pharmacist reads "Norco 10/325 mg 1 po q6h prn #120" as 10 mg of hydrocodone a unit, one
unit a dose, at most 4 doses a day (40 MME a day) and 30 days' supply. The medication
parser keeps the strength, directions and count as written; this module turns them into
numbers (on each medication fact that states them, and per drug for the case: what the
worker takes at the latest note), so the decision engine can test dose ceilings and short
courses when a disputed item gives only strength and count.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from openimr.model import Document, Fact
from openimr.model.numbers import NUMBER_WORDS, number_words
from openimr.records.kinds.drugs import base_generic

_DRUGS = Path(__file__).resolve().parents[1] / "guidelines" / "data" / "drugs.csv"

# -- A grammar of sigs: how many doses a day the directions allow, and how many units a dose.
# Every form is a family: Latin abbreviations ("TID PRN"), intervals ("q4-6h", "every 8
# hours", "cada 8 horas"), counts a day ("three times a day", "2x/d", "up to four daily",
# "dos veces al día"), times of day ("at bedtime", "q AM", "por la noche"), and a patch worn
# for hours a day ("12 hours on, 12 hours off"). A range allows its higher end.

#: The numbers of Spanish sigs ("una tableta cada 8 horas", "dos veces al día"); the English
#: ones are `NUMBER_WORDS`.
SPANISH_NUMBERS = {"un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
                   "ocho": 8, "doce": 12}
_WORD = {**number_words(up_to=6),
         "a": 1, "an": 1,
         "once": 1, "twice": 2, "half": 0.5, "1/2": 0.5, "½": 0.5, **SPANISH_NUMBERS}
_COUNT = (r"(?:\d+(?:\.\d+)?|" + "|".join(number_words(up_to=6))
          + r"|una?|dos|tres|cuatro|cinco|seis)")
#: "1-2", "one or two", "2 to 3", "1 o 2": the higher end is what the directions allow.
_RANGE = rf"({_COUNT})(?:\s*(?:-|to|or|o)\s*({_COUNT}))?"
_DAY = (r"(?:(?<=x)\s*/?\s*d\b|/\s*d(?:ay)?\b|(?:a\s+|per\s+|al\s+|por\s+)?(?:day|d[ií]a)\b|"
        r"daily\b|diari[oa]s?\b)")
#: A cap or a count a day: "up to 4/day", "max 3 a day", "two daily", "3 times daily",
#: "2x/d", "1-2/day", "tres veces al día".
_PER_DAY_COUNT_RE = re.compile(
    rf"(?<![\w/.]){_RANGE}\s*(?:x\s*|times\s+|veces\s+)?(?:{_DAY})", re.IGNORECASE)
_CAP_RE = re.compile(rf"\b(?:up\s+to|max(?:imum)?(?:\s+of)?|no\s+more\s+than|at\s+most|"
                     rf"not\s+to\s+exceed|hasta)\s+{_RANGE}\s*(?:(?:tabs?|tablets?|pills?|caps?|"
                     rf"capsules?|doses?|times|x)\s*)?(?:{_DAY})", re.IGNORECASE)
#: A cap that counts doses ("up to 3 times a day", "max 4 doses/day"); any other cap a day
#: ("maximum 5 per day", "no more than 6 tablets a day") counts the tablets themselves.
_CAP_OF_DOSES_RE = re.compile(r"(?:\bdoses?|\btimes|(?<=\d)\s*x)\s*(?:a\s+|per\s+|/\s*)?d", re.IGNORECASE)
#: The hours of an interval, in figures or in words ("every six hours", "every four to six
#: hours", "cada ocho horas").
_HOURS_IN_WORDS = NUMBER_WORDS | SPANISH_NUMBERS
INTERVAL_HOURS = r"\d{1,2}|" + "|".join(sorted(_HOURS_IN_WORDS, key=len, reverse=True))
#: An interval: "q6h", "q 4-6 hrs", "every 4 to 6 hours", "every six hours", "cada 8 horas".
_EVERY_HOURS_RE = re.compile(rf"(?:\bq\.?\s?|\bevery\s+|\bcada\s+)({INTERVAL_HOURS})(?:\s*"
                             rf"(?:-|to|a)\s*({INTERVAL_HOURS}))?\s*(?:h\b|hrs?\b|hours?\b|"
                             r"horas?\b)", re.IGNORECASE)
#: A dose every few days ("every 3 days", "qod"); a fill "every 30 days" is no dose.
_EVERY_DAYS_RE = re.compile(r"(?:\bq\.?\s?|\bevery\s+|\bcada\s+)([1-7]|other)\s*(?:d\b|days?\b|"
                            r"d[ií]as?\b)|\bq\.?o\.?d\b", re.IGNORECASE)
#: A patch worn part of the day and taken off ("12 hours on, 12 hours off", "12 h on/12 h
#: off"): one a day.
_PATCH_HOURS_RE = re.compile(r"\b\d{1,2}\s*h(?:ours?|rs?)?\s+on\b", re.IGNORECASE)
#: Directions and their doses a day (tried in this order: the most doses a form allows).
_PER_DAY: list[tuple[re.Pattern[str], float]] = [
    (re.compile(pattern, re.IGNORECASE), per_day) for pattern, per_day in [
        (r"\b(?:qid|q\.i\.d\.?|four\s+times\s+(?:a\s+|per\s+)?da(?:y|ily))", 4),
        (r"\b(?:tid|t\.i\.d\.?|three\s+times\s+(?:a\s+|per\s+)?da(?:y|ily))", 3),
        (r"\b(?:bid|b\.i\.d\.?|twice\s+(?:a\s+|per\s+)?da(?:y|ily)|two\s+times\s+(?:a\s+|per\s+)?"
         r"day)", 2),
        (r"\b(?:qd|q\.d\.|daily|once\s+(?:a\s+)?day|one\s+time\s+(?:a\s+)?day|q\.?\s?hs|hs|"
         r"(?:at\s+)?bedtime|nightly|at\s+night|q\.?\s?[ap]\.?m\.?|every\s+(?:morning|night|"
         r"evening)|each\s+(?:morning|night|evening)|in\s+the\s+(?:morning|evening)|"
         r"al\s+acostarse|(?:en|por)\s+la\s+(?:noche|mañana)|cada\s+(?:noche|mañana))(?!\w)", 1),
    ]
]
#: Units a dose: "1-2 tabs", "one or two tablets", "2 caps PO", "take 2 at bedtime",
#: "una tableta", "half a tab".
_UNITS_RE = re.compile(rf"\b{_RANGE}\s*(?:tabs?\b|tablets?\b|tabletas?\b|pastillas?\b|caps?\b|"
                       r"capsules?\b|pills?\b|patch(?:es)?\b|sprays?\b|po\b|by\s+mouth\b)|"
                       rf"\btake\s+{_RANGE}\b|\b(half|1/2|½)\s*(?:a\s+)?(?:tab|tablet|pill)",
                       re.IGNORECASE)
_STRENGTH_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:/\s*\d+(?:\.\d+)?\s*)?(mcg|mg|g)?"
                          r"(\s*/\s*h(?:r|our)?\b)?(?!\s*(?:%|ml\b|units?\b|iu\b))",
                          re.IGNORECASE)


def _count(word: str | None) -> float | None:
    if word is None:
        return None
    word = word.lower()
    return float(_WORD[word]) if word in _WORD else float(word)


def _higher(match: re.Match[str], first: int = 1) -> float:
    """The higher end of a range match's counts ("1-2" -> 2)."""
    counts = [_count(match.group(i)) for i in (first, first + 1)]
    return max(c for c in counts if c is not None)


def doses_per_day(directions: str | None) -> float | None:
    """The most doses a day the directions allow, or None if they give no schedule."""
    if not directions:
        return None
    cap = _CAP_RE.search(directions)
    if cap:
        return _higher(cap)
    if _PATCH_HOURS_RE.search(directions):
        return 1.0
    every = _EVERY_HOURS_RE.search(directions)
    if every:
        hours = min(_HOURS_IN_WORDS.get(h.lower()) or int(h)  # "q4-6h": the most doses
                    for h in every.groups() if h)
        return round(24 / hours, 6) if hours else None
    days = _EVERY_DAYS_RE.search(directions)
    if days:
        every = days.group(1)
        interval = 2 if every is None or every.lower() == "other" else int(every)
        return round(1 / interval, 6) if interval else None
    count = _PER_DAY_COUNT_RE.search(directions)
    if count:
        return _higher(count)
    for pattern, per_day in _PER_DAY:
        if pattern.search(directions):
            return per_day
    return None


def units_per_dose(directions: str | None) -> float:
    """Units a dose; 1 when a cap a day counts the tablets ("1-2 tabs q4-6h, max 5/day": the
    day's units are the cap, not two at each of five doses)."""
    cap = _CAP_RE.search(directions or "")
    if cap and not _CAP_OF_DOSES_RE.search(cap.group()):
        return 1.0
    match = _UNITS_RE.search(directions or "")
    if not match:
        return 1.0
    if match.group(5):
        return 0.5
    return _higher(match, 1 if match.group(1) else 3)


@cache
def _mme_factors() -> dict[str, tuple[str, str]]:
    """generic -> (CDC 2016 factor, unit) from the guideline drug table, when present."""
    if not _DRUGS.is_file():
        return {}
    lines = [line for line in _DRUGS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    factors: dict[str, tuple[str, str]] = {}
    for row in csv.DictReader(lines):
        if row.get("mme_factor"):
            # the first row of a drug names its usual form ("fentanyl transdermal" before
            # "fentanyl buccal")
            factors.setdefault(base_generic(row["generic"].strip().lower()),
                               (row["mme_factor"], row.get("mme_unit") or ""))
    return factors


def _methadone_factor(mg_per_day: float) -> float:
    # CDC 2016 tiers, by total daily dose
    return 4 if mg_per_day <= 20 else 8 if mg_per_day <= 40 else 10 if mg_per_day <= 60 else 12


def _strength(text: str) -> tuple[float, str, bool] | None:
    """(amount, unit, per hour) of a written strength: "10/325" and "30" are in the
    drug's usual mg, "25 mcg/hr" is a patch's rate; a percent or a volume is no strength a
    dose is counted in."""
    match = _STRENGTH_RE.match(text)
    if match is None:
        return None
    return float(match.group(1)), (match.group(2) or "mg").lower(), bool(match.group(3))


def computed_values(value: dict[str, Any]) -> dict[str, float]:
    """The numbers a medication value's strength, directions and count give."""
    out: dict[str, float] = {}
    strength = _strength(value.get("strength") or "")
    if strength:
        amount, unit, rate = strength
        out["strength_mg"] = (amount if rate or unit == "mg" else
                              amount * 1000 if unit == "g" else round(amount / 1000, 6))
    per_day = doses_per_day(value.get("frequency"))
    if per_day is None:
        return out
    units = units_per_dose(value.get("frequency"))
    out["units_per_dose"], out["doses_per_day"] = units, per_day
    quantity = value.get("quantity")
    if quantity:
        out["days_supply"] = round(quantity / (units * per_day), 1)
    factor = _mme_factors().get(base_generic(str(value.get("generic") or "")))
    if factor and strength:
        raw, factor_unit = factor
        amount, unit, rate = strength
        if factor_unit.startswith("mcg/h"):
            daily = amount  # a patch's rate is its daily exposure
        elif factor_unit == "mcg":
            daily = (amount * 1000 if unit == "mg" else amount) * units * per_day
        else:
            daily = out["strength_mg"] * units * per_day
        try:
            multiplier = _methadone_factor(daily) if raw == "dose-dependent" else float(raw)
        except ValueError:
            return out
        out["daily_mme"] = round(daily * multiplier, 1)
    return out


def with_computed(value: dict[str, Any]) -> dict[str, Any]:
    return {**value, **computed_values(value)}


_TAKEN = {"current", "start", "refill", "taper"}
_ORDERED = {"start", "refill", "taper"}
#: A gel or cream: a strength in percent ("1%"), or directions to apply it ("apply TID").
_TOPICAL_RE = re.compile(r"%|\bappl(?:y|ied|ication)\b|\btopical", re.IGNORECASE)


def drug_regimens(facts: Iterable[Fact], documents: Iterable[Document] = ()
                  ) -> list[dict[str, Any]]:
    """Per drug the worker still takes at the latest mention, what its latest stated
    strength, directions and count compute to; drugs with no directions anywhere are left
    out. First-hand statements are preferred to second-hand ones. With the case's
    `documents`, a drug is also no longer taken when its last first-hand word denies it
    ("not taking the meloxicam", "hasn't needed any Tylenol"), its last statement goes on to
    its stop ("caused GI upset, stopped") or when the course its
    directions set ("x 7 days", "for 2 weeks") ended before the case's latest note and no
    later note names it."""
    facts, documents = list(facts), list(documents)
    mentions: dict[str, list[Fact]] = {}
    denied: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.kind.value != "medication" or not fact.value.get("generic"):
            continue
        generic = str(fact.value["generic"])
        # a copied-forward line says nothing new ("Ibuprofen 600 mg TID" carried into the
        # note that says she stopped it)
        if fact.asserted and fact.copy_of is None:
            mentions.setdefault(generic, []).append(fact)
        elif fact.negated and not (fact.hypothetical or fact.family) and not fact.second_hand:
            denied.setdefault(generic, []).append(fact)
    order = {d.id: i for i, d in enumerate(documents)}
    starts = {(f.evidence.document, f.evidence.page, f.evidence.start) for f in facts
              if f.kind.value == "medication"}
    out = []
    for generic, found in mentions.items():
        first_hand = [f for f in found if not f.second_hand] or found
        if documents and _no_longer_taken(first_hand, denied.get(generic, []), documents,
                                          order, starts):
            continue
        patch = any("patch" in f"{f.value.get('drug')} {f.value.get('frequency')}".lower()
                    for f in first_hand)
        if first_hand[-1].value.get("action") not in _TAKEN or not patch and any(
                _TOPICAL_RE.search(f"{f.value.get('strength') or ''} "
                                   f"{f.value.get('frequency') or ''}") for f in first_hand):
            # stopped, or a gel or cream ("1%": no doses a pharmacist counts; a patch is
            # counted in patches)
            continue
        merged: dict[str, Any] = {"generic": generic}
        for key in ("strength", "frequency", "quantity"):
            # a count belongs to a prescription line ("#60"), not to "took 10 tablets"
            stated = [f.value[key] for f in first_hand if f.value.get(key) and (
                key != "quantity" or f.value.get("strength") or f.value.get("frequency"))
                and not _planned(f, documents)]
            if key == "frequency":
                # the prescribed directions, a line that gives the strength too ("oxycodone
                # 5 mg q4h prn") or an order (a start, refill or taper), before what the
                # worker says of her use ("takes 1 at night")
                scheduled = [f for f in first_hand if doses_per_day(f.value.get(key))
                             and not _planned(f, documents)]
                prescribed = [f for f in scheduled if (f.value.get("strength") or f.value.get(
                    "action") in _ORDERED) and not _USE_ACCOUNT_RE.search(
                    _line_after(f, documents))] or scheduled
                stated = [f.value[key] for f in prescribed]
            if stated:
                merged[key] = stated[-1]
        numbers = computed_values(merged)
        if "doses_per_day" in numbers:
            out.append({"drug": generic, **numbers,
                        **({"quantity": merged["quantity"]} if "quantity" in merged else {})})
    return out


#: A course the directions set: "x 7 days", "x4 wks", "× 3 months", "for 10 days", "for two
#: weeks" ("for 8 months" tells how long the worker has taken it, not a course).
_COURSE_RE = re.compile(rf"(?:(?:\bx|×)\s*({_COUNT})\s*(d(?:ays?)?|w(?:ee)?ks?|months?)|"
                        rf"\bfor\s+({_COUNT})\s*(d(?:ays?)?|w(?:ee)?ks?))\b", re.IGNORECASE)
_COURSE_DAYS = {"d": 1, "w": 7, "m": 30}


def _place(fact: Fact, order: dict[str, int]) -> tuple[int, int, int]:
    ev = fact.evidence
    return order.get(ev.document, -1), ev.page, ev.start


def _page_text(fact: Fact, documents: list[Document]) -> str:
    ev = fact.evidence
    return next((p.text for d in documents if d.id == ev.document for p in d.pages
                 if p.number == ev.page), "")


def _line_after(fact: Fact, documents: list[Document], length: int = 80) -> str:
    """The fact's words and its line's words after it, up to the sentence's end."""
    text = _page_text(fact, documents)[fact.evidence.start:]
    return re.split(r"\n|(?<=[.;])\s", text, maxsplit=1)[0][:length]


def _course_days(fact: Fact, documents: list[Document]) -> float | None:
    """The days a course stated after the drug on its line lasts ("x 5 days", "for 2
    weeks"), or None."""
    line = _line_after(fact, documents, 120)
    match = _COURSE_RE.search(line)
    if match is None or re.search(r"\bthen\b", line[:match.start()], re.IGNORECASE):
        return None
    count, unit = match.group(1, 2) if match.group(1) else match.group(3, 4)
    return (_count(count) or 0) * _COURSE_DAYS[unit[0].lower()]


#: A change of dose still to come ("will begin a taper of X to 15 mg next month",
#: "recommend tapering X to 10 mg over 4 weeks", "consider reducing X to BID"): the dose
#: the worker takes at that note is the one before it.
_PLANNED_BEFORE_RE = re.compile(r"\b(?:consider\w*|recommend\w*|suggest\w*|propos\w*|"
                                r"next\s+(?:visit|month|week))\b", re.IGNORECASE)
_PLANNED_AFTER_RE = re.compile(r"^[^.;\n]*?\b(?:next\s+(?:visit|month|week)|starting\s+next)\b",
                               re.IGNORECASE)


def _planned(fact: Fact, documents: list[Document]) -> bool:
    """A taper the note plans rather than makes ("Will begin taper of X to 15 mg q12h next
    month")."""
    if fact.value.get("action") != "taper" or not documents:
        return False
    ev, text = fact.evidence, _page_text(fact, documents)
    start = max(text.rfind(". ", 0, ev.start), text.rfind("\n", 0, ev.start)) + 1
    return bool(_PLANNED_BEFORE_RE.search(text[start:ev.start])
                or _PLANNED_AFTER_RE.match(text[ev.end:]))


#: The worker's account of use rather than directions: "about once a day", "most days",
#: "usually two" ("at bedtime only" is an order).
_USE_ACCOUNT_RE = re.compile(r"\b(?:about|around|roughly|approximately|usually|typically|"
                             r"occasionally|most\s+days|some\s+days)\b", re.IGNORECASE)


#: A stop without a subject of its own after what the drug did, past a comma or a quotation
#: ("caused heartburn, stopped.", "made him 'foggy' and he quit it", "made her dizzy, so it
#: was discontinued", "gave hives, d/c'd 2/3"): the drug's own stop, in its sentence. A
#: stop with another subject ("..., PT stopped") is not the drug's. Read here, for what the
#: worker takes at the latest note; the medication reader's own `action` is left as it was
#: (a decision set, dev-15, drafts a restarted NSAID differently once its earlier stop is read).
_STOPPED_LATER_RE = re.compile(
    r"^(?:[^;.]|\.\d){0,90}?(?:[,\"”']\s*|\band\s+)(?:so\s+|then\s+)?(?:(?:it|this|that)\s+)?"
    r"(?:(?:was|were|been|got)\s+)?(?:(?:(?:he|she|they|patient|pt|the\s+worker)\s+)?"
    r"(?:stopped|quit|discontinued)\s+(?:it|them|taking\s+it)\b|(?:stopped|discontinued|"
    r"d/c'?d)(?=\s*(?:[.;,(]|$|\s+(?:on|in|after|for|due|because|since|\d))))",
    re.IGNORECASE)



def _stopped_later(fact: Fact, documents: list[Document], starts: set[tuple[str, int, int]]
                   ) -> bool:
    """`_STOPPED_LATER_RE` after the drug's words, before any other drug of its page
    (`starts`: where each medication fact begins)."""
    ev = fact.evidence
    match = _STOPPED_LATER_RE.match(_line_after(fact, documents, 160)[len(ev.quote):])
    return bool(match) and not any(
        (document, page) == (ev.document, ev.page) and ev.end <= start < ev.end + match.end()
        for document, page, start in starts)


def _no_longer_taken(found: list[Fact], denied: list[Fact], documents: list[Document],
                     order: dict[str, int], starts: set[tuple[str, int, int]]) -> bool:
    """Whether the drug is no longer taken at the case's latest note: its last word denies
    it, or the course its last note set ran out before the latest note and no later note
    names it."""
    last = max(found, key=lambda f: _place(f, order))
    if any(_place(f, order) > _place(last, order) for f in denied) or _stopped_later(
            last, documents, starts):
        return True
    dates = {d.id: d.date for d in documents}
    latest = max((d for d in dates.values() if d is not None), default=None)
    began = dates.get(last.evidence.document)
    if latest is None or began is None or latest <= began:
        return False
    days = [d for f in found if f.evidence.document == last.evidence.document
            for d in [_course_days(f, documents)] if d]
    return bool(days) and (latest - began).days > max(days)
