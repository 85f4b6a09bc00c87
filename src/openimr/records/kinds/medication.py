"""Medication facts: prescriptions, daily MME, drug testing, monitoring, side effects."""

from __future__ import annotations

import re

from openimr.model.facts import FactKind
from openimr.records.kinds.base import (
    Found,
    KindSpec,
    Mention,
    Trigger,
    regex_triggers,
    table_parser,
)
from openimr.records.kinds.drugs import by_name, drug_names

_STRENGTH_RE = re.compile(
    r"^\s*(?:\(\w+\)\s*)?(?:ER\s+|SR\s+|XR\s+|CR\s+|IR\s+)?"
    r"(?:(?:was\s+|is\s+)?(?:reduced|increased|decreased|titrated|changed|tapered)\s+to\s+)?"
    r"(\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)?\s*(?:mg|mcg|g|%|ml|units?)(?:/(?:hr|hour|h))?)"
    # "tramadol 400 mg/day" is a daily total, not the strength of a tablet
    r"(?!\s*(?:/\s*d(?:ay)?\b|per\s+day|a\s+day))",
    re.IGNORECASE)
_FREQUENCY_RE = re.compile(
    r"\b(?:(?:once|twice|one|two|three|four|1|2|3|4)\s*(?:times\s*)?(?:a|per)\s*day"
    r"|(?:once |twice |three times |four times )?daily|(?-i:BID|TID|QID|QD|QHS|HS|PRN|QAM|QPM|bid|tid|qid|qhs|qam|qpm|prn)"
    r"|b\.i\.d\.?|t\.i\.d\.?|q\.i\.d\.?|q\s?\d+(?:-\d+)?\s?h(?:ours?|rs?)?(?:\s+(?:as needed|prn))?"
    r"|every\s+\d+(?:\s*(?:-|to)\s*\d+)?\s+hours(?:\s+as\s+needed)?|at bedtime|as needed|nightly"
    r"|in the morning|every (?:morning|night|evening))\b", re.IGNORECASE)
_UNITS_RE = re.compile(r"\b(?:\d(?:\.\d)?|one|two|half|1/2)\s*(?:tabs?|tablets?|caps?|capsules?|"
                       r"pills?|po\b|by\s+mouth|patch)", re.IGNORECASE)
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
_TABLE_HEADING_RE = re.compile(r"\b(?:drugs?|medications?|meds?|medicine)[ \t]*\|",
                               re.IGNORECASE)
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
                 for d in drug_names())


_INJECTATES = {"lidocaine", "bupivacaine", "ropivacaine", "triamcinolone", "kenalog",
               "depo-medrol", "methylprednisolone", "dexamethasone", "betamethasone",
               "celestone", "omnipaque", "hyaluronic acid", "hylan g-f 20", "synvisc",
               "orthovisc", "euflexxa", "gel-one", "contrast"}
_PROCEDURE_RE = re.compile(r"inject|block|procedure|ablation|fluoroscop|needle|epidural",
                           re.IGNORECASE)
_TEST_RESULT_RE = re.compile(r"(?:positive|negative)\s+for|detected|metabolite|\b(?:UDS|UDT)\b|"
                             r"urine|drug\s+screen|toxicology|\bCURES\b", re.IGNORECASE)
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
    if _TEST_RESULT_RE.search(sentence[max(0, mention.start - 60):mention.start]):
        return []  # a drug named in a test result is a substance, not a prescription
    value: dict = {"drug": mention.text, "generic": mention.meta["generic"]}
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
            if match.end() > best:
                best, action = match.end(), name
    if _STOPPED_AFTER_RE.match(mention.sentence[end:end + 60]) or (
            row is not None and any(_STOPPED_CELL_RE.search(cell) for cell in row[1:])):
        action = "stop"  # "Oxycodone discontinued 04/10", a table row's "D/C 11/2023"
    value["action"] = action
    # a plan to change a medication is an order, not a hypothesis; only a condition is
    hypothetical = mention.hypothetical and bool(_CONDITIONAL_RE.search(sentence[
        max(0, mention.start - 60):mention.start]))
    negated = mention.negated and bool(_LOCAL_NEGATION_RE.search(sentence[
        max(0, mention.start - 40):mention.start]))
    return [Found(value, mention.start, end, negated=negated, hypothetical=hypothetical)]


