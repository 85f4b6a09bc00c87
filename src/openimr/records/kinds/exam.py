"""Examination findings: what the examiner found, positive (abnormal) or not.

A normal or negative result is carried by `positive: false` with the negated flag clear
("SLR negative", "no spasm", "strength 5/5"), following the gold set's conventions.
"""

from __future__ import annotations

import dataclasses
import re

from openimr.model.facts import FactKind
from openimr.records.kinds.base import (
    Found,
    KindSpec,
    Mention,
    alternatives,
    level_of,
    listy,
    regex_triggers,
    rules_vocabulary,
    side_letter,
    side_letters,
    side_of,
    sides_named,
)


def _vocabulary() -> dict:
    """The examination vocabulary (`rules/exam.yaml`): tests by finding, result words,
    range-of-motion motions, muscles and limb parts, measures in other units."""
    return rules_vocabulary("exam.yaml")



_SIDE = (r"(?:(?:on\s+(?:the\s+)?)?(?:left|right|bilaterally|bilateral|bilat|both\s+sides|"
         r"(?-i:[LRB]))\b)")
_RESULT = (r"(?:mildly\s+|strongly\s+)?(?:positive|negative|positivo|negativo|\(\+\)|\(-\)|"
           r"\+(?!\d)|neg\b|pos\b)")

#: A result as the vocabulary writes it, positive or negative ("(+)", "neg", "equivocal").
_TEST_RESULT = (r"(?:mildly\s+|strongly\s+|weakly\s+|clearly\s+)?(?:"
                + alternatives(_vocabulary()["results"]["positive"]
                                + _vocabulary()["results"]["negative"]) + ")")
_POSITIVE_RESULT_RE = re.compile(alternatives(_vocabulary()["results"]["positive"]),
                                 re.IGNORECASE)
_NEGATIVE_RESULT_RE = re.compile(alternatives(_vocabulary()["results"]["negative"]),
                                 re.IGNORECASE)
_ROM_MOTION = alternatives(_vocabulary()["motions"])
# A measured value: degrees, a range, a change ("40->50°", "110° -> 145°"), OCR digits
# ("l40", "6O"), never a dose or a strength grade ("IR 5 mg", "4/5")
_DEGREES = r"(?:(?=[lO]*\d)[\dlO]{1,3})"
_ROM_VALUE = (rf"(?:to\s+)?(?:[↑↓]\s*)?-?{_DEGREES}(?:\s*(?:-|to)\s*{_DEGREES})?"
              r"(?:\s*/\s*\d{2,3})?(?![+-]?\s*/\s*5\b)(?![\d/+]|-(?!>))"
              r"(?:\s*(?:degrees|deg\b|°))?"
              rf"(?:\s*(?:->|→)\s*{_DEGREES}(?:\s*(?:degrees|deg\b|°))?)?"
              r"(?!\s*(?:mg|mcg|ml|%|tabs?|caps?|units?|times|sessions|visits|reps|min|minutes|"
              r"sec|seconds|s\b|lbs?|kg|cm|mm|ft|feet|hours?|hrs?|days?|weeks?|wks?|/10|#))"
              r"(?:\s*\((?:previously|at\s+eval|initial|(?-i:IE|lE)|was|era|left|right|(?-i:[LR]))"
              r"[^)]{0,20}\))?")
_ROM_ITEM = (rf"(?:(?:{_SIDE})\s+)?(?<![\w/])(?:{_ROM_MOTION})\s+(?:is\s+|was\s+)?"
             rf"(?:measured\s+(?:today\s+)?(?:at\s+)?)?(?:(?:{_SIDE})\s+)?"
             rf"(?:{_ROM_VALUE}(?:\s+(?-i:[LR])\s+{_ROM_VALUE})?|"
             r"(?:(?-i:WNL)|within\s+normal\s+limits)(?:\s+(?-i:[LRB])\b)?|"
             r"limited|restricted|decreased|reduced|full|to\s+(?:[CTLS]\d|mid-?shin|knee|"
             r"ankle|floor|fingertips?)[\w\s-]{0,20}?)")


_REGION_RES = [(region, re.compile("|".join(rf"(?<![\w/]){re.escape(w)}\b" for w in words),
                                   re.IGNORECASE))
               for region, words in _vocabulary()["regions"].items()]
_MOTION_NAME_RES = [(motion, re.compile(rf"(?:{alternatives(names)})", re.IGNORECASE))
                    for motion, names in _vocabulary()["motion_names"].items()]
_NORMAL_ROM: dict[str, dict[str, int]] = _vocabulary()["normal_rom"]
_NORMAL_FRACTION: float = float(_vocabulary()["normal_fraction"])
#: One measured motion: its name (or a bare "ROM a-b"), its values (one per side, or a
#: change "40->50"), and the other side's value in parentheses when given.
_ROM_MEASURE_RE = re.compile(
    rf"(?:(?<![\w/])(?P<motion>{_ROM_MOTION}|turns\s+head)|(?:range\s+of\s+motion|(?-i:A?P?ROM)))"
    rf"(?:\s+(?:is|was|measured\s+today|to|of))*\s*:?\s*(?:(?:{_SIDE})\s+)?(?:[↑↓]\s*)?"
    rf"(?:(?P<low>{_DEGREES})\s*(?:-|to)\s*(?={_DEGREES}))?"
    rf"(?P<values>{_DEGREES}(?:\s*(?:degrees|deg\b|°))?(?:\s*(?:->|→|/)\s*{_DEGREES}"
    rf"(?:\s*(?:degrees|deg\b|°))?)*(?:\s+(?-i:[LR])\s+{_DEGREES}(?:\s*°)?)?)"
    rf"(?:\s*(?:degrees|deg\b|°))?(?:\s*\((?:(?:left|right|(?-i:[LR]))\s+(?:\w+\s+)?"
    rf"(?P<other>{_DEGREES})|[^)]*)\))?", re.IGNORECASE)


def _named_tests() -> list[tuple[str, dict]]:
    """A named test written with its result, before or after it ("FABER neg", "Kemp (+)
    R", "positive Hawkins and Neer signs", "Tinel at the cubital tunnel negative"): one
    rule per finding the vocabulary files the test under."""
    rules = []
    for finding, names in _vocabulary()["tests"].items():
        name = rf"(?:{alternatives(names)})"
        # (a word may name the tests' kind: "Neer and Hawkins impingement signs")
        named = (rf"{name}(?:'s)?(?:\s*(?:,|/|and|&)\s*{name})*(?:(?:\s+[a-z]+)?\s+(?:tests?|"
                 r"signs?|maneuvers?))?")
        rules.append((rf"(?:{_TEST_RESULT}|no(?=\s+{named}\s+(?:tests?|signs?)))(?:\s+|(?<=[+)]))"
                      rf"(?<!\w\+){named}(?:\s+{_SIDE})?|{named}(?:\s+(?:at|over|"
                      rf"on|of)\s+(?:the\s+)?[\w\s']{{2,30}}?)?\s*(?:(?:is|was|are|were|remains?|"
                      rf"still|again|now|both|all)\s+){{0,3}}"
                      rf":?\s*{_TEST_RESULT}(?:\s+(?:at\s+)?\d+\s*(?:degrees|°|sec\w*|s)\b)?"
                      rf"(?:\s+{_SIDE})?(?:\s*\(?{_SIDE}\)?)?",
                      {"finding": finding, "test": True}))
    return rules
_MOTOR_NAME = r"(?:[A-Za-z][\w/-]*\s+){1,4}?"
_MUSCLE = alternatives(_vocabulary()["muscles"])
_BODY_PART = alternatives(_vocabulary()["body_parts"])
_LIMB_SIDE = r"(?:(?:left|right|(?-i:[LR]))\s+)?"
#: A muscle's bulk, girth or strength named by the muscle ("First dorsal interosseous
#: atrophy", "wasting of the thenar eminence", "Calf circumference 1.5 cm less on the left",
#: "residual quad weakness", "EHL weakness", "improving L5 motor deficit").
_MUSCLE_FINDING = (
    rf"(?:(?:mild|moderate|marked|severe|still|residual|early|persistent|progressive|"
    rf"improving|new|focal)\s+)*{_LIMB_SIDE}(?:{_MUSCLE})\s+(?:muscle\s+)?(?:atrophy|wasting|"
    rf"weakness)(?:\s+{_SIDE})?|"
    rf"(?:atrophy|wasting)\s+of\s+(?:the\s+)?{_LIMB_SIDE}(?:{_MUSCLE})(?:\s+{_SIDE})?|"
    rf"{_LIMB_SIDE}(?:{_MUSCLE})\s+(?:circumference|girth)\s+(?:is\s+)?[\d.]+\s*(?:cm|mm|in)\s+"
    rf"(?:less|smaller|decreased)(?:\s+(?:on\s+the\s+)?(?:left|right))?|"
    rf"(?:(?:mild|residual|persistent|progressive|improving)\s+)*(?:{_LIMB_SIDE})?"
    rf"(?-i:[CLS])\d\s+motor\s+deficit")
