"""The generic engine on synthetic topics: selection, versions, gates, unsupported items."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from openimr.guidelines.engine import decide_item
from openimr.guidelines.knowledge import load_knowledge_base, load_topic
from openimr.model import Case, Decision, Evidence, Fact, TreatmentRequest
from openimr.model.errors import InputError


def _topic(topic_id: str, **extra) -> dict:
    return {
        "id": topic_id, "title": topic_id, "categories": ["imaging"],
        "versions": [
            {"id": "old", "in_force": {"from": "2009-07-18", "until": "2017-11-30"},
             "guideline": {"source": "MTUS", "document": "ACOEM", "section": topic_id,
                           "pages": "303", "version": "2009"},
             "citation": f"MTUS ACOEM {topic_id}, page 303", "summary": "Old summary."},
            {"id": "new", "in_force": {"from": "2017-12-01"},
             "guideline": {"source": "ODG", "document": "ODG", "section": topic_id,
                           "version": "2018"},
             "citation": f"ODG {topic_id}", "summary": "New summary.",
             "hierarchy_note": "The MTUS does not address this; ODG is the next source."},
        ],
        "criteria": [
            {"id": f"{topic_id}.red_flag", "text": "A red flag is documented.",
             "predicate": "fact_present",
             "args": {"kind": "red_flag", "description": "a red flag"}},
        ],
        **extra,
    }


@pytest.fixture
def knowledge(tmp_path: Path):
    topics = [
        _topic("imaging_general"),
        _topic("imaging_knee", body_parts=["knee"]),
        _topic("imaging_mri_lumbar", subcategories=["mri"], body_parts=["lumbar_spine"]),
        {**_topic("gated"), "categories": ["tens"], "criteria": [
            {"id": "gated.only", "text": "Gated.", "predicate": "fact_present",
             "args": {"kind": "red_flag", "description": "a red flag"},
             "applies_when": {"predicate": "fact_present",
                              "args": {"kind": "surgery", "description": "a surgery"}}}]},
    ]
    for topic in topics:
        (tmp_path / f"{topic['id']}.yaml").write_text(yaml.safe_dump(topic), encoding="utf-8")
    return load_knowledge_base(tmp_path)


def _fact(kind: str, negated: bool = False, **value) -> Fact:
    return Fact(kind=kind, value=value, negated=negated,
                evidence=Evidence(document="d", page=1, start=0, end=4, quote="text"))


def _decide(knowledge, request: TreatmentRequest, facts=(), as_of=dt.date(2014, 1, 1)):
    case = Case.model_validate({"disputed_items": [request.text], "records": [{"text": "x"}]})
    return decide_item(request.text, request, case, list(facts), knowledge,
                       documents=["d"], as_of=as_of)


def test_most_specific_topic_wins(knowledge) -> None:
    assert knowledge.topic_for("imaging", "mri", "lumbar_spine").id == "imaging_mri_lumbar"
    assert knowledge.topic_for("imaging", "ct", "lumbar_spine").id == "imaging_general"
    assert knowledge.topic_for("imaging", "mri", "knee").id == "imaging_knee"
    assert knowledge.topic_for("imaging", None, None).id == "imaging_general"
    assert knowledge.topic_for("surgery", None, None) is None
    assert knowledge.topic_for(None) is None


def test_version_in_force_decides_the_citation(knowledge) -> None:
    request = TreatmentRequest(text="MRI", category="imaging")
    old = _decide(knowledge, request, [_fact("red_flag", flag="fracture")])
    assert old.decision is Decision.overturned
    assert old.citation == "MTUS ACOEM imaging_general, page 303"
    new = _decide(knowledge, request, [_fact("red_flag", flag="fracture")], as_of=dt.date(2019, 5, 1))
    assert new.citation == "ODG imaging_general"
    assert "ODG is the next source" in new.rationale


def test_no_version_in_force_is_unsupported(knowledge) -> None:
    result = _decide(knowledge, TreatmentRequest(text="MRI", category="imaging"),
                     as_of=dt.date(2005, 1, 1))
    assert result.decision is Decision.unsupported
    assert "no version of the guideline was in force on 01/01/2005" in result.rationale


def test_statuses_drive_the_decision(knowledge) -> None:
    request = TreatmentRequest(text="MRI", category="imaging")
    unknown = _decide(knowledge, request)
    assert unknown.decision is Decision.upheld
    assert unknown.criteria[0].status.value == "unknown"
    assert "No record submitted documents a red flag (the only record was searched)" in unknown.rationale
    negated = _decide(knowledge, request, [_fact("red_flag", negated=True, flag="cauda_equina")])
    assert negated.criteria[0].status.value == "not_met"
    assert negated.criteria[0].evidence[0].quote == "text"


def test_unknown_category_is_unsupported_and_says_why(knowledge) -> None:
    result = _decide(knowledge, TreatmentRequest(text="Hyperbaric oxygen"))
    assert result.decision is Decision.unsupported
    assert "could not be identified" in result.rationale
    other = _decide(knowledge, TreatmentRequest(text="Fusion", category="surgery", body_part="knee"))
    assert other.decision is Decision.unsupported
    assert "(surgery, knee)" in other.rationale
    assert "physician reviewer must decide" in other.rationale


def test_no_applicable_criterion_is_unsupported(knowledge) -> None:
    result = _decide(knowledge, TreatmentRequest(text="TENS", category="tens"),
                     [_fact("surgery", negated=True, procedure="none")])
    assert result.decision is Decision.unsupported
    assert result.not_applicable == ["gated.only"]


def test_bad_topic_files_fail_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ncategories: [a]\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.yaml"):
        load_topic(bad)
    unknown = _topic("unknown_predicate")
    unknown["criteria"][0]["predicate"] = "no_such_predicate"
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "t.yaml").write_text(yaml.safe_dump(unknown), encoding="utf-8")
    with pytest.raises(InputError, match=r"t\.yaml, line \d+: .*unknown predicate 'no_such_predicate'"):
        load_knowledge_base(folder)


def test_dated_parameter_lookup() -> None:
    from openimr.guidelines.knowledge import Parameter

    parameter = Parameter(description="cap", reference="LC", values={
        dt.date(2004, 1, 1): 24, dt.date(2030, 1, 1): 30})
    assert parameter.at(dt.date(2013, 1, 1)) == 24
    assert parameter.at(dt.date(2031, 1, 1)) == 30
    with pytest.raises(LookupError):
        parameter.at(dt.date(2003, 12, 31))


def test_every_bundled_topic_loads_and_has_a_version_with_citation() -> None:
    knowledge = load_knowledge_base()
    assert "physical_medicine" in knowledge.topics
    for topic in knowledge.topics.values():
        assert topic.versions and topic.criteria
        for version in topic.versions:
            assert version.citation and version.summary


def test_an_absence_is_never_stated_over_unreadable_pages(knowledge) -> None:
    request = TreatmentRequest(text="MRI", category="imaging")
    case = Case.model_validate({"disputed_items": ["MRI"], "records": [{"text": "x"}]})
    result = decide_item("MRI", request, case, [], knowledge, documents=["d", "scan.pdf"],
                         unreadable=["scan.pdf p. 2"], as_of=dt.date(2014, 1, 1))
    assert result.criteria[0].status.value == "unknown"
    assert "No record submitted" not in result.rationale
    assert "1 page without a text layer could not be read: scan.pdf p. 2" in result.rationale


def _weighing_topic(tmp_path: Path, considerations: int):
    """A requirement (a red flag) and some considerations (each a different kind of fact)."""
    kinds = ["home_exercise_program", "side_effect", "aberrant_behavior"][:considerations]
    topic = {**_topic("weighing"), "criteria": [
        {"id": "weighing.red_flag", "text": "A red flag is documented.", "predicate": "fact_present",
         "args": {"kind": "red_flag", "description": "a red flag"}},
        *({"id": f"weighing.{kind}", "text": f"{kind} is documented.", "role": "consideration",
           "role_source": "test", "predicate": "fact_present",
           "args": {"kind": kind, "description": kind}} for kind in kinds)]}
    (tmp_path / "weighing.yaml").write_text(yaml.safe_dump(topic), encoding="utf-8")
    return load_knowledge_base(tmp_path)


def test_a_consideration_is_reported_but_never_decides_alone(tmp_path: Path) -> None:
    knowledge = _weighing_topic(tmp_path, considerations=1)
    request = TreatmentRequest(text="MRI", category="imaging")
    against = [_fact("home_exercise_program", negated=True, status="independent")]
    met = _decide(knowledge, request, [_fact("red_flag", flag="fracture"), *against])
    assert met.decision is Decision.overturned
    weighed = next(r for r in met.criteria if r.id == "weighing.home_exercise_program")
    assert (weighed.role.value, weighed.status.value) == ("consideration", "not_met")
    assert "does not decide the request" in met.rationale
    # With the requirement unknown the item is upheld, and the consideration is no reason.
    unknown = _decide(knowledge, request, against)
    assert unknown.decision is Decision.upheld


def test_considerations_not_met_together_uphold(tmp_path: Path) -> None:
    knowledge = _weighing_topic(tmp_path, considerations=2)
    request = TreatmentRequest(text="MRI", category="imaging")
    facts = [_fact("red_flag", flag="fracture"),
             _fact("home_exercise_program", negated=True, status="independent"),
             _fact("side_effect", negated=True, effect="nausea")]
    assert _decide(knowledge, request, facts).decision is Decision.upheld
    assert _decide(knowledge, request, facts[:2]).decision is Decision.overturned


def test_basis_and_the_checklist_of_missing_documentation(knowledge) -> None:
    request = TreatmentRequest(text="MRI", category="imaging")
    unknown = _decide(knowledge, request)
    assert unknown.basis.value == "insufficient_documentation"
    [line] = unknown.missing_documentation
    assert (line.criterion, line.missing, line.searched) == ("imaging_general.red_flag",
                                                             ["a red flag"], ["d"])
    negated = _decide(knowledge, request, [_fact("red_flag", negated=True, flag="tumor")])
    assert negated.basis.value == "criteria_not_met" and negated.missing_documentation == []
    met = _decide(knowledge, request, [_fact("red_flag", flag="tumor")])
    assert met.basis.value == "criteria_met"


def _from(document: str, kind: str, negated: bool = False, **value) -> Fact:
    return Fact(kind=kind, value=value, negated=negated,
                evidence=Evidence(document=document, page=1, start=0, end=4, quote=f"{document}"))


def test_a_second_hand_fact_alone_never_settles_a_criterion(knowledge) -> None:
    request = TreatmentRequest(text="MRI", category="imaging")
    case = Case.model_validate({"disputed_items": ["MRI"], "records": [{"text": "x"}]})
    reported = [_from("ur", "red_flag", flag="tumor")]
    alone = decide_item("MRI", request, case, reported, knowledge, documents=["note", "ur"],
                        as_of=dt.date(2014, 1, 1), second_hand=["ur"])
    assert alone.criteria[0].status.value == "unknown"
    assert "ur is second-hand (UR decision or summary) and not read as findings, 8 CCR 9792.10.6(b)(2)" \
        in alone.criteria[0].explanation
    assert alone.decision is Decision.upheld
    corroborated = decide_item("MRI", request, case, [*reported, _from("note", "red_flag", flag="tumor")],
                               knowledge, documents=["note", "ur"], as_of=dt.date(2014, 1, 1),
                               second_hand=["ur"])
    assert corroborated.decision is Decision.overturned
    summaries_only = decide_item("MRI", request, case, reported, knowledge, documents=["ur"],
                                 as_of=dt.date(2014, 1, 1), second_hand=["ur"])
    assert summaries_only.needs_physician_attention
    assert "summaries only" in summaries_only.attention_reasons[0]


def test_conflicting_records_need_a_physician(knowledge) -> None:
    request = TreatmentRequest(text="MRI", category="imaging")
    case = Case.model_validate({"disputed_items": ["MRI"], "records": [{"text": "x"}]})
    facts = [_from("note-1", "red_flag", flag="tumor"),
             _from("note-2", "red_flag", negated=True, flag="tumor")]
    result = decide_item("MRI", request, case, facts, knowledge, documents=["note-1", "note-2"],
                         as_of=dt.date(2014, 1, 1))
    assert result.needs_physician_attention
    assert "the records conflict" in result.attention_reasons[0]
    clear = decide_item("MRI", request, case, facts[:1], knowledge, documents=["note-1"],
                        as_of=dt.date(2014, 1, 1))
    assert not clear.needs_physician_attention
