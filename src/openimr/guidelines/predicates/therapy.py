"""Predicates for courses of visits: physical medicine, and any therapy counted in visits."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from openimr.guidelines.context import Context, Outcome, evidence_of
from openimr.guidelines.diagnoses import groups_of
from openimr.guidelines.itemparse.anatomy import body_part, body_parts, same_region
from openimr.guidelines.predicates import predicate
from openimr.guidelines.predicates.trends import (
    activity_tolerance_improved,
    document_dates,
    first_hand_pages,
    instrument_improvement,
    work_restrictions_reduced,
)
from openimr.model import Fact, FactKind
from openimr.model.determination import CriterionStatus
from openimr.records.kinds.base import AMOUNT_UNITS

PRIOR_STATUSES = ("completed", "attended", "authorized")
STATUTORY_CAP_FROM = dt.date(2004, 1, 1)


def _words(context: Context, modalities: list[str]) -> str:
    """The therapy named as the request names it (e.g. 'physical therapy')."""
    category = context.request.category
    return (category if category in modalities else modalities[0]).replace("_", " ")


def prior_visits(context: Context, modalities: list[str], same_condition: bool = False,
                 whole_injury: bool = False) -> tuple[int | None, list[Fact], bool]:
    """Visits already completed or authorized: (count or None when unknown, evidence, at_least).

    Later notes usually restate a running total, so the largest documented count is taken.
    A documented absence ("no prior physical therapy") counts as zero. With `same_condition`,
    a course the records give for another condition (`other_condition_courses`) is not one the
    request continues: when it is the only course documented, none was had for this one.
    With `whole_injury`, an earlier episode's course a lapse of a year closed still counts
    (the statutory cap is per injury, not per course).
    """
    facts = context.facts_of(FactKind.therapy_sessions, modality=modalities, status=PRIOR_STATUSES)
    requested = context.facts_of(FactKind.therapy_sessions, modality=modalities,
                                 status="requested")
    # A count read inside the plan's request ("trial 2x/wk x 3 wks (6 visits)") is the request.
    facts = [f for f in facts if not any(_overlap(f, r) for r in requested)]
    counted = [f for f in facts if isinstance(f.value.get("count"), int)]
    counted = [f for f in counted if not _authorized_unused(context, f, counted)]
    lapse = None if whole_injury else _course_lapsed(context, counted)
    if lapse is not None:
        return 0, [lapse], False
    if same_condition and counted:
        other = other_condition_courses(context, counted)
        counted = [f for f in counted if f not in other]
        if other and not counted:
            return 0, other[:1], False
    if counted:
        top = max(counted, key=lambda f: f.value["count"])
        return top.value["count"], [top], bool(top.value.get("at_least"))
    none_had = context.facts_of(FactKind.therapy_sessions, asserted=False, modality=modalities)
    if none_had:
        return 0, none_had[:1], False
    # With no count documented, a plan that calls the request a first course ("trial of spinal
    # manipulation 6 visits", "initial 4 sessions of CBT") says none was had.
    first = [f for f in requested if _FIRST_COURSE.search(context.sentence_of(f))
             and not asks_for_more(context.sentence_of(f))]
    if first:
        return 0, first[:1], False
    # A modality no treating record names outside the plan that requests it was never had:
    # a first course is decidable (issue 12 §1), and the absence is stated as searched.
    if not _more_requested(context, requested) and not _mentioned_outside_plan(context,
                                                                               modalities):
        return 0, [], False
    return None, [], False


#: Visits approved but never to be had: the authorization ran out, the visits went unused
#: ("3 expired unused", "authorization lapsed", "remaining visits expired 05/31").
_LAPSED_RE = re.compile(r"\b(?:expired|lapsed|unused|went\s+unused|not\s+used|ran\s+out)\b",
                        re.IGNORECASE)


def _authorized_unused(context: Context, fact: Fact, counted: list[Fact]) -> bool:
    """An authorized count that a note of the same visit sets beside fewer visits attended,
    saying the rest lapsed unused: the course had is the visits attended, not those approved
    (visits authorized stand for the course only when nothing says they were not had)."""
    if fact.value.get("status") != "authorized":
        return False
    document, page = fact.evidence.document, fact.evidence.page
    had = [f for f in counted if f.evidence.document == document
           and f.value.get("status") in ("attended", "completed")
           and f.value["count"] < fact.value["count"]]
    return bool(had) and bool(_LAPSED_RE.search(context.page_texts.get((document, page)) or ""))


#: A later note's word that the therapy stopped long ago ("No PT since 2016", "no therapy in
#: over two years", "last PT 03/2015"): the year or the years it names. A "no" denies the
#: therapy itself (its name, or therapy, treatment, care, visits, sessions), not a result of
#: it ("no lasting improvement over 2 years" tells no lapse; session "fix-review-a", review
#: 11 §4).
_LAPSE_RE = re.compile(
    r"\b(?:(?:no\s+|not\s+had\s+(?:any\s+)?)(?:[\w-]+\s+){0,2}?(?:PT|OT|therap\w*|treatments?|"
    r"care|visits?|sessions?|rehab\w*|chiro\w*|acupuncture|massage|manipulation|CBT|psycho\w*|"
    r"counsel\w*)|none|last)\b"
    r"[^.;]{0,30}?\b(?:since|in|for|>|over)\s+"
    r"(?:(?:about|over|more\s+than|the\s+(?:past|last))\s+)*(?:(?:(?P<month>\d{1,2})/(?:\d{1,2}/)?)?(?P<year>(?:19|20)\d{2})\b|"
    r"(?P<years>\d|two|three|four|five|several)\s+(?:years|yrs)\b)|"
    r"\blast\s+(?:\w+\s+){0,3}?(?:in\s+)?(?:(?P<lmonth>\d{1,2})/(?:\d{1,2}/)?)?(?P<last>(?:19|20)\d{2})\b",
    re.IGNORECASE)
_YEARS = {"two": 2, "three": 3, "four": 4, "five": 5, "several": 3}


def _lapse_months(match: re.Match[str], on: dt.date) -> int:
    """The months from the last therapy a lapse names to the note's date: from its month when
    the note gives one ("No PT since 12/2023" in a 03/2024 note: 3 months), from the end of
    the year when it names a year alone ("since 2016" in a 03/2018 note: 15 months), twelve to
    a year counted ("no therapy in over two years"; session "fix-risks")."""
    year = match.group("year") or match.group("last")
    if year is None:
        counted = match.group("years") or ""
        return 12 * (_YEARS.get(counted.lower()) or int(counted or 0))
    month = match.group("month") or match.group("lmonth")
    month_of = int(month) if month and 1 <= int(month) <= 12 else 12
    return (on.year - int(year)) * 12 + on.month - month_of


def _course_lapsed(context: Context, counted: list[Fact]) -> Fact | None:
    """A later treating note says the therapy has not been had for a year or more ("No PT
    since 2016" in a 2018 note of a new flare): the visits counted before it were an earlier
    episode's course, and the request starts a new one, not an extension of it (CPMTG pp.
    98-99: the visit numbers are per course; general guideline knowledge, verified: false)."""
    for fact in counted:
        if fact.date is None:
            continue
        if fact.value.get("count"):
            # the course's own sentence goes on to the lapse ("PT 2017 x12, helped; none
            # since 2017"), no other therapy named between
            if _lapse_after_course(context, fact):
                return fact
            continue
        match = _LAPSE_RE.search(context.sentence_of(fact))
        if match is None:
            continue
        before = [f for f in counted if f.value.get("count") and f.date and f.date < fact.date]
        if _lapse_months(match, fact.date) >= 12 and before:
            return fact
    return None


def _lapse_after_course(context: Context, fact: Fact) -> bool:
    """The sentence of a counted course goes on to say no therapy was had for a year or more
    since, of that course and no other one the sentence names between."""
    from openimr.records.kinds.history import treatment_mentions

    sentence = context.sentence_of(fact)
    at = sentence.find(fact.evidence.quote)
    if at < 0:
        return False
    after = sentence[at + len(fact.evidence.quote):]
    match = _LAPSE_RE.search(after)
    if match is None or treatment_mentions(after[:match.start()]):
        return False
    return _lapse_months(match, fact.date) >= 12


#: What a sentence ties a course to: "(hand therapy 2021 for the fracture)", "PT for his left
#: knee in 2019", "12 visits of PT post-op".
_COURSE_FOR = re.compile(
    r"\b(?:for|after|following)\s+(?:the\s+|his\s+|her\s+|their\s+|a\s+|an\s+)?"
    r"(?P<what>(?:(?:right|left|r|l|bilateral)\s+)?[a-z][\w/-]*(?:\s+[a-z][\w/-]*){0,2})",
    re.IGNORECASE)
#: Conditions a course is given for that are not a later complex regional pain syndrome.
_CONDITION = re.compile(r"\b(?:fractures?|fx|surgery|surgical|post-?op\w*|orif|cast\w*|sprains?|"
                        r"strains?|tears?|repair|dislocation|contusion|laceration|tendin\w+|"
                        r"bursitis|arthroscop\w*)\b", re.IGNORECASE)
#: Body parts whose courses are the same course: a limb and its regions, the joints beside each
#: other, the spine's middle with either end (reading of our own, not a guideline's).
def other_condition_courses(context: Context, facts: list[Fact]) -> list[Fact]:
    """The courses among `facts` that the records give for another condition than the one the
    request treats: a course of another body part ("8 PT visits for the left knee" before a
    request for the shoulder), or one given before a complex regional pain syndrome for what
    preceded it ("6 visits of hand therapy for the fracture"): the CPMTG gives CRPS a course of
    its own (24 visits over 16 weeks, p. 99), so therapy for the fracture or the operation it
    followed is not a course of it (issue 12 §1, first course; our reading, not the guideline's
    words). A course whose sentence names no other condition is the same course."""
    request_part = context.request.body_part
    crps = "crps" in groups_of(_diagnoses(context))
    other = []
    for fact in facts:
        sentence = context.clause_of(fact)
        named = [m.group("what") for m in _COURSE_FOR.finditer(sentence)]
        part = fact.value.get("body_part") or next(
            (p for p in (body_part(w.lower()) for w in named) if p), None)
        if request_part and part and not same_region(request_part, part):
            other.append(fact)
        elif labelled_other_part(context, fact):
            other.append(fact)
        elif _other_side_only(context.request.side, sentence):
            other.append(fact)
        elif crps and any(_CONDITION.search(w) for w in named) and not any(
                groups_of([(None, w)]) == ["crps"] for w in named):
            other.append(fact)
        elif _earlier_episode(context, sentence) or _closed_before_flare(context, fact):
            other.append(fact)
        elif _other_part_before_injury(context, sentence):
            other.append(fact)
    return other


def _other_part_before_injury(context: Context, sentence: str) -> bool:
    """The course's clause dates it to years before the year of this injury and names only
    other body parts than the request's ("2011 neck strain, prior employer, treated with 12 PT
    visits" before a request for the low back after a 2018 injury): a course of an earlier
    condition, not of this one (the visit numbers are per condition, CPMTG pp. 98-99; our
    reading, not the guideline's words). A clause naming the request's own region, or no
    year, is not read so."""
    injury = context.case.claim.date_of_injury
    request_part = context.request.body_part
    years = [int(y) for y in _YEAR.findall(sentence)]
    if injury is None or not request_part or not years or max(years) >= injury.year:
        return False
    parts = body_parts(sentence.lower())
    return bool(parts) and not any(same_region(request_part, part) for part in parts)


#: A label opening a note's line with the body part the line speaks of ("L knee:", "Right
#: shoulder -", "LUMBAR SPINE:"): a note covering two parts gives each its own line.
_LINE_LABEL = re.compile(r"[ \t]*(?P<what>(?:(?:right|left|r|l|rt|lt|bilateral|bilat)\.?\s+)?"
                         r"[a-z]+(?:[ \t]+[a-z]+)?)[ \t]*(?::|\s-\s|\s[-\u2013]{2}\s)",
                         re.IGNORECASE)


def labelled_other_part(context: Context, fact: Fact) -> bool:
    """The fact stands on a line that a label opens naming another body part than the one the
    request treats ("L knee: ... improving with PT" beside a request for the shoulder), or
    the other side of it: a gain told of the knee is not one of the shoulder."""
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page))
    request_part = context.request.body_part
    if not text or not request_part:
        return False
    line_start = text.rfind("\n", 0, evidence.start) + 1
    label = _LINE_LABEL.match(text, line_start, evidence.start)
    if label is None:
        return False
    part = body_part(label.group("what").lower())
    if part is None:
        return False
    return (not same_region(request_part, part)
            or (part == request_part and _other_side_only(context.request.side,
                                                         label.group("what"))))


#: The words of a side: "left", "lt", a capital "L" standing alone ("12 OT visits R wrist").
_SIDE = {"left": re.compile(r"\b(?:left|lt\.?|(?-i:L))(?![\w-])", re.IGNORECASE),
         "right": re.compile(r"\b(?:right|rt\.?|(?-i:R))(?![\w-])", re.IGNORECASE)}


def _other_side_only(side: str | None, sentence: str) -> bool:
    """The course's clause names only the side the request is not for: therapy of the right
    wrist is not a course of the left one (a course per condition, CPMTG pp. 98-99)."""
    if side not in _SIDE:
        return False
    other = "left" if side == "right" else "right"
    return bool(_SIDE[other].search(sentence)) and not _SIDE[side].search(sentence)


#: A new episode of the condition: a flare, an exacerbation, a new injury or aggravation.
#: (a worker who has "regressed" or "relapsed" since, or whose pain "recurred", has lost what
#: the course gave: a new episode as much as a flare is)
_NEW_EPISODE = re.compile(r"\b(?:flare[- ]?ups?|flared|flare|exacerbat\w*|re-?injur\w*|"
                          r"new\s+injury|aggravat\w*|regress(?:ed|ion)|relaps\w*|recurr\w*|"
                          # pain back after a time without it: "recurrent LBP since 11/2014",
                          # "the pain returned when lifting", "symptoms recurred"
                          r"(?:pain|symptoms?)\s+(?:has\s+|have\s+)?(?:returned|came\s+back))\b",
                          re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _earlier_episode(context: Context, sentence: str) -> bool:
    """The course's sentence dates it to a year more than a full year before the request, and a
    treating note tells of a new episode since (a flare, an exacerbation, an aggravation): that
    course ended an episode, and the request begins a new one ("did well after PT 2022 (12
    visits)", then a flare in 2024). Our reading of the guideline's courses per episode, not its
    words (CPMTG pp. 98-99; flare-ups, general guideline knowledge)."""
    when = context.request.start_date or context.as_of
    years = [int(y) for y in _YEAR.findall(sentence)]
    # A course the sentence says ended the episode ("12 visits in 2020 with good result, back
    # to full duty") is over by the next calendar year; otherwise a full year must lie between
    # (session "decide-dev20").
    gap = 1 if _EPISODE_ENDED.search(sentence) else 2
    if when is None or not years or when.year - max(years) < gap:
        return False
    return any(_NEW_EPISODE.search(text) for _, _, text in first_hand_pages(context))


#: A course's own record telling that it was closed: the worker discharged from it to a
#: self-directed program ("Discharged to independent home program"). A return to work alone
#: does not close the course: more visits after it are judged on the latest function.
_DISCHARGED = re.compile(r"\bdischarg\w*\b[^.;]{0,40}\b(?:independent|self-?directed|home\s+"
                         r"(?:exercise\s+)?program(?:me)?|(?-i:HEP))\b", re.IGNORECASE)
#: How long after a closed course a flare must come to begin an episode of its own.
_NEW_EPISODE_AFTER = dt.timedelta(weeks=8)


def _closed_before_flare(context: Context, fact: Fact) -> bool:
    """The course's own record closes it (the worker discharged to a home program) and a
    treating note dated at least eight weeks after that record tells of a
    flare or a new injury: the request treats the new episode, and the closed course is not
    one it extends (CPMTG pp. 98-99, a course per episode; our reading, general guideline
    knowledge of flare-ups). A note closer to the discharge is the same episode."""
    dates = document_dates(context)
    closed = dates.get(fact.evidence.document)
    text = context.page_texts.get((fact.evidence.document, fact.evidence.page)) or ""
    if closed is None or not _DISCHARGED.search(text):
        return False
    return any(_NEW_EPISODE.search(later) for document, _, later in first_hand_pages(context)
               if document != fact.evidence.document and (when := dates.get(document))
               and when - closed >= _NEW_EPISODE_AFTER)


#: A course told as having ended its episode: a good result, a return to full duty.
_EPISODE_ENDED = re.compile(r"\b(?:(?:good|excellent|great|full)\s+(?:result|response|recovery|"
                            r"relief)|(?:back|returned|return)\s+to\s+(?:full|regular|usual)\s+"
                            r"(?:duty|work|activities)|symptoms\s+resolved)\b", re.IGNORECASE)


def _more_requested(context: Context, requested: list[Fact]) -> bool:
    """The item or the plan asks for more of a course ("6 more visits to continue")."""
    return any(m in _ADDITIONAL for m in context.request.modifiers or ()) or any(
        asks_for_more(text) for text in [context.request.text or "",
                                        *(context.sentence_of(f) for f in requested)])


_SENTENCE_END = re.compile(r"\.\s|\n\s*\n|;")
#: A sentence that asks for care rather than reports it.
_REQUESTING = re.compile(r"\b(?:plan|request\w*|recommend\w*|refer\w*|order\w*|authori[sz]\w*|"
                         r"RFA|(?:would|may|might|could)\s+benefit|goals?|will|to\s+start|initial|trial|"
                         # care weighed, not had: "no options besides FRP", "consider FRP"
                         r"options?|consider\w*|candida\w+|"
                         # a course still to come: "Awaiting aquatic therapy", "PT pending"
                         r"await\w*|pending|waiting\s+(?:for|on)|not\s+yet\s+(?:started|begun)|"
                         # future care set out by an evaluator: "future medical care: access to
                         # a functional restoration program"
                         r"future\s+(?:medical\s+)?(?:care|treatment))\b",
                         re.IGNORECASE)
#: Care advised or seconded, not had, bound to the modality it names ("he should attend a
#: functional restoration program", "aquatic therapy should be considered", "I concur with
#: the FRP"): only that phrase is no history. A bare "should" or "agreed" says nothing of the
#: course beside it ("had PT last year and should continue his home exercises"), and the
#: Agreed Medical Evaluator is a role, not an agreement (review 14, finding 1).
_ADVISED = (r"\bshould\s+(?:(?:also|still|now|then|first)\s+)?(?:include|attend|undergo|have|"
            r"get|receive|try|start|begin|continue|resume|do|participate|be\s+(?:referred|sent|"
            r"enrolled|considered|offered|provided|given|authori[sz]ed))\b[^.;]{{0,40}}?"
            r"\b(?:{named})\b|"
            r"\b(?:{named})\b\s+(?:\w+\s+){{0,2}}?should\s+"
            r"(?:be\s+\w+|continue|start|begin|help|include)\b|"
            r"\b(?:agree|concur)\w*\s+(?:with|that|to)\s+(?:[\w-]+\s+){{0,6}}?\b(?:{named})\b")


def _mentioned_outside_plan(context: Context, modalities: list[str]) -> bool:
    """Whether a treating record names the modality in a sentence that is not a request for it
    (a history of it, a response to it): then how many visits were had is a question."""
    from openimr.records.kinds.therapy import MODALITIES, never_had_cue

    patterns = [p for p, modality in MODALITIES if modality in modalities]
    clinical = context.case.diagnoses or any(
        not f.second_hand and f.evidence.document not in context.second_hand
        for f in context.facts)
    if not patterns or not first_hand_pages(context) or not clinical:
        # nothing to search by, no text, or records that document nothing clinical at all:
        # silence there says nothing of a course, and the count stays unknown
        return True
    named = re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)
    # "FRP multidisciplinary evaluation", "aquatic therapy consult": the evaluation for a
    # course, which asks whether to start it, is no history of it.
    evaluation = re.compile(r"\b(?:" + "|".join(patterns) + r")\b\s*[-:]?\s*(?:(?:multi|inter)"
                            r"disciplinary\s+)?(?:evaluation|eval|assessment|consult\w*|"
                            r"screening|intake)\b", re.IGNORECASE)
    advised = re.compile(_ADVISED.format(named="|".join(patterns)), re.IGNORECASE)
    for _, _, text in first_hand_pages(context):
        for sentence in _SENTENCE_END.split(text):
            told = advised.sub(" ", evaluation.sub(" ", sentence))
            # "There has been no chiropractic treatment on this claim": a course denied
            # answers the question of visits had (none), it does not raise it
            had = [m for m in named.finditer(told)
                   if never_had_cue(told, m.start(), m.end()) is None]
            if had and not _REQUESTING.search(sentence):
                return True
    return False


#: Words of a plan that starts a course, and of one that continues it.
_FIRST_COURSE = re.compile(r"\b(?:initial|trial of|begin|start(?:ing)?|first course|new referral)\b",
                           re.IGNORECASE)
_MORE = re.compile(r"\b(?:additional|more|further|another|continue[sd]?|extension|extend|resume|"
                   r"again|repeat)\b", re.IGNORECASE)
#: Words of "more" that ask for nothing more now: a reassessment "before any further sessions",
#: a plan to "continue independently" (the home program that follows the course).
_NOT_MORE = re.compile(r"\b(?:before|prior\s+to|until)\s+(?:any\s+)?(?:further|more|additional)\b|"
                       r"\bcontinue[sd]?\s+(?:independently|on\s+(?:his|her|their)\s+own|"
                       r"at\s+home|with\s+(?:a|the|an\s+independent)\s+home)\b|"
                       # the home program carried on beside the course: "with continued home
                       # core work", "and continued HEP"
                       r"\bcontinu(?:ed|ing)\s+(?:(?:his|her|their|the|a|an)\s+)?(?:independent\s+)?"
                       r"(?:home|(?-i:HEP))\b", re.IGNORECASE)


def asks_for_more(text: str) -> bool:
    """The text asks for more of a course already given."""
    return bool(_MORE.search(_NOT_MORE.sub(" ", text)))


def _overlap(fact: Fact, other: Fact) -> bool:
    a, b = fact.evidence, other.evidence
    return (a.document, a.page) == (b.document, b.page) and a.start < b.end and b.start < a.end


#: A therapy that is the guideline's alternative to others, for a worker who cannot tolerate
#: them: aquatic therapy where reduced weight bearing is desirable, as an alternative to
#: land-based therapy (CPMTG Aquatic therapy p. 22; general guideline knowledge, not in
#: mtus-facts).
_ALTERNATIVE_TO = {"aquatic_therapy": ("physical_therapy", "occupational_therapy")}


def course_modalities(context: Context, modalities: list[str]) -> list[str]:
    """The modalities whose visits make the course the request continues: a land-based course
    the worker could not tolerate was not a course of its alternative, so its visits neither
    use up the aquatic visits nor make the aquatic request an extension. (The statutory cap
    still counts every visit: LC 4604.5(c)(1) counts visits, not courses.)"""
    replaced = _ALTERNATIVE_TO.get(context.request.category or "", ())
    if not replaced or context.request.category not in modalities:
        return modalities
    untolerated = context.facts_of(FactKind.treatment_trial, treatment=list(replaced),
                                   outcome="not_tolerated")
    # "Land PT 6 visits stopped - knee effusions and pain flare with weight-bearing exercise":
    # a course the note says was stopped for what it did to the worker.
    untolerated += [f for f in context.facts_of(FactKind.therapy_sessions, modality=list(replaced))
                    if _STOPPED_UNTOLERATED.search(context.sentence_of(f))]
    return [m for m in modalities if m not in replaced] if untolerated else modalities


#: A course stopped because the worker could not bear it: stopped or discontinued for pain, a
#: flare, swelling or weight bearing, or said not tolerated.
_STOPPED_UNTOLERATED = re.compile(
    r"\b(?:not\s+tolerated|(?:could\s+not|couldn't|unable\s+to|did\s+not)\s+tolerate|"
    r"intoleran\w*)\b|\b(?:stopped|discontinued|d/c'?d|ended|aborted)\b[^.;]{0,80}?"
    r"\b(?:pain|flare\w*|effusions?|swelling|weight[- ]bearing)\b|"
    # "knees swelled after each session", "pain flared with every visit": each session
    # made it worse
    r"(?<!less\s)(?<!reduced\s)(?<!decreased\s)(?<!minimal\s)(?<!no\s)"
    r"\b(?:swell\w*|swollen|effusions?|flare[sd]?|flaring|worse\w*|aggravat\w*|"
    r"increased\s+pain|pain\s+increased)\b[^.;]{0,30}?\b(?:after|with|following|from)\s+"
    r"(?:each|every|all|the)\s+(?:sessions?|visits?|treatments?|class\w*)\b", re.IGNORECASE)


@predicate("prior_visits_at_least")
def prior_visits_at_least(context: Context, modalities: list[str], count: int = 1) -> Outcome:
    modalities = course_modalities(context, modalities)
    done, evidence, _ = prior_visits(context, modalities, same_condition=True)
    what = f"prior {_words(context, modalities)} visits"
    if done is None:
        return Outcome.unknown(f"The number of {what} is not documented.", f"the number of {what}")
    if done >= count:
        return Outcome.met(f"{done} {what} are documented.", evidence)
    other = _for_other(context, evidence)
    return Outcome.not_met(f"{done} {what} are documented" + (
        f" for the condition requested: {other}" if other else "") + ".", evidence)


def _for_other(context: Context, evidence: list[Fact]) -> str:
    """Words saying that the course the evidence quotes was given for another condition."""
    if evidence and other_condition_courses(context, evidence):
        return (f"the course the records give (\"{evidence[0].evidence.quote}\") was for "
                "another condition")
    return ""


@predicate("course_extended")
def course_extended(context: Context, modalities: list[str], count: int = 1) -> Outcome:
    """A gate: the request extends a course already given (at least `count` visits had). An
    unknown count is not an extension: a criterion for extensions never applies just because
    the prior count is unknown."""
    outcome = prior_visits_at_least(context, modalities, count)
    if outcome.status is CriterionStatus.unknown:
        return Outcome.not_met(f"{outcome.explanation.rstrip('.')}, so the request is not read "
                               "as an extension.")
    return outcome


def _diagnoses(context: Context) -> list[tuple[str | None, str | None]]:
    """The case file's diagnoses and those the records state, as (code, text)."""
    return [(d.code, d.description) for d in context.case.diagnoses] + [
        (f.value.get("code"), f.value.get("text")) for f in context.facts_of(FactKind.diagnosis)]


def _visit_limit(context: Context, limit_parameter: str) -> tuple[int, str]:
    limits: dict[str, int] = context.param(limit_parameter)
    groups = [g for g in groups_of(_diagnoses(context)) if g in limits]
    if groups:
        group = max(groups, key=lambda g: limits[g])
        return limits[group], group.replace("_", "/")
    return limits["default"], "the documented diagnoses"


@predicate("course_within_visit_limit")
def course_within_visit_limit(context: Context, modalities: list[str], limit_parameter: str,
                              beyond_with_gains: bool = False) -> Outcome:
    """Visits already had plus visits requested stay within the guideline's number.

    With `beyond_with_gains`, a course that goes past the number (the request alone within it)
    is still supported when the records document objective functional improvement and a reason
    the gains cannot yet be carried on at home: the number is where a home program should take
    over, and IMR overturns past it on documented gains and a deficit (mtus-facts §3.1, steps
    3 and 5)."""
    outcome = _course_within_visit_limit(context, modalities, limit_parameter)
    if not beyond_with_gains or outcome.status is not CriterionStatus.not_met \
            or (context.request.quantity or 0) > _visit_limit(context, limit_parameter)[0]:
        return outcome
    gains, still_needed = functional_improvement_documented(context), supervised_care_still_needed(context)
    if gains.status is CriterionStatus.met and still_needed.status is CriterionStatus.met:
        return Outcome(CriterionStatus.met,
                       f"{outcome.explanation.rstrip('.')}; but the records document objective "
                       "functional improvement and a worker not yet able to carry the gains on "
                       "alone, which support supervised visits past that number.",
                       outcome.evidence + gains.evidence + still_needed.evidence)
    return outcome


def _course_within_visit_limit(context: Context, modalities: list[str],
                               limit_parameter: str) -> Outcome:
    limit, basis = _visit_limit(context, limit_parameter)
    requested = context.request.quantity
    what = _words(context, modalities)
    if requested is None:
        return Outcome.unknown(
            f"The request does not state how many {what} visits are asked for.",
            "the number of visits requested")
    if requested > limit:
        return Outcome.not_met(
            f"The request alone, {requested} visits, exceeds the {limit} visits the guideline "
            f"supports for {basis}.")
    done, evidence, at_least = prior_visits(context, course_modalities(context, modalities),
                                            same_condition=True)
    asked_with = requested_with(context)
    if asked_with:
        # "Massage x 6" and "additional 6 sessions after reassessment" in one dispute: the
        # additional block comes on top of the first, whatever was had before.
        done = (done or 0) + asked_with
        basis += f" (the {asked_with} visits asked for first in the same dispute are counted)"
    if done is None:
        return Outcome.unknown(
            context.none_documents(f"states how many {what} visits have already been completed")
            + f" It cannot be established that {requested} more visits stay within the {limit} "
            f"visits supported for {basis}.",
            f"the number of {what} visits already completed")
    total = done + requested
    plus = " or more" if at_least else ""
    had = "visits completed or asked for first" if asked_with else "visits completed"
    if done == 0 and not evidence and not asked_with:
        basis += " (" + context.none_documents(f"mentions {what} already had").rstrip(".") + ")"
    elif done == 0 and not asked_with:
        other = _for_other(context, evidence)
        shown = evidence[0]
        lapsed = (bool(shown.value.get("count")) and shown.value.get("status") != "requested"
                  and not shown.negated) or bool(_LAPSE_RE.search(context.sentence_of(shown)))
        basis += (f" (no visits yet for the condition requested: {other})" if other else
                  " (none in this episode: the records say the earlier course ended a year or "
                  f"more before, \"{evidence[0].evidence.quote}\")" if lapsed else
                  " (no visits yet for the condition requested)")
    if total > limit:
        return Outcome.not_met(
            f"{done}{plus} {had} plus {requested} requested make {total}, more than the "
            f"{limit} visits the guideline supports for {basis}.", evidence)
    return Outcome.met(
        f"{done}{plus} {had} plus {requested} requested make {total}, within the "
        f"{limit} visits supported for {basis}.", evidence)


_ADDITIONAL = ("additional", "extension", "repeat")


def requested_with(context: Context) -> int:
    """Visits of the same category that an earlier item of the same dispute asks for, when this
    request is an additional block (0 otherwise)."""
    from openimr.guidelines.items import parse_item

    request = context.request
    if not any(m in _ADDITIONAL for m in request.modifiers or ()):
        return 0
    total = 0
    for item in context.case.disputed_items:
        if item.description == request.text:
            break  # only the blocks asked for before this one
        other = parse_item(item.description, as_of=context.as_of)
        if (other.category == request.category and other.quantity
                and not any(m in _ADDITIONAL for m in other.modifiers or ())):
            total += int(other.quantity)
    return total


@predicate("within_statutory_visit_cap")
def within_statutory_visit_cap(context: Context, modalities: list[str],
                               limit_parameter: str) -> Outcome:
    """LC 4604.5(c)(1): at most 24 visits of each kind per injury on or after 1/1/2004."""
    cap: int = context.param(limit_parameter)
    requested = context.request.quantity or 0
    done, evidence, _ = prior_visits(context, modalities, whole_injury=True)
    injury = context.case.claim.date_of_injury
    if injury is not None and injury < STATUTORY_CAP_FROM:
        return Outcome.met(f"The injury of {injury:%m/%d/%Y} predates the statutory visit cap.")
    if done is None:
        if requested > cap:
            return Outcome.not_met(f"The request alone exceeds the statutory cap of {cap} visits.")
        return Outcome.unknown(context.none_documents("states how many visits were already "
                                                      "completed") + " So the statutory cap "
                               "cannot be checked.", "the number of visits already completed")
    total = done + requested
    if total <= cap:
        return Outcome.met(f"{total} visits in all stay within the statutory cap of {cap}.",
                           evidence)
    if injury is None:
        return Outcome.unknown(
            f"{total} visits would exceed the statutory cap of {cap} if the injury occurred on or "
            "after 1/1/2004; the date of injury is not given.", "the date of injury", evidence)
    return Outcome.not_met(f"{total} visits would exceed the statutory cap of {cap} visits per "
                           "industrial injury.", evidence)


#: A sentence crediting the drug with what the worker does: "Ibuprofen 800 tid helps: walks
#: the park maintenance route ... full duty", "the evening tablet is what lets her cook dinner".
_ACTIVITY = (
    r"\b(?:walk\w*|work\w*|duty|cook\w*|stairs|lift\w*|driv\w*|chores|shop\w*|garden\w*|"
    r"dress\w*|bath\w*|shower\w*|exercis\w*|swim\w*|play\w*|care\s+for|get\s+up|"
    # taking part in the therapy the drug makes bearable ("naproxen helps him do PT")
    r"PT|therap\w*|rehab\w*|HEP|house\s*work|yard\s*work|ADLs?|daily\s+activities|"
    # a work shift seen through ("if I take it I can finish my shift")
    r"shifts?|blocks?)\b")
_ALLOWS = re.compile(
    r"\b(?:helps?|allows?|lets|enables?|keeps\s+(?:him|her)|is\s+what\s+lets)\b[^.]{0,90}?"
    + _ACTIVITY, re.IGNORECASE)
#: The activity done with the drug and not without it, in either order ("with it he can
#: walk around the block; without it he cannot", "without it I can't do my stairs, with it I
#: go up and down fine"): the drug's function told by its absence.
_WITH_IT = re.compile(r"\bwith\s+(?:it|them|the\s+(?:medication|meds?|pills?|tablets?))\b"
                      r"[^.;]{0,80}?" + _ACTIVITY, re.IGNORECASE)
_WITHOUT_IT = re.compile(
    r"\b(?:without|off)\s+(?:it|them|the\s+(?:medication|meds?|pills?|tablets?))\b[^.;]{0,40}?"
    r"\b(?:can'?t|cannot|can\s+not|unable|not\s+able|could\s*n'?t|couldn'?t|could\s+not|"
    r"is\s+not|isn'?t)\b",
    re.IGNORECASE)
#: The activity the worker could not do without the drug ("without it she could not work",
#: "off them he is unable to finish a shift"): reliance on it for the activity, told alone.
_WITHOUT_IT_NOT_ABLE = re.compile(_WITHOUT_IT.pattern + r"[^.;]{0,30}?" + _ACTIVITY,
                                  re.IGNORECASE)
#: An activity the worker does, with how much ("walks 30 min", "works 20 h/wk", "drives 1
#: hour"): a gain when the sentence tells it among the drug's results ("Pregabalin x 3 mo:
#: leg 7->4, walks 30 min"), beside the relief it gives.
_DOES = re.compile(
    r"\b(?:walks|walking|works|working|drives|driving|cooks|lifts|lifting|sits|sitting|stands|"
    r"standing|swims|exercises|gardens|gardening|shops|cleans|hikes|bikes|cycles)\s+"
    r"(?:up\s+to\s+|for\s+|about\s+|~\s*)?\d+(?:\.\d+)?\s*(?:-\s*\d+\s*)?"
    r"(?:" + AMOUNT_UNITS + r"|days?\b|d\b)", re.IGNORECASE)
#: The drug as the condition of an activity: "if I take it I can finish my shift".
_IF_TAKEN = re.compile(r"\bif\s+(?:I|he|she|they)\s+(?:takes?|uses?|has|have)\s+(?:it|them|\w+)\b"
                       r"[^.;]{0,30}?\b(?:can|could|am\s+able|is\s+able|are\s+able|manages?)\b"
                       r"[^.;]{0,60}?" + _ACTIVITY, re.IGNORECASE)
_NOT_HELPING = re.compile(r"\b(?:not|no\s+longer|never|n't|barely|hardly)\s+(?:\w+\s+)?"
                          r"(?:help|allow|let|enable)", re.IGNORECASE)


def function_the_drug_allows(context: Context) -> list[Fact]:
    """Mentions of the requested drug whose sentence credits it with an activity or work the
    worker keeps up: function with the drug (8 CCR 9792.20(e): reliance and activities)."""
    from openimr.guidelines.predicates.medication import TAKING, requested_drug_facts
    from openimr.records.pain_changes import pain_changes

    found = []
    for fact in requested_drug_facts(context):
        sentence = context.sentence_of(fact)
        if fact.value.get("action", "current") not in TAKING or _NOT_HELPING.search(sentence):
            continue
        # the drug credited with an activity, or an activity told among its results beside
        # the fall of pain it brings (the drug named first: "Drug x 3 mo: leg 7->4, walks")
        told = _DOES.search(sentence)
        results = told is not None and fact.evidence.quote.lower() in sentence.lower() and \
            sentence.lower().index(fact.evidence.quote.lower()) < told.start() and \
            any(True for _ in pain_changes(sentence))
        with_without = bool(_WITH_IT.search(sentence) and _WITHOUT_IT.search(sentence))
        if _ALLOWS.search(sentence) or results or with_without or _IF_TAKEN.search(sentence) \
                or _WITHOUT_IT_NOT_ABLE.search(sentence) \
                or _able_on_the_drug(sentence, _drug_names(fact)) \
                or _amount_with_and_without(sentence, _drug_names(fact)):
            found.append(fact)
    return found


def _drug_names(fact: Fact) -> list[str]:
    names = {str(fact.value.get(key) or "").lower() for key in ("drug", "generic")}
    return sorted({part for name in names for part in (name, *name.split("/")) if len(part) > 3})


def _able_on_the_drug(sentence: str, names: list[str]) -> bool:
    """An activity the worker can do on the drug, or does better on it ("on the meloxicam
    she is able to garden", "doing better with it - drives to work"): the drug named as the
    condition of the activity (8 CCR 9792.20(e): function with the treatment)."""
    drug = "|".join(re.escape(n) for n in [*names, "it", "them", "the medications?", "meds?"])
    on = rf"(?:on|with)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:{drug})\b"
    able = re.search(rf"\b{on}[^.;]{{0,40}}?\b(?:can|could|is\s+able|are\s+able|manages?)\b"
                     # not "can't", "could not", "can no longer"
                     r"(?!n?'t|\s+(?:not|no\s+longer|never|barely|hardly)\b)"
                     rf"[^.;]{{0,60}}?{_ACTIVITY}", sentence, re.IGNORECASE)
    better = re.search(rf"\b(?:does|did|doing|functions?|is)\s+better\s+{on}[^.;]{{0,60}}?"
                       rf"{_ACTIVITY}", sentence, re.IGNORECASE)
    return bool(able or better)


#: An activity with its amount: "walks ~3 blocks", "about 8 blocks", "20 minutes".
_AMOUNT = r"(?:~\s*|about\s+|around\s+|up\s+to\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?:blocks?|min\w*|h|hrs?|hours?|miles?|mi|lbs?|pounds|steps)\b"


def _amount_with_and_without(sentence: str, names: list[str]) -> bool:
    """The same activity told with an amount without the drug and a larger one with it ("without
    naproxen walks ~3 blocks; with naproxen 500 bid ~8 blocks"): what the drug allows."""
    drug = "|".join(re.escape(n) for n in [*names, "it", "them", "the medications?", "meds?"])
    without = re.search(rf"\b(?:without|off)\s+(?:{drug})\b[^.;]{{0,40}}?{_AMOUNT}", sentence,
                        re.IGNORECASE)
    with_ = re.search(rf"\b(?:with|on)\s+(?:{drug})\b[^.;]{{0,40}}?{_AMOUNT}", sentence,
                      re.IGNORECASE)
    return bool(without and with_ and _ACTIVITY_RE.search(sentence)
                and float(with_.group("n")) > float(without.group("n")))


#: What an amount measures: an activity, or how long a posture is tolerated.
_ACTIVITY_RE = re.compile(_ACTIVITY + r"|\b(?:stand\w*|sit\w*|tolerat\w*)\b", re.IGNORECASE)


#: Function told as kept as it was ("Same function.", "function stable", "function
#: unchanged"): no change since the last note, neither a gain nor a loss.
_FUNCTION_KEPT = re.compile(r"\b(?:same|unchanged|stable|maintained|no\s+change)\b",
                            re.IGNORECASE)


#: An activity the worker avoids or fears is a limit, not a gain ("avoids lifting, 'it will
#: go again'"); no longer avoiding it is one ("no longer afraid to drive").
#: A gain told for one night or one day ("slept better 1 night", "could garden that one
#: afternoon"): a passing effect, not the objective functional improvement of 9792.20(e).
#: A rate is no one-off ("back at work one day a week", "1 day/week", "one night per
#: week"), nor "one day at a time".
_ONE_OFF = re.compile(r"\b(?:(?:for\s+)?(?:1|one|a\s+single)\s+(?:night|day|afternoon|evening|morning)|"
                      r"that\s+(?:same\s+)?(?:night|day|evening)|same[-\s]day)\b"
                      r"(?!\s*(?:a|per|each|every|/|at\s+a)\s*(?:week|wk|month|mo|time)\b)",
                      re.IGNORECASE)

_AVOIDED = re.compile(r"(?<!no\s)(?<!not\s)(?<!longer\s)(?<!stopped\s)(?<!less\s)"
                      r"\b(?:avoid(?:s|ed|ing)?|afraid|fear(?:s|ful)?(?![-\s]*avoid)|scared)\b",
                      re.IGNORECASE)


#: A clause that says the worker's state holds ("remains off work, walks 10 minutes", "ODI
#: unchanged, still sits 20 minutes") states a level, not a gain, unless it also names a
#: change ("still sore but now walks 30 minutes").
_STATE_HELD = re.compile(r"\b(?:remains?|remained|still|unchanged|same|no\s+change)\b|\(=\)",
                         re.IGNORECASE)
_CHANGE_NAMED = re.compile(r"\b(?:now|up\s+from|improv\w*|increas\w*|better|more|longer|again|"
                           r"resumed|back\s+to)\b", re.IGNORECASE)


def _level_held(context: Context, fact: Fact) -> bool:
    clause = context.clause_of(fact)
    return bool(_STATE_HELD.search(clause)) and not _CHANGE_NAMED.search(clause)


def _credited_to_a_drug(context: Context, fact: Fact) -> bool:
    """Whether the fact's sentence names a drug the worker takes and credits the function to
    it alone ("takes naproxen, which lets her walk the dog"; "with it she can garden"); a gain
    the sentence credits to the requested therapy too ("PT and naproxen allow her to walk 30
    minutes") is the therapy's as well (review 12, R29)."""
    from openimr.records.kinds.therapy import MODALITIES

    sentence = context.sentence_of(fact)
    if not (_ALLOWS.search(sentence) or _WITH_IT.search(sentence)
            or _WITHOUT_IT.search(sentence)):
        return False
    therapy = [p for p, modality in MODALITIES if modality == context.request.category]
    if therapy and re.search(r"\b(?:" + "|".join(therapy) + r")\b", sentence, re.IGNORECASE):
        return False
    low = sentence.lower()
    return any(f.evidence.document == fact.evidence.document
               and f.evidence.quote.strip().lower() in low
               for f in context.facts_of(FactKind.medication))


def _credited_to_another_course(context: Context, fact: Fact, course: list[str]) -> bool:
    """Whether the gain is another course's than `course` (the modalities of the request): its
    sentence names only other courses ("ROM improving in PT" beside a request for
    acupuncture), or, naming none, it stands in the note of another course (a note whose
    visits counted are all of another modality: a therapy progress note's "QuickDASH 68 ->
    41" is the therapy's, not the acupuncture's)."""
    from openimr.records.kinds.therapy import MODALITIES

    named = {modality for pattern, modality in MODALITIES if modality in _NAMED_MODALITIES
             and re.search(rf"\b(?:{pattern})\b", context.sentence_of(fact), re.IGNORECASE)}
    if named:
        return not named & set(course)
    courses = {f.value.get("modality") for f in context.facts_of(
        FactKind.therapy_sessions, status=list(PRIOR_STATUSES))
        if f.evidence.document == fact.evidence.document}
    return bool(courses) and not courses & set(course)


#: The modalities a sentence names as a course of its own (bare "therapy" names none).
_NAMED_MODALITIES = frozenset({"physical_therapy", "occupational_therapy", "chiropractic",
                               "acupuncture", "psychotherapy", "massage", "aquatic_therapy",
                               "biofeedback", "functional_restoration"})


@predicate("functional_improvement_documented")
def functional_improvement_documented(context: Context, ever: bool = False,
                                      maintained: bool = False,
                                      course: list[str] | None = None) -> Outcome:
    """Objective functional improvement (8 CCR 9792.20(e)) from the treatment so far.

    `ever`: from an earlier course, whatever came after it. For a flare-up the question is
    whether the course once succeeded; the decline that the flare itself brings, long after
    the course ended, says nothing of the treatment.

    `maintained`: for a drug taken for a while, the function it gives is kept, not gained
    again at each visit: a later note's "same function" or "function stable" says the gain
    documented earlier still holds, and does not undo it.

    `course`: the modalities of the course the request extends; a gain credited to another
    course (`_credited_to_another_course`) is not from this one."""
    absent = context.facts_of(FactKind.functional_improvement, present=False)
    absent += context.facts_of(FactKind.functional_improvement, asserted=False)
    present = [f for f in context.facts_of(FactKind.functional_improvement, present=True)
               if not _AVOIDED.search(context.clause_of(f))
               and not _ONE_OFF.search(context.clause_of(f))]
    if not maintained:
        # a gain from the treatment so far, not the level the worker holds (a drug's kept
        # function is `maintained`)
        present = [f for f in present if not _level_held(context, f)]
    if context.request.drug is None:
        # the function a sentence credits to a drug is the drug's, not a therapy's or a
        # procedure's ("naproxen ... lets her walk her dog" says nothing of the PT course)
        present = [f for f in present if not _credited_to_a_drug(context, f)]
    # What the dated notes show even when no sentence says "improved": an instrument that
    # improved by its clinically important difference, or work restrictions reduced (§1).
    present += instrument_improvement(context) + work_restrictions_reduced(context)
    present += activity_tolerance_improved(context)
    allows = function_the_drug_allows(context)
    present += allows
    if course:
        present = [f for f in present if not _credited_to_another_course(context, f, course)]
        absent = [f for f in absent if not _credited_to_another_course(context, f, course)]
        # the course itself told as having done nothing ("acupuncture didn't change anything")
        from openimr.records.kinds.history import COURSE_TREATMENTS

        absent += context.facts_of(FactKind.treatment_trial, outcome="failed", treatment=[
            COURSE_TREATMENTS[m] for m in course if COURSE_TREATMENTS.get(m, "other") != "other"])
    if maintained and present:
        absent = [f for f in absent if not _FUNCTION_KEPT.search(f.evidence.quote)]
    # a fact that gives no date of its own is as late as the note it is read from; so is a
    # drug's function, told in the note whatever date the drug's mention carries ("meloxicam
    # since 02/2023 ... lets him finish his shifts" is what the note of August says)
    dates = document_dates(context)

    def when(fact: Fact) -> dt.date:
        noted = dates.get(fact.evidence.document)
        if any(fact is f for f in allows) and noted is not None:
            return noted
        return fact.date or noted or dt.date.min

    latest_absent = max((when(f) for f in absent), default=None)
    latest_present = max((when(f) for f in present), default=None)
    if present and ever and latest_absent is not None and latest_present < latest_absent:
        return Outcome.met("The records document functional improvement from the earlier course "
                           "(the decline written since came after it).", present)
    if present and (latest_absent is None or latest_present >= latest_absent):
        return replace(Outcome.met("The records document functional improvement with the "
                                   "treatment so far.", present),
                       conflicting=evidence_of(absent[-1:]))
    if absent:
        return replace(Outcome.not_met("The records document no functional improvement with the "
                                       "treatment so far.", absent),
                       conflicting=evidence_of(present[-1:]))
    return Outcome.unknown(
        context.none_documents(
            "documents objective functional improvement (in activities of daily living, work "
            "restrictions or reliance on treatment) from the treatment so far"), "documented objective functional improvement")


#: A program not yet taught ("no HEP yet", "will instruct at the next visit", "not yet shown").
#: A program not taught yet: "no HEP yet", "not yet instructed", "HEP not issued yet", "will
#: instruct next visit", "to be taught" ("yet" alone is no such thing: "not doing his HEP yet,
#: despite instruction" is a lapse; review 13, finding 1)
_HEP_TEACH = r"(?:instruct|teach|taught|issu|giv|given|provid|show|start|begin|initiat)\w*"
_NOT_YET_TAUGHT = re.compile(
    r"\bno\s+(?:formal\s+|written\s+)?(?:(?-i:HEP)|home\s+(?:exercise\s+)?program|home\s+"
    r"exercises?)\s+(?:has\s+been\s+\w+\s+)?yet\b|"
    rf"(?:\b(?:not|never)|n't)\s+(?:yet\s+(?:been\s+)?{_HEP_TEACH}|(?:been\s+)?{_HEP_TEACH}\s+"
    r"(?:\w+\s+){0,3}?yet\b)|"
    rf"\bwill\s+(?:\w+\s+)?{_HEP_TEACH}|\bto\s+be\s+{_HEP_TEACH}|"
    rf"\b{_HEP_TEACH}\s+(?:[\w-]+\s+){{0,4}}?(?:at|on|during)\s+(?:the\s+)?next\s+"
    r"(?:visit|session)\b", re.IGNORECASE)
#: ... unless the clause says it was taught ("despite instruction 4 weeks ago", "was shown")
#: (not a denial of it: "has not been taught yet", "was not instructed", "hasn't been shown":
#: review 14, finding 8)
_HEP_TAUGHT = re.compile(
    r"\b(?:despite|after|following|since)\s+(?:\w+\s+){0,2}?(?:instruction|teaching|education)"
    r"\b|(?<!\bnot\s)(?<!\bnever\s)(?<!n't\s)\b(?:was|were|been|previously|already)\s+"
    r"(?!(?:not|never|yet)\b)(?:\w+\s+)?(?:instructed|taught|issued|given|shown)\b", re.IGNORECASE)


def _not_yet_taught(clause: str) -> bool:
    return bool(_NOT_YET_TAUGHT.search(clause)) and not _HEP_TAUGHT.search(clause)


@predicate("supervised_care_still_needed")
def supervised_care_still_needed(context: Context) -> Outcome:
    """Care should fade to a self-directed home program once the worker can carry it on."""
    independent = context.facts_of(FactKind.home_exercise_program, status="independent")
    if independent:
        return Outcome.not_met("The worker is independent with a home exercise program, so the "
                               "gains can be continued in self-directed home exercise.", independent)
    # a program taught and not kept up ("inconsistent with HEP", "not doing his stretches")
    # is a lapse of adherence, not a need for supervision: the guideline expects the worker
    # to carry active therapy on at home (CPMTG pp. 98-99), and more visits do not teach what
    # the worker already knows
    # (not one not yet taught: "no HEP yet; will instruct next visit" is a program the worker
    # cannot yet carry on: review 12, R35)
    lapsed = [f for f in context.facts_of(FactKind.home_exercise_program, status="not_performing")
              if not _not_yet_taught(context.clause_of(f))]
    if lapsed and not context.facts_of(FactKind.home_exercise_program, status="instructed"):
        return Outcome.not_met("The worker was taught a home exercise program and does not keep "
                               "it up: a lapse of adherence, which more supervised visits do not "
                               "remedy, not an inability to continue at home.", lapsed)
    not_yet = context.facts_of(FactKind.home_exercise_program, status=["instructed", "not_performing"])
    if not_yet:
        return Outcome.met("The worker is not yet able to continue the program independently at "
                           "home.", not_yet)
    return Outcome.unknown(
        context.none_documents(
            "states whether the worker can continue with a self-directed home exercise program"),
        "whether the worker can continue with a home exercise program")
