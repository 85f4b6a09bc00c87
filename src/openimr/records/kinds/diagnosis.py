"""Diagnoses: a lexicon of head phrases and ICD-10 codes, read where the note lists or
states diagnoses (a Diagnoses/Assessment/Impression section, past medical or family
history, or a sentence that says "diagnosed", "treated for", "history of", "rule out")."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from openimr.model.facts import FactKind
from openimr.model.yamltext import load_yaml
from openimr.records.kinds.base import Found, KindSpec, Mention, Trigger

_RULES = Path(__file__).resolve().parent.parent / "rules" / "diagnoses.yaml"
_SECTIONS = ("diagnoses", "impression", "past_medical_history", "family_history")
# An impression after a study (EMG, MRI) states the study's findings, not diagnoses.
_STUDY_NEAR_RE = re.compile(r"\b(?:MRI|CT|x-?rays?|radiographs?|EMG|NCV|NCS|electrodiagnostic\w*|"
                            r"nerve\s+conduction|ultrasound|electromyograph\w*)\b", re.IGNORECASE)
_HYPOTHESIS_RE = re.compile(r"\b(?:rule\s+out|r/o|evaluate\s+for|screen\w*\s+for|possible|"
                            r"suspected|concern\s+for|differential|versus|vs\.?|if|guidelines?|"
                            r"recommend\w*|for\s+patients\s+with)\b", re.IGNORECASE)
_CONTEXT_RE = re.compile(
    r"diagnos[ie]s|diagnosed|treated\s+for|being\s+treated|assessment|impression|\bdx\b|"
    r"\bICD\b|history\s+of|rule\s+out|\br/o\b|differential|consistent\s+with|suspect\w*|"
    r"year-old|presumed|underlying|known|concordant\s+for|given\s+(?:her|his)|"
    # "Meets DSM-5 moderate opioid use disorder", "meets Budapest criteria for CRPS"
    r"\bmeets\s+(?:the\s+)?(?:DSM(?:-?\s?(?:5|IV))?|Budapest|ACR|clinical)?\s*(?:criteria\b)?|"
    # "DSM-5 review: criteria met for opioid use disorder", "fulfils the Budapest criteria"
    r"\bcriteria\s+(?:(?:are|were|is)\s+)?(?:met|fulfill?ed|satisfied)\b|"
    r"\b(?:fulfill?s|satisfies)\s+(?:the\s+)?(?:\S+\s+)?criteria\b|\bDSM(?:-?\s?(?:5|IV))?\b|"
    r"(?:takes|taking|uses|on)\s+\w+\s+for|(?:mother|father|brother|sister|aunt|uncle|"
    r"grand(?:mother|father)|sibling|parents?)(?:'s)?\s+(?:with|had|has|was)",
    re.IGNORECASE)
# Findings of a study or a questionnaire are not diagnoses (imaging, EMG, inventories).
_STUDY_RE = re.compile(r"\b(?:MRI|CT|x-?rays?|radiographs?|EMG|NCV|NCS|electrodiagnostic\w*|"
                       r"nerve\s+conduction|study|studies|scan|ultrasound)\b", re.IGNORECASE)
_INSTRUMENT_AFTER_RE = re.compile(r"^\s*(?:severity\s+)?(?:index|inventory|scale|score|"
                                  r"questionnaire)", re.IGNORECASE)
_CODE = r"[A-TV-Z]\d[0-9AB](?:\.[0-9A-Z]{1,4})?"
_CODED_RE = re.compile(rf"\(\s*({_CODE})\s*\)")
_LEFT_STOP_RE = re.compile(
    r"[;:\n(]|\)\s*|,\s*|\.\s|\b(?:and|with|for|as|of|include|includes|including|are|is|was|"
    r"versus|vs\.?|"
    r"were|has|had)\s|(?:^|\s)\d{1,2}[.)]\s|(?:^|\s)-\s", re.IGNORECASE)
_CODED_LEFT_STOP_RE = re.compile(r"[;:\n]|\)\s*(?:with\s+|and\s+|,\s*)?|\.\s|"
                                 r"(?:^|\s)\d{1,2}[.)]\s|(?:^|\s)-\s", re.IGNORECASE)
_RIGHT_STOP_RE = re.compile(rf"[;:\n]|,|\.(?!\d)|\band\b|\bversus\b|\bvs\.?\s|\b\d{{1,2}}[.)]\s|"
                            rf"\s-\s|\(\s*{_CODE}\s*\)",
                            re.IGNORECASE)
_LEADING_RE = re.compile(r"^(?:the\s+following\s+diagnoses|diagnoses|diagnosis|dx|with|and|"
                         r"[-*\s]+)\s*", re.IGNORECASE)
_LIST_CUE_RE = re.compile(r"diagnos[ie]s\s*:|diagnosed\s+with|treated\s+for|impression\s*:|"
                          # a SOAP note's assessment, "...; A: post-traumatic neuropathic pain"
                          # (a heading's colon may reach here as a space)
                          r"assessment\s*:|(?<![\w/])(?-i:A|A/P)(?:\s*:|\s\s)(?=\s*[A-Za-z])",
                          re.IGNORECASE)
#: The number that opens a list item ("1.", "2)").
_ITEM_MARK = r"(?<![\w.])\d{1,2}[.)](?=\s+[A-Za-z])"
#: The heading of an assessment or diagnosis list written on the line of its first item
#: ("A:", "Assessment:", "Diagnoses:", "Impression: 1."); not "Dx:" in a form's header,
#: whose "s/p" item is the surgery alone.
_HEADING = (r"(?<![\w/])(?:(?-i:A)|Assessment(?:\s+and\s+plan)?|(?-i:A/P)|Diagnos[ie]s|"
            r"Impressions?)\s*:(?:\s*1[.)])?")
_HEADING_MARK = _HEADING + r"(?=\s+[A-Za-z])"
#: A numbered item that asks or orders something (an assessment-and-plan list), not a
#: diagnosis.
_PLAN_ITEM_RE = re.compile(
    r"(?:continue|request\w*|start|begin|follow|return|refill|discontinue|d/c|taper|order|"
    r"recommend\w*|obtain|schedule|consider|no\b|do\b|will\b|may\b|patient\b|pt\b|"
    r"increase|decrease|reduce|stop|add|check|repeat|refer\w*|see\b|rtc|f/u|plan|"
    r"authoriz\w*|avoid|modified|work\b|off\s+work|ttd|urine|uds|cures)", re.IGNORECASE)
#: An assessment item that judges progress or care, not a condition ("Good progress with
#: PT", "Plateaued", "Doing well POD #12", "Measurable functional gains"): no diagnosis.
_PROGRESS_RE = re.compile(
    r"^(?:significant|measurable|good|excellent|doing|successful|steady|minimal|"
    r"slow|purchase|all|there|the|failed|incision|mejorando|stable|negative|positive|not|"
    r"normal)\b|\b(?:improv\w*|"
    r"progress\w*|plateau\w*|gains?|doing\s+well|on\s+track|response|responding|relief|"
    r"benefit|recovery|UDT|UDS|MME|prescriptions?|refills?|authoriz\w*)\b", re.IGNORECASE)
#: A dated entry of a provider's visit, whose colon or dash opens what that provider found
#: ("07/15/2019, Dr. Vasquez (orthopedics): lumbar strain; ...", "04/2023 Dr. Frey: cervical
#: strain", "Psych: Dr. Lowe 2022 - adjustment disorder"): the entry's diagnosis is stated
#: within a few words after it, in the same clause.
PROVIDER_ENTRY_RE = re.compile(
    r"(?:\bDr\.?\s+[A-Z][\w'-]+(?:[\s-][A-Z][\w'-]+)?|\b(?:MD|DO|PA-C|NP|PsyD|PhD|DC)\b)"
    r"(?:\s*\([^)]{0,40}\))?(?:\s*,?\s*[\w\s/.-]{0,40}?)?\s*(?::|\s-\s)\s*"
    r"(?:[^;.:()]|\.(?=\d)){0,60}$")
#: a diagnosis put as a question or a suspicion, not made: "possible", "suspected", "high
#: pretest probability of", "suspicion for", "concern for" (a sleep disorder before its study)
_QUESTION_RE = re.compile(r"^(?:rule\s+out|r/o|possible|probable|suspected|questionable|"
                          r"(?:(?:very\s+)?(?:high|low|moderate|intermediate)\s+)?(?:pre-?test\s+)?"
                          r"(?:probability|likelihood)(?:\s+(?:of|for))?|(?:clinical\s+)?"
                          r"suspicion\s+(?:of|for)|concern\s+for)\s+",
                          re.IGNORECASE)


#: the words that put the diagnosis after them as a likelihood ("moderate pretest probability
#: of", "suspicion for", "concern for"): the item starts after the "of" the list reader stops at
_HEDGE_BEFORE_RE = re.compile(r"\b(?:probability|likelihood|suspicion|concern)\s+(?:of|for)\s*$",
                              re.IGNORECASE)


@cache
def _lexicon() -> tuple[Trigger, ...]:
    data = load_yaml(_RULES.read_text(encoding="utf-8"))
    triggers = []
    for group, phrases in data["groups"].items():
        for phrase in phrases:
            triggers.append(Trigger(literal=str(phrase), meta={"group": group}))
    for phrase in data.get("conditions") or []:
        triggers.append(Trigger(literal=str(phrase), meta={"group": "other",
                                                           "condition": True}))
    for phrase in data.get("symptoms") or []:
        triggers.append(Trigger(literal=str(phrase), meta={"group": "other", "symptom": True}))
    triggers.append(Trigger(literal="icd", regex=_CODED_RE.pattern,
                            meta={"group": "other", "coded": True}))
    # a numbered item of a diagnosis list, read whole when no head phrase is in it
    triggers.append(Trigger(literal="item", regex=_ITEM_MARK, meta={"group": "other",
                                                                    "item": True}))
    # an item after ";" in an assessment list ("Right wrist sprain (S63.501A); partial
    # dorsal SL ligament tear per MRI"), and the first item after the list's own heading
    # ("A: Pillar pain after R OCTR"), read whole when no head phrase is in it
    triggers.append(Trigger(literal="semicolon", regex=r";", meta={"group": "other",
                                                                  "item": True,
                                                                  "joined": True}))
    triggers.append(Trigger(literal="heading", regex=_HEADING_MARK,
                            meta={"group": "other", "item": True}))
    # "A: S/p right knee arthroscopic partial medial meniscectomy": in an assessment list
    # the state after an operation is a diagnosis (the operation is a surgery fact too)
    triggers.append(Trigger(literal="status post", regex=r"(?<![\w/])(?:[Ss]/[Pp]|[Ss]tatus\s+"
                            r"[Pp]ost)\b", meta={"group": "other", "status_post": True}))
    return tuple(triggers)


@cache
def _head_re() -> re.Pattern[str]:
    """Any head phrase of the lexicon, as a word."""
    data = load_yaml(_RULES.read_text(encoding="utf-8"))
    phrases = [str(p) for group in data["groups"].values() for p in group]
    phrases += [str(p) for p in data.get("symptoms") or []]
    phrases += [str(p) for p in data.get("conditions") or []]
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(
        phrases, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _parse_item(mention: Mention) -> list[Found]:
    """"2. Right shoulder residual stiffness.": in a diagnosis list every numbered item is
    a diagnosis, head phrase or not (items with one are read by the lexicon)."""
    sentence = mention.sentence
    if mention.section != "diagnoses" and not (
            mention.section == "impression" and not mention.hints.get("study_report")):
        return []
    if mention.meta.get("joined"):
        # an item after ";": the sentence is a list of the assessment (its heading opens it)
        if not re.match(_HEADING_MARK + r"|(?-i:DX|Dx)\s*:", sentence.lstrip(" |*-"),
                        re.IGNORECASE) and not re.match(r"\s*\d{1,2}[.)]\s", sentence):
            return []
    elif sentence[:mention.start].strip(" |*-"):
        return []
    start = mention.end + len(sentence[mention.end:]) - len(sentence[mention.end:].lstrip())
    end = len(sentence)
    cut = re.search(r"\.\s|\.$|;|\n|\s-\s|\s\|", sentence[start:])
    if cut:
        end = start + cut.start()
    item = sentence[start:end].rstrip(" .,;:")
    if (len(item) < 4 or len(item.split()) > 20 or _PLAN_ITEM_RE.match(item)
            or _PROGRESS_RE.search(item.split(",")[0])
            or re.match(r"(?:s/p|status\s+post)\b", item, re.IGNORECASE)  # read as such
            or _head_re().search(item) or _CODED_RE.search(item) or ":" in item):
        return []
    question = _QUESTION_RE.match(item) or re.search(r",\s*(?:rule\s+out|r/o)$", item,
                                                    re.IGNORECASE)
    return [Found({"text": item, "code": None, "group": "other"}, start, start + len(item),
                  hypothetical=bool(question))]


def _item(sentence: str, start: int, end: int, left_stops: re.Pattern[str]
          ) -> tuple[int, int]:
    left = 0
    for match in left_stops.finditer(sentence, 0, start):
        left = match.end()
    right_match = _RIGHT_STOP_RE.search(sentence, end)
    right = len(sentence)
    if right_match:
        # an ICD code in parentheses belongs to the item it closes
        right = right_match.end() if right_match.group(0).startswith("(") else right_match.start()
    return left, right


def _parse_status_post(mention: Mention) -> list[Found]:
    """"A: S/p R rotator cuff repair, improving": an assessment list's item that opens with
    "s/p" is a diagnosis (not in a form's "Dx:" header, nor in prose)."""
    sentence = mention.sentence
    if mention.section != "diagnoses":
        return []
    before = sentence[:mention.start].strip(" |*-")
    if before and not re.fullmatch(_HEADING + r"|\d{1,2}[.)]", before, re.IGNORECASE) and not (
            before.endswith(";") and re.match(_HEADING_MARK, before, re.IGNORECASE)):
        return []  # (after "Dx:" in a form's header "s/p" is the surgery alone)
    cut = re.search(r"\.\s|\.$|;|\n|\s-\s|\s\|", sentence[mention.start:])
    end = mention.start + cut.start() if cut else len(sentence)
    item = sentence[mention.start:end].rstrip(" .,;:")
    if len(item.split()) < 2 or len(item.split()) > 20:
        return []
    code = _CODED_RE.search(item)
    return [Found({"text": _CODED_RE.sub("", item).strip(" ,"), "code": code.group(1).upper()
                   if code else None, "group": "other"}, mention.start,
                  mention.start + len(item))]


def parse_diagnosis(mention: Mention) -> list[Found]:
    if mention.meta.get("item"):
        return _parse_item(mention)
    if mention.meta.get("status_post"):
        return _parse_status_post(mention)
    sentence = mention.sentence
    coded = bool(mention.meta.get("coded"))
    # a list of diagnoses: a diagnosis section, or a sentence that introduces one
    # ("being treated for the following diagnoses: ...", "diagnosed with ...")
    listed = mention.section in _SECTIONS or bool(_LIST_CUE_RE.search(sentence[:mention.start]))
    if mention.section == "impression" and mention.hints.get("study_report"):
        return []
    group = mention.meta["group"]
    # a provider's visit entry in a records review ("05/10/2022, Dr. Nguyen (psychology):
    # PTSD and panic disorder"), or "diagnosed" right before the condition: that provider's
    # diagnosis
    entry = not mention.meta.get("symptom") and (
        bool(PROVIDER_ENTRY_RE.search(sentence[:mention.start])) or bool(re.search(
            r"\bdiagnos(?:ed|is\s+of)\s+(?:with\s+)?(?:[\w-]+\s+){0,3}$",
            sentence[:mention.start], re.IGNORECASE)))
    listed = listed or entry
    if group in ("depression", "insomnia") or re.search(r"anxiety|panic|ptsd|post-?traumatic",
                                                        mention.text, re.IGNORECASE):
        # a mood or sleep condition is a diagnosis in the assessment list; in prose or a
        # relative's history it is a psychological symptom
        if mention.family or (mention.section not in ("diagnoses", "impression") and not entry):
            return []
    if _STUDY_NEAR_RE.search(sentence[max(0, mention.start - 40):mention.start]):
        return []  # "EMG 12/2023: acute left S1 radiculopathy" is the study's finding
    if coded:
        # the code's shape is checked, not its existence: the full ICD-10-CM table costs
        # ~180 MB, and a letter-digit-digit code in parentheses after an item is a code
        code = _CODED_RE.match(sentence, mention.start)
        if code is None:
            return []
        left, _ = _item(sentence, mention.start, mention.start, _CODED_LEFT_STOP_RE)
        right = mention.end
    else:
        if mention.meta.get("symptom") and not listed:
            return []
        if not listed and not _CONTEXT_RE.search(sentence) and not mention.meta.get("condition"):
            return []
        if mention.meta.get("condition") and not listed and mention.hints.get("study_report"):
            return []  # "No fracture" in an imaging report is the study's finding
        if mention.section not in ("diagnoses", "impression") and _STUDY_RE.search(
                sentence[max(0, mention.start - 60):mention.start] if entry else sentence):
            return []
        if _INSTRUMENT_AFTER_RE.match(sentence[mention.end:]):
            return []
        left, right = _item(sentence, mention.start, mention.end, _LEFT_STOP_RE)
        # inside prose the item boundaries run long: keep the phrase around the head
        if len(sentence[left:mention.start].split()) > 5:
            words = list(re.finditer(r"\S+", sentence[left:mention.start]))
            left += words[-3].start()
        if len(sentence[mention.end:right].split()) > 8:
            right = mention.end
    item = sentence[left:right]
    stripped = _LEADING_RE.sub("", item)
    question = _QUESTION_RE.match(stripped)
    if question:
        stripped = stripped[question.end():]
    left += len(item) - len(stripped)
    item = stripped.rstrip(" -*")
    right = left + len(item)
    if not item.strip() or (coded and len(item.split()) > 16):
        return []
    code_match = _CODED_RE.search(item)
    code_text = code_match.group(1).upper() if code_match else None
    text = _CODED_RE.sub("", item).strip(" ()-,")
    if text.count("(") > text.count(")"):
        # an aside the item's end cut ("shoulder pain x 6 months (work injury"): not the name
        text = text[:text.rfind("(")].rstrip(" ,-")
    if not text or re.match(r"(?:status\s+post|s/p)\b", text, re.IGNORECASE):
        return []  # "status post L4-5 TLIF" is a surgery
    # a diagnosis is hypothetical only as a question ("rule out"), not in a request's sentence
    hypothetical = bool(question) or bool(_HEDGE_BEFORE_RE.search(
        sentence[max(0, left - 40):left])) or (mention.hypothetical and bool(_HYPOTHESIS_RE.search(
            sentence[max(0, left - 60):left])))
    return [Found({"text": text, "code": code_text, "group": mention.meta["group"]},
                  left, right, hypothetical=hypothetical)]


def specs() -> list[KindSpec]:
    return [KindSpec(FactKind.diagnosis, _lexicon(), parse_diagnosis,
                     anchor=r"\(|^\d{1,2}$|;|^s/p$|^status$|^a$|^a/p$|assessment|diagnos|"
                            r"impression")]
