"""Parse the text of a published IMR determination letter into a `ParsedLetter`.

Headers are matched tolerantly (spacing, line breaks, case, optional "(S)") on cleaned text;
no fixed offsets. Whatever cannot be read becomes a warning: an unknown or damaged letter
gives a partial parse, never an exception.
"""

from __future__ import annotations

import datetime as dt
import re

from openimr.corpus.category import categorize
from openimr.corpus.letter import (
    ItemOutcome,
    Layout,
    LetterDates,
    LetterItem,
    LetterReviewer,
    LetterWorker,
    ParsedLetter,
)
from openimr.corpus.normalize import clean_text, prose


def _rx(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    """Compile a header pattern where `_` stands for any whitespace, line breaks included."""
    return re.compile(pattern.replace("_", r"\s*"), flags)


# --- sections -------------------------------------------------------------------------------

_SECTIONS: dict[str, str] = {
    "notice": r"Notice_of_Independent_Medical_Review_Determination",
    "how_made": r"HOW_THE_IMR_FINAL_DETERMINATION_WAS_MADE",
    "basis": r"INDEPENDENT_MEDICAL_REVIEW_DECISION_AND_RATIONALE",
    "qualifications": r"(?:Medical_Qualifications_of_the_Expert_Reviewer"
                      r"|MEDICAL_REVIEWER_QUALIFICATIONS)",
    "summary": r"(?:CLINICAL_)?CASE_SUMMARY",
    "documents": r"DOCUMENTS_REVIEWED(?:_FOR_(?:THE_)?DETERMINATION)?",
    "issues": r"(?:IMR|FINAL)_(?:ISSUES_?,?_)?(?:DECISIONS?|DETERMINATIONS?)(?:_\(S\))?_AND_"
              r"(?:RATIONALES?|REASONS?)(?:_\(S\))?",
    "dispute": r"ISSUES?_AT_DISPUTE",
    "relied": r"MEDICAL_TREATMENT_GUIDELINES?(?:_\(S\))?_RELIED_UPON_BY_(?:THE_)?"
              r"PROFESSIONAL_REVIEWER(?:_AND_WHY)?",
    "why": r"RATIONALE_FOR_WHY_THE_REQUESTED_TREATMENTS?_/?_(?:SERVICES?)?"
           r"(?P<verb>[A-Z/ \n]{0,24}?)_MEDICALLY_NECESSARY",
    "regarding": r"(?:\d+_[.)]_)?Regarding_the_request_for\b",
}
# A header starts a line and ends it (or is followed by a colon); the `regarding` marker of
# layout 1 starts the first per-item rationale, so it is kept in that section's text.
_SECTION_RX = {
    key: re.compile(r"^[ \t]*(?P<h>" + pattern.replace("_", r"\s*") + r")"
                    + (r"" if key == "regarding" else r"[ \t]*(?::|$)"), re.I | re.M)
    for key, pattern in _SECTIONS.items()
}
_KEEP_HEADER = {"regarding"}


def _sections(text: str) -> dict[str, str]:
    """Section name -> its text, for every section header found (first occurrence)."""
    found: list[tuple[int, int, str]] = []
    for key, rx in _SECTION_RX.items():
        for match in rx.finditer(text):
            header = match.group("h")
            if header == header.lower():  # a phrase in running prose, not a header
                continue
            start = match.start("h")
            body = start if key in _KEEP_HEADER else match.end()
            found.append((start, body, key))
            break
    found.sort()
    sections: dict[str, str] = {}
    for index, (_, body, key) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(text)
        sections[key] = text[body:end].lstrip(": \n")
    return sections


# --- dates and header fields ----------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DATE = (r"(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|\d{4}-\d{2}-\d{2}"
         r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})")


def iso_date(text: str) -> str | None:
    """An ISO date from m/d/yyyy, yyyy-mm-dd or 'Month d, yyyy'; None when not a real date."""
    text = text.strip()
    try:
        if "/" in text:
            month, day, year = (int(part) for part in re.split(r"\s*/\s*", text))
            if year < 100:
                year += 2000 if year < 50 else 1900
        elif "-" in text and text[:4].isdigit():
            year, month, day = (int(part) for part in text.split("-"))
        else:
            parts = re.split(r"[\s,.]+", text)
            month = _MONTHS[parts[0][:3].lower()]
            day, year = int(parts[1]), int(parts[2])
        return dt.date(year, month, day).isoformat()
    except (ValueError, KeyError, IndexError):
        return None


