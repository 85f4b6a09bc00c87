"""Table-driven tests of the letter parser over the fixtures of every layout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openimr.corpus import parse_letter
from openimr.corpus.normalize import clean_text
from openimr.model.errors import InputError

LETTERS = Path(__file__).parents[1] / "fixtures" / "letters"


def read(name: str) -> str:
    return (LETTERS / name).read_text(encoding="utf-8", errors="replace")


# fixture -> (layout, case number, dates, age, sex, injury, items as (decision, category, text
# fragment), reviewer specialties, states, expected warning fragments)
EXPECTED = {
    "seed-body.txt": ("case_body", None, {}, 54, "male", "2002-10-14",
                      [("upheld", "physical_therapy", "8 Physical Therapy Sessions")],
                      ["Pain Management and Rehabilitation"], ["Illinois", "Indiana", "Texas"],
                      []),
    "case-header-knee.txt": (
        "case_header", "CM14-0087312",
        {"assigned": "2014-07-11", "decided": "2014-08-22", "ur_denial": "2014-06-30",
         "application": "2014-07-08"}, 61, "female", "2011-03-18",
        [("overturned", "surgery", "arthroscopy"), ("overturned", "postsurgical_physical_therapy", "Postop"),
         ("upheld", "durable_medical_equipment", "Cold therapy")],
        ["Orthopedic Surgery"], ["California", "Oregon"], []),
    "case-header-opioids.txt": (
        "case_header", "CM15-0203418", {"decided": "2015-11-24"}, 47, "male", "2008-09-02",
        [("upheld", "opioid", "Norco"), ("upheld", "muscle_relaxant", "Cyclobenzaprine")],
        ["Anesthesiology", "Pain Medicine"], ["California", "Arizona", "Nevada"], []),
    "maximus-acupuncture.txt": (
        "maximus_header", "CM16-0051277", {"assigned": "2016-03-14", "decided": "2016-04-18"},
        39, "female", "2012-11-30",
        [("overturned", "acupuncture", "Acupuncture 1 time"), ("upheld", "durable_medical_equipment", "pillow")],
        ["Physical Medicine and Rehabilitation", "Pain Medicine"], ["California"], []),
    "maximus-mri-tens.txt": (
        "maximus_header", "CM17-0128840", {"ur_denial": "2017-07-03"}, 52, "male", "2016-05-05",
        [("upheld", "imaging", "MRI of the lumbar"), ("upheld", "tens", "TENS unit")],
        ["Family Medicine"], ["Texas", "California"], []),
    "notice-2013-acupuncture-mri.txt": (
        "notice_2013", "CM13-0031245",
        {"decided": "2013-11-20", "ur_denial": "2013-08-30", "assigned": "2013-09-20",
         "application": "2013-09-12"}, 44, "female", "2011-03-02",
        [("upheld", "acupuncture", "acupuncture 2 times"),
         ("overturned", "epidural_steroid_injection", "epidural")],
        ["Physical Medicine and Rehabilitation", "Pain Medicine"], ["California", "Washington"],
        []),
    "notice-2013-single.txt": (
        "notice_2013", "CM13-0047788", {"decided": "2013-12-03", "application": "2013-10-01"},
        58, "male", "2009-02-14", [("upheld", "topical_analgesic", "Lidoderm")],
        ["Internal Medicine"], ["California"], []),
    "review-norco.txt": (
        "professional_review", "CM19-0154023", {"decided": "2019-09-12"}, 63, "male",
        "2014-01-22",
        [("upheld", "opioid", "Norco 10/325"), ("overturned", "urine_drug_test", "Urine")],
        ["Family Medicine"], ["California", "Colorado"], []),
    "review-frp-question.txt": (
        "professional_review", "CM21-0033317", {"ur_denial": "2021-02-02"}, 35, "female",
        "2017-06-30", [("overturned", "functional_restoration_program", "functional restoration")],
        ["Physical Medicine and Rehabilitation"], ["California"], []),
    "case-header-multiline.txt": (
        "case_header", "CM15-0044871",
        {"application": "2015-03-04", "decided": "2015-04-20"}, 41, "female", "2013-07-14",
        [("overturned", "psychological_treatment", "Psychological evaluation"),
         ("upheld", "electrodiagnostic", "EMG/NCV"), ("overturned", "anticonvulsant", "Lyrica")],
        ["Psychiatry and Neurology"], ["California", "New York"], []),
    "maximus-wrapped-items.txt": (
        "maximus_header", "CM18-0062210", {"decided": "2018-06-05"}, 57, "male", "2015-10-02",
        [("overturned", "postsurgical_physical_therapy", "for 6 weeks for the left shoulder"),
         ("upheld", "durable_medical_equipment", "Home exercise kit")],
        ["Physical Medicine and Rehabilitation"], ["California", "Michigan"], []),
    "notice-2013-three.txt": (
        "notice_2013", "CM13-0058301", {"assigned": "2013-11-06", "ur_denial": "2013-10-21"},
        36, "female", "2012-06-05",
        [("overturned", "chiropractic", "chiropractic"),
         ("upheld", "proton_pump_inhibitor", "Omeprazole"), ("upheld", "imaging", "MRI")],
        ["Chiropractic Orthopedics"], ["California"], []),
    "review-questions.txt": (
        "professional_review", "CM22-0119873", {"decided": "2022-07-18"}, 48, "female",
        "2020-09-09",
        [("upheld", "muscle_relaxant", "Cyclobenzaprine 10 mg #30"),
         ("overturned", "trigger_point_injection", "Trigger point injections")],
        ["Anesthesiology", "Pain Medicine"], ["California", "Texas"],
        ["inferred upheld from the rationale", "inferred overturned from the rationale"]),
    "damaged-case-header-pages.txt": (
        "case_header", "CM14-0112093", {"assigned": "2014-08-27", "decided": "2014-10-02"},
        50, "male", "2012-02-09",
        [("upheld", "physical_therapy", "right shoulder"),
         ("upheld", "topical_analgesic", "Ketoprofen")],
        ["Occupational Medicine"], ["California"], []),
    "damaged-maximus-no-summary.txt": (
        "maximus_header", "CM16-0189204", {}, None, None, "2015-04-11",
        [("overturned", "psychological_treatment", "Cognitive"),
         ("upheld", "sleep_aid", "Zolpidem")],
        ["Psychiatry"], ["California"], ["no case summary", "inferred upheld"]),
    "damaged-notice-garbage.txt": (
        "notice_2013", "CM13-0019922", {"decided": "2013-10-15"}, 29, "male", "2013-01-09",
        [("upheld", "opioid", "Tramadol"), ("upheld", "chiropractic", "chiropractic")],
        ["Chiropractic Sports Medicine"], ["California"],
        ["2 decisions in the notice but 1 rationales", "no decision rationale"]),
    "damaged-review-no-opening.txt": (
        "professional_review", "CM20-0077001", {}, 45, "female", "2018-12-01",
        [("overturned", "imaging", "shoulder MRI")], [], [], ["layout inferred"]),
    "damaged-unknown-memo.txt": (
        "unknown", None, {}, 42, "female", None, [("upheld", "durable_medical_equipment", "lumbar brace")], [], [],
        ["unknown layout", "free text"]),
    # Decisions listed twice (a summary near the top, then under the decision heading), the
    # decision date on a "Dated:" line, a decision heading worded "FINAL DETERMINATION AND ...".
    "summary-twice-pt-opioid.txt": (
        "case_body", "CM15-0031187",
        {"decided": "2015-03-04", "ur_denial": "2015-01-22", "application": "2015-02-02"},
        46, "female", "2011-11-19",
        [("upheld", "physical_therapy", "Physical therapy 2 times"),
         ("overturned", "opioid", "Tramadol ER")],
        ["Physical Medicine and Rehabilitation"], ["California"], ["layout inferred"]),
    "case-header-twice-knee.txt": (
        "case_header", "CM19-0207731", {"decided": "2019-12-09", "ur_denial": "2019-10-28"},
        61, "male", "2018-04-02",
        [("overturned", "joint_injection", "Synvisc-One"),
         ("upheld", "durable_medical_equipment", "Knee brace")],
        ["Orthopaedic Surgery"], ["California", "Arizona"], []),
    "damaged-binary-garbage.txt": (
        "unknown", None, {}, None, None, None, [], [], [], ["no disputed items found"]),
}


def test_every_fixture_has_expectations() -> None:
    assert {path.name for path in LETTERS.glob("*.txt")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_fixture(name: str) -> None:
    (layout, case_number, dates, age, sex, injury, items, specialties, states,
     warnings) = EXPECTED[name]
    letter = parse_letter(read(name))
    assert letter.layout.value == layout
    assert letter.case_number == case_number
    for key, value in dates.items():
        assert getattr(letter.dates, key) == value, key
    assert (letter.worker.age, letter.worker.sex) == (age, sex)
    assert letter.date_of_injury == injury
    assert [(i.decision.value if i.decision else None, i.category) for i in letter.items] == \
        [(decision, category) for decision, category, _ in items]
    for parsed, (_, _, fragment) in zip(letter.items, items, strict=True):
        assert fragment.lower() in parsed.item.lower()
    assert letter.reviewer.specialties[:len(specialties)] == specialties
    assert letter.reviewer.licensed_states == states
    for fragment in warnings:
        assert any(fragment in warning for warning in letter.warnings), (fragment,
                                                                         letter.warnings)
    if not warnings:
        assert letter.warnings == []


def test_seed_item_fields_are_complete() -> None:
    item = parse_letter(read("seed-body.txt")).items[0]
    assert item.claims_administrator_guideline.startswith("The Claims Administrator did not cite")
    assert item.guideline_cited == "MTUS Chronic Pain Treatment Guidelines Page(s): 99"
    assert item.guideline_pages == "99"
    assert item.rationale.startswith("The request for 8 physical therapy sessions")
    assert item.rationale.endswith("is not medically necessary or appropriate.")


def test_diagnoses_come_from_the_first_sentence_that_names_them() -> None:
    letter = parse_letter(read("seed-body.txt"))
    assert letter.diagnoses == ["sprain/strain of the lumbar region", "difficulty in walking",
                                "muscle weakness"]
    assert "â" not in (letter.clinical_summary or "")


def test_page_furniture_in_mid_sentence_is_removed_and_hyphenation_joined() -> None:
    letter = parse_letter(read("damaged-case-header-pages.txt"))
    first, second = letter.items
    assert "Page" not in first.rationale and "CM14" not in first.rationale
    assert "has completed 24 sessions" in first.rationale
    assert first.item == "12 additional physical therapy sessions for the right shoulder"
    assert "high incidence of photocontact dermatitis" in second.rationale
    assert "rotator cuff tear" in " ".join(letter.diagnoses)


@pytest.mark.parametrize("raw, expected", [
    ("Claims Administrator guideline: \u00e2\u00bf\u00bf text", "Claims Administrator guideline: text"),
    ("He said \u00e2\u20ac\u0153no\u00e2\u20ac\x9d", 'He said "no"'),
    ("Page 2 of 9\nline one\nCM13-0000001 Page 3\nnext\nCM13-0000001 Page 4", "line one\nnext"),
    ("medi-\ncally necessary", "medically necessary"),
    ("a   b\n\n\n  c  ", "a b\nc"),
])
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_truncated_letters_never_crash(name: str) -> None:
    text = read(name)
    for cut in range(0, len(text), max(1, len(text) // 37)):
        letter = parse_letter(text[:cut])
        for item in letter.items:
            assert item.item


def test_parse_cli_json_and_errors(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "openimr.cli", "parse"]
    done = subprocess.run([*command, str(LETTERS / "case-header-knee.txt")],
                          capture_output=True, text=True, check=True)
    payload = json.loads(done.stdout)
    assert payload["case_number"] == "CM14-0087312"
    assert [item["decision"] for item in payload["items"]] == ["overturned", "overturned",
                                                               "upheld"]
    text = subprocess.run([*command, str(LETTERS / "review-norco.txt"), "--format", "text"],
                          capture_output=True, text=True, check=True).stdout
    assert "Norco 10/325 mg #90: UPHELD" in text
    missing = subprocess.run([*command, str(tmp_path / "none.txt")], capture_output=True,
                             text=True)
    assert missing.returncode == 2 and "not found" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_pdf_letter_reads_like_its_text(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    from openimr.corpus.source import read_letter

    path = tmp_path / "letter.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.setFont("Helvetica", 8)
    y = 750
    for line in read("case-header-opioids.txt").splitlines():
        if y < 60:
            pdf.showPage()
            pdf.setFont("Helvetica", 8)
            y = 750
        pdf.drawString(40, y, line)
        y -= 11
    pdf.save()
    from_pdf = parse_letter(read_letter(path))
    from_text = parse_letter(read("case-header-opioids.txt"))
    assert from_pdf.model_dump(exclude={"clinical_summary"}) == \
        from_text.model_dump(exclude={"clinical_summary"})
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(InputError, match="broken.pdf"):
        read_letter(tmp_path / "broken.pdf")


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if not n.startswith("damaged")))
def test_text_without_line_breaks_gives_the_same_items(name: str) -> None:
    with_breaks = parse_letter(read(name))
    flat = parse_letter(read(name).replace("\n", " "))
    assert [(i.item, i.decision, i.guideline_cited) for i in flat.items] == \
        [(i.item, i.decision, i.guideline_cited) for i in with_breaks.items]
    assert (flat.layout, flat.case_number, flat.worker) == \
        (with_breaks.layout, with_breaks.case_number, with_breaks.worker)
    assert any("no line breaks" in warning for warning in flat.warnings)


_PIECES = st.sampled_from([
    "Upheld", "Overturned", ": Upheld\n", "Claims Administrator guideline:", "Decision rationale:",
    "MAXIMUS guideline:", "CLINICAL CASE SUMMARY\n", "IMR ISSUES, DECISIONS AND RATIONALES\n",
    "ISSUE AT DISPUTE\n", "1. ", "Page 2 of 3\n", "CM13-0012345", "\u00e2\u00bf\u00bf", "-\n",
    "12/31/2013", "99/99/2013", "54 year old male", "diagnosed with", "Regarding the request for",
    "has determined the request for", " is not medically necessary", "\n", " ", ":", "(S)",
])


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=60))
def test_any_text_parses_without_crashing(pieces: list[str]) -> None:
    letter = parse_letter("".join(pieces))
    assert letter.layout is not None
    for item in letter.items:
        assert item.item and item.decision in (None, "upheld", "overturned")
    for value in letter.dates.model_dump().values():
        assert value is None or len(value) == 10


@pytest.mark.parametrize("ca_label, iro_label, rationale_label", [
    ("Claims Administrator guideline:", "MAXIMUS guideline:", "Decision rationale:"),
    ("CLAIMS ADMINISTRATOR GUIDELINE(S):", "MAXIMUS GUIDELINE(S):", "DECISION RATIONALE:"),
    ("Claims Administrator's guidelines :", "IRO guideline:", "Decision  rationale :"),
    ("Claims\nAdministrator guideline:", "Expert Reviewer guideline:", "Decision\nrationale:"),
])
def test_item_labels_are_matched_tolerantly(ca_label: str, iro_label: str,
                                            rationale_label: str) -> None:
    text = read("case-header-opioids.txt")
    text = text.replace("Claims Administrator guideline:", ca_label) \
        .replace("MAXIMUS guideline:", iro_label).replace("Decision rationale:", rationale_label)
    norco, cyclobenzaprine = parse_letter(text).items
    assert norco.claims_administrator_guideline.endswith("Opioids, pages 74-96")
    assert norco.guideline_pages == "78-80"
    assert norco.rationale.startswith("The guidelines call for ongoing review")
    assert cyclobenzaprine.rationale.endswith("is not medically necessary and appropriate.")


@pytest.mark.parametrize("summary_header, issues_header", [
    ("CLINICAL CASE SUMMARY", "IMR ISSUES, DECISIONS AND RATIONALES"),
    ("Clinical Case Summary:", "IMR Issues, Decisions and Rationales"),
    ("CLINICAL  CASE\nSUMMARY", "IMR ISSUES DECISIONS AND\nRATIONALES"),
    ("CLINICALCASESUMMARY", "IMR DECISION(S) AND RATIONALE(S):"),
])
def test_section_headers_are_matched_tolerantly(summary_header: str, issues_header: str) -> None:
    text = read("case-header-knee.txt").replace("CLINICAL CASE SUMMARY", summary_header) \
        .replace("IMR ISSUES, DECISIONS AND RATIONALES", issues_header)
    letter = parse_letter(text)
    assert letter.warnings == []
    assert letter.clinical_summary.startswith("The injured worker is a 61-year-old female")
    assert [item.decision.value for item in letter.items] == ["overturned", "overturned",
                                                              "upheld"]


def test_items_listed_twice_are_given_once_whatever_the_decision_heading() -> None:
    """Without a recognised decision heading the items are read from the whole letter: the
    summary's mention and the detailed one are still one item, with the rationale."""
    text = read("case-header-twice-knee.txt").replace("FINAL DETERMINATION AND REASONS",
                                                       "THE DETERMINATIONS IN DETAIL")
    letter = parse_letter(text)
    assert [(i.item, i.decision.value) for i in letter.items] == [
        ("Synvisc-One injection, right knee", "overturned"),
        ("Knee brace, hinged, right", "upheld")]
    assert all(i.rationale for i in letter.items)
    assert not any("no decision rationale" in w for w in letter.warnings)


def test_an_item_listed_twice_with_different_decisions_is_flagged() -> None:
    text = read("case-header-twice-knee.txt").replace(
        "Knee brace, hinged, right: Upheld\n\nHOW", "Knee brace, hinged, right: Overturned\n\nHOW"
    ).replace("FINAL DETERMINATION AND REASONS", "THE DETERMINATIONS IN DETAIL")
    letter = parse_letter(text)
    assert [i.decision.value for i in letter.items] == ["overturned", "upheld"]
    assert any("listed twice with different decisions" in w for w in letter.warnings)
