"""What every fact kind provides: its trigger rules and a parser for the sentence.

A kind's triggers become medspaCy `TargetRule`s (a phrase lexicon or regular expressions,
each with metadata the parser reads). For each trigger found, ConText decides negation,
history, hypothesis and family; the parser then reads the value from the sentence and may
widen the evidence span (e.g. to take in "9 sessions of" before "physical therapy").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from openimr.model.facts import FactKind
from openimr.model.numbers import NUMBER_WORDS, number_words
from openimr.model.startcache import derived_from_pattern
from openimr.model.yamltext import load_yaml


@dataclass(frozen=True)
class Trigger:
    """One target rule: a literal phrase, or a regular expression when `regex` is set."""

    literal: str
    regex: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Mention:
    """A trigger found in a sentence, with what ConText and the sectionizer said about it."""

    sentence: str
    start: int  # trigger span, relative to the sentence
    end: int
    meta: dict[str, Any]
    section: str | None = None
    negated: bool = False
    hypothetical: bool = False
    family: bool = False
    preceding: str = ""  # the page text before the sentence (up to ~1,000 characters)
    preceding_lines: str = ""  # the same text with its line breaks (paragraphs, table rows)
    hints: dict[str, Any] = field(default_factory=dict)  # document-level, e.g. "modality"

    @property
    def text(self) -> str:
        return self.sentence[self.start:self.end]

    def before(self, chars: int = 80) -> str:
        return self.sentence[max(0, self.start - chars):self.start]

    def after(self, chars: int = 80) -> str:
        return self.sentence[self.end:self.end + chars]


@dataclass
class Found:
    """A fact the parser read: its value and evidence span (relative to the sentence).

    `negated` overrides ConText when the value already carries the negation
    ("no functional improvement" is `present: false`, not a negated improvement).
    """

    value: dict[str, Any]
    start: int
    end: int
    negated: bool | None = None
    hypothetical: bool | None = None  # overrides ConText likewise
    family: bool | None = None
    historical: bool | None = None  # overrides ConText: "(first 03/2018)" tells a past one


Parser = Callable[[Mention], list[Found]]


@dataclass(frozen=True)
class KindSpec:
    """A fact kind: its triggers, its value parser, and `anchor`, a cheap pattern that
    every regular-expression trigger's match contains (sentences without it are skipped,
    which keeps a 300-page record fast)."""

    kind: FactKind
    triggers: tuple[Trigger, ...]
    parse: Parser
    anchor: str | None = None


@derived_from_pattern  # a Python loop per character of ~250 patterns at every start
def flexible_spaces(pattern: str) -> str:
    """A space in a trigger pattern matches any run of whitespace, line breaks included
    (the pipeline sees the page with its line breaks; parsers see sentences without)."""
    out, depth, escaped = [], 0, False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
        out.append(r"\s+" if char == " " and depth == 0 else char)
    return "".join(out)


def regex_triggers(table: Iterable[tuple[str, dict[str, Any]]]) -> tuple[Trigger, ...]:
    return tuple(Trigger(literal=f"re{i}", regex=flexible_spaces(pattern), meta=meta)
                 for i, (pattern, meta) in enumerate(table))


def literal_triggers(lexicon: dict[str, dict[str, Any]]) -> tuple[Trigger, ...]:
    return tuple(Trigger(literal=phrase, meta=meta) for phrase, meta in lexicon.items())


# -- small helpers shared by the parsers

#: A pain score of 10 in words ("seven out of ten").
SCORE_WORDS = {"zero": 0} | number_words(up_to=10)
NUMBER = r"(?:\d{1,3}|" + "|".join(NUMBER_WORDS) + ")"
#: The letters OCR writes for digits, put back: 1 as "l" or "I", 0 as "O" ("l0/05/2024",
#: "lO of l2"); one table for the history and therapy readers.
OCR_DIGITS = str.maketrans("lIO", "110")
SIDE_RE = re.compile(r"\b(left|right|bilateral(?:ly)?|both)\b", re.IGNORECASE)
LEVEL_RE = re.compile(r"\b([CTLS]\d{1,2}(?:\s*-\s*(?:[CTLS])?\d{1,2})?)\b")


def to_number(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def nearest(matches: Iterable[re.Match[str]], position: int) -> re.Match[str] | None:
    """The match closest to a character position (ties go to the earlier one)."""
    best: tuple[int, re.Match[str]] | None = None
    for match in matches:
        distance = 0 if match.start() <= position < match.end() else min(
            abs(match.start() - position), abs(match.end() - position))
        if best is None or distance < best[0]:
            best = (distance, match)
    return best[1] if best else None


def side_of(text: str) -> str | None:
    match = SIDE_RE.search(text)
    if not match:
        return None
    side = match.group(1).lower()
    return "bilateral" if side.startswith(("bilateral", "both")) else side


#: The units of an amount of an activity, a tolerance ("walks 20 min", "2 blocks", "lifts 15
#: lbs", "one flight"): the one list of the readers of a tolerance (review 12, R44).
AMOUNT_UNITS = (r"(?:min(?:ute)?s?\b|mins?\b|h\b|hrs?\b|hours?\b|blocks?\b|miles?\b|mi\b|"
                r"feet\b|ft\b|yards?\b|steps?\b|flights?\b|lbs?\b|pounds?\b)")
#: The viscosupplements by brand or name, and the corticosteroids injected by brand: the one
#: list of the injection reader, its guards and the link rules (review 13, finding 17).
VISCOSUPPLEMENT_NAMES = (r"synvisc(?:[- ]?one)?|orthovisc|euflexxa|supartz|gel-?one|monovisc|"
                         r"durolane|gelsyn(?:-?3)?|trivisc|genvisc|hymovis|hyalgan|hylan")
STEROID_INJECTATE_NAMES = r"kenalog|depo-?medrol|triamcinolone|celestone|betamethasone"


#: What each unit of an amount is worth in its measure's base unit (minutes, feet, pounds), as
#: the lowest and highest worth ("a block" is a twelfth to a twentieth of a mile): amounts in
#: different units are set against each other only through it (review 13, findings 3 and 14).
AMOUNT_UNIT_WORTH: tuple[tuple[re.Pattern[str], str, float, float], ...] = tuple(
    (re.compile(rf"^\s*(?:{pattern})", re.IGNORECASE), measure, low, high)
    for pattern, measure, low, high in (
        (r"sec(?:ond)?s?\b|s\b", "time", 1 / 60, 1 / 60),
        (r"min(?:ute)?s?\b|mins?\b", "time", 1, 1),
        (r"h\b|hrs?\b|hours?\b", "time", 60, 60),
        (r"feet\b|ft\b", "distance", 1, 1),
        (r"yards?\b", "distance", 3, 3),
        (r"blocks?\b", "distance", 5280 / 20, 5280 / 12),
        (r"miles?\b|mi\b", "distance", 5280, 5280),
        (r"lbs?\b|pounds?\b", "weight", 1, 1),
        (r"kgs?\b", "weight", 2.2, 2.2)))


#: A rate's period at the end of a unit ("x/wk", "tabs/day", "a week", "per night"), and how
#: many of it a week holds; what is counted by the rate ("tabs", "times") is no unit of its own.
_RATE_RE = re.compile(r"(?:/\s*|\b(?:a|per|each|every)\s+)(?P<per>wk|week|day|d|night)\b\s*$",
                      re.IGNORECASE)
_PER_WEEK = {"wk": 1, "week": 1, "day": 7, "d": 7, "night": 7}
_COUNTED_RE = re.compile(r"^\s*(?:x|times|tabs?|tablets?|pills?|doses?|caps(?:ules)?)?\s*$",
                         re.IGNORECASE)


def _counted_unit(unit: str) -> tuple[str, int | None]:
    """A unit less its rate's period, and the period's count a week ("tabs/day": "", 7)."""
    rate = _RATE_RE.search(unit)
    if rate:
        unit = unit[:rate.start()]
    return ("" if _COUNTED_RE.match(unit) else unit.strip(),
            _PER_WEEK[rate.group("per").lower()] if rate else None)


def compare_amounts(now: float, now_unit: str, was: float, was_unit: str) -> int | None:
    """1 if the amount now is the larger, -1 if the smaller, 0 if the same, None if the units
    cannot be set against each other ("2 blocks (was 1 mile)" is less, "1 mile (was 10
    blocks)" more, "once a week (was 3-4/wk)" less; "3 tabs (was 2 hours)" nothing). A unit
    or a rate left out is the other's."""
    def worth(unit: str) -> tuple[str, float, float] | None:
        for pattern, measure, low, high in AMOUNT_UNIT_WORTH:
            if pattern.match(unit):
                return measure, low, high
        return None

    (now_unit, now_per), (was_unit, was_per) = _counted_unit(now_unit), _counted_unit(was_unit)
    if now_per and was_per:
        now, was = now * now_per, was * was_per
    if now_unit and was_unit:
        now_worth, was_worth = worth(now_unit), worth(was_unit)
        if now_worth and was_worth:
            if now_worth[0] != was_worth[0]:
                return None
            now_low, now_high = now * now_worth[1], now * now_worth[2]
            was_low, was_high = was * was_worth[1], was * was_worth[2]
            if now_low > was_high:
                return 1
            if now_high < was_low:
                return -1
            return 0 if (now_low, now_high) == (was_low, was_high) else None
        if now_worth or was_worth or re.sub(r"[^a-z]", "", now_unit.lower())[:3] != re.sub(
                r"[^a-z]", "", was_unit.lower())[:3]:
            return None  # "2 flights (was 1 flight)" is one unit; "3 tabs (was 2 h)" none
    return (now > was) - (now < was)


