"""Predicates that read what the treating records state in words no fact kind holds.

Some criteria turn on statements the extractor has no fact kind for: a worker who drives
herself to appointments, a job description or job offer an FCE would test against, mechanical
locking of a knee. `records_state` reads them from the first-hand page texts (never from a UR
decision or summary, 8 CCR 9792.10.6(b)(2)), quoting the sentence it read; `first_settled`
lets such a statement settle a criterion before the fact-based checks are consulted.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.predicates import evaluate, predicate
from openimr.model import Evidence
from openimr.model.determination import CriterionStatus
from openimr.model.yamltext import load_yaml
from openimr.records.people import PEOPLE, PERSON_WORD, WORKERS
from openimr.records.spans import QUOTE_REACH, quote_bounds

#: Words that deny what follows them in the same clause ("no job description", "denies locking").
#: A clause ends at a full stop, a semicolon or a colon, at a dash set off by spaces ("no
#: allodynia - the pain runs down the whole leg") and before "but" ("no swelling but diffuse
#: tenderness"): what follows is stated, not denied.
_NEGATION = re.compile(r"\b(?:no|not|denies|denied|without|never|negative for|nor|none|rule out|r/o)\b"
                       r"(?:(?!\s[-\u2013\u2014]+\s|\bbut\b)[^.;:])*$", re.IGNORECASE)
#: How far before a match a negation is looked for (characters, within the sentence).
_NEGATION_REACH = 60
#: An unticked checkbox just before a phrase ("[ ] sleep disturbance"): the box is not marked.
_UNTICKED = re.compile(r"\[\s?\]\s*$")


#: A shared word list named inside a pattern ("<<epidural_words>>"): the list's
#: alternatives, one group (review 12, R40).
_WORDS_REF = re.compile(r"<<(\w+)>>")


def _with_word_lists(pattern: str) -> str:
    """The pattern with each `<<name>>` replaced by the shared list of that name."""
    return _WORDS_REF.sub(lambda m: "(?:" + "|".join(statement_sets()[m.group(1)]) + ")", pattern)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # Notes wrap lines anywhere: a space in a pattern matches any run of white space. A phrase
    # starts at the start of a word ("able to drive" is not in "unable to drive").
    # An optional space (" ?") matches any run of white space or none.
    spaced = _with_word_lists(pattern).replace(" ?", r"\s*").replace(" ", r"\s+")
    return re.compile(r"(?<!\w)" + spaced, re.IGNORECASE)


def treating_statements(context: Context, patterns: list[str]) -> list[Evidence]:
    """The sentences of the first-hand records that state one of the patterns, not denied."""
    return _statements(context, patterns)


#: A zero a scan read inside a word for the letter o ("0ccult", "scaph0id", "W0rk"): between
#: letters, or opening a word of lower-case letters. Digits beside digits, and a letter and
#: number code ("L5-S1", "C0", "325mg"), are left as they are.
_OCR_ZERO = re.compile(r"(?<=[A-Za-z])0(?=[a-z])|(?<=[a-z])0(?=[A-Za-z])|(?<![\w.])0(?=[a-z]{2,})")


def ocr_letters(text: str) -> str:
    """The text with the digit zeros a scan put for the letter o read as the letter, character
    for character, so that offsets into it are offsets into the text."""
    return _OCR_ZERO.sub(lambda m: "O" if m.string[m.end():m.end() + 1].isupper() else "o", text)


#: How far before a match its clause is read (characters).
_CLAUSE_REACH = 80
#: Where the clause before a match starts: after a full stop (not a decimal point: "BMI
#: 44.2"), a semicolon, a question or exclamation mark, a line break, or a colon that does not
#: head the match itself (a label right before it is read with it: "Goal: BMI 35",
#: "Precautions: increasing swelling"); with `commas`, after a comma too ("After discussing it
#: with his wife, declines the fusion": the wife heads no clause of the refusal).
_CLAUSE_STOP = re.compile(r"[.;!?\n](?!\d)|:(?!\s*$)")
_CLAUSE_STOP_COMMA = re.compile(r"[.;!?,\n](?!\d)|:(?!\s*$)")


def _clause_before(text: str, start: int, begin: int = 0, reach: int = _CLAUSE_REACH,
                   commas: bool = False) -> str:
    """The words of a match's clause before it: from `begin` (a sentence's start) or the last
    clause stop, at most `reach` characters back. The one reader of a clause before a match:
    for a plan's words, the subject and body part of a statement, and a BMI's goal or past
    words (review 13, finding 16)."""
    before = text[max(begin, start - reach):start]
    ends = list((_CLAUSE_STOP_COMMA if commas else _CLAUSE_STOP).finditer(before))
    return before[ends[-1].end():] if ends else before


#: Where a statement's clause ends after it (for the body parts it names, and the agent of a
#: passive).
_CLAUSE_END_RE = re.compile(r"[.;]|\n\s*\n")


def _clause_after(text: str, end: int) -> str:
    """The clause after a match, to the next full stop or semicolon."""
    stop = _CLAUSE_END_RE.search(text, end)
    return text[end:stop.start() if stop else len(text)]


#: The claims administrator's side, which declines what the worker may not have ("declined by
#: the carrier", a UR "declined the injection request").
_CLAIMS_SIDE = (r"(?:(?-i:UR)|utilization review|carrier|insurer|insurance(?: company)?|adjuster|"
                r"employer|reviewer)")


@cache
def _other_party() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Another person or party than the worker as the subject of a statement's clause, heading
    it ("his wife refused surgery for her own shoulder", "Daughter drives to appointments",
    "In 2019 her husband fell again"), with no word for the worker after it ("per his wife,
    he declined surgery" is the worker's; "his home health aide" heads it); not a person the
    worker spoke with or of ("Discussed with wife and declines surgery", "the options with
    his wife", "helping his son move furniture"). And the agent of a passive right after it
    ("declined by the carrier"). The people are `records.people`'s, the one list of them
    (review 13, findings 4, 8 and 13)."""
    party = rf"(?:{PERSON_WORD}|\b{_CLAIMS_SIDE}\b)"
    subject = re.compile(
        r"^\W*(?:(?:and|but|then|also|now|today|recently|since then|later|in \d{4}|"
        r"on [\d/-]+)\W+)?"
        # the worker's report of it: "Pt states her daughter fell", "he reports that his wife"
        rf"(?:{_WORKER}\s+(?:{_REPORTS})\s+(?:that\s+)?)?"
        rf"(?:(?:{WORKERS}|the|a)\s+"
        r"(?:(?!(?:with|to|from|for|per|and|of|by|about)\b)[\w-]+\s+){0,2}?)?"
        rf"{party}(?![^.;:]*\b(?:he|she|patient|pt|worker|claimant|applicant|employee)\b)"
        r"[^.;:]*$", re.IGNORECASE)
    agent = re.compile(rf"^[^.;:]{{0,25}}?\bby (?:the |his |her |a |an )?{party}", re.IGNORECASE)
    return subject, agent


