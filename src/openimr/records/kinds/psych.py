"""Psychological symptoms and questionnaire scores (PHQ-9, GAD-7, BDI-II, PCL-5, FABQ...).

Diagnoses in an assessment list are `diagnosis` facts only; a normal state ("sleep ok",
"mood stable") is the symptom negated.
"""

from __future__ import annotations

import re

from openimr.model.facts import FactKind
from openimr.model.numbers import number_words
from openimr.records.kinds.base import (
    Found,
    KindSpec,
    Mention,
    alternatives,
    checklist_denies,
    regex_triggers,
    rules_vocabulary,
)
from openimr.records.kinds.diagnosis import PROVIDER_ENTRY_RE

#: A verb telling what the worker feels or reports, not a diagnosis made.
_TOLD_OF_RE = re.compile(r"\b(?:feels?|felt|reports?|reported|endorses?|complains?|appears?|"
                         r"seems?|states?|says|describes?|is|was|remains?|becomes?|became)\b",
                         re.IGNORECASE)


def _vocabulary() -> dict:
    """The psychological vocabulary (`rules/psych.yaml`): mood words, avoided places."""
    return rules_vocabulary("psych.yaml")


def _mood(symptom: str) -> str:
    """A mood as written after the word ("Mood: low", 'mood "stressed"', "mood is flat",
    "mood brighter"): the mood word, and the rest of a quotation
    it opens."""
    words = alternatives(_vocabulary()["mood_words"][symptom])
    return (rf"mood\s*(?:is\s+|has\s+been\s+|remains\s+|:\s*)?(?:\"\s*)?(?:very\s+|quite\s+|"
            rf"more\s+|mostly\s+)?(?:{words})\b(?:[^\".;\n]{{0,30}}\")?")


_SLEEP_VERB = r"(?:sleeps|sleeping|slept|duerme|sleep)"
#: The hours of a night and the times of waking, up to ten, in words.
_HOUR_WORDS = number_words(up_to=10)
_NUMBER_WORD = "(?:" + "|".join(_HOUR_WORDS) + ")"
_HOURS_NUMBER = rf"(?:\d{{1,2}}(?:\.\d)?|{_NUMBER_WORD})"
#: A length of sleep: "4-5 h", "six to seven hours", "3 hrs", "4 horas".
_HOURS = (rf"{_HOURS_NUMBER}(?:\s*(?:-|to|–|or)\s*{_HOURS_NUMBER})?\s*(?:h|hrs?|hours?|horas)\b")
#: How often the worker wakes: "3-4", "two or three", "once or twice", "several".
_COUNT = (rf"\d(?:\s*-\s*\d)?|once|twice|several|multiple|many|{_NUMBER_WORD}(?:\s+or\s+"
          rf"(?:{_NUMBER_WORD}|twice))?|once\s+or\s+twice")

#: The nouns of a place a worker may keep away from after a trauma ("the loading dock", "the
#: road the warehouse is on", "the corner store"): the trauma's scene or a place like it.
_PLACE_NOUNS = (r"dock|warehouse|store|shop|site|road|street|intersection|freeway|highway|"
                r"building|area|plant|yard|workplace|scene|corner|parking\s+(?:lot|structure)|"
                r"lot|garage|bank|station|place|room|floor|aisle|mall|bus|train|elevator|"
                r"neighborhood|location|job\s*site|counter|register|bridge|tunnel|kitchen|house|"
                r"office|basement|car|vehicle|truck|forklift|machine|fryer|stove|oven|ladder|"
                r"scaffold\w*|roof|line|booth|desk|cab|rig|route|freeway|parking|"
                # a reminder of the event kept away from: "avoids the sound of a phone ringing"
                r"sounds?|noises?|smell|sight|news|reminders?|memor(?:y|ies)|subject|topic")


#: A count of drinks and how often ("2-3 beers most nights", "a couple of glasses of wine
#: nightly", "4-6 beers/day on weekends"); the count in `n` and `hi`, the time in `per`.
DRINKS = (r"(?:\"?(?P<n>\d{1,2}|" + _NUMBER_WORD + r"|a\s+couple(?:\s+of)?|a\s+few|several)"
          r"(?:\s*(?:-|to|or)\s*(?P<hi>\d{1,2}|" + _NUMBER_WORD + r"))?\s+(?:beers?|drinks|"
          r"(?:glass(?:es)?|cans?|bottles?)\s+of\s+(?:wine|beer)|shots(?:\s+of\s+\w+)?)\"?)"
          r"(?=\s*(?P<per>/\s*(?:day|night|wk|week)|(?:a|per|each)\s+(?:day|night|week)|nightly|"
          r"daily|most\s+(?:nights|days)|(?:on|every)\s+(?:weekends?|night|day|evening)))"
          r"[^.;,]{0,30}")
