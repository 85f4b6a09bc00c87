"""Predicates for courses of care with a trial and an extension (chiropractic, acupuncture,
psychotherapy, programs) and for the postsurgical physical medicine schedule."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.itemparse.vocabulary import vocabulary
from openimr.guidelines.predicates import predicate
from openimr.guidelines.predicates.therapy import prior_visits
from openimr.model import Evidence, Fact, FactKind, ItemDetermination, TreatmentRequest
from openimr.model.determination import CriterionStatus
from openimr.records.dates import DATE_RE


@predicate("prior_visits_fewer_than")
def prior_visits_fewer_than(context: Context, modalities: list[str], count: int = 1) -> Outcome:
    """Fewer than `count` visits already had: the request is a first (trial) course."""
    done, evidence, _ = prior_visits(context, modalities)
    what = "prior " + modalities[0].replace("_", " ") + " visits"
    if done is None:
        return Outcome.unknown(f"The number of {what} is not documented.", f"the number of {what}")
    if done < count:
        return Outcome.met(f"{done} {what} are documented: this is a first course.", evidence)
    return Outcome.not_met(f"{done} {what} are documented.", evidence)


@predicate("program_days_within")
def program_days_within(context: Context, modalities: list[str], limit_parameter: str,
                        first_course_patterns: list[str] | None = None) -> Outcome:
    """Program days already attended plus those requested stay within the total (hours are read
    as 8-hour days). With no count of days attended, a treating record that calls the course
    asked for the first one (`first_course_patterns`: "a 2-week trial", "initial two weeks")
    says none was attended before."""
    from openimr.guidelines.predicates.request import request_value
    from openimr.guidelines.predicates.statements import treating_statements

    limit = context.param(limit_parameter)
    requested = request_value(context.request, "program_days")
    if requested is None:
        return Outcome.unknown("The request does not state how many program days are asked for.",
                               "the number of program days requested")
    if requested > limit:
        return Outcome.not_met(f"The request alone, {requested:g} days, exceeds the {limit} days "
                               "the guideline supports.")
    done, evidence, _ = prior_visits(context, modalities)
    first = treating_statements(context, first_course_patterns or []) if done is None else []
    if first:
        return Outcome(CriterionStatus.met,
                       f'The records call the {requested:g} days asked for the first course of '
                       f'the program ("{first[-1].quote}"): within the {limit} days supported.',
                       tuple(first[-1:]))
    if done is None:
        return Outcome.unknown(
            context.none_documents("states how many program days were already attended")
            + f" It cannot be established that {requested:g} more days stay within {limit}.",
            "the number of program days already attended")
    total = done + requested
    searched = "" if done or evidence else " (" + context.none_documents(
        "mentions program days already attended").rstrip(".") + ")"
    if total > limit:
        return Outcome.not_met(f"{done} days attended plus {requested:g} requested make "
                               f"{total:g}, more than the {limit} days supported.", evidence)
    return Outcome.met(f"{done} days attended{searched} plus {requested:g} requested make "
                       f"{total:g}, within the {limit} days supported.", evidence)


def surgery_requested_with(context: Context) -> str | None:
    """The surgery requested in the same dispute (its schedule key), when the therapy is to
    follow it: the postsurgical period starts at that surgery and no visit after it was had."""
    found = _requested_surgery_item(context)
    return found[1] if found else None


def _requested_surgery_item(context: Context) -> tuple[str, str] | None:
    if not context.request.postoperative:
        return None
    for item in context.case.disputed_items:
        if item.description == context.request.text:
            continue
        matched = vocabulary().surgery(item.description.lower())
        if matched is not None:
            return item.description, matched.key
    return None


def decide_other_item(context: Context, text: str,
                      setting_aside: Collection[str] = ()) -> ItemDetermination:
    """The draft decision on another item of the same dispute, on the same records: a service
    that only follows a surgery (its therapy, hospital stay, assistant) stands or falls with it.
    The criteria in `setting_aside` are not weighed (`engine.decide_item`)."""
    from openimr.guidelines.engine import decide_item
    from openimr.guidelines.items import parse_item
    from openimr.guidelines.knowledge import load_knowledge_base

    return decide_item(text, parse_item(text, as_of=context.as_of), context.case,
                       context.facts, load_knowledge_base(), documents=context.documents,
                       as_of=context.as_of, unreadable=context.unreadable,
                       second_hand=context.second_hand,
                       procedure_reports=context.procedure_reports,
                       forms=context.forms, page_texts=context.page_texts,
                       stated_dates=context.stated_dates, setting_aside=setting_aside)


def _requested_surgery_decision(context: Context) -> Outcome:
    """Therapy after a surgery requested with it is supported only if the surgery is."""
    from openimr.model import Decision

    text, key = _requested_surgery_item(context)  # type: ignore[misc]
    surgery = decide_other_item(context, text)
    name = key.replace("_", " ")
    if surgery.decision is Decision.overturned:
        return Outcome.met(f"The therapy is to follow the {name} requested with it, which is "
                           "supported, so it falls within the postsurgical treatment period.")
    if surgery.decision is Decision.upheld:
        return Outcome.not_met(f"The therapy is to follow the {name} requested with it, which "
                               "is not supported, so postoperative therapy is not either.")
    return Outcome.unknown(f"The therapy is to follow the {name} requested with it, whose "
                           "necessity the knowledge base cannot decide.",
                           f"a decision on the {name} requested")


def _surgery(context: Context) -> tuple[str | None, dt.date | None, list]:
    """The surgery the therapy follows: from the request, else the latest surgery in the records."""
    request = context.request
    key = vocabulary().surgery_key(request.subcategory) or surgery_requested_with(context)
    facts = context.facts_of(FactKind.surgery)
    # Of one operation's mentions, the one the reader filed under a surgical category
    # ("rotator cuff repair") names it better than a guess from the sentence around a bare
    # "shoulder arthroscopy", which takes the first procedure the sentence lists.
    dated = sorted(facts, key=lambda f: (f.value.get("date") or "",
                                         vocabulary().surgery_key(f.value.get("category"))
                                         is not None), reverse=True)
    first: tuple[str | None, dt.date | None, list] | None = None
    for fact in dated:
        fact_key = surgery_key_of(context, fact)
        if key is None or fact_key == key:
            found = (key or fact_key, surgery_date(context, fact), [fact])
            if found[1] is not None:
                return found
            # a mention without its date ("CT: s/p ORIF trimalleolar fx"): another mention of
            # the same surgery may date it ("4 mo s/p ORIF R ankle (12/08/20)")
            key = key or fact_key
            first = first or found
    return first or (key, None, [])


def _all_before(visits: list[Fact], surgery: dt.date | None) -> bool:
    """Every note that counts the therapy visits is dated before the surgery (a prehabilitation
    course before a scheduled operation): none of them is a postoperative visit."""
    dates = [f.date for f in visits]
    return surgery is not None and bool(dates) and all(d is not None and d < surgery
                                                       for d in dates)


def surgery_key_of(context: Context, fact: Fact) -> str | None:
    """The schedule key of the surgery a fact names: its category, else its procedure, else the
    sentence it was read from ("ORIF" read alone from "ORIF right trimalleolar ankle fracture")."""
    key = vocabulary().surgery_key(fact.value.get("category"))
    if key is not None:
        return _defining_operation(fact, key)
    for text in (surgery_names(fact), context.sentence_of(fact)):
        matched = vocabulary().surgery(text.lower())
        if matched is not None:
            return matched.key
    return None


def _defining_operation(fact: Fact, key: str) -> str:
    """The operation a surgery fact's category files it under, unless that category is only one
    of its later parts while the procedures together name another first in the surgeries table
    ("ACL reconstruction, partial meniscectomy" filed under the meniscectomy): the procedure
    that defines the operation sets its postoperative course (session "decide-dev29-fu")."""
    parts = [str(p).lower() for p in fact.value.get("parts") or []]
    from_part = any((m := vocabulary().surgery(p)) is not None and m.key == key for p in parts)
    whole = vocabulary().surgery(surgery_names(fact).lower())
    head = vocabulary().surgery(str(fact.value.get("procedure", "")).lower())
    if from_part and whole is not None and head is not None and whole.key == head.key != key:
        return whole.key
    return key


def surgery_names(fact: Fact) -> str:
    """The procedures of the operation a surgery fact names: its first and its later parts
    ("shoulder arthroscopy", "rotator cuff repair", ...), for the surgeries table, whose order
    puts the procedure that defines an operation first."""
    return " ".join([str(fact.value.get("procedure", "")), *(fact.value.get("parts") or [])])


def surgery_date(context: Context, fact: Fact) -> dt.date | None:
    """The date of the surgery a fact names: its own date, else the date of the operative report
    it was read from, else a date written in the sentence that names it ("admitted 07/08/2016
    for right total knee arthroplasty"). A progress note's own date is not the date of surgery."""
    when = fact.value.get("date")
    if isinstance(when, str):
        when = dt.date.fromisoformat(when)
    if when is None and (fact.evidence.document in context.procedure_reports
                         or DATE_RE.search(context.sentence_of(fact))):
        when = fact.date
    return when


#: Therapy categories the postsurgical schedule governs within its period (8 CCR 9792.24.3).
_THERAPIES = ("physical_therapy", "occupational_therapy")


def in_postsurgical_period(context: Context) -> TreatmentRequest | None:
    """The request read as postsurgical therapy, when it falls under the postsurgical schedule
    without saying so ("Home physical therapy 3x/week x 2 weeks" ten days after a knee
    replacement); None when it does not.

    The MTUS postsurgical guidelines govern therapy within a surgery's postsurgical treatment
    period, and the chronic pain guidelines only after it (mtus-facts §3.2; 8 CCR 9792.24.3):
    therapy of the operated region is postsurgical when a scheduled surgery is requested in the
    same dispute, or when a first-hand record dates a scheduled surgery within its period
    before the therapy. `context.topic` is the postsurgical topic (its schedule in force)."""
    request = context.request
    if (request.category not in _THERAPIES or request.postoperative
            or request.subcategory is not None or context.topic is None):
        return None
    schedule: dict = context.param("schedule")
    surgeries = {s.key: s for s in vocabulary().surgeries}

    def fits(key: str | None) -> bool:
        body_part = surgeries[key].body_part if key in surgeries else None
        return key in schedule and (request.body_part is None or body_part is None
                                    or body_part == request.body_part)

    from openimr.guidelines.items import parse_item

    found: str | None = None
    for item in context.case.disputed_items:
        if item.description == request.text:
            continue
        other = parse_item(item.description, as_of=context.as_of)
        key = vocabulary().surgery_key(other.subcategory)
        if other.category == "surgery" and fits(key):
            found = key
            break
    start = request.start_date or context.as_of
    for fact in context.facts_of(FactKind.surgery) if found is None and start else ():
        key, when = surgery_key_of(context, fact), surgery_date(context, fact)
        if (fact.evidence.document in context.second_hand or not fits(key) or when is None
                or when > start):
            continue
        elapsed = (start.year - when.year) * 12 + start.month - when.month - (start.day < when.day)
        if elapsed < schedule[key]["months"]:
            found = key
            break
    if found is None:
        return None
    modifiers = list(request.modifiers)
    if request.category != "physical_therapy":
        modifiers.append(request.category.replace("_", " "))
    return request.model_copy(update={
        "category": "postsurgical_physical_therapy", "subcategory": found, "postoperative": True,
        "procedure": found.replace("_", " "), "modifiers": modifiers,
        "body_part": request.body_part or surgeries[found].body_part})


@predicate("postsurgical_course_within")
def postsurgical_course_within(context: Context, schedule_parameter: str,
                               initial_fraction: float = 0.5,
                               further_gains: dict | None = None) -> Outcome:
    """Visits after surgery stay within the schedule's general course; beyond the initial course
    (half of it) functional improvement is a separate criterion. After the whole general
    course, therapy may go on to the end of the postsurgical period where more functional
    improvement can be had (`further_gains`: the `records_state` arguments of a treating
    note's word that it can, or that it cannot)."""
    schedule: dict = context.param(schedule_parameter)
    key, _, evidence = _surgery(context)
    if key is None or key not in schedule:
        return Outcome.unknown("The surgery the therapy follows is not one the postsurgical "
                               "schedule lists, or is not identified.", "the surgery performed")
    visits, weeks, _ = schedule[key]["visits"], schedule[key]["weeks"], schedule[key]["months"]
    requested = context.request.quantity
    if requested is None:
        return Outcome.unknown("The request does not state how many visits are asked for.",
                               "the number of visits requested")
    done, prior, _ = prior_visits(context, ["physical_therapy", "occupational_therapy"])
    if surgery_requested_with(context) == key or _all_before(prior, _surgery(context)[1]):
        done, prior = 0, []  # therapy before the surgery requested is not postoperative
    name = key.replace("_", " ")
    if requested > visits:
        return Outcome.not_met(f"The request alone, {requested} visits, exceeds the general course "
                               f"of {visits} visits over {weeks} weeks for {name}.", evidence)
    if done is None:
        initial = int(visits * initial_fraction)
        if requested <= initial:
            return Outcome.met(f"{requested} visits fit within the initial course of {initial} "
                               f"visits for {name} (half of {visits}).", evidence)
        return Outcome.unknown(
            context.none_documents("states how many postoperative visits were already completed")
            + f" It cannot be established that {requested} visits stay within the {visits} "
            f"visits of the general course for {name}.", "the number of postoperative visits "
            "already completed", evidence)
    if surgery_requested_with(context) == key:
        return Outcome.met(f"The surgery is requested with the therapy, so there has been no "
                           f"postoperative visit yet: {requested} visits stay within the {visits} of "
                           f"the general course for {name}.", evidence)
    total = done + requested
    if total > visits:
        beyond = Outcome.not_met(f"{done} postoperative visits completed plus {requested} "
                                 f"requested make {total}, more than the {visits} of the general "
                                 f"course for {name}.", evidence + prior)
        if done >= visits and further_gains:
            return _continued_to_period_end(context, schedule_parameter, further_gains,
                                            beyond) or beyond
        return beyond
    return Outcome.met(f"{done} postoperative visits completed plus {requested} requested make "
                       f"{total}, within the {visits} of the general course for {name}.",
                       evidence + prior)


def _continued_to_period_end(context: Context, schedule_parameter: str, further_gains: dict,
                             beyond: Outcome) -> Outcome | None:
    """The general course is completed and the request passes it: therapy may still go on up to
    the end of the postsurgical period when more functional improvement can be had (8 CCR
    9792.24.3(c)). That takes the care inside the period, functional improvement from the
    postoperative visits so far, and a treating note's word that more can be gained, not
    outweighed by a later one that it cannot (a plateau, goals met, back to full duty)."""
    from openimr.guidelines.predicates.statements import records_state
    from openimr.guidelines.predicates.therapy import functional_improvement_documented

    period = within_postsurgical_period(context, schedule_parameter)
    if period.status is not CriterionStatus.met:
        return None
    improvement = functional_improvement_documented(context)
    gains = measured_gains(context) if improvement.status is not CriterionStatus.met else []
    if improvement.status is not CriterionStatus.met and not gains:
        return None
    more = records_state(context, **further_gains)
    if more.status is not CriterionStatus.met:
        return None
    shown = improvement.evidence[:1] if improvement.status is CriterionStatus.met else gains[:1]
    return Outcome(CriterionStatus.met,
                   beyond.explanation.rstrip(".") + ", but the general course is completed, "
                   "the care falls within the postsurgical period, the postoperative therapy has "
                   "brought functional improvement, and " + more.explanation[0].lower() +
                   more.explanation[1:] + " After the general course, therapy may continue to "
                   "the end of the postsurgical period while further functional improvement can "
                   "be had.", (*shown, *more.evidence[-1:]))


@predicate("within_postsurgical_period")
def within_postsurgical_period(context: Context, schedule_parameter: str) -> Outcome:
    """The therapy falls within the postsurgical treatment period (months from surgery)."""
    schedule: dict = context.param(schedule_parameter)
    key, when, evidence = _surgery(context)
    if key is None or key not in schedule:
        return Outcome.unknown("The surgery is not identified in the postsurgical schedule.",
                               "the surgery performed")
    if surgery_requested_with(context) == key:
        return _requested_surgery_decision(context)
    months = schedule[key]["months"]
    if when is None and context.as_of is not None:
        bound = _planned_after(context, key)
        start = context.request.start_date or context.as_of
        if bound is not None and _months_between(bound[0], start) < months:
            return Outcome.met(
                f"No record dates the surgery, but a treating note of {bound[0]:%m/%d/%Y} still "
                f"plans it and a later one reports it done: the care falls within the {months}-"
                "month postsurgical treatment period whatever day it was done.", bound[1])
    if when is None or context.as_of is None:
        return Outcome.unknown(context.none_documents("gives the date of the surgery"),
                               "the date of surgery", evidence)
    start = context.request.start_date or context.as_of
    if _months_between(when, start) < months:
        return Outcome.met(f"The surgery of {when:%m/%d/%Y} is within the {months}-month "
                           "postsurgical treatment period.", evidence)
    return Outcome.not_met(f"The surgery of {when:%m/%d/%Y} is more than {months} months before "
                           "the requested care: the postsurgical period has ended, and the "
                           "chronic pain guidelines govern.", evidence)


#: A surgery still to come in the sentence that names it ("Plan: arthroscopic repair", "surgery
#: to be scheduled", "recommend decompression"), and one already done ("s/p", "underwent").
_PLANNED_RE = re.compile(r"\b(?:plan(?:ned|s)?\b|to\s+be\s+scheduled|will\s+(?:schedule|undergo|"
                         r"proceed)|scheduled\s+for|recommend(?:ed|s)?\b|candidate\s+for|"
                         r"request(?:ing|ed)?\s+authori[sz]ation)", re.IGNORECASE)
_DONE_RE = re.compile(r"\b(?:s/p|status[\s-]+post|underwent|post[\s-]?op(?:erative(?:ly)?)?\b|"
                      r"following\s+(?:the\s+|his\s+|her\s+)?surgery)", re.IGNORECASE)


def _months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def _planned_after(context: Context, key: str) -> tuple[dt.date, list[Fact]] | None:
    """With no date of the surgery: the latest treating note that still plans it, when a later
    treating note reports a surgery done. The operation was done between the two, so the
    postsurgical period is counted from no earlier than the planning note's date."""
    patterns = [p for s in vocabulary().surgeries if s.key == key for p in s.patterns]
    planned: list[tuple[dt.date, Fact]] = []
    done: list[dt.date] = []
    for fact in context.facts:
        if (fact.kind is not FactKind.surgery or fact.negated or fact.family
                or fact.second_hand or fact.evidence.document in context.second_hand):
            continue
        day = context.stated_dates.get(fact.evidence.document)
        if day is None:
            continue
        sentence = context.sentence_of(fact)
        if _PLANNED_RE.search(sentence) and (
                surgery_key_of(context, fact) == key or any(p.search(sentence) for p in patterns)):
            planned.append((day, fact))
        elif not fact.hypothetical and _DONE_RE.search(sentence) and (
                surgery_key_of(context, fact) in (None, key)):
            done.append(day)
    if not planned or not done:
        return None
    day, fact = max(planned, key=lambda pair: pair[0])
    return (day, [fact]) if max(done) > day else None


@predicate("postsurgical_extension_needs_improvement")
def postsurgical_extension_needs_improvement(context: Context, schedule_parameter: str,
                                             initial_fraction: float = 0.5) -> Outcome:
    """Visits beyond the initial course (half the general course) need functional improvement."""
    from openimr.guidelines.predicates.therapy import functional_improvement_documented

    schedule: dict = context.param(schedule_parameter)
    key, date, _ = _surgery(context)
    if key is None or key not in schedule:
        return Outcome.unknown("The surgery is not identified in the postsurgical schedule.",
                               "the surgery performed")
    initial = int(schedule[key]["visits"] * initial_fraction)
    done, prior, _ = prior_visits(context, ["physical_therapy", "occupational_therapy"])
    if surgery_requested_with(context) == key or _all_before(prior, date):
        done = 0
    requested = context.request.quantity or 0
    # As in postsurgical_course_within: with no count of visits already had, a request that fits
    # the initial course is read as that course.
    if (done or 0) + requested <= initial:
        return Outcome.met(f"The visits stay within the initial course of {initial} visits.")
    if surgery_requested_with(context) == key or done == 0:
        # No postoperative visit yet (the surgery is requested with the therapy, or done but
        # its therapy not begun): the first authorization is the initial course, and visits
        # beyond it wait for the functional improvement those postoperative visits show (8 CCR
        # 9792.24.3(c)(1)-(2)). Improvement with therapy before the surgery, or the recovery a
        # discharge note records ("ambulating independently"), is not improvement from
        # postoperative therapy (decide-dev42).
        name = key.replace("_", " ")
        why = (f"The {name} is requested with the therapy" if surgery_requested_with(context) == key
               else "No postoperative therapy visit is documented")
        return Outcome.not_met(
            f"{why}, so there has been no postoperative visit yet: "
            f"{requested} visits exceed the initial course of {initial} visits (half the general "
            f"course of {schedule[key]['visits']}), and visits beyond it need functional "
            "improvement from the postoperative visits first.")
    improvement = functional_improvement_documented(context)
    if improvement.status is not CriterionStatus.met and (gains := measured_gains(context)):
        return Outcome(CriterionStatus.met, "The records measure the gains of the postoperative "
                       "therapy so far (" + "; ".join(e.quote for e in gains[:2]) + ").",
                       tuple(gains[:2]))
    return improvement


#: A motion or strength measured now beside its earlier value, the earlier one after the
#: later ("ROM 0-130 (from 5-95 at week 4)", "quad strength 62% of the right (from 40%)") or
#: before it ("flexion from 90 to 125 degrees"). After an operation these are the gains the
#: postoperative therapy is judged by (8 CCR 9792.24.3: continued while further functional
#: improvement can be had).
_MEASURE = (r"\b(?:ROM|range\s+of\s+motion|flexion|extension|abduction|external\s+rotation|"
            r"elevation|strength|quad(?:riceps)?\s+(?:index|strength)|grip)\b")
_NUMBER = r"(\d{1,3})(?:\s*-\s*(\d{1,3}))?\s*(?:%|deg\w*|°)?"
_GAIN_AFTER_RE = re.compile(_MEASURE + r"[^.;()\n]{0,50}?" + _NUMBER +
                            r"[^.;()\n]{0,30}?\(\s*(?:up\s+)?from\s+" + _NUMBER, re.IGNORECASE)
_GAIN_FROM_TO_RE = re.compile(_MEASURE + r"[^.;()\n]{0,40}?\b(?:improved\s+)?from\s+" + _NUMBER +
                              r"\s+to\s+" + _NUMBER, re.IGNORECASE)


def measured_gains(context: Context) -> list[Evidence]:
    """Measures of motion or strength a treating record gives with an earlier, smaller value:
    the gain the therapy so far has brought (quoted from the page)."""
    found = []
    for (document, page), text in context.page_texts.items():
        if document in context.second_hand:
            continue
        for pattern, later_first in ((_GAIN_AFTER_RE, True), (_GAIN_FROM_TO_RE, False)):
            for match in pattern.finditer(text):
                first = int(match.group(2) or match.group(1))
                second = int(match.group(4) or match.group(3))
                now, then = (first, second) if later_first else (second, first)
                if now > then:
                    found.append(Evidence(document=document, page=page, start=match.start(),
                                          end=match.end(), quote=match.group().strip()))
    return found