#: The worker as a clause's subject, and the verbs by which a note passes on what the worker
#: told ("Pt states", "he reports that").
_WORKER = r"(?:pt|patient|he|she|worker|claimant|applicant|employee)"
_REPORTS = (r"states?|stated|reports?|reported|says|said|notes|noted|relates|related|mentions|"
            r"mentioned|indicates|indicated|explains|explained|tells\s+(?:me|us)|told\s+(?:me|us)")
#: A person's description set off by commas inside the clause ("His son, age 12, fell",
#: "His wife, who had two operations, declined"): read past it to the clause's head.
_ASIDE = re.compile(r",\s*(?:who|whom|whose|which|aged?\s+\d+|\d+\s*(?:y/?o|years?\s+old|"
                    r"-year-old)?)\b[^,.;]*,", re.IGNORECASE)


def subject_clause(text: str, start: int, begin: int) -> str:
    """The words before a match that may hold its subject: the clause after the last comma
    ("After discussing it with his wife, declines the fusion" has the worker's), once the
    asides that describe a person are left out (review 14, finding 2)."""
    whole = _ASIDE.sub(" ", _clause_before(text, start, begin, QUOTE_REACH))
    return _clause_before(whole, len(whole), 0, QUOTE_REACH, commas=True)


def told_of_the_worker(before: str, after: str) -> bool:
    """A statement of the worker: not told of another person or party as its subject ("his
    wife refused surgery") or agent ("declined by the carrier")."""
    subject, agent = _other_party()
    return not (subject.search(before) or agent.search(after))


