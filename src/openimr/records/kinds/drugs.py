"""Drug names for the extractor: the guideline package's drug table when present.

`openimr/guidelines/data/drugs.csv` (generic, brands, class) is read as data; if it is
missing, a small built-in lexicon keeps medication extraction working. `rules/
drugs_extra.yaml` adds common non-pain medications of medication lists.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from openimr.model.yamltext import load_yaml

_TABLE = Path(__file__).resolve().parents[2] / "guidelines" / "data" / "drugs.csv"
_FALLBACK = {
    "hydrocodone/acetaminophen": ("opioid", ["Norco", "Vicodin", "Hydrocodone/APAP"]),
    "oxycodone": ("opioid", ["Roxicodone"]), "tramadol": ("opioid", ["Ultram"]),
    "ibuprofen": ("nsaid", ["Motrin", "Advil"]), "naproxen": ("nsaid", ["Naprosyn", "Anaprox"]),
    "gabapentin": ("anticonvulsant", ["Neurontin"]), "pregabalin": ("anticonvulsant", ["Lyrica"]),
    "cyclobenzaprine": ("muscle_relaxant", ["Flexeril"]),
    "duloxetine": ("antidepressant", ["Cymbalta"]), "omeprazole": ("ppi", ["Prilosec"]),
}
# Names that are also ordinary words or other things in a note; never taken as a drug.
_AMBIGUOUS = {"ms", "tens", "ice", "heat", "today", "aspirin 81"}
_EXTRA = Path(__file__).resolve().parent.parent / "rules" / "drugs_extra.yaml"
# "oxycodone er", "buprenorphine transdermal": the table names formulations; a fact names
# the drug ("oxycodone"), the formulation stays in `drug` and `strength`.
_FORMULATION_RE = re.compile(r"\s+(?:er|ir|sr|cr|xr|la|dr|transdermal|buccal|sublingual|topical|"
                             r"patch|sodium|"
                             r"hcl|sulfate|bitartrate|extended release|immediate release)$")


@dataclass(frozen=True)
class DrugName:
    name: str
    generic: str
    drug_class: str


def base_generic(generic: str) -> str:
    previous = None
    while previous != generic:
        previous, generic = generic, _FORMULATION_RE.sub("", generic)
    return generic


#: How Spanish writes an international drug name ("naproxeno", "metformina", "duloxetina"),
#: for bilingual notes: a generic's ending and its Spanish form.
_SPANISH_ENDINGS = [("ine", "ina"), ("in", "ina"), ("en", "eno")]


def _spanish_names(generic: str) -> list[str]:
    if not re.fullmatch(r"[a-z]{6,}", generic):
        return []
    return [generic[:-len(english)] + spanish for english, spanish in _SPANISH_ENDINGS
            if generic.endswith(english)][:1]


@cache
def drug_names() -> tuple[DrugName, ...]:
    """Every brand and generic name, longest first (so "Norco 10/325" beats "Norco")."""
    rows: list[tuple[str, str, list[str]]] = []
    if _TABLE.is_file():
        lines = [line for line in _TABLE.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        for row in csv.DictReader(lines):
            brands = [b.strip() for b in (row.get("brands") or "").split("|") if b.strip()]
            rows.append((row["generic"].strip().lower(), row.get("class") or "", brands))
    else:
        rows = [(generic, cls, brands) for generic, (cls, brands) in _FALLBACK.items()]
    extra = load_yaml(_EXTRA.read_text(encoding="utf-8")) or {}
    rows += [(generic.lower(), "other", list(brands or [])) for generic, brands in extra.items()]
    names: dict[str, DrugName] = {}
    for generic, drug_class, brands in rows:
        for name in [generic, *brands, *_spanish_names(generic)]:
            key = name.lower()
            if len(key) < 4 or key in _AMBIGUOUS or key in names:
                continue
            names[key] = DrugName(name, base_generic(generic), drug_class)
    return tuple(sorted(names.values(), key=lambda d: -len(d.name)))


@cache
def by_name() -> dict[str, DrugName]:
    return {d.name.lower(): d for d in drug_names()}
