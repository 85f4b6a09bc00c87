"""Functional improvement: gains in daily activities, work, reliance on treatment, or
measures, and their documented absence (`present: false`)."""

from __future__ import annotations

import dataclasses
import re

from openimr.model.facts import FactKind
from openimr.model.numbers import NUMBER_WORDS
from openimr.records.kinds.base import (
    AMOUNT_UNITS,
    OTHER_PERSON,
    Found,
    KindSpec,
    Mention,
    compare_amounts,
    flexible_spaces,
    local_negation,
    regex_triggers,
    to_number,
)

_ADL_VERBS = (r"walk|sit|stand|shower|bathe|dress|cook|drive|shop|carry|lift|climb|return|"
              r"perform|work|help|sleep|play|garden|go|coach|resume|kneel|squat|golf|jog|run|"
              r"type|hold|reach|clean|vacuum|attend|travel|ride|bend|open|button|comb|wash|tie|"
              r"write|grip|turn|brush|feed|groom|mow|swim|bike|hike|dance|fold|rake|sweep")
#: activities a worker is said to do again (not "go", "return" or "help": "go again",
#: "returned again" are visits and flares)
_AGAIN_VERBS = (r"walk|sit|stand|shower|bathe|dress|cook|drive|drove|shop|carry|lift|climb|"
                r"sleep|slept|play|garden|coach|kneel|squat|golf|jog|run|ran|type|reach|clean|"
                r"vacuum|ride|rode|bend|button|comb|wash|tie|write|grip|mow|swim|bike|cycl|hike|"
                r"fish|dance|danc|put|wear|bowl|hunt|knit|sew|paint|lifts|hold|work")
_MEDICINES = (r"medications?|meds|opioids?|narcotics?|pain\s+pills?|analgesics?|norco|percocet|"
              r"oxycodone|hydrocodone|tramadol|ultram|naproxen|ibuprofen|gabapentin|tylenol|"
              r"morphine|oxycontin|tapentadol|methadone|buprenorphine|celebrex|meloxicam|"
              r"cyclobenzaprine|flexeril|lyrica|pregabalin|(?-i:NSAIDs?)|acetaminophen|"
              r"diclofenac|celecoxib|advil|motrin|aleve|ultracet|vicodin|dilaudid|"
              r"hydromorphone|nucynta|(?:prescription|pain)\s+medications?")
_INSTRUMENT = (r"(?:Quick\s*DASH|(?-i:DASH)|(?-i:LEFS)|(?-i:ODI)|Oswestry(?:\s+Disability\s+"
               r"Index)?|(?-i:NDI)|Neck\s+Disability\s+Index|Roland[- ]Morris(?:\s+Disability"
               r"\s+Questionnaire)?|(?-i:PSFS)|(?-i:FOTO)|(?-i:KOOS)(?:\s+(?-i:[A-Z][\w/]*))?|"
               r"Lysholm|m(?-i:JOA)|(?-i:GAF)|Global\s+Assessment\s+of\s+Functioning|"
               r"Quebec(?:\s+Back\s+Pain)?\s+Disability\s+Scale|(?-i:FABQ)(?:-(?-i:PA|W))?|"
               # knee, shoulder and spine function scales ("IKDC 42 -> 74", "Functional
               # Rating Index 48% -> 44%")
               r"(?-i:IKDC|WOMAC|SPADI|FRI)|Functional\s+Rating\s+Index)"
               r"(?:\s+(?:score|subscale|total))?")
#: Instruments on which a higher score is the better function (the others count disability).
_HIGHER_IS_BETTER = re.compile(r"LEFS|PSFS|FOTO|KOOS|IKDC|Lysholm|JOA|GAF|Global\s+Assessment",
                               re.IGNORECASE)
_SCORE = r"\d+(?:\.\d+)?"
_OF = r"\s*(?:%|/\s*[\dO]+)?"  # "42%", "52/80" (OCR: "52/8O")
#: when the earlier score was taken: "at eval", "IE 06/05/23:", "pre-op", "at week 6"
_THEN = (r"(?:(?:at\s+)?(?:initial(?:ly)?(?:\s+eval\w*)?|eval\w*|intake|baseline|start|"
         r"(?-i:IE))|was|previously|pre-?op\w*|from|before(?:\s+(?:surgery|treatment|therapy|"
         r"(?:the\s+)?(?:injection|block|program)))?)(?:\s*\(?[\dO]{1,2}/[\dO]{1,2}/[\dO]{2,4}\)?)?"
         r"\s*:?")
_NOW = r"(?:\s+(?:today|now|currently|at\s+discharge))?"
#: an instrument and the words that lead to its score ("Her Oswestry score today is 26%",
#: "QuickDASH from 68 to 45", "Oswestry changed from 38% to 34%")
_LEAD = (rf"{_INSTRUMENT}(?:\s*:?\s*(?:score|index|total|today|is|of|now|currently|changed|"
         rf"improved|decreased|dropped|went\s+down|from)\b)*\s*:?\s*")

# "QuickDASH: 45 (at eval 77)", "KOOS ADL subscale 68 (pre-op 41)", "NDI 44% to 26%",
# "Oswestry 44% at IE (03/06/23) -> 24% today", "NDI 42% pre-op, 16% today",
# "Oswestry 14% today; 58% pre-operatively": improved or not by the numbers
_MEASURE = (rf"{_LEAD}(?P<now>{_SCORE}){_OF}{_NOW}\s*\(\s*{_THEN}\s*"
            rf"(?P<was>{_SCORE}){_OF}[^()]{{0,60}}\)|"
            # "ODI 44% (04/11) -> 42% (07/25)": a date in brackets after the earlier score
            rf"{_LEAD}(?P<was2>{_SCORE}){_OF}(?:\s*\(\s*[\dO]{{1,2}}/[\dO]{{1,2}}(?:/[\dO]{{2,4}})?"
            rf"\s*\))?(?:\s+{_THEN})?\s*(?:to|->|\u2192)\s*"
            rf"(?P<now2>{_SCORE})|"
            rf"{_LEAD}(?P<was3>{_SCORE}){_OF}\s+{_THEN}\s*[,;]\s*(?P<now3>{_SCORE})"
            rf"{_OF}\s+(?:today|now|currently|at\s+discharge)|"
            rf"{_LEAD}(?P<now4>{_SCORE}){_OF}\s+(?:today|now|currently)\s*[,;(]\s*"
            rf"(?P<was4>{_SCORE}){_OF}\s+{_THEN}|"
            # "ODI 24% from 52%", "Oswestry ... today 22%, down from 46% in 10/2018", "38%
            # compared with 40% initially"
            rf"{_LEAD}(?P<now5>{_SCORE}){_OF}{_NOW}\s*[,;]?\s*(?:(?:down|up)\s+)?(?:from|"
            rf"compared\s+(?:with|to)|vs\.?)\s+(?P<was5>{_SCORE})|"
            # the earlier value labelled in parentheses: "KOOS Sport 80 (PT intake 25)", "NDI
            # 30% (52% in 12/2021)"
            rf"{_LEAD}(?P<now6>{_SCORE}){_OF}{_NOW}\s*\(\s*(?:[A-Za-z][\w-]*\s+){{1,3}}"
            rf"(?P<was6>{_SCORE}){_OF}\s*\)|"
            rf"{_LEAD}(?P<now7>{_SCORE}){_OF}{_NOW}\s*\(\s*(?P<was7>{_SCORE}){_OF}\s+(?:in|at|on|"
            rf"pre-?op\w*|before)\b[^()]{{0,25}}\)")
