"""Examination, imaging, electrodiagnostic, red flags, ADL limits, psychological symptoms."""

from __future__ import annotations

import re

from openimr.model.facts import FactKind
from openimr.records.kinds.base import (
    Found,
    KindSpec,
    Mention,
    level_of,
    listy,
    regex_triggers,
    side_of,
    table_parser,
)

_SIDE = r"(?:(?:on\s+the\s+)?(?:left|right|bilaterally|bilateral|both\s+sides))"
_NEGATIVE_WORDS = re.compile(
    r"\bnegative\b|\bnormal\b|\bintact\b|\b5/5\b|\b2\+|symmetric|\bfull\b|(?-i:WNL)|"
    r"within normal limits|\bno\b|\bnon-?tender|\bnot\b|unremarkable|\bsteady\b|"
    r"non-?antalgic|\bstable\b|\babsent\b(?=.*\bspasm|.*\beffusion)", re.IGNORECASE)
_POSITIVE_WORDS = re.compile(
    r"\bpositive\b|\+(?!\d)|reproduc\w+|diminished|decreased|reduced|absent|\b[0-4][+-]?/5\b|"
    r"\b1\+|\b0/4|\b3\+|\b4\+|trace|hypo\w+|hyper\w+|brisk|limited|restricted|painful|"
    r"antalgic|weak\w*|numb\w*|tender\w*|spasm|guarded|impaired|altered|asymmetric",
    re.IGNORECASE)

