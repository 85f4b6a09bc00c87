"""Predicates on what a named test or sign shows: an examination sign by name (Tinel, Phalen,
Neer), an electrodiagnostic study's diagnosis (carpal tunnel syndrome, ulnar neuropathy), imaging
of one region (a knee x-ray, a shoulder MRI). Surgery and injection topics outside the spine need
them: the extractor keeps such signs as `other` findings with their words, and studies with the
body part they were of.
"""

from __future__ import annotations

import re

from openimr.guidelines.context import Context, Outcome
from openimr.guidelines.itemparse.anatomy import body_part, level_region, spinal_levels
from openimr.guidelines.predicates import predicate
from openimr.model import CriterionStatus, Fact, FactKind
from openimr.records.kinds.base import side_letters

_NORMAL_STUDY = re.compile(r"\b(normal|negative|unremarkable|no evidence|within normal)\b",
                           re.IGNORECASE)


def _normal(study: Fact) -> bool:
    """A study read as normal, or as showing no radiculopathy ("No evidence of cervical
    radiculopathy" is read as the finding "no cervical radiculopathy")."""
    finding = str(study.value.get("finding") or "")
    return bool(_NORMAL_STUDY.search(finding) or re.match(r"\s*no\b", finding, re.IGNORECASE)
                or study.value.get("radiculopathy") is False)


_ORDERED = re.compile(r"\b(?:plan|to (?:distinguish|differentiate|rule out|evaluate|assess|confirm|"
                      r"determine)|r/o|rule out|request(?:ed|ing)?|order(?:ed)?|recommend(?:ed)?|"
                      r"suspected|would)\b", re.IGNORECASE)


def _matching(facts: list[Fact], key: str, pattern: re.Pattern[str]) -> list[Fact]:
    return [f for f in facts if pattern.search(str(f.value.get(key) or ""))]


@predicate("exam_shows")
def exam_shows(context: Context, signs: list[str], description: str, at_least: int = 1) -> Outcome:
    """Examination signs named by the `signs` patterns (in the finding's words) are positive, at
    least `at_least` different ones; signs documented negative, or too few positive, is not met."""
    pattern = re.compile("|".join(signs), re.IGNORECASE)
    positive = [f for f in _matching(context.facts_of(FactKind.exam_finding), "detail", pattern)
                if f.value.get("positive", True)]
    named = {m.group(0).lower() for f in positive if (m := pattern.search(f.value["detail"]))}
    if positive and len(named) >= at_least:
        return Outcome.met(f"The examination documents {description}.", positive)
    negative = [f for f in _matching(context.facts_of(FactKind.exam_finding, asserted=None),
                                     "detail", pattern)
                if f.negated or f.value.get("positive") is False]
    if positive and negative:
        return Outcome.not_met(f"The examination documents {len(named)} positive of the "
                               f"{at_least} needed ({description}).", positive + negative)
    if positive:
        return Outcome.unknown(f"The examination documents {len(named)} of the {at_least} "
                               f"positive findings needed ({description}).",
                               f"{at_least} positive findings ({description})", positive)
    if negative:
        return Outcome.not_met(f"The examination documents no {description}.", negative)
    return Outcome.unknown(context.none_documents(f"documents {description} on examination"),
                           description)


#: How far past a finding its result is read: the rest of its clause ("McMurray elicits
#: lateral pain without a clunk, Lachman firm").
_RESULT_REACH = 80


def _result_words(context: Context, fact: Fact) -> str:
    """The words right after a finding, up to the end of its clause: how the note describes
    what the test produced."""
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page))
    if not text:
        return evidence.quote
    after = text[evidence.end:evidence.end + _RESULT_REACH]
    return evidence.quote + re.split(r"[.;,\n]", after, maxsplit=1)[0]


@predicate("finding_described_as")
def finding_described_as(context: Context, findings: list[str], results: list[str],
                         description: str) -> Outcome:
    """A positive examination finding of the listed kinds is described, in its own clause, with
    one of the `results` patterns ("pain without a click"); otherwise not met. A qualifier of
    a finding, it is asked beside the finding's own check: with no positive finding there is
    nothing described so."""
    pattern = re.compile("|".join(results), re.IGNORECASE)
    positive = [f for f in context.facts_of(FactKind.exam_finding, finding=findings)
                if f.value.get("positive", True)]
    described = [f for f in positive if pattern.search(_result_words(context, f))]
    if described:
        return Outcome.met(f"The examination documents {description}.", described)
    return Outcome.not_met(f"The examination does not document {description}.", positive)


