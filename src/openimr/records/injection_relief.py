"""An injection's relief as the notes after it tell it.

The `injection_history` reader gives a procedure and the relief stated with it ("ESI on 03/01
gave about 70% relief for 6 weeks"). A later note often tells the relief apart from any
procedure ("about 65% relief", "the shot gave me about three months", "about half better,
still"), and a procedure's line may give its weeks of relief in a clause the reader left
("CSI 10/2018 (relief x5 wks)"). The readers here give each such statement with its evidence
(document, page, span, quote), in the terms of `injection_history` (`relief_percent`,
`duration_weeks`); which procedure it answers, and from when its weeks count, the decision
engine judges (`guidelines.predicates.clinical.response_in_later_notes`). Figures, ranges and
units are read by the one convention of `records.relief` (a range at its middle, a month of
52/12 weeks), sentences by the one definition of `records.spans`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from openimr.model import Evidence
from openimr.model.numbers import number_words
from openimr.records.column_tables import PAIN_LABEL_RE
from openimr.records.relief import (
    DRUG_NOUN,
    OF_A_DRUG,
    PRE_POST,
    PROCEDURE_NAME_RE,
    percent_pattern,
    percent_told,
    pre_post_relief,
    procedure_before,
    share_told,
    weeks_told,
)
from openimr.records.spans import clause_before, sentence_around

#: How long an injection's relief lasted, written beside it: "CSI 10/2018 (relief x5 wks)",
#: "relief for 3 weeks", "4 weeks of relief", "relief 2-3 weeks".
_RELIEF_WEEKS = re.compile(
    r"\brelief\s*(?:x|for|of|lasting)?\s*(?P<a>\d{1,2})(?:\s*-\s*(?P<a_hi>\d{1,2}))?"
    r"\s*(?:wks?|weeks?)\b|"
    r"\b(?P<b>\d{1,2})(?:\s*-\s*(?P<b_hi>\d{1,2}))?\s*(?:wks?|weeks?)\s+(?:of\s+)?relief\b",
    re.IGNORECASE)

#: "pain" as the head of its noun phrase, not a word that qualifies another ("pain
#: medication", "pain-killers", "pain management", "pain scores").
_PAIN_HEAD = r"pain\b(?!\s*-?\s*(?:" + DRUG_NOUN + r"|management|clinic|scores?|diary))"
#: "about 65% relief", "~70% improvement", "80 percent better" in a note after the procedure
_RELIEF_RE = re.compile(r"(?<![\d.])" + percent_pattern("p", "p_hi", r"\d{2,3}") +
                        # ("70%+ relief": a lower bound, read at its figure)
                        r"\+?\s*(?:pain\s+)?(?:(?:relief|improvement|reduction)" + OF_A_DRUG +
                        r"|better|"
                        # "about 70% less knee pain", "50% less pain": the share of pain gone
                        r"less\s+(?:[\w-]+\s+){0,2}?" + _PAIN_HEAD + r")|"
                        # "Relief from 03/14 TFESI: ~75% for ~4 months", "benefit from RFA
                        # 11/08/18 lasted ~8 months at >70%"
                        r"\b(?:relief|improvement|benefit)\s+(?:from|after|with)\b[^.%]{0,40}?"
                        r"(?<![\d/.])~?\s*" + percent_pattern("q", "q_hi", r"\d{2,3}") + "|"
                        # "about half better", "a third less pain", "two-thirds relief"
                        r"\b(?P<w>half|a\s+third|two[\s-]thirds|a\s+quarter|three[\s-]quarters)\s+"
                        r"(?:better|improved|relief|improvement|less\s+" + _PAIN_HEAD + r")\b|"
                        # "about 2/3 better", "3/4 relief": the share as a figure (a pain score
                        # is out of 10, so the denominator stops at 4)
                        r"(?<![\d/.])(?P<num>[1-3])\s*/\s*(?P<den>[2-4])(?![\d/])\s+"
                        r"(?:better|improved|relief|improvement|less\s+" + _PAIN_HEAD + r")\b|"
                        # "Pre VAS 7/10 / Post 2/10": the pain before and after the procedure
                        + PRE_POST, re.IGNORECASE)
#: A note that says the relief is still there when it is written ("sustained", "ongoing").
_LASTING_RE = re.compile(r"\b(?:sustained|persist\w*|ongoing|still|continu\w*|maintained|"
                         r"lasting|since)\b|"
                         # "60% better until about last week": lasted to a week before the note
                         r"\buntil\s+(?:about\s+|around\s+)?(?P<week_ago>last\s+week|a\s+week\s+ago)\b",
                         re.IGNORECASE)
#: How long the relief lasted, in a note after the procedure: "the shot gave me about three
#: months", "relief lasted 6 weeks", "helped for about two months".
_LASTED_RE = re.compile(
    r"(?:\b(?:gave\s+(?:me|him|her|them)|lasted|lasting|relief\s+(?:for|of)|helped\s+for|good\s+for"
    # "the shot 'worked great for a week'", "it worked well for about two weeks"
    r"|worked\s+(?:great|well|nicely|wonders|beautifully|(?:really|pretty)\s+(?:well|good))\s+for)"
    r"|%\s+(?:relief\s+|less\s+(?:[\w-]+\s+){0,2}?pain\s+)?for"
    # "pain went from 7 to 2/10 for about 4 months": the lower score held for the span
    r"|\bfrom\s+\d{1,2}(?:\s*/\s*10)?\s+to\s+\d{1,2}(?:\s*/\s*10)?\s+for"
    # "'about half better' for roughly three weeks", "improved for 2 weeks"
    r"|\b(?:better|improved)[\"\u201d']?\s+for)"
    r"\s+(?:about\s+|around\s+|approximately\s+|nearly\s+|almost\s+|roughly\s+|~\s*)?"
    # ("three and a half months" is read at its whole count: a lower bound)
    r"(?P<n>\d{1,2}|" + "|".join(number_words(up_to=12)) + r"|an?)\s+(?:and\s+a\s+half\s+)?"
    r"(?:full\s+)?(?P<unit>weeks?|months?|days?)\b"
    # "Relief ... lasted until about mid-May (~12-13 weeks)", "~60-70% relief from 02/2014 to
    # ~10/2014 (about 8 months)": the span said in brackets after the relief (a range by its
    # middle)
    r"|\b(?:relief|lasted)\b[^.\n()]{0,80}?\(\s*(?:about\s+|approximately\s+|nearly\s+|~\s*)?"
    r"(?P<span>\d{1,2})(?:\s*-\s*(?P<span_hi>\d{1,2}))?\s+(?P<span_unit>weeks?|months?)\s*\)"
    # "Relief from the Feb injection lasted until about mid-May (~12-13 weeks)": the time given
    # after a relief that lasted until a date (a range at its middle); "relief held until about
    # the middle of January - roughly 5 months": held, kept up
    r"|\b(?:relief|benefit|improvement|it)\b[^.;]{0,60}?\b(?:lasted|held|persisted)\s+"
    r"(?:until|till|through|to)\b[^.;()]{0,45}?\(?\s*(?:about\s+|roughly\s+|approximately\s+|"
    r"nearly\s+|~\s*)?(?P<until>\d{1,2})(?:\s*-\s*(?P<until_hi>\d{1,2}))?\s*"
    r"(?P<until_unit>weeks?|wks?|months?|mos?)\b"
    # the span written with "x" or "~" after the share or the word of relief: "80% x ~3 wks",
    # "relief ~2 wks", "good x 2-3 weeks", "better x1 month"
    r"|(?:%\+?|\b(?:relief|good|better|improved|improvement|benefit|helped))[\"\u201d']?\s*"
    r"(?:x|~)\s*~?\s*"
    # (a block's hours too: "70%+ relief x 5 hrs")
    r"(?P<x>\d{1,2})(?:\s*-\s*(?P<x_hi>\d{1,2}))?\s*(?P<x_unit>weeks?|wks?|months?|mos?|days?|"
    r"hours?|hrs?)\b"
    # the pain's return told by the time since the procedure: "leg pain crept back starting
    # late September (about 10 weeks after ESI)", "the pain returned 3 weeks after the block",
    # "relief wore off at about six weeks"
    r"|\b(?:(?:came|crept|creeping|coming|crawled|started\s+coming|began\s+coming)\s+back|"
    r"returned|recurred|wore\s+off)\b(?!\s+(?:to|for|in|at|with|from)\b)[^.;]{0,50}?\(?\s*"
    r"(?:about\s+|around\s+|approximately\s+|roughly\s+|nearly\s+|~\s*)?"
    r"(?P<back>\d{1,2}|" + "|".join(number_words(up_to=12)) + r")(?:\s*-\s*(?P<back_hi>\d{1,2}))?"
    r"\s+(?P<back_unit>weeks?|wks?|months?|mos?)\s+(?:after|post|following|out\s+from)\s+"
    r"(?:the\s+|his\s+|her\s+|that\s+|this\s+|last\s+|an?\s+)?(?:[\w/-]+\s+){0,3}?"
    r"(?:ESI|TFESI|injections?|shots?|blocks?|procedure|epidurals?|RFA|ablation|neurotomy|CSI)\b"
    r"|\bwore\s+off\s+(?:after|at|in|within|by)\s+(?:about\s+|around\s+|approximately\s+|"
    r"roughly\s+|nearly\s+|~\s*)?(?P<off>\d{1,2}|" + "|".join(number_words(up_to=12)) + r")"
    r"(?:\s*-\s*(?P<off_hi>\d{1,2}))?\s+(?P<off_unit>weeks?|wks?|months?|mos?)\b",
    re.IGNORECASE)

#: A relief hoped for, not had: a goal, aim or expectation before it in its clause ("Goal:
#: 60% less pain for 3 months", "she hopes for 50% relief") ...
_WISHED_BEFORE_RE = re.compile(r"\b(?:goals?|aim(?:s|ed|ing)?|hop(?:e|es|ed|ing)|expect\w*|"
                               r"anticipat\w*|want(?:s|ed)?|targets?\s*(?::|is\b|of\b))",
                               re.IGNORECASE)
#: ... or a condition with no comma between it and the relief ("if the injection gives 50%
#: relief", "should he get 70% relief", "this would give about 50% relief"; not "she would
#: say about 60% better").
_CONDITION_BEFORE_RE = re.compile(r"\b(?:if|unless|should|would(?!\s+(?:say|estimate|rate|"
                                  r"describe|report|put)\b))\b[^,]*$", re.IGNORECASE)


def _unrealized(text: str, at: int) -> bool:
    """A relief told at `at` that is a goal or a condition, not one the worker had."""
    before = clause_before(text, at)
    return bool(_WISHED_BEFORE_RE.search(before) or _CONDITION_BEFORE_RE.search(before))


@dataclass(frozen=True)
class ReliefTold:
    """A percentage of relief a note tells (`relief_percent`), and whether its sentence says
    the relief is still there (`lasting`), or was until about a week before (`week_ago`)."""

    percent: int
    lasting: bool
    week_ago: bool
    evidence: Evidence


@dataclass(frozen=True)
class ReliefLasted:
    """How long a note says the relief lasted (`duration_weeks`)."""

    weeks: float
    evidence: Evidence


def weeks_beside(clause: str) -> float | None:
    """The weeks of relief written in a procedure's clause ("relief x5 wks"), if any."""
    told = _RELIEF_WEEKS.search(clause)
    if told is None:
        return None
    return weeks_told(told.group("a") or told.group("b"), "weeks",
                      told.group("a_hi") or told.group("b_hi"))


