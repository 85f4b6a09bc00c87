"""Examination, imaging, electrodiagnostic, red flags, ADL limits, psychological symptoms."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from openimr.model.facts import FactKind
from openimr.model.yamltext import load_yaml
from openimr.records.kinds.base import (
    AMOUNT_UNITS,
    OTHER_PERSON,
    Found,
    KindSpec,
    Mention,
    alternatives,
    box_after_label,
    checklist_denies,
    clause_bounds,
    flexible_spaces,
    level_of,
    listy,
    regex_triggers,
    side_of,
)
from openimr.records.lowered import CaseBlindTest
from openimr.records.prefilter import PatternGate

# -- imaging
_MODALITY_RE = re.compile(
    # "MR RIGHT SHOULDER WITHOUT CONTRAST", "MR lumbar spine": a radiology report's heading
    # names the study "MR" before the part it images (capitals, so "Mr." is no study)
    r"\b(?:(?P<mri>MRI|MR\s+arthrogra(?:m|phy)|(?-i:MRA)|arthrogra(?:m|phy)|magnetic\s+resonance|"
    r"(?-i:MR)(?=\s+(?:of\s+(?:the\s+)?)?(?:(?:left|right|bilateral|lt|rt)\s+)?(?:lumbar|"
    r"lumbosacral|cervical|thoracic|[lct]-?spine|shoulder|knee|hip|wrist|elbow|ankle|foot|hand|"
    r"brain|head|pelvis|spine)\b))|(?P<ct>CT|CAT\s+scan|computed\s+"
    r"tomography)|(?P<xray>x-?rays?|radiographs?|films?|plain\s+films?|(?-i:XRs?)|panorex|"
    # "BILATERAL STANDING KNEES:", "weight-bearing views": plain films by their views
    r"(?:standing|weight[- ]?bearing)\s+(?:(?:AP|PA|bilateral)\s+)?(?:knees?|views?|films?|"
    r"series|AP|PA)|"
    # plain films told by their count or their projections: "LUMBAR SPINE 5 VIEWS",
    # "AP and lateral views", "flexion/extension views", "dynamic views"
    r"\d\s+views?|(?:(?:AP|PA|lateral|oblique|flexion[/-]extension|flexion\s+and\s+extension|"
    r"dynamic|bending)\s+(?:and\s+(?:AP|PA|lateral|oblique)\s+)?)views?)|(?P<ultrasound>"
    r"ultrasound|sonogram)|(?P<bone_scan>bone\s+scan))\b", re.IGNORECASE)
_BODY_PART_RE = re.compile(
    r"\b(?:(?:left|right|bilateral)\s+)?(?:lumbar|cervical|thoracic|lumbosacral)\s+spine|"
    r"\b(?:left|right|bilateral)\s+(?:shoulder|knee|wrist|hip|elbow|ankle|hand|foot)s?|"
    r"\b(?:shoulder|knee|wrist|hip|elbow|ankle|hand|foot)\b", re.IGNORECASE)
#: A spinal level that names its region: a thoracic one only as a range ("T1", "T2" are MRI
#: sequences: "T2 hyperintensity" of a knee is no thoracic finding).
_SPINE_LEVEL_RE = re.compile(r"\b([CLS]\d{1,2}(?:\s*-\s*[CLS]?\d{1,2})?|T\d{1,2}\s*-\s*T?\d{1,2})\b"
                             r"(?!\s*-?\s*weighted)")
#: The spinal region a level's letter names.
_SPINE_REGIONS = {"C": "cervical spine", "T": "thoracic spine", "L": "lumbar spine",
                  "S": "lumbar spine"}
#: Ligaments and tendons a study reads intact.
_INTACT_STRUCTURE = (r"(?:(?:cruciate|collateral)\s+)?ligaments?|(?-i:ACL|PCL|MCL|LCL|TFCC)|"
                     r"(?:(?:[\w-]+|and)\s+){0,3}tendons?|supraspinatus|infraspinatus|"
                     r"subscapularis|labrum")
#: A finding denied in a study's list ("no loose bodies", "without retraction"); "no
#: dislocation" goes with the fracture denied beside it ("no fracture, no dislocation" is one
#: fracture denied, as annotated).
_DENIED_PART = (r"(?:no|without)\s+(?!(?:(?:significant|interval|further)\s+)?(?:change|"
                r"progression|dislocation)\b)[^,;:.]{3,80}?")
_IMAGING_TABLE: list[tuple[str, dict]] = [
    (r"(?:\d+(?:\.\d+)?[- ]?mm\s+)?(?:(?:left|right|central|paracentral|foraminal|"
     r"broad-based|posterior|diffuse|focal|subligamentous|far\s+lateral|lateral|posterocentral|"
     r"small|large|annular|disc|disk)\s+){0,4}(?:herniation|herniated\s+(?:disc|disk|nucleus"
     r"\s+pulposus)|protrusion|extrusion|bulge|bulging\s+(?:disc|disk)|(?-i:HNP))"
     r"(?:\s+at\s+(?:the\s+)?[CLTS]\d(?:-[CLTS]?\d)?)?", {"category": "disc_herniation"}),
    (r"(?:compress\w*|imping\w*|abut\w*|contact\w*|displac\w*|effac\w*|encroach\w*|"
     r"deflect\w*|flatten\w*|mass\s+effect)\s+(?:on\s+|with\s+|upon\s+|of\s+)?(?:the\s+)?"
     r"(?:[\w/-]+\s+){0,3}?"
     r"(?:[CLTS]\d\s+)?(?:nerve\s+)?roots?\b(?:\s+in\s+the\s+[\w\s]{3,20}?(?=[,.;]|$))?|"
     r"(?:nerve|[CLTS]\d(?:\s+nerve)?)\s+root\s+(?:compression|impingement|displacement|abutment|"
     r"encroachment|contact)|"
     r"neural\s+(?:compression|impingement)",
     {"category": "nerve_root_compression"}),
    (r"(?:(?:mild|moderate|severe|marked|significant)(?:\s+to\s+(?:moderate|severe))?\s+)?"
     r"(?:(?:left|right|bilateral)\s+)?(?:(?:neural\s+)?foraminal|central(?:\s+canal)?|"
     r"spinal\s+canal|lateral\s+recess|canal|spinal|subarticular)\s+(?:stenosis|narrowing)|"
     r"\bstenosis\b", {"category": "stenosis"}),
    # "Canal and foramina patent": no stenosis, in the value's words
    (r"(?:(?:central\s+)?canal|foramina|neural\s+foramina)(?:\s+and\s+(?:neural\s+)?"
     r"(?:foramina|canal))?\s+(?:are\s+|is\s+)?(?:widely\s+)?patent",
     {"category": "stenosis", "patent": True}),
    (r"(?:grade\s+\w+\s+)?(?:antero|retro)?listhesis|spondylolisthesis|spondylolysis|"
     r"pars\s+defects?", {"category": "spondylolisthesis"}),
    (r"(?:(?:mild|moderate|severe|multilevel|multi-level|[CLTS]\d-[CLTS]?\d)\s+)*(?:(?:[\w-]+\s+){0,2}"
     r"degenerative\s+(?:disc|disk|joint)\s+(?:disease|changes?)|(?:[\w-]+\s+){0,3}?"
     r"degenerative\s+changes?|(?:disc|disk)\s+(?:desiccation|degeneration|space\s+narrowing)|"
     r"desiccation|osteophytes?|spondylosis|(?:facet|uncovertebral|(?-i:AC)\s+joint|"
     r"acromioclavicular(?:\s+joint)?)\s+(?:arthropathy|hypertrophy|arthrosis|arthritis|"
     r"degenerative\s+changes?)|facet\s+arthropathy|osteoarthritis|joint\s+space\s+narrowing|"
     r"chondromalacia|chondral\s+(?:thinning|loss)|(?-i:DDD)|adjacent\s+segment\s+"
     r"degeneration|sclerosis(?:\s+of\s+the\s+[\w\s]{2,20}?(?=[,.;]|$))?|tendinosis|"
     r"tendinopathy|"
     # loss of a joint's space told as radiologists write it: "bone-on-bone medial",
     # "tricompartmental" (DJD, OA, narrowing), "medial compartment collapse" (a
     # Kellgren-Lawrence grade is left out: it grades the narrowing stated beside it)
     r"bone[- ]on[- ]bone(?:\s+(?:medial|lateral|patellofemoral))?|(?:tri|bi)compartmental"
     r"(?:\s+(?:(?-i:DJD|OA)|osteoarthritis|arthrosis|degenerative\s+changes?|narrowing))?|"
     r"(?:medial|lateral|patellofemoral)\s+compartment\s+(?:narrowing|collapse)|"
     # arthritis by its abbreviations and bone spurs, as radiologists and clinicians write
     # them ("nodal OA", "bilateral CMC OA R>L", "medial compartment OA", "plantar calcaneal
     # spurs", "small traction spur"), ossification of the posterior longitudinal ligament
     r"(?:(?:nodal|erosive|(?-i:CMC|MCP|PIP|DIP|AC|TMJ)|(?:medial|lateral|patellofemoral)\s+"
     r"compartment|tricompartmental|bilateral)\s+)*(?-i:OA|DJD)\b|"
     r"(?:(?:small|large|plantar|calcaneal|traction|bone|bony|heel|marginal)\s+){1,3}spurs?\b|"
     r"(?-i:OPLL)|ossification\s+of\s+the\s+posterior\s+longitudinal\s+ligament)"
     r"(?:\s+(?:at\s+)?[CLTS]\d"
     r"(?:-[CLTS]?\d)?(?:\s+through\s+[CLTS]\d)?)?", {"category": "degenerative"}),
    # (the horn and the body torn together: "tear of the posterior horn/body of the medial
    # meniscus", "tear of the body and anterior horn of the lateral meniscus")
    (r"(?:(?:complex|horizontal|radial|oblique|vertical|bucket[- ]handle|degenerative|flap|"
     r"free\s+edge|displaced)\s+)*(?:tear\s+(?:of\s+)?(?:the\s+)?(?:(?:(?:posterior|anterior)\s+"
     r"horn|body)(?:\s*(?:/|,|and|&)\s*(?:the\s+)?(?:(?:posterior|anterior)\s+horn|body))?\s+"
     r"(?:of\s+)?(?:the\s+)?)?(?:medial|lateral)\s+meniscus|torn\s+(?:medial|"
     r"lateral)\s+meniscus|(?:medial|lateral)\s+meniscal?\s+tear|meniscal\s+tear|"
     r"meniscus\s+tear)", {"category": "meniscal_tear"}),
    (r"(?:(?:partial|full)[- ]thickness\s+(?:[\w-]+\s+){0,2}tear(?:\s+of\s+the\s+"
     r"(?:supraspinatus|infraspinatus|subscapularis|rotator\s+cuff)(?:\s+tendon)?)?)|"
     r"rotator\s+cuff\s+tear|(?:supraspinatus|infraspinatus|subscapularis)\s+(?:tendon\s+)?"
     r"tear", {"category": "rotator_cuff_tear"}),
    # a radiograph read normal in its parts: no fracture, and the joint spaces or alignment
    # kept ("No fracture; joint space well maintained", "alignment normal, no acute fracture")
    (r"no\s+(?:acute\s+)?fractures?[,.;]?\s+(?:and\s+)?(?:the\s+)?(?:joint\s+spaces?|alignment)\s+"
     r"(?:(?:is|are)\s+)?(?:well\s+)?(?:preserved|maintained|normal)|(?:joint\s+spaces?|alignment)\s+"
     r"(?:(?:is|are)\s+)?(?:well\s+)?(?:preserved|maintained|normal)[,;]?\s+(?:and\s+)?no\s+"
     r"(?:acute\s+)?fractures?", {"category": "normal"}),
    (r"(?:compression\s+)?fractures?(?:\s+or\s+dislocation)?", {"category": "fracture"}),
    (r"(?:otherwise\s+)?unremarkable|no\s+acute\s+(?:findings|abnormality|osseous\s+"
     r"abnormality)|within\s+normal\s+limits|normal\s+(?:study|exam|alignment|MRI|"
     r"radiographs?)|terminates\s+normally|(?:is|are|was|were)\s+normal|"
     # a ligament or tendon read intact ("ACL intact", "intact ligaments", "infraspinatus
     # intact", "peroneal tendons intact"): a normal finding
     rf"intact\s+(?:{_INTACT_STRUCTURE})|(?:{_INTACT_STRUCTURE})\s+(?:(?:is|are)\s+)?intact",
     {"category": "normal"}),
    # (the word before must start at a word: inside "no" it made "no cord compression" a cord
    # compression found)
    (r"(?:\b(?!no\b|without\b|or\b|and\b)\w+\s+)?cord\s+compression|"
     # the same told with a verb: "disc-osteophyte complex compressing the cord", "the cord
     # is compressed at C5-6"
     r"(?<!not\s)(?<!no\s)compress(?:es|ing)\s+the\s+(?:spinal\s+)?cord|(?:spinal\s+)?cord\s+"
     r"(?:is\s+|was\s+)?compressed", {"category": "stenosis"}),
    (r"(?:mild\s+)?cord\s+(?:flattening|signal\s+change)[^.;,]{0,30}|(?:T2\s+)?signal\s+"
     r"change\s+within\s+the\s+cord[^.;,]{0,15}|(?:solid|incomplete)\s+(?:posterolateral\s+|"
     r"interbody\s+)?fusion[^.;,]{0,40}|(?:intact|stable)\s+(?:[\w-]+\s+){0,3}(?:hardware|cage|"
     r"screws)[^.;,]{0,30}|(?:early\s+)?bridging\s+bone|(?:muscle\s+)?atrophy\s+or\s+fatty\s+"
     r"infiltration|fatty\s+infiltration|(?:small\s+)?(?:Baker'?s\s+)?cyst|neovascularity|"
     r"loss\s+of\s+(?:cervical\s+|lumbar\s+)?lordosis", {"category": "other"}),
    (r"instability\s+on\s+flexion-extension(?:\s+views)?|"
     # motion measured between flexion and extension ("4 mm translation at L4-5", "3 mm
     # motion at L4-5"): instability, filed with the slips
     r"\d+(?:\.\d+)?\s*mm\s+(?:of\s+)?(?:(?:dynamic|segmental|anterior|sagittal)\s+)?(?:translation|motion|slip)(?:\s+at\s+[CLTS]\d"
     r"(?:-[CLTS]?\d)?)?", {"category": "spondylolisthesis"}),
    (r"(?:(?:repeat|updated?|new|cervical|lumbar|thoracic|knee|shoulder)\s+)*(?:MRI|CT\s+scan|"
     r"(?-i:CT)|x-?rays?|radiographs?)(?:\s+of\s+the\s+[\w\s]{3,20}?(?=[,.;]|\s+(?:to|for|"
     r"if|and)\b|$))?", {"category": "request"}),
    # each item of a study's line of findings ("MRI 03/18/2024: partial tear of the dorsal
    # scapholunate ligament; small dorsal ganglion", "X-ray: no foreign body; hardware
    # intact"): what the vocabulary does not name is a finding all the same (parse_imaging
    # keeps only items that follow a study's name and a colon)
    (r"(?<=[:;])\s*(?P<item>(?!\s)(?:[^;:.]|\.(?=\d)){3,150}?)(?=\s*(?:;|\.(?!\d)|$))",
     {"category": "item"}),
    # a denial among a study's comma-separated findings ("CT: fracture of L2, posterior
    # wall intact, no canal compromise", "XR: no gas in the soft tissues, no fracture"): its
    # own finding, as a semicolon would make it; "no change", "no progression" compare
    # with an earlier study and find nothing
    (rf"(?<=,)\s*(?P<item>{_DENIED_PART})(?=\s*(?:[,;]|\.(?!\d)|$))",
     {"category": "item", "part": True}),
    (rf"(?<=:)\s*(?P<item>{_DENIED_PART})(?=\s*,)", {"category": "item", "part": True}),
    (r"type\s+(?:I|II|III|1|2|3)\s+acromion|labral\s+tear|(?:bone\s+)?marrow\s+edema|"
     r"(?:subacromial\s+)?bursitis|ganglion\s+cyst|"
     r"(?:bony\s+)?Bankart(?:\s+lesion)?|Hill[- ]Sachs(?:\s+(?:lesion|defect))?|SLAP\s+(?:tear|lesion)|"
     r"(?:joint\s+)?effusion|(?:annular|annulus)\s+fissure|(?:annular|annulus)\s+tear|"
     r"modic\s+changes?|edema", {"category": "other"}),
]


def _modality_near(mention: Mention) -> tuple[str | None, str, bool]:
    """The imaging modality of the sentence, or the last one named just before it; and
    whether it was named in the sentence itself."""
    heading = mention.hints.get("heading", "") if mention.hints.get("study_report") else ""
    for text in (mention.sentence, mention.preceding[-400:], heading):
        matches = list(_MODALITY_RE.finditer(text))
        if matches:
            # in the sentence, the study named last before the finding ("MRI ... stenosis;
            # flexion-extension films show 4 mm of translation"), else the first after it
            before = [m for m in matches if m.start() < mention.start]
            match = matches[-1] if text is not mention.sentence else (
                before[-1] if before else matches[0])
            name = next(k for k, v in match.groupdict().items() if v)
            return name, text, text is mention.sentence
    return None, "", False


_LOCAL_NEGATION_RE = re.compile(r"\b(?:no|not|without|negative\s+for|free\s+of|absence\s+of|"
                                r"rules?\s+out)\s+(?:(?!and\b|with\b|but\b)[\w-]+,?\s+(?:or\s+)?)"
                                r"{0,4}$", re.IGNORECASE)
_CUFF_RE = re.compile(r"supraspinatus|infraspinatus|subscapularis|rotator|shoulder",
                      re.IGNORECASE)


#: An ICD-10-CM code in parentheses after a finding, in its clause ("(M24.151, S73.191A)").
_ICD_CODE_AFTER_RE = re.compile(r"^[^.;()]{0,30}\(\s*(?-i:[A-TV-Z]\d{2}(?:\.[\dA-Z]{1,4})?)\b")
_VERB_NORMAL_RE = re.compile(r"(?:is|are|was|were)\s+normal", re.IGNORECASE)


#: A study's line of findings: its name, then at most a few words (the body part, a date),
#: then a colon, then items separated by semicolons, up to the item read.
_STUDY_LINE_RE = re.compile(
    r"\b(?:MRI?|MR\s+arthrogram|CT|x-?rays?|(?-i:XR)|radiographs?|films|ultrasound|(?-i:US)|"
    r"panorex|bone\s+scan)\b(?!\))(?:(?!\s{3})[^:;.\n]){0,45}:\s*(?:(?:[^:;.]|\.(?=\d))+;\s*)*$",
    re.IGNORECASE)
#: An item that is no finding: a study asked for, pending or not done.
_NOT_A_FINDING_RE = re.compile(
    r"\b(?:request\w*|pending|order\w*|scheduled|authori[sz]\w*|denied|declined|not\s+(?:done|"
    r"indicated|performed|available)|reviewed|see\s+above|none|n/a|otherwise\s+normal)\b|^\W*$",
    re.IGNORECASE)
_NORMAL_ITEM_RE = re.compile(r"^(?:normal|unremarkable|negative)\b", re.IGNORECASE)


@cache
def _vocabulary_tests() -> tuple[PatternGate, tuple[CaseBlindTest, ...]]:
    """The imaging vocabulary's findings (studies asked for and items aside), each a test
    of its own behind one literal gate (`prefilter.PatternGate`)."""
    patterns = [pattern for pattern, meta in _IMAGING_TABLE
                if meta["category"] not in ("item", "request")]
    return PatternGate(patterns), tuple(CaseBlindTest(re.compile(pattern, re.IGNORECASE))
                                        for pattern in patterns)


def _vocabulary_names(text: str) -> bool:
    """Whether the vocabulary names a finding in `text`: one of its expressions finds
    something (what their alternation's `search` says). Only those whose literals `text`
    holds are run: the alternation, case-blind, took ~1.7 ms on an item it does not name
    (~1.5% of reading, issue 18)."""
    gate, tests = _vocabulary_tests()
    low = text.lower() if text.isascii() else None
    return any(tests[index].found_in(text, low) for index in gate.candidates(text))


def _study_item(mention: Mention) -> list[Found]:
    """An item of a study's line of findings that the vocabulary does not name: `other`,
    negated when it opens with "no" or "without"."""
    text = mention.text.strip()
    if _vocabulary_names(text):
        return []  # the vocabulary reads it
    head = mention.sentence[:mention.start]
    if mention.meta.get("part"):  # the study line up to the item's own list
        head = head[:max(head.rfind(":"), head.rfind(";")) + 1]
    if not _STUDY_LINE_RE.search(head) or _NOT_A_FINDING_RE.search(
            text) or not re.search(r"[a-z]{3}", text) or mention.hypothetical:
        return []
    modality, _where, _in_sentence = _modality_near(mention)
    if modality is None:
        return []
    start = mention.start + mention.text.index(text)
    negated = bool(re.match(r"(?:no|without)\b", text, re.IGNORECASE))
    body = _BODY_PART_RE.search(mention.sentence)
    value = {"modality": modality, "body_part": " ".join(body.group(0).lower().split()) if body
             else None, "finding": " ".join(text.split()), "level": level_of(text),
             "category": "normal" if _NORMAL_ITEM_RE.match(text) else "other"}
    return [Found(value, start, start + len(text), negated=negated)]


_BULGE_RE = re.compile(r"\bbulg", re.IGNORECASE)
_HERNIATION_RE = re.compile(r"herniat|protru|extru|\bHNP\b", re.IGNORECASE)


def is_disc_bulge(finding: str) -> bool:
    """A disc bulge, not a herniation: annotation scheme v2 files it under `degenerative`
    (22 of 25 train annotations); the v1 gold set under `disc_herniation` (all 5), which
    `evaluation` maps when it scores v1."""
    return bool(_BULGE_RE.search(finding)) and not _HERNIATION_RE.search(finding)


@cache
def _degenerative_re() -> re.Pattern[str]:
    """Any finding the vocabulary files under `degenerative`."""
    return re.compile("|".join(f"(?:{flexible_spaces(pattern)})" for pattern, meta in _IMAGING_TABLE
                               if meta["category"] == "degenerative"), re.IGNORECASE)


#: A sign that goes with a joint's wear, as radiologists add it to the narrowing they name.
_WEAR_SIGN_RE = re.compile(r"(?:(?:small|large|marginal|subchondral|mild|moderate)\s+)*"
                           r"(?:osteophytes?|sclerosis)\b", re.IGNORECASE)
#: What may join the signs of one joint's wear: "with", "and", commas, a few words.
_WEAR_JOINT_RE = re.compile(r"^[^;.:]{0,60}$")


def _sign_of_the_wear_before(mention: Mention) -> bool:
    """"medial joint space narrowing with osteophytes and subchondral sclerosis",
    "bone-on-bone medial compartment with osteophytes", "narrowing, small osteophytes": the
    signs after the wear the clause names are that one finding."""
    if not _WEAR_SIGN_RE.fullmatch(mention.text.strip()):
        return False
    before = mention.sentence[max(0, mention.start - 90):mention.start]
    return any(_WEAR_JOINT_RE.match(before[m.end():]) and not _WEAR_SIGN_RE.fullmatch(
        m.group(0).strip()) for m in _degenerative_re().finditer(before))


#: Whether a study asked for ("MRI L-spine requested", "if no better, consider MRI") is an
#: imaging finding, hypothetical: the v1 gold set annotated 6 of its 105 so; the v2 corpus
#: writers annotate a study's findings, and only 3 of the 23 requests of train 001-800.
_STUDY_REQUESTS_ARE_FINDINGS = False


#: A study not (yet) done as the line tells it: ordered, asked for, planned, pending, to be
#: scheduled, or denied ("MRI lumbar spine ordered", "Plan: MRI", "CT pending", "will obtain
#: x-rays", "MRI not yet done", "no MRI on file").
_STUDY_NOT_DONE_RE = re.compile(
    r"\b(?:order\w*|request\w*|plan\w*|pending|will|would|schedul\w*|recommend\w*|"
    r"consider\w*|obtain|refer\w*|authoriz\w*|auth|awaiting|denied|not\s+(?:yet\s+)?"
    r"(?:done|performed|obtained|completed|available)|no\s+(?:prior\s+|recent\s+)?"
    r"(?:imaging|studies|study|MRI|CT|x-?rays?|films?)|if\b)", re.IGNORECASE)

#: A study's result told on its line ("MRI 01/2019 shows ...", "CT revealed", "x-rays:
#: findings ..."), which a plan on the same line ("..., plan ESI") does not undo.
_STUDY_RESULT_RE = re.compile(r"\b(?:show(?:s|ed|ing)?|reveal\w*|demonstrat\w*|notable\s+for|"
                              r"consistent\s+with|findings?|impression)\b", re.IGNORECASE)


#: Who ordered a study, which a done study's report heading tells as often as a plan does
#: ("MRI LUMBAR SPINE (ordered by Dr. Patel, requested for radiculopathy)"): the parenthesis
#: that holds it, or the phrase alone (review 12, R38).
_ORDERED_BY_RE = re.compile(r"\([^()]*\b(?:order|request|refer)\w*\s+by\b[^()]*\)|"
                            r"\b(?:order|request|refer)\w*\s+by\s+[^,;()]*", re.IGNORECASE)
#: A study told done on its line ("authorized and done at Open MRI", "performed 03/02").
_STUDY_DONE_RE = re.compile(r"(?<!not\s)(?<!yet\s)\b(?:done|performed|completed|obtained\s+"
                            r"(?:on|at)|dated)\b", re.IGNORECASE)


def _study_just_before(mention: Mention) -> bool:
    """Whether one of the two lines of text before the sentence tells a study done: its
    modality named, and the study not one ordered, planned, pending or denied ("Plan: MRI
    lumbar spine ordered" before a clinic's impression is no report of its findings). Who
    ordered it, and a done word, tell a report's heading ("ordered by Dr. Patel", "authorized
    and done at ...")."""
    lines = [line for line in mention.preceding_lines.split("\n") if line.strip()][-2:]
    return any(_MODALITY_RE.search(line) and (
        _STUDY_RESULT_RE.search(line) or _STUDY_DONE_RE.search(line)
        or not _STUDY_NOT_DONE_RE.search(_ORDERED_BY_RE.sub(" ", line))) for line in lines)


def parse_imaging(mention: Mention) -> list[Found]:
    if mention.meta["category"] == "item":
        return _study_item(mention)
    modality, where, in_sentence = _modality_near(mention)
    if modality is None:
        return []
    category = mention.meta["category"]
    if category == "request" and not _STUDY_REQUESTS_ARE_FINDINGS:
        return []  # a study asked for is no finding (scheme v2: 3 of 23 in train 001-800)
    if category == "request":
        # a study asked for, not yet read: "repeat MRI", "request a CT scan"
        planned = mention.hypothetical or re.search(
            r"\b(?:repeat|request\w*|order\w*|obtain|recommend\w*|consider|updated?|new)\s+"
            r"(?:\w+\s+){0,2}$", mention.sentence[:mention.start], re.IGNORECASE) or re.match(
            r"(?:repeat|updated?|new)\b", mention.text, re.IGNORECASE)
        if not planned:
            return []
        category = "other"
    elif mention.section in ("physical_exam", "diagnoses", "past_medical_history") and not (
            in_sentence) or (mention.section == "impression" and not where) or (
            mention.section == "impression" and not in_sentence
            and not mention.hints.get("study_report") and not _study_just_before(mention)):
        # a diagnosis or exam line, not a study's finding; a clinic note's impression lists
        # its diagnoses (a study report's impression is its findings, and so is one right
        # after the study's line: "MRI (02/2022): ... complex tear.\nImpression: meniscal
        # tear")
        return []
    if _ICD_CODE_AFTER_RE.match(mention.sentence[mention.end:mention.end + 50]):
        return []  # "labral tear (S73.191A)": a coded diagnosis, not a study's finding
    if category == "normal" and not in_sentence and not mention.hints.get("study_report") and \
            _VERB_NORMAL_RE.match(mention.text):
        return []  # "... was normal" of a study named sentences before: maybe another test
    if category == "degenerative" and _sign_of_the_wear_before(mention):
        return []
    if category == "disc_herniation" and is_disc_bulge(mention.text):
        category = "degenerative"  # scheme v2: a bulge is degeneration, not a herniation
    if category == "rotator_cuff_tear" and not (_CUFF_RE.search(mention.text) or _CUFF_RE.search(
            where)):
        category = "other"
    body = _BODY_PART_RE.search(mention.sentence) or _BODY_PART_RE.search(where) or None
    level = level_of(mention.text) or level_of(mention.sentence[mention.end:mention.end + 20]) \
        or level_of(mention.sentence[max(0, mention.start - 30):mention.start])
    body_part = " ".join(body.group(0).lower().split()) if body else None
    spinal = _SPINE_LEVEL_RE.search(mention.sentence) if body is None else None
    if spinal is not None:
        # "MRI 01/2020: L4-5 L foraminal protrusion": a spinal level names the region, where a
        # foot named sentences before (the leg pain's reach) does not
        body_part = _SPINE_REGIONS[spinal.group(1)[0]]
    elif body is None:
        parts = list(_BODY_PART_RE.finditer(mention.preceding[-700:]))
        body_part = " ".join(parts[-1].group(0).lower().split()) if parts else None
    value = {"modality": modality, "body_part": body_part,
             "finding": " ".join(mention.text.split()), "level": level,
             "category": category}
    negated = mention.negated and bool(_LOCAL_NEGATION_RE.search(
        mention.sentence[max(0, mention.start - 60):mention.start]))
    hypothetical = mention.meta["category"] == "request"
    if category == "normal":
        negated = False  # "no meniscal tear, intact ligaments": the denial before is another's
    negated = negated or bool(mention.meta.get("patent"))
    return [Found(value, mention.start, mention.end, negated=negated, hypothetical=hypothetical
                  or (mention.hypothetical and bool(re.search(
                      r"\brule\s+out|\bif\b|\bwould\b", mention.sentence, re.IGNORECASE))))]


# -- electrodiagnostic
_EDX_CONTEXT = re.compile(r"\b(?:EMG|NCV|NCS|nerve\s+conduction|electrodiagnostic\w*|"
                          r"electromyograph\w*|needle\s+exam\w*)\b", re.IGNORECASE)
_EDX_TABLE: list[tuple[str, dict]] = [
    (r"(?:(?:acute|chronic|active|ongoing|mild|moderate|severe|acute\s+on\s+chronic|"
     r"left|right|bilateral|cervical|lumbar|lumbosacral|[CLS]\d(?:-[CLS]?\d)?)\s+){0,5}"
     r"radiculopath(?:y|ies)", {"kind": "radiculopathy"}),  # ("chronic L5 radiculopathies")
    # ("moderate-to-severe" hyphenated is one grade, so "consistent with a moderate-to-severe
    # ulnar neuropathy" is read with the evidence before it)
    (r"(?:(?:mild|moderate|severe|(?:mild|moderate)[\s-]+to[\s-]+(?:moderate|severe)|left|"
     r"right|bilateral|median|ulnar|"
     r"peroneal|tibial|sensory|motor|peripheral|generalized|sensorimotor|(?-i:R|L))\s+){0,5}"
     # "median mononeuropathy at wrist", "ulnar neuropathy across the elbow": the nerve and
     # its site belong to the finding (the site written with or without "the")
     r"(?:mono|poly)?neuropathy(?:\s+(?:at|across)\s+(?:the\s+)?(?:(?:left|right|(?-i:R|L))\s+)?"
     r"(?:wrist|elbow|fibular\s+head|carpal\s+tunnel|cubital\s+tunnel))?|"
     r"carpal\s+tunnel\s+syndrome|cubital\s+tunnel\s+syndrome|"
     # a study's impression in its abbreviation ("moderate CTS", "bilateral CuTS"), capitals only
     r"(?:(?:mild|moderate|severe|moderate\s+to\s+severe|left|right|bilateral|(?-i:R|L))\s+)"
     r"{0,3}(?-i:CTS|CuTS)\b", {"kind": "neuropathy"}),
    (r"(?:(?:left|right)\s+)?(?:median|ulnar|peroneal|tibial|sural|radial)\s+(?:distal\s+)?"
     r"(?:sensory|motor)"
     # a recording site in parentheses and a table's colon ("R median sensory (digit 2):
     # peak latency 4.6 ms", "median motor (APB): distal latency 5.8 ms")
     r"(?:\s*\([^()\n]{1,20}\))?\s*:?"
     r"\s+(?:(?:distal|peak|onset)\s+){0,2}(?:latenc(?:y|ies)|amplitudes?|conduction\s+velocit"
     r"(?:y|ies))[^.;\n]{0,50}", {"kind": "conduction"}),
    # an absent or delayed H-reflex ("L H-reflex absent"): the S1 arc's conduction
    (r"(?:(?:left|right|(?-i:L|R))\s+)?H-?reflex(?:es)?\s+(?:is\s+|was\s+)?(?:absent|"
     r"prolonged|delayed)", {"kind": "conduction"}),
    (r"(?:positive\s+sharp\s+waves|fibrillation\s+potentials|fibrillations|denervation|"
     r"reinnervation|(?:large|polyphasic)\s+motor\s+unit)[^.;]{0,80}", {"kind": "needle"}),
    (r"(?:normal|unremarkable)\s+(?:study|(?-i:EMG|NCV|NCS)|electrodiagnostic\s+study|"
     r"nerve\s+conduction\s+study)|(?:electrodiagnostic|(?-i:EMG|NCV|NCS))(?:/(?-i:EMG|NCV|NCS))?"
     r"(?:\s+(?:testing|study|studies))?(?:\s+(?:of\s+)?[\d/]{4,10})?\s+(?:was|were|is|are)\s+"
     r"(?:negative|normal|unremarkable)", {"kind": "normal"}),
    # "Median and ulnar nerve conduction studies normal": the nerves studied, all normal
    (r"(?:(?:median|ulnar|radial|peroneal|tibial|sural)(?:\s*(?:,|and|/)\s*)?){1,4}\s+(?:nerve\s+)?"
     r"(?:(?:conduction\s+)?stud(?:y|ies)|(?-i:NCS|NCV))\s+(?:are\s+|were\s+)?(?:normal|"
     r"unremarkable)", {"kind": "nerve_normal"}),
    (r"(?:\w+\s+)?(?:sensory|motor)\s+responses\s+(?:are|were)\s+normal(?:\s+bilaterally)?|"
     r"(?:all\s+other\s+)?latencies,?[^.;]{0,60}within\s+normal\s+limits",
     {"kind": "nerve_normal"}),
    (r"reduced\s+recruitment[^.;,]{0,30}", {"kind": "needle"}),
    # the needle exam found no denervation ("no fibrillations or positive sharp waves")
    (r"no\s+(?:fibrillation\s+potentials|fibrillations|positive\s+sharp\s+waves)(?:\s+or\s+"
     r"(?:fibrillation\s+potentials|fibrillations|positive\s+sharp\s+waves))?",
     {"kind": "needle_normal"}),
    # the needle exam found normal ("showed no abnormal spontaneous activity, normal motor
    # unit morphology and normal recruitment"): no radiculopathy, as a normal study
    (r"no\s+abnormal\s+(?:spontaneous|insertional)\s+activity(?:[^.;]{0,60}?\bnormal\s+"
     r"recruitment)?", {"kind": "needle_normal"}),
    # the needle exam of the roots' own muscles normal ("C8 paraspinals normal", "L5
    # paraspinals normal"): no radiculopathy at that level
    (r"(?:(?:[CLTS]\d|left|right|(?-i:[LR])|bilateral|cervical|lumbar|lumbosacral)\s+)*"
     r"paraspinals?(?:\s+muscles)?\s+(?:are\s+|were\s+)?(?:normal|unremarkable)",
     {"kind": "paraspinal_normal"}),
    (r"(?:repeat\s+)?(?-i:EMG|NCV|NCS)(?:\s*/\s*(?-i:EMG|NCV|NCS))*(?:\s+(?:study|studies))?"
     r"(?:\s+of\s+the\s+(?:bilateral\s+)?(?:upper|lower)\s+extremities)?", {"kind": "test"}),
]


_RULE_OUT_RE = re.compile(r"\b(?:r/o|rule\s+out|ruling\s+out|versus|vs\.?)\s+(?:[\w-]+\s+){0,4}$",
                          re.IGNORECASE)
_WITHOUT_RE = re.compile(r"\b(?:without|no)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
#: A needle finding that grades the condition named before it in its clause ("L5
#: radiculopathy with active denervation", "ulnar neuropathy, severe, with conduction block
#: and denervation").
_QUALIFIES_BEFORE_RE = re.compile(r"(?:radiculopath\w*|neuropathy|(?-i:CTS|CuTS)|tunnel\s+syndrome)"
                                  r"[^;.]{0,60}\bwith\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
_CONSISTENT_RE = re.compile(r"\b(?:consistent\s+with|compatible\s+with|suggestive\s+of|"
                            r"indicating|indicative\s+of)\s+(?:an?\s+)?(?:[\w-]+\s+){0,4}$",
                            re.IGNORECASE)
_NEEDLE_OR_CONDUCTION_RE = re.compile(
    r"denervation|reinnervation|fibrillation|sharp\s+waves|motor\s+unit|recruitment|"
    r"latenc|amplitude|conduction\s+velocit|slowing", re.IGNORECASE)


#: A study stated normal ("EMG/NCV 01/22/2019 was normal", "normal study"): the table's entry.
_EDX_NORMAL_RE = re.compile("|".join(
    f"(?:{flexible_spaces(pattern)})" for pattern, meta in _EDX_TABLE
    if meta["kind"] in ("normal", "nerve_normal")), re.IGNORECASE)
_NEEDLE_RE = re.compile(flexible_spaces(next(
    pattern for pattern, meta in _EDX_TABLE if meta["kind"] == "needle")), re.IGNORECASE)
_PARASPINAL_NORMAL_RE = re.compile(flexible_spaces(next(
    pattern for pattern, meta in _EDX_TABLE if meta["kind"] == "paraspinal_normal")),
    re.IGNORECASE)
_RADICULOPATHY_WORD_RE = re.compile(r"radiculopath\w*", re.IGNORECASE)
_DENIED_BEFORE_RE = re.compile(r"\b(?:no|without|negative\s+for)\b[^;.]*$", re.IGNORECASE)
#: What lies between a denied radiculopathy and a condition listed under the same denial
#: ("no cervical radiculopathy, brachial plexopathy or entrapment neuropathy").
_SAME_DENIAL_LIST_RE = re.compile(r"^(?:(?!\b(?:no|not|without|and)\b)[^;.]){0,50}?(?:,|\bor\b|\bnor\b)"
                                  r"(?:(?!\b(?:no|not|without)\b)[^;.])*$", re.IGNORECASE)
#: A condition named as the clinician's conclusion: "my diagnosis of right C6 radiculopathy".
_DIAGNOSIS_OF_RE = re.compile(r"\bdiagnos[ie]s\s+(?:of\s+|is\s+)?(?:[\w-]+\s+){0,4}$",
                              re.IGNORECASE)


def _part_of_a_normal_study(mention: Mention) -> bool:
    """An absent condition that belongs to the normal finding before it: a study stated
    normal earlier in the clause ("was normal, with no evidence of lumbar radiculopathy",
    "nerve studies are normal, with no carpal tunnel syndrome"), or a condition listed under
    a radiculopathy's denial ("no cervical radiculopathy or entrapment neuropathy"). The
    statement before carries it; "normal study; no evidence of radiculopathy" and "no
    radiculopathy and no residual median neuropathy" are two findings each."""
    sentence, start = mention.sentence, mention.start
    if mention.negated and any(";" not in sentence[m.end():start]
                               for m in _EDX_NORMAL_RE.finditer(sentence[:start])):
        return True
    return mention.meta["kind"] == "neuropathy" and any(
        _SAME_DENIAL_LIST_RE.match(sentence[m.end():start]) and _DENIED_BEFORE_RE.search(
            sentence[max(0, m.start() - 60):m.start()])
        for m in _RADICULOPATHY_WORD_RE.finditer(sentence[:start]))


#: A neuropathy listed right after another in one clause: the other side of the same nerve
#: ("moderate right median neuropathy at the wrist, mild left median neuropathy at the
#: wrist") or another condition under the same denial ("no polyneuropathy or focal
#: entrapment neuropathy"). The study states one finding; the first mention carries it.
_NEUROPATHY_LISTED_BEFORE_RE = re.compile(
    r"neuropathy(?:\s+(?:at|across)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?\s*(?:,|\band\b|\bor\b|"
    r"\bnor\b)\s*(?:(?!(?:no|not|without|normal)\b)[\w-]+\s+){0,2}$", re.IGNORECASE)
_NERVE_RE = re.compile(r"\b(?:median|ulnar|peroneal|fibular|tibial|radial|sural)\b", re.IGNORECASE)


def _listed_after_a_neuropathy(mention: Mention) -> bool:
    """Whether the neuropathy named at the mention continues a list of the finding before
    it (`_NEUROPATHY_LISTED_BEFORE_RE`): the same nerve's other side, or a denial's list."""
    before = mention.sentence[max(0, mention.start - 80):mention.start]
    listed = _NEUROPATHY_LISTED_BEFORE_RE.search(before)
    if listed is None:
        return False
    if mention.negated:
        return True
    nerves = {n.lower() for n in _NERVE_RE.findall(before[:listed.start()][-60:] + " "
                                                   + before[listed.start():])}
    return len(nerves) == 1 and set(map(str.lower, _NERVE_RE.findall(mention.text))) <= nerves


def _named_before_its_study(mention: Mention) -> bool:
    """A condition the sentence names before any study, the study only in a later clause
    ("Dx: Right C6 radiculopathy; MRI ...; EMG 08/2022 right C6 radiculopathy", "- Bilateral
    carpal tunnel syndrome; NCS 02/2024 moderate ..."), or as a diagnosis ("confirm my
    diagnosis of ..."): the clinician's diagnosis, not a study's finding (a study report
    reads its findings without naming the study; "radiculopathy confirmed on EMG 9/12" is
    the study's finding)."""
    sentence = mention.sentence
    if _DIAGNOSIS_OF_RE.search(sentence[max(0, mention.start - 60):mention.start]):
        return True
    if mention.hints.get("study_report") or _EDX_CONTEXT.search(sentence[:mention.start]):
        return False
    study = _EDX_CONTEXT.search(sentence, mention.end)
    return study is not None and ";" in sentence[mention.end:study.start()]


_ASSERTED_RADICULOPATHY_RE = re.compile(r"radiculopath(?:y|ies)", re.IGNORECASE)
_ASSERTED_NEUROPATHY_RE = re.compile(
    r"(?:mono|poly)?neuropathy|carpal\s+tunnel\s+syndrome|cubital\s+tunnel\s+syndrome|"
    r"(?-i:\bCTS\b|\bCuTS\b)", re.IGNORECASE)
#: A condition's mention that does not assert it: denied, asked about or to be ruled out
#: ("no evidence of", "question L5 radiculopathy versus", "r/o").
_NOT_ASSERTED_BEFORE_RE = re.compile(
    r"\b(?:no|not|without|negative\s+for|r/o|rule\s+out|question(?:\s+of)?|versus|vs\.?|"
    r"or|nor|evaluate|eval|possible|suspected|\?)\b[^.;:\n]{0,50}$|\?[^.;:\n]{0,50}$",
    re.IGNORECASE)
_NOT_ASSERTED_AFTER_RE = re.compile(r"^[^.;\n]{0,40}?(?:\bversus\b|\bvs\.?|\?)", re.IGNORECASE)


def asserted_edx_conditions(text: str) -> tuple[bool, bool]:
    """Whether a note asserts a radiculopathy, and whether it asserts a neuropathy (a
    nerve's entrapment, a polyneuropathy), leaving out those denied or asked about."""

    def asserted(pattern: re.Pattern[str]) -> bool:
        return any(not _NOT_ASSERTED_BEFORE_RE.search(text[max(0, m.start() - 60):m.start()])
                   and not _NOT_ASSERTED_AFTER_RE.match(text[m.end():m.end() + 40])
                   for m in pattern.finditer(text))

    return asserted(_ASSERTED_RADICULOPATHY_RE), asserted(_ASSERTED_NEUROPATHY_RE)


#: A condition restated in parentheses after the finding it names ("median neuropathy at
#: the wrist (carpal tunnel syndrome)"): one finding.
_RESTATED_RE = re.compile(r"(?:neuropathy|radiculopathy)(?:\s+(?:at|across)\s+(?:the\s+)?"
                          r"[\w-]+(?:\s+[\w-]+)?)?\s*\(\s*$", re.IGNORECASE)


def parse_electrodiagnostic(mention: Mention) -> list[Found]:
    kind = mention.meta["kind"]
    context = mention.sentence + " " + mention.preceding[-600:]
    if kind == "neuropathy" and _RESTATED_RE.search(mention.sentence[:mention.start]):
        return []
    if kind in ("radiculopathy", "neuropathy") and (
            _part_of_a_normal_study(mention)
            or kind == "neuropathy" and _listed_after_a_neuropathy(mention)
            or not mention.negated and _named_before_its_study(mention)):
        return []
    if kind == "test":
        if not (mention.hypothetical or re.match(r"repeat", mention.text, re.IGNORECASE)):
            return []  # the test itself matters only as a request; findings say the rest
    elif not _EDX_CONTEXT.search(context):
        return []
    elif mention.hypothetical or _RULE_OUT_RE.search(mention.sentence[:mention.start]):
        return []  # "rule out radiculopathy", "r/o L5 radiculopathy vs ...": the question
    elif kind == "needle" and any(m.start() < mention.start < m.end()
                                  for m in _NEEDLE_RE.finditer(mention.sentence)):
        return []  # "fibrillations 1+, reduced recruitment": read with the finding it continues
    elif kind == "needle" and _WITHOUT_RE.search(mention.sentence[:mention.start]):
        return []  # "radiculopathies ... without active denervation": part of the finding before
    elif kind == "needle" and _QUALIFIES_BEFORE_RE.search(mention.sentence[:mention.start]):
        return []  # "ulnar neuropathy at the elbow, severe, with denervation in FDI": the
        # condition's grade, read with it
    elif kind in ("radiculopathy", "neuropathy") and _CONSISTENT_RE.search(
            mention.sentence[:mention.start]) and _NEEDLE_OR_CONDUCTION_RE.search(
                mention.sentence[:mention.start]):
        return []  # "denervation in ... consistent with an S1 radiculopathy": one finding, read
        # with its evidence
    elif mention.section in ("impression", "diagnoses") and not _EDX_CONTEXT.search(
            mention.sentence) and not mention.hints.get("study_report"):
        return []  # an impression or diagnosis line that names no study: the clinician's
        # diagnosis
    elif mention.section == "diagnoses" and not _EDX_CONTEXT.search(mention.sentence) or (
            mention.section == "impression" and not _EDX_CONTEXT.search(
                mention.sentence + " " + mention.preceding[-800:])):
        return []  # an assessment line, not a study's finding
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
    elif kind in ("paraspinal_normal", "needle_normal"):
        test = "emg"
    elif kind in ("conduction", "nerve_normal"):
        test = "ncv"
    else:
        test = "emg_ncv" if has_emg and has_ncv or not (has_emg or has_ncv) else (
            "emg" if has_emg else "ncv")
    # a study's conduction or needle evidence speaks for the root when the study concludes
    # a radiculopathy (and no nerve's entrapment). A neuropathy, and the evidence of a study
    # that concludes one, stay unset: the annotations fork there (v2 writers from 911 on
    # give `radiculopathy: false`, set A and the v1 gold none; docs/records.md, read-edx)
    radiculopathy: bool | None = None
    if kind == "radiculopathy":
        radiculopathy = not mention.negated
    elif kind in ("normal", "paraspinal_normal", "needle_normal"):
        radiculopathy = False
    elif kind in ("needle", "conduction"):
        # radicular when its own clause names a root's muscles or level, not because the
        # sentence goes on to "C8 paraspinals normal"
        lo, hi = clause_bounds(mention.sentence, mention.start, mention.end, stops=r";")
        clause = _PARASPINAL_NORMAL_RE.sub("", mention.sentence[lo:hi])
        if kind == "needle" and re.search(r"[CLS]\d|paraspinal|myotom", clause):
            radiculopathy = not mention.negated
        else:
            radiculopathy = True if mention.hints.get("radicular_study") and not (
                mention.negated) else None
    value = {"test": test, "finding": ("no " if mention.negated else "") + text,
             "radiculopathy": radiculopathy, "level": level_of(text), "side": side_of(text)}
    if kind == "test":
        return [Found(value, mention.start, mention.end, hypothetical=True)]
    return [Found(value, mention.start, mention.end, negated=False)]


_RED_FLAG_RULES = Path(__file__).resolve().parent.parent / "rules" / "red_flags.yaml"


@cache
def _red_flag_vocabulary() -> dict:
    """The red-flag vocabulary (`rules/red_flags.yaml`)."""
    return load_yaml(_RED_FLAG_RULES.read_text(encoding="utf-8"))


def _red_flag_table() -> list[tuple[str, dict]]:
    """One trigger per vocabulary entry, with how its words are read as metadata."""
    table = []
    for entry in _red_flag_vocabulary()["entries"]:
        pattern = alternatives(entry["patterns"])
        meta = {"flag": entry["flag"], **{key: True for key in ("absent", "denied_only",
                                                                 "temperature",
                                                                 "own_negation")
                                          if entry.get(key)}}
        # a list of one flag's signs is one fact ("fever/chills", "fevers, chills or
        # wound drainage"), as the annotators mark it; `list: slash` joins only
        # slashed signs ("urinary retention/incontinence": "denies saddle numbness or
        # urinary retention" is two denials)
        how = entry.get("list")
        table.append((listy(pattern, slash=True, only_slash=how == "slash") if how
                      else pattern, meta))
    return table


_RED_FLAGS = _red_flag_table()
_TEMPERATURE_RE = re.compile(r"(\d{2,3}(?:\.\d)?)\s*°?\s*([FC])?\s*$", re.IGNORECASE)
#: A fever sign from 100.0 F (37.8 C): the low-grade fevers the notes flag count.
_FEVER_FROM = {"F": 100.0, "C": 37.8}


def _fever(text: str) -> bool | None:
    """Whether a measured temperature is a fever, or None when it is no temperature."""
    match = _TEMPERATURE_RE.search(text)
    if match is None:
        return None
    degrees = float(match.group(1))
    scale = (match.group(2) or ("C" if degrees < 50 else "F")).upper()
    if not (30 <= degrees <= 45 if scale == "C" else 90 <= degrees <= 110):
        return None  # "T 12" is no temperature (a vertebra, a time)
    return degrees >= _FEVER_FROM[scale]


_UNSOUGHT_RE = re.compile(r"\bwithout\s+(?:trying|dieting|intending\s+to)\b", re.IGNORECASE)
_DENIAL_RE = re.compile(r"\b(?:no|not|denies|denied|negative|without|never)\b", re.IGNORECASE)


#: A goal or target heads the clause ("Goal: weight loss of 10 lb"): what follows is wanted.
_GOAL_BEFORE_RE = re.compile(r"\b(?:goals?|targets?)\b[^.;]*$", re.IGNORECASE)


def parse_red_flag(mention: Mention) -> list[Found]:
    meta = mention.meta
    value = {"flag": meta["flag"]}
    if meta.get("temperature"):
        fever = _fever(mention.text)
        if not fever:
            return []  # no temperature, or a normal one: a vital sign, no denied fever
        return [Found(value, mention.start, mention.end, negated=not fever)]
    box = box_after_label(mention)
    if box == "unticked":
        return []  # "ROS:  Fever [ ]  Chills [ ]": a box left empty answers nothing
    if box == "ticked" and meta.get("denied_only"):
        return []  # "Weakness [x]": reported, not new (`denied_only`)
    if box is not None:
        return [Found(value, mention.start, mention.end, negated=box == "denied"
                      or bool(meta.get("absent")))]
    if meta.get("absent") or checklist_denies(mention):
        return [Found(value, mention.start, mention.end, negated=True)]
    if mention.negated and meta.get("own_negation") and not _DENIAL_RE.search(
            mention.sentence[:mention.start]):
        # "pain that wakes him at night and is not relieved by lying down": its own "not"
        return [Found(value, mention.start, mention.end, negated=False)]
    if mention.negated and _UNSOUGHT_RE.search(mention.sentence) and not _DENIAL_RE.search(
            _UNSOUGHT_RE.sub("", mention.sentence[:mention.start])):
        # "lost 18 pounds without trying and reports night sweats": "without" is the
        # sign's own word, no denial
        return [Found(value, mention.start, mention.end, negated=False)]
    if meta.get("denied_only") and (not (mention.negated or mention.hypothetical)
                                    or _GOAL_BEFORE_RE.search(mention.sentence[:mention.start])):
        return []  # a weakness found on examination, or weight loss as a goal
    return [Found(value, mention.start, mention.end)]


_ADL_ACTIVITIES = {
    "sit": "sitting", "sitting": "sitting", "stand": "standing", "standing": "standing",
    "walk": "walking", "walking": "walking", "ambulat": "walking", "bend": "bending", "bending": "bending",
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
_TAIL = (r"(?:(?!\s+and\s+(?:cannot|can't|is\s+unable|unable|needs|difficulty|with\s+\w+ing\b|"
         r"has\s+(?:given|stopped|quit)|had\s+to|no\s+longer|stopped|gave\s+up|"
         r"help\s+with))[^.;,]){0,45}")
#: The rows of an ADL table (home health, OT)
_ADL_ROW = (r"bed\s+mobility|transfers?|sit\s+to\s+stand|gait|stairs|bathing|dressing|"
            r"(?:upper|lower)[- ]body\s+(?:dressing|bathing)|toileting|grooming|feeding|eating|"
            r"meal\s+prep(?:aration)?|housekeeping|housework|laundry|shopping|ambulation|"
            r"(?:tub|shower|car|toilet)\s+transfers?|hygiene")
#: The help an activity takes, as the tables write it
_HELP_LEVEL = (r"(?:min(?:imal)?|mod(?:erate)?|max(?:imal)?)\s*(?:A|assist\w*)|(?-i:CGA|SBA)|"
               r"contact\s+guard|stand-?by(?:\s+assist\w*)?|dependent|unable|supervision|set-?up|"
               r"with\s+(?:(?-i:FWW)|walker|cane|crutches|rail)")
_ADL_TABLE: list[tuple[str, dict]] = [
    (rf"(?:difficulty|trouble|problems?|unable|inability|cannot|can't|can\s+not|could\s+not|"
     rf"can\s+no\s+longer|(?:has\s+)?given\s+up|does\s+not|(?:still\s+)?avoids|"
     rf"needs?\s+(?:[\w']+\s+){{0,2}}(?:help|"
     rf"assistance)(?:\s+from\s+(?:his|her)\s+\w+(?:'s)?)?|requires\s+(?:\w+\s+)?"
     rf"assistance)\s+(?:with\s+|when\s+|to\s+|in\s+|while\s+|for\s+)?(?:prolonged\s+)?"
     rf"(?:{_ACTIVITY}|\w+ing|\w+)\b{_TAIL}", {}),
    (rf"(?:limited|limitations?|limiting)\s+(?:with\s+|in\s+)?(?:prolonged\s+)?"
     rf"(?:{_ACTIVITY})\b{_TAIL}", {}),
    (rf"(?:prolonged|extended)\s+(?:{_ACTIVITY})(?:\s+(?:beyond|over|more\s+than|longer\s+"
     rf"than|for)\s+[\w\s]{{0,20}}?(?:minutes?|hours?|blocks?))?|(?:computer\s+use|reading|"
     rf"driving|sitting|standing)\s+beyond\s+[\w\s]{{1,15}}?(?:minutes?|hours?)", {}),
    (rf"(?:{_ACTIVITY})\s+(?:is|are)\s+(?:painful|difficult|limited)|(?:pain|worse)\s+"
     rf"(?:with|when|after)\s+(?:prolonged\s+)?(?:{_ACTIVITY}|\w+ing)(?:\s+(?:and|or)\s+"
     rf"(?:{_ACTIVITY}|\w+ing))?(?:\s+for\s+more\s+than\s+[\w\s]{{1,15}})?|worse\s+"
     rf"(?:{_ACTIVITY}|\w+ing)\s+\w+", {}),
    (r"(?:sit|stand|walk|drive|sitting|standing|walking|driving)\s+(?:for\s+)?(?:no\s+)?"
     r"(?:more|longer)\s+than\s+[\w\s]{0,20}?(?:minutes?|hours?|blocks?|feet)"
     r"(?:\s+without\s+[\w\s]{1,15})?", {}),
    (r"tolerates\s+(?:only\s+)?(?:about\s+)?\d+\s+(?:min|minutes|hours?)\s+(?:of\s+[\w\s]+?\s+)?"
     r"before\s+[\w\s]{0,30}|(?:sitting|standing|walking)\s+tolerance\s+(?:is\s+|of\s+)*"
     r"(?:about\s+)?\d+\s+(?:min(?:utes)?|hours?)|(?:decreased|limited|poor|reduced|low)\s+"
     r"(?:sitting|standing|walking)\s+tolerance|(?:can\s+)?(?:sit|stand|walk|sits|"
     r"stands|walks)\s+(?:for\s+)?(?:only\s+|about\s+)?\d+\s+min(?:utes)?(?:\s+(?:at\s+a\s+"
     r"time|before\s+[\w\s]{0,25}))|walk\s+only\s+to\s+the\s+\w+", {}),
    (r"[\w\s-]{3,30}?\s+(?:\(\s*)?(?:not|partially)\s+met\)?", {"goal": True}),
    (r"can\s+(?:only\s+)?(?:sit|stand|walk)\s+(?:for\s+)?(?:only\s+|about\s+)?\d+\s+min(?:utes)?",
     {"limits_only": True}),
    (rf"(?<=and\s)help\s+with\s+(?:\w+\s+)?(?:{_ACTIVITY})\w*", {}),
    # a mobility aid or gait said of the worker's walking; weight bearing restricted;
    # stairs one at a time; a distance or time before having to stop
    (r"\b(?:walk(?:s|ing|ed)?|ambulat\w+)\s+(?:[\w-]+\s+){0,4}?with\s+(?:a\s+|the\s+)?"
     r"(?:cane|walker|(?-i:FWW)|crutches|limp|wheelchair)\b[^.;,]{0,30}|\buses\s+a\s+"
     r"(?:wheelchair|walker|cane)\b|\b(?:non-?weight[- ]bearing|(?-i:NWB|PWB|TTWB))\b"
     r"(?:(?!\s+and\s)[^.;,]){0,40}|\btakes?\s+(?:the\s+)?stairs\s+one\s+(?:step\s+)?at\s+a\s+time|"
     r"before\s+(?:he|she)\s+(?:has|needs)\s+to\s+(?:stop|rest|sit)|(?:has|needs)\s+to\s+stop"
     r"(?:\s+and\s+rest)?\s+after\s+(?:walking|standing|sitting|driving)[^.;,]{0,25}", {}),
    # a person who helps the worker do it ("Wife is helping him shower and dress"), not a
    # drug that helps ("tramadol helps him sleep")
    (rf"{OTHER_PERSON}\s+(?:is\s+|has\s+been\s+)?help(?:s|ing)?\s+(?:him|her)\s+(?:to\s+)?"
     rf"(?:{_ACTIVITY}|shower|dress|bathe|eat|cut)\w*(?:\s+and\s+\w+)?", {}),
    # a walking distance capped ("<1 block", "walks less than 2 blocks", "ambulation limited
    # to half a block"): a limit, unlike "walks 2 blocks" told as a gain
    (r"(?:(?:walk(?:s|ing)?|ambulat\w+)\s+(?:tolerance\s+)?(?:is\s+|of\s+|limited\s+to\s+)?)?"
     r"(?:<\s*|less\s+than\s+|under\s+|fewer\s+than\s+|only\s+|no\s+more\s+than\s+|"
     r"max(?:imum)?\s+(?:of\s+)?)(?:\d+(?:\.\d+)?|\d/\d|one|two|three|half\s+a|a)\s+"
     r"(?:city\s+)?blocks?\b", {}),
    (r"(?:stays|spends)\s+(?:in\s+bed\s+)?most\s+of\s+the\s+day[^.;,]{0,30}|rarely\s+"
     r"(?:leaves|left)\s+(?:the\s+)?(?:house|home)|(?:dropping|drops)\s+(?:his\s+|her\s+|the\s+)?"
     r"(?:objects|things|tools|"
     r"cups?|dishes|glasses|pens?|keys|utensils)"
     r"(?:\s+with\s+the\s+\w+\s+hand)?|needs\s+a\s+shower\s+chair|(?:\w+\s+)?helps\s+(?:him\s+|"
     r"her\s+)?with\s+(?:bathing|dressing|grooming|showering|cooking|shopping)", {}),
    # a tolerance in a flowsheet's abbreviations: "sitting tol ~20 min", "Walk tol 10 min",
    # "Pt tol 10' standing", "Tolerates 45 minutes standing"
    (r"\b(?:sit(?:ting)?|stand(?:ing)?|walk(?:ing)?)\s+tol\b\.?\s*:?\s*(?:~|<|about\s+)?\d+\s*"
     r"(?:min\w*|hrs?|hours?|')|\btol(?:erates)?\.?\s+(?:only\s+)?\d+\s*(?:min\w*|hrs?|hours?|')\s+"
     r"(?:of\s+)?(?:standing|sitting|walking)", {}),
    # an ADL table of a home-health or OT assessment: the activity and the help it takes
    # ("Transfers: min assist", "Meal prep: unable", "Stairs: 4 steps with rail and contact
    # guard", "Gait: 40 ft with FWW")
    (rf"\b(?:{_ADL_ROW})\s*:\s*[^.;:|\n]{{0,40}}?\b(?:{_HELP_LEVEL})\b[^.;:|\n]{{0,30}}", {}),
    # the help said in a sentence: "needs SBA for tub bench transfer", "requires assist for
    # car transfers", "dependent for bra, buttons", "min assist for left leg"
    (rf"\b(?:(?:needs|requires|required)\s+(?:\w+\s+)?(?:{_HELP_LEVEL}|assist(?:ance)?|set-?up|"
     rf"reminders?)|dependent|(?:min|mod|max)(?:imal)?\s+(?:assist|A))\s+(?:with|for|to)\s+"
     r"(?!leave\b)[^.;,]{2,40}", {}),
    # an activity given up: "has stopped bowling", "stopped going to the gym", "no longer
    # attends her nephew's games" (not a medicine stopped, nor work: a status)
    (r"\b(?:(?:has|had)\s+)?(?:stopped|quit|gave\s+up|given\s+up)\s+(?!(?:taking|using|working|"
     r"smoking|drinking|needing|requiring|wearing|it|them|doing\s+anything|the\s+\w+\s+"
     r"(?:medication|pills?))\b)"
     r"(?:going\s+to\s+(?:the\s+)?\w+|(?:his\s+|her\s+)?(?:daily\s+)?[a-z]+ing\b(?:\s+(?:and|or)\s+"
     r"[a-z]+ing\b)?)[^.;,]{0,30}|\bno\s+longer\s+(?!(?:takes|needs|uses|has|works|smokes|drinks|"
     r"requires|wears|meets|qualifies|is)\b)[a-z]+s\b[^.;,]{0,40}", {}),
    # another person doing the worker's task: "her husband does the laundry and shopping",
    # "caregiver shops and cooks dinner", "wife assists with shower transfer", "needs his
    # wife to help him put on socks", "has her daughter help her wash her hair"
    (rf"{OTHER_PERSON}\s+(?:now\s+)?(?:does|do|did|handles|drives|shops|cooks|carries|lifts|"
     rf"assists?(?:\s+(?:him|her))?\s+with|helps?\s+(?:him|her)\s+with)\b[^.;,]{{0,40}}|"
     rf"\b(?:needs|has(?:\s+to\s+have)?)\s+(?:his|her)\s+(?:[\w-]+\s+)?{OTHER_PERSON}\s+"
     r"(?:to\s+)?(?:help\s+(?:him|her)\s+)?(?:to\s+)?[a-z]+\b[^.;,]{0,35}", {}),
    # an aid used to get about: "Uses a manual wheelchair", "uses knee scooter indoors",
    # "ambulating 50 feet with a front-wheeled walker", "Gait: 60 ft with FWW"
    (r"(?<!stopped\s)(?<!longer\s)(?<!without\s)\b(?:uses|using)\s+(?:a\s+|the\s+)?(?:[\w-]+\s+)?"
     r"(?:wheelchair|walker|cane|crutches|"
     r"scooter|(?-i:FWW))\b[^.;,]{0,25}|\b(?:ambulat\w+|walk(?:s|ing|ed)?|gait:?)\s+(?:\d+\s*"
     r"(?:ft|feet|')\s+)?(?:with|w/)\s+(?:a\s+|the\s+)?(?:[\w-]+\s+)?(?:prosthesis|(?-i:FWW)|walker|"
     r"cane|crutches)\b[^.;,]{0,20}", {}),
    # where the worker rests instead of bed or of doing: "sleeps in a recliner", "has been
    # staying in bed much of the day", "he stays on the couch"
    (r"\b(?:sleeps?|sleeping|slept)\s+in\s+(?:a\s+|the\s+|his\s+|her\s+)?(?:recliner|chair|couch)|"
     r"\b(?:stays|staying|spends|spending)\s+(?:on\s+the\s+couch|in\s+bed)(?:\s+(?:much|most)\s+"
     r"of\s+the\s+day)?", {}),
    # stairs taken a step at a time: "goes down stairs one step at a time", "stairs step-to"
    (r"\b(?:(?:goes|go|going|takes?|taking|climbs?|does)\s+(?:up\s+|down\s+)?(?:the\s+)?)?"
     r"stairs\s+(?:one\s+(?:step\s+)?at\s+a\s+time|step-?to)", {}),
    # not driving: "Not driving yet", "He has not driven since"
    (r"\b(?:not|has\s+not|hasn't|is\s+not)\s+(?:yet\s+)?(?:driving|driven)\b(?:\s+yet)?", {}),
]
_NOT_ADL_RE = re.compile(r"^(?:unable|cannot|can't|could\s+not|does\s+not)\s+(?:to\s+)?(?:recall|"
                         r"remember|tolerate\s+(?:NSAIDs?|opioids?|medication)|take|afford|"
                         r"say|be\s+|have|get\s+authoriz|obtain|identify|tell|determine|"
                         r"do\s+(?:in|at|before|last)\b|accommodate|meet\s+the|rotate|work\b|"
                         r"describe|document|mention|report|indicate)",
                         re.IGNORECASE)


def _adl_value(mention: Mention) -> dict | None:
    text = mention.text.lower()
    if mention.section in ("physical_exam", "diagnoses") and "able to" not in text and not (
            mention.meta.get("goal")):
        return None
    if _NOT_ADL_RE.match(text):
        return None
    if mention.meta.get("goal") and not re.search(
            r"lift|reach|kneel|walk|stair|sit|stand|carry|dress|squat|run|drive|sleep|work",
            text):
        return None
    if re.search(r"urin|bladder|bowel|\bstream\b", text):
        return None  # "trouble starting his urine stream": a red flag, no activity
    if re.search(r"\bblocks?\b", text) and not re.search(r"\bnerve|\bbranch", text):
        return {"activity": "walking"}  # a distance in blocks is walked
    for key, starting in _adl_words():
        if key in text and starting.search(text):
            return {"activity": _ADL_ACTIVITIES[key]}
    return {"activity": "other"}


@cache
def _adl_words() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The activities, the longest first, each with its expression (the word starting where
    a word starts): a mention's text is searched only for the words it holds (each of ~45
    expressions was looked up in `re`'s cache and run on every ADL mention, issue 18)."""
    return tuple((key, re.compile(rf"\b{re.escape(key)}"))
                 for key in sorted(_ADL_ACTIVITIES, key=len, reverse=True))


_LIST_ITEM_RE = re.compile(r"[^,.;]{0,30}?(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:with\s+)?(?P<item>(?:prolonged\s+)?"
                           r"[a-z]+ing\b(?:(?!\s+and\s+[a-z]+ing\b)[^,.;]){0,50})",
                           re.IGNORECASE)


#: A second activity joined to the first inside one matched limit: "cannot kneel to assist
#: residents or squat to the bottom drawer", "difficulty putting on a jacket and washing her
#: hair" are two limits each (the annotations count them so).
_JOINED_RE = re.compile(
    rf"(?:\s*,)?\s+(?:or|and)\s+(?=(?:{_ACTIVITY})\b|(?:get|put|use|open|button|tie|hold|"
    rf"cut|wash|look|push|pull|pick|fasten|zip|comb|brush|tolerate)\b|[a-z]+ing\b)",
    re.IGNORECASE)


#: The heads of a limit on doing something (not "worse with bending and sitting", which
#: names what aggravates the pain, nor "avoids bending and lifting for fear", a fear).
_CANNOT_RE = re.compile(r"(?:difficulty|trouble|problems?|unable|inability|cannot|can't|can\s+not|"
                        r"could\s+not|can\s+no\s+longer|needs?|requires)\b", re.IGNORECASE)


def _joined_limits(mention: Mention) -> list[tuple[int, int]]:
    """(start, end) in the sentence of each activity of a limit on doing that joins two or
    more with "and"/"or", when they are different activities; else the limit's own span."""
    if not _CANNOT_RE.match(mention.text):
        return [(mention.start, mention.end)]
    cuts = [mention.start]
    for joint in _JOINED_RE.finditer(mention.text):
        cuts.append(mention.start + joint.end())
    if len(cuts) == 1:
        return [(mention.start, mention.end)]
    ends = [mention.start + joint.start() for joint in _JOINED_RE.finditer(mention.text)]
    spans = list(zip(cuts, [*ends, mention.end], strict=True))
    activities = [_adl_value(Mention(mention.sentence, lo, hi, {}, mention.section))
                  for lo, hi in spans]
    names = [a["activity"] if a else None for a in activities]
    named = [name for name in names if name != "other"]
    if None in names or len(set(named)) < len(named):
        return [(mention.start, mention.end)]  # "socks and shoes": one activity, one limit
    # ("cannot button shirt or hold fork": two actions the vocabulary has no name for, each
    # joined by a verb of its own, are two limits)
    return spans


_WEIGHT_BEARING_RE = re.compile(r"non-?weight[- ]bearing|NWB|PWB|TTWB", re.IGNORECASE)
#: A weight-bearing order lifted later in the sentence
_WEIGHT_BEARING_LIFTED_RE = re.compile(
    r"\b(?:cleared|released|advanced|progressed)\s+(?:to|for)\s+(?:full\s+|partial\s+)?"
    r"(?:weight[- ]bearing|(?-i:WBAT|FWB))", re.IGNORECASE)


#: How an examiner tests the legs and balance ("unable to toe-walk on the left", "cannot
#: rise onto her toes", "unable to perform a straight leg raise without lag"): a finding of
#: the examination, not an activity of the worker's day.
_EXAM_MANOEUVRE_RE = re.compile(
    r"tandem|(?:heel|toe)[\s-]+(?:raise|walk)|rise\s+(?:up\s+)?(?:onto|on)\s+(?:(?:his|her|the)"
    r"\s+)?(?:(?:left|right|bilateral)\s+)?(?:toes|heels?)|straight[\s-]+leg\s+raise",
    re.IGNORECASE)


def is_exam_manoeuvre(text: str) -> bool:
    """Whether `text` names how an examiner tested the worker rather than an activity of
    the worker's day (read by the rules and the trained reader alike)."""
    return _EXAM_MANOEUVRE_RE.search(text) is not None


#: What the worker does without a treatment: "without meds she stays in bed", "without the
#: tramadol she can't get through a shift" (the treatment's benefit, no limit of today's)
_WITHOUT_TREATMENT_RE = re.compile(
    r"\bwithout\s+(?:it|them|meds|medications?|medicines?|pills|(?:the|his|her)\s+[\w-]+)\s*,?\s*"
    r"(?:(?:she|he|the\s+patient|pt)\s+)?[\"']?$", re.IGNORECASE)


#: An injury's story: its moment ("felt a pop", "fell", "injured"), anywhere in the sentence;
#: or, in the "after" clause itself, its date or the load it was lifting ("pain after reaching
#: into a rack 03/07/2023", "after lifting a 65 lb package"). A date elsewhere in the sentence
#: ("Since 03/07/2023 she has knee pain after walking") dates the complaint, not the story.
_INJURY_STORY_RE = re.compile(r"\b(?:felt|feeling)\s+a\s+(?:pop|pull|snap|tear)|\binjur(?:y|ed)\b|"
                              r"\bfell\b|\bfalling\b", re.IGNORECASE)
_INJURY_STORY_CLAUSE_RE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|"
                                     r"\b\d+\s*(?:-\s*)?(?:lbs?|pounds?|kg)\b", re.IGNORECASE)
#: A repeated activity the pain follows, told by how much of it ("pain after walking 2 blocks",
#: "after sitting for 30 minutes", "after prolonged standing"): a tolerance, never a story.
_AFTER_AMOUNT_RE = re.compile(
    r"pain\s+after\s+(?:(?:prolonged|extended|long|repetitive|repeated|any)\s+\w+|\w+ing\s+"
    r"(?:for\s+)?(?:more\s+than\s+|over\s+|about\s+|approximately\s+|~\s*|only\s+)?"
    r"(?:\d+|one|two|three|four|five|ten|a\s+few|a\s+couple(?:\s+of)?)\s*(?:-\s*\d+\s*)?"
    + AMOUNT_UNITS + ")", re.IGNORECASE)


def _injury_story(mention: Mention) -> bool:
    """"Pain after ..." that tells how the injury happened (`_INJURY_STORY_RE`), not what the
    worker cannot do now."""
    if _AFTER_AMOUNT_RE.match(mention.sentence, mention.start):
        return False
    clause = re.split(r"[;]|\.\s", mention.sentence[mention.start:], maxsplit=1)[0]
    return bool(_INJURY_STORY_RE.search(mention.sentence)
                or _INJURY_STORY_CLAUSE_RE.search(clause))


def parse_adl(mention: Mention) -> list[Found]:
    if _WITHOUT_TREATMENT_RE.search(mention.sentence[max(0, mention.start - 40):mention.start]):
        return []
    if mention.meta.get("limits_only") and not re.search(
            r"at\s+a\s+time|before\s+needing|\bonly\b|needs?\s+\w*\s*help|cannot|unable",
            mention.sentence[max(0, mention.start - 40):mention.end + 40], re.IGNORECASE):
        return []  # "can sit for 45 minutes" reported as a gain, not a limit
    if is_exam_manoeuvre(mention.text):
        return []  # "unable to toe-walk", "cannot rise onto her toes": no activity limited
    if re.search(r"\b(?:from|due\s+to)\s+$", mention.sentence[max(0, mention.start - 12):
                                                              mention.start], re.IGNORECASE):
        return []  # "injury from prolonged computer use": how it happened
    if re.match(r"pain\s+after\s+", mention.text, re.IGNORECASE) and _injury_story(mention):
        return []  # "shoulder pain after reaching into a rack and feeling a pop 03/07/2023":
        # how the injury happened, not what the worker cannot do now
    if _WEIGHT_BEARING_RE.match(mention.text) and _WEIGHT_BEARING_LIFTED_RE.search(
            mention.sentence, mention.end):
        return []  # "NWB in a boot for 6 weeks; cleared for WBAT on 07/01": a past order
    value = _adl_value(mention)
    if value is None or value["activity"] == "other" and re.match(
            r"(?:does|could)\s+not\b|problems?\b", mention.text, re.IGNORECASE):
        return []  # "does not smoke", "could not find his way back": no activity named
    # the limitation carries its own "cannot"; only "no difficulty", "denies trouble" negate
    negated = mention.negated and bool(re.search(
        r"\b(?:no|denies|denied|without)\s+(?:\w+\s+){0,2}$",
        mention.sentence[max(0, mention.start - 40):mention.start], re.IGNORECASE))
    # an unmet goal ("overhead reach not met") is today's limitation, not a hypothesis
    hypothetical = False if mention.meta.get("goal") else None
    results = [Found(_adl_value(Mention(mention.sentence, lo, hi, {}, mention.section))
                     or value, lo, hi, negated=negated, hypothetical=hypothetical)
               for lo, hi in _joined_limits(mention)]
    # "Difficulty with prolonged reading, looking up to reach high shelves, and carrying
    # heavy purses": each activity of the list is a limitation of its own
    if re.match(r"(?:difficulty|trouble|problems?|worse|pain)\b", mention.text, re.IGNORECASE):
        position = mention.end
        while True:
            item = _LIST_ITEM_RE.match(mention.sentence, position)
            if item is None:
                break
            text = item.group("item").rstrip()
            start = item.start("item")
            if re.match(r"sleeping\s+(?:more|longer)\s+than", text, re.IGNORECASE):
                position = start + len(text)
                continue  # how long one sleeps is a sleep symptom
            activity = _adl_value(Mention(mention.sentence, start, start + len(text), {},
                                          mention.section))
            results.append(Found(activity or {"activity": "other"}, start, start + len(text),
                                 negated=negated))
            position = start + len(text)
    return results


_HOUSE = r"(?:home|horne|house)"
#: Where a worker who is not homebound goes
_OUTINGS = (r"pharmacy|church|store|grocery|supermarket|mall|market|bank|appointments?|"
            r"(?-i:PT)|physical\s+therapy|therapy|clinic|game|restaurant|mailbox|park|gym|"
            r"library|post\s+office|evaluation|visits?")
_HOMEBOUND = [
    # a heading ("HOMEBOUND STATUS:") is not a statement; a status said before a colon is
    # ("Still considered homebound: community trips require assistance")
    (r"home-?bound(?!(?:\s+status)?\s*:)|(?:(?<=considered\s)|(?<=remains\s)|(?<=is\s)|"
     r"(?<=still\s))home-?bound|confined\s+to\s+(?:the\s+|his\s+|her\s+)?"
     r"(?:home|house|bed)|unable\s+to\s+leave\s+(?:the\s+|his\s+|her\s+)?(?:home|house)|"
     r"leaves\s+(?:the\s+|his\s+|her\s+)?home\s+only", {"present": True}),
    # what homebound means, said without the word: the effort or help leaving takes
    (r"leav(?:es|ing|e)\s+(?:the\s+)?home\s+(?:only\s+|requires\s+)[^.;]{0,60}|(?:considerable\s+"
     r"and\s+)?taxing\s+effort|(?:requires|needs)\s+(?:[\w-]+\s+){0,8}?to\s+leave\s+(?:the\s+)?"
     r"(?:home|house)|absences\s+(?:from\s+(?:the\s+)?home\s+)?are\s+(?:only\s+)?for\s+medical"
     r"[^.;]{0,60}|(?:has\s+not|hasn't|rarely)\s+(?:left|leaves?)\s+(?:the\s+)?(?:home|house)"
     r"[^.;,]{0,30}|"
     # leaving home only for care, or only with help: "has left home only for the surgery",
     # "Leaves horne for prosthetist and MD visits only", "leaves only by medical van",
     # "trouble leaving the house except for appointments"
     rf"\b(?:leaves?|left|leaving)\s+(?:the\s+)?{_HOUSE}\s+(?:only\s+)?(?:for|w/|with|twice|once|"
     r"except)\b[^.;]{0,60}|\bleaves\s+only\s+(?:for|by|with)\s+[^.;,]{2,40}|"
     # a status box or line answered: "HOMEBOUND: Yes", "Homebound status: Yes - ..."
     r"\bhome-?bound(?:\s+status)?\s*:\s*(?:\[\s*[xX]\s*\]\s*)?yes\b", {"present": True,
                                                                    "stated": True}),
    # out and about on one's own (convention: homebound {present: false}): "drove herself to
    # the pharmacy", "She drives her own car to all appointments", "went to the mall with her
    # daughter", "goes to church and the grocery store"
    (rf"\b(?:drives|drove|driving)\s+(?:(?:him|her)self\s+|(?:his|her)\s+(?:own\s+)?(?:\w+\s+)?"
     rf"(?:car|truck|van|vehicle)\s+(?:(?:him|her)self\s+)?)?to\s+(?:the\s+|his\s+|her\s+|all\s+)?(?:\w+\s+){{0,2}}?"
     rf"(?:{_OUTINGS})\b[^.;]{{0,30}}|\b(?:went|goes|go|gone|walks|walked)\s+(?:out\s+)?to\s+"
     rf"(?:the\s+|a\s+|his\s+|her\s+)?(?:\w+'s\s+)?(?:\w+\s+){{0,2}}?(?:{_OUTINGS})\b[^.;]{{0,40}}|"
     r"\b(?:grocery\s+shops|walks\s+(?:in\s+the\s+neighbou?rhood|community\s+distances))\b"
     r"[^.;,]{0,30}", {"present": False, "outing": True}),
]


def parse_homebound(mention: Mention) -> list[Found]:
    value = dict(mention.meta)
    # "has not left home since discharge" states confinement: its "not" is no denial
    stated = value.pop("stated", False)
    if value.pop("outing", False):
        if mention.negated or mention.hypothetical:
            return []  # "cannot drive to appointments": no outing
        return [Found(value, mention.start, mention.end, negated=False)]
    value["present"] = bool(stated) or not mention.negated
    return [Found(value, mention.start, mention.end, negated=False)]


SPECS = [
    KindSpec(FactKind.imaging_finding, regex_triggers(_IMAGING_TABLE), parse_imaging, anchor=(
        r"herniat|protrusion|extrusion|bulg|(?-i:HNP)|nerve|neural|stenosis|narrowing|"
        r"listhesis|spondylo|pars|degenerat|desiccat|osteophyt|arthropath|hypertroph|arthrosis|"
        r"arthritis|chondr|(?-i:DDD)|menisc|tear|fracture|unremarkable|acute|normal|"
        r"acromion|labral|edema|tendin|bursitis|cyst|effusion|fissure|modic|terminates|cord|"
        r"signal|fusion|hardware|cage|screws|bone|atrophy|fatty|neovascularity|lordosis|"
        r"instability|intact|ligaments|sclerosis|degeneration|(?-i:MRI|CT)|x-?rays?|"
        r"radiographs?|scan|rays|films?|patent|compartment|compartmental|(?-i:XR|XRs)|panorex|"
        r"(?-i:OA|DJD|OPLL)|spurs?|ossification|translation|motion")),
    KindSpec(FactKind.electrodiagnostic_finding, regex_triggers(_EDX_TABLE),
             parse_electrodiagnostic, anchor=(
                 r"radiculopath|neuropath|carpal|cubital|latenc|amplitude|tunnel|(?-i:CTS|CuTS)|"
                 r"sensory|reflex|reflexes|paraspinal|paraspinals|"
                 r"conduction|sharp|fibrillation|denervation|reinnervation|"
                 r"motor|(?-i:EMG|NCV|NCS)|normal|unremarkable|electrodiagnostic|responses|"
                 r"latencies|recruitment|testing|study|studies|repeat|spontaneous|insertional")),
    KindSpec(FactKind.red_flag, regex_triggers(_RED_FLAGS), parse_red_flag,
             anchor=alternatives(_red_flag_vocabulary()["anchor"])),
    KindSpec(FactKind.adl_limitation, regex_triggers(_ADL_TABLE), parse_adl, anchor=(
        r"difficult|trouble|problem|pain|limit|unable|inability|cannot|can't|can|could|help|"
        r"helps|assist|prolonged|extended|more|longer|tolerates|tolerance|given|does|worse|"
        r"beyond|met|stays|spends|rarely|dropping|chair|sit|stand|walk|sits|stands|walks|"
        r"sitting|standing|walking|only|avoids|drops|stairs|stop|bearing|nwb|pwb|ttwb|"
        r"wheelchair|walker|cane|limp|crutches|helping|ambulat|block|blocks|tol|stopped|quit|"
        r"gave|given|longer|recliner|couch|bed|stairs|driving|driven|dependent|needs|requires|"
        r"required|assist|assists|does|do|did|handles|drives|shops|cooks|carries|lifts|has|"
        r"uses|using|gait|scooter|min|mod|max|unable|supervision|guard|setup|set|sba|cga|fww|"
        r"stand|standby")),
    KindSpec(FactKind.homebound, regex_triggers(_HOMEBOUND), parse_homebound,
             anchor=r"home-?bound|confined|leave|leaves|leaving|taxing|left|absences|drives|drove|"
                    r"driving|went|goes|go|gone|walks|walked|shops|yes"),
]
