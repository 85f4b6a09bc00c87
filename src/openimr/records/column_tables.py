"""Column tables: a heading row of dates or periods, and rows of a label and one cell per
column (issue 11 §1 "medication tables", §4 "dated trends"), e.g.

    Drug          06/2014      09/2014
    gabapentin    300 tid      600 tid
    Norco 10/325  4/day        2/day
    Leg pain      8/10         5/10
    Work          TTD          RTW 4 hr/day housekeeping (since 08/2014)

Each cell is read as the sentence its row label and the cell make ("Leg pain: 5/10",
"Norco 10/325: 2/day", "Work: TTD") by the same reader as any sentence, and its facts are
given the column's date (a period in words, "baseline" or "on meds", per
`rules/table_periods.yaml`) and the cell as their evidence. The page's own reading of the
rows (a sentence that runs from one row into the next, dated by the wrong column) is left
out for the table's.

Normalisation folds the runs of spaces that aligned the columns into one (`normalize`), so
a row is cut into its label and cells by the shape of its words: the cells of a row are
written alike ("300 tid" / "600 tid", "8/10" / "5/10") or at least begin alike ("TTD" /
"RTW 4 hr/day"); of the cuts that make them so, the shortest label is taken. Rows with "|"
between their cells are cut there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations
from pathlib import Path

from openimr.model import Evidence, Fact
from openimr.model.yamltext import load_yaml
from openimr.records.dates import DATE_RE, date_from_match, parse_date

_RULES = Path(__file__).resolve().parent / "rules" / "table_periods.yaml"
#: A column's heading written as a date ("06/2014", "09/30/2014", "Jun 2014", "2014-06-01")
#: or a year alone ("2013").
_DATE_HEADING = (r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|"
                 r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,? \d{4}|"
                 r"(?:19|20)\d\d")
#: The most rows read under one heading, and the longest row.
_MAX_ROWS = 30
_MAX_ROW = 160
#: A pain row's label: its bare numbers are scores of 10 ("Pain  8  5").
#: A row label or a column heading that names the pain ("Leg pain", "Avg pain", "VAS").
#: (the words of a pain's kind too: "Burning (0-10)  8  5", "Aching  6  3")
PAIN_LABEL_RE = re.compile(r"\b(?:pain|VAS|NRS|NPRS|burning|aching|ache|throbbing|stabbing|"
                           r"shooting)\b", re.IGNORECASE)
_BARE_SCORE_RE = re.compile(r"\d{1,2}(?:\.\d)?")
_DATED = re.compile(_DATE_HEADING, re.IGNORECASE)
#: A cell that is only a value with at most a unit ("24", "38", "5s", "130 deg", "7/10").
_BARE_VALUE_RE = re.compile(r"[<>~]?\s*\d+(?:\.\d+)?(?:\s*/\s*\d+)?\s*[a-z%°]{0,4}\.?",
                            re.IGNORECASE)
#: A "Key: value" pair inside a line: a line of a form, not a row of the table.
_KEY_VALUE_RE = re.compile(r"[A-Za-z)]:\s")


@dataclass(frozen=True)
class Period:
    pattern: re.Pattern[str]
    when: str
    pain_context: str | None


@dataclass(frozen=True)
class Column:
    heading: str
    date: dt.date | None
    pain_context: str | None = None


@dataclass(frozen=True)
class Cell:
    label: str
    start: int
    end: int
    column: Column
    #: The row's number in its table.
    row: int = 0


@dataclass(frozen=True)
class Table:
    """A table: its heading and rows run from `start` to `end` of the page's text."""

    start: int
    end: int
    cells: tuple[Cell, ...]


@cache
def _periods() -> tuple[Period, ...]:
    data = load_yaml(_RULES.read_text(encoding="utf-8")) or {}
    periods = []
    for entry in data["periods"]:
        unknown = set(entry) - {"pattern", "when", "pain_context"}
        if unknown or entry.get("when") not in ("before", "now", "dated") or entry.get(
                "pain_context") not in (None, "with_medication", "without_medication"):
            raise ValueError(f"{_RULES.name}: bad period entry {entry!r}")
        periods.append(Period(re.compile(_spaced(entry["pattern"]), re.IGNORECASE),
                              entry["when"], entry.get("pain_context")))
    return tuple(periods)


def _spaced(pattern: str) -> str:
    return pattern.replace(" ", r"\s+")


@cache
def _period_re() -> re.Pattern[str]:
    """One column's heading: a date or a period in words."""
    period = "|".join([_DATE_HEADING, *(p.pattern.pattern for p in _periods())])
    return re.compile(rf"(?<![\w/])(?:{period})(?![\w/])", re.IGNORECASE)


@cache
def _heading_re() -> re.Pattern[str]:
    """A heading line: an optional label in words ("Drug", "Measure"), then two or more
    periods, nothing else."""
    one = _period_re().pattern
    return re.compile(rf"^[ \t|]*(?P<label>[A-Za-z][A-Za-z /&()#.-]{{0,30}}?[ \t|]+)??"
                      rf"(?P<periods>(?:{one})(?:[ \t]*(?:\||vs\.?)?[ \t]*(?:{one}))+)[ \t|]*$",
                      re.IGNORECASE | re.MULTILINE)


