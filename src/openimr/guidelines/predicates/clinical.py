"""Predicates on the worker's history as the records give it: trials of treatment, injections,
diagnoses, findings, chronicity. Reused by many topics (injections, imaging, programs, drugs).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import replace
from typing import Any

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.diagnoses import groups_of
from openimr.guidelines.predicates import predicate
from openimr.guidelines.predicates.findings import force_alone
from openimr.guidelines.predicates.medication import MEDICATION_CUE, STOPPED
from openimr.guidelines.predicates.therapy import labelled_other_part
from openimr.guidelines.predicates.trends import (
    document_dates,
    first_hand_pages,
    instrument_improvement,
    mood_improvement,
    sleep_improvement,
    work_restrictions_reduced,
)
from openimr.model import Fact, FactKind
from openimr.model.determination import CriterionStatus
from openimr.model.facts import Evidence
from openimr.model.numbers import NUMBER_WORD_PATTERN, NUMBER_WORDS
from openimr.records import injection_relief
from openimr.records.kinds.base import AMOUNT_UNITS, local_negation
from openimr.records.pain_changes import pain_changes
from openimr.records.people import PERSON_WORD
from openimr.records.persisting import (
    BENEFIT,
    course_span_and_persisting,
    worn_and_persisting,
)
from openimr.records.spans import SENTENCE_STOPS

#: Outcomes that count as a failed trial: partial relief is not success (issue 12 §1).
FAILED = ("failed", "partial", "not_tolerated")
#: Pain at or above this (of 10) after a course is a symptom that persists.
PERSISTING_PAIN = 4
#: Therapy courses a treatment name covers, for "a completed course followed by persisting
#: symptoms".
_COURSES = {
    "physical_therapy": ("physical_therapy", "occupational_therapy", "aquatic_therapy"),
    "chiropractic": ("chiropractic",), "acupuncture": ("acupuncture",), "massage": ("massage",),
    "psychotherapy": ("psychotherapy",),
    "conservative_care": ("physical_therapy", "occupational_therapy", "aquatic_therapy",
                          "chiropractic", "acupuncture"),
}


def _latest(facts: list[Fact]) -> Fact:
    return max(facts, key=lambda f: (f.date or dt.date.min, f.evidence.start))


def _pain_scores(context: Context) -> list[Fact]:
    """The pain scores of the part the request treats: a score on a line labelled with another
    body part ("L knee: ... pain 3/10" in a note on the shoulder too) is that part's."""
    return [f for f in context.facts_of(FactKind.pain_score, asserted=None)
            if not labelled_other_part(context, f)]


def persisting_pain(context: Context, since: dt.date | None,
                    by_note: bool = False) -> list[Fact]:
    """The latest pain score on or after `since` (any date when None), if it is still
    moderate or worse: the symptoms persist. `by_note`: the date that counts is the note's,
    not the one the score's sentence gives ("the knee flared three weeks ago: pain 7/10" is
    pain the note reports now, beside the drug it says he takes)."""
    # Pain that is moderate even with medication persists all the more; the least pain of the
    # day is not where the worker is.
    notes = document_dates(context) if by_note else {}

    def dated(fact: Fact) -> dt.date | None:
        return notes.get(fact.evidence.document, fact.date) if by_note else fact.date

    scores = [f for f in _pain_scores(context) if f.value.get("context") != "least"
              and (since is None or dated(f) is None or dated(f) >= since)]
    # A score the note places in the past, or after an in-office test ("6 -> 1/10 after
    # lidocaine"), is not where the worker is now, when a current score is given.
    current = [f for f in scores if not f.historical]
    scores = current or scores
    # Pain told of a time without the treatment ("keeps him at 3-4/10; without it 7/10") is
    # what the treatment relieves, not pain that persists on it.
    on_treatment = [f for f in scores if not _off_treatment(context, f)]
    scores = on_treatment or scores
    if not scores:
        return []
    last = _worst_region(context, _latest(scores), scores)
    scale = float(last.value.get("scale") or 10)
    return [last] if float(last.value.get("value", 0)) / scale * 10 >= PERSISTING_PAIN else []


#: A body region named right before a score ("leg 7/10, back 3/10", "neck pain 4/10; arm
#: pain 8/10").
_REGION_BEFORE = re.compile(r"\b(?:leg|legs|back|low\s+back|neck|arms?|knees?|shoulders?|hips?|"
                            r"feet|foot|hands?|wrists?|buttocks?|elbows?|ankles?|axial|radicular|"
                            r"(?-i:LBP))\s*(?:pain|symptoms?)?\s*(?:is|at|of|=|:|-)?\s*$",
                            re.IGNORECASE)


def _worst_region(context: Context, last: Fact, scores: list[Fact]) -> Fact:
    """Of the scores a sentence gives region by region ("Leg 7/10, back 3/10"), the worst: the
    pain persists where it is worst, whichever the sentence names last."""
    sentence = context.sentence_of(last)

    def region_named(fact: Fact) -> bool:
        at = sentence.find(fact.evidence.quote)
        return at >= 0 and bool(_REGION_BEFORE.search(sentence[max(0, at - 25):at]))

    same = [f for f in scores if f.evidence.document == last.evidence.document
            and f.date == last.date and context.sentence_of(f) == sentence]
    if len(same) < 2 or not all(region_named(f) for f in same):
        return last

    def value(fact: Fact) -> float:
        return float(fact.value.get("value", 0)) / float(fact.value.get("scale") or 10)

    return max(same, key=value)


_OFF_TREATMENT_RE = re.compile(r"\bwithout\b|\boff\s+(?:the\s+|his\s+|her\s+)?(?:medications?|"
                               r"meds|drug)\b", re.IGNORECASE)


def _off_treatment(context: Context, fact: Fact) -> bool:
    """A score said of a time without the medication or treatment."""
    if fact.value.get("context") == "without_medication":
        return True
    clause = context.clause_of(fact)
    at = clause.find(fact.evidence.quote)
    return bool(_OFF_TREATMENT_RE.search(clause[:at] if at >= 0 else clause))


def persisting_disability(context: Context, since: dt.date | None) -> list[Fact]:
    """The latest work status on or after `since`, if the worker is still off work."""
    statuses = [f for f in context.facts_of(FactKind.work_status)
                if not f.historical and (since is None or f.date is None or f.date >= since)]
    if not statuses:
        return []
    last = _latest(statuses)
    return [last] if last.value.get("status") in ("not_working",
                                                  "temporarily_totally_disabled") else []


def persisting_limitation(context: Context, since: dt.date | None) -> list[Fact]:
    """Limits in daily activities documented on or after `since`, when no pain score is given
    after it (a score, when there is one, says how the worker is: `persisting_pain`) and no
    note after it tells of function gained ("can now reach the top shelf")."""
    notes = document_dates(context)

    def dated(fact: Fact) -> dt.date | None:
        return notes.get(fact.evidence.document, fact.date)

    def after(fact: Fact) -> bool:
        return since is None or dated(fact) is None or dated(fact) >= since

    if any(after(f) for f in _pain_scores(context)) or any(
            after(f) and f.value.get("present", True)
            for f in context.facts_of(FactKind.functional_improvement)):
        return []
    return [f for f in context.facts_of(FactKind.adl_limitation)
            if not f.historical and after(f)]


#: A symptom told with an activity ("ache with long standing", "pain on stairs", "soreness
#: after kneeling"): the worker feels it doing the activity, which is not by itself a limit of
#: doing it ("persistent pain with stairs and squatting", "has pain on stairs" are no
#: limitation a careful reviewer would quote, while "worse with gripping", "stiff after
#: sitting >1 hr" and "can't lift the toddler without neck pain" are). The corpus reads
#: "pain on stairs" as an `adl_limitation` all the same, so it is weighed here, not there.
_SYMPTOM_WITH_ACTIVITY_RE = re.compile(
    r"\b(?:ache|aches|aching|achy|pain|painful|sore|soreness|discomfort|hurts?|twinges?)\s+"
    r"(?:\w+\s+){0,1}(?:with|after|on|during|while|when)\s+(?:\w+\s+){0,2}?"
    r"(?:(?:long|prolonged|extended|a\s+lot\s+of|much)\s+)?\w+", re.IGNORECASE)
#: What makes a symptom with an activity a limit of it: the worker cannot do it, does it with
#: difficulty, help, an aid (a cane, the railing, one step at a time) or less of it, stops,
#: avoids it or is worse for it, or a tolerance (a number of minutes, blocks, pounds). A
#: "not", "less" or "help" that governs something else ("not relieved by rest", "meds help")
#: is no limit of the activity (review 12, R27).
_ACTIVITY_LIMITED_RE = re.compile(
    r"\b(?:cannot|can't|can\s+not|could\s*n[o']?t|unable|not\s+able|difficult\w*|trouble|"
    r"limit\w*|(?:needs?|requires?|with|gets?)\s+(?:some\s+)?help|help\s+(?:from|of|with)|"
    r"assist\w*|avoid\w*|stops?|stopped|needs?|requires?|no\s+longer|never|worse\w*|"
    r"(?:does|did|do)(?:n't|\s+not)\s+(?:\w+\s+)?(?:walk|climb|go|do|stand|sit|lift|carry|"
    r"drive|kneel|squat|bend)\w*|not\s+(?:walk|climb|stand|sit|lift|kneel|squat)\w*|"
    r"slow\w*|tolerat\w*|canes?|walker|crutch\w*|rail(?:ing)?s?|banister|handrails?|"
    r"holds?\s+(?:on(?:to)?|the)|one\s+(?:step|stair)\s+at\s+a\s+time|step-to|must|has\s+to|"
    r"had\s+to|max\w*|increas\w*|aggravat\w*|exacerbat\w*|provok\w*|unless|"
    r"(?:walks?|does|goes|sits?|stands?|drives?|lifts?|climbs?)\s+(?:much\s+)?less|less\s+"
    r"(?:able|often|far|time|distance)|fewer|(?:gave|giv\w*)\s+up|quit|only\s+(?:for|\d))\b|"
    r"\d+\s*(?:-\s*\d+\s*)?" + AMOUNT_UNITS + r"|[<>]", re.IGNORECASE)

def _symptom_only(context: Context, fact: Fact) -> bool:
    """Whether an activity limitation read is only a symptom felt doing the activity: its
    words say so and its clause tells no limit of doing it."""
    quote = fact.evidence.quote
    # a quote that is a whole sentence is its own clause (around it would reach the next one)
    clause = quote if quote.rstrip().endswith((".", ";")) else context.clause_of(fact)
    return bool(_SYMPTOM_WITH_ACTIVITY_RE.search(quote)) and not (
        _ACTIVITY_LIMITED_RE.search(clause) or _ACTIVITY_LIMITED_RE.search(quote))


@predicate("activity_limited")
def activity_limited(context: Context, description: str) -> Outcome:
    """A limitation of an activity of daily living or of work is documented: the worker cannot
    do it, or does it with difficulty, help, an aid or less of it, or stops, avoids it, or
    tolerates it only so long (`_ACTIVITY_LIMITED_RE`). A symptom told with an activity
    ("knee ache with long standing", "pain on stairs") is not by itself a limitation of it."""
    found = context.facts_of(FactKind.adl_limitation)
    limits = [f for f in found if not _symptom_only(context, f)]
    if limits:
        return Outcome.met(f"The records document {description}.", limits)
    if found:
        return Outcome.unknown(
            f"The records tell only symptoms felt during activities, not {description}: "
            "pain with an activity is not by itself a limitation of it.", description, found)
    return Outcome.unknown(context.none_documents(f"documents {description}"), description)


#: Examination findings that are measurements or unnamed, not signs of the complaint; nor is
#: tenderness, the pain a touch provokes, which says no more than the pain itself.
_NOT_SIGNS = frozenset({"range_of_motion", "other", "tenderness"})


def persisting_signs(context: Context, since: dt.date | None) -> list[Fact]:
    """Positive examination signs recorded on or after `since`, when no pain score is given
    after it and no note after it tells of function gained (as `persisting_limitation`)."""
    notes = document_dates(context)

    def after(fact: Fact) -> bool:
        when = notes.get(fact.evidence.document, fact.date)
        return since is None or when is None or when >= since

    if any(after(f) for f in _pain_scores(context)):
        return []
    gains = [notes.get(f.evidence.document, f.date)
             for f in context.facts_of(FactKind.functional_improvement)
             if after(f) and f.value.get("present", True)]
    if None in gains:
        return []
    # a gain told before signs that a later note still finds ("strength better but locking
    # continues"; a month later "still locking, effusion persists") was partial: the one
    # mention that it helped does not outweigh the persisting complaint
    last_gain = max(gains, default=None)
    return [f for f in context.facts_of(FactKind.exam_finding)
            if f.value.get("positive") and (f.value.get("finding") not in _NOT_SIGNS
                                            or _PROVOCATIVE_TEST.search(str(f.value.get("detail") or "")))
            and not f.historical and after(f)
            and (last_gain is None
                 or ((when := notes.get(f.evidence.document, f.date)) is not None
                     and when > last_gain))]


#: A drug told with how long it has been taken ("since 12/2018", "x 6 weeks", "for the past
#: two months", "has been taking"): a trial under way, not one started today.
_TAKEN_A_WHILE = re.compile(
    r"\bsince\b|\b(?:for|x)\s*(?:the\s+(?:past|last)\s+)?(?:\d+|one|two|three|four|six|"
    r"several|a\s+few)\s*(?:wks?|weeks?|mos?|months?|yrs?|years?)\b|\b(?:has|have)\s+been\s+"
    r"(?:taking|on|using)\b", re.IGNORECASE)


