"""The fact kinds the extractor knows: each a `KindSpec` (trigger rules + value parser)."""

from __future__ import annotations

from functools import cache

from openimr.model.facts import VALUE_MODELS
from openimr.records.kinds.base import Found, KindSpec, Mention, Trigger


@cache
def all_specs() -> tuple[KindSpec, ...]:
    from openimr.records.kinds import (
        clinical,
        diagnosis,
        exam,
        function,
        history,
        medication,
        psych,
        therapy,
    )

    specs = (*diagnosis.specs(), *therapy.SPECS, *function.SPECS, *medication.SPECS,
             *exam.SPECS, *clinical.SPECS, *psych.SPECS, *history.SPECS)
    declared = [spec.kind.value for spec in specs]
    missing = sorted(set(VALUE_MODELS) - set(declared))
    twice = sorted({name for name in declared if declared.count(name) > 1})
    if missing or twice:  # a kind is declared once in model.facts and read by one spec
        raise RuntimeError(f"fact kinds without rules: {missing}; with two specs: {twice}")
    return specs


@cache
def spec_by_kind() -> dict[str, KindSpec]:
    return {spec.kind.value: spec for spec in all_specs()}


__all__ = ["Found", "KindSpec", "Mention", "Trigger", "all_specs", "spec_by_kind"]