# a dated trend in a flowsheet: "Sitting tolerance 15 min at intake -> 40 min",
# "Lift floor->waist: 5# -> 15#", "TUG improved from 24 to 12 seconds"
_TREND_NAME = (r"(?:sitting|standing|walking|sit|stand|walk)\s+tolerance|walking|treadmill|"
               # any activity's tolerance, time or distance ("crawl/kneel tolerance", "stair
               # tol", "walking time", "walk distance")
               r"(?:[a-z]+(?:/[a-z]+)?\s+)(?:tolerance|tol\b)|(?:walking|walk|sitting|sit|"
               r"standing|stand|stair|ladder|driving)\s+(?:time|distance)|"
               r"(?:(?:lift(?:ing)?|carry(?:ing)?|push|pull)\s*)?(?:(?:floor|waist|shoulder)\s*"
               r"(?:->|\u2192|to)\s*(?:waist|shoulder|overhead)|lift(?:ing)?|carry(?:ing)?"
               r"(?:\s+\d+\s*(?:ft|feet))?)|"
               r"pain\s+disability\s+index|(?-i:PDI|TUG)|timed\s+up\s+and\s+go|"
               r"single[- ]leg\s+stance|(?-i:SLS)|"
               r"grip(?:\s+strength)?")
_LOWER_IS_BETTER = re.compile(r"disability|PDI|TUG|timed\s+up", re.IGNORECASE)
_UNIT = r"\s*(?:#|lbs?|pounds|min(?:utes)?|sec(?:onds)?|s\b|%|kg|ft|feet)?"
_TREND = (rf"(?P<tname>{_TREND_NAME})\s*:?\s*(?:[\u2191\u2193]\s*\(?\s*)?"
          rf"(?:(?:improved|increased|decreased|from)\s+){{0,2}}"
          rf"(?P<twas>\d+(?:\.\d+)?){_UNIT}\s*(?:at\s+(?:intake|eval\w*|initial\s+eval\w*|"
          rf"baseline|start)\s*)?(?:\(\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\)\s*)?"
          rf"(?:->|\u2192|to)\s*(?P<tnow>\d+(?:\.\d+)?)")

# a joint's motion measured twice, told with an arrow: "flex 60->132, ER 8->41", "AROM
# abduction 70 deg -> 150 deg" (an arrow only: "flexion 90 to 100" may be a range)
_ROM_NAME = (r"(?:(?:(?-i:A|P|AA)ROM)\s+)?(?:flex(?:ion)?|abd(?:uction)?|elevation|"
             r"(?:external|internal)\s+rotation|(?-i:ER|IR|FF))")
_ROM_TREND = (rf"(?P<mname>{_ROM_NAME})\s*:?\s*(?P<mwas>\d{{1,3}})\s*(?:deg\w*|\u00b0)?\s*"
              rf"(?:->|\u2192)\s*(?P<mnow>\d{{1,3}})(?![\d/])")

# a flowsheet row of an instrument across visits, under columns such as "Visit 1 | Visit 8 |
# Visit 16": "KOOS JR   38   55   66", "TUG (sec) | 24 | 15 | 11" (the first value against the last)
_ROW = (rf"(?P<rname>{_INSTRUMENT}|(?-i:TUG)|timed\s+up\s+and\s+go)(?:\s*\((?:sec|secs|s|seconds|"
        rf"%)\))?\s*:?(?P<rvals>(?:[ \t|]+\d{{1,3}}(?:\.\d+)?%?){{2,}})(?![\d./-])")

_NUMERAL = r"\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?"
_COUNT_WORD = rf"(?:an?|once|twice|{'|'.join(w for w in NUMBER_WORDS if w.isalpha())})"
_PER = (r"(?:\s*x?\s*/\s*(?:wk|week|day|d|night)\b|\s*x?\s+(?:a|per|each|every)\s+"
        r"(?:week|day|night)\b)")
_QUANTITY_UNIT = (rf"(?:\s*(?:x(?=\s*/)|times|tabs?|tablets?|pills?|doses?|caps(?:ules)?)?{_PER}|"
                  # (the amount units, and the doses, counts and seconds of this reader)
                  rf"\s*(?:{AMOUNT_UNITS}|(?:stairs|reps|tabs?|tablets?|pills?|doses?|"
                  r"sec(?:ond)?s?|s|patients?|days?|nights?|times)\b)(?:\s*/\s*(?:day|wk|week))?)")
#: an amount with its unit ("25-30 min", "an hour", "1-2x/wk", "2-3 tabs/day"), or a count and
#: the thing counted per day ("1 oxycodone a day")
_AMOUNT_NOW = (rf"(?P<enow>{_NUMERAL}|{_COUNT_WORD}(?={_QUANTITY_UNIT}))"
               rf"(?P<eunit>{_QUANTITY_UNIT}|\s+[a-z]+{_PER})")
_EARLIER_WORD = r"(?:daily|nightly|every\s+(?:day|night)|constant(?:ly)?|all\s+day)"
# an amount now set against the amount before, in brackets or by "instead of": "walking 25-30
# min (from 10)", "2 flights with rail (was 1 flight)", "headaches 1-2 per week (were daily)",
# "Norco 1-2/day (was 3)", "TUG 11 s (was 28 s)", "one pill a day instead of three" (a pain
# score, a strength grade, degrees of motion, a dose or a psychological scale set so is no
# function: `_EARLIER_NOT_FUNCTION_RE`)
_EARLIER = (rf"{_AMOUNT_NOW}(?:(?!\d)[^()\n.;]){{0,40}}?(?:\(\s*(?:(?:was|were|from|previously|"
            rf"initially|had\s+been)\s+|(?:\u2191\s*|up\s+)from\s+)|\s+instead\s+of\s+)"
            rf"(?P<ewas>{_NUMERAL}|{_COUNT_WORD}|{_EARLIER_WORD})\b(?P<ewunit>{_QUANTITY_UNIT})?")

#: what a transfer of care moves ("transfers his care to Dr. Lee", "transfers to pain
#: management"): no transfer of the worker's body
_CARE_MOVED = (r"(?:(?:(?:his|her|their|the|all)\s+)?(?:care|treatment|case|management)|"
               r"to\s+(?:dr\b|pain|another|a\s+new|ortho\w*))")

