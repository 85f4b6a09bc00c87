"""Pain told as a change, and a score told of a time off the drug.

A note often gives pain before and after a treatment as one change rather than two scores:
"Pain 8 -> 4 with medication", "knee pain 7 -> 3/10", "the pain drops from about a 6 to a 3",
"Pain 3/10 (was 7)" (the `pain_score` reader reads no score without "/10", or only the second
one). `pain_changes` gives each decrease with the score before and after and the words that
tell it; which treatment it answers the decision engine judges (with and without the drug
requested, an injection's relief).

A current score in a clause about a time off the drug ("when he missed doses the burning
returned to 7/10", "during a two-week lapse") is a score without it: `told_off_drug`, set
on the `pain_score` fact as `off_drug` in `linking.prepare`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from openimr.records.column_tables import PAIN_LABEL_RE, cell_spans
from openimr.records.kinds.base import SCORE_WORDS
from openimr.records.pain_words import OFF_DRUG_QUALIFIER, QUALIFIER, WITH_DRUG, WITHOUT_DRUG
from openimr.records.spans import clause_around

#: A score told of a time off the drug ("when he missed doses the burning returned to 7/10").
#: ("without medication" is left to the score reader, which reads it with the score it
#: qualifies.)
#: ("misses doses", "skipped a dose" as well as "missed doses")
_OFF_DRUG = re.compile(r"\b(?:(?:miss|skipp?)(?:es|ed|ing|s)?\s+(?:a\s+|his\s+|her\s+)?doses?|"
                       r"ran\s+out|runs?\s+out|"
                       r"off\s+(?:the\s+|his\s+|her\s+)?(?:medications?|meds|drug)|"
                       # "during a two-week lapse when the pharmacy would not fill it"
                       r"lapse|(?:would|could|did)\s+not\s+(?:be\s+)?fill|(?:wouldn't|couldn't|"
                       r"didn't)\s+fill|without\s+(?:it|them)\s+for)\b",
                       re.IGNORECASE)


#: "Pain 8 -> 4 with medication", "knee pain 7 -> 3/10": a score before and after, written as
#: a change (the reader reads no score without "/10", or only the second one).
#: Spoken forms too: "the pain drops from about a 6 to a 3".
_ABOUT = r"(?:(?:about|around|approximately|roughly|maybe)\s+)?(?:an?\s+)?"
#: A verb of falling said between the two scores ("pain 6/10 falling to 3/10", "VAS 7
#: dropping to 4", "8/10, easing to 5 within the hour").
_FALLING = (r"(?:falling|fell|dropping|dropped|decreasing|decreased|going|went|coming|came|"
            r"improving|improved|easing|eased|reducing|reduced|settling|settled)\s+(?:down\s+)?")
_PAIN_CHANGE = re.compile(
    rf"(?:\b(?:pain|burning|aching|ache|symptoms)\b|(?-i:\b(?:VAS|NRS|NPRS)\b))[^.\n;]{{0,30}}?(?<![\d/.-]){_ABOUT}(?P<before>\d{{1,2}}(?:\.\d)?)\s*(?:/\s*10)?\s*,?\s*"
    rf"(?:->|→|=>|(?:{_FALLING})?\bto\b)\s*{_ABOUT}(?P<after>\d{{1,2}}(?:\.\d)?)(?:\s*-\s*(?P<high>\d{{1,2}}))?"
    r"\s*(?:/\s*10)?(?![\d/%])",
    re.IGNORECASE)
#: Pain written by the region that hurts, the scores right after it: "leg 7->4", "back 8 to 5/10"
#: (the region's word next to its numbers, so "back to work 8 -> 4 h" is no score).
_REGION_PAIN_CHANGE = re.compile(
    rf"\b(?:leg|legs|arm|back|neck|knee|shoulder|hip|foot|feet|hand|wrist|ankle|elbow|thigh|"
    rf"buttock)\s*:?\s*{_ABOUT}(?P<before>\d{{1,2}}(?:\.\d)?)\s*(?:/\s*10)?\s*(?:->|\u2192|=>)\s*"
    rf"{_ABOUT}(?P<after>\d{{1,2}}(?:\.\d)?)(?:\s*-\s*(?P<high>\d{{1,2}}))?\s*(?:/\s*10)?(?![\d/%])",
    re.IGNORECASE)
#: A score of 10, in digits or in words ("Pain two out of ten, down from seven").
_SCORE = r"(?:\d{1,2}(?:\.\d)?|" + "|".join(SCORE_WORDS) + r")\b"
_OF_TEN = r"(?:\s*(?:/|out\s+of)\s*(?:10|ten\b))?"
#: The scale said after a score that must have it ("3/10", "three out of ten").
_OUT_OF_TEN = r"(?:\s*/\s*10|\s+out\s+of\s+(?:10|ten\b))"


#: A word for the pain a score rates ("burning 5/10 (was 8/10)", "aching now 3"): the
#: neuropathic and musculoskeletal words are scored as the pain is.
_PAIN_WORD = r"\b(?:pain|burning|aching|ache|soreness)\b"


def _score_value(text: str) -> float:
    return float(SCORE_WORDS.get(text.lower(), text))


#: A word for the pain a score rates, or the scale's name ("VAS 7"), and what may stand
#: between it and the score.
_SCORED = r"(?:\b(?:pain|burning|aching|ache)\b|(?-i:\b(?:VAS|NRS|NPRS)\b))\s*:?[^.\n;\d]{0,15}?"


#: What a number of a change may not be followed by: it counts something else ("from 5 to 3
#: a day", "from 4 to 2 tablets").
_NOT_A_SCORE = (r"(?!\s*(?:%|a\s+day|per|times|x\b|tablets?|tabs?|pills?|doses?|mg|hours?|hrs?|"
                r"days?|weeks?|months?|visits?|sessions?|blocks?|miles?|minutes?))")
#: What "with" and "without" name when they tell the drug: "it", "them", "the medication".
_THE_DRUG = (r"(?:it|them|(?:the\s+|his\s+|her\s+|their\s+)?(?:medications?|meds|medicines?|"
             r"pills?|tablets?))\b")
#: The same change, told other ways:
_PAIN_CHANGE_TOLD = (
    # "his back goes from about 7 to 3 within the hour": a change from one number to another,
    # said with a verb of change, of whatever hurts.
    re.compile(rf"\b(?:goes|went|drops?|dropped|comes?\s+down|came\s+down|falls?|fell|"
               rf"decreases?|decreased|improves?|improved|gets?|got|is\s+down|was\s+down|"
               rf"(?<=pain\s)down)\s+"
               # "goes from about 8 down to 3-4": "down" before "to", a range after it
               rf"from\s+{_ABOUT}(?P<before>{_SCORE}){_OF_TEN}\s+(?:down\s+)?to\s+{_ABOUT}"
               rf"(?P<after>{_SCORE})(?:\s*-\s*(?P<high>\d{{1,2}}))?{_OF_TEN}(?![\d/])"
               + _NOT_A_SCORE, re.IGNORECASE),
    # "Pain 5/10 from 8/10", "pain now 3/10, down from 7/10", "Pain 3/10 (was 7)": the score
    # now, then the earlier one.
    re.compile(rf"{_PAIN_WORD}[^.\n;]{{0,20}}?(?<![\d/.-])(?P<after>{_SCORE}){_OUT_OF_TEN},?\s+"
               # "2/10 most days (from 7/10)", "3/10 on average, from 7/10"
               rf"(?:(?:most|all|of|the|days?|time|usually|now|on|average)\s+){{0,3}}"
               rf"(?:\(\s*)?(?:(?:down\s+|improved\s+|decreased\s+)?from|was|previously)\s+"
               rf"{_ABOUT}(?P<before>{_SCORE}){_OF_TEN}(?![\d/])" + _NOT_A_SCORE, re.IGNORECASE),
    # "Pain 4/10 (7 before)", "pain 3/10 (baseline 8)", "pain 2/10 (8/10 at intake)": the
    # score now, then in brackets the earlier one with a word that places it before.
    re.compile(rf"{_PAIN_WORD}[^.\n;]{{0,20}}?(?<![\d/.-])(?P<after>{_SCORE}){_OUT_OF_TEN},?\s*\(\s*"
               rf"(?:(?:(?:at\s+)?baseline|initially|pre-?\w+|at\s+intake|before)\s*:?\s*{_ABOUT}"
               rf"(?P<before_a>{_SCORE}){_OF_TEN}"
               rf"|{_ABOUT}(?P<before>{_SCORE}){_OF_TEN}\s+(?:before|prior|previously|initially|"
               rf"(?:at\s+)?baseline|at\s+(?:intake|the\s+start)|pre-?\w+))\s*\)", re.IGNORECASE),
    # "VAS before 6 after 3", "pain pre-treatment 7, post-treatment 4": a log's score before
    # and after a use or a session.
    re.compile(rf"{_SCORED}\b(?:before|pre)(?:[- ]?(?:treatment|tx|use|session))?\s*:?\s*{_ABOUT}"
               rf"(?P<before>{_SCORE}){_OF_TEN}\s*[,;/]?\s*(?:and\s+)?(?:after|post)(?:[- ]?"
               rf"(?:treatment|tx|use|session))?\s*:?\s*{_ABOUT}(?P<after>{_SCORE}){_OF_TEN}"
               rf"(?![\d/])" + _NOT_A_SCORE, re.IGNORECASE),
    # "Leg pain was 8/10, now 2-3/10": the earlier score, then the one now.
    re.compile(rf"{_PAIN_WORD}[^.\n;]{{0,20}}?\b(?:was|had\s+been|used\s+to\s+be)\s+{_ABOUT}"
               rf"(?P<before>{_SCORE}){_OUT_OF_TEN}\s*[,;]?\s+(?:and\s+|but\s+)?(?:is\s+)?now\s+"
               rf"{_ABOUT}(?P<after>{_SCORE})(?:\s*-\s*(?P<high>\d{{1,2}}))?{_OF_TEN}(?![\d/])"
               + _NOT_A_SCORE, re.IGNORECASE),
    # "pain is an 8 out of 10 before she takes her hydrocodone and comes down to about a 4":
    # the score before a dose, then the one it comes down to.
    re.compile(rf"\b(?:pain|back|neck|knee|shoulder|leg|arm|hip)\b[^.\n;]{{0,30}}?{_ABOUT}"
               rf"(?P<before>{_SCORE}){_OF_TEN}\s+before\s+"
               rf"[^.;\d]{{0,50}}?\b(?:takes?|taking|uses?|using|dose|medications?|meds)\b"
               rf"[^.;\d]{{0,40}}?\b(?:down|drops?|dropped|falls?|fell|decreases?|eases?)\s+"
               rf"(?:to\s+)?{_ABOUT}(?P<after>{_SCORE}){_OF_TEN}(?![\d/])" + _NOT_A_SCORE,
               re.IGNORECASE),
    # "rates the pain around 7 when it wears off and about 4 an hour after a tablet".
    re.compile(rf"\bpain\b[^.\n;]{{0,20}}?{_ABOUT}(?P<before>{_SCORE}){_OF_TEN}\s+"
               rf"(?:when|once|as|after)\s+(?:it|they|the\s+\w+|\w+)\s+wears?\s+off"
               rf"[^.;\d]{{0,20}}?(?:and|but|,)\s+{_ABOUT}(?P<after>{_SCORE}){_OF_TEN}"
               rf"(?![\d/])" + _NOT_A_SCORE, re.IGNORECASE),
    # "which takes her knee from 8/10 down to 4/10": a change from one score of ten to a lower
    # one, whatever verb and object come before it (the scale said makes the numbers pain).
    re.compile(rf"\bfrom\s+{_ABOUT}(?P<before>{_SCORE}){_OF_TEN}\s+(?:down\s+)?to\s+{_ABOUT}"
               rf"(?P<after>{_SCORE}){_OUT_OF_TEN}(?![\d/])", re.IGNORECASE),
    # "without them he is an 8, with them a 4": the score without the drug, then with it (and
    # the other way round), the drug being what "it" or "the medication" names.
    re.compile(rf"\bwithout\s+{_THE_DRUG}[^.;\d]{{0,25}}?\b{_ABOUT}(?P<before>{_SCORE}){_OF_TEN}"
               rf"(?![\d/])" + _NOT_A_SCORE + rf"\s*[,;]?\s*(?:and\s+|but\s+|while\s+)?"
               rf"with\s+{_THE_DRUG}[^.;\d]{{0,25}}?\b{_ABOUT}(?P<after>{_SCORE}){_OF_TEN}"
               rf"(?![\d/])" + _NOT_A_SCORE, re.IGNORECASE),
    re.compile(rf"\bwith\s+{_THE_DRUG}[^.;\d]{{0,25}}?\b{_ABOUT}(?P<after>{_SCORE}){_OF_TEN}"
               rf"(?![\d/])" + _NOT_A_SCORE + rf"\s*[,;]?\s*(?:and\s+|but\s+|while\s+)?"
               rf"without\s+{_THE_DRUG}[^.;\d]{{0,25}}?\b{_ABOUT}(?P<before>{_SCORE}){_OF_TEN}"
               rf"(?![\d/])" + _NOT_A_SCORE, re.IGNORECASE),
)

#: A score told without the drug and one told with it, by the shorthand after each ("VAS 8
#: without, 4 with meds", "pain 7 w/o, 3 w/ medication"), in either order.
_PAIR_SEP = r"\s*[,;/]?\s*(?:and\s+|but\s+|vs\.?\s+)?"
#: "Pain: current 5, least 3, average 5, worst 8 w/o meds": the scores a line lists by their
#: qualifiers, one told without the medication (its average or worst, not its least); the
#: current one is the score with it. The shorthand's words are `pain_words`' (review 12, R42).
_QUALIFIED = rf"{QUALIFIER}\s*:?\s*{_SCORE}{_OF_TEN}"
_PAIN_WITHOUT_WITH = (
    re.compile(rf"{_SCORED}(?<![\d/.-])(?P<before>{_SCORE}){_OF_TEN}\s*{WITHOUT_DRUG}{_PAIR_SEP}"
               rf"(?P<after>{_SCORE}){_OF_TEN}\s*{WITH_DRUG}", re.IGNORECASE),
    re.compile(rf"{_SCORED}(?<![\d/.-])(?P<after>{_SCORE}){_OF_TEN}\s*{WITH_DRUG}{_PAIR_SEP}"
               rf"(?P<before>{_SCORE}){_OF_TEN}\s*{WITHOUT_DRUG}", re.IGNORECASE),
    # "4/10 with medication; without it back up to 8", "3/10 on meds, but without them 7/10":
    # the score with the drug, then the words of a time without it before the other score
    re.compile(rf"{_SCORED}(?<![\d/.-])(?P<after>{_SCORE}){_OF_TEN}\s*{WITH_DRUG}\s*[,;]?\s*"
               rf"(?:and\s+|but\s+|while\s+)?without\s+{_THE_DRUG}[^.;\d]{{0,25}}?\b{_ABOUT}"
               rf"(?P<before>{_SCORE}){_OF_TEN}(?![\d/])" + _NOT_A_SCORE, re.IGNORECASE),
    re.compile(rf"\bpain\s*:?\s*(?:{_QUALIFIED}\s*,\s*)*?(?:current(?:ly)?|now)\s*:?\s*"
               rf"(?P<after>{_SCORE}){_OF_TEN}\s*,\s*(?:{_QUALIFIED}\s*,\s*)*?{OFF_DRUG_QUALIFIER}\s*:?\s*"
               rf"(?P<before>{_SCORE}){_OF_TEN}\s+{WITHOUT_DRUG}", re.IGNORECASE),
    re.compile(rf"\bpain\s*:?\s*(?:{_QUALIFIED}\s*,\s*)*?{OFF_DRUG_QUALIFIER}\s*:?\s*"
               rf"(?P<before>{_SCORE}){_OF_TEN}\s+{WITHOUT_DRUG}\s*,\s*(?:{_QUALIFIED}\s*,\s*)*?"
               rf"(?:current(?:ly)?|now)\s*:?\s*(?P<after>{_SCORE}){_OF_TEN}(?![\d/])",
               re.IGNORECASE),
)

#: A table's cell that is a change alone ("7 -> 4").
_CELL_CHANGE = re.compile(r"(?P<before>\d{1,2}(?:\.\d)?)\s*(?:/\s*10)?\s*(?:->|\u2192|=>)\s*"
                          r"(?P<after>\d{1,2}(?:\.\d)?)(?:\s*-\s*(?P<high>\d{1,2}))?\s*(?:/\s*10)?")


def _table_cell_changes(text: str) -> Iterator[re.Match[str]]:
    """A change of pain written as a table's cell ("Date | Rx | Avg pain | ..." over
    "10/30 | Norco 5 bid | 7 -> 4 | ..."): a cell that is a change alone, under a column whose
    heading (the first line of the block of bordered lines) names the pain; a change in
    another column (tablets a day, visits) is no score."""
    heading: list[str] | None = None
    at = 0
    for line in text.split("\n"):
        end = at + len(line)
        row = cell_spans(text, at, end, tabs=True)
        if len(row) < 3:  # a line of fewer than two borders ends the table
            heading = None
        elif heading is None:
            heading = [text[a:b] for a, b in row]
        else:
            for column, (a, b) in enumerate(row):
                change = _CELL_CHANGE.fullmatch(text, a, b) if a < b else None
                if change and column < len(heading) and PAIN_LABEL_RE.search(heading[column]):
                    yield change
        at = end + 1


#: Where a score's own words end: the next comma, "and" or "but" ("8/10 on the days he ran
#: out, and 4/10 on his usual regimen").
_OWN_WORDS_END = re.compile(r"[,;.]|\band\b|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
#: A score's own words telling it of a time on the drug ("4/10 on his usual regimen", "with it").
_ON_DRUG = re.compile(r"\s*(?:(?:on|with)\s+(?:it|them|(?:(?:the|his|her|their)\s+)?(?:usual|"
                      r"current|regular|present|prescribed)\s+(?:regimen|medications?|meds|"
                      r"dose|doses)|(?:(?:the|his|her|their)\s+)?(?:medications?|meds))|"
                      # the time after a dose: "3-4/10 about 40 minutes after a dose", "2/10
                      # an hour after taking it", "5/10 post-dose"
                      r"(?:(?:about|approximately|roughly|~)\s*)?(?:(?:\d{1,3}|an?|one|two)\s*"
                      r"(?:minutes?|mins?|hours?|hrs?|h)\s+)?(?:after|following|post)[-\s]\s*"
                      r"(?:(?:a|the|each|his|her|taking|taking\s+(?:a|the|his|her))\s+)?"
                      r"(?:dose|doses|dosing|it|them|pill|tablet|medications?|meds)|"
                      r"post-?dose)\b", re.IGNORECASE)


def told_off_drug(text: str, start: int, end: int) -> bool:
    """The clause of the span (a score) tells of a time off the drug: off-drug words after
    the score that another number follows tell that number ("4/10 on it, and when he runs
    out it goes to 8" tells the 8 of a time off the drug, not the 4), unless they stand in
    the score's own words ("8/10 on the days he ran out, and 4/10 on his usual regimen" tells
    the 8 off the drug and the 4 on it)."""
    own = _OWN_WORDS_END.split(text[end:end + 80])[0]
    if _ON_DRUG.match(own):
        return False
    if _OFF_DRUG.search(own):
        return True
    clause = clause_around(text, start, end)
    offset = text.find(clause, max(0, start - len(clause)))
    number = re.compile(r"\d|\b(?:" + "|".join(SCORE_WORDS) + r")\b", re.IGNORECASE)
    for match in _OFF_DRUG.finditer(clause):
        # "6/10 on naproxen, 8 or 9 when I run out": another number between the score and
        # the words tells the time off the drug, not the score
        between = clause[end - offset:match.start()] if offset >= 0 else ""
        if offset >= 0 and offset + match.start() >= end and number.search(between):
            continue
        if offset < 0 or offset + match.start() < end \
                or not number.search(clause[match.end():]):
            return True
    return _rose_after_lapse(text, start, end)


#: A score told as the pain rising to it: "pain went to 8/10", "climbed up to 7", "back up to".
_ROSE_TO = re.compile(r"\b(?:went|go(?:es)?|rose|rises|climbed|jumped|shot|spiked|increased|"
                      r"flared|got)\s+(?:back\s+)?(?:up\s+)?to\s+(?:about\s+|around\s+|~\s*)?$",
                      re.IGNORECASE)
#: The drug taken again, which makes a score of the same sentence one on it.
_RESUMED = re.compile(r"\b(?:back\s+on|restart\w*|resum\w*|once\s+(?:he|she|I)\s+(?:got|had)|"
                      r"after\s+(?:the\s+)?refill|refilled)\b", re.IGNORECASE)


def _rose_after_lapse(text: str, start: int, end: int) -> bool:
    """A score told as the pain rising to it, in the sentence right after one that tells a time
    off the drug ("Ran out of naproxen for ten days. Knee pain went to 8/10 ..."): the score of
    that time. A sentence that tells the drug taken again ("back on it since the 28th, back
    down to 5/10") is of the time on it."""
    sentence_start = max(text.rfind(".", 0, start), text.rfind("\n\n", 0, start)) + 1
    if not _ROSE_TO.search(text[max(sentence_start, start - 40):start]):
        return False
    sentence_end = text.find(".", end)
    if _RESUMED.search(text[sentence_start:sentence_end if sentence_end >= 0 else len(text)]):
        return False
    before = text.rfind(".", 0, max(0, sentence_start - 1)) + 1
    return bool(_OFF_DRUG.search(text[before:sentence_start]))


def pain_changes(text: str) -> Iterator[tuple[re.Match[str], float, float]]:
    """Each decrease of pain written as a change in the text, with the score before and the
    score after ("3-4/10" is read as its middle)."""
    matches = [m for pattern in (_PAIN_CHANGE, _REGION_PAIN_CHANGE, *_PAIN_CHANGE_TOLD,
                                 *_PAIN_WITHOUT_WITH)
               for m in pattern.finditer(text)] + list(_table_cell_changes(text))
    seen: set[tuple[int, float, float]] = set()
    for match in sorted(matches, key=lambda m: m.start()):
        before = _score_value(match.group("before") or match.groupdict().get("before_a"))
        after = _score_value(match.group("after"))
        if match.groupdict().get("high"):
            after = (after + float(match.group("high"))) / 2
        if 0 <= after < before <= 10 and (match.start(), before, after) not in seen:
            seen.add((match.start(), before, after))  # one change read by two of the forms
            yield match, before, after
