"""The bundled drug table: any name (brand or generic, misspelt or not) -> class, formulary, MME.

The data lives in `data/drugs.csv` and `data/compounds.csv`, curated by hand with their sources in
the header comments and in docs/knowledge-base.md. Lookups are case-insensitive; `find` falls back
to a fuzzy match (rapidfuzz) for misspellings such as "Hydrocodone/APAP" written "Hydrocodon".
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

#: The 2022 CDC clinical practice guideline (published 11/4/2022) changed some MME factors.
CDC_2022_PUBLISHED = dt.date(2022, 11, 4)

#: CDC 2016 methadone factors by total daily dose (mg/day upper bound -> factor).
_METHADONE_2016 = ((20.0, 4.0), (40.0, 8.0), (60.0, 10.0), (float("inf"), 12.0))

#: Words that never name a drug on their own, however close a fuzzy match comes.
_NOT_DRUG_WORDS = frozenset(
    "cream gel patch patches tablet tablets capsule capsules ointment lotion solution spray "
    "refill refills daily night bedtime pain compound topical oral extended release with "
    "and for the each tabs caps left right lumbar cervical knee shoulder therapy".split()
)


def _norm(name: str) -> str:
    """Key for lookups: lower case, spaces collapsed, separators unified."""
    key = name.lower().strip()
    key = re.sub(r"\s*([/-])\s*", r"\1", key)
    key = key.replace("-", "/") if re.search(r"[a-z]-[a-z]", key) and "/" not in key else key
    return re.sub(r"\s+", " ", key)


@dataclass(frozen=True)
class DrugInfo:
    """One row of the drug table."""

    generic: str
    brands: tuple[str, ...]
    drug_class: str
    subclass: str | None
    release: str | None
    route: str
    formulary: str
    verified: bool
    mme_factor: float | None
    mme_factor_2022: float | None
    mme_unit: str | None
    methadone_tiers: bool = False
    notes: str = ""
    #: The labelled maximum daily dose in mg of `max_daily_of` (None = the drug itself).
    max_daily_mg: float | None = None
    max_daily_of: str | None = None
    max_daily_source: str | None = None

    def max_units_per_day(self, strength: str | None) -> float | None:
        """The most units (tablets, capsules) a day the label allows at this strength."""
        if self.max_daily_mg is None or not strength:
            return None
        numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", strength)]
        parts = self.generic.split("/")
        index = parts.index(self.max_daily_of) if self.max_daily_of in parts else 0
        if len(numbers) != (len(parts) if len(numbers) > 1 else 1) or index >= len(numbers):
            return None
        per_unit = numbers[index]
        if per_unit <= 0:
            return None
        # Whole units: 4,000 mg of acetaminophen a day is 12 tablets of 325 mg, not 12.3.
        units = self.max_daily_mg / per_unit
        return float(int(units)) if units >= 1 else units

    @property
    def is_opioid(self) -> bool:
        return self.drug_class == "opioid"

    def mme_per_unit(self, as_of: dt.date | None = None, daily_dose: float | None = None) -> float | None:
        """The conversion factor in force on `as_of` (CDC 2016 before the 2022 update).

        Methadone's 2016 factor depends on the total daily dose in mg; without it, None.
        """
        if as_of is not None and as_of >= CDC_2022_PUBLISHED and self.mme_factor_2022 is not None:
            return self.mme_factor_2022
        if self.methadone_tiers:
            if daily_dose is None:
                return None
            return next(factor for ceiling, factor in _METHADONE_2016 if daily_dose <= ceiling)
        return self.mme_factor


@dataclass(frozen=True)
class Ingredient:
    generic: str
    strength: str | None = None


@dataclass(frozen=True)
class CompoundProduct:
    """A branded topical mixture: each ingredient is judged on its own."""

    name: str
    aliases: tuple[str, ...]
    form: str | None
    ingredients: tuple[Ingredient, ...]
    verified: bool
    notes: str = ""


@dataclass
class DrugTable:
    drugs: list[DrugInfo]
    compounds: list[CompoundProduct]
    _by_name: dict[str, DrugInfo] = field(default_factory=dict, repr=False)
    _compound_by_name: dict[str, CompoundProduct] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for drug in self.drugs:
            for name in (drug.generic, *drug.brands):
                self._by_name.setdefault(_norm(name), drug)
        for product in self.compounds:
            for name in (product.name, *product.aliases):
                self._compound_by_name.setdefault(_norm(name), product)

    def lookup(self, name: str) -> DrugInfo | None:
        """Exact, case-insensitive lookup by brand or generic name."""
        return self._by_name.get(_norm(name))

    def compound(self, name: str) -> CompoundProduct | None:
        return self._compound_by_name.get(_norm(name))

    def find(self, name: str, *, cutoff: float = 86.0) -> DrugInfo | None:
        """Lookup that forgives misspellings: exact first, then the closest name above `cutoff`."""
        exact = self.lookup(name)
        if exact is not None:
            return exact
        key = _norm(name)
        if len(key) < 5 or key in _NOT_DRUG_WORDS:
            return None
        from rapidfuzz import fuzz, process  # only for a name the table does not hold (~0.03 s)

        match = process.extractOne(key, self._by_name.keys(), scorer=fuzz.ratio, score_cutoff=cutoff)
        return self._by_name[match[0]] if match else None

    def names(self) -> Iterator[str]:
        """Every known name key (drugs and compounds), longest first, for scanning free text."""
        return iter(sorted({*self._by_name, *self._compound_by_name}, key=len, reverse=True))


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("openimr.guidelines").joinpath("data", filename).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def _drug(row: dict[str, str]) -> DrugInfo:
    methadone = row["mme_factor"].strip() == "dose-dependent"
    return DrugInfo(
        generic=row["generic"].strip().lower(),
        brands=tuple(b.strip() for b in row["brands"].split("|") if b.strip()),
        drug_class=row["class"].strip(),
        subclass=row["subclass"].strip() or None,
        release=None if row["release"].strip() in ("", "-") else row["release"].strip(),
        route=row["route"].strip(),
        formulary=row["formulary"].strip(),
        verified=row["verified"].strip().lower() == "true",
        mme_factor=None if methadone else _float(row["mme_factor"]),
        mme_factor_2022=_float(row["mme_factor_2022"]),
        mme_unit=row["mme_unit"].strip() or None,
        methadone_tiers=methadone,
        notes=row["notes"].strip(),
        max_daily_mg=_float(row.get("max_daily_mg", "")),
        max_daily_of=row.get("max_daily_of", "").strip() or None,
        max_daily_source=row.get("max_daily_source", "").strip() or None,
    )


def _compound(row: dict[str, str]) -> CompoundProduct:
    ingredients = []
    for part in row["ingredients"].split(";"):
        match = re.match(r"^\s*(.+?)\s*([\d.]+\s*%)?\s*$", part)
        if match and match.group(1):
            ingredients.append(Ingredient(match.group(1).lower(), match.group(2)))
    return CompoundProduct(
        name=row["name"].strip(),
        aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
        form=row["form"].strip() or None,
        ingredients=tuple(ingredients),
        verified=row["verified"].strip().lower() == "true",
        notes=row["notes"].strip(),
    )


@lru_cache(maxsize=1)
def drug_table() -> DrugTable:
    """The bundled table, loaded once per process."""
    return DrugTable(
        drugs=[_drug(row) for row in _rows("drugs.csv")],
        compounds=[_compound(row) for row in _rows("compounds.csv")],
    )


def lookup_drug(name: str) -> DrugInfo | None:
    """Any name, brand or generic, forgiving misspellings."""
    return drug_table().find(name)