#: A laboratory's result words after an analyte's name in its table ("O-desmethyltram.
#: NEGATIVE  100"): the one list the sentence splitter and the result clause read (review 12,
#: R43).
LAB_RESULT_WORDS = ("POSITIVE", "NEGATIVE", "POS", "NEG", "NOT DETECTED", "NONE DETECTED",
                    "DETECTED", "PRESENT", "ABSENT")
#: The words a heading in capitals may end on too ("HISTORY OF PRESENT ILLNESS" wrapped after
#: PRESENT): the sentence splitter does not take them as a result.
HEADING_RESULT_WORDS = ("PRESENT", "ABSENT")


def lab_result_re(any_case: bool = False) -> str:
    """A result word of `LAB_RESULT_WORDS` as a pattern: in capitals only and not a heading's
    word (the sentence splitter's strict reading: "No fracture. Positive Tinel" is two
    sentences), or with the
    words of more than three letters in any case too (a result clause's: "Tramadol.
    negative")."""
    caps = "|".join(word.replace(" ", r"\s+") for word in LAB_RESULT_WORDS
                    if any_case or word not in HEADING_RESULT_WORDS)
    if not any_case:
        return rf"(?-i:{caps})\b"
    words = "|".join(word.lower().replace(" ", r"\s+") for word in LAB_RESULT_WORDS
                     if len(word) > 3)
    return rf"(?:(?-i:{caps})|(?i:{words}))\b"


