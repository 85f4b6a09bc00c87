"""What a treating provider documents when it is so, and the words that speak of it.

Some requirements are things a treating provider writes down whenever they are true: the
function a course restored, the relief a drug gives, the response to an earlier injection, a
device trial that was done, a home exercise program. In complete, readable records an absence of
them after a full search is a finding (`not_met`), not a gap (`unknown`): a topic marks such a
criterion `documented_when_true: <concept>` (issue 12 §2).

The reader does not read every way a note may say it ("works full time", "the evening tablet
lets her cook dinner"). An absence is therefore only stated when no treating record uses the
words of the concept at all; when one does, the criterion stays `unknown` and the physician is
pointed to the words the draft could not read (never "no documentation of X" while a record
speaks of X). The words are general clinical language, not any case's phrasing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from openimr.records.kinds.base import checklist_denied


class Documented(StrEnum):
    """A concept a treating provider documents when it is so."""

    function = "function"
    analgesia = "analgesia"
    #: relief or function, whichever the criterion accepts
    benefit = "benefit"
    response = "response"
    device_trial = "device_trial"
    home_program = "home_program"
    surgery = "surgery"
    homebound = "homebound"
    #: a screen of the risk of opioid misuse before a trial: a tool, a database check, an
    #: agreement (CPMTG pp. 76-77)
    risk_screen = "risk_screen"
    #: a red flag for serious pathology (fever, weight loss, cancer, infection, cauda equina,
    #: fracture, a progressive deficit): an examiner who finds one writes it down, and the
    #: guidelines order imaging on it (ACOEM chs. 8, 9, 12, 13: "in the absence of red flags")
    red_flag = "red_flag"
    #: a treatment tried that failed or gave too little: a prescriber asking for the next step
    #: says what was tried and how it went (the "failed conservative care" of the guidelines)
    failed_treatment = "failed_treatment"
    #: the same for a course of therapy or exercise alone, for criteria that ask for a failed
    #: strengthening or rehabilitation program (a drug stopped for dyspepsia is no such course)
    failed_therapy = "failed_therapy"
    #: an objective neurologic or joint sign on examination (weakness, a sensory or reflex
    #: change, instability): an examiner records a sign found
    objective_sign = "objective_sign"
    #: muscle spasm on examination (spasm, guarding, hypertonicity): an examiner who finds it
    #: writes it down, and a muscle relaxant for back pain treats it (CPMTG p. 63)
    muscle_spasm = "muscle_spasm"
    #: the monitoring of an opioid in use: adherence, aberrant behaviour, a drug test, a
    #: database check, an agreement, which the CPMTG asks to be documented at each visit (the
    #: "4 A's", p. 78; mtus-facts §3.5)
    drug_monitoring = "drug_monitoring"


#: Concepts whose words count only on a page that also tells of a failure (`FAILURE`).
NEEDS_FAILURE_ON_PAGE = frozenset({Documented.failed_treatment, Documented.failed_therapy})

#: Concepts whose history is evidence: a red flag is often a history ("history of cancer"), a
#: failed treatment is told as what was tried, and a sign found is a sign. For these the rule
#: that a gain must be current (`Context.only_weak_mentions`) does not apply.
HISTORY_SUFFICES = frozenset({Documented.red_flag, Documented.objective_sign, Documented.muscle_spasm,
                              Documented.drug_monitoring,
                              Documented.failed_treatment, Documented.failed_therapy})


def concepts_of(marked: Documented | Sequence[Documented]) -> tuple[Documented, ...]:
    """The concepts a criterion's `documented_when_true` names, one or several."""
    return (marked,) if isinstance(marked, Documented) else tuple(marked)


def current_record_needed(marked: Documented | Sequence[Documented]) -> bool:
    """A met outcome of the criterion must rest on a current, first-hand statement: a gain, a
    relief, a response. Not when any of its concepts is one whose history is evidence (an
    any-of criterion met by a red flag or by a prior surgery is met on their history)."""
    return not any(c in HISTORY_SUFFICES for c in concepts_of(marked))


#: Function as a note tells it when it is restored: a change for the better, work, a measure.
#: (Bare activities, "lifting", "walking", are as often the limits or the injury itself.)
_FUNCTION = (
    r"improv\w*|better\b|gains?\b|increased|progress(?:ing|ed)?\b|able\s+to|can\s+now|"
    r"lets?\s+(?:him|her|them)|allows?\s+(?:him|her|them)|return(?:ed|s)?\s+to\s+(?:work|duty)|"
    r"back\s+to\s+(?:work|duty)|working|works\b|full[-\s]time|part[-\s]time|"
    r"(?:full|regular|modified|light)\s+duty|h(?:ou)?rs?/wk|tolerance|"
    r"ODI|NDI|Quick\s*DASH|DASH|LEFS|KOOS|WOMAC|PEG|TUG")
