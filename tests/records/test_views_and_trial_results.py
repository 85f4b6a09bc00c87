"""Readers of session "decide-rest": plain films told by their views, a slip's motion told
with an adjective, and a device trial's result told as the pain it took away. Notes written
for these tests."""

from __future__ import annotations

from .conftest import facts_of


def _findings(text: str) -> list[tuple[str, str, str]]:
    return [(f.value["modality"], f.value["category"], f.value["finding"])
            for f in facts_of(text, "imaging_finding") if not f.negated]


def test_films_named_by_their_count_of_views_are_plain_films() -> None:
    text = ("CERVICAL SPINE THREE VIEWS 04/02/2019 - see below.\n"
            "C-SPINE 3 VIEWS, 04/02/2019. Retrolisthesis of C4 on C5, 3 mm.")
    assert ("xray", "spondylolisthesis", "Retrolisthesis") in _findings(text)


def test_films_named_by_their_projections_are_plain_films() -> None:
    text = "Standing AP and lateral views of the lumbar spine: grade I listhesis of L4 on L5."
    assert any(m == "xray" and c == "spondylolisthesis" for m, c, _ in _findings(text))


def test_a_slips_motion_with_an_adjective_is_instability() -> None:
    text = ("Dynamic radiographs 05/2018: 5 mm segmental translation at L3-4 between flexion "
            "and extension.")
    assert any(c == "spondylolisthesis" and "translation" in f for _, c, f in _findings(text))


def test_views_that_are_not_films_read_nothing() -> None:
    # a worker's views are no study
    assert _findings("He views the job as a risk; no fracture concern raised.") == []


def test_a_trial_told_by_the_pain_it_took_away_helped() -> None:
    text = "TENS trial reviewed: roughly 40% less pain after each session, sleeping better."
    outcomes = [f.value["outcome"] for f in facts_of(text, "device_trial")]
    assert outcomes == ["helped"]