def _taken_a_while(context: Context, fact: Fact) -> bool:
    """The drug has been taken for some time: its clause says how long, or an earlier note
    has the worker on it."""
    if _TAKEN_A_WHILE.search(context.clause_of(fact)):
        return True
    generic = fact.value.get("generic")
    return bool(generic) and fact.date is not None and any(
        f.date is not None and f.date < fact.date and f.value.get("generic") == generic
        for f in context.facts_of(FactKind.medication))


#: A provocative test named by its eponym ("Neer +", "Finkelstein positive"): a sign of the
#: complaint the reader files under "other".
_PROVOCATIVE_TEST = re.compile(
    r"\b(?:neer|hawkins|painful\s+arc|jobe|empty\s+can|speed'?s|yergason|o'?brien|"
    r"tinel|phalen|durkan|finkelstein|spurling|faber|fadir|patrick|gaenslen|thigh\s+thrust|"
    r"lachman|anterior\s+drawer|thessaly|apley|cozen|mill'?s|"
    # the facet joint's own provocation (extension with rotation loads it)
    r"facet\s+loading|kemp'?s?)\b", re.IGNORECASE)


#: Treatments the worker can be on now, by the drug classes of the drug table.
_DRUG_CLASSES = {
    "nsaid": ("nsaid",), "opioid": ("opioid",), "muscle_relaxant": ("muscle_relaxant",),
    "antidepressant": ("antidepressant",), "anticonvulsant": ("anticonvulsant",),
    "first_line_neuropathic": ("antidepressant", "anticonvulsant"),
    "acetaminophen": ("analgesic",),
}


#: Drug classes taken for pain, whose failure limits in daily activities can show.
_ANALGESIC_CLASSES = frozenset({"nsaid", "opioid", "muscle_relaxant"})


def _drug_class(fact: Fact) -> str | None:
    from openimr.guidelines.drugs import lookup_drug

    info = lookup_drug(str(fact.value.get("generic") or fact.value.get("drug") or ""))
    return info.drug_class if info else None


def _ongoing_treatments(context: Context, treatments: list[str]) -> list[Fact]:
    """Treatments of the named kinds the worker is on: drugs of their classes taken (not the
    drug requested), and a home exercise program being done. Pain that persists on them is
    relief that is not enough."""
    from openimr.guidelines.predicates.medication import TAKING, medication_facts

    classes = sorted({c for t in treatments for c in _DRUG_CLASSES.get(t, ())})
    requested = context.request.drug.generic if context.request.drug else None
    ongoing = [f for f in medication_facts(context, classes)
               if f.value.get("action", "current") in TAKING
               and f.value.get("generic") != requested] if classes else []
    if "home_exercise" in treatments:
        ongoing += [f for f in context.facts_of(FactKind.home_exercise_program,
                                                status=["independent", "instructed"])
                    if not _not_yet_a_program(context.clause_of(f))]
    return ongoing


def _not_yet_a_program(clause: str) -> bool:
    """The clause hands the program out, plans it ("Plan: PT 2x4 / HEP"; "continue HEP" is one
    under way), or tells it done only now and then."""
    return bool(_NOT_YET_A_PROGRAM.search(clause)) or bool(
        _PLANNED.match(clause) and not re.search(r"\bcontinu", clause, re.IGNORECASE))


_PLANNED = re.compile(r"\W*(?:plan|recommend\w*|will|to\s+start|start)\b", re.IGNORECASE)


#: A home exercise program only handed out, or done now and then ("home exercises
#: 'sometimes'"), is not a program that has been tried and failed.
_NOT_YET_A_PROGRAM = re.compile(
    r"\b(?:handouts?|sometimes|occasionally|rarely|intermittently|sporadic\w*|inconsistent\w*|"
    r"not\s+(?:doing|done|consistent\w*|compliant|adherent)|non-?complian\w*|poor\s+"
    r"(?:compliance|adherence))\b", re.IGNORECASE)


def _completed_courses(context: Context, treatments: list[str]) -> list[Fact]:
    modalities = sorted({m for t in treatments for m in _COURSES.get(t, ())})
    if not modalities:
        return []
    return [f for f in context.facts_of(FactKind.therapy_sessions, modality=modalities)
            if f.value.get("status") in ("completed", "attended") and f.value.get("count")
            and not _CUT_SHORT.search(context.clause_of(f))]


#: Where each modality's trial (the visits within which the care should show an effect) is
#: kept: a parameter of the modality's own topic, with its citation there (manipulation and
#: acupuncture up to six treatments, psychotherapy's initial trial, physical therapy's
#: clinical trial): review 14, finding 15.
_TRIAL_OF = {
    "physical_therapy": ("physical_medicine", "trial_visits"),
    "occupational_therapy": ("physical_medicine", "trial_visits"),
    "aquatic_therapy": ("physical_medicine", "trial_visits"),
    "chiropractic": ("chiropractic", "trial_visits"),
    "acupuncture": ("acupuncture", "trial_treatments"),
    "massage": ("massage", "visit_limit"),
    "psychotherapy": ("psychological_treatment", "initial_visits"),
    "biofeedback": ("psychological_treatment", "initial_visits_biofeedback"),
    "functional_restoration": ("functional_restoration", "initial_days"),
}
#: The trial of a modality the map does not name (a bare "therapy", a modality added later):
#: physical therapy's clinical trial, so a course just begun is never read as completed for
#: want of a trial (review 15, finding 9).
_GENERAL_TRIAL = ("physical_medicine", "trial_visits")
#: Words that tell a course still under way: "Started PT last week (2 visits so far)", "has
#: had 3 chiropractic treatments to date", "acupuncture just begun, 2 sessions".
_UNDER_WAY = re.compile(
    r"\b(?:so\s+far|thus\s+far|to\s+date|as\s+of\s+yet|in\s+progress|under\s*way|"
    r"(?:just|recently|newly)\s+(?:started|began|begun|initiated|commenced)|"
    r"(?:started|began|begun|initiated|commenced)\s+(?:\w+\s+){0,3}?(?:last|this)\s+(?:week|wk))\b",
    re.IGNORECASE)


def _trial_visits(context: Context, modality: str | None) -> int | None:
    """The visits of a trial of the modality, from its topic, in force at the decision."""
    from openimr.guidelines.knowledge import load_knowledge_base

    topic_id, name = _TRIAL_OF.get(modality or "", _GENERAL_TRIAL)
    topic = load_knowledge_base().topics.get(topic_id)
    if topic is None or name not in topic.parameters:
        return None
    parameter = topic.parameters[name]
    try:
        value = parameter.at(context.as_of or max(parameter.values))
    except LookupError:  # a decision before the guideline's first value: its first value
        value = parameter.values[min(parameter.values)]
    return value.get("default") if isinstance(value, dict) else value


def _course_just_begun(context: Context, fact: Fact) -> bool:
    """A course attended for fewer visits than a trial of its modality and told as still under
    way in its own clause: its first visits, not a completed course, so pain that persists
    after them is no failed course (ACOEM ch. 9 pp. 207-208: imaging after a strengthening
    program fails to progress; our reading, decide-dev38). Its outcome told in its own words
    still counts (`_told_as_failed`)."""
    count = fact.value.get("count")
    trial = _trial_visits(context, fact.value.get("modality"))
    clause = context.clause_of(fact)
    return (isinstance(count, int | float) and trial is not None and count < trial
            and (bool(_UNDER_WAY.search(clause)) or _short_of_its_course(clause, count)))


#: Visits counted against the course they belong to: "2 of 6 visits done", "3 out of 8
#: sessions attended".
_COUNT_OF_COURSE = re.compile(r"\b(\d{1,3})\s+(?:out\s+)?of\s+(?:the\s+|his\s+|her\s+)?"
                              r"(\d{1,3})\b", re.IGNORECASE)


def _short_of_its_course(clause: str, count: float) -> bool:
    """The clause sets the visits had against a larger course they belong to ("2 of 6
    visits done"): the rest of the course is still to come, so the course is under way
    (decide-dev42), not completed. "6 of 6 completed" is a course done."""
    return any(int(m.group(1)) == count and int(m.group(1)) < int(m.group(2))
               for m in _COUNT_OF_COURSE.finditer(clause))


#: A course cut short for a reason that is not the care's: "PT 4 visits, stopped
#: (scheduling)", "dropped out of therapy due to transportation", "discontinued after 3 visits
#: because of insurance". It was no trial of the care, so it cannot have failed (ACOEM ch. 9
#: p. 211: conservative care carried out for three to six months; our reading).
_CUT_SHORT = re.compile(
    r"\b(?:stopped|discontinued|d/c'?d|dropped(?:\s+out)?|quit|ended|interrupted|cancel+ed|"
    r"not\s+completed|never\s+completed|incomplete|no[-\s]shows?)\b[^.;\n]{0,40}?"
    r"(?:\(|\bdue\s+to\b|\bbecause\s+of\b|\bfor\b|\bover\b|-|:)\s*(?:\w+\s+){0,2}?"
    r"(?:scheduling|schedul\w*|transport\w*|rides?|insurance|authori[sz]\w*|denied|cost|copays?|"
    r"child\s*care|work\s+(?:hours|schedule|conflict)|moved|relocat\w*|personal|family|travel|"
    r"distance|covid\w*|pandemic|vacation)\b", re.IGNORECASE)


#: An outcome written beside a treatment's own mention: "naproxen x3 months (partial)", "8 PT
#: visits without relief", "minimal relief from the HEP".
_TOLD_FAILED = re.compile(
    # "(partial)", "(partial relief)", "(partial, dizziness limits)"; not "(partial tear)"
    r"\((?:only\s+)?partial(?:\s+relief|\s+benefit)?(?:\)|(?![\s\w]))|\b(?:partial|minimal|little|no|"
    r"temporary|short-lived|without)\s+(?:(?:lasting|durable|sustained|long-term)\s+)?"
    r"(?:pain\s+)?(?:relief|benefit|improvement)\b|"
    r"\b(?:did\s+not|didn't|does\s+not|doesn't)\s+(?:help|work|touch\s+(?:it|the\s+pain)|resolve)\b|"
    r"\bwithout\s+(?:resolving|success)\b|\bto\s+no\s+avail\b|"
    r"\bfailed\b|\bineffective\b",
    re.IGNORECASE)
#: The same outcome said once at the end of the sentence for all it lists ("has worn a night
#: splint for six weeks and taken Advil, without resolving it", "PT and naproxen, neither of
#: which helped").
_TRAILING_FAILED = re.compile(
    r"[^.;\n]{0,80}?,\s*(?:but\s+|all\s+|both\s+)?(?:without\s+(?:resolv\w*|success|relief|"
    r"benefit|improvement|(?:any\s+|much\s+)?change)|with\s+(?:no|little|minimal)\s+(?:relief|"
    r"benefit|improvement|change)|to\s+no\s+avail|(?:none|neither)\s+of\s+which\s+(?:helped|"
    r"worked|resolved))\b", re.IGNORECASE)


def _treatment_mentions(context: Context, treatments: list[str]) -> list[Fact]:
    """The facts naming the treatments: completed courses, drugs of their classes, the home
    exercise program."""
    from openimr.guidelines.predicates.medication import medication_facts

    classes = sorted({c for t in treatments for c in _DRUG_CLASSES.get(t, ())})
    found = _completed_courses(context, treatments)
    found += medication_facts(context, classes) if classes else []
    if "home_exercise" in treatments:
        found += context.facts_of(FactKind.home_exercise_program)
    return found


#: A history that tells a treatment as tried ("Tried a night splint x6 weeks and ibuprofen"):
#: the clinical idiom for a trial that did not settle the complaint the note goes on to record.
_TRIED = re.compile(r"\b(?:tried|attempted|trials?\s+of)\b", re.IGNORECASE)


#: Words of a plan before the cue: "Plan: trial of an injection, continue HEP" proposes a trial
#: of something else, it tells of none made.
_PLAN_BEFORE = re.compile(r"\b(?:(?-i:P)\s*:|(?:plan\w*|recommend\w*|will|would|consider\w*|"
                          r"request\w*|propos\w*|schedul\w*|proceed|next)\b)", re.IGNORECASE)


def _tried_and_persisting(context: Context, fact: Fact) -> bool:
    """The treatment is told as tried, with no word of benefit, in a sentence of a treating
    note, and the complaint persists: that note or a later one records pain of 4/10 or more,
    a positive examination finding or a limit in daily activities (a completed trial followed
    by persisting symptoms is a failure, issue 12 §1)."""
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page)) or ""
    sentence = context.sentence_of(fact)
    # the sentence holds the mention and may go on past it: bound the search by where it
    # would end if it began at the mention (not by the mention's end, which finds it only
    # when the treatment ends the sentence)
    start = text.rfind(sentence, 0, evidence.start + len(sentence)) if sentence else -1
    before = text[start:evidence.start] if start >= 0 else ""
    cues = list(_TRIED.finditer(before))
    if not cues or BENEFIT.search(sentence) or _PLAN_BEFORE.search(before[:cues[-1].start()]):
        return False
    notes = document_dates(context)
    since = notes.get(evidence.document, fact.date)
    if persisting_pain(context, since, by_note=True):
        return True

    def current(found: Fact) -> bool:
        when = notes.get(found.evidence.document, found.date)
        return not found.historical and (since is None or when is None or when >= since)

    signs = [f for f in context.facts_of(FactKind.exam_finding) if f.value.get("positive")]
    return any(current(f) for f in [*signs, *context.facts_of(FactKind.adl_limitation)])


#: A gain the sentence of the treatment sets against a complaint that goes on: "8 visits done,
#: strength better but locking continues", "helped some but still giving way": partial relief.
_PARTIAL_GAIN = re.compile(
    r"\b(?:better|improved|helped|some\s+(?:relief|benefit|improvement))\b[^.;]{0,40}?\bbut\b"
    r"(?!\s+(?:no\s+longer|now\s+(?:resolved|gone)))[^.;]{0,40}?\b(?:continues?|continuing|"
    r"persists?|persisting|persistent|still|remains?|unchanged|ongoing)\b", re.IGNORECASE)


