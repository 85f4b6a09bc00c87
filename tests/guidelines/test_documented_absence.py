"""An absence after a full search of complete, readable records is a finding for what a
treating provider documents when it is so (`documented_when_true`), never while a record
speaks of it in words the reader could not settle, nor when a page could not be read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.documentation import Documented
from openimr.guidelines.items import parse_item
from openimr.guidelines.knowledge import load_knowledge_base
from openimr.guidelines.predicates import evaluate
from openimr.model import Case, Evidence, Fact
from openimr.model.determination import CriterionStatus, DecisionBasis
from openimr.records import documents_for_case
from openimr.review.drafting import review_case

AS_OF = dt.date(2015, 6, 1)
not_met, unknown = CriterionStatus.not_met, CriterionStatus.unknown


def _context(item: str, pages: dict[str, str], *, unreadable: tuple[str, ...] = (),
             second_hand: tuple[str, ...] = ()) -> Context:
    case = Case.model_validate({"disputed_items": [item], "records": [{"text": "x"}]})
    return Context(request=parse_item(item, as_of=AS_OF), case=case, facts=[],
                   documents=list(pages), as_of=AS_OF, unreadable=list(unreadable),
                   second_hand=frozenset(second_hand),
                   page_texts={(name, 1): text for name, text in pages.items()})


def _absence(context: Context) -> Outcome:
    return evaluate("functional_improvement_documented", context, {})


def test_an_absence_in_complete_readable_records_is_not_met_with_the_records_named() -> None:
    context = _context("Norco 10/325mg #60", {
        "r1": "Chronic LBP. Norco 10/325 bid. Exam: tender paraspinals.",
        "r2": "Follow-up. Refill Norco 10/325 #60.", "ur": "UR: non-certified."},
        second_hand=("ur",))
    outcome = _absence(context)
    assert outcome.status is unknown and outcome.absence
    decided = context.absent_after_search(outcome, Documented.function)
    assert decided.status is not_met
    assert "the 2 treating records submitted (r1 and r2) were all read" in decided.explanation


def test_words_of_the_concept_keep_it_unknown_and_are_quoted() -> None:
    # "works full time" is function the reader may not take as an improvement: never say it is
    # not documented while a record speaks of it.
    context = _context("Norco 10/325mg #60", {
        "r1": "Chronic LBP. On Norco he works full time at the warehouse. Refill."})
    decided = context.absent_after_search(_absence(context), Documented.function)
    assert decided.status is unknown
    assert decided.evidence[-1].quote == "On Norco he works full time at the warehouse"
    assert "a physician must read them" in decided.explanation


def test_words_that_deny_or_plan_are_no_sign_of_a_missed_statement() -> None:
    for sentence in ("Functional measures: not recorded.", "Function unchanged since May.",
                     "Will report response at 6 weeks."):
        context = _context("Norco 10/325mg #60", {"r1": f"Chronic LBP. {sentence} Refill."})
        for concept in (Documented.function, Documented.response):
            outcome = Outcome.unknown(context.none_documents("documents it"), "it")
            assert context.absent_after_search(outcome, concept).status is not_met, sentence


def test_an_unreadable_page_or_only_second_hand_records_keep_it_unknown() -> None:
    pages = {"r1": "Chronic LBP. Refill Norco.", "ur": "UR: non-certified."}
    unread = _context("Norco 10/325mg #60", pages, unreadable=("r1 p. 2",))
    assert unread.absent_after_search(_absence(unread), Documented.function).status is unknown
    summaries = _context("Norco 10/325mg #60", pages, second_hand=("r1", "ur"))
    assert summaries.absent_after_search(_absence(summaries), Documented.function).status \
        is unknown


def test_an_unknown_that_is_not_an_absence_is_left_alone() -> None:
    context = _context("Norco 10/325mg #60", {"r1": "Chronic LBP. Refill Norco."})
    outcome = Outcome.unknown("The request does not state the days of use.", "the days")
    assert not outcome.absence
    assert context.absent_after_search(outcome, Documented.function) is outcome


def test_the_engine_applies_it_only_to_criteria_marked_so() -> None:
    knowledge = load_knowledge_base()
    marked = {c.id: c.documented_when_true for t in knowledge.topics.values()
              for c in t.criteria_at(AS_OF)}
    assert marked["op.continuation.function"] is Documented.function
    assert marked["op.continuation.aberrant_behavior"] is Documented.drug_monitoring
    assert marked["op.dose_ceiling"] is None
    notes = [("2015-03-02", "PR-2 03/02/2015. Chronic LBP since 2012. Norco 10/325 1 po bid, "
                            "taking it since 2013. Exam: tender paraspinals."),
             ("2015-05-04", "PR-2 05/04/2015. Chronic LBP. Continues Norco 10/325 bid. Exam: "
                            "tender paraspinals. Plan: refill Norco 10/325 #60.")]
    case = Case.model_validate({
        "ur_decision": {"date": "2015-06-01"}, "disputed_items": ["Norco 10/325mg #60"],
        "records": [{"date": day, "type": "progress report", "text": text}
                    for day, text in notes]})
    review = review_case(case, documents_for_case(case, Path(".")))
    criteria = {c.id: c for c in review.determination.determinations[0].criteria}
    assert criteria["op.continuation.function"].status is not_met
    drafted = review.determination.determinations[0]
    assert drafted.basis is DecisionBasis.criteria_not_met
    # upheld on an absence alone: no quote, so a physician confirms nothing was missed
    assert drafted.needs_physician_attention
    assert any("op.continuation.function" in r and "no quote" in r
               for r in drafted.attention_reasons)
    # the same notes with the function the drug allows, in words: unknown, never "not documented"
    notes[1] = (notes[1][0], notes[1][1].replace("Continues", "On it he is back to full duty. "
                                                  "Continues"))
    case = case.model_copy(update={"records": [r.model_copy(update={"text": text})
                                               for r, (_, text) in zip(case.records, notes, strict=True)]})
    review = review_case(case, documents_for_case(case, Path(".")))
    criteria = {c.id: c for c in review.determination.determinations[0].criteria}
    assert criteria["op.continuation.function"].status is not not_met


def _improvement(text: str, quote: str, **flags) -> Fact:
    start = text.index(quote)
    return Fact(kind="functional_improvement", value={"present": True}, date=AS_OF,
                evidence=Evidence(document="r1", page=1, start=start, end=start + len(quote),
                                  quote=quote), **flags)


def test_a_gain_told_only_as_history_or_on_a_form_does_not_carry_the_criterion() -> None:
    text = "PR-2. Years ago PT helped her walk further. Refill Norco."
    quote = "PT helped her walk further"
    current = _improvement(text, quote)
    for weak, forms in (({"historical": True}, ()), ({"hypothetical": True}, ()),
                        ({"copy_of": "functional_improvement@r0:1:0-10"}, ()), ({}, ("r1",))):
        context = _context("Norco 10/325mg #60", {"r1": text})
        context.facts = [current.model_copy(update=weak)]
        context.forms = frozenset(forms)
        outcome = _absence(context) if not weak.get("hypothetical") and not weak.get("copy_of") \
            else Outcome.met("The records document functional improvement.", context.facts)
        decided = context.only_weak_mentions(outcome)
        assert decided.status is unknown, weak or forms
        assert decided.missing == ("a treating provider's current record of it",)
    context = _context("Norco 10/325mg #60", {"r1": text})
    context.facts = [current]
    outcome = _absence(context)
    assert outcome.status is CriterionStatus.met
    assert context.only_weak_mentions(outcome) is outcome


def test_a_diagnosis_only_the_case_file_lists_is_met_but_unquoted_and_flagged() -> None:
    from openimr.guidelines.basis import attention_reasons
    from openimr.model import CriterionResult, CriterionRole, Decision

    case = Case.model_validate({"disputed_items": ["Hinged knee brace"], "records": [{"text": "x"}],
                                "diagnoses": [{"code": "S83.511A",
                                               "description": "Sprain of ACL of right knee"}]})
    context = Context(request=parse_item("Hinged knee brace", as_of=AS_OF), case=case, facts=[],
                      documents=["r1"], as_of=AS_OF, page_texts={("r1", 1): "Knee pain."})
    args = {"groups": [], "patterns": ["acl"], "description": "a ligament injury"}
    outcome = evaluate("diagnosis_in_groups", context, args)
    assert outcome.status is CriterionStatus.met and outcome.unquoted and not outcome.evidence
    # any_of keeps it unquoted only when every met check is
    either = evaluate("any_of", context, {"checks": [
        {"predicate": "diagnosis_in_groups", "args": args},
        {"predicate": "request_mentions", "args": {"pattern": "hinged", "description": "x"}}]})
    assert either.status is CriterionStatus.met and not either.unquoted
    met = CriterionResult(id="bo.knee_instability", text="t", status=CriterionStatus.met,
                          role=CriterionRole.requirement)
    reasons = attention_reasons(Decision.overturned, [met], [], ["r1"], (),
                                unquoted=["bo.knee_instability"])
    assert any("case file" in r for r in reasons)
    assert not attention_reasons(Decision.upheld, [met], [], ["r1"], (),
                                 unquoted=["bo.knee_instability"])


def test_opioid_monitoring_never_spoken_of_in_complete_records_is_not_met() -> None:
    # the CPMTG asks for the monitoring at each visit (p. 78): refills with no word of it
    context = _context("Norco 10/325mg #120", {
        "r1": "Chronic neck pain. Norco since 2019, pain 7/10 to 4/10 with it. Refill #120."})
    outcome = evaluate("aberrant_behavior_absent", context, {})
    assert outcome.status is unknown
    assert context.absent_after_search(outcome, Documented.drug_monitoring).status is not_met
    # words of it the reader did not settle ("urine screen sent") keep it for a physician
    sent = _context("Norco 10/325mg #120", {
        "r1": "Chronic neck pain. Norco since 2019. Urine screen sent to the lab. Refill #120."})
    outcome = evaluate("aberrant_behavior_absent", sent, {})
    assert sent.absent_after_search(outcome, Documented.drug_monitoring).status is unknown


def test_spasm_never_spoken_of_in_complete_records_is_not_met() -> None:
    context = _context("Cyclobenzaprine 10mg #60", {
        "r1": "Chronic LBP for 2 years. Exam: tender L4-5, ROM limited. Cyclobenzaprine."})
    outcome = evaluate("finding_documented", context,
                       {"findings": ["spasm"], "description": "muscle spasm"})
    assert context.absent_after_search(outcome, Documented.muscle_spasm).status is not_met
    tight = _context("Cyclobenzaprine 10mg #60", {
        "r1": "Chronic LBP. Exam: paralumbar tightness. Cyclobenzaprine 10 mg."})
    outcome = evaluate("finding_documented", tight,
                       {"findings": ["spasm"], "description": "muscle spasm"})
    assert tight.absent_after_search(outcome, Documented.muscle_spasm).status is unknown


def test_a_checklist_that_marks_words_absent_is_read_as_the_reader_reads_it() -> None:
    from openimr.guidelines.documentation import denies

    for sentence, word in (("ROS: [ ] fever [ ] night sweats", "night sweats"),
                           ("Fever [N], chills [N]", "Fever"),
                           ("No fever, weight loss, night sweats", "night sweats")):
        at = sentence.index(word)
        assert denies(Documented.red_flag, sentence, at, at + len(word)), sentence
    sentence = "ROS: [x] fever"
    assert not denies(Documented.red_flag, sentence, sentence.index("fever"), len(sentence))
