"""What every start of openimr computes the same way, kept on disk between processes
(issue 18: a seed review in under 1.5 s).

**Compiled regular expressions.** A seed review compiles about 1,500 of them (the reading
rules, the kinds' value parsers, the guideline vocabularies, spaCy's tokenizer): `re`
parses each one and turns it into matcher code in pure Python, about 0.4 ms apiece. The
matcher code of a pattern depends only on the pattern's text, its flags and the
interpreter's regular-expression engine, so it is kept here and handed straight to the
engine (`_sre.compile`) by the next process: the same `re.Pattern`, built in microseconds.
Entries are keyed by (pattern text, flags): a changed rule is a new key, compiled as usual,
so a rule file never makes the cache stale.

**Values derived from a text by a pure function** (`remember`, `derived_from_pattern`): the
required literals of a rule's pattern, the data of a YAML file. Their key holds a digest of
the text and a version of the function (the digest of its module's source), so an edited
file or an edited function is a new key.

**Values of megabytes** (`remember_apart`: the trained readers' vocabularies and weights)
are kept in files of their own beside the table, named by the digest of what they are
derived from, so a process reads only the ones it needs and the table stays small.

The file's name carries the interpreter version and the regex engine's magic number and
code size, so another Python never reads it; its content carries a SHA-256, and a file that
does not verify, or code the engine refuses (`_sre.compile` validates it), is ignored and
rebuilt. What a process added is written when it exits (a temporary file renamed, so
concurrent processes never read half a file). Results are the same with or without it.

`OPENIMR_CACHE_DIR` names the folder (default: `$XDG_CACHE_HOME/openimr`, else
`~/.cache/openimr`); `OPENIMR_START_CACHE=0` turns the cache off.
"""

from __future__ import annotations

import _sre
import atexit
import contextlib
import hashlib
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: (pattern, flags) -> the arguments of `_sre.compile` after the pattern itself.
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

#: More entries than this and only the ones this process used are written back.
MAX_ENTRIES = 20_000
#: A file larger than this is rewritten with only what this process used: entries of
#: earlier versions (an upgrade, another checkout) would otherwise be read at every start.
MAX_BYTES = 6_000_000
#: Bumped when the layout of the file changes.
LAYOUT = 1

_compiler: Any = re._compiler  # type: ignore[attr-defined]
_parser: Any = re._parser  # type: ignore[attr-defined]


