"""Predicates for services that exist only because of another treatment (the hospital stay after
a surgery, an assistant at it, a laxative with an opioid): they are supported when that treatment
is, and within what it needs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.predicates import predicate
from openimr.guidelines.predicates.course import decide_other_item
from openimr.model import CriterionStatus, Decision, FactKind, TreatmentRequest


def _other_items(context: Context) -> Iterator[tuple[str, TreatmentRequest]]:
    """The other items of the dispute, each with its parsed request."""
    from openimr.guidelines.items import parse_item

    for item in context.case.disputed_items:
        if item.description != context.request.text:
            yield item.description, parse_item(item.description, as_of=context.as_of)


def _surgery_in_dispute(context: Context) -> tuple[str, str] | None:
    """(item text, surgery key) of the first other disputed item that is a surgery."""
    return next(((text, parsed.subcategory) for text, parsed in _other_items(context)
                 if parsed.category == "surgery" and parsed.subcategory), None)


@predicate("surgery_disputed_with")
def surgery_disputed_with(context: Context) -> Outcome:
    """A gate: a surgery is disputed with this item (the equipment or care after it)."""
    found = _surgery_in_dispute(context)
    if found is None:
        return Outcome.not_met("No surgery is disputed with this item.")
    return Outcome.met(f"The {found[1].replace('_', ' ')} is disputed with this item.")


def _surgery_key(context: Context) -> tuple[str | None, list]:
    """The surgery the service goes with: the one disputed with it, else the latest surgery the
    records name (a stay or an assistant for a surgery already authorized)."""
    found = _surgery_in_dispute(context)
    if found is not None:
        return found[1], []
    from openimr.guidelines.itemparse.vocabulary import vocabulary
    from openimr.guidelines.predicates.course import surgery_names

    facts = sorted(context.facts_of(FactKind.surgery), key=lambda f: f.value.get("date") or "",
                   reverse=True)
    for fact in facts:
        key = vocabulary().surgery_key(fact.value.get("category"))
        if key is None:
            matched = vocabulary().surgery(surgery_names(fact).lower())
            key = matched.key if matched else None
        if key is not None:
            return key, [fact]
    return None, []


@predicate("requested_surgery_supported")
def requested_surgery_supported(context: Context) -> Outcome:
    """The surgery requested in the same dispute is supported. Without one in the dispute, the
    service is for a surgery decided elsewhere, which the records cannot settle here."""
    found = _surgery_in_dispute(context)
    return _follows_found(
        context, found and (found[0], found[1].replace("_", " ")),
        Outcome.unknown("No surgery is requested with this service, and the records do not show "
                        "that the surgery it is for has been authorized.",
                        "the surgery the service is for"),
        "the service that goes with it")


def _follows_found(context: Context, found: tuple[str, str] | None, none_found: Outcome,
                   dependent: str) -> Outcome:
    """What goes only with the other item found in the dispute ((text, name)) follows the
    draft decision on it; `none_found` when the dispute holds none."""
    return none_found if found is None else follows(context, *found, dependent)


@predicate("requested_item_continues")
def requested_item_continues(context: Context, categories: list[str], criteria: list[str],
                             description: str, starts: list[str] | None = None,
                             established: dict | None = None) -> Outcome:
    """An item of the categories requested in the same dispute is judged as continuing what
    the worker already takes (its draft applies one of the `criteria`, ids or id prefixes
    such as "op.continuation."): whatever its decision, the worker stays on it for a while (a
    long-term opioid is tapered, not stopped), so what only goes with it is still needed.
    Not met when the item is a new start; unknown when none is in the dispute."""
    found = next((text for text, parsed in _other_items(context)
                  if parsed.category in categories), None)
    if found is None:
        return Outcome.unknown(f"No {description} is requested with this item.",
                               f"{description} requested with it")
    other = decide_other_item(context, found)
    applied = [c for c in other.criteria
               if any(c.id == wanted or (wanted.endswith(".") and c.id.startswith(wanted))
                      for wanted in criteria)]
    if applied:
        return Outcome(CriterionStatus.met,
                       f"The {found} requested with it continues {description} the worker "
                       "already takes; continued or tapered, the worker stays on it.",
                       tuple(e for c in applied for e in c.evidence)[:3])
    # A draft settled before it came to either branch (a dose above the ceiling) says
    # nothing of a new start: the worker's own use before the request (`established`) does.
    reached = [c for c in other.criteria
               if any(c.id == wanted or (wanted.endswith(".") and c.id.startswith(wanted))
                      for wanted in starts or ())]
    if established and starts and not reached:
        from openimr.guidelines.predicates import evaluate

        taken = evaluate(established["predicate"], context, established.get("args") or {})
        if taken.status is CriterionStatus.met:
            return Outcome(CriterionStatus.met,
                           f"The {found} requested with it continues {description} the worker "
                           "already takes; continued or tapered, the worker stays on it.",
                           taken.evidence)
    return Outcome.not_met(f"The {found} requested with it would start {description}, not "
                           "continue one the worker takes.")


def follows(context: Context, text: str, name: str, dependent: str) -> Outcome:
    """What goes only with another item of the dispute (`text`, called `name`) stands or falls
    with the draft decision on it."""
    other = decide_other_item(context, text)
    if other.decision is Decision.overturned:
        return Outcome.met(f"The {name} requested with it is supported.")
    if other.decision is Decision.upheld:
        return Outcome.not_met(f"The {name} requested with it is not supported, so {dependent} "
                               "is not needed either.")
    return Outcome.unknown(f"The {name} requested with it cannot be decided by the knowledge "
                           "base.", f"a decision on the {name} requested")


@predicate("surgery_is")
def surgery_is(context: Context, surgeries: list[str], description: str) -> Outcome:
    """The surgery the service goes with is one of `surgeries` (keys of the surgeries table)."""
    key, facts = _surgery_key(context)
    if key is None:
        return Outcome.unknown("The surgery the service is for is not identified.",
                               "the surgery the service is for")
    name = key.replace("_", " ")
    if key in surgeries:
        return Outcome.met(f"The surgery, {name}, is {description}.", facts)
    return Outcome.not_met(f"The surgery, {name}, is not {description}.", facts)


@predicate("surgery_within_days")
def surgery_within_days(context: Context, surgeries: list[str], within_days: int,
                        description: str) -> Outcome:
    """A surgery of `surgeries` (keys of the surgeries table) that a treating record dates at
    most `within_days` before the decision: the recent operation whose after-care the request is."""
    from openimr.guidelines.predicates.course import surgery_date, surgery_key_of

    if context.as_of is None:
        return Outcome.unknown("The decision date is not given.", "the decision date")
    dated = [(when, fact) for fact in context.facts_of(FactKind.surgery)
             if surgery_key_of(context, fact) in surgeries
             and (when := surgery_date(context, fact)) is not None and when <= context.as_of]
    if not dated:
        return Outcome.unknown(context.none_documents(f"documents {description}"), description)
    when, fact = max(dated, key=lambda pair: pair[0])
    elapsed = (context.as_of - when).days
    if elapsed <= within_days:
        return Outcome.met(f"The records document {description} on {when:%m/%d/%Y}, {elapsed} "
                           f"days before the decision (within {within_days}).", [fact])
    return Outcome.not_met(f"The latest {description} the records date, on {when:%m/%d/%Y}, was "
                           f"{elapsed} days before the decision, more than {within_days}.",
                           [fact])


#: Words of a sentence that put its surgery ahead (a scheduled operation's after-care).
_AHEAD_RE = re.compile(r"\b(?:scheduled|planned|pending|upcoming|authori[sz]ed|will\s+undergo|"
                       r"to\s+undergo|post-?op(?:erative(?:ly)?)?)\b", re.IGNORECASE)
#: A bare year written with a surgery ("s/p fusion 2010", "knee scope in 2015").
_YEAR_RE = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/.-])")


def _year_of(context: Context, fact) -> dt.date | None:
    """The last day of the year a surgery's sentence writes after its name: as late as the
    operation can have been."""
    sentence = context.sentence_of(fact)
    quote = fact.evidence.quote or ""
    at = sentence.find(quote) if quote else -1
    found = _YEAR_RE.search(sentence[at:at + len(quote) + 20] if at >= 0 else quote)
    return dt.date(int(found.group(1)), 12, 31) if found else None


def _of_requested_part(context: Context, fact) -> bool:
    """A surgery of the body part the request is for, on its side (`of_requested_part` on
    the part its procedures name); an operation the records do not place is none of it."""
    from openimr.guidelines.predicates.course import surgery_names

    return of_requested_part(context, fact, surgery_names(fact), unplaced=False)


def of_requested_part(context: Context, fact, own_words: str = "", *,
                      unplaced: bool = True) -> bool:
    """A fact of the body part the request is for, on its side: the part its own words name
    (else its clause), the same part or one of the same limb's region (`same_region`), and no
    other side named than the request's. A fact placed nowhere is of the part when `unplaced`
    (an injection in a note about the knee), else not. One placement for the surgeries and the
    injections the criteria weigh (review 12, R6)."""
    from openimr.guidelines.itemparse.anatomy import body_part, same_region, side

    wanted = context.request.body_part
    clause = context.clause_of(fact).lower()
    own = own_words.lower()
    part = body_part(own) or body_part(clause)
    if wanted and part and not same_region(part, wanted):
        return False
    if wanted and part is None and not unplaced:
        return False
    sides = {context.request.side, side(own) or side(clause)}
    return not ({"left", "right"} <= sides)


@predicate("surgery_recent_or_ahead")
def surgery_recent_or_ahead(context: Context, within_days: int, description: str,
                            same_part: bool = False) -> Outcome:
    """A surgery whose after-care the request is: one requested in the same dispute, one the
    records put ahead (scheduled, planned, dated after the decision), or one done at most
    `within_days` before the decision. An operation the records date (to the day, or by its
    year alone: "s/p fusion 2010") longer ago is no such surgery; an undated one is taken
    as documented, as `fact_present` does. With `same_part`, only an operation of the body
    part (and side) the request is for counts: a carpal tunnel release is no operation to
    follow on the shoulder's films (session "fix-review-a", review 11 §6)."""
    from openimr.guidelines.predicates.core import fact_present
    from openimr.guidelines.predicates.course import surgery_date

    if (disputed := _surgery_in_dispute(context)) is not None:
        return Outcome.met(f"The surgery requested with it ({disputed[0]}) is {description}.")
    facts = context.facts_of(FactKind.surgery)
    if same_part:
        facts = [f for f in facts if _of_requested_part(context, f)]
        if not facts:
            return Outcome.unknown(context.none_documents(f"documents {description}"),
                                   description)
        present = Outcome.met(f"The records document {description}.", facts)
    else:
        present = fact_present(context, "surgery", description)
    if present.status is not CriterionStatus.met or context.as_of is None:
        return present
    dated: list[tuple[dt.date, object]] = []
    undated = False
    for fact in facts:
        when = surgery_date(context, fact)
        if _AHEAD_RE.search(context.sentence_of(fact)) or (when and when > context.as_of):
            return Outcome.met(f"The records document {description}, scheduled.", [fact])
        year = _year_of(context, fact)
        if year is not None and (when is None or year.year < when.year):
            when = year  # the year by its name, not a date elsewhere in its sentence
        if when is None:
            undated = True
            continue
        if (context.as_of - when).days <= within_days:
            return Outcome.met(f"The records document {description} on {when:%m/%d/%Y}, "
                               f"within {within_days} days of the decision.", [fact])
        dated.append((when, fact))
    if undated or not dated:
        return present
    when, fact = max(dated, key=lambda pair: pair[0])
    return Outcome.not_met(f"The latest surgery the records date, in {when.year}, was more "
                           f"than {within_days} days before the decision, so it is not "
                           f"{description}.", [fact])


