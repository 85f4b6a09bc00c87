"""Treatment-course facts: therapy sessions, home exercise, functional improvement."""

from __future__ import annotations

import re

from openimr.model.facts import FactKind
from openimr.records.kinds.base import (
    NUMBER,
    Found,
    KindSpec,
    Mention,
    literal_triggers,
    regex_triggers,
    to_number,
)

# Case-sensitive abbreviations: "pt" is the patient, "PT" physical therapy.
MODALITIES: list[tuple[str, str]] = [
    (r"physical therap(?:y|ies|ist)|physiotherapy|(?-i:PT)|(?-i:P\.T\.)|(?-i:PT/OT)",
     "physical_therapy"),
    (r"occupational therap(?:y|ist)|(?-i:OT)|hand therapy", "occupational_therapy"),
    (r"chiropractic(?: care| treatments?| therapy| manipulation| sessions?| visits?)?|"
     r"chiropractor|spinal manipulation|manipulative therapy", "chiropractic"),
    (r"acupuncture", "acupuncture"),
    (r"psychotherapy|cognitive[- ]behavioral therapy|(?-i:CBT)|psychological (?:treatment|"
     r"counseling|therapy)|counseling|psych(?:ological)? sessions", "psychotherapy"),
    (r"massage(?: therapy)?", "massage"),
    (r"aquatic therapy|aqua therapy|pool therapy|water therapy", "aquatic_therapy"),
    (r"biofeedback", "biofeedback"),
    (r"functional restoration(?: program)?|(?-i:FRP)", "functional_restoration"),
]
_UNIT = r"(?:sessions?|visits?|treatments?|appointments?)"
_MODALITY_WORDS = r"(?:physical therapy|PT|OT|occupational therapy|chiropractic|acupuncture|" \
                  r"therapy|psychotherapy|CBT|aquatic therapy|massage|biofeedback|supervised|" \
                  r"formal|additional|more|further|prior|previous|total|authorized|approved|" \
                  r"certified|completed|initial|of|in|the|rehab)"
# "9 sessions", "9 plus sessions", "12 additional PT visits", "a total of 12 visits"
_COUNT_RE = re.compile(
    rf"\b(?:at least\s+)?(?P<count>{NUMBER})\s*(?P<plus>\+|plus\b)?\s*"
    rf"(?:(?:{_MODALITY_WORDS}|[a-z]+-[a-z]+|post-?operative|postop)\s+){{0,3}}{_UNIT}\b",
    re.IGNORECASE)
# "Visit: 10", "Tx #6 of 6 authorized", "12 authorized", "request 6 more tx"
_VISIT_RE = re.compile(
    r"\b(?:visit|session|treatment|tx)\s*(?:#|number|no\.?)?\s*:?\s*(?P<n>\d{1,3})\b"
    r"(?:\s*(?:of|/)\s*(?P<m>\d{1,3})(?:\s+(?P<q>authorized|approved|certified))?)?",
    re.IGNORECASE)
_BARE_RE = re.compile(r"\b(?P<n>\d{1,3})\s+(?P<q>authorized|approved|certified|attended|"
                      r"completed)\b(?!\s+(?:\w+\s+)?(?:visits?|sessions?))", re.IGNORECASE)
_REQUEST_RE = re.compile(
    r"\b(?:request\w*|recommend\w*)\s+(?:an?\s+)?(?:additional\s+)?(?P<n>\d{1,3})\s+"
    r"(?:additional\s+|more\s+|further\s+)?(?:visits|sessions|treatments|tx)\b", re.IGNORECASE)
# "6 of 8 authorized visits", "visit 7 of 12", "session #5 of 6"
_OF_RE = re.compile(
    rf"\b(?:{_UNIT}\s*(?:#|number|no\.)?\s*)?(?P<done>{NUMBER})\s+(?:of|out of|/)\s+(?:the\s+)?"
    rf"(?P<total>{NUMBER})\s*(?P<qual>authorized|approved|certified|prescribed|scheduled)?\s*"
    rf"(?:{_MODALITY_WORDS}\s+){{0,2}}(?:{_UNIT})?", re.IGNORECASE)
