"""Medication facts: prescriptions, daily MME, drug testing, monitoring, side effects."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from openimr.model.facts import FactKind
from openimr.model.yamltext import load_yaml
from openimr.records.column_tables import cells
from openimr.records.kinds.base import (
    EXCEPTION_RE,
    Found,
    KindSpec,
    Mention,
    Trigger,
    alternatives,
    checklist_denies,
    lab_result_re,
    regex_triggers,
    table_parser,
)
from openimr.records.kinds.drugs import base_generic, by_name, drug_names
from openimr.records.lowered import CaseBlindTest, lowered_low
from openimr.records.prefilter import LiteralIndex
from openimr.records.regimen import INTERVAL_HOURS

# (after a comma too: "a baby aspirin, 81 mg daily")
_STRENGTH_RE = re.compile(
    r"^\s*(?:,\s*(?=\d))?(?:\)\s*)?(?:\([\w .-]{1,25}\)\s*)?(?:ER\s+|SR\s+|XR\s+|CR\s+|IR\s+)?"
    r"(?:(?:was\s+|is\s+)?(?:reduced|increased|decreased|titrated|changed|tapered)\s+to\s+|"
    # the new dose of a change: "tramadol to 50 mg one tablet q6h", "Oxycodone taper: 10 mg TID"
    r"to\s+(?=\d)|(?:taper|wean)(?:ed)?:?\s+(?=\d))?"
    r"(\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)?\s*(?:mg|mcg|g|%|ml|units?)(?:/(?:hr|hour|h))?)"
    # "tramadol 400 mg/day" is a daily total, not the strength of a tablet
    r"(?!\s*(?:/\s*d(?:ay)?\b|per\s+day|a\s+day))",
    re.IGNORECASE)
_FREQUENCY_RE = re.compile(
    r"\b(?:(?:once|twice|one|two|three|four|1|2|3|4)\s*(?:times\s*)?(?:a|per)\s*day"
    r"|(?:once |twice |three times |four times )?daily|(?-i:BID|TID|QID|QD|QHS|HS|PRN|QAM|QPM|bid|tid|qid|qhs|qam|qpm|prn)"
    r"|b\.i\.d\.?|t\.i\.d\.?|q\.i\.d\.?|q\s?\d+(?:-\d+)?\s?h(?:ours?|rs?)?(?:\s+(?:as needed|prn))?"
    rf"|every\s+(?:{INTERVAL_HOURS})(?:\s*(?:-|to)\s*(?:{INTERVAL_HOURS}))?\s+hours(?:\s+as\s+needed)?"
    r"|at bedtime|as needed|nightly"
    r"|in the morning|every (?:morning|night|evening)"
    # a count a day: "4/day", "1-2/day", "2x/d"
    r"|(?<![\d/.])\d(?:\s*-\s*\d)?\s*x?\s*/\s*d(?:ay)?"
    # a cap a day ("up to four daily", "max 3 tabs/day"), a range of times ("2-3 times a
    # day"), every few days ("q72h" is above; "every 3 days"), a time of day ("at night",
    # "q AM", "each morning"), a patch's hours on ("12 h on/12 h off")
    r"|(?:up\s+to|max(?:imum)?(?:\s+of)?|no\s+more\s+than|not\s+to\s+exceed|at\s+most)\s+"
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight)"
    r"(?:\s*(?:tabs?|tablets?|pills?|caps?|capsules?|doses?|times|x))?\s*(?:a\s+day|per\s+day|/\s*d(?:ay)?|daily)"
    r"|\d\s*(?:-|to|or)\s*\d\s+times\s+(?:a|per)\s+day"
    r"|every\s+(?:[2-7]|other)\s+days?|q\.?o\.?d"
    r"|at\s+night|each\s+(?:morning|night|evening)|q\.?\s?(?-i:AM|PM|am|pm)|bedtime"
    r"|\d{1,2}\s*h(?:ours?|rs?)?\s+on(?:\s*(?:,|/)?\s*\d{1,2}\s*h(?:ours?|rs?)?\s+off)?"
    # Spanish sigs: "cada 8 horas", "dos veces al día", "al acostarse"
    r"|cada\s+\d{1,2}\s*(?:horas?|h)|(?:una|dos|tres|cuatro|\d)\s+(?:vez|veces)\s+al\s+d[ií]a"
    r"|al\s+acostarse|(?:en|por)\s+la\s+noche)(?!\w)", re.IGNORECASE)
#: A second schedule after the first, a range of them ("at bedtime to bid", "daily-bid",
#: "bid or tid"): the directions allow the higher one.
_FREQUENCY_RANGE_RE = re.compile(r"\s*(?:-|to|or)\s*", re.IGNORECASE)
#: A cap a day after the schedule ("q4-6h prn, max 5/day", "every 6 hours; not to exceed 4
#: tablets per day"): part of the directions, and the bound the day's dose keeps.
_CAP_JOINT_RE = re.compile(r"\s*[,;(]?\s*(?=(?:up\s+to|max(?:imum)?|no\s+more|not\s+to\s+exceed|at\s+most)\b)",
                           re.IGNORECASE)


def _frequency_span(text: str) -> tuple[int, int] | None:
    """Where the directions' schedule stands in `text`, a range of schedules whole."""
    frequency = _FREQUENCY_RE.search(text)
    if frequency is None:
        return None
    end = frequency.end()
    while (joint := _FREQUENCY_RANGE_RE.match(text, end)) and (
            following := _FREQUENCY_RE.match(text, joint.end())):
        end = following.end()
    if (joint := _CAP_JOINT_RE.match(text, end)) and (cap := _FREQUENCY_RE.match(text, joint.end())):
        end = cap.end()
    return frequency.start(), end


#: Units a dose, a range too ("1-2 tabs", "one or two tablets", "una tableta").
_UNITS_RE = re.compile(r"\b(?:(?:\d(?:\.\d)?|one|two)(?:\s*(?:-|to|or)\s*(?:\d|two|three))?|half|"
                       r"1/2|una?|dos)\s*(?:tabletas?|tablets?|tabs?|capsules?|caps?|pills?|po\b|"
                       r"by\s+mouth|patch)", re.IGNORECASE)
_QUANTITY_RE = re.compile(r"#\s?(\d{1,4})\b|\b(?:qty|quantity|dispense[ds]?)[:.]?\s*(?:#\s?)?"
                          r"(\d{1,4})\b|"
                          # "60 tablets" is a count; "2 tabs PO TID" is a dose
                          r"(?<!up to )\b(\d{2,4})\s+(?:tablets|tabs|capsules|caps|patches)\b"
                          r"(?!\s+(?:po|by\s+mouth|sl|q\d|every|daily|bid|tid|qid|at))",
                          re.IGNORECASE)
#: Same-length repairs of OCR misreadings in a dose ("2 rng l po qhs" is "2 mg 1 po qhs").
_OCR_DOSE_FIXES = [(re.compile(r"(?<=\d )rng\b|(?<=\d)rng\b"), "mg "),
                   (re.compile(r"(?<![A-Za-z])[lI](?=\s+(?:po|tab|cap)\b)|(?<=\d)[lI]\b|"
                               r"(?<=[\s#])[lI](?=\d)"), "1"),
                   (re.compile(r"(?<=\d)O\b|(?<=\d)O(?=\d)"), "0")]
#: Column headings of a medication table, and the value each column holds.
# (the heading's last cell runs on into the next row: the text before the parser has its
# line breaks as spaces, so a heading is matched by its first word)
_COLUMNS = [(re.compile(r"(?:dose|strength|str)\b", re.IGNORECASE), "strength"),
            (re.compile(r"(?:sig|directions?|instructions|frequency|schedule)\b",
                        re.IGNORECASE), "frequency"),
            (re.compile(r"(?:qty|quantity|#|count|disp(?:ensed)?)(?:\W|$)", re.IGNORECASE),
             "quantity")]
_TABLE_HEADING_RE = re.compile(r"\b(?:drugs?|medications?|meds?|medicine)"
                               r"(?:[ \t]*(?:/|and|&)[ \t]*(?:strength|dose))?[ \t]*\|",
                               re.IGNORECASE)
#: An action word with its own value right after it, a date or a count ("started 07/2020",
#: "refills x10", "refills: 3"), and no "on"/"with" leading on to a drug: a cell of the row
#: before the drug (a medication list read as one line), not an action on the drug.
_ACTION_CELL_RE = re.compile(r"^\s*(?::\s*)?(?:x\s*\d+|#?\d+(?:[/-]\d+){0,2})(?![\d/-])"
                             r"(?!\s+(?:on|of|with|to|for|at)\b)", re.IGNORECASE)
_ACTIONS: list[tuple[str, str]] = [
    (r"refill\w*|renew\w*|dispens\w*", "refill"),
    (r"taper\w*|wean\w*|reduc\w*|decreas\w*|lower\w*", "taper"),
    (r"discontinu\w*|stop\w*|d/c|off(?:\s+of)?\b|hold\w*|no longer(?:\s+(?:taking|on|using|takes))?|"
     r"ceased|quit", "stop"),
    (r"start\w*|begin|began|initiat\w*|trial of|add\w*|new prescription|prescrib\w*|"
     r"switch\w* to|chang\w* to", "start"),
    (r"continu\w*|takes|taking|current\w*|uses|using|on\b", "current"),
]


def _drug_triggers() -> tuple[Trigger, ...]:
    return tuple(Trigger(literal=d.name, meta={"generic": d.generic, "class": d.drug_class})
                 for d in drug_names()) + _abbreviation_triggers()


_ABBREVIATIONS = Path(__file__).resolve().parent.parent / "rules" / "drug_abbreviations.yaml"
#: What must follow a drug's shorthand for it to be the drug: a strength ("oxy 30", "gaba
#: 300mg", "oxy IR 15").
_STRENGTH_AFTER = r"(?=\s*(?:(?:IR|ER|CR|SR)\s*)?\d)"