def _evidence(document: str, page: int, match: re.Match[str]) -> Evidence:
    return Evidence(document=document, page=page, start=match.start(), end=match.end(),
                    quote=match.group(0))


def reliefs_told(document: str, page: int, text: str) -> list[ReliefTold]:
    """Each percentage of relief the page tells ("a share in words" as its percentage; a
    figure over 100 is none), with what its sentence says of the relief lasting."""
    found: list[ReliefTold] = []
    for match in _RELIEF_RE.finditer(text):
        if _unrealized(text, match.start()):
            continue
        sentence = sentence_around(text, match.start(), match.end())
        if match.group("pre"):
            told = pre_post_relief(match, procedure_before(text, match.start()),
                                   text[match.end():match.end() + 80])
            if told is None:
                continue  # an epidural's recovery-room score: no relief told
            relief = told
        elif match.group("den"):
            relief = round(100 * int(match.group("num")) / int(match.group("den")))
        elif match.group("w"):
            relief = share_told(match.group("w"))
        elif match.group("p"):
            relief = percent_told(match.group("p"), match.group("p_hi"))
        else:
            relief = percent_told(match.group("q"), match.group("q_hi"))
        if relief > 100 or (match.group("den") and relief == 100):  # "3/3 better" is no share
            continue
        lasting = _LASTING_RE.search(sentence)
        found.append(ReliefTold(relief, lasting is not None,
                                bool(lasting and lasting.group("week_ago")),
                                _evidence(document, page, match)))
    return found