# (passive only: the prazosin "stopped most of the nightmares" is still taken)
# ("tried mirtazapine and stopped it": a stop said of the drug by its pronoun)
_STOPPED_AFTER_RE = re.compile(r"^(?:[^;,.\"]|\.\d){0,40}?\b(?:discontinued|d/c'?d|held|(?:was|were|"
                               r"been|is)\s+stopped|course\s+completed|(?:stopped|quit|"
                               r"discontinued|tapered\s+off)\s+(?:it|them)\b)\b", re.IGNORECASE)
_STOPPED_CELL_RE = re.compile(r"^(?:d/c|discontinued|stopped)\b", re.IGNORECASE)


def _ocr_repaired(text: str) -> str:
    for pattern, replacement in _OCR_DOSE_FIXES:
        text = pattern.sub(lambda m, r=replacement: r[:len(m.group(0))].ljust(len(m.group(0))),
                           text)
    return text


def _directions(mention: Mention, value: dict) -> int:
    """Strength, directions and count written after the drug in prose ("Norco 10/325 mg 1
    po q6h prn #120"); returns the end of the evidence."""
    sentence = _ocr_repaired(mention.sentence)
    end = mention.end
    strength = _STRENGTH_RE.match(sentence[end:end + 80])
    if strength:
        value["strength"] = " ".join(strength.group(1).split())
        end = mention.end + strength.end()
    clause = re.split(r";|\.\s", sentence[end:end + 120])[0]
    rest = re.split(r"[,.]\s|\band\b", clause[:60])[0]
    frequency = _FREQUENCY_RE.search(rest)
    if frequency:
        # the directions as written, with the units per dose before them ("1 po q6h prn")
        units = _UNITS_RE.search(rest, 0, frequency.start())
        value["frequency"] = rest[units.start() if units else frequency.start():frequency.end()]
    # the count may follow the directions after a comma ("x 7 days, #28"), never past the
    # next drug
    other = _next_drug_at(clause)
    quantity = _QUANTITY_RE.search(clause, 0, other)
    if quantity:
        value["quantity"] = int(next(g for g in quantity.groups() if g))
        end = max(end, end + quantity.end()) if quantity.start() < 3 else end
    return end


def _next_drug_at(text: str) -> int:
    lowered = text.lower()
    found = [match.start() for name in _drug_words_in(text)
             for match in re.finditer(rf"\b{re.escape(name)}\b", lowered)]
    return min(found, default=len(text))


def _table_row(mention: Mention) -> list[str] | None:
    """The cells of the table row the drug opens ("Duloxetine | 60 mg | 1 cap PO daily |
    30"), or None when the drug is written in prose."""
    line_start = mention.sentence.rfind("\n", 0, mention.start) + 1
    line = mention.sentence[line_start:].split("\n")[0]
    if "|" not in line or "|" in mention.sentence[line_start:mention.start]:
        return None
    return [cell.strip() for cell in line.split("|")]


def _directions_from_row(mention: Mention, row: list[str], value: dict) -> int:
    """Strength, directions and count from a medication table row, by its column headings
    when the table has them (the nearest heading row above), else by what each cell holds."""
    preceding = mention.preceding
    heading = next(reversed(list(_TABLE_HEADING_RE.finditer(preceding))), None)
    columns: list[str | None] = []
    if heading is not None:
        cells = preceding[heading.start():].split("|")[:len(row)]
        columns = [next((name for pattern, name in _COLUMNS if pattern.match(cell.strip())),
                        None) for cell in cells]
    own = _STRENGTH_RE.match(_ocr_repaired(mention.sentence[mention.end:]).split("|")[0])
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
            frequency = _FREQUENCY_RE.search(cell)
            if frequency:
                units = _UNITS_RE.search(cell, 0, frequency.start())
                value["frequency"] = cell[units.start() if units else frequency.start():
                                          frequency.end()]
    return mention.end


