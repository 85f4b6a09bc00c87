"""Each fact kind is declared once (model.facts) and everything else is derived from it."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from openimr.model import Document, Evidence, Fact, FactKind, Page
from openimr.model.facts import VALUE_KEYS, VALUE_MODELS, validate_value
from openimr.records.dates import sentence_date
from openimr.records.evaluation import KEY_FIELDS
from openimr.records.extract import _EXCLUSIVE, document_facts
from openimr.records.kinds import spec_by_kind

EVIDENCE = Evidence(document="d", page=1, start=0, end=4, quote="text")


def test_every_declared_kind_has_one_spec_and_derived_tables() -> None:
    assert set(spec_by_kind()) == set(VALUE_MODELS) == {kind.value for kind in FactKind}
    assert set(VALUE_KEYS) == set(FactKind)
    assert KEY_FIELDS["therapy_sessions"] == ("modality", "count", "status")
    assert "adl_limitation" not in KEY_FIELDS  # matched on span only
    assert {"exam_finding", "medication"} <= _EXCLUSIVE and "pain_score" not in _EXCLUSIVE
    assert VALUE_KEYS[FactKind.treatment_trial]["outcome"].split("|")[1] == "partial"


def test_every_value_model_builds_when_first_used() -> None:
    """The value models' validators are built when a kind is first validated (a seed review
    uses 6 of the 25; issue 18): each one builds, and refuses an unknown key."""
    for name, model in VALUE_MODELS.items():
        model.model_rebuild(force=True)
        assert model.__pydantic_complete__, name
        with pytest.raises(ValueError, match="no_such_key"):
            validate_value(name, {"no_such_key": 1})


def test_fact_value_is_validated_and_stays_a_dict() -> None:
    fact = Fact(kind=FactKind.therapy_sessions, evidence=EVIDENCE,
                value={"modality": "physical_therapy", "count": "9", "status": "completed"})
    assert fact.value == {"modality": "physical_therapy", "count": 9, "status": "completed"}
    assert fact.value.get("at_least") is None  # keys not given are not added
    with pytest.raises(ValidationError, match="modality"):
        Fact(kind=FactKind.therapy_sessions, evidence=EVIDENCE,
             value={"modality": "physio", "count": 9, "status": "completed"})
    with pytest.raises(ValidationError, match="colour"):
        Fact(kind=FactKind.pain_score, evidence=EVIDENCE, value={"value": 7, "colour": "red"})
    # a partial value (a topic example) is allowed, its keys still checked
    assert validate_value("treatment_trial", {"treatment": "nsaid"}) == {"treatment": "nsaid"}


def test_every_extracted_value_is_complete_for_its_model() -> None:
    text = ("Date of service: 03/02/2015\nPain 3-4/10 today. She completed 12 sessions of "
            "physical therapy without relief. Norco 10/325 mg one tablet every 6 hours, #120.")
    facts = document_facts(Document(id="n", pages=[Page(number=1, text=text)]))
    assert facts
    for fact in facts:
        VALUE_MODELS[fact.kind.value].model_validate(fact.value)  # no required key missing


@pytest.mark.parametrize("sentence", ["Pain is 3-4/10 with medication.",
                                      "Pain 4-5/10, down from 8/10.",
                                      "Norco 5/325 mg and pain 7/10."])
def test_a_pain_range_or_dose_is_not_a_date(sentence: str) -> None:
    note = dt.date(2015, 3, 2)
    assert sentence_date(sentence, 0, note) == note


def test_dates_with_one_separator_still_parse() -> None:
    assert sentence_date("ESI on 3/4/10.", 0, None) == dt.date(2010, 3, 4)
    assert sentence_date("ESI on 3-4-2010.", 0, None) == dt.date(2010, 3, 4)