#: Within a bracket of outcomes, the word that moves on to a treatment that came after.
_NEXT_IN_BRACKET = re.compile(
    r"[,;]\s*(?:and\s+)?(?:then|followed\s+by|later|subsequently|after\s+(?:that|which)|"
    r"next|went\s+on\s+to|proceeded\s+to|progressed\s+to)\b", re.IGNORECASE)


def _told_as_failed(context: Context, fact: Fact) -> bool:
    """The words right around the mention, within its list item, tell it failed or helped only
    in part."""
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page)) or ""
    before = re.split(r"[,;.\n]\s", text[max(0, evidence.start - 40):evidence.start])[-1]
    after = re.split(r"[,;.]\s|\n", text[evidence.end:evidence.end + 50])[0]
    # a bracket opened after the mention holds its outcome whole ("ESI x2 (2013, minimal
    # lasting benefit)"): the comma inside it does not end the item
    if "(" in after and ")" not in after[after.rindex("("):]:
        close = text.find(")", evidence.end + len(after), evidence.end + 120)
        if close >= 0 and "\n\n" not in text[evidence.end:close]:
            # ... up to a treatment that followed it ("facet injections (2022, excellent
            # relief, then RFA which failed)": the failure is the RFA's)
            after = _NEXT_IN_BRACKET.split(text[evidence.end:close], maxsplit=1)[0]
    return bool(_TOLD_FAILED.search(before + " " + fact.evidence.quote + " " + after)
                or _TRAILING_FAILED.match(text, evidence.end))


#: What a drug does that makes a worker stop it: its side effects, in the words notes use.
_INTOLERANCE = re.compile(
    r"\b(?:side[- ]effects?|adverse|intoleran\w*|dizz\w*|drows\w*|sedat\w*|somnolen\w*|nause\w*|"
    r"vomit\w*|rash\w*|hives|ataxi\w*|falls?|fell|unsteady|confus\w*|fog\w*|cognitive|edema|"
    r"swelling|weight\s+gain|retention|constipat\w*|GI\s+upset|dyspepsia|heartburn|bleed\w*|"
    r"palpitations|insomnia|dry\s+mouth|blurr\w*|\"?drunk)|"
    # a raised blood pressure or the kidneys, an NSAID's known harms: "naproxen (stopped - BP)",
    # "ibuprofen d/c'd due to elevated blood pressure" (a reading, "BP 128/80", is no reason)
    r"(?:-|\u2013|:|due\s+to|because\s+of|for|d/t|secondary\s+to)\s*(?:high\s+|elevated\s+|raised\s+)?"
    r"(?:BP|blood\s+pressure)\b(?!\s*:?\s*\d)|"
    r"\b(?:high|elevated|raised|rising|increased|uncontrolled)\s+(?:BP|blood\s+pressure)\b|"
    r"\bhypertensi\w*|\b(?:renal|kidney)\s+(?:function|insufficien\w*|injury|concerns?|issues?)",
    re.IGNORECASE)
_RESUMED = re.compile(r"\b(?:re-?start\w*|resum\w+|back\s+on|again)\b", re.IGNORECASE)


def _stopped_for_side_effects(context: Context, fact: Fact) -> bool:
    """The drug's own sentence tells it was stopped for what it did to the worker ("Gabapentin
    300 tid - ataxia, fell at home, stopped", "Nortriptyline -> urinary retention, stopped"):
    a trial not tolerated, which is a failed trial (issue 12 §1), unless the sentence takes
    the drug up again or tells of benefit."""
    if fact.kind is not FactKind.medication:
        return False
    sentence = context.sentence_of(fact)
    at = sentence.lower().find(fact.evidence.quote.lower())
    if at < 0:
        return False
    after = sentence[at + len(fact.evidence.quote):]
    stop = STOPPED.search(after)
    told = stop is not None and _INTOLERANCE.search(after[:stop.start()] + " " + after[stop.end():])
    if not told and fact.value.get("action") == "stop":
        told = _INTOLERANCE.search(sentence)
    return bool(told) and not _RESUMED.search(after) and not BENEFIT.search(sentence)


def _worn_and_persisting(context: Context) -> list[Evidence]:
    """A splint, brace or pad a treating note tells as worn for a while with the complaint
    persisting (the reader's `persisting.worn_and_persisting`): a trial of the device that
    did not settle it (a completed trial followed by persisting symptoms is a failure, issue
    12 §1)."""
    return [evidence for document, page, text in first_hand_pages(context)
            for evidence in worn_and_persisting(document, page, text)][:2]


def _course_span_and_persisting(context: Context) -> list[Evidence]:
    """A course of therapy a treating note tells by its span, followed in that note by a
    complaint that goes on (the reader's `persisting.course_span_and_persisting`): a
    completed course followed by persisting symptoms is a failure (issue 12 §1), whether the
    course was counted in visits or in weeks."""
    for document, page, text in first_hand_pages(context):
        found = course_span_and_persisting(document, page, text)
        if found:
            return found
    return []


#: An injection's relief under half, or lasting under six weeks, is partial (the outcome
#: grading of `records/rules/outcomes.yaml`, convention 5): a trial that failed.
_LASTING_RELIEF_WEEKS = 6
_ENOUGH_RELIEF_PERCENT = 50


def _relief_weeks(context: Context, fact: Fact) -> float | None:
    """The weeks of relief an injection gave: the reader's, else the words in its clause
    (the reader's `injection_relief.weeks_beside`)."""
    if fact.value.get("duration_weeks") is not None:
        return float(fact.value["duration_weeks"])
    return injection_relief.weeks_beside(context.clause_of(fact))


def _short_lived_injections(context: Context) -> list[Fact]:
    """Injections the records report with relief too short or too small ("steroid injection
    01/2019 - 3 weeks relief", "ESI x2, relief 2-3 weeks each")."""
    return [f for f in context.facts_of(FactKind.injection_history)
            if ((weeks := _relief_weeks(context, f)) is not None
                and weeks < _LASTING_RELIEF_WEEKS)
            or (f.value.get("relief_percent") is not None
                and f.value["relief_percent"] < _ENOUGH_RELIEF_PERCENT)]


@predicate("treatment_failed")
def treatment_failed(context: Context, treatments: list[str], description: str) -> Outcome:
    """A trial of the named treatments failed: it failed, gave partial or short-lived relief,
    was not tolerated, or a completed course was followed by symptoms that persist. One
    mention that it helped never outweighs documented persistence."""
    trials = [f for f in context.facts_of(FactKind.treatment_trial, treatment=treatments)
              if not _another_stimulator(f, treatments)]
    failed = [f for f in trials if f.value.get("outcome") in FAILED]
    mentions = _treatment_mentions(context, treatments)
    failed += [f for f in mentions if _told_as_failed(context, f)]
    failed += [f for f in mentions if f not in failed and _tried_and_persisting(context, f)]
    failed += [f for f in mentions if f not in failed
               and _PARTIAL_GAIN.search(context.sentence_of(f))]
    failed += [f for f in mentions if f not in failed and _stopped_for_side_effects(context, f)]
    if "injection" in treatments:
        failed += _short_lived_injections(context)
        # an injection whose outcome its own mention tells ("ESI x2 (minimal lasting
        # benefit)", "facet injections without relief")
        failed += [f for f in context.facts_of(FactKind.injection_history)
                   if f not in failed and _told_as_failed(context, f)]
    # stopped for scheduling, transport or insurance: no trial of the care, neither failed
    # nor "not tolerated"
    failed = [f for f in failed if not _CUT_SHORT.search(context.clause_of(f))]
    if failed:
        return Outcome.met(f"The records document that {description} failed, gave only "
                           "partial relief or was not tolerated.", failed)
    worn = _worn_and_persisting(context) if "bracing" in treatments else []
    if not worn and {"physical_therapy", "occupational_therapy"} & set(treatments):
        worn = _course_span_and_persisting(context)
    if worn:
        return Outcome(CriterionStatus.met, f"The records document {description} given or "
                       "worn for a while with the complaint unchanged, so it did not relieve it.",
                       tuple(worn))
    courses = [f for f in _completed_courses(context, treatments)
               if not _course_just_begun(context, f)]
    # (a gain told of another body part on its own labelled line is not this one's)
    helped = [f for f in trials if f.value.get("outcome") == "helped"
              and not labelled_other_part(context, f)]
    since = max((f.date for f in [*courses, *helped] if f.date), default=None)
    persisting = persisting_pain(context, since) if (courses or helped) else []
    if persisting:
        what = "a completed course of" if courses else "relief from"
        return Outcome.met(f"The records document {what} {description} followed by pain that "
                           "persists, so the relief was partial or did not last.",
                           [*(courses or helped)[-2:], *persisting])
    # With no score after it, a worker still off work after completed courses is not helped.
    disabled = persisting_disability(context, since) if courses else []
    if disabled:
        return Outcome.met(f"The records document a completed course of {description} and the "
                           "worker still unable to work, so it did not restore function.",
                           [*courses[-2:], *disabled])
    # Nor is one whose later notes, giving no score, still document limits in daily activities.
    limited = persisting_limitation(context, since) if courses else []
    if limited:
        return Outcome.met(f"The records document a completed course of {description} followed "
                           "by limits in daily activities that persist, so it did not restore "
                           "function.", [*courses[-2:], *limited[-2:]])
    # Nor one after which, with no score and no word that it helped, the examination still
    # finds the signs of the complaint (effusion, locking, a positive provocative test).
    signs = persisting_signs(context, since) if courses and not helped else []
    if signs:
        return Outcome.met(f"The records document a completed course of {description} followed "
                           "by examination signs that persist, so it did not resolve the "
                           "complaint.", [*courses[-2:], *signs[-2:]])
    ongoing = [] if helped else _ongoing_treatments(context, treatments)
    since = min((f.date for f in ongoing if f.date), default=None)
    persisting = persisting_pain(context, since, by_note=True) if ongoing else []
    if persisting:
        return Outcome.met(f"The records document {description} in use with pain that "
                           "persists on it, so the relief is not enough.",
                           [*ongoing[:2], *persisting])
    # With no score, limits in daily activities that the notes record on an analgesic are the
    # same sign (not on a drug for sleep or mood, nor on a home program, whose aim is not the
    # activity the note finds limited).
    analgesics = [f for f in ongoing if f.kind is FactKind.medication
                  and _drug_class(f) in _ANALGESIC_CLASSES]
    limited = persisting_limitation(context, min((f.date for f in analgesics if f.date),
                                                 default=None)) if analgesics else []
    if limited:
        return Outcome.met(f"The records document {description} in use with limits in daily "
                           "activities that persist on it, so the relief is not enough.",
                           [*analgesics[:2], *limited[-2:]])
    # Nor, with no score and no word of a gain, one in use while the examination still finds
    # the signs of the complaint ("naproxen since December; Neer and Hawkins positive"), as
    # after a completed course.
    established = [f for f in ongoing if f.kind is FactKind.medication
                   and _drug_class(f) in _ANALGESIC_CLASSES and _taken_a_while(context, f)]
    signs = persisting_signs(context, min((f.date for f in established if f.date),
                                          default=None)) if established else []
    if signs:
        return Outcome.met(f"The records document {description} in use with examination signs "
                           "that persist on it, so it has not resolved the complaint.",
                           [*established[:2], *signs[-2:]])
    if helped:
        return Outcome.not_met(f"The records document that {description} helped, so it has not "
                               "failed.", helped)
    return Outcome.unknown(
        context.none_documents(f"documents a failed trial of {description}"),
        f"a failed trial of {description}", trials)


#: Stimulators other than TENS, which the reading files under the one treatment of electrical
#: stimulation ("H-wave trial helped"), and TENS named.
_OTHER_STIMULATOR = re.compile(r"\bH[-\s]?wave\b|\binterferential\b|\b(?-i:IF|IFC|NMES)\b",
                               re.IGNORECASE)
_TENS_NAMED = re.compile(r"\b(?-i:TENS)\b|transcutaneous", re.IGNORECASE)


def _another_stimulator(fact: Fact, treatments: list[str]) -> bool:
    """A trial read as TENS whose own words name another stimulator and not TENS: an H-wave
    or interferential trial, which is no trial of TENS where the guideline asks for TENS
    first (CPMTG pp. 117-118: H-wave only after TENS has failed; decide-dev42)."""
    quote = fact.evidence.quote
    return ("tens" in treatments and fact.value.get("treatment") == "tens"
            and bool(_OTHER_STIMULATOR.search(quote)) and not _TENS_NAMED.search(quote))


#: A change of pain told of a medication's effect ("with a tablet ... 7 to 3") is analgesia, not
#: the course of the condition.
_ANALGESIA_CUE = re.compile(r"\b(?:with\s+(?:a|the|each|one)\s+(?:tablet|pill|dose)|after\s+(?:a|"
                            r"the|each|one)\s+(?:tablet|pill|dose)|with(?:out)?\s+(?:the\s+)?"
                            r"(?:medications?|meds)|wears?\s+off)\b", re.IGNORECASE)