#: A sensory change by its root or its place after a sensory word earlier in the sentence
#: ("Sensation improved, mild dec L5 L", "slight decrease lateral right foot", "decreased L5
#: sensation", "Decreased sensation medial right shin").
_SENSORY_PLACE = (
    rf"(?:(?:slight(?:ly)?|mild(?:ly)?)\s+)?(?:dec\.?|decr\.?|decreased?|diminished|reduced)\s+"
    # (a level followed by a disc's or a canal's word is an imaging finding: "decreased L4-5
    # disc height", "reduced L5-S1 foraminal space")
    rf"(?:(?:in|over|at)\s+)?(?:the\s+)?(?:(?-i:[CLS])\d(?:-(?-i:[CLS])?\d)?"
    rf"(?![-\d]|\s*(?:disc|disk|intervertebral|height|foram\w*|canal|space|level|segment|vertebra\w*)\b)"
    rf"(?:\s+(?:sensation|"
    rf"dermatome|distribution))?(?:\s+(?-i:[LR])\b|\s+(?:left|right)\b)?|(?:lateral|medial|dorsal|"
    rf"volar|plantar|anterior|posterior)\s+{_LIMB_SIDE}(?:{_BODY_PART})\b)|"
    rf"(?:decreased|diminished|reduced|altered|impaired)\s+(?:sensation|light\s+touch|pinprick)\s+"
    rf"(?:(?:over|in|at|to)\s+)?(?:the\s+)?(?:(?:lateral|medial|dorsal|volar|plantar|anterior|"
    rf"posterior)\s+)?{_LIMB_SIDE}(?:{_BODY_PART})\b")
#: Mechanical symptoms: as nouns ("locking", "giving way"), and as verbs of the joint ("the knee
#: catches", "locked once last week", "gave way on the stairs", "click R TMJ"), a list of them
#: one finding ("catches and locks", "catching and clicking").
_MECHANICAL_NOUN = r"(?:locking|catching|giving[- ]way|gives[- ]way|buckling)"
_MECHANICAL_VERB = (r"(?:catches|locks|locked(?:\s+up)?|gave\s+way|buckles|clicks|clicking|"
                    r"(?:reciprocal\s+)?click|clunk|triggering)")

_SIGNS = (r"swelling|ecchymosis|erythema|redness|bruis(?:e|ing)|drainage|purulence|"
          r"fluctuance|warmth|induration|edema|ede(?-i:rn)a|edematous|odor|dehiscence")
_NEURO_COMPOUND = (r"(?:(?:(?:upper|lower)\s+extremity\s+)?(?:strength|sensation|reflexes|motor)"
                   r"(?:\s*,\s*|\s*,?\s+and\s+)){2}(?:strength|sensation|reflexes|motor)"
                   r"(?:\s+(?:are|were|is))?\s+(?:otherwise\s+)?(?:normal|intact)[^.;]{0,40}?"
                   r"(?=[.;]|$)|neuro(?:logic(?:al)?)?(?:\s+(?:exam(?:ination)?|screen))?\s+"
                   r"(?:is\s+|remains\s+)?(?:grossly\s+)?(?:intact|normal|(?-i:WNL))")
