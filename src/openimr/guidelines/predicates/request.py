"""Predicates on the request itself: what is asked for, how much, in what form.

They read `context.request` (the parsed disputed item), never the records, so they are settled
even when the records are silent: a request that alone exceeds a limit is not met whatever else
is known.
"""

from __future__ import annotations

import re
from typing import Any

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.itemparse.anatomy import body_part
from openimr.guidelines.predicates import predicate
from openimr.model import Fact, FactKind, TreatmentRequest
from openimr.model.wording import join_words


def request_value(request: TreatmentRequest, field: str) -> Any:
    """A request field by dotted path, plus derived values.

    Derived: `levels_count` (spinal levels named), `nerve_roots_count` (levels, both sides
    counted when bilateral), `joint_levels_count` (facet joints: medial
    branch levels less one), `program_days` (days, or hours / 8), `supply_days` (days a drug
    supply lasts at the most the directions allow).
    """
    if field == "levels_count":
        return len(request.levels) or None
    if field == "nerve_roots_count":
        # A transforaminal injection reaches one root on one side: "L4-5 and L5-S1 bilateral"
        # is four roots.
        if not request.levels:
            return None
        return len(request.levels) * (2 if request.side == "bilateral" else 1)
    if field == "joint_levels_count":
        # Medial branches are named by nerve ("L3, L4, L5"): n branches block n-1 joint levels.
        if not request.levels:
            return None
        single = all("-" not in level for level in request.levels)
        return max(1, len(request.levels) - 1) if single else len(request.levels)
    if field == "program_days":
        if request.quantity is None:
            return None
        return request.quantity / HOURS_PER_PROGRAM_DAY if request.unit == "hours" else request.quantity
    if field == "supply_days":
        return supply_days(request)
    value: Any = request
    for part in field.split("."):
        value = None if value is None else getattr(value, part)
    return value


#: A full program day, to read "160 hours" of a functional restoration program as 20 days.
HOURS_PER_PROGRAM_DAY = 8


def supply_days(request: TreatmentRequest) -> float | None:
    drug = request.drug
    if drug is not None and drug.count and drug.units_per_day:
        return round(drug.count / drug.units_per_day, 1)
    if request.duration_weeks:
        return round(request.duration_weeks * 7, 1)
    return None


def _limit(context: Context, limit: float | None, limit_parameter: str | None,
           key: str | None) -> float:
    if limit is not None:
        return limit
    assert limit_parameter is not None, "give limit or limit_parameter"
    value = context.param(limit_parameter)
    if isinstance(value, dict):
        return value.get(key or "default", value.get("default"))
    return value


def _amount(value: float, unit: str) -> str:
    """"1 injection", "2 injections", "20 hours a week"."""
    if not unit:
        return f"{value:g}"
    first, _, rest = unit.partition(" ")
    if value == 1 and first.endswith("s"):
        first = first[:-1]
    return f"{value:g} {first}{' ' + rest if rest else ''}"


@predicate("request_within")
def request_within(context: Context, field: str, description: str, limit: float | None = None,
                   limit_parameter: str | None = None, key: str | None = None,
                   unit: str = "", default: float | None = None,
                   said_within: str | None = None, said_beyond: str | None = None) -> Outcome:
    """A number in the request (visits, days, levels, hours a week...) is at most the limit.

    `default` stands in for a number the request leaves implicit (one injection when none is
    stated). `said_within` and `said_beyond`: what the letter says of an amount within or
    beyond a limit that is our reading of a guideline with no number of its own (ODG sets no
    number of follow-up visits): never "the 4 visits the guideline supports"."""
    most = _limit(context, limit, limit_parameter, key)
    value = request_value(context.request, field)
    if value is None:
        value = default
    if value is None:
        return Outcome.unknown(f"The request does not state {description}.", description)
    asked, most_text = _amount(value, unit), _amount(most, unit)
    judged = said_within if value <= most else said_beyond
    compared = (f"within the {most_text}" if value <= most else f"more than the {most_text}")
    sentence = f"{_amount_asked(description, asked)}, {judged}." if judged else \
        f"{_amount_asked(description, asked)}, {compared} the guideline supports."
    return (Outcome.met if value <= most else Outcome.not_met)(sentence)


def _amount_asked(description: str, asked: str) -> str:
    """The amount a request asks for as a clause: "The request asks for 12 visits" when the
    description only says it is requested ("the visits requested"), else the description
    leads ("The days of the trial come to 21 days", "The length of the rental comes to 30
    days"), so that no bracketed label follows the number."""
    if description.endswith(" requested"):
        noun = description.removeprefix("the ").removesuffix(" requested")
        return f"The request asks for {asked if ' ' in asked else f'{asked} {noun}'}"
    if asked.endswith(f" {description.removeprefix('the ')}"):
        # the amount names the description itself ("3 treatments a week"): "The treatments a
        # week come to 3 treatments a week" would say it twice
        return f"The request asks for {asked}"
    # "the number of ...", "the length of ...": a singular head; "the days of use": plural
    words = description.removeprefix("the ").split()
    singular = len(words) > 1 and words[1] == "of" and not words[0].endswith("s")
    verb = "comes to" if singular else "come to"
    return f"{description[:1].upper()}{description[1:]} {verb} {asked}"


