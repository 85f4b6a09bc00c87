"""Parse the text of a disputed item into a structured `TreatmentRequest`.

    >>> parse_item("Norco 10/325 mg #90").drug.count
    90

The vocabulary (categories, body parts, surgeries) is data in `data/item_vocabulary.yaml`; drugs
come from the bundled drug table (`openimr.guidelines.drugs`). The parser never guesses: what it
cannot read stays None, and an item it cannot place gets category None, which the engine reports
as unsupported.
"""

from __future__ import annotations

import datetime as dt
import re

from openimr.guidelines.itemparse.amounts import Amounts, parse_amounts, words_to_numbers
from openimr.guidelines.itemparse.anatomy import body_part, level_region, side, spinal_levels
from openimr.guidelines.itemparse.dates import extract_dates
from openimr.guidelines.itemparse.medication import (
    ParsedDrug,
    find_names,
    fuzzy_name,
    looks_like_drug,
    parse_drug,
)
from openimr.guidelines.itemparse.text import blank
from openimr.guidelines.itemparse.vocabulary import CategoryRule, vocabulary
from openimr.model import DrugRequest, TreatmentRequest

#: Category keys the parser may produce (the engine matches topics by them): the categories table.
CATEGORIES = vocabulary().names
_THERAPIES = ("physical_therapy", "occupational_therapy", "aquatic_therapy")
_DOSE = re.compile(r"\d+(?:\.\d+)?\s*(?:mg|mcg|ml|cc|%)(?![a-z])")
_PREFIX = re.compile(
    r"^\s*(?:(?:retrospective|retro|prospective|concurrent)\s+)?(?:(?:request|req\.?)\s+(?:for|of)\s+)?"
    r"(?:(?:1|one)\s+(?:prescription|rx|request)s?\s+(?:of|for)\s+|(?:prescription|rx)\s+(?:of|for)\s+)?",
    re.IGNORECASE)
_POSTOP = re.compile(
    r"post[- ]?op|postoperative|post[- ]?surg|\bs/p\b|status[- ]post|"
    r"\b(?:following|after)\b.*\b(?:surg|repair|arthroscop|fusion|release|replacement|"
    r"arthroplasty|ectomy|otomy|orif|reconstruction|decompression)")
_MODIFIERS = (
    ("with and without contrast", r"with\s*(?:and|&|/)\s*without contrast|w/\s*(?:and\s*)?w/o"),
    ("without contrast", r"without contrast|w/o contrast|non[- ]?contrast|no contrast"),
    ("with contrast", r"(?<!out )with contrast|w/ contrast|contrast[- ]enhanced|gadolinium"),
    ("with fluoroscopy", r"fluoro"),
    ("under ultrasound guidance", r"ultrasound[- ]guid|under ultrasound"),
    ("with sedation", r"sedation|\bmac\b|anesthesia"),
    # An ordinal numbers the request among its kind ("injection (4th)"): a repeat, unless it
    # names a finger, toe, rib or compartment ("3rd finger trigger point").
    ("repeat", r"\brepeat\b|\bsecond\b|\b2nd\b|\b(?:third|fourth|fifth|sixth|3rd|[4-9]th)\b"
               r"(?!\s*(?:finger|digit|toe|metacarpal|metatarsal|mcp|pip|dip|web|dorsal|compartment|"
               r"rib|ray|cmc|occipital|ventricle|intercostal|lumbrical|extensor|flexor))"),
    ("additional", r"\badditional\b|\bmore\b|\bfurther\b|\bcontinued?\b|\bextension\b"),
    ("trial", r"\btrial\b"),
    ("weaning", r"\bwean|\btaper"),
    ("refill", r"\brefills?\b"),
    ("initial", r"\binitial\b|\bfirst\b"),
    ("open mri", r"\bopen mri\b|\bstand(?:ing|-up) mri\b"),
    ("diagnostic", r"\bdiagnostic\b"),
    ("in office", r"\bin[- ]office\b"),
    ("maintenance", r"\bmaintenance\b"),
    ("flare-up", r"flare"),
)