@predicate("pain_improved")
def pain_improved(context: Context, min_percent: float = 30) -> Outcome:
    """The condition is improving: the latest treating note writes its pain as a fall from an
    earlier level ("Pain 3/10 (was 7)") by at least `min_percent`, or its score is that much
    below the first score of the records. Unknown otherwise (the records may still say it in
    words): a gate for criteria that wait while the worker improves."""
    dates = document_dates(context)
    pages = first_hand_pages(context)
    # Only the latest treating note tells where the worker is now.
    latest = max((dates[d] for d, _, _ in pages if d in dates), default=None)
    for document, page, text in pages:
        if dates.get(document) != latest:
            continue
        for match, before, after in pain_changes(text):
            around = text[max(0, match.start() - 60):match.end() + 40]
            if _ANALGESIA_CUE.search(around) or (before - after) / before * 100 < min_percent:
                continue
            when = f" of {latest:%m/%d/%Y}" if latest else ""
            return Outcome(CriterionStatus.met,
                           f"Pain has fallen from {before:g}/10 to {after:g}/10 (the latest "
                           f"note{when}): the condition is improving.",
                           (Evidence(document=document, page=page, start=match.start(),
                                     end=match.end(), quote=match.group(0)),))
    scores = sorted((f for f in context.facts_of(FactKind.pain_score)
                     if f.date is not None and not f.historical
                     and f.value.get("context") in (None, "current", "average")),
                    key=lambda f: (f.date, f.evidence.start))
    if len(scores) >= 2 and scores[0].date < scores[-1].date:
        first, last = float(scores[0].value["value"]), float(scores[-1].value["value"])
        if first > 0 and (first - last) / first * 100 >= min_percent:
            return Outcome.met(f"Pain has fallen from {first:g}/10 ({scores[0].date:%m/%d/%Y}) to "
                               f"{last:g}/10 ({scores[-1].date:%m/%d/%Y}): the condition is "
                               "improving.", [scores[0], scores[-1]])
    return Outcome.unknown("The pain scores of the records do not show the condition improving.",
                           "a documented improvement of pain")


#: Headache frequency written as a change: "headache days 14/mo -> 5/mo", "migraines from 12 to
#: 4 a month", "headache days 5/month (was 14)".
_HEADACHE = r"(?:headaches?|migraines?|attacks?)(?:\s+(?:days?|frequency))?"
_PER = r"(?:\s*(?:/|per|a|each)\s*(?:mo(?:nth)?|wk|week)\b\.?|\s*days?(?:/|\s+per\s+|\s+a\s+)(?:mo(?:nth)?|wk|week))?"
_HEADACHE_CHANGE = re.compile(
    rf"\b{_HEADACHE}\s*:?\s*(?:(?:have\s+)?(?:fell|fallen|dropped|decreased|reduced|went|gone|down)\s+)?"
    rf"(?:from\s+)?(\d{{1,2}}){_PER}\s*(?:->|→|=>|\bto\b)\s*(\d{{1,2}}){_PER}", re.IGNORECASE)
_HEADACHE_WAS = re.compile(rf"\b{_HEADACHE}\s*:?\s*(\d{{1,2}}){_PER}\s*\((?:was|from|down\s+from|"
                           rf"baseline)\s*(\d{{1,2}})", re.IGNORECASE)


@predicate("headache_frequency_reduced")
def headache_frequency_reduced(context: Context, min_percent: float = 50,
                               chronic_min_percent: float | None = None) -> Outcome:
    """A treating note writes the headache frequency as fallen by at least `min_percent` (ODG
    and the American Headache Society take a halving of headache days as a preventive's
    success; general guideline knowledge, verified: false); a smaller fall is not met.
    `chronic_min_percent`: the smaller fall that counts for a chronic headache, one of at
    least 15 days a month before the drug (the American Headache Society's 2021 consensus
    takes a 30% fall of monthly headache days as a meaningful response there)."""
    changes: list[tuple[float, float, Evidence]] = []
    for document, page, text in first_hand_pages(context):
        for pattern, swap in ((_HEADACHE_CHANGE, False), (_HEADACHE_WAS, True)):
            for match in pattern.finditer(text):
                before, after = float(match.group(1)), float(match.group(2))
                if swap:
                    before, after = after, before
                changes.append((before, after, Evidence(
                    document=document, page=page, start=match.start(), end=match.end(),
                    quote=match.group(0))))
    if not changes:
        return Outcome.unknown(context.none_documents("writes the headache frequency before and "
                                                      "on the treatment"),
                               "the headache frequency before and on the treatment")
    before, after, evidence = changes[-1]
    fall = (before - after) / before * 100 if before else 0
    if chronic_min_percent is not None and before >= _CHRONIC_HEADACHE_DAYS and not re.search(
            r"\b(?:week|wk)", evidence.quote, re.IGNORECASE) and fall >= chronic_min_percent:
        return Outcome(CriterionStatus.met, f"Headache frequency fell from {before:g} to "
                       f"{after:g} ({fall:.0f}%), a meaningful fall for a chronic headache "
                       f"({before:g} days a month before).", (evidence,))
    if fall >= min_percent:
        return Outcome(CriterionStatus.met, f"Headache frequency fell from {before:g} to "
                       f"{after:g} ({fall:.0f}%).", (evidence,))
    return Outcome(CriterionStatus.not_met, f"Headache frequency went from {before:g} to "
                   f"{after:g}, less than a {min_percent:g}% fall.", (evidence,))


@predicate("sleep_improved")
def sleep_improved(context: Context) -> Outcome:
    """A night's sleep lengthened in the treating notes ("sleeping about four hours a night",
    then "sleep diary: 6 1/2 hours"): the benefit of a drug given for insomnia (CPMTG
    pp. 13-16 ask that sleep be assessed with pain and function; general guideline
    knowledge). Never not met: sleep left unmeasured only adds no way to be met."""
    found = sleep_improvement(context)
    if found:
        return Outcome.met("The records document longer sleep on the treatment "
                           f"({found[-1].value.get('detail')}).", found)
    return Outcome.unknown(context.none_documents("documents a night's sleep that lengthened"),
                           "longer sleep on the treatment")


#: Headache days a month from which a headache is chronic (ICHD-3: 15 or more).
_CHRONIC_HEADACHE_DAYS = 15


@predicate("mood_improved")
def mood_improved(context: Context) -> Outcome:
    """A depression or anxiety scale (PHQ-9, HAM-D, BDI-II, GAD-7) improved by its clinically
    important difference in the treating notes: the benefit of a drug given for mood."""
    found = mood_improvement(context)
    if found:
        return Outcome.met("The records document a clinically important improvement of a "
                           f"depression or anxiety scale ({found[-1].value.get('detail')}).",
                           found)
    return Outcome.unknown(context.none_documents("documents a depression or anxiety scale "
                                                  "that improved"),
                           "an improvement of mood on a depression or anxiety scale")


#: A diagnosis the note says it took from a form, not from the examination ("DX: lumbar
#: radiculopathy (per RFA template)", "auto-filled from the request"): the request's claim,
#: which the case file's list then carries unquoted for a physician to check.
_FILLED_IN = re.compile(r"\bauto-?(?:fill|populat)\w*|\b(?:per|from)\s+(?:the\s+)?(?:RFA|request"
                        r"\s+for\s+authori[sz]ation)\b(?:\s+(?:template|form))?|\b(?:per|from)\s+"
                        r"(?:the\s+)?(?:EHR\s+)?template\b", re.IGNORECASE)


@predicate("diagnosis_in_groups")
def diagnosis_in_groups(context: Context, groups: list[str], description: str,
                        patterns: list[str] | None = None,
                        code_prefixes: list[str] | None = None) -> Outcome:
    """A documented diagnosis (case file or records) falls in one of the groups, or matches one
    of the extra description `patterns` or ICD-10 `code_prefixes`."""
    extra = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None
    prefixes = tuple(p.upper() for p in code_prefixes or ())

    def fits(code: str | None, text: str | None, group: str | None = None) -> bool:
        # "Spondylosis without myelopathy or radiculopathy" names what the worker does not have.
        text = re.sub(r"\bwithout\b[^,;()]*", "", text) if text else text
        if group in groups or set(groups_of([(code, text)])) & set(groups):
            return True
        if prefixes and code and code.upper().startswith(prefixes):
            return True
        return bool(extra and text and extra.search(text))

    pairs = [(d.code, d.description) for d in context.case.diagnoses]
    facts = [f for f in context.facts_of(FactKind.diagnosis)
             if not _FILLED_IN.search(context.clause_of(f))]
    matching = [f for f in facts
                if fits(f.value.get("code"), f.value.get("text"), f.value.get("group"))]
    if matching:
        return Outcome.met(f"The documented diagnoses include {description}.", matching)
    if any(fits(code, text) for code, text in pairs):
        # Only the case file's list (the application's codes) names it: no treating record is
        # quoted, so a physician checks it against the notes.
        return replace(Outcome.met(f"The case file's diagnoses include {description}."),
                       unquoted=True)
    pairs += [(f.value.get("code"), f.value.get("text")) for f in facts]
    if pairs:
        named = "; ".join(dict.fromkeys(filter(None, (d or c for c, d in pairs))))
        return Outcome.not_met(f"The documented diagnoses ({named}) do not include "
                               f"{description}.", facts[:2])
    return Outcome.unknown(context.none_documents(f"gives a diagnosis of {description}"),
                           f"a diagnosis of {description}")


@predicate("fact_value_in")
def fact_value_in(context: Context, kind: str, key: str, met: list[str], not_met: list[str],
                  description: str) -> Outcome:
    """The latest fact of a kind has a value that settles the criterion either way (a work
    status of modified duty is a return to work; temporarily totally disabled is not)."""
    facts = [f for f in context.facts_of(kind) if f.value.get(key) in (*met, *not_met)]
    if not facts:
        return Outcome.unknown(context.none_documents(f"documents {description}"), description)
    last = _latest(facts)
    shown = str(last.value[key]).replace("_", " ")
    if last.value[key] in met:
        return Outcome.met(f"The records document {description} ({shown}).", [last])
    return Outcome.not_met(f"The records document {shown}, which is not {description}.", [last])


#: Findings graded against the other side: a joint as lax as the uninjured one is physiologic
#: laxity, not instability (general guideline knowledge: ligament tests compare both sides).
_COMPARED_WITH_OTHER_SIDE = frozenset({"instability"})
#: Words right after a finding that say it equals the other side ("drawer 1+ (L=R)").
_SAME_AS_OTHER_SIDE = re.compile(r"^[^.;]{0,40}?(?:\b[LR]\s*=\s*[LR]\b|\bsymmetric(?:al)?\b|"
                                 r"\bequal\s+(?:bilaterally|to\s+the\s+(?:other|opposite|"
                                 r"contralateral)))", re.IGNORECASE)


def _same_as_other_side(context: Context, fact: Fact) -> bool:
    if fact.value.get("finding") not in _COMPARED_WITH_OTHER_SIDE:
        return False
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page), "")
    return bool(_SAME_AS_OTHER_SIDE.search(text[evidence.end:evidence.end + 60]))


@predicate("finding_documented")
def finding_documented(context: Context, findings: list[str], description: str,
                       except_details: list[str] | None = None,
                       except_sets: list[str] | None = None,
                       by_body_part: dict[str, dict[str, Any]] | None = None) -> Outcome:
    """An examination finding of the listed kinds is documented as present (positive); a laxity
    the note says equals the other side is not. A positive finding whose words match one of
    `except_details`, or of the shared lists `except_sets` names (`data/statements.yaml`:
    "deconditioning"), is left to another check (a weak thumb muscle is the wrist's sign, not
    the neck's): it counts neither way. `by_body_part`: for a request of that body part, its
    own `findings` and `description` (a straight leg raise tests a lumbar root: it is no sign
    of a cervical one, and a neck's letter does not list it)."""
    from openimr.guidelines.predicates.statements import statement_set

    regional = (by_body_part or {}).get(context.request.body_part or "")
    if regional:
        findings = regional.get("findings", findings)
        description = regional.get("description", description)
    except_details = [*(except_details or []), *statement_set(except_sets)]
    # one hand's grip force alone is a measure, not a finding either way
    facts = [f for f in context.facts_of(FactKind.exam_finding, finding=findings)
             if not force_alone(f)]
    if except_details:
        left = re.compile("|".join(except_details), re.IGNORECASE)
        facts = [f for f in facts if not (f.value.get("positive", True)
                                          and left.search(str(f.value.get("detail") or "")))]
    positive = [f for f in facts if f.value.get("positive", True)
                and not _same_as_other_side(context, f)]
    if positive:
        return Outcome.met(f"The examination documents {description}.", positive)
    negative = [f for f in facts if f.value.get("positive") is False]
    negative += context.facts_of(FactKind.exam_finding, asserted=False, finding=findings)
    if negative:
        return Outcome.not_met(f"The examination documents no {description}.", negative)
    return Outcome.unknown(context.none_documents(f"documents {description} on examination"),
                           description)


#: A gait impairment as notes write it beside the examination's gait finding: the gait
#: described, a measured fall risk (a Berg balance score under 45 of 56), falls and near-falls,
#: the balance lost, or the walk unsafe without a device. Each is the instability a walking aid
#: or bathroom equipment answers (ODG Knee & Leg, walking aids and DME; general guideline
#: knowledge, verified: false).
GAIT_STATEMENTS = [
    r"(?:antalgic|unsteady|shuffling|wide[- ]based|ataxic|trendelenburg|slow,? guarded) gait",
    r"gait (?:\w+ ){0,3}(?:unsteady|antalgic|trendelenburg|impaired|abnormal|instability)",
    r"(?:high|increased|significant|elevated) (?:risk of falls?|fall risk)",
    r"\bBerg (?:balance )?(?:score )?(?:of )?(?:[0-9]|[1-3][0-9]|4[0-4])\s*/\s*56",
    r"\bnear[- ]falls?\b",
    r"\b(?:LOB|loss of balance)\b",
    r"\b(?:\d+|two|three|several|multiple|recurrent|frequent) falls\b",
    r"unsafe (?:to (?:walk|ambulate) )?without (?:a |an |the |her |his )?(?:device|walker|cane|"
    r"assistive|FWW|rollator|crutch)",
    # what happens without the aid, told after it: "without the cane he staggers", "off the
    # walker she loses her balance" (the "without" sets the condition, it denies nothing)
    r"(?:without|off) (?:a |an |the |her |his |their )?(?:assistive )?(?:device|walker|cane|FWW|"
    r"rollator|crutch(?:es)?)\W{1,3}(?:\w+ ){0,3}?(?:los(?:es|ing|t) (?:her |his |their )?balance|"
    r"falls|fell|is unsteady|unsteady|near[- ]falls?|staggers|stumbles|buckles)",
    r"\blos(?:es|ing|t) (?:her |his |their )?balance\b",
    # a Timed Up and Go of 14 seconds or more: a measured fall risk
    r"\b(?:TUG|timed up (?:and|&) go)\W{1,4}(?:test\W{1,3})?(?:of |score |time )?(?:1[4-9]|[2-9][0-9])"
    r"(?:\.[0-9])? ?(?:s|secs?|seconds)\b",
]