#: A side written as the examiner's capital letter alone ("SLR + on L at 40 deg", "Kemp (+) R",
#: "neg B", "(L)"): not a spinal level ("L5", "L4-5", "L 5 dermatome"), a fraction, a
#: comparison of the sides ("L>R", "R<L"), part of "B/L", or a name's initial ("Dr. R. Smith").
SIDE_LETTER_RE = re.compile(
    r"(?<![\w/.<>-])(?<!Dr\.\s)(?<!Dr\s)(?<!Mr\.\s)(?<!Ms\.\s)(?-i:([LRB]))(?![\w/'<>-])"
    r"(?!(?<=L)(?:\s?\d\s*-\s*(?:[LS]\s*)?\d|\s[1-5](?=[\s,.;)]|$)(?!\s*(?:deg|°))))")
_SIDE_LETTERS = {"L": "left", "R": "right", "B": "bilateral"}
#: A letter said right after a finding's words ("SLR + on L at 40 deg", "Spurling (+) R").
_LETTER_AFTER_RE = re.compile(
    r"\s*(?:\(\s*[+-]\s*\)\s*|[+-]\s*)?(?:on\s+(?:the\s+)?)?(?-i:([LR]))(?![\w/'<>-])")
#: The other side's letter joined to a side's ("R and L symmetric", "R=L", "L & R", "L/R").
_JOINED_LETTER_RE = re.compile(r"\s*(?:and|&|=|/)\s*(?-i:([LR]))(?![\w/'<>-])")
#: A result of a finding ("positive", "negative", "absent", "2+", "5/5", "(+)"): one after the
#: joined letter when one came before the first tells each side its own result ("SLR positive
#: R and L negative", "EHL 4/5 R and L 5/5", "Achilles absent R / L 2+"; review 12, R15),
#: whereas "L/R 2+" and "R and L symmetric" give both sides one.
_RESULT_RE = re.compile(r"\(?[+-]\)?(?!\w)|\b\d|\b(?:positive|negative|pos|neg|absent|present|"
                        r"normal|intact|diminished|decreased|reduced|weak\w*|brisk|trace|"
                        r"hyper\w*|hypo\w*|abnormal|equivocal)\b", re.IGNORECASE)