# "PT x 12", "physical therapy times 6", "2x/week for 4 weeks", "2 times a week x 6 weeks"
_TIMES_RE = re.compile(
    r"\b(?:x|times)\s*(?P<count>\d{1,2})\b(?!\s*(?:weeks?|wks?|months?|/))"
    r"|\b(?P<per>\d)\s*(?:x|times)\s*(?:/|a|per)?\s*(?:week|wk)\s*(?:x|for|times)\s*"
    r"(?P<weeks>\d{1,2})\s*(?:weeks?|wks?)", re.IGNORECASE)

_STATUS_WORDS: list[tuple[str, str]] = [
    (r"authori[sz]ed|approved|certified|allowed", "authorized"),
    (r"request\w*|recommend\w*|prescrib\w*|would like|additional|plan\w*|(?-i:RFA)|"
     r"will\b|to continue|continue with|more|further|refer\w*|order\w*|should", "requested"),
    (r"attended|attending|participated", "attended"),
    (r"complet\w*|had\b|has had|have had|underwent|received|finished|status post|s/p|"
     r"after\b|following|to date|so far|tried|failed|been through|participated|visit|"
     r"undergone|was seen|prior|previous", "completed"),
]


def _status(window: str, default: str = "completed") -> str:
    """The status word nearest the end of `window` (the text before the count) wins."""
    best: tuple[int, str] | None = None
    for pattern, status in _STATUS_WORDS:
        for match in re.finditer(rf"\b(?:{pattern})", window, re.IGNORECASE):
            if best is None or match.end() > best[0]:
                best = (match.end(), status)
    return best[1] if best else default


def _modality_positions(sentence: str) -> list[tuple[int, int, str]]:
    found = []
    for pattern, modality in MODALITIES:
        for match in re.finditer(rf"\b(?:{pattern})\b", sentence, re.IGNORECASE):
            found.append((match.start(), match.end(), modality))
    return found


def _closest_modality(modalities: list[tuple[int, int, str]], start: int, end: int
                      ) -> tuple[int, int, str] | None:
    def distance(item: tuple[int, int, str]) -> int:
        s, e, _ = item
        if s >= end:
            return s - end
        if e <= start:
            return (start - e) + 1  # prefer "9 sessions of PT" over "PT ... 9 sessions"
        return 0
    return min(modalities, key=distance) if modalities else None


def dominant_modality(text: str) -> str | None:
    """The modality a note is mostly about, or None when it names none."""
    counts: dict[str, int] = {}
    for _, _, modality in _modality_positions(text):
        counts[modality] = counts.get(modality, 0) + 1
    return max(counts, key=lambda m: counts[m]) if counts else None