def _column(heading: str, note_date: dt.date | None) -> Column:
    for period in _periods():
        if period.pattern.fullmatch(heading):
            if period.when == "dated":
                return Column(heading, _month_day(heading, note_date))
            return Column(heading, note_date if period.when == "now" else None,
                          period.pain_context)
    match = DATE_RE.fullmatch(heading)
    date = date_from_match(match) if match else None
    if date is None and re.fullmatch(r"(?:19|20)\d\d", heading):
        date = dt.date(int(heading), 1, 1)
    return Column(heading, date)


def _month_day(heading: str, note_date: dt.date | None) -> dt.date | None:
    """The date in a numbered period's parentheses ("Visit 12 (7/24)"), in the note's year
    (the year before when it would come after the note)."""
    match = re.search(r"\(\s*(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\s*\)", heading)
    if match is None or (note_date is None and not match.group(3)):
        return None
    month, day = int(match.group(1)), int(match.group(2))
    try:
        if match.group(3):
            year = int(match.group(3))
            return dt.date(year + 2000 if year < 100 else year, month, day)
        assert note_date is not None
        date = dt.date(note_date.year, month, day)
        return date if date <= note_date else dt.date(note_date.year - 1, month, day)
    except ValueError:
        return None


def _columns(periods: str, note_date: dt.date | None) -> list[Column]:
    return [_column(m.group(0), note_date) for m in _period_re().finditer(periods)]


def find_tables(text: str, note_date: dt.date | None) -> list[Table]:
    """The column tables of a page's text."""
    tables = []
    for heading in _heading_re().finditer(text):
        columns = _columns(heading.group("periods"), note_date)
        if len(columns) < 2 or len({_DATED.fullmatch(c.heading) is None for c in columns}) > 1:
            continue  # the periods of a heading are all dates or all words ("INITIAL
            # EVALUATION 04/04/2022" heads a note, not a table)
        cells: list[Cell] = []
        start, end = heading.start(), heading.end() + 1
        for number, (line_start, line) in enumerate(_lines_after(text, heading.end() + 1)):
            row = _row(line, len(columns))
            if row is None:
                break
            label, spans = row
            cells.extend(Cell(label, line_start + a, line_start + b, column, number)
                         for (a, b), column in zip(spans, columns, strict=True))
            end = line_start + len(line)
        if cells:
            tables.append(Table(start, end, tuple(cells)))
    return tables


#: What parts a table line's cells: its bars ("Date | Rx | Avg pain"), and where a page kept
#: them its tabs as well.
_BARS = re.compile(r"\|")
_BARS_OR_TABS = re.compile(r"\||\t")


def cell_spans(text: str, start: int = 0, end: int | None = None, *,
               tabs: bool = False) -> list[tuple[int, int]]:
    """The spans of the cells of the table line `text[start:end]`: one cell on either side of
    each border (a bar; a tab too with `tabs`), each trimmed of its blanks, a blank cell an
    empty span at its border. Cell i is the one after i borders, so a line that opens with a
    bar has an empty first cell, and a line without a border is one cell. The one splitter of
    bordered rows for the table readers (`_row` here, `pain_changes`, the medication and
    therapy readers)."""
    end = len(text) if end is None else end
    spans, at = [], start
    for border in [*(_BARS_OR_TABS if tabs else _BARS).finditer(text, start, end), None]:
        stop = border.start() if border else end
        cell = text[at:stop]
        begin = at + len(cell) - len(cell.lstrip())
        spans.append((begin, max(begin, stop - (len(cell) - len(cell.rstrip())))))
        at = border.end() if border else end
    return spans


def cells(text: str, *, tabs: bool = False) -> list[str]:
    """The cells of a table line, trimmed (`cell_spans`)."""
    return [text[a:b] for a, b in cell_spans(text, tabs=tabs)]


def _lines_after(text: str, start: int) -> Iterator[tuple[int, str]]:
    for count, match in enumerate(re.finditer(r"[^\n]*", text[start:])):
        if count >= 2 * _MAX_ROWS:  # (the empty matches between lines count too)
            return
        if match.start() and text[start + match.start() - 1] != "\n":
            continue  # the empty match at a line's end
        line = match.group(0)
        if not line.strip():
            return  # a blank line ends the table
        yield start + match.start(), line


def _row(line: str, columns: int) -> tuple[str, list[tuple[int, int]]] | None:
    """A row's label and the span of each of its cells in `line`, or None for a line that is
    not a row of the table (a sentence, a heading, a line of the wrong shape)."""
    stripped = line.rstrip()
    if not stripped or len(stripped) > _MAX_ROW or stripped.endswith((".", ":")) or \
            _KEY_VALUE_RE.search(stripped):
        return None
    if "|" in stripped:
        parts = [(a, b) for a, b in cell_spans(stripped) if a < b]  # blank cells left out
        if len(parts) != columns + 1:
            return None
        return _label(stripped[parts[0][0]:parts[0][1]]), parts[1:]
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", stripped)]
    best: tuple[tuple[bool, bool, int], str, list[tuple[int, int]]] | None = None
    for size in range(1, len(tokens) - columns + 1):
        label = stripped[tokens[0][0]:tokens[size - 1][1]]
        if not re.search(r"[A-Za-z]", label):
            continue
        rest = tokens[size:]
        for cuts in combinations(range(1, len(rest)), columns - 1):
            groups = [rest[a:b] for a, b in zip((0, *cuts), (*cuts, len(rest)), strict=True)]
            shapes = [tuple(_shape(stripped[a:b]) for a, b in group) for group in groups]
            # a cell left blank ("NT", "n/a", "-") is like any other
            written = [shape for shape in shapes if shape != ("blank",)]
            if not written:
                continue
            alike = max(Counter(written).values()) == len(written)
            begin_alike = max(Counter(s[0] for s in written).values()) == len(written)
            if not (alike or begin_alike):
                continue
            # cells written alike first; then the shortest label
            score = (alike, begin_alike, -size)
            if best is None or score > best[0]:
                best = (score, label, [(g[0][0], g[-1][1]) for g in groups])
    if best is None:
        return None
    return _label(best[1]), best[2]


