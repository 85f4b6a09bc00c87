"""Predicates for drug requests: current use, length of use, dose (MME), the four A's of opioid
monitoring, drug testing, GI risk. Drug names in the records are mapped to classes with the
bundled drug table (`openimr.guidelines.drugs`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from openimr.guidelines.context import Context, Outcome, evidence_of
from openimr.guidelines.drugs import DrugInfo, drug_table
from openimr.guidelines.predicates import predicate
from openimr.guidelines.predicates.request import supply_days
from openimr.guidelines.predicates.trends import document_dates, first_hand_pages
from openimr.model import Fact, FactKind
from openimr.model.determination import CriterionStatus
from openimr.model.facts import Evidence
from openimr.model.wording import join_words
from openimr.records import opioid_monitoring
from openimr.records.column_tables import VisitRow
from openimr.records.pain_changes import pain_changes
from openimr.records.pain_words import governs_the_drug

TAKING = ("current", "refill", "taper")
#: The highest daily MME read as a dose from the records.
PLAUSIBLE_MME = 1000


def _drug_of(fact: Fact) -> DrugInfo | None:
    table = drug_table()
    for name in (fact.value.get("generic"), fact.value.get("drug")):
        if name:
            found = table.find(str(name))
            if found is not None:
                return found
    return None


_RELEASE_SUFFIX = re.compile(r"\s+(?:er|ir|xr|cr|sr|la|xl)$")
#: A release written right after a drug's name in the quote ("oxycodone ER 40 mg",
#: "morphine extended-release 15 mg").
_RELEASE_AFTER_NAME = re.compile(r"\s+((?-i:ER|IR|XR|CR|SR|LA|XL)|extended[- ]release|"
                                 r"immediate[- ]release)\b", re.IGNORECASE)


def _name_with_release(fact: Fact) -> str:
    """The drug's name as the note gives it, with the release written after it in the quote
    when the reader's name leaves it out, so that an ER and an IR form stay two drugs."""
    name = str(fact.value.get("drug") or "")
    at = fact.evidence.quote.lower().find(name.lower()) if name else -1
    release = _RELEASE_AFTER_NAME.match(fact.evidence.quote, at + len(name)) if at >= 0 else None
    return f"{name} {release.group(1)}" if release else name


def drug_in_its_release(fact: Fact) -> DrugInfo | None:
    """The drug a medication fact names, in the release the note gives it: the name tells it
    ("OxyContin"), the generic the reader gave may not, nor may the name read when the release
    is written after it ("oxycodone ER 40 mg")."""
    return drug_table().find(_name_with_release(fact)) or _drug_of(fact)


def _same_form(info: DrugInfo | None, own: DrugInfo | None) -> bool:
    """The drug of a fact is the request's own in its release (an unknown drug, or a request
    not in the table, is taken as the same)."""
    return info is None or own is None or (info.generic, info.release) == (own.generic, own.release)



def requested_drug_facts(context: Context, *, asserted: bool | None = True) -> list[Fact]:
    """Medication facts about the drug requested, whatever name the note gives it ("MS Contin"
    for morphine ER, "morphine" for it too: the release form is the request's detail)."""
    drug = context.request.drug
    if drug is None:
        return []
    wanted = {_RELEASE_SUFFIX.sub("", name.lower()) for name in (drug.generic, drug.name) if name}
    info = drug_table().lookup(drug.generic or drug.name)
    if info is not None:
        wanted.add(_RELEASE_SUFFIX.sub("", info.generic))
    found = []
    for fact in context.facts_of(FactKind.medication, asserted=asserted):
        names = {_RELEASE_SUFFIX.sub("", str(n).lower()) for n in
                 (fact.value.get("generic"), fact.value.get("drug")) if n}
        known = _drug_of(fact)
        if known is not None:
            names.add(_RELEASE_SUFFIX.sub("", known.generic))
        # the brand names the route the generic leaves out ("Butrans" is transdermal
        # buprenorphine, the note's generic "buprenorphine" the tablet)
        branded = drug_table().find(str(fact.value.get("drug") or ""))
        if branded is not None:
            names.add(_RELEASE_SUFFIX.sub("", branded.generic))
        if names & wanted:
            found.append(fact)
    return found


def medication_facts(context: Context, classes: list[str] | None = None,
                     generics: list[str] | None = None, *, asserted: bool | None = True) -> list[Fact]:
    """Medication facts whose drug is of one of the classes (or one of the generics)."""
    found = []
    for fact in context.facts_of(FactKind.medication, asserted=asserted):
        drug = _drug_of(fact)
        if drug is None:
            continue
        if (classes and drug.drug_class in classes) or (generics and drug.generic in generics):
            found.append(fact)
    return found


@predicate("on_medication")
def on_medication(context: Context, description: str, classes: list[str] | None = None,
                  generics: list[str] | None = None, prior_use: bool = False,
                  same_drug: bool = False) -> Outcome:
    """The worker currently takes a drug of the classes (or generics) named.

    With `prior_use`, only use that predates the request counts: a refill, a drug named in
    notes of different dates, or one the note says has been taken for a while. The requesting
    note's plan ("PLAN: naproxen 550 mg twice a day") alone is the request, not a continuation.
    With `same_drug`, only the drug requested counts: another drug of the class taken beside it
    (an SSRI for the mood, trazodone added for sleep) makes the request no continuation.
    """
    named = medication_facts(context, classes, generics)
    if same_drug:
        requested = {id(f) for f in requested_drug_facts(context)}
        named = [f for f in named if id(f) in requested]
    if context.request.category != TOPICAL_CATEGORY:
        # A cream with an NSAID in it is not use of the oral drug the request continues.
        named = [f for f in named if not topical_form(context, f)]
    # A course the note tells as over ("naproxen, which we used for five weeks in 2014 ...
    # she stopped it") is neither current use nor the use a request continues.
    finished = [f for f in named if finished_course(context, f) or _stopped_later(context, f, named)]
    facts = [f for f in named if f not in finished]
    # "Not taking any NSAID, aspirin or steroid": a drug named in a list its sentence denies
    # is not taken (the reader's `in_denied_list`)
    denied = [f for f in facts if _denied_in_sentence(f)]
    taking = [f for f in facts if f.value.get("action", "current") in TAKING and f not in denied]
    never_taken = False
    if prior_use and taking:
        # "duloxetine not yet started - pharmacy denied": the latest note says the drug was
        # never taken, so its other mentions (the order, the request again) are no earlier use
        never = [f.date for f in facts if f.value.get("action") == "start" and f.date
                 and _NEVER_TAKEN.search(context.sentence_of(f))]
        never_taken = bool(never) and max(never) >= max(
            (f.date for f in taking if f.date), default=dt.date.min)
    if prior_use:
        # a switch told in one note ("stop Norco, start Duragesic") is use of the class with
        # nothing left "current": the stop and the start show it
        taking = (taking or [f for f in facts if f.value.get("action") in ("start", "stop")]
                  ) if _used_before(context, facts) and not never_taken else []
    if taking:
        return Outcome.met(f"The records document current use of {description}.", taking)
    stopped = [f for f in facts if f.value.get("action") == "stop"] + finished + denied
    stopped += medication_facts(context, classes, generics, asserted=False)
    # a switch told in one note ("discontinue Norco, start oxycodone IR") keeps the worker on
    # the class: the drug stopped is replaced, not the class given up
    switched = [f for f in facts if f.value.get("action") == "start" and any(
        s.evidence.document == f.evidence.document and s.value.get("action") == "stop"
        and s.value.get("generic") != f.value.get("generic") for s in stopped)]
    if switched and not prior_use and not never_taken:
        return Outcome.met(f"The records document a switch from one drug to another, still {description}.",
                           switched + [s for s in stopped if s.evidence.document
                                       == switched[0].evidence.document][:1])
    if stopped:
        return Outcome.not_met(f"The records document that the worker does not take "
                               f"{description}.", stopped)
    started = [f for f in facts if f.value.get("action") == "start"]
    if prior_use and facts and not stopped:
        return Outcome.not_met(f"The records document {description} only in the current plan, "
                               "not as earlier use.", facts)
    if started:
        return Outcome.not_met(f"The records document {description} only as newly started.",
                               started)
    if not facts:
        others = _medication_list(context)
        if others:
            names = ", ".join(dict.fromkeys(str(f.value.get("generic") or f.value.get("drug"))
                                            for f in others))
            return Outcome.not_met(f"The medications the records document ({names}) include no "
                                   f"{description}.", others[:3])
    return Outcome.unknown(context.none_documents(f"documents current use of {description}"),
                           f"whether the worker takes {description}")


#: A sentence saying a drug has not been taken at all ("not yet started", "never filled").
_NEVER_TAKEN = re.compile(r"\b(?:not\s+yet|never)\s+(?:been\s+)?(?:started|begun|filled|dispensed|"
                          r"taken|initiated|tried)\b|\b(?:was|has|had|have)\s+not\s+(?:been\s+)?"
                          r"(?:started|filled|dispensed|taken)\b", re.IGNORECASE)


#: The item category of drugs applied to the skin (item_vocabulary.yaml).
TOPICAL_CATEGORY = "topical_analgesic"
_TOPICAL_WORDS = re.compile(r"\b(?:creams?|gels?|ointments?|lotions?|patch(?:es)?|topical\w*|"
                            r"compound\w*|transdermal|lipoderm)\b", re.IGNORECASE)


def topical_form(context: Context, fact: Fact) -> bool:
    """The drug is named as applied to the skin: a strength in percent ("Flurbiprofen 20%"),
    or a topical word just before it on its line ("the compounded cream (flurbiprofen/...") or
    after it up to the next comma ("Voltaren gel, naproxen 550" names one topical drug)."""
    if str(fact.value.get("strength") or "").strip().endswith("%"):
        return True
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page)) or ""
    before = text[max(0, evidence.start - 60):evidence.start]
    before = re.split(r"[.;,\n]\s", before)[-1]
    after = re.split(r"[.;,\n]", text[evidence.end:evidence.end + 60])[0]
    return bool(_TOPICAL_WORDS.search(before) or _TOPICAL_WORDS.search(after))


#: A sentence telling a course of a drug as over: stopped, or used for a stated time back then.
_FINISHED = re.compile(
    r"\b(?:stopped|discontinued|quit|came\s+off|weaned\s+off|completed\s+(?:a|the)\s+course|"
    r"(?:used|took|taken|tried)\s+(?:it\s+)?for\s+(?:about\s+|around\s+)?(?:\w+|\d+)\s+"
    r"(?:days|weeks|months)\s+(?:in|during|back\s+in|last)\b)", re.IGNORECASE)
#: Words that, in the same sentence, take the drug up again (or speak of another one started).
_TAKEN_UP = re.compile(r"\b(?:re-?start\w*|resum\w+|start\w*|begin|began|again|continu\w*|"
                       r"refill\w*|still)\b", re.IGNORECASE)


def finished_course(context: Context, fact: Fact) -> bool:
    """The medication's own sentence tells a course that is over ("naproxen, which we used for
    about five weeks in the spring of 2014, ... she stopped it once she felt better"), and
    nothing in it takes the drug up again. The reader marks "stopped naproxen" itself; this
    reads the stop told of the drug later in its sentence ("she stopped it")."""
    if fact.value.get("action", "current") not in TAKING or fact.value.get("action") == "refill":
        return False
    sentence = context.sentence_of(fact)
    return bool(_FINISHED.search(sentence)) and not _TAKEN_UP.search(sentence)


def _stopped_later(context: Context, fact: Fact, facts: list[Fact]) -> bool:
    """A drug taken in one place and stopped after it ("has taken ibuprofen 600 tid ... Plan:
    STOP ibuprofen", or a later note "since stopping ibuprofen") is no longer taken: a stop of
    the same drug later on the same page, or in a note of a later date, ends the use. A refill
    or restart after the stop takes it up again (the stop is then not the latest word). A stop
    dated after the decision ("Goal: off Norco by 01/2017") is a goal, not a stop."""
    if fact.value.get("action", "current") not in TAKING:
        return False
    generic = fact.value.get("generic") or fact.value.get("drug")
    same = [f for f in facts if (f.value.get("generic") or f.value.get("drug")) == generic]

    def after(later: Fact, earlier: Fact) -> bool:
        if later.date is not None and earlier.date is not None and later.date != earlier.date:
            return later.date > earlier.date
        return (later.evidence.document == earlier.evidence.document
                and later.evidence.page == earlier.evidence.page
                and later.evidence.start > earlier.evidence.end)

    stops = [f for f in same if f.value.get("action") == "stop" and after(f, fact)
             and (f.date is None or context.as_of is None or f.date <= context.as_of)]
    return any(not any(t.value.get("action", "current") in TAKING and after(t, stop)
                       for t in same) for stop in stops)


def _medication_list(context: Context) -> list[Fact]:
    """The drugs the worker is documented to take, other than the one requested: when the notes
    list the medications, a class missing from the list is not taken."""
    drug = context.request.drug
    requested = drug.generic if drug else None
    return [f for f in context.facts_of(FactKind.medication)
            if f.value.get("action", "current") in TAKING and _drug_of(f) is not None
            and f.value.get("generic") != requested]


@predicate("use_within_weeks")
def use_within_weeks(context: Context, limit_parameter: str, description: str,
                     classes: list[str] | None = None,
                     generics: list[str] | None = None,
                     uncounted_supply: bool = False) -> Outcome:
    """Short-term use only: earlier use plus the supply requested stay within the weeks the
    parameter gives.

    With `uncounted_supply`, a product whose supply has no length to count (grams of a gel,
    a tube of cream) is judged on the documented earlier use alone: the guideline limits the
    course, and only use already beyond the limit is known to exceed it."""
    max_weeks = float(context.param(limit_parameter))
    # (a drug whose line gives a start before the note is in use, whatever its verb: a
    # medication list's "started 07/2013" on a 2014 list is not a start that day)
    facts = [f for f in medication_facts(context, classes, generics)
             if f.value.get("action", "current") in TAKING
             or (f.date is not None and (day := use_began(f)) is not None and day < f.date)]
    supply, at_least = _supply(context)
    dated = sorted({f.date for f in facts if f.date is not None})
    # A start date the notes give beside the drug ("zolpidem 10 mg qhs  start 02/14/2019",
    # "Soma 350 bid (since 2014)") dates the use from then.
    began = sorted([(day, f) for f in facts if f.date is not None
                    and (day := use_began(f)) is not None and day < f.date],
                   key=lambda pair: pair[0])
    if began and dated and began[0][0] < dated[0]:
        dated = [began[0][0], *dated]
        facts = [began[0][1], *[f for f in facts if f is not began[0][1]]]
    # A past course the notes date as closed months ago ("cyclobenzaprine 10/2016 - 11/2016,
    # helped, stopped") is not the use the request continues: the limit is on a course.
    if dated:
        past = [f for f in facts if f.date is not None and f.date < dated[-1]
                and (end := _closed_course_end(context, f)) is not None
                and (dated[-1] - end).days / 7 > max_weeks]
        if past:
            facts = [f for f in facts if f not in past]
            dated = sorted({f.date for f in facts if f.date is not None})
    # Use already documented: from the first note naming the drug to the last. A drug named
    # only in the requesting note is the request itself, not earlier use.
    if len(dated) > 1:
        weeks = (dated[-1] - dated[0]).days / 7
        if weeks + (supply or 0) / 7 > max_weeks:
            return Outcome.not_met(
                f"{description.capitalize()} has been used since {dated[0]:%m/%d/%Y}, about "
                f"{weeks:.0f} weeks before the last note; the guideline supports it for no more "
                f"than {max_weeks:g} weeks.", facts)
    elif facts and any(_long_standing(context, f) for f in facts):
        return Outcome.not_met(f"The records document ongoing use of {description}, which the "
                               f"guideline supports only for up to {max_weeks:g} weeks.", facts)
    count = context.request.drug.count if context.request.drug else None
    if (supply is None or at_least) and count and count <= max_weeks * 7:
        # No directions, but a small count: even at one a day it is gone within the limit.
        return Outcome.met(f"Even at one a day, the {count:g} units requested last {count:g} "
                           f"days at most, within {max_weeks:g} weeks.", facts)
    if supply is None and uncounted_supply:
        return Outcome.met(f"No use of {description} beyond {max_weeks:g} weeks is documented; "
                           "the supply requested has no length to count.", facts)
    if supply is None:
        return Outcome.unknown("The request does not state a supply whose length can be "
                               "computed (count and directions).",
                               f"the length of the {description} course requested")
    if at_least:
        if supply / 7 > max_weeks:
            return Outcome.not_met(f"Even at the labelled maximum daily dose the supply "
                                   f"requested lasts at least {supply:g} days, more than "
                                   f"{max_weeks:g} weeks.", facts)
        return Outcome.unknown("Neither the request nor the notes give directions, so the "
                               "length of the supply cannot be computed.",
                               f"the directions (daily dose) of the {description} requested")
    if supply / 7 > max_weeks:
        return Outcome.not_met(f"The supply requested lasts {supply:g} days, more than "
                               f"{max_weeks:g} weeks.", facts)
    return Outcome.met(f"The supply requested lasts {supply:g} days, within {max_weeks:g} "
                       "weeks.", facts)


