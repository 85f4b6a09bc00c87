"""What each document is, and which parts of it are read as facts about the worker.

Treating providers' records are read first-hand. A UR decision is read only in its clinical
summary, and every fact there is second-hand (reported by UR, never the only basis for a
criterion: 8 CCR 9792.10.6); its requests, guideline quotes, criteria and rationale are never
read. A medical-legal report (QME/AME) is first-hand except its review of records. IMR
applications, attorney letters, claims correspondence and guideline excerpts are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from openimr.model.document import Document, DocumentType, Reading
from openimr.model.facts import Source

# Patterns over the document's stated type, title and first lines, most specific first.
_TYPE_PATTERNS: list[tuple[DocumentType, re.Pattern[str]]] = [
    (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in [
        (DocumentType.imr_application, r"\bapplication\s+for\s+independent\s+medical\s+review|"
                                       r"\bIMR\s+application|\bimr_application\b"),
        (DocumentType.attorney_letter, r"\battorney|\blaw\s+(?:office|firm|group)s?\b|"
                                       r"\battorneys?\s+at\s+law|\besq\.?\b"),
        (DocumentType.guideline_excerpt, r"\bguideline[_ ]excerpt|\bexcerpt\s+from\b|"
                                         r"^\s*(?:MTUS|ODG|ACOEM)\b[^\n]{0,80}\bguidelines?\b"),
        (DocumentType.claims_correspondence, r"\bclaims?[_ ]correspondence|\bclaims\s+adjuster"
                                             r"\s+letter|\bnotice\s+regarding\b"),
        # (a UR letter however it is called: "UR denial letter", "UR notice of
        # determination", a head line "Post-op PT x12: non-cert")
        (DocumentType.ur_decision, r"\butilization\s+review\b|\bUR\s+(?:[\w-]+\s+){0,2}?"
                                   r"(?:decision|determin\w*|denial|non-?cert\w*|notice|letter|"
                                   r"modification)\b|\bur_decision\b|\bnon-?cert(?:if\w*)?\b|"
                                   r"\bnotice\s+of\s+(?:decision|modification|denial|"
                                   r"determination|adverse)"),
        (DocumentType.qme_report, r"\bqualified\s+medical\s+evaluat|\bQME\b|\bqme_report\b"),
        (DocumentType.ame_report, r"\bagreed\s+medical\s+evaluat|\bAME\b|\bame_report\b"),
    ]
]
_HEAD_LINES = 12
_TYPE_PATTERNS_BY_KIND = dict(_TYPE_PATTERNS)
#: The words of a UR letter read anywhere in a document's first lines (a treating note rarely
#: says them); the rest of the UR pattern ("UR denial", "non-cert", "notice of
#: determination") is read in its title or first line only (`_ur_title`).
_UR_BODY_RE = re.compile(r"\butilization\s+review\b|\bUR\s+(?:decision|determin)|"
                         r"\bur_decision\b|\bnon-?certif|\bnotice\s+of\s+"
                         r"(?:decision|modification|denial)", re.IGNORECASE)
#: A treating visit's title ("PTP FOLLOW-UP", "Orthopedic re-check", "progress note"); not the
#: request's subject a UR letter's head line names ("Re: lumbar MRI - noncert").
_TREATING_TITLE_RE = re.compile(r"\b(?:re-?check|visit|PTP|progress|PR-?[1-4]|follow-?up|notes?|"
                                r"consult\w*|H&P|history\s+and\s+physical|re-?evaluation|"
                                r"treating\s+(?:physician|provider|doctor))\b", re.IGNORECASE)
#: A given type or title that names a treating provider's record ("PR-2 progress report",
#: "chiropractic treatment flowsheet", "neurology follow-up", "functional capacity evaluation
#: summary"): the record is read first-hand whatever its lines mention (a PR-2's "cc:
#: applicant attorney (if any)" does not make it an attorney's letter, nor a follow-up's
#: word of the AME a medical-legal report).
_CLINICAL_NAME_RE = re.compile(
    r"\b(?:progress|PR-?[1-4]|notes?|consult\w*|flowsheet|therapy|chiropractic|acupuncture|"
    r"operative|procedure|imaging|radiology|MRI|x-?rays?|EMG|NCS|H&P|history\s+and\s+physical|"
    r"discharge|laborator\w*|lab|pharmacy|medication\s+list|home\s+health|office\s+visit|"
    r"first\s+report|5021|psych\w*\s+(?:evaluation|report)|follow-?up|evaluation|"
    r"re-?evaluation|work\s+status|pain\s+management|functional\s+(?:restoration|capacity)|"
    r"FRP|FCE)\b", re.IGNORECASE)
#: The names a UR letter's title may carry too ("Physician advisor evaluation", "Peer review
#: follow-up"): under such a title alone, a first line that opens with a UR letter's heading
#: ("UTILIZATION REVIEW DETERMINATION", "Notice of Decision: ... non-certified") types it.
_SHARED_NAME_RE = re.compile(r"\b(?:follow-?up|evaluation|re-?evaluation)\b", re.IGNORECASE)
_UR_HEADING_RE = re.compile(r"^\W*(?:utilization\s+review|UR\s+(?:decision|determination|denial|"
                            r"notice|letter)|notice\s+of\s+(?:decision|determination|"
                            r"modification|denial|adverse))\b", re.IGNORECASE)
#: A treating physician's sentence about a UR letter, not the letter's heading: the physician's
#: voice (we, I, will appeal, received, the worker upset) or a sentence's length ("Utilization
#: review denied the lumbar MRI last week; we will appeal."; review 12, R19).
_TREATING_VOICE_RE = re.compile(r"\b(?:we|I|our|us|will|appeal\w*|received|upset|discussed|"
                                r"(?:last|this)\s+(?:week|month)|yesterday)\b|[;]|(?:\S+\s+){12}",
                                re.IGNORECASE)
#: Copy lines name who else gets the record ("cc: claims administrator; applicant attorney").
_COPY_LINE_RE = re.compile(r"^\s*(?:cc|c\.c\.|copies?\s+to|copy\s+to)\b", re.IGNORECASE)


def classify(document: Document) -> DocumentType | None:
    """The document's type: as given, or read from its type, title and first lines. None
    means a clinical record of some kind (read first-hand)."""
    if document.document_type is not None:
        return document.document_type
    if document.type:
        try:
            return DocumentType(document.type)
        except ValueError:
            pass
    lines = (document.pages[0].text if document.pages else "").split("\n")[:_HEAD_LINES]
    head = "\n".join(line for line in lines if not _COPY_LINE_RE.match(line))
    named = " ".join(filter(None, [document.type, document.title]))
    first = next((line.strip() for line in head.split("\n") if line.strip()), "")
    for text in (named, head):
        for kind, pattern in _TYPE_PATTERNS:
            if not text or not pattern.search(text):
                continue
            if (text is head and kind is DocumentType.ur_decision
                    and not _UR_BODY_RE.search(head) and not _ur_title(first)):
                continue  # a treating note's word of a UR denial or a non-cert
            return kind
        if text is named and named and _CLINICAL_NAME_RE.search(named):
            if (_UR_HEADING_RE.match(first) and not _TREATING_VOICE_RE.search(first)
                    and not _CLINICAL_NAME_RE.search(_SHARED_NAME_RE.sub(" ", named))):
                return DocumentType.ur_decision
            return None
    return None


def _ur_title(line: str) -> bool:
    """A first line that titles a UR letter ("UR DENIAL LETTER", "Notice of Determination",
    "Post-op PT x12: non-cert"), not a treating note's ("PTP FOLLOW-UP ... after the UR
    denial", "Orthopedic re-check")."""
    return bool(_TYPE_PATTERNS_BY_KIND[DocumentType.ur_decision].search(line)
                and not _TREATING_TITLE_RE.search(line))


