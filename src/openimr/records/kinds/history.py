"""Pain scores, injections, surgery, work status, treatment trials, devices, mechanism."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from openimr.model.facts import FactKind
from openimr.model.yamltext import load_yaml
from openimr.records.dates import DATE_RE, date_from_match, parse_date
from openimr.records.kinds.base import (
    NUMBER,
    OCR_DIGITS,
    OTHER_PERSON,
    SCORE_WORDS,
    STEROID_INJECTATE_NAMES,
    VISCOSUPPLEMENT_NAMES,
    Found,
    KindSpec,
    Mention,
    clause_bounds,
    flexible_spaces,
    level_of,
    local_negation,
    regex_triggers,
    to_number,
)
from openimr.records.kinds.medication import _FELT_WORDS, _SIDE_EFFECT_WORDS
from openimr.records.pain_changes import pain_changes
from openimr.records.pain_words import PAIN_LABEL, QUALIFIER, governs_the_drug, label_context
from openimr.records.prefilter import PatternGate, PatternTable
from openimr.records.relief import (
    LESS_NO_DRUG,
    OF_A_DRUG,
    PRE_POST,
    RESULT_SPAN,
    SHARE_WORDS,
    percent_pattern,
    percent_told,
    pre_post_percent,
    pre_post_relief,
    result_span,
    result_span_weeks,
    share_told,
    weeks_told,
)

# -- pain score
_PAIN_TABLE = [
    # (OCR writes "7/l0", "3/lO", "O/lO": the scale's 1 as l or I, its 0 as O)
    (r"(?<![\d/.])(?P<v>\d{1,2}(?:\.\d)?|(?<!\w)O)(?:\s*(?:-|to)\s*(?P<w>\d{1,2}(?:\.\d)?))?"
     r"\s*(?:/|out\s+of)\s*(?:10|[lI][0O]|1O)\b(?!\s*/\s*\d)", {}),
    (r"(?:pain|(?-i:VAS|NRS))(?:\s+(?:level|score|rating|intensity))?(?:\s+(?:is|was|of|at|"
     r"rated|as|currently))*\s+(?P<v>\d{1,2}(?:\.\d)?)(?:\s*(?:-|to)\s*(?P<w>\d{1,2}))?"
     r"\s+on\s+(?:a|the)\s+(?:scale|(?-i:VAS))\s+of\s+(?:0\s*(?:-|to)\s*)?10", {}),
]
_PAIN_WORD = "|".join(SCORE_WORDS)
_PAIN_TABLE.append(
    # a score in words, or out of ten in words: "six out of ten", "three to four out of ten",
    # "7 out of ten"
    # ("eight over ten" as dictated, not a count over ten: "two over ten years")
    (rf"(?<![\w/.])(?P<v>\d{{1,2}}|{_PAIN_WORD})(?:\s*(?:-|to)\s*(?P<w>\d{{1,2}}|{_PAIN_WORD}))?"
     # (dictated with digits too: "pain 5 over 10"; review 13, finding 12)
     r"\s+(?:out\s+of\s+ten|over\s+(?:ten|10))\b(?!\s+(?:\w+\s+)?(?:years?|months?|weeks?|"
     r"days?|hours?|minutes?|times?|pounds?|lbs?|kgs?|mg|feet|miles?|blocks?|visits?|sessions?|sets|reps|"
     r"people|patients?|percent)\b)(?!\s*(?:%|/|\d))|"
     rf"(?<![\w/.])(?P<v2>{_PAIN_WORD})(?:\s*(?:-|to)\s*(?P<w2>{_PAIN_WORD}))?"
     r"\s*(?:/|out\s+of)\s*10\b(?!\s*/\s*\d)", {}))
_PAIN_TABLE.append(
    # "3 of 10" (the scale's "out" dropped, OCR's "l0" too): a score only where a pain word
    # or the medication shorthand stands before it (`_BARE_OF_CUE_RE`); "visit 3 of 10" counts
    (r"(?<![\w/.])(?P<v>\d{1,2}(?:\.\d)?)(?:\s*(?:-|to)\s*(?P<w>\d{1,2}(?:\.\d)?))?"
     r"\s+of\s+(?:10|[lI][0O]|1O)\b(?!\s*/\s*\d)", {}))
_DOSE_WORDS = r"(?:(?:a|the|each|his|her|their|my)\s+)?(?:doses?|pills?|tablets?|tabs|meds?|medications?|medicines?)\b"
_PAIN_TABLE.append(
    # "pain runs about 7 before a dose and 3 after": a bare score told by the time of the
    # dose, a score only where the pain is named right before it (`_DOSE_CUE_RE`)
    (rf"(?<![\w/.])(?P<v>\d{{1,2}}|{_PAIN_WORD})(?:\s*(?:-|to)\s*(?P<w>\d{{1,2}}|{_PAIN_WORD}))?"
     rf"\s+(?P<dose>before|after)\s+{_DOSE_WORDS}", {}))
_PAIN_TABLE.append(
    # ... and the score after it: "and 3 after", "and 3-4 after it" (only after such a score)
    (rf"(?<=\band\s)(?P<v>\d{{1,2}}|{_PAIN_WORD})(?:\s*(?:-|to)\s*(?P<w>\d{{1,2}}|{_PAIN_WORD}))?"
     r"\s+(?P<after_dose>after)(?:\s+(?:it|that|one|the\s+dose))?(?=\s*(?:[,.;)]|$|and\b))", {}))
_PAIN_TABLE.append(
    # "4/10 on it, and when he runs out it climbs to eight": a bare number the pain rises to,
    # a score only after a score out of ten earlier in the sentence (`_RISES_TO_RE`)
    # ("8/10 before the drug, now it is four to five": where it is now, after such a score)
    (rf"\b(?:(?:goes|went|rises|rose|climbs|climbed|jumps|jumped|gets|got|shoots|shot)\s+"
     rf"(?:(?:back\s+)?up\s+)?to|now\s+(?:(?:it|she|he)\s+)?(?:(?:is|'s|runs|sits)(?:\s+at)?|at)"
     rf"(?:\s+down\s+to)?)\s+(?:(?:about|around|roughly)\s+)?(?:an?\s+)?"
     rf"(?P<v>\d{{1,2}}|{_PAIN_WORD})(?:\s*(?:-|to)\s*(?P<w>\d{{1,2}}|{_PAIN_WORD}))?"
     rf"\b(?!\s*(?:[/%.,]\s*\d|percent|out\s+of|of\b|"
     r"(?:\w+\s+)?(?:hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|times?|mg|tablets?|"
     r"pills?|miles?|blocks?|feet|pounds?|lbs?|visits?|sessions?)\b))", {}))
#: The scores of a pain assessment given as labels and then their numbers, each by a slash
#: ("PAIN (current / least / avg / after dose): 7 / 3 / 5 / 3", the CPMTG's on-going review
#: of current, least and average pain and pain after the dose): each number is its label's.
#: Also without the parentheses ("Pain current/least/avg/after dose: 7/3/5/3"), or each label
#: with its own number ("Pain - current 7, least 3, average 5, after taking Norco 3"): review
#: 12, R31.
_PAIN_PAIR = (rf"{PAIN_LABEL}(?:\s+(?!{QUALIFIER}\b)[A-Za-z]+)?"
              r"\s*[:=-]?\s*\d{1,2}(?:\.\d)?(?:\s*/\s*10)?(?![\d/.]\d)")
_PAIN_LIST_RE = re.compile(
    rf"(?:\(\s*(?P<labels>{PAIN_LABEL}(?:\s*/\s*{PAIN_LABEL}){{1,5}})\s*\)|"
    rf"(?P<bare>{PAIN_LABEL}(?:\s*/\s*{PAIN_LABEL}){{1,5}}))\s*:?\s*"
    r"(?P<nums>\d{1,2}(?:\.\d)?(?:\s*/\s*\d{1,2}(?:\.\d)?){1,5})(?![\d/])|"
    rf"(?P<pairs>{_PAIN_PAIR}(?:\s*[,;]\s*(?:and\s+)?{_PAIN_PAIR}){{1,5}})", re.IGNORECASE)
_PAIN_PAIR_RE = re.compile(rf"(?P<label>{PAIN_LABEL})(?:\s+[A-Za-z]+)?\s*[:=-]?\s*"
                           r"(?P<n>\d{1,2}(?:\.\d)?)", re.IGNORECASE)
_PAIN_RES = [re.compile(p, re.IGNORECASE) for p, _ in _PAIN_TABLE]


def _listed_pain_scores(mention: Mention) -> list[Found]:
    """The scores of a labelled list (`_PAIN_LIST_RE`), each with its label's context; none
    when the labels and the numbers do not pair off, or a number is off the scale of ten."""
    match = _PAIN_LIST_RE.match(mention.sentence, mention.start)
    if match is None:
        return []
    if match.group("pairs"):
        if not re.search(r"\b(?:pain|(?-i:VAS|NRS)|scores?)\b",
                         mention.sentence[max(0, match.start() - 40):match.start()],
                         re.IGNORECASE):
            return []  # labels with numbers, not said of the pain ("now 20 min, least 2")
        pairs = list(_PAIN_PAIR_RE.finditer(match.group("pairs")))
        labels = [pair.group("label") for pair in pairs]
        offset = match.start("pairs")
        spans = [(offset + pair.start("n"), pair.group("n")) for pair in pairs]
    else:
        labels = [label.strip()
                  for label in (match.group("labels") or match.group("bare")).split("/")]
        numbers = list(re.finditer(r"\d{1,2}(?:\.\d)?", match.group("nums")))
        spans = [(match.start("nums") + n.start(), n.group(0)) for n in numbers]
    if len(labels) != len(spans) or any(float(n) > 10 for _, n in spans):
        return []
    found = []
    for label, (start, number) in zip(labels, spans, strict=True):
        context = label_context(label)
        value = float(number)
        found.append(Found({"value": int(value) if value == int(value) else value, "scale": 10,
                            "context": context},
                           start, start + len(number), negated=False))
    return found
_RISES_TO_RE = _PAIN_RES[-1]
_BEFORE_DOSE_RE, _AFTER_DOSE_RE = _PAIN_RES[-3], _PAIN_RES[-2]
#: The pain named in the clause right before a score told by the dose.
_DOSE_CUE_RE = re.compile(r"\bpain\b[^.;,\d]{0,30}$", re.IGNORECASE)
#: A score out of ten (the one the bare number of `_RISES_TO_RE` follows).
_OUT_OF_TEN_RE = re.compile(r"(?:/\s*10|\bout\s+of\s+(?:10|ten)|\bover\s+ten)\b", re.IGNORECASE)
#: What makes a bare "N of 10" a pain score: a pain word or the with/without-medication
#: shorthand in the same clause right before it, and no count noun after it.
_BARE_OF_RE = re.compile(r"\s+of\s+(?:10|[lI][0O]|1O)\b", re.IGNORECASE)
_BARE_OF_CUE_RE = re.compile(r"(?:\b(?:pain|(?-i:VAS|NRS)|score|rated|meds?|medications?)\b|"
                             r"\bw/o?)[^.;,\d]{0,15}$", re.IGNORECASE)
_COUNT_AFTER_RE = re.compile(r"\s*(?:\w+\s+)?(?:visits?|sessions?|treatments?|days?|weeks?|"
                             r"injections?|patients?|items?|tablets?|pills?)\b", re.IGNORECASE)


#: A score written out ("6/10", "six out of ten") and the words that qualify it right after it
#: ("without the pills and"): where the words before the next score begin.
#: (the scale is enough: the window may have cut the number off)
_AFTER_A_SCORE_RE = re.compile(r"(?:/\s*10|\bout\s+of\s+(?:10|ten))\b[^,;]*?\band\b",
                               re.IGNORECASE)


def _pain_number(text: str) -> float:
    """A score as written: "7", "6.5", OCR's "O" for 0, or a word ("six")."""
    word = text.lower()
    return float(SCORE_WORDS[word]) if word in SCORE_WORDS else float(text.upper()
                                                                      .replace("O", "0"))
_PAIN_CONTEXT = [
    # "7/10 w/o, 4/10 w/", "6/10 off, 3/10 on": shorthand for without and with the medication
    (r"without\s+(?:pain\s+)?(?:medications?|meds|analgesics|opioids|norco)|off\s+(?:pain\s+)?"
     r"medications?|before\s+(?:taking\s+)?(?:pain\s+)?medications?|^\s*w/o(?:ut)?\b|"
     r"^\s*off(?:\s+(?:it|them))?\s*$|"
     # "Pain w/o meds 7/10": the shorthand before the score; "8 out of 10 before she takes her
     # hydrocodone": the time before a dose
     r"\bw/o\s+(?:pain\s+)?(?:medications?|meds?)\b|"
     # the shorthand alone right before the score ("with meds 4/10; w/o 8-9/10")
     r"\bw/o\s*:?\s*$|"
     r"\bbefore\s+(?:(?:she|he|they|I|the\s+(?:patient|worker))\s+)?(?:takes?|taking|uses?|using)\b",
     "without_medication"),
    (r"with\s+(?:pain\s+)?(?:medications?|meds|analgesics|opioids|norco)|on\s+medications?|"
     r"after\s+(?:taking\s+)?(?:pain\s+)?medications?|^\s*w/(?![o\w])|"
     r"^\s*on(?:\s+(?:it|them))?\s*$|\bw/\s*(?:pain\s+)?(?:medications?|meds?)\b|\bw/\s*:?\s*$",
     "with_medication"),
    (r"\baverage", "average"), (r"\bleast|\bbest", "least"), (r"\bworst|\bat\s+most", "worst"),
]


#: "without it", "off them": a score told for a time without what the sentence named
_WITHOUT_IT_RE = re.compile(r"\b(?:without|w/o|off)\s+(?:it|them)\b(?![^,;]*\b(?:with|on)\b)",
                            re.IGNORECASE)
#: A medicine named: a class, a form, or a drug of the pain ladder.
_MEDICINE_RE = re.compile(r"\b(?:medications?|meds|medicines?|pills|tablets|tabs|analgesics?|"
                          r"opioids?|narcotics?|norco|vicodin|hydrocodone|oxycodone|percocet|"
                          r"oxycontin|tramadol|ultram|morphine|ms\s*contin|methadone|tapentadol|"
                          r"nucynta|hydromorphone|dilaudid|fentanyl|buprenorphine|codeine|"
                          r"gabapentin|pregabalin|lyrica|neurontin|nsaids?|ibuprofen|naproxen|"
                          r"meloxicam|celecoxib|diclofenac)\b", re.IGNORECASE)


#: A clause that opens with the time before a drug ("Before Lyrica", "before starting
#: gabapentin", "prior to the Norco"), up to a score: words that only tell what was scored
#: may follow, never a new time or a turn ("before Lyrica she did PT and now rates it ...").
_BEFORE_THE_DRUG_RE = re.compile(
    rf"\b(?:before|prior\s+to)\s+(?:(?:starting|beginning|taking|she\s+started|he\s+started|"
    rf"the|her|his)\s+)*{_MEDICINE_RE.pattern}(?P<rest>[^.]*)$", re.IGNORECASE)
_TURN_RE = re.compile(r"\b(?:and|but|now|today|currently|since|then|after|with|on)\b",
                      re.IGNORECASE)


def _before_the_drug(before: str) -> bool:
    """The words before a score tell the pain before the drug was begun: a score without it."""
    match = _BEFORE_THE_DRUG_RE.search(before)
    return bool(match) and not _TURN_RE.search(match.group("rest"))


def _score_before_dose(sentence: str, end: int) -> bool:
    """The sentence, before `end`, scores the pain before a dose ("pain about 7 before a
    dose"): a bare number after it and the dose is the score after the dose."""
    return any(m.group("dose").lower() == "before" and _DOSE_CUE_RE.search(
        sentence[max(0, m.start() - 40):m.start()])
        for m in _BEFORE_DOSE_RE.finditer(sentence, 0, end))


def parse_pain_score(mention: Mention) -> list[Found]:
    if mention.meta.get("listed"):
        return _listed_pain_scores(mention)
    for pattern in _PAIN_RES:
        match = pattern.match(mention.sentence, mention.start)
        if match:
            break
    else:
        return []
    if _BARE_OF_RE.search(match.group(0)) and not re.search(r"out\s+of", match.group(0), re.I) \
            and (not _BARE_OF_CUE_RE.search(mention.sentence[max(0, match.start() - 40):
                                                             match.start()])
                 or _COUNT_AFTER_RE.match(mention.sentence, match.end())):
        return []
    if pattern is _BEFORE_DOSE_RE and not _DOSE_CUE_RE.search(
            mention.sentence[max(0, match.start() - 40):match.start()]) and not (
            match.group("dose").lower() == "after" and _score_before_dose(mention.sentence,
                                                                          match.start())):
        return []
    if pattern is _AFTER_DOSE_RE and not _score_before_dose(mention.sentence, match.start()):
        return []
    if pattern is _RISES_TO_RE and (
            not _OUT_OF_TEN_RE.search(mention.sentence[:match.start()])
            or _COUNT_AFTER_RE.match(mention.sentence, match.end())):
        return []
    groups = match.groupdict()
    written = groups.get("v") or groups.get("v2") or ""
    if re.match(r"0\d", written):
        return []  # "04/10" is a date (April 10), never a score written with a leading zero
    low = _pain_number(written)
    upper = groups.get("w") or groups.get("w2")
    high = _pain_number(upper) if upper else None
    if low > 10 or (high is not None and high > 10):
        return []
    value = (low + high) / 2 if high is not None else low
    before = mention.sentence[max(0, mention.start - 45):mention.start]
    if re.search(r"\b(?:strength|motor|reflex|grade|dtrs?)\b", before, re.IGNORECASE):
        return []
    after = re.split(r"[;.]|,\s|\band\b", mention.sentence[match.end():match.end() + 45])[0]
    # the words before a score stop at the score before it: in "6/10 without the pills and
    # about 3/10 ..." the "without" tells the first score, not the second
    before = _AFTER_A_SCORE_RE.split(before)[-1]
    context = "current"
    told_by_dose = groups.get("dose") or groups.get("after_dose")
    if told_by_dose:
        # the score before the dose is the pain without the drug, the one after it with
        context = "without_medication" if told_by_dose.lower() == "before" else "with_medication"
    # the words right after the score describe it ("9/10 without"), else those right before
    for window in () if told_by_dose else (after, re.split(r"[,;]", before)[-1][-30:]):
        for pattern, name in _PAIN_CONTEXT:
            if re.search(pattern, window, re.IGNORECASE):
                context = name
                break
        else:
            # (a bare "without it" stands for whatever the sentence named: a drug only when
            # one is named, which the pronoun check below decides)
            # ... and "with" or "without" something else ("3/10 with the brace on", "with
            # ice", "without activity") is no time on or off the drug (review 12, R14)
            if (bare := re.match(r"\s*without\b(?!\s+(?:it|them)\b)", window, re.IGNORECASE)) \
                    and governs_the_drug(window[bare.end():], _MEDICINE_RE):
                context = "without_medication"
            elif (bare := re.match(r"\s*with\b", window, re.IGNORECASE)) and window is after \
                    and governs_the_drug(window[bare.end():], _MEDICINE_RE):
                context = "with_medication"
            else:
                continue
        break
    if context == "current" and _before_the_drug(re.split(r"[,;]", _AFTER_A_SCORE_RE.split(
            mention.sentence[max(0, mention.start - 80):mention.start])[-1])[-1]):
        # "Before Lyrica the burning was 8/10": the time before the drug was started
        context = "without_medication"
    if context == "current" and _WITHOUT_IT_RE.search(before[-30:]) and _MEDICINE_RE.search(
            mention.sentence[:max(0, mention.start - 30)]):
        # "Norco lets him work; without it pain 8/10": the pronoun stands for the drug the
        # sentence named
        context = "without_medication"
    end = match.end()
    tail = re.match(r"\s*(?:with|without)\s+(?:pain\s+)?(?:medications?|meds)", after,
                    re.IGNORECASE)
    if tail:
        end += tail.end()
    # a score is never denied: "no pain" is a score of 0, and the "without" of "7/10 without
    # meds, 4/10 with" names the context of the score, not a negation
    return [Found({"value": int(value) if value == int(value) else value, "scale": 10,
                   "context": context}, mention.start, end, negated=False)]


# -- injections
#: What follows an "RFA" that was done: its date, then the result it gave ("RFA 11/2020
#: gave ~50% relief", "RFA 2019 (no relief)", "RFA on 3/4/21: 70% for 6 months"). A date
#: alone is no sign: the Request for Authorization is dated too. (`rules/context.yaml` keeps
#: the same words out of the request's hypothetical cue.)
RFA_DATED_RESULT = (
    r"\s+(?:(?:in|on|of)\s+)?(?:\d{1,2}/){0,2}\d{2,4}\b\s*(?:[:(,-]\s*)?[\"\u201c]?"
    r"(?:gave|provided|helped|did(?:n['\u2019]?t|\s+not)?\b|was\s+(?:helpful|effective|"
    r"successful|not)|with\s+(?:about\s+|only\s+|~\s*)?\d|(?:no|minimal|little|partial|good|"
    r"excellent|significant)\s+(?:pain\s+)?(?:relief|benefit|help|improvement|response)|"
    r"(?:about\s+|only\s+|~\s*)?\d{1,3}\s*%)")
_LEVEL = r"(?:[CLTS]\d(?:\s*-\s*[CLTS]?\d)?(?:\s*(?:,|and)\s*[CLTS]\d(?:\s*-\s*[CLTS]?\d)?)*)"
_INJECTION_PREFIX = (rf"(?:(?:left|right|bilateral|repeat|prior|diagnostic|therapeutic|"
                     rf"{_LEVEL})\s+){{0,4}}")