def _label(text: str) -> str:
    return text.strip().rstrip(":").strip()


def _shape(token: str) -> str:
    """What a token is written as, for telling a row's cells apart: a number, a fraction
    ("8/10"), a rate ("4/day"), a number with its unit ("20min"), a parenthesis, an
    abbreviation in capitals, a word."""
    if re.fullmatch(r"(?i:NT|N/?A|none|-+|—|\?)", token):
        return "blank"
    # (a range is written as a number: "sleep (h)  3-4  6")
    if re.fullmatch(r"[<>~]?\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?%?", token):
        return "number"
    if re.fullmatch(r"\d+(?:\.\d+)?[+-]?/\d+(?:\.\d+)?", token):
        return "fraction"
    if re.fullmatch(r"\d+(?:\.\d+)?/[A-Za-z]+\.?", token):
        return "rate"
    if re.fullmatch(r"\d+(?:\.\d+)?[A-Za-z#°]+\.?", token):
        return "measure"
    if token[:1] in "([":
        return "parenthesis"
    letters = re.sub(r"[^A-Za-z]", "", token)
    if len(letters) >= 2 and letters.isupper():
        return "abbreviation"
    return "word" if letters else "other"


#: A session log's heading: its first column numbers the visits ("Session  Date  BDI-II
#: PHQ-9  Behavioral goal", "Visit #  Date  Pain"); the rows under it open with that number.
_LOG_HEADING_RE = re.compile(r"^(?:session|visit|tx|v)[ \t]*(?:#|no\.?)?[ \t]+[A-Za-z][^\n|]*$",
                             re.IGNORECASE | re.MULTILINE)
_LOG_ROW_RE = re.compile(r"(?P<n>\d{1,2})(?![\d.):/-])[ \t(]")


def session_logs(text: str) -> list[tuple[int, int]]:
    """The visits a session log counts: for each log of two or more rows numbered in
    increasing order, the span of its last row's number (the visits had so far)."""
    counts = []
    for heading in _LOG_HEADING_RE.finditer(text):
        last: re.Match[str] | None = None
        offset = heading.end() + 1
        for line_start, line in _lines_after(text, offset):
            row = _LOG_ROW_RE.match(line)
            if row is None or (last is not None and int(row.group("n")) <= int(last.group("n"))):
                break
            last = row
            offset = line_start
        if last is not None and int(last.group("n")) >= 2:
            counts.append((offset + last.start("n"), offset + last.end("n")))
    return counts


def cell_sentence(cell: Cell, text: str) -> str:
    """The sentence a cell makes with its row's label: "Leg pain: 8/10"."""
    value = text[cell.start:cell.end]
    if PAIN_LABEL_RE.search(cell.label) and _BARE_SCORE_RE.fullmatch(value) and float(
            value) <= 10:
        value += "/10"  # "Pain  8  5": the row says what the numbers score
    return f"{cell.label}: {value}"


def _trend(cells: list[Cell], text: str) -> tuple[str, Cell, Cell] | None:
    """A row's change from its earliest column to its latest, as the sentence the function
    reader reads ("Sitting tolerance: 20 min -> 45 min"); None when the columns' order in
    time is unknown."""
    first, last = cells[0], cells[-1]
    if PAIN_LABEL_RE.search(first.label):
        return None  # less pain is no functional gain (its scores are read cell by cell)
    dates = (first.column.date, last.column.date)
    if None not in dates:
        if dates[0] == dates[1]:  # type: ignore[operator]
            return None
        if dates[0] > dates[1]:  # type: ignore[operator]
            first, last = last, first  # the latest column written first
    elif not (first.column.date is None and last.column.date is not None):
        return None  # a trend needs a column before the other ("baseline", "current")
    sentence = (f"{first.label}: {text[first.start:first.end]} -> "
                f"{text[last.start:last.end]}")
    return sentence, first, last


def _drug_row(cell: Cell, text: str, read: Callable[[str], list[Fact]]) -> bool:
    """The row names a drug ("Norco 10/325  4/day  2/day"): its cells are doses."""
    return any(fact.kind.value == "medication" for fact in read(cell_sentence(cell, text)))


