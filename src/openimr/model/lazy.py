"""Package attributes imported on first use, so that `import openimr.x` stays cheap.

`openimr --help` imports every package's commands; importing each package's public names
eagerly would build every pydantic model and load spaCy first (issue 18: --help < 0.5 s).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` serving `exports` (name -> submodule of `package`)."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(importlib.import_module(package), name, value)  # later look-ups are direct
        return value

    return __getattr__