#: A relief in percent as written: "60%", "50-60%", "seventy percent", OCR's "6O%".
_PERCENT = percent_pattern()
_INJECTION_TABLE = [
    (rf"{_INJECTION_PREFIX}(?:(?:transfora(?:m|rn)inal|interlaminar|caudal|cervical|lumbar|thoracic)"
     rf"\s+){{0,2}}(?:epidural\s+steroid\s+injections?|epidural\s+injections?|"
     # ("no epidural hematoma or abscess" is anatomy; "Triage ESI 3", "ESI level 2" is the
     # emergency severity index of an ED note)
     rf"epidurals?(?!\s+(?:space|needle|catheter|fat|veins?|hematoma|abscess|lipomatosis|"
     # ("contrast confirmed epidural spread": the procedure's technique, not its name)
     rf"fibrosis|scar\w*|collection|enhancement|spread|flow|filling|pattern|distribution))|"
     rf"(?<!Triage\s)(?<!Acuity\s)(?-i:(?:TF|C|L)?ES[Il]s?)(?!\s*(?:level|score|:)\s*[1-5]\b)|"
     # the epidural named by its route or its target root alone: "L5 transforaminal
     # injection", "caudal steroid injection", "right L4 selective nerve root block", "SNRB"
     rf"(?:transfora(?:m|rn)inal|caudal)\s+(?:(?:corticosteroid|steroid)\s+)?(?:injections?|"
     rf"inj\b\.?)|(?:selective\s+)?nerve\s+root\s+blocks?|(?-i:SNRBs?)\b)",
     {"type": "epidural_steroid"}),  # OCR: "TFESl"
    (rf"{_INJECTION_PREFIX}(?:intra-?articular\s+)?facet\s+(?:joint\s+)?(?:injections?|"
     rf"blocks?)", {"type": "facet"}),
    # "L3, L4 medial branch and L5 dorsal ramus blocks": the blocks of a facet's two nerves
    (rf"{_INJECTION_PREFIX}(?:medial\s+branch(?:es)?\s+(?:(?:and|&|/)\s+(?:{_LEVEL}\s+)?"
     rf"dorsal\s+rami?(?:us)?\s+)?(?:nerve\s+)?blocks?|(?-i:MBBs?)|"
     rf"confirmatory\s+blocks?)", {"type": "medial_branch_block"}),
    # (radiofrequency named by its target alone: "pulsed radiofrequency of the suprascapular
    # nerve", "radiofrequency of the genicular nerves")
    (rf"{_INJECTION_PREFIX}(?:(?:pulsed\s+|thermal\s+|cooled\s+)?radiofrequency\s+(?:ablation|"
     rf"neurotomy|rhizotomy|lesioning)|(?:pulsed\s+|thermal\s+|cooled\s+)?radiofrequency(?=\s+"
     rf"(?:of|to|at)\s+(?:the\s+)?(?:(?:left|right|bilateral)\s+)?[\w-]+\s+(?:nerves?|branch(?:es)?|"
     rf"rami|ganglion))|pulsed\s+radiofrequency|rhizotomy|neurotomy|"
     # by its abbreviation or its other name: "RF ablation", "RF neurotomy", "RFTC"
     rf"(?-i:RF)\s+(?:ablation|lesioning)|radio-?frequency\s+thermocoagulation|(?-i:RFTC)\b)",
     {"type": "radiofrequency"}),
    (r"trigger\s+point\s+injections?|(?-i:TPIs?)|\d+\s+trigger\s+points?\s+(?:were\s+)?"
     r"injected", {"type": "trigger_point"}),
    # (the joint by its abbreviation too: "GH injection", "R CMC injection", "SIJ injection",
    # "AC joint inj")
    # (intra-articular by its abbreviation, before or after the joint: "L knee IA injection",
    # "IA hip steroid injection")
    (r"(?:(?:left|right|(?-i:[RL])|fluoroscopically\s+guided|(?-i:IA))\s+)*(?:subacromial|(?-i:SA)|"
     r"intra-?articular|(?-i:IA)|knee|shoulder|hip|glenohumeral|(?-i:GH)|ankle|(?:thumb\s+)?(?-i:CMC)|"
     r"carpometacarpal|acromioclavicular|(?-i:AC)(?=\s+joint)|sacroiliac|(?-i:S[Il1])(?=\s+joint)|"
     r"(?-i:SIJ))(?:\s+joint)?(?:\s+(?-i:IA))?\s+(?:(?:corticosteroid|steroid|cortisone)\s+)?"
     r"(?:aspiration\s+(?:and|&|/|with)\s+)?(?:injections?|inj\b\.?)|"
     # the joint after the word: "injection of the left knee", "injection into the right
     # shoulder with 40 mg Depo-Medrol"
     r"\binjections?\s+(?:of|into|to|in)\s+(?:the\s+|his\s+|her\s+)?(?:(?:left|right|bilateral|"
     r"(?-i:[RL]))\s+)?(?:knees?|shoulders?|hips?|glenohumeral\s+joint|(?:sacroiliac|(?-i:S[Il1]|AC))"
     r"\s+joints?|subacromial\s+space)\b|viscosupplementation(?:\s+series)?|hyaluronic\s+acid"
     rf"\s+(?:injections?|series)|hydrodilat(?:at)?ion|hydrodistension|"
     rf"(?:{VISCOSUPPLEMENT_NAMES})\b(?:\s+injections?)?", {"type": "joint"}),
    (r"(?:(?:left|right|\d+)\s+)?(?:(?:carpal\s+tunnel|wrist|elbow|epicondyl\w*|tendon|"
     rf"cortisone|corticosteroid|steroid|{STEROID_INJECTATE_NAMES})\s+)+(?:steroid\s+)?"
     r"(?:injections?|shots?|inj\b\.?)(?:\s+into\s+the\s+"
     r"[\w\s]{3,25}?(?=[,.;]|\s+(?:on|in|with|for)\b|$))?|platelet[- ]rich\s+plasma"
     r"(?:\s+injections?)?|(?-i:PRP)\s+injections?|prolotherapy|(?:(?:lumbar\s+|cervical\s+)?"
     r"sympathetic|stellate\s+ganglion|(?:occipital|genicular|ilioinguinal|iliohypogastric|"
     r"genitofemoral|suprascapular|intercostal|pudendal|femoral|saphenous|sciatic|peripheral)\s+"
     r"nerve)\s+blocks?|"
     # a tendon sheath injected, by its name: "De Quervain's injection", "trigger finger
     # injection", "first dorsal compartment shot" (a bursa's is left out: whether the
     # annotators call a trochanteric bursa's injection a joint's is not settled)
     r"(?:(?:left|right|(?-i:[RL]))\s+)?(?:de\s+quervain(?:'?s)?|trigger\s+(?:finger|thumb)|"
     r"(?:first|1st)\s+dorsal\s+compartment|tendon\s+sheath)\s+(?:(?:corticosteroid|steroid|"
     r"cortisone)\s+)?(?:injections?|shots?)|"
     # a botulinum toxin injection ("Botox injections to the trapezius")
     r"(?:botox|botulinum\s+toxin(?:\s+type\s+a)?)\s+(?:injections?|inj\b\.?)|"
     # "CSI 10/2018 (relief x5 wks)": a corticosteroid injection by its abbreviation
     r"(?-i:CSIs?)\b(?:\s+x\s*\d)?|"
     # a stellate ganglion block by its abbreviation ("Third SGB 03/2021")
     r"(?-i:SGBs?)\b", {"type": "other"}),
    # "Last inj 03/10/2022", "the most recent injection", "after the 01/08/2019 injection"
    (r"(?:the\s+|a\s+)?(?:prior|previous|repeat|second|third|another|next|last|latest|most\s+"
     r"recent)\s+(?:[\w-]+\s+)?(?:injections?|inj\b\.?)|the\s+injections|the\s+(?:\d{1,2}/)?"
     r"\d{1,2}/\d{2,4}\s+injection\b|"
     # an injection known by its date alone: "Inj 4/18 gave ~70% relief", "injection 03/2019"
     r"\binj(?:ection)?\b\.?\s+(?:on\s+)?(?:\d{1,2}/)?\d{1,2}/\d{2,4}\b", {"type": "context"}),
    # a later one of a series judged by its ordinal alone, the injections named before it:
    # "the first gave 50% relief ..., and the second gave no relief at all", "(first gave 6
    # weeks of relief, second only 10 days)", "the first 40% for 3 weeks, the second none"
    # (the first's result is read with the procedure)
    (rf"(?:the\s+)?(?:second|third|fourth|2nd|3rd|4th|latter)\s+(?:one\s+)?(?:(?:gave|provided|"
     rf"helped|lasted)\s+)?(?:(?:only|about|approximately|maybe|roughly)\s+)?(?:no\s+(?:pain\s+)?"
     rf"relief(?:\s+at\s+all)?|none\b|nothing\b|{_PERCENT}(?:\s+(?:relief|improvement))?"
     rf"(?:\s+(?:for|x)\s*(?:about\s+)?{NUMBER}\s*(?:days?|weeks?|wks?|months?))?|"
     rf"{NUMBER}\s+(?:days?|weeks?|months?)(?:\s+of\s+relief)?)|"
     # or by its date: "a repeat on 03/21/2019 with only 30% relief", "repeat 09/2021: 50% x 5
     # weeks; third 04/2022: 'minimal'"
     r"(?:a\s+|the\s+)?(?:repeat|second|third|fourth|2nd|3rd|4th)\s+(?:(?:one\s+)?(?:on|in)\s+)?"
     r"\d{1,2}/\d{2,4}(?:/\d{2,4})?", {"type": "ordinal"}),
    # a later one of a series judged by its date, the injections named before it: "two L4-5
    # ESIs (12/2020 about 50% for 3 weeks; 02/2021 'did nothing')", "knee injections: 02/2020
    # (3 months of relief), 08/2020 (about 6 weeks), 03/2021 ('barely a week')"
    (rf"(?<![\w/])(?:\d{{1,2}}/)?\d{{1,2}}/\d{{2,4}}\s*(?::|\(|-)?\s*[\"“]?(?:(?:about|approximately|"
     rf"maybe|only|barely|roughly|nearly)\s+|~\s*)*(?:no\s+(?:pain\s+)?relief|did\s+nothing|"
     rf"nothing|none|(?:a\s+few|an?|{NUMBER})\s+(?:days?|weeks?|wks?|months?)|{_PERCENT})",
     {"type": "dated"}),
    # a history of no injection, told as a history: "has not had any spinal injections",
    # "He has had no injections", "never had an injection" (of the kind the region implies)
    (r"(?:ha[sd]|have)\s+(?:not|never)\s+(?:yet\s+)?had\s+(?:any\s+|an?\s+)?(?:trials?\s+of\s+(?:an?\s+)?)?"
     r"(?:[\w-]+\s+){0,2}?(?:injections?|shots?)|(?:has|have)\s+had\s+no\s+(?:[\w-]+\s+)?(?:injections?|shots?)",
     {"type": "denied"}),
    (r"(?:(?:repeat|prior|previous|the|since\s+the|after\s+the|post|s/p)\s+)(?-i:RFA)\b",
     {"type": "radiofrequency"}),
    # "R C4-5, C5-6 RFA (02/18/14)": the levels before it
    (rf"(?:(?:left|right|bilateral|(?-i:[RL]))\s+)?{_LEVEL}\s+(?-i:RFA)\b",
     {"type": "radiofrequency"}),
    # "RFA right L3, L4 medial branches": the procedure named with its side or levels (a bare
    # "RFA" in a plan is the request; the predicates count a prior one only when it is
    # reported done, `prior_injection_documented`)
    (rf"(?-i:RFA)(?=\s+(?:(?:of|at|to)\s+)?(?:(?:the\s+)?(?:left|right|bilateral)\b|{_LEVEL}))",
     {"type": "radiofrequency"}),
    # "C4, C5 medial branch RFA": the procedure named by its target nerves (a dated "RFA
    # 05/02/2014" is as often the Request for Authorization, so a date alone is no sign)
    (r"medial\s+branch(?:es)?\s+(?-i:RFA)\b", {"type": "radiofrequency"}),
    # ... but a date and then the result the ablation gave is the procedure: "RFA 11/2020
    # gave ~50% relief", "RFA 2019 (no relief)", "RFA in 03/2021: 60% x 5 months"
    (rf"(?-i:RFA)(?={RFA_DATED_RESULT})", {"type": "radiofrequency"}),
    # a result told by its span alone, the injection named before it: "the injection gave 3
    # days", "each gave her about a week", "the shot took the edge off for about ten days"
    (r"\b(?:(?:the|that|this|each|her|his|their|last|latest|most\s+recent)\s+(?:[\w-]+\s+)?"
     r"(?:injections?|shots?|blocks?)|each(?:\s+one)?)[\"\u201d']?\s+"
     + RESULT_SPAN, {"type": None, "span": True}),
    # a medication cut told after the injection named before it, in a sentence of its own:
    # "he cut his Norco from three a day to one at night", "she lowered the tramadol to every
    # other day", "off tramadol since the block"
    (r"\b(?:cut|reduced|decreased|lowered|dropped|weaned|tapered)\s+(?:(?:his|her|their|the)\s+)?"
     r"(?!(?:pain|it|this|that|them|activity|hours|work|burning|ach\w*|numbness|tingling|"
     r"swelling|spasms?|stiffness|symptoms?|headaches?)\b)[A-Za-z][\w/-]+(?:\s+(?-i:ER|SR|XR|IR|CR))?"
     r"\s+(?:from\s+[^.;,]{1,30}?\s+)?(?:down\s+)?to\s+(?:one|two|half|\d|every|once|twice|a\s+"
     r"single)[^.;,]{0,30}|"
     r"\b(?:been\s+|is\s+|was\s+|now\s+|came\s+|went\s+)off\s+(?:(?:his|her|the)\s+)?[A-Za-z][\w/-]+"
     r"\s+since\s+the\s+(?:injections?|shots?|blocks?|procedure|(?-i:ESI|RFA|MBB|TFESI|CESI))",
     {"type": None, "cut": True}),
    # the pain before and after, told in a sentence after the procedure's ("Pre VAS 7/10 /
    # Post 2/10"): its relief
    (PRE_POST, {"type": None}),
    (r"(?:approximately\s+|about\s+|roughly\s+|only\s+|at\s+least\s+|less\s+than\s+|~)?"
     rf"{_PERCENT}\s*(?:(?:(?:short|long)[- ]term\s+|partial\s+|temporary\s+|sustained\s+)?"
     r"(?:pain\s+)?(?:relief|improvement|reduction)|"
     r"for\s+(?:about\s+)?\d+\s+(?:weeks?|months?|days?)|x\s*\d+\s*"
     r"(?:wks?|weeks?|months?|days?)|better|improved|less\s+pain)",
     {"type": None}),
]
_TYPED = [(p, m) for p, m in _INJECTION_TABLE
          if m["type"] not in (None, "context", "denied", "ordinal", "dated")]

#: "RFA" names two things in these files: radiofrequency ablation and the Request for
#: Authorization (DWC form RFA). Words of the procedure near it (a level, a nerve, relief,
#: ablation) make it the procedure; words of the form (dated, received, submitted, the form,
#: UR, what the form states or lists) make it the request.
_RFA_PROCEDURE_RE = re.compile(
    r"radiofrequency|ablation|neurotomy|rhizotomy|medial\s+branch|\bnerves?\b|facet|"
    r"\brelief\b|\d\s*%|\bpercent\b|\b[CLT]\d\b|\bS1\b|\b(?:post|s/p)\s+(?-i:RFA)|"
    r"\b(?:since|after|following)\s+(?:the|his|her)?\s*(?-i:RFA)|\brepeat\b|respon|benefit|"
    r"improv|helped|\bdone\b|performed|\blevels?\b", re.IGNORECASE)
#: the procedure named next to it: "s/p RFA", "after the RFA", "repeat RFA", "medial branch
#: RFA", "L4-5 RFA"; "RFA of the L3, L4 medial branches", "RFA right C5-6"
_RFA_PROCEDURE_NEXT_RE = re.compile(
    r"(?:\b(?:post|s/p|status\s+post|since|after|following|repeat|prior|previous|"
    r"(?:respon\w*|relief|benefit|improvement|better)\s+(?:to|from|with|after)|medial\s+"
    r"branch(?:es)?|[CLT]\d(?:\s*-\s*[CLTS]?\d)?|S1)\s+(?:the\s+|his\s+|her\s+)?)(?-i:RFA)s?$",
    re.IGNORECASE)
_RFA_PROCEDURE_AFTER_RE = re.compile(
    r"s?\s+(?:(?:of|at|to)\s+)?(?:the\s+)?(?:left|right|bilateral|[CLT]\d|S1|medial|facet|nerve)"
    rf"|{RFA_DATED_RESULT}", re.IGNORECASE)
_RFA_FORM_AFTER_RE = re.compile(
    r"\s*(?:(?:was|is|were)\s+)?(?:dated|received|submitted|sent|filed|form\b|page|process|"
    r"appeal|of\s+\d|from\s+Dr|came|arrived|states?|stated|says|said|describes?|"
    r"described|lists?|listed|indicates?|references?|referenced|requests?|requested|notes?\b|"
    r"included|contained|mentions?|asks?|attached|alone|only\b|and\s+(?:a|the|an)\s+"
    r"(?:progress|PR-?2|DME|cover|report))", re.IGNORECASE)
_RFA_FORM_BEFORE_RE = re.compile(
    r"(?:\bonly|\bwith|\bto|\bper|according\s+to|\bconcerns|\breviewed|\bon|\bin|\bfor|"
    r"\bof|\bUR|\bupon|\bsubmitted|\breceived|\bsigned|\bcontained)\s+(?:the\s+)?$",
    re.IGNORECASE)


def rfa_means_request(text: str, start: int, end: int) -> bool:
    """Whether the "RFA" at text[start:end] is the Request for Authorization, not an
    ablation. The words next to it decide first ("s/p RFA", "RFA L4-5", "medial branch RFA"
    are the procedure; "the RFA dated ...", "the RFA states", "only the RFA" the form), then
    the sentence: a word of the procedure (relief, a level, ablation) over one of the request
    (authorization, UR)."""
    if not re.search(r"(?-i:RFA)", text[start:end]):
        return False
    lo = max(text.rfind(".", 0, start), text.rfind(";", 0, start)) + 1
    hi = min((i for i in (text.find(". ", end), text.find(";", end)) if i >= 0), default=len(text))
    if _RFA_PROCEDURE_NEXT_RE.search(text[max(lo, start - 32):end]) or \
            _RFA_PROCEDURE_AFTER_RE.match(text, end):
        return False
    if _RFA_FORM_AFTER_RE.match(text, end) or _RFA_FORM_BEFORE_RE.search(text[lo:start]):
        return True
    if _RFA_PROCEDURE_RE.search(text[lo:start] + " " + text[end:hi]):
        return False
    return bool(re.search(r"authoriz|\bUR\b|utilization\s+review|\bDWC\b", text[lo:hi],
                          re.IGNORECASE))


class _ProcedureRe:
    """A procedure pattern whose "RFA" matches are kept only where the word names the
    ablation (`rfa_means_request`)."""

    def __init__(self, pattern: str) -> None:
        self.compiled = re.compile(pattern, re.IGNORECASE)
        self.pattern = pattern

    def finditer(self, string: str, pos: int = 0,
                 endpos: int | None = None) -> Iterator[re.Match[str]]:
        endpos = len(string) if endpos is None else endpos
        for match in self.compiled.finditer(string, pos, endpos):
            if not rfa_means_request(string, match.start(), match.end()):
                yield match

    def search(self, string: str, pos: int = 0,
               endpos: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(string, pos, endpos), None)

    def findall(self, string: str) -> list[str]:
        return [m.group(0) for m in self.finditer(string)]


_INJECTION_RES = [_ProcedureRe(p) if "RFA" in p else re.compile(p, re.IGNORECASE)
                  for p, _ in _TYPED]
# "60% relief", "50-60% relief" (the lower bound), "roughly 60 percent", "about 50% for 4 weeks"
# "60% relief", "50-60% relief" (the midpoint, corpus convention 12), "roughly 60 percent",
# "about 50% for 4 weeks", "maybe seventy percent", "70% better"; and in words: "no relief at
# all" (none), "cut the leg pain in half", "maybe half" (50)
_RELIEF_RE = re.compile(
    # (a floor written after the figure: "70%+ relief"; not "50% or more", a criterion's words)
    rf"{_PERCENT}(?:\s*\+)?(?=\s+(?:(?:[\w-]+\s+)?(?:pain\s+)?(?:relief|reliet|"
    r"(?:improvement|reduction|decrease)" + OF_A_DRUG + r"|better|" + LESS_NO_DRUG +
    r"|gone|improved)|for\s+)|\s*x\s*\d|\s*[.,;)\"]|\s*$)|"
    r"(?P<none>\bno\s+(?:pain\s+)?relief(?:\s+at\s+all)?|\bdid\s+nothing|"
    r"\bdid(?:n't|\s+not)\s+do\s+anything)|"
    r"(?P<half>\b(?:in|by|about|maybe|roughly|almost)\s+half\b(?!\s+(?:an?\s+|of\s+)))|"
    # the pain before and after the procedure, as its relief: "Pre VAS 7/10 / Post 2/10",
    # "pre-block NRS 8, post-block 3/10", "pre 6/10, post (20 min) 1/10"
    + PRE_POST, re.IGNORECASE)
_RESULT_SPAN_RE = re.compile(RESULT_SPAN, re.IGNORECASE)
#: A medication cut planned, advised or asked for, not told as done.
_PLANNED_CUT_RE = re.compile(r"\b(?:will|would|plan\w*|recommend\w*|advis\w*|consider\w*|if|"
                             r"should|goal|try|attempt|taper\s+plan|please)\b", re.IGNORECASE)
#: the word forms are read only next to the procedure they judge
_RELIEF_WORDS_NEAR = 40


def relief_percent(match: re.Match[str]) -> int:
    """The relief a `_RELIEF_RE` match states, in percent (`relief.percent_told`)."""
    if match.group("none"):
        return 0
    if match.group("pre"):
        return pre_post_percent(match.group("pre"), match.group("post"))
    if match.group("half"):
        return SHARE_WORDS["half"]
    return percent_told(match.group("lo"), match.group("hi"))


_JOINT_SITE_RE = re.compile(r"knee|shoulder|\bhip\b|sacroiliac|\bS[Il1]\s+joint|subacromial|"
                            r"glenohumeral|intra-?articular|viscosupplement|"
                            # the small joints injected: "thumb CMC", "ulnocarpal", "AC joint"
                            r"\bCMC\b|carpometacarpal|ulnocarpal|radiocarpal|acromioclavicular|"
                            r"\bAC\s+joint|ankle|\bTMJ\b|temporomandibular", re.IGNORECASE)
_SOFT_TISSUE_SITE_RE = re.compile(r"epicondyl|tendon|carpal|trigger\s+finger|wrist|"
                                  r"plantar|bursa", re.IGNORECASE)
#: A threshold in symbols after a condition: "then RFA if >=80% relief", "if pain recurs
#: after 6+ months with ≥50% relief" (where "after ESI with >50% relief" is a result).
_CONDITIONAL_THRESHOLD = (r"\b(?:if|when|once|provided|unless)\s+(?:\S+\s+){0,6}?(?:>=|=>|≥|>)"
                          r"\s*\d{2,3}\s*(?:%|percent)")
_CRITERION_RE = re.compile(r"\b(?:at\s+least|greater\s+than|more\s+than|threshold|only\s+if|"
                           r"unless|criteria|guidelines?|recommend\w*|required?|must|should)\b|"
                           + _CONDITIONAL_THRESHOLD, re.IGNORECASE)
_DURATION_RE = re.compile(
    rf"(?:for|lasting|lasted|x)\s*(?:about\s+|approximately\s+|nearly\s+|over\s+)?(?P<n>{NUMBER})"
    r"\s*(?P<unit>hours?|hrs?|days?|weeks?|wks?|months?)\b", re.IGNORECASE)


#: Relief that lasted until a date: "~70% relief through 12/2021", "relief until 03/15/2019".
_RELIEF_UNTIL_RE = re.compile(
    r"^[^.;]{0,40}?\b(?:through|thru|until|till|up\s+to|lasting\s+(?:until|through|to))\s+"
    r"(?:about\s+|approximately\s+|around\s+|~\s*|mid-?\s*|early\s+|late\s+|(?:the\s+)?end\s+of\s+)?",
    re.IGNORECASE)


def relief_span_weeks(sentence: str, after_at: int, after: str) -> float | None:
    """The weeks relief lasted when a sentence gives it as a span of dates: the date it lasted
    until (right after the relief) less the last date named before that in the sentence (the
    procedure's: "RFA 05/2021: ~70% relief through 12/2021"). A month without a day is taken
    at its middle."""
    until = _RELIEF_UNTIL_RE.search(after)
    if until is None:
        return None
    end_match = DATE_RE.match(after, until.end())
    if end_match is None:
        return None
    starts = list(DATE_RE.finditer(sentence[:after_at + until.end()]))
    if not starts:
        return None
    begin, finish = date_from_match(starts[-1]), date_from_match(end_match)
    if begin is None or finish is None:
        return None
    if starts[-1].group("my") or starts[-1].group("nm3"):
        begin += dt.timedelta(days=14)
    if end_match.group("my") or end_match.group("nm3"):
        finish += dt.timedelta(days=14)
    if finish <= begin or (finish - begin).days > 5 * 365:
        return None
    return round((finish - begin).days / 7, 2)


# a result given as a duration alone: "helped for about three weeks", "(helped 2 weeks)",
# "relieved symptoms for about 4 months", "helped a little for about two months"
_HELPED_FOR_RE = re.compile(
    rf"\b(?:helped|relieved|relief|benefit(?:ed|ted)?|improved|better)\b(?:\s+[\w\"'-]+){{0,3}}?"
    rf"\s+(?:for\s+)?(?:about\s+|approximately\s+|nearly\s+|only\s+|roughly\s+)?"
    rf"(?P<n>{NUMBER})\s*(?P<unit>days?|weeks?|wks?|months?)\b", re.IGNORECASE)
# a result given as time of relief: "gave about ten days of relief", "provided approximately
# one month of benefit", "first gave 6 weeks of relief"
_RELIEF_TIME_RE = re.compile(
    rf"\b(?:gave|gives|provided|provides|had|got)\s+(?:\w+\s+){{0,2}}?(?:about\s+|approximately\s+|"
    rf"roughly\s+|maybe\s+|only\s+|nearly\s+)?(?P<n>{NUMBER}|an?)\s*(?P<unit>days?|weeks?|wks?|"
    rf"months?)\s+of\s+(?:\w+\s+)?(?:relief|benefit|improvement)", re.IGNORECASE)
# the time first, then the relief: "steroid injection 01/2019 - 3 weeks relief", "(2 wks of
# partial relief)"
_TIME_OF_RELIEF_RE = re.compile(
    rf"(?<![\w/.])(?P<n>{NUMBER})\s*(?P<unit>days?|weeks?|wks?|months?)\s+(?:of\s+)?(?:partial\s+|"
    rf"good\s+|some\s+|temporary\s+)?(?:relief|benefit)\b", re.IGNORECASE)


def _injection_type_before(mention: Mention) -> tuple[str | None, str | None]:
    """The injection named last before the mention (a named procedure over a generic
    "steroid injection"), in its sentence or just before it."""
    text = mention.sentence[:mention.start]
    for source in (text, mention.preceding[-500:]):
        best: tuple[int, int, str, str | None] | None = None
        for (_pattern, meta), compiled in zip(_TYPED, _INJECTION_RES, strict=True):
            named = int(meta["type"] not in ("joint", "other"))
            for match in compiled.finditer(source):
                key = (named, match.start())
                if best is None or key > best[:2]:
                    best = (named, match.start(), meta["type"], level_of(match.group(0)))
        if best:
            return best[2], best[3]
    return None, None