@predicate("stay_within_benchmark")
def stay_within_benchmark(context: Context, days: dict[str, int]) -> Outcome:
    """The days of the stay are within the benchmark length of stay for the surgery (`days`:
    surgery key -> days, 0 for an outpatient or same-day procedure; a surgery not listed has no
    benchmark here, which is unknown)."""
    from openimr.guidelines.predicates.request import request_value

    key, facts = _surgery_key(context)
    if key is None:
        return Outcome.unknown("The surgery the stay is for is not identified, so its "
                               "benchmark length of stay is not known.",
                               "the surgery the stay is for")
    requested = request_value(context.request, "quantity")
    if requested is None:
        return Outcome.unknown("The request does not state how many days of stay are asked for.",
                               "the number of days requested")
    limit = days.get(key)
    name = key.replace("_", " ")
    if limit is None:
        return Outcome.unknown(f"No benchmark length of stay is known for a {name}.",
                               f"the benchmark length of stay for a {name}", facts)
    if limit == 0:
        return Outcome.not_met(f"A {name} is usually done as an outpatient or same-day "
                               "procedure; an inpatient stay is not the benchmark for it.", facts)
    if requested > limit:
        return Outcome.not_met(f"{requested:g} days exceed the benchmark stay of {limit} days "
                               f"for a {name}.", facts)
    return Outcome.met(f"{requested:g} days are within the benchmark stay of {limit} days for "
                       f"a {name}.", facts)


