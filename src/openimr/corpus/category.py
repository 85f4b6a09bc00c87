"""Category and sub-category of a disputed item, in the item parser's vocabulary.

The item parser of `openimr.guidelines.items` is the authority; until it is importable, a small
keyword table gives the same category names so corpus statistics do not wait for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

#: (category, sub-category, keywords). First match wins, so specific rows come first.
_KEYWORDS: list[tuple[str, str | None, tuple[str, ...]]] = [
    ("urine_drug_test", None, ("urine drug", "urine toxicology", "drug screen", "uds")),
    ("topical_analgesic", "compound", ("compound", "compounded")),
    ("topical_analgesic", "lidocaine", ("lidoderm", "lidocaine patch", "lidocaine 5%")),
    ("topical_analgesic", None, ("cream", "topical", "gel", "ointment", "capsaicin",
                                  "terocin", "patch")),
    ("opioid", "hydrocodone", ("norco", "hydrocodone", "vicodin")),
    ("opioid", "oxycodone", ("oxycodone", "percocet", "oxycontin")),
    ("opioid", "tramadol", ("tramadol", "ultram", "ultracet")),
    ("opioid", None, ("morphine", "ms contin", "fentanyl", "duragesic", "methadone",
                       "tapentadol", "nucynta", "hydromorphone", "dilaudid", "codeine",
                       "buprenorphine", "opioid")),
    ("proton_pump_inhibitor", None, ("omeprazole", "prilosec", "pantoprazole", "protonix",
                                      "lansoprazole", "esomeprazole", "nexium")),
    ("nsaid", None, ("naproxen", "anaprox", "ibuprofen", "motrin", "meloxicam", "mobic",
                      "celebrex", "celecoxib", "diclofenac", "etodolac", "nabumetone",
                      "relafen", "nsaid")),
    ("muscle_relaxant", None, ("cyclobenzaprine", "flexeril", "fexmid", "soma",
                                "carisoprodol", "tizanidine", "zanaflex", "baclofen",
                                "methocarbamol", "robaxin", "metaxalone", "skelaxin",
                                "orphenadrine", "norflex", "muscle relaxant")),
    ("anticonvulsant", None, ("gabapentin", "neurontin", "pregabalin", "lyrica",
                               "topiramate", "topamax")),
    ("antidepressant", None, ("duloxetine", "cymbalta", "amitriptyline", "nortriptyline",
                               "sertraline", "zoloft", "venlafaxine", "effexor", "bupropion",
                               "wellbutrin", "antidepressant")),
    ("sleep_aid", None, ("zolpidem", "ambien", "eszopiclone", "lunesta", "sonata",
                          "temazepam", "restoril")),
    ("benzodiazepine", None, ("alprazolam", "xanax", "diazepam", "valium", "clonazepam",
                               "klonopin", "lorazepam", "ativan")),
    ("functional_restoration_program", None, ("functional restoration", "chronic pain program",
                                      "interdisciplinary pain", "help program")),
    ("psychological_treatment", "biofeedback", ("biofeedback",)),
    ("psychological_treatment", None, ("psychotherapy", "cognitive behavioral", "cbt",
                                       "psychological", "psychiatric", "psych ")),
    ("epidural_steroid_injection", None, ("epidural", "esi", "transforaminal")),
    ("radiofrequency_ablation", None, ("radiofrequency", "rhizotomy", "ablation")),
    ("facet_injection", None, ("facet", "medial branch")),
    ("trigger_point_injection", None, ("trigger point",)),
    ("joint_injection", None, ("cortisone injection", "steroid injection", "synvisc",
                               "hyaluronic", "viscosupplement", "injection")),
    ("electrodiagnostic", None, ("emg", "ncv", "nerve conduction", "electromyography")),
    ("imaging", "mri", ("mri", "magnetic resonance")),
    ("imaging", "ct", ("ct scan", "ct of", "computed tomography")),
    ("imaging", "xray", ("x-ray", "x-rays", "xray", "radiograph")),
    ("imaging", None, ("bone scan", "ultrasound", "imaging")),
    ("tens", None, ("tens", "h-wave", "interferential", "electrical stimulation", "neurostim")),
    ("surgery", None, ("arthroscop", "meniscectomy", "fusion", "discectomy", "laminectomy",
                       "decompression", "repair", "arthroplasty", "replacement", "release",
                       "surgery", "surgical", "microdiscectomy", "foraminotomy")),
    ("acupuncture", None, ("acupuncture",)),
    ("chiropractic", None, ("chiropractic", "chiropractor", "manipulation")),
    ("occupational_therapy", None, ("occupational therapy",)),
    ("aquatic_therapy", None, ("aquatic", "pool therapy")),
    ("massage", None, ("massage",)),
    ("physical_therapy", None, ("physical therapy", "physiotherapy", "pt ", "therapy sessions",
                                "physical medicine")),
    ("home_health", None, ("home health", "home care", "caregiver", "housekeeping")),
    ("durable_medical_equipment", None, ("brace", "walker", "cane", "wheelchair", "cold therapy", "cryotherapy",
                   "hot/cold", "heat wrap", "pillow", "mattress", "orthotic", "lumbar support",
                   "dme", "durable medical", "unit purchase", "unit rental", "scooter")),
    ("lab_testing", None, ("lab ", "labs", "laboratory", "cbc", "blood test", "panel")),
    ("consultation", None, ("consult", "follow-up", "follow up", "office visit",
                                      "referral", "evaluation", "visit")),
]

_POSTOPERATIVE = re.compile(r"post[- ]?op|postsurgical|post[- ]surgical|after surgery", re.I)
_THERAPIES = {"physical_therapy", "occupational_therapy", "chiropractic", "acupuncture",
              "aquatic_therapy", "massage"}


def _compile() -> list[tuple[str, str | None, re.Pattern[str]]]:
    rows = []
    for category, subcategory, words in _KEYWORDS:
        alternatives = "|".join(re.escape(word.strip()) + (r"\b" if not word.endswith(" ") else "")
                                for word in words)
        rows.append((category, subcategory, re.compile(rf"\b(?:{alternatives})", re.I)))
    return rows


_TABLE = _compile()


def keyword_category(text: str) -> tuple[str | None, str | None]:
    """The fallback: the first keyword row the item text matches."""
    padded = f" {text} "
    for category, subcategory, pattern in _TABLE:
        if pattern.search(padded):
            if category in _THERAPIES and _POSTOPERATIVE.search(text):
                category = "postsurgical_physical_therapy"
            return category, subcategory
    return None, None


@lru_cache(maxsize=1)
def _item_parser() -> Callable[[str], object] | None:
    try:
        from openimr.guidelines.items import parse_item
    except ImportError:
        return None
    return parse_item


_DIGITS = re.compile(r"\d+")


def categorize(text: str) -> tuple[str | None, str | None]:
    """(category, sub-category) of an item text; the keyword table fills what the parser leaves.

    Quantities and strengths do not change a category, so items that differ only in their
    numbers share one parse: a corpus repeats "Norco 10/325 mg #60" in many variants.
    """
    key = _DIGITS.sub("0", text.lower().strip())
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) > 100_000:
            _CACHE.clear()
        found = _CACHE[key] = _categorize(text)
    return found


_CACHE: dict[str, tuple[str | None, str | None]] = {}


def _categorize(text: str) -> tuple[str | None, str | None]:
    parse_item = _item_parser()
    if parse_item is not None:
        try:
            request = parse_item(text)
        except Exception:  # a corpus letter must never stop on one odd item
            request = None
        category = getattr(request, "category", None)
        if category:
            subcategory = getattr(request, "subcategory", None)
            if subcategory is None:
                keyword, keyword_sub = keyword_category(text)
                subcategory = keyword_sub if keyword == category else None
            return category, subcategory
    return keyword_category(text)