_EXAM_TABLE: list[tuple[str, dict]] = [
    (rf"(?:(?:positive|negative)\s+)?(?:straight[- ]leg[- ]rais(?:e|ing)|(?-i:SLRs?))"
     rf"(?:\s+(?:test|testing|sign))?(?:\s+(?:is|was|are|were))?(?:\s+(?:positive|negative|"
     rf"\+|-))?(?:\s+{_SIDE})?(?:\s+(?:at\s+)?\d+\s+degrees)?", {"finding": "straight_leg_raise"}),
    (r"(?:(?:left|right|bilateral)\s+)?(?:deep\s+tendon\s+reflexes|(?-i:DTRs?)|reflexes|"
     r"(?:patellar|achilles|knee|ankle|biceps|triceps|brachioradialis)\s+(?:reflex(?:es)?|"
     r"jerks?|tendon reflex(?:es)?))[^.;]{0,40}?(?:[0-4]\+?(?:/4)?|absent|diminished|decreased|"
     r"reduced|normal|symmetric(?:al)?|intact|hyperactive|brisk|hypoactive|trace)"
     r"(?:\s+(?:and\s+)?symmetric(?:al)?)?(?:\s+{_SIDE}|\s+throughout)?".replace("{_SIDE}", _SIDE),
     {"finding": "reflex"}),
    (r"(?:no\s+)?clonus|hoffmann'?s?(?:\s+sign)?|babinski", {"finding": "reflex"}),
    (r"(?:decreased|diminished|reduced|absent|altered|impaired|abnormal)\s+(?:sensation|"
     r"sensory|light touch|pinprick)[^.;]{0,70}?(?:dermatomes?|distribution|[CLS]\d\b|fingers?|"
     r"digits?|toes?|foot|hand|thigh|leg|calf|forearm|arm|thumb)|(?:numbness|hypoesthesia|"
     r"hypesthesia|dysesthesia)\s+(?:in|over|along)\s+the\s+[^.;]{0,50}?(?:dermatome|"
     r"distribution|fingers?|digits?|toes?|foot|hand|thigh|leg|calf)|(?:sensation|sensory"
     r"(?:\s+exam(?:ination)?)?)\s+(?:is\s+|was\s+)?(?:grossly\s+)?(?:intact|normal)"
     r"(?:\s+to\s+[\w\s]{0,30}?(?:touch|pinprick))?(?:\s+[CLS]\d(?:-[CLS]\d)?)?(?:\s+"
     r"bilaterally)?|(?:no\s+(?:focal\s+)?sensory\s+(?:deficits?|loss)|sensory\s+deficits?)",
     {"finding": "sensory_deficit"}),
    (r"(?:(?:motor\s+)?strength|motor(?:\s+exam(?:ination)?)?|(?-i:EHL)|dorsiflexion|"
     r"plantar\s*flexion|grip|abduction|flexion|extension)[^.;]{0,50}?\b[0-5][+-]?/5\b"
     r"(?:\s+(?:throughout|bilaterally|in\s+the\s+[\w\s]{0,30}?extremit(?:y|ies)))?|"
     r"\b[0-4][+-]?/5\s+(?:strength|weakness)[^.;]{0,30}|(?:(?:no\s+)?(?:upper|lower)\s+"
     r"extremity\s+|focal\s+|motor\s+)?weakness\s+(?:of|in)\s+the\s+[\w\s]{0,30}|"
     r"(?:motor\s+)?strength\s+(?:is\s+)?(?:normal|intact|full)|no\s+(?:focal\s+)?(?:motor\s+)?"
     r"(?:weakness|deficits?)", {"finding": "motor_deficit"}),
    (r"(?:(?:medial|lateral)\s+)?joint[- ]line\s+tenderness|tender(?:ness)?\s+(?:over|along|at)"
     r"\s+the\s+(?:medial|lateral)\s+joint\s+line", {"finding": "joint_line_tenderness"}),
    (r"(?:(?:no|mild|moderate|marked|severe|diffuse|exquisite)\s+)?(?:tenderness|tender)"
     r"(?:\s+to\s+(?:palpation|touch))?(?:\s+(?:over|of|at|along|in|about)\s+(?:the\s+)?"
     r"[\w\-/ ]{0,40}?(?=[,.;]|\s+(?:and|with|but)\b|$))?|(?-i:TTP)\s+[\w\-/ ]{0,40}|"
     r"non-?tender", {"finding": "tenderness"}),
    (r"(?:(?:decreased|limited|restricted|reduced|painful|full|normal|guarded)\s+(?:and\s+"
     r"painful\s+)?(?:active\s+)?(?:range\s+of\s+motion|(?-i:ROM)))|(?:range\s+of\s+motion|"
     r"(?-i:ROM))\s+(?:is\s+|was\s+)?(?:limited|decreased|restricted|reduced|full|normal|"
     r"within normal limits|(?-i:WNL))|(?:forward\s+)?(?:flexion|extension|abduction|"
     r"(?:internal|external)\s+rotation|rotation|side\s+bending|lateral\s+bending|forward\s+"
     r"bend(?:ing)?)\s+(?:is\s+|was\s+)?(?:limited|restricted|decreased|reduced|to\s+\d+|\d+)"
     r"[^.;]{0,40}?(?:degrees|%|percent|inches\s+from\s+(?:the\s+)?floor|limited|restricted)",
     {"finding": "range_of_motion"}),
    (r"(?:(?:no|mild|moderate|severe)\s+)?(?:(?:muscle|paraspinal|paravertebral|"
     r"paraspinous|trapezius)\s+)?spasms?", {"finding": "spasm"}),
    (r"(?:(?:no|active|latent|palpable|multiple)\s+)?trigger\s+points?|taut\s+bands?",
     {"finding": "trigger_point"}),
    (r"(?:local\s+)?twitch\s+responses?", {"finding": "twitch_response"}),
    (r"referred\s+pain", {"finding": "referred_pain"}),
    (r"(?:(?:positive|negative)\s+)?mcmurray'?s?(?:\s+(?:test|sign|maneuver))?(?:\s+(?:is\s+|"
     r"was\s+)?(?:positive|negative))?", {"finding": "mcmurray"}),
    (r"(?:(?:no|small|mild|moderate|large|trace|knee|joint)\s+)*effusion",
     {"finding": "effusion"}),
    (r"(?:(?:positive|negative)\s+)?(?:lachman|anterior\s+drawer|posterior\s+drawer|"
     r"apprehension|varus\s+stress|valgus\s+stress)(?:\s+(?:test|sign))?(?:\s+(?:is\s+|was\s+)?"
     r"(?:positive|negative|stable|\d\+))?|(?:ligamentous\s+)?(?:instability|laxity)",
     {"finding": "instability"}),
    (r"(?:locking|catching|giving\s+way|gives\s+way|buckling|mechanical\s+(?:block|symptoms))",
     {"finding": "mechanical_symptoms"}),
    (r"(?:(?:antalgic|normal|slow|guarded|wide-based|steppage|shuffling|non-?antalgic|"
     r"steady|stiff)\s+gait)|gait\s+(?:is\s+|was\s+)?(?:antalgic|normal|slow|guarded|steady)|"
     r"(?:ambulates|walks)\s+with\s+a\s+(?:limp|cane)|limp", {"finding": "gait"}),
    (r"(?:(?:positive|negative)\s+)?(?:spurling'?s?|phalen'?s?|tinel'?s?|neer'?s?|hawkins"
     r"(?:-kennedy)?|empty\s+can|faber|patrick'?s?|facet\s+loading|durkan'?s?|finkelstein'?s?|"
     r"drop\s+arm|speed'?s?|yergason'?s?|o'brien'?s?)(?:\s+(?:test|sign|maneuver))?(?:\s+"
     r"(?:is\s+|was\s+)?(?:positive|negative))?(?:\s+(?:at\s+the\s+)?(?:wrist|elbow)\s*)?"
     r"(?:\s+{_SIDE})?".replace("{_SIDE}", _SIDE), {"finding": "other"}),
]
_REFLEX_LEVELS = {"patellar": "L4", "knee": "L4", "achilles": "S1", "ankle": "S1",
                  "biceps": "C5", "brachioradialis": "C6", "triceps": "C7"}