_TABLE: list[tuple[str, dict]] = [
    # -- documented as absent (checked first: "no functional improvement")
    (r"no\s+(?:significant\s+|objective\s+|documented\s+|measurable\s+|meaningful\s+|"
     r"sustained\s+|real\s+|appreciable\s+|lasting\s+|further\s+|clear\s+|functional\s+)*"
     r"(?:improvement|gains?|progress|change)(?:\s+in\s+(?:his\s+|her\s+)?[\w\s]{0,40}?"
     r"(?=[,.;]|$))?|without\s+(?:any\s+)?(?:\w+\s+){0,2}(?:improvement|gains?)|"
     r"(?:if\s+)?(?:she|he|progress|function|pain)\s+(?:plateaus|stalls)|if\s+not\s+improving|"
     r"(?:failed\s+to|did\s+not|does\s+not|has\s+not|have\s+not)\s+(?:show\s+|demonstrate\s+|"
     r"produce\s+|result\s+in\s+|provide\s+|lead\s+to\s+|made?\s+)?(?:any\s+)?(?:significant\s+|"
     r"objective\s+|functional\s+|measurable\s+|documented\s+)*(?:improve\w*|gains?|progress|"
     r"benefit)|limited\s+gains|no\s+documentation\s+of\s+(?:\w+\s+){0,2}(?:functional\s+)?"
     r"(?:improvement|gains?|benefit)|(?:functional\s+change|improvement|function)\s+(?:is|are)"
     r"\s+not\s+documented|(?:does|did)\s+not\s+describe\s+any\s+change\s+in\s+[\w\s]{0,60}?"
     r"(?=[,.;]|$)", {"present": False, "domain": "general"}),
    (r"(?:function(?:al\s+status|ing)?|condition|progress|ADLs?|activity\s+level|work\s+"
     r"restrictions|restrictions|symptoms|headaches)\s+(?:has\s+|have\s+|had\s+|been\s+|is\s+|"
     r"are\s+|was\s+)*"
     r"(?:plateaued|worsened|declined|deteriorated|remained\s+unchanged|remains?\s+unchanged|"
     r"not\s+changed|unchanged)(?:\s+since\s+\w+)?|(?<!tibial\s)\bplateau(?:ed)?\b(?!\s+fractures?)|unchanged\s+(?:\w+\s+){0,2}"
     r"(?:range\s+of\s+motion|function|strength|ADLs?)|(?:that\s+)?has\s+since\s+faded|"
     r"(?:benefit|relief|improvement)\s+(?:has\s+)?(?:faded|wore\s+off|worn\s+off)|"
     r"(?:the\s+)?(?:pain|function)\s+is\s+the\s+same\s+as\s+(?:at\s+)?(?:the\s+)?last\s+visit|"
     r"(?:pain\s+and\s+)?function\s+(?:is|are|remains?)\s+(?:about\s+|essentially\s+)?the\s+same|"
     r"(?:is|are)\s+not\s+helping|not\s+any\s+better|could\s+not\s+\w+\s+(?:\w+\s+){0,3}any\s+"
     r"better", {"present": False, "domain": "general"}),
    # -- present
    (r"(?:documented\s+|objective\s+|measurable\s+|continued\s+)*functional\s+(?:improvement|"
     r"gains?|progress|benefit|restoration\s+gains)", {"present": True, "domain": "general"}),
    # "Steady progress in ROM, strength and function", "substantial improvement with
    # treatment" (not "good improvement in pain": relief, not function)
    (r"(?<!produce\s)(?<!achieve\s)(?<!provide\s)(?<!expect\s)(?<!without\s)(?:steady|good|"
     r"excellent|significant|substantial|marked|considerable|meaningful)\s+"
     r"(?:progress|improvement)(?!\s+(?:in|of|with)\s+(?:\w+\s+)?(?:pain|symptoms?|numbness|"
     r"tingling|swelling|headaches?|spasms?)\b)(?:\s+(?:in|with)\s+[\w\s,]{0,40}?(?=[.;:]|$))?",
     {"present": True, "domain": "general"}),
    # "grip improving", "balance has improved": a measured capacity getting better
    (r"(?:grip(?:\s+strength)?|strength|range\s+of\s+motion|(?-i:ROM)|balance|endurance|gait|"
     r"flexibility)\s+(?:is\s+|has\s+|continues\s+to\s+|steadily\s+)?(?:improving|improved|"
     r"improve|better)", {"present": True, "domain": "objective_measure"}),
    (r"(?:improved|increased|better|improvement\s+(?:in|of)|increase\s+in)\s+(?:his\s+|her\s+|"
     r"the\s+)?(?:ability\s+to\s+(?:perform\s+)?\w+|ADLs?|activities\s+of\s+daily\s+living|"
     r"daily\s+activities|self[- ]care|(?:walking|sitting|standing|activity|exercise)\s+"
     r"tolerance|tolerance\s+for\s+\w+|mobility|ambulation|walking\s+distance|sleep|"
     r"activity\s+level)|ADLs?\s+(?:have\s+|has\s+)?improved", {"present": True, "domain": "adl"}),
    (r"(?:improved|improving|increased|increasing|better|improvement\s+(?:in|of)|increase\s+in|"
     r"gains?\s+in|good\s+progress\s+with)\s+(?:his\s+|her\s+|the\s+)?(?:lumbar\s+|cervical\s+|"
     r"shoulder\s+|knee\s+)?(?:range(?:\s+of\s+motion)?|(?-i:ROM)|strength|grip\s+strength|"
     r"flexibility|endurance|(?:\w+\s+){0,3}scores?|(?:PCL-5|(?-i:PHQ)-9|(?-i:GAD)-7)|"
     r"(?:Oswestry|(?-i:ODI|NDI)|disability)(?:\s+(?:index|score))?)|(?:reduced|decreased|lower)"
     r"\s+disability\s+scores?|measurable\s+improvement(?:\s+\([^)]{0,40}\))?",
     {"present": True, "domain": "objective_measure"}),
    (rf"{_INSTRUMENT}(?:\s+score)?\s+(?:has\s+)?(?:improved|decreased|dropped|went\s+down)\s+"
     rf"from\s+\d+%?\s+to\s+\d+%?", {"present": True, "domain": "objective_measure"}),
    (_MEASURE, {"present": None, "domain": "objective_measure"}),
    (_TREND, {"present": None, "domain": "objective_measure", "trend": True}),
    (_ROW, {"present": None, "domain": "objective_measure", "row": True}),
    (_ROM_TREND, {"present": None, "domain": "objective_measure", "rom": True}),
    (_EARLIER, {"present": None, "domain": "adl", "earlier": True}),
    # what the worker can do on a treatment: "With medication he can do light yard work",
    # "With Norco he walks his dog", "With meds she does light housework"
    (rf"with\s+(?:the\s+|her\s+|his\s+|this\s+)?(?:{_MEDICINES}|treatment)\s*,?\s+(?:she|he|"
     rf"the\s+patient)\s+(?:can|is\s+able\s+to|could|does|walks|works|gardens|drives|cooks|"
     rf"cleans|shops|mows|sleeps|plays)\s+[\w\s,'-]{{3,80}}?(?=[.;]|$)|(?:she|he)\s+"
     r"can\s+[\w\s,'-]{3,60}?\s+with\s+(?:the\s+)?(?:medications?|meds)\b",
     {"present": True, "domain": "adl"}),
    (r"[\w\s-]{0,40}?(?:lumbar|cervical|knee|shoulder)?\s*(?:flexion|extension|abduction|"
     r"rotation)\s+(?:has\s+)?improved\s+from\s+[\w\s.]{1,40}?\s+to\s+[\w\s.]{1,40}?(?=[,;.]|$)",
     {"present": True, "domain": "objective_measure"}),
    (r"\d{1,3}\s*%\s+improvement\s+in\s+(?:(?:pain|symptoms)\s+and\s+)?function(?:ing)?|"
     r"improved\s+function(?:ing|al\s+status)?(?:\s+and\s+pain)?|function(?:al\s+status)?\s+"
     r"(?:has\s+)?improved|improvement\s+in\s+function(?:al\s+status|ing)?|improved\s+overall\s+"
     r"function", {"present": True, "domain": "general"}),
    (rf"(?:(?:is\s+|are\s+)?(?:now|again)\s+)?(?<!un)able\s+to\s+(?:now\s+)?(?:{_ADL_VERBS})\w*"
     rf"(?!\s+demonstrate)[^.;]{{0,70}}|can\s+(?:now\s+)?(?:{_ADL_VERBS})\w*[^.;]{{0,60}}|"
     rf"(?:now\s+)?resumed\s+[\w\s]{{1,40}}?(?=[,.;]|$)|ability\s+to\s+resume\s+[\w\s]{{1,30}}?"
     rf"(?=[,.;]|$)|could\s+(?:{_ADL_VERBS})\w*[^.;]{{0,60}}?for\s+the\s+first\s+time[^.;]{{0,40}}|"
     # what a treatment lets the worker do ("lets me do the dishes", "meds let him walk
     # the dog", "allowed her to wear regular clothing", "enables him to work")
     rf"(?:lets?|allow(?:s|ed)?|enabl(?:es|ed))\s+(?:him|her|me|the\s+patient)\s+(?:to\s+)?"
     rf"(?:continue\s+)?(?:{_ADL_VERBS}|do\b|wear)\w*[^.;]{{0,40}}|"
     rf"now\s+(?:walks|tolerates|sits|stands|drives|sleeps|works|exercises|lifts)\b[^.;]{{0,40}}|"
     rf"(?:walking|sitting|standing|activity)\s+tolerance\s+(?:has\s+)?(?:increased|improved)"
     # ("back to stocking shelves", "returned to stocking shelves on days")
     rf"[^.;]{{0,30}}|(?:back|returned|went\s+back)\s+to\s+(?:work|(?:his|her)\s+(?:job|usual\s+"
     rf"activities)|\w+ing)\b"
     rf"[^.;]{{0,30}}",
     {"present": True, "domain": "adl", "able": True}),
    # (a distance set against the one before, "walks 30 minutes (was 1 hour)", is the earlier
    # amount's reading, `_EARLIER`, in its units: review 14, finding 4)
    (r"(?:walking|walks|walked)\s+(?:a\s+full\s+|about\s+|up\s+to\s+)?(?:\d+(?:\.\d+)?|one|two|"
     r"three|unlimited)\s+(?:mi(?:les?)?\b|/day|minutes|blocks|holes|hours)(?!\s+(?:at\s+a\s+"
     r"time|before|on\s+the\s+treadmill))(?![^.;,]{0,30}?(?:\(\s*(?:was|were|from|previously|"
     r"initially|had\s+been)|\bup\s+from|\binstead\s+of)\b)[^.;,]{0,40}|"
     r"sleeping\s+through\s+the\s+night[^.;,]{0,30}|sleep\s+better|night\s+waking\s+has\s+"
     r"stopped|(?:now\s+)?cooks\s+[\w\s]{0,40}?again[^.;,]{0,40}|walked\s+to\s+[^.;,]{3,60}",
     {"present": True, "domain": "adl"}),
    (r"(?:all\s+)?(?:goals?|[\w]+\s+goal)\s+(?:were\s+|was\s+|have\s+been\s+)?met|"
     r"(?:met|achieved)\s+(?:\w+\s+){0,2}(?:of\s+)?(?:his\s+|her\s+|the\s+)?(?:functional\s+|"
     r"treatment\s+|short[- ]term\s+|long[- ]term\s+)?goals|independent\s+\w+\s+met|"
     r"progress\s+(?:towards?|toward)\s+(?:his\s+|her\s+|the\s+|treatment\s+|functional\s+)?"
     r"goals\s+(?:was|is|has\s+been|were)\s+(?:good|excellent|fair|steady)",
     {"present": True, "domain": "general"}),
    (r"returned\s+(?:by\s+\w+\s+)?to\s+(?:work|full\s+duty|regular\s+duty|modified\s+duty|"
     r"light\s+duty|his\s+job|her\s+job)|"
     # "back to regular duty since 11/03", "back at her full 8-hour schedule"
     r"(?<!\bnot\s)back\s+(?:to|at)\s+(?:his\s+|her\s+)?(?:full|regular|usual|normal|modified|"
     r"light|part-?time|full-?time)\s+"
     r"(?:[\w-]+\s+)?(?:duty|work|job|schedule|shifts?|hours)|(?:work\s+)?restrictions\s+(?:were\s+|have\s+been\s+|"
     r"was\s+|has\s+been\s+)?(?:reduced|lifted|decreased|removed|eased|liberalized)|"
     r"(?:reduced|fewer|decreased|lessened)\s+work\s+restrictions|now\s+\d+\s*(?:hr|hour)s?\s+"
     r"days?[^.;]{0,15}|work\s+a\s+full\s+day[^.;]{0,30}|perform\s+all\s+(?:essential\s+)?"
     r"(?:functions|duties)\s+of\s+(?:his|her)\s+job|"
     # "went back to full-time hours", "a return to full-time work", "from 4 to 8 hours"
     r"(?:went|gone|is|was|returned)\s+back\s+to\s+full[- ]time|returned\s+to\s+full[- ]time|"
     r"(?<=\ba\s)return\s+to\s+full[- ]time\s+(?:work|hours|duty)|increased\s+from\s+\d+\s+to\s+"
     r"\d+\s+hours(?:\s+(?:a|per)\s+day)?(?:\s+at\s+work)?", {"present": True,
                                                      "domain": "work_restrictions"}),
    (rf"(?:decreased|reduced|less|lower|diminished|decreasing)\s+(?:need\s+for|use\s+of|"
     rf"reliance\s+on|dependence\s+on|intake\s+of)\s+(?:\w+\s+)?(?:{_MEDICINES})|"
     rf"(?:reduced|decreased|tapered|cut|weaned)\s+(?:down\s+)?(?:his\s+|her\s+)?(?:use\s+of\s+|"
     rf"intake\s+of\s+)?(?:pain\s+)?(?:{_MEDICINES})(?:\s+from\s+[\w\s/.]{{1,50}}?\s+to\s+"
     rf"[\w\s/.]{{1,40}}?(?=[,;.]|$))?|reduction\s+in\s+(?:pain\s+)?(?:medication|opioid)s?|"
     # (a drug stopped for a side effect is no gain: "stopped the naproxen because of
     # heartburn")
     rf"(?:discontinued|stopped|weaned\s+off|no\s+longer\s+(?:takes|taking|needs|using))\s+"
     rf"(?:his\s+|her\s+|all\s+|the\s+)?(?:\w+\s+)?(?:{_MEDICINES})"
     rf"(?![^.;]{{0,40}}?\b(?:because|due|d/t|after|for)\s+(?:of\s+)?(?:his\s+|her\s+|the\s+)?"
     rf"(?!no\s+longer|not\s+needing)\w)|\boff\s+(?:all\s+)?(?:{_MEDICINES})|"
     rf"has\s+not\s+needed\s+(?:the\s+|his\s+|her\s+|any\s+)?(?:{_MEDICINES})"
     rf"(?:\s+since\s+\w+)?|"
     rf"(?:discontinued|stopped)\s+as\s+no\s+longer\s+needed",
     {"present": True, "domain": "reduced_treatment", "medicine": True}),
    # a treatment given up or cut, said with its time or its earlier amount (corpus
    # convention: a reduction in treatment is a gain): "no NSAIDs for 3 wks (was ibuprofen
    # daily)", "takes nothing for pain now", "hasn't taken acetaminophen in a month", "Norco
    # use dropped from 4/day to 2/day", "takes ibuprofen twice a week instead of every day",
    # "oxycodone only at night now (was 4-5/day)"; a bare "no medications" in a list is no
    # change and is not read
    (rf"(?:no|takes\s+no|taking\s+no|not\s+taking\s+any|not\s+on\s+any)\s+(?:pain\s+|"
     rf"prescription\s+|other\s+)?(?:{_MEDICINES})(?=\s+(?:now|anymore|any\s+longer|since\b|"
     rf"for\s+(?:the\s+)?(?:past\s+|last\s+)?(?:\d+|a|an|one|two|three|several)\s+\w+|x\s*\d+|"
     rf"in\s+(?:a|an|\d+)\s+\w+)|\s*\(\s*was\b)[^.;]{{0,30}}|"
     rf"(?:now\s+)?takes\s+nothing\s+for\s+(?:the\s+|his\s+|her\s+)?pain|"
     rf"(?:has|have)(?:\s+not|n't)\s+(?:needed|taken|used|required)\s+(?:any\s+)?(?:pain\s+)?"
     rf"(?:{_MEDICINES})\s+(?:in|for|since)\s+[\w\s]{{1,20}}?(?=[,.;)]|$)|"
     # "Norco use fell from 3-4/day to 0-1/day", "oxycodone down to 1 tab at bedtime",
     # "ibuprofen use was reduced from three times to once daily", "use ↓ from 3x/day"
     # ... or its use told after its directions ("Norco 5/325 1 q6h prn, use reduced to
     # 1-2/day")
     rf"(?:{_MEDICINES})(?:\s+[\w/.#-]+){{0,5}},\s+use\s+(?:(?:has|was)\s+(?:been\s+)?)?"
     rf"(?:dropped|decreased|reduced|lowered|tapered|cut|down)\s*(?:from|to)\b[^.;]{{0,40}}|"
     rf"(?:{_MEDICINES})\s+(?:use\s+|intake\s+)?(?:(?:has|have|had|was|were|been)\s+)*"
     rf"(?:dropped|decreased|reduced|lowered|tapered|weaned|went\s+down|came\s+down|cut|fell|"
     rf"down|\u2193)\s*(?:from|to)\b[^.;]{{0,40}}|"
     rf"(?:reduction|decrease)\s+in\s+(?:(?:his|her)\s+)?(?:pain\s+)?(?:{_MEDICINES})|"
     rf"(?:taking|takes|uses|using)\s+(?:{_MEDICINES})\s+[^.;]{{0,40}}?(?:instead\s+of\s+"
     rf"[\w\s/-]{{1,20}}?(?=[,.;)]|$)|\(\s*was\s+[^)]{{1,25}}\))",
     {"present": True, "domain": "reduced_treatment", "medicine": True, "ceased": True}),
    # an aid given up ("off crutches since 01/13", "out of the sling", "weaned from the
    # walker", "now ambulating without a device", "progressed from walker to cane")
    (r"(?:off|out\s+of|weaned\s+(?:off|from)|no\s+longer\s+(?:uses?|using|needs?|wears?|"
     r"wearing))\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+)?(?:crutch(?:es)?|sling|walker|cane|"
     r"(?:CAM\s+|walking\s+)?boot|wheelchair|(?:cervical\s+|soft\s+)?collar|immobilizer|"
     r"(?:assistive\s+)?device|(?-i:FWW))\b[^.;]{0,25}|"
     r"(?:ambulat\w+|walk\w*)\s+(?:[\w-]+\s+){0,3}?without\s+(?:a\s+|an\s+|the\s+|any\s+)?"
     r"(?:assistive\s+)?(?:device|cane|walker|crutch(?:es)?|boot|assistance)\b|"
     r"(?:progressed|switched|advanced|graduated|weaned)\s+(?:from\s+)?(?:a\s+|the\s+)?"
     r"(?:walker|(?-i:FWW)|crutch(?:es)?|wheelchair)\s+(?:->|\u2192|to)\s+(?:a\s+)?"
     r"(?:single[- ]point\s+|straight\s+)?cane",
     {"present": True, "domain": "adl", "ceased": True}),
    # more done than before, by its earlier amount ("walks 150 ft with walker, up from 20 ft",
    # "sitting tolerance doubled"), and sleep that improved ("sleeping better", "sleep
    # improved to 6 hours")
    (rf"(?:{_ADL_VERBS})\w*\s+[^.;]{{0,40}}?\bup\s+from\s+\d+(?:\.\d+)?(?:\s*(?:ft|feet|"
     rf"min\w*|lbs?|blocks?|miles?|hours?|hrs?)\b)?|(?:tolerance|tol|distance)\s+(?:has\s+)?"
     rf"(?:doubled|tripled|quadrupled)|sleep(?:ing|s)?\s+(?:much\s+|a\s+lot\s+)?better|"
     rf"sleep\s+(?:has\s+)?improved(?:\s+to\s+[^.;]{{1,20}})?",
     {"present": True, "domain": "adl"}),
    # an activity the worker does now, told by "now" before its verb ("Now ties his own
    # shoes", "now ambulating 150 ft with walker", "now independent with sock aid", "Now
    # transfers to the shower chair"; not sleep, which the gold reads either way)
    (rf"now\s+(?:(?!sleep|slept|wear|put|run\w*\s+out)(?:{_AGAIN_VERBS}|driv|rid|writ|hik|bik|shav|bath)\w*|"
     rf"independent(?:ly)?\s+(?:with|in)|"
     # (a transfer of the worker's body, not of his care: "now transfers care to pain
     # management"; getting up from somewhere, not "now gets up 4 times a night")
     rf"ambulat\w+|(?:transfers?|transferring)(?!\s+{_CARE_MOVED})|"
     rf"feed(?:s|ing)|squats?|squatting|gets?\s+(?:in|out|up\s+(?:from|off|out)|down|dressed)|"
     rf"does\s+(?:his|her|their)\s+own)\b[^.;]{{0,40}}",
     {"present": True, "domain": "adl", "now": True}),
    # an activity taken up again ("sleeping on his right side again", "plays recreational
    # soccer again", "is again playing with his son", "putting on her own socks again")
    (rf"(?:{_AGAIN_VERBS})\w*\b[^.;]{{0,50}}?\bagain\b|\bagain\s+(?:{_AGAIN_VERBS})\w*"
     rf"[^.;]{{0,40}}", {"present": True, "domain": "adl", "again": True}),
]
#: what makes "again" a setback or a visit, not an activity regained
_AGAIN_NOT_A_GAIN_RE = re.compile(
    r"\b(?:pain\w*|hurt\w*|flare\w*|worse|injur\w*|fell|fall|re-?injur\w*|aggravat\w*|"
    r"swell\w*|symptoms?|numb\w*|ache\w*|sore\w*|spasm\w*|stiff\w*|not|no|never|"
    r"unable|cannot|can't|difficulty|trouble)\b", re.IGNORECASE)