def _field(pattern: str) -> re.Pattern[str]:
    return _rx(r"(?:" + pattern + r")_[:#]?[ \t]*\n?[ \t]*(?P<value>" + _DATE + ")")


_FIELDS: dict[str, list[re.Pattern[str]]] = {
    "assigned": [_field(r"Date_Assigned|Assignment_Date"),
                 _rx(r"Notice_of_Assignment_and_Request_for_Information[^.]{0,60}?"
                     r"\b(?:dated|on)_(?P<value>" + _DATE + ")")],
    "ur_denial": [_field(r"UR_Denial_Date|Date_of_UR_(?:Decision|Denial)|UR_Decision_Date"),
                  _rx(r"Utilization_Review_(?:denial|decision|determination)[^.]{0,30}?"
                      r"\b(?:dated|on|of)_(?P<value>" + _DATE + ")")],
    "decided": [_field(r"Decision_Date|Date_of_(?:Final_)?Decision|Determination_Date"),
                _rx(r"(?:^|\n)[ \t]*(?:Dated|Date)_:_(?P<value>" + _DATE + ")")],
    "application": [_field(r"Application_Received|Date_Application_Received"
                           r"|Application_Received_Date|Date_Received"),
                    _rx(r"Application_for_Independent_Medical_Review_(?:was_)?"
                        r"(?:filed|received)_(?:on_)?(?P<value>" + _DATE + ")")],
}
_INJURY_FIELD = _field(r"Date_of_Injury|DOI")
_INJURY_PROSE = re.compile(
    r"(?:injur(?:y|ies|ed)|accident|incident)[^.]{0,60}?\b(?:on|of|dated|date)\s+(" + _DATE + ")",
    re.I)
_CASE_NUMBER = re.compile(r"\bC\s*M\s*(\d{2})\s*-\s*(\d{4,8})\b", re.I)


def _first(patterns: list[re.Pattern[str]], text: str) -> str | None:
    for rx in patterns:
        match = rx.search(text)
        if match:
            return iso_date(match.group("value"))
    return None


# --- worker, diagnoses, reviewer ------------------------------------------------------------

_AGE_SEX = re.compile(
    r"\b(\d{1,3})\s*-?\s*(?:years?|yrs?|y/o)\s*-?\s*old\b(?P<rest>.{0,40})", re.I)
_SEX_WORD = re.compile(r"\b(male|female|man|woman|gentleman|lady|boy|girl)\b", re.I)
_SEX = {"male": "male", "man": "male", "gentleman": "male", "boy": "male",
        "female": "female", "woman": "female", "lady": "female", "girl": "female"}
_DIAGNOS = re.compile(r"\bdiagnos(?:is|es|ed)\b", re.I)
_DIAG_LEAD = re.compile(
    r"^.*?(?::|\bdiagnos(?:is|es|ed)\s+(?:(?:have|has)\s+)?(?:been\s+)?"
    r"(?:of|with|as|include[sd]?|including|are|were|is)\b"
    r"|\btreated\s+for\b|\bdiagnos(?:is|es)\b)", re.I)
_LIST_SPLIT = re.compile(r"\s*;\s*|\s*,\s*(?:and\s+)?|\s+and\s+(?=[^,]*$)")
_BOARD = re.compile(
    r"Board[ -]?Certified\s+(?:in\s+)?(?P<value>[^.;]+?)"
    r"(?=,?\s+(?:and\s+)?(?:has|is|he|she|who|with)\b|[.;]|$)", re.I)
_SUBSPECIALTY = re.compile(
    r"sub-?specialty\s+(?:certification\s+)?(?:in\s+)?(?P<value>[^.;]+?)"
    r"(?=,?\s+(?:and\s+)?(?:has|is|he|she|who|with)\b|[.;]|$)", re.I)
_LICENSED = re.compile(
    r"licensed\s+(?:to\s+practice\s+)?in\s+(?P<value>[^.;]+?)(?=\.\s|\.$|;|$|\s+(?:and\s+)?"
    r"(?:has|he|she|is)\b)", re.I)