#: Relief told with a score: a score and, in the same sentence, the drug's effect.
_ANALGESIA = (
    r"(?=[^.\n]*\b(?:with|without|after|on|was|from|previously|helps?|relie\w*|meds?|"
    r"medications?|tablets?|pills?|doses?|wears?\s+off)\b)[^.\n]*?\d{1,2}(?:\.\d)?\s*(?:/\s*10|->|to\s+(?:a\s+)?\d)")
_RESPONSE = (
    r"relie(?:f|ves?|ved)|helped|benefit\w*|improv\w*|better\b|responded|"
    r"(?:good|partial|\w+%)\s+response|response\s+(?:to|was|of|from|lasted)|lasted|wore\s+off|"
    # "good for about 2 weeks each time"
    r"good\s+for\s+(?:about\s+|around\s+|~\s*)?(?:\d+|an?|one|two|three|four|a\s+few)\s+"
    r"(?:days?|weeks?|wks?|months?)")
_DEVICE_TRIAL = r"trial|rental|rented|loaner|used\s+(?:a|the|it)|home\s+use|tried"
_HOME_PROGRAM = (
    r"home\s+(?:exercise|program|stretch\w*|quad)|HEP\b|exercises?\b|stretch(?:es|ing)\b|"
    r"walking\s+program")
#: An operation, done or planned, however named.
_SURGERY = (
    r"s/p\b|status\s+post|post-?op\w*|surg\w*|operat\w*|arthroscop\w*|\w+ectomy|\w+plasty|"
    r"\w+otomy|fusion|repair|release|ORIF|ACDF|TKA|THA|reconstruction|decompression")
_HOMEBOUND = (
    r"home-?bound|bed-?bound|bedridden|confined|leav(?:e|es|ing)\s+(?:the\s+)?(?:home|house)|"
    r"wheelchair|taxing\s+effort|needs?\s+(?:help|assistance)\s+to\s+(?:leave|get\s+out)")
#: A risk screen as a prescriber records it, however named.
_RISK_SCREEN = (
    r"(?-i:ORT|SOAPP|DIRE|COMM|PDMP)\b|opioid\s+risk|risk\s+(?:tool|screen\w*|assessment|"
    r"stratif\w*|level)|(?:high|low|moderate)\s+risk|CURES|prescription\s+(?:drug\s+)?"
    r"monitoring|database|agreement|contract|addiction|misuse|abuse|substance|aberrant")
_RED_FLAG = (
    r"red\s+flags?|fevers?|chills|night\s+(?:sweats|pain)|weight\s+loss|cancer|malignan\w*|tumou?r|"
    r"neoplasm|metasta\w*|infection|osteomyelitis|abscess|IV\s+drug|immuno\w*|cauda\s+equina|"
    r"saddle|bowel|bladder|incontinen\w*|urinary\s+retention|fractur\w*|foot\s+drop|"
    r"progressive\s+(?:\w+\s+)?(?:weakness|numbness|deficit)|dislocat\w*")
#: The treatments a failure is told of. A treatment the notes say was given, and pain that is
#: still there, is a failure the reader may not have put together ("PT started 12/2018 (5 wks).
#: ... worse since 12/2018"): a treating note that tells of the treatment as given (not
#: planned or denied) and, anywhere on its page, of care that did not do enough (`FAILURE`)
#: keeps the criterion for the physician (`Context._words_of`).
_THERAPY = (
    r"(?-i:PT)\b|physical\s+therapy|therapy|rehab\w*|exercises?|HEP\b|stretch\w*|strengthening|"
    r"chiro\w*|manipulation|CMT\b|conservative\s+(?:care|treatment|management|measures)")