#: A span of use written after the drug on its line, closed by its end date ("cyclobenzaprine
#: 7.5  10/2016 - 11/2016", "Flexeril 03/2015 to 04/2015"): the strength may stand between.
_CLOSED_SPAN_RE = re.compile(
    r"[ \t]*(?:\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)?\s*(?:mg|mcg|%)?[ \t]+)?(?:\(?(?:used|taken|"
    r"tried)?\s*)?(?P<a>\d{1,2}/(?:\d{1,2}/)?\d{2,4})[ \t]*(?:-|\u2013|to|through|until)[ \t]*"
    r"(?P<b>\d{1,2}/(?:\d{1,2}/)?\d{2,4})(?![\d/])", re.IGNORECASE)


#: The rest of the drug's line telling it taken again or still ("restarted 04/2019 and taken
#: nightly since", "resumed", "ongoing"): the closed span was one course of a use that goes on
#: (review 12, R13).
_RESUMED_RE = re.compile(r"\b(?:re-?start\w*|resum\w*|again|since|continu\w*|currently|"
                         r"ongoing|still|to\s+(?:date|present)|now)\b", re.IGNORECASE)


def _closed_course_end(context: Context, fact: Fact) -> dt.date | None:
    """The end of a span of use the drug's own line gives right after it, when it closes
    before the note ("10/2016 - 11/2016" in a 2017 note) and the line does not go on to tell
    it taken again or still: a past course."""
    from openimr.records.dates import parse_date

    text = context.page_texts.get((fact.evidence.document, fact.evidence.page)) or ""
    line_end = text.find("\n", fact.evidence.end)
    span = _CLOSED_SPAN_RE.match(text, fact.evidence.end,
                                 len(text) if line_end < 0 else line_end)
    if span is None or _RESUMED_RE.search(text, span.end(), len(text) if line_end < 0 else line_end):
        return None
    end = parse_date(span.group("b"))
    noted = document_dates(context).get(fact.evidence.document)
    return end if end is not None and (noted is None or end < noted) else None


def _supply(context: Context) -> tuple[float | None, bool]:
    """Days the requested supply lasts, and whether that is only a lower bound (at the
    labelled maximum daily dose). A course the prescriber limits in words beside the drug
    ("a 10-day course, then stop", "x 14 days only") lasts no longer than that: a count
    written for a dose that may rise ("at bedtime, up to three times a day") runs out sooner,
    and what is left over is not taken."""
    supply, at_least = _counted_supply(context)
    stated = _stated_course_days(context)
    if stated is not None and (supply is None or stated < supply):
        return stated, False
    return supply, at_least


def _counted_supply(context: Context) -> tuple[float | None, bool]:
    supply = supply_days(context.request)
    drug = context.request.drug
    if supply is not None or drug is None or not drug.count:
        return supply, False
    dose = requested_daily_dose(context)
    if dose is None:
        return None, False
    return round(drug.count / dose.units, 1), not dose.exact


_NUMBER_WORDS = {"three": 3, "five": 5, "seven": 7, "ten": 10, "fourteen": 14, "one": 1,
                 "two": 2, "four": 4, "six": 6}
#: A course length the prescriber sets: "10-day course", "a two-week course", "x 7 days",
#: "for 10 days then stop", "14 days only" (a stop follows or the course is named as such).
_COURSE_LENGTH = re.compile(
    r"\b(?P<n>\d{1,2}|three|five|seven|ten|fourteen|one|two|four|six)[- ](?P<unit>days?|weeks?)"
    r"[- ](?:course|trial|supply)\b|"
    r"\b(?:course|trial)\s+of\s+(?P<n2>\d{1,2}|three|five|seven|ten|fourteen|one|two|four|six)\s+"
    r"(?P<unit2>days?|weeks?)\b|"
    r"(?:\bx|\bfor|\u00d7)\s*(?P<n3>\d{1,2}|three|five|seven|ten|fourteen|one|two|four|six)\s+"
    r"(?P<unit3>days?|weeks?)\b(?=[^.;]{0,25}\b(?:only|then\s+(?:stop|discontinue|d/c)|and\s+"
    r"(?:stop|discontinue)))", re.IGNORECASE)


def _stated_course_days(context: Context) -> float | None:
    """The course length the latest treating note sets for the requested drug, in its own
    sentence, or None."""
    facts = sorted((f for f in requested_drug_facts(context)
                    if f.value.get("action", "current") in (*TAKING, "start") and f.date),
                   key=lambda f: (f.date, f.evidence.start))
    if not facts:
        return None
    sentence = context.sentence_of(facts[-1])
    match = _COURSE_LENGTH.search(sentence[sentence.find(facts[-1].evidence.quote[:20]):]
                                  if facts[-1].evidence.quote[:20] in sentence else sentence)
    if match is None:
        return None
    n = match.group("n") or match.group("n2") or match.group("n3")
    unit = match.group("unit") or match.group("unit2") or match.group("unit3")
    count = int(n) if n.isdigit() else _NUMBER_WORDS[n.lower()]
    return float(count * (7 if unit.lower().startswith("week") else 1))


def _used_before(context: Context, facts: list[Fact]) -> bool:
    """The drug was taken before the request: a refill or taper, a start followed by a later
    note naming it, or, unless the records say it was just started, several mentions (history
    and plan), notes of different dates, or a sentence saying it has been taken for a while."""
    if any(f.value.get("action") in ("refill", "taper") for f in facts):
        return True
    # A list's start column dating the drug before the list ("Norco ... Started 02/2012" on a
    # 2014 list) tells use begun then, not a start that day (as in `use_within_weeks`).
    if any(f.date is not None and (day := use_began(f)) is not None and day < f.date
           for f in facts):
        return True
    # A start told only in a later note's history ("gabapentin 300 mg tid started 01/2019" in
    # an April note, the note that started it not in the records) may date the fact by the
    # start itself: the note's own date tells the use since, when the start falls in an
    # earlier month than the note. (With a start in the records, told first- or second-hand,
    # the start branch below judges; session "decide-dev27".)
    generics = {f.value.get("generic") for f in facts}
    if not any(f.kind is FactKind.medication and f.value.get("action") == "start"
               and f.value.get("generic") in generics for f in context.facts) and any(
            (day := use_began(f)) is not None
            and (noted := context.stated_dates.get(f.evidence.document)) is not None
            and (day.year, day.month) < (noted.year, noted.month) for f in facts):
        return True
    starts = [f.date for f in facts if f.value.get("action") == "start"]
    if starts:
        first = min((d for d in starts if d is not None), default=None)
        started = {f.value.get("generic") for f in facts if f.value.get("action") == "start"}
        # Named again in a later note, or another drug of the class taken before the start or
        # taken or stopped in the note that starts it: a switch within the class, or a drug
        # added to one already taken, continues it ("oxycodone ... converted to buprenorphine",
        # "stop Norco, start Duragesic", "hydromorphone added to the oxycodone"); the same drug
        # before its start is the plan that started it.
        return first is not None and any(
            f.date is not None and f.value.get("action", "current") != "start"
            and (f.date > first or (f.date <= first and f.value.get("generic") not in started
                                    and f.value.get("action", "current") in (
                                        TAKING if f.date < first else (*TAKING, "stop"))))
            for f in facts)
    # An opioid whose note keeps a monitoring flowsheet of earlier visits (pain without and
    # with it, row by row) has been taken at each of them.
    if any((info := _drug_of(f)) is not None and info.is_opioid
           and _monitored_on_flowsheet(context, f) for f in facts):
        return True
    # A request for authorization repeats the plan it asks for ("RFA 10/14: Percocet #120"
    # after the consult's "Plan: Percocet"): one request, not a mention of earlier use.
    facts = [f for f in facts if not _request_form(context, f.evidence.document)]
    dates = {f.date for f in facts if f.date is not None}
    return len(_mentions(context, facts)) > 1 or len(dates) > 1 or any(_long_standing(context, f) for f in facts)


#: Text between two names of a drug that keeps them one mention: a bracket, a slash or a
#: comma ("hydrocodone/acetaminophen 7.5/325 (Norco)", "Norco (hydrocodone/APAP)").
#: A strength between them ("7.5/325") is part of the phrase; a sentence's full stop is not.
_SAME_MENTION_GAP = re.compile(r"(?:[^.;\n]|(?<=\d)\.(?=\d)){0,24}")


def _mentions(context: Context, facts: list[Fact]) -> list[tuple[str, int, int]]:
    """The distinct mentions of a drug: the generic and its brand named side by side in one
    phrase (a brand in brackets after the generic, or the reverse) are one mention, not
    history and plan."""
    spans = sorted({(f.evidence.document, f.evidence.page, f.evidence.start, f.evidence.end)
                    for f in facts})
    merged: list[tuple[str, int, int]] = []
    last_end = -1
    for document, page, start, end in spans:
        if merged and merged[-1][:2] == (document, page) and start >= last_end:
            text = context.page_texts.get((document, page)) or ""
            if _SAME_MENTION_GAP.fullmatch(text[last_end:start]):
                last_end = max(last_end, end)
                continue
        merged.append((document, page, start))
        last_end = end
    return merged


_MEDICATION_LIST_HEADING = re.compile(r"\s*(?:current\s+)?medications?\s+list", re.IGNORECASE)


def _request_form(context: Context, document: str) -> bool:
    """A form of the records (`Context.forms`) that is a request for authorization, not a
    medication list: what it names is asked for, not taken."""
    if document not in context.forms:
        return False
    first = next((line for (doc, page), text in sorted(context.page_texts.items())
                  if doc == document for line in text.splitlines() if line.strip()), "")
    return not _MEDICATION_LIST_HEADING.match(first)


#: Words saying a drug has been taken for a while ("on Norco since 2021", "continues").
_LONG_STANDING = re.compile(
    r"\b(?:has been (?:taking|on)|been on|since (?:\d|19|20|[A-Z][a-z]+ \d)|for (?:\d+ |several |many )?"
    r"(?:months|years)|continues|continuing|long-term|chronic(?:ally)? on)", re.IGNORECASE)


def use_began(fact: Fact) -> dt.date | None:
    """When the worker began the drug, as the reader read it from the drug's line (a
    medication list's start column, "since 2014": `column_tables.use_began`)."""
    began = fact.value.get("began")
    return dt.date.fromisoformat(began) if began else None


def _long_standing(context: Context, fact: Fact) -> bool:
    """The sentence the drug is named in says it has been taken for a while, of this drug: a
    word of long use belongs to the drug named last before it (else the first after it), so
    "celecoxib with omeprazole (PCP continues)" or a list's "ibuprofen ... since 2013" over
    "cyclobenzaprine ... NEW" tells nothing of the first drug or the next line's."""
    if fact.value.get("action") == "refill":
        return True
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page))
    if not text:
        return bool(_LONG_STANDING.search(evidence.quote))
    sentence = context.sentence_of(fact)
    begin = text.find(sentence, max(0, evidence.start - len(sentence))) if sentence else -1
    if begin < 0:
        return bool(_LONG_STANDING.search(sentence))
    end = begin + len(sentence)
    generic = fact.value.get("generic") or fact.value.get("drug")
    named = sorted((f.evidence.start, f.value.get("generic") or f.value.get("drug"))
                   for f in context.facts_of(FactKind.medication, asserted=None)
                   if (f.evidence.document, f.evidence.page) == (evidence.document, evidence.page)
                   and begin <= f.evidence.start < end)
    for cue in _LONG_STANDING.finditer(sentence):
        at = begin + cue.start()
        before = [name for start, name in named if start < at]
        after = [name for start, name in named if start >= at]
        owner = before[-1] if before else (after[0] if after else generic)
        if owner == generic:
            return True
    return False


@dataclass(frozen=True)
class DailyDose:
    """How many units a day of the requested drug, and where that comes from.

    `exact` when directions give it (the item's, else the latest note's for that drug);
    otherwise `at_most` is the labelled maximum at the requested strength (drugs.csv).
    """

    units: float
    exact: bool
    source: str
    facts: tuple[Fact, ...] = ()


def requested_daily_dose(context: Context) -> DailyDose | None:
    """The daily dose of the requested drug: the item's directions, else the latest note's
    directions for that drug, else a bound from the labelled maximum daily dose."""
    drug = context.request.drug
    if drug is None:
        return None
    if drug.units_per_day:
        return DailyDose(drug.units_per_day, True, "the directions of the request")
    info = drug_table().lookup(drug.generic or drug.name)
    if info is not None:
        directed = [(_units_a_day(f), f) for f in requested_drug_facts(context)
                    if f.value.get("action", "current") in (*TAKING, "start")]
        directed = [(units, f) for units, f in directed if units]
        # the directions of the requested release: the long-acting tablet's beside the
        # breakthrough one's of the same drug are another drug's ("OxyContin 40 q8h" and
        # "oxycodone IR 15 qid")
        directed = [(units, f) for units, f in directed
                    if _same_form(drug_in_its_release(f), info)] or directed
        if directed:
            units, fact = max(directed, key=lambda pair: (pair[1].date or dt.date.min,
                                                          pair[1].evidence.start))
            when = f" of {fact.date:%m/%d/%Y}" if fact.date else ""
            return DailyDose(units, True, f"the directions of the latest note{when}", (fact,))
        most = info.max_units_per_day(drug.strength)
        if most:
            return DailyDose(most, False, f"the labelled maximum ({info.max_daily_source})")
    return None


def _units_a_day(fact: Fact) -> float | None:
    """Units a day by a note's directions: as the reading computed them, else from the words."""
    from openimr.guidelines.itemparse.medication import units_per_day

    doses, per_dose = fact.value.get("doses_per_day"), fact.value.get("units_per_dose")
    if doses:
        return float(doses) * float(per_dose or 1)
    return units_per_day(str(fact.value.get("frequency") or ""))


def _mme(context: Context, units: float) -> float | None:
    """Daily MME at `units` a day, with the conversion table in force on the decision date."""
    from openimr.guidelines.itemparse.medication import daily_mme

    drug = context.request.drug
    info = drug_table().lookup(drug.generic or drug.name) if drug else None
    if drug is None or info is None:
        return None
    return daily_mme(info, drug.strength, units, context.as_of)


#: The drug table subclass of buprenorphine products (drugs.csv).
PARTIAL_AGONIST = "partial_agonist"