@predicate("electrodiagnostic_shows")
def electrodiagnostic_shows(context: Context, diagnoses: list[str], description: str) -> Outcome:
    """Electrodiagnostic testing shows one of the `diagnoses` (patterns on the study's finding);
    a normal study, and none showing it, is not met."""
    pattern = re.compile("|".join(diagnoses), re.IGNORECASE)
    # A study ordered to answer a question ("EMG/NCV to distinguish radiculopathy from
    # neuropathy") shows nothing yet.
    studies = [f for f in context.facts_of(FactKind.electrodiagnostic_finding)
               if not _ORDERED.search(context.sentence_of(f))]
    matching = _matching(studies, "finding", pattern)
    showing = [f for f in matching if not _normal(f) and not _other_side_only(context, f)]
    if showing:
        return Outcome.met(f"Electrodiagnostic testing shows {description}.", showing)
    # a normal study, or one that names the diagnosis only to deny it
    normal = [f for f in studies if _NORMAL_STUDY.search(str(f.value.get("finding") or ""))]
    normal += [f for f in matching if f not in normal]
    normal += _matching(context.facts_of(FactKind.electrodiagnostic_finding, asserted=False),
                        "finding", pattern)
    if normal:
        return Outcome.not_met(f"The electrodiagnostic testing documented does not show "
                               f"{description}.", normal)
    return Outcome.unknown(
        context.none_documents(f"documents electrodiagnostic testing showing {description}"),
        f"electrodiagnostic confirmation of {description}")


@predicate("electrodiagnostic_study_done")
def electrodiagnostic_study_done(context: Context, description: str) -> Outcome:
    """A treating record reports an electrodiagnostic study already done, whatever it showed
    ("EMG/NCS 10/2019: normal"): a gate for the repeat rule when the item does not say
    "repeat". A study planned or ordered is not one done."""
    studies = [f for f in context.facts_of(FactKind.electrodiagnostic_finding, asserted=None)
               if not _ORDERED.search(context.sentence_of(f))]
    if studies:
        return Outcome.met(f"The records report {description}.", studies[:3])
    return Outcome.not_met(f"No record submitted reports {description}.")


_SIDE_WORDS = {"left": re.compile(r"\b(?:left|lt)\b", re.IGNORECASE),
               "right": re.compile(r"\b(?:right|rt)\b", re.IGNORECASE)}


def _other_side_only(context: Context, fact: Fact) -> bool:
    """A finding whose sentence names only the side the request is not for ("moderate right
    median mononeuropathy" when the left wrist is requested) is not a finding of that side."""
    side = context.request.side
    if side not in _SIDE_WORDS:
        return False
    other = "left" if side == "right" else "right"
    sentence = context.sentence_of(fact)
    return bool(_SIDE_WORDS[other].search(sentence)) and not _SIDE_WORDS[side].search(sentence)


@predicate("imaging_shows")
def imaging_shows(context: Context, regions: list[str], imaging_categories: list[str],
                  description: str, excluding: list[str] | None = None,
                  root_lesion: bool = False) -> Outcome:
    """Imaging of a region (patterns on the study's body part) shows a finding of the categories;
    imaging of the region that shows none of them is not met. A finding whose words match an
    `excluding` pattern does not count (chondromalacia of the patella is degenerative, but not
    the osteoarthritis a knee injection treats). With `root_lesion`, a disc that only bulges, or
    a disc finding of a report that says the roots are free, is no lesion of a nerve root (as
    for `corroborated_by_testing`)."""
    from openimr.guidelines.predicates.clinical import nonspecific_for_roots

    region = re.compile("|".join(regions), re.IGNORECASE)
    excluded = re.compile("|".join(excluding), re.IGNORECASE) if excluding else None
    studies = [f for f in context.facts_of(FactKind.imaging_finding)
               if region.search(study_region(context, f) or "")]
    showing = [f for f in studies if f.value.get("category") in imaging_categories
               and not (excluded and excluded.search(str(f.value.get("finding") or "")))
               and not (root_lesion and nonspecific_for_roots(context, f))]
    if showing:
        return Outcome.met(f"Imaging shows {description}.", showing)
    absent = [f for f in context.facts_of(FactKind.imaging_finding, asserted=False)
              if region.search(study_region(context, f) or "")]
    if studies or absent:
        return Outcome.not_met(f"The imaging documented does not show {description}.",
                               (studies + absent)[:2])
    return Outcome.unknown(context.none_documents(f"documents imaging showing {description}"),
                           f"imaging showing {description}")


