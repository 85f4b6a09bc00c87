"""Earlier drug tests told by date or number, a risk screen's score and risk, and an
injection's relief told in a later note (`opioid_monitoring`, `injection_relief`): what the
decision engine consumes, each with its span and quote."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.model import Document, Page
from openimr.records.extract import extract_facts
from openimr.records.gi_risk import factor_told, in_denied_list
from openimr.records.injection_relief import reliefs_lasted, reliefs_told, weeks_beside
from openimr.records.opioid_monitoring import counted_tests, last_tests, risk_told
from openimr.records.pain_changes import pain_changes, told_off_drug


def test_the_last_drug_test_is_read_by_its_date_and_a_year_alone_by_its_last_day() -> None:
    text = "Reviewed chart. Last urine tox performed 07/22/2020, no issues. Prior drug screen 2018."
    [told] = last_tests("n", 1, text)
    assert told.day == dt.date(2020, 7, 22)
    assert text[told.evidence.start:told.evidence.end] == told.evidence.quote
    [year] = last_tests("n", 1, "Her last UDT was 2019 per the old clinic.")
    assert year.day == dt.date(2019, 12, 31)


def test_a_count_of_tests_over_a_period_is_read_and_a_backward_period_is_not() -> None:
    [told] = counted_tests("n", 2, "Urine drug tests 02/2021 through 11/2021, 5 tests, all as expected.")
    assert (told.first, told.last, told.count) == (dt.date(2021, 2, 1), dt.date(2021, 11, 1), 5)
    assert told.evidence.page == 2
    assert counted_tests("n", 1, "UDS 11/2021 - 02/2021 (5 tests)") == []


def test_a_risk_screen_tells_its_score_and_a_moderate_risk() -> None:
    text = "Opioid Risk Tool total = 6 on intake."
    assert risk_told(text, 0, 16) == {"risk_score": 6}
    # a score too far from the screen's name is not its score
    assert risk_told("Opioid Risk Tool completed by the nurse today, total 6.", 0, 16) == {}
    text = "ORT done. He has a hx of alcohol dependence, sober since 2015."
    assert risk_told(text, 0, 3) == {}  # another sentence
    text = "Risk screening (ORT) places him at moderate risk."
    assert risk_told(text, text.index("ORT"), text.index("ORT") + 3) == {
        "moderate_risk": True}


def test_the_reader_gives_a_risk_screen_fact_its_score() -> None:
    text = ("Date of service: 05/03/2022\nMonitoring: CURES reviewed. Opioid risk tool score "
            "of 2 today.\n")
    document = Document(id="n", pages=[Page(number=1, text=text)])
    screens = [f for f in extract_facts([document]) if f.kind.value == "opioid_monitoring"
               and f.value.get("item") == "risk_assessment"]
    assert screens and all(f.value.get("risk_score") == 2 for f in screens)


def test_relief_in_a_later_note_is_read_with_whether_it_lasts() -> None:
    text = "After the block she is roughly two-thirds better, per her diary."
    [told] = reliefs_told("n", 1, text)
    assert (told.percent, told.lasting, told.week_ago) == (67, False, False)
    text = "About 55 percent relief, sustained at this visit."
    [told] = reliefs_told("n", 1, text)
    assert (told.percent, told.lasting) == (55, True)
    [told] = reliefs_told("n", 1, "Maybe 40% improvement until around a week ago.")
    assert told.week_ago
    assert reliefs_told("n", 1, "Hemoglobin 130% of normal reduction") == []


def test_relief_written_as_a_fraction_is_its_share() -> None:
    [told] = reliefs_told("n", 1, "Since the genicular ablation she reports 3/4 less pain.")
    assert told.percent == 75
    [told] = reliefs_told("n", 1, "Left SI injection: 1/2 improved, still using the cane.")
    assert (told.percent, told.lasting) == (50, True)
    # A pain score, a date or a whole ("3/3") is no share of relief.
    assert reliefs_told("n", 1, "Pain 3/10 better than last visit; seen 2/14 better overall.") == []
    assert reliefs_told("n", 1, "Block 3/3 better per the diary.") == []


def test_how_long_relief_lasted_is_read_in_weeks() -> None:
    [lasted] = reliefs_lasted("n", 1, "The facet block helped for nearly two months.")
    assert lasted.weeks == round(2 * 52 / 12, 2)  # two decimals (`records.relief`)
    assert lasted.evidence.quote.startswith("helped for")
    [lasted] = reliefs_lasted("n", 1, "Relief from the March shot lasted until June (~10 weeks).")
    assert lasted.weeks == 10.0
    assert weeks_beside("Genicular block 08/2021 (relief x 4 wks)") == 4.0
    assert weeks_beside("Genicular block 08/2021, good result") is None


def test_a_score_in_a_clause_about_a_time_off_the_drug_is_marked_off_drug() -> None:
    text = "On duloxetine her hip aches 2/10; the week she ran out it was back up to 6/10."
    assert not told_off_drug(text, text.index("2/10"), text.index("2/10") + 4)
    assert told_off_drug(text, text.index("6/10"), text.index("6/10") + 4)
    document = Document(id="n", pages=[Page(number=1, text="Date of service: 02/01/2023\n" + text)])
    scores = {f.evidence.quote: f.value.get("off_drug") for f in extract_facts([document])
              if f.kind.value == "pain_score"}
    assert scores.get("6/10") is True and not scores.get("2/10")


def test_pain_told_as_a_change_gives_the_score_before_and_after() -> None:
    changes = [(b, a) for _m, b, a in pain_changes("Since the patch her shoulder went from 9 "
                                                   "to 5. Ankle: 6 -> 2-3/10 on the brace.")]
    assert changes == [(9.0, 5.0), (6.0, 2.5)]
    assert not list(pain_changes("Shoulder pain went from 3 to 6 after lifting."))


def test_pain_told_as_going_down_to_a_range_is_read_at_the_range_middle() -> None:
    told = "After a dose her neck drops from around 9 down to 5-6 until the evening."
    assert [(b, a) for _m, b, a in pain_changes(told)] == [(9.0, 5.5)]
    # a count going down is no score
    assert not list(pain_changes("His tablets went from 6 down to 3 a day."))


def test_a_change_in_a_table_cell_is_a_score_only_under_a_pain_column() -> None:
    table = ("Visit | Medication | Neck pain (0-10) | Pills/day\n"
             "3/02/21 | tramadol 50 | 9 -> 6 | 6 -> 4\n"
             "6/01/21 | tramadol 50 | 8->3/10 | 4\n")
    assert [(b, a) for _m, b, a in pain_changes(table)] == [(9.0, 6.0), (8.0, 3.0)]
    # the same cells under a heading that names no pain are no scores
    assert not list(pain_changes(table.replace("Neck pain (0-10)", "Sessions")))


def test_pain_told_with_and_without_the_drug_in_bare_numbers_or_other_pain_words() -> None:
    # with and without "them" in either order, the numbers without "/10"
    told = "On a bad day with them he is around a four, without them an eight or so."
    assert [(b, a) for _m, b, a in pain_changes(told)] == [(8.0, 4.0)]
    assert [(b, a) for _m, b, a in pain_changes("Without the pills: 9; with the pills: 5.")] \
        == [(9.0, 5.0)]
    # counts of something else are no scores
    assert not list(pain_changes("Without it she can stand 10 minutes, with it 30 minutes."))
    # an aching or a soreness is scored as the pain is
    assert [(b, a) for _m, b, a in pain_changes("Hip aching now 2/10 (previously 6/10).")] \
        == [(6.0, 2.0)]
    # a change from a score of ten to another, whatever the verb and object before it
    assert [(b, a) for _m, b, a in pain_changes(
        "the patch takes his elbow from 6/10 to 2/10 by noon")] == [(6.0, 2.0)]
    assert not list(pain_changes("Tapered Percocet from 6 down to 4 since spring."))


def test_an_action_with_its_own_date_or_count_is_a_cell_of_the_row_before_the_drug() -> None:
    def actions(text: str) -> dict[str, str]:
        document = Document(id="m", pages=[Page(number=1, text="Date of service: 03/02/2022\n"
                                                + text)])
        return {f.value["generic"]: f.value["action"] for f in extract_facts([document])
                if f.kind.value == "medication"}

    listing = ("CURRENT MEDICATIONS\nnaproxen 500 mg   bid   renewed 01/2022   refills: 2\n"
               "duloxetine 30 mg   daily   began 02/2022\nomeprazole 20 mg   daily\n")
    found = actions(listing)
    assert found["duloxetine"] != "refill" and found["omeprazole"] != "start"
    # an action with no value of its own is said of the drug after it
    assert actions("Today I refilled the naproxen 500 mg bid.")["naproxen"] == "refill"


def test_a_gi_risk_sentence_tells_a_high_dose_another_cause_or_a_denied_drug() -> None:
    text = "Takes ibuprofen at the maximum dose most days."
    assert factor_told(text, 6, 15, "high_dose_nsaid") == {"dose_told_high": True}
    assert factor_told("Ibuprofen 800 mg tid.", 0, 9, "high_dose_nsaid") == {}
    text = "Reflux when he drinks coffee late at night."
    assert factor_told(text, 0, 6, "dyspepsia") == {"other_cause": True}
    text = "Reflux with coffee, worse since the anti-inflammatory was started."
    assert factor_told(text, 0, 6, "dyspepsia") == {}
    text = "Never on warfarin, clopidogrel or aspirin per the patient."
    at = text.index("aspirin")
    assert in_denied_list(text, at, at + 7, "aspirin")
    text = "No history of bleeding ulcers or reflux disease; she does take aspirin 325 mg."
    at = text.index("aspirin")
    assert not in_denied_list(text, at, at + 7, "aspirin")


def test_a_title_ends_no_sentence() -> None:
    from openimr.records.spans import sentence_around

    text = "Seen 2019. Started on it by Dr. Okafor in March, which helps. Next visit."
    at = text.index("Okafor")
    assert sentence_around(text, at, at + 6) == " Started on it by Dr. Okafor in March, which helps"


@pytest.mark.parametrize(("text", "off", "on"), [
    # the off-drug words in the first score's own words tell it, not the one after them
    ("Back pain hits 9/10 the weekend she ran out, but 3/10 on her current medications.",
     "9/10", "3/10"),
    ("Neck 7/10 during the lapse in coverage; 2/10 with it.", "7/10", "2/10"),
])
def test_off_drug_words_in_a_scores_own_words_tell_that_score(text: str, off: str,
                                                                on: str) -> None:
    assert told_off_drug(text, text.index(off), text.index(off) + len(off))
    assert not told_off_drug(text, text.index(on), text.index(on) + len(on))


def test_relief_that_held_until_a_time_is_read_with_the_span_given_after_it() -> None:
    text = "He says the relief persisted until roughly early spring - approximately 14 weeks."
    [lasted] = reliefs_lasted("n", 1, text)
    assert lasted.weeks == 14.0
    [lasted] = reliefs_lasted("n", 1, "The benefit held through the holidays, about 3 months.")
    assert lasted.weeks == round(3 * 52 / 12, 1)
    assert reliefs_lasted("n", 1, "She held the job until March, 6 months in all.") == []


def test_benefit_from_a_procedure_told_with_its_share_after_the_span() -> None:
    [told] = reliefs_told("n", 1, "Benefit after the ablation lasted 7 months at ~80%.")
    assert told.percent == 80
    assert reliefs_told("n", 1, "She may benefit from aquatic therapy.") == []
