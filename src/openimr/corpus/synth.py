"""Synthetic IMR letters for scale tests, benchmarks and model tests. Never real data.

Deterministic from a seed: the same seed gives the same letters. Layouts follow the years in
which they were used; the category mix and the ~10% overturn rate follow the published IMR
statistics (mtus-facts §5); a few letters carry extraction damage (page footers in
mid-sentence, mojibake, hyphenation). The outcome depends on the category and on cues in the
item text, so a model has something real, but not everything, to learn.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from openimr.corpus.letter import Layout
from openimr.model.wording import join_words

SPECIALTIES = ["Orthopedic Surgery", "Physical Medicine and Rehabilitation", "Anesthesiology",
               "Pain Medicine", "Family Medicine", "Internal Medicine", "Occupational Medicine",
               "Psychiatry", "Neurology", "Chiropractic Sports Medicine", "Emergency Medicine"]
STATES = ["California", "Arizona", "Nevada", "Oregon", "Texas", "Washington", "Illinois",
          "New York", "Colorado", "Florida"]
BODY = ["lumbar spine", "cervical spine", "right shoulder", "left shoulder", "right knee",
        "left knee", "low back", "neck", "right wrist", "left wrist", "thoracic spine"]
JOBS = ["warehouse worker", "truck driver", "nurse", "cashier", "carpenter", "clerk",
        "mechanic", "custodian", "teacher", "farm worker", "electrician", "cook"]
DIAGNOSES = {
    "spine": ["lumbar sprain/strain", "lumbar radiculopathy", "cervical radiculopathy",
              "lumbar disc displacement", "degenerative disc disease", "myofascial pain",
              "chronic pain syndrome", "cervical strain"],
    "joint": ["rotator cuff tendinitis", "shoulder impingement syndrome", "medial meniscus tear",
              "knee osteoarthritis", "carpal tunnel syndrome", "lateral epicondylitis"],
    "other": ["depression", "insomnia", "anxiety disorder", "gastritis"],
}

# category -> (share of items, overturn rate, item generator key)
MIX: dict[str, tuple[float, float]] = {
    "opioid": (0.13, 0.07), "topical_analgesic": (0.08, 0.04), "muscle_relaxant": (0.07, 0.05),
    "nsaid": (0.05, 0.15), "proton_pump_inhibitor": (0.04, 0.12), "anticonvulsant": (0.04, 0.18),
    "antidepressant": (0.02, 0.28), "sleep_aid": (0.03, 0.06),
    "physical_therapy": (0.12, 0.10), "chiropractic": (0.04, 0.09), "acupuncture": (0.05, 0.12),
    "imaging": (0.08, 0.12), "electrodiagnostic": (0.04, 0.13),
    "durable_medical_equipment": (0.06, 0.06), "tens": (0.02, 0.05),
    "epidural_steroid_injection": (0.04, 0.14), "facet_injection": (0.02, 0.12),
    "trigger_point_injection": (0.01, 0.08), "surgery": (0.04, 0.16),
    "consultation": (0.05, 0.27), "psychological_treatment": (0.03, 0.23),
    "functional_restoration_program": (0.01, 0.22), "urine_drug_test": (0.02, 0.15),
    "home_health": (0.01, 0.08),
}

_DRUGS = {
    "opioid": ["Norco 10/325 mg", "Percocet 5/325 mg", "Tramadol ER 150 mg", "Oxycodone 15 mg",
               "Hydrocodone/APAP 7.5/325 mg", "Nucynta 50 mg", "MS Contin 30 mg"],
    "topical_analgesic": ["Lidoderm 5% patch", "compounded flurbiprofen/lidocaine cream",
                          "Terocin lotion", "ketoprofen 20% cream", "capsaicin 0.075% cream"],
    "muscle_relaxant": ["Cyclobenzaprine 7.5 mg", "Tizanidine 4 mg", "Soma 350 mg",
                        "Methocarbamol 750 mg", "Baclofen 10 mg"],
    "nsaid": ["Naproxen sodium 550 mg", "Ibuprofen 800 mg", "Meloxicam 15 mg",
              "Celebrex 200 mg", "Diclofenac 75 mg"],
    "proton_pump_inhibitor": ["Omeprazole 20 mg", "Pantoprazole 40 mg", "Prilosec 20 mg"],
    "anticonvulsant": ["Gabapentin 600 mg", "Lyrica 75 mg", "Topiramate 50 mg"],
    "antidepressant": ["Duloxetine 60 mg", "Amitriptyline 25 mg", "Cymbalta 30 mg"],
    "sleep_aid": ["Zolpidem 10 mg", "Ambien 5 mg", "Lunesta 2 mg"],
}
_GUIDELINES = {
    "opioid": ("MTUS Chronic Pain Medical Treatment Guidelines", "74-96"),
    "topical_analgesic": ("MTUS Chronic Pain Medical Treatment Guidelines", "111-113"),
    "muscle_relaxant": ("MTUS Chronic Pain Medical Treatment Guidelines", "63-66"),
    "nsaid": ("MTUS Chronic Pain Medical Treatment Guidelines", "67-73"),
    "proton_pump_inhibitor": ("MTUS Chronic Pain Medical Treatment Guidelines", "68-69"),
    "anticonvulsant": ("MTUS Chronic Pain Medical Treatment Guidelines", "16-22"),
    "antidepressant": ("MTUS Chronic Pain Medical Treatment Guidelines", "13-16"),
    "sleep_aid": ("ODG Pain Chapter, Insomnia treatment", None),
    "physical_therapy": ("MTUS Chronic Pain Medical Treatment Guidelines", "98-99"),
    "chiropractic": ("MTUS Chronic Pain Medical Treatment Guidelines", "58-60"),
    "acupuncture": ("MTUS Acupuncture Medical Treatment Guidelines", None),
    "imaging": ("MTUS ACOEM Low Back Complaints", "303-304"),
    "electrodiagnostic": ("MTUS ACOEM Low Back Complaints", "303"),
    "durable_medical_equipment": ("ODG Knee and Leg Chapter, Durable medical equipment", None),
    "tens": ("MTUS Chronic Pain Medical Treatment Guidelines", "114-116"),
    "epidural_steroid_injection": ("MTUS Chronic Pain Medical Treatment Guidelines", "46"),
    "facet_injection": ("MTUS ACOEM Low Back Complaints", "300"),
    "trigger_point_injection": ("MTUS Chronic Pain Medical Treatment Guidelines", "122"),
    "surgery": ("MTUS ACOEM Knee Complaints", "344-345"),
    "consultation": ("ACOEM Practice Guidelines, Chapter 7, Independent Medical Examinations "
                     "and Consultations", "127"),
    "psychological_treatment": ("MTUS Chronic Pain Medical Treatment Guidelines", "23"),
    "functional_restoration_program": ("MTUS Chronic Pain Medical Treatment Guidelines", "30-34"),
    "urine_drug_test": ("MTUS Chronic Pain Medical Treatment Guidelines", "43"),
    "home_health": ("MTUS Chronic Pain Medical Treatment Guidelines", "51"),
}


def _guideline(category: str) -> tuple[str, str | None]:
    if category == "postsurgical_physical_therapy":
        return "MTUS Postsurgical Treatment Guidelines", "24"
    return _GUIDELINES[category]


@dataclass
class SynthItem:
    item: str
    category: str
    decision: str
    rationale: str


@dataclass
class SynthLetter:
    text: str
    layout: Layout
    case_number: str
    year: int
    specialty: str
    items: list[SynthItem] = field(default_factory=list)


def _item_text(rng: random.Random, category: str) -> tuple[str, float]:
    """The item as requested, and a log-odds shift its wording carries (cues a model may learn)."""
    part = rng.choice(BODY)
    if category in _DRUGS:
        drug = rng.choice(_DRUGS[category])
        count = rng.choice([30, 60, 90, 120, 180])
        shift = 0.6 if count <= 30 else (-0.7 if count >= 120 else 0.0)
        if rng.random() < 0.3:
            return f"{drug} #{count} (retrospective)", shift - 0.4
        if rng.random() < 0.25:
            return f"{drug} #{count} for weaning", shift + 0.9
        return f"{drug} #{count}", shift
    visits = rng.choice([6, 8, 12, 18, 24])
    shift = 0.7 if visits <= 6 else (-0.8 if visits >= 18 else 0.0)
    match category:
        case "physical_therapy":
            post = rng.random() < 0.2
            text = f"{visits} {'postoperative ' if post else ''}physical therapy sessions for the {part}"
            return text, shift + (1.0 if post else 0.0)
        case "chiropractic":
            return f"Chiropractic treatment {visits} sessions for the {part}", shift
        case "acupuncture":
            initial = rng.random() < 0.3
            return (f"{'Initial trial of ' if initial else ''}acupuncture {visits} visits for the "
                    f"{part}"), shift + (0.9 if initial else 0.0)
        case "imaging":
            repeat = rng.random() < 0.3
            return f"{'Repeat ' if repeat else ''}MRI of the {part}", -0.8 if repeat else 0.3
        case "electrodiagnostic":
            return f"EMG/NCV of the {rng.choice(['bilateral lower', 'bilateral upper'])} " \
                   "extremities", 0.0
        case "durable_medical_equipment":
            return rng.choice(["Cold therapy unit purchase", "Lumbar support brace",
                               "Hinged knee brace", "Front wheeled walker",
                               "Orthopedic mattress"]), 0.0
        case "tens":
            return rng.choice(["TENS unit purchase", "TENS unit 30-day rental"]), 0.0
        case "epidural_steroid_injection":
            level = rng.choice(["L4-5", "L5-S1", "C5-6"])
            repeat = rng.random() < 0.4
            return (f"{'Repeat ' if repeat else ''}transforaminal epidural steroid injection "
                    f"at {level}"), -0.7 if repeat else 0.4
        case "facet_injection":
            return f"Medial branch block at {rng.choice(['L3-4', 'L4-5', 'L5-S1'])}", 0.0
        case "trigger_point_injection":
            return f"Trigger point injections to the {part}", 0.0
        case "surgery":
            return rng.choice(["Left knee arthroscopy with partial meniscectomy",
                               "Right shoulder arthroscopic subacromial decompression",
                               "L4-5 lumbar fusion", "Right carpal tunnel release",
                               "L5-S1 microdiscectomy"]), 0.0
        case "consultation":
            return rng.choice(["Pain management consultation", "Orthopedic follow-up visit",
                               "Neurology consultation", "Follow-up office visit"]), 0.3
        case "psychological_treatment":
            return f"Cognitive behavioral therapy {rng.choice([4, 6, 10])} sessions", 0.2
        case "functional_restoration_program":
            return f"Functional restoration program {rng.choice([10, 20, 30])} days", 0.0
        case "urine_drug_test":
            return "Urine drug screen", 0.0
        case _:
            return f"Home health aide {rng.choice([4, 8])} hours per day", 0.0


_OPEN = ["The injured worker is a", "The patient is a", "The applicant is a",
         "This is a", "The claimant is a"]
_TREAT = ["Treatment to date has included", "Prior care includes", "The worker has received"]
_CARE = ["physical therapy", "chiropractic care", "acupuncture", "medication management",
         "a home exercise program", "injections", "activity modification"]
_WHY_UP = ["The records do not document objective functional improvement from prior care.",
           "The guideline criteria are not met on the documentation provided.",
           "The quantity requested exceeds what the guideline supports.",
           "There is no documentation of a failed trial of first-line treatment.",
           "Long-term use is not supported by the guideline."]
_WHY_OVER = ["The documentation meets the guideline criteria for this request.",
             "Objective functional improvement with prior care is documented.",
             "The request is within the number of visits the guideline supports.",
             "The examination findings support the request as made."]


def _summary(rng: random.Random, age: int, sex: str, injury: str, diagnoses: list[str]) -> str:
    return (f"{rng.choice(_OPEN)} {age} year old {sex} {rng.choice(JOBS)} who was injured on "
            f"{injury}. The diagnoses include {', '.join(diagnoses[:-1])}"
            f"{' and ' if len(diagnoses) > 1 else ''}{diagnoses[-1]}. "
            f"{rng.choice(_TREAT)} {', '.join(rng.sample(_CARE, 3))}. The most recent progress "
            f"report notes pain of {rng.randint(4, 9)}/10 and "
            f"{rng.choice(['limited', 'unchanged', 'improved', 'worsening'])} function. "
            f"The provider requested the treatment now in dispute.")


def _wrap(text: str, rng: random.Random, width: int = 92) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _damage(text: str, rng: random.Random, case_number: str) -> str:
    lines = text.split("\n")
    if rng.random() < 0.15 and len(lines) > 20:
        for page, at in enumerate(sorted(rng.sample(range(10, len(lines)), 2)), start=1):
            lines.insert(at + page - 1, f"{case_number}    Page {page} of 3")
    if rng.random() < 0.1:
        at = rng.randrange(len(lines))
        lines[at] = lines[at] + " \u00e2\u00bf\u00bf"
    if rng.random() < 0.1:
        for index, line in enumerate(lines[:-1]):
            words = line.split(" ")
            if len(words[-1]) > 8 and words[-1].isalpha() and words[-1].islower():
                lines[index] = " ".join(words[:-1] + [words[-1][:4] + "-"])
                lines[index + 1] = words[-1][4:] + " " + lines[index + 1]
                break
    return "\n".join(lines)


def _layout_for(year: int, rng: random.Random) -> Layout:
    if year == 2013:
        return Layout.notice_2013 if rng.random() < 0.7 else Layout.case_header
    if year <= 2016:
        return rng.choice([Layout.case_header, Layout.case_header, Layout.case_body,
                           Layout.maximus_header])
    if year <= 2018:
        return rng.choice([Layout.maximus_header, Layout.case_header,
                           Layout.professional_review])
    return Layout.professional_review if rng.random() < 0.8 else Layout.maximus_header


def synth_letter(rng: random.Random, serial: int) -> SynthLetter:
    year = rng.choice(range(2013, 2025))
    layout = _layout_for(year, rng)
    case_number = f"CM{year % 100:02d}-{serial % 10**7:07d}"
    specialty = rng.choice(SPECIALTIES)
    states = rng.sample(STATES, rng.choice([1, 1, 2, 3]))
    sex = rng.choice(["male", "female"])
    age = rng.randint(22, 68)
    injury = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{year - rng.randint(1, 8)}"
    diagnoses = rng.sample(DIAGNOSES["spine"] + DIAGNOSES["joint"], 2) + (
        [rng.choice(DIAGNOSES["other"])] if rng.random() < 0.3 else [])
    summary = _summary(rng, age, sex, injury, diagnoses)
    categories = list(MIX)
    weights = [MIX[c][0] for c in categories]
    count = 1 if rng.random() < 0.61 else rng.choice([2, 2, 3, 4])
    items = []
    for category in rng.choices(categories, weights, k=count):
        text, shift = _item_text(rng, category)
        if any(item.item == text for item in items):
            continue  # a letter decides each request once (the parser merges repeats)
        if category == "physical_therapy" and "postoperative" in text:
            category = "postsurgical_physical_therapy"
        rate = MIX.get(category, MIX["physical_therapy"])[1]
        logit = math.log(rate / (1 - rate)) + shift
        overturned = rng.random() < 1 / (1 + math.exp(-logit))
        why = rng.choice(_WHY_OVER if overturned else _WHY_UP)
        verdict = "is medically necessary and appropriate" if overturned else \
            "is not medically necessary and appropriate"
        rationale = (f"The guideline addresses {text.lower()} for this condition. {why} "
                     f"The request for {text} {verdict}.")
        items.append(SynthItem(text, category, "overturned" if overturned else "upheld",
                               rationale))
    ur = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
    received = ur + dt.timedelta(days=rng.randint(3, 25))
    assigned = received + dt.timedelta(days=rng.randint(2, 12))
    decided = assigned + dt.timedelta(days=rng.randint(7, 45))
    dates = {key: day.strftime("%m/%d/%Y") for key, day in
             (("ur", ur), ("received", received), ("assigned", assigned), ("decided", decided))}
    qualification = (f"The physician reviewer is Board Certified in {specialty} and is licensed "
                     f"to practice in {join_words(states, serial_comma=False)}. He/she has been in active clinical "
                     "practice for more than five years.")
    body = _render(layout, rng, case_number, dates, injury, qualification, specialty, states,
                   summary, items)
    return SynthLetter(_damage(body, rng, case_number), layout, case_number, year, specialty,
                       items)


def _render(layout: Layout, rng: random.Random, case_number: str, dates: dict[str, str],
            injury: str, qualification: str, specialty: str, states: list[str], summary: str,
            items: list[SynthItem]) -> str:
    w = _wrap
    out: list[str] = []
    header = [f"Case Number: {case_number} Date Assigned: {dates['assigned']}",
              f"Date of Injury: {injury} Decision Date: {dates['decided']}",
              f"UR Denial Date: {dates['ur']} Priority: Standard",
              f"Application Received: {dates['received']}", ""]
    if layout is Layout.notice_2013:
        out += ["Notice of Independent Medical Review Determination", f"Dated: {dates['decided']}",
                "", f"IMR Case Number: {case_number} Date of UR Decision: {dates['ur']}",
                f"Date of Injury: {injury}", "", "The decision is as follows:"]
        for n, item in enumerate(items, start=1):
            verdict = "is medically necessary" if item.decision == "overturned" else \
                "is not medically necessary"
            out.append(w(f"{n}. MAXIMUS Federal Services, Inc. has determined the request for "
                         f"{item.item} {verdict} and appropriate.", rng))
        out += ["", "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE",
                w(f"The Application for Independent Medical Review was filed on "
                  f"{dates['received']}. A Notice of Assignment and Request for Information was "
                  f"provided on {dates['assigned']}.", rng), "",
                "Medical Qualifications of the Expert Reviewer:", w(qualification, rng), "",
                "Case Summary:", "The case summary below was abstracted from the Utilization "
                "Review decision.", w(summary, rng), ""]
        for n, item in enumerate(items, start=1):
            name, pages = _guideline(item.category)
            cited = name + (f", pages {pages}" if pages else "")
            out += [f"{n}) Regarding the request for {item.item}:",
                    "Medical Treatment Guideline(s) Relied Upon by the Claims Administrator:",
                    w(f"The Claims Administrator based its decision on the {name}.", rng),
                    "Medical Treatment Guideline(s) Relied Upon by the Expert Reviewer:",
                    w(f"The Expert Reviewer based his/her decision on the {cited}.", rng),
                    "Rationale for the Decision:", w(item.rationale, rng), ""]
        return "\n".join(out)
    if layout is Layout.professional_review:
        out += ["MEDICAL PROFESSIONAL REVIEW", "", *header, "ISSUE AT DISPUTE"]
        out += [f"{n}. {item.item}: {item.decision.capitalize()}"
                for n, item in enumerate(items, start=1)]
        out += ["", "CASE SUMMARY", w(summary, rng), "", "DOCUMENTS REVIEWED FOR DETERMINATION",
                "Application for IMR; Utilization Review letter; progress notes.", "",
                "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY"]
        for n, item in enumerate(items, start=1):
            name, pages = _guideline(item.category)
            out.append(w(f"{n}. {name}" + (f", pages {pages}" if pages else "")
                         + ", which address this request.", rng))
        out += ["", "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY "
                "NECESSARY"]
        out += [w(f"{n}. {item.rationale}", rng) for n, item in enumerate(items, start=1)]
        out += ["", "MEDICAL REVIEWER QUALIFICATIONS",
                w(qualification.replace("The physician reviewer", "This reviewer"), rng)]
        return "\n".join(out)
    if layout is Layout.maximus_header:
        out += ["MAXIMUS FEDERAL SERVICES, INC.", "Independent Medical Review", "",
                f"IMR Case Number: {case_number} Date Assigned: {dates['assigned']}",
                f"UR Denial Date: {dates['ur']} Application Received: {dates['received']}",
                f"Date of Injury: {injury} Decision Date: {dates['decided']}", ""]
    elif layout is Layout.case_header:
        out += header
    out += ["HOW THE IMR FINAL DETERMINATION WAS MADE",
            w("MAXIMUS Federal Services sent the complete case file to a physician reviewer. "
              "He/she has no affiliation with the employer, employee, providers or the claims "
              "administrator. " + qualification, rng), ""]
    if layout is Layout.case_header:
        out += [f"State(s) of Licensure: {', '.join(states)}",
                f"Certification(s)/Specialty: {specialty}", ""]
    if layout is Layout.maximus_header:
        out += ["DOCUMENTS REVIEWED", "Application for Independent Medical Review; Utilization "
                "Review Determination; progress reports.", ""]
    out += ["CLINICAL CASE SUMMARY",
            "The expert reviewer developed the following clinical case summary based on a "
            "review of the case file, including all medical records:", w(summary, rng), ""]
    out += ["IMR DECISION(S) AND RATIONALE(S)" if layout is Layout.maximus_header
            else "IMR ISSUES, DECISIONS AND RATIONALES",
            "The Final Determination was based on decisions for the disputed items/services "
            "set forth below:", ""]
    for item in items:
        name, pages = _guideline(item.category)
        ca = rng.choice([f"Decision based on {name}.",
                         "The Claims Administrator did not cite any medical evidence for its "
                         "decision."])
        out += [f"{item.item}: {item.decision.capitalize()}", "",
                w(f"Claims Administrator guideline: {ca}", rng), "",
                w(f"MAXIMUS guideline: Decision based on {name}"
                  + (f" Page(s): {pages}." if pages else "."), rng), "",
                w(f"Decision rationale: {item.rationale}", rng), ""]
    return "\n".join(out)


def generate_letters(count: int, seed: int = 0) -> Iterator[SynthLetter]:
    """`count` synthetic letters, the same ones for the same seed."""
    rng = random.Random(seed)
    for serial in range(count):
        yield synth_letter(rng, seed * 10_000_000 + serial)


def parsed_batch(task: tuple[int, int]) -> list[tuple[str, str, object]]:
    """(seed, count) -> that many generated letters, parsed, as (content hash, source,
    ParsedLetter): a pool task for building large benchmark corpora without files."""
    import hashlib

    from openimr.corpus.parse import parse_letter

    seed, count = task
    return [(hashlib.sha256(letter.text.encode()).hexdigest(), f"synthetic:{seed}:{number}",
             parse_letter(letter.text))
            for number, letter in enumerate(generate_letters(count, seed=seed))]