#: what makes an activity done "now" a limit or a setback ("now walks with difficulty",
#: "now needs help to dress", "now unable to drive")
_NOW_NOT_A_GAIN_RE = re.compile(
    r"\b(?:not|no\s+longer|never|unable|cannot|can't|difficult\w*|trouble|worse|needs?|"
    r"requires?|struggl\w*|limp\w*|only\s+with|dependent|max(?:imal|imum)?\s+assist\w*|"
    r"assist(?:ance)?\s+of\s+(?:two|2)|(?:because\s+of|due\s+to|from)\s+(?:the\s+|his\s+|her\s+)?"
    r"pain)\b", re.IGNORECASE)
#: a subject before "now" that is not the worker's doing ("pain now opens up into the leg")
#: or a setback the "now" dates from ("since the fall he now ambulates with a walker")
_NOW_NOT_WORKER_RE = re.compile(
    r"\b(?:pain|symptoms?|numbness|tingling|swelling|it|this)\s+$|\b(?:since|after)\s+(?:the\s+|"
    r"his\s+|her\s+|a\s+)?(?:fall|flare\w*|setback|re-?injury|aggravation|exacerbation|"
    r"accident)\b", re.IGNORECASE)
_NOW_RE = re.compile(r"\bnow\b", re.IGNORECASE)
_NOW_NO_ACTIVITY_RE = re.compile(
    rf"\s*(?:(?:transfers?|transferring)\s+{_CARE_MOVED}|gets?\s+up\s+(?:\d|\w+\s+times)|"
    r"opens?\s+up)", re.IGNORECASE)


