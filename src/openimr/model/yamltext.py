"""YAML read through libyaml when PyYAML was built with it.

About eighty YAML files (the knowledge base, the reading rules, the vocabularies) are read
at every start; with the pure-Python parser that was a third of a seed review's time
(issue 18). Both loaders build the same safe values and raise `yaml.YAMLError` with marks.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes) -> Any:
    """`yaml.safe_load`, fast: plain data only (no Python objects, no tags beyond YAML's)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