def side_letters(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The sides the lone capital letters in `text[start:end]` name, in order ("left",
    "right", "bilateral" for B)."""
    end = len(text) if end is None else end
    return [_SIDE_LETTERS[m.group(1)] for m in SIDE_LETTER_RE.finditer(text)
            if start <= m.start() < end]


def _skip_blanks(text: str, at: int) -> int:
    """The first offset from `at` that is no space, tab or colon."""
    while at < len(text) and text[at] in " \t:":
        at += 1
    return at


_SIDE_ABBREVIATION_RE = re.compile(r"\b(lt|rt)\b", re.IGNORECASE)


def sides_named(text: str) -> set[str]:
    """Every side the text names, in words ("left", "bilaterally") or by the examiner's lone
    capital letter (`side_letters`): "bilateral" as itself. The one reader of both sides a text
    names (review 12, R41)."""
    named = {side_of(m.group(0)) for m in SIDE_RE.finditer(text)}
    named |= {"left" if m.group(1).lower() == "lt" else "right"
              for m in _SIDE_ABBREVIATION_RE.finditer(text)}
    return {side for side in named | set(side_letters(text)) if side}


def side_letter(text: str, start: int = 0, end: int | None = None) -> str | None:
    """The one side a finding's words (`text[start:end]`) give by a capital letter: a letter
    among its words, else one said right after them; with the other side's letter joined to it
    ("Reflexes 2+ R and L symmetric", "R=L") both. None when the words hold two letters not so
    joined, or none. The one reader of side letters, for the examination's findings and the
    decisions' check of a finding's side (session "fix-review-a", review 11 §22 and R1)."""
    end = len(text) if end is None else end
    found = [m for m in SIDE_LETTER_RE.finditer(text) if start <= m.start() < end]
    if not found:
        after = _LETTER_AFTER_RE.match(text, end)
        found = [after] if after else []
    sides = {_SIDE_LETTERS[m.group(1)] for m in found}
    if found and len(sides) == 1:
        joined = _JOINED_LETTER_RE.match(text, found[-1].end())
        own_results = joined and _RESULT_RE.search(text, start, found[0].start()) and \
            _RESULT_RE.match(text, _skip_blanks(text, joined.end()))
        if joined and _SIDE_LETTERS[joined.group(1)] not in sides and not own_results:
            return "bilateral"
    return sides.pop() if len(sides) == 1 else None


def level_of(text: str) -> str | None:
    match = LEVEL_RE.search(text)
    return match.group(1).replace(" ", "").upper() if match else None


def clause_bounds(sentence: str, start: int, end: int,
                  stops: str = r"[;.\n]|,\s+(?:and|but)\s|\bbut\b") -> tuple[int, int]:
    """The clause around a span: from the previous stop to the next."""
    left = 0
    for match in re.finditer(stops, sentence[:start]):
        left = match.end()
    right_match = re.compile(stops).search(sentence, end)
    right = right_match.start() if right_match else len(sentence)
    return left, right


#: A review-of-systems checklist that says a symptom is absent: an unticked box ("[ ] fever") or a
#: ticked negative ("[x] negative fever", "[x] no cancer history"), the nearest box before it.
_BOX_UNTICKED = re.compile(r"\[\s?\]\s*(?:[\w/-]+\s+){0,3}$")
_BOX_NEGATIVE = re.compile(r"\[[xX]\]\s*(?:negative|neg\.?|no|none|denies)\b[^\[\]]*$")
#: A checklist's answer written after the symptom: "Fever [N]", "Night pain: [No]", "Chills (-)".
_ANSWER_NO_AFTER = re.compile(r"^\s*:?\s*(?:\[\s*(?:n|no|neg|-)\s*\]|\(\s*(?:-|n|no|neg)\s*\))",
                              re.IGNORECASE)
#: A list opened by a denial ("No fever, weight loss, cancer history, IV drug use"): the clause
#: since the last stop is the denial and a plain list of symptoms before the mention.
#: After the first comma the list is any run of words, spaces and commas that each follow a
#: word ("chills and night sweats, or"): written as items of up to four words with optional
#: commas and conjunctions, `re` tried every way to cut a long list into items before
#: failing (exponential: ~2.5 ms a mention, issue 18); possessive, one way, same matches.
_DENIED_LIST = re.compile(r"(?:^|\s)(?:no|denies|denied|negative\s+for|without)\s+"
                          r"(?:[a-z/'-]+\s+){0,3}[a-z/'-]+,(?:\s|[a-z/'-]+,?)*+$",
                          re.IGNORECASE)

#: An exception after a denial ("no, other than a lost prescription", "none except an early
#: refill", "denies any, but ..."): what it names is told, not denied (review 12, R3).
EXCEPTION_RE = re.compile(r"\b(?:except|excepting|other\s+than|apart\s+from|aside\s+from|"
                          r"besides|but|save\s+for|although|though|however)\b", re.IGNORECASE)


def checklist_denies(mention: Mention) -> bool:
    """A symptom a review-of-systems checklist or a denied list marks absent (ConText reads
    neither a box nor a list that runs over a line break)."""
    return checklist_denied(mention.preceding[-300:] + " " + mention.sentence[:mention.start],
                            mention.sentence[mention.end:])


def checklist_denied(before: str, after: str) -> bool:
    """Words between `before` and `after` that a checklist or a denied list marks absent: an
    unticked box or a ticked negative before them, a "[N]" answer after them, a list opened by
    a denial. The one reading of checklists, for the reader (`checklist_denies`) and for the
    engine's search for words it may have missed (`guidelines.documentation`)."""
    if _ANSWER_NO_AFTER.match(after):
        return True
    if _BOX_UNTICKED.search(before) or _BOX_NEGATIVE.search(before):
        return True
    clause = re.split(r"[.;:!?]", before)[-1]
    # a denied list has a comma after its first item ("No fever, chills"): a clause without
    # one is not searched (the expression, case-blind with no literal prefix, was tried at
    # every position of the clause, issue 18)
    if "," not in clause:
        return False
    denied = _DENIED_LIST.search(clause)
    return bool(denied) and not EXCEPTION_RE.search(denied.group(0))


_BOX_AFTER = re.compile(r"[ \t]*:?[ \t]*\[[ \t]?([xX\u2713]?)[ \t]?\]")
_BOX_JUST_BEFORE = re.compile(r"\[\s?[xX\u2713]?\s?\][ \t]?$")
_ROW_HEADING = re.compile(r"^\s*(?:[A-Za-z][\w /&-]{0,30}:)?\s*")
_ANSWER_DENIES = re.compile(r"\s*(?:denies|denied|no|none|neg\w*|absent)\b", re.IGNORECASE)


def box_of_label(row_before: str, after: str) -> re.Match[str] | None:
    """The box of an item in a checklist row written label first ("ROS:  Fever [ ]  Chills
    [x] denies"): the box right after the item (`after`), when the row (`row_before`, from
    the line's start to the item) does not put its boxes before their labels ("[ ] fever
    [x] chills") and no box sits right before the item. None otherwise."""
    box = _BOX_AFTER.match(after)
    if box is None or _BOX_JUST_BEFORE.search(row_before):
        return None
    row = row_before[_ROW_HEADING.match(row_before).end():]  # type: ignore[union-attr]
    return None if row.startswith("[") else box


def box_after_label(mention: Mention) -> str | None:
    """The answer of the mention's own box in a label-first checklist row (`box_of_label`):
    "unticked" (no statement: the item is not answered), "denied" (ticked with a denial
    after it) or "ticked"; None when the mention has no box of its own."""
    row = mention.preceding_lines.rsplit("\n", 1)[-1] + mention.sentence[:mention.start]
    box = box_of_label(row, mention.sentence[mention.end:])
    if box is None:
        return None
    if not box.group(1):
        return "unticked"
    return "denied" if _ANSWER_DENIES.match(mention.sentence, mention.end + box.end()) \
        else "ticked"


def alternatives(words: Iterable[str]) -> str:
    """One pattern for a vocabulary's fragments, the longest tried first."""
    return "|".join(sorted(words, key=len, reverse=True))


def listy(alternatives: str, *, slash: bool = False, only_slash: bool = False) -> str:
    """A pattern for one item or a list of them ("fevers, chills or wound drainage"); with
    `slash`, items joined by a slash too ("fever/chills"); with `only_slash`, by a slash
    alone ("urinary retention/incontinence")."""
    if only_slash:
        return rf"(?:{alternatives})(?:\s*/\s*(?:{alternatives}))*"
    joint = r"\s*/\s*|,\s*|\s+" if slash else r",\s*|\s+"
    return rf"(?:{alternatives})(?:(?:{joint})(?:or\s+|and\s+|nor\s+)?(?:{alternatives}))*"


def table_parser(fold_negation: str | None = None, extra: Callable[[Mention], dict] | None = None
                 ) -> Parser:
    """A parser for kinds whose value is the trigger's metadata (plus `extra`).

    `fold_negation` names a boolean value key that takes the negation instead of the
    negated flag ("no sedation" is a side effect with present false).
    """
    def parse(mention: Mention) -> list[Found]:
        value = dict(mention.meta)
        if extra is not None:
            more = extra(mention)
            if more is None:
                return []
            value.update(more)
        if fold_negation is not None:
            value[fold_negation] = bool(value.get(fold_negation, True)) and not mention.negated
            return [Found(value, mention.start, mention.end, negated=False)]
        return [Found(value, mention.start, mention.end)]
    return parse


#: People other than the worker who may do what the worker cannot ("His wife now mows
#: the lawn", "Wife continues to assist with shopping"): what they do is no gain of the
#: worker's (it states the worker's limitation, `adl_limitation`).
OTHER_PERSON = (r"(?:(?:his|her|their|my|the\s+patient's)\s+)?(?:wife|husband|spouse|partner|"
                 r"son|daughter|mother|father|brother|sister|children|kids|caregivers?|aides?|"
                 r"friends?|neighbou?rs?|girlfriend|boyfriend|family|relatives?|"
                 r"(?:brother|sister)[- ]in[- ]law)\b(?!'s)")

#: (a cue's reach ends where "and" opens a new item with its article: "without success and a
#: TENS unit" denies the success, not the unit)
_NEGATION_BEFORE_RE = re.compile(r"\b(?:no|not|without|never|denies|denied|declin\w*|defer\w*|"
                                 r"negative\s+for)\s+(?:(?!and\s+(?:an?|the|his|her|their)\s)"
                                 r"[\w-]+\s+){0,4}$", re.IGNORECASE)
_NEGATION_AFTER_RE = re.compile(r"^\W*(?:[\w-]+\s+){0,6}?(?:is|are|was|were)?\s*(?:(?:not|no\s+longer)\s+"
                                r"(?:recommended|indicated|warranted|pursued|performed|done|"
                                r"planned|requested|needed)|declined|deferred|denied)\b",
                                re.IGNORECASE)


def local_negation(sentence: str, start: int, end: int) -> bool:
    """Negated by a cue right before the span ("no repeat injection") or right after it
    ("radiofrequency neurotomy is not indicated"), not by one elsewhere in the sentence."""
    return bool(_NEGATION_BEFORE_RE.search(sentence[max(0, start - 45):start])
                or _NEGATION_AFTER_RE.search(sentence[end:end + 70]))


RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


@cache
def rules_vocabulary(name: str) -> dict:
    """A vocabulary of `records/rules/` by its file name ("exam.yaml"), read once."""
    return load_yaml((RULES_DIR / name).read_text(encoding="utf-8"))