def reliefs_lasted(document: str, page: int, text: str) -> list[ReliefLasted]:
    """Each span the page says relief lasted, in weeks (`relief.weeks_told`: a month is 52/12
    weeks, a range its middle)."""
    found: list[ReliefLasted] = []
    for match in _LASTED_RE.finditer(text):
        if _unrealized(text, match.start()):
            continue
        weeks = weeks_told(match.group("n") or match.group("span") or match.group("until")
                           or match.group("x") or match.group("back") or match.group("off"),
                           match.group("unit") or match.group("span_unit")
                           or match.group("until_unit") or match.group("x_unit")
                           or match.group("back_unit") or match.group("off_unit"),
                           match.group("span_hi") or match.group("until_hi")
                           or match.group("x_hi") or match.group("back_hi")
                           or match.group("off_hi"))
        if weeks is not None:
            found.append(ReliefLasted(weeks, _evidence(document, page, match)))
    return found


#: An outcome table after a procedure: a heading of the time before it and of the weeks after
#: it ("Outcome since injection   Before   Wk 2   Wk 4   Wk 8"), then rows of a label and one
#: figure per column ("Neck/trap pain (0-10)   7   2   2   3", "Naproxen tabs/day   2   0
#: 0   1", "NDI %   42   --   22   --"): a weekly follow-up of pain, medication and function.
_WEEKS_HEADING_RE = re.compile(
    r"^[^\n]*?\b(?:before|baseline|pre(?:-?(?:procedure|injection|op|tx))?)[ \t]+"
    r"(?P<weeks>(?:(?:wk|week)[ \t]*\d{1,2}|\d{1,2}[ \t]*(?:wks?|weeks?))"
    r"(?:[ \t]+(?:(?:wk|week)[ \t]*\d{1,2}|\d{1,2}[ \t]*(?:wks?|weeks?)))+)[ \t]*$",
    re.IGNORECASE | re.MULTILINE)
