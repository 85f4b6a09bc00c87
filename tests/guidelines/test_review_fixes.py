"""Decision-layer risks a reviewer found in the ninth session's rules (session "fix-risks"):
each on an ordinary sentence the earlier rule misread, worded unlike any case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from openimr.model import Case
from openimr.model.determination import CriterionStatus
from openimr.records import documents_for_case
from openimr.review.drafting import review_case
from tests.guidelines.test_dev26_fresh import _draft_with
from tests.guidelines.test_notmet_and_overturns3 import _draft, _status

met, not_met, unknown = CriterionStatus.met, CriterionStatus.not_met, CriterionStatus.unknown


# -- 1. a surgeon's "not a good candidate" and a declined drug are no psychological verdict


def test_a_surgeons_no_candidate_and_a_declined_drug_do_not_undo_a_clearance() -> None:
    notes = [
        ("2018-02-05", "psychology report",
         "Pre-implant psychological evaluation: MMPI-2 valid, no contraindications; cleared for "
         "the trial."),
        ("2018-03-01", "spine surgery consult",
         "Failed back surgery syndrome after L4-5 fusion; leg pain 8/10 despite therapy, "
         "gabapentin and two epidurals. She is not a good surgical candidate for a revision "
         "decompression; SCS advised. She declined psychotropic medications for sleep. Plan: "
         "spinal cord stimulator trial."),
    ]
    drafted = _draft(["Spinal cord stimulator trial"], notes, injury="2014-06-01"
                     )["Spinal cord stimulator trial"]
    assert _status(drafted, "scs.psychological_clearance") is met
    pump = [(day, kind, text.replace("spinal cord stimulator", "intrathecal pump"))
            for day, kind, text in notes]
    drafted = _draft(["Intrathecal drug delivery system trial"], pump, injury="2014-06-01"
                     )["Intrathecal drug delivery system trial"]
    assert _status(drafted, "idds.psychological_clearance") is not not_met


def test_a_psychologists_no_candidate_still_withholds_the_clearance() -> None:
    note = ("Failed back surgery syndrome; leg pain 8/10. Psychology consult: poor candidate "
            "for the stimulator until the depression is treated. Plan: spinal cord stimulator "
            "trial.")
    drafted = _draft(["Spinal cord stimulator trial"], [("2018-03-01", "pain note", note)],
                     injury="2014-06-01")["Spinal cord stimulator trial"]
    assert _status(drafted, "scs.psychological_clearance") is not_met


# -- 2. an aide's list that runs on into medical tasks is no homemaking-only aide


def test_an_aide_for_washing_and_wound_care_gives_medical_care() -> None:
    note = ("Two weeks after a below-knee amputation revision. Stump incision still draining. "
            "Plan: aide 4 hrs/day for showering, stump wound care and medication set-up.")
    item = "Home health aide 4 hours/day x 4 weeks"
    drafted = _draft([item], [("2019-05-06", "orthopedic note", note)])[item]
    assert _status(drafted, "hh.homemaker_only") is not not_met
    # a list that ends its clause, or whose medical word is denied, is still personal care
    plain = note.replace("showering, stump wound care and medication set-up",
                         "showering and dressing, no skilled need")
    drafted = _draft([item], [("2019-05-06", "orthopedic note", plain)])[item]
    assert _status(drafted, "hh.homemaker_only") is not_met


# -- 3. a study supposed or denied is no earlier study


def test_a_study_only_supposed_or_denied_is_no_earlier_study() -> None:
    from openimr.guidelines.predicates.findings import _study_done

    def done(sentence: str, negated: bool) -> bool:
        page = SimpleNamespace(clause_of=lambda _f: sentence.split(";")[0],
                               sentence_of=lambda _f: sentence)
        return _study_done(page, SimpleNamespace(negated=negated))

    assert not done("If the knee MRI shows no meniscal tear, she returns to full duty.", True)
    assert not done("Unless the MRI shows a tear, no surgery.", False)
    assert not done("She has never had a knee MRI; no tear is suspected.", True)
    assert done("Knee MRI 05/2018: no meniscal tear, mild effusion.", True)
    assert done("The 2017 MRI showed a medial meniscus tear; no CT done.", False)
    assert not done("No tear is suspected on exam.", True)


# -- 4. a trial is doubted in words that take the device as their object


def test_a_drug_or_ice_not_used_is_no_doubt_about_the_device() -> None:
    from openimr.guidelines.predicates.clinical import _TRIAL_DOUBTED

    for other in ("H-wave trial going well. She has not used tramadol since March.",
                  "Interferential trial, 30 min twice daily. Does not use heat at night."):
        assert not _TRIAL_DOUBTED.search(other), other
    for doubt in ("She has not used the H-wave since week one.", "The unit was rarely used.",
                  "Tried the TENS twice in all.", "Hardly uses it."):
        assert _TRIAL_DOUBTED.search(doubt), doubt


# -- 5. a lapse is counted in months from the date the note gives


def test_a_lapse_is_counted_in_months() -> None:
    from openimr.guidelines.predicates.therapy import _LAPSE_RE, _lapse_months

    def months(sentence: str, on: str) -> int:
        match = _LAPSE_RE.search(sentence)
        assert match, sentence
        return _lapse_months(match, dt.date.fromisoformat(on))

    assert months("No chiropractic since 11/2022.", "2023-02-14") == 3
    assert months("Last PT 06/15/2021.", "2022-09-01") == 15
    assert months("No therapy since 2021.", "2022-04-01") == 4
    assert months("No therapy since 2019.", "2022-04-01") == 28
    assert months("No PT in over two years.", "2022-04-01") == 24


# -- 6. an undated treating note filed after a stale one is no stale assessment


def test_an_undated_note_after_an_old_dated_one_is_current() -> None:
    records = [
        {"date": "2019-01-08", "type": "progress report",
         "text": "Chronic low back pain. Hydrocodone 10/325 tid: pain 8/10 without, 4/10 with; "
                 "walks 30 minutes with it. UDS consistent, CURES reviewed."},
        {"type": "progress report",
         "text": "Follow-up, low back pain. Hydrocodone 10/325 tid brings pain from 8/10 to 4/10 "
                 "and lets him walk 30 minutes. Urine drug screen consistent. CURES reviewed, "
                 "no early refills. Plan: continue hydrocodone."}]
    item = "Hydrocodone 10/325mg #90"
    case = Case.model_validate({"ur_decision": {"date": "2020-03-02"}, "disputed_items": [item],
                                "claim": {"date_of_injury": "2016-05-01"}, "records": records})
    review = review_case(case, documents_for_case(case, Path(".")))
    drafted = {d.item: d for d in review.determination.determinations}[item]
    assert _status(drafted, "op.continuation.analgesia") is met


# -- 8. psychotherapy the request gives to a depression, beside a pain code


def test_cbt_the_request_gives_to_a_depression_beside_a_back_strain() -> None:
    note = ("Low mood, poor sleep and tearfulness since the injury; PHQ-9 19. No psychotherapy "
            "before. Assessment: major depressive disorder, moderate. Plan: CBT for depression "
            "x6.")
    notes = [("2015-04-07", "psychology consultation", note)]
    codes = ["F32.1 Major depressive disorder, single episode, moderate",
             "S39.012A Strain of muscle of lower back"]
    item = "Cognitive behavioral therapy for depression x6 visits"
    drafted = _draft_with([item], notes, codes, "2014-01-10")[item]
    assert _status(drafted, "psy.initial_trial_depression") is met
    # therapy the request gives to the pain keeps the pain chapter's 3 to 4 visits
    item = "Cognitive behavioral therapy for pain coping x6 visits"
    drafted = _draft_with([item], notes, codes, "2014-01-10")[item]
    assert _status(drafted, "psy.initial_trial") is not_met
