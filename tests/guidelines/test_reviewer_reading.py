"""What a careful reviewer reads in the records (issue 12 §1, session "decide"): each change
reads a general way of writing a fact, never one case's words."""

from __future__ import annotations

import datetime as dt

from openimr.guidelines.predicates import evaluate
from openimr.model.determination import CriterionStatus
from openimr.records.column_tables import use_began
from openimr.records.pain_changes import pain_changes
from tests.guidelines.test_evidence_reading import Note, _context, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown
NSAID = {"classes": ["nsaid"], "description": "an NSAID", "prior_use": True}


def test_a_course_told_as_over_is_not_use_the_request_continues() -> None:
    """CPMTG NSAIDs pp. 67-68: continued use needs documented benefit; a new course for a flare,
    after one that ended a year earlier, is not a continuation."""
    note = Note("Naproxen, which we used for about five weeks in the spring of 2014, calmed a "
                "similar flare and she stopped it once she felt better. Plan: naproxen 500 mg "
                "bid #60.", dt.date(2015, 5, 1))
    facts = [note.fact("medication", "Naproxen", drug="naproxen", generic="naproxen"),
             note.fact("medication", "naproxen 500 mg", drug="naproxen", generic="naproxen")]
    assert _status(_context("Naproxen 500mg #60", [note], facts), "on_medication",
                   **NSAID) is not_met
    # Still taking it, in notes of two dates: use the request continues.
    earlier = Note("Naproxen 500 mg bid, helps.", dt.date(2015, 3, 1), "e")
    facts = [earlier.fact("medication", "Naproxen", drug="naproxen", generic="naproxen"), facts[1]]
    assert _status(_context("Naproxen 500mg #60", [earlier, note], facts), "on_medication",
                   **NSAID) is met


def test_an_nsaid_in_a_cream_is_not_use_of_the_oral_drug() -> None:
    note = Note("Uses a compounded cream (flurbiprofen/lidocaine) from another clinic. Pharmacy: "
                "Flurbiprofen 20% cream. Plan: naproxen 550 mg bid.", dt.date(2015, 5, 1))
    facts = [note.fact("medication", "flurbiprofen", drug="flurbiprofen", generic="flurbiprofen"),
             note.fact("medication", "Flurbiprofen 20%", drug="flurbiprofen",
                       generic="flurbiprofen", strength="20%"),
             note.fact("medication", "naproxen 550 mg", drug="naproxen", generic="naproxen")]
    assert _status(_context("Naproxen 550mg #60", [note], facts), "on_medication",
                   **NSAID) is not_met
    # For a topical request, the cream is the drug in use.
    assert _status(_context("Flurbiprofen 20% cream 120g", [note], facts), "on_medication",
                   **NSAID) is met


def test_a_change_of_pain_is_read_however_the_note_tells_it() -> None:
    """CPMTG p. 78 (mtus-facts §3.5): analgesia is pain with the drug against pain without it."""
    told = {
        "With a tablet his back goes from about 7 to 3 within the hour.": (3, 7),
        "She rates the pain around 7 when it wears off and about 4 an hour after a tablet.": (4, 7),
    }
    for text, (low, high) in told.items():
        note = Note(f"Continues hydrocodone 10/325 tid. {text}", dt.date(2015, 5, 1))
        context = _context("Hydrocodone/APAP 10/325mg #90", [note], [])
        outcome = evaluate("pain_relief_documented", context, {"min_percent": 30})
        assert outcome.status is met, text
        assert f"Pain is {low:g}/10" in outcome.explanation and f"{high:g}/10" in outcome.explanation
    # A change of a count is not a change of pain.
    note = Note("Hydrocodone use went from 5 to 3 tablets a day.", dt.date(2015, 5, 1))
    assert _status(_context("Hydrocodone/APAP 10/325mg #90", [note], []),
                   "pain_relief_documented", min_percent=30) is unknown


def test_the_score_now_and_the_earlier_one_it_came_down_from() -> None:
    assert [(b, a) for _, b, a in pain_changes("Improving. Pain 5/10 from 8/10.")] == [(8, 5)]
    assert [(b, a) for _, b, a in pain_changes("Pain now 3/10, down from 7/10.")] == [(7, 3)]
    assert list(pain_changes("Pain 5/10 from 2/10 after the fall.")) == []