def told_of_the_part(context: Context, clause: str) -> bool:
    """A statement about the request's body part: its clause names no body part, or one of the
    request's region ("declined carpal tunnel surgery" says nothing of the shoulder)."""
    from openimr.guidelines.itemparse.anatomy import body_parts, same_region

    wanted = context.request.body_part
    parts = body_parts(clause.lower()) if wanted else set()
    return not parts or any(same_region(part, wanted) for part in parts)


def _statements(context: Context, patterns: list[str],
                unless_before: list[str] | None = None, worker_only: bool = False,
                same_part: bool = False) -> list[Evidence]:
    """The sentences of the treating records that state one of the patterns, in record order.
    A match that a negation earlier in the same clause denies does not count, nor one whose
    clause says before it one of `unless_before` (a plan's condition: "call if there is new
    swelling"; another person: "her daughter fell again"); with `worker_only`, nor one told of
    another person (`told_of_the_worker`); with `same_part`, nor one of another body part, by
    its clause or its sentence (`told_of_the_part`)."""
    found: list[Evidence] = []
    guards = [_compiled(p) for p in unless_before or []]
    order = {name: index for index, name in enumerate(context.documents)}
    for (document, page), text in sorted(context.page_texts.items(),
                                         key=lambda kv: (order.get(kv[0][0], len(order)), kv[0][1])):
        if document in context.second_hand or not text:
            continue
        read = ocr_letters(text)
        for pattern in patterns:
            for match in _compiled(pattern).finditer(read):
                begin, stop = quote_bounds(text, match.start(), match.end())
                before = text[max(begin, match.start() - _NEGATION_REACH):match.start()]
                box = text[max(0, match.start() - 6):match.start()]
                if _NEGATION.search(before) or _UNTICKED.search(box):
                    continue
                if guards and any(g.search(_clause_before(read, match.start())) for g in guards):
                    continue
                if worker_only and not told_of_the_worker(
                        subject_clause(text, match.start(), begin),
                        _clause_after(text, match.end())):
                    continue
                if same_part and not told_of_the_part(context, _clause_before(
                        text, match.start(), begin, QUOTE_REACH)
                        + text[match.start():match.end()] + _clause_after(text, match.end())):
                    continue
                if same_part and not told_of_the_part(context, text[begin:stop]):
                    continue
                quote = " ".join(text[begin:stop].split())
                found.append(Evidence(document=document, page=page, start=begin, end=stop,
                                      quote=quote))
    return found


#: The statement lists several topics share, by name (`data/statements.yaml`).
STATEMENTS_FILE = Path(__file__).resolve().parent.parent / "data" / "statements.yaml"


@cache
def statement_sets() -> dict[str, tuple[str, ...]]:
    """The shared statement lists by name (`data/statements.yaml`): one list for every
    criterion that reads the same statement (review 11, R2 and R6), and `people`, the words
    for a person other than the worker (`records.people`, the one list of them, for
    `<<people>>` inside a pattern: review 13, finding 13)."""
    data = load_yaml(STATEMENTS_FILE.read_text(encoding="utf-8"))
    return {**{name: tuple(patterns) for name, patterns in data.items()}, "people": PEOPLE}


def statement_set(names: list[str] | None) -> list[str]:
    """The patterns of the named shared lists, in order; an unknown name fails."""
    sets = statement_sets()
    unknown = [name for name in names or [] if name not in sets]
    if unknown:
        raise ValueError(f"unknown statement set(s) {unknown} (data/statements.yaml)")
    return [pattern for name in names or [] for pattern in sets[name]]