_TREATMENT = (
    rf"{_THERAPY}|acupuncture|injections?|injected|block|cortisone|steroid|splint\w*|brace|"
    r"bracing|(?-i:TENS)|medications?|meds\b|NSAIDs?|ibuprofen|naproxen|meloxicam|diclofenac|"
    r"celecoxib|Celebrex|Motrin|Advil|Aleve|acetaminophen|Tylenol|tramadol|gabapentin|"
    r"Neurontin|pregabalin|Lyrica|duloxetine|Cymbalta|amitriptyline|nortriptyline|"
    r"cyclobenzaprine|Flexeril|tizanidine|methocarbamol|baclofen|muscle\s+relaxants?|"
    r"topiramate|Topamax|propranolol|divalproex|valproate|verapamil|triptans?|"
    r"topicals?|lidocaine|diet\w*|weight\s+loss|tried|trials?")
_MUSCLE_SPASM = r"spasms?|spastic\w*|guarding|hypertoni\w*|tight\w*|taut|knots?|muscle\s+tension"
_DRUG_MONITORING = (
    r"(?-i:UDS|UDT|UTOX|CURES|PDMP)\b|urine|drug\s+(?:screen\w*|test\w*)|tox\w*|screen\w*|"
    r"database|agreement|contract|aberran\w*|misuse|abuse|diver\w*|adheren\w*|complian\w*|"
    r"early\s+refill\w*|lost\s+(?:meds|medications?|prescriptions?|pills)|pill\s+counts?|"
    r"consistent|inconsistent|addict\w*")
_OBJECTIVE_SIGN = (
    r"weak\w*|[0-4](?:[+-])?\s*/\s*5|sensation|sensory|numb\w*|hypo?esthe\w*|dysesthe\w*|"
    r"paresthe\w*|reflex\w*|areflex\w*|hyporeflex\w*|atroph\w*|deficit|dermatom\w*|"
    r"radiculopath\w*|SLR|straight[-\s]leg|Spurling|instab\w*|laxity|drawer|Lachman|"
    r"effusion|locking|catching|clonus|Hoffmann?|Babinski|myelopath\w*|gait|McMurray|"
    r"joint[-\s]line|giving\s+way|gives\s+way|buckl\w*|Apley|Thessaly|pivot\s+shift|"
    r"trigger\s+points?(?!\s+inj)|twitch\w*|taut\s+bands?|referr(?:ed|ing|al)\s+(?:pain|pattern)|"
    r"(?:referral|refers?)\s+to\s+the\s+(?:occiput|head|neck|shoulder|arm|scapula|buttock|leg|thigh)")
#: A sentence that says the concept is absent or unchanged, plans or asks for it ("to report
#: response at 6 weeks"), or a consent's "risks and benefits" is no sign of a positive
#: statement the reader missed.
NOT_POSITIVE = re.compile(r"\b(?:no|not|none|never|unchanged|same|denies|minimal|little|n/a|"
                          r"unable|cannot|can't|will|plan\w*|if|to\s+(?:report|be|follow)|"
                          r"risks?)\b", re.IGNORECASE)

#: The words a record uses when it speaks of each concept, read or not.
WORDS: dict[Documented, re.Pattern[str]] = {
    concept: re.compile(rf"\b(?:{words})", re.IGNORECASE)
    for concept, words in ((Documented.function, _FUNCTION),
                           (Documented.analgesia, _ANALGESIA),
                           (Documented.benefit, f"{_ANALGESIA}|{_FUNCTION}"),
                           (Documented.response, _RESPONSE),
                           (Documented.device_trial, _DEVICE_TRIAL),
                           (Documented.home_program, _HOME_PROGRAM),
                           (Documented.surgery, _SURGERY),
                           (Documented.homebound, _HOMEBOUND),
                           (Documented.risk_screen, _RISK_SCREEN),
                           (Documented.red_flag, _RED_FLAG),
                           (Documented.failed_treatment, _TREATMENT),
                           (Documented.failed_therapy, _THERAPY),
                           (Documented.objective_sign, _OBJECTIVE_SIGN),
                           (Documented.muscle_spasm, _MUSCLE_SPASM),
                           (Documented.drug_monitoring, _DRUG_MONITORING))}

#: How a note tells that care did not do enough: a failure, relief too little or too short,
#: symptoms that persist or worsen. An aggravating factor ("worse with lifting") is not one.
FAILURE = re.compile(
    r"\b(?:failed|fail(?:s|ure)|no\s+(?:\w+\s+)?(?:relief|improvement|benefit|help|change|"
    r"response|gains?)|did\s*(?:n't|\s+not)\s+(?:help|improve|work)|(?:has|have)\s*(?:n't|\s+not)"
    r"\s+(?:helped|improved|worked)|not\s+(?:helped|helpful|effective|improv\w*)|without\s+"
    r"(?:\w+\s+)?(?:relief|improvement|benefit)|despite|persist\w*|plateau\w*|ineffective|"
    r"minimal\s+(?:\w+\s+)?(?:relief|benefit|improvement)|temporar\w*|short[-\s]lived|"
    r"wore\s+off|partial(?:ly)?|brief|short(?=\s*[),;])|intolera\w*|"
    r"not\s+tolerat\w*|stopped|discontinued|continues?\s+to|still|(?:[4-9]|10)\s*/\s*10\b|"
    r"worse(?:ned|ning)?(?!\s+(?:with|when|on|after|in|at|by|if|during)\b))", re.IGNORECASE)