_NEURO_COMPOUND_RE = re.compile(_NEURO_COMPOUND, re.IGNORECASE)
_TABLE: list[tuple[str, dict]] = [
    (rf"(?:(?:positive|negative)\s+)?(?:straight[- ]leg[- ]rais(?:e|ing)|(?-i:SLRs?))"
     rf"(?:\s+(?:test|testing|sign))?(?:\s+(?:is|was|are|were))?"
     # "SLR L now negative to 70°", "SLR negativo bilateral": a side or "now" before the result
     rf"(?:(?:\s+{_SIDE})?(?:\s+(?:now|still|remains))?\s+(?:{_RESULT}))?"
     rf"(?:\s+{_SIDE})?(?:\s*(?:at\s+|to\s+|@\s*)?\d+\s*(?:degrees|deg\b|°))?",
     {"finding": "straight_leg_raise"}),
    (r"(?:(?:left|right|bilateral)\s+)?(?:deep\s+tendon\s+reflexes|(?-i:DTRs?)|reflexes|"
     r"(?:knee|ankle)\s+(?:reflex(?:es)?|jerks?)|(?:patellar|achilles|biceps|triceps|"
     r"brachioradialis|(?-i:BR))(?:\s*/\s*(?:patellar|achilles|biceps|triceps|brachioradialis|"
     r"(?-i:BR)))*(?:\s+(?:reflex(?:es)?|jerks?|tendon\s+reflex(?:es)?|DTRs?))?)\s*"
     r"(?:are\s+|is\s+)?:?\s*"
     r"(?:[0-4]\+?(?:/4)?(?!\s*/\s*[0-9])|absent|diminished|decreased|reduced|normal|"
     r"symmetric(?:al)?|intact|hyperactive|brisk|hypoactive|trace)(?:\s+(?:and\s+)?"
     r"(?:symmetric(?:al)?|=))?(?:\s*=)?(?:\s+" + _SIDE + r"|\s+throughout)?",
     {"finding": "reflex"}),
    (r"(?:absent|diminished|decreased)\s+(?:(?:left|right|(?-i:[LR]))\s+)?(?:ankle|achilles|patellar|"
     r"knee|biceps|triceps|brachioradialis)(?:\s+(?:reflex|jerk))?", {"finding": "reflex"}),
    (r"(?:no\s+)?(?:sustained\s+)?clonus|\d\s+beats\s+(?:of\s+clonus\s+)?(?:on\s+the\s+)?"
     r"(?:left|right)|hoffmann'?s?(?:\s+sign)?(?:\s+(?:is\s+)?(?:positive|negative))?"
     r"(?:\s+" + _SIDE + r")?|babinski(?:\s+sign)?|crossed\s+adductor(?:\s+response)?",
     {"finding": "reflex"}),
    (r"(?:decreased|diminished|reduced|absent|altered|impaired|abnormal|decr?\.?)\s+(?:sensation|"
     r"sensory|sens\.?|light\s+touch|(?-i:LT)|(?-i:PP)|pinprick|vibration)[^.;]{0,70}?(?:dermatomes?|"
     r"distribution|[CLS]\d\b|fingers?|digits?|toes?|foot|hand|thigh|leg|calf|forearm|arm|"
     r"thumb)\)?|(?:numbness|hypoesthesia|hypesthesia|dysesthesia|allodynia)\s+(?:to\s+[\w\s]"
     r"{0,15}?)?(?:in|over|along)\s+the\s+[^.;]{0,50}?(?:dermatome|distribution|fingers?|"
     r"digits?|toes?|foot|hand|thigh|leg|calf|dorsum)|(?:sensation|sensory(?:\s+exam"
     r"(?:ination)?)?|light\s+touch|dermatomes?)\s+(?:is\s+|was\s+|are\s+)?(?:grossly\s+)?"
     r"(?:intact|normal)(?:\s+to\s+[\w\s]{0,30}?(?:touch|pinprick))?(?:\s+[CLS]\d(?:-[CLS]\d)?)?"
     r"(?:\s+bilaterally)?|no\s+(?:focal\s+)?sensory\s+(?:deficits?|loss)|sensory\s+deficits?|"
     r"neurovascularly\s+intact(?:\s+distally)?|allodynia[^.;]{0,40}|"
     r"(?:(?:two|2)[- ]?(?:point|pt)(?:\s+discrim\w*)?|(?-i:2PD))(?:\s+(?:is|of))?[^.;\d]{0,30}?"
     r"\d+\s*mm[^.;,]{0,40}|"
     # "Sensation slightly reduced left thumb tip", "Hypesthesia lateral L foot"
     r"(?:sensation|light\s+touch|pinprick)(?:\s+to\s+[\w\s]{0,20}?)?\s+(?:is\s+|was\s+)?"
     r"(?:slightly\s+|mildly\s+|markedly\s+)?(?:decreased|reduced|diminished|absent|impaired|"
     r"altered)\b[^.;]{0,50}|(?:hypoesthesia|hypesthesia|hyperesthesia|hypersensitivity)\s+"
     r"(?:at|over|in|of|to)?[^.;]{0,40}|semmes-weinstein\s+[\d.]+[^.;,]{0,30}|sensation\s+"
     r"normalized|(?:slightly\s+)?diminished\s+in\s+the\s+[\w\s]{3,30}?(?:finger\w*|toe\w*|"
     r"thumb)",
     {"finding": "sensory_deficit"}),
    (rf"(?:(?:motor\s+)?strength|motor(?:\s+exam(?:ination)?)?|myotomes)[^.;]{{0,50}}?"
     rf"\b[0-5][+-]?/5\b(?:\s+(?:throughout|{_SIDE}|in\s+the\s+[\w\s]{{0,30}}?extremit(?:y|"
     rf"ies)))?|{_MOTOR_NAME}[0-5][+-]?/5\b(?:\s+(?:throughout|{_SIDE}|in\s+the\s+[\w\s]"
     rf"{{0,30}}?extremit(?:y|ies)))?(?:\s+with\s+(?:early\s+)?atrophy)?|\b[0-5][+-]?/5\s+"
     rf"(?:on\s+the\s+)?(?:left|right)|(?:(?:no\s+)?(?:upper|lower)\s+extremity\s+|focal\s+|"
     rf"motor\s+)?weakness\s+(?:of|in)\s+the\s+[\w\s]{{0,30}}|(?:motor\s+)?strength\s+(?:is\s+)?"
     rf"(?:normal|intact|full|equal|symmetric)(?:\s+{_SIDE})?|normal\s+(?:motor\s+)?strength|"
     rf"no\s+(?:focal\s+)?(?:(?:upper|lower)\s+extremity\s+)?(?:motor\s+)?(?:weakness|deficits?)|"
     rf"(?:able\s+to|unable\s+to|can)\s+(?:heel\s+(?:and\s+toe\s+)?walk|toe\s+walk)"
     rf"(?:\s+and\s+(?:heel|toe)\s+walk)?|"
     # "Heel and toe walk performed without difficulty", "toe walk weak on the left", "Heel
     # walk normal", "Unable to toe-walk on the left": the walk and how it went
     rf"(?:unable\s+to\s+)?(?:heel|toe)(?:\s*(?:and|/|&)\s*(?:heel|toe))?[- ]walk(?:ing)?"
     rf"(?:\s*:)?(?:\s+(?:is|was|are|were|performed))?\s+(?:(?:without|with)\s+difficulty|"
     rf"(?:mildly\s+|slightly\s+)?(?:normal(?:ly)?|intact|weak|impaired|limited|painful|"
     rf"unable|difficult)|(?:on\s+the\s+)?(?:left|right)(?=[,.;]|$))(?:\s+(?:on\s+the\s+)?"
     rf"(?:left|right|bilaterally|(?-i:[LR])\b))?|unable\s+to\s+(?:heel|toe)[- ]walk"
     rf"(?:\s+on\s+the\s+(?:left|right))?|"
     # "10 single-leg heel raises R vs 20 L", "Single-leg heel raise 8 L vs 20 R": the sides
     # compared
     rf"(?:\d+\s+)?single[- ]leg\s+heel\s+raises?(?:\s+(?:x\s*)?\d+)?\s+(?-i:[LR])\s+"
     rf"(?:vs\.?|versus)\s+\d+\s+(?-i:[LR])\b|"
     rf"cannot\s+perform\s+a\s+single[- ]leg\s+heel\s+raise(?:\s+on\s+the\s+(?:left|right))?|(?:grip|pinch)(?:\s+strength)?\s+[^.;]{{0,40}}?"
     rf"(?:\d+\s*(?:kg|kilograms|lbs?|pounds)|equal|symmetric|\d+%\s+of)[^.;]{{0,30}}|"
     rf"(?:\w+\s+)?(?:thenar|hypothenar|quadriceps|quad|deltoid)\s+(?:atrophy|bulk\s+"
     rf"symmetric|wasting)|quad(?:riceps)?\s+lag(?:\s+(?:absent|present|(?:of\s+)?(?:about\s+)?\d+\s*(?:degrees|deg|°)))?",
     {"finding": "motor_deficit"}),
    (_MUSCLE_FINDING, {"finding": "motor_deficit", "muscle": True}),
    (r"no\s+(?:(?:\w+\s+){0,3})?(?:atrophy|wasting)", {"finding": "other"}),
    (_SENSORY_PLACE, {"finding": "sensory_deficit", "sensory_place": True}),
    (r"(?:(?:medial|lateral)\s+)?joint[- ]line\s+(?:(?:mildly|markedly)\s+)?(?:tender(?:ness)?|"
     r"(?-i:TTP))|"
     r"(?:medial\s+|lateral\s+)?(?-i:JLT|MJLT|LJLT)|(?-i:MJL|LJL)\s+tender(?:ness)?|tender(?:ness)?\s+(?:over|along|at)"
     r"\s+the\s+(?:medial|lateral)\s+joint\s+line", {"finding": "joint_line_tenderness"}),
    (r"(?:(?:no|mild|moderate|marked|severe|diffuse|exquisite|focal)\s+)?(?:tenderness|tender)"
     r"(?:\s+to\s+(?:palpation|touch))?(?:\s+(?:over|of|at|along|in|about)\s+(?:the\s+)?"
     r"[\w\-/ ]{0,40}?(?=[,.;]|\s+(?:and|with|but)\b|$))?|(?:no\s+)?(?-i:TTP)(?:\s+(?!(?:with|and|but)\b)[\w\-/]+){0,6}|"
     r"non-?tender", {"finding": "tenderness"}),
    (rf"(?:(?:decreased|limited|restricted|reduced|painful|full|normal|guarded)\s+(?:and\s+"
     rf"painful\s+)?(?:active\s+|passive\s+)?(?:(?:lumbar|cervical|shoulder|knee|hip|wrist|"
     rf"ankle)\s+)?(?:range\s+of\s+motion|(?-i:A?P?ROM)))|(?:(?:left|right|lumbar|cervical|"
     rf"shoulder|knee|hip|wrist|ankle|(?-i:[LR]))\s+){{0,2}}(?:range\s+of\s+motion|"
     rf"(?-i:A?P?ROM))(?:\s*\([^)]{{0,10}}\))?\s*(?:is\s+|was\s+|:\s*)?(?:(?:mildly|markedly|"
     rf"severely|moderately)\s+)?(?:limited|decreased|restricted|reduced|full|normal|"
     rf"within\s+normal\s+limits|(?-i:WNL)|\d{{1,3}}\s*(?:-|to)\s*\d{{1,3}})[^.;,]{{0,40}}?"
     rf"(?=[.;,]|$)|(?:reduced|decreased|limited|restricted)\s+(?:(?:lumbar|cervical)\s+)?"
     rf"(?:flexion|extension|rotation|motion)|(?:cervical|lumbar|shoulder|hip|knee|wrist|ankle|"
     rf"elbow)\s+(?:motion|movement)\s+(?:is\s+)?(?:full|normal|limited|restricted|reduced)|(?:(?:lumbar|cervical|shoulder|knee|hip|wrist|ankle)\s+)?(?:{_ROM_ITEM})"
     rf"(?:\s*,\s*(?:and\s+)?(?:{_ROM_ITEM}))*(?:\s+(?:with|and)\s+(?:pain|reproduction\s+of"
     rf"[\w\s-]{{0,30}}))?(?:\s+{_SIDE})?|(?:mild\s+|moderate\s+)?pain\s+with\s+(?:lumbar\s+|"
     rf"cervical\s+)?(?:flexion|extension|rotation)(?:\s+and\s+(?:flexion|extension|"
     rf"rotation))?|composite\s+fist\s+(?:full|incomplete|\d+\s*cm)", {"finding": "range_of_motion"}),
    (r"\((?-i:[LR])\s+\d{1,3}\s*(?:-|/)\s*\d{1,3}\)", {"finding": "range_of_motion"}),
    # full motion said in words ("Full composite fist", "full painless ROM", "Left shoulder
    # full motion", "Full wrist and digital range of motion"); a finger's flexion lag
    (r"full\s+(?:composite\s+fist|(?:painless\s+|active\s+|passive\s+)?(?:range\s+of\s+motion|"
     r"(?-i:A?P?ROM)|motion)|(?:finger|digital|wrist|thumb)\s+(?:and\s+digital\s+)?(?:flexion"
     r"(?:/extension)?|range\s+of\s+motion|motion))(?:\s+bilaterally)?|"
     r"(?:(?:left|right|(?-i:[LR]))\s+)?(?:shoulder|elbow|wrist|hip|knee|ankle)\s+full(?:\s+motion)?"
     r"(?=[,.;]|$)|(?:(?-i:PIP|DIP|MCP)\s+)?flexion\s+lag(?:\s+(?-i:PIP|DIP|MCP))?(?:\s+\w+)?\s+"
     r"\d+\s*(?:degrees|°)", {"finding": "range_of_motion"}),
    # motion measured in other units: the jaw's opening in millimetres, a finger's total
    # active motion ("MIO 32 mm", "Maximum interincisal opening 28 mm", "TAM index 185°")
    (r"(?:(?:maximum|maximal|max)\s+(?:interincisal\s+|mouth\s+)?opening|(?-i:MIO))(?:\s+(?:of|is|was))?"
     r"\s*:?\s*\d{1,2}\s*mm", {"finding": "range_of_motion", "unit": "jaw"}),
    (r"(?-i:TAM)\s+(?:\w+\s+){0,2}?\d{2,3}\s*(?:°|degrees|deg\b)?(?:\s*(?:->|→)\s*\d{2,3}\s*"
     r"(?:°|degrees|deg\b)?)?",
     {"finding": "range_of_motion", "unit": "tam"}),
    (r"(?:(?:no|mild|moderate|severe)\s+)?(?:(?:muscle|paraspinal|paravertebral|"
     r"paraspinous|trapezius)\s+)?spasms?|(?:(?:no|mild|minimal|moderate|marked)\s+)?"
     r"hypertoni(?:city|c)(?:\s+(?:(?-i:[LRB])\b|[LR]\s*>\s*[LR]|bilateral|left|right)?[\w\s]{0,25}?"
     r"(?=[,.;]|$))?", {"finding": "spasm"}),
    (r"(?:(?:no|active|latent|palpable|multiple)\s+)?trigger\s+points?(?!\s+inject)|"
     r"taut\s+bands?", {"finding": "trigger_point"}),
    # "local twitch response", "with local twitch", "twitch (+)"
    (r"(?:local\s+)?twitch\s+responses?|local\s+twitch|twitch\s+(?:sign\s+)?(?:\(\+\)|positive)|"
     r"(?:positive|\+)\s+twitch", {"finding": "twitch_response"}),
    (r"referred\s+pain|referral\s+pattern|"
     # "palpation reproduces familiar pain referring to the occiput", "with referral to
     # occiput/shoulder": pain sent from the point to a named region (never a referral to a
     # clinic: the region is named)
     # ("pain referred to the right occiput", "symptoms referred into the left posterior
     # shoulder": the past participle, the side and a part of the region before it)
     r"(?:(?:pain|symptoms)\s+(?:referring|refers|referred)|referral|referring|refers)\s+"
     r"(?:of\s+pain\s+)?(?:in)?to\s+(?:the\s+|his\s+|her\s+)?(?:(?:ipsilateral|right|left|"
     r"bilateral|posterior|lateral|medial|upper|lower)\s+){0,2}(?:occiput|occipital\s+region|"
     r"scapula|shoulder|temple|head|neck|jaw|ear|arm|buttock|thigh|interscapular\s+region|"
     r"upper\s+back|retro-?orbital|eye|forehead|groin|calf|chest\s+wall|periscapular)",
     {"finding": "referred_pain"}),
    (r"(?:(?:positive|negative)\s+)?mcmurray'?s?(?:\s+(?:test|sign|maneuver))?(?:\s+(?:is\s+|"
     r"was\s+)?(?:positive|negative))?", {"finding": "mcmurray"}),
    (r"(?:(?:no|small|mild|moderate|large|trace|persistent|knee|joint)\s+)*effusion",
     {"finding": "effusion"}),
    (r"(?:(?:positive|negative)\s+)?(?:lachman|(?:anterior|ant\.?)\s+drawer|posterior\s+drawer|"
     r"apprehension|varus\s+stress|valgus\s+stress|pivot\s+shift)(?:\s+(?:test|sign))?(?:\s*:)?(?:\s+"
     r"(?:is\s+|was\s+)?(?:positive|negative|neg\b|pos\b|\(\+\)|\(-\)|stable|"
     # a laxity grade and its endpoint ("Lachman 1A firm endpoint", "Ant drawer 1+ soft")
     r"(?:(?:grade\s+)?[0-3][+AB]?\s+)?(?:firm|soft|hard|solid|absent|no)(?:\s+end\s*-?\s*point)?|"
     r"\d\+))?|(?:varus|valgus)(?:\s*(?:/|and)\s*(?:varus|valgus))?\s+(?:stress\s+)?(?:is\s+)?"
     r"stable|(?:ligamentous\s+)?(?:instability|"
     r"laxity)|stable\s+to\s+(?:varus|valgus)(?:\s*(?:and|/)\s*(?:varus|valgus))?(?:\s+stress)?"
     r"(?:\s+at\s+[\d\s]+and\s+\d+\s+degrees)?|stable\s+ligament(?:ous\s+exam(?:ination)?|s)|"
     r"(?:ligaments|(?-i:MCL|LCL|ACL|PCL)|(?:the\s+)?(?:knee|ankle)\s+is)\s+(?:are\s+|is\s+)?"
     r"stable", {"finding": "instability"}),
    (rf"(?:(?:intermittent|occasional|true|frequent)\s+)?\b{_MECHANICAL_NOUN}(?:\s*(?:,|/|and|or)\s*"
     rf"(?:{_MECHANICAL_NOUN}|{_MECHANICAL_VERB}))*(?!\s+(?:the|a|an|his|her|risk)\b)|"
     r"(?:not\s+a\s+)?(?:true\s+)?mechanical\s+(?:block|symptoms)", {"finding": "mechanical_symptoms"}),
    # the joint that catches, locks, gives way or clicks, in the worker's words or the
    # examiner's ("the knee 'catches' when she turns", "Thumb catches and locks in the
    # morning", "it gave way once on the stairs", "knee still buckles", "click R TMJ")
    (rf"(?<!with\s)(?<!w/\s)(?<!out\s)(?<!with\sa\s)(?<!out\sa\s)\b{_MECHANICAL_VERB}(?:\s*(?:,|/|and|or)\s*(?:{_MECHANICAL_VERB}|"
     rf"{_MECHANICAL_NOUN}))*\b(?!\s+(?:the|a|an|his|her|it|them|risk|box|door|in\s+place)\b)",
     {"finding": "mechanical_symptoms", "verb": True}),
    (r"(?:(?:mildly\s+)?(?:antalgic|normal|slow|guarded|wide-based|steppage|shuffling|"
     r"non-?antalgic|steady|unsteady|stiff|ataxic|spastic)(?:,\s*(?:unsteady|slow|guarded))?"
     r"\s+gait)|gait\s+(?:is\s+|was\s+)?(?:mildly\s+|minimally\s+|slightly\s+)?(?:antalgic|"
     r"non-?antalgic|normal|norrnal|slow|guarded|steady|unsteady|wide-based)[^.;]{0,50}|"
     r"(?:flat-footed|trendelenburg|waddling|stiff-legged)\s+gait(?:\s+mild)?|"
     # "Gait: antalgic", and the gait tested with or without an aid ("Gait w/o device:
     # Trendelenburg, LOB x2")
     r"ambulates\s+(?:stiffly|slowly|normally)|walks\s+normally|gait(?:\s+(?:w/o|without|with|w/)"
     r"\s+(?:a\s+|the\s+|his\s+|her\s+)?(?:device|aid|cane|walker|FWW|crutches))?\s*:\s*[^.;]{3,60}|"
     r"(?:ambulates|walks)\s+with\s+a\s+"
     r"(?:limp|cane|single-point\s+cane|rolling\s+walker|walker|crutches)|unable\s+to\s+tandem\s+"
     r"walk|\blimp\b|\blimp(?:s|ing)\b(?:\s+(?:by|at|toward|towards)\s+(?:the\s+)?end\s+of\s+"
     r"(?:the\s+|his\s+|her\s+)?(?:shift|day))?|(?:marcha|deambulaci[oó]n)\s+(?:ant[aá]lgica|"
     r"normal)|"
     # a walking aid in use and unsteadiness on it ("uses a single-point cane", "unsteady with
     # cane on turns"): how the worker walks, as the examiner or therapist saw it
     r"(?:uses|using)\s+a\s+(?:single-point\s+|quad\s+|straight\s+)?(?:cane|walker|crutches)|"
     r"unsteady\s+(?:on\s+(?:turns|(?:her|his)\s+feet)|with(?:\s+(?:a|the|her|his))?\s+"
     r"(?:cane|walker)|(?:when\s+)?turning)", {"finding": "gait"}),
    # a test the vocabulary does not name, by its word "test" or "sign" ("Cozen test
    # positive"); named tests are read by _named_tests
    (rf"(?:[A-Z][\w'-]+\s+){{1,2}}(?:test|sign|maneuver)\s+(?:is\s+|was\s+)?"
     rf"(?:{_RESULT})(?:\s+{_SIDE})?", {"finding": "other"}),
    (r"(?:mild\s+)?(?:loss|reversal)\s+of\s+(?:cervical\s+|lumbar\s+)?lordosis|crepitus|"
     r"(?:mild\s+)?(?:varus|valgus)\s+alignment|scapular\s+dyskinesis|segmental\s+"
     r"(?:restriction|dysfunction)[^.;]{0,30}|fixation\s+[CLTS]\d[^.;]{0,30}|deconditioned|"
     # a segment that does not move, as chiropractors write it ("T5-T7 fixation", "L4-L5
     # fixation", "SI joint fixation right", "T5-T7 hypomobility persists")
     r"(?:(?-i:[CLTS])\d{1,2}(?:\s*[-/]\s*(?-i:[CLTS])?\d{1,2})?|(?-i:SI)(?:\s+joint)?)\s+"
     r"(?:fixation|hypomobility|restriction)(?:\s+(?:right|left|(?-i:[LRB]))\b)?|"
     r"(?:intact|normal|nonfocal|non-focal)\s+neurologic(?:al)?\s+exam(?:ination)?|"
     r"neurologic(?:al)?\s+exam(?:ination)?\s+(?:is\s+)?(?:intact|normal|nonfocal)|"
     r"(?:cervical|lumbar|shoulder|knee)\s+exam\s+(?:is\s+)?unremarkable|"
     r"(?:mottled|cool|shiny|discolored)(?:,\s*(?:mottled|cool|shiny|discolored))*\s+skin",
     {"finding": "other"}),
    # a wound's or a limb's signs ("no erythema, swelling or drainage", "mild swelling R
    # wrist", "lateral swelling and ecchymosis"); read in the examination only
    (r"(?:(?:no|mild|minimal|moderate|marked|severe|trace|lateral|medial|diffuse|local|"
     r"pitting|dorsal|volar)\s+)*(?:" + listy(_SIGNS) + r")(?:\s*,\s*no\s+(?:"
     + listy(_SIGNS) + r"))*(?:\s+(?:of|at|over|about|in|along)\s+the\s+[\w\s]{2,25}?"
     r"(?=[,.;]|$)|\s+(?:(?-i:[LR])|right|left|lateral|medial)(?:\s+[a-z]+){1,2}(?=[,.;]|$))?",
     {"finding": "other", "sign": True}),
    # the arc of abduction that hurts ("Painful arc 70-120 degrees", "painful arc at 90-110"),
    # a finding by its name alone
    (r"(?:no\s+)?painful\s+arc(?:\s+(?:at|from|between)?\s*\d+\s*(?:-|to|and)\s*\d+\s*"
     r"(?:degrees|°)?)?", {"finding": "other"}),
    # timed performance tests ("TUG 28 s", "Single-leg stance 20 sec R (30 sec L)")
    (r"(?:timed\s+up\s+and\s+go|(?-i:TUG)|single[- ]leg\s+stance|(?-i:STS)(?:\s*x\s*5)?|"
     r"(?:five|5)[- ]times\s+sit[- ]to[- ]stand)(?:\s+test)?\s*:?\s*(?:(?-i:[LR])\s+)?"
     r"(?:in\s+)?\d+(?:\.\d+)?\s*(?:seconds|secs?|s)\b(?:\s+(?-i:[LR])\b)?"
     r"(?:\s*\([^)]{0,25}\))?", {"finding": "other"}),
    # a movement that reproduces the pain ("extension with rotation reproduces her pain")
    (r"(?:(?:lumbar|cervical)\s+)?(?:extension|flexion|rotation)(?:(?:[- ]|\s+with\s+)"
     r"rotation)?\s+reproduces\s+[\w\s]{0,30}?(?:pain|symptoms)(?:\s+(?:bilaterally|on\s+"
     r"both\s+sides|on\s+the\s+(?:left|right)))?", {"finding": "other"}),
    # "strength, reflexes and sensation are normal": one finding, the neurological exam
    (_NEURO_COMPOUND, {"finding": "other"}),
    *_named_tests(),
]
_REFLEX_LEVELS = {"patellar": "L4", "knee": "L4", "achilles": "S1", "ankle": "S1",
                  "biceps": "C5", "brachioradialis": "C6", "br ": "C6", "triceps": "C7"}