def _carried_by_a_procedure(sentence: str, start: int) -> bool:
    """Whether a relief statement at `start` is the result a procedure named in its sentence
    reads as its own: the first relief after the procedure, or one before it in its clause.
    A later one ("... 60% relief for three months, and a repeat on 03/21 with only 30% relief
    for two weeks", "ESI 03/2021: 60% x 8 weeks; repeat 09/2021: 50% x 5 weeks") is the
    result of a repeat the procedure's own reading does not reach: a statement of its own."""
    named_before = [m.end() for r in _INJECTION_RES for m in r.finditer(sentence, 0, start)]
    if not named_before:
        return any(r.search(sentence) for r in _INJECTION_RES)
    since = sentence[max(named_before):start]
    return not any(m.group("lo") or m.group("pre") for m in _RELIEF_RE.finditer(since))


#: The earlier injections of a series dated in a parenthesis after the one named ("Second R SA
#: injection (first 03/2018)", "third knee injection (first 01/2017, second 06/2017)").
_EARLIER_RE = re.compile(r"\b(?:first|second|1st|2nd)\s+(?:one\s+)?(?:on\s+|in\s+)?"
                         r"(?P<date>\d{1,2}/\d{2,4}(?:/\d{2,4})?)", re.IGNORECASE)


def _earlier_ones(sentence: str, end: int, value: dict) -> list[Found]:
    paren = re.match(r"\s*(?:today\s+)?\(([^)]{0,60})\)", sentence[end:])
    if paren is None:
        return []
    offset = end + paren.start(1)
    # (the evidence is the date itself, so the fact carries that date)
    return [Found({"type": value["type"], "level": value["level"]}, offset + m.start("date"),
                  offset + m.end(), negated=False, hypothetical=False, historical=True)
            for m in _EARLIER_RE.finditer(paren.group(1))]


#: A nerve block named by its nerve ("lumbar sympathetic blocks x2", "ilioinguinal nerve
#: block"): `other` wherever the note's joint or tendon is named.
_NAMED_BLOCK_RE = re.compile(r"(?:sympathetic|ganglion|nerve)\s+blocks?", re.IGNORECASE)
_SPINAL_RE = re.compile(r"spinal|epidural|spine|lumbar|cervical|thoracic|back|neck|radicul\w*|"
                        r"sciatica|disc|disk", re.IGNORECASE)


def _region_injection_type(mention: Mention) -> str:
    """The injection type of the region named last before a mention that names none (a joint,
    a soft tissue, the spine), else other."""
    text = mention.preceding + " " + mention.sentence[:mention.start]
    last = {kind: max((m.start() for m in pattern.finditer(text)), default=-1)
            for kind, pattern in (("joint", _JOINT_SITE_RE), ("other", _SOFT_TISSUE_SITE_RE),
                                  ("epidural_steroid", _SPINAL_RE))}
    injection_type = max(last, key=lambda kind: last[kind])
    return injection_type if last[injection_type] >= 0 else "other"


_BARE_TIME_RE = re.compile(rf"(?P<n>{NUMBER})\s*(?P<unit>days?|weeks?|wks?|months?)\b",
                           re.IGNORECASE)


def _ordinal_result(mention: Mention) -> list[Found]:
    """"the second gave no relief at all": the result of a later injection of the series named
    before it, one fact with its relief or its time."""
    injection_type, level = _injection_type_before(mention)
    if injection_type is None:
        return []
    value = _item_result(mention.text, {"type": injection_type, "level": level})
    return [Found(value, mention.start, mention.end, negated=False, hypothetical=False)]


def _item_result(text: str, value: dict) -> dict:
    """A series item's result: its relief (none for "none", "nothing") and its time."""
    relief = _RELIEF_RE.search(text)
    if relief:
        value["relief_percent"] = relief_percent(relief)
    elif re.search(r"\b(?:none|nothing)\b", text, re.IGNORECASE):
        value["relief_percent"] = 0
    time = _BARE_TIME_RE.search(text)
    if time:
        value["duration_weeks"] = weeks_told(time.group("n"), time.group("unit")) or 0
    return value


_SERIES_DATE_RE = re.compile(r"(?<![\w/])(?:\d{1,2}/)?\d{1,2}/\d{2,4}\b")
_SERIES_ITEM_END_RE = re.compile(r"\s*(?:[;)]|\.(?:\s|$)|,\s*(?:then\s+)?(?:\d{1,2}/)?\d{1,2}/\d{2,4}\b)")
_ORDINAL_BEFORE_RE = re.compile(r"\b(?:repeat|second|third|fourth|2nd|3rd|4th)\s+(?:(?:one\s+)?"
                                r"(?:on|in)\s+)?$", re.IGNORECASE)


def _dated_result(mention: Mention) -> list[Found]:
    """"... ESIs (12/2020 about 50% for 3 weeks; 02/2021 'did nothing')": the result of a later
    injection of a series, told by its date after an earlier dated one, the injections named
    before both and no other treatment between (the first is read with the procedure)."""
    sentence = mention.sentence
    named = [(m.end(), -m.start(), meta["type"], m.group(0))  # the longest of those ending last
             for (_p, meta), r in zip(_TYPED, _INJECTION_RES, strict=True)
             for m in r.finditer(sentence[:mention.start])]
    if not named or _ORDINAL_BEFORE_RE.search(sentence[:mention.start]):
        return []
    named_end, _start, injection_type, procedure = max(named)
    between = sentence[named_end:mention.start]
    if not _SERIES_DATE_RE.search(between) or any(
            treatment != "injection" for _s, _e, treatment in treatment_mentions(between)):
        return []
    # the item runs to the end of its result ("07/2024: 30% for 10 days"), the next item or
    # the parenthesis' end
    item_end = _SERIES_ITEM_END_RE.search(sentence, mention.end)
    end = item_end.start() if item_end else len(sentence.rstrip())
    value = _item_result(sentence[mention.start:end], {"type": injection_type,
                                                       "level": level_of(procedure)})
    return [Found(value, mention.start, end, negated=False, hypothetical=False)]


def _denied_injection(mention: Mention) -> list[Found]:
    """"has not had any spinal injections": no injection, of the type its words name, else
    of the region the note is about."""
    injection_type = "epidural_steroid" if _SPINAL_RE.search(mention.text) else \
        _region_injection_type(mention)
    return [Found({"type": injection_type, "level": None}, mention.start, mention.end,
                  negated=True, hypothetical=False)]


#: The word itself, in a result that names no procedure ("the injection gave 3 days").
_INJECTION_WORD_RE = re.compile(r"\b(?:injections?|shots?)\b", re.IGNORECASE)
#: An injection named by the joint after the word ("injection into the right shoulder"), and
#: the injectate or a procedure's name just before it, which names the same injection.
_AFTER_WORD_JOINT_RE = re.compile(r"injections?\s", re.IGNORECASE)
_INJECTATE_BEFORE_RE = re.compile(
    rf"(?:{VISCOSUPPLEMENT_NAMES}|hyaluronic|"
    rf"viscosupplement\w*|cortisone|(?:cortico)?steroid|{STEROID_INJECTATE_NAMES}|"
    r"(?-i:PRP)|platelet[- ]rich\s+plasma|joint|subacromial|intra-?articular|knee|shoulder|hip)"
    r"[^.;]{0,30}$", re.IGNORECASE)


#: A vaccine, a vitamin or an intramuscular route named before a shot: no procedure ("the flu
#: shot", "a B12 injection", "IM shot in the ER").
_NOT_A_PROCEDURE_RE = re.compile(
    r"\b(?:flu|influenza|tetanus|t?dap|covid(?:-19)?|vaccin\w*|immuni[sz]\w*|booster|pneumo\w*|"
    r"shingles|hepatitis|allergy|b-?12|vitamin|insulin|testosterone|antibiotic|(?-i:IM)|"
    r"intra-?muscular)\b[^.;]{0,25}$", re.IGNORECASE)


def _shot_of_a_drug(lead: str) -> bool:
    """The words before a bare "shot" or "injection" name a drug, a vaccine or a route that
    makes it no procedure of the region ("the Toradol shot", "the flu shot"): a corticosteroid
    or a viscosupplement is the injectate of one ("the Kenalog shot"). Review 14, finding 6."""
    if _NOT_A_PROCEDURE_RE.search(lead):
        return True
    near = lead[-25:]
    return bool(_drugs_named(near)) and not _INJECTATE_BEFORE_RE.search(near)


def parse_injection(mention: Mention) -> list[Found]:
    injection_type = mention.meta["type"]
    sentence = mention.sentence
    if sentence.strip().isupper():
        return []  # a title line ("LUMBAR EPIDURAL STEROID INJECTION"), not a statement
    if injection_type == "radiofrequency" and rfa_means_request(sentence, mention.start,
                                                                mention.end):
        return []  # "the RFA describes ...", "UR received the RFA": the request form
    if injection_type == "denied":
        return _denied_injection(mention)
    if injection_type == "ordinal":
        return _ordinal_result(mention)
    if injection_type == "dated":
        return _dated_result(mention)
    if re.search(rf"(?:{VISCOSUPPLEMENT_NAMES}|{STEROID_INJECTATE_NAMES})\s*\(\s*$",
                 sentence[max(0, mention.start - 30):mention.start], re.IGNORECASE):
        return []  # "Synvisc (hylan G-F 20)": the generic name of the brand before it
    if _AFTER_WORD_JOINT_RE.match(mention.text) and _INJECTATE_BEFORE_RE.search(
            sentence[max(0, mention.start - 45):mention.start]):
        return []  # "three Synvisc (hylan G-F 20) injections to the left knee": read as the
        # injectate's procedure already
    level = level_of(mention.text)
    procedure = mention.text  # the words that name the procedure
    start, end = mention.start, mention.end
    clause_lo, clause_hi = clause_bounds(sentence, mention.start, mention.end,
                                         stops=r"[;]|\.\s|,\s+but\s")
    clause = sentence[clause_lo:clause_hi]
    if injection_type == "context":  # "the prior injections", "a second injection"
        if any(r.search(clause) for r in _INJECTION_RES):
            return []
        injection_type, level = _injection_type_before(mention)
        # "No prior injections" with none named before: of the region the note is about
        injection_type = injection_type or _region_injection_type(mention)
        after = sentence[mention.end:]
        after_at = mention.end
    elif injection_type is None:  # a relief statement: about the injection named before it
        # a criterion's words may sit on the line before ("Repeat ESI only if pain recurs
        # with\n>50% relief ..."), where the sentence splitter has cut
        lead = sentence[max(0, mention.start - 60):mention.end]
        if len(lead) < 60 + len(mention.text):
            lead = mention.preceding[-(60 - mention.start):] + lead
        criterion = bool(_CRITERION_RE.search(lead))
        if not criterion and _carried_by_a_procedure(sentence, mention.start):
            return []  # the injection in this sentence carries the relief
        if re.search(r"stimulator|\bTENS\b|H-wave|therapy|acupuncture|chiropractic|medication",
                     sentence[:mention.start], re.IGNORECASE) and not re.search(
                         r"inject|block|\b(?:TF|C|L)?ESIs?\b|epidural|ablation|\bRFA\b", sentence,
                         re.IGNORECASE):
            return []  # relief from another treatment
        # the last named before it; of two that end together ("epidural steroid injection"
        # holds "steroid injection"), the named procedure
        named = [(m.end(), meta["type"] not in ("joint", "other"), meta["type"], m.group(0))
                 for (_p, meta), r in zip(_TYPED, _INJECTION_RES, strict=True)
                 for m in r.finditer(sentence[:mention.start])]
        injection_type, level = _injection_type_before(mention)
        if named:
            injection_type, procedure = max(named)[2:]
        if injection_type is None:
            injection_type = mention.hints.get("injection")
        word = _INJECTION_WORD_RE.search(mention.text)
        if injection_type is None and word and not _shot_of_a_drug(
                sentence[max(0, mention.start - 40):mention.start + word.start()]):
            # "the injection helped a lot for about three weeks" in a note that names no
            # injection (it was given at an earlier visit): of the region the note is about
            injection_type = _region_injection_type(mention)
        if injection_type is None:
            return []
        after = sentence[mention.start:]
        after_at = mention.start
    else:
        after = sentence[mention.end:]
        after_at = mention.end
        # where the next injection is named: the first match of each expression is its
        # earliest (every match of each was found, issue 18)
        nxt = min((m.start() for r in _INJECTION_RES if (m := r.search(after))), default=None)
        after = after[:nxt] if nxt is not None else after
    # a nerve block keeps its type wherever a joint is named ("lumbar sympathetic blocks x2:
    # 60% x 1 week" in a knee's note), whether the mention names it or judges it
    if injection_type in ("joint", "other") and not _NAMED_BLOCK_RE.search(procedure):
        site = sentence[mention.start:mention.end + 40]
        if not (_JOINT_SITE_RE.search(site) or _SOFT_TISSUE_SITE_RE.search(site)):
            site = mention.preceding[-300:] + " " + sentence
        if _JOINT_SITE_RE.search(site):
            injection_type = "joint"
        elif _SOFT_TISSUE_SITE_RE.search(site):
            injection_type = "other"
    value: dict = {"type": injection_type, "level": level}
    if mention.meta.get("cut"):
        # the medication cut is the whole of the statement's result, when it tells one
        if mention.hypothetical or _PLANNED_CUT_RE.search(sentence):
            return []
        value["medication_reduced"] = True
        return [Found(value, start, end, negated=False, hypothetical=False)]
    relief = _RELIEF_RE.search(after)
    if relief and mention.meta["type"] is not None and _CRITERION_RE.search(
            after[:relief.end()]):
        relief = None  # "repeat only with at least 50% relief": a criterion, its own fact
    response: tuple[int, int] | None = None  # where the stated result lies, if apart
    if relief and not (relief.group("lo") or relief.group("pre")) and (
            relief.start() > _RELIEF_WORDS_NEAR or mention.meta["type"] is None):
        relief = None  # "no relief" far from the procedure may judge something else
    if relief and relief.group("pre") and pre_post_relief(
            relief, procedure, after[relief.end():], injection_type) is None:
        if mention.meta["type"] is None:
            return []  # the scores were the whole of the statement: no result told
        relief = None  # an epidural's recovery-room score: no relief told
    if relief:
        value["relief_percent"] = relief_percent(relief)
        if mention.meta["type"] is not None:
            response = (mention.end + relief.start(), mention.end + relief.end())
    elif mention.meta["type"] is not None:
        # "60% improvement in her low back pain since the RFA": the result stated first
        before = _RELIEF_RE.search(sentence[clause_lo:mention.start])
        if before and (before.group("lo") or (
                before.group("pre") and pre_post_relief(
                    before, procedure, sentence[clause_lo + before.end():mention.start],
                    injection_type) is not None)) \
                and not _CRITERION_RE.search(sentence[clause_lo:mention.start]):
            value["relief_percent"] = relief_percent(before)
            start = clause_lo + before.start()
    duration = _DURATION_RE.search(after)
    if duration and relief:
        value["duration_weeks"] = weeks_told(duration.group("n"), duration.group("unit")) or 0
        if response is not None and duration.start() < relief.end() + 40:
            response = (response[0], max(response[1], mention.end + duration.end()))
    helped_for = (_HELPED_FOR_RE.search(after) or _RELIEF_TIME_RE.search(after)
                  or _TIME_OF_RELIEF_RE.search(after) or result_span(after)
                  if mention.meta["type"] is not None else None)
    if not relief and helped_for and helped_for.start() < 60 and not _CRITERION_RE.search(
            after[:helped_for.end()]):
        weeks = result_span_weeks(helped_for) if "span_n" in helped_for.re.groupindex else (
            weeks_told(helped_for.group("n"), helped_for.group("unit")))
        if weeks:  # "a few days of relief" states no number
            value["duration_weeks"] = weeks
        response = (mention.end + helped_for.start(), mention.end + helped_for.end())
    elif mention.meta.get("span") and "duration_weeks" not in value:
        # "the injection gave 3 days": the span the statement tells
        weeks = result_span_weeks(_RESULT_SPAN_RE.search(mention.text))
        if weeks:
            value["duration_weeks"] = weeks
    if "duration_weeks" not in value and value.get("relief_percent"):
        # "RFA 05/2021: ~70% relief through 12/2021": the relief lasted from the procedure's
        # date to the date it lasted until
        weeks = relief_span_weeks(sentence, after_at, after)
        if weeks:
            value["duration_weeks"] = weeks
    if re.search(r"(?:reduc|decreas|cut)\w*\s+(?:\w+\s+){0,3}(?:medication|norco|opioid|"
                 r"pain\s+pill)|less\s+medication", after, re.IGNORECASE):
        value["medication_reduced"] = True
    if re.search(r"improved\s+(?:function|walking|sitting|standing|ability)|able\s+to|"
                 r"functional\s+(?:gain|improvement)", after, re.IGNORECASE):
        value["functional_gain"] = True
    hypothetical = None
    if mention.meta["type"] is None:
        if re.search(_CONDITIONAL_THRESHOLD + r"(?:\s+(?:pain\s+)?relief)?\W*$",
                     sentence[:mention.end], re.IGNORECASE):
            return []  # "then RFA if ≥80% relief": the plan's threshold, read with its procedure
        # "repeat only with at least 50% relief": a criterion quoted, not a result
        hypothetical = bool(_CRITERION_RE.search(sentence)) or mention.hypothetical
    elif re.search(r"\b(?:would|will|(?<!\bin\s)(?<!\bof\s)(?<!since\s)may(?!\s+\d)|might|"
                   r"consider\w*|if|plan\w*|candidate)\b", clause,
                   re.IGNORECASE) and not re.search(r"\btoday\b|\bperformed\b|\bwas\s+given",
                                                    sentence[mention.end:mention.end + 30],
                                                    re.IGNORECASE):
        hypothetical = True  # "a repeat ESI would be reasonable", "repeat RFA may be considered"
    elif _proposed_procedure(sentence, start, end):
        # as for surgery: "Refer to pain management to discuss right L4-5 TFESI", "possible
        # trigger point injections", "Subacromial injection offered; he prefers to wait"
        hypothetical = True
    # a procedure is negated by a cue right before it ("no repeat injection"), not by a
    # "no" elsewhere in a long sentence
    # a relief percentage is a value: "did not reach 80% relief" is not a negated injection
    negated = False if mention.meta["type"] is None else local_negation(sentence, start, end)
    if negated and _DENIED_REQUEST_AFTER_RE.match(sentence, end) and (
            _REQUESTED_BEFORE_RE.search(sentence[max(0, start - 100):start])
            or _proposed_procedure(sentence, start, end)):
        # "I've requested a series of three Supartz injections, which was denied in UR": the
        # review's denial leaves the request a request (hypothetical), not an injection refused
        negated, hypothetical = False, True
    declined = _DECLINED_AFTER_RE.match(sentence, end)
    if mention.meta["type"] is not None and declined and not any(
            r.search(sentence, end, declined.end()) for r in _INJECTION_RES):
        negated = True  # "A TPI was offered today but he declined": not given
    if negated:
        hypothetical = False  # "I would not give a third injection" declines; it plans nothing
    if re.match(r"\s*(?:request(?:ed)?(?:\s+treatment)?|(?-i:RFA))\s*:", sentence):
        hypothetical = True  # "Request: trigger point injections, 4 muscles"
    if mention.text.isupper() and sentence[mention.end:mention.end + 2].lstrip().startswith(":"):
        return []  # a label ("TRIGGER POINT INJECTIONS:") heading what follows
    if relief and not relief.group("lo") and (negated or hypothetical):
        value.pop("relief_percent")  # "if no relief, ...": a plan's words, not a result
        response = None
    earlier = _earlier_ones(sentence, mention.end, value) if mention.meta["type"] else []
    if earlier:
        # "Second R SA injection (first 03/2018)": the injection named is this one, the one
        # dated in its parenthesis was done before
        found = Found(value, start, end, negated=negated, hypothetical=hypothetical)
        return [found, *earlier] if response is None else [*earlier, found]
    # an assessment of the condition's course that names the injection it followed ("S1
    # radiculopathy, improved after ESI", "good response to TPI"): the injection is the one
    # the history reports; only a result the line states is read
    judged = mention.meta["type"] is not None and mention.section in (
        "diagnoses", "impression") and not negated and not hypothetical and bool(
            _COURSE_AFTER_BEFORE_RE.search(sentence[:mention.start]))
    if judged and response is None:
        return []
    if response is not None and not negated and not hypothetical:
        # "a cortisone injection on 03/15 gave him about 80% relief for 2 months": the
        # procedure and its result are two facts, the result linked to the procedure
        procedure = {"type": value["type"], "level": value["level"]}
        return [*([] if judged else [Found(procedure, start, end, negated=False,
                                           hypothetical=hypothetical)]),
                Found(value, *response, negated=False, hypothetical=hypothetical),
                *_gains_with_the_relief(sentence, response[1], procedure)]
    if response is not None:
        end = response[1]
    gains = _gains_with_the_relief(sentence, end, {"type": value["type"], "level": value[
        "level"]}) if mention.meta["type"] is None and relief and not hypothetical else []
    return [Found(value, start, end, negated=negated, hypothetical=hypothetical), *gains]


#: What an injection's relief let the worker do, told in a clause of its own after the relief:
#: a medication cut ("and she dropped her tramadol to one a day") or an activity regained
#: ("and was able to mow the lawn") -- the repeat-injection criteria's other two results.
_MEDICATION_CUT_RE = re.compile(
    r"\b(?:cut|reduced|decreased|lowered|dropped|stopped|weaned|tapered)\s+(?:(?:his|her|their|"
    r"the|off)\s+)?(?:[\w/-]+\s+){0,2}?(?:from|to|by|down|off|in\s+half|\d)\b[^.;,]*",
    re.IGNORECASE)
_ABLE_TO_RE = re.compile(r"\b(?:was|were)\s+able\s+to\s+(?!tolerate\s+the\s+procedure)[^.;]+",
                         re.IGNORECASE)


#: An injection offered and turned down, in its sentence: "... was offered today but he
#: declined", "... recommended; she refuses".
_DECLINED_AFTER_RE = re.compile(r"[^.;]{0,80}?\b(?:but\s+|and\s+|;\s*)?(?:he|she|they|the\s+patient|"
                                r"patient|pt)\s+(?:declined|declines|refused|refuses)(?=\s*(?:[.;,)]|$)|"
                                r"\s+(?:it|them|this|that|the\s+(?:injections?|procedure|shots?))\b)",
                                re.IGNORECASE)
#: A request's denial by the reviewer right after the procedure ("..., which was denied in UR",
#: "- denied by UR").
_DENIED_REQUEST_AFTER_RE = re.compile(r"[^.;]{0,40}?\b(?:was|were|has\s+been|is)?\s*(?:denied|"
                                      r"non-?certified)\b(?!\s+by\s+(?:the\s+)?(?:patient|pt|"
                                      r"worker|him|her)\b)", re.IGNORECASE)
_REQUESTED_BEFORE_RE = re.compile(r"\b(?:request\w*|req)\b[^.;:]{0,50}$", re.IGNORECASE)
#: The words of a condition's course before the injection it followed: "improved after",
#: "responding well to the", "partial response to", "improving post".
_COURSE_AFTER_BEFORE_RE = re.compile(
    r"\b(?:respon\w+|improv\w+|better|worse\w*|recurr\w+|relaps\w+|resolv\w+|persist\w*|"
    r"radiculopathy|pain|syndrome)\s+(?:[\w,-]+\s+){0,3}?(?:to|after|post|following|since)\s+"
    r"(?:(?:the|a|an|his|her|their|prior|last|recent|previous|first|second)\s+)*$",
    re.IGNORECASE)


def _gains_with_the_relief(sentence: str, after: int, procedure: dict) -> list[Found]:
    """The medication cut and the activity regained stated after an injection's relief in
    its sentence, each its own result of that injection."""
    found = []
    for pattern, key in ((_MEDICATION_CUT_RE, "medication_reduced"), (_ABLE_TO_RE,
                                                                      "functional_gain")):
        match = pattern.search(sentence, after)
        if match and found and found[0].start < match.end() and match.start() < found[0].end:
            continue  # "was able to cut his Norco": the medication cut
        if match and not any(r.search(sentence, after, match.start()) for r in _INJECTION_RES):
            end = match.start() + len(match.group(0).rstrip(" ,"))
            found.append(Found({**procedure, key: True}, match.start(), end, negated=False,
                               hypothetical=False))
    return found


@cache
def _injection_checks() -> list[Callable[[str], re.Match[str] | None] | None]:
    """The literal prefilter of each typed injection expression (`prefilter`): a note's
    first 3,000 characters took ~1 ms an expression to scan (issue 18)."""
    from openimr.records.prefilter import literal_search

    return [literal_search(pattern) for pattern, _meta in _TYPED]