_MME_TABLE = [
    (r"(?:total\s+)?(?:daily\s+)?(?:(?-i:MMEs?|MED|MEDD|MEQ)|morphine\s+(?:milligram\s+)?"
     r"equivalents?(?:\s+dose)?|morphine\s+equivalent\s+(?:daily\s+)?dose)"
     r"(?:\s*\((?-i:MME|MED)\))?(?:\s+(?:per\s+day|daily|/\s*day))?"
     r"(?:\s+(?:is|of|was|at|totals?|equals|=|:|approximately|about|now|currently|calculated"
     r"\s+at|remains))*\s*[:=]?\s*(?P<a>\d+(?:\.\d+)?)", {}),
    (r"(?P<b>\d+(?:\.\d+)?)\s*(?:mg\s*)?(?:(?-i:MMEs?|MED|MEDD)|morphine\s+(?:milligram\s+)?"
     r"equivalents?)(?:\s*(?:/\s*day|per\s+day|daily))?", {}),
]
_MME_RES = [re.compile(p, re.IGNORECASE) for p, _ in _MME_TABLE]


def parse_daily_mme(mention: Mention) -> list[Found]:
    for pattern in _MME_RES:
        match = pattern.match(mention.sentence, mention.start)
        if match:
            number = match.groupdict().get("a") or match.groupdict().get("b")
            return [Found({"value": float(number)}, mention.start, match.end())]
    return []


_UDT = (r"urine\s+drug\s+(?:screens?|tests?|testing|screening)|urine\s+tox(?:icology)?"
        r"(?:\s+screens?)?|(?-i:UDS|UDT|UDTs|UDSs|UDS's)|drug\s+screens?|toxicology\s+screens?|"
        r"urine\s+(?:screen|test)")
_UDT_INCONSISTENT = re.compile(
    r"inconsistent|not consistent|aberrant|unexpected|positive for (?:\w+ ){0,3}?(?:THC|"
    r"marijuana|cannabis|cannabinoids|cocaine|methamphetamine|amphetamines?|heroin|unprescribed|"
    r"non-?prescribed|alcohol)|negative for (?:the |his |her )?"
    r"(?:prescribed|hydrocodone|oxycodone|tramadol|opioid)|did not (?:show|detect|contain)",
    re.IGNORECASE)
_UDT_CONSISTENT = re.compile(r"consistent|appropriate|as expected|compliant|expected|was fine|were fine|clean|"
                             r"negative for illicit|no illicit", re.IGNORECASE)


_UDT_PLAN_RE = re.compile(r"\b(?:repeat|random|next\s+visit|will|plan\w*|order\w*|"
                          r"obtain|each\s+visit|periodic)\b", re.IGNORECASE)


def parse_urine_drug_test(mention: Mention) -> list[Found]:
    found = _udt_result(mention)
    if not found:
        return []
    planned = bool(_UDT_PLAN_RE.search(mention.sentence))
    if found[0].value["result"] == "performed" and not planned:
        return []  # a test named without its result says nothing
    found[0].hypothetical = planned and found[0].value["result"] == "performed"
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


def _udt_result(mention: Mention) -> list[Found]:
    clause = re.split(r";|\.\s", mention.sentence[mention.end:])[0][:140]
    inconsistent = _stated(_UDT_INCONSISTENT, clause)
    consistent = _stated(_UDT_CONSISTENT, clause)
    if inconsistent and not (consistent and consistent.start() < inconsistent.start()
                             and "inconsistent" not in inconsistent.group(0).lower()
                             and "not consistent" not in inconsistent.group(0).lower()):
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
        return [Found({"result": "performed"}, mention.start, mention.end)]
    return [Found({"result": result}, mention.start, mention.end + match.end())]