def other_opioids_mme(context: Context) -> tuple[float, list[Fact]]:
    """The daily MME of the other full-agonist opioids the latest note with any opioid has the
    worker taking, each at its own strength and directions: the ceiling bounds the total of the
    opioids taken together (CDC 2016, MTUS 2017 opioid guideline), not each drug alone."""
    from openimr.guidelines.itemparse.medication import daily_mme

    drug = context.request.drug
    own = drug_table().lookup(drug.generic or drug.name) if drug else None
    # The requested drug's facts in its own release; the same drug in another release taken
    # beside it (a breakthrough oxycodone beside OxyContin) is another opioid of the total.
    mine = [f for f in requested_drug_facts(context) if _same_form(drug_in_its_release(f), own)]
    requested = {f.key for f in mine}
    opioids = [(info, f) for f in context.facts_of(FactKind.medication)
               if f.key not in requested and f.date is not None
               and f.value.get("action", "current") in TAKING and f.evidence.document
               not in context.second_hand
               and (info := drug_in_its_release(f)) is not None and info.is_opioid
               and info.subclass != PARTIAL_AGONIST]
    # (a request not in the table is the same as none of them: every other opioid counts)
    opioids = [(info, f) for info, f in opioids if not (own is not None and _same_form(info, own))
               and not (own is not None and _RELEASE_SUFFIX.sub("", info.generic)
                        == _RELEASE_SUFFIX.sub("", own.generic) and _named_twice(f, mine))]
    if not opioids:
        return 0.0, []
    latest = max(f.date for _info, f in opioids)
    # The drugs the latest note has the worker on; each at the directions of its latest
    # mention that gives them, in that note or before it (a refill line "OxyContin 30 #90"
    # names the drug, the directions stand in the medication list of that or an earlier note).
    current = {info.generic for info, f in opioids if f.date == latest}
    by_drug: dict[str, tuple[float, Fact]] = {}
    for info, fact in sorted(opioids, key=lambda pair: (pair[1].date, pair[1].evidence.start)):
        units = _units_a_day(fact) if info.generic in current else None
        mme = daily_mme(info, fact.value.get("strength"), units, context.as_of) if units else None
        if mme:
            by_drug[info.generic] = (mme, fact)  # the drug's last mention with directions
    return sum(m for m, _f in by_drug.values()), [f for _m, f in by_drug.values()]


def _named_twice(fact: Fact, mine: list[Fact]) -> bool:
    """The fact is the requested drug named again in the same note at the same strength and
    directions under a name that reads as another release ("OxyContin 20 mg q12h" and, in
    its list, "oxycodone 20 mg q12h"): one drug, not two to add up."""
    keys = ("strength_mg", "doses_per_day", "units_per_dose")
    return fact.value.get("strength_mg") is not None and any(
        f.evidence.document == fact.evidence.document
        and all(f.value.get(k) == fact.value.get(k) for k in keys) for f in mine)


#: How much lower than the earlier dose a request must be to be a step down (a tenth: a
#: rounding of the same dose is no taper).
_STEP_DOWN = 0.9


#: A sentence asking for more of a drug ("wants to know if she may take an extra one at
#: bedtime", "requests a higher dose"): the dose it names is wished for, not taken, and no
#: step down from the regimen before.
_MORE_ASKED = re.compile(
    r"\b(?:ask\w*|request\w*|wants?|wanting|wonder\w*|inquir\w*|whether|if\s+(?:he|she|they)\s+"
    r"(?:can|could|may|might))\b[^.;\n]{0,60}\b(?:increas\w*|escalat\w*|rais\w*|higher|more|"
    r"extra|additional|another)\b", re.IGNORECASE)


@predicate("opioid_dose_lowered")
def opioid_dose_lowered(context: Context) -> Outcome:
    """The opioid requested is at a daily dose (in morphine equivalents, by directions) below
    the one the worker took of the same drug, in the same release, in an earlier note, and the
    opioids taken together are lower too: a taper under way or held at its lower dose. Weaning
    is what the guideline asks of long-term opioid users whose continuation is in doubt,
    gradually and not abruptly (CPMTG pp. 79-80, 124; mtus-facts §3.5)."""
    from openimr.guidelines.itemparse.medication import daily_mme

    drug = context.request.drug
    own = drug_table().lookup(drug.generic or drug.name) if drug else None
    if own is not None and own.subclass == PARTIAL_AGONIST:
        return _rotation_to_taper(context)
    if drug is None or own is None or not own.is_opioid:
        return Outcome.not_met("The request is not a full-agonist opioid.")

    info_of = drug_in_its_release
    def mme_of(fact: Fact) -> float | None:
        info, units = info_of(fact), _units_a_day(fact)
        strength = fact.value.get("strength")
        if strength is None and info is not None and (info.generic, info.release) == (
                own.generic, own.release) and not _AS_NEEDED.search(
                    str(fact.value.get("frequency") or "")):
            # "hydrocodone/APAP one tablet five times daily" before "three times daily" of
            # the 10/325 requested: a step down counts tablets of the same strength (not a
            # dose taken as needed, "1 q4h prn", whose tablets a day are a ceiling)
            strength = drug.strength or known_strength
        return daily_mme(info, strength, units, context.as_of) \
            if info is not None and units else None

    # The same drug in the same release: a breakthrough tablet beside a long-acting one, or an
    # immediate-release form beside the extended, is another drug's dose, not a step down.
    same = [f for f in requested_drug_facts(context) if f.date is not None
            and f.evidence.document not in context.second_hand
            and f.value.get("action", "current") in TAKING
            and not _MORE_ASKED.search(context.sentence_of(f))
            and (info := info_of(f)) is not None and info.release == own.release]
    directed = [f for f in same if _units_a_day(f)]
    known_strength = next((f.value["strength"] for f in sorted(
        directed, key=lambda f: (f.date, f.evidence.start), reverse=True)
        if f.value.get("strength")), None)
    if not directed:
        return _monthly_taper(context) or _taper_told(context) or Outcome.not_met(
            "No directions of the drug requested are documented.")
    latest = max(f.date for f in directed)  # type: ignore[type-var]
    if drug.units_per_day:
        requested = daily_mme(own, drug.strength, drug.units_per_day, context.as_of)
    else:
        last = max((f for f in directed if f.date == latest), key=lambda f: f.evidence.start)
        units = _units_a_day(last)
        requested = daily_mme(own, drug.strength or last.value.get("strength"), units,
                              context.as_of) if units else None
    earlier = [(mme, f) for f in directed if f.date < latest  # type: ignore[operator]
               and (mme := mme_of(f))]
    if requested is None or not earlier:
        return Outcome.not_met("No earlier, higher dose of the drug requested is documented.")
    before, fact = max(earlier, key=lambda pair: pair[0])
    if requested > before * _STEP_DOWN:
        return Outcome.not_met(f"The request, {requested:g} mg morphine equivalents a day, is "
                               f"not below the earlier {before:g}.", [fact])
    # ... and the opioids taken together: the drug kept for breakthrough pain beside a new
    # long-acting one is lower, the opioid dose is not.
    totals: dict[dt.date, dict[tuple[str, str | None], tuple[float, Fact]]] = {}
    for f in context.facts_of(FactKind.medication):
        info, mme = info_of(f), mme_of(f)
        if (info is not None and info.is_opioid and info.subclass != PARTIAL_AGONIST and mme
                and f.date is not None and f.date <= latest  # type: ignore[operator]
                and f.evidence.document not in context.second_hand
                and f.value.get("action", "current") in TAKING):
            by_drug = totals.setdefault(f.date, {})
            key = (info.generic, info.release)
            if mme >= by_drug.get(key, (0.0, f))[0]:
                by_drug[key] = (mme, f)
    now = totals.pop(latest, {})  # type: ignore[arg-type]
    other_facts = [f for key, (_m, f) in now.items() if key != (own.generic, own.release)]
    others = sum(m for key, (m, _f) in now.items() if key != (own.generic, own.release))
    totals_before = {d: {k: m for k, (m, _f) in by.items()} for d, by in totals.items()}
    before_total = max((sum(d.values()) for d in totals_before.values()), default=before)
    if requested + others > before_total * _STEP_DOWN:
        return Outcome.not_met(f"The opioids taken together, {requested + others:g} mg morphine "
                               f"equivalents a day, are not below the earlier {before_total:g}.",
                               [fact, *other_facts])
    return Outcome.met(f"The request is {requested:g} mg morphine equivalents a day, down from "
                       f"{before:g} on {fact.date:%m/%d/%Y}: a taper.", [fact])


_AS_NEEDED = re.compile(r"\bprn\b|as\s+needed", re.IGNORECASE)


def _monthly_taper(context: Context) -> Outcome | None:
    """A treating note's table of the drug requested by month ("Month  Norco/month  Pain"),
    its quantity stepped down row by row, and the request no more than the latest: a taper
    under way (CPMTG pp. 79-80, 124), told by the quantities where no directions are given."""
    drug = context.request.drug
    if drug is None or drug.count is None:
        return None
    names = {n.lower() for n in (drug.name, drug.generic) if n}
    for document, page, _text in first_hand_pages(context):
        for table in context.tables_of(document, page).monthly:
            if not _names_drug(table.heading, names):
                continue
            quantities = table.quantities
            if (len(quantities) >= 2 and quantities[-1] < quantities[0]
                    and all(b <= a for a, b in zip(quantities, quantities[1:], strict=False))
                    and drug.count <= quantities[-1]):
                steps = " -> ".join(str(q) for q in quantities)
                evidence = Evidence(document=document, page=page, start=table.start,
                                    end=table.end, quote=table.quote)
                return Outcome(CriterionStatus.met,
                               f"The monthly quantity of the drug falls ({steps}) and the "
                               f"request, #{drug.count:g}, is no more than the latest: a taper.",
                               (evidence,))
    return None


def _taper_told(context: Context) -> Outcome | None:
    """The latest treating note that names the drug requested tells it as being tapered ("we
    are tapering her hydrocodone/APAP"): a taper under way (CPMTG pp. 79-80, 124), told in
    words where no directions or monthly table give the doses."""
    uses = [f for f in requested_drug_facts(context) if f.date is not None
            and f.evidence.document not in context.second_hand]
    if not uses:
        return None
    latest = max(f.date for f in uses)  # type: ignore[type-var]
    tapered = [f for f in uses if f.date == latest and f.value.get("action") == "taper"]
    if not tapered:
        return None
    return Outcome.met("The latest note that names the drug requested tells it as being "
                       "tapered: a taper under way.", tapered[:1])


def _rotation_to_taper(context: Context) -> Outcome:
    """Buprenorphine started beside a full-agonist opioid that is being tapered ("rotate to a
    buprenorphine patch to facilitate taper; hydrocodone 6/day -> 1/day"): the partial agonist
    carries the taper (MTUS Opioids Treatment Guidelines 2016 and CDC 2016: buprenorphine for
    tapering or rotation; general guideline knowledge, verified: false). Its weaning is the
    question, not a new trial or the four A's of the drug it replaces."""
    uses = [f for f in requested_drug_facts(context) if f.date is not None
            and f.evidence.document not in context.second_hand]
    if not uses:
        return Outcome.not_met("The records do not document the buprenorphine requested.")
    since = min(f.date for f in uses)  # type: ignore[type-var]
    tapered = [f for f in context.facts_of(FactKind.medication)
               if f.value.get("action") == "taper" and f.date is not None and f.date >= since
               and f.evidence.document not in context.second_hand
               and (info := _drug_of(f)) is not None and info.is_opioid
               and info.subclass != PARTIAL_AGONIST]
    doses = sorted((f for f in context.facts_of(FactKind.daily_mme)
                    if f.date is not None and f.evidence.document not in context.second_hand
                    and 0 < float(f.value.get("value") or 0) <= PLAUSIBLE_MME),
                   key=lambda f: (f.date, f.evidence.start))
    lowered = [doses[-1]] if doses and doses[-1].date >= since and any(  # type: ignore[operator]
        float(doses[-1].value["value"]) <= float(f.value["value"]) * _STEP_DOWN
        for f in doses[:-1] if f.date <= since) else []  # type: ignore[operator]
    if tapered or lowered:
        return Outcome.met("Buprenorphine is started as the full-agonist opioid is tapered "
                           "(a rotation to carry the taper).", [*uses[:1], *(tapered or lowered)])
    return Outcome.not_met("No taper of a full-agonist opioid goes with the buprenorphine "
                           "requested.")


@predicate("daily_mme_within")
def daily_mme_within(context: Context, limit_parameter: str) -> Outcome:
    """The total daily opioid dose in morphine milligram equivalents stays under the ceiling.

    The dose of the request comes from its directions, else the latest note's directions for
    the drug; without either, the labelled maximum daily dose bounds it: a bound within the
    ceiling settles the criterion, one above it does not.
    """
    ceiling = context.param(limit_parameter)
    drug = context.request.drug
    info = drug_table().lookup(drug.generic or drug.name) if drug else None
    if info is not None and info.subclass == PARTIAL_AGONIST:
        # CDC 2016 (general guideline knowledge, verified: false): buprenorphine is left out of
        # the MME table for its partial agonism and ceiling effect, so a request for it adds
        # nothing to the dose the ceiling bounds; the full agonists are decided as their own items.
        return Outcome.met(f"{info.generic.capitalize()} is a partial opioid agonist with no "
                           "morphine-equivalent factor (CDC 2016 opioid guideline): it is not "
                           f"counted against the ceiling of {ceiling:g} mg.")
    # A documented dose above the plausible range is a misread number (a year, "MME 2020").
    facts = [f for f in context.facts_of(FactKind.daily_mme)
             if 0 < float(f.value.get("value") or 0) <= PLAUSIBLE_MME]
    documented = max((float(f.value["value"]) for f in facts), default=None)
    dose = requested_daily_dose(context)
    requested = _mme(context, dose.units) if dose else None
    others, other_facts = other_opioids_mme(context)
    if requested is not None and others:
        requested = round(requested + others, 1)  # the opioids taken together
    evidence = [*facts, *(dose.facts if dose else ()), *other_facts]
    exact = [v for v in (requested if dose and dose.exact else None, documented) if v is not None]
    if exact and max(exact) > ceiling:
        together = (" with " + ", ".join(sorted({str(f.value.get("drug")) for f in other_facts}))
                    + " taken with it" if other_facts and requested in exact else "")
        return Outcome.not_met(f"The daily dose{together} is {max(exact):g} mg morphine "
                               "equivalents, above "
                               f"the {ceiling:g} the guideline sets without a pain specialist's "
                               "involvement.", evidence)
    if requested is not None and dose is not None and not dose.exact:
        if requested <= ceiling and (documented is None or documented <= ceiling):
            return Outcome.met(f"Even at {dose.units:g} a day, {dose.source}, the dose is at most "
                               f"{requested:g} mg morphine equivalents, within {ceiling:g}.",
                               evidence)
        if not exact:
            return Outcome.unknown(
                f"Neither the request nor the notes give directions, and at {dose.source} the "
                f"dose could reach {requested:g} mg morphine equivalents, above {ceiling:g}.",
                "the directions (daily dose) of the opioid")
    if not exact:
        return Outcome.unknown("The daily dose in morphine milligram equivalents cannot be "
                               "computed from the request or the records.",
                               "the daily morphine equivalent dose")
    source = f" ({dose.source})" if dose and dose.exact and requested is not None else ""
    return Outcome.met(f"The daily dose is {max(exact):g} mg morphine equivalents{source}, "
                       f"within {ceiling:g}.", evidence)