def _abbreviation_triggers() -> tuple[Trigger, ...]:
    """The prescribers' shorthand for drug names (`rules/drug_abbreviations.yaml`), each read
    as its drug where a strength follows it, or joined to APAP as the combination."""
    vocabulary = load_yaml(_ABBREVIATIONS.read_text(encoding="utf-8")) or {}
    generics = {d.generic: d for d in drug_names()}
    triggers = []
    for table, pattern in (("abbreviations", r"\b{0}\b" + _STRENGTH_AFTER),
                           ("combinations", r"\b{0}\s?[/-]\s?apap\b")):
        for short, generic in (vocabulary.get(table) or {}).items():
            drug = generics.get(base_generic(generic))
            if drug is None:
                continue
            triggers.append(Trigger(literal=f"{table}:{short}",
                                    regex=pattern.format(re.escape(short)),
                                    meta={"generic": drug.generic, "class": drug.drug_class,
                                          "drug": generic}))
    return tuple(triggers)


_INJECTATES = {"lidocaine", "bupivacaine", "ropivacaine", "triamcinolone", "kenalog",
               "depo-medrol", "methylprednisolone", "dexamethasone", "betamethasone",
               "celestone", "omnipaque", "hyaluronic acid", "hylan g-f 20", "synvisc",
               "orthovisc", "euflexxa", "gel-one", "contrast"}
_PROCEDURE_RE = re.compile(r"inject|block|procedure|ablation|fluoroscop|needle|epidural",
                           re.IGNORECASE)
_TEST_RESULT_RE = re.compile(r"(?:positive|negative)\s+for|detected|metabolite|\b(?:UDS|UDT)\b|"
                             r"urine|drug\s+screen|toxicology|\bCURES\b|"
                             # a result set against the drug right before it, however long
                             # the test's own sentence ("... today, consistent with prescribed
                             # oxycodone"): the drug the test expects, not a new prescription
                             r"\b(?:consistent|compatible|congruent|in\s+keeping)\s+with\s+"
                             r"(?:(?:the|his|her|their)\s+)?(?:prescribed|expected|reported)\s+$",
                             re.IGNORECASE)
#: ... or one a result follows ("morphine present as expected; oxycodone not detected",
#: "Tramadol and metabolite detected", "hydromorphone POS").
_TEST_RESULT_AFTER_RE = re.compile(r"^\W{0,3}(?:(?:and|with)\s+(?:\w+\s+)?metabolites?\s+)?"
                                   r"(?:(?-i:POS|NEG)\b|positive\b|negative\b|(?:not\s+)?detected\b|present\s+(?:as\s+"
                                   r"expected|at\b)|absent\b)", re.IGNORECASE)
_LOCAL_NEGATION_RE = re.compile(r"\b(?:no|not|denies|denied|never|without)\s+(?:\w+\s+){0,2}$",
                                re.IGNORECASE)
_CONDITIONAL_RE = re.compile(r"\b(?:if|consider\w*|may|might|would|could)\b", re.IGNORECASE)


def parse_medication(mention: Mention) -> list[Found]:
    sentence = mention.sentence
    if mention.section == "allergies" or re.search(r"allerg\w*\s+(?:to\s+)?(?:\w+\s+){0,3}$",
                                                   sentence[max(0, mention.start - 40):
                                                            mention.start], re.IGNORECASE):
        return []  # an allergy is not a medication the worker takes
    if (mention.meta["generic"] in _INJECTATES or mention.text.lower() in _INJECTATES) and (
            _PROCEDURE_RE.search(sentence)):
        return []  # the injectate of a procedure is not a medication the worker takes
    if _TEST_RESULT_RE.search(sentence[max(0, mention.start - 60):mention.start]) or \
            _TEST_RESULT_AFTER_RE.match(sentence[mention.end:mention.end + 40]):
        return []  # a drug named in a test result is a substance, not a prescription
    value: dict = {"drug": mention.meta.get("drug") or mention.text,
                   "generic": mention.meta["generic"]}
    row = _table_row(mention)
    end = _directions(mention, value) if row is None else _directions_from_row(mention, row,
                                                                               value)
    # the action is said in the drug's own clause: "off tramadol; duloxetine continued"
    # never stops the duloxetine
    # (a quotation ends a clause: the prazosin "stopped most of the nightmares" and the
    # sertraline ...)
    before = re.split(r"[;,:]|\.\s|[\"”]\s", mention.sentence[max(0, mention.start - 40):
                                                           mention.start])[-1]
    action = "current"
    best = -1
    for pattern, name in _ACTIONS:
        for match in re.finditer(rf"\b(?:{pattern})", before, re.IGNORECASE):
            if _ACTION_CELL_RE.match(before[match.end():]):
                continue
            if match.end() > best:
                best, action = match.end(), name
    if _stopped_after(mention.sentence[end:end + 90]) or _STOPPED_LABEL_RE.search(
            mention.sentence[mention.sentence.rfind("\n", 0, mention.start) + 1:
                             mention.start]) or (
            row is not None and any(_STOPPED_CELL_RE.search(cell) for cell in row[1:])):
        # "Oxycodone discontinued 04/10", "Discontinued: MS Contin 60 mg q12h", a table
        # row's "D/C 11/2023"
        action = "stop"
    if _NOT_YET_TAKEN_RE.match(mention.sentence[mention.end:mention.end + 60]):
        action = "start"  # "duloxetine not yet started (pending authorization)": ordered, not taken
    value["action"] = action
    form = _FORM_AFTER_RE.match(mention.sentence[mention.end:mention.end + 120])
    if form and not re.search(r"\b(?:patch|gel|cream|ointment)", mention.text, re.IGNORECASE):
        value["drug"] = f"{mention.text} {(form.group('a') or form.group('b')).lower()}"
    # a plan to change a medication is an order, not a hypothesis; only a condition is
    hypothetical = mention.hypothetical and bool(_CONDITIONAL_RE.search(sentence[
        max(0, mention.start - 60):mention.start]))
    negated = mention.negated and bool(_LOCAL_NEGATION_RE.search(sentence[
        max(0, mention.start - 40):mention.start]))
    return [Found(value, mention.start, end, negated=negated, hypothetical=hypothetical)]


# (passive only: the prazosin "stopped most of the nightmares" is still taken; a dose
# "held x 1" is a pause, not a stop)
# ("tried mirtazapine and stopped it": a stop said of the drug by its pronoun)
# ("Ibuprofen stopped 03/01 for stomach pain": stopped, then a date, a reason or the clause's
# end)
_STOPPED_AFTER_RE = re.compile(r"^(?:[^;,.\"]|\.\d){0,70}?\b(?:stopped(?=\s+(?:on\s+|in\s+)?\d|"
                               r"\s+(?:for|due|because|after|since|in|last|when)\b|"
                               r"\s*[.;,(]|\s*$)|discontinued|d/c'?d|held(?!\s+(?:x\s*\d|for\s+(?:\d+|one|two|a)\b|\d+\s+doses?|one\s+dose|tonight|today))|"
                               # "naproxen 500 bid (HOLDING since 9/16)", "meloxicam - on hold"
                               r"holding(?=\s+(?:since|due|because|d/t|until|till|per|for\s+now|at\s+present)\b|\s*[).;,-]|\s*$)|"
                               r"\s*[(:\u2013-]\s*on\s+hold|(?:was|were|"
                               r"been|is)\s+stopped|course\s+completed|(?:stopped|quit|"
                               r"discontinued|tapered\s+off)\s+(?:it|them)\b|"
                               r"(?:removed|dropped)\s+from\s+(?:the\s+)?(?:plan|regimen|"
                               r"med(?:ication)?s?\s+list))\b", re.IGNORECASE)
#: A line's label that the drugs after it are stopped ("Discontinued: MS Contin 60 mg q12h",
#: "D/C'd meds: ...").
_STOPPED_LABEL_RE = re.compile(r"^\W*(?:discontinued|stopped|d/c'?d?)(?:\s+(?:medications?|"
                               r"meds|drugs))?\s*:\s*(?:[^:;.]|\.\d)*$", re.IGNORECASE)


def _stopped_after(text: str) -> bool:
    """A stop said after the drug, in its own clause and before any other drug ("Tramadol ER
    100 mg daily was tried in 2019 but caused nausea and was stopped"; not the duloxetine of
    "duloxetine 60 mg daily and gabapentin was stopped")."""
    match = _STOPPED_AFTER_RE.match(text)
    return bool(match) and _next_drug_at(text[:match.end()]) == match.end()
#: A drug said after its name not to have been taken yet ("duloxetine not yet started",
#: "the Lyrica was never filled", "tramadol has not been started"): an order still to begin.
_NOT_YET_TAKEN_RE = re.compile(
    r"^(?:\s*\d[\w./ ]{0,20}?)?\W{0,3}(?:(?:was|is|has|have|had)\s+)?(?:not\s+yet|never|not)\s+(?:been\s+)?"
    r"(?:started|begun|begin|filled|dispensed|taken|initiated|tried)\b", re.IGNORECASE)
_STOPPED_CELL_RE = re.compile(r"^(?:d/c|discontinued|stopped)\b", re.IGNORECASE)


def _ocr_repaired(text: str) -> str:
    for pattern, replacement in _OCR_DOSE_FIXES:
        text = pattern.sub(lambda m, r=replacement: r[:len(m.group(0))].ljust(len(m.group(0))),
                           text)
    return text