_EXAM_CONTEXT_BLOCK = re.compile(r"\b(?:MRI|CT|x-?rays?|radiographs?|EMG|NCV|NCS)\b",
                                 re.IGNORECASE)


def parse_exam(mention: Mention) -> list[Found]:
    finding = mention.meta["finding"]
    text = mention.text
    if finding in ("effusion", "spasm") and _EXAM_CONTEXT_BLOCK.search(mention.sentence):
        return []  # an imaging finding, not an examination
    positive_words = _POSITIVE_WORDS.search(text)
    negative_words = _NEGATIVE_WORDS.search(text)
    if finding == "motor_deficit":
        positive = bool(re.search(r"\b[0-4][+-]?/5|weak|decreased|diminished|reduced", text,
                                  re.IGNORECASE)) and not re.match(r"no\b", text, re.I)
    elif finding == "reflex" and re.search(r"clonus|hoffmann|babinski", text, re.IGNORECASE):
        positive = not mention.negated and not re.search(r"negative|absent|\bno\b", text, re.I)
    elif finding in ("straight_leg_raise", "mcmurray", "other", "instability"):
        positive = bool(re.search(r"positive|\+(?!\d)|reproduc|laxity|instability", text,
                                  re.IGNORECASE)) and not re.search(r"negative|stable", text,
                                                                    re.IGNORECASE)
        if finding == "straight_leg_raise" and not re.search(r"positive|negative|\+", text):
            positive = not bool(negative_words)
    elif finding in ("spasm", "trigger_point", "twitch_response", "referred_pain", "effusion",
                     "mechanical_symptoms", "joint_line_tenderness"):
        positive = not (negative_words and re.match(r"\s*no\b", text, re.IGNORECASE))
    elif finding in ("tenderness",):
        positive = not re.search(r"^\s*no\b|non-?tender", text, re.IGNORECASE)
    else:
        positive = bool(positive_words) and not (
            negative_words and (not positive_words or negative_words.start()
                                < positive_words.start()))
    if mention.negated:
        positive = False
    value: dict = {"finding": finding, "positive": positive, "side": side_of(text),
                   "level": level_of(text)}
    if finding == "reflex" and value["level"] is None:
        for word, level in _REFLEX_LEVELS.items():
            if word in text.lower():
                value["level"] = level
                break
    value["detail"] = " ".join(text.split())[:80]
    results = [Found(value, mention.start, mention.end, negated=False)]
    if finding == "straight_leg_raise":
        # "positive on the left at 45 degrees, negative on the right": a second result
        tail = re.match(rf",?\s*(?:and\s+|but\s+)?(?P<word>positive|negative)\s+{_SIDE}",
                        mention.sentence[mention.end:], re.IGNORECASE)
        if tail:
            second = {"finding": finding, "positive": tail.group("word").lower() == "positive",
                      "side": side_of(tail.group(0)), "level": None,
                      "detail": tail.group(0).strip(", ")}
            start = mention.end + tail.start() + (len(tail.group(0)) - len(
                tail.group(0).lstrip(", ")))
            results.append(Found(second, start, mention.end + tail.end(), negated=False))
    return results


# -- imaging
_MODALITY_RE = re.compile(
    r"\b(?:(?P<mri>MRI|MR\s+arthrogram|magnetic\s+resonance)|(?P<ct>CT|CAT\s+scan|computed\s+"
    r"tomography)|(?P<xray>x-?rays?|radiographs?|films?|plain\s+films?)|(?P<ultrasound>"
    r"ultrasound|sonogram)|(?P<bone_scan>bone\s+scan))\b", re.IGNORECASE)
_BODY_PART_RE = re.compile(
    r"\b(?:(?:left|right|bilateral)\s+)?(?:lumbar|cervical|thoracic|lumbosacral)\s+spine|"
    r"\b(?:left|right|bilateral)\s+(?:shoulder|knee|wrist|hip|elbow|ankle|hand|foot)s?|"
    r"\b(?:shoulder|knee|wrist|hip|elbow|ankle|hand|foot)\b", re.IGNORECASE)
