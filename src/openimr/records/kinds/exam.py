"""Examination findings: what the examiner found, positive (abnormal) or not.

A normal or negative result is carried by `positive: false` with the negated flag clear
("SLR negative", "no spasm", "strength 5/5"), following the gold set's conventions.
"""

from __future__ import annotations

import re

from openimr.model.facts import FactKind
from openimr.records.kinds.base import (
    Found,
    KindSpec,
    Mention,
    level_of,
    regex_triggers,
    side_of,
)

_SIDE = r"(?:(?:on\s+the\s+)?(?:left|right|bilaterally|bilateral|bilat|both\s+sides|(?-i:[LR]))\b)"
_RESULT = r"(?:mildly\s+|strongly\s+)?(?:positive|negative|\(\+\)|\(-\)|\+(?!\d)|neg\b|pos\b)"
_TESTS = (r"spurling'?s?|phalen'?s?|tinel'?s?|neer'?s?|hawkins(?:-kennedy)?|empty\s+can|"
          r"faber(?:e)?|patrick'?s?|facet\s+loading|durkan'?s?(?:\s+compression)?|"
          r"finkelstein'?s?|drop\s+arm|speed'?s?|yergason'?s?|o'brien'?s?|kemp'?s?|slump|"
          r"romberg|homans'?|lhermitte'?s?|gaenslen'?s?|thigh\s+thrust|thessaly|apley'?s?|"
          r"patellar\s+grind|foraminal\s+compression|shoulder\s+depression|distraction|"
          r"cross[- ]body\s+adduction|belly\s+press|lift[- ]off|waddell'?s?")
_ROM_MOTION = (r"(?:forward\s+)?flexion|extension|abduction|adduction|(?:internal|external)\s+"
               r"rotation|rotation|side\s+bending|lateral\s+bending|forward\s+bend(?:ing)?|"
               r"(?-i:ER|IR|DF|PF)|dorsiflexion|plantar\s*flexion|inversion|eversion|"
               r"pronation|supination")
_ROM_VALUE = (r"(?:to\s+)?-?\d{1,3}(?:\s*(?:-|to)\s*\d{1,3})?(?:\s*/\s*\d{2,3})?(?![+-]?\s*/\s*5\b)"
              r"(?![\d/+-])"
              r"(?:\s*(?:degrees|deg|°))?(?:\s*\((?:previously|at\s+eval|initial)[^)]{0,20}\))?")
_ROM_ITEM = (rf"(?:(?:{_SIDE})\s+)?(?:{_ROM_MOTION})\s+(?:is\s+|was\s+)?(?:{_ROM_VALUE}|"
             r"limited|restricted|decreased|reduced|full|to\s+(?:[CTLS]\d|mid-?shin|knee|"
             r"ankle|floor|fingertips?)[\w\s-]{0,20}?)")
_MOTOR_NAME = r"(?:[A-Za-z][\w/-]*\s+){1,4}?"