#: A first line short enough, and wordy enough, to be a document's heading.
_HEADING = re.compile(r"^(?=.*[A-Za-z]{3})[^\n]{4,80}(?<![.:;,])$")


def _first_upper(text: str) -> str:
    """The first letter in capitals, the rest as written ("PR-2 report", not "Pr-2 report")."""
    return text[:1].upper() + text[1:]


def document_name(document: Document) -> str:
    """What a person calls the document: its title; else its type and date; else its
    heading ("PROGRESS NOTE 08/02/2013"), never an internal id like "record-1". The date is
    added when known and not already said."""
    kind = classify(document)
    name = document.title or _first_upper((document.type or "").replace("_", " ")) or (
        kind.value.replace("_", " ").capitalize() if kind else "")
    if not name:
        head = next((line.strip() for line in (document.pages[0].text if document.pages
                                               else "").splitlines() if line.strip()), "")
        name = head.capitalize() if _HEADING.match(head) else "Medical record"
    if document.date:
        stated = f"{document.date:%m/%d/%Y}"
        if stated not in name and f"{document.date:%-m/%-d/%Y}" not in name:
            name = f"{name}, {stated}"
    return name


@dataclass(frozen=True)
class Region:
    """A stretch of a page and how facts in it are read (None: not read at all)."""

    start: int
    end: int
    source: Source | None