#: A strength written without its unit right after the drug ("Oxycodone 30 qid", "Norco 10/325
#: 1 po q6h"): kept as written, the unit is the drug's usual one.
#: (1 or 2 alone is more often the tablets per dose: "Flexeril 1 tid")
#: (a comma may close it before the directions: "Percocet 5/325, 1 tab every 6 hours")
_BARE_STRENGTH_RE = re.compile(r"^\s*((?![12]\s)\d{1,3}(?:\.\d+)?(?:\s*/\s*\d{1,4})?)\s*,?\s+")
#: A comma between the strength and the directions that follow it ("5/325 mg, 1 tab q6h").
_DIRECTIONS_AFTER_COMMA = re.compile(r"\s*,\s*(?=(?:\d|one|two|take|apply|use)\b)", re.IGNORECASE)


def _bare_strength(text: str) -> re.Match[str] | None:
    """A bare number is a strength only when directions follow it at once: a frequency, or
    units per dose and then a frequency ("2 tabs bid" after the drug is a dose, not this)."""
    bare = _BARE_STRENGTH_RE.match(text)
    if bare is None:
        return None
    rest = text[bare.end():bare.end() + 40]
    units = _UNITS_RE.match(rest)
    frequency = _FREQUENCY_RE.match(rest, units.end() if units else 0)
    if frequency is None and units is not None:
        frequency = _FREQUENCY_RE.match(rest, units.end() + 1)
    return bare if frequency else None


#: A dosage form alone between the strength and the directions ("patch", "ER tablet").
_FORM_ONLY_RE = re.compile(r"^\s*(?:(?:ER|SR|XR|IR|DR|oral|extended[- ]release)\s+)?(?:patch(?:es)?|"
                           r"tabs?|tablets?|caps?|capsules?|gel|cream)\s*$", re.IGNORECASE)
#: A topical's form, said right after the drug and its strength or in its row ("Lidoderm 5%
#: patch", "Lidocaine 4% | patch |", "diclofenac 1% gel"): a patch is counted in patches, a
#: gel or cream is not counted. It is kept with the drug's name, as written ("Voltaren gel").
_FORM_AFTER_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*%\s*)?(?P<a>patch|gel|cream|ointment)(?:es)?\b|"
                            r"^[^\n|]*\|\s*(?P<b>patch|gel|cream|ointment)(?:es)?\s*\|",
                            re.IGNORECASE)


def _directions(mention: Mention, value: dict) -> int:
    """Strength, directions and count written after the drug in prose ("Norco 10/325 mg 1
    po q6h prn #120"); returns the end of the evidence."""
    sentence = _ocr_repaired(mention.sentence)
    end = mention.end
    strength = _STRENGTH_RE.match(sentence[end:end + 80]) or _bare_strength(sentence[end:end + 80])
    if strength:
        value["strength"] = " ".join(strength.group(1).split())
        end = mention.end + strength.end()
    comma = _DIRECTIONS_AFTER_COMMA.match(sentence, end) if strength else None
    start = comma.end() if comma else end  # where the directions begin
    clause = re.split(r";|\.\s", sentence[start:start + 120])[0]
    pieces = re.split(r"[,.]\s|\band\b", clause[:80])
    rest, joined = pieces[0], False
    if len(pieces) > 1 and _FORM_ONLY_RE.match(rest):
        # the form, then the directions after a comma ("Lidoderm 5% patch, one patch 12 hours
        # on, 12 hours off")
        rest, joined = f"{rest}, {pieces[1]}", True
    elif len(pieces) > 1 and _CAP_JOINT_RE.match(", " + pieces[1]):
        rest = f"{rest}, {pieces[1]}"  # the schedule, then its cap a day after a comma
    frequency = _frequency_span(rest)
    if frequency:
        # the directions as written, with the units per dose before them ("1 po q6h prn")
        units = _UNITS_RE.search(rest, 0, frequency[0])
        value["frequency"] = rest[units.start() if units else frequency[0]:frequency[1]]
    if not joined:
        count = _column_count(mention, sentence, start + (frequency[1] if frequency else 0))
        if count is not None:
            value["quantity"] = count
            return end
    # the count may follow the directions after a comma ("x 7 days, #28"), never past the
    # next drug
    other = _next_drug_at(clause)
    quantity = _QUANTITY_RE.search(clause, 0, other)
    if quantity:
        value["quantity"] = int(next(g for g in quantity.groups() if g))
        end = max(end, start + quantity.end()) if quantity.start() < 3 else end
    return end


#: A heading of a table aligned by spaces that has a count column ("Medication  Strength
#: Directions  Qty/30d", "Fill date  Rx#  Drug  Qty  Days").
_COUNT_HEADING_RE = re.compile(r"\b(?:drugs?|medications?|sig|directions|strength)\b[^|]{0,80}?"
                               r"\b(?:qty|quantity|disp(?:ensed)?)\b", re.IGNORECASE)


@cache
def _count_heading_test() -> CaseBlindTest:
    """`_COUNT_HEADING_RE` asked over the lower-cased text (`lowered.CaseBlindTest`): it
    was searched, case-blind, over 2,000 characters before every drug mention."""
    return CaseBlindTest(_COUNT_HEADING_RE)


#: The count's cell after the directions (or the strength): a few words of the directions'
#: end ("prn BTP", "TAB"), then a run of spaces and the bare count in its own column.
_COUNT_CELL_RE = re.compile(r"^(?:[ \t]+[A-Za-z][\w/-]*){0,3}?[ \t]{2,}#?(\d{1,4})(?=[ \t]{2,}|"
                            r"[ \t]*(?:\n|$))")


def _column_count(mention: Mention, sentence: str, after: int) -> int | None:
    """The count of a row of a space-aligned table whose heading names a count column, read
    after the row's directions; None in prose or without such a heading."""
    before = mention.preceding[-2000:] + " " + mention.sentence[:mention.start]
    if not _count_heading_test().found_in(before, lowered_low(before)):
        return None
    cell = _COUNT_CELL_RE.match(sentence[after:after + 60])
    return int(cell.group(1)) if cell else None


def _next_drug_at(text: str) -> int:
    lowered = text.lower()
    found = [match.start() for name in _drug_words_in(text)
             for match in re.finditer(rf"\b{re.escape(name)}\b", lowered)]
    return min(found, default=len(text))


def _table_row(mention: Mention) -> list[str] | None:
    """The cells of the table row the drug opens ("Duloxetine | 60 mg | 1 cap PO daily |
    30"), or None when the drug is written in prose."""
    line_start = mention.sentence.rfind("\n", 0, mention.start) + 1
    # a row may open with its border ("| Norco 10/325 mg | 1 tab q6h prn | 120 |")
    border = re.match(r"[ \t]*\|", mention.sentence[line_start:mention.start])
    if border:
        line_start += border.end()
    line = mention.sentence[line_start:].split("\n")[0]
    if "|" not in line or "|" in mention.sentence[line_start:mention.start]:
        return None
    return cells(line)


def _directions_from_row(mention: Mention, row: list[str], value: dict) -> int:
    """Strength, directions and count from a medication table row, by its column headings
    when the table has them (the nearest heading row above), else by what each cell holds."""
    preceding = mention.preceding
    heading = next(reversed(list(_TABLE_HEADING_RE.finditer(preceding))), None)
    columns: list[str | None] = []
    if heading is not None:
        columns = [next((name for pattern, name in _COLUMNS if pattern.match(cell)), None)
                   for cell in cells(preceding[heading.start():])[:len(row)]]
    own = _STRENGTH_RE.match(cells(_ocr_repaired(mention.sentence[mention.end:]))[0])
    if own:  # "Diclofenac 1% gel | 4 g | ...": the drug's own cell names its strength
        value["strength"] = " ".join(own.group(1).split())
    for index, raw in enumerate(row[1:], start=1):
        cell = _ocr_repaired(raw)
        column = columns[index] if index < len(columns) else None
        if column == "quantity":
            number = re.match(r"#?\s?(\d{1,4})\b", cell)
            if number and "quantity" not in value:
                value["quantity"] = int(number.group(1))
            continue
        if column in ("strength", None) and "strength" not in value:
            strength = _STRENGTH_RE.match(cell)
            if strength:
                value["strength"] = " ".join(strength.group(1).split())
                continue
            if column == "strength" and re.match(r"\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)?$", cell):
                value["strength"] = cell + " mg"  # a strength column without its unit
                continue
        if column in ("frequency", None) and "frequency" not in value:
            frequency = _frequency_span(cell)
            if frequency:
                units = _UNITS_RE.search(cell, 0, frequency[0])
                value["frequency"] = cell[units.start() if units else frequency[0]:frequency[1]]
    return mention.end


_MME_LABEL = (r"(?:total\s+)?(?:daily\s+)?(?:(?-i:MMEs?|MED|MEDD|MEQ)|morphine\s+(?:milligram\s+)?"
              r"equivalents?(?:\s+dose)?|morphine\s+equivalent\s+(?:daily\s+)?dose)"
              r"(?:\s*\((?-i:MME|MED)\))?(?:\s+(?:per\s+day|daily|/\s*day))?")
_MME_TABLE = [
    (_MME_LABEL +
     r"(?:\s+(?:is|of|was|at|totals?|equals|=|:|approximately|about|now|currently|calculated"
     # not the area code of a telephone number after a clinic's name ("FAMILY MED 209-555-0142")
     r"\s+at|remains|reported\s+as|from\s+[a-z]+))*\s*[:=]?\s*(?P<a>\d{1,4}(?:\.\d+)?)"
     r"(?!\d|/\d|-\d{3}-\d{4})", {}),
    # the sum worked out after the label: "Daily MME (tapentadol 200 mg/day x 0.4) = 80",
    # "MME: methadone 30 mg/day (x 8 = 240) + hydrocodone 20 mg/day = 260" (the last result)
    (_MME_LABEL + r"(?:\s*\([^)]{0,12}\))?\s*:?\s*(?:[^.;=\n]|\.\d){0,80}?="
     r"(?:(?:[^.;=\n]|\.\d){0,60}?=)*\s*(?P<c>\d{1,4}(?:\.\d+)?)(?!\d|/\d)", {}),
    (r"(?P<b>\d+(?:\.\d+)?)\s*(?:mg\s*)?(?:(?-i:MMEs?|MED|MEDD)|morphine\s+(?:milligram\s+)?"
     r"equivalents?)(?:\s*(?:/\s*day|per\s+day|daily))?", {}),
]
_MME_RES = [re.compile(p, re.IGNORECASE) for p, _ in _MME_TABLE]