_STUDY_RE = re.compile(r"\b(?:MRI|CT|x-?rays?|radiographs?|EMG|NCV|NCS|ultrasound)\b",
                       re.IGNORECASE)
_NORMAL_RE = re.compile(r"\bnormal\b|\bnormalized\b|\bintact\b|\bfull\b|(?-i:WNL)|within\s+normal\s+limits|"
                        r"\bequal\b|symmetric|unremarkable|\bnonfocal\b|\bnon-focal\b|"
                        r"\babsent\b|\bsteady\b|non-?antalgic|\bno\b|\bnegative\b|\(-\)|"
                        r"\bneg\b|\bhealed\b|\bable\s+to\b|\bcan\s+(?:heel|toe)", re.IGNORECASE)
_ABNORMAL_RE = re.compile(r"\bpositive\b|\(\+\)|\+(?!\d)|reproduc|relieves|diminished|"
                          r"decreased|reduced|\babsent\b|\b[0-4][+-]?/5\b|\b1\+|\b0/4|\b3\+|"
                          r"\b4\+|trace|hypo\w+|hyper\w+|brisk|limited|restricted|painful|"
                          r"antalgic|weak\w*|numb\w*|tender\w*|spasm|guarded|impaired|altered|"
                          r"asymmetric|unsteady|wide-based|atrophy|wasting|unable|cane|walker|"
                          r"crutches|limp|beats|mottled|crepitus|loss|dyskinesis|restriction|"
                          r"fixation|deconditioned|allodynia|lag\s+of|\bpos\b|with\s+pain",
                          re.IGNORECASE)