# Section headings at the start of a line: "CLINICAL SUMMARY", "Rationale:", and with the
# date they were done on ("TESTING (01/23/2023)", "EXAMINATION (3/4/22):").
# (a dated one only in capitals: "Progress note (05/01/2023):" is an entry of a records
# review, not a heading)
_HEADING_RE = re.compile(r"^[ \t]*(?P<title>[A-Z][A-Za-z /&,()'-]{2,60}?)"
                         r"(?P<dated>[ \t]*\(\s*\d[\d/.,\s-]{3,22}\))?[ \t]*(?::|$)", re.MULTILINE)


def _headings(text: str) -> Iterator[re.Match[str]]:
    return (m for m in _HEADING_RE.finditer(text)
            if not m.group("dated") or m.group("title").upper() == m.group("title"))
_SUMMARY_TITLE_RE = re.compile(
    r"clinical\s+(?:summary|history|information)|summary\s+of\s+(?:records|clinical)|"
    r"records?\s+reviewed|medical\s+records?|history|case\s+summary|clinical\s+notes|"
    r"review\s+of\s+(?:medical\s+)?records|record\s+review|documents\s+reviewed|"
    r"summary\s+of\s+(?:the\s+)?(?:medical\s+)?records", re.IGNORECASE)
_CAPITALS_RE = re.compile(r"[A-Z]{3,}(?:[ /&-]+[A-Z]{2,})*(?:\s|\(|$)")
_OTHER_TITLE_RE = re.compile(
    r"rationale|guideline|criteria|determination|decision|basis|^request|reference|"
    r"recommendation|conclusion|appeal|peer|citation|mtus|odg|acoem|notice|reviewer|"
    r"discussion|disclaimer|signature|right|opinion|apportionment|causation|disability|"
    r"impairment", re.IGNORECASE)
#: Sentences of a UR summary that speak for the guidelines or the reviewer, not the record.
GUIDELINE_TALK_RE = re.compile(
    r"\b(?:guidelines?|MTUS|ODG|ACOEM|criteria|medically\s+necessary|non-?certif\w*|"
    r"certif(?:ied|y)|there\s+is\s+no\s+(?:documentation|evidence)|not\s+documented|"
    r"is\s+not\s+supported|are\s+not\s+supported|(?:is|are)\s+not\s+recommended)\b",
    re.IGNORECASE)
# clauses: a reviewer's remark ("but ... is not documented") is dropped, not its sentence
_CLAUSE_END_RE = re.compile(r"[.!?;]+|\n|(?=\bbut\b)")