_SPECIALTY_FIELD = _rx(r"Certifications?(?:_\(s\))?_/_Specialt(?:y|ies)_:[ \t]*(?P<value>[^\n]+)")
_STATES_FIELD = _rx(r"States?(?:_\(s\))?_of_Licens(?:ure|e)_:[ \t]*(?P<value>[^\n]+)")
_FIELD_TAIL = re.compile(r"\s+(?:[A-Z][A-Za-z()/]+\s?){1,4}:.*$")


def _worker(summary: str) -> LetterWorker:
    match = _AGE_SEX.search(summary)
    if not match:
        return LetterWorker()
    age = int(match.group(1))
    sex_match = _SEX_WORD.search(match.group("rest"))
    return LetterWorker(age=age if 0 < age < 110 else None,
                        sex=_SEX[sex_match.group(1).lower()] if sex_match else None)


def _diagnoses(summary: str) -> list[str]:
    # Find the word first, then its sentence: far faster than a sentence-shaped regex.
    found = _DIAGNOS.search(summary)
    if not found:
        return []
    start = summary.rfind(". ", 0, found.start()) + 1
    end = summary.find(". ", found.end())
    sentence = summary[start:end if end >= 0 else len(summary)].strip().rstrip(".")
    lead = _DIAG_LEAD.match(sentence)
    listed = sentence[lead.end():] if lead else sentence
    listed = re.sub(r"^\s*(?:the\s+following(?:\s+diagnos\w+)?|of|with)\s*:?\s*", "", listed,
                    flags=re.I)
    parts = [part.strip(" :-") for part in _LIST_SPLIT.split(listed)]
    return [part for part in parts if 2 < len(part) <= 120][:12]


_COMMAS = re.compile(r"\s*[;,]\s*")


def _split_list(value: str, on_and: bool = True) -> list[str]:
    """Names listed in a field; specialties keep their own 'and' (Medicine and Rehabilitation)."""
    value = _FIELD_TAIL.sub("", value)
    splitter = _LIST_SPLIT if on_and else _COMMAS
    return [part.strip(" .") for part in splitter.split(value) if part.strip(" .")]


def _reviewer(text: str, qualifications: str) -> LetterReviewer:
    specialties: list[str] = []
    states: list[str] = []
    field = _SPECIALTY_FIELD.search(text)
    if field:
        specialties += _split_list(field.group("value"), on_and=False)
    field = _STATES_FIELD.search(text)
    if field:
        states += _split_list(field.group("value"))
    paragraph = prose(qualifications)
    if not specialties:
        for rx in (_BOARD, _SUBSPECIALTY):
            specialties += [m.group("value").strip() for m in rx.finditer(paragraph)]
    if not states:
        licensed = _LICENSED.search(paragraph)
        if licensed:
            states = _split_list(licensed.group("value"))
    return LetterReviewer(specialties=list(dict.fromkeys(specialties)),
                          licensed_states=list(dict.fromkeys(states)))


_SUMMARY_PREAMBLE = re.compile(
    r"^(?:[^.]*\b(?:summary|abstracted|copied|excerpted|taken\s+from)\b[^.:]*[.:]\s*)+", re.I)


def _summary(section: str) -> str | None:
    text = _SUMMARY_PREAMBLE.sub("", prose(section))
    return text or None


# --- items ----------------------------------------------------------------------------------

_DECISION = r"(?P<decision>Up\s?held|Over\s?turned)"
#: "<item>: Upheld" closing a line; the item may wrap from a line that does not end a sentence.
#: A wrapped first line is neither a decided item itself nor an all-capitals heading.
_ITEM_HEAD = re.compile(
    r"(?:^|\n)[ \t]*(?:\d{1,2}[.)][ \t]*)?(?P<item>"
    r"(?:(?![^\n]*(?:Up\s?held|Over\s?turned)[ \t.]*\n)(?-i:(?![^a-z\n]*\n))[^\n]*[^.:\n]\n)?"
    r"[^\n]*?[^\n:])"
    r"[ \t]*:?\s*[-:]\s*" + _DECISION + r"[ \t.]*(?=\n|$)", re.I)