_DRINKS_RE = re.compile(DRINKS, re.IGNORECASE)
_DRINK_COUNTS = {"a couple": 2, "a couple of": 2, "a few": 3, "several": 3}
#: Words that make any amount a problem: drinking to cope or sleep, more than before, or by a
#: name for heavy drinking.
_DRINKING_PROBLEM_RE = re.compile(
    r"\bto\s+(?:cope|sleep|fall\s+asleep|relax|numb|forget|calm|deal|get\s+through)|"
    r"\b(?:increas\w*|rose|risen|more\s+than\s+(?:before|usual)|escalat\w*|binge\w*|heavy|"
    r"hazardous|misuse|abuse|dependen\w*|DUI|blackouts?|since\s+the\s+(?:injury|accident))\b",
    re.IGNORECASE)


def light_drinking(text: str, sentence: str = "") -> bool:
    """A drinking amount (`DRINKS`) a social drinker's: at most two drinks a day or a night
    (or an evening, a weekend day), at most fourteen a week, and nothing in its sentence of
    drinking to cope or sleep, of more than before, or of a problem ("1-2 glasses of wine per
    week", "a couple beers on weekends"). Not a psychological symptom of delayed recovery (a
    treating note records it as social history; session "fix-review-a", review 11 §8)."""
    match = _DRINKS_RE.search(text)
    if match is None or _DRINKING_PROBLEM_RE.search(sentence or text):
        return False
    counts = []
    for word in (match.group("n"), match.group("hi")):
        if word is None:
            continue
        word = " ".join(word.lower().split())
        counts.append(int(word) if word.isdigit() else _DRINK_COUNTS.get(word)
                      or _HOUR_WORDS.get(word, 99))
    most = max(counts)
    # a week's count, not a weekend's: "on weekends" is an amount a drinking day (review 12,
    # R24: "10 shots of tequila on weekends" is no social drinker's week)
    weekly = re.search(r"w(?:ee)?k\b", match.group("per") or "", re.IGNORECASE)
    return most <= (14 if weekly else 2)