@predicate("records_state")
def records_state(context: Context, description: str, met_patterns: list[str] | None = None,
                  not_met_patterns: list[str] | None = None,
                  unstated_met: str | None = None,
                  unstated_not_met: str | None = None,
                  met_sets: list[str] | None = None,
                  not_met_sets: list[str] | None = None,
                  met_unless_sets: list[str] | None = None,
                  worker_only: bool = False, same_part: bool = False,
                  contrary: str | None = None) -> Outcome:
    """The treating records state the criterion met (a `met_patterns` phrase) or not met (a
    `not_met_patterns` phrase); a phrase that a negation earlier in its clause denies does not
    count ("if not improving"). When both are stated, the later record decides; a tie is not
    met. When neither is stated the criterion is unknown, unless `unstated_met` names what was
    searched for and not found (a criterion that only a statement can refute: "symptoms that
    are not improving" is met when every record was searched and none says they improve), or
    `unstated_not_met` names what a complete history would state if it were so (a prior spinal
    surgery). `met_sets` and `not_met_sets` name shared lists of `data/statements.yaml`, read
    after the criterion's own patterns. `met_unless_sets` name shared lists of words that,
    said earlier in a met phrase's clause, take it back (a plan's condition, another person:
    review 12, R2). With `worker_only`, only statements of the worker count (not a relative's,
    not the carrier's: R10, R17, R18); with `same_part`, only those about the request's body
    part: a clause or a sentence that names body parts, none of them the request's (or of its
    region), states nothing of it ("Lumbar MRI: severe degenerative disc disease" beside a
    knee's films, "declined carpal tunnel surgery" for a shoulder: R1, R17). `contrary`: what
    a not-met statement shows, said positively ("a degenerative tear"), for a `description`
    worded as a negation, which "do not bear out" would make a double negative."""
    scope = {"worker_only": worker_only, "same_part": same_part}
    met = _statements(context, [*(met_patterns or []), *statement_set(met_sets)],
                      unless_before=statement_set(met_unless_sets), **scope)
    not_met = _statements(context, [*(not_met_patterns or []), *statement_set(not_met_sets)],
                          **scope)
    if not met and not not_met:
        if unstated_met and context.page_texts and context.fully_searched:
            return Outcome.met(context.none_documents(f"states {unstated_met}"))
        if unstated_not_met and context.page_texts and context.fully_searched:
            return Outcome.not_met(context.none_documents(f"states {unstated_not_met}"))
        return Outcome.unknown(context.none_documents(f"states {description}"), description)
    return _later_decides(context, description, met, not_met, contrary)


def _later_decides(context: Context, description: str, met: list[Evidence],
                   not_met: list[Evidence], contrary: str | None = None) -> Outcome:
    """Statements both ways, or one way: the later record decides; a tie is not met."""
    order = {name: index for index, name in enumerate(context.documents)}
    last_met = max((order.get(e.document, -1) for e in met), default=-2)
    last_not = max((order.get(e.document, -1) for e in not_met), default=-2)
    # Notes that state both ways: the later decides, and a physician is told of the other.
    if last_met > last_not:
        return Outcome(CriterionStatus.met,
                       f'The records state {description}: "{_short(met[-1].quote)}".',
                       tuple(met[-2:]), conflicting=tuple(not_met[-1:]))
    said = (f"The records state {contrary}" if contrary else
            f"The records do not bear out {description}")
    return Outcome(CriterionStatus.not_met, f'{said}: "{_short(not_met[-1].quote)}".',
                   tuple(not_met[-2:]), conflicting=tuple(met[-1:]))


#: A body mass index stated ("BMI 38.2", "body mass index of 41", "BMI today: 45.8"), its
#: figure in `bmi`: not one the figure's own words make a goal ("BMI 35 or less before
#: surgery", "BMI 35 as the goal"). A goal or past BMI named before it is `_bmi_now`'s. The
#: one reader of a stated BMI for every criterion that weighs it (review 11, R3).
BMI_STATED = (
    r"(?:BMI|body mass index)(?: today| now| currently)?(?: is| of|:|=)? "
    r"(?P<bmi>\d\d(?:\.\d+)?)(?!\d)(?!\s*(?:or (?:less|lower|below|under)|(?:is |as )?"
    r"(?:the |a |his |her )?(?:goal|target)|(?:before|prior to) (?:the |any |his |her )?"
    r"(?:surgery|arthroplasty|operation|replacement|THA|TKA)))")


