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
from enum import StrEnum


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
    r"(?:good|partial|\w+%)\s+response|response\s+(?:to|was|of|from|lasted)|lasted|wore\s+off")
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
                           (Documented.risk_screen, _RISK_SCREEN))}
