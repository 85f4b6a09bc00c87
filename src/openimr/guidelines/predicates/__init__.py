"""The predicate registry: small, typed, reusable checks that topic files name.

A predicate takes the `Context` and its keyword arguments from the topic file and returns an
`Outcome`. Modules in this package register predicates with `@predicate("name")`; every module
is imported here so that a topic file can name any of them.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from openimr.guidelines.context import Context, Outcome

if TYPE_CHECKING:
    from openimr.guidelines.knowledge import Topic

Predicate = Callable[..., Outcome]
PREDICATES: dict[str, Predicate] = {}


def predicate(name: str) -> Callable[[Predicate], Predicate]:
    def register(function: Predicate) -> Predicate:
        if name in PREDICATES:
            raise ValueError(f"predicate {name!r} registered twice")
        PREDICATES[name] = function
        return function

    return register


def evaluate(name: str, context: Context, args: dict) -> Outcome:
    return PREDICATES[name](context, **args)


def check_topic(topic: Topic) -> None:
    """Fail loudly at load time when a topic names an unknown predicate or argument."""
    if topic.indication is not None:
        _check_call(topic, "indication", topic.indication.predicate, topic.indication.args)
    for criterion in topic.criteria:
        calls = [(criterion.predicate, criterion.args)]
        if criterion.applies_when:
            calls.append((criterion.applies_when.predicate, criterion.applies_when.args))
        for name, args in calls:
            _check_call(topic, criterion.id, name, args)


def _check_call(topic: Topic, criterion_id: str, name: str, args: dict) -> None:
    where = (f"topic {topic.id!r}, its indication" if criterion_id == "indication"
             else f"topic {topic.id!r}, criterion {criterion_id!r}")
    if name not in PREDICATES:
        raise ValueError(f"{where}: unknown predicate {name!r}")
    if not _accepts(PREDICATES[name], frozenset(args)):
        try:
            inspect.signature(PREDICATES[name]).bind(None, **args)
        except TypeError as error:
            raise ValueError(f"{where}: predicate {name!r}: {error}") from error
    for value in args.values():
        for call in value if isinstance(value, list) else [value]:
            if isinstance(call, dict) and "predicate" in call:
                _check_call(topic, criterion_id, call["predicate"], call.get("args", {}))
    named = [name for key in ("met_sets", "not_met_sets", "except_sets")
             for name in args.get(key) or []]
    if named:
        from openimr.guidelines.predicates.statements import statement_set

        try:
            statement_set(named)  # a shared list of data/statements.yaml
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from error
    parameter = args.get("limit_parameter") or args.get("parameter")
    if isinstance(parameter, str) and parameter not in topic.parameters:
        raise ValueError(f"{where}: unknown parameter {parameter!r}")


def _accepts(function: Predicate, names: frozenset[str]) -> bool:
    """Whether `function(context, **args)` binds for arguments of these names: the
    knowledge base checks ~900 calls at every start, and `inspect.signature(...).bind` cost
    ~0.04 s of them (issue 18). False only where `bind` would fail, or for a signature
    this does not read (then `bind` decides and words the error)."""
    parameters = _parameters(function)
    if parameters is None:
        return False
    allowed, required, any_keyword = parameters
    return required <= names and (names <= allowed or any_keyword)


@cache
def _parameters(function: Predicate) -> tuple[frozenset[str], frozenset[str], bool] | None:
    """(the names a call may give, those it must give, whether it takes any keyword)
    after the context, or None for a signature with other positional parameters."""
    first, *rest = [*inspect.signature(function).parameters.values()] or [None]
    if first is None or first.kind not in (first.POSITIONAL_ONLY, first.POSITIONAL_OR_KEYWORD):
        return None
    named = [p for p in rest if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    if any(p.kind is p.POSITIONAL_ONLY for p in rest):
        return None
    any_keyword = any(p.kind is p.VAR_KEYWORD for p in rest)
    if any_keyword and first.kind is first.POSITIONAL_OR_KEYWORD:
        return None  # the context's own name given as a keyword would clash
    return (frozenset(p.name for p in named),
            frozenset(p.name for p in named if p.default is p.empty), any_keyword)


def _import_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


_import_all()

__all__ = ["PREDICATES", "Context", "Outcome", "check_topic", "evaluate", "predicate"]
