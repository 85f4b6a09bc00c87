"""The rest of dev-29's false upholds (session "decide-dev29-rest"): each rule in its general
form, on records worded unlike the cases that prompted it, drafted end to end."""

from __future__ import annotations

from openimr.model.determination import CriterionStatus
from tests.guidelines.test_dev26_fresh import _draft_with
from tests.guidelines.test_notmet_and_overturns3 import _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


# -- an undated operation bounded by the note that still planned it


def _knee_notes(later: str) -> list[tuple[str, str, str]]:
    return [("2021-04-05", "orthopedic consultation",
             "Right knee locking. MRI: medial meniscus tear. Recommend right knee arthroscopic "
             "partial medial meniscectomy; will schedule once authorized."),
            (later, "primary treating physician report",
             "Status post right knee arthroscopy, healing well, on crutches. Start therapy.")]


def test_an_undated_surgery_falls_after_the_note_that_planned_it() -> None:
    item = "Post-operative physical therapy right knee x6"
    drafted = _draft_with([item], _knee_notes("2021-05-20"),
                          ["S83.241A Other tear of medial meniscus, right knee"],
                          "2021-02-10")[item]
    assert _status(drafted, "ps.within_treatment_period") is met


def test_a_plan_too_old_leaves_the_date_of_surgery_open() -> None:
    item = "Post-operative physical therapy right knee x6"
    drafted = _draft_with([item], _knee_notes("2022-03-14"),
                          ["S83.241A Other tear of medial meniscus, right knee"],
                          "2021-02-10")[item]
    assert _status(drafted, "ps.within_treatment_period") is unknown
