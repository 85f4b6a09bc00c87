"""The fact kinds the extractor knows: each a `KindSpec` (trigger rules + value parser)."""

from __future__ import annotations

from functools import cache

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

    return tuple([*diagnosis.specs(), *therapy.SPECS, *function.SPECS, *medication.SPECS, *exam.SPECS, *clinical.SPECS, *psych.SPECS,
                  *history.SPECS])


@cache
def spec_by_kind() -> dict[str, KindSpec]:
    return {spec.kind.value: spec for spec in all_specs()}


__all__ = ["Found", "KindSpec", "Mention", "Trigger", "all_specs", "spec_by_kind"]
