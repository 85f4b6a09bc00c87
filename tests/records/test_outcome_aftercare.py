"""A sling or a collar worn after an operation is the operation's aftercare, not a course of
bracing whose result the outcome reader judges (issue 11, twelfth session, read-outcomes6);
a brace or splint, and a sling for an injury not operated on, stay candidates."""

from __future__ import annotations

import pytest

from openimr.records.outcomes import candidates


def _named(text: str) -> list[tuple[str, str]]:
    return [(c.treatment, text[c.start:c.end].lower()) for c in candidates(text)]


@pytest.mark.parametrize("text", [
    "Three weeks s/p left biceps tenodesis. Remains in the sling except for showering.",
    "Post-operatively she wears a soft collar when riding in the car.",
    "Status post ACDF C5-6 on 02/03. Collar for another two weeks.",
    "Discharged home on day 1 in a sling with an abduction pillow.",
    "The labrum will be repaired; sling 6 weeks after that.",
])
def test_a_sling_or_collar_after_an_operation_is_no_candidate(text: str) -> None:
    assert ("bracing", "sling") not in _named(text)
    assert not [name for treatment, name in _named(text) if "collar" in name]


@pytest.mark.parametrize(("text", "named"), [
    ("Clavicle fracture managed without surgery; sling for comfort, which helps.", "sling"),
    ("Neck strain from the collision. Soft collar at night, no change.", "soft collar"),
    ("Two weeks s/p carpal tunnel release. Night splint helps the tingling.", "night splint"),
    ("POD 10 after ACL reconstruction. Hinged knee brace locked in extension.",
     "knee brace"),
])
def test_a_brace_or_a_sling_without_an_operation_stays_a_candidate(
        text: str, named: str) -> None:
    assert ("bracing", named) in _named(text)
