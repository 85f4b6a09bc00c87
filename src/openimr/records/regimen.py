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

from openimr.model import Fact
from openimr.records.kinds.drugs import base_generic

_DRUGS = Path(__file__).resolve().parents[1] / "guidelines" / "data" / "drugs.csv"
_WORD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "an": 1,
         "once": 1, "twice": 2, "half": 0.5, "1/2": 0.5}
#: Directions and their doses a day ("q6h prn" allows at most 4).
_PER_DAY: list[tuple[re.Pattern[str], float]] = [
    (re.compile(pattern, re.IGNORECASE), per_day) for pattern, per_day in [
        (r"\b(?:qid|q\.i\.d\.?|four\s+times\s+(?:a\s+|per\s+)?da(?:y|ily))", 4),
        (r"\b(?:tid|t\.i\.d\.?|three\s+times\s+(?:a\s+|per\s+)?da(?:y|ily))", 3),
        (r"\b(?:bid|b\.i\.d\.?|twice\s+(?:a\s+|per\s+)?da(?:y|ily)|two\s+times\s+(?:a\s+|per\s+)?"
         r"day|q\s?12\s?h)", 2),
        (r"\b(?:qd|q\.d\.|daily|once\s+(?:a\s+)?day|one\s+time\s+(?:a\s+)?day|qhs|hs|"
         r"at\s+bedtime|nightly|qam|qpm|every\s+(?:morning|night|evening)|q\s?24\s?h|"
         r"in\s+the\s+morning)\b", 1),
    ]
]
_EVERY_HOURS_RE = re.compile(r"\b(?:q\s?|every\s+)(\d{1,2})(?:\s*(?:-|to)\s*(\d{1,2}))?\s*"
                             r"(?:h\b|hrs?\b|hours?\b)", re.IGNORECASE)
#: "three times a day", and a count a day ("4/day", "1-2/day", "2x/d": the most it allows)
_TIMES_RE = re.compile(r"\b(\d|one|two|three|four|five|six)\s+times\s+(?:a|per)\s+day|"
                       r"(?<![\d/.])\d(?:\s*-\s*(\d))?\s*x?\s*/\s*d(?:ay)?\b",
                       re.IGNORECASE)
_UNITS_RE = re.compile(r"\b(\d(?:\.\d)?|one|two|three|half|1/2)\s*(?:-\s*\d\s*)?"
                       r"(?:tabs?|tablets?|caps?|capsules?|pills?|po\b|by\s+mouth|patch)",
                       re.IGNORECASE)
_STRENGTH_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:/\s*\d+(?:\.\d+)?\s*)?(mcg|mg)", re.IGNORECASE)


def doses_per_day(directions: str | None) -> float | None:
    """The most doses a day the directions allow, or None if they give no schedule."""
    if not directions:
        return None
    every = _EVERY_HOURS_RE.search(directions)
    if every:
        hours = int(every.group(1))  # "q4-6h": the shorter interval, the most doses
        return round(24 / hours, 2) if hours else None
    times = _TIMES_RE.search(directions)
    if times:
        word = (times.group(2) or times.group(1) or times.group(0)[0]).lower()
        return float(_WORD.get(word) or int(word))
    for pattern, per_day in _PER_DAY:
        if pattern.search(directions):
            return per_day
    return None


def units_per_dose(directions: str | None) -> float:
    match = _UNITS_RE.search(directions or "")
    if not match:
        return 1.0
    word = match.group(1).lower()
    return float(_WORD[word]) if word in _WORD else float(word)


@cache
def _mme_factors() -> dict[str, tuple[str, str]]:
    """generic -> (CDC 2016 factor, unit) from the guideline drug table, when present."""
    if not _DRUGS.is_file():
        return {}
    lines = [line for line in _DRUGS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return {base_generic(row["generic"].strip().lower()): (row.get("mme_factor") or "",
                                                           row.get("mme_unit") or "")
            for row in csv.DictReader(lines) if row.get("mme_factor")}


def _methadone_factor(mg_per_day: float) -> float:
    # CDC 2016 tiers, by total daily dose
    return 4 if mg_per_day <= 20 else 8 if mg_per_day <= 40 else 10 if mg_per_day <= 60 else 12


def computed_values(value: dict[str, Any]) -> dict[str, float]:
    """The numbers a medication value's strength, directions and count give."""
    out: dict[str, float] = {}
    strength = _STRENGTH_RE.search(value.get("strength") or "")
    if strength:
        out["strength_mg"] = float(strength.group(1))
    per_day = doses_per_day(value.get("frequency"))
    if per_day is None:
        return out
    units = units_per_dose(value.get("frequency"))
    out["units_per_dose"], out["doses_per_day"] = units, per_day
    quantity = value.get("quantity")
    if quantity:
        out["days_supply"] = round(quantity / (units * per_day), 1)
    generic = base_generic(str(value.get("generic") or ""))
    factor = _mme_factors().get(generic)
    if factor and "strength_mg" in out:
        raw, unit = factor
        amount = out["strength_mg"] * units * per_day
        if unit.startswith("mcg/h"):
            amount = out["strength_mg"]  # a patch's rate is its daily exposure
        try:
            multiplier = _methadone_factor(amount) if raw == "dose-dependent" else float(raw)
        except ValueError:
            return out
        out["daily_mme"] = round(amount * multiplier, 1)
    return out


def with_computed(value: dict[str, Any]) -> dict[str, Any]:
    return {**value, **computed_values(value)}


_TAKEN = {"current", "start", "refill", "taper"}
#: A gel or cream: a strength in percent ("1%"), or directions to apply it ("apply TID").
_TOPICAL_RE = re.compile(r"%|\bappl(?:y|ied|ication)\b|\btopical", re.IGNORECASE)


def drug_regimens(facts: Iterable[Fact]) -> list[dict[str, Any]]:
    """Per drug the worker still takes at the latest mention, what its latest stated
    strength, directions and count compute to; drugs with no directions anywhere are left
    out. First-hand statements are preferred to second-hand ones."""
    mentions: dict[str, list[Fact]] = {}
    for fact in facts:
        # a copied-forward line says nothing new ("Ibuprofen 600 mg TID" carried into the
        # note that says she stopped it)
        if fact.kind.value == "medication" and fact.asserted and fact.value.get("generic") \
                and fact.copy_of is None:
            mentions.setdefault(str(fact.value["generic"]), []).append(fact)
    out = []
    for generic, found in mentions.items():
        first_hand = [f for f in found if not f.second_hand] or found
        if first_hand[-1].value.get("action") not in _TAKEN or any(
                _TOPICAL_RE.search(f"{f.value.get('strength') or ''} "
                                   f"{f.value.get('frequency') or ''}") for f in first_hand):
            continue  # stopped, or a gel or cream ("1%": no doses a pharmacist counts)
        merged: dict[str, Any] = {"generic": generic}
        for key in ("strength", "frequency", "quantity"):
            # a count belongs to a prescription line ("#60"), not to "took 10 tablets"
            stated = [f.value[key] for f in first_hand if f.value.get(key) and (
                key != "quantity" or f.value.get("strength") or f.value.get("frequency"))]
            if key == "frequency":
                stated = [s for s in stated if doses_per_day(s) is not None]
            if stated:
                merged[key] = stated[-1]
        numbers = computed_values(merged)
        if "doses_per_day" in numbers:
            out.append({"drug": generic, **numbers,
                        **({"quantity": merged["quantity"]} if "quantity" in merged else {})})
    return out
