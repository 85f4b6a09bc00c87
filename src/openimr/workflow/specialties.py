"""Which board specialties may review a case: "same or similar specialty" matching.

The kinds of disputed item and of condition, and the specialties accepted for each, are
data (`data/specialties.yaml`). Item kinds come from the guideline engine's item parser
when it knows the item, else from the keywords of the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from openimr.model import Case

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Kind:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    specialties: frozenset[str]


@dataclass(frozen=True)
class Table:
    aliases: dict[str, str]
    categories: dict[str, Kind]
    conditions: dict[str, Kind]
    engine_categories: dict[str, str]


def _kinds(raw: dict) -> dict[str, Kind]:
    return {name: Kind(name, tuple(re.compile(p) for p in entry["keywords"]),
                       frozenset(entry["specialties"]))
            for name, entry in raw.items()}


@cache
def table() -> Table:
    raw = yaml.safe_load((DATA / "specialties.yaml").read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for canonical, others in raw["aliases"].items():
        for name in [canonical, *others]:
            aliases[_key(name)] = canonical
    return Table(aliases, _kinds(raw["categories"]), _kinds(raw["conditions"]),
                 dict(raw.get("engine_categories") or {}))


def _key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9&]+", name.lower().replace(" and ", " & ")))


def canonical_specialty(name: str) -> str:
    """'Orthopaedic Surgery' -> 'Orthopedic Surgery'; unknown names are kept as given."""
    return table().aliases.get(_key(name), name.strip())


def item_category(description: str) -> str | None:
    from openimr.guidelines.items import parse_item

    parsed = parse_item(description)
    kinds = table()
    for name in (parsed.subcategory, parsed.category):
        if name in kinds.categories:
            return name
        if name in kinds.engine_categories:
            return kinds.engine_categories[name]
    lowered = description.lower()
    for kind in kinds.categories.values():
        if any(p.search(lowered) for p in kind.patterns):
            return kind.name
    return parsed.category


def case_conditions(case: Case) -> list[str]:
    """Kinds of condition named by the claim's body parts and the diagnoses."""
    words = " ".join([*case.claim.body_parts, *(d.label for d in case.diagnoses)]).lower()
    return [kind.name for kind in table().conditions.values()
            if any(p.search(words) for p in kind.patterns)]


def accepted_for_item(category: str | None) -> frozenset[str] | None:
    """Specialties accepted for an item kind; None when any specialty will do (unknown kind)."""
    kind = table().categories.get(category or "")
    return kind.specialties if kind else None


def accepted_for_conditions(conditions: list[str]) -> frozenset[str]:
    kinds = table().conditions
    return frozenset().union(*(kinds[c].specialties for c in conditions)) if conditions \
        else frozenset()