def table_facts(tables: list[Table], logs: list[tuple[int, int]], text: str, document: str,
                page: int, read: Callable[[str], list[Fact]]) -> list[Fact]:
    """The facts of the tables' cells: each read from its `cell_sentence` by `read` (the
    page reader), dated by its column, its evidence the cell; a row's functional gain or
    decline from its first column to its last, its evidence the row's cells; and the visits
    each session log (`session_logs`, found by the caller) counts."""
    facts = []
    for start, end in logs:
        # "Session 4": the reader's visit count, of the note's own modality
        facts.extend(fact.model_copy(update={"evidence": Evidence(
            document=document, page=page, start=start, end=end, quote=text[start:end])})
            for fact in read(f"Session {text[start:end]}.")
            if fact.kind.value == "therapy_sessions")
    for table in tables:
        rows: dict[int, list[Cell]] = {}
        for cell in table.cells:
            rows.setdefault(cell.row, []).append(cell)
        for cells in rows.values():
            trend = _trend(cells, text)
            if trend is None or _drug_row(cells[0], text, read):
                continue  # a drug's dose from one column to the next is no functional change
            sentence, first, last = trend
            start, end = min(first.start, last.start), max(first.end, last.end)
            facts.extend(fact.model_copy(update={
                "date": last.column.date,
                "evidence": Evidence(document=document, page=page, start=start, end=end,
                                     quote=text[start:end])})
                for fact in read(sentence) if fact.kind.value == "functional_improvement")
        for cell in table.cells:
            sentence = cell_sentence(cell, text)
            value_from = len(cell.label) + 2
            for fact in read(sentence):
                # what the cell says, and the drug its row names ("Norco 10/325")
                if fact.evidence.end <= value_from and fact.kind.value != "medication":
                    continue
                if fact.kind.value == "functional_improvement" and _BARE_VALUE_RE.fullmatch(
                        text[cell.start:cell.end].strip()):
                    continue  # one value ("TUG (sec): 24") is no change: the row's trend is
                value = dict(fact.value)
                if (fact.kind.value == "pain_score" and cell.column.pain_context
                        and value.get("context") in (None, "current")):
                    value["context"] = cell.column.pain_context
                facts.append(fact.model_copy(update={
                    "value": value, "date": cell.column.date,
                    "evidence": Evidence(document=document, page=page, start=cell.start,
                                         end=cell.end, quote=text[cell.start:cell.end])}))
    return facts


# -- A drug's start date, told after it on its line or in a medication table's start column

#: The start of a drug's use written after it on its line: "start 02/14/2019", "started
#: 3/2020", "(since 2014)", "began Jan 2019".
_BEGAN_RE = re.compile(r"\b(?:start(?:ed)?|since|began|begun|initiated)\b\s*(?:on\s+|in\s+)?:?\s*"
                       r"(?:(?P<date>" + DATE_RE.pattern + r")|(?P<year>(?:19|20)\d{2})\b)",
                       re.IGNORECASE)
#: Where a sentence ends and another begins: a full stop, then a word in capitals.
_NEXT_SENTENCE_RE = re.compile(r"\.\s+(?=[A-Z][a-z])")
#: A medication table's heading that names the column of the date the drug was begun
#: ("Drug  Dose  Freq  Since  Notes", "Medication | Sig | Start date"), and the other date
#: columns that may stand before it ("Last filled", "Stop").
_START_HEADING_RE = re.compile(r"\b(?:since|start(?:ed)?(?:\s+date)?|date\s+started|began)\b",
                               re.IGNORECASE)
_DATE_HEADING_RE = re.compile(r"\b(?:since|start(?:ed)?|began|stop(?:ped)?|end(?:ed)?|"
                              r"(?:last\s+)?fill(?:ed)?|date\w*)\b", re.IGNORECASE)
_HEADING_WORDS_RE = re.compile(r"\b(?:drug|medications?|meds?|name)\b", re.IGNORECASE)
#: A heading row is a few words without figures or a sentence's end, not prose that says
#: when a drug was started.
_TABLE_HEADING_RE = re.compile(r"^[^\d.;]{0,120}$")
#: A date or a year standing alone in the row, not a strength ("2000 mg").
_DATE_CELL_RE = re.compile(r"(?<![\w/.-])(?:(?P<date>" + DATE_RE.pattern + r")|"
                           r"(?P<year>(?:19|20)\d{2}))(?![\w/.-])(?!\s*(?:mg|mcg|g|ml|units?)\b)",
                           re.IGNORECASE)


def _start_column_cell(text: str, at: int) -> re.Match[str] | None:
    """The date under a medication table's start column ("Drug  Dose  Freq  Since  Notes"),
    in the row of the drug named at `at`. The heading is the nearest line above, within the
    table, that names the drug column and a start column; the page text may have lost the
    columns' alignment, so the date is the row's n-th after the drug's name, n the start
    column's place among the heading's date columns."""
    row_end = text.find("\n", at)
    row = text[at:row_end if row_end >= 0 else len(text)]
    above = text[:text.rfind("\n", 0, at) + 1].split("\n")[:-1]
    for heading in reversed(above[-12:]):
        start = _START_HEADING_RE.search(heading)
        if (start is None or not _HEADING_WORDS_RE.search(heading)
                or not _TABLE_HEADING_RE.match(heading)):
            continue
        place = len(_DATE_HEADING_RE.findall(heading[:start.start()]))
        dates = list(_DATE_CELL_RE.finditer(row))
        return dates[place] if place < len(dates) else None
    return None


