"""The letter's CLINICAL CASE SUMMARY, composed from facts: every sentence has its evidence.

The register follows the seed letter: "The patient is a 54-year-old male who reported a
work related injury on 10/14/2002... The clinical notes evidence that the patient is being
treated for the following diagnoses: ...". Sentences about the worker and the injury come
from the case file (their evidence is empty); everything else from asserted facts (not
negated, hypothetical or about family). What is unknown is said to be not stated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from openimr.model import Case, Diagnosis, Document, Fact
from openimr.model.determination import SummarySentence
from openimr.model.wording import distinct_phrases, join_words
from openimr.records.doctypes import DocumentType, classify, document_name
from openimr.records.spans import CLAUSE_STOPS, around

_MODALITY_NAMES = {
    "physical_therapy": "physical therapy", "occupational_therapy": "occupational therapy",
    "chiropractic": "chiropractic care", "acupuncture": "acupuncture",
    "psychotherapy": "psychotherapy", "massage": "massage therapy",
    "aquatic_therapy": "aquatic therapy", "biofeedback": "biofeedback",
    "functional_restoration": "a functional restoration program",
}
_HEP_PHRASES = {"independent": "was independent with a home exercise program",
                "instructed": "was instructed in a home exercise program",
                "not_performing": "was not performing the home exercise program"}
_IMAGING_NAMES = {"mri": "MRI", "ct": "CT", "xray": "X-ray", "ultrasound": "Ultrasound",
                  "bone_scan": "Bone scan"}


def _date(value: dt.date | None) -> str:
    return value.strftime("%m/%d/%Y") if value else "an unstated date"


def _asserted(facts: Iterable[Fact], kind: str) -> list[Fact]:
    return [f for f in facts if f.kind.value == kind and f.asserted]


def _worker_sentence(case: Case, facts: list[Fact]) -> SummarySentence:
    worker, claim = case.worker, case.claim
    age = f"{worker.age}-year-old" if worker.age is not None else "patient of unstated age,"
    sex = worker.sex.value if worker.sex and worker.sex.value not in ("unknown", "other") else ""
    who = f"The patient is a {age} {sex}".replace("  ", " ").rstrip()
    injury = (f"reported a work related injury on {_date(claim.date_of_injury)}"
              if claim.date_of_injury else "reported a work related injury on a date not stated")
    mechanisms = _asserted(facts, "mechanism_of_injury")
    if mechanisms:
        detail = mechanisms[0].evidence.quote.strip().rstrip(".")
        return SummarySentence(text=f"{who} who {injury}; the records describe the mechanism "
                                    f"of injury as {' '.join(detail.split())}.",
                               evidence=[mechanisms[0].evidence])
    return SummarySentence(text=f"{who} who {injury}, the specific mechanism of injury not "
                                "stated.")


def _in_sentence(name: str) -> str:
    """A diagnosis as written, for the middle of a sentence: its first word lower-cased when
    it is an ordinary word ("Lumbar strain"), as it is when it is a side letter, an
    abbreviation or a name ("R shoulder impingement", "CRPS", "Dupuytren's")."""
    first = name.split(" ", 1)[0]
    if (len(first) > 1 and first[1:].islower() and not first.endswith("'s")
            and first.lower() not in _EPONYMS):
        return name[:1].lower() + name[1:]
    return name


#: The names that head a diagnosis without a possessive ("Guyon canal syndrome", "Morton
#: neuroma", "Kienbock disease"): a person's name keeps its capital in mid-sentence.
_EPONYMS = frozenset({"guyon", "morton", "kienbock", "kienböck", "dupuytren", "tietze",
                      "raynaud", "baker", "colles", "smith", "barton", "bennett", "osgood",
                      "parkinson", "alzheimer", "bell", "hoffa", "haglund", "preiser", "sever",
                      "scheuermann", "bertolotti", "tarlov", "schmorl", "chiari", "quervain"})


def _diagnosis_sentence(case: Case, facts: list[Fact],
                        documents: Sequence[Document] = ()) -> SummarySentence:
    """The diagnoses. The case file's list (the application's, coded) is the clean one: each
    of its diagnoses that a treating note also names (the same code, or nearly the same
    words) is told as evidenced by the notes, with that note's words as evidence, and the
    rest as listed by the application. Only without such a list are the notes' own items
    told, as read: a note's assessment is prose, and an item read from it can carry its
    neighbours ("progressing per protocol; strengthening phase not yet begun")."""
    read = [f for f in _asserted(facts, "diagnosis") if not f.second_hand and f.value.get("text")]
    # the list is the application's only when the application is among the documents the
    # letter names as reviewed; otherwise it is the case file's
    source = "application" if any(_is_application(d) for d in documents) else "case file"
    if case.diagnoses:
        evidenced: list[tuple[str, Fact]] = []
        listed: list[str] = []
        for diagnosis in case.diagnoses:
            name = _in_sentence(diagnosis.description or diagnosis.code or "")
            note = next((f for f in read if _names_the_same(diagnosis, f)), None)
            if note is not None:
                evidenced.append((name, note))
            else:
                listed.append(name)
        if evidenced:
            text = ("The clinical notes evidence that the patient is being treated for the "
                    f"following diagnoses: {join_words([name for name, _ in evidenced])}.")
            if listed:
                text += f" The {source} also lists {join_words(listed)}."
            return SummarySentence(text=text, evidence=[f.evidence for _, f in evidenced])
        return SummarySentence(text=f"The {source} lists the following diagnoses: "
                                    f"{join_words(listed)}.")
    seen: dict[str, Fact] = {}
    for fact in read:
        seen.setdefault(fact.value["text"].lower(), fact)
    if seen:
        chosen = list(seen.values())[:8]
        names = [_in_sentence(f.value["text"]) for f in chosen]
        return SummarySentence(
            text="The clinical notes evidence that the patient is being treated for the "
                 f"following diagnoses: {join_words(names)}.",
            evidence=[f.evidence for f in chosen])
    return SummarySentence(text="The diagnoses are not stated in the records.")


def _is_application(document: Document) -> bool:
    """The application for independent medical review, by its class or its stated type."""
    return classify(document) is DocumentType.imr_application


#: How alike (rapidfuzz token-set ratio) a note's diagnosis and the case file's must be to be
#: told as one ("lumbar strain" and "Strain of muscle, fascia and tendon of lower back" are
#: not; "cervical radiculopathy" and "Radiculopathy, cervical region" are).
_SAME_DIAGNOSIS = 85
#: The content words two names must share when one name's words are only a part of the
#: other's: a token-set ratio is 100 for any subset, so a lone "radiculopathy" or "strain"
#: would otherwise stand for "Radiculopathy, cervical region" (review 14, finding 10).
_SHARED_WORDS = 2


def _names_the_same(diagnosis: Diagnosis, fact: Fact) -> bool:
    """A note's diagnosis is the case file's: the same code, or nearly the same words, on the
    same side and the same body part when both names say one, and, unless the two names hold
    the same words, at least two content words in common."""
    from rapidfuzz import fuzz

    from openimr.guidelines.itemparse.anatomy import body_parts, same_region, side

    code = str(fact.value.get("code") or "").upper().replace(".", "")
    if code and diagnosis.code and code == diagnosis.code.upper().replace(".", ""):
        return True
    if not diagnosis.description:
        return False
    listed, noted = diagnosis.description.lower(), str(fact.value["text"]).lower()
    sides = {side(listed), side(noted)} - {None}
    if len(sides) > 1:
        return False
    listed_parts, noted_parts = body_parts(listed), body_parts(noted)
    if listed_parts and noted_parts and not any(
            same_region(one, other) for one in listed_parts for other in noted_parts):
        return False
    listed, noted = _ICD_FILLER.sub(" ", listed), _ICD_FILLER.sub(" ", noted)
    if fuzz.token_set_ratio(listed, noted) < _SAME_DIAGNOSIS:
        return False
    return (fuzz.token_sort_ratio(listed, noted) >= _SAME_DIAGNOSIS
            or len(set(listed.split()) & set(noted.split())) >= _SHARED_WORDS)


#: The words ICD-10-CM titles add that a note does not say ("Radiculopathy, lumbar region",
#: "..., initial encounter"), and punctuation: left out when a note's words are compared.
_ICD_FILLER = re.compile(r"\b(?:region|site|unspecified|other|specified|initial|subsequent|"
                         r"encounter|for|of|the|and|with|not elsewhere classified)\b|[^\w\s]")


def _document_label(documents: dict[str, Document], fact: Fact) -> str:
    document = documents.get(fact.evidence.document)
    kind = (document.type if document and document.type else "A clinical note")
    kind = kind[:1].upper() + kind[1:]
    if not kind.lower().endswith(("note", "report", "evaluation", "summary", "consultation")):
        kind += " note"
    date = document.date if document and document.date else fact.date
    return f"{kind} dated {_date(date)}"


def _therapy_sentences(documents: dict[str, Document], facts: list[Fact]
                       ) -> list[SummarySentence]:
    best: dict[str, Fact] = {}
    had = [f for f in _asserted(facts, "therapy_sessions")
           if f.value.get("status") in ("completed", "attended")]
    # what the treating records count, before what a UR letter or summary reports of them
    # (a UR total may add another episode's visits); a report only when no record counts
    treating = {f.value.get("modality") for f in had if not f.second_hand}
    for fact in had:
        if fact.second_hand and fact.value.get("modality") in treating:
            continue
        modality = fact.value.get("modality", "")
        current = best.get(modality)
        if current is None or (fact.value.get("count") or 0) > (current.value.get("count") or 0):
            best[modality] = fact
    sentences = []
    for modality, fact in best.items():
        plus = " plus" if fact.value.get("at_least") else ""
        name = _MODALITY_NAMES.get(modality, modality)
        had = (f"had no prior {name}" if fact.value["count"] == 0 else
               f"had completed {fact.value['count']}{plus} sessions of {name}")
        sentences.append(SummarySentence(
            text=f"{_document_label(documents, fact)} reports the patient {had}.",
            evidence=[fact.evidence]))
    return sentences


def _latest(facts: list[Fact]) -> list[Fact]:
    """Facts from the most recent date among them (undated facts count as oldest)."""
    if not facts:
        return []
    newest = max((f.date or dt.date.min) for f in facts)
    return [f for f in facts if (f.date or dt.date.min) == newest]


#: Words that tell a change: a gain told in words ("improved", "back to part-time work",
#: "now walks 20 min", "able to"), or a measure from one value to another ("40 -> 45", "from
#: 20 to 45 minutes"; not a place, "from buttock to lateral foot").
_GAIN = re.compile(r"\b(?:improv\w*|better|increas\w*|decreas\w*|reduc\w*|less|more|gain\w*|"
                   r"progress\w*|return\w*|resum\w*|back\s+to|now|able|lets?|allows?|"
                   r"tolerat\w*|from\s+\d[^.;]{0,20}\bto\s+\d)\b|->|\u2192", re.IGNORECASE)


def _tells_a_gain(fact: Fact) -> bool:
    """The words read as an improvement say that something changed: a state alone
    ("Ambulates independently without device", "Persistent leg burning since the fusion")
    tells no improvement, whatever it was read as."""
    return bool(_GAIN.search(fact.evidence.quote))


def _effect_sentences(facts: list[Fact]) -> list[SummarySentence]:
    sentences = []
    hep = _latest(_asserted(facts, "home_exercise_program"))
    if hep:
        fact = hep[-1]
        sentences.append(SummarySentence(
            text=f"The provider documented the patient {_HEP_PHRASES[fact.value['status']]}.",
            evidence=[fact.evidence]))
    improvements = _asserted(facts, "functional_improvement")
    present = [f for f in improvements if f.value.get("present") and _tells_a_gain(f)]
    absent = [f for f in improvements if not f.value.get("present")]
    if present:
        quotes = [" ".join(f.evidence.quote.split()).rstrip(".") for f in present[:3]]
        sentences.append(SummarySentence(
            text=f"The records document functional improvement: {'; '.join(quotes)}.",
            evidence=[f.evidence for f in present[:3]]))
    if absent:
        quotes = [" ".join(f.evidence.quote.split()).rstrip(".") for f in absent[:2]]
        sentences.append(SummarySentence(
            text=f"The records also state a lack of improvement: {'; '.join(quotes)}.",
            evidence=[f.evidence for f in absent[:2]]))
    if not present and not absent:
        sentences.append(SummarySentence(
            text="Objective functional improvement with treatment is not stated."))
    return sentences


def _exam_sentence(documents: dict[str, Document], facts: list[Fact]
                   ) -> list[SummarySentence]:
    findings = _latest(_asserted(facts, "exam_finding"))
    if not findings:
        return [SummarySentence(text="A recent physical examination is not documented.")]
    chosen = findings[:6]
    quotes = distinct_phrases([" ".join(f.evidence.quote.split()) for f in chosen])
    return [SummarySentence(
        text=f"The provider documented upon physical examination on {_date(chosen[0].date)}: "
             f"{'; '.join(quotes)}.", evidence=[f.evidence for f in chosen])]


#: A document named as the report of a study itself (not a note that tells of one).
_STUDY_REPORT_NAME = re.compile(r"\b(?:MRI|CT|x-?rays?|radiograph\w*|imaging|radiology|"
                                r"ultrasound|scan|arthrogram)\b", re.IGNORECASE)


def _page_text(documents: dict[str, Document], fact: Fact) -> str:
    document = documents.get(fact.evidence.document)
    page = next((p for p in document.pages if p.number == fact.evidence.page), None
                ) if document else None
    return page.text if page else ""


def _stated_date(documents: dict[str, Document], fact: Fact) -> str:
    """The fact's date as the record states it: a month and year ("MRI 01/2019") is read as
    the first of the month, and is told as the month, not as a day the record never gave."""
    date = fact.date
    if date is None or date.day != 1:
        return _date(date)
    text = _page_text(documents, fact)
    # the month's names are grouped: a bare alternation would let any "March" on the page
    # (the month-and-year "March 2019" itself) count as the first of the month stated
    month = rf"(?:{date:%B}|{date:%b}\.?)"
    full = (rf"\b0?{date.month}[/.-]0?1[/.-](?:{date.year}|{date.year % 100:02d})\b|"
            rf"\b{date.year}-{date.month:02d}-01\b|\b{month}\s+0?1(?:st)?\b|"
            rf"\b0?1(?:st)?\s+(?:of\s+)?{month}\b")
    if not text or re.search(full, text, re.IGNORECASE):
        return _date(date)
    return f"{date:%m/%Y}"


def _imaging_sentence(documents: dict[str, Document], facts: list[Fact]
                      ) -> list[SummarySentence]:
    """The latest abnormal imaging findings, with the study's date as stated, and the note
    that reports them when it is not the study's own report ("MRI of 01/2019, as reported in
    the PR-2 progress report of 10/17/2019")."""
    findings = [f for f in _asserted(facts, "imaging_finding")
                if f.value.get("category") != "normal"][:4]
    if not findings:
        return []
    first = findings[0].value
    study = _IMAGING_NAMES.get(first.get("modality", ""), "Imaging")
    part = f" of the {first['body_part']}" if first.get("body_part") else ""
    quotes = distinct_phrases([" ".join(f.evidence.quote.split()) for f in findings])
    document = documents.get(findings[0].evidence.document)
    reported = ""
    if document is not None and classify(document) is not DocumentType.imaging_report and not any(
            _STUDY_REPORT_NAME.search(text or "") for text in (document.type, document.title)):
        name = _in_sentence(document_name(document))
        if document.date:  # "the consultation letter of 09/13/2016"
            name = name.replace(f", {document.date:%m/%d/%Y}", f" of {document.date:%m/%d/%Y}")
        reported = f", as reported in the {name},"
    return [SummarySentence(
        text=f"{study}{part} dated {_stated_date(documents, findings[0])}{reported} documented "
             f"{join_words(quotes)}.",
        evidence=[f.evidence for f in findings])]