_MONITORING = [
    (r"(?:opioid|pain|narcotic|medication|treatment|controlled substance)\s+(?:management\s+)?"
     r"(?:agreements?|contracts?)", {"item": "pain_agreement"}),
    (r"(?-i:CURES)(?:\s+(?:report|database|check|query))?|(?-i:PDMP)|prescription drug "
     r"monitoring(?: program)?", {"item": "cures_check"}),
    (r"(?:opioid\s+)?risk\s+(?:assessment|tool|stratification)|\b(?-i:ORT|SOAPP(?:-R)?|COMM)\b|"
     r"opioid risk tool", {"item": "risk_assessment"}),
    (r"single\s+(?:prescriber|pharmacy|prescribing physician)(?:\s+and\s+(?:a\s+)?single\s+"
     r"(?:prescriber|pharmacy))?|one\s+prescriber|sole\s+prescriber|only\s+prescriber|"
     r"no\s+other\s+prescribers", {"item": "single_prescriber"}),
    (r"(?:signed\s+)?agreement\s+(?:signed|on\s+file)(?:\s+[\w/]{1,10})?(?:\s+and\s+on\s+"
     r"file)?|signed\s+agreement(?:\s+\d{4})?", {"item": "pain_agreement"}),
]

def parse_aberrant(mention: Mention) -> list[Found]:
    if mention.section in ("diagnoses", "impression"):
        return []  # "opioid use with aberrant drug-related behavior" is a diagnosis
    value = dict(mention.meta)
    # "fills on time", "pill count correct" state the absence itself (popped first: a
    # negated mention must not leave the marker in the value)
    absent = value.pop("absent", False)
    value["present"] = not mention.negated and not absent
    # "possible diversion versus underuse" is a question, not a finding
    hypothetical = bool(re.match(r"possible|suspected|concern", mention.text, re.IGNORECASE))
    return [Found(value, mention.start, mention.end, negated=False,
                  hypothetical=hypothetical or None)]


def parse_monitoring(mention: Mention) -> list[Found]:
    value = dict(mention.meta)
    # "no other prescribers" is the single prescriber, done; other negations undo the item
    value["done"] = mention.text.lower().startswith("no other") or not mention.negated
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
}
#: How the worker says a drug made them feel ("made her unsteady", "left him foggy", "it
#: makes me feel drunk", "felt 'drugged' the next morning"): the word is the effect.
_FELT_WORDS = ("foggy|dopey|drunk|drugged|sleepy|drowsy|unsteady|dizzy|queasy|nauseous|"
               r"nauseated|hung\s*over|groggy|constipated|itchy|jittery|angry|irritable|sweaty|"
               "loopy|wired|spacey|spacy|woozy|light-?headed|confused|agitated|slow|tired|"
               "fatigued|off balance|sick")
_FELT_RE = (r"(?:(?:made|makes|making|left|leaves|leaving)\s+(?:him|her|me|them|the\s+patient)|"
            r"(?:felt|feels|feeling)(?=\s+[\"“]))\s+(?:feel(?:ing)?\s+)?(?:too\s+|very\s+|so\s+|"
            r"a\s+(?:little|bit)\s+|kind\s+of\s+)?[\"“]?(?:" + _FELT_WORDS + r")\b[\"”]?"
            r"(?:\s+(?:the\s+next\s+(?:morning|day)|in\s+the\s+morning|at\s+work|to\s+drive))?")
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