@predicate("pain_relief_documented")
def pain_relief_documented(context: Context, min_percent: float = 30) -> Outcome:
    """Pain with the medication is measurably lower than without it (quantified analgesia):
    scores said with and without it; else a score without it and a lower one in the same note;
    else the latest score on the drug against the baseline before it was started."""
    # A pain score is a number, never an absence: "8/10 without medication" is sometimes marked
    # negated by the word "without", so negated scores are read too.
    scores = [_off_drug(f) for f in context.facts_of(FactKind.pain_score, asserted=None)]
    pair = (_with_and_without(scores) or _assessed_after_dose(scores)
            or _before_and_after_in_sentence(context, scores)
            or _arrow_in_text(context) or _flowsheet_pair(context)
            or _baseline_and_on_drug(context, scores)
            or _table_trend_on_drug(context, scores) or _drug_response_rows(context))
    if pair is None:
        severe = _severe_on_drug(context, scores)
        if severe:
            shown = ", ".join(f"{float(f.value['value']):g}/10" for f in severe[-3:])
            return Outcome.not_met(f"Pain stays severe on the medication ({shown}) and no relief "
                                   "with it is quantified.", severe[-3:])
        return Outcome.unknown(
            context.none_documents("quantifies pain both with and without the medication"),
            "pain scores with and without the medication")
    after, before, how = pair
    low, high = float(after.value["value"]), float(before.value["value"])
    if high > 0 and (high - low) / high * 100 >= min_percent:
        lost = _relief_lost_since(context, scores, after, high)
        if lost is not None:
            return replace(Outcome.not_met(
                f"Pain was {low:g}/10 {how[0]} and {high:g}/10 {how[1]}, but a later note on the "
                f"medication records {float(lost.value['value']):g}/10: the relief has not "
                "lasted.", [lost]), conflicting=evidence_of([after, before]))
        return Outcome.met(f"Pain is {low:g}/10 {how[0]} and {high:g}/10 {how[1]}.",
                           [after, before])
    return Outcome.not_met(f"Pain is {low:g}/10 {how[0]} and {high:g}/10 {how[1]}, less than a "
                           f"{min_percent:g}% reduction.", [after, before])


def _relief_lost_since(context: Context, scores: list[Fact], after: Fact,
                       without: float) -> Fact | None:
    """A score of a later note that names the requested drug (the worker still on it) and
    records pain as high as it was without the drug: the relief told earlier has not lasted,
    and an old note's relief is not carried past the later one's. A note that tells the relief
    as of an earlier month ("back at work since 05/2018") tells it as of its own date: its other
    scores (another treatment's before and after) are of no later note."""
    since = after.date
    if since is None:
        return None
    since = max(since, context.stated_dates.get(after.evidence.document, since))
    on_drug = {f.evidence.document for f in requested_drug_facts(context)
               if f.value.get("action", "current") in TAKING and f.date and f.date > since
               and f.evidence.document != after.evidence.document}
    later = [f for f in scores if f.date and f.date > since and not f.historical
             and not f.negated and f.evidence.document in on_drug
             and f.value.get("context") in (None, "current", "with_medication")
             and float(f.value.get("value", 0)) / float(f.value.get("scale") or 10) * 10
             >= without]
    return max(later, key=lambda f: f.date or dt.date.min, default=None)


_WITH = ("with the medication", "without")
#: The on-going review's pair: the pain after the dose, and the average pain.
_AFTER_DOSE_ON_AVERAGE = ("after the dose", "on average")


def _off_drug(fact: Fact) -> Fact:
    """A current score in a clause about a time off the drug (the reader's `off_drug`:
    `pain_changes.told_off_drug`) is a score without it."""
    if fact.value.get("context") in (None, "current") and fact.value.get("off_drug"):
        return fact.model_copy(update={"value": {**fact.value, "context": "without_medication"}})
    return fact


#: Pain (of 10) that is severe: on a drug taken for a while, no analgesia to speak of.
SEVERE_PAIN = 7


def _severe_on_drug(context: Context, scores: list[Fact]) -> list[Fact]:
    """Every current score since the requested drug was first named is severe: the records
    answer the question of relief, and the answer is none worth continuing for."""
    drug = context.request.drug
    if drug is None:
        return []
    uses = requested_drug_facts(context)
    taking = [f for f in uses if f.value.get("action", "current") in TAKING]
    if not taking or not _used_before(context, uses):
        return []
    since = min((f.date for f in uses if f.date), default=None)
    on_drug = sorted((f for f in scores if not f.negated and not f.historical
                      and f.value.get("context") in (None, "current", "average", "with_medication")
                      and (since is None or f.date is None or f.date >= since)),
                     key=lambda f: (f.date or dt.date.min, f.evidence.start))
    if on_drug and all(float(f.value.get("value", 0)) / float(f.value.get("scale") or 10) * 10
                       >= SEVERE_PAIN for f in on_drug):
        return on_drug
    return []


def _with_and_without(scores: list[Fact]) -> tuple[Fact, Fact, tuple[str, str]] | None:
    without = [f for f in scores if f.value.get("context") == "without_medication"]
    with_med = [f for f in scores if f.value.get("context") == "with_medication"]
    if with_med and without:
        return with_med[-1], without[-1], _WITH
    # "8/10 without medication, 4/10 after a Norco": the other score of the note is with it.
    for before in reversed(without):
        same_note = [f for f in scores if f.evidence.document == before.evidence.document
                     and f.value.get("context") in (None, "current", "average")
                     and float(f.value.get("value", 99)) < float(before.value.get("value", 0))]
        if same_note:
            # the score told nearest the one without it, after it first ("8/10 before
            # gabapentin; now 4/10"): not another treatment's earlier in the note
            nearest = min(same_note, key=lambda f: (f.evidence.page != before.evidence.page,
                                                    f.evidence.start < before.evidence.start,
                                                    abs(f.evidence.start - before.evidence.start)))
            return nearest, before, _WITH
    return None


#: How far apart the scores of one assessment stand ("avg / after dose: 5 / 3").
_ASSESSMENT_GAP = 30


def _assessed_after_dose(scores: list[Fact]) -> tuple[Fact, Fact, tuple[str, str]] | None:
    """The on-going review's own scores (CPMTG p. 78: average or current pain, and pain after
    taking the opioid), told together: the score after the dose against the average one right
    before it (else the current one). The latest note that tells both decides."""
    for after in reversed([f for f in scores if f.value.get("context") == "with_medication"]):
        near = [f for f in scores if f.evidence.document == after.evidence.document
                and f.evidence.page == after.evidence.page
                and 0 < after.evidence.start - f.evidence.end <= _ASSESSMENT_GAP
                and f.value.get("context") in ("average", "current")
                and float(f.value.get("value", 0)) > float(after.value.get("value", 99))]
        for context, how in (("average", "on average"), ("current", "before it")):
            before = [f for f in near if f.value.get("context") == context]
            if before:
                return after, before[-1], ("after the dose", how)
    return None


#: A sentence that gives pain before and after (or with and without) a medication.
MEDICATION_CUE = re.compile(r"\b(?:medications?|meds?|doses?|tablets?|pills?|taking it|"
                            r"regimen)\b", re.IGNORECASE)


#: How far before a change of pain the requested drug may be named ("He takes a Norco 5 in
#: the morning ... with it the pain drops from a 6 to a 3"): the sentence before it.
_NAMED_BEFORE = 250


def _bare_change(text: str, match: re.Match[str]) -> bool:
    """The change is all its sentence says ("... walk the dog twice a day." Pain 7->3."): it
    tells the result of what the sentence before it is about, with no cause of its own."""
    start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
    stop = min((i for i in (text.find(".", match.end()), text.find("\n", match.end()))
                if i >= 0), default=len(text))
    before, after = text[start:match.start()], text[match.end():stop]
    # "She rates the burning 5/10 (was 8/10).": a verb of telling is no cause of its own
    before = _TELLING.sub("", before.strip().strip('"'))
    return not re.search(r"[A-Za-z]", after) and len(before.strip()) <= 12


#: The subject and verb that only tell a score ("He reports", "Patient rates his").
_TELLING = re.compile(r"^(?:(?:he|she|they|the\s+(?:patient|worker|employee)|patient|pt|"
                      r"claimant)\s+)?(?:rates?|reports?|describes?|states?|says?|grades?|"
                      r"puts?)\s+(?:(?:his|her|their|the)\s+)?", re.IGNORECASE)


def _named_just_before(text: str, at: int, names: list[str]) -> bool:
    """One of the drug's names is written in the stretch of the page just before `at`."""
    before = text[max(0, at - _NAMED_BEFORE):at].lower()
    return any(name.lower() in before for name in names)


def _score(value: float, how: str, date: dt.date | None, evidence: Evidence) -> Fact:
    return Fact(kind=FactKind.pain_score, date=date, evidence=evidence,
                value={"value": value, "scale": 10, "context": how})


def _arrow_in_text(context: Context) -> tuple[Fact, Fact, tuple[str, str]] | None:
    """The latest change of pain written in a treating note's sentence that names the drug
    requested or its medication: the first number is without it, the second with it."""
    drug = context.request.drug
    if drug is None:
        return None
    names = [n.lower() for n in (drug.name, *(drug.generic or "").split("/")) if n]
    # A switch within the class: "pain 4/10 (was 6-7 on Norco)" is the requested drug against
    # the one it replaced, which is the pain the worker would have without it.
    names += [str(n).lower() for f in medication_facts(context, [drug.drug_class])
              for n in (f.value.get("drug"), f.value.get("generic"))
              if n] if drug.drug_class else []
    dates = document_dates(context)
    found: list[tuple[dt.date, int, Fact, Fact]] = []
    for document, page, text in first_hand_pages(context):
        for match, before, after in pain_changes(text):
            start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start()))
            sentence = text[start + 1:match.end() + 40].lower()
            # the sentence as written, across the line breaks of wrapped text
            # (and the change itself: "without it a 7, with it a 3")
            full = text[text.rfind(".", 0, match.start()) + 1:match.end()].lower()
            if not (MEDICATION_CUE.search(sentence)
                    or any(n in sentence or n in full for n in names)
                    or ((re.search(r"\bwith\s+(?:it|them)\b", full)
                         or _bare_change(text, match))
                        and _named_just_before(text, match.start(), names))):
                continue
            evidence = Evidence(document=document, page=page, start=match.start(),
                                end=match.end(), quote=match.group(0))
            date = dates.get(document)
            found.append((date or dt.date.min, match.start(),
                          _score(after, "with_medication", date, evidence),
                          _score(before, "without_medication", date, evidence)))
    if not found:
        return None
    _, _, after, before = max(found, key=lambda item: (item[0], item[1]))
    return after, before, _WITH


#: A drug told as lowering the pain: "reduces pain from 8/10 to 4/10", "brings it down to".
_LOWERS_PAIN_RE = re.compile(r"\b(?:reduc(?:es|ed|ing)|decreas(?:es|ed|ing)|lowers|lowered|"
                             r"brings? (?:\w+ )?down|drops|dropped|cuts?)\b[^.;]{0,40}\bfrom\b",
                             re.IGNORECASE)
_PAIN_ROSE_RE = re.compile(r"\b(?:despite|increas\w*|worse\w*|rose|risen)\b", re.IGNORECASE)


_ON_OFF_WORDS = re.compile(r"\b(?:(?P<governs>before|without|after|with)|now|vs|versus|"
                           r"miss(?:es|ed)?|skips?|skipped)\b|->", re.IGNORECASE)


def _on_and_off_cue(sentence: str, names: list[str]) -> bool:
    """A word of the sentence that sets scores on and off the drug side by side: a "with",
    "without", "before" or "after" only when what it governs is the drug (`governs_the_drug`)."""
    medicine = re.compile(MEDICATION_CUE.pattern + "".join(
        rf"|\b{re.escape(n)}" for n in names), re.IGNORECASE)
    return any(not m.group("governs") or governs_the_drug(sentence[m.end():], medicine)
               for m in _ON_OFF_WORDS.finditer(sentence))


def _before_and_after_in_sentence(context: Context, scores: list[Fact]
                                  ) -> tuple[Fact, Fact, tuple[str, str]] | None:
    """"Pain of 8/10 before and 4/10 after the medication": two scores of one sentence that
    speaks of the medication, the higher without it and the lower with it."""
    by_sentence: dict[tuple[str, int, str], list[Fact]] = {}
    for fact in scores:
        if fact.value.get("context") in (None, "current", "average", "with_medication"):
            sentence = context.sentence_of(fact)
            by_sentence.setdefault((fact.evidence.document, fact.evidence.page, sentence),
                                   []).append(fact)
    drug = context.request.drug
    names = [n for n in (drug.name, *(drug.generic or "").split("/")) if n] if drug else []
    for (document, page, sentence), facts in reversed(list(by_sentence.items())):
        # the drug named in the sentence, or just before it ("She is now on gabapentin ...
        # Arm pain 7/10 before, now around 4-5/10")
        text = context.page_texts.get((document, page)) or ""
        named = (MEDICATION_CUE.search(sentence)
                 or any(n.lower() in sentence.lower() for n in names)
                 or _named_just_before(text, min(f.evidence.start for f in facts), names))
        # "3/10 on regimen vs 7/10 on days he misses it": with and without, set side by side
        # ... or the drug said to bring the pain down ("tramadol reduces pain from 8/10 to
        # 4-5/10": session "decide-dev20"); a rise is never read so.
        # (a "with" or "without" of the drug: not "3/10 with the brace on": review 12, R14)
        if len(facts) == 2 and named and (_on_and_off_cue(sentence, names) or (
                _LOWERS_PAIN_RE.search(sentence) and not _PAIN_ROSE_RE.search(sentence))):
            low, high = sorted(facts, key=lambda f: float(f.value.get("value", 0)))
            if float(low.value.get("value", 0)) < float(high.value.get("value", 0)):
                return low, high, _WITH
    return None


def _monitored_on_flowsheet(context: Context, fact: Fact) -> bool:
    """The fact's page keeps a flowsheet of two visits or more with the medication."""
    tables = context.tables_of(fact.evidence.document, fact.evidence.page)
    return any(reading.rows >= 2 for reading in tables.analgesia)


def _flowsheet_pair(context: Context) -> tuple[Fact, Fact, tuple[str, str]] | None:
    """Pain with and without the medication from an opioid monitoring flowsheet of a treating
    note: the latest row of a table whose first columns after the date are the pain without
    and with it, or a line of analgesia that gives the score now and the score without it
    (the reader's `column_tables.Analgesia`)."""
    dates = document_dates(context)
    found: list[tuple[dt.date, int, Fact, Fact]] = []
    for document, page, _text in first_hand_pages(context):
        date = dates.get(document)
        for reading in context.tables_of(document, page).analgesia:
            evidence = Evidence(document=document, page=page, start=reading.start,
                                end=reading.end, quote=reading.quote)
            found.append((date or dt.date.min, reading.start,
                          _score(reading.with_drug, "with_medication", date, evidence),
                          _score(reading.without_drug, reading.baseline, date, evidence)))
    found = [item for item in found if all(float(f.value["value"]) <= 10 for f in item[2:])]
    if not found:
        return None
    _, _, after, before = max(found, key=lambda item: (item[0], item[1]))
    # (a flowsheet's average pain beside the pain after the dose: the on-going review's pair)
    return after, before, (_WITH if before.value["context"] == "without_medication"
                           else _AFTER_DOSE_ON_AVERAGE)


def _baseline_and_on_drug(context: Context, scores: list[Fact]
                          ) -> tuple[Fact, Fact, tuple[str, str]] | None:
    """The latest score on the requested drug against the last one before it was started. The
    note that starts the drug gives the baseline before it: a start told as such, or a drug
    the first note naming it only orders in its plan (`_ordered_in_plan`). A score the later
    note tells with the medication is one on it. Where a note scores more than one region
    ("hand pain 3-4/10 ... neck pain 5/10"), the region scored in both notes is compared
    (`_pain_region`)."""
    drug = context.request.drug
    if drug is None:
        return None
    uses = [f for f in requested_drug_facts(context) if f.date is not None]
    if not uses:
        return None
    started = min(f.date for f in uses)
    first_uses = [f for f in uses if f.date == started]
    # The visit that starts the drug gives the baseline before it.
    starting = any(f.value.get("action") == "start" for f in first_uses) or all(
        _ordered_in_plan(context, f) for f in first_uses)
    # The usual pain is compared; where the baseline gives only the worst pain ("8/10 at
    # worst"), the worst on the drug is compared with it: like with like, never the worst
    # before against the usual after.
    for contexts in ((None, "current", "average", "with_medication"), ("worst",)):
        dated = [f for f in scores if f.date is not None and f.value.get("context") in contexts]
        before = [f for f in dated if f.value.get("context") != "with_medication"
                  and (f.date < started or (starting and f.date == started))]
        after = [f for f in dated if f.date > started]
        if before:
            break
    if not before or not after:
        return None
    first = max(before, key=lambda f: (f.date, f.evidence.start))
    last = max(after, key=lambda f: (f.date, f.evidence.start))
    first, last = _same_region(context, first, last, before, after)
    return last, first, (f"on the drug ({last.date:%m/%d/%Y})",
                         f"before it was started ({first.date:%m/%d/%Y})")