_TABLE: list[tuple[str, dict]] = [
    (rf"(?:(?:positive|negative)\s+)?(?:straight[- ]leg[- ]rais(?:e|ing)|(?-i:SLRs?))"
     rf"(?:\s+(?:test|testing|sign))?(?:\s+(?:is|was|are|were))?(?:\s+(?:{_RESULT}))?"
     rf"(?:\s+{_SIDE})?(?:\s+(?:at\s+)?\d+\s+degrees)?", {"finding": "straight_leg_raise"}),
    (r"(?:(?:left|right|bilateral)\s+)?(?:deep\s+tendon\s+reflexes|(?-i:DTRs?)|reflexes|"
     r"(?:knee|ankle)\s+(?:reflex(?:es)?|jerks?)|(?:patellar|achilles|biceps|triceps|"
     r"brachioradialis|(?-i:BR))(?:\s*/\s*(?:patellar|achilles|biceps|triceps|brachioradialis|"
     r"(?-i:BR)))*(?:\s+(?:reflex(?:es)?|jerks?|tendon\s+reflex(?:es)?|DTRs?))?)\s*"
     r"(?:are\s+|is\s+)?:?\s*"
     r"(?:[0-4]\+?(?:/4)?(?!\s*/\s*[0-9])|absent|diminished|decreased|reduced|normal|"
     r"symmetric(?:al)?|intact|hyperactive|brisk|hypoactive|trace)(?:\s+(?:and\s+)?"
     r"(?:symmetric(?:al)?|=))?(?:\s*=)?(?:\s+" + _SIDE + r"|\s+throughout)?",
     {"finding": "reflex"}),
    (r"(?:absent|diminished|decreased)\s+(?:(?:left|right)\s+)?(?:ankle|achilles|patellar|"
     r"knee|biceps|triceps|brachioradialis)(?:\s+(?:reflex|jerk))?", {"finding": "reflex"}),
    (r"(?:no\s+)?(?:sustained\s+)?clonus|\d\s+beats\s+(?:of\s+clonus\s+)?(?:on\s+the\s+)?"
     r"(?:left|right)|hoffmann'?s?(?:\s+sign)?(?:\s+(?:is\s+)?(?:positive|negative))?"
     r"(?:\s+" + _SIDE + r")?|babinski(?:\s+sign)?|crossed\s+adductor(?:\s+response)?",
     {"finding": "reflex"}),
    (r"(?:decreased|diminished|reduced|absent|altered|impaired|abnormal)\s+(?:sensation|"
     r"sensory|light\s+touch|(?-i:LT)|pinprick|vibration)[^.;]{0,70}?(?:dermatomes?|"
     r"distribution|[CLS]\d\b|fingers?|digits?|toes?|foot|hand|thigh|leg|calf|forearm|arm|"
     r"thumb)\)?|(?:numbness|hypoesthesia|hypesthesia|dysesthesia|allodynia)\s+(?:to\s+[\w\s]"
     r"{0,15}?)?(?:in|over|along)\s+the\s+[^.;]{0,50}?(?:dermatome|distribution|fingers?|"
     r"digits?|toes?|foot|hand|thigh|leg|calf|dorsum)|(?:sensation|sensory(?:\s+exam"
     r"(?:ination)?)?|light\s+touch|dermatomes?)\s+(?:is\s+|was\s+|are\s+)?(?:grossly\s+)?"
     r"(?:intact|normal)(?:\s+to\s+[\w\s]{0,30}?(?:touch|pinprick))?(?:\s+[CLS]\d(?:-[CLS]\d)?)?"
     r"(?:\s+bilaterally)?|no\s+(?:focal\s+)?sensory\s+(?:deficits?|loss)|sensory\s+deficits?|"
     r"neurovascularly\s+intact(?:\s+distally)?|allodynia[^.;]{0,40}|(?:two|2)-point\s+"
     r"discrimination\s+\d+\s*mm[^.;,]{0,40}|semmes-weinstein\s+[\d.]+[^.;,]{0,30}|sensation\s+"
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
     rf"(?:\s+and\s+(?:heel|toe)\s+walk)?|(?:grip|pinch)(?:\s+strength)?\s+[^.;]{{0,40}}?"
     rf"(?:\d+\s*(?:kg|kilograms|lbs?|pounds)|equal|symmetric|\d+%\s+of)[^.;]{{0,30}}|"
     rf"(?:\w+\s+)?(?:thenar|hypothenar|quadriceps|quad|deltoid)\s+(?:atrophy|bulk\s+"
     rf"symmetric|wasting)|quad(?:riceps)?\s+lag(?:\s+(?:absent|present|of\s+\d+\s+degrees))?",
     {"finding": "motor_deficit"}),
    (r"(?:(?:medial|lateral)\s+)?joint[- ]line\s+tenderness|tender(?:ness)?\s+(?:over|along|at)"
     r"\s+the\s+(?:medial|lateral)\s+joint\s+line", {"finding": "joint_line_tenderness"}),
    (r"(?:(?:no|mild|moderate|marked|severe|diffuse|exquisite|focal)\s+)?(?:tenderness|tender)"
     r"(?:\s+to\s+(?:palpation|touch))?(?:\s+(?:over|of|at|along|in|about)\s+(?:the\s+)?"
     r"[\w\-/ ]{0,40}?(?=[,.;]|\s+(?:and|with|but)\b|$))?|(?-i:TTP)\s+[\w\-/ ]{0,40}|"
     r"non-?tender", {"finding": "tenderness"}),
    (rf"(?:(?:decreased|limited|restricted|reduced|painful|full|normal|guarded)\s+(?:and\s+"
     rf"painful\s+)?(?:active\s+|passive\s+)?(?:(?:lumbar|cervical|shoulder|knee|hip|wrist|"
     rf"ankle)\s+)?(?:range\s+of\s+motion|(?-i:A?P?ROM)))|(?:(?:left|right|lumbar|cervical|"
     rf"shoulder|knee|hip|wrist|ankle|(?-i:[LR]))\s+){{0,2}}(?:range\s+of\s+motion|"
     rf"(?-i:A?P?ROM))(?:\s*\([^)]{{0,10}}\))?\s*(?:is\s+|was\s+|:\s*)?(?:(?:mildly|markedly|"
     rf"severely|moderately)\s+)?(?:limited|decreased|restricted|reduced|full|normal|"
     rf"within\s+normal\s+limits|(?-i:WNL)|\d{{1,3}}\s*(?:-|to)\s*\d{{1,3}})[^.;]{{0,40}}?"
     rf"(?=[.;]|$)|(?:(?:lumbar|cervical|shoulder|knee|hip|wrist|ankle)\s+)?(?:{_ROM_ITEM})"
     rf"(?:\s*,\s*(?:and\s+)?(?:{_ROM_ITEM}))*(?:\s+(?:with|and)\s+(?:pain|reproduction\s+of"
     rf"[\w\s-]{{0,30}}))?(?:\s+{_SIDE})?|(?:mild\s+|moderate\s+)?pain\s+with\s+(?:lumbar\s+|"
     rf"cervical\s+)?(?:flexion|extension|rotation)(?:\s+and\s+(?:flexion|extension|"
     rf"rotation))?|(?:lumbar|cervical)\s+(?:flexion|extension)\s+reproduces\s+[\w\s]{{0,20}}"
     rf"pain|composite\s+fist\s+(?:full|incomplete|\d+\s*cm)", {"finding": "range_of_motion"}),
    (r"\((?-i:[LR])\s+\d{1,3}\s*(?:-|/)\s*\d{1,3}\)", {"finding": "range_of_motion"}),
    (r"(?:(?:no|mild|moderate|severe)\s+)?(?:(?:muscle|paraspinal|paravertebral|"
     r"paraspinous|trapezius)\s+)?spasms?", {"finding": "spasm"}),
    (r"(?:(?:no|active|latent|palpable|multiple)\s+)?trigger\s+points?(?!\s+inject)|"
     r"taut\s+bands?", {"finding": "trigger_point"}),
    (r"(?:local\s+)?twitch\s+responses?", {"finding": "twitch_response"}),
    (r"referred\s+pain|"
     # "palpation reproduces familiar pain referring to the occiput"
     r"(?:pain|symptoms)\s+(?:referring|refers)\s+to\s+the\s+(?:occiput|"
     r"scapula|shoulder|temple|head)", {"finding": "referred_pain"}),
    (r"(?:(?:positive|negative)\s+)?mcmurray'?s?(?:\s+(?:test|sign|maneuver))?(?:\s+(?:is\s+|"
     r"was\s+)?(?:positive|negative))?", {"finding": "mcmurray"}),
    (r"(?:(?:no|small|mild|moderate|large|trace|persistent|knee|joint)\s+)*effusion|"
     r"(?:(?:no|mild|moderate|trace|pitting)\s+)*edema(?:\s+(?:of\s+the\s+[\w\s]{0,20}?"
     r"(?=[,.;]|$)|\d\+))?", {"finding": "effusion"}),
    (r"(?:(?:positive|negative)\s+)?(?:lachman|anterior\s+drawer|posterior\s+drawer|"
     r"apprehension|varus\s+stress|valgus\s+stress|pivot\s+shift)(?:\s+(?:test|sign))?(?:\s+"
     r"(?:is\s+|was\s+)?(?:positive|negative|stable|\d\+))?|(?:ligamentous\s+)?(?:instability|"
     r"laxity)|stable\s+to\s+varus\s+and\s+valgus\s+stress|stable\s+ligamentous\s+exam"
     r"(?:ination)?", {"finding": "instability"}),
    (r"(?:(?:intermittent|occasional|true|frequent)\s+)?(?:locking|catching|giving\s+way|gives\s+"
     r"way|buckling)|(?:not\s+a\s+)?(?:true\s+)?mechanical\s+(?:block|symptoms)",
     {"finding": "mechanical_symptoms"}),
    (r"(?:(?:mildly\s+)?(?:antalgic|normal|slow|guarded|wide-based|steppage|shuffling|"
     r"non-?antalgic|steady|unsteady|stiff|ataxic|spastic)(?:,\s*(?:unsteady|slow|guarded))?"
     r"\s+gait)|gait\s+(?:is\s+|was\s+)?(?:mildly\s+)?(?:antalgic|normal|slow|guarded|steady|"
     r"unsteady|wide-based)[^.;]{0,50}|gait\s*:\s*[^.;]{3,60}|(?:ambulates|walks)\s+with\s+a\s+"
     r"(?:limp|cane|single-point\s+cane|rolling\s+walker|walker|crutches)|unable\s+to\s+tandem\s+"
     r"walk|\blimp\b", {"finding": "gait"}),
    (rf"(?:(?:positive|negative|{_RESULT})\s+)(?:{_TESTS})(?:\s+(?:test|sign|maneuver))?"
     rf"(?:\s+{_SIDE})?|(?:{_TESTS})(?:\s+(?:test|sign|maneuver))?(?:\s+(?:at|over)\s+the\s+"
     rf"[\w\s]{{2,30}}?)?\s*(?:is\s+|was\s+|are\s+)?(?:{_RESULT})(?:\s+(?:at\s+the\s+)?(?:wrist|elbow))?(?:\s+{_SIDE})?(?:\s+w/\s+"
     rf"[\w\s]{{0,25}})?|(?:[A-Z][\w'-]+\s+){{1,2}}(?:test|sign|maneuver)\s+(?:is\s+|was\s+)?"
     rf"(?:{_RESULT})(?:\s+{_SIDE})?", {"finding": "other"}),
    (r"(?:healed|well[- ]healed)\s+[\w\s]{0,25}?incisions?|incisions?\s+(?:is\s+|are\s+)?"
     r"(?:well[- ]|clean\s+and\s+)?healed[^.;]{0,40}|portals\s+healed[^.;]{0,40}|"
     r"(?:mild\s+)?(?:loss|reversal)\s+of\s+(?:cervical\s+|lumbar\s+)?lordosis|crepitus|"
     r"(?:mild\s+)?(?:varus|valgus)\s+alignment|scapular\s+dyskinesis|segmental\s+"
     r"(?:restriction|dysfunction)[^.;]{0,30}|fixation\s+[CLTS]\d[^.;]{0,30}|deconditioned|"
     r"(?:intact|normal|nonfocal|non-focal)\s+neurologic(?:al)?\s+exam(?:ination)?|"
     r"neurologic(?:al)?\s+exam(?:ination)?\s+(?:is\s+)?(?:intact|normal|nonfocal)|"
     r"(?:cervical|lumbar|shoulder|knee)\s+exam\s+(?:is\s+)?unremarkable|"
     r"(?:mottled|cool|shiny|discolored)(?:,\s*(?:mottled|cool|shiny|discolored))*\s+skin",
     {"finding": "other"}),
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


def _positive(finding: str, text: str, negated: bool) -> bool:
    lowered = text.lower()
    if negated or re.match(r"\s*no\b", lowered):
        return False
    if finding == "motor_deficit":
        grades = re.findall(r"\b([0-5])([+-]?)/5\b", text)
        if grades:
            return any(int(g) < 5 or sign == "-" for g, sign in grades)
        if re.search(r"(\d+)\s*(?:kg|kilograms|lbs?|pounds)[^.;]*?(?:versus|vs\.?|,)\s*"
                     r"(?:\w+\s+)?(\d+)", text):
            values = [int(v) for v in re.findall(r"(\d+)\s*(?:kg|kilograms|lbs?|pounds)?", text)]
            return len(values) >= 2 and min(values) < 0.9 * max(values)
        return bool(re.search(r"atrophy|wasting|weak|unable|\d+%\s+of|lag\s+of|present", lowered))
    if finding == "reflex":
        if re.search(r"clonus|hoffmann|babinski|crossed|beats", lowered):
            return bool(re.search(r"positive|present|beats|crossed\s+adductor(?!.*negative)",
                                  lowered)) or not re.search(r"negative|absent|\bno\b", lowered)
        if re.search(r"symmetric|=", lowered) and not re.search(r"absent|asymmetric", lowered):
            return False
        return bool(re.search(r"\b[013]\+|\b4\+|\b0\b|absent|diminished|decreased|reduced|"
                              r"hypo|hyper|brisk|trace", lowered))
    if finding == "range_of_motion":
        if re.search(r"\bfull\b|\bnormal\b|(?-i:WNL)|within\s+normal|equal\s+to", text,
                     re.IGNORECASE) and not re.search(r"limited|restricted|decreased|reduced|"
                                                      r"pain", lowered):
            return False
        if re.match(r"\((?-i:[LR])\s", text):
            return False  # the other side, given for comparison
        return True  # a measured or described range in an exam is a limitation by default
    if finding in ("straight_leg_raise", "mcmurray", "other", "instability"):
        if re.search(r"negative|\(-\)|\bneg\b|\bstable\b|intact|normal|unremarkable|healed(?!"
                     r".*(?:hypertrophy|dehisc))|nonfocal|non-focal", lowered):
            return bool(re.search(r"hypertrophy", lowered))
        return True
    if finding == "gait":
        return not re.search(r"\bnormal\b|non-?antalgic|(?<!un)steady|independent", lowered)
    if finding == "sensory_deficit":
        return not _NORMAL_RE.search(text) or bool(re.search(r"decreased|diminished|reduced|"
                                                             r"allodynia|impaired", lowered))
    if finding == "tenderness":
        return not re.search(r"non-?tender", lowered)
    return bool(_ABNORMAL_RE.search(text)) or not _NORMAL_RE.search(text)


def parse_exam(mention: Mention) -> list[Found]:
    finding = mention.meta["finding"]
    text = mention.text
    if finding in ("effusion", "spasm", "instability") and _STUDY_RE.search(mention.sentence):
        return []  # an imaging finding, not an examination
    if finding in ("instability", "gait") and mention.section not in (
            "physical_exam", None) and not re.search(r"test|sign|gait|ambulat|walk|stable", text,
                                                     re.I):
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
    if finding == "sensory_deficit" and re.match(r"(?:two|2)-point", text, re.IGNORECASE):
        distance = re.search(r"(\d+)\s*mm", text)
        value = {"finding": finding, "positive": bool(distance and int(distance.group(1)) > 6),
                 "side": side_of(text), "level": None, "detail": " ".join(text.split())[:80]}
        return [Found(value, mention.start, mention.end, negated=False)]
    if finding == "other" and not re.search(r"positive|negative|\(\+\)|\(-\)|\+|neg\b|pos\b",
                                            text, re.IGNORECASE) and mention.meta.get("test"):
        return []
    if finding == "trigger_point" and re.search(r"inject", mention.sentence, re.IGNORECASE):
        return []  # the injection procedure's target, not an examination finding
    if finding == "other" and mention.section == "diagnoses":
        return []
    # an examination finding is negated by a cue right before it ("no spasm"), not by one
    # anywhere in a long findings line
    negated = mention.negated and bool(re.search(
        r"\b(?:no|not|without|negative\s+for|denies|absent)\s+(?:\w+\s+){0,2}$",
        mention.sentence[max(0, mention.start - 40):mention.start], re.IGNORECASE))
    positive = _positive(finding, text, negated)
    value: dict = {"finding": finding, "positive": positive, "side": side_of(text),
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
    tail = re.match(rf",?\s*(?:and\s+|but\s+|while\s+)?(?P<word>positive|negative|[0-5][+-]?/5|"
                    rf"[0-4]\+)\s+{_SIDE}|,?\s*(?:and\s+)?(?P<side>left|right)\s+(?P<word2>"
                    rf"[0-4]\+|[0-5][+-]?/5)", mention.sentence[mention.end:], re.IGNORECASE)
    if tail and finding in ("straight_leg_raise", "motor_deficit", "reflex", "other"):
        snippet = tail.group(0).strip(" ,")
        start = mention.end + tail.group(0).index(snippet)
        second = {"finding": finding, "side": side_of(snippet), "level": value["level"],
                  "positive": _positive(finding, snippet, False), "detail": snippet}
        results.append(Found(second, start, start + len(snippet), negated=False))
    return results


SPECS = [
    KindSpec(FactKind.exam_finding, regex_triggers(_TABLE), parse_exam, anchor=(
        r"straight|(?-i:SLR|SLRs)|reflex|(?-i:DTR|DTRs|BR)|clonus|hoffmann|babinski|jerk|"
        r"beats|crossed|sensat|sensory|touch|(?-i:LT)|pinprick|vibration|numb|esthesia|"
        r"allodynia|strength|motor|myotomes|/5|weak|heel|toe|grip|pinch|thenar|hypothenar|"
        r"quad|quadriceps|deltoid|tender|(?-i:TTP)|range|(?-i:ROM|AROM|PROM|ER|IR|DF|PF)|"
        r"flexion|extension|abduction|adduction|rotation|bend|bending|inversion|eversion|"
        r"dorsiflexion|pronation|supination|fist|spasm|hypertonicity|trigger|taut|twitch|"
        r"referred|mcmurray|effusion|edema|lachman|drawer|apprehension|varus|valgus|pivot|"
        r"instabil|laxity|locking|catching|giving|gives|buckling|mechanical|gait|ambulat|"
        r"walks|tandem|limp|positive|negative|neg|pos|healed|incision|portals|lordosis|"
        r"crepitus|dyskinesis|segmental|fixation|deconditioned|neurologic|neurological|"
        r"unremarkable|"
        r"skin|mottled|spurling|phalen|tinel|neer|hawkins|faber|fabere|patrick|durkan|"
        r"finkelstein|speed|yergason|kemp|slump|romberg|homans|lhermitte|thessaly|apley|"
        r"grind|compression|depression|distraction|waddell|\(\+\)|\(-\)|^\+$|discrimination|"
        r"semmes|stable|diminished|normalized|neurovascularly|biceps|triceps|brachioradialis|"
        r"patellar|achilles|ankle|knee|interosseous|normal")),
]
