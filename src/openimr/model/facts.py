"""Clinical facts extracted from records, each traceable to a span of a page.

A fact's `value` is a small dict whose keys depend on its kind; `VALUE_KEYS` is the
contract between the extractor (`openimr.records`) and the guideline predicates
(`openimr.guidelines`). Keys marked optional may be absent or None.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class FactKind(StrEnum):
    diagnosis = "diagnosis"
    therapy_sessions = "therapy_sessions"
    home_exercise_program = "home_exercise_program"
    functional_improvement = "functional_improvement"
    pain_score = "pain_score"
    medication = "medication"
    daily_mme = "daily_mme"
    urine_drug_test = "urine_drug_test"
    exam_finding = "exam_finding"
    imaging_finding = "imaging_finding"
    electrodiagnostic_finding = "electrodiagnostic_finding"
    injection_history = "injection_history"
    surgery = "surgery"
    work_status = "work_status"
    red_flag = "red_flag"
    adl_limitation = "adl_limitation"
    psych_symptom = "psych_symptom"
    # Kinds beyond the minimum, needed by guideline criteria:
    treatment_trial = "treatment_trial"
    opioid_monitoring = "opioid_monitoring"
    aberrant_behavior = "aberrant_behavior"
    side_effect = "side_effect"
    gi_risk_factor = "gi_risk_factor"
    homebound = "homebound"
    device_trial = "device_trial"
    mechanism_of_injury = "mechanism_of_injury"


#: For each kind, its value keys and what they hold. Enumerated values are listed with `|`.
VALUE_KEYS: dict[FactKind, dict[str, str]] = {
    FactKind.diagnosis: {"text": "diagnosis as written", "code": "ICD-10-CM code or None",
                         "group": "optional: myalgia|neuralgia|crps|sprain_strain|radiculopathy|"
                                  "neuropathic|osteoarthritis|meniscal_tear|depression|insomnia|other"},
    FactKind.therapy_sessions: {
        "modality": "physical_therapy|occupational_therapy|chiropractic|acupuncture|"
                    "psychotherapy|massage|aquatic_therapy|biofeedback|functional_restoration",
        "count": "int",
        "status": "completed|authorized|attended|requested",
        "at_least": "bool: 'at least N', 'N plus', 'N+'",
        "body_part": "optional str",
    },
    FactKind.home_exercise_program: {"status": "independent|instructed|not_performing"},
    FactKind.functional_improvement: {
        "present": "bool: False when documented as absent (no improvement, plateaued, worse)",
        "domain": "adl|work_restrictions|reduced_treatment|objective_measure|general",
        "detail": "short paraphrase",
    },
    FactKind.pain_score: {"value": "float", "scale": "int, usually 10",
                          "context": "current|with_medication|without_medication|average|least|worst"},
    FactKind.medication: {
        "drug": "name as written", "generic": "generic name, lower case, or None",
        "strength": "optional str e.g. '10/325 mg'", "frequency": "optional str",
        "quantity": "optional int", "action": "current|start|stop|refill|taper",
    },
    FactKind.daily_mme: {"value": "float, morphine milligram equivalents per day"},
    FactKind.urine_drug_test: {"result": "consistent|inconsistent|performed",
                               "substances": "optional list[str]"},
    FactKind.exam_finding: {
        "finding": "straight_leg_raise|reflex|sensory_deficit|motor_deficit|tenderness|"
                   "range_of_motion|spasm|trigger_point|twitch_response|referred_pain|"
                   "mechanical_symptoms|effusion|joint_line_tenderness|mcmurray|instability|"
                   "gait|other",
        "positive": "bool: the abnormality is present",
        "side": "left|right|bilateral|None", "level": "optional, e.g. L5 or C6",
        "detail": "short text",
    },
    FactKind.imaging_finding: {
        "modality": "mri|ct|xray|ultrasound|bone_scan", "body_part": "str",
        "finding": "short text", "level": "optional",
        "category": "disc_herniation|nerve_root_compression|stenosis|spondylolisthesis|"
                    "degenerative|meniscal_tear|rotator_cuff_tear|fracture|normal|other",
    },
    FactKind.electrodiagnostic_finding: {
        "test": "emg|ncv|emg_ncv", "finding": "short text",
        "radiculopathy": "bool or None", "level": "optional", "side": "optional",
    },
    FactKind.injection_history: {
        "type": "epidural_steroid|facet|medial_branch_block|radiofrequency|trigger_point|"
                "joint|other",
        "level": "optional", "relief_percent": "optional int",
        "duration_weeks": "optional float", "medication_reduced": "optional bool",
        "functional_gain": "optional bool",
    },
    FactKind.surgery: {"procedure": "str", "category": "optional surgery key, e.g. "
                       "knee_meniscectomy|lumbar_discectomy|lumbar_fusion|rotator_cuff_repair",
                       "date": "optional ISO date"},
    FactKind.work_status: {"status": "full_duty|modified_duty|temporarily_totally_disabled|"
                                     "permanent_and_stationary|not_working|retired",
                           "detail": "short text"},
    FactKind.red_flag: {"flag": "cauda_equina|fracture|tumor|infection|"
                                "progressive_neurologic_deficit|other"},
    FactKind.adl_limitation: {"activity": "str, e.g. bathing, dressing, walking"},
    FactKind.psych_symptom: {"symptom": "depression|anxiety|insomnia|fear_avoidance|ptsd|"
                                        "suicidal_ideation|other",
                             "instrument": "optional, e.g. PHQ-9", "score": "optional int"},
    FactKind.treatment_trial: {
        "treatment": "physical_therapy|nsaid|muscle_relaxant|antidepressant|anticonvulsant|"
                     "opioid|tens|injection|chiropractic|acupuncture|home_exercise|"
                     "conservative_care|first_line_neuropathic|other",
        "outcome": "failed|helped|not_tolerated|ongoing",
    },
    FactKind.opioid_monitoring: {"item": "pain_agreement|cures_check|risk_assessment|"
                                         "single_prescriber",
                                 "done": "bool"},
    FactKind.aberrant_behavior: {"behavior": "str", "present": "bool"},
    FactKind.side_effect: {"effect": "str", "drug": "optional str", "present": "bool"},
    FactKind.gi_risk_factor: {"factor": "age_over_65|peptic_ulcer|gi_bleed|"
                                        "anticoagulant|corticosteroid|aspirin|high_dose_nsaid|"
                                        "dyspepsia"},
    FactKind.homebound: {"present": "bool"},
    FactKind.device_trial: {"device": "tens|h_wave|interferential|other",
                            "outcome": "helped|failed|ongoing", "duration_days": "optional int"},
    FactKind.mechanism_of_injury: {"detail": "str"},
}


class Evidence(BaseModel):
    """Where a fact was read: a document, a page, a character span of that page, the quote."""

    document: str
    page: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str


class Fact(BaseModel):
    kind: FactKind
    value: dict[str, Any] = Field(default_factory=dict)
    date: dt.date | None = None
    negated: bool = False
    historical: bool = False
    hypothetical: bool = False
    family: bool = False
    evidence: Evidence

    @property
    def asserted(self) -> bool:
        """A present, current finding about the worker: what a criterion may rely on."""
        return not (self.negated or self.hypothetical or self.family)