def now_no_gain(sentence: str) -> str:
    """The sentence with each "now" that tells a limit, a setback or no activity of the
    worker's blanked ("now transfers care to pain management", "now gets up 4 times a night
    because of the pain", "since the fall he now ambulates with a walker"), with the setback
    it dates from: what is left says whether any change word remains (review 13)."""
    for match in reversed(list(_NOW_RE.finditer(sentence))):
        before = sentence[max(0, match.start() - 40):match.start()]
        after = sentence[match.end():match.end() + 45]
        setback = _NOW_NOT_WORKER_RE.search(before)
        if setback or _NOW_NOT_A_GAIN_RE.search(re.split(r"[.;,]", after)[0]) or \
                _NOW_NO_ACTIVITY_RE.match(after):
            start = match.start() - len(before) + setback.start() if setback else match.start()
            sentence = sentence[:start] + " " * (match.end() - start) + sentence[match.end():]
    return sentence


#: ... and what makes it a wish, a worry or a plan ("hopes to golf again", "asks whether he
#: will be able to drive again", "the goal is to lift a patient again")
_AGAIN_WISHED_RE = re.compile(
    r"\b(?:wants?|wish\w*|hopes?|hoping|would|like\s+to|goals?|plans?|try|trying|whether|"
    r"if|ever|never|will|worr\w*|afraid|fears?|wonder\w*|asks?|asked|until|when|before|"
    r"unable|cannot|can't|could\s+not|expect\w*|anticipat\w*)\b", re.IGNORECASE)
