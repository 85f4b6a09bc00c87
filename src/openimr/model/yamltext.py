"""YAML read through libyaml when PyYAML was built with it, and kept on disk between starts.

About ninety YAML files (the knowledge base, the reading rules, the vocabularies) are read
at every start; with the pure-Python parser that was a third of a seed review's time, and
even with libyaml building the values is done in Python (about 0.2 s, issue 18). So the
data of a text is kept in the start cache (`startcache`), keyed by the text's digest and
the loader's version, as a pickle restricted to what a safe loader builds: an edited file
is a new key, and a cached value is the same data a parse gives. Both loaders build the
same safe values and raise `yaml.YAMLError` with marks.
"""

from __future__ import annotations

import datetime as dt
import io
import pickle
from typing import Any

import yaml

from openimr.model import startcache

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The loader's version: what the cached data was built with.
_VERSION = f"{yaml.__version__}:{_LOADER.__name__}:{startcache.LAYOUT}"
#: The only classes a safe loader builds besides plain containers and scalars.
_SAFE_CLASSES = {("datetime", "date"): dt.date, ("datetime", "datetime"): dt.datetime,
                 ("datetime", "timedelta"): dt.timedelta, ("datetime", "timezone"): dt.timezone}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _SAFE_CLASSES[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not YAML data") from None


def load_yaml(text: str | bytes) -> Any:
    """`yaml.safe_load`, fast: plain data only (no Python objects, no tags beyond YAML's)."""
    stored = startcache.remember("yaml", _VERSION, text, lambda: pickle.dumps(
        yaml.load(text, Loader=_LOADER), protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S506 - a safe loader
    return _SafeUnpickler(io.BytesIO(stored)).load()