def use_began(text: str, start: int, end: int) -> dt.date | None:
    """When the worker began the drug named at `text[start:end]`, if its line says so after
    naming it ("since 2014", "start 02/14/2019") or a medication table gives it in its start
    column: a year alone is read as its last day (the least use)."""
    stop = text.find("\n", end)
    line = text[end:stop if stop >= 0 else len(text)][:80]
    # the drug's own sentence: "Continue ibuprofen. Work: full duty (unchanged since 2013)"
    # dates the work status, not the drug
    line = _NEXT_SENTENCE_RE.split(line, maxsplit=1)[0]
    match = _BEGAN_RE.search(line) or _start_column_cell(text, start)
    if match is None:
        return None
    if match.group("year"):
        return dt.date(int(match.group("year")), 12, 31)
    return parse_date(match.group("date"))


# -- Tables of the pain and the drug by visit, a row a date ("Date  Pain w/o  Pain w/  MED",
# "Month  Norco/month  Pain"), and lines of analgesia ("ANALGESIA  current 3 | w/o med 7").
# Bare numbers under such headings are scores of 10 (a sentence's score needs "/10").

_OFF = r"(?:w/o|without|off)(?:\s+(?:meds?|medications?|opioids?|rx))?"
_ON = r"(?:w/|with|on)(?:\s+(?:meds?|medications?|opioids?|rx))?"
#: The average pain, the on-going review's other score beside the pain after the dose
#: (CPMTG p. 78): a flowsheet may set "Avg pain" beside "Pain w/ med" instead of the pain
#: without the drug.
_AVG = r"(?:avg|average|usual)(?:[ \t]+pain)?"
#: A monitoring flowsheet's heading: a date column, then the pain without and with the
#: medication as its first columns ("Date  Pain w/o  Pain w/  Function  MED  UDS/CURES").
#: (cells set apart by spaces, or by bars: "Date | Pain w/o | Pain w/ | Function")
_CELL = r"(?:[ \t]*\|[ \t]*|[ \t]+)"
_FLOWSHEET_HEADING = re.compile(
    rf"^[ \t]*(?:date|visit|DOS){_CELL}(?:pain[ \t]+)?(?P<first>{_OFF}|{_ON}|{_AVG}){_CELL}"
    rf"(?:pain[ \t]+)?(?P<second>{_OFF}|{_ON}|{_AVG})(?![\w/])[^\n]*$", re.IGNORECASE | re.MULTILINE)
#: (a score given as a range, "3-4", is read at its higher end: the relief not overstated)
_FLOWSHEET_ROW = re.compile(
    rf"^[ \t]*(?:\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\d{{1,2}}/\d{{4}}|\d{{4}}-\d{{2}}(?:-\d{{2}})?){_CELL}"
    rf"(?:\d{{1,2}}(?:\.\d)?\s*-\s*)?(?P<a>\d{{1,2}}(?:\.\d)?)(?:/10)?{_CELL}"
    rf"(?:\d{{1,2}}(?:\.\d)?\s*-\s*)?(?P<b>\d{{1,2}}(?:\.\d)?)(?:/10)?(?![\d/])")
#: A flowsheet line of analgesia ("ANALGESIA  current 3 | least 2 | worst 6 | w/o med (per pt)
#: 7"): the score now and the score without the drug, each after its label.
_ANALGESIA_LINE = re.compile(r"^[ \t]*(?:analgesia|pain(?:\s+scores?)?|VAS|NRS)\b[^\n]*$",
                             re.IGNORECASE | re.MULTILINE)
_LINE_OFF = re.compile(rf"\b{_OFF}(?:\s*\([^)\n]{{0,20}}\))?\s*[:=]?\s*(?P<n>\d{{1,2}}(?:\.\d)?)"
                       r"(?:\s*/\s*10)?(?![\d/.])", re.IGNORECASE)
_LINE_ON = re.compile(rf"(?:\bcurrent|\bnow|\b{_ON})(?:\s*\([^)\n]{{0,20}}\))?\s*[:=]?\s*"
                      r"(?P<n>\d{1,2}(?:\.\d)?)(?:\s*/\s*10)?(?![\d/.])", re.IGNORECASE)
#: A table of the drug and the pain by visit, a row a date, whose heading names a date column
#: and a pain column ("Date  Gabapentin dose  Arm pain (0-10)  Sleep  Work").
#: (heading and rows may each open with a list's bullet, "• Date  Dose  Pain", as an EHR
#: export writes every line of a section)
_LIST_MARK = r"(?:[•·*\u2022\u25aa-][ \t]+)?"
_VISIT_HEADING = re.compile(rf"^[ \t]*{_LIST_MARK}(?:date|month|visit|DOS)\b[^\n]*\b(?:pain|VAS|"
                            r"NRS|NPRS)\b[^\n]*$", re.IGNORECASE | re.MULTILINE)
_ROW_DATE = re.compile(rf"^[ \t]*{_LIST_MARK}(?:\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\d{{1,2}}/\d{{4}}|"
                       r"\d{4}-\d{2}(?:-\d{2})?)(?=[ \t])")
