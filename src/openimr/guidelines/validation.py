"""Strict checks of a topic file: every name it uses must exist, and an error names file and line.

A misspelt fact kind, value key, enumerated value or category would otherwise load silently and
only show later as a criterion that can never be met (or a crash in a review). The names a
topic may use come from the declarations they belong to:

- fact kinds, value keys and enumerated values: `openimr.model.facts.VALUE_KEYS`;
- list arguments of predicates (`modalities`, `treatments`, `types`, ...): the enumerated values
  of the fact key each one matches (`LIST_ARGUMENTS`);
- categories, subcategories and body parts: the categories table (`data/item_vocabulary.yaml`);
- diagnosis groups: `openimr.guidelines.diagnoses.GROUPS`;
- surgeries (`surgeries`, the keys of `days`): the surgeries of the categories table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import yaml

from openimr.model.facts import VALUE_KEYS, FactKind

#: Predicate list arguments and the fact (kind, key) whose enumerated values they name.
LIST_ARGUMENTS: dict[str, tuple[FactKind, str]] = {
    "modalities": (FactKind.therapy_sessions, "modality"),
    "treatments": (FactKind.treatment_trial, "treatment"),
    "types": (FactKind.injection_history, "type"),
    "devices": (FactKind.device_trial, "device"),
    "findings": (FactKind.exam_finding, "finding"),
    "imaging_categories": (FactKind.imaging_finding, "category"),
}
_ENUM = re.compile(r"^(?:optional:?\s*)?([a-z0-9_]+(?:\|[a-z0-9_]+)+)\b")


class TopicFileError(ValueError):
    """A name in a topic file that does not exist, with the path in the file where it is."""

    def __init__(self, message: str, path: Sequence[str | int]) -> None:
        super().__init__(message)
        self.message = message
        self.path = tuple(path)


@cache
def enumerated_values(kind: FactKind, key: str) -> frozenset[str] | None:
    """The values a fact key may take, when the contract enumerates them ("a|b|c")."""
    description = VALUE_KEYS.get(kind, {}).get(key)
    if description is None:
        return None
    match = _ENUM.match(description)
    return frozenset(match.group(1).split("|")) if match else None


def _is_bool(kind: FactKind, key: str) -> bool:
    return VALUE_KEYS.get(kind, {}).get(key, "").startswith("bool")


def check_fact_kind(kind: Any, path: Sequence[str | int]) -> FactKind:
    try:
        return FactKind(kind)
    except ValueError:
        known = ", ".join(sorted(k.value for k in FactKind))
        raise TopicFileError(f"unknown fact kind {kind!r} (known: {known})", path) from None


def check_where(kind: FactKind, where: dict[str, Any], path: Sequence[str | int]) -> None:
    """Every `where` key is a value key of the kind, and every value one the key can take."""
    keys = VALUE_KEYS.get(kind, {})
    for key, wanted in where.items():
        if key not in keys:
            raise TopicFileError(f"unknown value key {key!r} for fact kind {kind.value!r} "
                                 f"(known: {', '.join(sorted(keys))})", [*path, key])
        values = wanted if isinstance(wanted, list) else [wanted]
        if _is_bool(kind, key):
            for value in values:
                if not isinstance(value, bool):
                    raise TopicFileError(f"{kind.value}.{key} is true or false, not {value!r}",
                                         [*path, key])
            continue
        check_values(values, enumerated_values(kind, key), f"{kind.value}.{key}", [*path, key])


def check_values(values: Iterable[Any], allowed: frozenset[str] | None, what: str,
                 path: Sequence[str | int]) -> None:
    if allowed is None:
        return
    for index, value in enumerate(values):
        if value not in allowed:
            raise TopicFileError(f"unknown {what} value {value!r} (known: "
                                 f"{', '.join(sorted(allowed))})", [*path, index])


def check_arguments(name: str, args: dict[str, Any], path: Sequence[str | int]) -> None:
    """The names inside one predicate call: fact kinds, `where` filters, list arguments."""
    from openimr.guidelines.diagnoses import GROUPS

    kind: FactKind | None = None
    if "kind" in args:
        kind = check_fact_kind(args["kind"], [*path, "kind"])
    if "where" in args:
        if kind is None:
            raise TopicFileError(f"predicate {name!r}: `where` needs a `kind`", [*path, "where"])
        check_where(kind, args["where"] or {}, [*path, "where"])
    if kind is not None and "key" in args:
        check_where(kind, {args["key"]: [*args.get("met", []), *args.get("not_met", [])]},
                    [*path, "key"])
    for argument, (fact_kind, key) in LIST_ARGUMENTS.items():
        if argument in args:
            values = args[argument]
            if not isinstance(values, list):
                raise TopicFileError(f"{argument} is a list", [*path, argument])
            check_values(values, enumerated_values(fact_kind, key),
                         f"{fact_kind.value}.{key}", [*path, argument])
    for argument in ("surgeries", "days"):
        if argument in args:
            # Surgery keys (a list, or the keys of a surgery -> days table) of the categories table.
            from openimr.guidelines.itemparse.vocabulary import vocabulary

            keys = frozenset(s.key for s in vocabulary().surgeries)
            check_values(list(args[argument]), keys, "surgery", [*path, argument])
    if "groups" in args:
        # A group is one the ICD-10 table derives or one the extractor gives a diagnosis fact.
        groups = frozenset(g for g, _, _ in GROUPS) | (
            enumerated_values(FactKind.diagnosis, "group") or frozenset())
        check_values(args["groups"], groups, "diagnosis group", [*path, "groups"])


def check_topic_names(data: dict[str, Any]) -> None:
    """The topic's categories, subcategories and body parts exist in the categories table."""
    from openimr.guidelines.itemparse.vocabulary import vocabulary

    table = vocabulary()
    categories = data.get("categories") or []
    for index, category in enumerate(categories):
        if category not in table.names:
            raise TopicFileError(f"unknown category {category!r} (known: "
                                 f"{', '.join(sorted(table.names))})", ["categories", index])
    known_subs = {s for c in categories for s in table.subcategories_of(c)}
    for index, sub in enumerate(data.get("subcategories") or []):
        if sub not in known_subs:
            raise TopicFileError(f"unknown subcategory {sub!r} of {', '.join(categories)} "
                                 f"(known: {', '.join(sorted(known_subs))})",
                                 ["subcategories", index])
    for index, part in enumerate(data.get("body_parts") or []):
        if part not in {name for name, _ in table.body_parts}:
            raise TopicFileError(f"unknown body part {part!r}", ["body_parts", index])


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the node at `path` in a YAML document: the deepest node found, and
    for a mapping key the key itself (an unknown key is the mistake to point at)."""
    node = yaml.compose(text)
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == step), None)
            if pair is not None:
                key, child = pair
                line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and 0 <= step < len(node.value):
            child = node.value[step]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def check_criteria_names(data: dict[str, Any]) -> None:
    """Every predicate call of every criterion (nested checks too), of the topic's indication
    and of its versions' conditional sentences, names existing things."""
    indication = data.get("indication")
    if isinstance(indication, dict):
        _check_call(indication.get("predicate"), indication.get("args") or {},
                    ["indication", "args"])
    for index, version in enumerate(data.get("versions") or []):
        for position, sentence in enumerate((version or {}).get("said_when") or []):
            when = sentence.get("when") if isinstance(sentence, dict) else None
            if isinstance(when, dict):
                _check_call(when.get("predicate"), when.get("args") or {},
                            ["versions", index, "said_when", position, "when", "args"])
    for index, criterion in enumerate(data.get("criteria") or []):
        if not isinstance(criterion, dict):
            continue
        _check_call(criterion.get("predicate"), criterion.get("args") or {},
                    ["criteria", index, "args"])
        gate = criterion.get("applies_when")
        if isinstance(gate, dict):
            _check_call(gate.get("predicate"), gate.get("args") or {},
                        ["criteria", index, "applies_when", "args"])


def _check_call(name: Any, args: dict[str, Any], path: list[str | int]) -> None:
    check_arguments(str(name), args, path)
    for key, value in args.items():
        calls = value if isinstance(value, list) else [value]
        for position, call in enumerate(calls):
            if isinstance(call, dict) and "predicate" in call:
                where = [*path, key, position] if isinstance(value, list) else [*path, key]
                _check_call(call["predicate"], call.get("args") or {}, [*where, "args"])


def criterion_path(data: dict[str, Any], criterion_id: str) -> list[str | int]:
    """Where a criterion is in the file, by its id (to place an error the registry raises)."""
    for index, criterion in enumerate(data.get("criteria") or []):
        if isinstance(criterion, dict) and criterion.get("id") == criterion_id:
            return ["criteria", index]
    return ["criteria"]