def folder() -> Path:
    configured = os.environ.get("OPENIMR_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "openimr"


def cache_file() -> Path:
    """This interpreter's file: another Python version or regex engine never shares it."""
    version = hashlib.sha256(repr((LAYOUT, sys.version, sys.implementation.cache_tag,
                                   _sre.MAGIC, _sre.CODESIZE, sys.maxunicode)).encode())
    return folder() / f"start-{version.hexdigest()[:16]}.bin"


def _entry(pattern: str | bytes, flags: int) -> Entry:
    """What `re._compiler.compile` hands `_sre.compile` for a pattern (its own steps)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain ints: the code holds the engine's named opcode constants, which marshal refuses.
    return (int(flags | parsed.state.flags), [int(op) for op in code],
            int(parsed.state.groups) - 1, {str(k): int(v) for k, v in groupindex.items()},
            tuple(indexgroup))


class StartCache:
    """The table of one process: what was read from the file, and what it compiled since."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known: dict[tuple[str | bytes, int], Entry] = {}
        self.used: set[tuple[str | bytes, int]] = set()
        #: Values derived from a text by a pure function (`remember`).
        self.derived: dict[tuple[str, str, str], Any] = {}
        self.used_derived: set[tuple[str, str, str]] = set()
        #: The size of the file read: one too large is rewritten even when nothing was added.
        self.loaded_bytes = 0
        self.added = 0
        self.hits = 0
        self._original: Callable[..., re.Pattern] | None = None

    def load(self) -> None:
        """The file's entries; a missing, foreign or damaged file gives none."""
        try:
            content = self.path.read_bytes()
        except OSError:
            return
        self.loaded_bytes = len(content)
        table = _verified(content)
        if isinstance(table, dict) and isinstance(table.get("patterns"), dict) \
                and isinstance(table.get("derived"), dict):
            self.known, self.derived = table["patterns"], table["derived"]

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern:
        """`re._compiler.compile`, from the table when the pattern is in it."""
        original = self._original
        assert original is not None
        if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
            return original(pattern, flags)
        key = (pattern, int(flags))
        entry = self.known.get(key)
        if entry is not None:
            try:
                compiled = _sre.compile(pattern, *entry)
            except (RuntimeError, TypeError, ValueError):  # refused: compile it afresh
                del self.known[key]
            else:
                self.used.add(key)
                self.hits += 1
                return compiled
        entry = _entry(pattern, flags)
        compiled = _sre.compile(pattern, *entry)
        self.known[key] = entry
        self.used.add(key)
        self.added += 1
        return compiled

    def save(self) -> None:
        """Write the table back when this process compiled something new, or when the file
        read was too large (then with only what this process used)."""
        if not self.added and self.loaded_bytes <= MAX_BYTES:
            return
        patterns = self.known if len(self.known) <= MAX_ENTRIES else \
            {key: self.known[key] for key in self.used}
        derived = self.derived if len(self.derived) <= MAX_ENTRIES else {}
        try:
            payload = marshal.dumps({"patterns": patterns, "derived": derived})
        except ValueError:  # a derived value marshal cannot write: keep the patterns
            payload = marshal.dumps({"patterns": patterns, "derived": {}})
            self.derived = {}
        if len(payload) > MAX_BYTES:
            payload = marshal.dumps({
                "patterns": {key: self.known[key] for key in self.used if key in self.known},
                "derived": {key: self.derived[key] for key in self.used_derived
                            if key in self.derived}})
        _write(self.path, payload)
        self.added = 0


_MISSING = object()


def _verified(content: bytes) -> Any:
    """The value a file of the cache holds (its SHA-256, then the marshalled value), or
    `_MISSING` when it does not verify."""
    digest, payload = content[:32], memoryview(content)[32:]  # no copy of megabytes
    if hashlib.sha256(payload).digest() != digest:
        return _MISSING
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return _MISSING


def _write(path: Path, payload: bytes) -> None:
    """Write a file of the cache: a temporary file renamed, so concurrent processes never
    read half a file; a folder that cannot be written leaves the cache unwritten."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".start-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


_active: StartCache | None = None


def remember(kind: str, version: str, text: str | bytes, compute: Callable[[], Any]) -> Any:
    """What `compute` derives from `text` (a plain value marshal can write), from the cache
    when this kind, version and text were seen before."""
    cache = _active
    if cache is None:
        return compute()
    body = text.encode("utf-8") if isinstance(text, str) else text
    key = (kind, version, hashlib.sha256(body).hexdigest())
    cache.used_derived.add(key)
    try:
        return cache.derived[key]
    except KeyError:
        value = cache.derived[key] = compute()
        cache.added += 1
        return value


#: Files of one kind kept by `remember_apart`, the newest: each retraining or checkout adds
#: one, and an older one is read again only by an older checkout.
KEEP_APART = 6


def remember_apart(kind: str, version: str, source: bytes, compute: Callable[[], Any]) -> Any:
    """What `compute` derives from `source` (a plain value marshal can write), kept in a
    file of its own: for values of megabytes, which the table would read at every start.
    The file is named by the digest of the kind, the version, the interpreter and the
    source, and verified by its SHA-256 like the table; a missing or damaged file is
    computed again and rewritten at once."""
    cache = _active
    if cache is None:
        return compute()
    key = hashlib.sha256(repr((LAYOUT, kind, version, sys.version)).encode()
                         + hashlib.sha256(source).digest()).hexdigest()
    path = cache.path.parent / f"{kind}-{key[:32]}.bin"
    try:
        value = _verified(path.read_bytes())
    except OSError:
        value = _MISSING
    if value is not _MISSING:
        return value
    value = compute()
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return value
    _write(path, payload)
    kept = sorted(path.parent.glob(f"{kind}-*.bin"), key=_modified, reverse=True)
    for old in kept[KEEP_APART:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return value


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def source_version(module_name: str) -> str:
    """The digest of a module's source: the version of the functions it defines."""
    module = sys.modules[module_name]
    return hashlib.sha256(Path(module.__file__ or "").read_bytes()).hexdigest()


def derived_from_pattern(function: Callable[[str], Any]) -> Callable[[str], Any]:
    """Remember on disk, with the compiled patterns, what a pure function derives from a
    pattern's text (plain values: str, numbers, tuples, frozensets, None). The key holds a
    digest of the function's module source, so an edit of that module forgets the values."""
    name = f"{function.__module__}.{function.__qualname__}"
    version: list[str] = []

    def remembered(pattern: str) -> Any:
        if _active is None:
            return function(pattern)
        if not version:
            version.append(source_version(function.__module__))
        return remember(name, version[0], pattern, lambda: function(pattern))

    remembered.__doc__, remembered.__wrapped__ = function.__doc__, function  # type: ignore[attr-defined]
    return remembered


def install() -> StartCache | None:
    """Read the cache and route this process's regex compilation through it (once; None
    when it is off)."""
    global _active
    if _active is not None or os.environ.get("OPENIMR_START_CACHE", "1") == "0":
        return _active
    cache = StartCache(cache_file())
    cache.load()
    cache._original = _compiler.compile
    _compiler.compile = cache.compile
    atexit.register(cache.save)
    _active = cache
    return cache


def uninstall() -> None:
    """Put `re` back as it was (the table is written first)."""
    global _active
    if _active is None:
        return
    _active.save()
    _compiler.compile = _active._original
    atexit.unregister(_active.save)
    _active = None
