"""Nerve-study and injection readings of issue 11 (branch read-edx): the evidence of a study
that concludes a radiculopathy speaks for the root (that of an entrapment study stays unset,
where the annotations fork), a study's abbreviation alone in its sentence, table rows of
conduction values with a recording site, a needle exam without denervation, a finding
restated in parentheses, and an injection's technique that names no procedure."""

from __future__ import annotations

from .conftest import facts_of


def _edx(text: str) -> list[tuple[str, bool | None]]:
    return [(f.evidence.quote, f.value["radiculopathy"])
            for f in facts_of(text, "electrodiagnostic_finding")]


def test_an_entrapment_studys_evidence_is_not_the_roots() -> None:
    text = ("NCS: left ulnar motor velocity across the elbow 38 m/s.\n"
            "EMG: fibrillations in the left first dorsal interosseous.\n"
            "IMPRESSION: Left ulnar neuropathy at the elbow. No C8 radiculopathy.")
    found = _edx(text)
    assert not any(r is True for _, r in found), found


def test_a_study_abbreviation_alone_in_its_sentence_is_read() -> None:
    found = _edx("Electrodiagnostics 2/2019: right C7 radiculopathy, mild. No CTS.")
    assert any(q == "CTS" for q, _ in found), found


def test_conduction_rows_with_a_recording_site_are_findings() -> None:
    text = ("NERVE CONDUCTION:\n"
            "  L median sensory (index): onset latency 4.9 ms (normal <3.6)\n"
            "  L median motor (thenar): distal latency 6.2 ms (normal <4.4)\n"
            "IMPRESSION: Left median neuropathy at the wrist, moderate.")
    found = _edx(text)
    rows = [q for q, r in found if "latency" in q and r is None]
    assert len(rows) == 2, found


def test_a_radicular_studys_evidence_speaks_for_the_root() -> None:
    text = ("NCS: right tibial CMAP amplitude low. Right H-reflex absent.\n"
            "Needle EMG: right gastrocnemius with fibrillations and positive sharp waves.\n"
            "IMPRESSION: Acute right S1 radiculopathy. No polyneuropathy.")
    found = dict(_edx(text))
    assert found.get("Right H-reflex absent") is True, found
    assert any(r is True for q, r in found.items() if q.startswith("fibrillations")), found


def test_a_needle_exam_without_denervation_is_no_radiculopathy() -> None:
    found = _edx("EMG: L3-S1 muscles and paraspinals show no positive sharp waves or "
                 "fibrillations.")
    assert found == [("no positive sharp waves or fibrillations", False)], found


def test_a_finding_restated_in_parentheses_is_one_finding() -> None:
    found = _edx("EMG/NCV impression: left median neuropathy at the wrist (carpal tunnel "
                 "syndrome), severe.")
    assert len(found) == 1, found


def test_the_procedures_technique_is_not_another_injection() -> None:
    text = ("PROCEDURE: Right L4-5 interlaminar ESI. Needle advanced with loss of resistance; "
            "contrast showed epidural flow without intravascular uptake.")
    assert [f.evidence.quote for f in facts_of(text, "injection_history")] == [
        "Right L4-5 interlaminar ESI"]