def test_limits_in_daily_activities_after_a_completed_course_are_a_failed_course() -> None:
    """Issue 12 §1: a completed course followed by persisting symptoms is a failure; a note
    that gives no pain score tells them as limits ("walks under one block")."""
    history = Note("Prior care: 14 PT visits 2021-2022.", dt.date(2022, 11, 1))
    now = Note("Walks under one block, then stops; uses the rail on stairs.", dt.date(2023, 3, 15),
               "e")
    course = history.fact("therapy_sessions", "14 PT visits", modality="physical_therapy",
                          count=14, status="completed")
    limits = [now.fact("adl_limitation", "Walks under one block", activity="walking"),
              now.fact("adl_limitation", "uses the rail on stairs", activity="stairs")]
    args = {"treatments": ["physical_therapy"], "description": "exercise therapy"}
    context = _context("Right total knee arthroplasty", [history, now], [course, *limits])
    assert _status(context, "treatment_failed", **args) is met
    # A score after the course says how the worker is: a low one is not a failure.
    scored = Note("Pain 2/10. Walks under one block.", dt.date(2023, 3, 15), "e")
    facts = [course, scored.fact("pain_score", "2/10", value=2),
             scored.fact("adl_limitation", "Walks under one block", activity="walking")]
    context = _context("Right total knee arthroplasty", [history, scored], facts)
    assert _status(context, "treatment_failed", **args) is not met


def test_a_finding_is_of_the_region_its_report_heads_it_with() -> None:
    """ACOEM ch. 8 p. 180: surgery needs imaging of the same region showing the lesion; a report
    names the region once, in its heading, and its level names it too."""
    report = Note("MRI CERVICAL:\nSevere right foraminal stenosis. Compression of the C6 root.",
                  dt.date(2015, 5, 1))
    stenosis = report.fact("imaging_finding", "Severe right foraminal stenosis", modality="mri",
                           finding="severe right foraminal stenosis", category="stenosis")
    args = {"regions": ["cervical"], "imaging_categories": ["stenosis"],
            "description": "a compressive lesion"}
    context = _context("C5-6 anterior cervical discectomy and fusion", [report], [stenosis])
    assert _status(context, "imaging_shows", **args) is met
    assert _status(context, "imaging_shows", **{**args, "regions": ["lumbar"]}) is unknown
    # Without a heading, the level says where the finding is.
    bare = Note("Compression of the C6 root.", dt.date(2015, 5, 1))
    root = bare.fact("imaging_finding", "Compression of the C6 root", modality="mri",
                     finding="compression of the C6 root", level="C6",
                     category="nerve_root_compression")
    context = _context("C5-6 anterior cervical discectomy and fusion", [bare], [root])
    assert _status(context, "imaging_shows", **{**args, "imaging_categories":
                                                ["nerve_root_compression"]}) is met


def test_limits_beside_function_gained_are_not_a_failed_course() -> None:
    history = Note("Prior care: 4 PT visits.", dt.date(2018, 1, 4))
    now = Note("Can now reach the top shelf at home. Still aching with overhead reaching.",
               dt.date(2018, 2, 27), "e")
    facts = [history.fact("therapy_sessions", "4 PT visits", modality="physical_therapy",
                          count=4, status="completed"),
             now.fact("functional_improvement", "Can now reach the top shelf", present=True),
             now.fact("adl_limitation", "aching with overhead reaching", activity="reaching")]
    context = _context("Right shoulder arthroscopy with subacromial decompression",
                       [history, now], facts)
    assert _status(context, "treatment_failed", treatments=["physical_therapy"],
                   description="therapy") is not met