def _side_effect_value(mention: Mention) -> dict | None:
    sentence = mention.sentence
    text = mention.text.lower()
    if "side effect" in text or "adverse" in text:
        if _LABEL_AFTER_RE.match(sentence[mention.end:]):
            return None  # "Side effects: nausea, ..." - the effects listed are the facts
    if text in ("fell", "falls") and not re.search(r"\b(?:since|on|after|with)\b|dizz|sedat",
                                                  sentence, re.IGNORECASE):
        return None
    context = sentence + " " + mention.preceding[-300:]
    if not _MEDICATION_CONTEXT.search(context) and not _drug_words_in(context):
        return None
    felt = re.search(_FELT_WORDS, text) if re.match(r"(?:made|makes|making|left|leaves|leaving|"
                                                    r"felt|feels|feeling)\b", text) else None
    effect = felt.group(0) if felt else next(
        (v for k, v in _SIDE_EFFECT_WORDS.items() if k in text),
        "stomach upset" if "stomach" in text else text)
    value: dict = {"effect": effect}
    drugs = _drug_words_in(sentence)
    if drugs:
        value["drug"] = by_name()[drugs[0]].generic
    return value


_FRAME_START_RE = re.compile(r"(?:made|makes|making|left|leaves|leaving|felt|feels|feeling)\b",
                             re.IGNORECASE)
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
    value = _side_effect_value(mention)
    if value is None:
        return []
    negated = bool(re.search(r"\b(?:no|not|never|denies|without)\s+(?:\w+\s+)?$",
                             mention.sentence[max(0, mention.start - 30):mention.start],
                             re.IGNORECASE))
    return [Found({"present": not negated, **value}, mention.start, mention.end,
                  negated=False)]


def _drug_words_in(sentence: str) -> list[str]:
    lowered = sentence.lower()
    return [name for name in by_name() if name in lowered
            and re.search(rf"\b{re.escape(name)}\b", lowered)][:3]


#: Age is a GI risk factor for NSAIDs from 65 (MTUS NSAIDs, GI symptoms and cardiovascular
#: risk: "age > 65 years"): a stated age of 65 or more, however written ("67 y/o",
#: "66-year-old", "Age 68", "age over 65").
_OLD_AGE = r"(?:6[5-9]|[7-9]\d|1[01]\d)"
_GI_RISK = [
    (rf"\b{_OLD_AGE}(?:[- ]?(?:years?|yrs?)[- ]old|\s?(?-i:y/o|y\.o\.|yo|YO|Y/O))\b|"
     rf"\bage(?:d|\s*:)?\s+{_OLD_AGE}\b|\bage\s+(?:over|above|greater\s+than|>)\s*65\b",
     {"factor": "age_over_65"}),
    (r"peptic\s+ulcer(?:\s+disease)?|(?-i:PUD)|(?:gastric|duodenal|stomach|bleeding)\s+ulcers?|"
     r"\bulcers?\b(?!\s+on)|ulcer history", {"factor": "peptic_ulcer"}),
    (r"(?:(?-i:GI)|gastrointestinal|upper\s+(?-i:GI))\s+(?:bleeds?|bleeding|hemorrhage)|melena|"
     r"hematemesis", {"factor": "gi_bleed"}),
    (r"anticoagula\w+|warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|"
     r"pradaxa|enoxaparin|lovenox|blood\s+thinners?|clopidogrel|plavix", {"factor": "anticoagulant"}),
    (r"antiplatelet\s+(?:agents?|medications?|therapy)", {"factor": "aspirin"}),
    (r"(?:oral\s+|systemic\s+|chronic\s+)?(?:corticosteroids|prednisone|methylprednisolone|"
     r"medrol dose ?pack)(?!\s+taper)|steroid\s+use", {"factor": "corticosteroid"}),
    (r"(?:(?:his|her)\s+)?(?:daily\s+|baby\s+|low[- ]dose\s+)?aspirin(?:\s+\d+\s*mg)?",
     {"factor": "aspirin"}),
    (r"high[- ]dose\s+(?-i:NSAIDs?)|ibuprofen\s+800\s*(?:mg|milligrams)[^.;]{0,30}|naproxen\s+"
     r"(?:550|1000)\s*(?:mg|milligrams)", {"factor": "high_dose_nsaid"}),
    (r"dyspepsia|indigestion(?:\s+with\s+\w+)?|gastritis|(?:(?-i:GI)|stomach|gastric|gastrointestinal)\s+upset|upsets?\s+"
     r"(?:his|her|the)\s+stomach|heartburn|(?:acid\s+)?reflux(?:\s+with\s+(?-i:NSAIDs?))?|"
     r"(?-i:GERD)|epigastric\s+(?:pain|discomfort|burning)", {"factor": "dyspepsia"}),
]