_WEEK_RE = re.compile(r"\d{1,2}")
#: A cell of the table: a figure, a range ("0-1", at its middle) or a gap ("--", "n/a").
_FIGURE_CELL_RE = re.compile(r"(?P<low>\d{1,3}(?:\.\d)?)(?:-(?P<high>\d{1,3}(?:\.\d)?))?%?")
_GAP_CELL_RE = re.compile(r"-{1,2}|n/?a", re.IGNORECASE)
#: Row labels: the pain (`column_tables.PAIN_LABEL_RE`), a drug's count a day, a disability
#: instrument whose lower score is better.
_PER_DAY_LABEL_RE = re.compile(r"\b(?:tabs?|tablets?|pills?|caps?|capsules?|doses?|mg)\s*"
                               r"(?:/|per\s+|a\s+)\s*(?:day|d)\b", re.IGNORECASE)
_DISABILITY_LABEL_RE = re.compile(r"\b(?:NDI|ODI|Oswestry|Neck\s+Disability|PEG|Quick\s*-?DASH|"
                                  r"DASH|WOMAC)\b", re.IGNORECASE)
#: A table of a procedure's outcome: its heading, or the line above it, names the procedure
#: ("Outcome since injection", "Post-ESI follow-up"), or its first column is the time before
#: it ("Pre-injection   Wk 2   Wk 4") ...
_TABLE_OF_PROCEDURE_RE = re.compile(PROCEDURE_NAME_RE.pattern + r"|\b(?:CSI|procedure|"
                                    r"neurotomy|pre-?(?:procedure|injection|block))\b",
                                    re.IGNORECASE)