def test_heartburn_after_food_and_a_denied_aspirin_are_no_gi_risk() -> None:
    """CPMTG pp. 68-69 (mtus-facts §3.6): the risk factors, and dyspepsia secondary to NSAID
    therapy; heartburn from spicy food is neither."""
    note = Note("Naproxen 550 bid. No history of ulcers. Occasional Tums for heartburn after "
                "spicy food. No blood thinners or aspirin.", dt.date(2015, 5, 1))
    facts = [note.fact("medication", "Naproxen", drug="naproxen", generic="naproxen"),
             note.fact("gi_risk_factor", "ulcers", factor="peptic_ulcer", negated=True),
             # the reader's `other_cause` (`gi_risk.factor_told`): put down to food
             note.fact("gi_risk_factor", "heartburn", factor="dyspepsia", other_cause=True),
             note.fact("gi_risk_factor", "blood thinners", factor="anticoagulant", negated=True),
             note.fact("gi_risk_factor", "aspirin", factor="aspirin", negated=True)]
    facts.append(facts[-1].model_copy(update={"kind": "medication", "negated": False,
                                              "value": {"drug": "aspirin", "generic": "aspirin",
                                                        "in_denied_list": True}}))
    context = _context("Omeprazole 20mg #60", [note], facts)
    context.case.worker.age = 56
    assert _status(context, "gi_risk_documented") is not_met
    # Heartburn from the NSAID is the dyspepsia the guideline treats: the sentence names the
    # case's NSAID, though the reader finds a meal in it.
    upset = Note("Naproxen 550 bid gives her heartburn after meals.", dt.date(2015, 5, 1))
    facts = [upset.fact("medication", "Naproxen", drug="naproxen", generic="naproxen"),
             upset.fact("gi_risk_factor", "heartburn", factor="dyspepsia", other_cause=True)]
    assert _status(_context("Omeprazole 20mg #60", [upset], facts), "gi_risk_documented") is met


def test_no_draft_finds_necessity_without_a_treating_record() -> None:
    """8 CCR 9792.10.6(b)(2) (mtus-facts §4.4): no determination rests solely on the UR
    decision; a request form with nothing attached names the request, not the findings."""
    from openimr.guidelines.engine import decide_item
    from openimr.guidelines.items import parse_item
    from openimr.guidelines.knowledge import load_knowledge_base
    from openimr.model import Case, Decision, DecisionBasis, Document, Page
    from openimr.review.drafting import not_findings

    rfa = Document(id="rfa", type="request for authorization (DWC RFA)",
                   pages=[Page(number=1, text="Requested: Naproxen 550 #60. Diagnosis: low back "
                                              "pain M54.5")])
    ur = Document(id="ur", type="utilization review determination",
                  pages=[Page(number=1, text="UTILIZATION REVIEW DETERMINATION. Non-certified.")])
    note = Document(id="note", type="PR-2 progress report",
                    pages=[Page(number=1, text="Low back pain 6/10. Plan: naproxen.")])
    assert set(not_findings([rfa, ur])) == {"rfa", "ur"}
    assert not_findings([rfa, ur, note]) == ["ur"]
    item = "Naproxen 550mg #60"
    case = Case.model_validate({"disputed_items": [item], "records": [{"text": "x"}],
                                "diagnoses": [{"code": "M54.5", "description": "Low back pain"}]})
    drafted = decide_item(item, parse_item(item, as_of=dt.date(2016, 6, 1)), case, [],
                          load_knowledge_base(), documents=["rfa", "ur"],
                          as_of=dt.date(2016, 6, 1), second_hand=["rfa", "ur"])
    assert drafted.decision is Decision.upheld
    assert drafted.basis is DecisionBasis.insufficient_documentation
    assert [m.criterion for m in drafted.missing_documentation] == ["records.treating_report"]
    assert drafted.missing_documentation[0].searched == ["rfa", "ur"]
    with_note = decide_item(item, parse_item(item, as_of=dt.date(2016, 6, 1)), case, [],
                            load_knowledge_base(), documents=["rfa", "ur", "note"],
                            as_of=dt.date(2016, 6, 1), second_hand=["ur"])
    assert "records.treating_report" not in {c.id for c in with_note.criteria}