_LABELS = re.compile("|".join((
    r"(?P<ca>Claims_Administrator(?:'s)?_guidelines?(?:_\(s\))?_:"
    r"|Medical_Treatment_Guidelines?(?:_\(s\))?_(?:Relied_Upon|Used)_by_the_Claims_Administrator_:)",
    r"(?P<iro>(?<=\n)[ \t]*(?:MAXIMUS|IRO|Independent_Reviewer|Expert_Reviewer|Reviewer)"
    r"(?:'s)?_guidelines?(?:_\(s\))?_:"
    r"|Medical_Treatment_Guidelines?(?:_\(s\))?_(?:Relied_Upon|Used)_by_the_Expert_Reviewer_:)",
    r"(?P<rationale>Decision_rationale_:|Rationale_for_the_Decision_:)",
)).replace("_", r"\s*"), re.I)
_BASED_ON = re.compile(
    r"^(?:Decision\s+based\s+on|The\s+(?:Claims\s+Administrator|Expert\s+Reviewer)\s+based\s+"
    r"(?:its|his/her|his|her|their)\s+decision\s+on)\s+(?:the\s+)?", re.I)
_PAGES = re.compile(r"Pages?\s*(?:\(s\))?\s*:?\s*(?P<pages>\d[\d\s,\-&and]*\d|\d+)", re.I)
_NOTICE_ITEM = _rx(r"has_determined_(?:that_)?the_request_for_(?P<item>.+?)_is_(?P<not>not_)?"
                   r"medically_necessary")
_REGARDING = _rx(r"(?:^|\n)[ \t]*(?:\d+_[.)]_)?Regarding_the_request_for_(?P<item>[^\n]+?)_:")
_ITEM_NUMBER = re.compile(r"^\(?\d{1,2}[.)]\s+")
_LOOSE_ITEM = _rx(r"\brequest_for_(?P<item>[^.]{3,120}?)_(?:and_found_it|is|was)_(?P<not>not_)?"
                  r"medically_necessary")
_NUMBERED = re.compile(r"(?:^|\n)[ \t]*\d{1,2}[.)][ \t]+")
_QUESTION = _rx(r"^(?:Is_)?(?:the_)?(?:request(?:ed)?_(?:for_)?)?(?P<item>.+?)"
                r"(?:_(?:is|was)?_?medically_necessary(?:_and_appropriate)?)?_\??_$")
_NECESSITY = re.compile(
    r"\b(?P<neg>not\s+(?:medically\s+necessary|supported|recommended|certified|indicated)"
    r"|non-?certified)\b|\bis\s+(?:medically\s+necessary|supported|recommended|certified)\b",
    re.I)


def _outcome(word: str | None) -> ItemOutcome | None:
    if not word:
        return None
    return ItemOutcome.upheld if word.lower().replace(" ", "").startswith("up") \
        else ItemOutcome.overturned


def _inferred(rationale: str | None) -> ItemOutcome | None:
    """The decision the rationale's last verdict sentence implies (damaged item headers)."""
    if not rationale:
        return None
    verdicts = list(_NECESSITY.finditer(rationale))
    if not verdicts:
        return None
    return ItemOutcome.upheld if verdicts[-1].group("neg") else ItemOutcome.overturned


def _guideline(value: str) -> tuple[str | None, str | None]:
    text = _BASED_ON.sub("", prose(value)).rstrip(" .") or None
    pages = _PAGES.search(text) if text else None
    return text, (re.sub(r"\s+", " ", pages.group("pages")) if pages else None)


def _fields(block: str) -> dict[str, str | None]:
    """The labelled parts of one item's block: guidelines and rationale."""
    marks = list(_LABELS.finditer(block))
    out: dict[str, str | None] = {}
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(block)
        key = mark.lastgroup or ""
        if key not in out:
            out[key] = block[mark.end():end]
    if not marks and block.strip():
        out["rationale"] = block
    return out