#: The label of a plan's line, and a number or bullet of its list ("Plan: ", "Rx: ", "P: 2. ").
_PLAN_LINE = re.compile(r"^\W*(?:plan|(?-i:P)|rx|treatment\s+plan|recommendations?)\s*:\s*"
                        r"(?:(?:\d{1,2}[.)]|[-*\u2022])\s*)?$", re.IGNORECASE)


#: Words after the drug on its plan line that tell a prescription renewed, not begun
#: ("refilled", "renew", "same dose", "continue"): a chronic refill written as the plan's
#: order. A quantity or a count of refills is not one: every first prescription carries them
#: ("dispense #30 with 3 refills"; review 15, finding 7), and `_REFILL_COUNT` is read out first.
_RENEWED_AFTER = re.compile(r"\b(?:refill\w*|renew\w*|same\s+(?:dose|dosage|regimen)|unchanged|"
                            r"as\s+before|continu\w*|no\s+change)\b", re.IGNORECASE)
_REFILL_COUNT = re.compile(r"\b(?:\d{1,2}|no|zero|one|two|three|four|five|six)\s+refills?\b|"
                           r"\brefills?\s*(?:x|:|#|=)?\s*(?:\d{1,2}|none|zero|one|two|three|"
                           r"four|five)\b", re.IGNORECASE)
#: Words on the plan line that tell the drug begun ("start", "new", "trial of").
_BEGUN_ON_LINE = re.compile(r"\b(?:start\w*|new|begin|began|initiat\w*|trial|titrat\w*|"
                            r"given\s+today)\b", re.IGNORECASE)


def _ordered_in_plan(context: Context, fact: Fact) -> bool:
    """The drug is what a line of the note's plan orders, with nothing before it but the
    plan's label ("Plan: Lyrica 75 mg 1 po bid, reassess in 6-8 weeks"): the first note naming
    the drug only this way prescribes it (as `on_medication` reads a plan). A word of
    continuing it ("Plan: continue ...", "Rx: refill ...") is no such order, nor a line that
    renews it after the drug ("Plan: Lyrica 75 mg bid, refilled, same dose": a refill's score
    was already on the drug) unless the line says it begins (review 14, finding 5); a quantity
    and a count of refills alone renew nothing (review 15, finding 7)."""
    if fact.value.get("action", "current") != "current":
        return False
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page)) or ""
    line = text[text.rfind("\n", 0, evidence.start) + 1:evidence.start]
    if not _PLAN_LINE.match(line):
        return False
    end = text.find("\n", evidence.end)
    rest = text[evidence.end:end if end >= 0 else len(text)]
    return (not _RENEWED_AFTER.search(_REFILL_COUNT.sub(" ", rest))
            or bool(_BEGUN_ON_LINE.search(rest)))


#: The region a score rates, named right before it ("hand pain 7/10", "Neck pain: 5/10",
#: "leg 6/10").
_PAIN_REGION = re.compile(r"\b(?P<region>leg|legs|arm|arms|back|neck|knee|knees|shoulder|hip|"
                          r"foot|feet|hand|hands|wrist|ankle|elbow|thigh|buttock|head)\s*"
                          r"(?:pain|ache|burning)?\s*:?\s*(?:is\s+|at\s+|of\s+)?$", re.IGNORECASE)


def _pain_region(context: Context, fact: Fact) -> str | None:
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page)) or ""
    match = _PAIN_REGION.search(text[max(0, evidence.start - 30):evidence.start])
    return match.group("region").lower().rstrip("s") if match else None


def _same_region(context: Context, first: Fact, last: Fact, before: list[Fact],
                 after: list[Fact]) -> tuple[Fact, Fact]:
    """The baseline and the latest score of the same region when the two notes score a region
    apart: the latest note's last score against the baseline's score of its region, else the
    baseline's last score against the latest note's score of its region; else the two last
    scores as they are."""
    firsts = [f for f in before if f.date == first.date]
    lasts = [f for f in after if f.date == last.date]
    for anchor, others in ((last, firsts), (first, lasts)):
        region = _pain_region(context, anchor)
        if region is None:
            continue
        same = [f for f in others if _pain_region(context, f) == region]
        if same:
            pick = max(same, key=lambda f: f.evidence.start)
            return (first, pick) if anchor is first else (pick, last)
    return first, last


def _table_trend_on_drug(context: Context, scores: list[Fact]
                         ) -> tuple[Fact, Fact, tuple[str, str]] | None:
    """A note's table of the drug and the pain by date ("Drug  06/2014  09/2014" with a
    "Norco" row and a "Leg pain" row): the pain of its latest column against its earliest,
    the drug taken in both. The treating physician sets the drug beside the pain it treats;
    the change across the columns is the course of the pain on it (the guideline's
    "improved pain" on continued use, CPMTG p. 80)."""
    uses = [f for f in requested_drug_facts(context) if f.date is not None
            and f.value.get("action", "current") in TAKING]
    found: list[tuple[Fact, Fact]] = []
    for document in dict.fromkeys(f.evidence.document for f in uses):
        if document in context.second_hand:
            continue
        drug_dates = {f.date for f in uses if f.evidence.document == document}
        # A drug the note says was started at a date ("ibuprofen started 05/2018") was taken
        # in every column from then to the note: its first column is the pain it began on.
        began = min((b for f in uses if f.evidence.document == document
                     and (b := use_began(f)) is not None), default=None)
        noted = max(drug_dates)  # type: ignore[type-var]

        def taken(date: dt.date | None, drug_dates: set[dt.date | None] = drug_dates,
                  began: dt.date | None = began, noted: dt.date = noted) -> bool:
            return date in drug_dates or (began is not None and date is not None
                                          and began <= date <= noted)

        cells = [f for f in scores if f.evidence.document == document and taken(f.date)
                 and not f.negated and f.value.get("context") in (None, "current", "average")]
        dates = sorted({f.date for f in cells})  # type: ignore[type-var]
        if len(dates) < 2:
            continue
        first = min((f for f in cells if f.date == dates[0]), key=lambda f: f.evidence.start)
        last = min((f for f in cells if f.date == dates[-1]), key=lambda f: f.evidence.start)
        found.append((last, first))
    if not found:
        return None
    last, first = max(found, key=lambda pair: pair[0].date)  # type: ignore[arg-type,return-value]
    return last, first, (f"on the drug ({last.date:%m/%Y})",
                         f"earlier on it ({first.date:%m/%Y}, the same table)")


def _drug_response_rows(context: Context) -> tuple[Fact, Fact, tuple[str, str]] | None:
    """Pain on the drug requested from a treating note's table of the drug and the pain by
    visit (a row a date, the heading naming the drug and a pain column): the pain of its
    latest row against its first. A row is read only when one bare score of 10 stands among
    its cells, the pain column's (a range counts at its higher end); the treating physician
    sets the drug beside the pain it treats, as in `_table_trend_on_drug`."""
    drug = context.request.drug
    if drug is None:
        return None
    info = drug_table().lookup(drug.generic or drug.name)
    names = {n.lower() for n in (drug.name, drug.generic, *(info.brands if info else ()),
                                 info.generic if info else None) if n}
    dates = document_dates(context)
    found: list[tuple[Fact, Fact, tuple[str, str]]] = []
    for document, page, _text in first_hand_pages(context):
        for table in context.tables_of(document, page).visits:
            if not _names_drug(table.heading, names) or len(table.rows) < 2:
                continue
            first, last = table.rows[0], table.rows[-1]
            date = dates.get(document)
            found.append((_score(last.score, "current", date, _row_evidence(document, page, last)),
                          _score(first.score, "current", date,
                                 _row_evidence(document, page, first)),
                          (f"on the drug ({last.when}, the latest row of its table)",
                           f"at the table's first row ({first.when})")))
    return found[-1] if found else None


def _names_drug(heading: str, names: set[str]) -> bool:
    """A table's heading names the drug by one of its names."""
    return any(re.search(rf"\b{re.escape(n)}\b", heading, re.IGNORECASE) for n in names)


def _row_evidence(document: str, page: int, row: VisitRow) -> Evidence:
    return Evidence(document=document, page=page, start=row.start, end=row.end, quote=row.quote)


_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")


def _started_on(fact: Fact) -> dt.date | None:
    """When a mention says the drug was started: its "began" date, or the date of a start."""
    try:
        return dt.date.fromisoformat(str(fact.value["began"]))
    except (KeyError, ValueError):
        return fact.date if fact.value.get("action") == "start" else None


def _before_the_drug_requested(context: Context, fact: Fact) -> bool:
    """A behaviour its sentence dates to a year before the drug requested was started (early
    refills of the opioid the worker was then rotated off): the history the prescriber acted
    on by the switch, not behaviour on the drug now asked for, whose own monitoring decides
    (CPMTG pp. 78-80: on-going review of the current regimen; general guideline knowledge,
    verified: false)."""
    starts = [day for f in requested_drug_facts(context) if (day := _started_on(f))]
    if not starts:
        return False
    years = [int(y) for y in _YEAR_RE.findall(context.clause_of(fact))]
    return bool(years) and max(years) < min(starts).year


@predicate("aberrant_behavior_absent")
def aberrant_behavior_absent(context: Context) -> Outcome:
    """No aberrant drug-taking behaviour: documented absent, or monitoring (a consistent drug
    test, a prescription database check, a single prescriber) shows none; any documented
    aberrant behaviour is not met."""
    facts = context.facts_of(FactKind.aberrant_behavior)
    present = [f for f in facts if f.value.get("present", True)
               and not _before_the_drug_requested(context, f)]
    if present:
        return Outcome.not_met("The records document aberrant drug-taking behaviour.", present)
    absent = [f for f in facts if f.value.get("present") is False]
    absent += context.facts_of(FactKind.aberrant_behavior, asserted=False)
    if absent:
        return Outcome.met("The records document that there is no aberrant drug-taking "
                           "behaviour.", absent)
    # a test told consistent, or whose drugs found are the drugs prescribed ("showed tramadol
    # only" for a worker on tramadol)
    tests = [f for f in context.facts_of(FactKind.urine_drug_test)
             if f.value.get("result") == "consistent"
             or (f.value.get("result") == "performed"
                 and (_analytes_against_prescribed(context, f) or ("",))[0] == "consistent")]
    checks = [f for f in context.facts_of(FactKind.opioid_monitoring)
              if f.value.get("item") in ("cures_check", "single_prescriber")
              and f.value.get("done", True)]
    if tests or checks:
        return Outcome.met("Monitoring shows no aberrant drug-taking behaviour (a consistent "
                           "drug test or a prescription database check, and none reported).",
                           [*tests, *checks])
    return Outcome.unknown(context.none_documents("documents an assessment of aberrant "
                                                  "drug-taking behaviour"),
                           "an assessment of aberrant drug-taking behaviour")


@predicate("assessed")
def assessed(context: Context, kind: str, description: str) -> Outcome:
    """The records show the item was assessed at all (present or documented absent)."""
    facts = context.facts_of(kind, asserted=None)
    if facts:
        return Outcome.met(f"The records document an assessment of {description}.", facts)
    return Outcome.unknown(context.none_documents(f"addresses {description}"),
                           f"an assessment of {description}")


@predicate("monitoring_done")
def monitoring_done(context: Context, items: list[str], description: str) -> Outcome:
    """One of the monitoring steps named (a risk screen, a CURES check, an agreement) is
    documented as done; documented as not done, and none done, is not met."""
    facts = [f for f in context.facts_of(FactKind.opioid_monitoring) if f.value.get("item") in items]
    done = [f for f in facts if f.value.get("done", True)]
    if done:
        return Outcome.met(f"The records document {description}.", done)
    not_done = facts + [f for f in context.facts_of(FactKind.opioid_monitoring, asserted=False)
                        if f.value.get("item") in items]
    if not_done:
        return Outcome.not_met(f"The records document that {description} was not done.",
                               not_done)
    return Outcome.unknown(context.none_documents(f"documents {description}"), description)


def _in_table_heading(context: Context, fact: Fact) -> bool:
    """The fact was read from the heading row of a monitoring flowsheet or a table of the drug
    by visit ("Visit  Pain w/o  Pain w/  AE  Aberrant  UDS"): the names of its columns, no
    finding ("Aberrant UDS" there is two headings side by side, not a test's result)."""
    return context.tables_of(fact.evidence.document, fact.evidence.page).in_heading(
        fact.evidence.start)


@predicate("drug_test_consistent")
def drug_test_consistent(context: Context) -> Outcome:
    """The latest urine drug test is consistent with the drugs prescribed."""
    tests = context.facts_of(FactKind.urine_drug_test) + [
        f for f in context.facts_of(FactKind.urine_drug_test, asserted=False) if _result_stated(f)]
    tests = [f for f in tests if not _in_table_heading(context, f)]
    graded = [f for f in tests if f.value.get("result") in ("consistent", "inconsistent")]
    compared = {f.key: _analytes_against_prescribed(context, f) for f in tests
                if f.value.get("result") == "performed"}
    graded += [f for f in tests if compared.get(f.key)]
    # A baseline test before the first controlled drug, negative for everything, shows what it
    # should: nothing (CPMTG p. 77, a screen before a therapeutic trial).
    baseline = {f.key for f in tests if f.value.get("result") == "performed"
                and f not in graded and _BASELINE_NEGATIVE.search(context.sentence_of(f))}
    graded += [f for f in tests if f.key in baseline]
    compared.update({key: ("consistent", " (a baseline test, negative for all, before the drug "
                                         "was started)") for key in baseline})
    if not graded:
        return Outcome.unknown(context.none_documents("documents a urine drug test result"),
                               "a urine drug test result", tests)
    last = max(graded, key=lambda f: (f.date or dt.date.min, f.evidence.start))
    result, detail = compared.get(last.key) or (last.value["result"], "")
    evidence = [last, *_prescribed_drugs(context, last)[:3]] if detail else [last]
    if result == "consistent":
        return Outcome.met("The latest urine drug test is consistent with the prescribed "
                           f"medication{detail}.", evidence)
    return Outcome.not_met("The latest urine drug test is inconsistent with the prescribed "
                           f"medication{detail}.", evidence)


#: "Baseline UDS today (negative for all)", "baseline urine drug screen negative".
_BASELINE_NEGATIVE = re.compile(
    r"\bbaseline\b[^.;]{0,40}?\b(?:negative|neg)(?:\s+(?:for\s+)?(?:all|everything|x\s*all))?\b|"
    r"\b(?:negative|neg)\s+(?:for\s+)?(?:all|everything)\b[^.;]{0,30}\bbaseline\b", re.IGNORECASE)