_IMAGING_TABLE: list[tuple[str, dict]] = [
    (r"(?:\d+(?:\.\d+)?[- ]?mm\s+)?(?:(?:left|right|central|paracentral|foraminal|"
     r"broad-based|posterior|diffuse|focal|subligamentous|far\s+lateral|lateral|posterocentral|"
     r"small|large|annular|disc|disk)\s+){0,4}(?:herniation|herniated\s+(?:disc|disk|nucleus"
     r"\s+pulposus)|protrusion|extrusion|bulge|bulging\s+(?:disc|disk)|(?-i:HNP))"
     r"(?:\s+at\s+(?:the\s+)?[CLTS]\d(?:-[CLTS]?\d)?)?", {"category": "disc_herniation"}),
    (r"(?:compress\w*|imping\w*|abut\w*|contact\w*|displac\w*|effac\w*|encroach\w*|"
     r"deflect\w*|flatten\w*)\s+(?:on\s+|with\s+|upon\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}?"
     r"(?:[CLTS]\d\s+)?nerve\s+roots?|nerve\s+root\s+(?:compression|impingement|displacement|"
     r"abutment|encroachment)|neural\s+(?:compression|impingement)",
     {"category": "nerve_root_compression"}),
    (r"(?:(?:mild|moderate|severe|marked|significant)(?:\s+to\s+(?:moderate|severe))?\s+)?"
     r"(?:(?:left|right|bilateral)\s+)?(?:(?:neural\s+)?foraminal|central(?:\s+canal)?|"
     r"spinal\s+canal|lateral\s+recess|canal|spinal|subarticular)\s+(?:stenosis|narrowing)|"
     r"\bstenosis\b", {"category": "stenosis"}),
    (r"(?:grade\s+\w+\s+)?(?:antero|retro)?listhesis|spondylolisthesis|spondylolysis|"
     r"pars\s+defects?", {"category": "spondylolisthesis"}),
    (r"(?:(?:mild|moderate|severe|multilevel|multi-level)\s+)*(?:(?:[\w-]+\s+){0,2}"
     r"degenerative\s+(?:disc|disk|joint)\s+(?:disease|changes?)|(?:[\w-]+\s+){0,3}?"
     r"degenerative\s+changes?|(?:disc|disk)\s+(?:desiccation|degeneration|space\s+narrowing)|"
     r"desiccation|osteophytes?|spondylosis|(?:facet|uncovertebral|(?-i:AC)\s+joint|"
     r"acromioclavicular(?:\s+joint)?)\s+(?:arthropathy|hypertrophy|arthrosis|arthritis|"
     r"degenerative\s+changes?)|facet\s+arthropathy|osteoarthritis|joint\s+space\s+narrowing|"
     r"chondromalacia|chondral\s+(?:thinning|loss)|(?-i:DDD))(?:\s+(?:at\s+)?[CLTS]\d"
     r"(?:-[CLTS]?\d)?(?:\s+through\s+[CLTS]\d)?)?", {"category": "degenerative"}),
    (r"(?:(?:complex|horizontal|radial|oblique|vertical|bucket[- ]handle|degenerative|flap|"
     r"free\s+edge)\s+)*(?:tear\s+of\s+the\s+(?:posterior\s+horn\s+of\s+the\s+|body\s+of\s+the\s+)?"
     r"(?:medial|lateral)\s+meniscus|(?:medial|lateral)\s+meniscal?\s+tear|meniscal\s+tear|"
     r"meniscus\s+tear)", {"category": "meniscal_tear"}),
    (r"(?:(?:partial|full)[- ]thickness\s+(?:[\w-]+\s+){0,2}tear(?:\s+of\s+the\s+"
     r"(?:supraspinatus|infraspinatus|subscapularis|rotator\s+cuff)(?:\s+tendon)?)?)|"
     r"rotator\s+cuff\s+tear|(?:supraspinatus|infraspinatus|subscapularis)\s+(?:tendon\s+)?"
     r"tear", {"category": "rotator_cuff_tear"}),
    (r"(?:compression\s+)?fractures?(?:\s+or\s+dislocation)?", {"category": "fracture"}),
    (r"(?:otherwise\s+)?unremarkable|no\s+acute\s+(?:findings|abnormality|osseous\s+"
     r"abnormality)|within\s+normal\s+limits|normal\s+(?:study|exam|alignment|MRI|"
     r"radiographs?)|terminates\s+normally|(?:is|are)\s+normal", {"category": "normal"}),
    (r"type\s+(?:I|II|III|1|2|3)\s+acromion|labral\s+tear|(?:bone\s+)?marrow\s+edema|"
     r"tendinosis|tendinopathy|(?:subacromial\s+)?bursitis|ganglion\s+cyst|"
     r"(?:joint\s+)?effusion|(?:annular|annulus)\s+fissure|(?:annular|annulus)\s+tear|"
     r"modic\s+changes?|edema", {"category": "other"}),
]