def _prerequisite_item(context: Context, category: str, subcategories: list[str] | None,
                       same_site: bool) -> str | None:
    """The text of the first other disputed item of the category (and subcategory); with
    `same_site`, only one for the same body part and side (a part or a side not given
    matches)."""
    request = context.request
    for text, parsed in _other_items(context):
        if parsed.category != category or (subcategories
                                           and parsed.subcategory not in subcategories):
            continue
        if same_site and ((parsed.body_part and request.body_part
                           and parsed.body_part != request.body_part) or (
                parsed.side and request.side and parsed.side != request.side)):
            continue
        return text
    return None


@predicate("item_disputed_with")
def item_disputed_with(context: Context, category: str, description: str,
                       subcategories: list[str] | None = None,
                       same_site: bool = False,
                       supported_apart_from: list[str] | None = None) -> Outcome:
    """A gate: another item of the same dispute is of this category (and subcategory), for
    the same body part and side with `same_site`. With `supported_apart_from` (criteria of the
    other item's topic that look back at this item), only if that item stands on its own
    merits: its draft, those criteria set aside, is not upheld. What the same decision denies
    cannot be what makes this item safe (review 14, finding 12)."""
    text = _prerequisite_item(context, category, subcategories, same_site)
    if text is None:
        return Outcome.not_met(f"No {description} is requested with this item.")
    if supported_apart_from:
        other = decide_other_item(context, text, setting_aside=supported_apart_from)
        if other.decision is Decision.upheld:
            return Outcome.not_met(f"The {text} requested with this item is not supported on "
                                   "its own merits, so it cannot be counted as the "
                                   f"{description} this item needs.")
        if other.decision is not Decision.overturned:
            return Outcome.unknown(f"Whether the {text} requested with this item is supported "
                                   "cannot be decided by the knowledge base.",
                                   f"a decision on the {text} requested")
    return Outcome.met(f"{description[0].upper()}{description[1:]} is requested with this item "
                       f"(\"{text}\").")