#: What a drug is found as in urine besides itself: its metabolites (general toxicology
#: knowledge, as in the CDC 2016 guideline's recommendation 10 on reading a result against
#: the prescribed drugs; verified: false). Hydromorphone is a metabolite of hydrocodone,
#: oxymorphone of oxycodone, morphine of codeine.
_METABOLITES = {
    "hydrocodone": {"hydromorphone", "norhydrocodone", "dihydrocodeine"},
    "oxycodone": {"oxymorphone", "noroxycodone"},
    "codeine": {"morphine", "hydrocodone", "norcodeine"},
    "morphine": {"hydromorphone", "normorphine"},
    "tramadol": {"o-desmethyltramadol", "desmethyltramadol"},
    "tapentadol": {"n-desmethyltapentadol"},
    "diazepam": {"nordiazepam", "temazepam", "oxazepam"},
    "temazepam": {"oxazepam"},
    "methadone": {"eddp"},
    "buprenorphine": {"norbuprenorphine"},
    "fentanyl": {"norfentanyl"},
}


def _prescribed_drugs(context: Context, test: Fact | None = None,
                      elsewhere: bool = False) -> list[Fact]:
    """The drugs the worker takes at the time of the test: as the note that reports it lists
    them, else the latest note before it (a drug stopped since is not expected). With
    `elsewhere`, as the latest other note before it lists them."""
    taking = [f for f in context.facts_of(FactKind.medication)
              if f.value.get("action", "current") in (*TAKING, "start")
              and f.evidence.document not in context.second_hand
              and not (elsewhere and test is not None
                       and f.evidence.document == test.evidence.document)]
    if test is None:
        return taking
    # a drug named inside the test's own result list is an analyte, not a prescription
    span = test.evidence
    taking = [f for f in taking if not (f.evidence.document == span.document
                                        and f.evidence.page == span.page
                                        and span.start <= f.evidence.start < span.end)]
    same = [f for f in taking if f.evidence.document == test.evidence.document]
    if same:
        return same
    before = [f for f in taking if f.date and test.date and f.date <= test.date]
    latest = max((f.date for f in before), default=None)
    return [f for f in before if f.date == latest]


def _directed_names(taking: list[Fact]) -> set[str]:
    """The names (and each part of a combination's) of the drugs prescribed with a strength
    or directions, not named in passing."""
    return {part for f in taking if f.value.get("strength") or f.value.get("frequency")
            for name in (f.value.get("generic"), f.value.get("drug")) if name
            for part in re.split(r"[/\s-]", str(name).lower())}


def _analytes_against_prescribed(context: Context, test: Fact) -> tuple[str, str] | None:
    """A result written as analytes with no verdict ("hydrocodone POS, hydromorphone POS"),
    read against the drugs the records have the worker taking: a drug found that is neither
    prescribed nor a metabolite of one, or a prescribed drug reported absent, is
    inconsistent; everything found expected is consistent. None when it cannot be told."""
    found = [str(s).lower() for s in test.value.get("substances") or []]
    absent = [str(s).lower() for s in test.value.get("not_detected") or []]
    taking = _prescribed_drugs(context, test)
    if not (found or absent) or not taking:
        return None
    prescribed = {part for f in taking for name in (f.value.get("generic"), f.value.get("drug"))
                  if name for part in re.split(r"[/\s-]", str(name).lower()) if len(part) > 3}
    table = drug_table()
    for f in taking:
        info = _drug_of(f)
        if info is not None:
            prescribed.update(p for p in re.split(r"[/\s]", info.generic) if len(p) > 3)
    expected = prescribed | {m for drug in prescribed for m in _METABOLITES.get(drug, ())}
    unexpected = [s for s in found if s not in expected and table.find(s) is not None]
    # reported absent counts against a drug the notes prescribe (a strength or directions), not
    # one named in passing ("pain was 7-8 on oxycodone")
    directed = _directed_names(taking)
    if not directed:
        # a laboratory's report names the drugs it was told of without directions ("Rx
        # reported: tramadol"): the prescription of the latest note before the test is the one
        directed = _directed_names(_prescribed_drugs(context, test, elsewhere=True))
    missing = [s for s in absent if s in directed]
    if unexpected or missing:
        parts = ([f"{', '.join(unexpected)} found, not prescribed"] if unexpected else []) + (
            [f"prescribed {', '.join(missing)} not detected"] if missing else [])
        return "inconsistent", f" ({'; '.join(parts)})"
    if found and all(s in expected for s in found):
        return "consistent", f" ({', '.join(found)} found, as prescribed)"
    return None


_NEGATION_RE = re.compile(r"\b(?:no|not|non|without|denie[sd]|negative)\b|\binconsistent\b",
                          re.IGNORECASE)


def _result_stated(fact: Fact) -> bool:
    """A drug test result marked negated only by a negation elsewhere in its sentence ("No
    aberrant behavior. UDS 02/10/2015 consistent"): its own words state the result."""
    return fact.value.get("result") == "consistent" and not _NEGATION_RE.search(
        fact.evidence.quote)


@predicate("drug_test_inconsistent")
def drug_test_inconsistent(context: Context) -> Outcome:
    """Confirmatory testing needs an inconsistent screening result first."""
    outcome = drug_test_consistent(context)
    if outcome.status.value == "unknown":
        return outcome
    flipped = "not_met" if outcome.status.value == "met" else "met"
    return Outcome(type(outcome.status)(flipped), outcome.explanation, outcome.evidence)


#: A test said to be the first, or said to follow none within the year.
_BASELINE = re.compile(r"\bbaseline\b|\bnone (?:done|performed|on file)\b|\bno (?:prior |previous |recent )?"
                       r"(?:UDS|UDT|urine drug (?:tests?|screens?)|drug (?:tests?|screens?))\b",
                       re.IGNORECASE)


@predicate("drug_tests_within_year")
def drug_tests_within_year(context: Context, limit_parameter: str) -> Outcome:
    """Tests in the past year plus this one stay within the risk-based frequency."""
    limits: dict = context.param(limit_parameter)
    aberrant = [f for f in context.facts_of(FactKind.aberrant_behavior)
                if f.value.get("present", True)]
    moderate = [] if aberrant else _moderate_risk(context)
    risk = "high" if aberrant else "moderate" if moderate else "low"
    allowed = limits[risk]
    tests = context.facts_of(FactKind.urine_drug_test)
    if context.as_of is None:
        return Outcome.unknown("The decision date is not given.", "the decision date")
    year_ago = context.as_of - dt.timedelta(days=365)
    # Tests already done: a result is reported, or the test is told as past. A bare "urine drug
    # screen" in the plan is the request itself.
    tests = [f for f in tests if f.value.get("result") in ("consistent", "inconsistent")
             or f.historical]
    recent = [f for f in tests if f.date is not None and f.date > year_ago]
    undated = [f for f in tests if f.date is None]
    requested = context.request.quantity or 1
    # A series of tests ("monthly x12") sets the frequency from now on and is held to the
    # year's limit by itself; a single test adds to those of the past year.
    series = requested > 1
    first = None if series else _first_test_on_the_drug(context, tests, requested, allowed, risk)
    if first is not None:
        return first
    counted = [] if tests else tests_counted(context, year_ago)
    if counted:
        # "UDS 08/2019-01/2020 (9 tests)": the treating note counts the tests of a period.
        done, evidence = max(counted, key=lambda pair: pair[0])
        count = (0 if series else done) + requested
        status = CriterionStatus.met if count <= allowed else CriterionStatus.not_met
        verb = "stay within" if count <= allowed else "exceed"
        told = (f"A series of {requested} tests, held to the year's limit by itself, and "
                f"{done} in the past year:" if series else
                f"{done} test(s) in the past year plus {requested} requested")
        return Outcome(status, f"{told} {verb} the {allowed} a year the guideline supports at "
                       f"{risk} risk.", (evidence, *(f.evidence for f in aberrant)))
    stated = [] if tests else last_test_stated(context)
    if stated:
        # "Last UDS in chart 11/2015": the treating note dates the last test it has.
        within = [e for day, e in stated if day > year_ago]
        count = (0 if series else len(within[:1])) + requested
        last = max(day for day, _ in stated)
        evidence = [e for _, e in stated]
        if count <= allowed:
            return Outcome(CriterionStatus.met, f"The last test is dated {last:%m/%Y}: "
                           f"{count - requested} in the past year plus {requested} requested "
                           f"stay within {allowed} a year for {risk} risk.", tuple(evidence))
        return Outcome(CriterionStatus.not_met, f"The last test is dated {last:%m/%Y}: with "
                       f"{requested} requested, more than the {allowed} a year the guideline "
                       f"supports at {risk} risk.", tuple(evidence))
    if not tests:
        # "No UDS in 2014", or a baseline test before an opioid is started: none was had.
        none_done = context.facts_of(FactKind.urine_drug_test, asserted=False)
        # the plan's own test is read as hypothetical ("urine toxicology today (none done in
        # 2014)"), so its sentence is read from all the treating records' mentions
        planned = [f for f in context.facts if f.kind is FactKind.urine_drug_test
                   and not f.second_hand and f.evidence.document not in context.second_hand]
        baseline = _BASELINE.search(context.request.text) or any(
            _BASELINE.search(context.sentence_of(f)) for f in planned)
        if (none_done or baseline) and requested <= allowed:
            return Outcome.met(f"No earlier test is documented{' (a baseline test)' if baseline else ''}: "
                               f"{requested} requested stays within {allowed} a year for {risk} "
                               "risk.", none_done)
        return Outcome.unknown(context.none_documents("states when urine drug testing was last "
                                                      "done"),
                               "the dates of earlier urine drug tests")
    count = (0 if series else len(recent)) + requested
    if count <= allowed:
        return Outcome.met(f"{len(recent)} test(s) in the past year plus {requested} requested "
                           f"stay within {allowed} a year for {risk} risk.", recent + undated)
    return Outcome.not_met(f"{len(recent)} test(s) in the past year plus {requested} requested "
                           f"exceed the {allowed} a year the guideline supports at {risk} risk"
                           f"{' (no aberrant behaviour documented)' if risk == 'low' else ''}.",
                           recent + aberrant)


#: The classes of drug a urine drug test monitors (as `udt.on_controlled_drug` names them).
_MONITORED_CLASSES = ["opioid", "benzodiazepine", "barbiturate_combination", "stimulant"]


def _first_test_on_the_drug(context: Context, tests: list[Fact], requested: int, allowed: int,
                            risk: str) -> Outcome | None:
    """Met when every test the records date came before the worker began the controlled drug
    the test is to monitor (a screen before the opioid was started, the notes dating its start
    in a later month, or the baseline screen of the visit that started it): no test on the
    drug has been had, and ODG tests a worker at low risk within six months of starting, then
    yearly (guideline knowledge, verified: false). None when the records date no start, count
    tests over a period, or date one on the drug."""
    # a start the notes date (a list's start column: to the month), or the visit that orders
    # the drug (a start told first-hand: to the day)
    began = [(day, f, False) for f in medication_facts(context, _MONITORED_CLASSES)
             if f.value.get("action", "current") in TAKING and (day := use_began(f)) is not None]
    began += [(f.date, f, True) for f in medication_facts(context, _MONITORED_CLASSES)
              if f.value.get("action") == "start" and f.date is not None and not f.second_hand
              and f.evidence.document not in context.second_hand]
    if not began or requested > allowed or any(f.date is None for f in tests):
        return None
    start, drug, ordered = min(began, key=lambda item: (item[0], item[2]))
    # a controlled drug named before that start (another opioid the worker was switched
    # from), or beside it at the visit that starts it: the tests before it were tests on a
    # drug the worker took
    named = medication_facts(context, _MONITORED_CLASSES, asserted=None)
    if any(f.date is not None and (f.date.year, f.date.month) < (start.year, start.month)
           for f in named):
        return None
    if ordered and any(f.date is not None and (f.date < start or (
            f.date == start and f.value.get("generic") != drug.value.get("generic")))
            for f in named):
        return None
    dated = [(f.date, f.evidence) for f in tests if f.date is not None]
    dated += [] if tests else last_test_stated(context)
    if not dated or (not tests and tests_counted(context, start)):
        return None
    if ordered:
        # the visit's own screen is before the drug when the note calls it the baseline
        before = {id(f.evidence) for f in tests if f.date == start
                  and _PRE_TREATMENT_TEST.search(context.sentence_of(f))}
        if any(day > start or (day == start and id(evidence) not in before)
               for day, evidence in dated):
            return None
    elif any((day.year, day.month) >= (start.year, start.month) for day, _ in dated):
        return None
    last, evidence = max(dated, key=lambda pair: pair[0])
    name = drug.value.get("drug") or drug.value.get("generic")
    when = f"{start:%m/%d/%Y}" if ordered else f"{start:%m/%Y}"
    return Outcome(CriterionStatus.met,
                   f"The last test documented ({last:%m/%Y}) came before the worker began {name} "
                   f"({when}); no test on the drug is documented, and {requested} "
                   f"requested stays within {allowed} a year for {risk} risk.",
                   (evidence, drug.evidence))


#: A screen the note places before the drug it is to monitor: the baseline, a pre-treatment
#: screen ("Baseline UDS collected today", "UDS pre-opioid", "before starting hydrocodone").
#: The word is bound to the test, before or right after it, not anywhere in the sentence
#: ("UDS today; pain back to baseline" is no baseline screen: review 14, finding 16).
_SCREEN = r"(?:UDS|UDT|urine(?:\s+(?:drug|tox\w*))?|(?:drug|tox\w*)\s+(?:screen|test)\w*|screen\w*|test\w*)"
_PRE_TREATMENT_TEST = re.compile(
    rf"\bbaseline\s+(?:\w+\s+)?{_SCREEN}|\b{_SCREEN}\s+(?:\w+\s+){{0,2}}?(?:as\s+(?:a\s+|the\s+)?)?"
    r"(?:baseline|pre-?(?:opioid|treatment|medication|narcotic)s?\b|(?:before|prior\s+to)\s+"
    r"(?:starting|initiat\w*|beginning)\b)|\bpre-?(?:opioid|treatment|medication|narcotic)s?\s+"
    rf"(?:\w+\s+)?{_SCREEN}", re.IGNORECASE)


def tests_counted(context: Context, year_ago: dt.date) -> list[tuple[int, Evidence]]:
    """Tests the treating notes count over a period (the reader's `opioid_monitoring.counted_tests`),
    as many as fall in the past year: all of them when the period began within it, else its
    share of the period's days, spread evenly."""
    found: list[tuple[int, Evidence]] = []
    for document, page, text in first_hand_pages(context):
        for told in opioid_monitoring.counted_tests(document, page, text):
            if told.last <= year_ago:
                continue
            count = told.count
            if told.first < year_ago:
                count = count * (told.last - year_ago).days // max((told.last - told.first).days, 1)
            found.append((count, told.evidence))
    return found


def last_test_stated(context: Context) -> list[tuple[dt.date, Evidence]]:
    """The dates the treating notes give for the last urine drug test (the reader's
    `opioid_monitoring.last_tests`), each with its quote, up to the decision date."""
    return [(told.day, told.evidence) for document, page, text in first_hand_pages(context)
            for told in opioid_monitoring.last_tests(document, page, text)
            if context.as_of is None or told.day <= context.as_of]


#: The Opioid Risk Tool's moderate band (0-3 low, 4-7 moderate, 8+ high): ODG's moderate risk
#: (guideline knowledge, not in mtus-facts; verified: false with the frequency parameter).
_MODERATE_SCORES = range(4, 8)


def _moderate_risk(context: Context) -> list[Fact]:
    """The risk screen when the treating records place the worker at moderate risk: its score
    in the moderate band, or the risk told moderate or a history of misuse beside it (the
    reader's `risk_score`, `moderate_risk`: `opioid_monitoring.risk_told`)."""
    for fact in context.facts_of(FactKind.opioid_monitoring, item="risk_assessment"):
        if fact.value.get("risk_score") in _MODERATE_SCORES or fact.value.get("moderate_risk"):
            return [fact]
    return _sedatives_with_opioid(context)