_TABLE: list[tuple[str, dict]] = [
    (r"(?:persistent\s+|chronic\s+)?depress(?:ed|ion|ive)(?:\s+(?:mood|symptoms))?|feeling\s+"
     r"(?:down|sad|hopeless|worthless)|hopeless(?:ness)?|worthless(?:ness)?|anhedonia|loss\s+of"
     r"\s+interest(?:\s+in\s+[\w\s]{0,40}?(?=[,.;]|$))?|low\s+mood|crying\s+spells|"
     # interest lost, crying and worthlessness in the worker's or a relative's words
     r"(?:lost|losing)\s+interest\s+in\s+[\w\s'-]{1,40}?(?=[,.;]|$)|"
     r"(?:cries|crying)\s+(?:most\s+days|easily|daily|often|frequently|at\s+night|every\s+\w+|"
     r"during\s+(?:the\s+)?\w+|over\s+\w+|\"?(?:once|twice)\s+a\s+\w+\"?|\"?most\s+days\"?)|"
     r"feel(?:s|ing)?\s+(?:like\s+)?\"?(?:useless|empty|discouraged|demoralized|"
     r"(?:like\s+)?a\s+burden)\"?(?:\s+most\s+days)?|\"I'm\s+(?:useless|a\s+burden)|"
     r"demoraliz\w+|" + _mood("depression") + r"|"
     r"(?:persistent\s+)?sadness|guilt(?:\s+about\s+[\w\s]{0,30}?(?=[,.;]|$))?|"
     r"(?:reduced|decreased|poor)\s+appetite|affect\s+(?:is\s+)?(?:constricted|flat|blunted|"
     r"restricted)(?:\s+and\s+tearful)?|tearful(?:ness)?|dysphori[ac]", {"symptom": "depression"}),
    (r"anxi(?:ety|ous)(?:,\s*tearful)?|panic(?:\s+attacks?)?|worr(?:y|ies|ied)(?:\s+about\s+\w+)?|"
     r"nervous(?:ness)?|racing\s+thoughts|chest\s+tightness(?:\s+and\s+racing\s+thoughts)?|"
     + _mood("anxiety") + r"|feel(?:s|ing)\s+\"?(?:on\s+"
     r"edge|keyed\s+up|tense)\"?", {"symptom": "anxiety"}),
    (r"insomnia|(?:difficulty|trouble|problems?)\s+(?:sleeping|falling\s+asleep|staying\s+"
     r"asleep|with\s+sleep)|sleep\s*(?:is\s+|:\s*)?(?:poor|disturbance|disturbed|disrupted|"
     r"fragmented|interrupted)(?:,\s*(?:averaging\s+)?\d(?:\s*(?:-|to)\s*\d)?\s+hours(?:\s+per"
     r"\s+night)?)?|poor\s+(?:nighttime\s+)?sleep(?:\s+\([^)]{0,20}\))?|"
     r"(?:sleeps?|sleep|sleeping|slept)\s+(?:only\s+|about\s+)?\d(?:\s*(?:-|to)\s*\d)?\s+(?:hours|"
     r"hrs)(?:(?!\s*(?:,|\band\b|\bwith\b|\bbut\b))[^.;]){0,20}|"
     r"(?:still\s+)?wak(?:es|ing)\s+(?:(?:him|her)\s+)?(?:up\s+)?(?:\d(?:-\d)?|several|"
     r"multiple|two|three)\s*(?:x|times)\s*(?:/|a|per|each)?\s*(?:night|nightly)|"
     r"keeps\s+(?:him|her)\s+awake|non-?restorative\s+sleep|interrupted,\s+\d(?:-\d)?\s+hours",
     {"symptom": "insomnia"}),
    (r"(?:cannot|can't|unable\s+to|not)\s+sleep(?:ing)?\s+(?:more|longer)\s+than\s+\d+\s+hours"
     r"(?:\s+at\s+a\s+time)?|sleeping\s+(?:more|longer)\s+than\s+\d+\s+hours|"
     # "couldn't sleep", "unable to fall asleep" (not "cannot sleep on the right side", a
     # limited position: an ADL limit)
     r"(?:unable\s+to|can't|cannot|couldn't|could\s+not|can\s+not)\s+(?:fall\s+|stay\s+)?a?sleep"
     r"(?!\s+(?:on|in|with|without|through|more|longer|past|flat|lying)\b)",
     {"symptom": "insomnia", "fold": True}),
    (r"sleep\s*(?:is\s+|:\s*)?(?:ok|okay|fine|good|adequate|normal)\b",
     {"symptom": "insomnia", "normal": True}),
    # a night's sleep in hours, in digits or words, with any unit ("Sleeps 4-5 h", "she
    # sleeps about four hours a night", "Sleep: 5 hrs", "Duerme 4 horas"): read by its length
    (rf"(?:{_SLEEP_VERB}|(?:total\s+)?sleep(?:\s+time)?\s*:?)\s+(?:(?:only|about|approximately|"
     rf"around|roughly|~|maybe|in\s+(?:a\s+|the\s+)?(?:bed|recliner|chair),?\s+(?:for\s+)?)\s*)*"
     rf"{_HOURS}(?:\s+(?:a|per|each|at)\s+(?:night|time))?(?:\s*\([^)]{{0,20}}\))?",
     {"symptom": "insomnia", "hours": True}),
    # waking in the night, counted or repeated; lying awake; no sleep at all
    (rf"(?:wak(?:es|ing|ening)|awaken(?:s|ing)?|woken|wakes\s+(?:him|her)\s+up)\s+"
     rf"(?:(?:him|her|pt|up)\s+)*(?:(?:{_COUNT})(?:\s*(?:x|times?))?(?:\s*(?:/|a|per|each|at)"
     rf"\s*night|\s+nightly)?|q\s*\d\s*h(?:rs?|ours)?|nightly|every\s+(?:night|hour|time|"
     rf"\d|few|couple)[^.;,]{{0,30}})|"
     rf"\bup\s+(?:{_COUNT})\s*(?:x|times?)\s*(?:/|a|per|each|at)\s*night|"
     rf"(?:{_COUNT})\s+(?:night(?:time)?\s+)?awakenings|"
     r"(?:lies|lay|lying|laying)\s+awake[^.;,]{0,20}|"
     r"(?:sleep(?:s|ing)?|slept)\s+(?:very\s+)?(?:poorly|badly|fitfully|restlessly)|"
     r"sleep\s+(?:is\s+|has\s+been\s+)?(?:broken|restless|fragmented|poor)",
     {"symptom": "insomnia"}),
    # a good night ("Sleeping OK", "sleeps well", "sleeping through the night", "slept
    # better", "night waking has resolved")
    (r"(?:sleeps|sleeping|slept)\s+(?:well|fine|ok|okay|good|better|soundly|normally|"
     r"through\s+the\s+night|thru\s+(?:the\s+)?night)\b|"
     r"night\s+(?:waking|awakenings?)\s+(?:has\s+|have\s+)?(?:resolved|stopped|gone)",
     {"symptom": "insomnia", "normal": True}),
    (r"mood\s*(?:is\s+|:\s*)?(?:stable|euthymic|good|fine|ok|okay|normal)\b",
     {"symptom": "depression", "normal": True}),
    (r"fear[- ]avoidan\w+(?:\s+beliefs?)?|kinesiophobia|fear\s+of\s+(?:re-?injur\w+|movement|"
     r"pain)(?:\s+(?:his|her)\s+\w+)?|avoids?\s+[\w\s,]{0,40}?(?:for|out\s+of)\s+fear"
     r"(?:\s+of\s+[\w\s-]{0,30}?(?=[,.;]|$))?|avoids?\s+[\w\s,]{0,40}?because\s+(?:he|she)\s+"
     r"(?:expects|fears|worries)[^.;]{0,40}", {"symptom": "fear_avoidance"}),
    (r"(?-i:PTSD)|post-?traumatic\s+stress(?:\s+disorder)?|nightmares(?:\s+or\s+flashbacks)?|"
     r"flashbacks|hypervigilan\w+|intrusive\s+(?:thoughts|memories|images|recollections)"
     r"(?:\s+(?:of|about|when)\s+[^.;,]{1,50}?(?=[.;,]|$))?|"
     r"startl(?:es|ed|ing)\s+(?:visibly\s+|easily\s+)?(?:when|by|if)\s+[^.;,]{1,40}?(?=[.;,]|$)|"
     r"nightmares\s+(?:of|about)\s+[^.;,]{1,40}?(?=[.;,]|$)|"
     r"(?:replay(?:s|ing)|reliv(?:es|ing))\s+(?:the\s+)?(?:accident|assault|robbery|attack|"
     r"incident|event|moment|fall|crash|injury|shooting)[^.;,]{0,30}|"
     r"startles?\s+(?:easily|at)"
     r"[\w\s]{0,20}", {"symptom": "ptsd"}),
    # a place kept away from ("won't go near the loading dock", "will not drive past the
    # store", "avoids the road the warehouse is on", "still avoids stores"), never an
    # activity ("avoids lifting" is told by its fear or its limit); the refusal is the
    # symptom, no denial of it
    (r"(?:avoids?|avoiding|will\s+not|won't|refuses\s+to|has\s+not|hasn't)\s+(?:driving|drive|"
     r"go(?:ing|ne)?|walk(?:ing)?)\s+(?:past|near|by|into)\s+(?!work\b|the\s+office\b)"
     r"[^.;,]{1,40}?(?=[.;,]|$)|"
     # "avoids the <place>": a place noun within a few words ("avoids the road the warehouse
     # is on"), never a thing or an act ("avoids the stairs", "avoids the use of ibuprofen")
     r"avoids?\s+(?:the\s+(?:[\w-]+\s+){0,3}?(?:" + _PLACE_NOUNS + r")s?\b[^.;,]{0,40}?"
     r"(?=[.;,]|$)|(?:" + alternatives(
         _vocabulary()["avoided_places"]) + r")\b[^.;,]{0,30}?(?=[.;,]|$))",
     {"symptom": "ptsd", "fold": True}),
    (r"suicidal\s+(?:or\s+homicidal\s+)?(?:ideation|thoughts|intent)|"
     # wishes not to wake, thoughts of hurting oneself, "SI: denies", "plan or intent"
     r"(?:passive\s+)?death\s+wish(?:es)?|(?:passive\s+)?wish(?:es)?\s+(?:not\s+to\s+wake|"
     r"to\s+die|to\s+be\s+dead)[^.;,]{0,20}|wanting\s+to\s+(?:harm|hurt|kill)\s+"
     r"(?:him|her|them)sel(?:f|ves)|thoughts\s+of\s+(?:hurting|killing)\s+(?:him|her)self|"
     r"passive\s+(?-i:SI)\b|(?-i:SI)(?=\s*:\s*(?:denies|denied|none|neg))|"
     r"thoughts\s+of\s+(?:self[-\s]?harm|"
     r"suicide|harming)|\b(?-i:SI)(?=\s*/\s*(?-i:HI)|\s+or\s+(?-i:HI))|(?<=denies\s)(?-i:SI)\b|"
     r"(?<=\bno\s)(?-i:SI)\b|"
     r"suicide\s+attempts?|self[-\s]?harm(?:\s+history)?|intent\s+or\s+plan|"
     r"(?<=denies\s)(?:any\s+)?plan(?:,\s*|\s+or\s+|\s+and\s+)intent(?:,?\s+or\s+(?:prior\s+)?"
     r"attempts)?|passive\s+thoughts"
     r"[^.;]{0,50}", {"symptom": "suicidal_ideation"}),
    # a mood of the vocabulary's other words ("mood: irritable")
    (_mood("other"), {"symptom": "other"}),
    # how much the worker drinks ("2-3 beers most nights", "4-6 beers/day on weekends", "a
    # couple of glasses of wine nightly", "Drinking rose to five drinks a night"): a count
    # of drinks and how often (`light_drinking` tells a social amount from a heavy one)
    (DRINKS, {"symptom": "other"}),
    (r"irritab\w+|grief|catastrophiz\w+|social\s+withdrawal|poor\s+concentration|frustrat\w*|"
     r"psychotic\s+features|psychosis(?:\s+or\s+homicidal\s+ideation)?|homicidal\s+ideation",
     {"symptom": "other"}),
    (r"fear\w*\s+of\s+falling(?:\s+again)?|fearful\s+of\s+[\w\s]{2,20}?(?=[,.;]|$)|"
     # afraid of or to move, scared it will happen again, worried about re-injury
     r"(?:afraid|scared|terrified)\s+(?:of|to|that|it(?:'ll|\s+will))\s+[^.;,]{1,40}?"
     r"(?=[.;,]|$)|fear\s+of\s+(?:bending|lifting|twisting|walking|driving|working|"
     r"heights)|"
     r"worr(?:y|ies|ied)\s+(?:about\s+|that\s+)?\"?(?:re-?injur\w*|tearing|hurting|"
     r"getting\s+hurt|making\s+it\s+worse|(?:he|she)\s+will\s+(?:re-?injure|hurt|tear))"
     r"[^.;,]{0,30}", {"symptom": "fear_avoidance"}),
    (r"(?:(?-i:PHQ)-?[29]|(?-i:GAD)-?7|(?-i:AUDIT)(?:-C)?|(?-i:BDI)(?:-?II)?|(?-i:BAI)|Beck\s+(?:Depression|Anxiety)"
     r"\s+Inventory(?:-?II)?|(?-i:HAM-?[DA])|Insomnia\s+Severity\s+Index|(?-i:ISI)|(?-i:PCL)-?5|"
     r"(?-i:FABQ)(?:[- ]?(?:PA|W))?(?:\s+(?:work|physical\s+activity)\s+subscale)?|"
     r"Fear-Avoidance\s+Beliefs\s+Questionnaire(?:\s+[\w\s]{0,25}?subscale)?|Pain\s+"
     r"Catastrophizing\s+Scale|(?-i:PCS)|(?<![A-Za-z])(?-i:TSK)(?:-1[17])?|Tampa\s+Scale(?:\s+(?:of|for)\s+"
     r"Kinesiophobia)?|(?<![A-Za-z])(?-i:ESS)|Epworth(?:\s+Sleepiness\s+Scale)?)(?:\s+(?:total|score|today|now|currently|is|was|"
     r"(?:has\s+)?(?:decreased|improved|dropped|increased|rose|fell)|from))*"
     r"\s*[:=]?\s*(?:of\s+)?\d{1,2}(?:\s*(?:to|->|\u2192)\s*\d{1,2})?"
     r"(?:\s*\([^)]{0,30}\))?", {"symptom": "instrument"}),
]
_INSTRUMENTS = [(r"PHQ-?2", "depression", "PHQ-2"), (r"PHQ", "depression", "PHQ-9"),
                (r"AUDIT", "other", "AUDIT"), (r"GAD", "anxiety", "GAD-7"),
                (r"Beck\s+Depression|BDI", "depression", "BDI-II"),
                (r"Beck\s+Anxiety|BAI", "anxiety", "BAI"), (r"HAM-?D", "depression", "HAM-D"),
                (r"HAM-?A", "anxiety", "HAM-A"), (r"Insomnia|ISI", "insomnia", "ISI"),
                (r"PCL", "ptsd", "PCL-5"), (r"FABQ.{0,4}W|work\s+subscale", "fear_avoidance",
                                             "FABQ-W"),
                (r"FABQ|Fear-Avoidance", "fear_avoidance", "FABQ-PA"),
                (r"Catastrophizing|PCS", "other", "PCS"),
                (r"TSK-11", "fear_avoidance", "TSK-11"), (r"TSK|Tampa", "fear_avoidance", "TSK"),
                (r"ESS|Epworth", "other", "ESS")]
