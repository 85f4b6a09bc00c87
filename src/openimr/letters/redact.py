"""The public copy of a letter: every identifier of a person or a claim removed.

Three kinds of evidence find an identifier, each giving spans of the original text:

1. the case file's known identifiers (worker, provider, employer, claims administrator, claim
   and case numbers, date of birth, record authors), matched in their variants (parts of a
   name, titles, possessives, all caps, initials, separators in numbers) and fuzzily
   (rapidfuzz) so a misspelt or OCR-damaged name is still caught;
2. pattern recognizers of our own for numbers and contact details (SSN, phone and fax,
   email, street addresses, claim/policy/case numbers after their labels);
3. context rules for names the case file does not know: a title ("Dr. X", "Ms. Q."), a
   credential ("Y Z, M.D."), a relation ("husband, Y"), a facility word ("at Z Rehab"), or a
   labelled header field ("Employer: ...").

Dates of birth become the age; every other date stays, as in the published letters. No
model and no network: the recognizers are regular expressions and string distances.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz


class Kind(StrEnum):
    """What a redacted span was; its replacement says so (`[NAME]`)."""

    name = "NAME"
    organization = "ORGANIZATION"
    number = "ID NUMBER"
    ssn = "SSN"
    phone = "PHONE"
    email = "EMAIL"
    address = "ADDRESS"
    birth_date = "DATE OF BIRTH"


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: Kind
    why: str = field(compare=False, default="")


@dataclass
class KnownIdentifiers:
    """What the case file says identifies the parties: the redactor looks for these first."""

    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    birth_date: dt.date | None = None
    as_of: dt.date | None = None  # the date an age is counted to (the letter's date)


# --- known identifiers from a case file -----------------------------------------------------

# Key words of a case file's fields, by what their string values are. A case file written
# by another system may name its fields differently; any key containing one of these words
# is read (e.g. "attorney_name", "employer_address", "adjuster_phone").
_KEY_KINDS: list[tuple[str, str]] = [
    ("email", "contacts"), ("phone", "contacts"), ("fax", "contacts"),
    ("address", "addresses"), ("street", "addresses"), ("city", "addresses"),
    ("ssn", "numbers"), ("social_security", "numbers"), ("number", "numbers"),
    ("policy", "numbers"), ("_id", "numbers"), ("mrn", "numbers"),
    ("employer", "organizations"), ("administrator", "organizations"),
    ("insurer", "organizations"), ("carrier", "organizations"), ("facility", "organizations"),
    ("clinic", "organizations"), ("hospital", "organizations"), ("organization", "organizations"),
    ("firm", "organizations"), ("company", "organizations"), ("pharmacy", "organizations"),
    ("name", "people"), ("author", "people"), ("attorney", "people"), ("adjuster", "people"),
    ("spouse", "people"), ("relative", "people"), ("physician", "people"), ("doctor", "people"),
    ("provider", "people"), ("nurse", "people"), ("therapist", "people"), ("worker", "people"),
]
# Keys whose values are never identifiers even though a key word matches.
_NOT_IDENTIFIERS = re.compile(
    r"specialty|type|title|text|description|body_part|diagnos|guideline|outcome|priority|"
    r"sex|age$|date|served|signed|attached|path|code|item|decision|status|reason", re.I)
# Generic authors ("Physical therapist") are roles, not names.
_ROLE_WORDS = re.compile(
    r"^(?:the\s+)?(?:requesting|treating|primary|attending)?\s*(?:physical\s+therapist|"
    r"therapist|physician|provider|doctor|surgeon|nurse|chiropractor|psychologist|"
    r"radiologist|clinician|unknown|not stated|none)s?$", re.I)


def known_identifiers(case: Any, documents: Iterable[Any] = ()) -> KnownIdentifiers:
    """The identifiers a case file (a `Case`, or its dict) and its documents' authors give."""
    data = case.model_dump(mode="json") if hasattr(case, "model_dump") else dict(case or {})
    known = KnownIdentifiers()
    for path, value in _strings(data):
        key = path.lower()
        leaf = key.rsplit(".", 1)[-1]
        if leaf in {"date_of_birth", "dob", "birth_date", "birthdate"}:
            known.birth_date = _to_date(value)
            continue
        if _NOT_IDENTIFIERS.search(leaf) and not re.search(r"name|number|phone|email|address",
                                                           leaf):
            continue
        for word, bucket in _KEY_KINDS:
            if word in key.replace(".", "_").split("records")[-1] or word in leaf:
                if bucket == "people" and _ROLE_WORDS.match(value.strip()):
                    break
                getattr(known, bucket).append(value.strip())
                break
    for document in documents:
        author = getattr(document, "author", None)
        if author and not _ROLE_WORDS.match(author.strip()):
            known.people.append(author.strip())
        # Names the records give by context ("Dr. X", "husband, Y") are known from then on,
        # so the letter's bare "X" or "Y" is caught too.
        text = getattr(document, "text", None)
        if isinstance(text, str):
            known.people += names_in_context(text)
    for record in data.get("records") or []:
        if isinstance(record, dict) and isinstance(record.get("text"), str):
            known.people += names_in_context(record["text"])
    application = data.get("application") or {}
    ur = data.get("ur_decision") or {}
    known.as_of = (_to_date(application.get("received_date")) or _to_date(ur.get("date"))
                   if isinstance(application, dict) and isinstance(ur, dict) else None)
    for bucket in ("people", "organizations", "numbers", "addresses", "contacts"):
        setattr(known, bucket, _unique(v for v in getattr(known, bucket) if len(v) >= 2))
    return known