def parse_daily_mme(mention: Mention) -> list[Found]:
    for pattern in _MME_RES:
        match = pattern.match(mention.sentence, mention.start)
        if match:
            groups = match.groupdict()
            number = groups.get("a") or groups.get("b") or groups.get("c")
            return [Found({"value": float(number)}, mention.start, match.end())]
    return []


_DRUG_TESTS = Path(__file__).resolve().parent.parent / "rules" / "drug_tests.yaml"


@cache
def _drug_tests() -> dict:
    """The drug-test vocabulary (`rules/drug_tests.yaml`)."""
    return load_yaml(_DRUG_TESTS.read_text(encoding="utf-8"))


_UDT = alternatives(_drug_tests()["tests"])
_UDT_INCONSISTENT = re.compile(alternatives(_drug_tests()["verdicts"]["inconsistent"]),
                               re.IGNORECASE)
_UDT_CONSISTENT = re.compile(alternatives(_drug_tests()["verdicts"]["consistent"]),
                             re.IGNORECASE)
_UDT_PLAN_RE = re.compile(rf"\b(?:{alternatives(_drug_tests()['planned'])})\b", re.IGNORECASE)
#: The test was done at the visit: said right after its name ("UDT (POC) collected today").
_UDT_DONE_RE = re.compile(rf"^\W*(?:[\w/().-]+\s+){{0,2}}?(?:{alternatives(_drug_tests()['done'])})"
                          r"\b", re.IGNORECASE)
_UDT_REPORT_RE = alternatives(_drug_tests()["report_verdicts"])
_UDT_NAMED_RE = re.compile(rf"\b(?:{_UDT})\b", re.IGNORECASE)
_UDT_REPORT_CONTEXT_RE = re.compile(alternatives(_drug_tests()["report_context"]),
                                    re.IGNORECASE)
#: An analyte's result in a list ("hydrocodone POS, tramadol NEG; consistent"): the list
#: runs on over ";" to the verdict.
_ANALYTE_RESULT_RE = re.compile(r"\b(?:POS|NEG|positive|negative|detected|present|absent)\b",
                                re.IGNORECASE)


def parse_urine_drug_test(mention: Mention) -> list[Found]:
    if mention.meta.get("report"):
        return _report_verdict(mention)
    found = _udt_result(mention)
    if not found:
        return []
    if found[0].value["result"] == "performed" and found[0].hypothetical is None:
        around = mention.sentence[max(0, mention.start - 30):mention.end + 40]
        if _UDT_DONE_RE.match(mention.sentence[mention.end:mention.end + 40]) and not \
                _UDT_PLAN_RE.search(around):
            found[0].hypothetical = False  # "UDT collected today": done, result to come
        elif _UDT_PLAN_RE.search(mention.sentence):
            found[0].hypothetical = True
        else:
            return []  # a test named without its result says nothing
    else:
        found[0].hypothetical = False
    # "UDS consistent with prescribed medications" states its result; a "denies ..." or
    # "no ..." elsewhere in the sentence does not undo it, only a cue right before it
    found[0].negated = bool(_LOCAL_NEGATION_RE.search(
        mention.sentence[max(0, mention.start - 40):mention.start])) and mention.negated
    return found


#: A result named as a condition of the plan ("confirm if unexpected"), not as the result.
_UDT_CONDITION = re.compile(r"\b(?:if|when|whether|should|in\s+case)\s+(?:\w+\s+){0,2}\w*$",
                            re.IGNORECASE)


def _stated(pattern: re.Pattern[str], clause: str) -> re.Match[str] | None:
    """The first match of a result that is not a condition of the plan."""
    return next((m for m in pattern.finditer(clause)
                 if not _UDT_CONDITION.search(clause[:m.start()])), None)


#: The words that say a result is inconsistent outright, whatever else the clause says.
_NOT_CONSISTENT = re.compile(r"in(?:consistent|compatible|congruent)|not\s+(?:consistent|compatible|"
                             r"congruent|in\s+keeping)", re.IGNORECASE)


#: A drug found that the worker is not prescribed: the verdict is inconsistent.
_NOT_PRESCRIBED_RE = re.compile(r"\bnot\s+(?:prescribed|on\b)", re.IGNORECASE)
#: The gap between a table's columns.
_TABLE_GAP_RE = re.compile(r"\S\s{3,}\S")


def _report_verdict(mention: Mention) -> list[Found]:
    """A drug-test report's verdict line ("OVERALL: INCONSISTENT with reported medication
    list"), read only where the page is about drug testing."""
    if not _UDT_REPORT_CONTEXT_RE.search(mention.preceding[-600:] + " " + mention.sentence):
        return []
    not_prescribed = _NOT_PRESCRIBED_RE.search(mention.text)
    if not_prescribed and (_TABLE_GAP_RE.search(mention.before(60) + mention.text)
                           or _UDT_NAMED_RE.search(mention.sentence, 0, mention.start)):
        # a laboratory row's flag ("THC-COOH  61  15  POSITIVE - not prescribed"), or the
        # result of the test the sentence names, read with it
        return []
    inconsistent = _NOT_CONSISTENT.search(mention.text) or not_prescribed
    return [Found({"result": "inconsistent" if inconsistent else "consistent"},
                  mention.start, mention.end, negated=False, hypothetical=False)]


#: Where a test's result clause ends: a semicolon, or a period before a space, but not the
#: period of an analyte's name cut short in a laboratory's table ("O-desmethyltram.
#: NEGATIVE"), which its result follows on the same line.
_CLAUSE_END_RE = re.compile(r"(;|\.(?![ \t]+" + lab_result_re(any_case=True) + r")\s)")


def _result_clause(text: str) -> str:
    """The words after the test's name that can hold its result: up to the clause's end,
    or on over ";" while the clause lists analytes and their results."""
    parts = re.split(_CLAUSE_END_RE, text)
    clause, index = parts[0], 1
    while index + 1 < len(parts) and parts[index] == ";" and \
            _ANALYTE_RESULT_RE.search(parts[index - 1]) and len(clause) < 200:
        clause += parts[index] + parts[index + 1]
        index += 2
    return clause[:240]


#: The words of a verdict on the whole test: without one, "oxycodone absent" or "negative for
#: hydrocodone" is an analyte's result, which only the drugs prescribed at the test make
#: consistent or not (a drug stopped before it is rightly absent).
_VERDICT_WORDS = re.compile(
    r"consistent|compatible|congruent|keeping|aberrant|unexpected|prescribed|illicit|THC|"
    r"marijuana|cannab|cocaine|meth|amphet|heroin|alcohol|did\s+not|medication", re.IGNORECASE)


def _udt_result(mention: Mention) -> list[Found]:
    clause = _result_clause(mention.sentence[mention.end:])
    inconsistent = _stated(_UDT_INCONSISTENT, clause)
    consistent = _stated(_UDT_CONSISTENT, clause)
    if inconsistent and not consistent and not _VERDICT_WORDS.search(inconsistent.group(0)):
        analytes = _analytes(clause)
        if analytes is not None:
            value, length = analytes
            return [Found({"result": "performed", **value}, mention.start,
                          mention.end + length, hypothetical=False)]
    if inconsistent and not (consistent and consistent.start() < inconsistent.start()
                             and not _NOT_CONSISTENT.search(inconsistent.group(0))):
        result, match = "inconsistent", inconsistent
    elif consistent:
        result, match = "consistent", consistent
    else:
        before = mention.sentence[max(0, mention.start - 60):mention.start]
        found = _UDT_INCONSISTENT.search(before) or _UDT_CONSISTENT.search(before)
        if found:
            result = ("inconsistent" if _UDT_INCONSISTENT.search(before) else "consistent")
            return [Found({"result": result}, max(0, mention.start - 60) + found.start(),
                          mention.end)]
        analytes = _analytes(clause)
        if analytes is not None:
            # "UDS 05/01: hydrocodone POS, hydromorphone POS": results without a verdict,
            # compared with the prescribed drugs by the guideline (drug_test_consistent)
            value, length = analytes
            return [Found({"result": "performed", **value}, mention.start,
                          mention.end + length, hypothetical=False)]
        return [Found({"result": "performed"}, mention.start, mention.end)]
    return [Found({"result": result}, mention.start, mention.end + match.end())]


#: One analyte and its result in a list: "hydrocodone POS", "oxycodone: negative",
#: "morphine not detected".
_ANALYTE_RE = re.compile(r"(?P<name>[a-z][a-z-]{2,}(?:/[a-z][a-z-]{2,})*)(?:\s+metabolites?)?\s*[:=-]?\s*(?P<result>"
                         r"(?-i:POS|NEG)\b|positive\b|negative\b|not\s+detected\b|detected\b|"
                         r"absent\b|present\b)", re.IGNORECASE)


@cache
def _analyte_names() -> frozenset[str]:
    """The drugs a laboratory names as analytes: each name and each part of a combination
    ("hydrocodone" of hydrocodone/acetaminophen)."""
    return frozenset(part for drug in drug_names() for name in (drug.name.lower(), drug.generic)
                     for part in re.split(r"[/\s]", name) if len(part) > 3)