def _item(name: str, decision: ItemOutcome | None, block: str, warnings: list[str]) -> LetterItem:
    parts = _fields(block)
    ca, _ = _guideline(parts["ca"]) if parts.get("ca") else (None, None)
    cited, pages = _guideline(parts["iro"]) if parts.get("iro") else (None, None)
    rationale = prose(parts["rationale"]) if parts.get("rationale") else None
    name = _ITEM_NUMBER.sub("", prose(name)).strip(" :.,;-")
    if decision is None:
        decision = _inferred(rationale)
        warnings.append(f"item {name!r}: decision not stated; "
                        + (f"inferred {decision.value} from the rationale" if decision
                           else "could not be inferred"))
    if rationale is None:
        warnings.append(f"item {name!r}: no decision rationale")
    category, subcategory = categorize(name)
    return LetterItem(item=name, decision=decision, claims_administrator_guideline=ca,
                      guideline_cited=cited, guideline_pages=pages, rationale=rationale,
                      category=category, subcategory=subcategory)


_CA_LABEL = _rx(r"(?:^|\n)[ \t]*Claims_Administrator(?:'s)?_guidelines?(?:_\(s\))?_:")
_GARBAGE_TAIL = re.compile(r"[\s#*_=~|]+$")


def _headed_items(text: str, warnings: list[str]) -> list[LetterItem]:
    """Layouts 2 and 3 (and the seed): '<item>: Upheld' then labelled paragraphs.

    An item whose decision line is damaged is still found by its 'Claims Administrator
    guideline' paragraph: its name is the line before it and its decision is inferred.
    """
    # (start of the item, start of its block, name, decision)
    starts = [(h.start(), h.end(), h.group("item"), _outcome(h.group("decision")))
              for h in _ITEM_HEAD.finditer(text)]
    owned = {start for start, *_ in starts}
    for label in _CA_LABEL.finditer(text):
        owner = max((start for start in owned if start < label.start()), default=None)
        between = text[owner:label.start()] if owner is not None else ""
        if owner is not None and not _LABELS.search(between):
            continue
        line_end = label.start()  # the newline before the label (or 0: no line before it)
        line_start = text.rfind("\n", 0, line_end) + 1
        name = _GARBAGE_TAIL.sub("", text[line_start:line_end])
        if not name or name.rstrip().endswith((".", ":")):
            continue
        starts.append((line_start, label.start(), name, None))
        owned.add(line_start)
    starts.sort()
    items = []
    for index, (_, body, name, decision) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        items.append(_item(name, decision, text[body:end], warnings))
    return items


def _numbered_blocks(text: str) -> list[str]:
    starts = [m.end() for m in _NUMBERED.finditer(text)]
    if not starts:
        return [text] if text.strip() else []
    bounds = [m.start() for m in _NUMBERED.finditer(text)][1:] + [len(text)]
    return [text[start:end] for start, end in zip(starts, bounds, strict=True)]


def _notice_items(text: str, sections: dict[str, str], warnings: list[str]) -> list[LetterItem]:
    """Layout 1: decisions in the numbered notice, rationales under 'Regarding the request for'."""
    head = text.split(sections["basis"], 1)[0] if sections.get("basis") else text
    decided = [(m.group("item"), ItemOutcome.upheld if m.group("not") else ItemOutcome.overturned)
               for m in _NOTICE_ITEM.finditer(prose(head))]
    region = sections.get("regarding", "")
    marks = list(_REGARDING.finditer(region))
    blocks = [(m.group("item"), region[m.end():(marks[i + 1].start() if i + 1 < len(marks)
                                                 else len(region))])
              for i, m in enumerate(marks)]
    if decided and blocks and len(decided) != len(blocks):
        warnings.append(f"{len(decided)} decisions in the notice but {len(blocks)} rationales")
    items = []
    for index in range(max(len(decided), len(blocks))):
        name, decision = decided[index] if index < len(decided) else (blocks[index][0], None)
        block = blocks[index][1] if index < len(blocks) else ""
        items.append(_item(name, decision, block, warnings))
    return items


def _loose_items(text: str, warnings: list[str]) -> list[LetterItem]:
    """Unknown layout: sentences saying a request was (not) medically necessary."""
    items = [_item(m.group("item"),
                   ItemOutcome.upheld if m.group("not") else ItemOutcome.overturned, "", warnings)
             for m in _LOOSE_ITEM.finditer(prose(text))]
    if items:
        warnings.append("items read from free text; no guideline or rationale sections")
    return items


