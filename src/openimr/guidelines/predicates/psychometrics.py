"""Psychometric scores that a psychological treatment is meant to move.

A psychologist documents the effect of cognitive behavioural therapy on validated instruments
(depression, anxiety, fear-avoidance, catastrophizing). A fall by the instrument's clinically
important difference is the objective improvement that supports visits after the initial trial
(CPMTG, Behavioral interventions, p. 23: "with evidence of objective functional improvement";
reviewers read these instruments as such). The scores are read from the treating records'
words, in a sentence ("TSK 48 -> 39", "PHQ-9 from 16 to 10", "GAD-7 6 (was 13)") or down the
column of a session table whose header names the instrument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.predicates import predicate
from openimr.model import Evidence
from openimr.model.determination import CriterionStatus


@dataclass(frozen=True)
class Score:
    """An instrument's earlier and later value, where the records give them."""

    instrument: str
    before: float
    after: float
    evidence: Evidence


#: A score, then its later value: "48 -> 39", "48 to 39", "from 16 to 10", "16→10".
_ARROW = r"(?:from\s+)?(?P<a>\d{1,3}(?:\.\d)?)\s*(?:->|-->|→|=>|to)\s*(?P<b>\d{1,3}(?:\.\d)?)"
#: A later value with its earlier one in brackets: "6 (was 13)", "6 (was 13 at intake)".
_WAS = (r"(?P<b2>\d{1,3}(?:\.\d)?)\s*\((?:was|initial(?:ly)?|intake|baseline|from|"
        r"previously|at\s+intake)\s*:?\s*(?P<a2>\d{1,3}(?:\.\d)?)(?:\s+[a-z][\w\s/-]{0,20})?\)")

#: The verb a sentence puts between the instrument and its scores: "PCS went from 38 to 21",
#: "PHQ-9 has dropped 18 -> 11", "TSK rose from 30 to 36".
_MOVED = (r"(?:(?:has\s+|have\s+|had\s+)?(?:went|gone|dropped|fallen|fell|decreased|declined|"
          r"improved|reduced|moved|changed|come|came|rose|risen|increased|worsened)\s+"
          r"(?:down\s+|up\s+)?)?")


def _sentence_scores(document: str, page: int, text: str, name: str,
                     pattern: re.Pattern[str]) -> list[Score]:
    scores: list[Score] = []
    for match in re.finditer(rf"(?<![\w-])(?:{pattern.pattern})\b[\s:=]*(?:score\s+)?"
                             rf"{_MOVED}(?:{_ARROW}|{_WAS})", text, re.IGNORECASE):
        before = match.group("a") or match.group("a2")
        after = match.group("b") or match.group("b2")
        scores.append(Score(name, float(before), float(after), Evidence(
            document=document, page=page, start=match.start(), end=match.end(),
            quote=" ".join(match.group(0).split()))))
    return scores


_DATE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"\d{1,3}(?:\.\d)?")


def _column_scores(document: str, page: int, text: str, name: str,
                   pattern: re.Pattern[str]) -> list[Score]:
    """The first and last value down the column of a session table whose header names the
    instrument after a date column ("Session Date BDI-II PHQ-9 Goal" over "2 04/17 25 14
    walk 10 min"): the records' spacing is not kept, so a row's cell is found by its place
    after the row's date, as the instrument's header is placed after "Date"."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        header = line.split()
        dated = next((i for i, word in enumerate(header) if word.lower() in ("date", "dos")), None)
        column = next((i for i, word in enumerate(header)
                       if re.fullmatch(rf"(?:{pattern.pattern})", word, re.IGNORECASE)), None)
        if dated is None or column is None or column <= dated:
            continue
        values: list[tuple[float, int]] = []
        end = sum(len(x) + 1 for x in lines[:index + 1])
        for row in lines[index + 1:]:
            words = row.split()
            when = next((i for i, word in enumerate(words[:4]) if _DATE.fullmatch(word)), None)
            if when is None:
                break  # the table ends at the first row without its date
            place = when + column - dated
            if place < len(words) and _NUMBER.fullmatch(words[place]):
                values.append((float(words[place]), end + len(row)))
            end += len(row) + 1
        if len(values) >= 2:
            start = sum(len(x) + 1 for x in lines[:index])
            return [Score(name, values[0][0], values[-1][0], Evidence(
                document=document, page=page, start=start, end=values[-1][1],
                quote=" ".join(text[start:values[-1][1]].split())))]
    return []


def psychometric_scores(context: Context, instruments: list[dict]) -> list[Score]:
    """Every earlier-and-later pair of the named instruments in the treating records."""
    found: list[Score] = []
    for (document, page), text in context.page_texts.items():
        if document in context.second_hand or not text:
            continue
        for instrument in instruments:
            pattern = re.compile(instrument["pattern"], re.IGNORECASE)
            found += _sentence_scores(document, page, text, instrument["name"], pattern)
            found += _column_scores(document, page, text, instrument["name"], pattern)
    return found


@predicate("psychometric_improved")
def psychometric_improved(context: Context, instruments: list[dict], description: str) -> Outcome:
    """A validated instrument on which lower is better (`instruments`: name, pattern,
    `min_fall` in points) fell by at least its clinically important difference. Not met when
    the scores the records give did not fall that far or none is given: the criterion this
    serves also reads function in other ways, so an absence here decides nothing alone."""
    scores = psychometric_scores(context, instruments)
    falls = {i["name"]: float(i["min_fall"]) for i in instruments}
    improved = [s for s in scores if s.before - s.after >= falls[s.instrument]]
    if improved:
        named = ", ".join(f"{s.instrument} {s.before:g} to {s.after:g}" for s in improved[:3])
        return Outcome(CriterionStatus.met, f"The records document {description}: {named}.",
                       tuple(s.evidence for s in improved))
    if scores:
        return Outcome(CriterionStatus.not_met, f"The scores the records give "
                       f"({scores[-1].instrument} {scores[-1].before:g} to {scores[-1].after:g}) "
                       f"do not show {description}.", tuple(s.evidence for s in scores[-2:]))
    return Outcome.not_met(f"The records give no earlier and later score showing {description}.")


@predicate("psych_factors_present")
def psych_factors_present(context: Context, description: str) -> Outcome:
    """A psychological symptom or risk factor for delayed recovery documented present, as
    `fact_present` reads the psych_symptom facts, but for a social drinker's amount ("1-2
    glasses of wine per week", `records.kinds.psych.light_drinking`): social history, no
    symptom (session "fix-review-a", review 11 §8). A documented absence is not met."""
    from openimr.model import FactKind
    from openimr.records.kinds.psych import light_drinking

    present = [f for f in context.facts_of(FactKind.psych_symptom)
               if not light_drinking(f.evidence.quote, context.sentence_of(f))]
    if present:
        return Outcome.met(f"The records document {description}.", present)
    absent = context.facts_of(FactKind.psych_symptom, asserted=False)
    if absent:
        return Outcome.not_met(f"The records document the absence of {description}.", absent)
    return Outcome.unknown(context.none_documents(f"documents {description}"), description)
