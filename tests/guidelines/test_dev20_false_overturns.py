"""False overturns of dev-20 (task decide-dev20), each a regularity the topics lacked: an oral
NSAID with an anticoagulant, a lidocaine patch for the spine, building work on a home, an aide
hired for housework, MRI for a clinically diagnosed foot disorder, a repeat of injections that
failed, and a home exercise program taken for a failed diet. Each case below is written for
the rule, not copied from the set."""

from __future__ import annotations

import datetime as dt

from openimr.model import Decision
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_evidence_reading import Note
from tests.guidelines.test_no_false_overturns import _criterion, _decide

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


def _ids(drafted) -> set[str]:
    return {c.id for c in drafted.criteria}


def test_a_non_selective_nsaid_is_not_for_a_worker_on_an_anticoagulant() -> None:
    """CPMTG pp. 68-69: anticoagulation is a high bleeding risk with a non-selective NSAID."""
    note = Note("Hip osteoarthritis, M16.11. Takes rivaroxaban 20 mg daily for a prior DVT. "
                "Start naproxen 500 bid.", dt.date(2019, 3, 4))
    facts = [note.fact("diagnosis", "Hip osteoarthritis", code="M16.11", text="hip osteoarthritis"),
             note.fact("gi_risk_factor", "rivaroxaban", factor="anticoagulant"),
             note.fact("medication", "naproxen 500", drug="naproxen", generic="naproxen")]
    drafted = _decide("Naproxen 500mg #60", [note], facts, as_of=dt.date(2019, 4, 1))
    assert _criterion(drafted, "ns.anticoagulant").status is not_met
    assert drafted.decision is Decision.upheld
    # No anticoagulant in the notes: the requirement does not arise.
    plain = _decide("Naproxen 500mg #60", [note], facts[::2], as_of=dt.date(2019, 4, 1))
    assert "ns.anticoagulant" not in _ids(plain)
    # Only what a UR letter says of the worker is not the treating record's finding.
    letter = Note("Worker is on rivaroxaban.", dt.date(2019, 3, 20), "ur")
    told = [facts[0], facts[2], letter.fact("gi_risk_factor", "rivaroxaban", factor="anticoagulant")]
    second = _decide("Naproxen 500mg #60", [note, letter], told, second_hand=("ur",),
                     as_of=dt.date(2019, 4, 1))
    assert "ns.anticoagulant" not in _ids(second)


def test_a_lidocaine_patch_put_on_the_spine_treats_no_peripheral_neuropathic_pain() -> None:
    note = Note("Cervical radiculopathy, left C6 numbness. Failed duloxetine. Lidoderm patches "
                "to the neck, one daily.", dt.date(2016, 2, 2))
    drafted = _decide("Lidoderm 5% patch #30", [note], [], as_of=dt.date(2016, 3, 1))
    assert _criterion(drafted, "ta.lidocaine_not_axial").status is not_met
    assert drafted.decision is Decision.upheld
    # A patch for the forearm along the nerve is not on the spine.
    limb = Note("Cervical radiculopathy, left C6 numbness. Failed duloxetine. Lidoderm patch to "
                "the left forearm.", dt.date(2016, 2, 2))
    assert "ta.lidocaine_not_axial" not in _ids(_decide("Lidoderm 5% patch #30", [limb], [],
                                                        as_of=dt.date(2016, 3, 1)))


def test_building_work_on_a_home_is_no_medical_equipment() -> None:
    """ODG DME: environmental modifications are not primarily medical in nature."""
    note = Note("Below-knee amputation, uses a wheelchair outdoors. Gait with prosthesis "
                "antalgic.", dt.date(2021, 5, 3))
    for item in ("Home modification: wheelchair ramp at front entry",
                 "Home modification: remodel of the bathroom for accessibility"):
        drafted = _decide(item, [note], [], as_of=dt.date(2021, 6, 1))
        assert _criterion(drafted, "ehm.not_environmental").status is not_met, item
        assert drafted.decision is Decision.upheld, item


