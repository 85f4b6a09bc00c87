"""Conflict screening: is a reviewer's affiliation the same party as someone in the case?

LC 139.5 bars a reviewer with a material affiliation with the employer, insurer or claims
administrator, the worker, the treating or requesting physician, the facility, or the
maker of the treatment. Names on rosters and case files rarely agree letter for letter,
so three tests apply in turn: the same name once normalised; two names of one organization
(`data/organizations.yaml`, e.g. "Kaiser Permanente" and "KAISER FOUNDATION HOSPITALS");
and close spelling (rapidfuzz). Screening errs towards exclusion, always with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from openimr.model.yamltext import load_yaml

DATA = Path(__file__).parent / "data"

#: Spelling similarity (0-100) from which two names count as the same party.
FUZZY_THRESHOLD = 90

_COMPANY_WORDS = frozenset({
    "inc", "incorporated", "llc", "llp", "lp", "corp", "corporation", "co", "company",
    "companies", "ltd", "limited", "plc", "pc", "apc", "the", "of", "and", "a"})
_PERSON_WORDS = frozenset({
    "dr", "md", "do", "dc", "pt", "dpt", "mpt", "phd", "psyd", "np", "pa", "pa-c", "facs",
    "jr", "sr", "ii", "iii", "mr", "mrs", "ms", "lac", "rn"})


def normalise(name: str) -> str:
    """Lower case, '&' as 'and', punctuation and company suffixes removed."""
    text = name.lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9']+", text)
    words = [w.replace("'", "") for w in words]
    return " ".join(w for w in words if w not in _COMPANY_WORDS)


def _person_words(name: str) -> list[str]:
    words = re.findall(r"[a-z0-9-]+", name.lower())
    return [w for w in words if w not in _PERSON_WORDS]


@cache
def _groups() -> dict[str, str]:
    """Normalised alias -> organization."""
    raw = load_yaml((DATA / "organizations.yaml").read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for organization, names in raw["groups"].items():
        for name in [organization, *names]:
            aliases[normalise(name)] = organization
    return aliases


def organization_of(name: str) -> str | None:
    """The organization a name belongs to, when the alias table knows it.

    Besides whole names, a name that starts with a one-word alias of 4 letters or more
    ("Kaiser Foundation Hospitals - Fontana") or contains a multi-word alias counts.
    """
    normalised = normalise(name)
    groups = _groups()
    if normalised in groups:
        return groups[normalised]
    words = normalised.split()
    padded = f" {normalised} "
    for alias, organization in groups.items():
        alias_words = alias.split()
        if len(alias_words) >= 2 and f" {alias} " in padded:
            return organization
        if len(alias_words) == 1 and len(alias) >= 4 and words and words[0] == alias:
            return organization
    return None


@dataclass(frozen=True)
class Match:
    reason: str


def same_organization(a: str, b: str) -> Match | None:
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return None
    if na == nb:
        return Match("the same name")
    group_a, group_b = organization_of(a), organization_of(b)
    if group_a and group_a == group_b:
        return Match(f"both are names of {group_a}")
    score = fuzz.token_sort_ratio(na, nb)
    if score >= FUZZY_THRESHOLD:
        return Match(f"near-identical names (similarity {score:.0f}/100)")
    # "Acme Logistics" vs "Acme Logistics West Region": one name inside the other.
    shorter, longer = sorted((na, nb), key=len)
    if len(shorter.split()) >= 2 and fuzz.token_set_ratio(na, nb) == 100:
        return Match(f"'{a}' is part of '{b}'" if shorter == na else f"'{b}' is part of '{a}'")
    return None


def same_person(a: str, b: str) -> Match | None:
    wa, wb = _person_words(a), _person_words(b)
    if not wa or not wb:
        return None
    if wa == wb:
        return Match("the same name")
    # "Smith, John" vs "John Smith"; "J. Smith" vs "John A. Smith": same last name, same initial.
    if "," in a:
        wa = wa[1:] + wa[:1]
    if "," in b:
        wb = wb[1:] + wb[:1]
    if wa[-1] == wb[-1] and len(wa) > 1 and len(wb) > 1 and wa[0][0] == wb[0][0]:
        return Match("same last name and first initial")
    score = fuzz.token_sort_ratio(" ".join(wa), " ".join(wb))
    if score >= FUZZY_THRESHOLD:
        return Match(f"near-identical names (similarity {score:.0f}/100)")
    return None


def same_party(a: str, b: str) -> Match | None:
    """Names that may be people's are also compared as people ("J. Smith", "Smith, John")."""
    if _looks_like_person(a) and _looks_like_person(b):
        return same_person(a, b) or same_organization(a, b)
    return same_organization(a, b)


def _looks_like_person(name: str) -> bool:
    words = _person_words(name)
    lowered = name.lower()
    titled = bool(re.search(r"\b(dr|md|do|dc|dpt|phd|psyd)\b", lowered))
    return titled or (2 <= len(words) <= 4 and organization_of(name) is None
                      and not re.search(r"\b(inc|llc|corp|company|group|hospital|medical|"
                                        r"insurance|services|health|center|clinic)\b", lowered))