def test_pain_the_latest_note_writes_as_fallen_is_a_condition_improving() -> None:
    """ACOEM ch. 14 (general guideline knowledge): special studies wait while symptoms improve."""
    assert [(b, a) for _, b, a in pain_changes("Pain 3/10 (was 7). Swelling resolved.")] \
        == [(7, 3)]
    first = Note("Ankle sprain. Pain 7/10.", dt.date(2022, 1, 24))
    latest = Note("Pain 3/10 (was 7). Walking without limp.", dt.date(2022, 3, 15), "e")
    context = _context("MRI left ankle without contrast", [first, latest], [])
    assert _status(context, "pain_improved", min_percent=30) is met
    # Analgesia from a tablet is not the course of the condition, and a small fall is not enough.
    for text in ("With a tablet the pain goes from 7 to 3.", "Pain 6/10 (was 7)."):
        latest = Note(text, dt.date(2022, 3, 15), "e")
        context = _context("MRI left ankle without contrast", [first, latest], [])
        assert _status(context, "pain_improved", min_percent=30) is unknown, text
    # Scores read on two dates say it too.
    later = Note("Pain 2/10.", dt.date(2022, 3, 15), "e")
    facts = [first.fact("pain_score", "7/10", value=7), later.fact("pain_score", "2/10", value=2)]
    context = _context("MRI left ankle without contrast", [first, later], facts)
    assert _status(context, "pain_improved", min_percent=30) is met


def test_a_home_program_handed_out_planned_or_done_now_and_then_has_not_failed() -> None:
    """ACOEM ch. 8 pp. 177-178 (mtus-facts §3.12): imaging after failure of a strengthening
    program; a handout, a plan or exercises done "sometimes" are no program tried."""
    first = Note("Neck pain 6/10. Plan: ibuprofen, heat, HEP handout.", dt.date(2019, 3, 5))
    later = Note('Pain 5/10. Home exercises "sometimes." Plan: PT 2x4 / HEP.',
                 dt.date(2019, 7, 16), "e")
    facts = [first.fact("pain_score", "6/10", value=6),
             first.fact("home_exercise_program", "HEP", status="independent"),
             later.fact("pain_score", "5/10", value=5),
             later.fact("home_exercise_program", "Home exercises", status="independent"),
             later.fact("home_exercise_program", "HEP", status="independent")]
    args = {"treatments": ["physical_therapy", "home_exercise"],
            "description": "a strengthening program"}
    context = _context("MRI cervical spine without contrast", [first, later], facts)
    assert _status(context, "treatment_failed", **args) is unknown
    # A program under way, with pain that persists on it, is relief that is not enough.
    going = Note("Pain 6/10. Continue HEP daily.", dt.date(2019, 7, 16), "e")
    facts = [going.fact("pain_score", "6/10", value=6),
             going.fact("home_exercise_program", "HEP", status="independent")]
    context = _context("MRI cervical spine without contrast", [going], facts)
    assert _status(context, "treatment_failed", **args) is met


def test_a_spinal_level_outweighs_a_body_part_read_from_the_line_above() -> None:
    note = Note("Wrist ext 4/5.\nMRI C-spine: severe foraminal stenosis at C6.", dt.date(2018, 3, 1))
    finding = note.fact("imaging_finding", "severe foraminal stenosis at C6", modality="mri",
                        body_part="wrist", level="C6", finding="foraminal stenosis",
                        category="stenosis")
    context = _context("Anterior cervical discectomy and fusion C5-C6", [note], [finding])
    assert _status(context, "imaging_shows", regions=["cervical"], imaging_categories=["stenosis"],
                   description="a compressive lesion") is met


def test_an_outcome_written_beside_a_treatment_tells_it_failed() -> None:
    """Issue 12 §1: partial or short-lived relief is a failure."""
    note = Note("Completed 8 PT visits, daily HEP, naproxen x3 months (partial). Modified duty.",
                dt.date(2016, 2, 16))
    facts = [note.fact("therapy_sessions", "8 PT visits", modality="physical_therapy", count=8,
                       status="completed"),
             note.fact("medication", "naproxen", drug="naproxen", generic="naproxen")]
    args = {"treatments": ["physical_therapy", "nsaid"], "description": "therapy or medication"}
    context = _context("Subacromial corticosteroid injection right shoulder", [note], facts)
    assert _status(context, "treatment_failed", **args) is met
    # The outcome of another item of the list is not this one's.
    note = Note("Naproxen helps, PT x6 with partial relief.", dt.date(2016, 2, 16))
    facts = [note.fact("medication", "Naproxen", drug="naproxen", generic="naproxen")]
    context = _context("Subacromial corticosteroid injection right shoulder", [note], facts)
    assert _status(context, "treatment_failed", treatments=["nsaid"],
                   description="an NSAID") is not met