#: A laboratory's report named by its type or title (a urine drug screen, a toxicology
#: panel): the drugs it names are analytes found or sought, not medications prescribed.
_LAB_NAME = re.compile(r"\b(?:lab(?:oratory)?|toxicology|drug\s+(?:screen|test)\w*|UDS|"
                       r"LC-?MS(?:/MS)?|GC-?MS|panel)\b", re.IGNORECASE)


def _lab_report(document: Document | None) -> bool:
    return document is not None and (classify(document) is DocumentType.lab_report or any(
        _LAB_NAME.search(text or "") for text in (document.type, document.title)))


#: The kinds of drug a procedure injects (a steroid, a local anaesthetic): named in a
#: procedure report, they are what was given in the procedure, not medications the worker takes.
_INJECTATE_CLASSES = frozenset({"corticosteroid", "local_anesthetic"})


def _injected_in_procedure(document: Document | None, fact: Fact) -> bool:
    """A steroid or an anaesthetic a procedure report names ("Depo-Medrol 80 mg, bupivacaine
    2 mL"): the injectate of the procedure, not a medication of the worker."""
    from openimr.guidelines.drugs import drug_table
    from openimr.review.drafting import is_procedure_report

    if document is None or not is_procedure_report(document):
        return False
    drug = drug_table().find(str(fact.value.get("generic") or fact.value.get("drug") or ""))
    return drug is not None and bool({drug.drug_class, drug.subclass} & _INJECTATE_CLASSES)