def _region(text: str, context: str) -> str | None:
    """The body region a range was measured in: named in the finding, else the last one
    named before it in its sentence."""
    found = [(m.start(), region) for region, pattern in _REGION_RES
             for m in [pattern.search(text)] if m]
    if found:
        return min(found)[1]
    found = [(m.start(), region) for region, pattern in _REGION_RES
             for m in pattern.finditer(context[-200:])]
    return max(found)[1] if found else None


def _motion(name: str) -> str | None:
    return next((motion for motion, pattern in _MOTION_NAME_RES if pattern.match(name)), None)


def _degrees(text: str) -> int:
    return int(text.replace("l", "1").replace("O", "0"))


def _rom_limited(text: str, context: str = "") -> bool | None:
    """Whether a measured range is limited, by the normal range of its joint's motion
    (`rules/exam.yaml`) or the other side's value in parentheses; None when neither is
    known."""
    region = _region(text, context)
    normals = _NORMAL_ROM.get(region or "", {})
    verdicts: list[bool] = []
    for item in _ROM_MEASURE_RE.finditer(text):
        values = [_degrees(v) for v in re.findall(rf"{_DEGREES}", item.group("values"))]
        if not values:
            continue
        if item.group("low") is not None:  # "0-130": flexion to 130, lacking extension
            low = _degrees(item.group("low"))
            if low > 5:
                verdicts.append(True)
                continue
            if region is None and item.group("motion") is None:
                # a bare arc from zero with no joint named: a hinge's flexion
                verdicts.append(max(values) < int(_vocabulary()["bare_range_full"]))
                continue
        value = values[-1] if "->" in item.group(0) or "→" in item.group(0) else min(values)
        other = item.group("other")
        if other is not None:
            verdicts.append(value < _NORMAL_FRACTION * _degrees(other))
            continue
        motion = _motion(item.group("motion") or "flexion")
        normal = normals.get(motion or "")
        if normal:
            verdicts.append(value < _NORMAL_FRACTION * normal)
    if not verdicts:
        return None
    return any(verdicts)


#: A hand's force as measured ("Grip 45 kg R", "pinch 18 lb", "grip 48#").
_FORCE_RE = re.compile(r"\b(?:grip|pinch)\b[^.;]*?\d\s*(?:kg|kilograms|lbs?|pounds|#)|"
                       r"\d\s*(?:kg|kilograms|lbs?|pounds|#)[^.;]*?\b(?:grip|pinch)\b",
                       re.IGNORECASE)
#: What makes a force a finding: a grade, a word of weakness, a share of a norm or of the other
#: hand, or the other hand's figure beside it ("R 14 kg / L 30 kg", "14/26", "22 vs 26").
_FORCE_JUDGED_RE = re.compile(
    r"\d\s*/\s*5|weak|decreas|reduc|diminish|below|deficit|atrophy|%|\bvs\.?\b|versus|"
    r"\d\s*/\s*\d|\bbilat|\bboth\b|\bB/L\b|symmetric|equal|normal|\bwnl\b", re.IGNORECASE)


def force_alone(text: str) -> bool:
    """A grip or pinch force of one hand told with nothing to judge it by: no grade, word of
    weakness, norm, or the other hand's figure ("Grip 45 kg R.", "Jamar grip 52 lb on the
    right", "Pinch 18 lb, grip 40 kg"). A normal grip is a number too: the figure alone is a
    measure, not a weakness found (the reading keeps it, as the corpus annotates it; the
    decisions do not count it as a motor deficit; session "fix-review-a", review 11 §1)."""
    if not _FORCE_RE.search(text) or _FORCE_JUDGED_RE.search(text):
        return False
    # both hands named (in words or letters, `sides_named`): the figures compare them
    sides = sides_named(text)
    return not ({"left", "right"} <= sides or "bilateral" in sides)


def _positive(finding: str, text: str, negated: bool, context: str = "") -> bool:
    lowered = text.lower()
    if negated or re.match(r"\s*no\b", lowered):
        return False
    if finding == "motor_deficit" and re.search(r"atrophy|wasting|weakness|circumference|girth|"
                                                r"motor\s+deficit", lowered) and not re.search(
                                                    r"\d\s*/\s*5", lowered):
        return True
    if finding == "motor_deficit":
        grades = re.findall(r"\b([0-5])([+-]?)/5\b", text)
        if grades:
            return any(int(g) < 5 or sign == "-" for g, sign in grades)
        if re.search(r"(\d+)\s*(?:kg|kilograms|lbs?|pounds)?[^.;]*?(?:versus|vs\.?|,|and|/|\()"
                     r"\s*(?:\w+\s+)?(\d+)", text) and re.search(r"grip|pinch|heel\s+raise", lowered):
            # two sides compared: a deficit when one is under 90% of the other
            values = [int(v) for v in re.findall(r"(\d+)\s*(?:kg|kilograms|lbs?|pounds)?", text)]
            return len(values) >= 2 and min(values) < 0.9 * max(values)
        if re.search(r"grip|pinch", lowered) and re.search(
                r"\d\s*(?:kg|kilograms|lbs?|pounds|#)", lowered) and not re.search(
                    r"equal|symmetric|normal|\bwnl\b|->|→|\bto\s+\d|improv|increas|better|"
                    r"\bup\b|back\s+to", lowered):
            # one hand's grip measured by its force: the hand the exam is about (a change
            # over time, "pinch 6->9 lb", is a gain told, no deficit found today)
            return True
        if re.search(r"\blag\b", lowered):
            return not re.search(r"absent|\bno\b|\bnone\b|\b0\s*(?:deg|°)", lowered)
        return bool(re.search(r"atrophy|wasting|weak|unable|cannot|\d+%\s+of|lag\s+of|present|"
                              r"with\s+difficulty", lowered))
    if finding == "reflex":
        if re.search(r"clonus|hoffmann|babinski|crossed|beats", lowered):
            return bool(re.search(r"positive|present|beats|crossed\s+adductor(?!.*negative)",
                                  lowered)) or not re.search(r"negative|absent|\bno\b", lowered)
        if re.search(r"symmetric|=", lowered) and not re.search(r"absent|asymmetric", lowered):
            return False
        return bool(re.search(r"\b[013]\+|\b4\+|\b0\b|absent|diminished|decreased|reduced|"
                              r"hypo|hyper|brisk|trace", lowered))
    if finding == "range_of_motion":
        if re.match(r"\((?-i:[LR])\s", text):
            return False  # the other side, given for comparison
        limited = _rom_limited(text, context)
        if limited:
            return True  # a measured motion short of normal, whatever else the list says
        if re.search(r"\bfull\b|\bnormal\b|(?-i:WNL)|within\s+normal|equal\s+to|symmetric",
                     text, re.IGNORECASE) and not re.search(
                         r"limited|restricted|decreased|reduced|pain(?!less)|lacks", lowered):
            return False
        # a measured or described range in an exam is a limitation unless its values are
        # normal for the joint
        return True if limited is None else limited
    if finding == "instability" and re.search(r"end\s*-?\s*point|\b(?:firm|soft)\b", lowered):
        # laxity by its endpoint: a firm one is stable, a soft or absent one is not
        return not re.search(r"\bfirm\b|\bhard\b|\bsolid\b", lowered) or bool(
            re.search(r"\b[23][+AB]?\b", lowered))
    if finding in ("straight_leg_raise", "mcmurray", "other", "instability"):
        if re.search(r"negativ[eo]|\(-\)|\bneg\b|\bstable\b|intact|normal|\bwnl\b|unremarkable|healed(?!"
                     r".*(?:hypertrophy|dehisc))|nonfocal|non-focal", lowered):
            return bool(re.search(r"hypertrophy", lowered))
        return True
    if finding == "gait":
        return not re.search(r"\bno(?:rm|rrn)al(?:ly)?\b|non-?antalgic|(?<!un)steady|independent",
                             lowered)
    if finding == "sensory_deficit":
        return not _NORMAL_RE.search(text) or bool(re.search(r"decreased|diminished|reduced|"
                                                             r"allodynia|impaired", lowered))
    if finding == "tenderness":
        return not re.search(r"non-?tender", lowered)
    return bool(_ABNORMAL_RE.search(text)) or not _NORMAL_RE.search(text)