@predicate("gait_impairment_documented")
def gait_impairment_documented(context: Context, description: str,
                               findings: list[str] | None = None) -> Outcome:
    """A gait impairment: an examination finding of the kinds named (gait, instability), else a
    treating note's words for it (`GAIT_STATEMENTS`)."""
    from openimr.guidelines.predicates.statements import records_state

    examined = finding_documented(context, findings or ["gait", "instability"], description)
    if examined.status is CriterionStatus.met:
        return examined
    told = records_state(context, description, met_patterns=GAIT_STATEMENTS)
    return told if told.status is CriterionStatus.met else examined


@predicate("corroborated_by_testing")
def corroborated_by_testing(context: Context, imaging_categories: list[str],
                            description: str) -> Outcome:
    """Imaging or electrodiagnostic testing corroborates the clinical finding.

    A study corroborates radiculopathy when it shows a lesion at the nerve root: a disc that
    only bulges is a common finding without symptoms, and a report that says the roots are
    free ("no nerve root impingement") corroborates nothing with the rest of its findings
    (general guideline knowledge, ACOEM ch. 12: imaging findings must match the clinical
    picture)."""
    images = [f for f in context.facts_of(FactKind.imaging_finding, category=imaging_categories)
              if not nonspecific_for_roots(context, f)]
    studies = [f for f in context.facts_of(FactKind.electrodiagnostic_finding)
               if f.value.get("radiculopathy") is True]
    if images or studies:
        return Outcome.met(f"Testing corroborates {description}.", images + studies)
    normal = context.facts_of(FactKind.imaging_finding, category="normal")
    normal += [f for f in context.facts_of(FactKind.electrodiagnostic_finding)
               if f.value.get("radiculopathy") is False]
    if normal:
        return Outcome.not_met(f"The imaging or electrodiagnostic testing documented does not "
                               f"show {description}.", normal)
    return Outcome.unknown(
        context.none_documents(f"documents imaging or electrodiagnostic evidence of {description}"),
        f"imaging or electrodiagnostic corroboration of {description}")


#: A disc finding that is only a bulge, without protrusion, herniation or extrusion.
_BULGE_ONLY = re.compile(r"\bbulg", re.IGNORECASE)
_FOCAL_DISC = re.compile(r"protru|herniat|extru|sequest|\bHNP\b|impinge|compress|contact|abut|"
                         r"displac|effac", re.IGNORECASE)
#: Nerve root findings a report can say are absent.
_ROOT_CATEGORIES = ("nerve_root_compression",)


def nonspecific_for_roots(context: Context, fact: Fact) -> bool:
    """An imaging finding that does not corroborate a radiculopathy: a bulge alone, or a disc
    finding in a report that says the nerve roots are free."""
    words = str(fact.value.get("finding") or fact.evidence.quote)
    if fact.value.get("category") in _ROOT_CATEGORIES:
        return False
    if _BULGE_ONLY.search(words) and not _FOCAL_DISC.search(words):
        return True
    roots_free = context.facts_of(FactKind.imaging_finding, asserted=False,
                                  category=list(_ROOT_CATEGORIES))
    return any(f.evidence.document == fact.evidence.document and f.negated for f in roots_free)


_RESPONSE_KEYS = ("relief_percent", "duration_weeks", "medication_reduced", "functional_gain")


#: "s/p L L5-S1 TFESI", "status post right C5-6 ESI": the words right before a procedure that
#: tell it as done (up to three words between: the side, the level).
_DONE_BEFORE_RE = re.compile(r"\b(?:s/p|status\s+post)\s*(?:[\w-]+\s+){0,3}$", re.IGNORECASE)


def _reports_response(fact: Fact, context: Context | None = None) -> bool:
    """An injection the worker already had: its response is reported, or it is told as past
    ("s/p L5-S1 TFESI", a date in its sentence before the note's own), or a procedure report
    records it. A bare mention ("PLAN: L5-S1 epidural injection") is the request, not a prior
    injection."""
    if fact.historical or any(fact.value.get(key) is not None for key in _RESPONSE_KEYS):
        return True
    if context is None:
        return False
    if fact.evidence.document in context.procedure_reports:
        return True
    if fact.hypothetical or fact.negated:
        return False
    return _told_as_done(context, fact) or _procedure_date(context, fact) is not None


def _tells_response(fact: Fact) -> bool:
    """A mention that tells a procedure's response (relief, its duration) or is linked to the
    procedure it reports on, rather than the procedure itself."""
    return fact.about is not None or any(fact.value.get(key) is not None
                                         for key in _RESPONSE_KEYS)


def _told_as_done(context: Context, fact: Fact) -> bool:
    """The words on the fact's line right before it tell the procedure as done ("s/p")."""
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page))
    if not text:
        return False
    line_start = text.rfind("\n", 0, evidence.start) + 1
    return bool(_DONE_BEFORE_RE.search(text[max(line_start, evidence.start - 60):evidence.start]))


#: The note says an injection's result cannot be judged yet: it was given too recently.
_RESULT_PENDING_RE = re.compile(
    r"\btoo\s+(?:early|soon)\s+to\s+(?:tell|say|know|judge|assess|evaluate|determine|gauge)|"
    r"\b(?:response|result|effect|benefit|relief)s?\s+(?:is\s+|are\s+)?(?:not\s+yet|yet\s+to\s+be|"
    r"still)\s+(?:known|clear|determined|apparent|evident|seen|pending)|"
    r"\b(?:response|result|effect)s?\s+(?:is\s+|are\s+)?pending|"
    r"\b(?:awaiting|waiting\s+(?:for|on))\s+(?:the\s+|its\s+|a\s+)?(?:response|result|effect|benefit)",
    re.IGNORECASE)
#: Weaker cues of the same (given just now, to be reassessed), which a word of the injection's
#: failure in the same place overrides ("just had a shot, still locking").
_RESULT_LATER_RE = re.compile(
    r"\bjust\s+(?:had|got|received|been\s+given|given|done|injected)\b|"
    r"\b(?:will|to|plan\s+to)\s+(?:reassess|re-assess|re-evaluate|reevaluate|recheck|see\s+how)\b",
    re.IGNORECASE)
_FAILED_WORDS_RE = re.compile(
    r"\b(?:no|little|minimal|without)\s+(?:relief|help|benefit|improvement|change)|"
    r"\bdid(?:\s+not|n't)\s+help|\bnot\s+help|\bfailed|\bpersist|\brecur|\bcame\s+back|"
    r"\breturned|\bworse|\bstill\s+(?:locking|triggering|catching|painful|symptomatic|has|having|"
    r"with)", re.IGNORECASE)


def _result_pending(context: Context, fact: Fact) -> bool:
    """The note says the injection's result is not known yet ("too early to tell", "just had
    it, will reassess"): in its sentence or the one after it, up to the mention of another
    injection (which the words may be about). One with a response of its own is not pending."""
    if any(fact.value.get(key) is not None for key in _RESPONSE_KEYS):
        return False
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page))
    if not text:
        return False
    begin = max(text.rfind(stop, 0, evidence.start) for stop in SENTENCE_STOPS) + 1
    rest = re.match(r"[^.\n]*[.\n]?[^.\n]*", text[evidence.end:])
    end = evidence.end + (rest.end() if rest else 0)
    for other in context.facts_of(FactKind.injection_history):
        where = other.evidence
        if (where.document, where.page) != (evidence.document, evidence.page):
            continue
        if where.end <= evidence.start:
            begin = max(begin, where.end)
        elif where.start >= evidence.end:
            end = min(end, where.start)
    words = text[begin:end]
    if _RESULT_PENDING_RE.search(words):
        return True
    return bool(_RESULT_LATER_RE.search(words)) and not _FAILED_WORDS_RE.search(words)


@predicate("prior_injection_documented")
def prior_injection_documented(context: Context, types: list[str], description: str,
                               result_known: bool = False, same_part: bool = False) -> Outcome:
    """The worker already had an injection of these types (a gate for repeat criteria). With
    `result_known`, where the injection stands for one that failed, an injection whose result
    the note says is not known yet is no such injection: unknown when it is the only one.
    With `same_part`, only an injection of the requested body part and side counts (a
    shoulder's injection tells nothing of the knee's response: review 12, R6)."""
    from openimr.guidelines.predicates.associated import of_requested_part

    prior = [f for f in context.facts_of(FactKind.injection_history, type=types)
             if _reports_response(f, context)
             and (not same_part or of_requested_part(context, f))]
    pending = [f for f in prior if result_known and _result_pending(context, f)]
    settled = [f for f in prior if f not in pending]
    if settled:
        return Outcome.met(f"The records document {description}.", settled)
    if pending:
        return Outcome.unknown(f"The records document {description}, but say its result is not "
                               "known yet.", f"the result of {description}", pending)
    return Outcome.not_met(f"No record submitted documents {description}.")


#: A procedure report's words of imaging guidance: "under ultrasound", "US-guided",
#: "fluoroscopic", "image-guided", "C-arm", "sonographic" (`data/statements.yaml`, the one
#: list the request's own words are read with too: review 15, finding 15).
@functools.cache
def _imaging_guidance() -> re.Pattern[str]:
    from openimr.guidelines.predicates.statements import statement_set

    return re.compile("|".join(statement_set(["imaging_guidance"])), re.IGNORECASE)


@predicate("prior_landmark_injection")
def prior_landmark_injection(context: Context, types: list[str], description: str) -> Outcome:
    """The last injection of the requested joint that a procedure report records was given by
    its landmarks: the report names no imaging guidance. (A guided injection is billed and
    documented as such, with its images kept, so a report silent on guidance is of a
    landmark-guided one.)"""
    from openimr.guidelines.predicates.associated import of_requested_part

    done = [f for f in context.facts_of(FactKind.injection_history, type=types)
            if f.evidence.document in context.procedure_reports and f.date is not None
            and of_requested_part(context, f)]
    if not done:
        return Outcome.not_met(f"No procedure report submitted records {description}.")
    last = max(done, key=lambda f: f.date)
    report = " ".join(text for (document, _page), text in context.page_texts.items()
                      if document == last.evidence.document)
    if _imaging_guidance().search(report):
        return Outcome.not_met(f"The last injection's procedure report ({last.date:%m/%d/%Y}) "
                               "records imaging guidance.", [last])
    return Outcome.met(f"The procedure report of {last.date:%m/%d/%Y} records {description} "
                       "given without imaging guidance.", [last])


@predicate("prior_injection_response")
def prior_injection_response(context: Context, types: list[str], min_relief_percent: int,
                             min_weeks: float | None = None, require_medication_reduction: bool = False,
                             require_functional_gain: bool = False) -> Outcome:
    """The last injection of these types gave enough relief for long enough (repeat injections)."""
    injections = [f for f in context.facts_of(FactKind.injection_history, type=types)
                  if _reports_response(f, context)]
    if not injections:
        return Outcome.unknown(context.none_documents("documents the response to the prior "
                                                      "injection"),
                               "the response to the prior injection")
    responses = _responses_after(injections)
    value = _merged_response(responses)
    # What the injection facts leave open is read across the notes after the procedure (§1).
    later, later_evidence = response_in_later_notes(context, injections)
    for key, found in later.items():
        if value.get(key) is None or (key in ("medication_reduced", "functional_gain")
                                      and value[key] is False and found):
            value[key] = found
    responses = responses + later_evidence
    missing: list[str] = []
    failures: list[str] = []
    relief = value.get("relief_percent")
    weeks = value.get("duration_weeks")
    if relief is None:
        missing.append("the percentage of pain relief from the prior injection")
    elif relief < min_relief_percent:
        failures.append(f"{relief}% relief, less than {min_relief_percent}%")
    if min_weeks is None:
        pass
    elif weeks is None and value.get("duration_at_least_weeks", 0) >= min_weeks:
        # a later note still finds the pain down: the relief lasted at least until then
        weeks = value["duration_at_least_weeks"]
    elif weeks is None:
        missing.append("how long the relief from the prior injection lasted")
    elif weeks < min_weeks:
        failures.append(f"relief for {weeks:g} weeks, less than {min_weeks:g}")
    for flag, needed, what in (("medication_reduced", require_medication_reduction,
                                "a reduction in medication use"),
                               ("functional_gain", require_functional_gain,
                                "functional improvement")):
        if not needed:
            continue
        if value.get(flag) is None:
            missing.append(f"{what} after the prior injection")
        elif value.get(flag) is False:
            failures.append(f"no {what.removeprefix('a ')}")
    if failures:
        return Outcome.not_met("The prior injection gave " + "; ".join(failures) + ".", responses)
    if missing:
        return Outcome.unknown(context.none_documents("documents " + "; ".join(missing)),
                               missing, responses)
    lasting = (f" for {weeks:g} weeks" if value.get("duration_weeks") is not None
               else f", still there {weeks:g} weeks after it" if weeks is not None else "")
    return Outcome.met(f"The prior injection gave {relief}% relief{lasting}.", responses)