def _medication_sentence(documents: dict[str, Document], facts: list[Fact]
                         ) -> list[SummarySentence]:
    """The medications the worker takes: the latest word of the treating records on each
    drug, left out when that word stops it ("Discontinued: amitriptyline"). A drug named in
    a list of what the worker does not take ("Not on NSAIDs, aspirin or steroids"), a drug a
    laboratory tested for, or one told as history is no medication of the worker."""
    mentions = [f for f in _asserted(facts, "medication")
                if not f.value.get("in_denied_list") and not f.historical
                and not _lab_report(documents.get(f.evidence.document))
                and not _injected_in_procedure(documents.get(f.evidence.document), f)]
    latest: dict[str, Fact] = {}
    for fact in sorted(mentions, key=lambda f: f.date or dt.date.min):  # stable: page order
        latest[fact.value.get("generic") or fact.value["drug"]] = fact
    chosen = [f for f in latest.values() if f.value.get("action") != "stop"]
    if not chosen:
        return [SummarySentence(text="Current medications are not stated.")]
    facts_ = chosen[:8]
    names = [" ".join(filter(None, [f.value["drug"], f.value.get("strength"),
                                    f.value.get("frequency")])) for f in facts_]
    return [SummarySentence(text=f"Medications documented include {join_words(names)}.",
                            evidence=[f.evidence for f in facts_])]


