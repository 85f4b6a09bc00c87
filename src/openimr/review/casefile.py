"""Read a case file (JSON or YAML) into a validated `Case`, with errors that name the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from openimr.model import Case
from openimr.model.errors import InputError
from openimr.model.yamltext import load_yaml


def load_case_file(path: Path) -> Case:
    if not path.exists():
        raise InputError("case file not found", source=str(path))
    if path.is_dir():
        raise InputError("expected a case file, got a directory", source=str(path))
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("case file is not UTF-8 text", source=str(path)) from None
    data = parse_case_text(raw, yaml_format=path.suffix.lower() in {".yaml", ".yml"}, source=str(path))
    return validate_case(data, source=str(path))


def parse_case_text(raw: str, *, yaml_format: bool, source: str) -> Any:
    try:
        if yaml_format:
            return load_yaml(raw)
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}",
                         source=source) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"invalid YAML{where}: {problem}", source=source) from None


def validate_case(data: Any, *, source: str) -> Case:
    if not isinstance(data, dict):
        raise InputError("a case file must be an object (mapping) at the top level", source=source)
    from openimr.fhir import case_from_bundle, is_bundle

    if is_bundle(data):  # a FHIR PAS request Bundle (docs/fhir.md)
        data = case_from_bundle(data, source=source)
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        raise InputError(describe_validation_error(error), source=source) from None


def describe_validation_error(error: ValidationError) -> str:
    """One line per problem: `field.path: message`."""
    lines = []
    for problem in error.errors():
        path = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{path}: {message}")
    return "invalid case file: " + "; ".join(lines)
