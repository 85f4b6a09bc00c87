"""Diagnosis groups the guidelines distinguish (e.g. the physical medicine visit numbers).

The ICD-10 mappings are ours, not the guideline's (mtus-facts §3.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openimr.model.codes import icd10_equivalent

#: group -> (ICD-10-CM code prefixes, description pattern). Order matters: first match wins.
GROUPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("crps", ("G90.5",), r"\b(crps|complex regional pain|reflex sympathetic dystrophy|rsd)\b"),
    ("neuralgia", ("M79.2", "M54.1", "M54.4", "M51.1", "M50.1", "G57", "G56", "G54"),
     r"\b(neuralgia|neuritis|radicul\w*|sciatica|neuropath\w*|nerve root)\b"),
    ("myalgia", ("M79.1", "M60.9", "M79.7", "M62.83"),
     r"\b(myalgia|myositis|fibromyalgia|myofascial|muscle spasm)\b"),
    ("sprain_strain", ("S13.4", "S16", "S33.5", "S39.01", "S43.4", "S46", "S83", "S93"),
     r"\b(sprain|strain)\b"),
    ("osteoarthritis", ("M15", "M16", "M17", "M18", "M19", "M47"),
     r"\b(osteoarthritis|degenerative joint|arthrosis|spondylosis)\b"),
    ("ptsd", ("F43.1",), r"\b(ptsd|post-?traumatic stress(?: disorder)?)\b"),
)


def group_of(code: str | None, description: str | None) -> str | None:
    # An ICD-9-CM code (an older claim's) is read through its GEM ICD-10-CM equivalent.
    code = (icd10_equivalent(code) or code or "").upper()
    text = (description or "").lower()
    for group, prefixes, pattern in GROUPS:
        if code and code.startswith(prefixes):
            return group
        if text and re.search(pattern, text):
            return group
    return None


def groups_of(diagnoses: Iterable[tuple[str | None, str | None]]) -> list[str]:
    """Distinct groups in order of first appearance."""
    found: list[str] = []
    for code, description in diagnoses:
        group = group_of(code, description)
        if group and group not in found:
            found.append(group)
    return found