#: The longest clause of a note quoted to give pain scores their labels; a longer one (a
#: flowsheet row run together) gives the scores as read.
_PAIN_CLAUSE_REACH = 120
#: Where a pain score's clause ends: a sentence, a clause, or a line (a note's field, "Pain:
#: LBP 5/10 (unchanged since 2018)", is a line of its own).
_PAIN_STOPS = (*CLAUSE_STOPS, "\n")


def _pain_sentence(documents: dict[str, Document], pain: list[Fact]) -> SummarySentence:
    """The latest pain scores, in the note's own words: a score's label is in the words
    around it ("Back pain 6/10, legs 3/10"; "pain 4/10 on, 7-8/10 when he ran out"), which the
    value alone loses, and a range stays a range. Each clause once; the values as read when
    the page is not at hand."""
    date = _date(pain[0].date)
    clauses: dict[str, Fact] = {}
    for fact in pain:
        text = _page_text(documents, fact)
        clause = (" ".join(around(text, fact.evidence.start, fact.evidence.end,
                                  _PAIN_STOPS).split()) if text else "")
        if not clause or len(clause) > _PAIN_CLAUSE_REACH:
            break
        if not any(clause in other or other in clause for other in clauses):
            clauses[clause] = fact
    else:
        quoted = "; ".join(f'"{clause}"' for clause in list(clauses)[:2])
        return SummarySentence(text=f"Pain was recorded on {date}: {quoted}.",
                               evidence=[f.evidence for f in list(clauses.values())[:2]])
    parts = []
    for fact in pain[:2]:
        context = fact.value.get("context", "current").replace("_", " ")
        suffix = "" if context == "current" else f" {context}"
        parts.append(f"{fact.value['value']}/10{suffix}")
    return SummarySentence(text=f"Pain was rated {join_words(parts)} on {date}.",
                           evidence=[f.evidence for f in pain[:2]])