#: A joint or its region, which a mechanical symptom told as a verb must name in its sentence.
_JOINT_RE = re.compile(r"\b(?:knees?|thumbs?|fingers?|digits?|joints?|(?-i:TMJ)|jaw|shoulders?|hips?|"
                       r"ankles?|wrists?|elbows?|patella|menisc\w*)\b", re.IGNORECASE)
_NEGATION_CUE = r"\b(?:no|not|without|negative\s+for|denies|denied|absent)\s+"
#: The cue right before the finding, with at most two words between; a word may pair two
#: directions or sides with a slash or an "or" ("no varus/valgus laxity", "no medial or
#: lateral joint line tenderness"): the cue governs the finding they both qualify.
_CUE_BEFORE = re.compile(_NEGATION_CUE + r"(?:\w+(?:\s*/\s*\w+|\s+or\s+\w+)?\s+){0,2}$",
                         re.IGNORECASE)
#: One to three words: a list item.
_WORDS = r"[\w/'-]+(?:\s+[\w/'-]+){0,2}"
#: What separates list items: ", ", ", or ", " or ".
_SEPARATOR = r"(?:\s*,\s*(?:(?:or|nor|and)\s+)?|\s+(?:or|nor|and)\s+)"
#: The cue, then earlier items of the same list.
_CUE_LIST = re.compile(_NEGATION_CUE + rf"(?:{_WORDS}{_SEPARATOR}){{1,6}}$", re.IGNORECASE)
#: A verb of denial heads a list that it governs to the end, closed by a conjunction or not
#: ("denies fever, chills, night sweats"): what the worker denies is each thing listed. A bare
#: "no" does not reach past a comma ("no effusion, tender at the joint line").
_DENIAL_CUE = re.compile(r"(?:denies|denied|negative\s+for)\s", re.IGNORECASE)
_CONJUNCTION = re.compile(r"(?:,\s*|\s+)(?:or|nor|and)\s", re.IGNORECASE)
#: Later items of the list, up to the conjunction that closes it.
_LIST_CLOSES_AFTER = re.compile(rf"(?:\s*,\s*{_WORDS})*?(?:\s*,\s*|\s+)(?:or|nor|and)\s",
                                re.IGNORECASE)


def _cue_governs(sentence: str, start: int, end: int) -> bool:
    """Whether a negation cue governs the finding at sentence[start:end]: right before it, or
    at the head of a list the finding belongs to. A list counts only when a conjunction closes
    it ("no A, B or C"): in "no effusion, tender at the joint line" the comma ends the
    negated finding and the next one is present."""
    before = sentence[max(0, start - 120):start]
    if _CUE_BEFORE.search(before[-40:]):
        return True
    head = _CUE_LIST.search(before)
    if head is None:
        return False
    return bool(_CONJUNCTION.search(head.group(0)) or _DENIAL_CUE.match(head.group(0)) or
                _LIST_CLOSES_AFTER.match(sentence, end))


_TEST_NAME_RE = re.compile("|".join(
    names for names in (alternatives(v) for v in _vocabulary()["tests"].values())),
    re.IGNORECASE)


def _test_positive(text: str, negated: bool) -> bool:
    """A named test's result: the first result word after (or before) its name decides
    ("Hawkins positive, Neer negative" is read one test at a time)."""
    if negated:
        return False
    text = _TEST_NAME_RE.sub(lambda m: " " * len(m.group(0)), text)
    positive = _POSITIVE_RESULT_RE.search(text)
    negative = _NEGATIVE_RESULT_RE.search(text)
    if positive and negative:
        return positive.start() < negative.start()
    return bool(positive)


#: A result as written for the other side ("neg R", "(-) L", "2+ L", "5-/5 R", "+ R at 70°").
_OTHER_RESULT = (r"(?:positive|negative|pos\b|neg\b|\(\+\)|\(-\)|\+(?![\d/])|[0-5][+-]?/5\b|"
                 r"[0-4]\+|absent)")
_OTHER_SIDE = r"(?:left|right|(?-i:[LR])\b)"
#: The other side's result right after a finding: "SLR + L @ 40°, neg R", "Hoffmann + R, neg
#: L", "Achilles reflex is absent; right is 2+", "Achil1es 1+ R, 2+ L", "4/5 on the right, 5/5
#: on the left", "brachioradialis 1+ on the left, right 2+".
_OTHER_SIDE_RE = re.compile(
    rf"(?:\s*(?:at\s+|@\s*)?\d+\s*(?:degrees|°|seconds|secs?\b|s\b))?"
    rf"\s*[,;]?\s*(?:and\s+|but\s+|while\s+)?(?P<other>(?:(?P<word>{_OTHER_RESULT})\s+"
    rf"(?:on\s+the\s+)?{_OTHER_SIDE}|(?:the\s+)?(?P<side>{_OTHER_SIDE})(?:\s+(?:side\s+)?"
    rf"(?:is|was))?\s+(?P<word2>{_OTHER_RESULT}))(?:\s*(?:at\s+|@\s*)?\d+\s*(?:degrees|°))?)",
    re.IGNORECASE)


#: An earlier value given in parentheses for comparison ("(was 3/5 pre-op)", "(previously 5/5)",
#: "(pre-op 4-/5)", "(IE 35°)"): the finding is the value before it.
_EARLIER_VALUE_RE = re.compile(r"\(\s*(?:was|previously|pre-?op(?:eratively)?|initially|initial|"
                               r"at\s+eval\w*|at\s+intake|(?-i:IE|lE))\s*:?\s*$", re.IGNORECASE)


_EARLIER_CUE_RE = re.compile(r"(?:was|previously|pre-?op(?:eratively)?|initially|initial|at\s+eval\w*|"
                            r"at\s+intake|(?-i:IE|lE))\b", re.IGNORECASE)


#: Provocative tests, whose name alone says nothing of their result.
_TESTS = frozenset({"straight_leg_raise", "mcmurray", "instability"})
#: What follows a test's name in its clause, up to a comma, a semicolon, a period or the line's
#: end: where a template field or a list puts the result ("SLR: [neg]", "Lachman and
#: McMurray tests both negative").
_CLAUSE_AFTER_RE = re.compile(r"[^,;.\n]{0,40}")
#: The result words as whole words ("normal" in "abnormal" is no result; "2+" is a grade).
_POSITIVE_WORD_RE = re.compile(rf"(?<!\w)(?:{_POSITIVE_RESULT_RE.pattern})", re.IGNORECASE)
_NEGATIVE_WORD_RE = re.compile(rf"(?<!\w)(?:{_NEGATIVE_RESULT_RE.pattern})(?!\w)",
                               re.IGNORECASE)


def _result_written_after(mention: Mention) -> bool | None:
    """The result written after a test named without one: True (positive), False (negative)
    or None when the clause gives none. The first result word decides; a test named bare
    whose clause reads "negative" is a negative test, not a positive one."""
    if _POSITIVE_RESULT_RE.search(mention.text) or _NEGATIVE_RESULT_RE.search(mention.text):
        return None
    clause = _CLAUSE_AFTER_RE.match(mention.sentence, mention.end).group(0)
    positive = _POSITIVE_WORD_RE.search(clause)
    negative = _NEGATIVE_WORD_RE.search(clause)
    if negative and (positive is None or negative.start() < positive.start()):
        return False
    return True if positive else None
#: The findings a named test gives, and the words of a result.
_TESTED_FINDINGS = ("straight_leg_raise", "mcmurray", "other", "instability")
_RESULT_WORD_RE = re.compile(r"positiv|negativ|\bneg\b|\bpos\b|\+|\(-\)|normal|intact|stable",
                             re.IGNORECASE)
#: A result said once after a list of tests: "(Lachman, drawer and McMurray) tests all
#: negative", "McMurray and Apley both positive", "Neer, Hawkins: all negative".
_SHARED_RESULT_RE = re.compile(
    r"(?:\s*(?:,|\band\b|&|/)\s*[\w'-]+(?:\s+(?:test|sign))?){0,4}?\s*(?:tests?|signs?|"
    r"maneuvers?)?\s*:?\s*(?:(?:are|were)\s+)?(?:all|both)\s+(?:negative|positive|normal|neg\b|"
    r"pos\b)", re.IGNORECASE)