def _modality_near(mention: Mention) -> tuple[str | None, str]:
    """The imaging modality of the sentence, or the last one named just before it."""
    for text in (mention.sentence, mention.preceding[-700:]):
        matches = list(_MODALITY_RE.finditer(text))
        if matches:
            match = matches[-1] if text is not mention.sentence else matches[0]
            name = next(k for k, v in match.groupdict().items() if v)
            return name, text
    return None, ""


def parse_imaging(mention: Mention) -> list[Found]:
    modality, where = _modality_near(mention)
    if modality is None:
        return []
    if mention.section in ("physical_exam",) and mention.meta["category"] == "other":
        return []
    body = _BODY_PART_RE.search(mention.sentence) or _BODY_PART_RE.search(where) or None
    if body is None:
        parts = list(_BODY_PART_RE.finditer(mention.preceding[-700:]))
        body = parts[-1] if parts else None
    value = {"modality": modality,
             "body_part": " ".join(body.group(0).lower().split()) if body else None,
             "finding": " ".join(mention.text.split()), "level": level_of(mention.text)
             or level_of(mention.sentence[mention.end:mention.end + 20]),
             "category": mention.meta["category"]}
    return [Found(value, mention.start, mention.end)]


# -- electrodiagnostic
_EDX_CONTEXT = re.compile(r"\b(?:EMG|NCV|NCS|nerve\s+conduction|electrodiagnostic|"
                          r"electromyograph\w*|needle\s+exam\w*)\b", re.IGNORECASE)
_EDX_TABLE: list[tuple[str, dict]] = [
    (r"(?:(?:acute|chronic|active|ongoing|mild|moderate|severe|acute\s+on\s+chronic|"
     r"left|right|bilateral|cervical|lumbar|lumbosacral|[CLS]\d(?:-[CLS]?\d)?)\s+){0,5}"
     r"radiculopathy", {"kind": "radiculopathy"}),
    (r"(?:(?:mild|moderate|severe|moderate\s+to\s+severe|left|right|bilateral|median|ulnar|"
     r"peroneal|tibial|sensory|motor|peripheral|generalized|sensorimotor)\s+){0,5}"
     r"(?:poly)?neuropathy(?:\s+(?:at|across)\s+the\s+(?:wrist|elbow|fibular\s+head))?|"
     r"carpal\s+tunnel\s+syndrome|cubital\s+tunnel\s+syndrome", {"kind": "neuropathy"}),
    (r"(?:(?:left|right)\s+)?(?:median|ulnar|peroneal|tibial|sural|radial)\s+(?:sensory|motor)"
     r"\s+(?:distal\s+)?(?:peak\s+)?(?:latenc(?:y|ies)|amplitudes?|conduction\s+velocit"
     r"(?:y|ies))[^.;]{0,50}", {"kind": "conduction"}),
    (r"(?:positive\s+sharp\s+waves|fibrillation\s+potentials|denervation|"
     r"reinnervation|(?:large|polyphasic)\s+motor\s+unit)[^.;]{0,80}", {"kind": "needle"}),
    (r"(?:normal|unremarkable)\s+(?:study|(?-i:EMG|NCV|NCS)|electrodiagnostic\s+study|"
     r"nerve\s+conduction\s+study)", {"kind": "normal"}),
    (r"(?:repeat\s+)?(?-i:EMG|NCV|NCS)(?:\s*/\s*(?-i:EMG|NCV|NCS))*(?:\s+(?:study|studies))?"
     r"(?:\s+of\s+the\s+(?:bilateral\s+)?(?:upper|lower)\s+extremities)?", {"kind": "test"}),
]


def parse_electrodiagnostic(mention: Mention) -> list[Found]:
    kind = mention.meta["kind"]
    context = mention.sentence + " " + mention.preceding[-600:]
    if kind == "test":
        if not mention.hypothetical:
            return []  # the test itself matters only as a request; findings say the rest
    elif not _EDX_CONTEXT.search(context):
        return []
    text = " ".join(mention.text.split())
    lowered = mention.sentence.upper() + " " + mention.preceding[-600:].upper()
    has_emg = "EMG" in lowered or "ELECTROMYO" in lowered or "NEEDLE" in lowered
    has_ncv = any(w in lowered for w in ("NCV", "NCS", "NERVE CONDUCTION"))
    if kind == "test":
        test = "emg_ncv" if ("EMG" in text.upper() and ("NCV" in text.upper()
                                                         or "NCS" in text.upper())) else (
            "emg" if "EMG" in text.upper() else "ncv")
    elif kind == "needle":
        test = "emg"
    elif kind == "conduction":
        test = "ncv"
    else:
        test = "emg_ncv" if has_emg and has_ncv or not (has_emg or has_ncv) else (
            "emg" if has_emg else "ncv")
    radiculopathy: bool | None = None
    if kind == "radiculopathy":
        radiculopathy = not mention.negated
    elif kind == "needle" and re.search(r"[CLS]\d|paraspinal|myotom", mention.sentence):
        radiculopathy = not mention.negated
    value = {"test": test, "finding": ("no " if mention.negated else "") + text,
             "radiculopathy": radiculopathy, "level": level_of(text), "side": side_of(text)}
    return [Found(value, mention.start, mention.end, negated=None if kind == "test" else False)]