def test_pain_on_the_drug_against_the_one_it_replaced_is_analgesia() -> None:
    """CPMTG p. 78 (mtus-facts §3.5): a switch within the class continues the therapy, and the
    pain on the drug it replaced is the pain without the new one."""
    switch = Note("Start Butrans 10 mcg/hr, taper Norco.", dt.date(2018, 9, 13))
    now = Note("On Butrans 10 mcg/hr. Pain avg 4/10 (was 6-7 on Norco).", dt.date(2019, 1, 22), "e")
    facts = [switch.fact("medication", "Butrans", drug="Butrans", generic="buprenorphine",
                         action="start"),
             switch.fact("medication", "Norco", drug="Norco", generic="hydrocodone/acetaminophen",
                         action="taper"),
             now.fact("medication", "Butrans", drug="Butrans", generic="buprenorphine")]
    context = _context("Butrans 10mcg/hr transdermal patch #4", [switch, now], facts)
    assert _status(context, "pain_relief_documented", min_percent=30) is met


def test_an_undecided_requirement_says_what_was_searched() -> None:
    """mtus-facts §2.5 (Bowen): an absence is stated only with the records searched."""
    note = Note("Plan: chiropractic 6 visits.", dt.date(2020, 5, 1))
    context = _context("Chiropractic 6 visits lumbar spine", [note], [], topic="chiropractic")
    context.case.claim.date_of_injury = dt.date(2019, 1, 1)
    outcome = evaluate("within_statutory_visit_cap", context,
                       {"modalities": ["chiropractic"], "limit_parameter": "statutory_cap"})
    assert outcome.status is unknown
    assert "the only record was searched" in outcome.explanation
    esi = Note("L5 ESI 01/2020.", dt.date(2020, 5, 1))
    fact = esi.fact("injection_history", "L5 ESI 01/2020", type="epidural_steroid", historical=True)
    context = _context("Repeat L5 epidural steroid injection", [esi], [fact])
    outcome = evaluate("prior_injection_response", context,
                       {"types": ["epidural_steroid"], "min_relief_percent": 50})
    assert outcome.status is unknown
    assert "the only record was searched" in outcome.explanation


def test_a_note_crediting_the_drug_with_what_the_worker_does_is_function_with_it() -> None:
    """8 CCR 9792.20(e): functional improvement in activities of daily living and work."""
    note = Note("Ibuprofen 800 tid helps: walks the maintenance route, full duty.",
                dt.date(2018, 5, 15))
    facts = [note.fact("medication", "Ibuprofen 800", drug="Ibuprofen 800", generic="ibuprofen")]
    context = _context("Ibuprofen 800mg #90", [note], facts)
    assert _status(context, "functional_improvement_documented") is met
    for text in ("Ibuprofen 800 tid no longer helps her walk the route.",
                 "Ibuprofen 800 tid. Walks the route."):
        note = Note(text, dt.date(2018, 5, 15))
        facts = [note.fact("medication", "Ibuprofen 800", drug="Ibuprofen 800",
                           generic="ibuprofen")]
        context = _context("Ibuprofen 800mg #90", [note], facts)
        assert _status(context, "functional_improvement_documented") is unknown, text


def test_a_denial_over_a_list_of_drugs_denies_each() -> None:
    """CPMTG pp. 68-69 (mtus-facts §3.6): aspirin a note says the worker does not take, named
    inside a comma list the denial runs over, is no GI risk factor."""
    note = Note("Meloxicam 15 mg daily for the knee. She uses no anticoagulants, aspirin or "
                "prednisone and has never had an ulcer.", dt.date(2018, 3, 2))
    facts = [note.fact("medication", "Meloxicam 15 mg", drug="meloxicam", generic="meloxicam"),
             # the reader's `in_denied_list` (`gi_risk.in_denied_list`)
             note.fact("medication", "aspirin", drug="aspirin", generic="aspirin",
                       in_denied_list=True)]
    context = _context("Omeprazole 20mg #30", [note], facts)
    context.case.worker.age = 47
    assert _status(context, "gi_risk_documented") is not_met
    # A list the denial does not reach: a new clause names the aspirin taken.
    taken = Note("Meloxicam 15 mg daily. No nausea or vomiting, takes aspirin 81 mg.",
                 dt.date(2018, 3, 2))
    facts = [taken.fact("medication", "Meloxicam 15 mg", drug="meloxicam", generic="meloxicam"),
             taken.fact("medication", "aspirin 81 mg", drug="aspirin", generic="aspirin")]
    context = _context("Omeprazole 20mg #30", [taken], facts)
    context.case.worker.age = 47
    assert _status(context, "gi_risk_documented") is met


