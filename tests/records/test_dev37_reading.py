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