def dominant_injection(text: str) -> str | None:
    """The injection a note is mostly about, for relief statements that do not name it: a
    named procedure (epidural, block, ablation) before a generic "steroid injection"."""
    counts: dict[str, int] = {}
    low = text.lower()
    for (_pattern, meta), compiled, check in zip(_TYPED, _INJECTION_RES, _injection_checks(),
                                                 strict=True):
        if check is not None and check(low) is None:
            continue  # none of the words every match holds: no match (and no slow scan)
        found = len(compiled.findall(text))
        if found:
            counts[meta["type"]] = counts.get(meta["type"], 0) + found
    named = {k: v for k, v in counts.items() if k not in ("joint", "other")}
    pool = named or counts
    return max(pool, key=lambda k: pool[k]) if pool else None


# -- surgery
_PROCEDURE = (r"microdiscectomy|discectomy|laminectomy|laminotomy|hemilaminectomy|foraminotomy|"
              r"(?-i:TLIF|PLIF|ALIF|XLIF)|"
              r"fusion|arthrodesis|(?-i:ACDF)|men(?:i|is)cectomy|chondroplasty|arthroscopy|"
              r"rotator\s+cuff\s+repair|subacromial\s+decompression|decompression|"
              r"carpal\s+tunnel\s+release|cubital\s+tunnel\s+release|trigger\s+finger\s+release|"
              r"(?:knee|hip|shoulder)\s+(?:replacements?|arthroplasty)|arthroplasty|"
              r"(?-i:ORIF)|open\s+reduction\s+(?:and\s+)?internal\s+fixation|"
              r"(?:ACL|anterior\s+cruciate\s+ligament)\s+reconstruction|acromioplasty|"
              r"labral\s+repair|debridement|hardware\s+removal|(?:cephalomedullary|intramedullary)\s+"
              r"nail(?:\s+fixation)?|revision(?=\s+(?:in|on)\s+\d)|"
              # the abbreviations and procedures of post-op, home-health and QME notes
              # ("POD #14 s/p right RCR", "6 wk s/p R CTR", "s/p R TKA", "s/p L BKA")
              r"(?-i:RCR|[OE]?CTR|TKAs?|THAs?|UKA|r?TSA|BKA)|(?:inguinal\s+|umbilical\s+|"
              r"incisional\s+)?hernia\s+repair|hemiarthroplasty|craniotomy|amputation|"
              r"tenodesis|(?:meniscus|meniscal|tendon|nerve|(?-i:FDP|FDS)(?:/(?-i:FDS))?)\s+"
              r"repair|(?:A1\s+)?pulley\s+release|(?:kypho|vertebro)plasty|skin\s+graft|"
              r"(?:ulnar\s+nerve\s+)?transposition|removal\s+of\s+hardware|"
              # "s/p L knee APM", "arthroscopic SAD", "MUA", "I&D", "knee scope"
              r"(?-i:APM|MUA|I&D)\b|(?<=arthroscopic\s)(?-i:SAD)|manipulation\s+under\s+"
              r"anesthesia|incision\s+and\s+drainage|(?:knee|shoulder|hip)\s+scope|"
              # spine, tendon and capsule operations the list lacked ("C3-C6 laminoplasty",
              # "tenolysis", "gastrocnemius recession", "SLAP repair", "capsular release",
              # "R ACL recon, BTB"); a closed reduction is no operation to the annotators
              r"laminoplasty|tenolysis|(?:gastrocnemius|gastroc)\s+recession|"
              r"(?-i:SLAP)\s+repair|capsular\s+release|(?-i:ACL)\s+recon(?:struction)?\b")
_SURGERY_TABLE = [
    (rf"\b(?:(?:left|right|bilateral|(?-i:[LR]))\s+)?(?:(?:shoulder|knee|wrist|hip|elbow|lumbar|"
     rf"cervical|(?-i:{_LEVEL}))\s+)*(?:(?:arthroscopic|open|endoscopic|partial|total|"
     rf"posterior|anterior|revision|minimally\s+invasive|medial|lateral|interbody|transforaminal|"
     rf"instrumented)\s+)*(?:{_PROCEDURE})(?:\s+(?:with|and|plus)\s+(?:[\w-]+\s+){{0,4}}?"
     rf"(?:{_PROCEDURE}|repair|release))*(?:\s+of\s+the\s+[\w\s]{{0,25}}?(?=[,.;]|\s+on\b|"
     rf"\s+in\b|$))?(?:,?\s+(?:on|in|dated)?\s*(?:\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{1,2}}/\d{{4}}|"
     rf"(?:19|20)\d\d))?", {}),
    (r"\b(?:(?:prior|previous|back|spine|spinal|neck|lumbar|cervical|knee|shoulder|wrist|"
     r"hand|hip)\s+)+(?:surgery|surgeries|operations?)(?!\s+syndrome)|(?:treated|managed)\s+"
     r"surgically|surgical\s+(?:repair|intervention|treatment|candidate)|(?:spinal\s+cord\s+"
     r"stimulator\s+|permanent\s+)(?:implant|implantation)", {}),
    # surgery named only to rule it out: "Surgery is not indicated", "I do not recommend
    # surgery", "no further surgery recommended", "patient declined surgery", "No surgical
    # options per spine surgeon" (negated, whatever ConText makes of the cue's place)
    (r"\b(?:surgery|surgical\s+intervention)\s+(?:is|was|would\s+be)\s+not\s+(?:indicated|"
     r"recommended|needed|necessary|warranted)|\b(?:do|does|did)\s+not\s+recommend\s+"
     r"(?:any\s+)?surgery|\bno\s+(?:further\s+|additional\s+)?(?:surgery|surgical\s+"
     r"(?:options?|intervention|lesion))(?=\s+(?:is\s+|was\s+)?(?:recommended|indicated|"
     r"needed|planned|offered|per\b))|\b(?:declined|refused|declines|refuses)\s+(?:further\s+)?"
     r"surgery|\bno\s+surgical\s+options?", {"ruled_out": True}),
]
_SURGERY_CATEGORIES = [
    # a ligament reconstruction defines the operation it is part of ("ACL reconstruction,
    # partial meniscectomy": the reconstruction's schedule of therapy)
    (r"(?-i:ACL)\s+(?:reconstruction|recon\b|repair)|anterior\s+cruciate\s+(?:ligament\s+)?"
     r"(?:reconstruction|repair)", "acl_reconstruction"),
    (r"men(?:i|is)cectomy", "knee_meniscectomy"),
    (r"rotator\s+cuff\s+repair", "rotator_cuff_repair"),
    (r"(?-i:ACDF)|cervical.*fusion|fusion.*\bC\d", "cervical_fusion"),
    (r"fusion|arthrodesis", "lumbar_fusion"),
    (r"discectomy|laminotomy|laminectomy|foraminotomy", "lumbar_discectomy"),
    (r"carpal\s+tunnel\s+release", "carpal_tunnel_release"),
    (r"subacromial\s+decompression|acromioplasty", "shoulder_decompression"),
    (r"knee\s+(?:replacement|arthroplasty)|total\s+knee|(?-i:TKA|UKA)", "knee_arthroplasty"),
    (r"(?-i:RCR)", "rotator_cuff_repair"),
    (r"(?-i:[OE]?CTR)", "carpal_tunnel_release"),
]
_NOT_SURGERY = re.compile(r"orthopa?edic\s+(?:spine\s+)?surgery|spine\s+surgery\s+(?:consult|"
                          r"clinic|department|associates|center)|surgeon(?!\s*:)|surgical\s+consult|"
                          # the specialty: "refer to hand surgery", "Dr. Lowell (hand surgery)"
                          r"(?:\bto|\(|\bby|\brefer|\b(?:MD|DO),)\s*(?:hand|spine|orthop\w*|general|"
                          r"plastic|neuro|foot\s+and\s+ankle)\s+surgery|"
                          # the service consulted: "Spine surgery (Dr. Kessler) consulted"
                          r"(?:hand|spine|orthop\w*|general|plastic|neuro)\s*surgery\s*(?:\(\s*Dr|"
                          r"consulted|was\s+consulted)|"
                          r"surgery\s+syndrome|department\s+of|(?:medicine|sports)\s*&\s*"
                          r"arthroplasty|surgery\s+(?:eval|evaluation|consult|referral)|"
                          # "CTR" as a center's name in a letterhead or a fax line ("BAYSIDE
                          # MEDICAL CTR", "HARBOR HAND CTR FAX 562-...")
                          r"(?-i:(?!(?:LEFT|RIGHT|BILAT\w*|OPEN|ENDOSCOPIC|WITH|AND|PLUS|POST|"
                          r"STATUS|PRIOR|AFTER|REPEAT|REVISION|WRIST|HAND)\b)[A-Z]{3,}\s+CTR)\b|"
                          r"(?-i:CTR)\s+(?:fax|ph(?:one)?|tel|\(\d{3}\)|\d{3}[-.]\d{3})",
                          re.IGNORECASE)
_IMAGING_SENTENCE_RE = re.compile(r"\b(?:CT|MRI|x-?rays?|radiographs?|films?)\b", re.IGNORECASE)
_SURGERY_VERB_RE = re.compile(r"underwent|status\s+post|s/p|\bhad\b|history\s+of|prior|"
                              r"previous|performed|underwent|surgery|candidate", re.IGNORECASE)


#: (its side and part may come between: "ORIF R ankle (12/08/20)")
_DATE_AFTER_RE = re.compile(r"^(?:\s+(?:right|left|bilateral|[LR]|knee|shoulder|hip|wrist|elbow|"
                            r"ankle|hand|foot|spine))*\s*(?:\(|,\s*|on\s+|dated\s+)[\d/-]{6,10}")


#: A procedure named only to date or name something else: "post-laminectomy syndrome",
#: "post-laminectomy (post-fusion) syndrome", "24 PT visits after the TKA".
_BACK_REFERENCE_BEFORE_RE = re.compile(r"(?:(?<!status\s)(?<!status-)\bpost-|\bafter\s+(?:(?:the|his|"
                                       r"her|their)\s+)?)$", re.IGNORECASE)
#: A date right after an operation named ("L4-S1 fusion (2018)", "fusion 03/28/2024").
_DATED_AFTER_RE = re.compile(r"\s*(?:\(\s*|,\s*|on\s+|in\s+)?(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/\d{4}|"
                             r"(?:19|20)\d\d)\b")
_SYNDROME_AFTER_RE = re.compile(r"\s*(?:/[\w-]+|\(\s*post-?[\w-]+\s*\))?\s*\)?\s*syndrome",
                                re.IGNORECASE)
#: A procedure listed after another of the same operation ("rotator cuff repair (double
#: row), subacromial decompression", "ACL reconstruction and partial lateral
#: meniscectomy", "hemilaminectomy/discectomy"): one surgery, read once, from its first name,
#: the later names kept as its parts (`_later_parts`: the schedule of therapy after it goes by
#: the procedure that defines the operation, often not the first named).
#: A date between the two makes them two operations. The list may be cut by semicolons and
#: the later name may carry its structure first ("arthroscopy; rotator cuff repair;
#: biceps tenodesis", "RCR / biceps tenodesis", "laminectomy, bilateral foraminotomies,
#: transforaminal lumbar interbody fusion"), unless a word of time makes it another operation.
_LISTED_AFTER_RE = re.compile(rf"(?:{_PROCEDURE}|\w+(?:ectom|otom)ies)(?:\s*\([^()]{{0,60}}\))?"
                              r"(?:\s+[A-Za-z-]+){0,3}?\s*(?:,|;|/|\band\b|\bwith\b|\+)\s*"
                              r"(?:and\s+)?(?:(?!(?:then|later|prior|previous|subsequent\w*|"
                              r"revision|second|another|repeat|a|an|the)\b)[A-Za-z-]+\s+){0,2}$",
                              re.IGNORECASE)
#: A later name with a condition of its own is a separate proposal, not a part of the
#: operation: "a decompression, with anterior transposition only if the nerve is unstable".
_OWN_CONDITION_AFTER_RE = re.compile(r"\s*(?:only\s+)?(?:if|unless|should)\b", re.IGNORECASE)
#: The table's named procedures, to find the later names of one operation in its sentence.
_NAMED_PROCEDURE_RE = re.compile(_SURGERY_TABLE[0][0], re.IGNORECASE)


def _listed_after(sentence: str, start: int, end: int) -> bool:
    """Whether the procedure named at `start:end` continues the list of an operation named
    before it in `sentence`, so is one of its parts rather than an operation of its own."""
    listed = _LISTED_AFTER_RE.search(sentence[max(0, start - 100):start])
    return bool(listed) and not re.search(r"\d/\d|\b(?:19|20)\d\d\b", listed.group(0)) \
        and not _OWN_CONDITION_AFTER_RE.match(sentence, end)


def _later_parts(sentence: str, end: int) -> tuple[list[str], int]:
    """The procedures listed after the one that ends at `end` as parts of the same operation
    ("arthroscopy, double-row rotator cuff repair (...), subacromial decompression"), and
    where the last of them ends."""
    parts: list[str] = []
    for match in _NAMED_PROCEDURE_RE.finditer(sentence, end):
        if not _listed_after(sentence, match.start(), match.end()):
            break
        parts.append(" ".join(match.group(0).split()))
        end = match.end()
    return parts, end


def _procedure_name(text: str) -> str:
    """A named procedure without its date, lower-cased unless an abbreviation leads it."""
    name = re.sub(r",?\s+(?:on|in|dated)?\s*(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/\d{4}|"
                  r"(?:19|20)\d\d)$", "", text)
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


#: Words that make a named procedure one proposed, not done: "Req R knee arthroscopy",
#: "consult for RCR", "awaiting decision on TKA", "considering ... vs arthroscopic SAD",
#: "MUA scheduled", "TKA discussed".
_PROPOSED_BEFORE_RE = re.compile(
    r"\b(?:req|request\w*|consult\w*\s+for|evaluation\s+(?:of|for)|re-?eval\w*\s+for|"
    r"ref(?:er|erral)?\s+for|awaiting|consider\w*|possible|future|candidate\s+for|"
    r"recommend\w*|see\s+[^.;]{0,30}?\babout|vs\.?|"
    # "Ortho referral to discuss arthroscopic SAD", "Refer orthopedics for arthroscopic
    # partial meniscectomy", "probable irrigation and debridement", "UR denial of right
    # shoulder arthroscopy", "she would like surgery: ..."
    r"discuss\w*|refer\w*\s+[^.;:]{0,30}?\bfor|probable|would\s+like|"
    r"(?-i:UR)\s+(?:denial|denied|certifi\w+|non-?certifi\w+|modifi\w+|approv\w+)(?:\s+of)?)"
    r"\b[^.;:]{0,40}$|"
    # a heading that names what is to come: "Plan: L L5-S1 microdiscectomy", "Scheduled
    # procedure: 04/13/2021 L4-5 laminectomy", "Options discussed: ..."
    r"\b(?:plan|scheduled(?:\s+procedure)?(?:\s+[\d/]{6,10})?|options?(?:\s+discussed)?|"
    r"would\s+like\s+surgery)\s*:\s*(?:(?!s/p|status\s+post|post-?op)[^.;:]){0,40}$",
    re.IGNORECASE)
# ("MUA right knee scheduled 04/24": the side and part may come between)
_PROPOSED_AFTER_RE = re.compile(r"(?:\s+(?:right|left|bilateral|[LR]|knee|shoulder|hip|wrist|"
                                r"elbow|ankle|hand|foot))*"
                                r"\s*(?:-\s*|is\s+|was\s+)?(?:discussed|scheduled|planned|"
                                r"recommended|requested|proposed|offered|pending|possible|"
                                r"discussion|consult(?:ation)?|"
                                # "arthroscopic biceps tenodesis could be considered",
                                # "TFCC debridement if symptoms worsen"
                                r"(?:could|would|may|might)\s+(?:also\s+)?be\s+(?:considered|"
                                r"reasonable|indicated|appropriate|an\s+option|needed)|"
                                r"(?:only\s+)?if)\b",
                                re.IGNORECASE)
_REFUSED_AFTER_RE = re.compile(r"\s*(?:-\s*|was\s+|is\s+)?(?:deferred|declined|denied|no\s+longer\s+"
                               r"(?:needed|planned|indicated|recommended))\b", re.IGNORECASE)


#: The cues that propose an injection: fewer than a surgery's, since an injection is often
#: told as recommended, requested or planned and then done in the same note.
_PROPOSED_INJECTION_BEFORE_RE = re.compile(
    r"\b(?:discuss\w*|refer\w*\s+(?:[^.;:]|\b(?:Dr|Drs|Mr|Ms|Mrs)\.){0,40}?\bfor|consult\w*\s+for|"
    r"possible|consideration\s+of|"
    r"candidate\s+for|would\s+like)\b[^.;:]{0,40}$", re.IGNORECASE)
_PROPOSED_INJECTION_AFTER_RE = re.compile(
    r"\s*(?:-\s*|is\s+|was\s+)?(?:offered|possible|(?:could|would|may|might)\s+(?:also\s+)?be\s+"
    r"(?:considered|reasonable|indicated|appropriate|an\s+option))\b", re.IGNORECASE)


def _proposed_procedure(sentence: str, start: int, end: int) -> bool:
    """Whether the words around an injection named at `start:end` propose it rather than
    report it done."""
    return bool(_PROPOSED_INJECTION_BEFORE_RE.search(sentence[max(0, start - 100):start])
                or _PROPOSED_INJECTION_AFTER_RE.match(sentence, end))


def parse_surgery(mention: Mention) -> list[Found]:
    if mention.sentence.strip().isupper():
        return []  # a heading ("ORTHOPEDIC SPINE SURGERY")
    if mention.text.isupper() and re.search(r"SURGER|OPERATION", mention.text):
        return []  # "HAND SURGERY POST-OPERATIVE VISIT": a clinic or report named
    sentence = mention.sentence
    before = sentence[max(0, mention.start - 100):mention.start]
    if _BACK_REFERENCE_BEFORE_RE.search(before) and not (
            parse_date(mention.text) or _DATED_AFTER_RE.match(sentence, mention.end)) or \
            _SYNDROME_AFTER_RE.match(sentence, mention.end):
        return []  # "pain after the surgery", "post-fusion"; but "after L4-5 fusion (2020)" is
        # the operation's history, dated
    if not mention.meta.get("ruled_out") and _listed_after(sentence, mention.start, mention.end):
        return []  # a part of the operation named before it, read with that name
    text = " ".join(mention.text.split())
    if not mention.meta.get("ruled_out") and _NOT_SURGERY.search(
            mention.sentence[max(0, mention.start - 15):mention.end + 15]):
        return []
    if _IMAGING_SENTENCE_RE.search(mention.sentence) and not _SURGERY_VERB_RE.search(
            mention.sentence):
        return []  # "solid posterolateral fusion" read on a CT is an imaging finding
    parts, end = ([], mention.end) if mention.meta.get("ruled_out") else _later_parts(
        sentence, mention.end)
    date = next(filter(None, map(parse_date, [text, *parts])), None)
    if date is None:  # "L4-5 TLIF (01/27/2023)", "TLIF on 01/27/2023", after the last part
        right_after = _DATE_AFTER_RE.match(sentence[end:end + 45])
        date = parse_date(right_after.group(0)) if right_after else None
    value: dict = {"procedure": _procedure_name(text), "category": None,
                   "date": date.isoformat() if date else None}
    if parts:
        value["parts"] = [_procedure_name(part) for part in parts]
    for pattern, category in _SURGERY_CATEGORIES:  # in the order that names the operation
        if re.search(pattern, " ".join([text, *parts]), re.IGNORECASE):
            value["category"] = category
            break
    if mention.meta.get("ruled_out") and re.search(
            r"\b(?:prior|previous|back|spine|spinal|neck|lumbar|cervical|knee|shoulder|wrist|"
            r"hand|hip)\s+$", before, re.IGNORECASE):
        return []  # "Cervical surgery is not indicated": read as the surgery it names
    if _REFUSED_AFTER_RE.match(sentence, mention.end) or mention.meta.get("ruled_out"):
        return [Found(value, mention.start, mention.end, negated=True, hypothetical=False)]
    proposed = bool(_PROPOSED_BEFORE_RE.search(before) or _PROPOSED_AFTER_RE.match(
        sentence, mention.end)) and not (mention.negated or re.match(
            r"\s*(?:is|was|are|were)\s+not\b", sentence[mention.end:]))
    # ("Plan: arthroscopic meniscectomy is not recommended" declines it; it plans nothing)
    return [Found(value, mention.start, mention.end, hypothetical=True if proposed else None)]


# -- work status
#: Who gives the worker other work: the employer, or the workplace named for it
_EMPLOYER = (r"(?:employer|company|store|hotel|vineyard|district|plant|warehouse|shop|"
             r"supervisor|manager|facility|restaurant|school|agency|grower|ranch)")
_WORK_TABLE = [
    (r"(?:considered\s+)?temporar(?:il)?y\s+totally\s+disabled(?:\s+(?:for|through|until)\s+"
     r"[\w/ ]{1,15})?|temporary\s+total\s+disability|totally\s+temporarily\s+disabled|"
     r"(?-i:TTD)(?:\s+(?:through|until|for)\s+[\w/ ]{1,12})?", {"status":
                                                            "temporarily_totally_disabled"}),
    (r"return\s+to\s+(?:work\s+in\s+)?a\s+(?:modified|non-\w+|different|alternative|light|"
     r"sedentary)[\w\s-]{0,25}?(?:role|position|job)", {"status": "modified_duty"}),
    # "working full-time as a coder with these accommodations": the duty is the restricted one
    (r"(?:working|works)\s+(?:[\w-]+\s+){0,6}?(?:with|within|under)\s+(?:these|this|those|the|"
     r"(?:his|her)\s+(?:current\s+)?)\s*(?:permanent\s+)?(?:restrictions?|accommodations?|"
     r"limitations?)|(?:is|are)\s+working\s+(?:these|those|within)\s+restrictions",
     {"status": "modified_duty"}),
    # OCR writes "m" as "rn" ("rnodified duty"); "Mod duty" is the usual abbreviation
    (r"(?:return(?:ed)?\s+to\s+|working\s+|released\s+to\s+|remains?\s+on\s+|continue\s+)?"
     r"(?:(?:(?:m|rn)odified|mod\.?|light|restricted|limited|transitional|alternate|alternative)\s+"
    r"(?:duty|work)(?!\s*-?\s*day)|(?:desk|seated|sedentary)\s+duty)(?:\s+on\s+[\d/]+)?(?:\s+with\s+"
     r"(?:no\s+)?[\w\s]{0,30}?(?=[,.;]|$))?|temporar(?:il)?y\s+partially\s+disabled(?:\s+but\s+"
     r"[\w\s]{0,30}?modified\s+work)?|(?-i:TPD)|no\s+lifting\s+(?:over|greater\s+than|more\s+"
     r"than|>)\s+\d+\s+(?:pounds|lbs?)(?:,\s+no\s+[\w\s]{0,25}?(?=[,.;]|$))?|"
     # "works modified (milk testing lab) full time": the duty named without "duty"
     r"(?:works|working)\s+(?:modified|light|restricted)\b|"
     # a work-status box or line that names the duty by its restrictions: "[X] Modified:
     # no lifting > 25 lb", "modified - L hand only", "modified per AME", "RTW modified 12/12"
     r"(?:\[\s*[xX]\s*\]\s*|(?-i:RTW)\s+)?(?:m|rn)odified(?=\s*(?:-|–|:)\s*(?:no\b|not\b|"
     r"seated|sedentary|sitting|desk|light|limited|restricted|same|[LR]\b|left|right|one|"
     r"\d)|\s+per\s+(?:the\s+)?(?:[A-Z]|(?-i:PTP|PCP|QME|AME|Dr)))|(?-i:RTW)\s+modified|"
     # the duty after a work label ("Work: modified, no lifting > 10 lb", "Trabajo:
     # modificado - ..."), or said as a basis ("back to working, on a modified basis")
     r"\b(?:work|trabajo)(?:\s+status)?(?:\s+per\s+[\w.]+)?\s*:\s*(?:(?:m|rn)odifi(?:ed|cado)|"
     r"restricted|light)\b|(?:on\s+a\s+)?(?:modified|restricted|part-time)\s+basis|"
     # the employer placing the worker in other work: "the hotel has her on towel folding",
     # "has placed her in a packing position", "was reassigned to dispatch"
     rf"\b{_EMPLOYER}\s+(?:has\s+(?:him|her)\s+(?:on|doing|working|in)\b[^.;]{{0,40}}|"
     r"(?:has\s+)?placed\s+(?:him|her)\s+in\b[^.;]{0,40})|"
     r"\b(?:was|been|is)\s+reassigned\s+to\s+[^.;,]{1,30}|"
     # restrictions called permanent without a status word: "Permanent: no overhead work",
     # "Work restrictions (permanent): ...", "Permanent restriction: no forceful gripping"
     r"\brestrictions?\s*\(\s*permanent\s*\)|(?<![\w&]\s)\bpermanent\s*(?:-|–|:)\s*no\b|"
     # hours of work cut: "Working 20 h/week as cashier", "works part time"
     r"\b(?:working|works)\s+(?:\d{1,2}\s*(?:h|hrs?|hours)\s*(?:/|a|per)\s*(?:week|wk|day)|"
     r"part[- ]time)\b",
     {"status": "modified_duty"}),
    # the employer keeping to restrictions: "Employer accommodating on the packaging line",
    # "he reports his employer is providing this" (a status only where none is stated next
    # to it: "Modified duty: no ladders. Employer accommodating." is one status)
    (rf"\b{_EMPLOYER}\s+(?:is\s+|has\s+been\s+|confirmed\s+)?(?:accommodating|accommodates|"
     r"is\s+providing\s+(?:this|these|that|the\s+\w+))(?:\s+(?:on|at|in)\s+[^.;,]{1,30})?",
     {"status": "modified_duty", "accommodation": True}),
    # back at work for part of the day: "RTW 4 hr/day housekeeping", "returned to work part
    # time", "back to work half days" (reduced hours are a restriction of the duty)
    # (not "working 4 hours a day", often the hours before: "after working 4 hours a day")
    (r"(?:(?-i:RTW)|return(?:ed)?\s+to\s+work|back\s+(?:to|at)\s+work)\s+(?:at\s+)?"
     r"(?:\d{1,2}(?:-\d{1,2})?\s*(?:h|hrs?|hours?)\s*(?:/|a|per)\s*(?:day|d|shift)\b|"
     r"part[-\s]time|half[-\s]days?|reduced\s+hours)", {"status": "modified_duty"}),
    (r"(?:working\s+|released\s+to\s+|returned\s+to\s+|return\s+to\s+)?(?:full|regular|usual)\s+"
     r"(?:duty|work|duties)(?:\s+without\s+restrictions?)?|without\s+(?:work\s+)?restrictions|"
     r"no\s+work\s+restrictions|(?-i:RTW)\s+(?:full|regular)\s+(?:duty|shifts|hours)|"
     # full hours at work with the hours told: "full time 8h" (a flowsheet's function cell),
     # "RTW full-time 40 h/wk" ("working full-time with restrictions" names no duty: the
     # restriction may make it modified, and a sentence tells that by its own words)
     # (never the job before the injury: "worked full time 40 hours a week before the injury")
     r"(?<!worked\s)(?<!was\s)\bfull[- ]time\s+\d{1,2}\s*(?:h|hrs?|hours?)\b"
     r"(?![^.;]{0,40}\b(?:before|prior\s+to|pre-?)\s*(?:the\s+|his\s+|her\s+)?(?:injury|accident|DOI)\b)",
     {"status": "full_duty"}),
    # back at the job the worker had ("back to his usual job", "has returned to her regular
    # route", "resumed his own trade", "is working her regular 32 hours a week"): full duty,
    # unless the words after it keep restrictions (`_USUAL_JOB_RESTRICTED_RE`)
    (r"(?:back\s+(?:to|at)|return(?:ed|s|ing)?\s+to|resum(?:ed|es|ing)|(?:is\s+)?working)\s+"
     r"(?:his|her|their|the)\s+(?:usual|regular|normal|customary|own|old|former|same|"
     r"pre-?injury)(?:\s+and\s+customary)?\s+(?:\d{1,2}\s+hours?\s+(?:a|per)\s+week\b|"
     r"(?:job|work|position|duties|occupation|trade|route|shifts?|hours)\b)",
     {"status": "full_duty", "usual_job": True}),
    (r"permanent\s+and\s+stationary|(?-i:P&S)|maxim(?:um|al)\s+medical\s+improvement|(?-i:MMI)|"
     r"permanent\s+restrictions",
     {"status": "permanent_and_stationary"}),
    (r"(?:(?:she|he)\s+is\s+|is\s+|currently\s+|remains\s+)?(?:not\s+(?:currently\s+)?working|"
     r"off\s+work|unemployed|has\s+not\s+(?:yet\s+)?returned\s+to\s+work|has\s+not\s+worked|"
     r"not\s+worked\s+since|not\s+returned\s+to\s+"
     r"work|no\s+longer\s+working|laid\s+off|not\s+employed)|"
     # "when she stopped working", "has been unable to work for the past week"
     r"\bstopped\s+working|\b(?:has\s+been\s+)?unable\s+to\s+work\b(?!\s+(?:on|with|in|at|"
     r"overhead|above))", {"status": "not_working"}),
    (r"\bretired\b", {"status": "retired"}),
]