def _side(text: str) -> str | None:
    """The side a finding names: in words ("left", "bilaterally"), else by its letter."""
    named = side_of(text)
    if named is not None:
        return named
    letters = side_letters(text)
    return letters[0] if letters else None


#: The words of an examination done ("on exam", "testing reveals").
_EXAM_WORDS = r"exam\w*|on\s+testing|tested|testing|demonstrates?|reveals?"
#: The verbs that go on with the worker's own account after "and she ..." ("she states her leg
#: gives out, and she has numbness in the foot at night": review 12, R4).
_ACCOUNT_VERBS = (r"has|have|had|feels?|felt|notices?|noticed|gets?|got|experiences?|"
                  r"experienced|describes?|reports?|reported|states?|says|said|is\s+having|"
                  r"complains?|c/o|endorses|thinks|believes|wakes|awakens|drops")
#: The worker's own account of a weakness, a numbness or a limp, not the examiner's finding: a
#: verb of telling or noticing earlier in its clause ("he reports new weakness of the left
#: foot", "c/o numbness over the top of the foot", "his wife noticed his foot slapping"), with
#: no examination named between them. The telling verb's clause ends where "and" or "but"
#: opens a new one with its own subject ("Right hand numb per patient report, and there is
#: decreased sensation ...", "She says it hurts to walk, and she walks with a limp"), not
#: where the account goes on with a verb of having or telling ("..., and she has numbness").
_TOLD_RE = re.compile(
    r"\b(?:reports?|reported|reporting|complains?\s+of|complaining\s+of|c/o|endorses|"
    r"describes|noticed|notices|states|says|said|tells\s+(?:me|us)|told\s+(?:me|us)|"
    r"feels|felt|has\s+(?:had|noticed|developed)|developed|admits\s+to)\b"
    rf"(?![^.;:]*\b(?:{_EXAM_WORDS}|shows?|found|finds?|observed|measured|grade[ds]?|signs?|"
    r"positive|negative)\b)"
    r"(?![^.;:]*\b(?:and|but|while|whereas)\s+(?:there\s+(?:is|are|was|were)|(?:I|we)\b|"
    r"(?:he|she|they)\b(?!\s+(?:also\s+|still\s+|now\s+)?(?:"
    + _ACCOUNT_VERBS + r")\b)))[^.;:]*$", re.IGNORECASE)
#: A study's or a referral's history line, where the findings are the reason for the study
#: ("Clinical history: Low back pain ... Left calf weakness.").
_HISTORY_LINE_RE = re.compile(r"(?:^|\n)[ \t]*(?:clinical\s+(?:history|information|indication)|"
                              r"reason\s+for\s+(?:exam|examination|study|referral)|"
                              r"chief\s+complaints?)\s*:[^\n]*$", re.IGNORECASE)
#: An examination named in the sentence ("On exam, ...", "strength testing shows").
_EXAM_CUE_RE = re.compile(rf"\b(?:{_EXAM_WORDS}|(?:I|we)\s+(?:find|found|note|noted))\b",
                          re.IGNORECASE)
#: A limp told with a time of the worker's day ("limping by the end of the shift", "limps
#: after 30 minutes of walking", "a limp when tired"): the worker's account, not a gait seen.
_LIMP_WHEN_RE = re.compile(
    r"^[^.;]{0,12}?\s*(?:(?:by|at|toward|towards|near)\s+(?:the\s+)?end\s+of\s+(?:the\s+|"
    r"his\s+|her\s+|a\s+)?(?:shift|day|route|week|workday|work\s*day)|after\s+(?:about\s+)?"
    r"\d+\s*(?:-\s*\d+\s*)?(?:min\w*|hours?|hrs?|blocks?|miles?)|when\s+(?:tired|fatigued)|"
    r"(?:at|in\s+the)\s+(?:evening|night))", re.IGNORECASE)


def _told_by_worker(mention: Mention) -> bool:
    """A weakness, numbness or limp the worker tells of (`_TOLD_RE`, `_LIMP_WHEN_RE`) or a
    study's history line gives, when the words carry no grade or test of an examination."""
    if re.search(r"\d\s*/\s*5|\d\+|test|sign|pinprick|light\s+touch|monofilament",
                 mention.text, re.IGNORECASE):
        return False
    if mention.meta["finding"] == "gait" and re.search(r"\blimp", mention.text, re.IGNORECASE) \
            and _LIMP_WHEN_RE.match(mention.sentence[mention.start + 4:]):
        return True
    before = mention.sentence[:mention.start]
    line = (mention.preceding_lines + before).rsplit("\n", 1)[-1] if "\n" not in before else \
        before.rsplit("\n", 1)[-1]
    if mention.section in ("history_of_present_illness", "review_of_systems") and re.search(
            r"weak|numb|tingl", mention.text, re.IGNORECASE) and not _EXAM_CUE_RE.search(
                mention.sentence):
        return True  # "HPI: ... with left foot weakness since March": the history's symptom
    return bool(_TOLD_RE.search(before) or _HISTORY_LINE_RE.search("\n" + line))


#: A ticked box written after a checklist's item, and its answer.
_BOX_AFTER_RE = re.compile(r"\s*:?\s*\[\s*[xX✓]\s*\]\s*(?:(?P<yes>reports?|reported|yes|present|"
                           r"positive|endorses?|\+)|(?P<no>denies|denied|no|none|negative|neg|"
                           r"absent|-))(?!\w)", re.IGNORECASE)