def parse_item(text: str, *, as_of: dt.date | None = None) -> TreatmentRequest:
    """The structured request of a disputed item.

    `as_of` (the UR decision date) selects the MME conversion table in force (CDC 2016 or 2022).
    """
    cleaned = _PREFIX.sub("", text.strip()) or text.strip()
    lowered = words_to_numbers(cleaned.lower())
    start_date, end_date, undated = extract_dates(lowered)
    levels, level_spans = spinal_levels(undated)
    plain = blank(undated, level_spans)

    request = TreatmentRequest(text=text, start_date=start_date, end_date=end_date, levels=levels)
    rule, drug_hits = _classify(undated)
    if rule is None and drug_hits:
        hits = find_names(cleaned) or drug_hits  # positions in the text as written
        _apply_drug(request, parse_drug(cleaned, cleaned.lower(), hits, as_of=as_of))
    elif rule is not None:
        _apply_service(request, rule, undated, plain)
    elif topical := _TOPICAL_PRODUCT.search(cleaned):
        _apply_unnamed_topical(request, cleaned, topical.group(1).lower())
    request.body_part = (body_part(plain) or level_region(levels)
                         or _surgery_body_part(request))
    request.side = side(plain)
    request.modifiers += [name for name, pattern in _MODIFIERS if re.search(pattern, lowered)]
    return request


#: A parenthesis that says what an item is for ("Diazepam 5 mg #2 (pre-MRI)").
_PARENTHESIS = re.compile(r"\([^()]*\)")


#: A clause that names a procedure as the occasion of the request, not the request itself
#: ("... following the injection", "... after surgery", "... s/p repair"): it runs from the
#: context word (never the item's first word) to the next comma, semicolon or parenthesis.
_CONTEXT_CLAUSE = re.compile(
    r"(?<=\S)\s+(?:following|after|status[- ]post|s/p|post\b-?)\s*[^,;()]*")


def _classify(text: str) -> tuple[CategoryRule | None, list]:
    """The category rule for the text, unless a named drug outranks it. A service named only in
    a parenthesis says what a drug is for: "Diazepam 5 mg #2 (pre-MRI)" is a drug request.
    An item is placed by what it requests, not by a procedure it names as its occasion: "therapy
    visits after the shot" are therapy; the whole text decides only when the rest names nothing."""
    requested = _CONTEXT_CLAUSE.sub(" ", text)
    if requested != text:
        rule, hits = _classify_words(requested)
        if rule is not None or hits:
            return _classify_outside_parenthesis(requested, rule, hits)
    rule, hits = _classify_words(text)
    return _classify_outside_parenthesis(text, rule, hits)


def _classify_outside_parenthesis(text: str, rule: CategoryRule | None,
                                  hits: list) -> tuple[CategoryRule | None, list]:
    outside = _PARENTHESIS.sub(" ", text)
    if rule is not None and outside != text:
        without, drugs = _classify_words(outside)
        if without is None and drugs:
            return without, drugs
    return rule, hits


def _classify_words(text: str) -> tuple[CategoryRule | None, list]:
    """The category rule for the text, unless a named drug outranks it (weak rules only)."""
    weak: CategoryRule | None = None
    strong: CategoryRule | None = None
    for rule in vocabulary().categories:
        if rule.first_match(text) is None:
            continue
        if rule.weak or rule.surgery:
            weak = weak or rule
        else:
            strong = rule
            break
    if strong is not None and strong.category == "inpatient_stay":
        # A stay that accompanies a surgery named before it ("knee replacement with a two-night
        # admission") is part of the surgery's request; a stay named first is the stay's.
        surgery = next(r for r in vocabulary().categories if r.surgery)
        at = surgery.first_match(text)
        if at is not None and at < (strong.first_match(text) or 0):
            strong = None
            weak = surgery
    if strong is not None:
        return strong, []
    hits = find_names(text)
    if not hits and looks_like_drug(text):
        fuzzy = fuzzy_name(text)
        hits = [fuzzy] if fuzzy else []
    if hits:
        return None, hits
    return weak, []