#: ... and not of a drug, a therapy or a program ("Meloxicam trial", "PT progress", "FRP
#: progress", "duloxetine titration"), nor one the note says did not help (its own words about
#: the procedure outrank a table that follows it: "The injection did not help.").
_TABLE_OF_ELSE_RE = re.compile(r"\b(?:trials?|course|titration|therapy|PT|OT|FRP|program|"
                               r"sessions?|visits?|rehab\w*)\b|\b" + DRUG_NOUN + r"|"
                               r"\bdid(?:n'?t|\s+not)\s+(?:help|work)|\bno\s+(?:pain\s+)?"
                               r"(?:relief|benefit|improvement)\b|\bdid\s+nothing\b|"
                               r"\bwithout\s+(?:any\s+)?(?:relief|benefit)\b", re.IGNORECASE)
#: How much lower a disability score must be than before to count as a gain (a fifth of it).
_DISABILITY_GAIN = 0.8


@dataclass(frozen=True)
class TabledResponse:
    """What an outcome table after a procedure shows: the relief its pain row keeps of half or
    more from the first week on (`relief_percent`, the least of those weeks, and
    `duration_weeks`, the last of them), or its best relief when none reaches half (no
    duration); whether a drug's count a day fell (`medication_reduced`) and a disability
    score fell by a fifth or more (`functional_gain`). None where the table has no such row."""

    relief_percent: int | None
    duration_weeks: float | None
    medication_reduced: bool | None
    functional_gain: bool | None
    evidence: Evidence


def _cell_value(cell: str) -> float | None:
    figure = _FIGURE_CELL_RE.fullmatch(cell)
    if figure is None:
        return None
    low = float(figure.group("low"))
    return (low + float(figure.group("high"))) / 2 if figure.group("high") else low


def _table_rows(text: str, heading: re.Match[str]
                ) -> Iterator[tuple[str, list[float | None], int, int]]:
    """The rows under the heading up to a line that is not one: its label, one value per
    column (the first before the procedure; None for a gap) and its span."""
    columns = 1 + len(_WEEK_RE.findall(heading.group("weeks")))
    at = heading.end() + 1
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        cells = text[at:end].split()
        if len(cells) <= columns:
            return
        label, row = " ".join(cells[:-columns]), cells[-columns:]
        if not all(_FIGURE_CELL_RE.fullmatch(c) or _GAP_CELL_RE.fullmatch(c) for c in row):
            return
        yield label, [_cell_value(c) for c in row], at, end
        at = end + 1


#: The same follow-up kept the other way round, a row a week: a pain diary after the procedure
#: ("Wk | Leg pain 0-10 | Back 0-10 | Norco tabs/day | Work", rows " 2 | 2 | 3 | 1 | mod
#: duty"), its cells set apart by bars or by runs of blanks.
_WEEK_ROWS_HEADING_RE = re.compile(r"^[ \t]*(?:wks?|weeks?)\b[ \t]*(?:\||[ \t]{2,})[^\n]*$",
                                   re.IGNORECASE | re.MULTILINE)
