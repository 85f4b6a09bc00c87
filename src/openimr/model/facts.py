"""Clinical facts extracted from records, each traceable to a span of a page.

Each fact kind is declared once, here, as a pydantic value model registered with
`@fact_kind(...)`: its name, its value keys (types, enumerations, descriptions), the keys
that identify a fact of the kind when scoring (`key_fields`), and whether one span holds at
most one fact of the kind (`exclusive`). `FactKind`, `VALUE_KEYS` (the prose contract
between the extractor and the guideline predicates) and the extractor's and evaluator's
tables are derived from these declarations. The extractor's rules and parser for a kind
live in `openimr.records.kinds`, one `KindSpec` per declared kind (checked at import).

`Fact.value` stays a plain dict (the form every consumer reads with `.get`), validated
against the kind's model when a fact is made: an unknown key or value fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Number = int | float


class FactValue(BaseModel):
    """The value of a fact of one kind. Subclasses are the kind declarations."""

    # Built when a kind is first validated: a seed review reads 6 of the 25 kinds, and
    # building every validator at import was ~0.04 s of each start (issue 18).
    model_config = ConfigDict(extra="forbid", defer_build=True)

    kind_name: ClassVar[str] = ""
    #: The value keys that must agree for a predicted fact to match an annotated one.
    key_fields: ClassVar[tuple[str, ...]] = ()
    #: One span holds one fact of this kind: of overlapping facts the most specific stays.
    exclusive: ClassVar[bool] = False
    #: Kinds read from narrative: a trained sentence classifier may read them too.
    narrative: ClassVar[bool] = False
    #: For a narrative kind, the value key the classifier predicts with the kind
    #: ("treatment_trial:failed"), or None when the kind alone is the label.
    label_key: ClassVar[str | None] = None
    #: Kinds only the worker's own state makes: a mention about another person ("his
    #: wife's bad knee", "her husband now does the shopping" as a gain) is no fact of them
    #: at all, rather than one flagged `family` (the annotations never flag them: issue 11
    #: §2). Their hypothetical mentions ("if she plateaus") stay, flagged, but for the limits
    #: and confinement ("if unable to lift", a goal), which no annotation takes.
    worker_only: ClassVar[bool] = False
    #: Kinds whose list of findings of one value is one fact ("nightmares, intrusive
    #: memories and hypervigilance" is one PTSD symptom), not one per item.
    listed_as_one: ClassVar[bool] = False


#: Every declared kind's value model, in declaration order.
VALUE_MODELS: dict[str, type[FactValue]] = {}


def fact_kind(name: str, *, key_fields: tuple[str, ...] = (), exclusive: bool = False,
              narrative: bool = False, label_key: str | None = None,
              worker_only: bool = False, listed_as_one: bool = False
              ) -> Callable[[type[FactValue]], type[FactValue]]:
    """Declare a fact kind: its name and how facts of it are identified and kept."""
    def register(model: type[FactValue]) -> type[FactValue]:
        if name in VALUE_MODELS:
            raise ValueError(f"fact kind {name!r} is declared twice")
        unknown = set(key_fields) - set(model.model_fields)
        if unknown:
            raise ValueError(f"fact kind {name!r}: key fields {sorted(unknown)} are not value keys")
        model.kind_name, model.key_fields = name, key_fields
        model.exclusive, model.narrative, model.label_key = exclusive, narrative, label_key
        model.worker_only, model.listed_as_one = worker_only, listed_as_one
        VALUE_MODELS[name] = model
        return model
    return register


def _opt(description: str) -> Any:
    separator = "" if description.startswith((":", ",")) else " "
    return Field(default=None, description=f"optional{separator}{description}".rstrip())


Side = Literal["left", "right", "bilateral"]


@fact_kind("diagnosis")
class DiagnosisValue(FactValue):
    text: str = Field(description="diagnosis as written")
    code: str | None = Field(default=None, description="ICD-10-CM (or ICD-9-CM) code or None")
    group: Literal["myalgia", "neuralgia", "crps", "sprain_strain", "radiculopathy",
                   "neuropathic", "osteoarthritis", "meniscal_tear", "depression", "insomnia",
                   "other"] | None = _opt(
        ": myalgia|neuralgia|crps|sprain_strain|radiculopathy|neuropathic|osteoarthritis|"
        "meniscal_tear|depression|insomnia|other")


TherapyModality = Literal["physical_therapy", "occupational_therapy", "chiropractic",
                          "acupuncture", "psychotherapy", "massage", "aquatic_therapy",
                          "biofeedback", "functional_restoration"]


@fact_kind("therapy_sessions", key_fields=("modality", "count", "status"))
class TherapySessionsValue(FactValue):
    modality: TherapyModality = Field(description=(
        "physical_therapy|occupational_therapy|chiropractic|acupuncture|psychotherapy|massage|"
        "aquatic_therapy|biofeedback|functional_restoration"))
    count: int = Field(description="int")
    status: Literal["completed", "authorized", "attended", "requested"] = Field(
        description="completed|authorized|attended|requested")
    at_least: bool = Field(default=False, description="bool: 'at least N', 'N plus', 'N+'")
    body_part: str | None = _opt("str")


@fact_kind("home_exercise_program", key_fields=("status",))
class HomeExerciseProgramValue(FactValue):
    status: Literal["independent", "instructed", "not_performing"] = Field(
        description="independent|instructed|not_performing")


@fact_kind("functional_improvement", key_fields=("present",), exclusive=True, narrative=True,
           label_key="present", worker_only=True)
class FunctionalImprovementValue(FactValue):
    present: bool = Field(description="bool: False when documented as absent (no "
                                      "improvement, plateaued, worse)")
    domain: Literal["adl", "work_restrictions", "reduced_treatment", "objective_measure",
                    "general"] | None = Field(
        default=None, description="adl|work_restrictions|reduced_treatment|objective_measure|"
                                  "general")
    detail: str | None = Field(default=None, description="short paraphrase")


@fact_kind("pain_score", key_fields=("value",))
class PainScoreValue(FactValue):
    value: Number = Field(description="float")
    scale: int = Field(default=10, description="int, usually 10")
    context: Literal["current", "with_medication", "without_medication", "average", "least",
                     "worst"] | None = Field(
        default=None, description="current|with_medication|without_medication|average|least|"
                                  "worst")
    # Read from the score's clause by the reader (v2): `pain_changes.told_off_drug`.
    off_drug: bool | None = _opt("bool: its clause tells of a time off the drug ('when he "
                                 "missed doses', 'during a lapse')")


@fact_kind("medication", key_fields=("generic",), exclusive=True)
class MedicationValue(FactValue):
    drug: str = Field(description="name as written")
    generic: str | None = Field(default=None, description="generic name, lower case, or None")
    strength: str | None = _opt("str e.g. '10/325 mg'")
    frequency: str | None = _opt("str")
    quantity: int | None = _opt("int")
    action: Literal["current", "start", "stop", "refill", "taper"] = Field(
        default="current", description="current|start|stop|refill|taper")
    # Computed from the directions (v2): what a pharmacist reads from strength and sig.
    strength_mg: Number | None = _opt("float: mg of the active (opioid) ingredient per unit")
    units_per_dose: Number | None = _opt("float: units taken per dose")
    doses_per_day: Number | None = _opt("float: the most doses a day the directions allow")
    daily_mme: Number | None = _opt("float: morphine milligram equivalents a day (opioids)")
    days_supply: Number | None = _opt("float: quantity / (units per dose x doses a day)")
    # Read from the drug's line by the reader (v2): a medication list's start column, "since".
    began: str | None = _opt("ISO date: when the worker began the drug, told after its name on "
                             "its line ('since 2014', a medication table's start column); a "
                             "year alone is its last day")
    in_denied_list: bool | None = _opt("bool: its sentence names it in a list it denies ('takes "
                                       "no blood thinners, aspirin or steroids')")


@fact_kind("daily_mme", key_fields=("value",))
class DailyMmeValue(FactValue):
    value: Number = Field(description="float, morphine milligram equivalents per day")


@fact_kind("urine_drug_test", key_fields=("result",))
class UrineDrugTestValue(FactValue):
    result: Literal["consistent", "inconsistent", "performed"] = Field(
        description="consistent|inconsistent|performed")
    substances: list[str] | None = _opt("list[str]")
    #: analytes the test reports absent ("oxycodone NEG"), when it lists them
    not_detected: list[str] | None = _opt("list[str]")


@fact_kind("exam_finding", key_fields=("finding", "positive"), exclusive=True)
class ExamFindingValue(FactValue):
    finding: Literal["straight_leg_raise", "reflex", "sensory_deficit", "motor_deficit",
                     "tenderness", "range_of_motion", "spasm", "trigger_point",
                     "twitch_response", "referred_pain", "mechanical_symptoms", "effusion",
                     "joint_line_tenderness", "mcmurray", "instability", "gait", "other"] = Field(
        description="straight_leg_raise|reflex|sensory_deficit|motor_deficit|tenderness|"
                    "range_of_motion|spasm|trigger_point|twitch_response|referred_pain|"
                    "mechanical_symptoms|effusion|joint_line_tenderness|mcmurray|instability|"
                    "gait|other")
    positive: bool = Field(description="bool: the abnormality is present")
    side: Side | None = Field(default=None, description="left|right|bilateral|None")
    level: str | None = _opt(", e.g. L5 or C6")
    detail: str | None = Field(default=None, description="short text")


@fact_kind("imaging_finding", key_fields=("modality", "category"), exclusive=True)
class ImagingFindingValue(FactValue):
    modality: Literal["mri", "ct", "xray", "ultrasound", "bone_scan"] = Field(
        description="mri|ct|xray|ultrasound|bone_scan")
    body_part: str | None = Field(default=None, description="str")
    finding: str | None = Field(default=None, description="short text")
    level: str | None = _opt("")
    category: Literal["disc_herniation", "nerve_root_compression", "stenosis",
                      "spondylolisthesis", "degenerative", "meniscal_tear", "rotator_cuff_tear",
                      "fracture", "normal", "other"] = Field(
        description="disc_herniation|nerve_root_compression|stenosis|spondylolisthesis|"
                    "degenerative|meniscal_tear|rotator_cuff_tear|fracture|normal|other")


@fact_kind("electrodiagnostic_finding", key_fields=("radiculopathy",))
class ElectrodiagnosticFindingValue(FactValue):
    test: Literal["emg", "ncv", "emg_ncv"] = Field(description="emg|ncv|emg_ncv")
    finding: str | None = Field(default=None, description="short text")
    radiculopathy: bool | None = Field(default=None, description="bool or None")
    level: str | None = _opt("")
    side: str | None = _opt("")


@fact_kind("injection_history", key_fields=("type", "relief_percent"), exclusive=True)
class InjectionHistoryValue(FactValue):
    type: Literal["epidural_steroid", "facet", "medial_branch_block", "radiofrequency",
                  "trigger_point", "joint", "other"] = Field(
        description="epidural_steroid|facet|medial_branch_block|radiofrequency|trigger_point|"
                    "joint|other")
    level: str | None = _opt("")
    relief_percent: int | None = _opt("int")
    duration_weeks: Number | None = _opt("float")
    medication_reduced: bool | None = _opt("bool")
    functional_gain: bool | None = _opt("bool")


@fact_kind("surgery")
class SurgeryValue(FactValue):
    procedure: str = Field(description="str")
    category: str | None = _opt("surgery key, e.g. knee_meniscectomy|lumbar_discectomy|"
                                "lumbar_fusion|rotator_cuff_repair")
    date: dt.date | str | None = _opt("ISO date")
    #: The later procedures of the same operation ("..., subacromial decompression, biceps
    #: tenotomy"): one operation is one fact, named by its first procedure.
    parts: list[str] | None = _opt("list[str]")


@fact_kind("work_status", key_fields=("status",), exclusive=True)
class WorkStatusValue(FactValue):
    status: Literal["full_duty", "modified_duty", "temporarily_totally_disabled",
                    "permanent_and_stationary", "not_working", "retired"] = Field(
        description="full_duty|modified_duty|temporarily_totally_disabled|"
                    "permanent_and_stationary|not_working|retired")
    detail: str | None = Field(default=None, description="short text")


@fact_kind("red_flag", key_fields=("flag",), exclusive=True, narrative=True, label_key="flag")
class RedFlagValue(FactValue):
    flag: Literal["cauda_equina", "fracture", "tumor", "infection",
                  "progressive_neurologic_deficit", "other"] = Field(
        description="cauda_equina|fracture|tumor|infection|progressive_neurologic_deficit|other")


@fact_kind("adl_limitation", exclusive=True, narrative=True, worker_only=True)
class AdlLimitationValue(FactValue):
    activity: str = Field(description="str, e.g. bathing, dressing, walking")


@fact_kind("psych_symptom", key_fields=("symptom",), exclusive=True, narrative=True,
           label_key="symptom", listed_as_one=True)
class PsychSymptomValue(FactValue):
    symptom: Literal["depression", "anxiety", "insomnia", "fear_avoidance", "ptsd",
                     "suicidal_ideation", "other"] = Field(
        description="depression|anxiety|insomnia|fear_avoidance|ptsd|suicidal_ideation|other")
    instrument: str | None = _opt(", e.g. PHQ-9")
    score: int | None = _opt("int")


Treatment = Literal["physical_therapy", "nsaid", "muscle_relaxant", "antidepressant",
                    "anticonvulsant", "opioid", "tens", "injection", "chiropractic",
                    "acupuncture", "home_exercise", "conservative_care",
                    "first_line_neuropathic", "massage", "psychotherapy", "bracing",
                    "activity_modification", "acetaminophen", "other"]


@fact_kind("treatment_trial", key_fields=("treatment", "outcome"), narrative=True, label_key="outcome")
class TreatmentTrialValue(FactValue):
    treatment: Treatment = Field(
        description="physical_therapy|nsaid|muscle_relaxant|antidepressant|anticonvulsant|"
                    "opioid|tens|injection|chiropractic|acupuncture|home_exercise|"
                    "conservative_care|first_line_neuropathic|massage|psychotherapy|bracing|"
                    "activity_modification|acetaminophen|other")
    outcome: Literal["failed", "partial", "helped", "not_tolerated", "ongoing"] = Field(
        description="failed|partial|helped|not_tolerated|ongoing")


@fact_kind("opioid_monitoring")
class OpioidMonitoringValue(FactValue):
    item: Literal["pain_agreement", "cures_check", "risk_assessment", "single_prescriber"] = Field(
        description="pain_agreement|cures_check|risk_assessment|single_prescriber")
    done: bool = Field(default=True, description="bool")
    # Read from a risk screen's sentence by the reader (v2): `opioid_monitoring.risk_told`.
    risk_score: int | None = _opt("int: the Opioid Risk Tool score its sentence tells")
    moderate_risk: bool | None = _opt("bool: its sentence tells the risk moderate, or a "
                                      "history of substance or alcohol misuse")


@fact_kind("aberrant_behavior", exclusive=True, narrative=True, label_key="present")
class AberrantBehaviorValue(FactValue):
    behavior: str = Field(description="str")
    present: bool = Field(default=True, description="bool")


@fact_kind("side_effect")
class SideEffectValue(FactValue):
    effect: str = Field(description="str")
    drug: str | None = _opt("str")
    present: bool = Field(default=True, description="bool")


@fact_kind("gi_risk_factor", key_fields=("factor",))
class GiRiskFactorValue(FactValue):
    factor: Literal["age_over_65", "peptic_ulcer", "gi_bleed", "anticoagulant",
                    "corticosteroid", "aspirin", "high_dose_nsaid", "dyspepsia"] = Field(
        description="age_over_65|peptic_ulcer|gi_bleed|anticoagulant|corticosteroid|aspirin|"
                    "high_dose_nsaid|dyspepsia")
    # Read from the factor's sentence by the reader (v2): `gi_risk.factor_told`.
    dose_told_high: bool | None = _opt("bool: a high-dose NSAID's sentence tells the dose high "
                                       "(a high dose, two NSAIDs)")
    other_cause: bool | None = _opt("bool: dyspepsia its sentence puts down to food, naming no "
                                    "NSAID")
    in_denied_list: bool | None = _opt("bool: its sentence names it in a list it denies ('not "
                                       "taking any NSAID, aspirin or anticoagulant')")


@fact_kind("homebound", narrative=True, label_key="present", worker_only=True)
class HomeboundValue(FactValue):
    present: bool = Field(description="bool")


@fact_kind("device_trial")
class DeviceTrialValue(FactValue):
    device: Literal["tens", "h_wave", "interferential", "other"] = Field(
        description="tens|h_wave|interferential|other")
    outcome: Literal["helped", "partial", "failed", "ongoing"] = Field(
        description="helped|partial|failed|ongoing")
    duration_days: int | None = _opt("int")


@fact_kind("mechanism_of_injury", narrative=True)
class MechanismOfInjuryValue(FactValue):
    detail: str = Field(description="str")


#: The fact kinds, derived from the declarations above.
FactKind = StrEnum("FactKind", {name: name for name in VALUE_MODELS})  # type: ignore[misc]

#: For each kind, its value keys and what they hold. Enumerated values are listed with `|`;
#: keys whose description starts with "optional" may be absent or None.
VALUE_KEYS: dict[FactKind, dict[str, str]] = {
    FactKind(name): {key: field.description or "" for key, field in model.model_fields.items()}
    for name, model in VALUE_MODELS.items()
}


def value_model(kind: str | StrEnum) -> type[FactValue]:
    return VALUE_MODELS[str(kind)]


def validate_value(kind: str | StrEnum, value: dict[str, Any]) -> dict[str, Any]:
    """The value checked against its kind's model: an unknown key, a value outside its
    enumeration or of the wrong type fails. A value may leave out required keys (a test or
    a topic example states only the keys it is about); a complete value comes back as a
    dict of the keys it was given, coerced to their declared types."""
    try:
        return value_model(kind).model_validate(value).model_dump(exclude_unset=True)
    except ValidationError as error:
        wrong = [e for e in error.errors() if e["type"] != "missing"]
        if wrong:
            raise ValueError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                       for e in wrong)) from None
        return dict(value)


class Source(StrEnum):
    """Whose statement a fact is: the treating providers' own record, or a report of it."""

    first_hand = "first_hand"
    second_hand = "second_hand"  # e.g. a UR decision's clinical summary, a QME's record review