def _sedatives_with_opioid(context: Context) -> list[Fact]:
    """An opioid and a benzodiazepine both taken in the latest treating note that names either:
    the combination raises the risk of misuse and overdose, which places the worker above the
    lowest band of testing (ODG's risk-based frequency; CPMTG p. 94 steps to avoid misuse;
    general guideline knowledge, not in mtus-facts). A benzodiazepine stopped before the note
    is not taken."""
    taken: dict[str, list[Fact]] = {}
    for fact in context.facts_of(FactKind.medication):
        info = _drug_of(fact)
        if info is None or info.drug_class not in ("opioid", "benzodiazepine") \
                or fact.value.get("action") not in TAKING or fact.date is None:
            continue
        taken.setdefault(info.drug_class, []).append(fact)
    if len(taken) < 2:
        return []
    latest = max(f.date for facts in taken.values() for f in facts)
    now = {cls: [f for f in facts if f.date == latest] for cls, facts in taken.items()}
    if not all(now.values()):
        return []
    return [now["opioid"][0], now["benzodiazepine"][0]]


#: A GI complaint denied while on a COX-2 selective NSAID ("no dyspepsia on celecoxib").
_SPARED_ON_COX2 = re.compile(r"\b(?:on|with|since|taking|while\s+on)\s+(?:the\s+)?(?:celecoxib|"
                             r"celebrex|cox-?2\w*)\b", re.IGNORECASE)


def _standing_gi_risk_factors(context: Context) -> list[Fact]:
    """The GI risk factors the records document and no later note denies: heartburn in March
    that the May and August notes deny ("No GI upset", "no stomach problems") is not a risk the
    worker carries when the PPI is requested (the later record decides, as for any statement)."""
    denied: dict[object, dt.date] = {}
    denied_history: set[object] = set()
    for fact in context.facts_of(FactKind.gi_risk_factor, asserted=False):
        # "No dyspepsia on celecoxib": the COX-2 drug sparing the stomach the other NSAID
        # upset, not the risk gone (it is why the selective drug is given)
        if _SPARED_ON_COX2.search(context.clause_of(fact)):
            continue
        if fact.date is not None:
            factor = fact.value.get("factor")
            denied[factor] = max(denied.get(factor, fact.date), fact.date)
            if _HISTORY_TOLD_RE.search(context.sentence_of(fact)):
                denied_history.add(factor)
    return [f for f in context.facts_of(FactKind.gi_risk_factor)
            if not _denied_in_sentence(f) and not (f.value.get("factor") in denied
                    and (f.date is None or f.date < denied[f.value.get("factor")])
                    and not _past_event_kept(context, f, denied_history))]


#: A sentence that tells of the past: a history, a prior event, a year.
_HISTORY_TOLD_RE = re.compile(r"\b(?:history|hx|h/o|prior|previous|past|ever|(?:19|20)\d\d)\b",
                              re.IGNORECASE)


def _past_event_kept(context: Context, fact: Fact, denied_history: set[object]) -> bool:
    """An ulcer or a bleed told as history ("GI bleed from duodenal ulcer 2012, transfused") is
    a risk the worker carries for good: a later note's "no melena, no dyspepsia" denies a bleed
    now, not the one in the history (session "decide-dev20"). Only a denial of the history
    itself ("no prior ulcer") takes it back."""
    factor = fact.value.get("factor")
    return (factor in ("gi_bleed", "peptic_ulcer") and factor not in denied_history
            and (fact.historical or bool(_HISTORY_TOLD_RE.search(context.sentence_of(fact)))))


def _denied_in_sentence(fact: Fact) -> bool:
    """A drug named in a list its sentence denies (the reader's `in_denied_list`:
    `gi_risk.in_denied_list`)."""
    return bool(fact.value.get("in_denied_list"))


def _dose_told_high(fact: Fact) -> bool:
    """"High-dose NSAID" needs the note to say so (the reader's `dose_told_high`: a high dose,
    or two NSAIDs): a drug named with its strength is not, by itself, a high dose."""
    return fact.value.get("factor") != "high_dose_nsaid" or bool(fact.value.get("dose_told_high"))


def _dyspepsia_of_another_cause(context: Context, fact: Fact) -> bool:
    """Dyspepsia counts as the NSAID's (CPMTG p. 69: dyspepsia secondary to NSAID therapy);
    heartburn its sentence puts down to food ("occasional Tums for heartburn after spicy food"),
    naming no NSAID (the reader's `other_cause`; nor an NSAID of the case), does not."""
    if fact.value.get("factor") != "dyspepsia" or not fact.value.get("other_cause"):
        return False
    sentence = context.sentence_of(fact).lower()
    named = [n for f in medication_facts(context, ["nsaid"])
             for n in (f.value.get("drug"), f.value.get("generic")) if n]
    return not any(str(n).lower() in sentence for n in named)


def _name_as_written(fact: Fact) -> str:
    """A drug by the name the note gives it, as the case summary names it ("senna", "Norco";
    not "sennosides" beside the summary's "senna"): a generic in lower case, a brand with its
    capital."""
    written, generic = fact.value.get("drug"), fact.value.get("generic")
    if not written:
        return str(generic)
    written = str(written)
    return written.lower() if generic and written.lower() in str(generic).lower() else written


@predicate("gi_risk_documented")
def gi_risk_documented(context: Context, age_over: int = 65) -> Outcome:
    """A gastrointestinal risk factor that justifies GI protection with an NSAID."""
    factors = [f for f in _standing_gi_risk_factors(context)
               if _dose_told_high(f) and not _dyspepsia_of_another_cause(context, f)]
    if factors:
        # each factor named once, as words ("GI bleed", not "gi bleed"; a dyspepsia told in
        # two notes is one factor)
        named = list(dict.fromkeys(
            re.sub(r"\bgi\b", "GI", str(f.value.get("factor", "")).replace("_", " "))
            for f in factors))
        return Outcome.met(f"The records document {'a ' if len(named) == 1 else ''}"
                           f"gastrointestinal risk factor{'s' if len(named) > 1 else ''} ("
                           f"{join_words(named)}).", factors)
    age = context.case.worker.age
    if age is not None and age > age_over:
        return Outcome.met(f"The worker is {age}, over {age_over}: a gastrointestinal risk factor.")
    risky = [f for f in medication_facts(context, ["corticosteroid"], ["aspirin", "warfarin"])
             if not _denied_in_sentence(f)]
    if risky:
        return Outcome.met("The worker takes a drug that raises gastrointestinal risk with an "
                           "NSAID.", risky)
    listed = [f for f in _medication_list(context) if not _denied_in_sentence(f)]
    if age is not None and listed and context.page_texts:
        # As for a drug class missing from the medication list (`on_medication`): a worker whose
        # age is given and whose notes list the medications taken, none of them aspirin, a
        # corticosteroid or an anticoagulant, and whose notes name no ulcer, bleeding or GI
        # complaint, has none of the risk factors of CPMTG pp. 68-69 (mtus-facts §3.6).
        names = ", ".join(dict.fromkeys(_name_as_written(f) for f in listed))
        denied = [f for f in context.facts_of(FactKind.gi_risk_factor) if f not in factors]
        symptoms = "GI symptoms that a later note does not deny" if denied else "GI symptoms"
        searched = context.none_documents("documents a peptic ulcer, GI bleeding or perforation, "
                                          f"high-dose or multiple NSAIDs, or {symptoms}")
        return Outcome.not_met(
            f"The worker is {age}, the medications the records document ({names}) include no "
            f"aspirin, corticosteroid or anticoagulant, and {searched[0].lower()}{searched[1:]}",
            listed[:3])
    return Outcome.unknown(
        context.none_documents("documents a gastrointestinal risk factor (age over 65, peptic "
                               "ulcer, GI bleeding or perforation, aspirin, corticosteroid or "
                               "anticoagulant use, high-dose or multiple NSAIDs) or GI symptoms"),
        "a gastrointestinal risk factor")


#: Words telling that a drug was stopped or could not be taken ("stopped", "d/c'd", "held",
#: "not tolerated"): read after a drug's name (`clinical._stopped_for_side_effects`) or in a
#: side effect's sentence (`requested_drug_tolerated`).
STOPPED = re.compile(r"\b(?:stopped|discontinued|d/c'?d|dc'?d|held|intolerant|not\s+tolerated|"
                     r"could\s*n[o']?t\s+tolerate)\b", re.IGNORECASE)


@predicate("requested_drug_tolerated")
def requested_drug_tolerated(context: Context) -> Outcome:
    """The drug requested is taken and tolerated: not met when the records tell it was stopped
    for its side effects (a side effect of it, or a trial of it not tolerated, in a sentence
    that says it was stopped); met when it is in use with no such account."""
    drug = context.request.drug
    names = [n.lower() for n in (drug.name, *(drug.generic or "").split("/")) if n] if drug else []
    if not names:
        return Outcome.unknown("The request does not name the drug.", "the drug requested")
    side = [f for f in context.facts_of(FactKind.side_effect)
            if f.value.get("present", True) and str(f.value.get("drug") or "").lower() in names]
    side += [f for f in context.facts_of(FactKind.treatment_trial, outcome="not_tolerated")
             if any(n in context.sentence_of(f).lower() for n in names)]
    stopped_use = [f for f in requested_drug_facts(context) if f.value.get("action") == "stop"]
    stopped = [f for f in side if STOPPED.search(context.sentence_of(f))
               or f.kind is FactKind.treatment_trial or stopped_use]
    stopped += stopped_use if stopped else []
    if stopped:
        return Outcome.not_met(f"The records document that {drug.generic or drug.name} was not "
                               "tolerated and was stopped.", stopped)
    taking = [f for f in requested_drug_facts(context)
              if f.value.get("action", "current") in TAKING]
    if taking:
        return Outcome.met(f"The records document {drug.generic or drug.name} in use, and no "
                           "side effect that led to stopping it.", taking[-1:])
    return Outcome.unknown(context.none_documents(f"documents the use of {drug.generic or drug.name}"),
                           f"the use of {drug.generic or drug.name} and how it is tolerated")


def _nsaids_protected(context: Context) -> list[DrugInfo]:
    """The NSAIDs a stomach protector would go with: those requested in the same dispute, else
    those the worker takes (oral, not stopped)."""
    from openimr.guidelines.predicates.associated import _other_items

    table = drug_table()
    requested = []
    for _, parsed in _other_items(context):
        if parsed.category == "nsaid" and parsed.drug is not None:
            info = table.lookup(parsed.drug.generic or parsed.drug.name)
            if info is not None:
                requested.append(info)
    if requested:
        return requested
    named = [f for f in medication_facts(context, ["nsaid"]) if not topical_form(context, f)]
    taking = [f for f in named if f.value.get("action", "current") in TAKING
              and not finished_course(context, f) and not _stopped_later(context, f, named)]
    return [d for d in (_drug_of(f) for f in taking) if d is not None]


@predicate("nsaid_cox2_selective")
def nsaid_cox2_selective(context: Context) -> Outcome:
    """A gate: the NSAID the protector goes with is COX-2 selective (celecoxib), and only such."""
    drugs = _nsaids_protected(context)
    if drugs and all(d.subclass == "cox2_selective" for d in drugs):
        return Outcome.met(f"The NSAID is COX-2 selective ({drugs[0].generic}).")
    return Outcome.not_met("The NSAID is not COX-2 selective, or none is documented.")


#: GI risk factors of CPMTG pp. 68-69, each counted once; a complicated ulcer alone is high risk.
_HIGH_RISK_ALONE = ("gi_bleed",)


@predicate("gi_risk_high")
def gi_risk_high(context: Context, age_over: int = 65) -> Outcome:
    """High GI risk, the tier at which a PPI is added to a COX-2 selective NSAID: a complicated
    ulcer (bleeding or perforation) in the history, or two or more of the CPMTG risk factors
    (age over 65, peptic ulcer, aspirin, corticosteroid or anticoagulant, high-dose or
    multiple NSAIDs). One factor alone is intermediate risk, which the COX-2 drug covers."""
    factors = [f for f in _standing_gi_risk_factors(context)
               if f.value.get("factor") != "dyspepsia" and _dose_told_high(f)]
    kinds = {str(f.value.get("factor")) for f in factors}
    age = context.case.worker.age
    if age is not None and age > age_over:
        kinds.add("age_over_65")
    risky = [f for f in medication_facts(context, ["corticosteroid"],
                                         ["aspirin", "warfarin"])
             if f.value.get("action", "current") in TAKING and not _denied_in_sentence(f)]
    kinds |= {"concurrent_" + str(f.value.get("generic")) for f in risky}
    named = ", ".join(sorted(k.replace("_", " ") for k in kinds)) or "none"
    if kinds & set(_HIGH_RISK_ALONE) or len(kinds) >= 2:
        return Outcome.met(f"The records document high gastrointestinal risk ({named}).",
                           factors + risky)
    if age is None and not kinds:
        return Outcome.unknown(context.none_documents("documents the worker's GI risk factors"),
                               "the worker's gastrointestinal risk factors")
    return Outcome.not_met(
        f"The gastrointestinal risk the records document ({named}) is at most intermediate: a "
        "COX-2 selective NSAID alone is the guideline's option at that tier, without a PPI.",
        factors + risky)


@predicate("requested_drug_of")
def requested_drug_of(context: Context, description: str, classes: list[str] | None = None,
                      generics: list[str] | None = None) -> Outcome:
    """The drug requested is of one of the classes (or generics) named, per the drug table."""
    drug = context.request.drug
    info = drug_table().lookup(drug.generic or drug.name) if drug is not None else None
    if info is None:
        return Outcome.unknown("The drug requested is not in the drug table.", "the drug's class")
    if (classes and info.drug_class in classes) or (generics and info.generic in generics):
        return Outcome.met(f"{info.generic.capitalize()} is {description}.")
    return Outcome.not_met(f"{info.generic.capitalize()} ({info.drug_class.replace('_', ' ')}) "
                           f"is not {description}.")


@predicate("course_for_recent_operation")
def course_for_recent_operation(context: Context, description: str, classes: list[str],
                                weeks: int = 6, within_days: int = 30) -> Outcome:
    """The drug requested is a course for the pain of a recent operation: acute care (ACOEM
    Opioids guideline and the 2016 MTUS acute phase; general guideline knowledge, verified:
    false), not a chronic therapy whose continuation needs the four A's. Met when, for an
    operation the records date (by its operative report, a procedure report of a surgery and
    not of an injection, or by a surgery fact's own date):

    - no drug of `classes` was taken before it (named in an earlier note, told as history, or
      "since" an earlier year: a worker on opioids before the operation continues them);
    - the drug requested is first named on or after it, in a treating note within `weeks` of
      it;
    - and the course is the operation's: that note speaks of the operation ("post-op", "s/p",
      "after the surgery"), or the decision itself falls within `within_days` of it (the
      discharge prescription after a joint replacement).

    (Sessions "decide-dev20" and "decide-dev21" each wrote one half of this; "decide-fold"
    made them one.)"""
    from openimr.guidelines.predicates.associated import _year_of
    from openimr.guidelines.predicates.course import surgery_date

    dates = document_dates(context)
    surgical = {f.evidence.document for f in context.facts_of(FactKind.surgery)}
    injected = {f.evidence.document for f in context.facts_of(FactKind.injection_history)}
    operations = {d for doc in context.procedure_reports
                  if doc in surgical and doc not in injected and (d := dates.get(doc)) is not None}
    for fact in context.facts_of(FactKind.surgery):
        day, year = surgery_date(context, fact), _year_of(context, fact)
        if year is not None and (day is None or year.year < day.year):
            day = year  # "s/p fusion 2010" in a note dated by another date: the year named
        if day is not None:
            operations.add(day)
    if not operations:
        return Outcome.not_met(f"No dated operation shows that {description}.")
    taken = [f for f in medication_facts(context, classes, asserted=None) if not f.negated]
    course = [f for f in requested_drug_facts(context)
              if f.evidence.document not in context.procedure_reports
              and f.value.get("action", "current") in TAKING + ("start",)]

    def when(fact: Fact) -> dt.date | None:
        return dates.get(fact.evidence.document) or fact.date

    for operation in sorted(operations):
        before = [f for f in taken
                  if f.historical or ((day := when(f)) is not None and day < operation)
                  or any(int(year) < operation.year
                         for year in _TAKEN_SINCE_RE.findall(context.sentence_of(f)))]
        if before:
            continue
        recent = (context.as_of is not None
                  and 0 <= (context.as_of - operation).days <= within_days)
        told = [f for f in course
                if (day := when(f)) is not None and 0 <= (day - operation).days <= weeks * 7
                and (recent or _POSTOPERATIVE_NOTE.search(
                    context.page_texts.get((f.evidence.document, f.evidence.page)) or ""))]
        if told:
            return Outcome.met(f"The records show that {description}: first named after the "
                               f"operation of {operation:%m/%d/%Y}, none taken before it.",
                               told[:2])
    return Outcome.not_met(f"The records do not show that {description}: no dated operation "
                           "precedes the first use of the drug, or one was taken before it.")