def regions(kind: DocumentType | None, text: str, carried: Source | None = None
            ) -> list[Region] | None:
    """How each stretch of a page is read; None: the whole page first-hand. `carried` is
    how the previous page ended (a summary running over a page break stays a summary)."""
    reading = kind.reading if kind is not None else Reading.first_hand
    if reading is Reading.first_hand:
        return None
    if reading is Reading.not_read:
        return [Region(0, len(text), None)]
    headings = [(m.start(), m.group("title")) for m in _headings(text)
                if _SUMMARY_TITLE_RE.search(m.group("title"))
                or _OTHER_TITLE_RE.search(m.group("title"))]
    out: list[Region] = []
    if reading is Reading.mixed:
        # any heading (in capitals, or with its colon) ends the review of records
        headings = [(m.start(), m.group("title")) for m in _headings(text)
                    if _CAPITALS_RE.match(m.group("title")) or text[m.end() - 1:m.end()] == ":"]
        # own history and exam first-hand; the review of records second-hand
        default: Source | None = Source.first_hand
        for index, (start, title) in enumerate(headings):
            end = headings[index + 1][0] if index + 1 < len(headings) else len(text)
            # (a "summary of findings" is the evaluator's own, not a review of records)
            review = re.search(r"review|records|summary\s+of(?!\s+(?:(?:the|my|his|her)\s+)?"
                               r"(?:findings|impressions?|evaluation|examination|opinions?))",
                               title, re.IGNORECASE)
            out.append(Region(start, end, Source.second_hand if review else default))
        first = headings[0][0] if headings else len(text)
        return [Region(0, first, carried or default), *out]
    # a UR decision: its summary second-hand, the rest never read
    summaries = [(start, title) for start, title in headings if _SUMMARY_TITLE_RE.search(title)
                 and not _OTHER_TITLE_RE.search(title)]
    if not summaries:  # no headings: every sentence that is not guideline talk
        return _without_guideline_talk(0, len(text), text)
    for index, (start, title) in enumerate(headings):
        end = headings[index + 1][0] if index + 1 < len(headings) else len(text)
        if (start, title) in summaries:
            out.extend(_without_guideline_talk(start, end, text))
        else:
            out.append(Region(start, end, None))
    first = headings[0][0] if headings else len(text)
    lead = _without_guideline_talk(0, first, text) if carried is not None else [
        Region(0, first, None)]
    return [*lead, *out]


def _without_guideline_talk(start: int, end: int, text: str) -> list[Region]:
    out = []
    position = start
    while position < end:
        stop = _CLAUSE_END_RE.search(text, position + 1, end)
        clause_end = stop.end() if stop else end
        if clause_end <= position:
            clause_end = position + 1
        talk = GUIDELINE_TALK_RE.search(text, position, clause_end)
        out.append(Region(position, clause_end, None if talk else Source.second_hand))
        position = clause_end
    return out


def source_at(page_regions: list[Region] | None, position: int) -> Source | None:
    """How a fact starting at `position` is read: first-hand, second-hand, or not (None)."""
    if page_regions is None:
        return Source.first_hand
    for region in page_regions:
        if region.start <= position < region.end:
            return region.source
    return None


# -- a nurse case manager's report (corpus convention 10)

#: The report's title names nurse case management ("NURSE CASE MANAGEMENT MONTHLY REPORT",
#: "FIELD NCM - PROGRESS REPORT", "TELEPHONIC NURSE CASE MANAGEMENT - INITIAL ASSESSMENT").
_CASE_MANAGER_TITLE_RE = re.compile(r"\bnurse\s+case\s+manag\w*|\bNCM\b|\bcase\s+manag\w*\s+"
                                    r"(?:report|assessment|note|summary)", re.IGNORECASE)
#: A line in the manager's own voice: the worker's words, a contact, a home visit, the
#: employer, barriers, the plan ("IW phone 09/14:", "Contact with IW (phone 04/06):",
#: "Home visit 04/26:", "Injury: ...", "Barriers: ...").
_OWN_LINE_RE = re.compile(
    r"^[ \t]*(?:[-•*][ \t]*)?(?:IW\b|I/W\b|injured\s+worker|claimant|(?:NCM|RN)\s+(?:contact|"
    r"visit|note|call|interview)|(?:telephone|telephonic|phone|in-person|field)\s+(?:contact|"
    r"call|interview)|contact\b|telephone\b|phone\b|home\s+visit|barriers?\b|plan\b|employer\b|"
    r"(?-i:RTW)\b|return\s+to\s+work\b|recommendations?\b|injury\b|mechanism\b|goals?\b|"
    r"(?:DOI|DOB|claim|adjuster|NCM)\s*[:#]?)", re.IGNORECASE)