#: A bare number (or a range, "4-5") among a row's cells: not a dose, a count, a time or a
#: frequency ("600 tid" is three digits, "4x/night", "8 h/d", "20 min" are followed by a unit).
_ROW_SCORE = re.compile(r"(?<![\w/.#-])(?P<n>\d{1,2}(?:\.\d)?)(?:\s*-\s*(?P<m>\d{1,2}))?"
                        r"(?![\w/.%:#-]|\s*(?:x\b|h\b|hrs?\b|hours?\b|mg\b|mins?\b|minutes?\b|"
                        r"tabs?\b|blocks?\b|lbs?\b|/|(?:bid|tid|qid|qd|qhs|q\d+h|prn|daily)\b))",
                        re.IGNORECASE)
#: A column of the drug's quantity a month ("Norco/month", "Norco #/mo").
_MONTHLY_COLUMN = re.compile(r"/\s*(?:month|mo)\b|\bper\s+month\b|\bmonthly\b", re.IGNORECASE)
#: The quantity, the first number of a row after its date.
_ROW_QUANTITY = re.compile(r"[ \t]+#?(?P<n>\d{1,3})\b")


@dataclass(frozen=True)
class Analgesia:
    """Pain with and without the drug, read as one: a monitoring flowsheet's latest row (of
    `rows` dated rows) or a line of analgesia (`rows` 0); `start`, `end`, `quote` its evidence."""

    start: int
    end: int
    quote: str
    with_drug: float
    without_drug: float
    rows: int = 0
    #: the `pain_score` context of `without_drug`: the pain without the drug, or the
    #: average pain a flowsheet sets beside the pain after the dose
    baseline: str = "without_medication"


@dataclass(frozen=True)
class VisitRow:
    """A dated row of a table by visit: its date as written, its line's span and quote, and
    the one bare score of 10 among its cells (a range at its higher end)."""

    when: str
    start: int
    end: int
    quote: str
    score: float


@dataclass(frozen=True)
class VisitTable:
    """A table of the drug and the pain by visit (`heading` its heading line), and its rows
    that give one bare score of 10."""

    heading: str
    rows: tuple[VisitRow, ...]


@dataclass(frozen=True)
class MonthlyQuantities:
    """A table's column of the drug's quantity a month ("Month  Norco/month  Pain"): the
    quantities of its dated rows in order; `start`, `end`, `quote` its heading and rows."""

    heading: str
    quantities: tuple[int, ...]
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class PageTables:
    """What the tables of the pain and the drug by visit on a page say (`page_tables`), and
    the spans of their heading lines (column names, no finding)."""

    analgesia: tuple[Analgesia, ...] = ()
    visits: tuple[VisitTable, ...] = ()
    monthly: tuple[MonthlyQuantities, ...] = ()
    headings: tuple[tuple[int, int], ...] = ()

    def in_heading(self, at: int) -> bool:
        """The offset is on the heading line of a flowsheet or of a table by visit."""
        return any(start <= at <= end for start, end in self.headings)


def _dated_lines(text: str, start: int) -> Iterator[tuple[int, str, re.Match[str]]]:
    """The lines from `start` that open with a date, up to the first that does not: each
    line's offset, the line and its date's match."""
    for line in text[start:].split("\n"):
        when = _ROW_DATE.match(line)
        if when is None:
            return
        yield start, line, when
        start += len(line) + 1


def _analgesia(text: str) -> list[Analgesia]:
    found = []
    for heading in _FLOWSHEET_HEADING.finditer(text):
        kinds = [_heading_kind(heading.group(name)) for name in ("first", "second")]
        if "on" not in kinds or kinds[0] == kinds[1]:
            continue  # the pain with the drug, and without it or on average
        off_first = kinds[0] != "on"
        rows = []
        offset = heading.end() + 1
        for line in text[offset:].split("\n"):
            row = _FLOWSHEET_ROW.match(line)
            if row is None and not _ROW_DATE.match(line):
                break
            if row is not None:  # (a dated row with a blank cell, "01/14  8  --", is skipped)
                rows.append((offset, row))
            offset += len(line) + 1
        if not rows:
            continue
        at, row = rows[-1]
        off, on = (row.group("a"), row.group("b")) if off_first else (row.group("b"),
                                                                       row.group("a"))
        found.append(Analgesia(at + row.start(), at + row.end(), row.group(0).strip(),
                               float(on), float(off), len(rows),
                               "average" if "avg" in kinds else "without_medication"))
    for line in _ANALGESIA_LINE.finditer(text):
        off, on = _LINE_OFF.search(line.group(0)), _LINE_ON.search(line.group(0))
        if off is None or on is None or on.start() == off.start():
            continue
        found.append(Analgesia(line.start(), line.end(), line.group(0).strip(),
                               float(on.group("n")), float(off.group("n"))))
    return found


def _heading_kind(cell: str) -> str:
    """A flowsheet heading's pain column: "off" the drug, "on" it, or "avg" (average)."""
    if re.match(_OFF, cell, re.IGNORECASE):
        return "off"
    return "avg" if re.match(_AVG, cell, re.IGNORECASE) else "on"