def _review_items(sections: dict[str, str], verb: str | None,
                  warnings: list[str]) -> list[LetterItem]:
    """Layout 4: items listed under ISSUE AT DISPUTE, guideline and rationale sections by number."""
    issues = []
    for block in _numbered_blocks(sections.get("dispute", "")):
        line = prose(block)
        head = re.search(r"[ \t]*[:-]\s*" + _DECISION + r"\W*$", line, re.I)
        decision = _outcome(head.group("decision")) if head else None
        name = line[:head.start()] if head else line
        question = _QUESTION.match(name)
        issues.append((question.group("item") if question else name, decision))
    relied = _numbered_blocks(sections.get("relied", ""))
    why = _numbered_blocks(sections.get("why", ""))
    if len(issues) == 1 and verb is not None and issues[0][1] is None:
        verb_text = verb.upper()
        if "/" not in verb_text:
            issues[0] = (issues[0][0], ItemOutcome.upheld if "NOT" in verb_text
                         else ItemOutcome.overturned)
    items = []
    for index, (name, decision) in enumerate(issues):
        guideline = relied[index] if index < len(relied) else (relied[0] if relied else "")
        rationale = why[index] if index < len(why) else ""
        block = ("\nReviewer guideline: " + guideline if guideline else "") + \
                ("\nDecision rationale: " + rationale if rationale else "")
        items.append(_item(name, decision, block, warnings))
    return items


_WORDS = re.compile(r"[a-z0-9]+")


def _detail(item: LetterItem) -> int:
    return sum(1 for value in (item.guideline_cited, item.claims_administrator_guideline,
                               item.rationale) if value)


def _once_each(items: list[LetterItem], warnings: list[str]) -> list[LetterItem]:
    """Each disputed item once: some layouts list the decisions in a summary near the top and
    again, with their rationales, under the decision heading. Items are the same when their
    words and numbers are ("Norco 10/325 #60" and "NORCO 10/325, #60"); the more detailed
    mention supplies the fields and the decision, the first mention keeps its place."""
    merged: dict[str, LetterItem] = {}
    for item in items:
        key = " ".join(_WORDS.findall(item.item.lower()))
        first = merged.get(key)
        if first is None:
            merged[key] = item
            continue
        # The detailed mention has the labelled guideline fields; on a tie the later one wins.
        richer, other = (item, first) if _detail(item) >= _detail(first) else (first, item)
        if first.decision and item.decision and first.decision != item.decision:
            warnings.append(f"item {item.item!r} is listed twice with different decisions; "
                            f"kept {richer.decision.value if richer.decision else 'none'}")
        update = {field: getattr(other, field) for field in type(item).model_fields
                  if getattr(richer, field) in (None, "") and getattr(other, field)}
        merged[key] = richer.model_copy(update=update)
        if merged[key].rationale:  # the other mention's missing rationale is found
            missing = f"item {first.item!r}: no decision rationale"
            warnings[:] = [warning for warning in warnings if warning != missing]
    return list(merged.values())


# --- layout ---------------------------------------------------------------------------------

_START = {
    Layout.professional_review: _rx(r"^\W*MEDICAL_PROFESSIONAL_REVIEW"),
    Layout.case_header: _rx(r"^\W*(?:IMR_)?Case_(?:Number|No\.?)_:"),
    Layout.notice_2013: _rx(r"^[\s\S]{0,600}?Notice_of_Independent_Medical_Review_Determination"),
    Layout.maximus_header: _rx(r"^\W*MAXIMUS_FEDERAL_SERVICES"),
    Layout.case_body: _rx(r"^\W*HOW_THE_IMR_FINAL_DETERMINATION_WAS_MADE"),
}


def _layout(text: str, sections: dict[str, str], warnings: list[str]) -> Layout:
    for layout, rx in _START.items():
        if rx.search(text):
            return layout
    if "dispute" in sections or "why" in sections:
        guess = Layout.professional_review
    elif "regarding" in sections or _NOTICE_ITEM.search(text):
        guess = Layout.notice_2013
    elif "issues" in sections or "how_made" in sections:
        guess = Layout.maximus_header if "documents" in sections else Layout.case_body
    else:
        warnings.append("unknown layout: no known letter opening or section headers")
        return Layout.unknown
    warnings.append(f"letter opening not recognised; layout inferred from sections: {guess.value}")
    return guess


_REFLOW_HEADER = re.compile("|".join(
    pattern.replace("_", r"\s*") for key, pattern in _SECTIONS.items() if key != "regarding"),
    re.I)