#: A mention that tells how long ago the procedure was, counted back from the time it is
#: told at: "back to 7/10 since ~12/2015 (13 months post RFA)", "6 wks s/p L5 TFESI", "four
#: months after the neurotomy". The span ends the text before the procedure's words.
#: (a decimal is read whole: "1.5 years post RFA" is 18 months, not 5 years)
_TIME_SINCE = re.compile(
    r"(?<![\d.])\b(\d{1,2}(?:\.\d+)?|" + NUMBER_WORD_PATTERN + r")\s*-?\s*(days?|wks?|weeks?|mos?|months?|yrs?|years?)\.?\s+(?P<link>post|after|following|"
    r"s/p|status[- ]post)\b[^.;:()\d]{0,30}$", re.IGNORECASE)
#: "after" or "following" counts back from the telling only where it tells the time now: at
#: the clause's start ("6 weeks after the ESI, pain is 3/10") or after a word of now ("now 4
#: months after the RFA"). Elsewhere it times another event ("pain returned 6 weeks after
#: the ESI", "relief ~3 months after the RFA"). Review 14, finding 9.
_NOW_BEFORE = re.compile(r"(?:^|[.;:!?(\n])\s*$|\b(?:now|currently|presently|today|is|are|he's|"
                         r"she's)\s+(?:about\s+|approximately\s+|roughly\s+|~\s*)?$",
                         re.IGNORECASE)
#: ... and not in a plan or a time still to come: "plan repeat RFA 6 months after the RFA".
_PLANNED_BEFORE = re.compile(r"\b(?:plan\w*|will|would|repeat|schedul\w*|consider\w*|due|"
                             r"eligible|candidate|wait\w*|until)\b[^.;:]*$", re.IGNORECASE)

#: The span is how long relief lasted, not how long ago: "relief for 6 weeks after the ESI".
_SPAN_OF_RELIEF = re.compile(r"\b(?:for|lasting|lasted|lasts|x)\s+(?:about\s+|approximately\s+|"
                             r"roughly\s+|nearly\s+|almost\s+|over\s+|only\s+|just\s+|~\s*)?$",
                             re.IGNORECASE)


def _told_back(context: Context, fact: Fact) -> dt.date | None:
    """The date a mention counts back to from its own date ("13 months post RFA" told of
    12/2015 is 11/2014), or None when its words give no span."""
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page)) or ""
    head = text[max(0, evidence.start - 40):evidence.end]
    found = _TIME_SINCE.search(head)
    if fact.date is None or found is None or fact.hypothetical \
            or _SPAN_OF_RELIEF.search(head[:found.start()]):
        return None
    at = max(0, evidence.start - 40) + found.start()
    before = text[max(0, at - 60):at]
    if found.group("link").lower() in ("after", "following") and (
            _PLANNED_BEFORE.search(before) or not _NOW_BEFORE.search(before)):
        return None
    count = NUMBER_WORDS.get(found.group(1).lower()) or float(found.group(1))
    unit = found.group(2).lower()
    if unit.startswith(("d", "w")):
        return fact.date - dt.timedelta(days=round(count * (7 if unit.startswith("w") else 1)))
    months = round(count * (12 if unit.startswith("y") else 1))
    year, month = divmod(fact.date.year * 12 + fact.date.month - 1 - months, 12)
    return dt.date(year, month + 1, min(fact.date.day, 28))


def _procedure_date(context: Context, fact: Fact) -> dt.date | None:
    """When a prior procedure was done, if the records say so: the date of its procedure report,
    a date its sentence gives, or one its words count back to ("13 months post RFA"). A later
    note that only mentions it carries its own date, which is not when the procedure was
    done."""
    if fact.date is None:
        return None
    if fact.evidence.document in context.procedure_reports:
        return fact.date
    told_back = _told_back(context, fact)
    if told_back is not None:
        return told_back
    # the date most of the note's facts carry, leaving out the facts of the procedure's own
    # sentence ("Prior RFA gave ~60-70% relief from 02/2014": the date is the procedure's)
    sentence = context.sentence_of(fact)
    dated = [f.date for f in context.facts
             if f.evidence.document == fact.evidence.document and f.date is not None
             and (context.sentence_of(f) != sentence or f is fact)]
    note_date = max(set(dated), key=lambda d: (dated.count(d), d))
    return fact.date if fact.date < note_date else None


@predicate("prior_injection_interval")
def prior_injection_interval(context: Context, types: list[str], min_months: int,
                             description: str) -> Outcome:
    """The last prior procedure of these types was done at least `min_months` before the
    request (ODG: a repeat neurotomy no sooner than 6 months after the last)."""
    when = context.request.start_date or context.as_of
    prior = [(day, f) for f in context.facts_of(FactKind.injection_history, type=types)
             if _reports_response(f, context)
             and (day := _procedure_date(context, f)) is not None and when is not None
             and day <= when]
    # a response told of the procedure ("relief from 02/2014 to ~10/2014") is dated to when the
    # relief was felt or ended, not to when the procedure was done: the procedure's own
    # mentions date it, where there are any
    procedures = [(day, f) for day, f in prior if not _tells_response(f)]
    if not prior:
        return Outcome.unknown(context.none_documents(f"gives the date of {description}"),
                               f"the date of {description}")
    last, fact = max(procedures or prior, key=lambda pair: pair[0])
    months = (when.year - last.year) * 12 + when.month - last.month - (when.day < last.day)
    if months < min_months:
        return Outcome.not_met(f"The last {description} was done on {last.isoformat()}, "
                               f"{months} months before the request: less than {min_months}.",
                               [fact])
    return Outcome.met(f"The last {description} was done on {last.isoformat()}, {months} months "
                       f"before the request.", [fact])


#: A medication taken less since the procedure.
_LESS_MEDICATION_RE = re.compile(
    r"\b(?:reduced|decreased|cut\s+(?:back|down)|stopped|discontinued|weaned|tapered|"
    r"down\s+(?:from|to)\s+\d|"
    # "cut the Norco in half", "halved his gabapentin", "cut her tramadol by a third"
    r"halved|cut\s+(?:\w+\s+){0,3}?(?:in\s+half|by\s+(?:half|a\s+third|a\s+quarter|\d{2}\s*%))|"
    # "one a day instead of four", "ibuprofen daily -> 2x/wk"
    r"instead\s+of\s+(?:\d+|two|three|four|five|six|eight)|"
    r"(?:daily|\d\s*x\s*/?\s*d(?:ay)?)\s*(?:->|\u2192|to)\s*\d\s*x\s*/?\s*w(?:ee)?k|"
    r"no\s+longer\s+(?:takes|taking|needs|needed|uses|using)|off\s+(?:all\s+)?(?:opioids|"
    r"medications?))\b", re.IGNORECASE)
#: A medication taken no less since the procedure: less use denied ("never cut down on the
#: Norco", "has not been able to reduce his gabapentin", "no decrease in medication use") or
#: the use told unchanged ("still taking the same amount", "medication use unchanged").
_SAME_MEDICATION_RE = re.compile(
    r"\b(?:never|not|n't|no|without|unable\s+to)\s+(?:\w+\s+){0,3}?(?:cut(?:ting)?\s+(?:back|down)|"
    r"reduc\w*|decreas\w*|lowered|lowering|taper\w*|wean\w*|less(?:en\w*)?)\b"
    # (not an examination's "no decreased sensation", "no reduced range of motion")
    r"(?!\s+(?:sensation|strength|reflex\w*|range|ROM|motion|grip|pulses?|sleep|appetite))|"
    r"\bstill\s+(?:taking|takes|using|uses|needs|needing)\s+(?:\w+\s+){0,2}?(?:same|as\s+much|as\s+many)\b|"
    r"\b(?:medications?|meds|medication\s+use|analgesic\s+use|opioid\s+use|dose|dosing)\s+"
    r"(?:(?:is|was|has\s+been|remains?|remained|stayed)\s+)?(?:unchanged|the\s+same)\b",
    re.IGNORECASE)
#: A word of a procedure: a change of pain told beside it is the procedure's response, whatever
#: drug its sentence names too.
_PROCEDURE_WORD = re.compile(r"\b(?:ESIs?|TFESIs?|epidurals?|injections?|injected|shots?|blocks?|"
                             r"procedures?|RFA|ablation|neurotomy|rhizotomy|CSI)\b", re.IGNORECASE)
_COUNT = r"(?:\d{1,3}|" + NUMBER_WORD_PATTERN + r")"
#: A dose's time course: its onset in minutes or its hours of effect ("takes his pain from 8/10
#: to about 4/10 within forty minutes and lasts roughly five hours").
_DOSE_TIME_COURSE = re.compile(
    rf"\b(?:within|in|after)\s+(?:about\s+|roughly\s+|~\s*)?{_COUNT}(?:\s*-\s*\d{{1,3}})?\s*"
    rf"(?:minutes?|mins?)\b|\blast(?:s|ed|ing)?\s+(?:about\s+|roughly\s+|approximately\s+|~\s*)?"
    rf"{_COUNT}(?:\s*-\s*\d{{1,2}})?\s*(?:hours?|hrs?)\b", re.IGNORECASE)


#: A drug given up or cut just before its name ("she is off all pain medication", "no longer
#: needs the Norco", "weaned off tramadol", "takes fewer pills") ...
_DRUG_GIVEN_UP_BEFORE = re.compile(
    r"\b(?:off(?:\s+of)?|stopped|discontinued|quit|weaned\s+(?:off|from)|tapered\s+off|"
    r"no\s+longer\s+(?:on|takes?|taking|needs?|needing|uses?|using)|cut(?:\s+(?:back|down))?"
    r"(?:\s+on)?|halved|less|fewer|reduced|decreased|lowered)\s+(?:(?:all|the|her|his|their|any|of|more)\s+)*"
    r"(?:[\w/-]+\s+)?$", re.IGNORECASE)
#: ... or just after it ("Norco was discontinued", "gabapentin 300 mg stopped", "cut his
#: Norco in half").
_DRUG_GIVEN_UP_AFTER = re.compile(
    r"\s*(?:[\w./-]+\s+){0,2}?(?:(?:was|were|is|has\s+been|have\s+been)\s+)?(?:stopped|"
    r"discontinued|d/c'?d|dc'?d|tapered|weaned|reduced|decreased|held)\b|"
    r"\s*(?:in|by)\s+(?:half|a\s+third|a\s+quarter|\d{1,2}\s*%)", re.IGNORECASE)
#: How far before a drug's name the words that give it up are read.
_GIVEN_UP_REACH = 40


def _said_of_a_medication(context: Context, document: str, page: int, text: str,
                          start: int, end: int) -> bool:
    """A relief, its time or a change of pain that a note tells of a medication's effect, not
    of a procedure's: its sentence names no procedure and names a drug that is taken, not one
    given up or cut ("Norco continues to reduce pain 8 -> 4", "Meloxicam worked well for about
    3 months", "gabapentin gives about 60% relief"; not "pain 8/10 to 2/10 and she is off all
    pain medication", which is the hallmark of the procedure's response); or it tells a dose's
    onset or hours and the sentence before it names such a drug ("Norco 10/325 tid. It takes
    his pain from 8/10 to 4/10 within forty minutes")."""
    begin = max(text.rfind(stop, 0, start) for stop in SENTENCE_STOPS) + 1
    ends = [i for i in (text.find(stop, end) for stop in SENTENCE_STOPS) if i >= 0]
    finish = min(ends, default=len(text))
    sentence = text[begin:finish]
    if _PROCEDURE_WORD.search(sentence):
        return False
    drugs = [f for f in context.facts_of(FactKind.medication, asserted=None)
             if (f.evidence.document, f.evidence.page) == (document, page)]

    def taken(at: int, after: int) -> bool:
        return not (_DRUG_GIVEN_UP_BEFORE.search(text[max(0, at - _GIVEN_UP_REACH):at])
                    or _DRUG_GIVEN_UP_AFTER.match(text, after))

    def names_a_drug(lo: int, hi: int) -> bool:
        return any(taken(m.start(), m.end()) for m in MEDICATION_CUE.finditer(text, lo, hi)) or any(
            lo <= f.evidence.start < hi and taken(f.evidence.start, f.evidence.end)
            for f in drugs)

    if names_a_drug(begin, finish):
        return True
    before = max(text.rfind(stop, 0, max(begin - 1, 0)) for stop in SENTENCE_STOPS) + 1
    return bool(_DOSE_TIME_COURSE.search(sentence)) and names_a_drug(before, begin)


def _heads_with_a_drug(context: Context, document: str, page: int, heading: str) -> bool:
    """A table's heading names a drug the page names (its first word as the page's medication
    reading quotes it: "Diclofenac gel   Baseline   Wk 2" after "she began diclofenac gel")."""
    words = set(re.findall(r"[a-z]{4,}", heading.lower()))
    return any(quoted and quoted[0].lower() in words
               for f in context.facts_of(FactKind.medication, asserted=None)
               if (f.evidence.document, f.evidence.page) == (document, page)
               for quoted in [f.evidence.quote.split()])


def _stated(injection: str, date: dt.date, evidence: Evidence, value: dict) -> Fact:
    """A response to the injection that a later note states, quoting the words that state it."""
    return Fact(kind=FactKind.injection_history, date=date, value={"type": injection, **value},
                evidence=evidence)


