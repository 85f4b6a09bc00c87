"""Which board specialties may review a case: "same or similar specialty" matching.

The specialties accepted for each reviewer group and each kind of condition are data
(`data/specialties.yaml`). Which group a disputed item belongs to is a column of the one
categories table (`openimr/guidelines/data/item_vocabulary.yaml`), read through the item
parser: nothing here classifies items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from openimr.model import Case
from openimr.model.yamltext import load_yaml

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Kind:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    specialties: frozenset[str]


@dataclass(frozen=True)
class Table:
    aliases: dict[str, str]
    groups: dict[str, frozenset[str]]
    conditions: dict[str, Kind]


def _kinds(raw: dict) -> dict[str, Kind]:
    return {name: Kind(name, tuple(re.compile(p) for p in entry["keywords"]),
                       frozenset(entry["specialties"]))
            for name, entry in raw.items()}


def _groups(raw: dict) -> dict[str, frozenset[str]]:
    """The groups, checked against the categories table: a group it names must exist here."""
    from openimr.guidelines.itemparse.vocabulary import vocabulary

    groups = {name: frozenset(entry["specialties"]) for name, entry in raw.items()}
    table = vocabulary()
    named = {r.reviewer for r in table.categories} | {s.reviewer for s in table.surgeries}
    missing = sorted(g for g in named - set(groups) if g)
    if missing:
        raise ValueError(f"specialties.yaml: reviewer groups of the categories table not "
                         f"defined: {', '.join(missing)}")
    return groups


@cache
def table() -> Table:
    raw = load_yaml((DATA / "specialties.yaml").read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for canonical, others in raw["aliases"].items():
        for name in [canonical, *others]:
            aliases[_key(name)] = canonical
    return Table(aliases, _groups(raw["groups"]), _kinds(raw["conditions"]))


def _key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9&]+", name.lower().replace(" and ", " & ")))


def canonical_specialty(name: str) -> str:
    """'Orthopaedic Surgery' -> 'Orthopedic Surgery'; unknown names are kept as given."""
    return table().aliases.get(_key(name), name.strip())


def item_category(description: str) -> str | None:
    """The reviewer group of a disputed item (`opioid`, `medication`, `spine_surgery`...), from
    its category in the categories table; None when the parser cannot place it."""
    from openimr.guidelines.itemparse.vocabulary import vocabulary
    from openimr.guidelines.items import parse_item

    parsed = parse_item(description)
    return vocabulary().reviewer_group(parsed.category, parsed.subcategory)


def case_conditions(case: Case) -> list[str]:
    """Kinds of condition named by the claim's body parts and the diagnoses."""
    words = " ".join([*case.claim.body_parts, *(d.label for d in case.diagnoses)]).lower()
    return [kind.name for kind in table().conditions.values()
            if any(p.search(words) for p in kind.patterns)]


def accepted_for_item(category: str | None) -> frozenset[str] | None:
    """Specialties accepted for an item kind; None when any specialty will do (unknown kind)."""
    return table().groups.get(category or "")


def accepted_for_conditions(conditions: list[str]) -> frozenset[str]:
    kinds = table().conditions
    return frozenset().union(*(kinds[c].specialties for c in conditions)) if conditions \
        else frozenset()