_REFLOW_LABEL = re.compile(
    r"(?:Claims\s*Administrator|MAXIMUS)\s*guidelines?(?:\s*\(s\))?\s*:|Decision\s*rationale\s*:"
    r"|Regarding\s+the\s+request\s+for\b|(?:Case\s*Number|Date\s*Assigned|Date\s*of\s*Injury"
    r"|Decision\s*Date|UR\s*Denial\s*Date|Application\s*Received|Priority)\s*:")
_REFLOW_AFTER = re.compile(
    r"(:\s*(?:Upheld|Overturned)\b\.?|set\s+forth\s+below:"
    r"|(?<!\b\d)(?<!\b\d\d)[.?!](?=\s+[A-Z0-9]))\s+")  # not after an item number "1."
_SPACED_HYPHEN = re.compile(r"(?<=[a-z])- (?=[a-z])")


def _reflow(text: str) -> str:
    """Line breaks for text extracted without any: around section headers, before labels,
    after item decisions and sentences (item names follow a sentence end or a decision)."""
    text = _SPACED_HYPHEN.sub("", text)
    text = _REFLOW_HEADER.sub(lambda m: m.group(0) if m.group(0).islower()  # running prose
                              else "\n" + m.group(0) + "\n", text)
    text = _REFLOW_LABEL.sub(lambda m: "\n" + m.group(0), text)
    text = _REFLOW_AFTER.sub(lambda m: m.group(1) + "\n", text)
    return re.sub(r" *\n[ \n]*", "\n", text)


def parse_letter(text: str) -> ParsedLetter:
    """Parse one letter's extracted text. Never raises on odd input: it warns instead."""
    warnings: list[str] = []
    clean = clean_text(text)
    if not clean:
        return ParsedLetter(warnings=["empty letter: no text"])
    if len(clean) > 1500 and clean.count("\n") < 8:
        clean = _reflow(clean)
        warnings.append("the text had no line breaks; they were restored from its headers")
    sections = _sections(clean)
    layout = _layout(clean, sections, warnings)

    number = _CASE_NUMBER.search(clean)
    dates = LetterDates(**{key: _first(rxs, clean) for key, rxs in _FIELDS.items()})
    summary_text = sections.get("summary", "")
    if not summary_text:
        warnings.append("no case summary section")
    # Without a summary the worker's age and injury date may still be in the running text.
    about_worker = summary_text or (clean if layout is Layout.unknown else "")
    injury = _INJURY_FIELD.search(clean)
    prose_summary = prose(about_worker)
    injury_date = iso_date(injury.group("value")) if injury else None
    if injury_date is None:
        found = _INJURY_PROSE.search(prose_summary)
        injury_date = iso_date(found.group(1)) if found else None

    if layout is Layout.notice_2013:
        items = _notice_items(clean, sections, warnings)
    elif layout is Layout.professional_review:
        why = _SECTION_RX["why"].search(clean)
        items = _review_items(sections, why.group("verb") if why else None, warnings)
    else:
        items = _headed_items(sections.get("issues") or clean, warnings)
    if not items and layout is not Layout.notice_2013:
        items = _notice_items(clean, sections, warnings)
    if not items and layout is Layout.unknown:
        items = _loose_items(clean, warnings)
    named = [item for item in items if item.item]
    if len(named) < len(items):
        warnings.append(f"{len(items) - len(named)} item(s) without a readable name skipped")
    items = _once_each(named, warnings)
    if not items:
        warnings.append("no disputed items found")
    if "issues" not in sections and layout in (Layout.case_header, Layout.case_body,
                                                Layout.maximus_header):
        warnings.append("no IMR decisions section header; items read from the whole letter")

    qualifications = sections.get("qualifications") or sections.get("how_made", "")
    return ParsedLetter(
        layout=layout,
        case_number=f"CM{number.group(1)}-{number.group(2)}" if number else None,
        dates=dates,
        reviewer=_reviewer(clean, qualifications),
        worker=_worker(prose_summary),
        date_of_injury=injury_date,
        diagnoses=_diagnoses(prose_summary),
        clinical_summary=_summary(summary_text),
        items=items,
        warnings=warnings,
    )
