"""The IMR application as a form: its fields named in words, one table for the intake form,
the eligibility check of completeness, and the case page's form that fills in what is
missing (DWC Form IMR, 8 CCR 9792.10.2; completeness 8 CCR 9792.10.3).

Pure functions over `Case`: the service stores what they build (`Service.intake`,
`Service.update_case_file`), so the API and the pages apply the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from openimr.model import Case
from openimr.model.case import UROutcome
from openimr.model.errors import InputError


class Need(StrEnum):
    required = "required"  # without it the application is incomplete: no review
    wanted = "wanted"  # without it a check is weaker (said in `why`)
    optional = "optional"


@dataclass(frozen=True)
class Field:
    """One field of the application: its form name, where it lives in the case file, and
    the words that name it to a person."""

    name: str
    path: tuple[str, ...]
    label: str
    need: Need = Need.optional
    why: str = ""
    kind: str = "text"  # text, date, choice, lines (one entry a line)
    choices: tuple[str, ...] = ()

    def get(self, case: Case) -> Any:
        value: Any = case
        for part in self.path:
            value = getattr(value, part)
        return value

    @property
    def phrase(self) -> str:
        """The field in words, with what its absence weakens."""
        return f"{self.label} ({self.why})" if self.why else self.label


#: The fields of the form, in the order of the DWC Form IMR. `lines` fields take one
#: entry a line (a diagnosis may start with its ICD-10-CM or ICD-9-CM code).
FIELDS: tuple[Field, ...] = (
    Field("worker_name", ("worker", "name"), "worker's name", Need.wanted,
          "consolidation cannot be checked"),
    Field("worker_date_of_birth", ("worker", "date_of_birth"), "worker's date of birth",
          kind="date"),
    Field("claim_number", ("claim", "claim_number"), "claim number", Need.required),
    Field("date_of_injury", ("claim", "date_of_injury"), "date of injury", Need.required,
          kind="date"),
    Field("employer", ("claim", "employer"), "employer", Need.wanted,
          "conflict screening is incomplete"),
    Field("claims_administrator", ("claim", "claims_administrator"), "claims administrator",
          Need.wanted, "conflict screening is incomplete"),
    Field("body_parts", ("claim", "body_parts"), "injured body parts", kind="lines"),
    Field("received_date", ("application", "received_date"), "date the application was received",
          kind="date"),
    Field("ur_decision_date", ("ur_decision", "date"), "date of the UR decision", Need.required,
          kind="date"),
    Field("ur_outcome", ("ur_decision", "outcome"), "UR decision",
          kind="choice", choices=tuple(o.value for o in UROutcome)),
    Field("ur_guideline", ("ur_decision", "guideline_cited"), "guideline the UR decision cited"),
    Field("requesting_physician", ("requesting_provider", "name"), "requesting physician",
          Need.required),
    Field("requesting_specialty", ("requesting_provider", "specialty"),
          "requesting physician's specialty"),
    Field("diagnoses", ("diagnoses",), "diagnosis", Need.required, kind="lines"),
    Field("items", ("disputed_items",), "disputed items", kind="lines"),
)
BY_NAME = {f.name: f for f in FIELDS}
#: The case-file location of each field, for naming a validation error in words.
_BY_PATH = {f.path: f for f in FIELDS}
#: a diagnosis line that starts with a code: ICD-10-CM ("M54.16") or ICD-9-CM ("722.10")
_CODE_FIRST = re.compile(r"^([A-TV-Z][0-9][0-9AB](?:\.?[0-9A-TV-Z]{1,4})?|[0-9]{3}(?:\.[0-9]{1,2})?|"
                         r"E[0-9]{3}(?:\.[0-9])?)\b\s*[-:,]?\s*(.*)$", re.IGNORECASE)


def missing(case: Case, needs: tuple[Need, ...] = (Need.required, Need.wanted)) -> list[Field]:
    """The fields of these needs the application leaves empty."""
    return [f for f in FIELDS if f.need in needs and not f.get(case)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _diagnosis(line: str) -> dict[str, str] | str:
    """ "M54.16 Lumbar radiculopathy" -> code and description; plain words stay words."""
    match = _CODE_FIRST.match(line)
    if match and any(c.isdigit() for c in match.group(1)):
        return {"code": match.group(1), "description": match.group(2) or None} \
            if match.group(2) else {"code": match.group(1)}
    return line


def _set(data: dict[str, Any], field: Field, raw: str) -> None:
    """Put one form value into case-file data (an empty value leaves the field alone)."""
    value: Any = raw.strip()
    if not value:
        return
    if field.kind == "lines":
        value = _lines(raw)
        if field.name == "diagnoses":
            value = [_diagnosis(line) for line in value]
    elif field.kind == "choice" and value not in field.choices:
        raise InputError(f"{field.name}: the {field.label} must be one of "
                         f"{', '.join(field.choices)}")
    target = data
    for part in field.path[:-1]:
        target = target.setdefault(part, {})
    target[field.path[-1]] = value


def _validated(data: dict[str, Any]) -> Case:
    """The case, or an error naming each wrong field in words."""
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            location = problem["loc"]
            names = tuple(str(p) for p in location)
            field = _BY_PATH.get(names[:2]) or _BY_PATH.get(names[:1])
            message = problem["msg"].removeprefix("Value error, ")
            if field is None:
                problems.append(f"{'.'.join(map(str, location))}: {message}")
                continue
            index = next((p for p in location if isinstance(p, int)), None)
            where = field.label + (f", line {index + 1}" if index is not None else "")
            problems.append(f"{field.name}: {where}: {message[:1].lower()}{message[1:]}")
        raise InputError("; ".join(problems)) from None


def case_from_form(values: Mapping[str, str], *, record_files: Sequence[str] = (),
                   records_text: str = "", flags: Callable[[str], bool] = lambda _: False
                   ) -> Case:
    """The application a person typed into the intake form. Its records are the files
    uploaded with it and, if any, the records' text pasted into the form; `flags` says
    whether a checkbox (priority expedited, signed, UR decision attached) was ticked."""
    data: dict[str, Any] = {
        "priority": "expedited" if flags("expedited") else "standard",
        "application": {"signed": flags("signed"),
                        "ur_decision_attached": flags("ur_decision_attached")}}
    for field in FIELDS:
        _set(data, field, values.get(field.name, ""))
    if not data.get("disputed_items"):
        raise InputError("items: name the disputed items, one a line, as the UR decision "
                         "lists them")
    records: list[dict[str, Any]] = [{"path": name} for name in record_files]
    if records_text.strip():
        records.append({"type": "medical records", "text": records_text.strip()})
    if not records:
        raise InputError("records: upload the medical records or paste their text")
    data["records"] = records
    return _validated(data)


def complete(case: Case, values: Mapping[str, str]) -> Case:
    """The application with the missing fields a person filled in on the case page: only
    fields that are empty may be filled this way (a correction of a given value replaces
    the case file, `PUT /api/v1/cases/{n}`)."""
    data = case.model_dump(mode="json")
    given = {name: value for name, value in values.items()
             if name in BY_NAME and value.strip()}
    if not given:
        raise InputError("fill in at least one of the missing fields")
    for name, value in given.items():
        field = BY_NAME[name]
        if field.get(case):
            raise InputError(f"{name}: the {field.label} is given already; correct it by "
                             "replacing the case file")
        _set(data, field, value)
    return _validated(data)
