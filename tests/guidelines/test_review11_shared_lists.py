"""One list or one reader for what several criteria read alike (review 11, section D; session
"fix-review-a"): the shared statement lists of `data/statements.yaml`, the one BMI reader,
the one reader of side letters."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.guidelines.context import Context
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.guidelines.predicates import evaluate
from openimr.guidelines.predicates.statements import statement_set, statement_sets
from openimr.model import Case
from openimr.model.determination import CriterionStatus

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown
AS_OF = dt.date(2021, 6, 1)


def _criterion(criterion_id: str):
    for topic in load_knowledge_base().topics.values():
        for criterion in topic.criteria:
            if criterion.id == criterion_id:
                return criterion
    raise AssertionError(criterion_id)


def _evaluate(predicate: str, args: dict, *notes: str) -> CriterionStatus:
    pages = {f"note-{n}": text for n, text in enumerate(notes)}
    item = "Physical therapy 6 visits"
    case = Case.model_validate({"disputed_items": [item], "records": [{"text": "x"}]})
    context = Context(
        request=parse_item(item, as_of=AS_OF),
        case=case,
        facts=[],
        documents=list(pages),
        as_of=AS_OF,
        page_texts={(name, 1): text for name, text in pages.items()},
    )
    return evaluate(predicate, context, args).status


# -- R2: the two programs read a surgical candidacy from one list


@pytest.mark.parametrize(
    "criterion_id", ["frp.not_surgical_candidate", "wc.not_surgical_candidate"]
)
def test_both_programs_read_surgical_candidacy_alike(criterion_id: str) -> None:
    criterion = _criterion(criterion_id)
    assert "not_a_surgical_candidate" in criterion.args["met_sets"]
    args = criterion.args
    assert _evaluate("records_state", args, "Spine surgeon: not a surgical candidate.") is met
    assert (
        _evaluate("records_state", args, "Neurosurgery recommends an L5-S1 microdiscectomy.")
        is not_met
    )
    gate = criterion.applies_when.args["check"]
    assert (
        _evaluate(gate["predicate"], gate["args"], "Referred to Dr. Lin for a surgical opinion.")
        is met
    )


# -- R6: repeat films of a limb and of any region read a change from one list


@pytest.mark.parametrize(
    "sentence",
    [
        "Increasing lateral ankle swelling since March.",  # once only the x-ray topic's words
        "The wrist now locks when she grips.",
    ],
)
def test_a_change_reads_alike_for_any_repeat_study(sentence: str) -> None:
    args = {
        "description": "a significant change",
        "met_sets": ["significant_change"],
        "not_met_sets": ["no_significant_change"],
    }
    assert _evaluate("records_state", args, sentence) is met
    assert (
        _evaluate("records_state", args, "Ankle symptoms unchanged since the last films.")
        is not_met
    )
    assert (
        _evaluate("records_state", args, "She is increasing her walking and the pain is mild.")
        is unknown
    )


def test_an_unknown_statement_list_fails() -> None:
    with pytest.raises(ValueError):
        statement_set(["no_such_list"])
    assert {
        "not_a_surgical_candidate",
        "surgery_weighed",
        "significant_change",
        "no_significant_change",
        "deconditioning",
    } <= set(statement_sets())


# -- R3: one BMI reader


@pytest.mark.parametrize(
    ("notes", "status"),
    [
        (("Body mass index of 36.8.",), met),
        (("BMI: 43", "Weight down; BMI now 39.1."), met),  # the later record decides
        (("BMI 37.5", "BMI 42 at today's visit"), not_met),
        (("Goal BMI 35 before the replacement.",), unknown),
    ],
)
def test_the_latest_stated_bmi_decides(notes: tuple[str, ...], status: CriterionStatus) -> None:
    assert _evaluate("bmi_below", {"limit": 40, "description": "a BMI under 40"}, *notes) is status


def test_a_stated_bmi_gates_the_criterion() -> None:
    args = {"description": "a stated body mass index"}
    assert _evaluate("bmi_stated", args, "BMI 31.") is met
    assert _evaluate("bmi_stated", args, "Target BMI 30 or less before surgery.") is unknown


# -- R7: one list of hip-girdle and core weakness, for the ESI and the lumbar MRI


@pytest.mark.parametrize("criterion_id", ["esi.radiculopathy_on_exam", "iml.indication"])
def test_deconditioning_is_one_list(criterion_id: str) -> None:
    criterion = _criterion(criterion_id)
    found = (
        criterion.args
        if criterion.predicate == "finding_documented"
        else next(
            check["args"]
            for check in _checks(criterion.args)
            if check["predicate"] == "finding_documented"
        )
    )
    assert found["except_sets"] == ["deconditioning"]
    assert "except_details" not in found


def _checks(args: dict):
    for value in args.values():
        for call in value if isinstance(value, list) else [value]:
            if isinstance(call, dict) and "predicate" in call:
                yield call
                yield from _checks(call.get("args", {}))
