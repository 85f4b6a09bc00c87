"""The public copy: identifiers removed in their variants, clinical content kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openimr.letters.redact import Kind, Redactor, known_identifiers, redact_text

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed-letter.txt"

CASE = {
    "case_number": "CM14-0098765",
    "application": {"received_date": "2014-06-01"},
    "worker": {"name": "Maria Q. Lopez-Garcia", "date_of_birth": "1959-03-04"},
    "claim": {"employer": "Sunbelt Packaging Inc.", "claims_administrator": "Harbor Mutual "
              "Claims Services", "claim_number": "HM-2013-44120"},
    "requesting_provider": {"name": "Alan Whitfield, MD", "specialty": "Orthopedic Surgery"},
}


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor.for_case(CASE)


@pytest.mark.parametrize("text, gone", [
    ("Employee: MARIA LOPEZ-GARCIA", "MARIA LOPEZ-GARCIA"),
    ("Ms. Q. reported pain.", "Q."),
    ("Ms. Lopez-Garcia's knee", "Lopez-Garcia"),
    ("the patient, Lopez, Maria, was seen", "Lopez, Maria"),
    ("M.Q.L. denies numbness", "M.Q.L."),
    ("Lopes reported pain (OCR)", "Lopes"),
    ("Dr. Whitfield examined her", "Whitfield"),
    ("ALAN WHITFIELD MD", "WHITFIELD"),
    ("she works at Sunbelt Packaging", "Sunbelt"),
    ("HARBOR MUTUAL denied the request", "HARBOR"),
    ("claim HM 2013 44120 was accepted", "HM 2013 44120"),
    ("IMR case CM14-0098765", "CM14-0098765"),
])
def test_known_identifiers_in_their_variants(redactor: Redactor, text: str, gone: str) -> None:
    public = redactor.redact(text).text
    assert gone not in public, public
    assert "[" in public


@pytest.mark.parametrize("text, gone, kind", [
    ("SSN: 123-45-6789.", "123-45-6789", Kind.ssn),
    ("Call (559) 555-0134 ext 12 today", "555-0134", Kind.phone),
    ("Fax: 559.555.0199", "555.0199", Kind.phone),
    ("write to a.w@clinic-mail.com.", "a.w@clinic-mail.com", Kind.email),
    ("seen at 1234 N. Main Street, Suite 200, Fresno, CA 93721.", "Main Street", Kind.address),
    ("P.O. Box 4411, Oakland, CA 94612", "4411", Kind.address),
    ("Policy No.: WC7781234 applies", "WC7781234", Kind.number),
    ("her husband, Roberto, drove her", "Roberto", Kind.name),
    ("Dr. Evelyn Marsh noted spasm", "Evelyn Marsh", Kind.name),
    ("Kenji Watanabe, M.D., requested an MRI", "Kenji Watanabe", Kind.name),
    ("therapy at Riverbend Rehab was helpful", "Riverbend Rehab", Kind.organization),
])
def test_patterns_and_context_rules_without_case_file(text: str, gone: str, kind: Kind) -> None:
    redaction = Redactor().redact(text)
    assert gone not in redaction.text, redaction.text
    assert kind in {span.kind for span in redaction.spans}


def test_date_of_birth_becomes_the_age_and_other_dates_stay(redactor: Redactor) -> None:
    public = redactor.redact("DOB: 03/04/1959. Injured 10/14/2002; born March 4, 1959.").text
    assert "1959" not in public
    assert public.count("[age 55]") == 2
    assert "10/14/2002" in public


def test_clinical_words_that_look_like_names_stay() -> None:
    case = {"worker": {"name": "Jordan Long"}}
    text = ("Decision based on MTUS Chronic Pain Medical Treatment Guidelines, page 98-99, and "
            "ACOEM Low Back Complaints. Long-term opioid use is not supported; long acting "
            "agents, Physical Therapy and the Official Disability Guidelines (ODG) Knee & Leg.")
    public = Redactor.for_case(case).redact(text).text
    assert public.replace("[NAME]-term", "Long-term") == text


def test_seed_letter_has_nothing_to_redact_but_its_numbers() -> None:
    text = SEED.read_text(encoding="utf-8")
    redaction = Redactor.for_case({}).redact(text)
    removed = {text[s.start:s.end] for s in redaction.spans}
    assert all(any(c.isdigit() for c in value) for value in removed), removed
    assert "54-year-old male" in redaction.text and "10/14/2002" in redaction.text


def test_names_in_records_become_known() -> None:
    from types import SimpleNamespace

    record = SimpleNamespace(author=None, text="Seen with her daughter, Priya. Dr. Okonkwo.")
    known = known_identifiers({}, [record])
    assert {"Priya", "Okonkwo"} <= set(known.people)
    assert "Okonkwo" not in redact_text("Okonkwo's plan is PT.", {}, [record])


def test_public_copy_of_a_drafted_letter() -> None:
    from openimr.letters import render
    from openimr.review import review_case_file

    path = ROOT / "examples" / "cases" / "seed-lumbar-pt.json"
    review = review_case_file(path)
    full = render(review, "text")
    public = render(review, "text", public=True)
    case = json.loads(path.read_text())
    assert case["claim"]["claim_number"] in full
    assert case["claim"]["claim_number"] not in public
    assert case["case_number"] not in public
    assert review.determination.determinations[0].rationale.split()[0] in public
    html = render(review, "html", public=True)
    assert case["claim"]["claim_number"] not in html