def parse_therapy_sessions(mention: Mention) -> list[Found]:
    sentence = mention.sentence
    modalities = _modality_positions(sentence)
    if mention.meta["modality"] is None:
        # a count without a modality in its sentence: the note's own modality
        modality = mention.hints.get("modality")
        if modality is None or modalities:
            return []
        modalities = [(mention.start, mention.end, modality)]
        mention = Mention(mention.sentence, mention.start, mention.end,
                          {"modality": modality}, mention.section, mention.negated,
                          mention.hypothetical, mention.preceding, mention.hints)
    mine = (mention.start, mention.end)
    results: list[Found] = []
    taken: list[tuple[int, int]] = []

    def belongs(start: int, end: int) -> bool:
        closest = _closest_modality(modalities, start, end)
        return closest is not None and closest[0] < mine[1] and closest[1] > mine[0]

    def add(count: int | None, status: str, start: int, end: int, at_least: bool) -> None:
        if count is None or count <= 0 or count > 200:
            return
        lo, hi = min(start, mention.start), max(end, mention.end)
        results.append(Found({"modality": mention.meta["modality"], "count": count,
                              "status": status, "at_least": at_least}, lo, hi))
        taken.append((start, end))

    for match in _VISIT_RE.finditer(sentence):
        if not belongs(match.start(), match.end()):
            continue
        add(int(match.group("n")), "attended", match.start(), match.end(), False)
        if match.group("m"):
            results.append(Found({"modality": mention.meta["modality"],
                                  "count": int(match.group("m")), "status": "authorized",
                                  "at_least": False}, match.start(), match.end()))
    for match in _BARE_RE.finditer(sentence):
        if any(s <= match.start() < e for s, e in taken) or not belongs(match.start(),
                                                                        match.end()):
            continue
        add(int(match.group("n")), match.group("q").lower().replace("approved", "authorized")
            .replace("certified", "authorized"), match.start(), match.end(), False)
    for match in _REQUEST_RE.finditer(sentence):
        if any(s <= match.start() < e for s, e in taken) or not belongs(match.start(),
                                                                        match.end()):
            continue
        add(int(match.group("n")), "requested", match.start(), match.end(), False)
    for match in _OF_RE.finditer(sentence):
        if any(s <= match.start() < e for s, e in taken):
            continue
        if not belongs(match.start(), match.end()) or not re.search(
                _UNIT, match.group(0) + sentence[match.end():match.end() + 40], re.IGNORECASE):
            continue
        done, total = to_number(match.group("done")), to_number(match.group("total"))
        before = sentence[max(0, match.start() - 60):match.start()]
        add(done, _status(before, "completed"), match.start(), match.end(), False)
        total_status = "authorized" if match.group("qual") and match.group("qual").lower() in (
            "authorized", "approved", "certified") else "requested" if match.group(
            "qual") else "authorized"
        results.append(Found({"modality": mention.meta["modality"], "count": total,
                              "status": total_status, "at_least": False},
                             min(match.start(), mention.start), max(match.end(), mention.end)))
    for match in _COUNT_RE.finditer(sentence):
        if any(s <= match.start() < e for s, e in taken) or not belongs(match.start(),
                                                                        match.end()):
            continue
        before = sentence[max(0, match.start() - 60):match.start()]
        inside = match.group(0)
        status = _status(before + " " + inside, "completed")
        at_least = bool(match.group("plus")) or "at least" in inside.lower() or bool(
            re.search(r"(?:at least|over|more than|in excess of)\s*$", before, re.IGNORECASE))
        add(to_number(match.group("count")), status, match.start(), match.end(), at_least)
    for match in _TIMES_RE.finditer(sentence):
        if any(s <= match.start() < e for s, e in taken) or not belongs(match.start(),
                                                                        match.end()):
            continue
        if match.group("per"):
            count = int(match.group("per")) * int(match.group("weeks"))
            status = "requested"
        else:
            count = int(match.group("count"))
            status = _status(sentence[max(0, mention.start - 60):mention.start], "requested")
        add(count, status, match.start(), match.end(), False)
    return results


_HEP_LEXICON = {phrase: {} for phrase in (
    "home exercise program", "home exercise programme", "home exercises", "home exercise",
    "home program", "home stretching program", "home stretching", "self-directed home",
    "independent exercise program", "home-based exercise", "home based exercise")}
_HEP_TRIGGERS = literal_triggers(_HEP_LEXICON) + regex_triggers(
    [(r"(?-i:\bHEP\b)", {}),
     (r"home\s+(?:\w+\s+)?(?:exercise\s+)?program(?:me)?|exercises\s+at\s+home|"
      r"(?:self-directed|independent)\s+(?:home\s+)?(?:exercise\s+)?program|stretches\s+"
      r"given|at\s+home\s+(?:daily|twice\s+daily|most\s+days)", {})])
_HEP_STATUS: list[tuple[str, str]] = [
    (r"not\s+(?:been\s+)?(?:performing|doing|compliant|following|done|consistent)|"
     r"non-?compliant|stopped\s+(?:doing|performing)|does\s+not\s+(?:do|perform)|isn't\s+doing|"
     r"fails?\s+to\s+(?:do|perform)|poor(?:ly)?\s+complian\w*|compliance\s+(?:is\s+)?poor|"
     r"inconsistent\w*|rarely|has\s+not\s+been\s+(?:doing|performing)|not\s+doing",
     "not_performing"),
    (r"independent(?:ly)?|perform(?:s|ing)|doing|does\s+(?:it|them)|continu\w*|compliant|"
     r"adheren\w*|daily|regularly|times\s+(?:a|per)\s+week|most\s+days", "independent"),
    (r"instruct\w*|re-?instruct\w*|educat\w*|taught|given|review\w*|issued|provided|"
     r"updated|progressed|encourag\w*|advised|reinforc\w*|teach\w*|initiated|start\w*|"
     r"transition\w*|instruction", "instructed"),
]


