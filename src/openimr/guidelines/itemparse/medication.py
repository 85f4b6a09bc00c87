"""Drug requests: name, strength, form, count, directions, compound ingredients, daily MME."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from openimr.guidelines.drugs import CompoundProduct, DrugInfo, DrugTable, drug_table
from openimr.guidelines.itemparse.text import blank
from openimr.guidelines.itemparse.vocabulary import vocabulary
from openimr.model import DrugRequest

#: Routes whose sprays and patches act systemically: never a topical analgesic or a compound.
SYSTEMIC_ROUTES = frozenset({"transdermal", "nasal"})
TOPICAL_FORMS = frozenset({"cream", "gel", "ointment", "lotion", "spray", "foam", "roll-on",
                           "liniment", "topical solution", "patch"})

_FORMS = (
    ("topical solution", r"topical solution"), ("tablet", r"tabs?\b|tablets?|\btab\b|\bodt\b"),
    ("capsule", r"caps?\b|capsules?"), ("patch", r"patch(?:es)?\b|transdermal"),
    ("cream", r"\bcreams?\b"), ("gel", r"\bgels?\b"), ("ointment", r"\bointments?\b"),
    ("lotion", r"\blotions?\b"), ("spray", r"\bspray\b"), ("foam", r"\bfoam\b"),
    ("roll-on", r"roll[- ]on"), ("liniment", r"liniment"), ("injection", r"\binj(?:ection)?\b|\bim\b"),
    ("solution", r"\bsolution\b|\bliquid\b|\bsuspension\b|\belixir\b"),
    ("film", r"\bfilm\b"), ("lozenge", r"lozenge"),
)
_STRENGTH = re.compile(
    r"(\d+(?:\.\d+)?\s*(?:mg|mcg|%)?(?:\s*/\s*\d+(?:\.\d+)?\s*(?:mg|mcg|%)?)*)\s*"
    r"(mcg\s*/\s*h(?:r|our)?|mg|mcg|%)(?![a-z])")
_BARE_COMBO = re.compile(r"(?<![\d#/.])(\d+(?:\.\d+)?/\d+(?:\.\d+)?)(?![\d/%])")
_COUNT = (
    re.compile(r"#\s*(\d+)"),
    re.compile(r"\b(?:qty|quantity|disp(?:ense)?|count|no\.)\s*[:#.]?\s*(\d+)"),
    re.compile(r"\b(\d+)\s*(?:tablets?|tabs|capsules?|caps|pills|patch(?:es)?)\b"
               r"(?!\s*(?:po|p\.o|by mouth|q\d|daily|bid|tid|qid|every|at bedtime|qhs|prn|a day|per day))"),
    re.compile(r"\bx\s*(\d{2,3})\b(?!\s*(?:days?|weeks?|months?))"),
)
_PACKAGE = re.compile(r"(\d+(?:\.\d+)?)\s*(gm|grams?|g|ml|oz|ounces?)\b")
_DIRECTIONS_START = re.compile(
    r"\b(sig:?|take|apply|use|place|inject)\b|"
    r"\b(?:\d+(?:\.\d+)?(?:\s*-\s*\d+)?|1/2|one|two|half)\s*(?:tabs?|tablets?|caps?|capsules?|"
    r"patch(?:es)?|pills?|po\b|p\.o\.|by mouth|puffs?)|"
    r"\b(po|bid|tid|qid|qhs|qd|qam|qpm|daily|nightly|q\s?\d+(?:\s*-\s*\d+)?\s*h(?:rs?|ours?)?|"
    r"every \d+|at bedtime|prn|as needed|twice|three times|four times|once)\b")
_PER_DAY = (
    (re.compile(r"\bq\s?(\d+)(?:\s*-\s*(\d+))?\s*h(?:rs?|ours?)?\b|every (\d+)(?:\s*-\s*(\d+))?\s*hours?"),
     None),
    (re.compile(r"\bqid\b|(?:four|4) ?(?:times|x) ?(?:a |per )?(?:day|daily)"), 4.0),
    (re.compile(r"\btid\b|(?:three|3) ?(?:times|x) ?(?:a |per )?(?:day|daily)"), 3.0),
    (re.compile(r"\bbid\b|(?:twice|two times|2 ?x|2 times) ?(?:a |per )?(?:day|daily)|q12"), 2.0),
    (re.compile(r"every (\d+) days|q(\d+) ?days?|q72"), None),
    (re.compile(r"\b(qd|qam|qpm|qhs|daily|nightly|at bedtime|once (?:a|per) day|once daily|"
                r"1x (?:a |per )?day|hs)\b"), 1.0),
)
_DOSE = re.compile(r"\b(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?\s*(?:tabs?|tablets?|caps?|capsules?|"
                   r"patch(?:es)?|pills?|po\b|p\.o\.|by mouth)|\b(one|two|half|1/2)\b")
#: Brands that imply a strength ("Tylenol #3" is 300/30 mg acetaminophen/codeine).
_IMPLIED_STRENGTH = (
    (re.compile(r"^tylenol.*(#|no\. ?| )3$"), "300/30 mg"),
    (re.compile(r"^tylenol.*(#|no\. ?| )4$"), "300/60 mg"),
    (re.compile(r"^lidoderm$"), "5%"),
)


def _implied_strength(name: str) -> str | None:
    return next((s for pattern, s in _IMPLIED_STRENGTH if pattern.match(name.lower())), None)


@dataclass(frozen=True)
class NameHit:
    start: int
    end: int
    written: str
    drug: DrugInfo | None
    compound: CompoundProduct | None
    fuzzy: bool = False


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern[str]:
    def flexible(name: str) -> str:
        escaped = re.escape(name)
        escaped = escaped.replace(r"\ ", r"\s+").replace("/", r"\s*[/-]\s*")
        return escaped
    names = [flexible(n) for n in drug_table().names()]
    return re.compile(r"(?<![\w])(" + "|".join(names) + r")(?![\w])", re.IGNORECASE)


def find_names(text: str, table: DrugTable | None = None) -> list[NameHit]:
    """Every drug or compound name in the text, longest match first at each position."""
    table = table or drug_table()
    hits = []
    for match in _name_pattern().finditer(text):
        written = match.group(1)  # lookups normalise case and "/" or "-" separators
        compound = table.compound(written)
        drug = None if compound else table.lookup(written)
        if drug or compound:
            hits.append(NameHit(match.start(), match.end(), written, drug, compound))
    return hits


def fuzzy_name(text: str, table: DrugTable | None = None) -> NameHit | None:
    """A misspelt drug name ("hydrocodon", "cyclobenzaprin"), for text that reads like a drug."""
    table = table or drug_table()
    for match in re.finditer(r"[a-z][a-z-]{4,}", text):
        drug = table.find(match.group())
        if drug is not None:
            return NameHit(match.start(), match.end(), match.group(), drug, None, fuzzy=True)
    return None


def looks_like_drug(text: str) -> bool:
    return bool(_STRENGTH.search(text) or re.search(r"#\s*\d+", text)
                or re.search(r"\b(tabs?|tablets?|capsules?|po|bid|tid|qhs|prn|refills?)\b", text))


def form_of(text: str) -> str | None:
    for form, pattern in _FORMS:
        if re.search(pattern, text):
            return form
    return None



def _percent_after(text: str, end: int) -> str | None:
    match = re.match(r"\s*[,(]?\s*(\d+(?:\.\d+)?\s*%)", text[end:])
    return match.group(1).replace(" ", "") if match else None


def units_per_day(directions: str | None) -> float | None:
    """The most units a day the directions allow ("1-2 po q4-6h prn" -> 12)."""
    if not directions:
        return None
    directions = directions.lower()
    per_day = None
    for pattern, fixed in _PER_DAY:
        match = pattern.search(directions)
        if not match:
            continue
        if fixed is not None:
            per_day = fixed
        else:
            numbers = [float(g) for g in match.groups() if g]
            if numbers and min(numbers) == 0:
                return None  # "q0h" is a typo, not a dose schedule
            if "day" in match.group() or match.group() == "q72":
                days = numbers[0] if numbers else 3.0
                per_day = 1 / days
            else:
                per_day = 24 / min(numbers)
        break
    if per_day is None:
        return None
    dose = _DOSE.search(directions)
    amount = 1.0
    if dose:
        if dose.group(3):
            amount = {"one": 1.0, "two": 2.0, "half": 0.5, "1/2": 0.5}[dose.group(3)]
        else:
            amount = max(float(dose.group(1)), float(dose.group(2) or 0))
    return round(per_day * amount, 3)


def opioid_mg(strength: str | None, drug: DrugInfo) -> float | None:
    """The opioid part of a strength: combinations list it with the smaller number (10/325)."""
    if not strength:
        return None
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", strength)]
    if not numbers:
        return None
    return min(numbers) if "/" in drug.generic and len(numbers) > 1 else numbers[0]


def daily_mme(drug: DrugInfo, strength: str | None, per_day: float | None,
              as_of: dt.date | None = None) -> float | None:
    """Morphine milligram equivalents per day for an opioid request, when computable."""
    if not drug.is_opioid:
        return None
    amount = opioid_mg(strength, drug)
    if amount is None:
        return None
    if drug.mme_unit == "mcg/h":
        factor = drug.mme_per_unit(as_of)
        return None if factor is None else round(amount * factor, 1)
    if per_day is None:
        return None
    factor = drug.mme_per_unit(as_of, daily_dose=amount * per_day)
    return None if factor is None else round(amount * per_day * factor, 1)


@dataclass
class ParsedDrug:
    request: DrugRequest
    category: str
    subcategory: str | None
    quantity: int | None
    unit: str | None


def parse_drug(text: str, lowered: str, hits: list[NameHit], *,
               as_of: dt.date | None = None) -> ParsedDrug:
    """The drug request of an item whose text names at least one drug (`hits`)."""
    table = drug_table()
    first = hits[0]
    compound_product = next((h.compound for h in hits if h.compound), None)
    named = [h for h in hits if h.drug is not None]
    # (a product named twice, by its generic and its brand, "Diclofenac sodium 1% gel
    # (Voltaren gel)", is one ingredient: the oral and the topical row of a drug are one drug)
    distinct = list(dict.fromkeys(h.drug.generic.removesuffix(" topical") for h in named
                                  if h.drug))
    form = form_of(lowered)
    if form == "patch" and first.drug is not None and first.drug.route != "transdermal":
        # "Buprenorphine patch" is Butrans, "fentanyl patch" Duragesic: the transdermal product.
        transdermal = table.lookup(f"{first.drug.generic} transdermal")
        if transdermal is not None:
            first = NameHit(first.start, first.end, first.written, transdermal, None, first.fuzzy)
    if form is None and first.drug is not None and first.drug.route == "transdermal":
        form = "patch"
    if form is None and compound_product is not None:
        form = compound_product.form
    if form is None and re.search(r"lidoderm|flector|ztlido|patch", first.written.lower()):
        form = "patch"
    single_compounded = (first.drug is not None and first.drug.drug_class != "topical"
                         and first.drug.route not in SYSTEMIC_ROUTES and form in TOPICAL_FORMS
                         and table.lookup(f"{first.drug.generic} topical") is None)
    is_compound = bool(compound_product) or single_compounded or (
        len(distinct) > 1 and (form in TOPICAL_FORMS or "%" in lowered)) or bool(
        re.search(r"\bcompound(ed)?\b", lowered))

    spans = [(h.start, h.end) for h in hits]
    rest = blank(lowered, spans)
    ingredients: list[str] = []
    strengths: dict[str, str] = {}
    if compound_product is not None:
        for ingredient in compound_product.ingredients:
            ingredients.append(ingredient.generic)
            if ingredient.strength:
                strengths[ingredient.generic] = ingredient.strength
    elif is_compound:
        for hit in named or [first]:
            assert hit.drug is not None
            generic = hit.drug.generic.removesuffix(" topical")
            if generic not in ingredients:
                ingredients.append(generic)
            percent = _percent_after(lowered, hit.end)
            if percent:
                strengths[generic] = percent

    if is_compound and not strengths and len(ingredients) > 1:
        # "Flurbiprofen/Cyclobenzaprine/Menthol cream 20%/10%/4%": percents listed in order.
        listed = re.search(r"(\d+(?:\.\d+)?%(?:\s*/\s*\d+(?:\.\d+)?%)+)", lowered)
        percents = re.findall(r"\d+(?:\.\d+)?%", listed.group(1)) if listed else []
        if len(percents) == len(ingredients):
            strengths = dict(zip(ingredients, percents, strict=True))
    strength = _implied_strength(first.written)
    if strength is None and is_compound and strengths and compound_product is None:
        strength = "/".join(strengths[g] for g in ingredients if g in strengths)
    if strength is None:
        match = _STRENGTH.search(rest) or _BARE_COMBO.search(rest)
        if match:
            strength = re.sub(r"\s+", " ", match.group().strip())
            strength = re.sub(r"\s*/\s*", "/", strength)
            strength = re.sub(r"(\d)(mg|mcg|%)", r"\1 \2", strength).replace(" %", "%")
            strength = re.sub(r"mcg ?/ ?h(our|r)?", "mcg/h", strength)
            spans.append(match.span())
            rest = blank(rest, [match.span()])

    count = None
    for pattern in _COUNT:
        match = pattern.search(rest)
        if match:
            count = int(match.group(1))
            spans.append(match.span())
            rest = blank(rest, [match.span()])
            break
    package = _PACKAGE.search(rest)

    directions = None
    start = _DIRECTIONS_START.search(rest)
    if start:
        original = blank(text, [s for s in spans if s[0] >= start.start()])
        directions = re.sub(r"\s+", " ", original[start.start():]).strip(" ,;.-()")
        directions = re.sub(r"\s*\b(qty|quantity|refills?)\b.*$", "", directions, flags=re.I) or None

    drug = first.drug
    if drug is not None and "/" not in drug.generic and strength and re.search(r"/\s*(300|325|500|650|750)\b", strength):
        # "Oxycodone 10/325" is the acetaminophen combination whatever name is written.
        drug = table.lookup(f"{drug.generic.removesuffix(' er')}/acetaminophen") or drug
    # A nasal spray (naloxone) or a patch meant to act systemically is not a topical analgesic.
    applied_to_skin = (form in TOPICAL_FORMS and drug is not None
                       and drug.route not in SYSTEMIC_ROUTES)
    if drug is not None and applied_to_skin:
        drug = table.lookup(f"{drug.generic} topical") or drug
    if is_compound or drug is None:
        category = "topical_analgesic"
    elif drug.drug_class == "topical" or applied_to_skin:
        category = "topical_analgesic"
    else:
        category = vocabulary().class_category(drug.drug_class)

    if compound_product is not None:
        name, generic, drug_class = compound_product.name, "/".join(ingredients), "topical"
    elif is_compound and len(ingredients) > 1:
        name = "/".join(h.written for h in named)
        generic, drug_class = "/".join(ingredients), "topical"
    else:
        assert drug is not None
        name, generic, drug_class = first.written, drug.generic, drug.drug_class

    per_day = units_per_day(directions)
    mme = daily_mme(drug, strength, per_day, as_of) if drug is not None and not is_compound else None
    request = DrugRequest(
        name=name, generic=generic, drug_class=drug_class, strength=strength, form=form,
        count=count, directions=directions, ingredients=ingredients if is_compound else [],
        compound=is_compound, ingredient_strengths=strengths if is_compound else {},
        units_per_day=per_day, daily_mme=mme,
        formulary="not_listed" if is_compound else (drug.formulary if drug else None),
        fuzzy_match=first.fuzzy,
    )
    if form is None and drug is not None and drug.route == "oral" and count is not None:
        unit_form: str | None = "tablet"
    else:
        unit_form = form
    quantity, unit = count, (_plural(unit_form) if count is not None else None)
    if quantity is None and package:
        quantity = int(float(package.group(1)))
        unit = {"gm": "g", "gram": "g", "grams": "g", "ounce": "oz", "ounces": "oz"}.get(
            package.group(2), package.group(2))
    subcategory = None if is_compound or drug is None else drug.subclass
    if category == "topical_analgesic" and drug is not None and drug.drug_class != "topical":
        subcategory = f"topical_{drug.drug_class}"
    if category == "topical_analgesic" and is_compound:
        subcategory = "compound"
    return ParsedDrug(request, category, subcategory, quantity, unit)


def _plural(form: str | None) -> str:
    return {"tablet": "tablets", "capsule": "capsules", "patch": "patches", "film": "films",
            "lozenge": "lozenges"}.get(form or "", "units")
