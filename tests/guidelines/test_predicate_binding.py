"""The predicate registry's argument check at load time (issue 18: without
`inspect.Signature.bind` per call) accepts exactly the calls `bind` accepts."""

from __future__ import annotations

import inspect
import itertools

from openimr.guidelines.predicates import PREDICATES, _accepts


def _binds(function, names) -> bool:  # type: ignore[no-untyped-def]
    try:
        inspect.signature(function).bind(None, **dict.fromkeys(names))
    except TypeError:
        return False
    return True


def _samples(function):  # type: ignore[no-untyped-def]
    parameters = list(inspect.signature(function).parameters)
    rest = parameters[1:]
    yield frozenset(rest)
    yield frozenset()
    yield frozenset(rest) | {"no_such_argument"}
    yield frozenset(rest) | set(parameters[:1])
    for size in (1, 2):
        for left_out in itertools.combinations(rest, size):
            yield frozenset(rest) - set(left_out)


def test_the_fast_check_accepts_only_what_bind_accepts() -> None:
    assert len(PREDICATES) > 20
    for name, function in PREDICATES.items():
        for names in _samples(function):
            if _accepts(function, names):
                assert _binds(function, names), (name, sorted(names))


def test_the_fast_check_decides_the_registry_s_usual_calls() -> None:
    """Every registered predicate's signature is one the fast check reads: a call that binds
    is accepted without `bind`."""
    for name, function in PREDICATES.items():
        for names in _samples(function):
            if _binds(function, names):
                assert _accepts(function, names), (name, sorted(names))


def test_signatures_it_does_not_read_go_to_bind() -> None:
    def positional(context, dose, /, *, days=1):  # type: ignore[no-untyped-def]
        return None

    def open_ended(context, **options):  # type: ignore[no-untyped-def]
        return None

    def keyword_context(*, context, dose):  # type: ignore[no-untyped-def]
        return None

    assert not _accepts(positional, frozenset({"days"}))
    assert not _accepts(open_ended, frozenset({"anything"}))
    assert not _accepts(keyword_context, frozenset({"dose"}))
    assert _binds(open_ended, {"anything"})