def parse_home_exercise(mention: Mention) -> list[Found]:
    sentence = mention.sentence
    best: tuple[int, str, int, int] | None = None
    for pattern, status in _HEP_STATUS:
        for match in re.finditer(rf"\b(?:{pattern})\b", sentence, re.IGNORECASE):
            distance = (mention.start - match.end() if match.end() <= mention.start
                        else match.start() - mention.end + 15)
            if distance < 0 or distance > 90:
                continue
            if best is None or distance < best[0]:
                best = (distance, status, match.start(), match.end())
    if best is None:
        return [Found({"status": "independent"}, mention.start, mention.end)]
    _, status, s, e = best
    start, end = min(s, mention.start), max(e, mention.end)
    if status == "not_performing":
        return [Found({"status": status}, start, end, negated=False)]
    return [Found({"status": status}, start, end)]


_IMPROVED = r"(?:improv\w*|increas\w*|better|gains? in|progress\w* (?:in|with))"
_FUNCTION_TABLE: list[tuple[str, dict]] = [
    # present
    (r"functional (?:improvement|gains?|progress|benefit|restoration gains)",
     {"present": True, "domain": "general"}),
    (r"(?:improved|increased|better|improvement (?:in|of)|increase in) (?:his |her |the )?"
     r"(?:ability to (?:perform )?(?:ADLs?|activities of daily living|self[- ]care|"
     r"walk|sit|stand|lift|drive|work|sleep|dress|bathe|climb|carry|do|perform)|"
     r"ADLs?|activities of daily living|daily activities|self[- ]care|"
     r"(?:walking|sitting|standing|activity|exercise) tolerance|tolerance for \w+|"
     r"mobility|ambulation|walking distance|sleep)",
     {"present": True, "domain": "adl"}),
    (r"(?:improved|improving|increased|increasing|better|improvement (?:in|of)|increase in|"
     r"gains? in) (?:his |her |the )?(?:lumbar |cervical |shoulder |knee )?"
     r"(?:range of motion|(?-i:ROM)|strength|grip strength|flexibility|endurance|"
     r"(?:Oswestry|ODI|NDI|disability) (?:index |score )?)",
     {"present": True, "domain": "objective_measure"}),
    (r"(?:Oswestry|(?-i:ODI)|(?-i:NDI)|disability index|(?-i:DASH))(?: score)? "
     r"(?:has )?(?:improved|decreased|dropped|went down) from",
     {"present": True, "domain": "objective_measure"}),
    (r"improved function(?:ing|al status)?|function(?:al status)? (?:has )?improved|"
     r"improvement in function(?:al status|ing)?|improved overall function",
     {"present": True, "domain": "general"}),
    (r"(?:now |again )able to|able to return to|can now",
     {"present": True, "domain": "adl"}),
    (r"returned to (?:work|full duty|regular duty|modified duty|light duty|his job|her job)|"
     r"(?:work )?restrictions (?:were |have been |was |has been )?(?:reduced|lifted|decreased|"
     r"removed|eased|liberalized)|(?:reduced|fewer|decreased|lessened) work restrictions",
     {"present": True, "domain": "work_restrictions"}),
    (r"(?:decreased|reduced|less|lower|diminished|decreasing) (?:need for|use of|reliance on|"
     r"dependence on|intake of)|(?:reduced|decreased|tapered|cut down) (?:his |her )?"
     r"(?:use of |intake of )?(?:pain )?(?:medications?|opioids?|narcotics|analgesics|"
     r"Norco|hydrocodone|pill)|reduction in (?:pain )?(?:medication|opioid)",
     {"present": True, "domain": "reduced_treatment"}),
    (r"progress (?:towards?|toward) (?:his |her |the |treatment |functional )?goals "
     r"(?:was|is|has been|were) (?:good|excellent|fair|steady)|(?:met|achieved) (?:\w+ )?"
     r"(?:of )?(?:his |her |the )?(?:functional |treatment |short[- ]term |long[- ]term )?goals",
     {"present": True, "domain": "general"}),
    # documented as absent
    (r"no (?:significant |objective |documented |measurable |meaningful |sustained |real |"
     r"appreciable |lasting |further |clear )*(?:functional )?(?:improvement|gains?|"
     r"progress|benefit)|without (?:any )?(?:significant |objective |functional |"
     r"documented |measurable )*(?:improvement|gains?|benefit)|"
     r"(?:failed to|did not|does not|has not|have not) (?:show |demonstrate |produce |"
     r"result in |provide |lead to |made? )?(?:any )?(?:significant |objective |"
     r"functional |measurable |documented )*(?:improve\w*|gains?|progress|benefit)",
     {"present": False, "domain": "general"}),
    (r"(?:function(?:al status|ing)?|condition|progress|ADLs?|activity level|"
     r"symptoms) (?:has |have |had )?(?:plateaued|worsened|declined|deteriorated|"
     r"remained unchanged|remains? unchanged|not changed|unchanged)|plateau(?:ed)?",
     {"present": False, "domain": "general"}),
    (r"no (?:change|improvement) in (?:his |her )?(?:function\w*|ADLs?|activities of daily "
     r"living|work status|medication use|restrictions)",
     {"present": False, "domain": "general"}),
]
_DOMAIN_HINTS = [
    (r"\bADLs?\b|activities of daily living|self[- ]care|walk|sit|stand|sleep|dress|bath|"
     r"lift|carry|climb|drive|household|chores|tolerance", "adl"),
    (r"\bwork\b|duty|restriction", "work_restrictions"),
    (r"medication|opioid|narcotic|analgesic|pill|treatment", "reduced_treatment"),
    (r"range of motion|\bROM\b|strength|Oswestry|\bODI\b|\bNDI\b|score|flexibility|grip",
     "objective_measure"),
]