def _analytes(clause: str) -> tuple[dict, int] | None:
    """The drugs a result list names as found and as absent, and how far the list runs;
    None when the clause names no drug with a result."""
    found: dict[str, list[str]] = {"substances": [], "not_detected": []}
    end = 0
    abbreviations = _drug_tests().get("analyte_abbreviations") or {}
    for match in _ANALYTE_RE.finditer(clause):
        # "bup/norbup POS": analytes joined by a slash share their result
        names = [abbreviations.get(name, name) for name in match.group("name").lower().split("/")]
        names = [name for name in names
                 if name in _analyte_names() or name in abbreviations.values()]
        if not names:
            continue
        absent = re.match(r"neg|not|absent", match.group("result"), re.IGNORECASE)
        found["not_detected" if absent else "substances"].extend(names)
        end = match.end()
    if not end:
        shown = _SHOWED_RE.search(clause)
        names = [abbreviations.get(n, n) for n in re.split(r"\s*(?:,|/|&|\band\b)\s*",
                                                             shown.group("names").lower())] \
            if shown else []
        if not names or not all(n in _analyte_names() for n in names):
            return None
        found["substances"], end = names, shown.end()
    return {k: v for k, v in found.items() if v}, end


#: What a test showed, told as the drugs found without a result word after each ("showed
#: tramadol only", "revealed hydrocodone and gabapentin", "positive for oxycodone", the
#: shorthand plus sign: "UDS 3/2019 + oxycodone only"): those drugs were found; the drugs
#: prescribed then say whether that is consistent.
_SHOWED_RE = re.compile(
    r"^\W*?(?:[\w/-]+\s+){0,3}?(?:showed|shows|revealed|reveals|(?:was\s+|is\s+)?"
    r"(?:positive|pos\.?)\s+for|\(?\+\)?(?:\s*for)?)"
    r"\s+(?:only\s+)?(?P<names>[a-z][a-z-]{2,}(?:\s*(?:,|/|&|\band\b)\s*[a-z][a-z-]{2,})*)"
    r"(?:\s+only)?\b", re.IGNORECASE)


_ONE_SOURCE = (r"(?:single|one|sole|only)\s+(?:opioid\s+)?(?:prescriber|pharmacy|"
               r"prescribing\s+physician)")
_MONITORING = [
    (r"(?:opioid|pain|narcotic|medication|treatment|controlled substance)\s+(?:management\s+)?"
     r"(?:agreements?|contracts?)", {"item": "pain_agreement"}),
    (r"(?-i:CURES)(?:\s+(?:report|database|check|query))?|(?-i:PDMP)|prescription drug "
     r"monitoring(?: program)?", {"item": "cures_check"}),
    (r"(?:opioid\s+)?risk\s+(?:assessment|tool|stratification)|\b(?-i:ORT|SOAPP(?:-R)?|COMM)\b|"
     r"opioid risk tool", {"item": "risk_assessment"}),
    # one prescriber and one pharmacy, said together or apart ("single prescriber, single
    # pharmacy", "single pharmacy (CVS) and single prescriber", "one prescriber (Dr. Gill)"),
    # or as where the fills come from ("fills from this office only", "CURES shows only this
    # office")
    (rf"{_ONE_SOURCE}(?:\s*(?:\([^)]{{1,30}}\))?\s*(?:,|and|/|&)\s*{_ONE_SOURCE})?|"
     r"no\s+other\s+prescribers|(?:(?:all\s+)?(?:controlled\s+)?(?:fills|prescriptions|"
     r"[a-z]+(?:\s+and\s+[a-z]+)?)\s+)?from\s+this\s+(?:office|clinic|practice|provider)"
     r"(?:\s+only|,\s+one\s+pharmacy)|only\s+this\s+(?:office|clinic|practice|provider)",
     {"item": "single_prescriber"}),
    # two prescribers found: the single prescriber not kept
    (r"(?:two|three|four|multiple|several|\d)\s+(?:different\s+)?(?:opioid\s+)?prescribers"
     r"(?:\s+(?:of\s+controlled\s+substances|in\s+(?:the\s+)?past\s+\d+\s+days))?",
     {"item": "single_prescriber", "done": False}),
    # (OCR writes "agreernent")
    (r"(?:signed\s+)?agree(?:ment|rnent)\s+(?:(?:reviewed\s+and\s+)?re-?signed|signed|on\s+file)"
     r"(?:\s+[\w/]{1,10})?(?:\s+and\s+on\s+file)?|signed\s+agree(?:ment|rnent)"
     r"(?:\s+\d{4})?", {"item": "pain_agreement"}),
]

#: A prescriber's refusal ("no early refill", "no replacement of stolen medication"): the
#: plan, not a behaviour of the worker (nor its absence).
_REFUSAL_RE = re.compile(r"\bno\s+(?:early\s+)?(?:refills?|replacement)\b[^.;]{0,25}$",
                         re.IGNORECASE)
_ORDER_RE = re.compile(r"#\s?\d|\bwill\s+be\b|\bpolicy\b|\bagree\b|\bprovided\b", re.IGNORECASE)


#: A table's heading up to the mention: a "Date" column first, then two or more column
#: names, no number and no punctuation of a sentence ("Date  Pain w/o  Pain w/  UDS/CURES").
_HEADING_BEFORE_RE = re.compile(r"(?:^|\s)Date\s+(?:[^\s\d.,:;]+\s+){2,12}$")


#: A field's label and its answer, to the end of the line: "Aberrant behavior: none noted".
_FIELD_ANSWER_RE = re.compile(r"\s*:[ \t]*([^\n.;]*)")
_NONE_ANSWER_RE = re.compile(r"\b(?:none|nil|denie[sd]|negative|not\s+(?:noted|observed|seen))\b|"
                             r"^\s*no\b", re.IGNORECASE)
_TICKED_RE = re.compile(r"\[\s*[xX\u2713\u2714]\s*\]")


#: An exception after the last denial before the behaviour ("no, other than a lost
#: prescription"; not "but no lost prescription"): review 12, R3.
_EXCEPTED_RE = re.compile(rf"(?:{EXCEPTION_RE.pattern})(?![^.;]*\b(?:no|not|none|denies|denied|"
                          r"never|without)\b)[^.;]*$", re.IGNORECASE)
_INSTRUCTION_BEFORE_RE = re.compile(r"\b(?:do\s+not|don't|never|not\s+to)\s+(?:take|use|fill|"
                                    r"request|ask\s+for)\s+$", re.IGNORECASE)


def parse_aberrant(mention: Mention) -> list[Found]:
    if mention.section in ("diagnoses", "impression") and \
            mention.meta["behavior"] in ("aberrant behaviors", "inconsistent UDT explained away"):
        # "opioid use with aberrant drug-related behavior", "inconsistent urine drug test" are
        # an assessment's diagnoses and findings; the behaviours it names ("early refill
        # request, undisclosed second prescriber") are the worker's
        return []
    if mention.meta.get("only_present") and mention.negated:
        return []  # "CURES reviewed, no discrepancies" is the monitoring, an opioid_monitoring
    if _REFUSAL_RE.search(mention.sentence[max(0, mention.start - 40):mention.end]) and (
            mention.section == "plan" or _ORDER_RE.search(mention.sentence)):
        return []
    if _INSTRUCTION_BEFORE_RE.search(mention.before(30)):
        return []  # "do not take more than prescribed": what the worker is told, not did
    if _HEADING_BEFORE_RE.search(mention.sentence[max(0, mention.start - 120):mention.start]):
        return []  # a flowsheet's column heading ("Date  Pain w/o  ...  Aberrancy") names it
    if mention.meta["behavior"] == "aberrant behaviors" and (
            answer := _FIELD_ANSWER_RE.match(mention.sentence, mention.end)):
        # "ABERRANT BEHAVIOR: [ ] early refills [ ] lost Rx  none noted": a form's field,
        # the behaviour named only as its label; its answer tells absence, the boxes
        # ticked after it are read as their own behaviours
        if _NONE_ANSWER_RE.search(answer.group(1)) and not _TICKED_RE.search(answer.group(1)) \
                and not EXCEPTION_RE.search(answer.group(1)):
            return [Found({"behavior": mention.meta["behavior"], "present": False},
                          mention.start, mention.end, negated=False)]
        return []
    value = dict(mention.meta)
    if value.pop("test_result", False) and mention.hints.get("document_type") == "lab_report":
        return []  # a laboratory's "POSITIVE - not prescribed" is its drug test's result
    # "fills on time", "pill count correct" state the absence itself (popped first: a
    # negated mention must not leave the marker in the value); "not prescribed", "did not
    # tell us" carry a negation that is the behaviour itself
    value.pop("only_present", None)
    absent = value.pop("absent", False)
    # "no, other than a lost prescription": the exception after the denial is told
    # ... as do the words of a behaviour that hold their own "not" ("used patches not
    # returned", "pill count does not match", "not previously disclosed"): entries flagged
    # in the vocabulary, or a "not" that denies the count's adequacy ("pill count not
    # appropriate, 12 tablets short"); not any "not" inside the words ("pill count was not
    # short" denies the shortfall; review 14, finding 7)
    states_its_negation = value.pop("states_its_negation", False) or bool(
        _ADEQUACY_DENIED_RE.search(mention.text))
    negated = not states_its_negation and mention.negated \
        and not _OWN_CLAUSE_BEFORE_RE.search(mention.before(40)) \
        and not _EXCEPTED_RE.search(mention.before(40))
    value["present"] = not negated and not absent
    # "possible diversion versus underuse", "diversion not excluded" are questions, not
    # findings; a stated absence ("no early refill requests") is a finding however the
    # sentence goes on
    hypothetical = bool(re.match(r"possible|suspected|concern", mention.text, re.IGNORECASE)
                        or _UNSETTLED_AFTER_RE.match(mention.sentence[mention.end:])
                        or _CONDITION_BEFORE_RE.search(mention.before(50)))
    # only these make a behaviour hypothetical: an "early refill request" is the behaviour
    # itself, not a request for something yet to be done
    return [Found(value, mention.start, mention.end, negated=False, hypothetical=hypothetical)]