_RED_FLAGS: list[tuple[str, dict]] = [
    (listy(r"cauda\s+equina(?:\s+syndrome)?|saddle\s+(?:anesthesia|anaesthesia|numbness|"
           r"paresthesias?)|(?:new\s+)?bowel\s+(?:or|and|/)\s+bladder(?:\s+(?:changes|incontinence|"
           r"dysfunction|symptoms|problems|complaints|issues|retention|control|habits))?|"
           r"(?:urinary|bladder|bowel|fecal)\s+(?:retention|incontinence)|loss\s+of\s+(?:bowel|"
           r"bladder)(?:\s+(?:or|and)\s+bladder)?(?:\s+control)?"), {"flag": "cauda_equina"}),
    (listy(r"fevers?|chills|wound\s+drainage|(?:wound\s+)?infection|osteomyelitis|discitis|"
           r"sepsis|epidural\s+abscess"), {"flag": "infection"}),
    (listy(r"(?:unexplained|unintentional)\s+weight\s+loss|weight\s+loss|night\s+sweats|"
           r"(?:history\s+of\s+)?(?:cancer|malignancy)|tumou?rs?|metasta\w+|night\s+pain"),
     {"flag": "tumor"}),
    (r"(?:new|progressive|worsening|progression\s+of)\s+(?:(?:focal\s+)?(?:weakness|numbness|"
     r"neurologic(?:al)?\s+deficits?|neurologic(?:al)?\s+symptoms))|foot\s+drop|"
     r"(?:if\s+)?weakness\s+progresses", {"flag": "progressive_neurologic_deficit"}),
]

_ADL_ACTIVITIES = {
    "sit": "sitting", "sitting": "sitting", "stand": "standing", "standing": "standing",
    "walk": "walking", "walking": "walking", "bend": "bending", "bending": "bending",
    "lift": "lifting", "lifting": "lifting", "carry": "carrying", "carrying": "carrying",
    "dress": "dressing", "dressing": "dressing", "putting on": "dressing",
    "bathe": "bathing", "bathing": "bathing", "shower": "bathing", "showering": "bathing",
    "washing": "grooming", "grooming": "grooming", "sleep": "sleeping", "sleeping": "sleeping",
    "drive": "driving", "driving": "driving", "kneel": "kneeling", "kneeling": "kneeling",
    "squat": "squatting", "squatting": "squatting", "climb": "stairs", "climbing": "stairs",
    "stairs": "stairs", "reach": "reaching", "reaching": "reaching", "chores": "household chores",
    "housework": "household chores", "cooking": "cooking", "cleaning": "cleaning",
    "vacuuming": "cleaning", "typing": "typing", "gripping": "gripping", "grip": "gripping",
    "writing": "writing", "turn": "turning", "turning": "turning", "twisting": "twisting",
    "getting out of": "transfers", "rising": "transfers", "running": "running",
    "shopping": "shopping", "yard work": "yard work", "opening jars": "gripping",
    "computer": "computer work", "keyboard": "computer work", "overhead": "reaching",
    "sleep on": "sleeping", "pushing": "pushing", "pulling": "pulling", "mopping": "cleaning",
}
_ACTIVITY = "|".join(sorted((re.escape(k) for k in _ADL_ACTIVITIES), key=len, reverse=True))
_ADL_TABLE: list[tuple[str, dict]] = [
    (rf"(?:difficulty|trouble|problems?|pain|limited|limitations?|unable|inability|cannot|"
     rf"can't|can\s+not|could\s+not|needs?\s+(?:help|assistance)(?:\s+from\s+(?:his|her)\s+\w+)?"
     rf"|requires\s+assistance)\s+(?:with\s+|when\s+|to\s+|in\s+|while\s+)?(?:prolonged\s+)?"
     rf"(?:{_ACTIVITY})\b[^.;,]{{0,50}}", {}),
    (rf"(?:prolonged|extended)\s+(?:{_ACTIVITY})(?:\s+(?:beyond|over|more\s+than|longer\s+"
     rf"than|for)\s+[\w\s]{{0,20}}?(?:minutes?|hours?|blocks?))?", {}),
    (rf"(?:{_ACTIVITY})\s+(?:is|are)\s+(?:painful|difficult|limited)", {}),
    (r"(?:sit|stand|walk|drive|sitting|standing|walking|driving)\s+(?:for\s+)?(?:no\s+)?"
     r"(?:more|longer)\s+than\s+[\w\s]{0,20}?(?:minutes?|hours?|blocks?)", {}),
    (r"tolerates\s+(?:only\s+)?(?:about\s+)?\d+\s+(?:min|minutes|hours?)\s+(?:of\s+[\w\s]+?\s+)?"
     r"before\s+[\w\s]{0,30}", {}),
]