def _visit_tables(text: str) -> tuple[list[VisitTable], list[MonthlyQuantities]]:
    visits, monthly = [], []
    for heading in _VISIT_HEADING.finditer(text):
        rows, quantities = [], []
        end, counting = heading.end(), True
        for offset, line, when in _dated_lines(text, heading.end() + 1):
            amount = _ROW_QUANTITY.match(line, when.end()) if counting else None
            if amount is None:
                counting = False
            else:
                quantities.append(int(amount.group("n")))
                end = offset + len(line)
            cells = [c for c in _ROW_SCORE.finditer(line, when.end())
                     if float(c.group("m") or c.group("n")) <= 10]
            if len(cells) == 1:
                rows.append(VisitRow(when.group(0).strip(), offset, offset + len(line),
                                     line.strip(), float(cells[0].group("m")
                                                         or cells[0].group("n"))))
        visits.append(VisitTable(heading.group(0), tuple(rows)))
        if _MONTHLY_COLUMN.search(heading.group(0)):
            monthly.append(MonthlyQuantities(heading.group(0), tuple(quantities),
                                             heading.start(), end,
                                             text[heading.start():end].strip()))
    return visits, monthly


@lru_cache(maxsize=512)
def page_tables(text: str) -> PageTables:
    """The flowsheets, lines of analgesia and tables by visit of a page's text (read once a
    page: every item of a case asks of the same pages)."""
    visits, monthly = _visit_tables(text)
    headings = sorted((m.start(), m.end()) for pattern in (_FLOWSHEET_HEADING, _VISIT_HEADING)
                      for m in pattern.finditer(text))
    return PageTables(tuple(_analgesia(text)), tuple(visits), tuple(monthly), tuple(headings))


# -- Pain scores by row: a flowsheet's pain column ("Visit | Date | Pain pre/post | Notes",
# a row "3 | 06/13 | 6 -> 4 | ..."), and a pain diary's entries ("Day 3: 5", "Wk 2: 2",
# "Day 1: leg 4, back 5"). Bare numbers there are scores of 10; a sentence's need "/10".

#: A heading cell that names the pain and nothing else: "Pain", "Arm pain (0-10)", "VAS",
#: "Pain pre/post", "Pain in/out", "NPRS (now/worst)".
_PAIN_COLUMN_RE = re.compile(
    r"(?:[A-Za-z]+\s+)?(?:pain|VAS|NRS|NPRS)(?:\s*(?:score|level|rating))?"
    r"(?:\s*\(?\s*0\s*-\s*10\s*\)?)?(?:\s*\(?\s*(?:pre|in|before|now|start)\s*/\s*"
    r"(?:post|out|after|worst|end)\s*\)?)?", re.IGNORECASE)
#: A pain column's heading of a session's two scores, before and after ("pre/post", "in/out").
_SESSION_COLUMN_RE = re.compile(r"\b(?:pre|in|before|start)\s*/\s*(?:post|out|after|end)\b",
                                re.IGNORECASE)
#: A pain cell: one score, or two (before and after, now and worst: "6 -> 4", "7 / 5",
#: "3/4", "7/10 -> 5/10").
_PAIN_CELL_RE = re.compile(r"(?P<a>\d{1,2}(?:\.\d)?)(?:\s*/\s*10(?!\d))?(?:\s*(?:->|→|/)\s*"
                           r"(?P<b>\d{1,2}(?:\.\d)?)(?:\s*/\s*10(?!\d))?)?")
#: Where a line without bars parts its cells: a run of two blanks or more, or a tab.
_SPACED_CELLS = re.compile(r"[ ]{2,}|\t")
#: A pain diary's heading ("POST-INJECTION PAIN DIARY (patient) - arm pain 0-10", "SCS TRIAL
#: DIARY (patient-completed, 7 days)"), and its entries: a day or a week, then a score, or a
#: score a site ("Day 0 (evening): 3", "Wk 2: 2", "Day 5: leg 2, back 4").
#: A log is a pain diary only when its heading names the pain as its subject ("PAIN LOG",
#: "neck pain log"): an exercise or walking log counts reps and laps, "(pain-limited)" or not.
#: A diary of an activity ("Cycling diary", "HOME EXERCISE DIARY") is none either.
_DIARY_HEADING_RE = re.compile(
    r"^(?![^\n]*\b(?:exercis\w*|walking|walks?|stretch\w*|activity|activities|cycling|"
    r"treadmill|steps|swimming|strength\w*)\s+(?:diary|diaries|log)\b)"
    r"[^\n]*(?:\b(?:diary|diaries)\b|\bpain\s+log\b)[^\n]*$",
    re.IGNORECASE | re.MULTILINE)
_DIARY_ENTRY_RE = re.compile(
    r"\b(?:day|d|wk|week|month|mo)\s*#?\d{1,3}(?:\s*\([^)\n]{0,20}\))?\s*:\s*"
    r"(?:(?P<site>[A-Za-z]+)\s+)?(?P<v>\d{1,2}(?:\.\d)?)(?:\s*/\s*10)?"
    r"(?P<more>(?:\s*,\s*[A-Za-z]+\s+\d{1,2}(?:\.\d)?(?:\s*/\s*10)?(?![\d/.%]))*)"
    r"(?![\d/.%:-]|\s*(?:min|mins|minutes|hours?|hrs?|h|mg|tabs?|pills?|times|x|ft|feet|lbs?|"
    r"blocks?|miles?|steps|reps?|repetitions?|sets?|laps?|rounds?|%)\b)", re.IGNORECASE)
