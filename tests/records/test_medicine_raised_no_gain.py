"""A medicine begun or raised is an order, not a functional gain (2026-12-07): the corpus
counts a cut in a pain drug as a gain, so the narrative reader learnt dose changes, and read
"start gabapentin 100 -> 300 mg" as one (an acupuncture extension overturned on it)."""

from __future__ import annotations

import pytest

from openimr.records.trained import medicine_raised_only


@pytest.mark.parametrize("segment", [
    "Begin pregabalin 75 mg at bedtime, may titrate up next visit.",
    "Nortriptyline raised 10 → 25 mg qhs for neuropathic symptoms.",
    "Will increase venlafaxine to 150 mg daily.",
    "Added topical diclofenac four times a day to the regimen.",
])
def test_a_medicine_begun_or_raised_alone_is_no_gain(segment: str) -> None:
    assert medicine_raised_only(segment)


@pytest.mark.parametrize("segment", [
    "Oxycodone 20 → 10 mg per day since the block.",            # a cut
    "Weaned off cyclobenzaprine last month.",                   # a cut
    "Since starting duloxetine he has gone back to coaching and walks daily.",  # activity
    "After the nortriptyline was added she is sleeping through the night.",     # activity
    "Home program advanced from 10 to 20 repetitions.",         # no medicine, no dose unit
    "Tramadol 100 → 50 mg a day.",                              # a lower dose
])
def test_a_cut_an_activity_or_no_dose_rise_is_not_set_aside(segment: str) -> None:
    assert not medicine_raised_only(segment)