_ABERRANT = [
    (r"aberrant\s+(?:drug[- ]related\s+)?(?:behaviou?rs?|drug\s+behaviou?rs?)",
     {"behavior": "aberrant behaviors", "present": True}),
    (r"early\s+refills?(?:\s+requests?)?", {"behavior": "early refill requests", "present": True}),
    (r"lost\s+(?:or\s+stolen\s+)?(?:prescriptions?|medications?|pills)",
     {"behavior": "lost prescriptions", "present": True}),
    (r"(?<!no\s)(?:multiple|other|outside)\s+prescribers|doctor\s+shopping",
     {"behavior": "multiple prescribers", "present": True}),
    (r"(?:possible\s+)?diversion(?:\s+versus\s+\w+)?|drug[- ]seeking|escalat\w+\s+(?:the\s+)?"
     r"(?:dose|use)\s+without", {"behavior": "misuse", "present": True}),
    (r"(?:positive\s+for\s+)?(?:unprescribed|non-?prescribed)\s+\w+|(?<=positive\sfor\s)"
     r"(?:cannabinoids|THC|marijuana|cocaine|methamphetamine|amphetamines?|heroin)|fills\s+from\s+a\s+"
     r"(?:second|another)\s+prescriber|ran\s+out\s+early|\"?borrowed\"?\s+from\s+a\s+\w+|"
     r"saving\s+(?:tablets|pills|medication)[^.;,]{0,20}|illicit\s+drug\s+use|"
     r"negative\s+for\s+[\w\s,]{3,40}?despite\s+a\s+prescription[^.;,]{0,30}",
     {"behavior": "aberrant use", "present": True}),
    # the behaviours as notes describe them, not only by their names
    (r"ran\s+out\s+(?:of\s+(?:\w+\s+){1,2}?)?(?:early|(?:\d+|a\s+few|several|\w+)\s+days?\s+early|"
     r"last\s+week|before)|early\s+(?:depletion|fills?)|\d+\s+days\s+early\s+for|requesting\s+"
     r"(?:an\s+)?early\s+refill", {"behavior": "early depletion", "present": True}),
    (r"(?:lost|stolen|dropped|misplaced)\s+(?:(?:his|her|the|\d+|some)\s+)?(?:[\w/]+\s+){0,2}?"
     r"(?:prescriptions?|medications?|pills|tablets|bottle|(?-i:Rx))|(?:bottle|pills|medication|"
     r"prescription)\s+(?:was|were)\s+(?:lost|stolen)|lost/stolen|(?:reported\s+)?loss\s+of\s+"
     r"(?:\w+\s+){0,2}(?:prescription|medication)", {"behavior": "lost prescriptions", "present": True}),
    (r"(?:second|another|two|outside)\s+(?:opioid\s+)?prescribers?|outside\s+opioid\s+"
     r"prescriptions?|(?:obtain\w*|got|received|getting)\s+(?:\w+\s+){0,2}?(?:pills|opioids?|"
     r"hydrocodone|oxycodone|norco|tramadol)\s+from\s+(?:an?\s+|his\s+|her\s+)?(?:friend|"
     r"relative|urgent\s+care|emergency|another\s+(?:doctor|physician|provider))|did\s+not\s+tell\s+"
     r"(?:them|the\s+\w+)\s+(?:he|she)\s+had\s+a\s+pain", {"behavior": "multiple prescribers",
                                                     "present": True}),
    (r"(?:self-?|dose\s+)escalat\w*|escalat\w+\s+(?:above|beyond)\s+(?:the\s+)?prescribed|"
     r"taking\s+(?:(?:an?\s+)?extra|two\s+at\s+a\s+time|more\s+than\s+(?:prescribed|directed))[^.;,]{0,20}|"
     r"extra\s+(?:doses|tablets|pills)|double\s+dos(?:e|es|ing)|(?:requests?|asking\s+for|wants)\s+"
     r"(?:an?\s+)?(?:increase|higher\s+dose|stronger)[^.;,]{0,25}",
     {"behavior": "dose escalation without approval", "present": True}),
    (r"inconsistent\s+(?:(?-i:UDT|UDS)|urine\s+(?:drug\s+)?(?:test|screen)|drug\s+screen)|"
     r"explanation\s+(?:was\s+|is\s+)?inconsistent|(?:used\s+)?patches\s+not\s+returned",
     {"behavior": "inconsistent UDT explained away", "present": True}),
    (r"fills?\s+(?:are\s+)?(?:on\s+time|on\s+schedule|every\s+\d+\s+days|\d+\s*-\s*\d+\s+days\s+apart)|"
     r"pill(?:/\w+)?\s+counts?\s+(?:[\w/]+\s+){0,2}(?:correct|appropriate|consistent|accurate)",
     {"behavior": "early fills", "present": False, "absent": True}),
]