def test_an_aide_for_housework_only_provides_homemaker_services() -> None:
    """ODG Home health services: homemaker services are not medical treatment when they are
    the only care needed (applied from the ACOEM-based MTUS on)."""
    note = Note("Homebound: yes. Independent in bathing and dressing. Requests home health aide "
                "3 hours a day for laundry, meal prep and shopping.", dt.date(2021, 8, 9))
    item = "Home health aide 3 hours/day 5 days/week x 4 weeks"
    drafted = _decide(item, [note], [], as_of=dt.date(2021, 9, 1))
    assert _criterion(drafted, "hh.homemaker_only").status is not_met
    assert drafted.decision is Decision.upheld
    # The needs as an assessment words them.
    intake = Note("Aide requested. No personal care or bathing needs identified.",
                  dt.date(2021, 8, 9))
    assert _criterion(_decide(item, [intake], [], as_of=dt.date(2021, 9, 1)),
                      "hh.homemaker_only").status is not_met
    # An aide's personal care (bathing, dressing) is not medical treatment either when it is
    # the only care needed (ODG, mtus-facts §3.18; session "decide-fo"); nursing beside it is.
    bathing = Note("Homebound: yes. Requests home health aide 3 hours a day for bathing and "
                   "meals.", dt.date(2021, 8, 9))
    assert _criterion(_decide(item, [bathing], [], as_of=dt.date(2021, 9, 1)),
                      "hh.homemaker_only").status is not_met
    # The 2016 CPMTG (ODG-based) allows domestic care beside the care a homebound worker
    # needs, but ODG's same sentence holds there: chores as the aide's only task, for a worker
    # independent in personal care, are not medical treatment (session "decide-dev26").
    assert _criterion(_decide(item, [note], [], as_of=dt.date(2017, 3, 1)),
                      "hh.homemaker_only").status is not_met


def test_a_clinically_diagnosed_foot_disorder_does_not_warrant_mri() -> None:
    """ACOEM 2nd ed. ch. 14 p. 372: fasciitis, metatarsalgia and neuroma do not warrant MRI."""
    note = Note("Right forefoot pain 5 months. Morton's neuroma third web space, Mulder click. "
                "Failed metatarsal pads and PT. MRI right foot.", dt.date(2018, 10, 2))
    facts = [note.fact("diagnosis", "Morton's neuroma", text="Morton's neuroma")]
    drafted = _decide("MRI right foot without contrast", [note], facts, as_of=dt.date(2018, 11, 1))
    assert _criterion(drafted, "xim.foot_soft_tissue").status is not_met
    assert drafted.decision is Decision.upheld
    # A suspected stress fracture the films have not shown is a reason to image.
    fracture = Note("Right forefoot pain 5 months. Morton's neuroma third web space. Suspected "
                    "stress fracture of the third metatarsal, x-rays negative.", dt.date(2018, 10, 2))
    facts = [fracture.fact("diagnosis", "Morton's neuroma", text="Morton's neuroma")]
    assert "xim.foot_soft_tissue" not in _ids(
        _decide("MRI right foot without contrast", [fracture], facts, as_of=dt.date(2018, 11, 1)))


def test_injections_that_gave_no_relief_make_the_next_a_repeat() -> None:
    note = Note("Left knee OA. Two cortisone injections last year, no relief from either. "
                "Plan: another knee injection.", dt.date(2019, 6, 1))
    facts = [note.fact("diagnosis", "knee OA", text="knee osteoarthritis", code="M17.12"),
             note.fact("injection_history", "cortisone injections", type="joint"),
             note.fact("injection_history", "no relief", type="joint", relief_percent=0)]
    drafted = _decide("Left knee corticosteroid injection", [note], facts,
                      as_of=dt.date(2019, 7, 1))
    assert _criterion(drafted, "cji.repeat_response").status is not_met
    assert drafted.decision is Decision.upheld
    # A prior injection with good relief, told in words, is left to the item's words.
    helped = Note("Left knee OA. Cortisone injection last year helped a lot for months.",
                  dt.date(2019, 6, 1))
    facts = [helped.fact("diagnosis", "knee OA", text="knee osteoarthritis", code="M17.12"),
             helped.fact("injection_history", "Cortisone injection", type="joint")]
    assert "cji.repeat_response" not in _ids(
        _decide("Left knee corticosteroid injection", [helped], facts, as_of=dt.date(2019, 7, 1)))


def test_no_supervised_diet_before_a_weight_loss_program_is_not_a_failed_attempt() -> None:
    note = Note("BMI 34, obesity. Back pain same, 5/10, doing HEP daily. She has had no "
                "dietitian or medically supervised diet. Requests weight loss program.",
                dt.date(2017, 2, 6))
    facts = [note.fact("diagnosis", "obesity", text="obesity", code="E66.9"),
             note.fact("pain_score", "5/10", value=5)]
    drafted = _decide("Weight loss program 10 weeks", [note], facts, as_of=dt.date(2017, 3, 1))
    assert _criterion(drafted, "wl.own_attempt_failed").status is not_met
    assert drafted.decision is Decision.upheld