_ROW_WEEK_RE = re.compile(r"\d{1,2}")
#: A rule under the heading ("----+------"), passed over.
_RULE_LINE_RE = re.compile(r"[ \t\-+=|]*")
#: The time before the procedure told beside such a diary ("baseline before injection was leg
#: 8/10, 3-4 Norco/day"): its sentence, and a score in it (after the column's site, if named).
_BASELINE_RE = re.compile(r"\b(?:baseline|before\s+(?:the\s+)?(?:injection|procedure|block|"
                          r"shot|ESI))\b[^.\n]*", re.IGNORECASE)
_BASELINE_SCORE = r"(?P<n>\d{1,2}(?:\.\d)?)(?:\s*-\s*(?P<hi>\d{1,2}))?\s*/\s*10\b"
#: (the count before the drug, "3-4 Norco/day", or after it, "tramadol 3/day")
_BASELINE_PER_DAY_RE = re.compile(r"(?:(?P<n>\d{1,2})(?:\s*-\s*(?P<hi>\d{1,2}))?\s+[A-Za-z-]+|"
                                  r"\b[A-Za-z-]+\s+(?P<n2>\d{1,2})(?:\s*-\s*(?P<hi2>\d{1,2}))?)"
                                  r"\s*(?:/|per\s+|a\s+)\s*(?:day|d)\b", re.IGNORECASE)


#: The procedure a diary's title (or the lines above it) follows.
_PROCEDURE_WORD_RE = re.compile(r"\b(?:injections?|ESI|TFESI|blocks?|procedures?|epidurals?|RFA|"
                                r"ablation|neurotomy|shots?)\b|post-?injection", re.IGNORECASE)


def _split_cells(line: str, bars: bool) -> list[str]:
    return [c.strip() for c in (line.split("|") if bars else re.split(r"[ \t]{2,}", line.strip()))]


def _middle(match: re.Match[str] | None) -> float | None:
    """A figure told, a range at its middle (`n`/`hi`, or `n2`/`hi2` where a pattern has two)."""
    if match is None:
        return None
    groups = match.groupdict()
    low, high = ((groups["n"], groups.get("hi")) if groups.get("n") is not None
                 else (groups["n2"], groups.get("hi2")))
    return (float(low) + float(high)) / 2 if high else float(low)


def _baselines(text: str, pain_label: str) -> tuple[float | None, float | None]:
    """The pain and the drug's count a day before the procedure, told beside a diary."""
    told = _BASELINE_RE.search(text)
    if told is None:
        return None, None
    sentence = told.group(0)
    site = re.match(r"[A-Za-z]+", pain_label)
    pain = None
    if site and not PAIN_LABEL_RE.fullmatch(site.group(0)):
        pain = _middle(re.search(rf"\b{re.escape(site.group(0))}\b[^,;0-9]{{0,20}}"
                                 + _BASELINE_SCORE, sentence, re.IGNORECASE))
    if pain is None:
        pain = _middle(re.search(_BASELINE_SCORE, sentence))
    return pain, _middle(_BASELINE_PER_DAY_RE.search(sentence))


def _week_rows(text: str) -> Iterator[tuple[re.Match[str], list[str], list[tuple[float, list[str]]],
                                             int]]:
    """Each diary kept a row a week: its heading, heading cells, (week, cells) rows, end."""
    for heading in _WEEK_ROWS_HEADING_RE.finditer(text):
        bars = "|" in heading.group(0)
        names = _split_cells(heading.group(0), bars)
        rows: list[tuple[float, list[str]]] = []
        at, end = heading.end() + 1, heading.end()
        while at < len(text):
            stop = text.find("\n", at)
            stop = len(text) if stop < 0 else stop
            line = text[at:stop]
            if not _RULE_LINE_RE.fullmatch(line):
                cells = _split_cells(line, bars)
                if not _ROW_WEEK_RE.fullmatch(cells[0]) or len(cells) < 2:
                    break
                rows.append((float(cells[0]), cells))
                end = stop
            at = stop + 1
        if rows:
            yield heading, names, rows, end