#: A count's adequacy denied inside a behaviour's words ("not appropriate", "isn't correct"):
#: the denial states the discrepancy.
_ADEQUACY_DENIED_RE = re.compile(r"(?:\bnot|n't)\s+(?:correct|accurate|appropriate|consistent|"
                                 r"match\w*)\b", re.IGNORECASE)
#: A clause of its own, with its own subject and no denial, right before the behaviour ("the
#: patch isn't sticking and she runs out early"): a negation of the clause before it does
#: not reach the behaviour.
_OWN_CLAUSE_BEFORE_RE = re.compile(
    r"(?:\band|[,;])\s+(?:he|she|they|(?:the\s+)?(?:patient|worker|pt|claimant))\s+"
    r"(?:(?!not\b|never\b|denies\b|no\b|n't\b)[\w']+\s+){0,2}$", re.IGNORECASE)


#: A condition or the future before a behaviour ("if further aberrancy", "any further
#: early fills will ...").
_CONDITION_BEFORE_RE = re.compile(r"\b(?:if|should|unless|any\s+further)\b[^.;]{0,40}$",
                                  re.IGNORECASE)


#: Words after a behaviour that leave it open ("diversion not excluded", "... cannot be
#: ruled out").
_UNSETTLED_AFTER_RE = re.compile(r"\s*(?:is\s+|was\s+)?(?:not\s+(?:excluded|ruled\s+out)|"
                                 r"cannot\s+be\s+(?:excluded|ruled\s+out)|(?:is\s+)?"
                                 r"(?:possible|suspected|a\s+concern))\b", re.IGNORECASE)


def parse_monitoring(mention: Mention) -> list[Found]:
    value = dict(mention.meta)
    # "no other prescribers" is the single prescriber, done; other negations undo the item
    # (a denial elsewhere in the sentence, "no early refills, CURES shows only this office",
    # does not undo it: only a cue right before it)
    negated = mention.negated and bool(_LOCAL_NEGATION_RE.search(
        mention.sentence[max(0, mention.start - 40):mention.start]))
    value["done"] = mention.text.lower().startswith("no other") or (
        not negated and value.get("done", True))
    return [Found(value, mention.start, mention.end, negated=False)]


_SIDE_EFFECT_WORDS = {
    "constipation": "constipation", "nausea": "nausea", "vomiting": "vomiting",
    "sedation": "sedation", "sedating": "sedation", "sedated": "sedation",
    "drowsiness": "drowsiness", "drowsy": "drowsiness", "somnolence": "somnolence",
    "dizziness": "dizziness", "dizzy": "dizziness", "grogginess": "grogginess",
    "groggy": "grogginess", "itching": "itching", "pruritus": "itching",
    "dry mouth": "dry mouth", "weight gain": "weight gain", "stomach upset": "stomach upset",
    "gi upset": "stomach upset", "side effects": "side effects", "side effect": "side effects",
    "adverse effects": "side effects", "adverse reaction": "adverse reaction",
    "adverse reactions": "adverse reaction", "adverse events": "adverse reaction",
    "complications": "complication", "complication": "complication",
    "cognitive slowing": "cognitive slowing", "confusion": "confusion",
    "skin irritation": "skin irritation", "heartburn": "heartburn", "near-falls": "near falls",
    "near falls": "near falls", "fell": "fall", "falls": "fall", "indigestion": "indigestion",
    "constipated": "constipation", "queasy": "nausea", "nauseated": "nausea",
    "nauseous": "nausea", "stomach burning": "stomach burning", "stomach pain": "stomach pain",
    "stomach trouble": "stomach trouble", "gi sx": "GI symptoms", "gi symptoms": "GI symptoms",
    "near-fall": "near falls", "near fall": "near falls",
    # sedation as workers and families tell it
    "sleepiness": "sedation", "nodding off": "sedation", "nodded off": "sedation",
    "nods off": "sedation", "hard to wake": "sedation", "hard to arouse": "sedation",
    "hangover": "hangover", "hung over": "hangover", "hungover": "hangover",
    "fogginess": "fogginess", "mental fog": "fogginess", "sleepwalking": "sleepwalking",
    "knocked me out": "sedation",
}
#: Effects that are as often a complaint of their own (a sweating, a tremor, diarrhea, leg
#: swelling): a side effect only in the sentence of the drug that caused them.
_DRUG_BOUND_EFFECTS = {
    "sweating": "sweating", "edema": "edema", "ankle swelling": "edema",
    "leg swelling": "edema", "diarrhea": "diarrhea", "tremor": "tremor",
    "urinary hesitancy": "urinary hesitancy", "urinary retention": "urinary retention",
    "withdrawal": "withdrawal", "delirium": "delirium", "myoclonus": "myoclonus",
    "flushing": "flushing",
    # a rash, a light head, blurred sight, a racing heart or a bleeding gut is the drug's only
    # in its sentence ("developed hives on celecoxib", "lightheaded since starting
    # tizanidine", "black stools on naproxen")
    "rash": "rash", "hives": "hives", "lightheadedness": "lightheadedness",
    "lightheaded": "lightheadedness", "light-headed": "lightheadedness",
    "light-headedness": "lightheadedness", "blurred vision": "blurred vision",
    "blurry vision": "blurred vision", "palpitations": "palpitations",
    "black stools": "GI bleeding", "tarry stools": "GI bleeding", "melena": "GI bleeding",
}
_SIDE_EFFECT_WORDS.update(_DRUG_BOUND_EFFECTS)
#: How the worker says a drug made them feel ("made her unsteady", "left him foggy", "it
#: makes me feel drunk", "felt 'drugged' the next morning"): the word is the effect.
_FELT_WORDS = ("foggy|dopey|drunk|drugged|sleepy|drowsy|unsteady|dizzy|queasy|nauseous|"
               r"nauseated|hung\s*over|groggy|constipated|itchy|jittery|angry|irritable|sweaty|"
               "loopy|wired|spacey|spacy|woozy|light-?headed|confused|agitated|slow|tired|"
               "fatigued|off balance|sick")
_FELT_RE = (r"(?:(?:made|makes|making|left|leaves|leaving)\s+(?:him|her|me|them|the\s+patient)|"
            r"(?:felt|feels|feeling)(?=\s+[\"“]))\s+(?:feel(?:ing)?\s+)?(?:too\s+|very\s+|so\s+|"
            r"a\s+(?:little|bit)\s+|kind\s+of\s+)?[\"“]?(?:" + _FELT_WORDS + r")\b[\"”]?"
            r"(?:\s+(?:the\s+next\s+(?:morning|day)|in\s+the\s+morning|at\s+work|to\s+drive))?"
            # ... or as what the worker feels on it, the drug named next ("feels foggy on
            # gabapentin", "gets dizzy with the tizanidine": `_parse_side_effect` asks for it)
            r"|(?:felt|feels|feeling|gets|got|getting)\s+(?:too\s+|very\s+|so\s+|a\s+(?:little|"
            r"bit)\s+|kind\s+of\s+)?(?:" + _FELT_WORDS + r")\b(?=\s+(?:on|with|from|after|since)\s)")
_SIDE_EFFECT_RE = ("(?:mild |moderate |significant |morning |some |occasional |too )?(?:"
                   + "|".join(re.escape(k) for k in sorted(_SIDE_EFFECT_WORDS, key=len,
                                                            reverse=True))
                   + r"|upsets?\s+(?:(?:his|her|the|my)\s+)?stomach|burns?\s+(?:his|her|my)\s+"
                   r"stomach)")
_MEDICATION_CONTEXT = re.compile(
    r"medication|\bmeds?\b|side effect|adverse|opioid|taking|tolerat|regimen|injection|"
    r"procedure|treatment|acupuncture|prescri|\bmg\b|denies|reports|\bno\b|causes|patch",
    re.IGNORECASE)
_LABEL_AFTER_RE = re.compile(r"^\s*(?::|include|including)", re.IGNORECASE)


_INJURY_FALL_AFTER_RE = re.compile(r"^\s+(?:about\s+|approximately\s+)?(?:\d+\s*(?:feet|foot|ft)\b|"
                                   r"from\b|off\b|through\b|onto\b|on\s+(?:him|her|his)\b|"
                                   r"while\b)", re.IGNORECASE)
_STOPPED_FOR_RE = re.compile(r"\b(?:stop\w*|discontinu\w*|d/c|quit|held|switch\w*|changed)\b"
                             r"[^.;]{0,30}$", re.IGNORECASE)
_INDICATION_BEFORE_RE = re.compile(r"\bfor\s+(?:(?:the|his|her|mild|occasional)\s+)?$",
                                   re.IGNORECASE)


#: An effect listed after another ("caused dry mouth and constipation", "made her dizzy and
#: nauseated") is one statement with it.
_LISTED_AFTER_RE = re.compile(r"\b(?:" + "|".join(
    re.escape(k) for k in sorted(_SIDE_EFFECT_WORDS, key=len, reverse=True)) + "|" +
    _FELT_WORDS + r")[\"”]?\s*(?:,\s*(?:or\s+|and\s+)?|\s+(?:and|or)\s+|/\s*)"
    r"(?:(?:mild|some|daytime|no)\s+)?[\"“]?$", re.IGNORECASE)