@predicate("request_states")
def request_states(context: Context, field: str, description: str) -> Outcome:
    """The request states a value (a gate: criteria on a frequency apply only when one is given)."""
    if request_value(context.request, field) is None:
        return Outcome.not_met(f"The request does not state {description}.")
    return Outcome.met(f"The request states {description}.")


@predicate("request_is")
def request_is(context: Context, field: str, description: str, one_of: list[Any] | None = None,
               contains: str | None = None, negate: bool = False,
               unknown_when_missing: bool = True, absent: str = "not_met",
               claim_body_parts: bool = False) -> Outcome:
    """The request has a property: a field equal to one of `one_of`, or a list containing `contains`.

    `claim_body_parts`: a `body_part` the item does not name is read from the claim's accepted
    body parts when they all agree ("Diclofenac 1% gel" on a claim for both knees is for a
    knee); parts that disagree leave it unknown.

    `negate` turns it around ("the request is not a purchase"). A missing field is unknown
    unless `unknown_when_missing` is false, when it counts as not having the property.
    `absent: unknown` makes a property the request does not state unknown rather than not met
    ("with fluoroscopy" may be the provider's practice without being written in the item).
    """
    value = request_value(context.request, field)
    if value is None and claim_body_parts and field == "body_part" and contains is None:
        claimed = _claim_body_parts(context)
        inside = {part in (one_of or []) for part in claimed.values()}
        if len(inside) == 1:  # every part one way: the item is for them
            named = ", ".join(claimed)
            if inside.pop() != negate:
                return Outcome.met(f"The claim's body parts ({named}) show that {description}.")
            return Outcome.not_met(f"The claim's body parts ({named}) do not show that "
                                   f"{description}.")
        # else the part the treating notes name beside the drug ("Voltaren gel qid both knees")
        noted = _noted_body_parts(context)
        inside = {part in (one_of or []) for part, _ in noted}
        if len(inside) == 1:
            named = ", ".join(dict.fromkeys(part.replace("_", " ") for part, _ in noted))
            facts = [fact for _, fact in noted]
            if inside.pop() != negate:
                return Outcome.met(f"The notes give the drug for the {named}, so {description}.",
                                   facts)
            return Outcome.not_met(f"The notes give the drug for the {named}, so it is not so "
                                   f"that {description}.", facts)
    if value is None and unknown_when_missing and contains is None:
        return Outcome.unknown(f"The request does not state whether {description}.",
                               f"whether {description}")
    if contains is not None:
        has = contains in (value or [])
    else:
        has = value in (one_of or [])
    shown = f"The request shows that {description}." if has else (
        f"The request does not show that {description}.")
    if has != negate:
        return Outcome.met(shown)
    if absent == "unknown" and not has:
        return Outcome.unknown(shown, description)
    return Outcome.not_met(shown)


def _noted_body_parts(context: Context) -> list[tuple[str, Fact]]:
    """The body part each treating mention of the requested drug names in its clause (the
    directions a note or its medication list gives: "Voltaren gel qid both knees")."""
    drug = context.request.drug
    if drug is None or not drug.generic:
        return []
    base = drug.generic.split()[0]
    # a topical's own mentions, not the same agent taken by mouth ("diclofenac 75 mg bid")
    form = re.compile(rf"\b(?:{re.escape(drug.form)}|topical)\b" if drug.form else r"",
                      re.IGNORECASE)
    found = []
    for fact in context.facts_of(FactKind.medication):
        clause = context.clause_of(fact)
        if str(fact.value.get("generic") or "").split(" ")[0] != base or not form.search(clause):
            continue
        part = body_part(clause.lower())
        if part is not None:
            found.append((part, fact))
    return found


def _claim_body_parts(context: Context) -> dict[str, str]:
    """The claim's accepted body parts as written -> the body part the item vocabulary names
    (parts it does not know are left out)."""
    found = {}
    for written in context.case.claim.body_parts or []:
        part = body_part(written.lower())
        if part is not None:
            found[written] = part
    return found