#: A line that reports a physician's note or the records: "Dr. Hsu (spine surgeon)
#: 06/21/2022: ...", "Per Dr. Ahn's pain management note of 01/26/2021: ...", "- 02/04/2020
#: Dr. Iqbal: ...", "PT discharge 09/02/2022: ...", "Attended 06/13 appointment with Dr. R:
#: ...", "Work status per Dr. R: ...", "Medical update (per Dr. Kimura's PR-2 ...):".
_REPORTED_LINE_RE = re.compile(
    r"^[ \t]*(?:[-•*][ \t]*)?(?:(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?[ \t]+)?(?:per[ \t]+)?"
    r"(?:Dr\.?[ \t]|(?-i:PTP|QME|AME|UR)\b|(?:the[ \t]+)?(?:surgeon|physician|orthopedist)\b)|"
    r"(?:medical|physician|clinical)[ \t]+(?:update|findings|summary|records?)|"
    r"(?:summary\s+of\s+)?(?:medical\s+)?records?\b|summary\s+of\s+medical|"
    r"[^\n:]{0,60}?\b(?:per|from)[ \t]+(?:Dr\.?|the[ \t]+(?:PTP|surgeon|physician)|(?-i:PTP))|"
    r"attended\b[^\n:]{0,60}\bDr\.?[ \t]|"
    r"(?-i:PT|OT|FCE|MRI|CT|EMG|NCS|XR)\b[^\n:]{0,30}?\d{1,2}/\d{1,2}(?:/\d{2,4})?[ \t]*:)",
    re.IGNORECASE)
#: A physician's note cited inside a line ("...; Dr. Halvorsen 08/27: released to ...").
_CITED_NOTE_RE = re.compile(r"\bDr\.?[ \t]+[A-Z][\w'-]+(?:[ \t]+\([^)\n]{1,30}\))?[ \t]+"
                            r"\d{1,2}/\d{1,2}(?:/\d{2,4})?[ \t]*:")
#: A heading alone on its line opens a block of reported lines ("Records:", "Medical
#: records reviewed:", "Psych (Dr. Amari records, 03/2024):").
_REPORTED_HEADING_RE = re.compile(r"^[^\n:]{0,60}\b(?:records?|reviewed|findings|update|"
                                  r"Dr\.?[ \t][^\n:]{0,30})[^\n:]{0,60}:[ \t]*$", re.IGNORECASE)


def is_case_manager_report(document: Document) -> bool:
    """Whether the document is a nurse case manager's report, by its title or first line."""
    named = " ".join(filter(None, [document.title or ""]))
    first = next((line for line in (document.pages[0].text if document.pages else "")
                  .splitlines() if line.strip()), "")
    return bool(_CASE_MANAGER_TITLE_RE.search(named) or _CASE_MANAGER_TITLE_RE.search(first))


def case_manager_regions(text: str) -> list[Region]:
    """A nurse case manager's report read line by line: what the manager heard and saw
    (the worker's words, contacts, home visits, the employer, barriers, the plan) is
    first-hand; a line that reports a physician's note or the records, and the lines under
    a records heading, are second-hand (corpus convention 10)."""
    out: list[Region] = []
    position = 0
    block = False  # under a records heading
    for line in text.split("\n"):
        end = position + len(line) + 1
        if not line.strip():
            block = False
            source = Source.first_hand
        elif block and re.match(r"[ \t]*[-•*]", line):
            source = Source.second_hand  # an item of the records' list ("- Plan: CTR requested")
        elif _OWN_LINE_RE.match(line) and not _CITED_NOTE_RE.search(line[:40]):
            block = False
            source = Source.first_hand
        elif _REPORTED_HEADING_RE.match(line):
            block = True
            source = Source.second_hand
        elif block or _REPORTED_LINE_RE.match(line) or _CITED_NOTE_RE.search(line):
            source = Source.second_hand
        else:
            source = Source.first_hand
        out.append(Region(position, min(end, len(text)), source))
        position = end
    return out