def _side_effect_value(mention: Mention) -> dict | None:
    sentence = mention.sentence
    text = mention.text.lower()
    if not mention.negated and _LISTED_AFTER_RE.search(
            sentence[max(0, mention.start - 40):mention.start]):
        return None  # (a denial names each effect it denies: "denies nausea, drowsiness")
    if re.search(r"\b(?:less|reduced|decreased|improved|better|no\s+more)\s+(?:\w+\s+)?$",
                 sentence[max(0, mention.start - 25):mention.start], re.IGNORECASE):
        return None  # "less daytime sleepiness": a gain, not an effect
    if ("complication" in text or any(k in text for k in _DRUG_BOUND_EFFECTS)) and \
            not _drug_words_in(sentence) or re.match(r"\w*\s+scale", sentence[mention.end:]):
        return None  # "No complications" of a procedure; a tremor or diarrhea of its own;
        # the Epworth Sleepiness Scale
    if text == "falls" and (mention.negated or not re.search(
            r"dizz|sedat|drows|unsteady|light-?headed", sentence, re.IGNORECASE)
            and not _drug_words_in(sentence)):
        return None  # "he falls in DRE category II", "no falls" on its own
    if "side effect" in text or "adverse" in text:
        if _LABEL_AFTER_RE.match(sentence[mention.end:]):
            return None  # "Side effects: nausea, ..." - the effects listed are the facts
    if text in ("fell", "falls") and not re.search(r"\b(?:since|on|after|with)\b|dizz|sedat",
                                                  sentence, re.IGNORECASE):
        return None
    if text == "fell" and (_INJURY_FALL_AFTER_RE.match(sentence[mention.end:mention.end + 30])
                           or re.search(r"\b(?:a|the)\s+[\w-]+\s+$", sentence[:mention.start])):
        return None  # how the injury happened ("fell 10 feet from a ladder", "a cabinet fell
        # on her"), not a drug's effect
    if _INDICATION_BEFORE_RE.search(sentence[max(0, mention.start - 20):mention.start]) and \
            not _STOPPED_FOR_RE.search(sentence[max(0, mention.start - 45):mention.start]):
        return None  # what a drug is given for ("famotidine 20 mg BID for heartburn"), not
        # what it was stopped for ("cyclobenzaprine stopped for drowsiness")
    context = sentence + " " + mention.preceding[-300:]
    if not _MEDICATION_CONTEXT.search(context) and not _drug_words_in(context):
        return None
    felt = re.search(_FELT_WORDS, text) if _FRAME_START_RE.match(text) else None
    effect = felt.group(0) if felt else next(
        (v for k, v in _SIDE_EFFECT_WORDS.items() if k in text),
        "stomach upset" if "stomach" in text else text)
    value: dict = {"effect": effect}
    drugs = _drug_words_in(sentence)
    if drugs:
        value["drug"] = by_name()[drugs[0]].generic
    return value


_FRAME_START_RE = re.compile(r"(?:made|makes|making|left|leaves|leaving|felt|feels|feeling|gets|"
                             r"got|getting)\b", re.IGNORECASE)
#: The drug a feeling is told on, right after it ("foggy on gabapentin", "dizzy with the
#: tizanidine", "sleepy since starting the Lyrica").
_FELT_ON_RE = re.compile(r"\s+(?:on|with|from|after|since)\s+(?:(?:starting|taking|the|his|her|"
                         r"that|this)\s+){0,2}(?P<drug>[\w/-]+)", re.IGNORECASE)
_FELT_WORD_RE = re.compile(_FELT_WORDS, re.IGNORECASE)
_read_side_effect = table_parser("present", _side_effect_value)


def _parse_side_effect(mention: Mention) -> list[Found]:
    """A side effect named by its word, or told as what a drug made the worker feel
    ("gabapentin made her unsteady"): the frame's word is the effect, its negation only a
    cue right before it (not "does not help much and makes her queasy")."""
    if not _FRAME_START_RE.match(mention.text):
        return _read_side_effect(mention)
    felt = _FELT_WORD_RE.search(mention.text)
    if felt is None or felt.group(0).lower() in _SIDE_EFFECT_WORDS:
        return []  # the effect's own word is read as itself
    if re.match(r"(?:gets|got|getting|felt|feels|feeling)\s+(?![\"“])", mention.text,
                re.IGNORECASE):
        on = _FELT_ON_RE.match(mention.sentence, mention.end)
        if on is None or not _drug_words_in(on.group("drug")):
            return []  # "feels tired on weekends": no drug it is felt on
    value = _side_effect_value(mention)
    if value is None:
        return []
    negated = bool(re.search(r"\b(?:no|not|never|denies|without)\s+(?:\w+\s+)?$",
                             mention.sentence[max(0, mention.start - 30):mention.start],
                             re.IGNORECASE))
    return [Found({"present": not negated, **value}, mention.start, mention.end,
                  negated=False)]


def _drug_words_in(sentence: str) -> list[str]:
    """The first three drug names (in `by_name`'s order, longest first) that the sentence
    holds as words."""
    lowered = sentence.lower()
    index, order = _drug_name_index()
    held = index.contained(lowered)
    return [name for name in sorted(held, key=order.__getitem__)
            if _drug_word_re(name).search(lowered)][:3]


@cache
def _drug_name_index() -> tuple[LiteralIndex, dict[str, int]]:
    """The drug names in one `LiteralIndex` (a substring test per name, ~720 of them, was
    the medication parser's largest cost, issue 18) and each name's place in `by_name`."""
    names = list(by_name())
    return LiteralIndex(names), {name: place for place, name in enumerate(names)}


@cache
def _drug_word_re(name: str) -> re.Pattern[str]:
    """A drug name as a whole word, compiled once (`re`'s own cache holds 512 expressions
    and the names alone are ~720)."""
    return re.compile(rf"\b{re.escape(name)}\b")


#: Age is a GI risk factor for NSAIDs from 65 (MTUS NSAIDs, GI symptoms and cardiovascular
#: risk: "age > 65 years"): a stated age of 65 or more, however written ("67 y/o",
#: "66-year-old", "Age 68", "age over 65").
_OLD_AGE = r"(?:6[5-9]|[7-9]\d|1[01]\d)"
_GI_RISK = [
    (rf"\b{_OLD_AGE}(?:[- ]?(?:years?|yrs?)[- ]old|\s?(?-i:y/o|y\.o\.|yo|YO|Y/O))\b|"
     rf"\bage(?:d|\s*:)?\s+{_OLD_AGE}\b|\b(?:age\s+|(?:patient|worker|claimant|man|woman|"
     rf"male|female)\s+)(?:over|above|older\s+than|greater\s+than|>)\s*65\b",
     {"factor": "age_over_65"}),
    (r"peptic\s+ulcer(?:\s+disease)?|(?-i:PUD)|(?:gastric|duodenal|stomach|bleeding)\s+ulcers?|"
     r"\bulcers?\b(?!\s+on)|ulcer history", {"factor": "peptic_ulcer"}),
    # a bleeding ulcer is both an ulcer and a bleed; black or tarry stools are melena
    (r"(?:(?-i:GI)|gastrointestinal|upper\s+(?-i:GI))\s+(?:bleeds?|bleeding|hemorrhage)|melena|"
     r"hematemesis|bleeding\s+(?:(?:stomach|gastric|duodenal|peptic)\s+)?ulcers?|"
     r"(?:black|tarry|black,?\s+tarry)\s+stools?|vomiting\s+blood|coffee[- ]ground\s+emesis",
     {"factor": "gi_bleed"}),
    (r"anticoagula\w+|warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|"
     r"pradaxa|enoxaparin|lovenox|blood\s+thinners?|clopidogrel|plavix", {"factor": "anticoagulant"}),
    (r"antiplatelet\s+(?:agents?|medications?|therapy)", {"factor": "aspirin"}),
    (r"(?:oral|systemic|chronic)\s+corticosteroid\b(?!\s+inject)|"
     r"(?:oral\s+|systemic\s+|chronic\s+)?(?:corticosteroids|prednisone|methylprednisolone|"
     r"medrol\s+dose\s?pa?c?k)|steroid\s+use", {"factor": "corticosteroid"}),
    (r"(?:(?:his|her)\s+)?(?:daily\s+|baby\s+|low[- ]dose\s+)?aspirin(?:\s+\d+\s*mg)?",
     {"factor": "aspirin"}),
    # two NSAIDs at once add up to a high dose ("Two NSAIDs: oral meloxicam plus topical
    # flurbiprofen", "duplicate NSAID therapy"); a high dose said as such. A prescription's
    # strength alone ("ibuprofen 800 mg tid", "naproxen 550 mg bid") is the drug, which
    # the annotators do not count as a risk (train 001-800: 2 of 13 such mentions marked)
    (r"(?:two|duplicate|dual)\s+(?-i:NSAIDs?)(?:\s+therapy)?(?::\s+[^.;]{0,60})?|"
     r"high[- ]dose\s+(?-i:NSAIDs?)", {"factor": "high_dose_nsaid"}),
    # stomach complaints however put ("upsets stomach", "stopped for stomach pain", "burning
    # stomach", "ardor de estómago"), and an acid suppressant given for the stomach
    (r"dyspepsia|indigestion(?:\s+with\s+\w+)?|gastritis|(?:(?-i:GI)|stomach|gastric|gastrointestinal)\s+upset|upsets?\s+"
     r"(?:(?:his|her|the|my)\s+)?stomach|stomach\s+(?:pain|burning|trouble|ache)|burning\s+stomach|"
     r"burns?\s+(?:his|her|my)\s+stomach|ardor\s+de\s+est[oó]mago|(?:omeprazole|pantoprazole|"
     r"esomeprazole|lansoprazole|famotidine|prilosec|nexium|protonix|pepcid|(?-i:PPI))\s+for\s+"
     r"(?:(?:his|her|the)\s+)?stomach|heartburn|(?:acid\s+)?reflux(?:\s+with\s+(?-i:NSAIDs?))?|"
     r"(?-i:GERD)|epigastric\s+(?:pain|discomfort|burning)", {"factor": "dyspepsia"}),
]