@predicate("topical_agents_recommended")
def topical_agents_recommended(context: Context, not_recommended: list[str],
                               lidocaine_patch_only: bool = True,
                               parameter: str | None = None,
                               reasons: dict[str, str] | None = None) -> Outcome:
    """Every active agent of a topical product is itself recommended (a compound with one agent
    that is not recommended is not recommended). `parameter` names the capsaicin strength
    ceiling, in percent. `reasons`: why the guideline does not recommend an agent, said with
    it (a bare "not recommended: flurbiprofen" tells the parties nothing)."""
    capsaicin_max_percent = float(context.param(parameter)) if parameter else None
    drug = context.request.drug
    if drug is None:
        return Outcome.unknown("The request does not name the topical product's agents.",
                               "the agents of the topical product")
    agents = drug.ingredients or ([drug.generic.removesuffix(" topical")] if drug.generic else [])
    if not agents:
        return Outcome.unknown(f"The agents of {drug.name} are not known.",
                               f"the agents of {drug.name}")
    failing = [a for a in agents if a in not_recommended]
    reasons = reasons or {}
    if lidocaine_patch_only and "lidocaine" in agents and (drug.compound or drug.form != "patch"):
        failing.append("lidocaine in a form other than the 5% patch")
    if capsaicin_max_percent is not None and "capsaicin" in agents:
        strength = drug.ingredient_strengths.get("capsaicin") or (
            drug.strength if not drug.compound else None)
        if strength:
            percent = float(strength.rstrip("%").split("/")[0])
            if percent > capsaicin_max_percent:
                failing.append(f"capsaicin {strength} (no evidence of benefit above "
                               f"{capsaicin_max_percent:g}%)")
    listed = join_words(agents, serial_comma=False)
    if failing:
        explained = [f"{agent[0].upper()}{agent[1:]} is not recommended: {reasons[agent]}."
                     for agent in failing if agent in reasons]
        bare = [agent for agent in failing if agent not in reasons]
        if bare:
            explained.append(f"The guideline does not recommend "
                             f"{join_words(bare, serial_comma=False).replace(' and ', ' or ')}.")
        # a compound named only by its agents ("flurbiprofen/baclofen/lidocaine") is "the
        # compound": its name would repeat the list that follows it
        name = "The compound" if drug.compound and "/" in drug.name else \
            f"{drug.name[0].upper()}{drug.name[1:]}"
        return Outcome.not_met(f"{name} contains {listed}. {' '.join(explained)} A product "
                               "with any agent that is not recommended is not recommended.")
    return Outcome.met(f"Each agent of {drug.name} ({listed}) is one the guideline allows.")


@predicate("request_mentions")
def request_mentions(context: Context, description: str, pattern: str | None = None,
                     sets: list[str] | None = None) -> Outcome:
    """The item's own words say it (a purpose the parser has no field for: "psychological
    evaluation for spinal cord stimulator candidacy"): `pattern`, or a shared list of
    `data/statements.yaml` named in `sets` (the words of imaging guidance)."""
    from openimr.guidelines.predicates.statements import statement_set

    patterns = [*([pattern] if pattern else []), *statement_set(sets)]
    if any(re.search(p, context.request.text or "", re.IGNORECASE) for p in patterns):
        return Outcome.met(f"The request shows that {description}.")
    return Outcome.not_met(f"The request does not show that {description}.")


#: Supplies that keep a stimulator unit running (electrodes, batteries, pads, lead wires).
_SUPPLIES = re.compile(r"suppl|electrode|batter|\bpads?\b|lead wires", re.IGNORECASE)
#: Words of acquiring the unit itself, whose supplies come with it ("30-day trial rental with
#: supplies", "purchase of an IF unit with electrodes").
_UNIT_ACQUIRED = re.compile(r"\btrial\b|\brent(?:al|ed)?\b|\bpurchas\w*|\bbuy\b",
                            re.IGNORECASE)
#: The unit itself ordered with its supplies: the unit, then a word joining the supplies to it
#: ("TENS unit with electrodes", "unit and supplies", "unit + pads"), not the unit as a
#: supplies' own word ("IF unit electrodes and batteries", "unit supplies and electrodes")
#: nor the object they are for ("electrodes for interferential unit and batteries"; review
#: 12, R9).
_UNIT_WITH_SUPPLIES = re.compile(
    r"(?<!\bfor\s)(?<!\bof\s)(?<!\bto\s)\b(?:unit|device|stimulator)\b\s*(?:,|with|and|plus|"
    r"including|includes|&|\+)\s*(?:(?:all|the|its|monthly|replacement)\s+)?"
    r"(?:suppl|electrode|batter|pads?\b|lead wires)", re.IGNORECASE)
#: The unit named as what the supplies are for ("for the IF unit", "for interferential unit").
_FOR_UNIT = re.compile(r"\b(?:for|of|to)\s+(?:(?:the|a|an|his|her|their)\s+)?(?:[\w-]+\s+){0,2}"
                       r"(?:unit|device|stimulator)\b", re.IGNORECASE)


def _unit_ordered(text: str) -> bool:
    """The item orders the unit itself (its trial, rental or purchase, or the unit with its
    supplies), so that the supplies are the unit's own order."""
    if _UNIT_ACQUIRED.search(text):
        return True
    return any(not _FOR_UNIT.search(text, max(0, m.start() - 40), m.end())
               for m in _UNIT_WITH_SUPPLIES.finditer(text))


@predicate("supplies_for_continued_use")
def supplies_for_continued_use(context: Context,
                               description: str = "supplies for the unit's continued use"
                               ) -> Outcome:
    """The item asks for a unit's supplies alone (electrodes, batteries for months): use beyond
    a trial, which stands on the trial's documented success as a purchase does (CPMTG pp.
    114-120, general guideline knowledge, verified: false). Supplies that come with the unit's
    trial, rental or purchase are the unit's own order."""
    text = context.request.text or ""
    if _SUPPLIES.search(text) and not _unit_ordered(text):
        return Outcome.met(f"The request is for {description}.")
    return Outcome.not_met(f"The request is not for {description}.")