#: A goal ("goal BMI 35", "Goal: BMI 35", "counseled to aim for a BMI of 35", "needs a BMI
#: under 40", "lose weight to a BMI of 35", "Goal weight 220 lbs (BMI 36)") or a past BMI
#: ("down from BMI 44 in 2018", "previously BMI 44", "initial BMI 44"; "pre-op BMI of 44" in
#: a note written after the operation) named right before a BMI: the word bound to the figure, with only articles, weights and the
#: words of the index between (review 12, R8). Not a verb of the clause ("unable to lose
#: weight with a BMI of 44", "worse from his weight gain with a BMI of 42": review 13,
#: findings 6 and 15). Losing weight is a goal only toward a figure ("losing weight to a BMI
#: of 35", not "Currently losing weight: BMI 41.2"), and "was"/"were" make a BMI past only
#: bound to it ("was BMI 44"), not across a weight ("Weight was 250 lbs (BMI 41.2) today"):
#: review 14, finding 11. "Last BMI" is left out: a note's last BMI is its latest one.
#: `_BMI_BINDING`: the words that may stand between such a word and the figure it is bound to.
_BMI_BINDING = (r"(?:[\s(:=]+(?:a|an|the|his|her|their|of|for|to|be|have|get|weight|body|mass|"
                r"index|\d+(?:\.\d+)?|lbs?|pounds?|kg)\b)*")
_BMI_GOAL = re.compile(
    r"(?:\b(?:goals?|aim\w*|target\w*|toward|towards|get(?:ting)? (?:to|under|below|down to)|"
    r"reduc\w*|reach\w*|achiev\w*|los(?:e|ing)(?: (?:weight|\d+ ?(?:lbs?|pounds?|kg)))? "
    r"(?:to|under|below|down to)|needs?|must|should|ideal|desired|under|below|less than)\b|<)"
    + _BMI_BINDING + r"[\s(:=]*$", re.IGNORECASE)
_BMI_PAST = re.compile(
    r"(?:\b(?:from|previous(?:ly)?|formerly|prior|baseline|initial(?:ly)?|original|starting|"
    r"old)\b" + _BMI_BINDING + r"|\b(?:was|were)(?:[\s(:=]+(?:a|an|the|his|her|their|at))*)"
    r"[\s(:=]*$", re.IGNORECASE)
#: "Pre-op BMI 44": the figure before an operation, which in a note asking for the operation
#: is today's; past only in a note written after one (review 15, finding 4).
_BMI_PRE_OP = re.compile(r"\bpre-?op(?:erative)?\b" + _BMI_BINDING + r"[\s(:=]*$",
                         re.IGNORECASE)
_OPERATED = re.compile(r"\b(?:post-?op(?:erative(?:ly)?)?|s/p|status[\s-]post|underwent|"
                       r"POD\s*#?\s*\d)\b", re.IGNORECASE)


def _bmi_when(text: str, start: int) -> str:
    """Whether the BMI stated at `start` is the worker's "now", a "past" one or a "goal": by
    a goal or past word bound to it in its clause (at most 60 characters back)."""
    before = _clause_before(text, start, reach=60, commas=True)
    if _BMI_GOAL.search(before):
        return "goal"
    if _BMI_PAST.search(before) or (_BMI_PRE_OP.search(before) and _OPERATED.search(text)):
        return "past"
    return "now"


def _bmi_now(text: str, start: int) -> bool:
    """The BMI stated at `start` is the worker's now (`_bmi_when`)."""
    return _bmi_when(text, start) == "now"