def response_in_later_notes(context: Context, injections: list[Fact]
                            ) -> tuple[dict, list[Fact]]:
    """The response to the last procedure as the treating notes written after it report it:
    a percentage of relief (lasting at least until the note that says it is sustained), less
    medication, and functional improvement (stated, or shown by an instrument or by work
    restrictions reduced since the procedure)."""
    dated = [f for f in injections if f.date is not None]
    if not dated:
        return {}, []
    # the procedure, not a response told of it ("60% better until about last week" is dated
    # to when the relief ended, which is not when the injection was given)
    dated = [f for f in dated if not any(f.value.get(key) is not None
                                         for key in _RESPONSE_KEYS)] or dated
    # the procedure's own report dates it; a later note's "4 wks post TFESI" only refers to it
    performed = [f for f in dated if f.evidence.document in context.procedure_reports]
    done = max(f.date for f in performed or dated)
    # up to the next procedure (a neurotomy after the blocks): what follows it is its response
    following = [f.date for f in context.facts_of(FactKind.injection_history)
                 if f.date is not None and f.date > done
                 and f.evidence.document in context.procedure_reports]
    until = min(following, default=dt.date.max)

    def in_window(fact: Fact) -> bool:
        return fact.date is not None and done < fact.date < until

    dates = document_dates(context)
    found: dict = {}
    evidence: list[Fact] = []

    injection = dated[-1].value["type"]
    for document, page, text in first_hand_pages(context):
        date = dates.get(document)
        if date is None or not done < date < until:
            continue

        for told in injection_relief.reliefs_told(document, page, text):
            if _said_of_a_medication(context, document, page, text, told.evidence.start,
                                     told.evidence.end):
                continue  # a drug's relief told in the same note is not the procedure's
            value: dict = {"relief_percent": told.percent}
            if told.lasting:
                value["duration_weeks"] = round((date - done).days / 7 - told.week_ago, 1)
            if found.get("relief_percent") is None or date >= found["_date"]:
                found.update(value, _date=date)
            evidence.append(_stated(injection, date, told.evidence, value))
        change = next((c for c in pain_changes(text)
                       if not _said_of_a_medication(context, document, page, text,
                                                    c[0].start(), c[0].end())), None)
        if change is not None and (found.get("relief_percent") is None
                                   or found.get("_date") != date):
            # "Thigh pain 8 -> 2-3/10" after the procedure: the relief as a percentage
            match, before, after = change
            relief = round((before - after) / before * 100)
            found.update(relief_percent=relief, _date=date)
            evidence.append(_stated(injection, date, Evidence(
                document=document, page=page, start=match.start(), end=match.end(),
                quote=match.group(0)), {"relief_percent": relief}))
        if change is not None:
            # the lower score is the pain when the note is written: the relief was still
            # there then, so it lasted at least from the procedure to this note
            found["duration_at_least_weeks"] = max(found.get("duration_at_least_weeks", 0),
                                                   round((date - done).days / 7, 1))
        for tabled in injection_relief.responses_tabled(document, page, text):
            heading = text[tabled.evidence.start:text.find("\n", tabled.evidence.start)]
            if _heads_with_a_drug(context, document, page, heading):
                continue  # a table headed by a drug ("Diclofenac gel   Baseline   Wk 2")
            # a weekly outcome table after the procedure: its pain row's relief and how long
            # it held, its drug counts and disability scores
            value = {key: found_value for key, found_value in (
                ("relief_percent", tabled.relief_percent),
                ("duration_weeks", tabled.duration_weeks),
                ("medication_reduced", tabled.medication_reduced or None),
                ("functional_gain", tabled.functional_gain or None)) if found_value is not None}
            for key, found_value in value.items():
                if found.get(key) is None:
                    found[key] = found_value
            if value:
                evidence.append(_stated(injection, date, tabled.evidence, value))
        for lasted in injection_relief.reliefs_lasted(document, page, text):
            if found.get("duration_weeks") is not None or _said_of_a_medication(
                    context, document, page, text, lasted.evidence.start, lasted.evidence.end):
                continue
            found["duration_weeks"] = lasted.weeks
            evidence.append(_stated(injection, date, lasted.evidence,
                                    {"duration_weeks": lasted.weeks}))
    found.pop("_date", None)
    taken = [f for f in context.facts_of(FactKind.medication) if in_window(f)]
    kept = [f for f in taken if _SAME_MEDICATION_RE.search(context.sentence_of(f))]
    less = [f for f in taken if f not in kept
            and (f.value.get("action") in ("stop", "taper", "decrease")
                 or _LESS_MEDICATION_RE.search(context.sentence_of(f)))]
    less += [f for f in context.facts_of(FactKind.functional_improvement, present=True,
                                         domain="reduced_treatment") if in_window(f)]
    if less:
        found["medication_reduced"] = True
        evidence += less[:2]
    elif kept and found.get("medication_reduced") is None:
        # the notes say the worker took no less after the procedure
        found["medication_reduced"] = False
        evidence += kept[:1]
    gains = [f for f in context.facts_of(FactKind.functional_improvement, present=True)
             if in_window(f)]
    gains += [f for f in instrument_improvement(context, since=done) if in_window(f)]
    gains += [f for f in work_restrictions_reduced(context) if in_window(f)]
    if gains:
        found["functional_gain"] = True
        evidence += gains[:2]
    return found, evidence


def _responses_after(injections: list[Fact]) -> list[Fact]:
    """What the notes report of the last procedure's response, oldest first: the mentions
    dated on or after the last mention of the procedure itself (or linked to it)."""
    procedures = [f for f in injections
                  if not any(f.value.get(key) is not None for key in _RESPONSE_KEYS)]
    if procedures:
        last = _latest(procedures)
        after = [f for f in injections if f is last or f.about == last.key
                 or (last.date is not None and f.date is not None and f.date >= last.date)]
    else:
        after = injections
    return sorted(after, key=lambda f: (f.date or dt.date.min, f.evidence.start))


def _merged_response(responses: list[Fact]) -> dict:
    """The response read across the notes: the relief and duration reported (the latest
    figure), and medication reduction or functional gain if any note reports it."""
    merged: dict = {}
    for fact in responses:
        for key in ("relief_percent", "duration_weeks"):
            if fact.value.get(key) is not None:
                merged[key] = fact.value[key]
        for key in ("medication_reduced", "functional_gain"):
            if fact.value.get(key) is not None and merged.get(key) is not True:
                merged[key] = fact.value[key]
    return merged


@predicate("symptoms_at_least_months")
def symptoms_at_least_months(context: Context, months: int) -> Outcome:
    """Symptoms have lasted at least this long (measured from the date of injury)."""
    injury = context.case.claim.date_of_injury
    if injury is None or context.as_of is None:
        return Outcome.unknown("The date of injury or of the decision is not given, so the "
                               "duration of symptoms is not established.",
                               "the duration of symptoms")
    elapsed = (context.as_of.year - injury.year) * 12 + context.as_of.month - injury.month
    elapsed -= 1 if context.as_of.day < injury.day else 0
    if elapsed >= months:
        # the real interval, not the threshold ("more than 1 months" of an injury 2 years old);
        # whole years are a floor, so 35 months is "more than 2 years", never "2 years"
        since = (f"{'more than ' if elapsed % 12 else ''}{elapsed // 12} years" if elapsed >= 24
                 else f"{elapsed} month{'s' if elapsed != 1 else ''}")
        return Outcome.met(f"Symptoms date from the injury of {injury:%m/%d/%Y}, {since} before "
                           f"the decision (at least the {months} month{'s' if months != 1 else ''}"
                           " the guideline asks).")
    return Outcome.not_met(f"The injury of {injury:%m/%d/%Y} is less than {months} months "
                           "before the decision.")


@predicate("treating_report_within_months")
def treating_report_within_months(context: Context, months: int) -> Outcome:
    """A treating provider's report (no form, no UR letter or summary, no procedure note) is
    dated within `months` of the decision: continued use is judged on a current assessment of
    its benefit and risk (CPMTG: on-going review of each drug's efficacy; general guideline
    knowledge, verified: false), not on a note a year old that the request only refers to."""
    # a record that tells only drugs and fills (a pharmacy printout) assesses nothing
    assessed = {f.evidence.document for f in context.facts
                if f.kind not in (FactKind.medication, FactKind.daily_mme)}
    dated = [(day, document) for document in context.treating_reports
             if document not in context.procedure_reports and document in assessed
             and (day := context.stated_dates.get(document)) is not None]
    if not dated or context.as_of is None:
        return Outcome.met("The dates of the treating notes are not given; none is shown to be "
                           "out of date.")
    latest, latest_document = max(dated)
    limit = context.as_of - dt.timedelta(days=round(months * 30.44))
    if latest >= limit:
        return Outcome.met(f"The latest treating note ({latest:%m/%d/%Y}) is within {months} "
                           "months of the decision.")
    # a one-page treating note with no date, filed after the latest dated one, is no stale
    # note: an older dated note does not outweigh it (a bundle of pages carries its dates
    # inside; session "fix-risks")
    order = {name: index for index, name in enumerate(context.documents)}
    paged = {document for document, page in context.page_texts if page > 1}
    undated = [document for document in context.treating_reports
               if document not in context.procedure_reports and document in assessed
               and context.stated_dates.get(document) is None and document not in paged
               and order.get(document, -1) > order.get(latest_document, -1)]
    if undated:
        return Outcome.met(f"A treating note with no date is filed after the latest dated one "
                           f"({latest:%m/%d/%Y}); it is not shown to be out of date.")
    return Outcome.unknown(
        f"The latest treating note in the file is of {latest:%m/%d/%Y}, more than {months} "
        "months before the decision: no current assessment of the drug's benefit is submitted.",
        f"a treating note within {months} months that assesses the drug's benefit")


@predicate("worker_age_at_least")
def worker_age_at_least(context: Context, years: int) -> Outcome:
    age = context.case.worker.age
    if age is None:
        return Outcome.unknown("The worker's age is not given.", "the worker's age")
    if age >= years:
        return Outcome.met(f"The worker is {age} years old.")
    return Outcome.not_met(f"The worker is {age} years old, under {years}.")


@predicate("none_of")
def none_of(context: Context, checks: list[dict]) -> Outcome:
    """Met when every check is not met; not met when any is met; otherwise unknown."""
    from openimr.guidelines.predicates import evaluate

    outcomes = [evaluate(c["predicate"], context, c.get("args", {})) for c in checks]
    evidence = tuple(e for o in outcomes for e in o.evidence)
    met = [o for o in outcomes if o.status is CriterionStatus.met]
    if met:
        return Outcome(CriterionStatus.not_met, " ".join(o.explanation for o in met), evidence)
    unknown = [o for o in outcomes if o.status is CriterionStatus.unknown]
    if unknown:
        return Outcome(CriterionStatus.unknown, " ".join(o.explanation for o in unknown),
                       evidence, tuple(m for o in unknown for m in o.missing))
    return Outcome(CriterionStatus.met, " ".join(o.explanation for o in outcomes), evidence)


@predicate("established")
def established(context: Context, check: dict) -> Outcome:
    """A gate: met only when the check is met. `applies_when` skips a criterion only on not met,
    so criteria about continuing a drug wrap the "currently takes it" check in this, and apply
    only when the records show current use."""
    from openimr.guidelines.predicates import evaluate

    outcome = evaluate(check["predicate"], context, check.get("args", {}))
    if outcome.status is CriterionStatus.met:
        return outcome
    return Outcome(CriterionStatus.not_met, outcome.explanation, outcome.evidence)


@predicate("flag_present")
def flag_present(context: Context, kind: str, description: str) -> Outcome:
    """A yes/no finding (value `present`) documented as present; documented absent is not met."""
    facts = context.facts_of(kind)
    present = [f for f in facts if f.value.get("present", True)]
    if present:
        return Outcome.met(f"The records document {description}.", present)
    absent = [f for f in facts if f.value.get("present") is False]
    absent += context.facts_of(kind, asserted=False)
    if absent:
        return Outcome.not_met(f"The records document that there is no {description}.", absent)
    return Outcome.unknown(context.none_documents(f"documents {description}"), description)


#: Words of a limitation that keeps the worker at home, and of one who goes out on their own.
_HOMEBOUND = re.compile(r"\b(?:wheelchair|walker|transfers?|stairs|steps|bed-?bound|non-?ambulatory|"
                        r"unable to (?:walk|leave|drive)|cannot (?:walk|leave|drive))\b", re.IGNORECASE)
_GOES_OUT = re.compile(r"\b(?:drives|driving|walks (?:his|her|the|in the) neighborhood|"
                       r"independent(?:ly)? (?:ambulat|with gait)|uses public transit)\w*",
                       re.IGNORECASE)

#: What makes a going-out match no going out of the worker's, beyond a negation right before
#: or after it (`local_negation`: "not driving", "no longer drives", "driving is not
#: recommended"): an inability or a stop ("unable to drive", "can't drive", "doesn't drive",
#: "stopped driving", "gave up driving").
_NO_GOING_OUT_BEFORE = re.compile(
    r"\b(?:unable\s+to|cannot|(?:do|does|did|is|was|has|have|had|ca|could|wo)n[o']?t|"
    r"stopped|quit|gave\s+up)\s+(?:(?:yet|been|is|was|has|had|to|him|her)\s+)*$", re.IGNORECASE)
#: Another person doing the driving ("his wife drives him", "her son drives her to ..."):
#: the worker still leaves home, unless only for medical care or rarely (`_trip_away`).
_DRIVER_BEFORE = re.compile(PERSON_WORD + r"\s+(?:(?:usually|often|always|now|has|had|to|"
                            r"him|her)\s+)*$", re.IGNORECASE)