def parse_functional_improvement(mention: Mention) -> list[Found]:
    present = bool(mention.meta["present"])
    domain = mention.meta["domain"]
    if present and mention.negated:  # "denies any improvement in function"
        present = False
    if domain == "general" or not present:
        after = re.split(r",|;|\band\b|\bbut\b", mention.sentence[mention.end:mention.end + 40])[0]
        clause = mention.sentence[max(0, mention.start - 20):mention.end] + after
        for pattern, hinted in _DOMAIN_HINTS:
            if re.search(pattern, clause, re.IGNORECASE):
                domain = hinted
                break
    detail = mention.text.strip()
    return [Found({"present": present, "domain": domain, "detail": detail},
                  mention.start, mention.end, negated=False)]


_ANCHORS = {
    "therapy_sessions": r"therap|physio|(?-i:\bPT\b|\bOT\b|\bCBT\b|\bFRP\b|P\.T\.)|chiro|"
                        r"manipulat|acupunct|counsel|psych|massage|biofeedback|restoration|"
                        r"visit|session|treatment|\btx\b|authori[sz]ed|approved|certified|"
                        r"attended|completed|request|recommend",
    "home_exercise_program": r"(?-i:HEP)|home|self-directed|independent|stretches",
    "functional_improvement": r"improv|increas|better|gain|function|oswestry|(?-i:ODI|NDI|"
                              r"DASH)|disability|\bable\b|now|return|restriction|reduc|"
                              r"decreas|\bless\b|lower|diminish|taper|cut|progress|goal|"
                              r"plateau|worse|declin|deteriorat|unchanged|changed|benefit",
}

SPECS = [
    KindSpec(FactKind.therapy_sessions,
             regex_triggers([*((rf"\b(?:{pattern})\b", {"modality": modality})
                               for pattern, modality in MODALITIES),
                             *((r.pattern, {"modality": None})
                               for r in (_VISIT_RE, _BARE_RE, _REQUEST_RE))]),
             parse_therapy_sessions, anchor=_ANCHORS["therapy_sessions"]),
    KindSpec(FactKind.home_exercise_program, _HEP_TRIGGERS, parse_home_exercise,
             anchor=_ANCHORS["home_exercise_program"]),
    KindSpec(FactKind.functional_improvement,
             regex_triggers((rf"\b(?:{p})", meta) for p, meta in _FUNCTION_TABLE),
             parse_functional_improvement, anchor=_ANCHORS["functional_improvement"]),
]