def _adl_value(mention: Mention) -> dict | None:
    text = mention.text.lower()
    if mention.section in ("physical_exam",) and "able to" not in text:
        return None
    for key in sorted(_ADL_ACTIVITIES, key=len, reverse=True):
        if re.search(rf"\b{re.escape(key)}", text):
            return {"activity": _ADL_ACTIVITIES[key]}
    return {"activity": "other"}


_PSYCH: list[tuple[str, dict]] = [
    (r"(?:persistent\s+|chronic\s+)?depress(?:ed|ion|ive)(?:\s+(?:mood|symptoms))?|feeling\s+"
     r"(?:down|sad|hopeless|worthless)|hopeless(?:ness)?|worthless(?:ness)?|anhedonia|loss\s+of"
     r"\s+interest(?:\s+in\s+[\w\s]{0,40}?(?=[,.;]|$))?|tearful(?:ness)?|low\s+mood|"
     r"crying\s+spells", {"symptom": "depression"}),
    (r"anxi(?:ety|ous)|panic(?:\s+attacks?)?|worr(?:y|ies|ied)(?:\s+about\s+\w+)?|"
     r"nervous(?:ness)?|racing\s+thoughts|(?:chest\s+tightness\s+and\s+racing\s+thoughts)",
     {"symptom": "anxiety"}),
    (r"insomnia|(?:difficulty|trouble|problems?)\s+(?:sleeping|falling\s+asleep|staying\s+"
     r"asleep|with\s+sleep)|sleep\s+(?:is\s+)?(?:poor|disturbance|disturbed|disrupted|"
     r"fragmented)(?:,\s+averaging\s+\d+\s+hours(?:\s+per\s+night)?)?|poor\s+sleep|"
     r"sleeps?\s+(?:only\s+)?(?:about\s+)?(?:\d|two|three|four|five)(?:\s+(?:to|-)\s+\w+)?\s+"
     r"hours(?:\s+(?:per|a|each)\s+night)?|wakes?\s+(?:up\s+)?(?:frequently|several\s+times|"
     r"\d+\s+times|at\s+night)|non-?restorative\s+sleep", {"symptom": "insomnia"}),
    (r"fear[- ]avoidan\w+(?:\s+beliefs?)?|kinesiophobia|fear\s+of\s+(?:re-?injur\w+|movement|"
     r"pain)(?:\s+(?:his|her)\s+\w+)?|avoids?\s+[\w\s,]{0,40}?(?:for|out\s+of)\s+fear"
     r"(?:\s+of\s+[\w\s-]{0,30}?(?=[,.;]|$))?", {"symptom": "fear_avoidance"}),
    (r"(?-i:PTSD)|post-?traumatic\s+stress(?:\s+disorder)?|nightmares(?:\s+or\s+flashbacks)?|"
     r"flashbacks|hypervigilan\w+|intrusive\s+(?:thoughts|memories)", {"symptom": "ptsd"}),
    (r"suicidal\s+(?:ideation|thoughts)|thoughts\s+of\s+(?:self-?harm|suicide|harming)|"
     r"(?-i:SI)\b", {"symptom": "suicidal_ideation"}),
    (r"irritab\w+|grief|anger|catastrophiz\w+|social\s+withdrawal|poor\s+concentration",
     {"symptom": "other"}),
    (r"(?:(?-i:PHQ)-?9|(?-i:GAD)-?7|(?-i:BDI)(?:-?II)?|(?-i:BAI)|Beck\s+(?:Depression|Anxiety)"
     r"\s+Inventory(?:-?II)?|(?-i:HAM-?[DA])|Insomnia\s+Severity\s+Index|(?-i:ISI))"
     r"[^\d.;]{0,25}\d{1,2}", {"symptom": "instrument"}),
]
_INSTRUMENTS = [(r"PHQ", "depression", "PHQ-9"), (r"GAD", "anxiety", "GAD-7"),
                (r"Beck\s+Depression|BDI", "depression", "BDI-II"),
                (r"Beck\s+Anxiety|BAI", "anxiety", "BAI"), (r"HAM-?D", "depression", "HAM-D"),
                (r"HAM-?A", "anxiety", "HAM-A"), (r"Insomnia|ISI", "insomnia", "ISI")]


