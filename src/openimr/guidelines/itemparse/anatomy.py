"""Body part, side and spinal levels named in an item."""

from __future__ import annotations

import re

from openimr.guidelines.itemparse.vocabulary import vocabulary

_REGION = {"c": "cervical_spine", "t": "thoracic_spine", "l": "lumbar_spine", "s": "lumbar_spine"}
# "L4-5", "L4-L5", "L5-S1", "L5/S1", "C5 6"; or a single root level "L5", "S1".
_LEVEL = re.compile(
    r"\b([ctls])(\d{1,2})(?:\s*(?:-|–|/|to|through)\s*([ctls])?\s?(\d{1,2}))?\b", re.IGNORECASE)
_MAX = {"c": 8, "t": 12, "l": 5, "s": 5}


def spinal_levels(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Spinal levels in written order, normalised ("L4-L5" -> "L4-5"), and their spans."""
    levels: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _LEVEL.finditer(text):
        first, number, second, number2 = match.groups()
        first = first.lower()
        if int(number) > _MAX[first] or int(number) == 0:
            continue
        if number2 is not None:
            second = (second or first).lower()
            if int(number2) > _MAX[second]:
                continue
            label = f"{first.upper()}{number}-" + (
                number2 if second == first else f"{second.upper()}{number2}")
        else:
            label = f"{first.upper()}{number}"
        if label not in levels:
            levels.append(label)
        spans.append(match.span())
    return levels, spans


def level_region(levels: list[str]) -> str | None:
    return _REGION[levels[0][0].lower()] if levels else None


def body_part(text: str) -> str | None:
    """The body part named earliest in the (lower-cased) text."""
    best: tuple[int, str] | None = None
    for key, patterns in vocabulary().body_parts:
        for pattern in patterns:
            match = pattern.search(text)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), key)
    return best[1] if best else None


def body_parts(text: str) -> set[str]:
    """Every body part the (lower-cased) text names."""
    return {key for key, patterns in vocabulary().body_parts
            if any(pattern.search(text) for pattern in patterns)}


#: Body parts of one region: a limb and its joints, a joint and its neighbour ("wrist" and
#: "hand"), the thoracic spine and the spine above or below it.
_REGIONS = {
    "upper_extremity": {"shoulder", "elbow", "forearm", "wrist", "hand"},
    "lower_extremity": {"hip", "knee", "ankle", "foot"},
    "wrist": {"hand", "forearm"}, "hand": {"forearm"}, "elbow": {"forearm"},
    "ankle": {"foot"}, "thoracic_spine": {"lumbar_spine", "cervical_spine"},
    "lumbar_spine": {"sacroiliac_joint"},
}


def same_region(one: str, other: str) -> bool:
    """The two body parts are one, or one's region holds the other."""
    return one == other or other in _REGIONS.get(one, ()) or one in _REGIONS.get(other, ())


def side(text: str) -> str | None:
    found = [key for key, patterns in vocabulary().sides if any(p.search(text) for p in patterns)]
    if "bilateral" in found or ("right" in found and "left" in found):
        return "bilateral"
    return found[0] if found else None