# ("Off work 2 weeks, then modified duty": the next step of a plan; "since then" is past)
# (a "Plan:" heading is no plan word: "Plan: Return to full duty 03/06/2024" is the order)
_WORK_PLAN_RE = re.compile(r"\b(?:if|would|will|should|may|anticipat\w*|expect\w*|goal|"
                           r"consider\w*|plan(?:s|ned|ning\s+(?:to|on))?(?!\s*:)|thereafter|"
                           r"projected|estimated)\b|"
                           r"(?<!since\s)(?<!until\s)\bthen\b|"
                           r"\bat\s+\d+\s+(?:weeks|months)|\bby\s+\d", re.IGNORECASE)
_WORK_WORDS_RE = re.compile(r"\bduty\b|\bwork\b|\b(?-i:TTD|TPD)\b|disabled|\brestrictions?\b|"
                            r"\b(?:m|rn)odified\b",
                            re.IGNORECASE)


#: An order to stay off work ("Remain off work", "Off work x 4 weeks", "Off work 3 days",
#: "off work per Dr. Quon") is temporary total disability; a state ("has been off work since
#: 04/2022", "She remains off work") is not working. The imperative or a modal ("remain",
#: "should remain", "keep") orders; the third person ("remains", "stays") reports.
_OFF_WORK_ORDER_BEFORE_RE = re.compile(r"\b(?:remain|kept|keep|placed|stay)\s+$",
                                       re.IGNORECASE)
_OFF_WORK_ORDER_AFTER_RE = re.compile(r"^\s*(?:per\b|until\b|for\s+(?:\d|the\s+next|another|"
                                      r"two|three|four|six)|x\s*\d|through\b|pending\b|"
                                      r"(?:\d{1,2}|one|two|three|four|five|six)\s+(?:more\s+)?"
                                      r"(?:days?|weeks?|wks?|months?)\b|rest\s+of\b)",
                                      re.IGNORECASE)
#: Maximum medical improvement, and the permanent and stationary status it comes with.
_MMI_RE = re.compile(r"maxim(?:um|al)\s+medical\s+improvement|(?-i:MMI)", re.IGNORECASE)
_STATIONARY_RE = re.compile(r"permanent\s+and\s+stationary|(?-i:P&S)", re.IGNORECASE)
_STATUS_ABBREVIATION_RE = re.compile(r"^\W*(?:TTD|TPD|P&S|MMI)\W*$")
#: What follows a status in capitals that names a document or a section: a word in
#: capitals ("REPORT", "STATUS:"), or a colon and the status stated in words.
_HEADING_AFTER_RE = re.compile(r"\s+[A-Z]{3,}\b|\s*:\s*[^.;]{0,20}?(?i:permanent|stationary|"
                               r"maxim\w+\s+medical|(?-i:MMI|P&S)|not\s+yet|reached)")
#: What keeps a duty from being the worker's status: its not being there to have ("employer
#: has no light duty", "modified duty unavailable", "If modified work is not available"), or
#: its being wished for or passed over ("wants to return to regular duty", "asks about
#: returning to ...", "retired rather than return to modified duty")
_DUTY_MISSING_BEFORE_RE = re.compile(
    r"(?:\b(?:has|have|had)\s+no|\bno|\bwithout|\bif|\bunless)\s+(?:\w+\s+)?$", re.IGNORECASE)
_DUTY_MISSING_AFTER_RE = re.compile(
    r"^\s*(?:\([^()]{0,80}\)\s*)?(?:is\s+|was\s+|has\s+been\s+)?(?:not\s+(?:available|offered|"
    r"provided)|unavailable)", re.IGNORECASE)
_DUTY_WISHED_BEFORE_RE = re.compile(
    r"\b(?:wants?|wanted|wishes|hopes?|hoping|would\s+like|eager|asks?|asked|asking|"
    r"inquir\w+|rather\s+than|instead\s+of|offer\w*|discuss\w*|about|regarding)\s+"
    r"(?:\w+\s+){0,2}$", re.IGNORECASE)
#: A duty status word stated before, which an employer's accommodation only details
_DUTY_STATED_RE = re.compile(r"\b(?:(?:m|rn)odified|mod|light|restricted|transitional)\s+"
                             r"(?:duty|work)|\b(?-i:TTD|TPD)\b|\bfull\s+duty|\bwork(?:\s+status)?\s*:",
                             re.IGNORECASE)
#: Another person's work: "Wife, Ingrid, works part-time", "Husband, 64, retired"
_OTHER_WORKER_BEFORE_RE = re.compile(
    rf"(?:{OTHER_PERSON}(?:,?\s+(?!(?:he|she|pt|patient)\b)[\w.]+){{0,3}},?|\bDr\.?\s+[\w.]+"
    rf"(?:\s+[\w.]+)?\s*\()\s*$", re.IGNORECASE)
#: What keeps the job the worker went back to a restricted one: "returned to his usual job
#: with these restrictions accommodated", "... except no roof work", "... on day shifts only"
_USUAL_JOB_RESTRICTED_RE = re.compile(
    r"[^.;]{0,80}?(?:\b(?:with|under|within)\s+(?!no\b)(?:\w+\s+){0,2}(?:restrictions?|"
    r"limitations?|accommodations?|modifications?)|\bexcept\b|\bonly\b|\b(?:m|rn)odified\b|"
    r"\blight\b|\bpart[- ]time\b|\breduced\b)", re.IGNORECASE)