def _pain_and_work(documents: dict[str, Document], facts: list[Fact]
                   ) -> list[SummarySentence]:
    sentences = []
    pain = _latest(_asserted(facts, "pain_score"))
    if pain:
        sentences.append(_pain_sentence(documents, pain))
    work = _latest(_asserted(facts, "work_status"))
    if work:
        fact = work[-1]
        status = fact.value["status"].replace("_", " ")
        sentences.append(SummarySentence(text=f"The documented work status is {status}.",
                                         evidence=[fact.evidence]))
    return sentences


def _treating_report(document: Document) -> bool:
    """A treating provider's own record of the worker: not a UR decision, an application or
    a letter (second-hand or not read as findings), and not a request for authorization,
    which states what is asked for, not what was found."""
    from openimr.review.drafting import is_request_form, is_second_hand

    return not is_second_hand(document) and not is_request_form(document)


def compose_summary(case: Case, documents: list[Document], facts: list[Fact]
                    ) -> list[SummarySentence]:
    """The clinical case summary, sentence by sentence, each with its evidence. The signer
    attests it as the treating records' own findings: only what a treating record states
    first-hand is told (what a UR letter reports, or a request form claims, is not)."""
    by_id = {document.id: document for document in documents}
    treating = {d.id for d in documents if _treating_report(d)}
    told = [f for f in facts if not f.second_hand and f.evidence.document in treating]
    sentences = [_worker_sentence(case, told), _diagnosis_sentence(case, told, documents)]
    if documents and not treating:
        sentences.append(SummarySentence(text=(
            "No treating provider's report was submitted; the records are the following: "
            f"{join_words([document_name(d) for d in documents])}.")))
    sentences += _therapy_sentences(by_id, facts)
    sentences += _effect_sentences(told)
    sentences += _pain_and_work(by_id, told)
    sentences += _exam_sentence(by_id, told)
    sentences += _imaging_sentence(by_id, told)
    sentences += _medication_sentence(by_id, told)
    items = [item.description for item in case.disputed_items]
    sentences.append(SummarySentence(text=f"The request is for {join_words(items)}."))
    return sentences
