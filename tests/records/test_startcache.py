"""The start cache (issue 18): compiled patterns and derived values kept on disk give the
same results as computing them, a damaged or foreign file is ignored and rebuilt, and an
edited text or function is never served an old value."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from openimr.model import startcache, yamltext

PATTERNS = [
    (r"(?P<count>\d+)\s*(?:x|times)\s*(?:per|a|/)\s*(?P<unit>week|wk)", re.IGNORECASE),
    (r"(?<![A-Za-z])(?:low\s+back|lumbar)\s+pain(?=\W|$)", 0),
    (r"(?i)caf[ée]\b|naïve", 0),
    (r"^(\w+):\s*(.*)$", re.MULTILINE),
    (r"(a)(b)?(?(2)c|d)", 0),
    (rb"\x00[\x01-\x7f]+", 0),
]
SAMPLES = ["PT 2x per week for 4 weeks", "Low back pain, 6/10", "naïve café", "Plan: rest\nA: ok",
           "abc ad", "LUMBAR   pain."]


def _cache(tmp_path: Path) -> startcache.StartCache:
    cache = startcache.StartCache(tmp_path / "start.bin")
    cache._original = startcache._compiler.compile
    return cache


def _same(cached: re.Pattern, fresh: re.Pattern) -> None:
    assert (cached.pattern, cached.flags, cached.groups, cached.groupindex) == \
        (fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
    for sample in SAMPLES:
        text: str | bytes = sample.encode() + b"\x00\x05ab" if isinstance(cached.pattern, bytes) \
            else sample
        assert [(m.span(), m.groups()) for m in cached.finditer(text)] == \
            [(m.span(), m.groups()) for m in fresh.finditer(text)]


def test_a_pattern_from_the_file_is_the_pattern_compiled_afresh(tmp_path: Path) -> None:
    writer = _cache(tmp_path)
    for pattern, flags in PATTERNS:
        writer.compile(pattern, flags)
    assert writer.added == len(PATTERNS)
    writer.save()

    reader = _cache(tmp_path)
    reader.load()
    for pattern, flags in PATTERNS:
        _same(reader.compile(pattern, flags), startcache._sre.compile(
            pattern, *startcache._entry(pattern, flags)))
        _same(reader.compile(pattern, flags), re.compile(pattern, flags))
    assert (reader.hits, reader.added) == (2 * len(PATTERNS), 0)


def test_a_damaged_file_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    writer = _cache(tmp_path)
    writer.compile(r"gait\s+\w+", 0)
    writer.save()
    content = bytearray((tmp_path / "start.bin").read_bytes())
    content[-5] ^= 0xFF
    (tmp_path / "start.bin").write_bytes(bytes(content))

    reader = _cache(tmp_path)
    reader.load()
    assert reader.known == {}
    reader.compile(r"gait\s+\w+", 0)
    assert reader.added == 1
    reader.save()
    again = _cache(tmp_path)
    again.load()
    assert list(again.known) == [(r"gait\s+\w+", 0)]


def test_code_the_engine_refuses_is_compiled_afresh(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    flags, code, groups, groupindex, indexgroup = startcache._entry(r"spasms?", 0)
    cache.known[(r"spasms?", 0)] = (flags, [*code[:-3], 99999], groups, groupindex, indexgroup)
    _same(cache.compile(r"spasms?", 0), re.compile(r"spasms?"))
    assert cache.added == 1


def test_a_derived_value_is_keyed_by_the_text_and_the_functions_version(tmp_path: Path,
                                                                        monkeypatch) -> None:
    cache = _cache(tmp_path)
    monkeypatch.setattr(startcache, "_active", cache)
    calls: list[str] = []

    def compute(text: str, version: str) -> str:
        return startcache.remember("kind", version, text,
                                   lambda: calls.append(text) or text.upper())

    assert compute("a", "v1") == "A"
    assert compute("a", "v1") == "A"
    assert calls == ["a"]
    compute("b", "v1")
    compute("a", "v2")  # the function changed: computed again
    assert calls == ["a", "b", "a"]
    cache.save()
    reader = _cache(tmp_path)
    reader.load()
    assert len(reader.derived) == 3


def test_yaml_from_the_cache_is_the_parsed_yaml(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(startcache, "_active", _cache(tmp_path))
    text = "id: x\nin_force: {start: 2009-07-18}\nat: 2020-01-02 03:04:05+01:00\n" \
           "pages: [98, 99]\nratio: 0.5\nnone: null\n"
    parsed = yamltext.load_yaml(text)
    assert parsed["in_force"]["start"] == dt.date(2009, 7, 18)
    cached = yamltext.load_yaml(text)
    assert cached == parsed and cached is not parsed
    cached["pages"].append(100)  # a caller's change stays the caller's
    assert yamltext.load_yaml(text)["pages"] == [98, 99]
    assert yamltext.load_yaml(text.replace("99", "100"))["pages"] == [98, 100]


def test_the_yaml_cache_unpickles_data_only() -> None:
    with pytest.raises(pickle.UnpicklingError):
        yamltext._SafeUnpickler(__import__("io").BytesIO(pickle.dumps(Path("x")))).load()


def test_a_second_process_compiles_nothing_and_reviews_alike(tmp_path: Path) -> None:
    """Two fresh processes on an empty cache folder: the second reads every pattern and
    derived value from the file, and reviews the seed case the same way."""
    script = (
        "import json, openimr\n"
        "from openimr.model import startcache\n"
        "from openimr.review import review_case_file\n"
        "from pathlib import Path\n"
        "review = review_case_file(Path('examples/cases/seed-lumbar-pt.json'))\n"
        "cache = startcache._active\n"
        "print(json.dumps({'hits': cache.hits, 'added': cache.added,\n"
        "                  'review': review.determination.model_dump(mode='json')}))\n")
    environment = {**os.environ, "OPENIMR_CACHE_DIR": str(tmp_path), "OPENIMR_START_CACHE": "1"}
    root = Path(__file__).resolve().parents[2]
    runs = [json.loads(subprocess.run([sys.executable, "-c", script], cwd=root, env=environment,
                                      capture_output=True, text=True, check=True).stdout)
            for _ in range(2)]
    assert runs[0]["added"] > 500 and runs[1]["added"] == 0
    assert runs[1]["hits"] > 500
    assert runs[0]["review"] == runs[1]["review"]


def test_a_file_grown_too_large_keeps_only_what_a_process_used(tmp_path: Path,
                                                                 monkeypatch) -> None:
    writer = _cache(tmp_path)
    for pattern, flags in PATTERNS:  # an earlier version's patterns
        writer.compile(pattern, flags)
    writer.save()
    size = (tmp_path / "start.bin").stat().st_size
    monkeypatch.setattr(startcache, "MAX_BYTES", size // 2)

    reader = _cache(tmp_path)
    reader.load()
    pattern, flags = PATTERNS[0]
    reader.compile(pattern, flags)  # this process uses one of them, and adds nothing
    assert reader.added == 0
    reader.save()

    after = _cache(tmp_path)
    after.load()
    assert list(after.known) == [(pattern, int(flags))]


def test_a_value_kept_apart_is_read_back_and_a_damaged_file_recomputed(tmp_path: Path,
                                                                       monkeypatch) -> None:
    monkeypatch.setattr(startcache, "_active", _cache(tmp_path))
    calls: list[bytes] = []

    def derive(source: bytes, version: str = "v1") -> dict:
        return startcache.remember_apart("sample", version, source, lambda: calls.append(
            source) or {"words": source.decode().split(), "raw": source})

    first = derive(b"knee brace trial")
    assert derive(b"knee brace trial") == first == \
        {"words": ["knee", "brace", "trial"], "raw": b"knee brace trial"}
    assert len(calls) == 1
    [kept] = tmp_path.glob("sample-*.bin")
    content = bytearray(kept.read_bytes())
    content[-2] ^= 0xFF
    kept.write_bytes(bytes(content))
    assert derive(b"knee brace trial") == first  # damaged: computed again and rewritten
    assert len(calls) == 2
    derive(b"knee brace trial", "v2")  # another version of the function: another file
    derive(b"knee brace trials")  # another source: another file
    assert len(calls) == 4 and len(list(tmp_path.glob("sample-*.bin"))) == 3


def test_files_kept_apart_are_pruned_to_the_newest(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(startcache, "_active", _cache(tmp_path))
    monkeypatch.setattr(startcache, "KEEP_APART", 2)
    for index in range(4):
        startcache.remember_apart("sample", "v1", str(index).encode(), lambda i=index: i)
        for old, path in enumerate(sorted(tmp_path.glob("sample-*.bin"))):
            os.utime(path, (old, old))  # strictly older than the next one written
    assert len(list(tmp_path.glob("sample-*.bin"))) == 2


def test_trained_weights_from_the_cache_are_the_weights_read_afresh(tmp_path: Path,
                                                                     monkeypatch) -> None:
    import numpy as np

    from openimr.records import linear, outcomes, trained

    monkeypatch.setattr(startcache, "_active", _cache(tmp_path))
    for model_dir in (trained.MODEL_DIR, outcomes.MODEL_DIR):
        if not (model_dir / linear.WEIGHTS).is_file():
            continue
        with np.load(model_dir / linear.WEIGHTS) as weights:
            vocabulary = [str(word) for word in weights["vocabulary"]]
            classes = [str(label) for label in weights["classes"]]
            coef = weights["coef"].astype(np.float32)
            intercept = weights["intercept"].astype(np.float64)
        for _ in range(2):  # computed and written, then read from the file
            cached = linear.LinearModel(model_dir)
            assert list(cached.column) == vocabulary
            assert list(cached.column.values()) == list(range(len(vocabulary)))
            assert [label for _lo, _hi, names in cached.groups.values() for label in names] \
                == classes
            assert cached.coef.dtype == coef.dtype and cached.coef.shape == coef.shape
            assert (cached.coef == coef).all() and (cached.intercept == intercept).all()
            assert cached.intercept.dtype == intercept.dtype
            assert cached.coef.flags.writeable and cached.intercept.flags.writeable
        assert len(list(tmp_path.glob("weights-*.bin"))) >= 1