def _held_relief(before: float, later: list[tuple[float, float]]) -> tuple[int, float | None]:
    """The relief from `before` held from the first week on while it is half or more: its
    least and the last such week; else the best relief and no duration."""
    reliefs = [(week, round((before - value) / before * 100)) for week, value in later]
    ended = next((i for i, (_w, r) in enumerate(reliefs) if r < 50), len(reliefs))
    held = reliefs[:ended]
    if held:
        return min(r for _w, r in held), held[-1][0]
    return max(r for _w, r in reliefs), None


def _weekly_diaries(document: str, page: int, text: str) -> list[TabledResponse]:
    """Each diary of the weeks after a procedure, a row a week, read against the baseline told
    beside it: the relief its first pain column keeps of half or more from the first week on,
    and whether the drug's count a day fell. No baseline told, no relief read."""
    found: list[TabledResponse] = []
    for heading, names, rows, end in _week_rows(text):
        pain_at = next((i for i, n in enumerate(names) if i and PAIN_LABEL_RE.search(n)), None)
        dose_at = next((i for i, n in enumerate(names) if i and _PER_DAY_LABEL_RE.search(n)),
                       None)
        if pain_at is None:
            continue
        if not _PROCEDURE_WORD_RE.search(text[max(0, heading.start() - 300):heading.start()]):
            continue  # a therapy program's weekly log is no procedure's response
        pain_before, dose_before = _baselines(text[heading.start():], names[pain_at])
        if not pain_before:
            continue
        later = [(week, value) for week, cells in rows if len(cells) > pain_at
                 and (value := _cell_value(cells[pain_at])) is not None]
        if not later:
            continue
        relief, lasting = _held_relief(pain_before, later)
        reduced = None
        if dose_at is not None and dose_before is not None:
            doses = [v for _w, cells in rows if len(cells) > dose_at
                     and (v := _cell_value(cells[dose_at])) is not None]
            reduced = any(v < dose_before for v in doses) if doses else None
        found.append(TabledResponse(
            relief, lasting, reduced, None,
            Evidence(document=document, page=page, start=heading.start(), end=end,
                     quote=text[heading.start():end])))
    return found


def responses_tabled(document: str, page: int, text: str) -> list[TabledResponse]:
    """Each outcome table of the page that follows a procedure (its heading or the line above
    names it, and no drug, therapy or program), read as its response; and each post-procedure
    diary kept a row a week (`_weekly_diaries`)."""
    found: list[TabledResponse] = _weekly_diaries(document, page, text)
    for heading in _WEEKS_HEADING_RE.finditer(text):
        # (the heading's own words and the line above it: what the table follows)
        lead = text[max(0, text.rfind("\n", 0, max(heading.start() - 1, 0))):heading.start("weeks")]
        if not _TABLE_OF_PROCEDURE_RE.search(lead) or _TABLE_OF_ELSE_RE.search(lead):
            continue
        weeks = [float(w) for w in _WEEK_RE.findall(heading.group("weeks"))]
        relief = lasting = reduced = gain = None
        end = heading.end()
        for label, values, _start, row_end in _table_rows(text, heading):
            end = row_end  # the table's evidence runs to its last row
            before, after = values[0], values[1:]
            if not before:
                continue
            later = [(week, value) for week, value in zip(weeks, after, strict=True)
                     if value is not None]
            if PAIN_LABEL_RE.search(label) and relief is None and later:
                relief, lasting = _held_relief(before, later)
            elif _PER_DAY_LABEL_RE.search(label) and later:
                reduced = bool(reduced) or any(value < before for _w, value in later)
            elif _DISABILITY_LABEL_RE.search(label) and later:
                gain = bool(gain) or any(value <= before * _DISABILITY_GAIN for _w, value in later)
        if relief is None and reduced is None and gain is None:
            continue
        evidence = Evidence(document=document, page=page, start=heading.start(), end=end,
                            quote=text[heading.start():end])
        found.append(TabledResponse(relief, lasting, reduced, gain, evidence))
    return found