#: How many lines above a finding its study's heading may be ("MRI CERVICAL:" over the findings).
_HEADING_LINES = 6


def study_region(context: Context, fact: Fact) -> str | None:
    """The body part a study's finding is of: its spinal level ("C6 nerve root" is of the
    cervical spine); else the one the reader gave it; else the nearest body part named on its
    line or the lines above it, as a report heads its findings ("MRI CERVICAL: ... stenosis")."""
    # A spinal level names the region outright; the body part the reader gave comes next.
    levels, _ = spinal_levels(str(fact.value.get("level") or fact.value.get("finding") or ""))
    if levels:
        return level_region(levels)
    if fact.value.get("body_part"):
        return str(fact.value["body_part"])
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page)) or ""
    lines = text[:evidence.end].split("\n")[-_HEADING_LINES:]
    for line in reversed(lines):
        named = body_part(line.lower())
        if named:
            return named
    return None


#: Brief self-report screens a treating physician scores at a visit (depression, anxiety,
#: alcohol, sleep): they flag who needs the evaluation, they are not the psychologist's
#: evaluation a stimulator, a pump or a fusion waits on (CPMTG p. 101, general guideline
#: knowledge, verified: false).
BRIEF_SCREENS = frozenset({"PHQ-2", "PHQ-9", "GAD-7", "AUDIT", "ISI", "ESS"})


@predicate("psychological_evaluation_documented")
def psychological_evaluation_documented(context: Context, description: str) -> Outcome:
    """A psychological evaluation is documented: standardized psychological testing (a symptom
    scored on an instrument such as the BDI or MMPI) or a psychology visit. Its absence is
    unknown, not a failure: the evaluation may not be among the records."""
    tested = [f for f in context.facts_of(FactKind.psych_symptom)
              if f.value.get("instrument") and f.value["instrument"] not in BRIEF_SCREENS]
    visits = context.facts_of(FactKind.therapy_sessions, modality="psychotherapy")
    if tested or visits:
        return Outcome.met(f"The records document {description}.", tested + visits)
    return Outcome.unknown(context.none_documents(f"documents {description}"), description)


@predicate("surgical_lesion_not_excluded")
def surgical_lesion_not_excluded(context: Context, regions: list[str],
                                 imaging_categories: list[str], findings: list[str],
                                 description: str) -> Outcome:
    """A surgeon's opinion on a region answers a lesion surgery could treat. Met when a red
    flag, a neurologic deficit on examination (`findings`) or imaging of the region showing a
    lesion (`imaging_categories`) is documented. Not met only when the records rule one out:
    imaging of the region shows no such lesion, the examination documents the deficits absent,
    and no red flag is present. Otherwise met: what the records leave open is no reason to
    deny a surgeon's look (the other criteria of the referral decide)."""
    from openimr.guidelines.predicates.clinical import finding_documented

    flags = context.facts_of(FactKind.red_flag)
    if flags:
        return Outcome.met("The records document a red flag.", flags)
    exam = finding_documented(context, findings, "neurologic deficit")
    if exam.status is CriterionStatus.met:
        return exam
    imaging = imaging_shows(context, regions, imaging_categories, description)
    if imaging.status is CriterionStatus.met:
        return imaging
    if exam.status is CriterionStatus.not_met and imaging.status is CriterionStatus.not_met:
        return Outcome(CriterionStatus.not_met,
                       f"{imaging.explanation} {exam.explanation} No red flag is documented, so "
                       "there is no lesion for a surgeon's opinion to answer.",
                       (*imaging.evidence, *exam.evidence))
    return Outcome.met("The records do not rule out " + description + " (the imaging or the "
                       "neurologic examination is not documented).")


#: The kind of a contrast study: "arthro" (an MR or CT arthrogram), "myelo" (a CT myelogram).
_CONTRAST_STUDY = re.compile(r"\b(?:MR|CT)?\s*(arthro|myelo)gra\w*", re.IGNORECASE)


def _study_heading(context: Context, fact: Fact, kind: str) -> bool:
    """The finding's sentence, or the lines above it that head its report, name the study's
    kind ("MR ARTHROGRAM RIGHT SHOULDER" over the findings)."""
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page)) or ""
    above = "\n".join(text[:evidence.end].split("\n")[-_HEADING_LINES:])
    return kind.lower() in (above + " " + context.sentence_of(fact)).lower()