def test_a_medication_tables_start_column_dates_the_use() -> None:
    """ODG Insomnia treatment (2 to 6 weeks): a hypnotic whose table row gives the year it
    was begun, under a 'Since' or 'Start date' heading, has been used since then, even when
    the page text has lost the columns' alignment (the reader's `began`)."""
    for heading, row in (("Medication Strength Sig Start date Comments", "eszopiclone 3 mg qhs 03/2017 helps"),
                         ("Drug   Dose   Since   Notes", "eszopiclone   3 mg   2017   helps some")):
        text = f"CURRENT MEDICATIONS\n{heading}\n{row}\n"
        note = Note(text, dt.date(2018, 6, 1))
        at = text.index("eszopiclone")
        began = use_began(text, at, at + len("eszopiclone"))
        assert began is not None and began.year == 2017
        facts = [note.fact("medication", "eszopiclone", drug="eszopiclone",
                           generic="eszopiclone", began=began.isoformat())]
        context = _context("Eszopiclone 3mg #30", [note], facts, topic="sleep_aids")
        assert _status(context, "use_within_weeks", limit_parameter="max_weeks",
                       classes=["sleep_aid"], description="a hypnotic") is not_met, heading


def test_tests_a_note_counts_over_a_period_and_a_series_held_by_itself() -> None:
    """ODG Pain, Urine drug testing (frequency by risk; verified: false): tests a note counts
    over a period are the past year's; a series requested is held to the year's limit by
    itself, a single test adds to the past year's."""
    note = Note("Tramadol 50 mg bid. Urine drug screens 09/2014 to 03/2015 (4 tests): all "
                "consistent. ORT 5.", dt.date(2015, 4, 1))
    facts = [note.fact("medication", "Tramadol 50 mg", drug="tramadol", generic="tramadol"),
             note.fact("opioid_monitoring", "ORT 5", item="risk_assessment", risk_score=5)]
    args = {"limit_parameter": "tests_per_year"}
    # Moderate risk: 3 a year. Four done and one more exceed it.
    single = _context("Urine drug screen", [note], facts, topic="urine_drug_testing")
    assert _status(single, "drug_tests_within_year", **args) is not_met
    # Three, one every four months, is the moderate-risk frequency from now on.
    series = _context("Urine drug screen x3", [note], facts, topic="urine_drug_testing")
    assert _status(series, "drug_tests_within_year", **args) is met
    monthly = _context("Urine drug screen monthly x12", [note], facts, topic="urine_drug_testing")
    assert _status(monthly, "drug_tests_within_year", **args) is not_met


def test_a_start_before_the_note_is_use_whatever_the_verb_read() -> None:
    """ODG Insomnia treatment (2 to 6 weeks): a list row read as a start ("begun 09/2016")
    but dated well before the list is a hypnotic already in use since then."""
    note = Note("MEDS\neszopiclone 2 mg   1 qhs   begun 09/2016 by PCP\n", dt.date(2017, 8, 1))
    facts = [note.fact("medication", "eszopiclone 2 mg", drug="eszopiclone",
                       generic="eszopiclone",
                       action="start", began="2016-09-01")]
    context = _context("Eszopiclone 2mg #30", [note], facts, topic="sleep_aids")
    assert _status(context, "use_within_weeks", limit_parameter="max_weeks",
                   classes=["sleep_aid"], description="a hypnotic") is not_met
    # started at this visit: the request is the first short course
    note = Note("MEDS\neszopiclone 2 mg   1 qhs   begun today\n", dt.date(2017, 8, 1))
    facts = [note.fact("medication", "eszopiclone 2 mg", drug="eszopiclone",
                       generic="eszopiclone",
                       action="start", began="2017-08-01")]
    context = _context("Eszopiclone 2mg #30", [note], facts, topic="sleep_aids")
    assert _status(context, "use_within_weeks", limit_parameter="max_weeks",
                   classes=["sleep_aid"], description="a hypnotic") is met