_REQUIREMENT_RE = re.compile(
    r"\b(?:requires?|required|must|should|needed?|criteria|guidelines?|MTUS|ODG|ACOEM|only\s+"
    r"(?:with|if)|at\s+"
    r"least|before\s+(?:further|additional|more)|to\s+(?:continue|support|justify)|recommend\w*|"
    r"if|would|unless|evidence\s+of|documentation\s+of|expected|goal|"
    # a condition set on an authorization: "6 more certified on condition of ... improvement"
    r"on\s+(?:the\s+)?condition|conditional\s+(?:up)?on|contingent\s+(?:up)?on|"
    r"subject\s+to\s+(?:documentation|documented|approval|authorization|certification|review|"
    r"evidence|proof|objective)|"
    r"provided\s+(?:that|there\s+is))\b", re.IGNORECASE)
#: a course of treatment named in a sentence: what a bare "no change" there is said of
_TREATMENT_COURSE_RE = re.compile(
    rf"\b(?:(?-i:PT|OT|CMT|ESI|TENS|HEP)|physical\s+therapy|therapy|chiro\w*|acupuncture|"
    rf"massage|injections?|blocks?|epidurals?|brace|splint|sessions?|visits?|treatments?|"
    rf"course|trial|{_MEDICINES}|prednisone|steroids?|cortisone|(?-i:NSAIDs?))\b",
    re.IGNORECASE)
#: what makes an absence of change one of function rather than of the treatment's effect
_FUNCTION_WORD_RE = re.compile(r"function|\bADLs?\b|activit|\bgains?\b|\bwork\b|walk|\bsit|"
                               r"\bstand|lift|score|index|(?-i:ROM)|motion|\babilit|grip|"
                               r"toleran", re.IGNORECASE)
# A drug given up for a harm it did is a treatment trial, not a gain: "because", "due to", or
# "after" an adverse event named within a few words ("stopped naproxen last year after a
# bleeding ulcer", "off meloxicam since 2019 after a rash").
_BECAUSE_RE = re.compile(r"^\W*(?:\w+\s+){0,3}(?:because|due\s+to|d/t|secondary\s+to|after\s+"
                         r"(?:developing|gastritis|(?:an?\s+|the\s+|his\s+|her\s+)?(?:[\w-]+\s+)"
                         r"{0,3}(?:bleed\w*|hemorrhage|ulcers?|gastritis|reactions?|rash|hives|"
                         r"side[\s-]effects?|intolerance|allerg\w*|nausea|dyspepsia|"
                         r"(?:GI|stomach)\s+upset)\b))", re.IGNORECASE)