_DIAGNOSIS_AFTER_RE = re.compile(r"^\s*(?:disorder|\(\s*F\d)", re.IGNORECASE)


_SLEEP_HOURS_RE = re.compile(rf"({_HOURS_NUMBER})(?:\s*(?:-|to|–|or)\s*({_HOURS_NUMBER}))?\s*"
                             r"(?:h|hrs?|hours?|horas)\b", re.IGNORECASE)


def _hours(text: str) -> float:
    return float(_HOUR_WORDS.get(text.lower(), text))


def _opens_its_line(mention: Mention) -> bool:
    """Whether the sentence stands on a line of its own, as an item of a list does: a short
    sentence that goes on a line of prose ("Diversion not excluded. Mood "stressed"; PHQ-9
    11.") is the assessment's narrative, not an item of its diagnosis list."""
    before = mention.preceding_lines
    line = before[before.rfind("\n") + 1:].strip()
    # ... or follows an item number or a diagnosis label on its line ("2. Chronic pain
    # with depressive features", "Dx: lateral epicondylitis. Insomnia.")
    # (an item number follows the item before it: "PHQ-9 11." ends a score, no item)
    item = re.search(r"(?:^|\s)(\d{1,2})[.)]$", line)
    return not line or bool(_LIST_LABEL_RE.match(line)) or bool(item and re.search(
        rf"(?:^|\s){int(item.group(1)) - 1}[.)]\s", line))


