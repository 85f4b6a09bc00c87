"""Reading fixes of session "decide-dev27": a radiology heading that names the study "MR", and
a land-based course set against the pool's; wordings written for these tests."""

from __future__ import annotations

from .conftest import facts_of


def test_a_study_headed_mr_before_the_part_is_an_mri() -> None:
    text = ("MR LEFT KNEE WITHOUT CONTRAST   03/02/2021\n"
            "Medial meniscus: complex tear of the posterior horn of the medial meniscus.\n"
            "Cartilage: mild chondromalacia of the patella.")
    found = facts_of(text, "imaging_finding")
    assert found and all(f.value["modality"] == "mri" for f in found)
    assert {f.value["category"] for f in found} >= {"meniscal_tear", "degenerative"}
    found = facts_of("MR of the cervical spine 05/2020: C5-6 disc protrusion.", "imaging_finding")
    assert found and found[0].value["modality"] == "mri"


def test_a_courtesy_title_is_no_study() -> None:
    found = facts_of("Mr. Alvarez reports knee pain. Meniscal tear suspected.", "imaging_finding")
    assert not any(f.value.get("modality") == "mri" for f in found)


def test_land_based_therapy_is_physical_therapy_in_a_note_about_the_pool() -> None:
    text = ("Requesting pool therapy. Land-based PT in 2017 (12 visits) was stopped when her "
            "ankles swelled. Aquatic therapy has not been tried.")
    found = facts_of(text, "therapy_sessions")
    counted = [f for f in found if f.value["count"] == 12]
    assert counted and counted[0].value["modality"] == "physical_therapy"
    found = facts_of("Aquatic therapy request. Land therapy x10 sessions completed last year.",
                     "therapy_sessions")
    assert any(f.value["modality"] == "physical_therapy" and f.value["count"] == 10
               for f in found)