SPECS = [
    KindSpec(FactKind.medication, _drug_triggers(), parse_medication),
    KindSpec(FactKind.daily_mme, regex_triggers(_MME_TABLE), parse_daily_mme,
             anchor=r"(?-i:MME|MED|MEQ)|morphine"),
    KindSpec(FactKind.urine_drug_test, regex_triggers([(_UDT, {})]), parse_urine_drug_test,
             anchor=r"urine|(?-i:UDS|UDT)|screen|tox"),
    KindSpec(FactKind.opioid_monitoring, regex_triggers(
        (p, {**m, "done": True}) for p, m in _MONITORING), parse_monitoring,
        anchor=r"agreement|contract|(?-i:CURES|PDMP|ORT|SOAPP|COMM)|monitoring|risk|prescriber|"
               r"prescribers|single|pharmacy"),
    KindSpec(FactKind.side_effect, regex_triggers([(_SIDE_EFFECT_RE, {"present": True}),
                                                   (_FELT_RE, {"present": True})]),
             _parse_side_effect,
             anchor=r"constipat|nause|vomit|sedat|drows|somnol|dizz|grogg|itch|prurit|"
                    r"dry|weight|upset|side|adverse|complication|irritation|heartburn|near|fell|"
                    r"falls|indigestion|"
                    r"cognitive|confusion|constipated|queasy|nause|burn|stomach|^gi$|made|makes|"
                    r"making|left|leaves|leaving|felt|feels|feeling"),
    KindSpec(FactKind.gi_risk_factor, regex_triggers(_GI_RISK), table_parser(),
             anchor=r"ulcer|(?-i:PUD|GI|GERD)|gastro|^age|^aged$|old|^y$|yo$|bleed|melena|hematemesis|anticoag|"
                    r"warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|"
                    r"pradaxa|enoxaparin|lovenox|thinner|clopidogrel|plavix|steroid|prednison|"
                    r"medrol|aspirin|(?-i:NSAID)|dyspeps|gastritis|stomach|heartburn|reflux|"
                    r"epigastric|indigestion|antiplatelet|ibuprofen|naproxen|"
                    r"methylprednisolone|steroids?"),
    KindSpec(FactKind.aberrant_behavior, regex_triggers(_ABERRANT), parse_aberrant,
             anchor=r"aberrant|early|lost|prescriber|shopping|diversion|seeking|escalat|"
                    r"ran|stolen|dropped|misplaced|loss|outside|friend|relative|tell|extra|"
                    r"double|increase|higher|stronger|inconsistent|returned|fills?|count|"
                    r"prescriptions|two|"
                    r"unprescribed|prescribed|prescription|borrowed|saving|illicit|despite|"
                    r"cannabinoids|thc|marijuana|cocaine|methamphetamine|amphetamines?|heroin"),
]
