"""Import spaCy without its command line.

`import spacy` runs `from .cli.info import info`, which imports every spaCy CLI command
and with them weasel, requests, urllib3 and the CLI's config schemas: about 0.3 s of a
1.5 s start-up budget (issue 18) for code openimr never runs. While spaCy's own package
executes, `spacy.cli` and `spacy.cli.info` are stand-ins; they leave `sys.modules` as soon
as it is done, so a later `import spacy.cli` (or `spacy.info()`) gets the real modules.

`install()` is called when `openimr.records` is imported, before any of its modules can
import spaCy, whichever of them comes first (the pipeline, the trained readers).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Sequence
from typing import Any

_STANDINS = ("spacy.cli", "spacy.cli.info")


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, imported on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _Loader(importlib.abc.Loader):
    def __init__(self, real: importlib.abc.Loader) -> None:
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.real.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        placed = [name for name in _STANDINS if name not in sys.modules]
        for name in placed:
            standin = types.ModuleType(name)
            standin.info = _info  # type: ignore[attr-defined]
            sys.modules[name] = standin
        try:
            self.real.exec_module(module)
        finally:
            for name in placed:
                if sys.modules.get(name) is not None and getattr(
                        sys.modules[name], "info", None) is _info:
                    del sys.modules[name]


class _Finder(importlib.abc.MetaPathFinder):
    """Wraps the loader of the top-level `spacy` package, once."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != "spacy":
            return None
        uninstall()
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


_FINDER = _Finder()


def install() -> None:
    """Have the first `import spacy` skip spaCy's command line (a no-op once imported)."""
    if "spacy" not in sys.modules and _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def uninstall() -> None:
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