def _strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, path)
    elif isinstance(data, str | int) and not isinstance(data, bool):
        yield path, str(data)
    elif isinstance(data, dt.date):
        yield path, data.isoformat()


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.lower(), value)
    return list(seen.values())


def _to_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y", "%B %d, %Y", "%b %d, %Y",
                    "%d-%b-%Y", "%d-%b-%y", "%m.%d.%Y", "%B %d %Y", "%b. %d, %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


# --- the recognizers ------------------------------------------------------------------------

_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Prof|Professor)"
_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]{2,}(?:[-'][A-Z]+)*|[A-Z]\.?)"
_NAME_WORD_NO_INITIAL = r"(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]{2,}(?:[-'][A-Z]+)*)"
_CREDENTIALS = (r"(?:D\.?P\.?M|P\.?A\.?-C|M\.?D|D\.?O|D\.?C|Ph\.?D|Psy\.?D|PA-C|P\.?A|N\.?P|F\.?N\.?P|R\.?N|D\.?P\.?T|"
                r"P\.?T|O\.?T|L\.?Ac|M\.?P\.?T|D\.?D\.?S|QME|AME|Esq)\.?")
_RELATIONS = (r"(?:husband|wife|spouse|partner|son|daughter|mother|father|brother|sister|"
              r"boyfriend|girlfriend|fianc[ée]e?|friend|caregiver|niece|nephew|aunt|uncle|"
              r"grandmother|grandfather|grandson|granddaughter|cousin|guardian|child|"
              r"co-?worker|supervisor|manager|attorney|adjuster|interpreter|roommate|neighbor)")
_FACILITY_WORDS = (r"(?:Rehab(?:ilitation)?|Hospital|Clinic|Medical\s+(?:Center|Group|Clinic|"
                   r"Associates)|Health(?:care)?|Center|Centre|Physical\s+Therapy|Therapy|"
                   r"Orthopa?edics?|Imaging|Radiology|Associates|Urgent\s+Care|Pharmacy|"
                   r"Chiropractic|Institute|Surgery\s+Center|Spine|Pain\s+(?:Management|Center|"
                   r"Clinic)|Occupational\s+(?:Medicine|Health)|Medical|Group|Partners|"
                   r"Wellness|Diagnostics|Laboratories|Labs?|Services|Insurance|Inc|LLC|Corp|"
                   r"Corporation|Company|Co|Ltd|Logistics|Systems|Industries|Foods|Markets?|"
                   r"Stores?|Transport|Construction|District|County|City|Claims|Casualty|Mutual|"
                   r"Adjusters|Administrators|Underwriters|Indemnity|Assurance|MRI|Surgical|"
                   r"Outlet|Lines|Freight|Machining|Manufacturing|Farms|Hotel|Resorts?|"
                   r"Restaurants?|Grocery|Program|Unified\s+School\s+District|School|College|University)\b\.?")
# Capitalized words that start a facility or employer phrase but are not part of a name.
_FUNCTION_WORDS = {"The", "A", "An", "At", "Of", "And", "For", "In", "On", "By", "To", "With",
                   "From", "His", "Her", "Their", "This", "That", "Per", "Under"}
# Capitalized words that look like a name after a title or relation but are clinical or
# structural ("Dr. Notes", "husband, who ...").
_NOT_NAMES = {"The", "He", "She", "They", "Who", "Which", "And", "Was", "Is", "Has", "Had",
              "Not", "Patient", "Claimant", "Applicant", "Employee", "Worker", "Injured",
              "Requesting", "Treating", "Provider", "Physician", "Reviewer", "Note", "Notes",
              "Report", "Records", "Record", "Progress", "Physical", "Therapy", "Office",
              "Visit", "States", "Stated", "Reports", "Reported", "Also", "Then", "Her", "His",
              "Their", "Per", "MTUS", "ACOEM", "ODG", "IMR", "UR", "MRI", "PT", "CT",
              "EMG", "NCV", "NSAID", "NSAIDs", "TENS", "On", "In", "At", "Of", "For", "With",
              "Date", "Dated", "Final", "Independent", "Medical", "Review", "Decision",
              "Claims", "Administrator", "Guideline", "Guidelines", "Chronic", "Pain"}

# Words of section headers in capitals: "IMR ISSUES, DECISIONS AND RATIONALES" is no name.
_HEADER_WORDS = {"ISSUES", "ISSUE", "DECISIONS", "DECISION", "RATIONALES", "RATIONALE", "AND",
                 "DOCUMENTS", "REVIEWED", "CLINICAL", "CASE", "SUMMARY", "IMR", "FINAL", "MTUS",
                 "ACOEM", "ODG", "INC", "LLC", "MD", "DO", "DC", "PT", "CA", "USA", "NOTICE",
                 "INDEPENDENT", "MEDICAL", "REVIEW", "DETERMINATION", "REASONS", "UPHELD",
                 "OVERTURNED", "GUIDELINES", "GUIDELINE", "PAGE", "PAGES", "DATE", "DATED"}

_LABELS = (r"(?:(?:Employee|Applicant|Patient|Provider|Employer|Claimant|Physician|Worker|Insured|"
           r"Requesting\s+Provider|Adjuster|Attorney)(?:'s)?\s+(?:Name|Address|Phone|Fax|E-?mail)|"
           r"Employee|Applicant|Injured\s+Worker|Worker|Patient|Claimant|Name|Insured|"
           r"Employer|Claims\s+Administrator|Claims\s+Adjuster|Adjuster|Insurer|Carrier|"
           r"Attorney|Applicant(?:'s)?\s+Attorney|Defense\s+Attorney|Requesting\s+Provider|"
           r"Requesting\s+Physician|Treating\s+Physician|Primary\s+Treating\s+Physician|"
           r"Provider|Physician|Facility|Address|Mailing\s+Address|Phone|Telephone|Tel|Fax|"
           r"E-?mail|Spouse|Emergency\s+Contact)")
_LABEL_KIND = {"employer name": Kind.organization, "address": Kind.address, "mailing": Kind.address, "phone": Kind.phone,
               "telephone": Kind.phone, "tel": Kind.phone, "fax": Kind.phone,
               "email": Kind.email, "e-mail": Kind.email, "employer": Kind.organization,
               "claims": Kind.organization, "insurer": Kind.organization,
               "carrier": Kind.organization, "facility": Kind.organization}

_STREET_TYPES = (r"(?:Street|St|Avenue|Ave|Boulevard|Blvd|Road|Rd|Drive|Dr|Lane|Ln|Way|Court|Ct|"
                 r"Place|Pl|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Terrace|Ter|Trail|Trl|Plaza|"
                 r"Square|Sq|Loop|Row|Alley|Expressway|Freeway|Run|Path|Pike|Crossing|Walk)\b\.?")
_UNIT = r"(?:,?\s*(?:Suite|Ste\.?|Apt\.?|Apartment|Unit|Bldg\.?|Building|Floor|Fl\.?|#)\s*[\w-]+)"
_CITY_STATE_ZIP = (r"(?:,?\s*(?:[A-Z][a-zA-Z.]+(?:\s+[A-Z][a-zA-Z.]+){0,3}),?\s+"
                   r"(?:CA|California|[A-Z]{2})\.?,?\s+\d{5}(?:-\d{4})?)")

_PATTERNS: list[tuple[Kind, re.Pattern[str], str]] = [
    (Kind.email, re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), "email"),
    (Kind.ssn, re.compile(r"\b(?:\d{3}-\d{2}-\d{4}|\d{3}\s\d{2}\s\d{4}|XXX-XX-\d{4}|"
                          r"\*{3}-\*{2}-\d{4})\b"), "SSN"),
    (Kind.ssn, re.compile(r"(?i)\b(?:SSN|S\.S\.N\.|social security(?: number| no\.?| #)?)"
                          r"(?:\s*\((?:last\s+(?:four|4)(?:\s+digits)?)\))?[\s:#]{1,4}"
                          r"(?P<v>(?:[\dX*]{3}[- ]?[\dX*]{2}[- ]?)?\d{4})\b"), "SSN label"),
    (Kind.phone, re.compile(r"(?<![\w/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]"
                            r"\d{4}(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?\b"), "phone"),
    (Kind.address, re.compile(r"\b(?:P\.?\s?O\.?\s+Box|Post\s+Office\s+Box)\s+\d+"
                              + _CITY_STATE_ZIP + "?", re.I), "PO box"),
    (Kind.address, re.compile(r"\b\d{1,6}(?:-\d{1,4})?\s+(?:[NSEW]\.?\s+|North\s+|South\s+|"
                              r"East\s+|West\s+)?(?:[A-Z0-9][A-Za-z0-9'.]*\s+){0,4}?"
                              + _STREET_TYPES + _UNIT + "?" + _CITY_STATE_ZIP + "?"), "street"),
    (Kind.address, re.compile(r"\b[A-Z][a-zA-Z]+(?:\s+[A-Z][a-zA-Z]+){0,2},?\s+(?:CA|California)"
                              r"\.?,?\s+9\d{4}(?:-\d{4})?\b"), "city and ZIP"),
    (Kind.address, re.compile(r"\b\d{1,6}\s+(?:[A-Za-z0-9.'#-]+[ \t]+){0,6}?[A-Za-z0-9.'#-]+,?[ \t]+"
                              r"(?:[A-Z][a-zA-Z.]+[ \t]+){0,3}[A-Z][a-zA-Z.]+,?[ \t]+(?:CA|California)"
                              r"\.?,?[ \t]+9\d{4}(?:-\d{4})?\b"), "street, city and ZIP"),
    (Kind.address, re.compile(r"\b\d{1,6}\s+(?:Avenida|Calle|Camino|Via|Paseo|Rancho|Plaza|"
                              r"Vista|Corte|Rue)\s+(?:[A-Za-z]+\s+){0,3}?[A-Z][a-z]+\b"
                              + _UNIT + "?"), "street with its type first"),
    # Claim, case, policy and file numbers after their labels: any token with a digit.
    (Kind.number, re.compile(
        r"(?i)\b(?:claim|case|policy|member|file|reference|ref|account|acct|employee|"
        r"patient|medical\s+record|MRN|WCAB|ADJ|IMR|EAMS|group|id|identification)"
        r"(?:\s+(?:no\.?|number|num\.?|#|id))?[\s:#.]{1,4}"
        r"(?P<v>(?:(?-i:[A-Z]{1,4})\s(?=\d))?(?=[A-Z0-9./-]*\d)[A-Z0-9][A-Z0-9./-]*[A-Z0-9]|"
        r"(?<=#)\d+)\b"),
     "labelled number"),
    # Shapes of numbers that only identify: IMR case numbers, WCAB ADJ numbers, and long
    # letter-digit codes (not ICD-10 codes, which have a dot, nor CPT codes, five digits).
    (Kind.number, re.compile(r"\b(?:CM|IMR|ADJ|WC|CL|CLM|POL)-?\d{2,}[-\d]*\b"), "case number shape"),
    (Kind.number, re.compile(r"\b(?=[A-Z0-9-]*[A-Z])(?=[A-Z0-9-]*\d{4})[A-Z0-9]{2,}"
                             r"(?:-[A-Z0-9]+){1,4}\b"), "code shape"),
    (Kind.number, re.compile(r"\b\d{3,}-\d{3,}(?:-\d+)*\b|\b\d{9,}\b"), "digit string"),
]

_CONTEXT: list[tuple[Kind, re.Pattern[str], str]] = [
    # Dr. X Y / Ms. Q. / Mr. SMITH: the title and the name words after it.
    (Kind.name, re.compile(r"\b" + _TITLES + r"\.?\s+(?:" + _NAME_WORD + r"\s*){1,3}"
                           r"(?:'s)?"), "title"),
    # Y Z, M.D. / Y Z MD / Y Z, PA-C
    (Kind.name, re.compile(r"\b(?:" + _NAME_WORD_NO_INITIAL + r"\s+)(?:[A-Z]\.?\s+)?"
                           + _NAME_WORD_NO_INITIAL + r",?[ \t]" + _CREDENTIALS
                           + r"(?:,\s*" + _CREDENTIALS + r")*(?![A-Za-z])"), "credential"),
    # husband, Y / wife Y Z / her son named Y
    (Kind.name, re.compile(r"(?i:\b" + _RELATIONS + r")(?:'s)?(?:,|:)?\s+(?:named\s+|is\s+)?"
                           r"(?:" + _NAME_WORD_NO_INITIAL + r")(?:\s+" + _NAME_WORD
                           + r"){0,2}"), "relation"),
    # Y Z (husband)
    (Kind.name, re.compile(r"\b" + _NAME_WORD_NO_INITIAL + r"(?:\s+" + _NAME_WORD + r"){0,2}"
                           r"\s*\((?i:" + _RELATIONS + r")\)"), "relation after"),
    # at Z Rehab / from Acme Medical Group / employed by Foo Logistics
    (Kind.organization, re.compile(
        r"\b(?:at|from|by|with|of|to|for|At|From|By|With)\s+"
        r"(?P<v>(?:(?:[A-Z][\w&'.-]*|&)\s+){1,5}?" + _FACILITY_WORDS
        + r"(?:\s+(?:&\s+)?" + _FACILITY_WORDS + r")*"
        + r"(?:\s+(?:of|at)\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)?)"), "facility"),
    # "- Treatment notes, Oakmont Behavioral Health, 8 pages" in the documents reviewed
    (Kind.organization, re.compile(r",[ \t](?P<v>(?:(?:[A-Z][\w&'.-]*|&)[ \t]){0,6}[A-Z][\w&'.-]*),"
                                   r"[ \t]\d+[ \t]+pages?\b"), "document source"),
    # a letterhead or copies list: "San Joaquin Occupational Medicine Center  records@sjomc.com"
    (Kind.organization, re.compile(r"(?P<v>(?:[A-Z][\w'.-]*[ \t]+|&[ \t]+){1,5}" + _FACILITY_WORDS
                                   + r")(?=[ \t]+[\w.+-]+@[\w-]+\.)"), "facility before its email"),
    # initials standing for a person: "A.L.S. remains off work" (not credentials or Latin)
    (Kind.name, re.compile(r"(?<![\w.])(?P<v>(?:[A-Z]\.){2,4})(?![\w])"), "initials"),
    # "emergency contact for Mr. X is Y at ..."
    (Kind.name, re.compile(r"(?i:emergency\s+contact)[^;]{0,80}?\bis\s+(?P<v>[A-Z][a-z]+"
                           r"(?:\s+[A-Z][a-z]+)?)"), "emergency contact"),
    # "ECHEVERRIA, RAUL" / "MAGANA, REBECCA R."
    (Kind.name, re.compile(r"\b(?P<v>[A-Z]{2,}(?:[ -][A-Z]{2,})?,[ \t][A-Z]{2,}(?:[ \t][A-Z]\.?)?)"
                           r"(?![A-Za-z])"), "reversed caps"),
    (Kind.organization, re.compile(
        r"(?i:\b(?:employed\s+by|works?\s+for|worked\s+for|working\s+for|employer,?|"
        r"employed\s+at|employed\s+as\s+an?\s+[a-z ]+?\s+(?:at|for|by))\s+)"
        r"(?:the\s+)?(?:[A-Z][\w&'.-]*)(?:\s+(?:[A-Z][\w&'.-]*|of|and|&))*"), "employer"),
]

_DATE = (r"(?:\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|"
         r"\d{1,2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*-\d{2,4}|"
         r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
         r"\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4})")
_BIRTH = re.compile(r"(?i)\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)"
                    r"\s*[:#-]?\s*(?P<date>" + _DATE + r")")


def _label_line(text: str) -> Iterator[Span]:
    """`Employer: Acme Corp` in a header: the value, to the end of its line."""
    rx = re.compile(r"^[ \t]*(?P<label>" + _LABELS + r")[ \t]*:[ \t]*(?P<value>[^\n]*?\S)"
                    r"(?=[ \t]{2,}|[ \t]+[A-Z][A-Za-z. ]{1,24}:|[ \t]*$)", re.M)
    for match in rx.finditer(text):
        words = match.group("label").lower().replace("'s", "").split()
        label = next((w for w in reversed(words) if w in _LABEL_KIND and w != "name"), words[0])
        if words[0] == "employer" and words[-1] == "name":
            label = "employer"
        value = match.group("value")
        if re.fullmatch(r"(?i)not\s+(?:stated|assigned|given)|none|n/?a|unknown", value.strip()):
            continue
        kind = _LABEL_KIND.get(label, Kind.name)
        yield Span(match.start("value"), match.end("value"), kind, f"{match.group('label')}:")


# --- variants of known identifiers ----------------------------------------------------------

_ORG_GENERIC = {"inc", "llc", "corp", "corporation", "company", "co", "ltd", "group", "services",
                "service", "insurance", "medical", "center", "clinic", "hospital", "health",
                "healthcare", "the", "of", "and", "&", "associates", "rehab", "rehabilitation",
                "physical", "therapy", "care", "claims", "management", "administrators",
                "administrator", "solutions", "national", "california", "american", "county",
                "city", "district", "state", "general", "united", "pacific", "west", "western",
                "southern", "northern", "first", "mutual", "fund", "compensation", "workers",
                "urgent", "imaging", "pain", "spine", "orthopedics", "orthopedic", "institute",
                "partners", "systems", "example", "at", "for", "in", "on", "a", "an", "risk",
                "pharmacy", "logistics", "foods", "markets", "market", "stores", "store",
                "distribution", "transport", "construction", "industries", "network", "plan",
                "family", "community", "memorial", "regional", "valley", "bay", "coast"}
_LEGAL = {"inc", "llc", "co", "corp", "ltd", "lp", "llp", "pc", "l", "p"}
_CORPORATE = {"inc", "llc", "co", "corp", "corporation", "company", "ltd", "lp", "llp", "pc",
              "services", "service", "group", "management"}
_NAME_PARTICLES = {"de", "la", "del", "van", "von", "der", "da", "di", "le", "st", "jr", "sr",
                   "ii", "iii", "iv", "mr", "mrs", "ms", "dr", "md", "do", "miss", "phd", "dc",
                   "pa", "np", "rn", "pt", "dpt", "the", "and"}


def _words(value: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]", value)


def _loose(value: str) -> str:
    """A regex matching `value` with any spacing, punctuation or line breaks between words."""
    parts = [re.escape(w) for w in re.findall(r"[A-Za-z0-9]+", value)]
    return r"[\s.,'#&-]*".join(parts)


def _number_rx(value: str) -> re.Pattern[str] | None:
    """A claim number matched with or without its separators: EX-2002-114 = EX 2002 114."""
    chars = re.sub(r"[^A-Za-z0-9]", "", value)
    if len(chars) < 4:
        return None
    return re.compile(r"(?<![A-Za-z0-9])" + r"[\s./-]?".join(re.escape(c) for c in chars)
                      + r"(?![A-Za-z0-9])", re.I)


def _date_forms(day: dt.date) -> list[str]:
    forms = {day.strftime("%m/%d/%Y"), f"{day.month}/{day.day}/{day.year}",
             day.strftime("%m-%d-%Y"), f"{day.month}-{day.day}-{day.year}", day.isoformat(),
             day.strftime("%m/%d/%y"), f"{day.month}/{day.day}/{day.strftime('%y')}",
             f"{day.strftime('%B')} {day.day}, {day.year}", f"{day.strftime('%B')} {day.day} {day.year}",
             f"{day.strftime('%b')}. {day.day}, {day.year}", f"{day.strftime('%b')} {day.day}, {day.year}",
             f"{day.day} {day.strftime('%B')} {day.year}", f"{day.day} {day.strftime('%b')} {day.year}",
             day.strftime("%m.%d.%Y"), day.strftime("%d-%b-%Y"), day.strftime("%d-%b-%y"),
             f"{day.day}-{day.strftime('%b')}-{day.year}"}
    return sorted(forms, key=len, reverse=True)


@dataclass
class Redaction:
    """The public copy of one text and what was taken out of it."""

    text: str
    spans: list[Span]


class Redactor:
    """Redacts texts that belong to one case; build it once per case (`for_case`)."""

    def __init__(self, known: KnownIdentifiers | None = None) -> None:
        self.known = known or KnownIdentifiers()
        self._known_rx: list[tuple[Kind, re.Pattern[str], str]] = []
        self._fuzzy_words: list[tuple[str, Kind]] = []
        self._initials: set[str] = set()
        self._compile()

    @classmethod
    def for_case(cls, case: Any, documents: Iterable[Any] = ()) -> Redactor:
        return cls(known_identifiers(case, documents))

    # -- building the patterns of the known identifiers --

    def _add(self, kind: Kind, pattern: str, why: str, flags: int = re.I) -> None:
        self._known_rx.append((kind, re.compile(pattern, flags), why))

    def _compile(self) -> None:
        known = self.known
        for person in known.people:
            self._add_person(person)
        for organization in known.organizations:
            self._add_organization(organization)
        for number in known.numbers:
            rx = _number_rx(number)
            if rx is not None:
                self._known_rx.append((Kind.number, rx, f"known number {number}"))
            elif number.strip():
                self._add(Kind.name, r"\b" + _loose(number) + r"\b", "known value")
        for address in known.addresses:
            if re.search(r"[A-Za-z0-9]", address):
                self._add(Kind.address, r"(?<![A-Za-z0-9])" + _loose(address) + r"(?![A-Za-z0-9])",
                          "known address")
                for line in re.split(r",|\n", address):
                    if len(line.strip()) >= 6 and re.search(r"\d", line):
                        self._add(Kind.address, r"(?<![A-Za-z0-9])" + _loose(line)
                                  + r"(?![A-Za-z0-9])", "known address part")
        for contact in known.contacts:
            digits = re.sub(r"\D", "", contact)
            if "@" in contact:
                self._add(Kind.email, re.escape(contact), "known email")
            elif len(digits) >= 7:
                self._add(Kind.phone, r"[\s().-]{0,2}".join(re.escape(d) for d in digits[-10:]),
                          "known phone")
        if known.birth_date is not None:
            for form in _date_forms(known.birth_date):
                self._add(Kind.birth_date, r"(?<![\d/])" + re.escape(form) + r"(?![\d/])",
                          "known date of birth")

    def _add_person(self, person: str) -> None:
        words = [w for w in _words(person) if w.lower().rstrip(".") not in _NAME_PARTICLES]
        if not words:
            return
        self._add(Kind.name, r"(?:\b" + _TITLES + r"\.?\s+)?\b" + _loose(person) + r"(?:'s)?\b",
                  "known name")
        # Surname first: "Lopez, Maria"
        if len(words) >= 2:
            self._add(Kind.name, r"\b" + re.escape(words[-1]) + r",\s*" + re.escape(words[0])
                      + r"\b(?:\s+[A-Z]\.)?", "known name, reversed")
        parts = [p for w in words if "-" in w for p in w.split("-") if len(p) >= 3]
        for word in words + parts:
            if len(word) == 1:
                continue
            # Title case, all caps, or as written: never lower case, so a surname that is an
            # English word ("Long", "White") leaves the clinical word alone.
            forms = {word, word.capitalize(), word.upper()}
            self._add(Kind.name, r"(?:\b" + _TITLES + r"\.?\s+)?\b(?:"
                      + "|".join(re.escape(f) for f in forms) + r")(?:'s)?\b",
                      "part of a known name", flags=0)
            if len(word) >= 5:
                self._fuzzy_words.append((word, Kind.name))
        initials = [w[0].upper() for w in words]
        # "Ms. Q." and "Mr. L": a title with an initial of a known name.
        self._add(Kind.name, r"\b" + _TITLES + r"\.?\s+(?:" + "|".join(sorted(set(initials)))
                  + r")\b\.?", "title and initial", flags=0)
        if len(initials) >= 2:
            self._initials.add("".join(initials))
            if len(initials) == 3:
                self._initials.add(initials[0] + initials[2])
            dotted = r"\.\s?".join(initials) + r"\."
            self._add(Kind.name, r"\b" + dotted, "initials", flags=0)
            first_last = (initials[0] + r"\.\s?(?:[A-Z]\.\s?)?" + initials[-1] + r"\.")
            self._add(Kind.name, r"\b" + first_last, "initials", flags=0)
            self._add(Kind.name, r"(?<![A-Za-z0-9])(?:" + "|".join(sorted(self._initials))
                      + r")(?![A-Za-z0-9])", "initials", flags=0)

    def _add_organization(self, organization: str) -> None:
        if not re.search(r"[A-Za-z]", organization):
            return
        self._add(Kind.organization, r"(?:\bthe\s+)?\b" + _loose(organization) + r"(?:'s)?\b",
                  "known organization")
        distinctive = [w for w in _words(organization)
                       if w.lower().strip("'") not in _ORG_GENERIC and len(w) >= 3]
        for word in distinctive:
            forms = {word, word.capitalize(), word.upper()}
            self._add(Kind.organization, r"\b(?:" + "|".join(re.escape(f) for f in forms)
                      + r")(?:'s)?\b", "distinctive word of a known organization", flags=0)
            if len(word) >= 5:
                self._fuzzy_words.append((word, Kind.organization))
        words = [w for w in _words(organization) if w.lower() not in {"of", "the", "and"}]
        core = list(words)
        while core and core[-1].lower().rstrip(".") in _CORPORATE:
            core.pop()
        # "Golden State Claims" for "Golden State Claims Services, LLC"
        for end in range(2, len(core) + 1):
            self._add(Kind.organization, r"\b" + _loose(" ".join(core[:end])) + r"(?:'s)?\b",
                      "leading words of a known organization")
        legal = list(words)
        while legal and legal[-1].lower().rstrip(".") in _LEGAL or len(legal[-1]) == 1:
            legal.pop()
            if not legal:
                break
        acronyms = {"".join(w[0] for w in v).upper() for v in (words, core, legal) if v}
        acronyms |= {"".join(w[0] for w in core[:end]).upper() for end in range(3, len(core))}
        for letters in acronyms:
            if len(letters) >= 3:
                self._add(Kind.organization, r"(?<![A-Za-z])" + letters + r"(?![A-Za-z])",
                          "acronym of a known organization", flags=0)

    # -- finding and replacing --

    def spans(self, text: str) -> list[Span]:
        """The spans to redact: first what the letter itself says is a name (its labelled
        fields, its titles and relations) becomes known, so its other mentions are caught."""
        learned = self._learn(text)
        if learned.people or learned.organizations:
            known = KnownIdentifiers(
                people=_unique([*self.known.people, *learned.people]),
                organizations=_unique([*self.known.organizations, *learned.organizations]),
                numbers=self.known.numbers, addresses=self.known.addresses,
                contacts=self.known.contacts, birth_date=self.known.birth_date,
                as_of=self.known.as_of)
            return Redactor(known)._spans(text)
        return self._spans(text)

    def _learn(self, text: str) -> KnownIdentifiers:
        lower_words = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
        learned = KnownIdentifiers()
        found = [s for kind, rx, why in _CONTEXT for m in rx.finditer(text)
                 if (s := _context_span(m, kind, why)) is not None]
        found += [s for s in _label_line(text) if s.kind in (Kind.name, Kind.organization)]
        for span in found:
            value = text[span.start:span.end]
            value = re.sub(_TITLES + r"\.?\s+", "", value)
            value = re.sub(r",?\s+" + _CREDENTIALS + r"(?:,\s*" + _CREDENTIALS + r")*$", "", value)
            value = value.removesuffix("'s").strip(" ,.;")
            words = _words(value)
            # A word that also stands in lower case in the letter is a common word, not a name.
            if not words or any(w.lower() in lower_words for w in words if len(w) > 1):
                continue
            if span.kind is Kind.name and all(w in _NOT_NAMES for w in words):
                continue
            bucket = learned.people if span.kind is Kind.name else learned.organizations
            bucket.append(value)
        return learned

    def _spans(self, text: str) -> list[Span]:
        found: list[Span] = []
        for kind, rx, why in self._known_rx:
            found += [Span(m.start(), m.end(), kind, why) for m in rx.finditer(text)
                      if m.end() > m.start()]
        found += self._fuzzy(text)
        for kind, rx, why in _PATTERNS:
            found += [Span(*_value(m), kind, why) for m in rx.finditer(text)
                      if not _is_date(m.group()) and not _PAGES_BEFORE.search(
                          text, max(0, m.start() - 14), m.start())]
        for match in _BIRTH.finditer(text):
            found.append(Span(match.start("date"), match.end("date"), Kind.birth_date,
                              "date of birth"))
        for kind, rx, why in _CONTEXT:
            for match in rx.finditer(text):
                span = _context_span(match, kind, why)
                if span is not None:
                    found.append(span)
        found += list(_label_line(text))
        return _join_middle_initials(text, _merge(found))

    def _fuzzy(self, text: str) -> list[Span]:
        """Capitalized words within a small edit distance of a known name's word (OCR, typos)."""
        if not self._fuzzy_words:
            return []
        out = []
        # A word the text also uses in lower case is a common word ("Decision", "Right"),
        # however close it comes to a name.
        common = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
        for match in re.finditer(r"\b[A-Z][A-Za-z'-]{3,}\b", text):
            word = match.group()
            bare = word[:-2] if word.endswith("'s") else word
            if bare.lower() in common or bare in _NOT_NAMES:
                continue
            for known, kind in self._fuzzy_words:
                if bare.lower() == known.lower():
                    break
                if abs(len(bare) - len(known)) <= 2 and \
                        fuzz.ratio(bare.lower(), known.lower()) >= 80:
                    out.append(Span(match.start(), match.end(), kind, f"like {known}"))
                    break
        return out

    def redact(self, text: str) -> Redaction:
        spans = self.spans(text)
        pieces, last = [], 0
        for span in spans:
            pieces.append(text[last:span.start])
            pieces.append(self._replacement(text[span.start:span.end], span))
            last = span.end
        pieces.append(text[last:])
        return Redaction("".join(pieces), spans)

    def _replacement(self, original: str, span: Span) -> str:
        if span.kind is Kind.birth_date:
            born = _to_date(original) or self.known.birth_date
            as_of = self.known.as_of or dt.date.today()
            if born is not None and born < as_of:
                years = as_of.year - born.year - ((as_of.month, as_of.day) < (born.month, born.day))
                return f"[age {years}]"
            return f"[{Kind.birth_date.value}]"
        return f"[{span.kind.value}]"


# "pages 303-304", "Page(s): 98-99": page ranges are citations, not numbers to remove.
_PAGES_BEFORE = re.compile(r"(?i)(?:\bpages?(?:\(s\))?|(?<![.\w])pp?\.)\s*:?\s*(?:\d+\s*[,-]\s*)*$")


def _value(match: re.Match[str]) -> tuple[int, int]:
    """The identifier's own span: the group `v` when the pattern has a label before it."""
    return match.span("v") if "v" in match.re.groupindex else match.span()


def _is_date(value: str) -> bool:
    return bool(re.fullmatch(_DATE, value.strip()))


#: Dotted capitals that are not a person's initials.
_NOT_INITIALS = {"M.D.", "D.O.", "D.C.", "P.A.", "N.P.", "R.N.", "D.P.M.", "D.P.T.", "U.S.",
                 "A.M.", "P.M.", "B.I.D.", "T.I.D.", "Q.I.D.", "P.R.N.", "Q.H.S.", "P.O.",
                 "D.O.B.", "S.S.N.", "I.M.R.", "U.R.", "P.T.", "O.T.", "L.L.C.", "P.C.",
                 "L.P.", "Q.M.E.", "A.M.E.", "W.C.", "E.R.", "I.V.", "O.R.", "N.A.", "C.A."}


def _context_span(match: re.Match[str], kind: Kind, why: str) -> Span | None:
    """The span of a context rule's name: not the relation word, not a following non-name."""
    start, end = _value(match)
    text = match.string[start:end]
    if why in {"relation"}:
        lead = re.match(r"(?i)" + _RELATIONS + r"(?:'s)?(?:,|:)?\s+(?:named\s+|is\s+)?", text)
        if lead is None:
            return None
        start += lead.end()
        text = text[lead.end():]
    elif why == "relation after":
        end = start + text.index("(")
        text = text[:text.index("(")].rstrip()
        end = start + len(text)
    elif why == "employer":
        lead = re.match(r"(?i)(?:employed\s+by|works?\s+for|worked\s+for|working\s+for|"
                        r"employer,?|employed\s+at|employed\s+as\s+an?\s+[a-z ]+?\s+"
                        r"(?:at|for|by))\s+(?:the\s+)?", text)
        if lead is None:
            return None
        start += lead.end()
        text = text[lead.end():]
    # Trailing words that are not names ("Dr. Smith On examination"): cut at the first one.
    words = list(re.finditer(r"[A-Za-z][A-Za-z'.-]*", text))
    if not words:
        return None
    names = [w for w in words if w.group().rstrip(".").removesuffix("'s") not in _NOT_NAMES
             and not re.fullmatch(_TITLES + r"\.?", w.group())]
    if why in {"title", "relation", "relation after"}:
        kept = []
        for w in words:
            bare = w.group().rstrip(".").removesuffix("'s")
            if re.fullmatch(_TITLES + r"\.?", w.group()) and not kept:
                continue
            if bare in _NOT_NAMES:
                break
            kept.append(w)
        if not kept:
            return None
        end = start + kept[-1].end()
        return Span(start, end, kind, why)
    if why == "employer":
        kept = [w for w in words if w.group() not in _FUNCTION_WORDS or w.start() == 0]
        while words and words[-1].group() in {"and", "of", "&"}:
            words.pop()
        if not names or not words:
            return None
        return Span(start, start + words[-1].end(), kind, why)
    if why == "reversed caps":
        if any(w.group().rstrip(".") in _HEADER_WORDS or w.group().capitalize() in _NOT_NAMES
               for w in words):
            return None
        return Span(start, end, kind, why)
    if why == "emergency contact":
        return Span(start, end, kind, why)
    if why == "initials":
        if text in _NOT_INITIALS:
            return None
        return Span(start, end, kind, why)
    if why == "facility before its email":
        return Span(start, end, kind, why) if names else None
    if why == "document source":
        if all(w.group() in _NOT_NAMES or w.group().lower() in _ORG_GENERIC for w in words):
            return None
        return Span(start, end, kind, why)
    if why == "facility":
        first = words[0].group()
        if first in _FUNCTION_WORDS or first in _NOT_NAMES:
            rest = words[1:]
            if not rest or all(w.group() in _NOT_NAMES for w in rest):
                return None
            start += rest[0].start()
    if not names:
        return None
    return Span(start, end, kind, why)


def names_in_context(text: str) -> list[str]:
    """The person names that the context rules find in a text (a record, say)."""
    names = []
    for kind, rx, why in _CONTEXT:
        if kind is not Kind.name:
            continue
        for match in rx.finditer(text):
            span = _context_span(match, kind, why)
            if span is None:
                continue
            words = [w for w in _words(text[span.start:span.end])
                     if not re.fullmatch(_TITLES, w) and len(w) > 1
                     and not re.fullmatch(_CREDENTIALS, w)]
            if words:
                names.append(" ".join(words))
    return names


def _join_middle_initials(text: str, spans: list[Span]) -> list[Span]:
    """"[PRIYA] R. [YAMAMOTO]": a middle initial between two parts of a name goes with them."""
    joined: list[Span] = []
    for span in spans:
        if joined and joined[-1].kind is Kind.name and span.kind is Kind.name and \
                re.fullmatch(r"\s+(?:[A-Z]\.?\s+)?", text[joined[-1].end:span.start]):
            joined[-1] = Span(joined[-1].start, span.end, Kind.name, joined[-1].why)
            continue
        joined.append(span)
    return joined


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping or touching spans become one; the kind of the longest one wins."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                longer = span if span.end - span.start > last.end - last.start else last
                kind = Kind.birth_date if Kind.birth_date in (span.kind, last.kind) else longer.kind
                merged[-1] = Span(last.start, span.end, kind, last.why)
            continue
        merged.append(span)
    return merged


def redact_text(text: str, case: Any = None, documents: Iterable[Any] = ()) -> str:
    """The public copy of `text` from a case (a `Case` or its dict), or from patterns alone."""
    return Redactor.for_case(case or {}, documents).redact(text).text


def redact_model(model: Any, redactor: Redactor) -> Any:
    """A copy of a pydantic model (or list, tuple, string) with every string redacted."""
    from enum import Enum

    from pydantic import BaseModel

    if isinstance(model, Enum):
        return model
    if isinstance(model, str):
        return redactor.redact(model).text
    if isinstance(model, list):
        return [redact_model(v, redactor) for v in model]
    if isinstance(model, tuple):
        return tuple(redact_model(v, redactor) for v in model)
    if isinstance(model, BaseModel):
        updates = {name: redact_model(getattr(model, name), redactor)
                   for name in type(model).model_fields}
        return model.model_copy(update=updates)
    return model