_OTHER_PERSON_HEAD_RE = re.compile(rf"^\W*{OTHER_PERSON}", re.IGNORECASE)
_OTHER_PERSON_BEFORE_RE = re.compile(
    rf"(?:^|[.;:,]\s*|\band\s+)\W*{OTHER_PERSON}\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)


def said_of_another_person(clause: str, start: int = 0) -> bool:
    """Whether another person is the subject of what `clause` says from `start` on: its
    head ("Her husband now does the shopping") or the words right before `start`."""
    if start == 0:
        return bool(_OTHER_PERSON_HEAD_RE.match(clause))
    return bool(_OTHER_PERSON_BEFORE_RE.search(clause[max(0, start - 60):start]))


def _trend_improved(mention: Mention) -> bool | None:
    match = re.search(flexible_spaces(_TREND), mention.text, re.IGNORECASE)
    if not match:
        return None
    was, now = float(match.group("twas")), float(match.group("tnow"))
    if was == now:
        return False
    better = now < was if _LOWER_IS_BETTER.search(match.group("tname")) else now > was
    return better


def _row_improved(mention: Mention) -> bool | None:
    """A flowsheet row: its last value against its first, by a tenth or more in the
    instrument's better direction."""
    match = re.search(flexible_spaces(_ROW), mention.text, re.IGNORECASE)
    if not match:
        return None
    values = [float(v) for v in re.findall(r"\d+(?:\.\d+)?", match.group("rvals"))]
    first, last = values[0], values[-1]
    if first == 0:
        return None
    change = (last - first) / first
    if not _HIGHER_IS_BETTER.search(match.group("rname")):
        change = -change
    return change >= 0.10


def _motion_improved(mention: Mention) -> bool | None:
    """A joint's range of motion: more degrees is better, by a tenth or more (less is within
    the goniometer's error)."""
    match = re.search(flexible_spaces(_ROM_TREND), mention.text, re.IGNORECASE)
    if not match:
        return None
    was, now = float(match.group("mwas")), float(match.group("mnow"))
    if was == 0:
        return now > 0
    return (now - was) / was >= 0.10


#: what an amount before and after says of something else than function: a pain score
#: ("5/10 (was 8/10)"), a strength grade, degrees of motion, a dose, a size, a weight, a
#: psychological scale (the gold takes those apart), a vital sign
_EARLIER_NOT_FUNCTION_RE = re.compile(
    r"/\s*(?:10|5)\b|\bdeg\w*|\u00b0|\b(?:mg|mcg|mm|cm|kg|MME|bpm|mmHg)\b|\b(?:NPRS|VAS|BMI|"
    r"PHQ|GAD|BDI|BAI|PCL|ISI|PCS|TSK|PSEQ|HADS|A1c|HR|BP)\b|\b(?:flex\w*|abd\w*|rotation|"
    r"extension|ROM|strength|grip|weight|score|pain)\b", re.IGNORECASE)
#: what is better when less: a medicine's use, a symptom's episodes, a timed test
_FEWER_BETTER_RE = re.compile(
    rf"\b(?:{_MEDICINES}|tabs?|tablets?|pills?|doses?|caps(?:ules)?|headaches?|HA|migraines?|"
    r"nightmares?|flare-?ups?|flares?|episodes?|spasms?|awaken\w*|wak(?:e|es|ing)|naps?|falls?|"
    # (seconds only of a timed test: a balance or a plank held longer is better; review 13)
    r"panic|attacks?|TUG|timed|sit[- ]to[- ]stands?|\d?\s*x\s*(?-i:STS)|(?-i:STS)|\d+\s*-?\s*"
    r"(?:m|meters?|ft|feet)\s+walk|gait\s+speed|took|takes?|taking|uses|using)\b",
    re.IGNORECASE)
#: a treatment's relief or effect and how long it lasts
_RELIEF_LASTS_RE = re.compile(r"\b(?:relief|benefit|effect|response)\b", re.IGNORECASE)


def _amount(text: str) -> float | None:
    """A quantity's number (a range's middle; "an hour" is one, "twice" two)."""
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
    if numbers:
        return sum(numbers) / len(numbers)
    word = text.strip().lower()
    count = {"a": 1, "an": 1, "once": 1, "twice": 2}.get(word) or to_number(word)
    return None if count is None else float(count)


def _earlier_improved(mention: Mention) -> bool | None:
    """An amount set against the amount before: more is better for what the worker does,
    less for a medicine taken, a symptom's episodes and a timed test; a frequency before
    ("was daily") is the higher one."""
    match = re.search(flexible_spaces(_EARLIER), mention.text, re.IGNORECASE)
    if not match:
        return None
    # (from a word's start: "...tablets while it lasted, about one a day" has "tablets")
    begin = max(0, mention.start - 25)
    begin = re.search(r"\w*$", mention.sentence[:begin]).start()
    subject = mention.sentence[begin:mention.start] + mention.text[:match.start("ewas")]
    if _EARLIER_NOT_FUNCTION_RE.search(subject + match.group("ewas") +
                                       (match.group("ewunit") or "")):
        return None
    if _RELIEF_LASTS_RE.search(mention.sentence[max(0, mention.start - 50):mention.start]):
        return None  # "relief now lasts 4-5 days (initially 1 day)": a treatment's effect
    fewer_better = _FEWER_BETTER_RE.search(subject) is not None
    now = _amount(match.group("enow"))
    was = _amount(match.group("ewas"))
    if was is None:  # "(was daily)": a frequency, more than any count a week or a day
        return True if fewer_better else None
    if now is None:
        return None
    # ("2 blocks (was 1 mile)" is less, whatever the numbers; units of different measures
    # are not set against each other)
    order = compare_amounts(now, match.group("eunit") or "", was, match.group("ewunit") or "")
    if not order:
        return None
    return order < 0 if fewer_better else order > 0


def _measure_improved(mention: Mention) -> bool | None:
    if mention.meta.get("earlier"):
        return _earlier_improved(mention)
    if mention.meta.get("rom"):
        return _motion_improved(mention)
    if mention.meta.get("trend"):
        return _trend_improved(mention)
    if mention.meta.get("row"):
        return _row_improved(mention)
    match = re.search(flexible_spaces(_MEASURE), mention.text, re.IGNORECASE)
    if not match:
        return None
    alternatives = ("", *(str(n) for n in range(2, 8)))
    now = next((match.group(f"now{n}") for n in alternatives if match.group(f"now{n}")), None)
    was = next((match.group(f"was{n}") for n in alternatives if match.group(f"was{n}")), None)
    if now is None or was is None:
        return None
    now_f, was_f = float(now), float(was)
    if was_f == 0:
        return now_f > 0
    change = (now_f - was_f) / was_f
    if not _HIGHER_IS_BETTER.search(mention.text):
        change = -change
    return change >= 0.10  # a change under a tenth is within measurement noise


#: an amount of an activity ("20 min", "about an hour", "a mile", "two blocks", "10 lb")
_AMOUNT_RE = re.compile(r"\b(?:\d+|an?|one|two|three|four|five|ten|half\s+an?)\s+(?:min\w*|hours?|"
                        r"hrs?|blocks?|miles?|mi|feet|ft|lbs?|pounds?)\b", re.IGNORECASE)
#: what makes an amount a change: a comparison with before, or a word of change
_COMPARED_RE = re.compile(
    r"\b(?:now|again|longer|more\s+than\s+(?:before|last)|up\s+from|from\s+[\w\s]{1,20}?\s+to|"
    r"instead\s+of|improv\w*|increas\w*|better|was\b|previously|prior|compared|since|"
    r"first\s+time|resumed|back\s+to|(?:pre-?(?:op|injury))|vs\.?)|"
    # an amount done without its symptoms is a capacity regained, not a limit ("can lift 40 lb
    # crates without pain", "carried the groceries up two flights w/o sx")
    r"(?:\bwithout|\bw/o)\s+(?:any\s+)?(?:trouble|difficulty|pain|symptoms|sx|stopping|"
    r"limping|problems?|a\s+break|rest(?:ing)?)\b", re.IGNORECASE)


def _credited_to_treatment(before: str) -> bool:
    """"With tramadol she can walk 20 minutes", "on the medication": the amount is what a
    treatment makes possible, a benefit of it, not a bare tolerance."""
    from openimr.records.kinds.drugs import by_name

    for found in re.finditer(r"\b(?:with|on|using)\s+(?:the\s+|her\s+|his\s+|this\s+)?([\w-]+)",
                             before, re.IGNORECASE):
        word = found.group(1).lower()
        if word in by_name() or re.fullmatch(r"medications?|meds|medicines?|treatment|therapy|"
                                             r"injections?|tens|brace", word):
            return True
    return False


def parse_functional_improvement(mention: Mention) -> list[Found]:
    meta = mention.meta
    present = meta["present"]
    if present is None:
        present = _measure_improved(mention)
        if present is None:
            return []
    if meta.get("able") and (mention.negated or re.search(
            r"before\s+(?:needing|(?:he|she|they)\s+(?:has|have|needs?)\s+to)|at\s+a\s+time|"
            r"\bonly\b", mention.text, re.IGNORECASE)):
        return []  # "not able to walk", "can walk 20 minutes before needing to rest": limits
    near = mention.sentence[max(0, mention.start - 30):mention.end + 40]
    if meta.get("able") and _AMOUNT_RE.search(mention.text) and not _COMPARED_RE.search(near) \
            and not _credited_to_treatment(mention.sentence[:mention.start]):
        return []  # "can sit about 20 min", "can walk a mile": a tolerance stated, not a gain
    if present and said_of_another_person(mention.sentence, mention.start):
        return []  # "his wife now mows the lawn": another's doing, the worker's limit
    if meta.get("ceased"):
        # the entry's own "no" or "without" is the gain ("no NSAIDs for 3 weeks", "walking
        # without a cane"): only a cue before it negates it ("not yet off crutches")
        if re.search(r"\b(?:not|never|denies)\s+(?:\w+\s+){0,2}$", mention.before(30)):
            return []  # "not yet off crutches": no gain stated, nor its absence
        mention = dataclasses.replace(mention, negated=False)
    if meta.get("now") or re.match(r"now\b", mention.text, re.IGNORECASE):
        # (the abilities' "now walks", "now drives" too: "since the fall he now walks with a
        # cane" is a setback whichever entry reads it)
        if _NOW_NOT_A_GAIN_RE.search(mention.text) or _NOW_NOT_WORKER_RE.search(
                mention.before(40)) or _AGAIN_WISHED_RE.search(
                mention.before(40)) or re.search(r"\b(?:not|never|no)\s+(?:\w+\s+)?$",
                                                 mention.before(20), re.IGNORECASE):
            return []  # "now walks with difficulty", "wants to now drive": no gain
        # "now buttons her shirt without help": the "without" is part of the gain
        mention = dataclasses.replace(mention, negated=False)
    if meta.get("again") and (mention.negated or _AGAIN_NOT_A_GAIN_RE.search(mention.text) or
                              _AGAIN_WISHED_RE.search(mention.before(40))):
        return []  # "the pain flared walking again", "worries he'll never work again": no gain
    if meta.get("medicine") and _BECAUSE_RE.search(mention.sentence[mention.end:]):
        return []  # stopped because of a side effect: a treatment trial, not a gain
    if present and mention.negated and meta.get("medicine") and not local_negation(
            mention.sentence, mention.start, mention.end):
        # "full schedule without restrictions, cut ibuprofen to twice a week": the negation of
        # the clause before is not this one's (a cut is said with its verb, never listed)
        mention = dataclasses.replace(mention, negated=False)
    if present and mention.negated:
        if meta["domain"] == "work_restrictions":
            return []  # "has not returned to work" is a work status
        present = False  # "denies any improvement in function"
    if present and not meta.get("ceased") and re.search(
            r"\b(?:no|without)\s+(?:any\s+)?$", mention.before(20), re.IGNORECASE):
        return []  # "without improvement in strength": the absence is the longer match's
    if present is False and meta["domain"] == "general" and not _FUNCTION_WORD_RE.search(
            mention.sentence[mention.start:mention.end + 15]) and not re.match(
            r"\s*(?:from|since)\s+(?:the\s+)?(?:last|previous|prior|initial|first|visit|"
            r"eval)", mention.after(25), re.IGNORECASE) and re.match(r"\W*(?:no|without|(?:is|are)\s+not)\b", mention.text,
                                       re.IGNORECASE) and _TREATMENT_COURSE_RE.search(
            mention.sentence):
        # "acupuncture, relaxing but no change", "ibuprofen without improvement": a bare
        # "no change" in a sentence naming a treatment judges that treatment (a failed
        # trial), and says nothing of what the worker can do ("no change from the last
        # visit" compares the worker's state over time, and stays)
        return []
    hypothetical = False
    if present and meta["domain"] == "general" and not meta.get("able"):
        # "documentation of functional improvement is required": a criterion, not a finding
        hypothetical = bool(_REQUIREMENT_RE.search(mention.sentence))
    elif re.search(r"\b(?:if|unless)\b", mention.sentence[max(0, mention.start - 30):
                                                         mention.end], re.IGNORECASE):
        hypothetical = True  # "if she plateaus", "if not improving in 2 weeks"
    value = {"present": present, "domain": meta["domain"],
             "detail": " ".join(mention.text.split())}
    return [Found(value, mention.start, mention.end, negated=False, hypothetical=hypothetical)]


SPECS = [
    KindSpec(FactKind.functional_improvement,
             regex_triggers((rf"\b(?:{p})", meta) for p, meta in _TABLE),
             parse_functional_improvement,
             anchor=(r"improv|increas|better|gain|function|oswestry|dash|(?-i:ODI|NDI|LEFS|"
                     r"PSFS|FOTO|KOOS|GAF|IKDC|WOMAC|SPADI|FRI)|rating\s+index|\btol\b|\btime\b|"
                     r"distance|lysholm|(?-i:mJOA)|assessment|disability|roland|\bable\b|\bcan\b|now|resum|return|"
                     r"restriction|reduc|decreas|\bless\b|lower|diminish|taper|\bcut\b|weaned|"
                     r"discontinu|stopped|\boff\b|needed|longer|progress|goals?|met|achieved|"
                     r"plateau|worse|declin|deteriorat|unchanged|changed|change|benefit|"
                     r"faded|wore|worn|same|helping|walk|sleep|cooks|full|plateaus|stalls|"
                     r"improving|ability|could|allow|allows|tolerance|back|lift|lifting|"
                     r"treadmill|walking|(?-i:TUG|PDI|SLS)|timed|stance|grip|waist|carry|carrying|"
                     r"again|nothing|\bno\b|taking|takes|uses|using|taken|used|required|"
                     r"dropped|went|came|quebec|fabq|out|weaned|uses|using|needs|wears|"
                     r"wearing|ambulat|without|switched|advanced|graduated|tol|distance|"
                     r"doubled|tripled|quadrupled|up|\blets?\b|enabl|garden|cook|clean|shop|mow|"
                     r"play|does|flex|abd|elevation|rotation|(?-i:ER|IR|FF)|"
                     # an amount before, in brackets or by "instead of" (`_EARLIER`),
                     # and a medicine's use that fell ("Norco down to 1/day", "use ↓")
                     r"^(?:was|were|from|previously|initially|instead|fell|down|\u2193)$")),
]
