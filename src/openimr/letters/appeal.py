"""Appeal-ground checks (LC 4610.6(h)): candidate plainly erroneous findings of fact.

A determination may be appealed for fraud, conflict of interest, bias, or a plainly
erroneous express or implied finding of fact. Attorneys and claims administrators read a
letter for the last: a body part the claim never had, a rationale that says the opposite of
the summary, records left out, a guideline not in force, a reviewer of the wrong specialty,
a letter issued late. Each check below gives quotes from the letter (and the records, when a
case file is given). These are candidate grounds for a person to judge, not legal advice.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from openimr.model.numbers import NUMBER_WORDS

DISCLAIMER = ("These are candidate grounds under LC 4610.6(h) for a person to judge, found by "
              "automatic checks; they are not legal advice and not findings.")


class Ground(StrEnum):
    body_part = "body part or condition not in the claim or the records"
    contradiction = "rationale contradicts the letter's summary"
    records_missing = "records in the case file not among the documents reviewed"
    guideline_version = "guideline version not in force on the UR date"
    reviewer_specialty = "reviewer specialty does not match the treatment"
    late = "letter issued after the statutory deadline"


class Flag(BaseModel):
    ground: Ground
    finding: str
    letter_quotes: list[str] = Field(default_factory=list)
    record_quotes: list[str] = Field(default_factory=list)


class AppealCheck(BaseModel):
    disclaimer: str = DISCLAIMER
    flags: list[Flag] = Field(default_factory=list)
    not_checked: list[str] = Field(default_factory=list)

    def text(self) -> str:
        lines = [f"Appeal-ground check (LC 4610.6(h)): {len(self.flags)} candidate ground"
                 f"{'' if len(self.flags) == 1 else 's'}", DISCLAIMER, ""]
        for number, flag in enumerate(self.flags, start=1):
            lines.append(f"{number}. {flag.ground.value}: {flag.finding}")
            lines += [f"   letter: \"{q}\"" for q in flag.letter_quotes]
            lines += [f"   records: \"{q}\"" for q in flag.record_quotes]
        for reason in self.not_checked:
            lines.append(f"not checked: {reason}")
        return "\n".join(lines) + "\n"


# --- body parts -----------------------------------------------------------------------------

# Each group: the words that name one body region. A rationale's region must be among the
# claim's, the diagnoses', the summary's or the records' regions.
_REGIONS: dict[str, str] = {
    "low back": r"lumbar|lumbosacral|low(?:er)?[\s-]back|l-?spine|\bL[1-5](?:-|/)?(?:[1-5]|S1)?\b|"
                r"sacro-?iliac|\bSI joint|sciatica|radiculopathy of the (?:lower|leg)",
    "neck": r"cervical|\bneck\b|c-?spine|\bC[2-7](?:-|/)?[3-7]?\b",
    "thoracic": r"thoracic|mid[\s-]back|upper back|t-?spine",
    "shoulder": r"shoulder|rotator cuff|glenohumeral|acromio|subacromial|labr(?:um|al)",
    "elbow": r"elbow|epicondyl|olecranon",
    "wrist or hand": r"wrist|\bhand\b|hands\b|carpal|finger|thumb|trigger finger|de quervain",
    "hip": r"\bhip\b|hips\b|acetabul|femoral head|trochanter",
    "knee": r"\bknee|menisc|patell|\bACL\b|cruciate",
    "ankle or foot": r"ankle|\bfoot\b|\bfeet\b|plantar|achilles|heel|calcane|toe\b",
    "head": r"\bhead\b|concussion|traumatic brain|cranial|headache",
    "psyche": r"depress|anxiety|psychiatric|psycholog|ptsd|insomnia",
}
# Guideline chapter names mention regions without saying the worker has them.
_CHAPTERS = re.compile(
    r"(?i)\b(?:ODG|ACOEM|MTUS|Official Disability Guidelines)?[\s,(]*"
    r"(?:Low Back|Neck and Upper Back|Neck|Knee(?: & Leg| and Leg)?|Shoulder|Elbow|"
    r"Forearm,? Wrist,? (?:&|and) Hand|Hand,? Wrist,? and Forearm|Ankle (?:&|and) Foot|"
    r"Hip (?:&|and) Pelvis|Head|Cervical and Thoracic Spine|Low Back|Pain|Mental Illness "
    r"(?:&|and) Stress)\s*(?:Complaints|Disorders|Chapter|\(Acute (?:&|and) Chronic\))"
    r"(?:\s*\([^)]*\))?|\bODG\s+(?:Knee & Leg|Low Back|Neck|Shoulder|Pain|Ankle & Foot|"
    r"Hip & Pelvis|Elbow|Forearm, Wrist, & Hand|Head)\b")


def regions(text: str) -> dict[str, str]:
    """Region -> the first words naming it, in `text` with guideline chapter names taken out."""
    cleaned = _CHAPTERS.sub(" ", text or "")
    found = {}
    for region, pattern in _REGIONS.items():
        match = re.search(pattern, cleaned, re.I)
        if match:
            found[region] = match.group()
    return found


def _sentence(text: str, fragment: str) -> str:
    """The sentence of `text` holding `fragment`: the quote a reader checks."""
    index = text.lower().find(fragment.lower())
    if index < 0:
        return fragment
    start = max(text.rfind(". ", 0, index) + 2, 0) if text.rfind(". ", 0, index) >= 0 else 0
    end = text.find(". ", index)
    return " ".join(text[start:end + 1 if end >= 0 else len(text)].split())[:300]


# --- counts, dates, drugs, absences ---------------------------------------------------------

_PRIOR_COUNT = re.compile(
    r"(?i)\b(?:completed|had|attended|received|undergone|underwent|finished|after)\s+"
    r"(?:at\s+least\s+|approximately\s+|about\s+|a\s+total\s+of\s+)?(?P<n>\d+|"
    + "|".join(NUMBER_WORDS) + r")(?:\s*plus|\+)?\s+(?:prior\s+|previous\s+)?(?P<what>"
    r"(?:physical\s+therapy\s+|PT\s+|chiropractic\s+|acupuncture\s+|massage\s+|"
    r"psychotherapy\s+|CBT\s+)?(?:sessions?|visits?|treatments?|injections?))")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b")
_ABSENT = re.compile(
    r"(?i)\b(?:no\s+(?:documentation|evidence|record|indication|mention)\s+(?:of|that)\s+"
    r"(?:any\s+|prior\s+|previous\s+|a\s+)?|has\s+not\s+(?:had|tried|undergone|received)\s+"
    r"(?:any\s+|prior\s+|a\s+)?|never\s+(?:had|tried|received)\s+(?:any\s+)?|"
    r"without\s+(?:any\s+)?prior\s+)(?P<what>[a-z][a-z -]{2,40}?)(?=[.,;]|\s+(?:and|or|was|"
    r"is|has|to|for|in|with|that|which|from|since|prior|before)\b|$)")
_TREATMENTS = re.compile(
    r"(?i)physical therapy|chiropractic|acupuncture|massage|injections?|epidural|surgery|"
    r"home exercise|medications?|NSAIDs?|opioids?|psychotherapy|cognitive behavioral|TENS|"
    r"bracing|MRI|imaging|x-rays?|EMG|nerve conduction|conservative (?:care|treatment)")


def _count(value: str) -> int:
    return int(value) if value.isdigit() else NUMBER_WORDS[value.lower()]


def _dates(text: str) -> set[dt.date]:
    found = set()
    for month, day, year in _DATE.findall(text or ""):
        year_n = int(year) + (2000 if len(year) == 2 else 0)
        try:
            found.add(dt.date(year_n, int(month), int(day)))
        except ValueError:
            continue
    return found


@cache
def _drug_names() -> re.Pattern[str]:
    """Every drug name of the table in one pattern: one pass over a text, not one per name
    (the longest name first where names share a start)."""
    from openimr.guidelines.drugs import drug_table

    names = sorted({n for n in drug_table().names() if len(n) >= 5 and n.isalpha()},
                   key=lambda n: (-len(n), n))
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.I)


def _drugs(text: str) -> dict[str, str]:
    from openimr.guidelines.drugs import lookup_drug

    found: dict[str, str] = {}
    for match in _drug_names().finditer(text or ""):
        if match:
            drug = lookup_drug(match.group())
            if drug is not None:
                found.setdefault(drug.generic.lower(), match.group())
    return found


def _contradictions(summary: str, items: list[Any], context: str) -> list[Flag]:
    flags: list[Flag] = []
    summary_counts: dict[str, set[int]] = {}
    for match in _PRIOR_COUNT.finditer(summary):
        summary_counts.setdefault(_unit(match.group("what")), set()).add(_count(match.group("n")))
    known_dates = _dates(context)
    summary_drugs = _drugs(context)
    for item in items:
        rationale = item.rationale or ""
        for match in _PRIOR_COUNT.finditer(rationale):
            unit, count = _unit(match.group("what")), _count(match.group("n"))
            stated = summary_counts.get(unit)
            if stated and count not in stated:
                flags.append(Flag(
                    ground=Ground.contradiction,
                    finding=f"the rationale counts {count} {unit} where the summary counts "
                            f"{', '.join(str(n) for n in sorted(stated))}",
                    letter_quotes=[_sentence(rationale, match.group()),
                                   *[_sentence(summary, m.group())
                                     for m in _PRIOR_COUNT.finditer(summary)
                                     if _unit(m.group("what")) == unit][:1]]))
        for day in sorted(_dates(rationale) - known_dates):
            shown = next(m.group() for m in _DATE.finditer(rationale)
                         if _dates(m.group()) == {day})
            flags.append(Flag(ground=Ground.contradiction,
                              finding=f"the rationale gives the date {shown}, which the summary "
                                      "and the letter's header do not",
                              letter_quotes=[_sentence(rationale, shown)]))
        for generic, shown in _drugs(rationale).items():
            if generic not in summary_drugs and generic not in _drugs(item.item):
                flags.append(Flag(ground=Ground.contradiction,
                                  finding=f"the rationale names {shown}, which the summary and "
                                          "the item do not",
                                  letter_quotes=[_sentence(rationale, shown)]))
        for match in _ABSENT.finditer(rationale):
            said_absent = match.group("what").strip()
            for treatment in _TREATMENTS.finditer(said_absent):
                listed = re.search(re.escape(treatment.group()).rstrip("s") + r"s?\b",
                                   summary, re.I)
                if listed and not _negated(summary, listed.start()):
                    flags.append(Flag(
                        ground=Ground.contradiction,
                        finding=f"the rationale says there is no {treatment.group()}, but the "
                                "summary lists it",
                        letter_quotes=[_sentence(rationale, match.group()),
                                       _sentence(summary, listed.group())]))
    return flags


def _negated(text: str, index: int) -> bool:
    before = text[max(0, index - 40):index].lower()
    return bool(re.search(r"\b(?:no|not|never|without|denies|declined)\b[^.]*$", before))


def _unit(what: str) -> str:
    word = what.split()[-1].lower().rstrip("s")
    kind = " ".join(what.split()[:-1]).lower()
    return f"{kind} {word}s".strip() if kind else f"{word}s"


# --- documents reviewed ---------------------------------------------------------------------

_DOCS = re.compile(r"(?ims)^\s*DOCUMENTS\s+REVIEWED[^\n]*\n(?P<body>.*?)(?=^\s*[A-Z][A-Z ,&()/]{8,}"
                   r"\s*$|\Z)")


def _documents_reviewed(text: str) -> list[str] | None:
    match = _DOCS.search(text)
    if match is None:
        return None
    return [line.strip(" -•\t") for line in match.group("body").splitlines() if line.strip()]


def _record_names(case: Any) -> list[tuple[str, str | None]]:
    """(name, date) of each record the case file lists."""
    out = []
    for index, record in enumerate(case.records, start=1):
        name = (getattr(record, "title", None) or getattr(record, "path", None)
                or record.type or f"record {index}")
        name = re.sub(r"\.(?:txt|pdf)$", "", name.rsplit("/", 1)[-1]).replace("_", " ")
        day = record.date.strftime("%m/%d/%Y") if record.date else None
        out.append((name, day))
    return out


def _missing_records(text: str, case: Any) -> tuple[list[Flag], str | None]:
    listed = _documents_reviewed(text)
    if listed is None:
        return [], "the letter has no DOCUMENTS REVIEWED section"
    flags = []
    for name, day in _record_names(case):
        present = any(fuzz.partial_ratio(name.lower(), line.lower()) >= 85 for line in listed)
        if not present and day:
            present = any(day in line and fuzz.token_set_ratio(name.lower(), line.lower()) >= 50
                          for line in listed)
        if not present:
            flags.append(Flag(ground=Ground.records_missing,
                              finding=f"the case file lists {name!r}"
                                      + (f" ({day})" if day else "")
                                      + ", which the letter's documents reviewed do not",
                              record_quotes=[name + (f", {day}" if day else "")],
                              letter_quotes=listed[:3]))
    return flags, None


# --- guideline version ----------------------------------------------------------------------

_PAGES = re.compile(r"(?i)\bpages?(?:\(s\))?\s*:?\s*[\d,\s-]+|\bp\.\s*[\d-]+")


def _guideline_flags(items: list[Any], ur_date: dt.date | None) -> list[Flag]:
    from openimr.guidelines.knowledge import load_knowledge_base

    if ur_date is None:
        return []
    versions = [v for topic in load_knowledge_base().topics.values() for v in topic.versions]
    flags = []
    for item in items:
        cited = item.guideline_cited
        if not cited:
            continue
        wanted = _PAGES.sub("", cited)
        scored = [(fuzz.token_set_ratio(wanted.lower(),
                                        f"{v.citation} {v.guideline.document}".lower()), v)
                  for v in versions]
        best = max((s for s, _ in scored), default=0)
        if best < 80:
            continue
        matching = [v for s, v in scored if s >= best - 3]
        if any(v.in_force.covers(ur_date) for v in matching):
            continue
        periods = sorted({_period(v) for v in matching})
        flags.append(Flag(ground=Ground.guideline_version,
                          finding=f"the cited guideline matches {', '.join(sorted({v.id for v in matching}))}, "
                                  f"in force {'; '.join(periods)}, not on the UR date "
                                  f"{ur_date:%m/%d/%Y}",
                          letter_quotes=[cited]))
    return flags


def _period(version: Any) -> str:
    start = version.in_force.start
    end = version.in_force.end
    return (f"from {start:%m/%d/%Y}" if start else "always") + (f" until {end:%m/%d/%Y}" if end
                                                               else "")


# --- reviewer specialty ---------------------------------------------------------------------

def _specialty_flags(parsed: Any, case: Any) -> list[Flag]:
    from openimr.workflow import specialties as table

    named = [table.canonical_specialty(s) for s in parsed.reviewer.specialties]
    if not named:
        return []
    accepted: set[str] = set()
    for item in parsed.items:
        allowed = table.accepted_for_item(table.item_category(item.item))
        if allowed is None:
            return []  # an item of unknown kind: any specialty may review it
        accepted |= set(allowed)
    if case is not None:
        accepted |= table.accepted_for_conditions(table.case_conditions(case))
    if not accepted or any(a.lower() in n.lower() or n.lower() in a.lower()
                           for a in accepted for n in named):
        return []  # "Psychiatry and Neurology" is a Neurology board; "Chiropractic Orthopedics" a DC
    return [Flag(ground=Ground.reviewer_specialty,
                 finding=f"the reviewer is certified in {', '.join(named)}; the treatment "
                         f"is reviewed by {', '.join(sorted(accepted))}",
                 letter_quotes=[f"Board Certified in {', '.join(parsed.reviewer.specialties)}",
                                *(i.item for i in parsed.items)])]


# --- deadline -------------------------------------------------------------------------------

_RECEIVED = re.compile(r"(?i)(?:documents?|records?)\s+(?:were\s+)?(?:received|provided)\s+"
                       r"(?:on\s+)?(\d{1,2}/\d{1,2}/\d{4})")


def _deadline_flags(text: str, parsed: Any, case: Any) -> tuple[list[Flag], str | None]:
    """The review is due 30 days (3 expedited, 5 working days for a formulary drug) after the
    records arrive (LC 4610.6(d)). A letter that says when the records arrived is held to
    that; otherwise to the latest lawful date: assignment plus the parties' time to send
    records (15 days; 1 day expedited), then the review period."""
    from openimr.workflow import deadlines as law

    decided = _iso(parsed.dates.decided)
    received = _RECEIVED.search(text)
    records = min(_dates(received.group(1)), default=None) if received else None
    start = _iso(parsed.dates.assigned) or _iso(parsed.dates.application)
    if case is not None and start is None:
        start = case.application.received_date
    if decided is None or (start is None and records is None):
        return [], "the letter gives no decision date and assignment or application date"
    expedited = bool(re.search(r"(?i)\bpriority\s*:?\s*expedited|\bexpedited\s+review", text)) \
        or (case is not None and case.priority.value == "expedited")
    formulary = bool(re.search(r"(?i)\bformulary\b", text))
    if records is None:
        records = start + (dt.timedelta(days=1) if expedited
                           else dt.timedelta(days=law.RECORDS_DAYS))
        basis = f"assignment {start:%m/%d/%Y} plus the time to send records"
    else:
        basis = f"records received {records:%m/%d/%Y}"
    if expedited:
        due = records + dt.timedelta(days=law.DETERMINATION_DAYS_EXPEDITED)
        rule = f"{law.DETERMINATION_DAYS_EXPEDITED} days (expedited)"
    elif formulary:
        due = law.add_business_days(records, law.DETERMINATION_BUSINESS_DAYS_FORMULARY)
        rule = f"{law.DETERMINATION_BUSINESS_DAYS_FORMULARY} working days (formulary drug dispute)"
    else:
        due = records + dt.timedelta(days=law.DETERMINATION_DAYS)
        rule = f"{law.DETERMINATION_DAYS} days"
    if decided <= due:
        return [], None
    return [Flag(ground=Ground.late,
                 finding=f"decided {decided:%m/%d/%Y}; LC 4610.6(d) allows {rule} from the "
                         f"records ({basis}): due {due:%m/%d/%Y}",
                 letter_quotes=_date_quotes(text, parsed))], None


def _date_quotes(text: str, parsed: Any) -> list[str]:
    quotes = []
    for value in (parsed.dates.assigned, parsed.dates.application, parsed.dates.decided):
        day = _iso(value)
        if day is None:
            continue
        for form in (f"{day:%m/%d/%Y}", f"{day.month}/{day.day}/{day.year}", f"{day:%B} {day.day}, {day.year}"):
            line = next((ln.strip() for ln in text.splitlines() if form in ln), None)
            if line:
                quotes.append(line[:200])
                break
    return quotes


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- the check ------------------------------------------------------------------------------

def check_letter(text: str, case: Any = None, documents: list[Any] | None = None,
                 decided_on: dt.date | None = None, due_on: dt.date | None = None,
                 check_deadline: bool = True) -> AppealCheck:
    """Every candidate appeal ground of a letter's text; `case` (a `Case`) and its records'
    `documents` let the checks compare with the claim and the records. `decided_on` stands
    for a decision date the letter does not give (a draft about to be signed); `due_on` is
    the workflow's own due date, when the case is tracked."""
    from openimr.corpus import parse_letter

    parsed = parse_letter(text)
    if parsed.dates.decided is None and decided_on is not None:
        parsed.dates.decided = decided_on.isoformat()
    result = AppealCheck()
    summary = parsed.clinical_summary or ""
    header = text.split("CLINICAL CASE SUMMARY")[0] if "CLINICAL CASE SUMMARY" in text else ""
    item_names = " ".join(i.item for i in parsed.items)
    # Regions the claim and the records know.
    known_text = " ".join([summary, item_names, *parsed.diagnoses])
    records_text = ""
    if case is not None:
        known_text += " " + " ".join([*case.claim.body_parts, *(d.label for d in case.diagnoses),
                                      *(i.description for i in case.disputed_items)])
        records_text = " ".join(d.text for d in documents or [])
    known = regions(known_text + " " + records_text)
    for item in parsed.items:
        for region, words in regions(item.rationale or "").items():
            if region not in known:
                result.flags.append(Flag(
                    ground=Ground.body_part,
                    finding=f"the rationale names the {region} ({words}); neither the claim, "
                            "the diagnoses, the summary nor the records do",
                    letter_quotes=[_sentence(item.rationale or "", words)],
                    record_quotes=[f"claim body parts: {', '.join(case.claim.body_parts)}"]
                    if case is not None and case.claim.body_parts else []))
    result.flags += _contradictions(summary, parsed.items, " ".join([summary, header,
                                                                    item_names, text[:0]]))
    if case is not None:
        flags, skipped = _missing_records(text, case)
        result.flags += flags
        if skipped:
            result.not_checked.append(skipped)
    else:
        result.not_checked.append("records left out (needs --case)")
    ur_date = _iso(parsed.dates.ur_denial) or (case.ur_decision.date if case is not None
                                               else None)
    if ur_date is None:
        result.not_checked.append("guideline version (the letter gives no UR date)")
    result.flags += _guideline_flags(parsed.items, ur_date)
    result.flags += _specialty_flags(parsed, case)
    if due_on is not None and decided_on is not None:
        if decided_on > due_on:
            result.flags.append(Flag(ground=Ground.late, finding=(
                f"to be decided {decided_on:%m/%d/%Y}, after the determination was due "
                f"{due_on:%m/%d/%Y} (LC 4610.6(d))")))
    elif check_deadline:
        flags, skipped = _deadline_flags(text, parsed, case)
        result.flags += flags
        if skipped:
            result.not_checked.append(f"deadline ({skipped})")
    else:
        result.not_checked.append("deadline (the case has no determination due date yet)")
    return result