#: What keeps the worker from the usual job: "unable to return to his usual job", "has not
#: gone back to her regular work", "before he can resume his usual duties"
_USUAL_JOB_NOT_YET_RE = re.compile(
    r"\b(?:unable|not\s+able|cannot|can't|could\s+not|couldn't|not|never|until|before|"
    r"prevents?|precludes?|when|if|once|ready)\b(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
#: A return to the usual job told as an earlier episode, not today's status: "returned to his
#: usual job in 2017 after the first claim", "went back to her regular route years ago",
#: "resumed his own trade before this injury" (a past verb, then an earlier claim or injury,
#: or years ago, in its clause). A bare year or "months ago" dates this claim's return as often
#: ("went back to her regular job 3 months ago", "returned to full duty in 2019 after this
#: injury"; review 12, R33): no earlier episode by itself.
_USUAL_JOB_BACK_THEN_RE = re.compile(
    r"[^.;]{0,60}?(?:\b(?:many\s+|several\s+|\d+\s+|two\s+|three\s+)?years\s+ago\b|"
    r"\b(?:after|following)\s+(?:the|his|her|a|an)\s+(?:(?:first|prior|previous|earlier|old|"
    # (two words may name it: "after a prior back strain"; review 13, finding 7)
    r"former)\s+(?:[\w-]+\s+){0,2}?|(?:19|20)\d{2}\s+)(?:claim|injury|accident|surgery|"
    r"operation|case|strain|sprain|fracture|episode)\b|"
    r"\bbefore\s+(?:the|this|his|her)\s+(?:current\s+|present\s+)?(?:injury|claim|accident)\b)",
    re.IGNORECASE)
_RETURN_YEAR_RE = re.compile(r"[^.;]{0,30}?\b(?:in|during|back\s+in)\s+(?:\w+\s+)?"
                             r"(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE)


def _year_long_before(mention: Mention) -> bool:
    """A return dated in its clause to a year two or more before the note's ("returned to his
    usual job in 2015", in a note of 2021): an earlier episode, or this claim's return long
    past, never today's status (a year just before the note's may be this claim's)."""
    match = _RETURN_YEAR_RE.match(mention.sentence, mention.end)
    date = mention.hints.get("note_date")
    return bool(match and date and int(match.group("year")) <= date.year - 2)


_PAST_RETURN_BEFORE_RE = re.compile(
    r"\b(?:(?:returned|resumed|went\s+back|was\s+back|were\s+back|got\s+back|came\s+back)\s+"
    r"(?:to\s+|at\s+)?(?:(?:his|her|their|the)\s+)?|(?:went|was|were|got|came|had\s+gone)\s+)$",
    re.IGNORECASE)
#: A full duty the worker is not back at: "has not returned to her usual work", "cannot
#: perform his regular duties", "never went back to full duty"
_NOT_BACK_BEFORE_RE = re.compile(
    r"\b(?:not|never|unable\s+to|cannot|can't|couldn't)\s+(?:yet\s+)?(?:been\s+)?(?:return\w*|"
    r"go(?:ne)?\s+back|went\s+back|back|resum\w*|perform\w*|do|doing)\s+(?:to\s+)?(?:\w+\s+)?$",
    re.IGNORECASE)
#: the duty the worker cannot do: "temporarily totally disabled from his usual work", and a
#: form's question ("Is patient able to perform usual work? [ ] Yes [x] No")
_USUAL_WORK_OTHERWISE_RE = re.compile(r"\bfrom\s+(?:his|her|their)\s+$", re.IGNORECASE)


def parse_work_status(mention: Mention) -> list[Found]:
    sentence = mention.sentence
    if sentence.strip().isupper() and not _STATUS_ABBREVIATION_RE.match(sentence):
        return []  # a report title ("PERMANENT AND STATIONARY REPORT"), not "TTD."
    if (mention.text.isupper() or re.match(r"\s*:", sentence[mention.end:])) and \
            _HEADING_AFTER_RE.match(sentence, mention.end):
        return []  # "...'S PERMANENT AND STATIONARY REPORT (PR-4)", "MMI: Permanent and
        # stationary as of today": a title or heading; the status is what follows it
    value = dict(mention.meta)
    value["detail"] = " ".join(mention.text.split())
    text = value["detail"].lower()
    after = sentence[mention.end:mention.end + 40]
    before = sentence[max(0, mention.start - 40):mention.start]
    if value["status"] == "modified_duty" and (
            _DUTY_MISSING_BEFORE_RE.search(before) and re.match(r"(?:light|modified|mod\b|"
                                                                r"restricted|transitional)",
                                                                text)
            or _DUTY_MISSING_AFTER_RE.match(sentence, mention.end)):
        return []  # a duty the employer has not got: no status of the worker's
    if value["status"] in ("full_duty", "modified_duty") and _DUTY_WISHED_BEFORE_RE.search(
            before):
        return []  # a duty wished for or passed over
    if value["status"] == "full_duty" and _NOT_BACK_BEFORE_RE.search(before):
        return []  # a full duty not gone back to
    if value["status"] == "full_duty" and (_USUAL_WORK_OTHERWISE_RE.search(before) or re.match(
            r"\s*\?", after)):
        return []  # disabled from the usual work, or a form's question
    if value["status"] == "full_duty" and (_USUAL_JOB_BACK_THEN_RE.match(sentence, mention.end)
                                           or _year_long_before(mention)) \
            and (re.match(r"(?:returned|resumed)", text) or _PAST_RETURN_BEFORE_RE.search(before)):
        return []  # a return of an earlier episode ("in 2017 after the first claim")
    if value.pop("usual_job", False):
        if _USUAL_JOB_NOT_YET_RE.search(before):
            return []  # the job the worker has not gone back to: no status of the worker's
        if _USUAL_JOB_RESTRICTED_RE.match(sentence, mention.end):
            value["status"] = "modified_duty"
    if _OTHER_WORKER_BEFORE_RE.search((mention.preceding + sentence[:mention.start])[-60:]):
        return []  # "Prior PTP: Dr. H. Lowenthal (retired)", "Husband, 64, retired"
    if value.pop("accommodation", False) and _DUTY_STATED_RE.search(
            mention.preceding[-120:] + " " + sentence[:mention.start]):
        return []  # the employer keeps to the duty stated before: no status of its own
    if re.search(r"\b(?:approaching|nearing|close\s+to|near)\s+$", sentence[:mention.start],
                 re.IGNORECASE):
        return []  # "approaching maximal medical improvement": not there yet, nor denied
    stated = [m for m in _STATIONARY_RE.finditer(sentence)
              if not _HEADING_AFTER_RE.match(sentence, m.end())]  # not "P&S: reached MMI"
    if _MMI_RE.fullmatch(value["detail"]) and stated:
        return []  # "has reached MMI and is permanent and stationary": one status, read once

    if text.endswith("off work"):
        if re.match(r"\s*\(\s*(?-i:TTD)\s*\)", after):
            return []  # "Off work (TTD)": one statement, read as the TTD it names
        if _OFF_WORK_ORDER_AFTER_RE.match(after) or _OFF_WORK_ORDER_BEFORE_RE.search(
                sentence[max(0, mention.start - 12):mention.start] + mention.text[:-8]):
            value["status"] = "temporarily_totally_disabled"
    if text.startswith("permanent restriction") and re.match(r"\s*(?::|-|include|of\b)", after):
        value["status"] = "modified_duty"  # "Permanent restrictions: no kneeling ..."
    if text.startswith("no lifting") and _WORK_WORDS_RE.search(
            sentence[:mention.start] + sentence[mention.end:]):
        return []  # a restriction detailing the duty status stated beside it
    # a status is negated by a cue right before it, not by "without restrictions" inside it
    negated = value["status"] != "not_working" and not text.startswith("no ") and (
        mention.negated and bool(re.search(r"\b(?:not|no|never)\s+(?:\w+\s+){0,2}$",
                                           sentence[max(0, mention.start - 30):mention.start],
                                           re.IGNORECASE)) or bool(re.search(
            r"\bnot\s+yet\s+(?:at\s+|reached\s+)?$|\b(?:has|have)\s+not\s+(?:yet\s+)?reached\s+$",
            sentence[max(0, mention.start - 30):mention.start], re.IGNORECASE)))
    # "Return to modified duty: no ladders" is the order of the day, dated or not; "return to
    # full duty at 8 weeks" is a plan by its words (`_WORK_PLAN_RE`)
    # "Advance to full duty 04/29/2024 if tolerating home program": a condition after it
    conditional = bool(re.match(r"[^.;]{0,40}?\b(?:if|once|provided|assuming)\b",
                                sentence[mention.end:]))
    # "She may continue regular duty", "may return to modified duty": a release, the
    # status from now on
    permitted = bool(re.search(r"\b(?:may|can)\s+(?:continue|remain|return|resume|go\s+back)"
                               r"\s+(?:\w+\s+)?(?:to\s+)?(?:\w+\s+)?$", before, re.IGNORECASE)
                     or re.search(r"\b(?:may|can)\s+$", before, re.IGNORECASE)
                     and re.match(r"(?:return|continue|resume)", text))
    # "If employer cannot accommodate, remain off work": a condition opening the sentence
    conditional = conditional or bool(re.search(
        r"\b(?:if|unless)\b[^.;]{0,60},\s*(?:[\w-]+\s+){0,3}$",
        sentence[max(0, mention.start - 90):mention.start], re.IGNORECASE))
    planned = conditional or mention.section == "goals" or (bool(
        _WORK_PLAN_RE.search(sentence[max(0, mention.start - 40):mention.end])) or bool(
        re.match(r"\s+(?:is\s+|are\s+)?(?:expected|anticipated|planned)", sentence[mention.end:],
                 re.IGNORECASE))) and not permitted and not re.search(
        r"\bcurrently\b|\bremains?\b", sentence[max(0, mention.start - 25):mention.end],
        re.IGNORECASE)
    return [Found(value, mention.start, mention.end, negated=negated, hypothetical=planned)]


# -- treatment trials
_TREATMENTS: list[tuple[str, str]] = [
    # occupational and hand therapy are judged as physical therapy (corpus convention 14);
    # "therapy" alone is not read: in a psychologist's note it is psychotherapy
    (r"physical\s+therapy|(?-i:PT)|physiotherapy|(?:occupational|hand)\s+therapy|"
     r"(?-i:OT)\s+(?:visits|sessions)", "physical_therapy"),
    (r"(?-i:NSAIDs?)|anti-?inflammator(?:y|ies)(?:\s+medications?)?|ibuprofen|naproxen|motrin|"
     r"aleve|meloxicam|mobic|diclofenac|celecoxib|celebrex|etodolac|nabumetone|naprosyn|"
     r"anaprox|voltaren|relafen", "nsaid"),
    (r"muscle\s+relax(?:ants?|ers?)|cyclobenzaprine|flexeril|tizanidine|zanaflex|methocarbamol|robaxin|"
     r"baclofen|carisoprodol|metaxalone|skelaxin|orphenadrine", "muscle_relaxant"),
    # the SSRIs, bupropion, mirtazapine and trazodone are judged as antidepressants too,
    # whatever they were given for (sleep, mood, pain)
    (r"antidepressants?|amitriptyline|nortriptyline|duloxetine|cymbalta|elavil|venlafaxine|"
     r"effexor|desvenlafaxine|pristiq|sertraline|zoloft|citalopram|celexa|escitalopram|"
     r"lexapro|fluoxetine|prozac|paroxetine|paxil|bupropion|wellbutrin|mirtazapine|remeron|"
     r"trazodone|(?-i:TCAs?|SNRIs?|SSRIs?)", "antidepressant"),
    (r"anticonvulsants?|gabapentin|neurontin|pregabalin|lyrica|topiramate|"
     r"antiepileptics?", "anticonvulsant"),
    (r"opioids?|opiates?|narcotics?|hydrocodone|norco|oxycodone|percocet|tramadol|ultram|"
     r"morphine|oxycontin|methadone|fentanyl|tapentadol|nucynta|hydromorphone|dilaudid|"
     r"codeine|(?:current|opioid|medication)\s+regimen|(?:pain\s+)?medications|escalating\s+"
     r"doses|opioid\s+therapy", "opioid"),
    (r"(?-i:TENS)(?:\s+unit)?", "tens"),
    (r"chiropractic(?:\s+care|\s+treatment)?|chiropractor|adjustments", "chiropractic"),
    (r"acupuncture", "acupuncture"),
    (r"home\s+exercises?(?:\s+program)?|(?-i:HEP)", "home_exercise"),
    (r"conservative\s+(?:care|treatment|management|measures|therapy|therapies)|"
     r"occupational\s+therapy\s+with\s+splinting|lower\s+levels\s+of\s+care",
     "conservative_care"),
    (r"first-?line\s+(?:neuropathic\s+)?(?:agents?|medications?|treatment)",
     "first_line_neuropathic"),
    (r"(?:cortisone|steroid|epidural(?:\s+steroid)?|trigger\s+point|facet|joint)\s+"
     r"(?:injections?|shots?)|injections?|(?-i:(?:TF|IL|C|L)?ES[Il]s?)|epidurals?|viscosupplementation|"
     r"nerve\s+blocks?|(?:the|those|these|both|two|three)\s+(?:shots|blocks)|"
     # the other interventional procedures, by name or abbreviation ("Good response to TPI",
     # "RFA 2020 (no relief)", "medial branch blocks gave no relief")
     r"(?-i:TPIs?|MBBs?|RFAs?|SGBs?)|medial\s+branch\s+blocks?|radiofrequency(?:\s+ablation)?|"
     # hyaluronic acid is injected and judged as an injection
     rf"{VISCOSUPPLEMENT_NAMES}|hyaluronic\s+acid",
     "injection"),
    (r"(?:night\s+|wrist\s+|knee\s+|back\s+)*(?:splints?|splinting|braces?|bracing|"
     r"orthos[ie]s|orthotics?)|sling|(?:SI|LSO|TLSO)\s+belt|insoles|(?:soft\s+)?collar|"
     r"(?:knee|wrist|back|counterforce)\s+(?:sleeve|strap)", "bracing"),
    (r"activity\s+modifications?|modified\s+activit(?:y|ies)", "activity_modification"),
    (r"psychotherapy|(?-i:CBT)|cognitive\s+behavio(?:u)?ral\s+therapy|counsel(?:l)?ing",
     "psychotherapy"),
    (r"massage(?:\s+therapy)?", "massage"),
]
#: A drug stopped for want of benefit is a failure, not an intolerance ("stopped it after 8
#: weeks because it did not help", "discontinued due to lack of efficacy").
_NO_BENEFIT_REASON = (r"(?:of\s+)?(?:(?:it|they|that|he|she)\s+)?(?:did\s+not|didn't|was\s+not|"
                      r"wasn't|were\s+not|had\s+no|gave\s+no|no\s+|lack\s+of|little\s+|"
                      r"minimal\s+|not\s+(?:helping|working|effective))")
_OUTCOMES: list[tuple[str, str]] = [
    (r"not\s+tolerat\w*|intoleran\w*|could\s+not\s+tolerate|side\s+effects?|too\s+sedating|"
     r"sedat(?:ing|ion)|grogg\w+|upsets?\s+(?:his|her)\s+stomach|stomach\s+upset|(?-i:GI)\s+upset|"
     r"gastritis|dry\s+mouth|reflux\s+with|(?:stopped|discontinued|quit)\s+(?:[\w/.-]+\s+){0,5}?"
     r"(?:because|due|d/t|for)\s+(?!(?:his|her)\s+mood)(?!" + _NO_BENEFIT_REASON + r")|"
     r"(?:-|–)\s*stopped\s+d/t|\(\s*(?:dizziness|nausea|sedation|constipation|rash|itching|"
     r"drowsiness|GI\s+upset|dry\s+mouth|weight\s+gain|too\s+sedating)[^)]{0,20}\)",
     "not_tolerated"),
    (r"fail\w*|(?:did|does|has|have)\s+not\s+(?:help|work|improv\w*|provide\w*|produce\w*)|"
     r"(?:didn't|doesn't)\s+(?:help|work)|no\s+(?:lasting\s+|real\s+|significant\s+)?(?:benefit|"
     r"relief|improvement|help|effect|gain)|without\s+(?:\w+\s+){0,2}(?:benefit|relief|"
     r"improvement|gain)|not\s+(?:helpful|effective|beneficial)|ineffective|(?:minimal|little)\s+"
     r"(?:relief|benefit|effect)|unsuccessful|refractory\s+to|barely\s+touch|\(\s*no\s+"
     r"(?:benefit|relief|effect)\s*\)|(?:have|has)\s+been\s+exhausted", "failed"),
    # (partial, temporary, modest or some relief is the partial outcome below, not help)
    (r"help(?:s|ed)?\b(?!\s+(?:with|from))|helpful|(?:good|significant|moderate|"
     r"reported)\s+(?:relief|benefit|results|improvement)|benefit(?:s|ed|ted)\s|"
     r"(?:has\s+been\s+)?effective|works\s+well|gives\s+(?:\w+\s+)?relief|feel\s+good|"
     r"documented\s+benefit|when\s+(?:his|her)\s+mood\s+improved", "helped"),
    # some benefit, incomplete or short-lived (scheme v2; v1 counted it as helped)
    (r"(?:helps?|helped)\s+(?:a\s+(?:little|bit)|somewhat|slightly|some|only\s+a\s+little)|"
     r"(?:helps?|helped|relief|benefit|improvement)\s+(?:\w+\s+){0,4}?for\s+(?:about\s+|only\s+|"
     r"roughly\s+)?(?:a|an|one|two|three|four|five|few|several|a\s+few|\d+)\s+(?:hours?|days?|"
     r"weeks?)|(?:partial|temporary|temporarily|brief|short-?lived|transient|modest|mild|some|"
     r"slight|limited)\s+(?:relief|benefit|improvement|response|help)|(?:took|takes|take)\s+"
     r"the\s+edge\s+off|(?:relief|benefit)\s+only|only\s+temporar\w+|wore\s+off|"
     r"temporary\s+response", "partial"),
]
#: The words of a side effect (the side-effect reader's lexicon, `kinds.medication`), less
#: those that name no drug's effect on their own (a fall, a complication).
_EFFECT_WORDS = "|".join(
    [re.escape(word).replace(r"\ ", r"\s+") for word in sorted(_SIDE_EFFECT_WORDS, key=len, reverse=True)
     if word not in ("fell", "falls", "complication", "complications")] + [_FELT_WORDS] +
    # effects the labelling of the usual drugs lists that the side-effect reader leaves to
    # its classes (rules/side_effects.yaml): an anticonvulsant's edema, an NSAID's dyspepsia
    [r"edema|dyspepsia|rash|hives|palpitations|insomnia|hair\s+loss|sexual\s+side\s+effects"])
# any side effect in parentheses right after the drug ("gabapentin (edema)", "meloxicam
# (dyspepsia)", "Lyrica (dizzy)"): the reason it was not tolerated
_OUTCOMES.append((rf"\(\s*(?:too\s+)?(?:{_EFFECT_WORDS})\b[^)]{{0,20}}\)", "not_tolerated"))
OUTCOME_RULES = Path(__file__).resolve().parent.parent / "rules" / "outcomes.yaml"


def _outcome_phrases() -> list[tuple[str, str]]:
    """The outcome phrases of `rules/outcomes.yaml` (pattern, outcome), in file order."""
    data = load_yaml(OUTCOME_RULES.read_text(encoding="utf-8")) or {}
    return [(str(pattern), outcome) for outcome, patterns in data["outcomes"].items()
            for pattern in patterns]


_OUTCOMES += _outcome_phrases()


def _phrase_anchor() -> str:
    """The words one of which each outcome phrase of the data file contains (the kind's
    anchor must cover every trigger: `KindSpec.anchor`)."""
    from openimr.records.prefilter import required_literals

    words: set[str] = set()
    for pattern, _outcome in _outcome_phrases():
        literals = required_literals(pattern)
        if literals is None:
            raise ValueError(f"{OUTCOME_RULES.name}: {pattern!r} has no required word")
        words |= literals
    return "|".join(re.escape(word) for word in sorted(words))
_OUTCOME_RANK = {"not_tolerated": 0, "failed": 1, "partial": 2, "helped": 3}
_DENIED_RE = re.compile(r"\b(?:no|denies|denied|without|nor|any)\s+(?:\w+\s+){0,2}$",
                        re.IGNORECASE)
#: "Side effects" named as a thing a visit is to look at ("follow up to reassess the trial
#: (function, side effects, drug screen)", "will monitor for side effects") is a plan to watch
#: for them, not a report that the drug was not tolerated.
_SIDE_EFFECTS_WATCHED_RE = re.compile(
    r"\b(?:re-?assess\w*|assess\w*|monitor\w*|review\w*|check\w*|evaluat\w*|watch\w*|"
    r"screen\w*\s+for|counsel\w*|discuss\w*|warned|educat\w*|explain\w*)\b[^.;]{0,60}$",
    re.IGNORECASE)
_SIDE_EFFECTS_WORD_RE = re.compile(r"(?:adverse|side)[\s-]+effects?", re.IGNORECASE)


#: Treatments the trained outcome reader (`records.outcomes`) also considers: every drug
#: of the drug table by its class, other named therapies, devices and procedures. The
#: rules keep the narrower list above (their outcome phrases were written for it).
_WIDER_TREATMENTS: list[tuple[str, str]] = [
    # therapies judged as physical therapy by the annotators: vestibular, aquatic and
    # land programs, work hardening and conditioning; "terapia física" in Spanish notes
    (r"(?:hand|occupational|aquatic|aqua|pool)\s+therapy|(?-i:OT)|therapy\s+visits|"
     r"(?:skilled\s+)?(?-i:PT)\s+visits|vestibular\s+(?:physical\s+)?(?:therapy|rehab\w*)|"
     r"work\s+(?:hardening|conditioning)|(?:aquatic|pool|land)\s+(?:program|visits|sessions|"
     r"(?-i:PT))|terapias?\s+f[ií]sicas?", "physical_therapy"),
    # drugs named in Spanish ("el ibuprofeno", "la ciclobenzaprina")
    (r"ibuprofeno|naproxeno|meloxicam|diclofenaco", "nsaid"),
    (r"ciclobenzaprina|metocarbamol|tizanidina", "muscle_relaxant"),
    (r"quiropr[aá]ctic[oa]|quiropr[aá]ctico", "chiropractic"),
    # a steroid injection by its abbreviation or its drug ("CSI", "cortisone helped")
    (r"(?-i:CSIs?)|cortisone|corticosteroid\s+(?:injections?|shots?)", "injection"),
    # braces and supports by their names ("TLSO", "AFO", "ASO", "Aircast", "heel cups")
    (r"(?-i:TLSO|LSO|AFO|ASO)(?:\s+(?:brace|splint|boot))?|aircast(?:\s+\w+)?|(?:lumbar\s+)?corset|(?:compression\s+)?"
     r"sleeve|heel\s+cups?|walking\s+boot|(?-i:CAM)\s+boot|(?:thumb\s+)?spica|"
     r"immobilizer|(?:counterforce|tennis\s+elbow)\s+(?:strap|band)", "bracing"),
    (r"(?-i:TPIs?|MBBs?|RFA|SGBs?|SIJ\s+injection)|medial\s+branch\s+blocks?|radiofrequency(?:\s+"
     r"ablation)?|(?:stellate|sympathetic)\s+(?:ganglion\s+)?blocks?|(?:PRP|prolotherapy)",
     "injection"),
    (r"h-?wave(?:\s+unit)?|interferential(?:\s+unit)?|(?-i:IF)\s+unit|the\s+unit", "tens"),
    (r"stretch(?:es|ing)(?:\s+program)?|home\s+program|exercise\s+program", "home_exercise"),
    (r"chiro|(?-i:CMT)|spinal\s+manipulation|manipulation", "chiropractic"),
    (r"(?:pain\s+)?psycholog(?:y|ist)\s+(?:sessions?|visits?|treatment)|"
     r"(?:trauma-focused|group|talk)\s+therapy|(?-i:EMDR)|biofeedback", "psychotherapy"),
    (r"(?:spinal\s+cord\s+)?stimulator(?:\s+trial)?|(?-i:SCS)\s+trial|surgery|"
     r"(?:micro)?discectomy|fusion|decompression|arthroscopy|(?-i:TKA|THA)|"
     r"(?:carpal\s+tunnel|trigger(?:\s+finger)?)\s+release|mirror\s+therapy|"
     r"the\s+procedure", "other"),
    # a changed workstation is a modification of the activity (corpus: "ergonomic keyboard
    # and vertical mouse", "her monitor was moved")
    (r"ergonomic\s+(?:evaluation|changes|workstation|keyboard|mouse|chair|equipment|"
     r"set-?up|assessment)|(?:vertical|ergonomic)\s+mouse|sit-?stand\s+desk",
     "activity_modification"),
]
#: The treatment an outcome judges, by the modality of the course it judges (the scheme has
#: no outcome of occupational therapy: OT is judged as physical therapy; an aquatic or a
#: functional restoration program is "other").
COURSE_TREATMENTS = {
    "physical_therapy": "physical_therapy", "occupational_therapy": "physical_therapy",
    "chiropractic": "chiropractic", "acupuncture": "acupuncture",
    "psychotherapy": "psychotherapy", "biofeedback": "psychotherapy", "massage": "massage",
    "aquatic_therapy": "other", "functional_restoration": "other"}
_CLASS_TREATMENT = {"nsaid": "nsaid", "muscle_relaxant": "muscle_relaxant", "opioid": "opioid",
                    "antidepressant": "antidepressant", "anticonvulsant": "anticonvulsant",
                    # Synvisc and its kin are given by injection and judged as one
                    "viscosupplement": "injection"}


#: "Therapy" on its own ("the therapy", "bracing and therapy", "Therapy made it worse"), not
#: the last word of another therapy's name ("mirror therapy", "group therapy"): the physical
#: therapy of a treating note; in a psychologist's note it is psychotherapy (`_bare_therapy`).
#: The rules' own vocabulary only: the outcome reader's wider one names its therapies.
_BARE_THERAPY_RE = (r"(?:" + "|".join(rf"(?<=\b{word}\s)" for word in (
    "the", "and", "or", "with", "of", "her", "his", "formal", "prior", "further", "more",
    "in", "from", "after", "post-op", "postop", "completed", "failed")) +
    r"|(?<![\w\s-])|(?<=[^\w\s-]\s)|^)therapy\b")
#: The treatments the rules read (the outcome reader's are `_TREATMENTS + _WIDER_TREATMENTS`).
_RULE_TREATMENTS = [*_TREATMENTS, (_BARE_THERAPY_RE, "physical_therapy")]


@cache
def _treatment_table(wide: bool) -> PatternTable[str]:
    """The treatment expressions behind their literals (`prefilter`): one pass over a
    sentence tells which can match, where a substring test per expression ran before."""
    return PatternTable(_TREATMENTS + _WIDER_TREATMENTS if wide else _RULE_TREATMENTS)


def _bare_therapy(treatments: list[tuple[int, int, str]], sentence: str,
                  hints: dict[str, Any]) -> list[tuple[int, int, str]]:
    """The treatments of a sentence with "therapy" on its own read as psychotherapy in a
    psychologist's or psychiatrist's note."""
    if hints.get("document_type") != "psych_report" and \
            hints.get("modality") not in ("psychotherapy", "biofeedback"):
        return treatments
    return [(start, end, "psychotherapy" if sentence[start:end].lower() == "therapy" else name)
            for start, end, name in treatments]


_WORDS_RE = re.compile(r"[a-z0-9]+", re.IGNORECASE)


@cache
def _drug_words() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Every drug of the drug table as its words, by first word, longest first, with the
    treatment its class is."""
    from openimr.records.kinds.drugs import drug_names

    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for drug in drug_names():
        words = tuple(w.lower() for w in _WORDS_RE.findall(drug.name))
        if words:
            treatment = _CLASS_TREATMENT.get(drug.drug_class, "other")
            by_first.setdefault(words[0], []).append((words, treatment))
    for names in by_first.values():
        names.sort(key=lambda item: -len(item[0]))
    return by_first


def _drugs_named(sentence: str) -> list[tuple[int, int, str]]:
    """The drug table's names in a sentence, by word lookup (a regular expression of
    four hundred names is far slower)."""
    table = _drug_words()
    words = list(_WORDS_RE.finditer(sentence))
    lowered = [w.group().lower() for w in words]
    found = []
    for index, word in enumerate(lowered):
        for names, treatment in table.get(word, ()):
            if tuple(lowered[index:index + len(names)]) == names:
                found.append((words[index].start(), words[index + len(names) - 1].end(),
                              treatment))
                break
    return found


_OCR_ZERO_RE = re.compile(r"(?<=[A-Za-z])0(?=[A-Za-z])|(?<=[A-Za-z]{2})0\b|\b0(?=[A-Z]\b)")
_OCR_ONE_RE = re.compile(r"(?<=[A-Za-z])1(?=[A-Za-z])")


def _ocr_folded(sentence: str) -> str:
    """The sentence with a digit read for a letter inside a word put back as the letter
    (0 for o, 1 for l: "Me1oxicam", "chir0", "0T"), the same length."""
    if "0" not in sentence and "1" not in sentence:
        return sentence
    def letter_o(match: re.Match[str]) -> str:  # "0T" is "OT", "Mel0xicam" "Meloxicam"
        beside = sentence[max(0, match.start() - 1):match.end() + 1]
        return "O" if beside.strip("0").isupper() else "o"

    return _OCR_ONE_RE.sub("l", _OCR_ZERO_RE.sub(letter_o, sentence))


def treatment_mentions(sentence: str, *, wide: bool = False) -> list[tuple[int, int, str]]:
    """The treatments a sentence names, (start, end, treatment), left to right; `wide`
    adds the outcome reader's wider vocabulary (every drug of the drug table by class)."""
    if wide:
        # OCR's digits for letters ("Mel0xicam", "chir0", "0T visits") are read as the
        # letters, in a copy of the same length so that offsets hold
        sentence = _ocr_folded(sentence)
    found = [(m.start(), m.end(), name) for m, name in _treatment_table(wide).finditer(sentence)]
    if wide:
        found += _drugs_named(sentence)
    # the rules' order (the shorter of two names at one place first) is kept as it was;
    # the wider vocabulary takes the longest name ("spinal cord stimulator trial")
    found.sort(key=(lambda item: (item[0], -item[1], item[2])) if wide else None)
    kept: list[tuple[int, int, str]] = []
    for item in found:  # "physical therapy" once, not again as "therapy" inside it
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    return kept


def _treatments_in(sentence: str) -> list[tuple[int, int, str]]:
    return treatment_mentions(sentence)


def _stronger_outcome_nearby(sentence: str, outcome: str, t_start: int, t_end: int,
                             skip: int | None = None) -> bool:
    """Whether a stronger outcome is stated for the same treatment ("helps but upsets her
    stomach"): one whose closest treatment is this one, within its item of a list
    ("naproxen (no benefit), gabapentin (dizziness)" gives each drug its own outcome)."""
    from openimr.records.outcomes import _phrase_patterns

    treatments: list[tuple[int, int, str]] | None = None  # found once a phrase is (issue 18)
    # the phrases in `_OUTCOMES`' order, searched only where the sentence holds their words
    # (each was a search of its own per mention; issue 18)
    gate, compiled = _phrase_patterns()
    for index in gate.candidates(sentence):
        expression, other = compiled[index]
        if _OUTCOME_RANK[other] >= _OUTCOME_RANK[outcome]:
            continue
        for match in expression.finditer(sentence):
            if skip is not None and match.start() <= skip < match.end():
                continue  # the phrase the outcome was regraded from
            if _graded_by_a_longer_phrase(sentence, match.start(), match.end(), other):
                continue  # "is the same" inside "moves better but the ache is the same"
            if treatments is None:
                treatments = _treatments_in(sentence)
            def gap(item: tuple[int, int, str], m: re.Match[str] = match) -> int:
                return m.start() - item[1] if item[1] <= m.start() else item[0] - m.end() + 10
            owner = min(treatments, key=lambda item: abs(gap(item)), default=None)
            if owner is None or (owner[0], owner[1]) != (t_start, t_end):
                continue
            lo, hi = (t_end, match.start()) if match.start() >= t_end else (match.end(), t_start)
            if abs(match.start() - t_start) <= 80 and not re.search(r"[,;]", sentence[lo:hi]):
                return True
    return False


#: A help or relief denied right before it ("no lasting help", "does not help", "didn't
#: really help"): no benefit at all.
_HELP_DENIED_RE = re.compile(r"(?:\b(?:no|not|never|without|nor|hardly|barely)|n't)\s+"
                             r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
#: Outcome phrases whose treatments follow them ("despite 12 PT visits").
_AFTER_ONLY_RE = re.compile(r"\bdespite\s*$", re.IGNORECASE)
#: ... and those whose treatments precede them ("the pain outlasted all of it", a symptom
#: left "the same" or "unchanged" after the course).
_BEFORE_ONLY_RE = re.compile(r"\b(?:outlast\w*|the\s+same|unchanged)\s*$", re.IGNORECASE)
#: A symptom left the same after a gain the same clause names ("better motion, same pain",
#: "helps sleep, pain unchanged", "more flexible but the arm pain is the same"): some benefit,
#: incomplete (v2 `partial`), where the symptom alone would be a failure.
_SAME_SYMPTOM_RE = re.compile(r"(?:[\w-]+\s+){0,3}?(?:the\s+same|unchanged)\s*$|same\s+\w+\s*$",
                              re.IGNORECASE)
#: ... said of the symptom itself ("Pain unchanged", "the leg is the same"): a verdict on a
#: course its own sentence names, never carried to an earlier sentence's treatment.
_SYMPTOM_LEFT_RE = re.compile(r"\s*(?:(?:the|my|his|her)\s+)?(?:same\s+\w+|(?:pain|ache|aching|"
                              r"burning|numbness|tingling|symptoms?|allodynia|stiffness|spasms?|"
                              r"headaches?|nightmares|dreams|leg|arm|back|neck|knee|shoulder|hand|"
                              r"wrist|foot|hip)\b[\w\s-]*?(?:the\s+same|unchanged))\s*$",
                              re.IGNORECASE)
_SET_OFF_BEFORE_RE = re.compile(r"[\"“(]|\b(?:visits?|sessions?|treatments?)\s*[,;:-]\s*$",
                                re.IGNORECASE)
_GAIN_BEFORE_RE = re.compile(r"\b(?:better|helps?|helped|improved|stronger|looser|more\s+"
                             r"(?:flexible|motion|mobile|movement|range))\b[^.;]{0,40}$",
                             re.IGNORECASE)
#: A result given only as relief and how long it lasted, not judged in words.
_BARE_RESPONSE_RE = re.compile(r"^\s*(?:relief|improvement|benefit)\b|%|percent",
                               re.IGNORECASE)
_JUDGED_RE = re.compile(r"\b(?:help\w*|only|benefit\w*|effective|excellent|good|great|"
                        r"fail\w*|not|no|never|minimal|little|brief\w*|temporar\w*|"
                        r"partial\w*|wore|returned|back)\b", re.IGNORECASE)
#: A help its clause calls short-lived ("helped short term", "helps only temporarily", "gave
#: brief benefit", "the relief was short-lived"): lasting under six weeks, partial
#: (convention 5). The word says how long the help lasted: it modifies the help, its noun or
#: its verb, not another thing of the clause ("helped a lot and she is on temporary modified
#: duty", "helped, with brief flare-ups when lifting").
_SHORT_WORD = r"(?:short[- ]?term|short[- ]lived|temporary|brief|transient)"
_SHORT_ADVERB = (r"(?:short[- ]?term|short[- ]lived|temporarily|briefly|transiently|"
                 # a while the help lasted ("for a short while", "only a little while"), not
                 # how soon it came ("in a short time") nor a while of something else ("walk
                 # a little while longer"; review 13, finding 11)
                 r"(?:for|only|lasting|(?:which|that)\s+lasted)\s+(?:only\s+)?(?:for\s+)?a\s+"
                 r"(?:short|little|brief)\s+(?:time|while|period)(?!\s+(?:longer|more)\b))")
_BENEFIT_NOUN = (r"(?:relief|benefit|improvement|help|effect|response|reduction|gains?|decrease|"
                 r"resolution|results?|easing)")
_SHORT_LIVED_RE = re.compile(
    rf"\b{_SHORT_WORD}\s+(?:\w+\s+)?{_BENEFIT_NOUN}\b|"
    rf"\b(?:help\w*|benefit\w*|improv\w*|better|reliev\w*|eased|effective|work(?:s|ed)?)"
    # any few words of its clause between the help and its brevity ("helped, though only for a
    # short while", "helped, at least, briefly"; review 12, R37), not a clause of its own
    r"(?:[\s,]+(?!(?:and|or|then|so|which|because|since|until|when)\b)[\w'-]+){0,6}?"
    rf"[\s,]+{_SHORT_ADVERB}\b|"
    rf"\b{_BENEFIT_NOUN}\s+(?:was|were|is|has\s+been|proved)\s+(?:only\s+|very\s+|quite\s+)?"
    rf"{_SHORT_WORD}", re.IGNORECASE)
_PERCENT_RE = re.compile(percent_pattern() + r"|\b(?P<share>half|a\s+third)\b", re.IGNORECASE)
_LIMITED_RE = re.compile(r"\bbut\s+(?:not|never)\b|\bbut\s+(?:the\s+|his\s+|her\s+|my\s+)?"
                         r"(?:\w+\s+){0,2}(?:never|still|stayed|remain\w*|returned|came\s+back|"
                         r"is\s+back|was\s+back)\b", re.IGNORECASE)


#: An outcome said of a list at once ("PT, chiropractic and acupuncture, none of which
#: produced lasting improvement", "... every one of those helped for a while"): each
#: treatment's fact spans from its name to the outcome, which is what it is quoted by.
_COLLECTIVE_OUTCOME_RE = re.compile(r"\s*(?:none|neither|all|each|every\s+one|both)\b\s*(?:of\s+)?"
                                    r"(?:which|them|these|those|the\s+above)?\s*", re.IGNORECASE)
#: A condition the outcome is the clause of: "If the ESI fails, ...", "an injection if no
#: improvement in 6-8 weeks" is a plan, not a judged trial (ConText's scope may miss it).
_CONDITION_RE = re.compile(r"\b(?:if|unless|in\s+case)\s+(?:[\w/-]+\s+){0,5}$", re.IGNORECASE)


def _clause_end(sentence: str, start: int) -> int:
    """Where the clause that runs on from `start` ends (a semicolon or the sentence end)."""
    stop = re.compile(r";|\.\s").search(sentence, start)
    return stop.start() if stop else len(sentence)


def _graded(outcome: str, sentence: str, start: int, end: int) -> str:
    """The outcome as its clause grades it (corpus convention 5, issue 11 §4): a benefit
    under half, or lasting under six weeks, or limited in the same clause ("helped the
    strength but not the pain") is partial; a relief of half or more lasting six weeks or
    more is helped."""
    if outcome not in ("helped", "partial"):
        return outcome
    clause = sentence[start:end]
    percents = [share_told(m.group("share")) if m.group("share")
                else percent_told(m.group("lo"), m.group("hi")) for m in _PERCENT_RE.finditer(clause)]
    weeks = [w for m in (*_DURATION_RE.finditer(clause), *_HELPED_FOR_RE.finditer(clause))
             if (w := weeks_told(m.group("n"), m.group("unit"))) is not None]
    if outcome == "helped" and ((percents and min(percents) < 50) or (
            weeks and min(weeks) < 6) or _LIMITED_RE.search(clause)
            or _SHORT_LIVED_RE.search(clause)):
        return "partial"
    if outcome == "partial" and weeks and min(weeks) >= 6 and (
            not percents or min(percents) >= 50) and not _LIMITED_RE.search(clause) and \
            not re.search(r"\b(?:only|some|partial\w*|little|modest|mild|slight\w*|"
                          r"somewhat|temporar\w*|brief\w*)\b", clause, re.IGNORECASE):
        return "helped"
    return outcome


#: What the symptoms outlasted, said of the treatments under discussion at once ("the neck
#: pain outlasted all of it", "... outlasted both", "... outlasted every one of them").
_OUTLASTED_ALL_RE = re.compile(
    r"\s+(?:all\s+(?:of\s+)?(?:it|them|these|those|that|this|three|four|five)|all\b|everything|"
    r"both(?:\s+of\s+them)?|each\s+of\s+them|every\s+one\s+of\s+them)\b", re.IGNORECASE)
#: Outcome words that judge nothing in a sentence that names no treatment: "helps" ("his
#: wife helps him dress"), and the list words whose treatments are in their own sentence
#: ("despite", "outlasted").
_UNJUDGED_ALONE_RE = re.compile(r"help\w*|despite|outlast\w*", re.IGNORECASE)


def _judged_topic(mention: Mention, outcome: str) -> list[Found]:
    """An outcome stated without naming its treatment ("No lasting benefit.", "Neither
    helped.") judges the treatment under discussion (`discourse.topic`): the last one the
    paragraph's previous sentence names, or all of them when the outcome speaks of them
    together ("Neither helped", "none of it made a difference": issue 11 §4).
    An intolerance is not carried ("Side effects: none." after a drug is no judgement),
    nor a plan's or a denied outcome ("if no relief, ...")."""
    from openimr.records.discourse import (
        anaphoric_lead,
        collective,
        quoted_verdict,
        referred_to,
        topic,
    )

    sentence = mention.sentence
    outlasted = _OUTLASTED_ALL_RE.match(sentence, mention.end) \
        if _BEFORE_ONLY_RE.search(mention.text) else None
    if outcome == "not_tolerated" or mention.hypothetical or mention.negated:
        return []
    if outlasted is None and (_UNJUDGED_ALONE_RE.fullmatch(mention.text.strip()) or not (
            anaphoric_lead(sentence[:mention.start])
            or quoted_verdict(sentence, mention.start))):
        return []
    clause_end = _clause_end(sentence, mention.end)
    # the kind of treatment the outcome's own clause refers to ("the therapy didn't help")
    carried = referred_to(sentence[:clause_end], topic(mention.preceding_lines, sentence))
    if not carried:
        return []
    # "nothing has touched it" judges every treatment under discussion, as "none of them" does
    together = outlasted is not None or collective(sentence) or \
        mention.text.lstrip().lower().startswith("nothing")
    # a treatment the sentence names again past the outcome's clause is given a result of
    # its own there ("the pain outlasted all of it; the injection gave her a good week")
    own = {name for start, _e, name in _treatments_in(sentence) if start >= clause_end}
    treatments = dict.fromkeys(name for _s, _e, name in (carried if together else carried[-1:])
                               if name not in own)
    graded = _graded(outcome, sentence, mention.start, clause_end)
    end = outlasted.end() if outlasted else mention.end
    return [Found({"treatment": name, "outcome": graded}, mention.start, end,
                  negated=False) for name in treatments]


_PARENTHESIS_RE = re.compile(r"\([^()]*\)")


def _own_outcome(sentence: str, end: int) -> set[str]:
    """The outcomes the parenthesis right after a treatment states ("gabapentin (dizzy,
    stopped)": not tolerated); none where there is no parenthesis, or it states only the
    course's details ("PT (24 visits over 2020)")."""
    found = re.match(r"\s*\([^()]*\)", sentence[end:])
    if found is None:
        return set()
    said = found.group()
    gate, compiled = _own_outcome_patterns()
    return {compiled[index][1] for index in gate.candidates(said)
            if compiled[index][0].search(said)}


@cache
def _own_outcome_patterns() -> tuple[PatternGate, list[tuple[re.Pattern[str], str]]]:
    """`_OUTCOMES` as whole words, compiled, behind the gate of the words each needs."""
    return (PatternGate(pattern for pattern, _o in _OUTCOMES),
            [(re.compile(rf"(?<!\w)(?:{pattern})", re.IGNORECASE), outcome)
             for pattern, outcome in _OUTCOMES])


def _semicolon_carried(sentence: str, start: int, end: int,
                       treatments: list[tuple[int, int, str]],
                       outcome: str | None = None) -> tuple[int, int, str] | None:
    """The treatment a verdict after a semicolon judges when its own clause names none: the
    last one the clause before it names ("Completed 6 PT visits; 'balance is way better.'",
    "Chiro x 8; helped a day each time"), or the one drug it names when the verdict is its
    stop for an effect ("trazodone added; stopped after a week for morning grogginess",
    "started on sertraline; she quit it after ten days because of nausea"). None when the
    verdict's clause names a treatment of its own, or no semicolon comes before it."""
    own_start = sentence.rfind(";", 0, start)
    if own_start < 0:
        return None
    own_end = sentence.find(";", end)
    own_end = len(sentence) if own_end < 0 else own_end
    if any(own_start < t_start and t_end <= own_end for t_start, t_end, _t in treatments):
        return None
    stop = outcome == "not_tolerated" and bool(_STOP_LEAD_RE.match(sentence, own_start + 1))
    if not stop and not _SET_OFF_LEAD_RE.match(sentence, own_start + 1):
        return None  # the verdict is not set off as the worker's or the writer's own words
    previous_start = sentence.rfind(";", 0, own_start)
    before = [t for t in treatments if previous_start < t[0] and t[1] <= own_start]
    last = max(before, key=lambda t: t[1]) if before else None
    if stop and len(before) == 1:
        return last  # the one drug of the clause before, stopped for what it did
    # a course of visits, not a drug of a list ("mirtazapine 15 mg qhs; mild grogginess"
    # tells an effect of the list's other drugs as often as of the last one)
    return last if last is not None and last[2] in _VISIT_COURSES else None


#: A verdict set off after the semicolon: quoted ("; 'balance is way better.'"), or the
#: worker's or therapist's report of it ("; feels therapy is helping", "; pt reports ...").
_SET_OFF_LEAD_RE = re.compile(
    r"\s*(?:[\"“]|(?:(?:pt|patient|he|she|therapist|notes?)\s+)?(?:reports?|states?|says|feels|"
    r"describes?|documents?)\b)", re.IGNORECASE)
_VISIT_COURSES = frozenset({*COURSE_TREATMENTS.values(), "home_exercise", "tens"}) - {"other"}
#: A verdict that opens with the treatment's stop: "; stopped after a week for ...", "; she
#: quit it after ten days because ...", "; took it for three weeks, felt ... and quit"
_STOP_LEAD_RE = re.compile(
    r"\s*(?:(?:he|she|I|they|pt|patient|the\s+patient)\s+)?(?:stopped|quit|discontinued|d/c'?d|"
    r"tapered\s+(?:off|down)|weaned\s+off|took\s+(?:it|them|only)\b)", re.IGNORECASE)


#: A conditional clause: from "if" / "unless" to the comma, semicolon or "then" that closes it.
_CONDITION_OPEN_RE = re.compile(r"\b(?:if|unless)\b", re.IGNORECASE)
_CONDITION_CLOSE_RE = re.compile(r"[,;]|\bthen\b|\.(?:\s|$)", re.IGNORECASE)


def _condition_around(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the conditional clause an outcome phrase stands in, if it does: the last
    "if" / "unless" before it with no clause break between them, to the break after it."""
    opening = None
    for match in _CONDITION_OPEN_RE.finditer(sentence, 0, start):
        opening = match.start()
    if opening is None or re.search(r"[,;]|\.\s", sentence[opening:start]):
        return None
    close = _CONDITION_CLOSE_RE.search(sentence, end)
    return opening, close.start() if close else len(sentence)


#: A drug's strength and directions after its name ("600 mg three times daily", "15 mg qhs
#: prn", "1 tab PO BID", "#90").
_REGIMEN_TAIL_RE = re.compile(
    r"(?:\s*(?:\d+(?:[.,/]\d+)*\s*(?:mg|mcg|g|ml|%|mg/\w+)?|#\s*\d+|tabs?|tablets?|caps?|"
    r"capsules?|patch(?:es)?|po|p\.o\.|daily|nightly|once|twice|three|four|times?|a\s+day|per\s+"
    r"day|(?-i:[qQ]\s*\d+\s*h|[qQ][dhDH]|[qQ]?[hH][sS]|[bBtTqQ][iI][dD]|PRN|prn)|at\s+(?:bedtime|"
    r"night)|in\s+the\s+(?:morning|evening)|as\s+needed|every\s+\d+\s+hours?)\b\.?)*",
    re.IGNORECASE)
#: A relative clause that opens right before an outcome phrase: ", which helps a little",
#: ", which was stopped", "which really helped" (its antecedent is named before it).
_RELATIVE_LEAD_RE = re.compile(r",?\s*\bwhich\s+(?:[\w'-]+\s+){0,2}$", re.IGNORECASE)


#: The drug stopped for the effect just told, quoted with it ("upset his stomach within a
#: week so he stopped it", "caused dizziness, and she tapered off it").
_STOPPED_AFTER_RE = re.compile(
    r"[^.;]{0,40}?(?:\b(?:so|and|then)\s+|,\s*)(?:(?:he|she|I|they|the\s+patient)\s+)?"
    r"(?:was\s+|were\s+|has\s+|had\s+)?(?:stopped|quit|discontinued|tapered\s+(?:off|down)|"
    r"d/c'?d|weaned\s+off)(?:\s+(?:of\s+)?(?:it|them|taking\s+(?:it|them)))?(?:\s+(?:after|within)\s+"
    r"(?:an?|one|two|three|four|five|six|a\s+few|a\s+couple\s+(?:of\s+)?|\d+)\s+"
    r"(?:days?|weeks?|doses?|months?))?", re.IGNORECASE)


@lru_cache(maxsize=256)
def _phrases_in(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Every outcome phrase of `_OUTCOMES` in the sentence: (start, end, outcome)."""
    gate, compiled = _own_outcome_patterns()
    return tuple((m.start(), m.end(), compiled[index][1]) for index in gate.candidates(sentence)
                 for m in compiled[index][0].finditer(sentence))


def _graded_by_a_longer_phrase(sentence: str, start: int, end: int, outcome: str) -> bool:
    """Whether the words around an outcome phrase grade it otherwise, as a longer phrase of
    another outcome that takes it in: the degree a help is given after its verb ("helps a
    little", "helps some", "helped very little"), a limit before it ("only helps"). The
    longer phrase is the statement; the verb alone inside it states nothing of its own."""
    return any(s <= start and end <= e and e - s > end - start and other != outcome
               for s, e, other in _phrases_in(sentence))


def parse_treatment_trial(mention: Mention) -> list[Found]:
    sentence = mention.sentence
    outcome = mention.meta["outcome"]
    if _graded_by_a_longer_phrase(sentence, mention.start, mention.end, outcome):
        return []
    if outcome == "not_tolerated" and _DENIED_RE.search(mention.before(30)):
        return []  # "no stomach upset" is a denied side effect, not intolerance
    if outcome == "not_tolerated" and _SIDE_EFFECTS_WATCHED_RE.search(
            sentence[:mention.start]) and _SIDE_EFFECTS_WORD_RE.fullmatch(mention.text.strip()):
        return []  # "to review the trial (pain, side effects, UDS)": watched for, not found
    treatments = _bare_therapy(_treatments_in(sentence), sentence, mention.hints)

    carried_over = _semicolon_carried(sentence, mention.start, mention.end, treatments, outcome)

    # an outcome a relative clause states ("meloxicam 15 mg daily, which helps a little, and
    # tramadol at night") judges the clause's antecedent, the treatment before it
    relative = bool(_RELATIVE_LEAD_RE.search(sentence[:mention.start])) and any(
        t[1] <= mention.start for t in treatments)

    def distance(item: tuple[int, int, str]) -> int:
        # an outcome never crosses ";" to the next item of a list ("gabapentin, which did
        # not help; nortriptyline, ...": issue 11 §3), unless its own clause names no
        # treatment: then it judges the one the clause before ends on
        if item[1] <= mention.start:
            crossed = ";" in sentence[item[1]:mention.start] and item != carried_over
            # a drug's strength and directions are part of its name's phrase ("gabapentin
            # 600 mg three times daily with partial benefit"): measured from their end
            tail = _REGIMEN_TAIL_RE.match(sentence, item[1], mention.start)
            return 10_000 if crossed else mention.start - (tail.end() if tail else item[1])
        if item[0] >= mention.end:
            if relative or ";" in sentence[mention.end:item[0]]:
                return 10_000
            return item[0] - mention.end + 10
        # named inside the outcome phrase, it is what the phrase judges ("stopped gabapentin
        # two weeks ago because of dizziness")
        return 0 if item[0] > mention.start else 10_000

    course = mention.hints.get("course")
    if not treatments and course:
        # a therapy course's note judges its course without naming it ("Good progress",
        # "pt reports 'same as when I started'")
        return [Found({"treatment": course, "outcome": _graded(
            outcome, sentence, mention.start, _clause_end(sentence, mention.end))},
            mention.start, mention.end, negated=False)]
    if outcome in ("helped", "partial") and _HELP_DENIED_RE.search(mention.before(30)):
        return []  # "no lasting help", "does not help": the failure's phrase reads it
    if not treatments:
        if _SYMPTOM_LEFT_RE.match(mention.text):
            return []  # "Pain unchanged." alone: a state, not a verdict on an earlier sentence
        return _judged_topic(mention, outcome)
    near = [t for t in treatments if distance(t) <= 90]
    condition = _condition_around(sentence, mention.start, mention.end)
    if condition is not None:
        # an outcome in a condition judges what the condition names, never the treatment
        # the main clause proposes ("if PT fails, we'd consider an ESI", "an injection if no
        # improvement in six weeks")
        treatments = [t for t in treatments if condition[0] <= t[0] and t[1] <= condition[1]]
        near = [t for t in near if t in treatments]
    if _AFTER_ONLY_RE.search(mention.text):
        # "pain persists despite PT and naproxen": what the symptoms outlasted follows
        near = [t for t in near if 0 <= t[0] - mention.end <= 30]
    elif _BEFORE_ONLY_RE.search(mention.text):
        # "PT and chiropractic; the pain outlasted both": what it outlasted precedes
        near = [t for t in near if t[1] <= mention.start]
        if not any(t[1] <= mention.start for t in treatments):
            # nothing named before it: what it outlasted is the previous sentence's list
            return _judged_topic(mention, outcome)
    if not near:
        return []
    closest = min(near, key=distance)
    if _SYMPTOM_LEFT_RE.match(mention.text) and (closest[2] not in _VISIT_COURSES or not
                                                 _SET_OFF_BEFORE_RE.search(
                                                     sentence[closest[1]:mention.start])):
        # a symptom the same after a drug of a list or a table, or in the writer's running
        # account: not set off as the course's verdict ("Completed 10 OT visits - 'the
        # burning is unchanged'", "OT, 20 visits, allodynia unchanged")
        return []
    if closest[2] == "injection" and _BARE_RESPONSE_RE.search(mention.text) and not \
            _JUDGED_RE.search(sentence[closest[0]:_clause_end(sentence, mention.end)]):
        return []  # "gave 80% relief for 3 weeks" is the injection's response (convention 5)
    outcome = _graded(outcome, sentence, mention.start, _clause_end(sentence, mention.end))
    regraded = outcome == "failed" and bool(_SAME_SYMPTOM_RE.fullmatch(mention.text.strip())) \
        and bool(_GAIN_BEFORE_RE.search(sentence[closest[1]:mention.start]))
    if regraded:
        outcome = "partial"
    # "failed trials of gabapentin, duloxetine and multiple NSAIDs", "18 physical therapy
    # sessions and 12 chiropractic sessions without lasting benefit": the outcome covers
    # the treatments listed together with the closest one
    group = [closest]
    # a parenthesis belongs to its one item; an outcome after a list reaches back only over
    # "and" ("PT and chiropractic without benefit"), one before it over the whole list
    # ("failed PT (24 visits), two ESIs (2020), meloxicam and activity modification": the
    # items' own parentheses are no break in it), into the parenthesis that lists what a
    # course held ("failed conservative care (PT x10, NSAIDs, muscle relaxant)") and past the
    # colon of a heading ("Conservative care failed: 12 hand therapy visits, bracing, ...")
    within = sentence.rfind("(", 0, mention.start) > sentence.rfind(")", 0, mention.start)
    directions = () if within or mention.text.lstrip().startswith("(") else (
        (-1,) if relative else (-1, 1))
    for direction in directions:
        index = treatments.index(closest)
        joined = False  # "naproxen, PT and chiropractic, without benefit": the list's "and"
        while 0 <= index + direction < len(treatments):
            other = treatments[index + direction]
            current = treatments[index]
            lo, hi = (other[1], current[0]) if direction < 0 else (current[1], other[0])
            gap = _PARENTHESIS_RE.sub("", sentence[lo:hi])
            if len(gap) > 60 or re.search(r"[;]|\.\s|\bbut\b|\bwhile\b|\bwith(?:out)?\b", gap):
                break
            before_outcome = other[1] <= mention.start
            joiner = (r"^\s*(?:\w+\s+){0,2}(?:and|or)\s+(?:\w+\s+){0,4}$" if before_outcome
                      else r",|\band\b|\bor\b|^\s*\(\s*$" + (
                          r"|:" if lo <= mention.start < hi else ""))
            # past the list's last "and", its earlier items are joined by commas
            serial = before_outcome and joined and re.fullmatch(
                r"\s*,\s*(?:[\w-]+\s+){0,4}", gap)
            if not (re.search(joiner, gap) or serial):
                break
            joined = joined or bool(re.search(r"\b(?:and|or)\b", gap))
            group.append(other)
            index += direction
    results = []
    for t_start, t_end, treatment in sorted(group):
        if (t_start, t_end, treatment) != closest and (
                _stronger_outcome_nearby(sentence, outcome, t_start, t_end) or
                _own_outcome(sentence, t_end) - {outcome}):
            continue  # it states its own outcome
        if _stronger_outcome_nearby(sentence, outcome, t_start, t_end,
                                    skip=mention.start if regraded else None):
            continue
        start, end = min(t_start, mention.start), max(t_end, mention.end)
        if outcome == "not_tolerated" and (stopped := _STOPPED_AFTER_RE.match(sentence, end)):
            end = stopped.end()  # "upset his stomach, so he stopped it": the stop quotes it
        if (t_start, t_end, treatment) != closest and not (
                _COLLECTIVE_OUTCOME_RE.fullmatch(sentence[max(0, mention.start - 20):mention.start]
                                                 .rsplit(",", 1)[-1])
                or _COLLECTIVE_OUTCOME_RE.match(mention.text)):
            # an outcome said once after the list is each item's quote ("gabapentin,
            # duloxetine and pregabalin without success"); one before it, the item's name
            start, end = (t_start, mention.end) if t_end <= mention.start else (
                t_start, t_end)
        hypothetical = (mention.hypothetical and bool(re.search(
            r"\b(?:if|would|could|consider\w*|after)\b", sentence[max(0, start - 40):end],
            re.IGNORECASE))) or bool(_CONDITION_RE.search(sentence[max(0, start - 60):mention.start]))
        results.append(Found({"treatment": treatment, "outcome": outcome}, start, end,
                             negated=False, hypothetical=hypothetical))
    return results


# -- devices
#: How long a trial ran, written before "trial" ("30-day home trial", "a 4-week trial"), or
#: before the rental it was ("completed the 30-day rental").
_TRIAL_LENGTH = r"\d+-?\s*(?:day|week|month)\s+(?:home\s+)?(?:trial|rental)"
_DEVICE_TABLE = [
    (rf"(?-i:TENS)(?:\s+unit)?(?:\s+(?:{_TRIAL_LENGTH}|trial))?|transcutaneous\s+electrical\s+"
     r"nerve\s+stimulat\w+", {"device": "tens"}),
    (rf"(?:(?-i:H-?wave)|h-wave)(?:\s+(?:unit|device))?(?:\s+(?:{_TRIAL_LENGTH}|trial))?",
     {"device": "h_wave"}),
    # "rented IF unit": interferential by its abbreviation, only as a unit (capital "IF")
    (r"interferential(?:\s+current)?(?:\s+(?:stimulat\w+|unit|device))?(?:\s+trial)?|"
     r"(?-i:IF)\s+unit", {"device": "interferential"}),
    # a spinal cord stimulator on trial, by its name or abbreviation ("SCS trial (7 days)",
    # "Appeal SCS"); a permanent one is an implant (`surgery`), see parse_device
    (r"neuromuscular\s+(?:electrical\s+)?stimulat\w+(?:\s+unit)?|(?:spinal\s+cord|dorsal\s+root"
     r"\s+ganglion)\s+stimulator\s+trial|(?-i:SCS)\s+trial|(?<=appeal\s)(?-i:SCS)\b(?!-)|"
     r"(?-i:SCS)(?=\s+discussion)", {"device": "other"}),
    (r"(?:documented\s+)?(?:benefit|relief)\s+(?:during|from|with)\s+the\s+\d+-(?:day|week|month)\s+"
     r"(?:home\s+)?trial", {"device": None}),
    # a trial told by its length alone, the device named elsewhere in the sentence ("uses a
    # TENS unit daily; 30-day trial in 2016 reduced his pain"); not a drug's ("trial of")
    (rf"{_TRIAL_LENGTH}(?!\s+of\b)", {"device": None}),
]
#: A trial told by its dates instead of its length: "TENS rental trial log (06/19/2020 -
#: 07/18/2020)", "H-wave trial 3/1/21 to 3/30/21". Both ends are days of use.
#: (OCR writes a date's 1 as l or I and its 0 as O: "l0/05/2024")
_OCR_DATE = r"[\dlIO]{1,2}/[\dlIO]{1,2}/[\dlIO]{2,4}"
#: The range's first date may leave its year to the second: "rental 08/01-08/31/2016",
#: "trial 12/20 to 1/18/2019" (the year before, when the month comes after the end's).
_OCR_BEGIN = r"[\dlIO]{1,2}/[\dlIO]{1,2}(?:/[\dlIO]{2,4})?"
_TRIAL_SPAN_RE = re.compile(
    rf"^[^.;:\n]{{0,30}}?\(?\s*(?P<begin>{_OCR_BEGIN})\s*(?:-|\u2013|to|through|thru)\s*"
    rf"(?P<end>{_OCR_DATE})(?!\w)", re.IGNORECASE)


#: The same range heading the trial's log before the device is named: "RENTAL TRIAL LOG
#: 01/22/2016 - 02/21/2016  Unit: 2-lead TENS", "Trial period 3/1/21 to 3/30/21 (H-wave)".
_TRIAL_SPAN_BEFORE_RE = re.compile(
    rf"\btrial(?:\s+(?:log|period|dates?))?\s*:?\s*\(?\s*(?P<begin>{_OCR_BEGIN})\s*"
    rf"(?:-|\u2013|to|through|thru)\s*(?P<end>{_OCR_DATE})\)?[^.;]{{0,40}}$", re.IGNORECASE)


def _trial_span_days(after: str, before: str = "") -> int | None:
    """Days of a trial given as a date range just after the device's name (or heading its
    trial's log just before it), counting both ends (a rental from the 6th through the 5th
    of the next month is a 30-day trial)."""
    match = _TRIAL_SPAN_RE.match(after) or _TRIAL_SPAN_BEFORE_RE.search(before)
    if not match:
        return None
    first, last = (match.group(part).translate(OCR_DIGITS) for part in ("begin", "end"))
    end = parse_date(last)
    if end is not None and first.count("/") == 1:  # the year is the end's (or the one before)
        try:
            month, day = (int(part) for part in first.split("/"))
            begin = dt.date(end.year - (1 if month > end.month else 0), month, day)
        except ValueError:
            return None
    else:
        begin = parse_date(first)
    if begin is None or end is None or end < begin:
        return None
    return (end - begin).days + 1


#: A stimulator that is implanted for good is no trial: "permanent SCS", "SCS implant".
_PERMANENT_BEFORE_RE = re.compile(r"\bpermanent\s+$", re.IGNORECASE)
_IMPLANT_AFTER_RE = re.compile(r"\s*(?:implant\w*|placement)\b", re.IGNORECASE)


def parse_device(mention: Mention) -> list[Found]:
    sentence = mention.sentence
    if sentence.strip().isupper():
        return []  # a title
    if mention.meta["device"] is None:  # "benefit during the 30-day trial": of the device named
        named = [(m.start(), m.end(), meta["device"]) for pattern, meta in _DEVICE_TABLE
                 if meta["device"]
                 for m in re.finditer(flexible_spaces(pattern), sentence, re.IGNORECASE)]
        if not named or any(lo <= mention.start < hi for lo, hi, _device in named):
            return []  # no device, or the trial is part of the device's own name
        named = [(lo, device) for lo, _hi, device in named]
        device = min(named, key=lambda item: abs(item[0] - mention.start))[1]
        mention = Mention(sentence, mention.start, mention.end, {"device": device},
                          mention.section, mention.negated, mention.hypothetical)
    if _PERMANENT_BEFORE_RE.search(sentence[max(0, mention.start - 12):mention.start]) or \
            _IMPLANT_AFTER_RE.match(sentence, mention.end):
        return []
    clause = sentence[max(0, mention.start - 60):mention.end + 100]
    outcome = "ongoing"
    # "no help", "no change": a denied help is no help ("help" alone would read as helped)
    if re.search(r"fail\w*|no\s+(?:benefit|relief|help|change|difference|improvement)\b|"
                 r"did\s*(?:not|n't)\s+help|not\s+helpful|"
                 r"without\s+(?:benefit|relief)", clause, re.IGNORECASE):
        outcome = "failed"
    elif re.search(r"help\w*|relief|benefit|improv\w*|reduc\w*\s+(?:pain|medication)|"
                   # a result told as the pain it took away: "about 50% less pain after use",
                   # "pain down by half with it"
                   r"\bless\s+pain\b|\d{1,3}\s*%\s+(?:less|lower|reduction|decrease)\b|"
                   r"\bpain\s+(?:down|decreased|reduced)\b", clause, re.IGNORECASE) \
            or next(pain_changes(clause), None):
        # (or as the scores it brought down: "pain 6/10 falling to 3/10 after use")
        outcome = "helped"
    value: dict = {"device": mention.meta["device"], "outcome": outcome}
    duration = re.search(rf"(?P<n>{NUMBER})[- ](?P<unit>day|week|month)", clause, re.IGNORECASE)
    if duration:
        n = to_number(duration.group("n")) or 0
        value["duration_days"] = n * {"day": 1, "week": 7, "month": 30}[
            duration.group("unit").lower()]
    elif (span := _trial_span_days(sentence[mention.end:mention.end + 60],
                                   sentence[max(0, mention.start - 90):mention.start])) is not None:
        value["duration_days"] = span
    # a device trial is planned when a request or condition introduces it, not because a
    # "considered ... not requested" elsewhere in the sentence says so
    planned = bool(re.search(r"(?<!not\s)\b(?:before|proceed\w*\s+with|consider\w*|referral|"
                             r"request\w*|purchase|plan\w*|discuss|if|candidate\s+for|appeal)\b"
                             r"[^.;]{0,40}$",
                             sentence[max(0, mention.start - 50):mention.start], re.IGNORECASE)
                   or re.search(r"^[^.;]{0,40}\b(?:if|at\s+a\s+later\s+date)\b|^\s+discussion\b",
                                sentence[mention.end:], re.IGNORECASE))
    negated = local_negation(sentence, mention.start, mention.end)
    if mention.text.lower().startswith(("documented", "benefit", "relief")):
        planned = False  # a trial's result, however the sentence goes on
    return [Found(value, mention.start, mention.end, negated=negated,
                  hypothetical=bool(planned) and not negated)]


# -- mechanism of injury
_INJURY_CONTEXT = re.compile(r"injur|accident|incident|hurt|mechanism|date\s+of\s+injury|"
                             r"\bDOI\b|\bMOI\b|industrial|while\s+working|at\s+work|on\s+the\s+"
                             r"job|occurred|sustained|strain|collision|robbery|year-old|y/o|"
                             r"since|felt|\bpop\b", re.IGNORECASE)
#: Injury events told by what happened to the body: blows, assaults, crushes, things that
#: gave way or fell, vehicles that struck the worker, a limb caught or wrenched. Past tense
#: (or a noun of the event) so that an activity that hurts now is not read as one.
_INJURY_EVENTS = (r"(?:was|were|being|got)\s+(?:kicked|bitten|punched|beaten|shoved|struck)|"
                  r"(?:kicked|bitten|punched|beaten|shoved)\s+(?:by|him|her|into)\b|"
                  r"assaulted|knocked\s+(?:down|over|off)|"
                  r"crush(?:ing)?\s+injury|crushing\s+(?:it|his|her)|"
                  r"rolled\s+(?:over|onto|on)\s+(?:it|him|her|his|the)|toppled|collapsed|"
                  r"(?:joist|floor|ladder|rung|step|scaffold\w*|railing|plank|chair|platform|roof|"
                  r"footing|board|shelf|shelving|rack)\s+(?:gave\s+way|broke|cracked|slid)|"
                  r"slid\s+off|T-?boned|broadsided|"
                  r"rear-?end(?:ed)?\s+(?:collision|accident|by)|collision|"
                  r"jerked|wrenched|yanked|(?:was|were|got)\s+(?:drawn|pulled|caught)\s+into|"
                  r"pinned|(?:a\s+)?slip(?:ping)?\s+(?:at\s+work|on)|"
                  r"twisted\s+(?:his|her|the)\s+(?:(?:left|right|L|R)\s+)?(?:knee|ankle|back|wrist|"
                  r"shoulder|neck|foot|hip|elbow)|(?:knee|ankle|back|foot)\s+twisted\s+(?:when|as|on)|"
                  r"stepped\s+(?:(?:backward|back|down)\s+)?(?:in|into|off|on|onto)\s+(?:a|an|the)\b|"
                  r"struck\s+(?:on|in)\s+(?:the\s+)?(?:top|side|back|face|head)|"
                  r"caught\s+(?:his|her)\s+(?:[\w-]+\s+){0,2}(?:hand|fingers?|arm|thumb|foot|sleeve|"
                  r"glove)\s+(?:in|between|on|under)\b|"
                  r"slipped\s+(?:on|off|in|and|while|from)|tripped\s+(?:over|on)\s+(?:a|an|the|"
                  r"his|her)|fell\s+(?:(?:approximately|about|approx\.?|around|nearly)\s+)?"
                  r"(?:\d+\s*(?:ft|feet|foot)\s+)?(?:backward|forward|down|off|from(?!\s+\d)|"
                  r"through|onto|into|against)\b|"
                  r"fall(?:s|ing)?\s+(?:from|off|through|down)\s+(?:a|an|the|his|her|\d)|"
                  r"(?:a|an)\s+(?:\d+[- ]?(?:ft|feet|foot)\s+)?fall\s+(?:from|off|through|down|"
                  r"onto|on|at|in)\b|held\s+a\s+(?:gun|handgun|knife)|"
                  r"pointed\s+a\s+(?:gun|handgun|knife)|(?:was|were)\s+(?:cut|lacerated|stabbed|"
                  r"electrocuted|shocked)|(?:harass\w+|assault\w*)\s+by")
#: Exertions that injure when told with a load or a moment: lifting, tossing, reaching,
#: bending to free something, moving furniture, flipping a mattress, wrestling a door.
_EXERTIONS = (r"toss(?:ed|ing)|throw(?:ing|n)|threw|reach(?:ed|ing)\s+(?:up|overhead|into|for|"
              r"over|across)|bent\s+(?:over\s+)?to|mov(?:ed|ing)\s+(?:a|an|the|his|her)\s+"
              r"(?:\w+\s+)?(?:couch|sofa|furniture|refrigerator|fridge|dresser|table|desk|bed|"
              r"mattress|piano|cabinet)|(?:help(?:ed|ing)\s+\w+\s+)?mov(?:ed|ing)\s+furniture|"
              r"flip(?:ped|ping)\s+(?:a|an|the)|turn(?:ed|ing)\s+(?:a|an|the)\s+(?:\w+\s+)?"
              r"(?:mattress|patient|resident)|wrestl(?:ed|ing)|(?:slicing|cutting)\s+\w+|"
              r"(?:was|were)\s+\w+ing\b(?=[^.;]{0,40}?(?:\d+[- ]?(?:lbs?|pounds?|kg)\b|\bheavy\b|"
              r"\bloaded\b))")
#: The injury named as such and placed in time or at work ("injured the left knee on
#: 11/11/2019", "a work injury on 02/19/2021", "hurt his right shoulder on 12/02/2021").
_INJURY_NAMED = (r"(?:work|industrial|job|lifting|jolting|twisting|crush|on-the-job)\s+"
                 r"(?:injury|accident|incident)\s+(?:on|in|at|while|when|from)\b|"
                 r"(?:an?\s+)?injury\s+at\s+work|"
                 r"(?<!the\s)(?<!an\s)(?:injured|hurt)\s+(?!worker)(?:(?:his|her|the|their)\s+)?"
                 r"(?:[\w/]+\s+){0,3}?(?:on|at\s+work|when|while|in\s+(?:a|an|the))\b")
#: Cumulative trauma told by the work done for years or for whole shifts ("filing nails
#: 10 hrs a day for 12 years", "kneeling on concrete floors for 30 years", "stands and
#: walks on concrete for 10-hour shifts", "rests his elbow on the bench 8-10 hours a day").
_SUSTAINED_POSTURES = (r"(?:prolonged|sustained|constant|repeated)\s+(?!relief|benefit|"
                       r"improvement)\w+ing|repetitive\s+(?:use\s+of\s+)?\w+(?:ing|\s+work)\b|"
                       r"\w+ing\b[^.;]{0,60}?\b\d+(?:\s*-\s*\d+)?[- ]?(?:hours?|hrs?|patients)"
                       r"\s*(?:a\s+|per\s+|/\s*)(?:day|shift)|"
                       r"\w+(?:ing|\s+work)\b[^.;]{0,60}?\b(?:for|over|x)\s+\d+(?:\s*-\s*\d+)?"
                       r"\s+(?:years|yrs)|\d+[- ](?:hour|hr)\s+shifts\s+\w+ing|long\s+hours\s+at|"
                       r"(?:stands?|walks?)\s+(?:and\s+walks?\s+)?on\s+concrete|"
                       r"cumulative\s+(?:trauma|stress)\s+(?:\(|of\b|from\b)")
#: The same accounts in Spanish, as bilingual notes quote the worker ("me caí", "se resbaló",
#: "estaba volteando un colchón", "levantando una caja").
_SPANISH_ACCOUNTS = (r"(?:me|se)\s+(?:ca[ií]|cay[oó]|resbal[eéoó]|tropec[eé]|tropez[oó]|"
                     r"torc[ií]|golpe[eéoó])\w*|estaba\s+\w+ando\b|estaba\s+\w+iendo\b|"
                     r"(?:levantando|cargando|empujando|jalando|volteando)\s+\w+")
_MECHANISM_VERBS = (r"slipped|fell|falls?\s+(?:from|off|through|down)|a\s+fall|tripped|twisted|"
                    r"was\s+struck|struck|"
                    r"rear-ended|lift(?:ed|ing)|push(?:ed|ing)|pull(?:ed|ing)|carr(?:ied|ying)(?!\s+forward)|"
                    r"stepped|caught|held\s+at\s+gunpoint|motor\s+vehicle\s+(?:collision|"
                    r"accident)|repetitive\b|cumulative\s+trauma(?!\s+period)|sustained\s+"
                    r"awkward|crushed|"
                    r"thrown|jumped|restraining|transferring|patient[- ]transfer|"
                    r"(?:the|a)\s+(?:forklift|scaffold|ladder|plank|jack)\s+\w+|"
                    # how else injuries are told: falls, strains, blows, burns, years of work
                    r"slip\s+and\s+fall|falling|rolled\s+(?:his|her)|inversion\s+injury|"
                    r"pivot(?:ed|ing)|tipped\s+(?:onto|over\s+onto)|splashed|burned|"
                    r"(?:hit|struck)\s+by|collided|years\s+of\s+\w+ing|"
                    r"repetitive\s+use|overuse|" + _INJURY_EVENTS + "|" + _EXERTIONS + "|"
                    + _INJURY_NAMED + "|" + _SUSTAINED_POSTURES + "|" + _SPANISH_ACCOUNTS)
_MECHANISM_TABLE = [
    (r"(?:while|when)\s+(?:he|she|the\s+patient|the\s+worker)?\s*(?:was\s+)?"
     r"(?:\w+ing)\b[^.;]{0,80}", {}),
    (rf"(?:(?:the|a)\s+\w+\s+)?(?:{_MECHANISM_VERBS})[^.;]{{0,80}}", {}),
]


_MECHANISM_RES = [re.compile(flexible_spaces(p), re.IGNORECASE) for p, _ in _MECHANISM_TABLE]


@cache
def _mechanism_rewrites() -> list[re.Pattern[str] | None]:
    """`_MECHANISM_RES`' exact rewrites over lower-cased text (`lowered.exact_rewrite`)."""
    from openimr.records.lowered import exact_rewrite

    return [exact_rewrite(pattern) for pattern in _MECHANISM_RES]


@lru_cache(maxsize=64)
def _mechanism_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    """Where each mechanism phrase of the sentence starts and ends, in order, once each: a
    sentence's every mention searched it with all the phrases again (issue 18)."""
    from openimr.records.lowered import lowered_low, span_finditer

    low = lowered_low(sentence)
    return tuple(sorted({(m.start(), m.end()) for r, rewrite in zip(
        _MECHANISM_RES, _mechanism_rewrites(), strict=True)
        for m in span_finditer(r, rewrite, sentence, low)}))


def parse_mechanism(mention: Mention) -> list[Found]:
    # one mechanism per sentence: the first account of it ("the forklift struck a pallet
    # rack and he was thrown against the steering column"); an earlier phrase that tells
    # no injury ("with lifting at work ... after he slipped on ice") does not hide it
    earlier = [(start, end) for start, end in _mechanism_spans(mention.sentence)
               if start < mention.start - 3]
    if any(_tells_the_account(replace(mention, start=start, end=end))
           for start, end in earlier):
        return []
    if not _tells_the_account(mention):
        return []
    text = mention.text
    # the account ends where the note goes on to what followed ("... on 02/27/2020 and did
    # not improve with 24 PT visits"): that clause's negation is not the injury's
    cut = _MECHANISM_END.search(text)
    if cut:
        text = text[:cut.start()]
    closing = text.find(")")
    if closing >= 0 and "(" not in text[:closing]:
        text = text[:closing]  # "DOI 8/30/21 (MVA - rear-ended in company van)": the aside ends
    text = text.rstrip(" ,)")
    before = mention.sentence[max(0, mention.start - 30):mention.start]
    negated = bool(re.search(r"\b(?:no|denies|denied|without)\s+(?:\w+\s+){0,3}$", before,
                             re.IGNORECASE))
    hypothetical = bool(re.search(r"\b(?:if|whether|may\s+have|might\s+have)\b[^.;]*$",
                                  before, re.IGNORECASE))
    return [Found({"detail": " ".join(text.split())}, mention.start,
                  mention.start + len(text), negated=negated, hypothetical=hypothetical)]


def _tells_the_account(mention: Mention) -> bool:
    """Whether the phrase is an account of how an injury happened, not an activity that hurts
    now, a restriction, a risk or a header's aside."""
    dated = bool(re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\bDOI\b", mention.sentence))
    if re.search(r"(?:difficulty|cannot|can't|unable|trouble|with|avoids?|pain)\s+"
                 r"(?:(?!since|after|following|from)\w+\s+)?$",
                 mention.sentence[max(0, mention.start - 25):mention.start], re.IGNORECASE):
        return False  # an activity that hurts now, not how the injury happened
    if not (_INJURY_CONTEXT.search(mention.sentence) and (dated or re.search(
            r"injur|accident|incident|mechanism|\bMOI\b|occurred|robbery|collision|\bpop\b|"
            r"felt|at\s+work|while\s+working|on\s+the\s+job", mention.sentence,
            re.IGNORECASE)) or _tells_an_injury(mention)) or re.search(
            r"fear|restriction|\bover\s+\d|>\s*\d|\brisk\b|precaution|asleep",
            mention.sentence[max(0, mention.start - 25):mention.end], re.IGNORECASE) or \
            re.match(r"(?:when|while)\s+(?:describing|discussing|talking|recounting|recalling|"
                     r"telling|speaking)", mention.text, re.IGNORECASE) or \
            _ASIDE_BEFORE_RE.search(mention.before(40)) or _NOT_DONE_BEFORE_RE.search(
                mention.before(25)):
        return False
    return True


#: An account that needs no other word of injury around it: an injury event itself (a fall,
#: a blow, a crush, a collision), the injury named and placed, years or shifts of the same
#: work, or the worker's own words in Spanish.
_STRONG_ACCOUNT_RE = re.compile(flexible_spaces(
    r"(?:(?:the|a)\s+\w+\s+)?(?:struck\s+(?:him|her|his|the)|rear-ended|crushed|"
    r"(?:slipped|fell|tripped)\b(?!\s+(?:asleep|from\s+\d|behind|short|twice|\w+\s+times))|"
    r"thrown\s+(?:from|off|against|into)|slip\s+and\s+fall|" + _INJURY_EVENTS + "|" + _INJURY_NAMED + "|" + _SUSTAINED_POSTURES
    + "|" + _SPANISH_ACCOUNTS + ")"), re.IGNORECASE)
#: A load or a moment that makes an exertion an injury ("lifting a 50 lb box", "tossing a
#: 55-lb box onto a conveyor", "a full tub of dishes") and words that tie what follows to the
#: onset ("pain since lifting", "after reaching into").
_LOAD_RE = re.compile(r"\d+[- ]?(?:lbs?|pounds?|kg)\b|\b(?:heavy|loaded|full|stuck|jammed|"
                      r"seized)\b", re.IGNORECASE)
#: Where an account is only a label: the chief complaint in the worker's words ("CC: fell off
#: a ladder at work"), which the history below tells again.
_ASIDE_BEFORE_RE = re.compile(r"(?:\bCC|[Cc]hief\s+[Cc]omplaints?)\s*:\s*[\"“]?$", re.IGNORECASE)
#: A fall that is a drug's effect ("dizzy, fell in the bathroom") or a count of falls, or
#: a thing that fell ("the bottle fell in the toilet", "Norco use fell from 4 to 2 a day").
_NOT_THE_WORKERS_FALL_RE = re.compile(
    r"dizz|drows|unsteady|sedat|grogg|light-?headed|off\s+balance|side\s+effect|"
    r"(?:bottle|patch(?:es)?|pills?|tablets?|use|intake|scores?|count)\s+(?:\w+\s+)?fell\b|"
    r"\b(?:fell|tripped|slipped)\s+(?:twice|\w+\s+times)", re.IGNORECASE)
#: What the worker must not do or nearly did ("no repetitive knife work", "without prolonged
#: standing", "almost fell"): a restriction or a near miss, not how the injury happened.
_NOT_DONE_BEFORE_RE = re.compile(r"\b(?:no|without|avoid|limit|minimize|up\s+to|almost|nearly)"
                                 r"\s+$", re.IGNORECASE)
_DOING_THEN_RE = re.compile(r"(?:was|were)\s+\w+ing\b", re.IGNORECASE)
_ONSET_BEFORE_RE = re.compile(r"(?:\b(?:after|since|from|following|when|while|by)\s+(?:an?\s+|"
                              r"the\s+)?|\b(?:mech(?:anism)?(?:\s+of\s+injury)?|MOI|injury|how\s+"
                              r"injured)\s*:\s*)$", re.IGNORECASE)


def _tells_an_injury(mention: Mention) -> bool:
    """Whether the words themselves tell how an injury happened, without the sentence
    naming an injury or a date: an event verb, or an exertion with its load or tied to the
    onset of pain."""
    before = mention.sentence[max(0, mention.start - 40):mention.start]
    if _STRONG_ACCOUNT_RE.match(mention.text) and not _NOT_THE_WORKERS_FALL_RE.search(
            mention.sentence):
        return mention.section not in ("diagnoses", "impression") or bool(
            _ONSET_BEFORE_RE.search(before) or re.search(r"\d{4}\b", mention.text))
    # an exertion is an account when tied to the onset ("since lifting", "while tossing")
    # or told as what the worker was doing then ("he was tossing a 55-lb box") with its load
    return bool(_ONSET_BEFORE_RE.search(before[-20:]) or _LOAD_RE.search(mention.text) and (
        re.search(r"\b(?:was|were)\s+$", before) or _DOING_THEN_RE.match(mention.text)))


_MECHANISM_END = re.compile(
    r"[;(]|,?\s+(?:and|but)\s+(?:(?:he|she)\s+)?(?:has|have|had|did|does|was|is|were|then|"
    r"since|subsequently|underwent|completed|continues|reports)\b", re.IGNORECASE)


SPECS = [
    KindSpec(FactKind.pain_score,
             regex_triggers([*_PAIN_TABLE, (_PAIN_LIST_RE.pattern, {"listed": True})]),
             parse_pain_score,
             anchor=r"10|[lI][0O]|1O|(?-i:VAS|NRS)|scale|ten|dose|pill|tablet|medication|meds|"
                    r"medicine|avg|average|least"),
    KindSpec(FactKind.injection_history, regex_triggers(_INJECTION_TABLE), parse_injection,
             anchor=(r"epidural|(?-i:ES[Il]|MBB|TPI|PRP|RFA|CSI)|facet|medial|repeat|"
                     r"second|third|another|prior|previous|injections?|inj|"
                     r"confirmatory|block|radiofrequency|rhizotomy|neurotomy|trigger|"
                     rf"injection|viscosupplement|hyaluronic|{VISCOSUPPLEMENT_NAMES}|"
                     r"platelet|prolotherapy|%|percent|shots?|fourth|2nd|3rd|4th|latter|"
                     r"(?-i:SGBs?)|each|cut|reduced|decreased|lowered|dropped|weaned|"
                     r"tapered|off|pre|hydrodilat|hydrodistension|(?-i:RF|RFTC|SNRBs?)")),
    KindSpec(FactKind.surgery, regex_triggers(_SURGERY_TABLE), parse_surgery,
             anchor=(r"ectomy|otomy|fusion|arthrodesis|(?-i:ACDF|ORIF|ACL|TLIF|PLIF|ALIF|XLIF)|"
                     r"nail|fixation|implant|implantation|revision|chondroplasty|"
                     r"arthroscop|repair|decompression|release|replacement|arthroplasty|"
                     r"reduction|reconstruction|acromioplasty|debridement|hardware|surger|"
                     r"operation|surgical|(?-i:RCR|CTR|TKA|THA|UKA|TSA|BKA)|amputation|tenodesis|plasty|"
                     r"graft|transposition|scope|anesthesia|drainage|(?-i:APM|MUA|I&D|SAD)|"
                     r"tenolysis|recession|recon")),
    KindSpec(FactKind.work_status, regex_triggers(_WORK_TABLE), parse_work_status,
             anchor=(r"disab|(?-i:TTD|TPD|P&S|MMI)|duty|duties|work|restriction|lifting|"
                     r"odified|"
                     r"permanent|stationary|maximum|maximal|unemployed|laid|employed|rtw|"
                     r"retired|reassigned|trabajo|basis|full|usual|regular|customary|" + _EMPLOYER)),
    KindSpec(FactKind.treatment_trial, regex_triggers(
        (rf"(?<!\w)(?:{p})", {"outcome": o}) for p, o in _OUTCOMES), parse_treatment_trial,
        anchor=(r"tolera|side|sedat|grogg|upset|gastritis|dry|stopped|"
                r"discontinued|quit|fail|\bnot\b|didn't|doesn't|\bno\b|without|ineffective|"
                r"minimal|unsuccessful|refractory|help|relief|benefit|effective|works|"
                r"gives|reflux|touch|exhausted|feel|documented|mood|dizziness|nausea|sedation|"
                r"constipation|rash|itching|drowsiness|little|effect|gain|temporary|modest|"
                r"reported|results|improvement|\bfor\b|helped|helps|somewhat|edge|brief|"
                r"partial|mild|slight|limited|transient|short|wore|only|response|took|takes|" +
                _EFFECT_WORDS + "|" +
                _phrase_anchor())),
    KindSpec(FactKind.device_trial, regex_triggers(_DEVICE_TABLE), parse_device,
             anchor=r"(?-i:TENS|H-?wave|SCS|IF)|h-wave|transcutaneous|interferential|neuromuscular|"
                    # ("H-wave" is three words to the tokenizer: "H", "-", "wave")
                    r"stimulator|trial|wave"),
    KindSpec(FactKind.mechanism_of_injury, regex_triggers(_MECHANISM_TABLE), parse_mechanism,
             anchor=(r"while|when|slipped|fell|falls?|tripped|twisted|struck|rear-ended|lift|"
                     r"lifted|lifting|push|pushed|pushing|pull|pulled|pulling|carried|carrying|"
                     r"repetitive|cumulative|stepped|transfer|transferring|vehicle|caught|"
                     r"gunpoint|sustained|crushed|thrown|jumped|restraining|forklift|scaffold|rear|"
                     r"ended|slip|falling|rolled|inversion|pivot|pivoted|pivoting|tipped|"
                     r"splashed|burned|hit|collided|years|use|overuse|"
                     r"ladder|kicked|bitten|punched|assault|beaten|shoved|knocked|crush|"
                     r"toppled|collapsed|gave|slid|boned|broadsided|collision|jerked|wrenched|"
                     r"yanked|drawn|pinned|slip|slipping|fall|held|pointed|cut|lacerated|"
                     r"stabbed|electrocuted|shocked|harass|toss|throw|threw|reach|bent|mov|"
                     r"flip|turn|wrestl|slicing|cutting|work|industrial|job|jolting|twisting|"
                     r"injury|injured|hurt|prolonged|sustained|constant|repeated|hours?|hrs?|"
                     r"shifts|long|stands?|walks?|^me$|^se$|estaba|levantando|cargando|"
                     r"empujando|jalando|volteando|end")),
]
