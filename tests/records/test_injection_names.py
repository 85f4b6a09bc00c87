"""Injections by the other names records give them (branch read-procedures): the epidural by
its route or target root, radiofrequency by its abbreviations, a joint by its abbreviation,
the viscosupplements by brand, the injectate's name, "inj" for injection, an injection known
by its date, a relief with a word of time between the figure and "relief", a result that
says "the injection" in a note that names no procedure, and a request the reviewer denied."""

from __future__ import annotations

import pytest

from .conftest import facts_of


def _injections(text: str) -> list[tuple[str, str, bool, bool]]:
    return [(f.evidence.quote, f.value["type"], f.negated, bool(f.hypothetical))
            for f in facts_of(text, "injection_history")]


@pytest.mark.parametrize(("text", "quote", "kind"), [
    ("Left S1 transforaminal steroid injection on 05/02/2022.",
     "Left S1 transforaminal steroid injection", "epidural_steroid"),
    ("She had a right L4 selective nerve root block last spring.",
     "right L4 selective nerve root block", "epidural_steroid"),
    ("Caudal injection 2020, no lasting change.", "Caudal injection", "epidural_steroid"),
    ("Bilateral C3-5 RF neurotomy is not mentioned; RF ablation at L4-5 in 2021.",
     "RF ablation", "radiofrequency"),
    ("Right L5 RFTC 03/2020.", "Right L5 RFTC", "radiofrequency"),
    ("Left AC joint inj 9/2023 with lidocaine.", "Left AC joint inj", "joint"),
    ("Pt had a right thumb CMC injection in clinic.", "right thumb CMC injection", "joint"),
    ("Gelsyn injections x3 to the left knee.", "Gelsyn injections", "joint"),
    ("Depo-Medrol injection into the right knee joint, tolerated well.",
     "Depo-Medrol injection into the right knee joint", "joint"),
    ("Botox injections to the cervical paraspinals were given for spasm.", "Botox injections",
     "other"),
])
def test_an_injection_by_another_of_its_names(text: str, quote: str, kind: str) -> None:
    assert (quote, kind) in [(q, k) for q, k, _n, _h in _injections(text)]


@pytest.mark.parametrize("text", [
    "Transforaminal lumbar interbody fusion at L4-5 is proposed.",
    "Nerve root compression at L5 on MRI.",
    "RF 2/5 with a dynamometer; the AC joint is tender.",
    "Ankle sprain in 2010; knee joint line tender.",
    "Kenalog 40 mg/mL vial expired and was discarded.",
])
def test_no_injection_in_words_that_only_share_its_names(text: str) -> None:
    assert not _injections(text)


def test_an_injection_known_by_its_date_carries_the_relief_after_it() -> None:
    found = facts_of("Lateral epicondylosis. Inj 06/02 gave ~60% relief x 4 wks.",
                     "injection_history")
    assert [f.value.get("relief_percent") for f in found] == [None, 60]
    assert found[1].value["duration_weeks"] == 4


def test_a_relief_with_its_term_between_the_figure_and_the_word() -> None:
    found = facts_of("Two L5-S1 ESIs gave 40-60% short-term relief.", "injection_history")
    assert [f.value.get("relief_percent") for f in found] == [None, 50]


def test_the_injection_judged_in_a_note_that_names_none_is_of_the_region() -> None:
    text = ("Left shoulder follow-up. She says the injection worked for about two weeks and "
            "then the ache returned.")
    found = facts_of(text, "injection_history")
    assert [(f.value["type"], f.value.get("duration_weeks")) for f in found] == [("joint", 2)]


def test_a_block_of_distance_is_no_injection_result() -> None:
    assert not _injections("Shoulder pain. He walks two blocks and each block helped for a "
                           "few minutes of rest.")


def test_a_request_the_reviewer_denied_stays_a_request() -> None:
    text = "We requested a left L5-S1 TFESI, which was denied by UR on 03/02."
    assert _injections(text) == [("left L5-S1 TFESI", "epidural_steroid", False, True)]


def test_an_injection_the_worker_declined_stays_negated() -> None:
    text = "A repeat TFESI was offered and was denied by the patient, who prefers to wait."
    assert all(negated for _q, _k, negated, _h in _injections(text))


# -- aberrant behaviours whose own words hold their "not"

def _aberrant(text: str) -> list[tuple[str, bool]]:
    return [(f.evidence.quote, f.value["present"]) for f in facts_of(text, "aberrant_behavior")]


@pytest.mark.parametrize(("text", "quote"), [
    ("Butrans: two used patches not returned; he says he threw them out.",
     "used patches not returned"),
    ("Count today: pill count does not match the 03/02 fill.", "pill count does not match"),
    ("Fill history shows a tramadol Rx from a walk-in clinic, not previously disclosed.",
     "not previously disclosed"),
])
def test_a_behaviour_that_holds_its_own_not_is_present(text: str, quote: str) -> None:
    found = _aberrant(text)
    assert any(q.lower() == quote for q, _p in found)
    assert all(present for _q, present in found)


@pytest.mark.parametrize("text", [
    "Pill count matches the fill history.",
    "Denies taking extra doses; no lost prescriptions.",
])
def test_a_count_that_matches_or_a_denial_is_still_absence(text: str) -> None:
    found = _aberrant(text)
    assert found and not any(present for _q, present in found)


# -- limits joined by "or"/"and" that the activity list has no name for

def test_two_unnamed_actions_each_with_its_verb_are_two_limits() -> None:
    found = [f.evidence.quote for f in facts_of("Still cannot fasten a necklace or hold a "
                                                "paintbrush with the right hand.",
                                                "adl_limitation")]
    assert len(found) == 2


def test_one_named_activity_over_two_garments_stays_one_limit() -> None:
    found = facts_of("He needs help with socks and shoes after the fusion.", "adl_limitation")
    assert len(found) == 1