def parse_exam(mention: Mention) -> list[Found]:
    finding = mention.meta["finding"]
    text = mention.text
    if finding in ("motor_deficit", "sensory_deficit", "gait") and _told_by_worker(mention):
        return []  # the worker's account ("reports new weakness"), not the examiner's finding
    if finding in ("effusion", "spasm", "instability") and _STUDY_RE.search(mention.sentence):
        return []  # an imaging finding, not an examination
    if finding in ("instability", "gait") and mention.section not in (
            "physical_exam", None) and not re.search(r"test|sign|gait|ambulat|walk|stable|"
                                                     r"limping|limps", text, re.I):
        return []
    if finding == "instability" and re.fullmatch(r"(?:lachman|anterior\s+drawer|posterior\s+"
                                                 r"drawer|varus\s+stress|valgus\s+stress|"
                                                 r"apprehension|pivot\s+shift)(?:\s+test)?",
                                                 text.strip(), re.IGNORECASE):
        return []  # a test named in a list whose result comes after the list
    if finding == "straight_leg_raise" and re.search(r"quad\s+sets|heel\s+slides|exercises|"
                                                     r"\breps\b", mention.sentence, re.I):
        return []  # straight-leg raises as an exercise
    if finding == "other" and _STUDY_RE.search(mention.sentence):
        return []
    if mention.meta.get("sign") and mention.section != "physical_exam":
        return []  # swelling or redness the worker reports is a symptom, not a finding
    if finding in ("sensory_deficit", "motor_deficit", "reflex") and any(
            m.start() <= mention.start < m.end() for m in _NEURO_COMPOUND_RE.finditer(
                mention.sentence)):
        return []  # "strength, reflexes and sensation are normal" is one finding
    if finding == "sensory_deficit" and re.match(r"(?:two|2)[- ]?(?:point|pt)|2PD", text,
                                                 re.IGNORECASE):
        # static two-point discrimination is normal below 6 mm at the fingertip (American
        # Society for Surgery of the Hand)
        distance = re.search(r"(\d+)\s*mm", text)
        value = {"finding": finding, "positive": bool(distance and int(distance.group(1)) >= 6),
                 "side": side_of(text), "level": None, "detail": " ".join(text.split())[:80]}
        return [Found(value, mention.start, mention.end, negated=False)]
    if finding == "spasm" and re.search(r"\b(?:prn|for)\s+(?:\w+\s+)?$",
                                        mention.sentence[max(0, mention.start - 60):mention.start],
                                        re.IGNORECASE):
        return []  # a drug's indication ("tizanidine 4 mg TID prn spasm")
    if finding == "motor_deficit" and re.search(r"waddell|non-?organic", text, re.IGNORECASE):
        # Waddell's nonorganic signs "4/5": signs present out of five, not a strength grade
        count = re.search(r"\b([0-5])\s*/\s*5\b", text)
        value = {"finding": "other", "positive": bool(count and int(count.group(1)) > 0),
                 "side": None, "level": None, "detail": " ".join(text.split())[:80]}
        return [Found(value, mention.start, mention.end, negated=False)]
    if mention.meta.get("muscle") and mention.section in ("diagnoses", "impression", "procedure") \
            and re.search(r"weakness|deficit", text, re.IGNORECASE):
        return []  # "2. Progressive plantarflexion weakness": an assessment's item, no finding
    if mention.meta.get("unit"):
        # a motion in its own unit, against the vocabulary's limit (`rules/exam.yaml`)
        values = [int(v) for v in re.findall(r"\d{2,3}", text)]
        limit = _vocabulary()["jaw_opening_limited_below_mm" if mention.meta["unit"] == "jaw"
                              else "total_active_motion_limited_below"]
        value = {"finding": finding, "positive": bool(values) and values[-1] < int(limit),
                 "side": side_of(text), "level": None, "detail": " ".join(text.split())[:80]}
        return [Found(value, mention.start, mention.end, negated=False)]
    if mention.meta.get("sensory_place") and not re.search(
            r"sens\w*|touch|pinprick|(?-i:PP|LT)\b|dermatom\w*|numb\w*", mention.sentence,
            re.IGNORECASE):
        return []  # "decreased L4-5 disc height": no sensory examination
    if finding == "motor_deficit" and re.search(r"atrophy|wasting", text, re.IGNORECASE) and (
            re.match(r"no\s", text, re.IGNORECASE) or (
                mention.negated and _cue_governs(mention.sentence, mention.start, mention.end))):
        # muscle bulk found normal ("No thenar atrophy") is recorded as an other finding, as
        # the corpus annotates it; wasting found is a motor deficit
        value = {"finding": "other", "positive": False, "side": side_of(text), "level": None,
                 "detail": " ".join(text.split())[:80]}
        return [Found(value, mention.start, mention.end, negated=False)]
    if finding == "motor_deficit" and (re.match(r"\s+except\b", mention.sentence[mention.end:])
                                       or re.match(r"otherwise\b", text, re.IGNORECASE)
                                       or re.search(r"\botherwise\s*$",
                                                    mention.sentence[:mention.start])):
        return []  # "Strength is 5/5 except left EHL 4+/5": the exception is the finding
    if mention.meta.get("verb") and not _JOINT_RE.search(mention.sentence):
        return []  # "locked the door", "clicks the mouse": no joint, no mechanical symptom
    if _EARLIER_VALUE_RE.search(mention.sentence[max(0, mention.start - 30):mention.start]) or (
            re.search(r"\(\s*$", mention.sentence[max(0, mention.start - 3):mention.start]) and
            _EARLIER_CUE_RE.match(text)) or (
            re.match(r"[^()]{0,25}\b(?:pre-?op|previously|initially|at\s+eval|at\s+intake)\)",
                     mention.sentence[mention.end:mention.end + 30], re.IGNORECASE) and
            "(" in mention.sentence[max(0, mention.start - 20):mention.start]):
        return []  # "EHL 4/5 (was 3/5 pre-op)": the earlier value, compared, is no finding today
    if finding == "range_of_motion" and re.match(r"(?-i:ER|IR)\b", text) and re.search(
            r"\b(?:MME|MED|mg|morphine)\b|\b(?-i:ER|IR)\s+\d+\s*\+|\b(?-i:ER)\s+\d{1,2}/\d{2}\b",
            mention.sentence):
        return []  # extended and immediate release, an emergency room: no rotation
    if finding == "trigger_point" and re.search(r"inject", mention.sentence, re.IGNORECASE):
        return []  # the injection procedure's target, not an examination finding
    if finding == "other" and mention.section == "diagnoses":
        return []
    own = text  # (its side is its own: "both negative" is no bilateral finding)
    if finding in _TESTED_FINDINGS and not _RESULT_WORD_RE.search(text):
        shared = _SHARED_RESULT_RE.match(mention.sentence, mention.end)
        if shared:
            # "Lachman, drawer and McMurray tests all negative": the result said once for
            # the list is each test's
            text = mention.sentence[mention.start:shared.end()]
            mention = dataclasses.replace(mention, end=shared.end())
    # an examination finding is negated by a cue right before it ("no spasm"), or by one
    # governing the closed list it stands in ("no locking, catching or giving way"), not by
    # one anywhere in a long findings line
    negated = mention.negated and _cue_governs(mention.sentence, mention.start, mention.end)
    # a checklist's box after the item answers for it ("Calf pain [x] denies  Locking [x]
    # reports"): the denial before it is the item before's
    box = _BOX_AFTER_RE.match(mention.sentence, mention.end)
    if box:
        negated = box.group("yes") is None
    positive = _test_positive(text, negated) if mention.meta.get("test") else _positive(
        finding, text, negated, mention.preceding[-150:] + " " + mention.sentence[:mention.start])
    if box:
        positive = not negated
    if positive and finding in _TESTS and _result_written_after(mention) is False:
        positive = False
    # the side in words, else the examiner's one letter in or right after the finding's
    # words ("SLR + on L at 40 deg"), else a letter such as "neg B"
    value: dict = {"finding": finding, "positive": positive,
                   "side": side_of(own) or side_letter(mention.sentence, mention.start,
                                                       mention.end)
                   # (the character after the words: "SLR + L>R" compares, names no side)
                   or _side(own + mention.sentence[mention.end:mention.end + 1]),
                   "level": level_of(text)}
    if finding == "reflex" and value["level"] is None:
        for word, level in _REFLEX_LEVELS.items():
            if word in text.lower():
                value["level"] = level
                break
    value["detail"] = " ".join(text.split())[:80]
    if finding == "range_of_motion" and re.search(r"\((?:previously|at\s+eval|initial)", text,
                                                  re.IGNORECASE):
        # "flexion 150 (previously 120), abduction 140 (previously 100)": each motion was
        # measured against its own earlier value, one finding each
        results = []
        for part in re.finditer(r"[^,]+?\([^)]*\)|[^,]+", text):
            piece = part.group(0)
            stripped = piece.strip(" ,")
            if not stripped:
                continue
            offset = mention.start + part.start() + piece.index(stripped)
            results.append(Found({**value, "detail": stripped[:80]}, offset,
                                 offset + len(stripped), negated=False))
        return results
    results = [Found(value, mention.start, mention.end, negated=False)]
    # "positive on the left at 45 degrees, negative on the right" / "4/5 on the right, 5/5
    # on the left" / "brachioradialis 1+ on the left, right 2+": the other side's result
    tail = _OTHER_SIDE_RE.match(mention.sentence, mention.end)
    if tail and finding in ("straight_leg_raise", "motor_deficit", "reflex", "other"):
        snippet = tail.group("other")
        start = tail.start("other")
        second = {"finding": finding, "side": _side(snippet), "level": value["level"],
                  "positive": _positive(finding, snippet, False), "detail": snippet}
        results.append(Found(second, start, start + len(snippet), negated=False))
    return results


# Every finding starts at a word's start: the regular expressions are tried only there
# (most of a line's positions are inside words), which keeps the vocabulary cheap.
_TABLE = [(rf"(?<!\w)(?:{pattern})", meta) for pattern, meta in _TABLE]

SPECS = [
    KindSpec(FactKind.exam_finding, regex_triggers(_TABLE), parse_exam, anchor=(
        r"straight|(?-i:SLR|SLRs)|reflex|(?-i:DTR|DTRs|BR)|clonus|hoffmann|babinski|jerk|"
        r"beats|crossed|sensat|sensory|touch|(?-i:LT)|pinprick|vibration|numb|esthesia|"
        r"allodynia|strength|motor|myotomes|/5|weak|heel|toe|grip|pinch|thenar|hypothenar|"
        r"quad|quadriceps|deltoid|tender|(?-i:TTP)|range|(?-i:ROM|AROM|PROM|ER|IR|DF|PF)|"
        r"flexion|extension|abduction|adduction|rotation|bend|bending|inversion|eversion|"
        r"dorsiflexion|pronation|supination|fist|spasm|hypertonicity|trigger|taut|twitch|"
        r"referred|referral|referring|refers|mcmurray|effusion|edema|lachman|drawer|apprehension|varus|valgus|pivot|"
        r"instabil|laxity|locking|catching|giving|gives|buckling|mechanical|gait|ambulat|"
        r"walks|tandem|limp|positive|negative|neg|pos|healed|incision|portals|lordosis|"
        r"crepitus|dyskinesis|segmental|fixation|deconditioned|neurologic|neurological|"
        r"unremarkable|"
        r"skin|mottled|spurling|phalen|tinel|neer|hawkins|faber|fabere|patrick|durkan|"
        r"finkelstein|speed|yergason|kemp|slump|romberg|homans|lhermitte|thessaly|apley|"
        r"grind|compression|depression|distraction|waddell|\(\+\)|\(-\)|^\+$|discrimination|"
        r"semmes|stable|diminished|normalized|neurovascularly|biceps|triceps|brachioradialis|"
        r"patellar|achilles|ankle|knee|interosseous|normal|"
        # the vocabulary's results and abbreviated motions (rules/exam.yaml)
        r"absent|present|equivocal|painless|painful|wnl|°|deg|flex|ext|abd|rot|inv|^ev$|"
        r"elevation|^(?:SB|LF|FF|AFE|PFE|FE)$|froment|trendelenburg|talar|fadir|"
        r"swelling|ecchymosis|erythema|redness|bruis|drainage|purulence|fluctuance|warmth|"
        r"induration|edema|ederna|odor|dehiscence|^tug$|^sts|stance|timed|reproduc|2pd|^pt$|"
        r"sensitivity|lag|ligament|^(?:mcl|lcl|acl|pcl)$|neuro|hypertonic|jlt|mjl|ljl|stiffly|"
        r"normally|walks|cane|walker|crutches|unsteady|catches|locks|locked|gave|buckles|buckled|"
        r"clicks|clicking|click|clunk|triggering|giving-way|hypertonic|atrophy|wasting|weakness|"
        r"circumference|girth|dec|decr|decrease|reduced|deficit|interosseous|interossei|fdi|ehl|"
        r"apb|calf|thigh|forearm|gastroc|gastrocnemius|supraspinatus|infraspinatus|intrinsic|"
        r"intrinsics|abductor|abductors|flexor|flexors|hamstring|hamstrings|residual|"
        r"progressive|improving|mild|slight|slightly|arc|sign|signs|remains|still|limps|"
        r"limping|marcha|flexi[oó]n|extensi[oó]n|rotaci[oó]n|inclinaci[oó]n|opening|mio|tam|"
        r"full|lag|ant|stable")),
]
