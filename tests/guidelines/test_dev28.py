"""dev-28 and the rest of dev-29 (session "decide-dev28"): each rule in its general form, on
records worded unlike the cases that prompted it."""

from __future__ import annotations

import datetime as dt

from openimr.model import Decision
from openimr.model.determination import CriterionStatus
from tests.guidelines.test_dev20_false_overturns import _ids
from tests.guidelines.test_evidence_reading import Note
from tests.guidelines.test_no_false_overturns import _criterion, _decide
from tests.guidelines.test_statements import _context, _state

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


# -- a negation's clause ends at a spaced dash and before "but"


def test_a_negation_does_not_reach_past_a_dash_or_but() -> None:
    args = {"met_patterns": ["radiates to the (?:foot|toes)"]}
    for text in ("Denies bowel change - pain radiates to the foot when standing.",
                 "No weakness \u2014 pain radiates to the toes at night.",
                 "No numbness but pain radiates to the foot after walking."):
        assert _state(_context("Item", {"r1": text}), **args).status is met, text
    # Within one clause the negation still denies.
    for text in ("No pain that radiates to the foot.", "Not sure it radiates to the toes."):
        assert _state(_context("Item", {"r1": text}), **args).status is unknown, text
    # A hyphen inside a word is no clause break.
    assert _state(_context("Item", {"r1": "No L-spine pain radiates to the foot."}),
                  **args).status is unknown


# -- a lidocaine patch: pain told as not localized; the site after the directions


def test_a_lidocaine_patch_for_pain_told_as_not_localized() -> None:
    note = Note("Lumbar radiculopathy, right L5 paresthesias. Failed nortriptyline. No "
                "localized pain area; symptoms spread over the leg. Lidocaine 5% patch to the "
                "right calf.", dt.date(2015, 6, 2))
    drafted = _decide("Lidocaine 5% patch #60", [note], [], as_of=dt.date(2015, 7, 1))
    assert _criterion(drafted, "ta.lidocaine_localized").status is not_met
    assert drafted.decision is Decision.upheld
    # Allodynia denied, then the extent of the pain stated in the next clause.
    spread = Note("Ulnar neuropathy. Failed pregabalin. No hyperalgesia - the burning covers the "
                  "entire left arm. Lidocaine patch to the forearm.", dt.date(2015, 6, 2))
    assert _criterion(_decide("Lidocaine 5% patch #60", [spread], [], as_of=dt.date(2015, 7, 1)),
                      "ta.lidocaine_localized").status is not_met
    # A single area the note calls localized is not ruled out.
    focal = Note("Lumbar radiculopathy. Failed nortriptyline. Localized area of allodynia over "
                 "the lateral calf. Lidocaine 5% patch to the right calf.", dt.date(2015, 6, 2))
    assert "ta.lidocaine_localized" not in _ids(_decide("Lidocaine 5% patch #60", [focal], [],
                                                        as_of=dt.date(2015, 7, 1)))


def test_a_patch_site_named_after_its_directions_is_read() -> None:
    for plan in ("Lidocaine 5% one patch daily 12 hours on and 12 off over the left lower back.",
                 "Lidoderm 5% 2 patches q12h on/off to the bilateral lumbar paraspinals.",
                 "Lidocaine patch apply 1 every morning to the mid thoracic spine."):
        note = Note("Thoracic and lumbar pain with burning. Failed amitriptyline. " + plan,
                    dt.date(2018, 1, 8))
        drafted = _decide("Lidoderm 5% patch #30", [note], [], as_of=dt.date(2018, 2, 1))
        assert _criterion(drafted, "ta.lidocaine_not_axial").status is not_met, plan
    # A second drug named for the back is not the patch's site.
    other = Note("Failed amitriptyline. Lidocaine patch 12 h on to the left foot and ibuprofen "
                 "for back pain.", dt.date(2018, 1, 8))
    assert "ta.lidocaine_not_axial" not in _ids(_decide("Lidoderm 5% patch #30", [other], [],
                                                        as_of=dt.date(2018, 2, 1)))


# -- after the whole general course, therapy to the end of the postsurgical period


def _ankle_notes(visit: int, surgeon: str) -> list[tuple[str, str, str]]:
    return [("2019-03-01", "operative report",
             "Procedure: open reduction internal fixation, right bimalleolar ankle fracture."),
            ("2019-06-10", "physical therapy re-evaluation",
             f"Visit {visit}. Ankle dorsiflexion improved from 5 to 15 degrees. Walks four "
             "blocks; at the start of care he used a walker at home."),
            ("2019-06-20", "orthopedic follow-up", surgeon)]


def test_therapy_goes_on_after_the_general_course_while_gains_remain() -> None:
    from tests.guidelines.test_dev26_fresh import _draft_with
    from tests.guidelines.test_notmet_and_overturns3 import _status

    item = "Postoperative physical therapy right ankle x8"
    code = ["S82.841D Displaced bimalleolar fracture of right lower leg, subsequent"]
    gaining = "Still making steady gains, goals not yet met (stairs, ladders). PT x8 more."
    drafted = _draft_with([item], _ankle_notes(21, gaining), code, "2019-02-27")[item]
    assert _status(drafted, "ps.within_general_course") is met
    # A plateau the surgeon records after the gains ends it.
    flat = "Gains have plateaued at therapy. PT x8 more requested."
    drafted = _draft_with([item], _ankle_notes(21, flat), code, "2019-02-27")[item]
    assert _status(drafted, "ps.within_general_course") is not_met
    # Short of the whole general course, the visits beyond it are not a continuation.
    drafted = _draft_with([item], _ankle_notes(16, gaining), code, "2019-02-27")[item]
    assert _status(drafted, "ps.within_general_course") is not_met


# -- a course its own sentence says ended long ago starts a new episode; the cap counts all


def test_a_course_its_own_sentence_closes_years_ago_is_an_earlier_episode() -> None:
    from tests.guidelines.test_dev26_fresh import _draft_with
    from tests.guidelines.test_notmet_and_overturns3 import _status

    item = "Physical therapy lumbar spine x6"
    notes = [("2022-09-12", "progress note",
              "Low back pain worse since lifting a pallet. Chiropractic 2019 x6 then PT 2020 x14, "
              "none since 2020. Lumbar spasm, flexion 40 degrees. Plan: PT x6, HEP.")]
    drafted = _draft_with([item], notes, ["M54.50 Low back pain, unspecified"],
                          "2019-03-04")[item]
    assert _status(drafted, "pm.visits_within_guideline") is met
    # the statutory cap is per injury: the earlier 14 still count toward 24
    notes_more = [("2022-09-12", "progress note",
                   "Low back pain worse since lifting a pallet. PT 2020 x20, none since 2020. "
                   "Lumbar spasm, flexion 40 degrees. Plan: PT x6, HEP.")]
    drafted = _draft_with([item], notes_more, ["M54.50 Low back pain, unspecified"],
                          "2019-03-04")[item]
    assert _status(drafted, "pm.visits_within_guideline") is met
    assert _status(drafted, "pm.statutory_cap") is not_met
    # A lapse of months is the same episode.
    recent = [("2022-09-12", "progress note",
               "Low back pain. PT 01/2022 x8, none since 03/2022. Plan: PT x6.")]
    drafted = _draft_with([item], recent, ["M54.50 Low back pain, unspecified"],
                          "2019-03-04")[item]
    assert _status(drafted, "pm.visits_within_guideline") is not_met