class Evidence(BaseModel):
    """Where a fact was read: a document, a page, a character span of that page, the quote."""

    document: str
    page: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str
    #: On a recognized (scanned) page: the boxes of the quote's words in page coordinates
    #: (points from the top-left corner, `model.ocr.Box`), for drawing on the page image.
    #: Left out of the JSON when not set.
    boxes: list[tuple[float, float, float, float]] | None = Field(
        default=None, exclude_if=lambda value: value is None)
    #: The words as the letter quotes them when they differ from `quote`: a negated finding
    #: with the negation that denies it ("No early refills", not "early refills"), so that
    #: the worksheet never shows a reviewer the opposite of what the record says. Left out of
    #: the JSON when not set.
    read_as: str | None = Field(default=None, exclude_if=lambda value: value is None)

    @property
    def span(self) -> tuple[str, int, int, int]:
        """Where the quote is (document, page, start, end): the same words however quoted."""
        return self.document, self.page, self.start, self.end


class Fact(BaseModel):
    kind: FactKind
    value: dict[str, Any] = Field(default_factory=dict)
    date: dt.date | None = None
    negated: bool = False
    historical: bool = False
    hypothetical: bool = False
    family: bool = False
    evidence: Evidence
    #: second_hand: reported by someone who did not treat the worker (a UR decision's
    #: clinical summary); never the only basis for a criterion (8 CCR 9792.10.6).
    source: Source = Source.first_hand
    #: The `key` of the earlier fact this one repeats in copied-forward text: shown, but not
    #: counted again.
    copy_of: str | None = None
    #: The `key` of the treatment or procedure fact this outcome or response is about.
    about: str | None = None

    @model_validator(mode="after")
    def _value_fits_kind(self) -> Fact:
        self.value = validate_value(self.kind, self.value)
        return self

    @property
    def key(self) -> str:
        """A stable reference to this fact within a case: kind, document, page and span,
        and the values that set it apart from another fact read from the same words (a
        flowsheet's visit cell "7/12" states 7 visits attended and 12 authorized: an
        outcome in that row is about the 7 attended)."""
        ev = self.evidence
        model = VALUE_MODELS.get(self.kind.value)
        fields = model.key_fields if model is not None else ()
        apart = "/".join(str(self.value.get(name)) for name in fields)
        return f"{self.kind.value}@{ev.document}:{ev.page}:{ev.start}-{ev.end}" + (
            f"#{apart}" if apart else "")

    @property
    def asserted(self) -> bool:
        """A present, current finding about the worker: what a criterion may rely on."""
        return not (self.negated or self.hypothetical or self.family)

    @property
    def second_hand(self) -> bool:
        return self.source is Source.second_hand
