"""Reading gaps of dev-37 (task decide-dev37): a meniscal tear of the horn and body together."""

from __future__ import annotations

from tests.records.conftest import facts_of


def test_a_tear_of_the_horn_and_body_together_is_a_meniscal_tear() -> None:
    for text in ("MRI R KNEE 02/03/2019: Tear of the body and anterior horn of the lateral "
                 "meniscus. Mild effusion.",
                 "MRI LEFT KNEE: flap tear of the posterior horn/body of the medial meniscus."):
        found = facts_of(text, "imaging_finding")
        assert "meniscal_tear" in {f.value.get("category") for f in found}, text
    # An intact meniscus beside a torn ligament is no meniscal tear.
    found = facts_of("MRI R KNEE 02/03/2019: Body and posterior horn of the medial meniscus "
                     "intact. Partial ACL tear.", "imaging_finding")
    assert "meniscal_tear" not in {f.value.get("category") for f in found}


def test_a_score_with_the_drug_then_the_words_of_a_time_without_it() -> None:
    from openimr.records.pain_changes import pain_changes

    changes = [(before, after) for _, before, after in pain_changes(
        "Knee pain 3/10 on meds, but without them it climbs to 7.")]
    assert changes == [(7.0, 3.0)]
    # Another treatment's "with", or a number that is no score, is no change of the drug's.
    for text in ("Knee pain 3/10 with the brace; without it 7/10.",
                 "Pain 4/10 with medication; without it he cannot work 8 hours."):
        assert not list(pain_changes(text)), text