_LIST_LABEL_RE = re.compile(r"(?:dx|diagnos[ie]s|impressions?)\b", re.IGNORECASE)


def parse_psych(mention: Mention) -> list[Found]:
    listed = mention.section in ("diagnoses", "impression")
    if not mention.family and (_DIAGNOSIS_AFTER_RE.match(mention.sentence[mention.end:])
                               or re.search(r"disorder$", mention.text, re.IGNORECASE)):
        return []  # "major depressive disorder", "PTSD (F43.10)": a diagnosis, not a symptom
    entry = PROVIDER_ENTRY_RE.search(mention.sentence[:mention.start])
    # (what the entry says the worker feels or reports is a symptom: "Dr. Kim: patient feels
    # depressed")
    if entry and _TOLD_OF_RE.search(entry.group(0)):
        entry = None
    if not mention.family and entry and (
            mention.section not in ("mental_status",)) and re.fullmatch(
            r"(?-i:PTSD)|post-?traumatic\s+stress(?:\s+disorder)?|depress\w+|anxiety",
            mention.text.strip(), re.IGNORECASE):
        return []  # "05/10/2022, Dr. N (psychology): PTSD and panic disorder": a diagnosis
    if listed and ((len(mention.sentence.split()) <= 6 and _opens_its_line(mention)) or re.match(
            r"\s*(?:\d{1,2}[.)]|-)\s", mention.sentence)):
        return []  # a diagnosis of the assessment list, not a reported symptom
    meta = mention.meta
    value: dict = {"symptom": meta["symptom"]}
    if meta["symptom"] == "instrument":
        for pattern, symptom, instrument in _INSTRUMENTS:
            if re.search(pattern, mention.text, re.IGNORECASE):
                scores = re.findall(r"(?<![-\w])(\d{1,2})(?!\s*-?\s*(?:II|item))",
                                    re.sub(r"\([^)]*\)", "", mention.text))
                value = {"symptom": symptom, "instrument": instrument,
                         "score": int(scores[-1]) if scores else None}
                break
        else:
            return []
        # a questionnaire score is a measurement: the worker's own, never a relative's
        return [Found(value, mention.start, mention.end, negated=False, hypothetical=False,
                      family=False)]
    if meta.get("normal") and re.search(r"\b(?:no\s+longer|not|never|isn't|hasn't\s+been)\s+$",
                                        mention.sentence[:mention.start], re.IGNORECASE):
        return [Found(value, mention.start, mention.end, negated=False)]  # "not sleeping well"
    if meta.get("normal") or checklist_denies(mention):
        return [Found(value, mention.start, mention.end, negated=True)]
    hours = _SLEEP_HOURS_RE.search(re.sub(r"\([^)]*\)", "", mention.text))
    if meta["symptom"] == "insomnia" and hours and not meta.get("fold"):
        # a night's sleep stated in hours: a short night is the symptom, a full one denies it
        low = _hours(hours.group(1))
        high = _hours(hours.group(2)) if hours.group(2) else low
        if (low + high) / 2 >= 6 and not re.search(r"\bonly\b", mention.text, re.IGNORECASE):
            return [Found(value, mention.start, mention.end, negated=True)]
        if meta.get("hours"):  # a short night is the symptom, whatever denial is near
            return [Found(value, mention.start, mention.end, negated=False)]
    if meta["symptom"] == "suicidal_ideation" and re.match(
            r"\s*:\s*(?:denies|denied|none|neg)", mention.sentence[mention.end:], re.IGNORECASE):
        return [Found(value, mention.start, mention.end, negated=True)]  # "SI: denies"
    if meta["symptom"] == "suicidal_ideation" and mention.negated and re.search(
            r"\bnot\b|n't", mention.text, re.IGNORECASE) and not re.search(
            r"\b(?:denies|denied|denying|no|not|never|without|negative\s+for)\b[^.;]{0,40}$",
            mention.sentence[:mention.start], re.IGNORECASE):
        # "passive wish not to wake up", "thoughts of 'not waking up'": the negation is
        # the wish, no denial of it
        return [Found(value, mention.start, mention.end, negated=False)]
    if meta.get("fold"):  # "cannot sleep more than 3 hours": the negation is the symptom
        # ("will not go near the dock" is a refusal, no plan)
        return [Found(value, mention.start, mention.end, negated=False,
                      hypothetical=mention.hypothetical and bool(re.search(
                          r"\b(?:if|unless)\b", mention.sentence[:mention.start],
                          re.IGNORECASE)))]
    # a symptom is hypothetical only under a condition ("if mood worsens"), not because a
    # quotation in the sentence says "would"
    hypothetical = mention.hypothetical and bool(re.search(
        r"\b(?:if|unless|screen\w*|rule\s+out)\b", mention.sentence[:mention.start],
        re.IGNORECASE))
    return [Found(value, mention.start, mention.end, hypothetical=hypothetical)]