#: A study only supposed: "if the lumbar MRI shows a disc", "unless the CT shows", "has not had
#: an MRI", "no prior MRI" (session "fix-risks").
_STUDY = r"(?:MRI|MR|CT|x-?rays?|radiographs?|films?|imaging|scans?)"
_STUDY_SUPPOSED = re.compile(
    r"(?:^|[,;:(]\s*)(?:if|unless|should|whether|once)\b[^.;,]{0,40}\b" + _STUDY + r"\b"
    r"|\b(?:not|never) (?:yet )?(?:had|undergone|obtained|done|performed)\b (?:a |an |any )?"
    r"(?:[\w-]+ ){0,2}" + _STUDY + r"\b"
    r"|\bno (?:prior |previous |recent |earlier )?" + _STUDY
    + r"\b(?! ?(?:shows?|showed|revealed|demonstrat\w*|findings?|for comparison|available|"
    r"comparison|dated|of the|\d))",
    re.IGNORECASE)
#: A negated finding tells a study when its sentence reports one: a verb of a study read, a
#: date, an impression ("MRI 03/2019: no herniation", "the CT showed no fracture").
_STUDY_REPORTED = re.compile(
    r"\b(?:showed|shows|revealed|reveals|demonstrat\w*|was|were|dated|performed|done|obtained|"
    r"impression|findings?|negative|unremarkable|normal)\b|\d{1,2}/\d{2,4}|\b(?:19|20)\d{2}\b",
    re.IGNORECASE)


def _study_done(context: Context, fact: Fact) -> bool:
    """The finding reports a study had, not one supposed: a present finding whose sentence does
    not suppose the study, or a negated one (a normal study) whose sentence also reports it
    read or dated. A conditional or a denied study ("if the MRI shows no herniation", "has not
    had an MRI; no disc suspected") is no earlier study; the finding's own clause tells it."""
    if _STUDY_SUPPOSED.search(context.clause_of(fact)):
        return False
    return not fact.negated or bool(_STUDY_REPORTED.search(context.sentence_of(fact)))


@predicate("prior_study_documented")
def prior_study_documented(context: Context, description: str,
                           regions: list[str] | None = None) -> Outcome:
    """A gate: the records document an earlier study of the region by the modality the request
    asks for (an imaging finding of the region, of the same modality, read from a treating
    record or an imaging report dated before the decision). A request that does not call itself
    a repeat ("MR arthrogram right shoulder") is one when the worker already had that study
    (ODG: a repeat study waits for a significant change). Without such a study the gate is not
    met, so the repeat criterion does not apply. Without `regions` the region is the body part
    the request names (a topic of studies of every part: plain x-rays); a request that names
    none has no earlier study of its region."""
    modality = context.request.subcategory
    if regions is None:
        part = (context.request.body_part or "").split("_")[0]
        if not part:
            return Outcome.not_met(f"The request names no body part ({description}).")
        regions = [re.escape(part)]
    region = re.compile("|".join(regions), re.IGNORECASE)
    # a study with contrast in the joint or the spinal canal (an MR arthrogram, a CT
    # myelogram) repeats only a study of its own kind: it shows what the plain one could not
    contrast = _CONTRAST_STUDY.search(context.request.text or "")
    studies = [f for f in context.facts_of(FactKind.imaging_finding, asserted=None)
               if f.value.get("modality") == modality
               and _study_done(context, f)
               and region.search(study_region(context, f) or "")
               and (context.as_of is None or f.date is None or f.date < context.as_of)
               and not _ORDERED.search(context.sentence_of(f))
               and (contrast is None or _study_heading(context, f, contrast.group(1)))
               and _same_side(context, f)]
    if studies:
        return Outcome.met(f"The records document {description}.", studies[:2])
    return Outcome.not_met(f"No earlier study of the kind is documented ({description}).")


#: A side as notes write it beside a finding: the word ("left", "lt"); a lone capital letter
#: that is not a spinal level ("SLR + on L", "Achilles 1+ R", but not "L5" or "L4-5") is read
#: by the records' one reader of side letters (`records.kinds.base.side_letters`).
_SIDE_NAMED = {"left": re.compile(r"\b(?:left|lt)\b", re.IGNORECASE),
               "right": re.compile(r"\b(?:right|rt)\b", re.IGNORECASE)}


