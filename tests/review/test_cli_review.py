"""`openimr review` and `openimr schema` as a user runs them: formats, schema, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

SEED = EXAMPLES / "seed-lumbar-pt.json"


def test_text_letter_has_the_seed_structure(cli) -> None:
    result = cli("review", str(SEED))
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    sections = ["HOW THE IMR FINAL DETERMINATION WAS MADE", "CLINICAL CASE SUMMARY",
                "IMR ISSUES, DECISIONS AND RATIONALES"]
    positions = [text.index(s) for s in sections]
    assert positions == sorted(positions)
    assert "8 Physical Therapy Sessions between 7/29/2013 and 9/29/2013: Upheld" in text
    assert "Claims Administrator guideline: The Claims Administrator did not cite any medical" in text
    assert "guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines" in text
    assert "Decision rationale:" in text
    assert result.stdout.splitlines()[0].startswith("*** DRAFT")


def test_json_has_the_documented_shape(cli) -> None:
    result = cli("review", str(SEED), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "draft"
    assert data["case_number"] == "CM13-0012345"
    item = data["determinations"][0]
    assert item["item"] == "8 Physical Therapy Sessions between 7/29/2013 and 9/29/2013"
    assert item["category"] == "physical_therapy"
    assert item["decision"] in {"upheld", "overturned"}
    assert set(item["guideline"]) >= {"source", "document", "section", "pages", "version"}
    assert item["citation"].startswith("MTUS ")
    for criterion in item["criteria"]:
        assert set(criterion) >= {"id", "text", "status", "evidence"}
        assert criterion["status"] in {"met", "not_met", "unknown"}
    assert item["rationale"]


def test_html_and_pdf_to_files(cli, tmp_path: Path) -> None:
    html = tmp_path / "letter.html"
    pdf = tmp_path / "letter.pdf"
    assert cli("review", str(SEED), "-f", "html", "-o", str(html)).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "DRAFT" in page and "IMR ISSUES, DECISIONS AND RATIONALES" in page
    result = cli("review", str(SEED), "--format", "pdf", "--output", str(pdf))
    assert result.exit_code == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "CLINICAL CASE SUMMARY" in text and "DRAFT" in text


def test_pdf_to_stdout_is_binary(cli) -> None:
    result = cli("review", str(SEED), "--format", "pdf")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"%PDF-")


def test_same_input_same_output(cli) -> None:
    first = cli("review", str(SEED), "-f", "json").stdout
    assert first == cli("review", str(SEED), "-f", "json").stdout


def test_schema_case(cli) -> None:
    result = cli("schema", "case")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert set(schema["required"]) == {"disputed_items", "records"}
    for field in ("case_number", "priority", "application", "worker", "claim", "ur_decision",
                  "requesting_provider", "diagnoses"):
        assert field in schema["properties"]


def test_every_example_case_validates_against_the_schema(cli) -> None:
    import jsonschema
    import yaml

    schema = json.loads(cli("schema", "case").stdout)
    for path in sorted(EXAMPLES.rglob("*.json")) + sorted(EXAMPLES.rglob("*.yaml")):
        if path.name == "expected.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


def _write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


MINIMAL = {"disputed_items": ["6 physical therapy visits"], "records": [{"text": "Note."}]}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", '{"disputed_items": [', "invalid JSON at line 1"),
        ("broken.yaml", "disputed_items: [\n  - a\n records: x", "invalid YAML"),
        ("list.json", "[1, 2]", "must be an object"),
        ("no-items.json", json.dumps({"records": [{"text": "x"}]}), "disputed_items: Field required"),
        ("empty-items.json", json.dumps({**MINIMAL, "disputed_items": []}), "disputed_items:"),
        ("bad-date.json", json.dumps({**MINIMAL, "claim": {"date_of_injury": "14/10/2002"}}),
         "claim.date_of_injury"),
        ("bad-icd.json", json.dumps({**MINIMAL, "diagnoses": [{"code": "Q99.999X"}]}),
         "diagnoses.0.code"),
        ("bad-priority.json", json.dumps({**MINIMAL, "priority": "urgent"}), "priority"),
        ("extra.json", json.dumps({**MINIMAL, "colour": "blue"}), "colour"),
        ("missing-record.json", json.dumps({**MINIMAL, "records": [{"path": "nowhere.txt"}]}),
         "nowhere.txt"),
        ("bad-suffix.json", json.dumps({**MINIMAL, "records": [{"path": "note.docx"}]}),
         "must be a .txt, .pdf"),
    ],
)
def test_bad_input_is_a_clear_error(cli, tmp_path: Path, name: str, content: str,
                                    message: str) -> None:
    path = _write(tmp_path, name, content)
    result = cli("review", str(path))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert result.stderr.startswith("error:")


def test_missing_case_file_in_a_real_process(cli_process, tmp_path: Path) -> None:
    result = cli_process("review", str(tmp_path / "absent.json"))
    assert result.exit_code == 2
    assert "case file not found" in result.stderr


def test_unknown_format_is_a_usage_error(cli_process) -> None:
    result = cli_process("review", str(SEED), "--format", "docx")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_unreadable_pdf_record(cli, tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    path = _write(tmp_path, "case.json", json.dumps({**MINIMAL, "records": [{"path": "scan.pdf"}]}))
    result = cli("review", str(path))
    assert "Traceback" not in result.stderr
    # An unreadable record is reported; the case is still reviewed on what can be read, or the
    # whole review stops with a message naming the file: either way, never a traceback.
    assert result.exit_code in (0, 2)
    assert "scan.pdf" in (result.stderr + result.stdout)


def test_minimal_case_says_what_it_could_not_establish(cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "case.json", json.dumps(MINIMAL))
    result = cli("review", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert any("UR decision date is not given" in w or "Neither the UR decision" in w
               for w in data["warnings"])
    item = data["determinations"][0]
    assert item["decision"] == "upheld"
    assert "not shown" in item["rationale"]


def test_guidelines_commands(cli) -> None:
    listed = cli("guidelines", "list", "--as-of", "2013-08-02")
    assert listed.exit_code == 0
    assert "physical_medicine" in listed.stdout and "opioids" in listed.stdout
    shown = cli("guidelines", "show", "physical_medicine", "--as-of", "2013-08-02")
    assert "pm.visits_within_guideline [unverified]" in shown.stdout
    assert "cites: MTUS Chronic Pain Medical Treatment Guidelines, Physical Medicine, page 99" \
        in shown.stdout
    parsed = json.loads(cli("guidelines", "parse", "Acupuncture 2x3 lumbar").stdout)
    assert (parsed["category"], parsed["quantity"], parsed["topic"]) == ("acupuncture", 6,
                                                                          "acupuncture")
    unknown = cli("guidelines", "show", "no_such_topic")
    assert unknown.exit_code == 2 and "unknown topic" in unknown.stderr
    bad_date = cli("guidelines", "list", "--as-of", "08/02/2013")
    assert bad_date.exit_code == 2 and "--as-of must be a date" in bad_date.stderr


def test_worksheet_and_json_show_the_basis_and_the_missing_documentation(cli, tmp_path: Path) -> None:
    case = json.loads(SEED.read_text(encoding="utf-8"))
    case["disputed_items"] = ["Lumbar MRI without contrast"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    data = json.loads(cli("review", str(path), "--format", "json").stdout)
    item = data["determinations"][0]
    assert item["basis"] == "insufficient_documentation"
    # The seed case has one record: the checklist says it was searched.
    assert len(item["missing_documentation"][0]["searched"]) == 1
    assert 0 < item["confidence"] < 1
    text = cli("review", str(path)).stdout
    assert "Basis: insufficient documentation; confidence" in text
    assert "Missing documentation (what the records did not establish, and where it was looked for):" in text
    assert "   [ ] iml.indication:" in text
    html = cli("review", str(path), "--format", "html").stdout
    assert '<ul class="missing">' in html and "Basis: <strong>insufficient documentation</strong>" in html