@predicate("prerequisite_requested")
def prerequisite_requested(context: Context, category: str, description: str,
                           subcategories: list[str] | None = None,
                           same_site: bool = False) -> Outcome:
    """A step the guideline puts before the treatment is itself requested in the same dispute
    (a psychological evaluation disputed with the stimulator trial it must precede; a first
    corticosteroid injection disputed with the hyaluronic acid that follows an inadequate
    response to it): it has not been done yet, whatever a screening score in the notes
    suggests. Unknown otherwise, so that the records decide (a check to put first in
    `first_settled`)."""
    text = _prerequisite_item(context, category, subcategories, same_site)
    if text is not None:
        return Outcome.not_met(f"{description[0].upper()}{description[1:]} is requested in "
                               f"the same dispute (\"{text}\"), so it has not been done yet.")
    return Outcome.unknown(f"No other item of the dispute is {description}.", description)


@predicate("requested_item_supported")
def requested_item_supported(context: Context, categories: list[str], description: str,
                             dependent: str = "the drug that only goes with it") -> Outcome:
    """A drug or service that only goes with another treatment (a laxative with an opioid, a
    stomach protector with an NSAID, sedation for an injection) follows that treatment when it
    is requested in the same dispute: it is needed only if the treatment is supported. Unknown
    when none is in the dispute (the records then say whether the worker is on it)."""
    found = next(((text, text) for text, parsed in _other_items(context)
                  if parsed.category in categories), None)
    return _follows_found(context, found,
                          Outcome.unknown(f"No {description} is requested with this item.",
                                          f"a decision on {description} requested with it"),
                          dependent)


@predicate("drug_disputed_with")
def drug_disputed_with(context: Context, generics: list[str], description: str) -> Outcome:
    """Another item of the same dispute asks for one of these drugs (a COX-2 selective NSAID
    requested beside the PPI): a gate."""
    for text, parsed in _other_items(context):
        if parsed.drug is not None and (parsed.drug.generic or "").lower() in generics:
            return Outcome.met(f"The {text} requested with it is {description}.")
    return Outcome.not_met(f"No {description} is requested with it.")