def _same_side(context: Context, fact: Fact) -> bool:
    """The earlier study is of the side the request names, or names none: films of the right
    knee do not make a first film of the left knee a repeat (a limb's other side is another
    region). The study's side is the one its region names ("right knee", a report heading's
    "LEFT SHOULDER"); a request or a study of both sides, or of no side, matches any."""
    side = context.request.side
    if side not in _SIDE_NAMED:
        return True
    region = study_region(context, fact) or ""
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page)) or ""
    # the region's own words, and the study's sentence up to the finding ("X-rays of the
    # right knee today: ...")
    line = text[:evidence.start].rsplit("\n", 1)[-1]
    words = f"{region} {re.split(r'(?<=[.;])\s', line)[-1]}"
    if _BOTH_SIDES.search(words):
        return True
    named = {name for name, pattern in _SIDE_NAMED.items() if pattern.search(words)}
    named |= {side for side in side_letters(words) if side != "bilateral"}
    return not named or side in named


_BOTH_SIDES = re.compile(r"\b(?:bilat\w*|both|B/L)\b", re.IGNORECASE)
#: Root findings of imaging that have a side (a protrusion contacting a root, foraminal
#: narrowing), and the radicular signs of the examination.
_ROOT_IMAGING = ("disc_herniation", "nerve_root_compression", "stenosis")
_RADICULAR_SIGNS = ("straight_leg_raise", "reflex", "sensory_deficit", "motor_deficit")


def force_alone(fact: Fact) -> bool:
    """A motor finding that is only one hand's grip or pinch force, with nothing to judge it by
    (`records.kinds.exam.force_alone`): a measure, which counts neither as a weakness nor as
    strength (a normal grip is a number too)."""
    from openimr.records.kinds.exam import force_alone as told_alone

    return fact.value.get("finding") == "motor_deficit" and told_alone(
        str(fact.value.get("detail") or fact.evidence.quote))


def _sides_of(context: Context, fact: Fact) -> set[str]:
    """The sides a finding's own clause names (its words up to the next comma or stop, after a
    side letter just before it): both for "bilateral", none when it names no side. An
    examination finding's side as the reader gave it (`side_letter`) comes first: the reader
    tells "SLR positive R and L negative" apart from "R and L symmetric" (review 12, R15)."""
    read = fact.value.get("side") if fact.kind is FactKind.exam_finding else None
    if read in ("left", "right"):
        return {read}
    if read == "bilateral":
        return {"left", "right"}
    evidence = fact.evidence
    text = context.page_texts.get((evidence.document, evidence.page)) or evidence.quote
    before = re.split(r"[.;,\n]", text[max(0, evidence.start - 12):evidence.start])[-1]
    clause = before + _result_words(context, fact)
    letters = set(side_letters(clause))
    if _BOTH_SIDES.search(clause) or "bilateral" in letters:
        return {"left", "right"}
    return {side for side, words in _SIDE_NAMED.items() if words.search(clause)} | letters


@predicate("radicular_findings_on_side")
def radicular_findings_on_side(context: Context, description: str) -> Outcome:
    """The radicular findings are on the side the request treats. A one-sided request (a
    right transforaminal injection, a left discectomy) treats the root the examination and the
    imaging find involved: when every finding that names a side (a positive straight leg
    raise, a reflex, sensory or motor change, a disc or foraminal lesion touching a root)
    names the other one, the request is for a side with no findings (CPMTG p. 46,
    radiculopathy corroborated where it is injected; ACOEM ch. 12 pp. 305-306, the lesion
    matching the symptoms). Met when a finding names the requested side or both; met too
    when none names a side (nothing tells against the request)."""
    side = context.request.side
    if side not in _SIDE_NAMED:
        return Outcome.met("The request names no single side.")
    signs = [f for f in context.facts_of(FactKind.exam_finding, finding=list(_RADICULAR_SIGNS))
             if f.value.get("positive", True) and not force_alone(f)]
    images = [f for f in context.facts_of(FactKind.imaging_finding, category=list(_ROOT_IMAGING))
              if not _normal(f)]
    sided = [(f, _sides_of(context, f)) for f in signs + images]
    sided = [(f, sides) for f, sides in sided if sides]
    if not sided:
        return Outcome.met(f"No finding names a side ({description}).")
    this = [f for f, sides in sided if side in sides]
    if this:
        return Outcome.met(f"The records document {description} on the {side}.", this[:3])
    other = "left" if side == "right" else "right"
    return Outcome.not_met(f"Every radicular finding that names a side is on the {other}; the "
                           f"request is for the {side} ({description}).",
                           [f for f, _s in sided][:3])