_SIDE_EFFECT_WORD_RE = re.compile(_SIDE_EFFECT_RE, re.IGNORECASE)


#: A GI risk told as what to watch for or what was explained, not as what the worker had
#: ("risks of NSAIDs including GI bleeding reviewed", "monitor for melena", "educated on
#: signs of GI bleeding"): a warning, read as hypothetical. The warning must govern the
#: factor: a few words between them (a list of risks), none that tells of the worker's own
#: history, a finite verb or a new subject ("Risks of NSAIDs were discussed, he had a GI
#: bleed", "educated on his prior GI bleed", "monitor for recurrent bleeding"); and "symptoms
#: of" only after a word of teaching or watching ("presented with symptoms of a GI bleed" is
#: the bleed itself). Review 14, finding 3.
_WARNED_OF_RE = re.compile(
    r"\b(?:risks?\s+(?:of|for|include|including|such\s+as)|(?:monitor(?:ing)?|watch(?:ing)?|"
    r"look\s+out)\s+for|(?:educated|counsel+ed|warned|advised|instructed)\s+(?:on|about|of|"
    r"regarding)|(?:reviewed|discussed|explained|went\s+over)\s+(?:the\s+)?(?:warning\s+)?"
    r"(?:signs?|symptoms)|potential\s+for)\b"
    r"(?:[\s,]+(?!(?:had|has|have|having|was|were|is|are|been|found|presented|admitted|"
    r"developed|diagnosed|suffered|he|she|they|patient|pt|his|her|their|prior|previous|past|"
    r"history|hx|known|recurr\w*|repeat|further|another|given|due|because|since|after)\b)"
    r"[\w/'-]+){0,6}[\s,]*$", re.IGNORECASE)
_RETURN_PRECAUTION_RE = re.compile(r"\b(?:return|go\s+to\s+the\s+(?-i:ED|ER)|(?-i:ED|ER)|call)\b"
                                   r"[^.;]{0,15}\b(?:for|if)\b[^.;]{0,40}$", re.IGNORECASE)


#: The factors that are drugs taken with the NSAID.
_CONCURRENT_DRUGS = frozenset({"aspirin", "anticoagulant", "corticosteroid"})
#: Said right after the drug: its course is over.
_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*")
_DRUG_ENDED_RE = re.compile(r"\s*(?:[\w./-]+\s+){0,3}?(?:was\s+|were\s+|has\s+been\s+)?"
                            r"(?:stopped|discontinued|completed|finished|d/c'?d)\b|"
                            # a short course dated in the past ("a prednisone burst 12/2020",
                            # "Medrol taper in May")
                            r"\s*(?:taper|burst|course|dose\s?pa?c?k)\s+(?:in\s+" + _MONTH +
                            r"\b|(?:in\s+)?\d{1,2}/\d{2,4}\b|last\s+(?:week|month|year))",
                            re.IGNORECASE)


#: A course the worker went through, said before the drug ("completed PT and a course of
#: oral prednisone", "failed naproxen and a Medrol Dosepak").
_PAST_COURSE_BEFORE_RE = re.compile(r"\b(?:completed|finished|failed|tried)\b[^.;:]*$",
                                    re.IGNORECASE)


def parse_gi_risk(mention: Mention) -> list[Found]:
    """A GI risk factor. Stomach upset denied in the sentence of the drug the worker takes,
    or just after it ("naproxen 500 mg bid, no GI upset", "Takes naproxen daily. No
    heartburn."), is how the worker tolerates that drug, an absent side effect, not a
    denied risk factor. A drug that raises the risk counts while the worker takes it (MTUS:
    "concurrent use of ASA, corticosteroids, and/or an anticoagulant"): not once stopped
    or completed ("enoxaparin stopped 08/16", "Aspirin completed 05/10", "failed PT and a
    Medrol Dosepak"), nor when a stop follows in its clause as the medication reader reads
    one ("warfarin 5 mg (last refill 2019) - discontinued"); a steroid taper prescribed now
    counts."""
    if mention.meta["factor"] == "dyspepsia" and mention.negated and \
            _SIDE_EFFECT_WORD_RE.fullmatch(mention.text) and (
                _drug_words_in(mention.sentence) or _drug_words_in(mention.preceding[-200:])):
        return []
    if mention.meta["factor"] in _CONCURRENT_DRUGS and (
            _DRUG_ENDED_RE.match(mention.sentence, mention.end)
            or _stopped_after(mention.sentence[mention.end:mention.end + 90])
            or _PAST_COURSE_BEFORE_RE.search(mention.before(90))):
        return []
    if mention.negated and re.search(r"stools?$", mention.text, re.IGNORECASE):
        return []  # "no stomach pain or black stools" is a drug's tolerance too; a bleed
        # is denied by its name ("no GI bleed")
    if _RETURN_PRECAUTION_RE.search(mention.before(60)) or (
            not mention.negated and _WARNED_OF_RE.search(mention.before(70))):
        # "ED for vomiting blood, black stools or fainting": what to come back for
        return [Found(dict(mention.meta), mention.start, mention.end, negated=False,
                      hypothetical=True)]
    if mention.negated and _STOPPED_FOR_RE.search(mention.before(45)):
        # "naproxen stopped 03/2024 for dyspepsia": the stopping is no denial
        return [Found(dict(mention.meta), mention.start, mention.end, negated=False)]
    if checklist_denies(mention):
        # "GI: [ ] heartburn [ ] melena -- negative": a review-of-systems box left unticked
        return [Found(dict(mention.meta), mention.start, mention.end, negated=True)]
    return [Found(dict(mention.meta), mention.start, mention.end)]


_ABERRANT_RULES = Path(__file__).resolve().parent.parent / "rules" / "aberrant_behaviors.yaml"


@cache
def _aberrant_vocabulary() -> dict:
    """The aberrant-behaviour vocabulary (`rules/aberrant_behaviors.yaml`)."""
    return load_yaml(_ABERRANT_RULES.read_text(encoding="utf-8"))


_ABERRANT = [(alternatives(entry["patterns"]),
              {"behavior": entry["behavior"], "present": entry.get("present", True),
               **({"absent": True} if entry.get("present") is False else {}),
               **{flag: True for flag in ("states_its_negation", "test_result", "only_present")
                  if entry.get(flag)}})
             for entry in _aberrant_vocabulary()["entries"]]


SPECS = [
    KindSpec(FactKind.medication, _drug_triggers(), parse_medication),
    KindSpec(FactKind.daily_mme, regex_triggers(_MME_TABLE), parse_daily_mme,
             anchor=r"(?-i:MME|MED|MEQ)|morphine"),
    KindSpec(FactKind.urine_drug_test, regex_triggers([(_UDT, {}),
                                                       (_UDT_REPORT_RE, {"report": True})]),
             parse_urine_drug_test,
             anchor=r"urine|(?-i:UDS|UDT)|screen|tox|consistent|prescribed|^list$"),
    KindSpec(FactKind.opioid_monitoring, regex_triggers(
        (p, {"done": True, **m}) for p, m in _MONITORING), parse_monitoring,
        anchor=r"agreement|agreernent|contract|(?-i:CURES|PDMP|ORT|SOAPP|COMM)|monitoring|risk|"
               r"prescriber|prescribers|single|pharmacy|office|clinic|practice|provider"),
    KindSpec(FactKind.side_effect, regex_triggers([(_SIDE_EFFECT_RE, {"present": True}),
                                                   (_FELT_RE, {"present": True})]),
             _parse_side_effect,
             anchor=r"constipat|nause|vomit|sedat|drows|somnol|dizz|grogg|itch|prurit|"
                    r"dry|weight|upset|side|adverse|complication|irritation|heartburn|near|fell|"
                    r"falls|indigestion|"
                    r"cognitive|confusion|constipated|queasy|nause|burn|stomach|^gi$|made|makes|"
                    r"making|left|leaves|leaving|felt|feels|feeling|sleepiness|nodding|"
                    r"nodded|nods|hard|hangover|hung|hungover|fogginess|fog|sleepwalking|"
                    r"knocked|sweating|edema|swelling|diarrhea|tremor|urinary|withdrawal|"
                    r"delirium|myoclonus|flushing|rash|hives|light|blurred|blurry|"
                    r"palpitations|black|tarry|melena|gets|got|getting"),
    KindSpec(FactKind.gi_risk_factor, regex_triggers(_GI_RISK), parse_gi_risk,
             anchor=r"ulcer|(?-i:PUD|GI|GERD)|gastro|^age|^aged$|old|^y$|yo$|bleed|melena|stool|hematemesis|anticoag|"
                    r"warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|"
                    r"pradaxa|enoxaparin|lovenox|thinner|clopidogrel|plavix|steroid|prednison|"
                    r"medrol|aspirin|(?-i:NSAID)|dyspeps|gastritis|stomach|heartburn|reflux|"
                    r"epigastric|indigestion|antiplatelet|ibuprofen|naproxen|"
                    r"methylprednisolone|steroids?|over|above|older|greater|>|vomiting|"
                    r"coffee|burning|burns?|ardor|omeprazole|pantoprazole|esomeprazole|"
                    r"lansoprazole|famotidine|prilosec|nexium|protonix|pepcid|ppi|upsets?"),
    KindSpec(FactKind.aberrant_behavior, regex_triggers(_ABERRANT), parse_aberrant,
             anchor=alternatives(_aberrant_vocabulary()["anchor"])),
]