#: A cell that is a value, not a column's name ("12", "3/5", "07/19"); "0-10" names a scale.
_VALUE_CELL_RE = re.compile(r"(?!0\s*-\s*10\b)[\d\s/.:>→-]+")
_DIARY_MORE_RE = re.compile(r"[A-Za-z]+\s+(?P<v>\d{1,2}(?:\.\d)?)(?:\s*/\s*10)?")
_DIARY_PAIN_RE = re.compile(r"\b(?:pain|0\s*-\s*10|VAS|NRS|NPRS|scores?|rate)\b", re.IGNORECASE)
#: A diary whose heading counts something ("NORCO DIARY - tablets taken for pain", "HEADACHE
#: DIARY (number of headaches; pain meds used)", "doses per day"): its numbers are counts, not
#: pain scores, unless the heading also names a score ("pain 0-10", "pain level").
_DIARY_COUNT_RE = re.compile(r"\b(?:tablets?|tabs?|pills?|doses?|capsules?|number\s+of|count|"
                             r"headaches|migraines|episodes|attacks|times|hours\s+(?:of\s+)?"
                             r"slept|meds?\s+used|medications?\s+used)\b|#\s*(?:of\b|\w)",
                             re.IGNORECASE)
_DIARY_SCORE_RE = re.compile(r"\b(?:0\s*-\s*10|VAS|NRS|NPRS|scores?|levels?|ratings?|rated|"
                             r"intensity)\b|/\s*10\b", re.IGNORECASE)


def _line_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A table line's cells: parted by its bars, else by its runs of blanks (empty cells of a
    bordered line kept, so its columns stay in place)."""
    if "|" in text[start:end]:
        spans = cell_spans(text, start, end)
        if spans and spans[0][0] == spans[0][1] and text[start:end].lstrip().startswith("|"):
            spans = spans[1:]  # "| Date | Pain |": the blank before the first bar
        return spans
    spans, at = [], start
    for gap in [*_SPACED_CELLS.finditer(text, start, end), None]:
        stop = gap.start() if gap else end
        cell = text[at:stop]
        begin = at + len(cell) - len(cell.lstrip())
        if cell.strip():
            spans.append((begin, begin + len(cell.strip())))
        at = gap.end() if gap else end
    return spans


def _pain_values(cell: str) -> list[float]:
    match = _PAIN_CELL_RE.fullmatch(cell.strip())
    if match is None:
        return []
    values = [float(match.group(name)) for name in ("a", "b") if match.group(name)]
    return values if all(v <= 10 for v in values) else []


def pain_cells(text: str) -> list[tuple[int, int, list[float]]]:
    """The pain scores a page gives by row, each with its cell's span: the cells of a table's
    pain column under its heading (to a blank line or a line that is not a row), and a pain
    diary's entries under its heading. A cell of two scores gives both."""
    found: list[tuple[int, int, list[float]]] = []
    for line in re.finditer(r"[^\n]+", text):
        heading = _line_cells(text, line.start(), line.end())
        if len(heading) < 3:
            continue
        columns = [i for i, (a, b) in enumerate(heading)
                   if _PAIN_COLUMN_RE.fullmatch(text[a:b])]
        if len(columns) != 1 or any(_VALUE_CELL_RE.fullmatch(text[a:b]) for a, b in heading):
            continue  # a heading names its columns (one of them the pain), no values
        column, at = columns[0], heading[columns[0]][0] - line.start()
        # "Pain pre/post", "Pain in/out": the score after is the session's own effect (heat,
        # TENS), not the pain the worker lives with; the score before is read alone
        session = _SESSION_COLUMN_RE.search(text[heading[column][0]:heading[column][1]])
        for row_start, row in _lines_after(text, line.end() + 1):
            spans = _line_cells(text, row_start, row_start + len(row))
            if len(spans) < 2:
                break
            if len(spans) == len(heading):
                cell = spans[column]
            else:  # a blank cell: the one that starts under the heading's
                cell = next((s for s in spans if abs(s[0] - row_start - at) <= 2), None)
            values = _pain_values(text[cell[0]:cell[1]]) if cell else []
            if session:
                values = values[:1]
            if values:
                found.append((cell[0], cell[1], values))
    for heading in _DIARY_HEADING_RE.finditer(text):
        told = text[max(0, heading.start() - 300):heading.end() + 300]
        if not _DIARY_PAIN_RE.search(told):
            continue
        if _DIARY_COUNT_RE.search(heading.group()) and not _DIARY_SCORE_RE.search(
                heading.group()):
            continue  # a diary of counts (tablets taken, headaches had)
        for row_start, row in _lines_after(text, heading.end() + 1):
            after = 0
            for entry in _DIARY_ENTRY_RE.finditer(row):
                if re.search(r"[A-Za-z]{3,}", re.sub(r"\([^)]*\)", "", row[after:entry.start()])):
                    break  # a line that names something else ("Tablets per day: week 1: 2")
                after = entry.end()
                values = [float(entry.group("v"))] + [
                    float(m.group("v")) for m in _DIARY_MORE_RE.finditer(entry.group("more"))]
                if all(v <= 10 for v in values):
                    found.append((row_start + entry.start(), row_start + entry.end(), values))
    return found