#: Where the worker is driven: the words after "drives her to", up to how often or why.
_DRIVEN_TO = re.compile(
    r"\w*\s+(?:him|her|them|the\s+(?:patient|worker|claimant))\s+(?:out\s+)?(?:to|for)\s+"
    r"(?P<to>.*?)(?=\s*(?:[.;,(]|\b(?:since|because|as|when|if|but|so|several|once|twice|"
    r"every|each|on|at|about|weekly|daily|\d|a\s+(?:week|month|day)|times?)\b|$))",
    re.IGNORECASE)
#: Trips that leave homebound status open: for medical care (ODG Home health services takes
#: Medicare's definition: absences infrequent, short or for medical care; general guideline
#: knowledge, as `home_health.yaml` cites it), with the words that join them. (Worship is an
#: outing here, as the criterion's own patterns in `home_health.yaml` hold.)
_ALLOWED_TRIP_WORD = re.compile(
    r"\b(?:appointments?|appts?|visits?|therapy|PT|OT|dialysis|doctors?(?:'s)?|physicians?|"
    r"clinics?|hospital|surgeon|offices?|labs?|bloodwork|infusions?|treatments?|MD|"
    r"and|or|to|the|her|his|their|all|of|for|medical|follow-?ups?|every|each)\b|[\s,/&']+",
    re.IGNORECASE)
#: A trip told as rare: absences infrequent and short are allowed the homebound.
_RARE_TRIP = re.compile(r"\b(?:rarely|seldom|occasionally|infrequent\w*|once\s+a\s+(?:month|"
                        r"year)|a\s+few\s+times\s+a\s+year)\b", re.IGNORECASE)


def _trip_away(sentence: str, at: int) -> bool:
    """Someone else drives the worker (the words at `at` on) to a place other than medical
    care, not told as rare: the worker still goes out ("her husband drives her to
    the mall"; not "her daughter drives her to her appointments")."""
    trip = _DRIVEN_TO.match(sentence, at)
    if trip is None or _RARE_TRIP.search(sentence):
        return False
    return bool(_ALLOWED_TRIP_WORD.sub("", trip.group("to")).strip())


def _goes_out(sentence: str) -> bool:
    """The sentence tells of the worker going out (driving, walking the neighborhood, public
    transit, or driven by someone else to other than medical care), not denied or
    stopped."""
    for m in _GOES_OUT.finditer(sentence):
        before = sentence[max(0, m.start() - 40):m.start()]
        if local_negation(sentence, m.start(), m.end()) or _NO_GOING_OUT_BEFORE.search(before):
            continue
        if not _DRIVER_BEFORE.search(before) or _trip_away(sentence, m.start()):
            return True
    return False


@predicate("homebound")
def homebound(context: Context) -> Outcome:
    """The worker is homebound: said so, or a limitation of getting about (a wheelchair, a
    walker, help with stairs or transfers) keeps them home; a worker who drives or walks the
    neighborhood is not. A limitation of chores alone says nothing either way."""
    said = flag_present(context, "homebound", "that the worker is homebound")
    # said only on a form or in a copied or hypothetical mention ("Pt homebound" on a request
    # for authorization), it does not settle it: the treating records' limits are read
    # (decide-dev38)
    weak = (said.status is CriterionStatus.met
            and context.only_weak_mentions(said).status is not CriterionStatus.met)
    if said.status is not CriterionStatus.unknown and not weak:
        return said
    limits = context.facts_of(FactKind.adl_limitation)
    out = [f for f in limits if _goes_out(context.sentence_of(f))]
    if out:
        return Outcome.not_met("The records document a worker who leaves home on their own.", out)
    kept = [f for f in limits if _HOMEBOUND.search(context.sentence_of(f))]
    if kept:
        return Outcome.met("The records document a limitation of getting about that keeps the "
                           "worker at home.", kept)
    return said


#: The device a trial tells of, as a verb's object: "it", "the unit", "the TENS", "her H-wave".
_DEVICE = (r"(?:it|(?:the|this|that|his|her|a|their)\s+(?:unit|device|machine|stimulator)|"
           r"(?:(?:the|this|that|his|her|their)\s+)?(?:tens|h-?wave|interferential|nmes|ems|"
           r"neuromuscular\s+stimulator|muscle\s+stimulator)(?:\s+(?:unit|device|machine))?|"
           r"(?:the\s+)?if\s+(?:unit|device))")
#: A device told as barely used or of doubtful help in the words after it (the rest of its
#: line or paragraph): "hasn't really used it much", "used it maybe three times", "not sure it
#: helped", "not using the unit regularly", "rarely uses it". The device is the verb's object
#: ("has not used Norco since", "does not use ice" tell of something else; session
#: "fix-risks"); a bare frequency right after the verb ("not using regularly") still counts.
_TRIAL_DOUBTED = re.compile(
    r"\b(?:has\s*n[o']t|have\s*n[o']t|did\s*n[o']t|does\s*n[o']t|not|never|barely|rarely|"
    r"seldom|hardly)\s+(?:really\s+|been\s+|consistently\s+|regularly\s+)?(?:use[sd]?|using|"
    r"tried|wearing|wore|worn)\b(?:\s+" + _DEVICE + r"\b(?:\s+(?:much|often|regularly|"
    r"consistently))?|\s+(?:much|often|regularly|consistently)\b)|"
    r"\b" + _DEVICE + r"\s+(?:was|has\s+been|is|were)\s+(?:not|never|barely|rarely|seldom|"
    r"hardly)\s+(?:really\s+)?used\b|"
    r"\b(?:used|tried)\s+" + _DEVICE + r"\s+(?:only\s+|maybe\s+|about\s+|"
    r"just\s+)?(?:once|twice|(?:a\s+)?(?:few|couple(?:\s+of)?|two|three|four|\d)\s+times)\b"
    # a count of uses in all, not a frequency ("used twice daily", "3 times a day")
    r"(?!\s*(?:a\s+|an\s+|per\b|daily|nightly|each|every|/|in\s+(?:a|the)\s+day))|"
    r"\b(?:not\s+sure|unsure|uncertain|doubtful|unclear)\s+(?:if\s+|whether\s+|that\s+)?"
    r"(?:it|the\s+(?:unit|device|tens))\s+(?:helps|helped|works|worked|makes|made)\b",
    re.IGNORECASE)


def _trial_doubted(context: Context, trials: list[Fact]) -> list[Evidence]:
    """Where the notes tell a device trial as barely used or of doubtful help: the words after
    each mention of the trial, to the end of its paragraph (at most a few sentences)."""
    found: list[Evidence] = []
    for fact in trials:
        ev = fact.evidence
        text = context.page_texts.get((ev.document, ev.page)) or ""
        end = text.find("\n\n", ev.end)
        window_end = min(len(text), ev.end + 250, end if end >= 0 else len(text))
        for match in _TRIAL_DOUBTED.finditer(text, ev.start, window_end):
            found.append(Evidence(document=ev.document, page=ev.page, start=match.start(),
                                  end=match.end(), quote=match.group(0)))
    return found


#: A work status told as one the worker already had: "full duty (unchanged since 2013)",
#: "remains on modified duty", "continues regular work", "still working full duty".
_STATUS_KEPT = re.compile(r"\b(?:unchanged|no\s+change|same\s+as\s+(?:before|prior)|as\s+before|"
                          r"remains?|remained|continu\w*|still)\b", re.IGNORECASE)
#: The year a status is told as held since: "since 2013", "since 03/2014", "since 5/2/2012".
_HELD_SINCE = re.compile(r"\bsince\s+(?:\w+\s+)?(?:\d{1,2}/){0,2}(?P<year>(?:19|20)\d{2})\b",
                         re.IGNORECASE)


def _work_held_before(context: Context, fact: Fact, since: dt.date) -> bool:
    """A work status the worker had before a device trial began is no result of the trial: the
    same status in a note before it, or the sentence telling it as kept ("unchanged",
    "remains", "continues") or held since a year before the trial. A functional gain is no
    work status and is kept."""
    if fact.kind is not FactKind.work_status:
        return False
    status = fact.value.get("status")
    if any(f.value.get("status") == status and f.date is not None and f.date < since
           for f in context.facts_of(FactKind.work_status)):
        return True
    sentence = context.sentence_of(fact)
    held = _HELD_SINCE.search(sentence)
    return bool(_STATUS_KEPT.search(sentence) or held and int(held.group("year")) < since.year)


def _log_relief(context: Context, trials: list[Fact]) -> list[Evidence]:
    """The pain a trial's own log records falling with use ("Wk1: 7/7 days, VAS 6 -> 3"): a
    record whose heading line names the trial, and in its first block the scores before and
    after use, most of them lower after (a log of rises and falls is no result)."""
    found: list[Evidence] = []
    for fact in trials:
        ev = fact.evidence
        text = context.page_texts.get((ev.document, ev.page)) or ""
        head_start = len(text) - len(text.lstrip())
        head_end = text.find("\n", head_start)
        head = text[head_start:head_end if head_end >= 0 else len(text)]
        if (head_end >= 0 and ev.start > head_end) or not _HEADING_LINE.fullmatch(head.strip()):
            continue  # the trial is told in the body of a note, not heading its log
        end = text.find("\n\n", ev.end)
        block = text[:end if end >= 0 else len(text)]
        changes = list(pain_changes(block))
        scored = len(_SCORE_PAIR.findall(block))
        if changes and len(changes) * 2 > scored:
            found += [Evidence(document=ev.document, page=ev.page, start=m.start(), end=m.end(),
                               quote=m.group(0)) for m, _before, _after in changes]
        if found:
            break
    return found


#: A heading line: a title with no sentence in it ("TENS RENTAL - 30 DAY TRIAL  Unit: 2-lead").
_HEADING_LINE = re.compile(r"[^.!?]{3,160}")
#: Two scores of a log's line, before and after use, however they go ("VAS 6 -> 3", "5 -> 7").
_SCORE_PAIR = re.compile(r"\b\d{1,2}(?:\.\d)?\s*(?:/\s*10)?\s*(?:->|\u2192|=>)\s*\d{1,2}\b|"
                         r"\bbefore\s*:?\s*\d{1,2}\b[^\n\d]{0,12}\bafter\s*:?\s*\d{1,2}\b",
                         re.IGNORECASE)


#: The devices of a trial as prose names them: an acronym in capitals, not as a data key.
DEVICE_NAMES = {"tens": "TENS", "h_wave": "H-wave", "interferential": "interferential current",
                "other": "the device"}


@predicate("device_trial_succeeded")
def device_trial_succeeded(context: Context, devices: list[str], min_days: int) -> Outcome:
    """A home trial of the device, long enough, helped (documented use and results)."""
    # A request form names the trial to be done and its goals: neither is a result.
    trials = [f for f in context.facts_of(FactKind.device_trial, device=devices)
              if f.evidence.document not in context.forms]
    helped = [f for f in trials if f.value.get("outcome") == "helped"]
    long_enough = [f for f in helped if (f.value.get("duration_days") or 0) >= min_days]
    name = " or ".join(DEVICE_NAMES.get(d, d.replace("_", " ")) for d in devices)
    if long_enough:
        return Outcome.met(f"A home trial of {name} of at least {min_days} days helped.",
                           long_enough)
    failed = [f for f in trials if f.value.get("outcome") == "failed"]
    # A trial the notes tell as barely used or of doubtful benefit ("hasn't really used it,
    # maybe three times", "not sure it helps", "not using the unit regularly") is no successful
    # trial, whatever else improved meanwhile (a drug started beside it).
    doubted = _trial_doubted(context, trials)
    if doubted:
        return Outcome(CriterionStatus.not_met, f"The notes tell the trial of {name} as little "
                       f'used or of doubtful benefit: "{doubted[0].quote}".', tuple(doubted[:2]))
    # The trial of the length wanted is told in one place (the rental's dates, "30-day home
    # trial log", the vendor's log) and its results in others: a trial said to help, or
    # functional gains noted on or after it. A short trial that helped in the clinic ("tried
    # TENS in PT with temporary relief") is no reason to set aside the home trial that followed.
    done = [f for f in trials if (f.value.get("duration_days") or 0) >= min_days
            and f.value.get("outcome") != "failed"]
    logged = _log_relief(context, done)
    if logged and not failed:
        return Outcome(CriterionStatus.met, f"A home trial of {name} of at least {min_days} "
                       "days is logged, and its log records pain lower after use.",
                       (done[0].evidence, *logged[:2]))
    if helped and done and not failed and not any(f.date for f in done):
        # (undated: the dates cannot place the result before or after it; one trial, both told)
        return Outcome.met(f"A home trial of {name} of at least {min_days} days is documented, "
                           "and the records tell that it helped.", [done[0], *helped[:2]])
    since = min((f.date for f in done if f.date), default=None)
    gains = [f for f in [*context.facts_of(FactKind.functional_improvement),
                         *context.facts_of(FactKind.work_status,
                                           status=["full_duty", "modified_duty"])]
             if f.value.get("present", True) and since is not None and f.date is not None
             and f.date >= since and f.evidence.document not in context.forms
             and not _work_held_before(context, f, since)]
    # (a trial said to help before the home trial began is the short one, not its result)
    helped_after = [f for f in helped if since is not None and f.date is not None
                    and f.date >= since]
    if done and not failed and (helped_after or gains):
        return Outcome.met(f"A home trial of {name} of at least {min_days} days is documented, "
                           "and the records document that it helped (functional gains or a "
                           "return to work).", [done[0], *(helped_after or gains)[:2]])
    if helped:
        return Outcome.unknown(f"A trial of {name} helped, but its length is not documented as "
                               f"at least {min_days} days.", f"a {min_days}-day trial", helped)
    if failed:
        return Outcome.not_met(f"The trial of {name} did not help.", failed)
    return Outcome.unknown(
        context.none_documents(f"documents a successful {min_days}-day home trial of {name}"),
        f"a successful {min_days}-day trial of {name}", trials)