#: A product the drug table does not name, in a topical form ("Ketoflex ointment 180gm"): in
#: workers' compensation such products are compounded topical analgesics whose agents the item
#: does not give; the topic then says the agents are not known rather than the item being unplaced.
_TOPICAL_PRODUCT = re.compile(
    r"^\s*[A-Za-z][\w()./-]*(?:\s+[\w()./-]+){0,3}?(?:\s+|(?<=[a-z]))(cream|gel|ointment|lotion|"
    r"liniment|roll-on|topical (?:solution|spray))\b", re.IGNORECASE)


def _apply_unnamed_topical(request: TreatmentRequest, text: str, form: str) -> None:
    name = re.split(r"\s+\d|\s+#", text.strip())[0]
    request.category, request.subcategory = "topical_analgesic", "compound"
    request.drug = DrugRequest(name=name, drug_class="topical", form=form, compound=True)


def _apply_drug(request: TreatmentRequest, parsed: ParsedDrug) -> None:
    request.category = parsed.category
    request.subcategory = parsed.subcategory
    request.drug = parsed.request
    request.quantity = parsed.quantity
    request.unit = parsed.unit
    duration = re.search(r"(?:x|for)\s*(\d+)\s*days?\b", request.text.lower())
    if duration:
        request.duration_weeks = round(int(duration.group(1)) / 7, 2)


def _apply_service(request: TreatmentRequest, rule: CategoryRule, text: str, plain: str) -> None:
    category = rule.category
    subcategory = rule.subcategory(text)
    surgery = vocabulary().surgery(text)
    if rule.surgery:
        subcategory = surgery.key if surgery else None
        request.procedure = _procedure(request.text)
    request.postoperative = bool(_POSTOP.search(text)) or (
        category in _THERAPIES and surgery is not None)
    if category in _THERAPIES and request.postoperative:
        if category != "physical_therapy":
            request.modifiers.append(category.replace("_", " "))
        category = "postsurgical_physical_therapy"
        subcategory = surgery.key if surgery else None
        if surgery:
            request.procedure = surgery.key.replace("_", " ")
    request.category, request.subcategory = category, subcategory
    # A dose in a service ("Kenalog 40 mg injection") is never a count of the service.
    _apply_amounts(request, parse_amounts(_DOSE.sub(" ", plain)))


def _apply_amounts(request: TreatmentRequest, amounts: Amounts) -> None:
    request.frequency_per_week = amounts.frequency_per_week
    request.duration_weeks = amounts.duration_weeks
    request.hours_per_week = amounts.hours_per_week
    request.purchase = amounts.purchase
    request.rental_days = amounts.rental_days
    equipment = request.category in ("durable_medical_equipment", "tens", "electrotherapy")
    if equipment and amounts.days and request.rental_days is None and not amounts.purchase:
        request.rental_days, request.purchase = amounts.days, False
    if equipment and request.rental_days is not None and amounts.unit == "days":
        return  # the days are the rental period, not a count of anything
    request.quantity = amounts.quantity
    if request.quantity is not None:
        request.unit = amounts.unit or vocabulary().default_unit(request.category) or "units"


def _surgery_body_part(request: TreatmentRequest) -> str | None:
    if request.category not in ("surgery", "postsurgical_physical_therapy"):
        return None
    key = vocabulary().surgery_key(request.subcategory)
    surgery = next((s for s in vocabulary().surgeries if s.key == key), None)
    return surgery.body_part if surgery else None


def _procedure(text: str) -> str:
    cleaned = _PREFIX.sub("", text.strip())
    return re.sub(r"\s+", " ", cleaned).strip(" .,;")