SPECS = [
    KindSpec(FactKind.psych_symptom, regex_triggers(_TABLE), parse_psych, anchor=(
        r"depress|feeling|hopeless|worthless|anhedonia|interest|tearful|mood|crying|sad|guilt|"
        r"appetite|affect|anxi|panic|worr|nervous|racing|chest|insomnia|sleep|sleeps|wake|"
        r"wakes|waking|awake|interrupted|fear|kinesiophobia|avoid|avoids|(?-i:PTSD|SI|PHQ|GAD|"
        r"BDI|BAI|HAM|ISI|PCL|FABQ|PCS)|traumatic|nightmare|flashback|hypervigil|intrusive|"
        r"startle|suicid|self-?harm|harm|harming|intent|passive|irritab|grief|frustrat|"
        r"(?-i:AUDIT)|dysphori|edge|keyed|tense|"
        r"catastroph|withdrawal|concentration|psycho|homicidal|beck|inventory|severity|"
        r"fearful|falling|slept|woken|duerme|night|afraid|scared|terrified|replay|reliv|cries|"
        r"useless|empty|discouraged|demoraliz|burden|death|wish|wanting|plan|hurting|killing|"
        r"(?-i:TSK|ESS)|tampa|epworth|stores|crowds|"
        r"restaurants|bored|angry|stressed|flat|low|down|blue|numb|heavy|brighter|"
        r"overwhelmed|irritable|scared|gone|hasn't|near|go|drive|driving|worn|so-so|"
        r"beer|beers|drinks|wine|shots")),
]