#: A sentence that only plans, asks or supposes a treatment is no sign of a trial the reader
#: missed, nor is a trial denied ("has not tried PT", "no prior therapy"). Unlike the other
#: concepts, a failure is told in negative words ("no relief from PT", "did not help"), so a
#: negation alone is no sign that the sentence denies it.
NOT_A_FAILURE = re.compile(
    r"\b(?:will|plan\w*|if|to\s+(?:start|begin|try|be|report|follow|continue)|consider\w*|consent\w*|"
    r"refer\w*|transfer\w*|elect(?:s|ed)|"
    r"recommend\w*|request\w*|awaiting|pending|risks?|(?:has|have)\s*(?:n't|\s+not)\s+"
    r"(?:tried|had|done|attended|started)|no\s+(?:prior|previous|formal)|never)\b", re.IGNORECASE)
_TRIAL_DENIED = re.compile(r"\b(?:no|never|not|denies|without)\s+(?:\w+\s+)?$", re.IGNORECASE)
#: Negatives a review of systems or an examination writes before what it did not find ("No
#: arm pain, numbness or weakness", "[ ] fever"), and after it ("sensation intact", "SLR
#: negative", "5/5", "reflexes 2+ and symmetric").
#: (An unticked box before them is read with the other checklist marks, `checklist_denied`.)
_DENIED_BEFORE = re.compile(r"\b(?:no|not|none|denies|denied|neg(?:ative)?\s+for|without|"
                            r"negative|free\s+of)\b", re.IGNORECASE)
_NOT_FOUND_AFTER = re.compile(r"\b(?:neg(?:ative)?|normal|intact|symmetric(?:al)?|unremarkable|"
                              r"absent|WNL|equal|stable|non-?focal|full|none|denied)\b|"
                              r"\b5\s*/\s*5|\b2\+", re.IGNORECASE)
#: Where a denial stops governing a list: a contrast, a ticked box, a new clause.
_SCOPE_BREAK = re.compile(r"\b(?:but|however|although|though|yet|except)\b|\[\s*[xX✓]\s*\]|;",
                          re.IGNORECASE)


def _denied_here(sentence: str, start: int, end: int) -> bool:
    """The words at `start:end` are denied by a cue before them within the denial's scope,
    or by a negative after them in their clause ("Strength 4/5 right EHL, otherwise 5/5"
    states the weakness: each clause speaks for itself)."""
    breaks = [m.end() for m in _SCOPE_BREAK.finditer(sentence, 0, start)]
    if _DENIED_BEFORE.search(sentence, breaks[-1] if breaks else 0, start):
        return True
    if checklist_denied(sentence[:start], sentence[end:]):
        return True
    ends = [i for i in (sentence.find(stop, end) for stop in (",", ";")) if i >= 0]
    return bool(_NOT_FOUND_AFTER.search(sentence, end, min(ends) if ends else len(sentence)))


def denies(concept: Documented, sentence: str, start: int, end: int) -> bool:
    """The sentence denies, plans or supposes the concept (its words at `start:end`) rather
    than stating it: no sign of a statement the reader missed."""
    if concept in (Documented.failed_treatment, Documented.failed_therapy):
        # "No acupuncture", "no formal PT": the trial itself denied; "no relief from PT" is not
        return bool(NOT_A_FAILURE.search(sentence)
                    or _TRIAL_DENIED.search(sentence[max(0, start - 24):start]))
    if concept in (Documented.red_flag, Documented.objective_sign, Documented.muscle_spasm):
        return _denied_here(sentence, start, end) or bool(
            re.search(r"\b(?:will|if|to\s+rule\s+out|r/o|rule\s+out|risks?|plan\w*|"
                      r"request\w*|recommend\w*)\b", sentence,
                      re.IGNORECASE))
    return bool(NOT_POSITIVE.search(sentence))