#: A drug told as taken since a year: "since 2013", "since 03/2012".
_TAKEN_SINCE_RE = re.compile(r"\b(?:since|for\s+years\s+since)\s+(?:\d{1,2}/)?(?:\d{1,2}/)?((?:19|20)\d\d)\b",
                             re.IGNORECASE)


#: A note about the course after an operation: "post-op visit", "s/p TKA", "after the surgery".
_POSTOPERATIVE_NOTE = re.compile(
    r"\bpost-?\s?op(?:erative(?:ly)?)?\b|\bafter\s+(?:the\s+|her\s+|his\s+)?(?:surgery|operation)\b|"
    r"\bs/p\b|\bstatus\s+post\b|\bdays?\s+(?:after|since)\s+(?:the\s+|her\s+|his\s+)?"
    r"(?:right\s+|left\s+)?(?-i:[A-Z]{2,5})\b", re.IGNORECASE)


#: A drug prescribed for the pain of an operation: "post-op oxycodone/APAP x 3-5 days",
#: "Norco #20 for pain after the surgery", "postoperatively, tramadol prn".
_POSTOPERATIVE = re.compile(
    r"\bpost-?\s?op(?:erative(?:ly)?)?\b|\bafter\s+(?:the\s+|her\s+|his\s+)?(?:surgery|operation)\b|"
    r"\b(?:surgical|incisional)\s+pain\b", re.IGNORECASE)


@predicate("requested_drug_postoperative")
def requested_drug_postoperative(context: Context, description: str) -> Outcome:
    """A treating note prescribes the drug requested for the pain of an operation (its own
    sentence says so): acute care after surgery, not the start of a chronic drug therapy."""
    told = [f for f in requested_drug_facts(context)
            if _POSTOPERATIVE.search(context.sentence_of(f))]
    if told:
        return Outcome.met(f"The records show that {description}.", told[:2])
    return Outcome.not_met(f"The records do not show that {description}.")




#: Words of a drug's own clause telling it as given on top of another ("add Lyrica to the
#: gabapentin", "for breakthrough pain", "in addition to", "augment").
_ON_TOP = (r"\bin\s+addition\s+to\b|\bon\s+top\s+of\b|\bbreak-?\s?through\b|\bBTP\b|"
           r"\badjunct\w*|\baugment\w*")
_ADD_ON = re.compile(rf"\badd(?:s|ed|ing)?\b|{_ON_TOP}|\bplus\b", re.IGNORECASE)
#: The same after a drug's name, where a bare "plus" or "add" joins the next drug to it
#: ("Percocet plus tramadol" adds the tramadol): "Lyrica added", "Norco in addition to ...".
_ADDED_AFTER = re.compile(rf"\badded\b|{_ON_TOP}", re.IGNORECASE)
#: Words telling one drug replacing another: a switch, not two drugs taken together.
_SWITCH = re.compile(r"\b(?:switch\w*|chang\w+\s+(?:to|from|over)|convert\w*|rotat\w+|"
                     r"replac\w+|transition\w*|instead\s+of|in\s+place\s+of|substitut\w+|"
                     r"cross-?\s?taper\w*|wean\w*|taper\w*\s+(?:off|down)|d/c|discontinu\w+|"
                     r"stop\w*|off\s+of)\b", re.IGNORECASE)
#: A drug a list names and says is not taken ("(old list, not taking)", "historical").
_NOT_TAKEN = re.compile(r"\b(?:not\s+(?:currently\s+)?taking|no\s+longer\s+(?:taking|takes|on)|"
                        r"old\s+list|historical|not\s+taken|inactive)\b", re.IGNORECASE)
#: How far a drug's own clause reaches on either side of its name.
_CLAUSE_REACH = 90
#: What may stand before a drug that opens a row of a list: a bullet or the row's number.
_ROW_OPENING = re.compile(r"[ \t]*(?:(?:[-*\u2022]|\d{1,2}[.)])[ \t]*)?")


def _own_clause(context: Context, fact: Fact, neighbours: list[Fact]) -> str:
    """The words of the drug's own clause: from the last clause stop (a semicolon, a full stop
    that ends a sentence) or the drug named before it, to the next stop or drug named after
    it. A list wrapped over lines keeps a drug's directions with it ("prn\\nbreakthrough")."""
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page))
    if not text:
        return evidence.quote
    begin = max(0, evidence.start - _CLAUSE_REACH)
    end = min(len(text), evidence.end + _CLAUSE_REACH)
    for other in neighbours:
        o = other.evidence
        if (o.document, o.page) != (evidence.document, evidence.page) or o.start == evidence.start:
            continue
        if o.end <= evidence.start:
            begin = max(begin, o.end)
        elif o.start >= evidence.end:
            end = min(end, o.start)
    # a drug that opens its line (a row of a medication list) starts its clause there: the
    # row above is another drug's ("naproxen ... DISCONTINUED 09/2016" over "omeprazole")
    line_start = text.rfind("\n", 0, evidence.start) + 1
    if _ROW_OPENING.fullmatch(text[line_start:evidence.start]):
        begin = max(begin, line_start)
    before = text[begin:evidence.start]
    stops = [m.end() for m in re.finditer(r";|\.(?!\d)\s|\n\s*\n|\n\s*[A-Z][A-Za-z /-]{1,20}:", before)]
    before = before[stops[-1]:] if stops else before
    after = re.split(r";|\.(?!\d)\s|\n\s*\n|\n\s*[A-Z][A-Za-z /-]{1,20}:", text[evidence.end:end],
                     maxsplit=1)[0]
    return before + evidence.quote + after


#: The words right before a drug that make it the one added to ("in addition to the
#: pregabalin", "on top of his Norco"): that drug is the base, not the add-on.
_BASE_BEFORE = re.compile(r"\b(?:in\s+addition\s+to|on\s+top\s+of|plus|added\s+to|adding\s+to|add\s+"
                          r"(?:\w+\s+){0,4}to)\s+(?:the\s+|his\s+|her\s+|their\s+)?$", re.IGNORECASE)


def _told_as_added(context: Context, fact: Fact, neighbours: list[Fact]) -> bool:
    """The drug's own clause tells it as the one added to another ("add Lyrica to ...",
    "Norco as needed for breakthrough"), not as the drug another is added to ("... in addition
    to the pregabalin")."""
    clause = _own_clause(context, fact, neighbours)
    at = clause.find(fact.evidence.quote)
    before, after = (clause[:at], clause[at:]) if at >= 0 else ("", clause)
    if _BASE_BEFORE.search(before):
        before = ""
    return bool(_ADD_ON.search(before) or _ADDED_AFTER.search(after))


@predicate("not_a_second_drug_of_its_kind")
def not_a_second_drug_of_its_kind(context: Context, kinds: list[str], description: str) -> Outcome:
    """The drug requested is not a second drug of its kind given on top of one the worker keeps
    taking: two gabapentinoids, two short-acting opioids, two oral NSAIDs taken together have
    no guideline support, and the one added is the one not supported (CPMTG: one drug at a
    time, each judged on its own trial; opioids at the lowest dose, pp. 60, 78-80).

    `kinds` are the drug table subclasses (or classes, for a class without subclasses) that
    count as one kind. Not met when, in the note that names the requested drug last, another
    drug of the kind is taken and not stopped, switched or tapered, and the requested drug is
    the one added: its own clause tells it as added ("add", "in addition to", "for
    breakthrough") or it is newly started there beside the other. A switch within the kind, a
    requested drug that is the one taken first, or no other drug of the kind, is met."""
    drug = context.request.drug
    own = drug_table().lookup(drug.generic or drug.name) if drug else None
    if own is None or (own.subclass or own.drug_class) not in kinds:
        return Outcome.met(f"The drug requested is not {description}.")

    def kind_of(fact: Fact) -> DrugInfo | None:
        info = drug_in_its_release(fact)
        return info if info is not None and (info.subclass or info.drug_class) in kinds else None

    first_hand = [f for f in context.facts_of(FactKind.medication)
                  if f.evidence.document not in context.second_hand
                  and not topical_form(context, f) and kind_of(f) is not None]
    own_generic = _RELEASE_SUFFIX.sub("", own.generic)
    mine = [f for f in first_hand
            if _RELEASE_SUFFIX.sub("", kind_of(f).generic) == own_generic]  # type: ignore[union-attr]
    others = [f for f in first_hand if f not in mine]
    if not mine or not others:
        return Outcome.met(f"No other drug of the kind is documented beside the one requested, "
                           f"so it is not {description}.")
    latest = max(mine, key=lambda f: (f.date or dt.date.min, f.evidence.start))
    document = latest.evidence.document
    # the visit's other papers of the same date (the medication list printed with the note)
    # tell what the worker takes beside the drug that note adds
    dates = document_dates(context)
    visit = {document} | {f.evidence.document for f in first_hand
                           if dates.get(document) is not None
                           and dates.get(f.evidence.document) == dates[document]}
    # (a drug the worker took in an earlier note is still taken when the note's "start" of
    # the new one is read over it too: "start X in addition to the Y she continues")
    before = {kind_of(f).generic for f in others  # type: ignore[union-attr]
              if f.value.get("action", "current") in ("current", "refill") and f.date
              and latest.date and f.date < latest.date}
    beside = [f for f in others if f.evidence.document in visit
              and (f.value.get("action", "current") in ("current", "refill")
                   or (f.value.get("action") == "start"
                       and kind_of(f).generic in before))  # type: ignore[union-attr]
              and not _denied_in_sentence(f) and not finished_course(context, f)
              and not _stopped_later(context, f, others)]
    # a switch or taper told in the note: one drug replaces the other
    told_in_note = [f for f in first_hand if f.evidence.document in visit]
    # (a row of the visit's list ends at the next drug named, of any kind: "D/C 02/2016" in
    # the tramadol row below is no switch of the pregabalin above it)
    listed = [f for f in context.facts_of(FactKind.medication)
              if f.evidence.document in visit and f.evidence.document != document]
    if not beside or any(f.value.get("action") in ("stop", "taper") for f in told_in_note) or any(
            _SWITCH.search(_own_clause(context, f, told_in_note + listed if f.evidence.document
                                       != document else told_in_note))
            for f in told_in_note):
        return Outcome.met(f"No other drug of the kind is taken with the one requested, so it "
                           f"is not {description}.")
    everything = context.facts_of(FactKind.medication)
    added = [f for f in mine if _told_as_added(context, f, everything)]
    started = [f for f in mine if f.evidence.document == document
               and f.value.get("action") == "start"]
    # the dates tell the order when no word does: the requested drug first named after the
    # other was already taken, and the other still taken beside it in the latest note, its
    # regimen or fill told there, is the one added ("naproxen bid since 2016" in July, "Rx
    # meloxicam daily" in September, both filled in October). A drug named only as history
    # ("a bleed in 2013 on ibuprofen") was not taken first in this sense.
    first_named = min((f.date for f in mine if f.date), default=None)
    taken_first = {kind_of(f).generic for f in others  # type: ignore[union-attr]
                   if f.value.get("action", "current") in ("current", "refill") and f.date
                   and not f.historical and first_named and f.date < first_named}
    # ... unless a note since the requested drug was first named tells a switch between them
    # ("naproxen caused heartburn; switch to meloxicam"), or the other's own clause in the
    # latest list says it is not taken ("naproxen 500 bid (old list, not taking)"): review 12,
    # R30
    since = [f for f in first_hand if f.date and first_named and f.date >= first_named]
    switched = any(_SWITCH.search(_own_clause(context, f, since)) for f in since)
    if not switched and any(
            kind_of(f).generic in taken_first and not f.historical  # type: ignore[union-attr]
            and any(f.value.get(key) for key in ("strength", "frequency", "quantity"))
            and not _NOT_TAKEN.search(_own_clause(context, f, told_in_note))
            for f in beside):
        started = started or [latest]
    # the other drug is the add-on (its own clause says so): the requested one is the first
    if not (added or started) or any(_told_as_added(context, f, everything) for f in beside):
        return Outcome.met(f"The drug requested is the first of its kind the worker takes "
                           f"({description}).")
    names = ", ".join(dict.fromkeys(str(f.value.get("drug") or f.value.get("generic"))
                                    for f in beside))
    return Outcome.not_met(f"The drug requested is given on top of {names}, which the worker "
                           f"keeps taking: {description}, without support for the two together.",
                           (added or started)[:1] + beside[:1])


@predicate("analgesic_use_reduced")
def analgesic_use_reduced(context: Context, description: str) -> Outcome:
    """A pain medication the worker takes at fewer doses (or fewer milligrams) a day in the
    latest treating note that names it with its directions than in an earlier one ("tramadol
    50 mg tid" in March, "tramadol once daily" in June): the medication reduced, told by the
    directions where no sentence says it (8 CCR 9792.24.1(a): acupuncture is used when pain
    medication is reduced; decide-dev42). A dose taken as needed gives a ceiling, not use, and
    is left out."""
    from openimr.guidelines.predicates.clinical import _ANALGESIC_CLASSES, _drug_class

    by_drug: dict[str, list[tuple[dt.date, float, bool, Fact]]] = {}
    for fact in context.facts_of(FactKind.medication):
        units = _units_a_day(fact)
        if (fact.date is None or not units or fact.evidence.document in context.second_hand
                or fact.value.get("action", "current") not in TAKING
                or _drug_class(fact) not in _ANALGESIC_CLASSES
                or _AS_NEEDED.search(str(fact.value.get("frequency") or ""))):
            continue
        strength = fact.value.get("strength_mg")
        amount = units * float(strength) if strength else units
        generic = str(fact.value.get("generic") or fact.value.get("drug") or "").lower()
        by_drug.setdefault(generic, []).append((fact.date, amount, bool(strength), fact))
    for uses in by_drug.values():
        latest = max(day for day, _a, _s, _f in uses)
        now = [u for u in uses if u[0] == latest]
        before = [u for u in uses if u[0] < latest]
        if not before:
            continue
        # milligrams where both notes give the strength, else doses a day
        with_mg = all(s for _d, _a, s, _f in now + before)
        if not with_mg:
            now = [(d, _units_a_day(f) or 0.0, s, f) for d, _a, s, f in now]
            before = [(d, _units_a_day(f) or 0.0, s, f) for d, _a, s, f in before]
        high = max(before, key=lambda u: u[1])
        low = max(now, key=lambda u: u[1])
        if low[1] <= high[1] * _STEP_DOWN:
            def told(fact: Fact) -> str:
                return " ".join(str(p) for p in (fact.evidence.quote,
                                                 fact.value.get("frequency")) if p)

            return Outcome.met(f"The records document {description}: \"{told(high[3])}\" on "
                               f"{high[0]:%m/%d/%Y}, less a day by {low[0]:%m/%d/%Y} "
                               f"(\"{told(low[3])}\").", [high[3], low[3]])
    return Outcome.unknown(context.none_documents(f"documents {description}"), description)