def _bmis_stated(context: Context) -> list[tuple[Evidence, float, bool]]:
    """Each sentence of the treating records that states a BMI (`BMI_STATED`), with each
    figure it states and whether it is the worker's now (a past one is kept: it still tells
    a BMI was weighed; a goal is none), in record order."""
    pattern = _compiled(BMI_STATED)
    found: list[tuple[Evidence, float, bool]] = []
    seen: set[tuple[str, int, int]] = set()
    for evidence in _statements(context, [BMI_STATED]):
        key = (evidence.document, evidence.page, evidence.start)
        if key in seen:
            continue
        seen.add(key)
        text = ocr_letters(context.page_texts.get((evidence.document, evidence.page)) or "")
        found += [(evidence, float(m.group("bmi")), when == "now")
                  for m in pattern.finditer(text, evidence.start, evidence.end)
                  for when in [_bmi_when(text, m.start())] if when != "goal"]
    return found


@predicate("bmi_below")
def bmi_below(context: Context, limit: float, description: str) -> Outcome:
    """The body mass index the treating records state is under `limit`: the latest record that
    states one decides (a tie is not met); unknown when none states one."""
    stated = [(e, bmi) for e, bmi, now in _bmis_stated(context) if now]
    if not stated:
        # (a past figure alone does not tell the BMI now)
        return Outcome.unknown(context.none_documents(f"states {description}"), description)
    return _later_decides(context, description, [e for e, bmi in stated if bmi < limit],
                          [e for e, bmi in stated if bmi >= limit])


@predicate("bmi_stated")
def bmi_stated(context: Context, description: str) -> Outcome:
    """The treating records state a body mass index (`BMI_STATED`), now or past (a BMI judged
    past still makes the criterion apply, and `bmi_below` then says unknown rather than the
    criterion vanishing); unknown when none does."""
    stated = _bmis_stated(context)
    if stated:
        return Outcome(CriterionStatus.met,
                       f'The records state {description}: "{_short(stated[-1][0].quote)}".',
                       tuple(e for e, _bmi, _now in stated[-2:]))
    return Outcome.unknown(context.none_documents(f"states {description}"), description)


def _short(quote: str, limit: int = 160) -> str:
    return quote if len(quote) <= limit else quote[:limit].rsplit(" ", 1)[0] + " ..."


@predicate("first_settled")
def first_settled(context: Context, checks: list[dict]) -> Outcome:
    """The first check, in order, that is met or not met decides; unknown when none settles it.
    A plain statement in the records ("she drives herself") is put before the checks of facts
    it overrides."""
    unknown: list[Outcome] = []
    for check in checks:
        outcome = evaluate(check["predicate"], context, check.get("args", {}))
        if outcome.status is not CriterionStatus.unknown:
            return outcome
        unknown.append(outcome)
    return Outcome(CriterionStatus.unknown, " ".join(o.explanation for o in unknown),
                   tuple(e for o in unknown for e in o.evidence),
                   tuple(m for o in unknown for m in o.missing),
                   absence=all(o.absence for o in unknown))


@predicate("request_says")
def request_says(context: Context, patterns: list[str], description: str,
                 negate: bool = False) -> Outcome:
    """The words of the disputed item say it (a gate: "Replacement of the stimulator's pulse
    generator" is not a new implant). `negate` turns it around."""
    says = any(_compiled(p).search(context.request.text or "") for p in patterns)
    if says != negate:
        return Outcome.met(f"The request is {description}." if not negate
                           else f"The request is not {description}.")
    return Outcome.not_met(f"The request is not {description}." if not negate
                           else f"The request is {description}.")


@predicate("requesting_specialty")
def requesting_specialty(context: Context, patterns: list[str], description: str) -> Outcome:
    """The requesting provider's specialty, as the application gives it, is one the patterns
    name (a pain medicine physician prescribing is the pain-management involvement a dose
    threshold asks for). Not met when the application names no specialty: the involvement is
    then not shown (a gate on an exception, never a question left open)."""
    specialty = (context.case.requesting_provider.specialty or "").strip()
    if not specialty:
        return Outcome.not_met("The application does not give the requesting provider's "
                               "specialty.")
    if any(_compiled(p).search(specialty) for p in patterns):
        return Outcome.met(f"The requesting provider is {description} ({specialty}).")
    return Outcome.not_met(f"The requesting provider ({specialty}) is not {description}.")
