"""The case file: what an IMR application brings to the reviewer.

Only `disputed_items` and one record are required; everything else is optional so that a
partial file can still be reviewed, with the engine saying what it could not establish.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)

from openimr.model.codes import CodeSystem, normalize_code
from openimr.model.instant import Day, JsonInt


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Priority(StrEnum):
    standard = "standard"
    expedited = "expedited"


class Sex(StrEnum):
    male = "male"
    female = "female"
    other = "other"
    unknown = "unknown"


class UROutcome(StrEnum):
    denied = "denied"
    modified = "modified"
    delayed = "delayed"


class Application(_Model):
    received_date: Day | None = None
    served_by_mail: StrictBool = Field(
        default=False, description="The UR decision was served by mail (adds 5 days to file)."
    )
    ur_decision_served_date: Day | None = None
    signed: StrictBool = True
    ur_decision_attached: StrictBool = True


class Worker(_Model):
    age: Annotated[JsonInt, Field(ge=0, le=120)] | None = None
    sex: Sex | None = None
    date_of_birth: Day | None = None
    name: str | None = None


class Claim(_Model):
    date_of_injury: Day | None = None
    body_parts: list[str] = Field(default_factory=list)
    employer: str | None = None
    claims_administrator: str | None = None
    claim_number: str | None = None


class URDecision(_Model):
    date: Day | None = None
    outcome: UROutcome | None = None
    guideline_cited: str | None = None


class RequestingProvider(_Model):
    name: str | None = None
    specialty: str | None = None


class _StringOrObject(_Model):
    """A model a case file may also give as a plain string: the string is its description."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"description": value}
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "minLength": 1}, handler(core_schema)]}


class Diagnosis(_StringOrObject):
    """A diagnosis: a string, or `{code, description}` with an ICD-10-CM code, or an
    ICD-9-CM code for a claim coded before October 2015 (`model/codes.py`)."""

    code: str | None = None
    description: str | None = None

    @field_validator("code")
    @classmethod
    def _check_code(cls, code: str | None) -> str | None:
        if code is None or code == "":
            return None
        return normalize_code(code)[0]

    @property
    def code_system(self) -> CodeSystem | None:
        return normalize_code(self.code)[1] if self.code else None

    @model_validator(mode="after")
    def _needs_something(self) -> Diagnosis:
        if not self.code and not self.description:
            raise ValueError("a diagnosis needs a code or a description")
        return self

    @property
    def label(self) -> str:
        if self.code and self.description:
            return f"{self.description} ({self.code})"
        return self.description or self.code or ""


class DisputedItem(_StringOrObject):
    """A disputed item exactly as requested: a string, or `{id, description}`."""

    id: str | None = None
    description: Annotated[str, Field(min_length=1)]


class InlineRecord(_Model):
    """A record given inline in the case file."""

    date: Day | None = None
    type: str | None = None
    author: str | None = None
    title: str | None = None
    text: Annotated[str, Field(min_length=1)]


#: The kinds of record file a case file may name beside it.
RECORD_SUFFIXES = (".txt", ".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg")
#: The same, as a JSON Schema pattern (which has no flag for case: each letter either way);
#: only in the schema, so that a wrong suffix gets `_known_suffix`'s message.
_RECORD_PATH = r"\.(" + "|".join(
    "".join(f"[{c.lower()}{c.upper()}]" for c in suffix[1:]) for suffix in RECORD_SUFFIXES) + ")$"


class RecordFile(_Model):
    """A record kept beside the case file: a .txt, .pdf or scanned image (.tif, .tiff, .png,
    .jpg, .jpeg) path relative to the case file."""

    path: Annotated[str, Field(min_length=1, json_schema_extra={"pattern": _RECORD_PATH})]
    date: Day | None = None
    type: str | None = None
    author: str | None = None

    @field_validator("path")
    @classmethod
    def _known_suffix(cls, path: str) -> str:
        if not path.lower().endswith(RECORD_SUFFIXES):
            raise ValueError(f"record file {path!r} must be a .txt, .pdf, .tif, .tiff, .png, "
                             ".jpg or .jpeg file")
        return path


class Case(_Model):
    """An IMR application and its records, as the case file gives them."""

    case_number: str | None = None
    priority: Priority = Priority.standard
    application: Application = Field(default_factory=Application)
    worker: Worker = Field(default_factory=Worker)
    claim: Claim = Field(default_factory=Claim)
    ur_decision: URDecision = Field(default_factory=URDecision)
    requesting_provider: RequestingProvider = Field(default_factory=RequestingProvider)
    diagnoses: list[Diagnosis] = Field(default_factory=list)
    disputed_items: Annotated[list[DisputedItem], Field(min_length=1)]
    records: Annotated[list[InlineRecord | RecordFile], Field(min_length=1)]

    @model_validator(mode="after")
    def _number_items(self) -> Case:
        seen: set[str] = set()
        for index, item in enumerate(self.disputed_items, start=1):
            if item.id is None:
                item.id = f"item-{index}"
            if item.id in seen:
                raise ValueError(f"disputed item id {item.id!r} is used twice")
            seen.add(item.id)
        return self