def _psych_value(mention: Mention) -> dict | None:
    if mention.meta["symptom"] != "instrument":
        return {}
    for pattern, symptom, instrument in _INSTRUMENTS:
        if re.search(pattern, mention.text, re.IGNORECASE):
            score = re.findall(r"\d{1,2}", mention.text)
            return {"symptom": symptom, "instrument": instrument,
                    "score": int(score[-1]) if score else None}
    return None


_HOMEBOUND = [(r"home-?bound|confined\s+to\s+(?:the\s+|his\s+|her\s+)?(?:home|house|bed)|"
               r"unable\s+to\s+leave\s+(?:the\s+|his\s+|her\s+)?(?:home|house)|leaves\s+"
               r"(?:the\s+|his\s+|her\s+)?home\s+only", {"present": True})]


SPECS = [
    KindSpec(FactKind.exam_finding, regex_triggers(_EXAM_TABLE), parse_exam, anchor=(
        r"straight|(?-i:SLR)|reflex|(?-i:DTR)|clonus|hoffmann|babinski|jerk|sensat|sensory|"
        r"touch|pinprick|numb|esthesia|strength|motor|/5|(?-i:EHL)|weak|tender|(?-i:TTP)|"
        r"range|(?-i:ROM)|flexion|extension|abduction|rotation|bend|spasm|"
        r"trigger|taut|twitch|referred|mcmurray|effusion|lachman|drawer|apprehension|varus|"
        r"valgus|instabil|laxity|locking|catching|giving|gives|buckling|"
        r"mechanical|gait|ambulat|walks|limp|spurling|phalen|tinel|neer|hawkins|"
        r"empty|faber|patrick|loading|durkan|finkelstein|drop|speed|"
        r"yergason|o'brien")),
    KindSpec(FactKind.imaging_finding, regex_triggers(_IMAGING_TABLE), parse_imaging, anchor=(
        r"herniat|protrusion|extrusion|bulg|(?-i:HNP)|nerve|neural|stenosis|narrowing|"
        r"listhesis|spondylo|pars|degenerat|desiccat|osteophyt|arthropath|hypertroph|arthrosis|"
        r"arthritis|chondr|(?-i:DDD)|menisc|tear|fracture|unremarkable|acute|normal|"
        r"acromion|labral|edema|tendin|bursitis|cyst|effusion|fissure|modic|terminates")),
    KindSpec(FactKind.electrodiagnostic_finding, regex_triggers(_EDX_TABLE),
             parse_electrodiagnostic, anchor=(
                 r"radiculopath|neuropath|carpal|cubital|latenc|amplitude|"
                 r"conduction|sharp|fibrillation|denervation|reinnervation|"
                 r"motor|(?-i:EMG|NCV|NCS)|normal|unremarkable")),
    KindSpec(FactKind.red_flag, regex_triggers(_RED_FLAGS), table_parser(), anchor=(
        r"cauda|saddle|bowel|bladder|urinary|fecal|fever|chills|drainage|infection|"
        r"osteomyelitis|discitis|sepsis|abscess|weight|sweats|cancer|malignan|"
        r"tumo|metasta|night|weakness|neurologic|drop")),
    KindSpec(FactKind.adl_limitation, regex_triggers(_ADL_TABLE), table_parser(
        extra=_adl_value), anchor=(
        r"difficult|trouble|problem|pain|limit|unable|inability|cannot|can't|can|"
        r"could|help|assist|prolonged|extended|more|longer|tolerates")),
    KindSpec(FactKind.psych_symptom, regex_triggers(_PSYCH), table_parser(extra=_psych_value),
             anchor=(
                 r"depress|feeling|hopeless|worthless|anhedonia|interest|tearful|mood|crying|"
                 r"anxi|panic|worr|nervous|racing|insomnia|sleep|wake|fear|kinesiophobia|avoid|"
                 r"(?-i:PTSD|SI|PHQ|GAD|BDI|BAI|HAM|ISI)|traumatic|nightmare|flashback|"
                 r"hypervigil|intrusive|suicid|harm|harming|irritab|grief|anger|"
                 r"catastroph|withdrawal|concentration|beck|inventory|severity")),
    KindSpec(FactKind.homebound, regex_triggers(_HOMEBOUND), table_parser("present"),
             anchor=r"home-?bound|confined|leave"),
]
