"""The trained readers' shared machinery: a class-weighted logistic regression over words
and word pairs, fitted with scikit-learn, applied with numpy.

Both the treatment-outcome reader (`outcomes`, one decision per treatment mention) and the
narrative segment reader (`segments`, one decision per kind per sentence segment) read a
text as its words, word pairs and feature tokens ("rule_...", "scue_persist") counted and
L2-normalised, and score it with one linear layer. Their classes are grouped: a group is
one softmax (the outcome reader has one group, the segment reader one per kind), so several
classifiers share one vocabulary, one weight matrix and one look-up per text.

Fitting is deterministic (lbfgs on fixed data), classes are weighted by inverse frequency
("balanced"): most texts state nothing, and unweighted the models learnt to say `none`.
Weights ship as one `weights.npz` (vocabulary, classes, groups, coefficients), so reading
imports neither scikit-learn nor scipy.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

from openimr.model import startcache
from openimr.records.lowered import CaseBlindTest
from openimr.records.prefilter import PatternGate

WEIGHTS = "weights.npz"

#: Word classes the classifiers see beside the words themselves, so that what they learn
#: from one phrasing carries to others ("still", "persists", "unchanged" are one cue).
CUES: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in [
    ("persist", r"persist\w*|\bstill\b|continues?\s+to|unchanged|\bsame\b|no\s+change|"
                r"no\s+better|\bremains?\b|outlast\w*|\bdespite\b|recur\w*|returned|came\s+back"),
    ("little", r"\blittle\b|minimal|slight\w*|barely|a\s+bit\b|somewhat|\bsome\b|partial\w*|"
               r"modest|\bmild\w*|a\s+third|in\s+half"),
    ("brief", r"for\s+(?:about\s+|only\s+)?(?:a|an|one|two|three|few|several|\d+)\s+(?:hours?|days?|"
              r"weeks?)|wore\s+off|temporar\w*|brief\w*|short-?lived|for\s+a\s+while|each\s+time"),
    ("gain", r"improv\w*|better|reduc\w*|decreas\w*|resolv\w*|relie\w*|\bhelp\w*|benefi\w*|"
             r"effective|\bworks?\b|\bgone\b|difference|progress\w*|good\s+response|\bable\b"),
    ("neg", r"\bno\b|\bnot\b|n't\b|without|nothing|never|neither|\bnor\b"),
    ("side", r"side\s+effects?|dizz\w*|drows\w*|sedat\w*|grogg\w*|nause\w*|constipat\w*|"
             r"stomach|(?-i:GI)\s+upset|rash|itch\w*|dry\s+mouth|sleepy|hung\s*over|drugged|"
             r"unsteady|sexual|weight\s+gain|tolerat\w*|intoleran\w*|foggy|confus\w*"),
    ("stop", r"\bstopped\b|discontinu\w*|\bd/c\w*|\bquit\b|tapered\s+off|weaned|switched"),
    ("course", r"completed|finished|\d+\s+(?:sessions|visits|treatments)|\bcourse\b|\btried\b|"
               r"trials?\b|\bs/p\b|status\s+post|has\s+had|underwent"),
    ("current", r"continues?\b|currently|\buses?\b|using|wearing|taking|takes|ongoing|"
                r"\bstarted\b|\bcontinue\b"),
    ("fail", r"fail\w*|ineffective|unsuccessful|refractory|exhausted"),
    ("worse", r"worse|worsen\w*|increas\w*|↑|flare\w*|aggravat\w*|hurts\s+more"),
    ("plan", r"\bplan\b|recommend\w*|request\w*|\bwill\b|consider\w*|authoriz\w*|refer\w*"),
]]
_PERCENT_RE = re.compile(r"(\d{1,3})\s*(?:%|percent)")


def cues(text: str, prefix: str) -> list[str]:
    """The word classes found in `text`, as feature tokens ("scue_persist")."""
    return [f"{prefix}cue_{name}" for name in _cue_names(text)]


@lru_cache(maxsize=1024)
def _cue_names(text: str) -> tuple[str, ...]:
    """The word classes of a text, cached: the readers look at the same sentence and its
    parts several times (a third of the texts were empty, half seen before)."""
    if not text:
        return ()
    low = text.lower() if text.isascii() else None
    tests = _cue_tests()
    found = [CUES[index][0] for index in _cue_gate().candidates(text)
             if tests[index].found_in(text, low)]
    for match in _PERCENT_RE.finditer(text):
        found.append(f"pct_{'high' if int(match.group(1)) >= 50 else 'low'}")
    return tuple(found)


@cache
def _cue_tests() -> tuple[CaseBlindTest, ...]:
    """Each cue asked over the lower-cased text (`lowered.CaseBlindTest`)."""
    return tuple(CaseBlindTest(pattern) for _name, pattern in CUES)


@cache
def _cue_gate() -> PatternGate:
    """The cues whose literals a text holds (`prefilter`), found in one pass: a cue's own
    expression, case-blind and without a literal prefix, cost 10-45 us on a short segment."""
    return PatternGate(pattern.pattern for _name, pattern in CUES)


def features(text: str) -> Counter[str]:
    """The words and word pairs of a classifier text, counted."""
    words = text.lower().split()
    return Counter([*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))])


def _norm(found: Counter[str]) -> float:
    return math.sqrt(sum(n * n for n in found.values())) or 1.0


def _normalised(found: Counter[str]) -> list[tuple[str, float]]:
    norm = _norm(found)
    return [(feature, n / norm) for feature, n in found.items()]


def fit(groups: dict[str, tuple[Sequence[str], Sequence[str]]], out_dir: Path, *,
        c: float = 4.0, min_count: int = 1) -> tuple[dict[str, list[str]], int]:
    """Fit one balanced multinomial regression per group ({group: (texts, labels)}) over a
    shared vocabulary and save them together in `out_dir/weights.npz`; returns each group's
    classes and the number of features. Features seen in fewer than `min_count` texts are left out (most word pairs
    are seen once: they teach little and made the weights 7 MB)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counted = {name: [features(text) for text in texts] for name, (texts, _l) in groups.items()}
    texts = dict.fromkeys(text for group_texts, _l in groups.values() for text in group_texts)
    seen = Counter(f for text in texts for f in features(text))
    vocabulary = sorted(f for f, n in seen.items() if n >= min_count)
    column = {feature: index for index, feature in enumerate(vocabulary)}
    coefs, intercepts, classes, owners = [], [], [], []
    out: dict[str, list[str]] = {}
    for name, (_texts, labels) in groups.items():
        rows, cols, values = [], [], []
        for row, found in enumerate(counted[name]):
            for feature, weight in _normalised(found):
                if feature not in column:
                    continue
                rows.append(row)
                cols.append(column[feature])
                values.append(weight)
        matrix = csr_matrix((values, (rows, cols)), shape=(len(labels), len(vocabulary)))
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
        model.fit(matrix, list(labels))
        coef, intercept = model.coef_, model.intercept_
        if len(model.classes_) == 2:  # binary: scikit-learn keeps one row; softmax wants two
            coef, intercept = np.vstack([-coef / 2, coef / 2]), np.array([-intercept[0] / 2,
                                                                          intercept[0] / 2])
        coefs.append(coef.T)
        intercepts.append(intercept)
        out[name] = [str(label) for label in model.classes_]
        classes.extend(out[name])
        owners.extend([name] * len(out[name]))
    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out_dir / WEIGHTS, vocabulary=np.array(vocabulary),
                        classes=np.array(classes), groups=np.array(owners),
                        # half precision: the weights of 1,070 train cases passed 8 MB in
                        # float32, and a thousandth of a weight never moves a probability
                        # across a threshold the dev scores would notice (recorded after it)
                        coef=np.hstack(coefs).astype(np.float16),
                        intercept=np.concatenate(intercepts).astype(np.float32))
    return out, len(vocabulary)


def _read_weights(path: Path) -> dict[str, Any]:
    """A `weights.npz` as plain values (`startcache.remember_apart` keeps them): its
    vocabulary is stored as fixed-width UTF-32 (31 MB of it for the outcome reader), and
    inflating it and making its strings at every start was ~0.1 s of a seed review."""
    import numpy as np

    with np.load(path) as weights:
        # `tolist()` gives Python strings in one call (a numpy scalar each, then `str`,
        # was a fifth of a seed review's start-up, issue 18)
        vocabulary = weights["vocabulary"].tolist()
        classes = weights["classes"].tolist()
        coef, intercept = weights["coef"], weights["intercept"]
        return {"column": dict(zip(vocabulary, range(len(vocabulary)), strict=True)),
                "classes": classes,
                "groups": weights["groups"].tolist() if "groups" in weights.files
                else [""] * len(classes),
                "coef": np.ascontiguousarray(coef).tobytes(), "coef_type": coef.dtype.str,
                "coef_shape": tuple(coef.shape),
                "intercept": np.ascontiguousarray(intercept).tobytes(),
                "intercept_type": intercept.dtype.str}


class LinearModel:
    """Saved regressions (`fit`), applied with numpy: per group, each class's probability."""

    def __init__(self, model_dir: Path) -> None:
        import numpy as np

        path = model_dir / WEIGHTS
        read = startcache.remember_apart("weights", startcache.source_version(__name__),
                                         path.read_bytes(), lambda: _read_weights(path))
        self.column: dict[str, int] = read["column"]
        classes, owners = read["classes"], read["groups"]
        # features x classes (all groups side by side), stored in half precision
        self.coef = np.frombuffer(read["coef"], dtype=read["coef_type"]) \
            .reshape(read["coef_shape"]).astype(np.float32)
        self.intercept = np.frombuffer(read["intercept"], dtype=read["intercept_type"]) \
            .astype(np.float64)
        self.groups: dict[str, tuple[int, int, list[str]]] = {}
        for index, (owner, label) in enumerate(zip(owners, classes, strict=True)):
            lo, _hi, names = self.groups.get(owner, (index, index, []))
            self.groups[owner] = (lo, index + 1, [*names, label])
        self._chosen: dict[tuple[str, ...], Any] = {}

    def probabilities(self, text: str, groups: Sequence[str] | None = None
                      ) -> dict[str, dict[str, float]]:
        """Per group (all, or those named), each class's probability for one text."""
        [found] = self.probabilities_of([text], groups)
        return found

    def probabilities_of(self, texts: Sequence[str], groups: Sequence[str] | None = None
                         ) -> list[dict[str, dict[str, float]]]:
        """Per text, per group (all, or those named), each class's probability: the
        softmax of its linear scores. The texts of a page are scored together: their
        features looked up in one run over all of them (`_columns_of`) and one product,
        over the columns of the named groups only (the segment reader reads 4 of its 7
        kinds as shipped). The same arithmetic, in the same order, as one text at a time."""
        import numpy as np

        coef, intercept, spans = self._columns_for(
            tuple(self.groups) if groups is None else tuple(groups))
        scores = np.tile(intercept, (len(texts), 1))
        rows, columns, weights = self._columns_of(texts)
        if len(rows):
            # rows come in order: sum each text's weighted feature rows in one call
            contributions = coef[columns] * weights.astype(np.float32)[:, None]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            scores[rows[starts]] += np.add.reduceat(contributions, starts, axis=0)
        out: list[dict[str, dict[str, float]]] = [{} for _ in texts]
        for name, lo, hi, names in spans:
            part = scores[:, lo:hi]
            exp = np.exp(part - part.max(axis=1, keepdims=True))
            for found, probabilities in zip(out, (exp / exp.sum(axis=1, keepdims=True)).tolist(),
                                            strict=True):
                found[name] = dict(zip(names, probabilities, strict=True))
        return out

    def _columns_for(self, groups: tuple[str, ...]
                     ) -> tuple[Any, Any, list[tuple[str, int, int, list[str]]]]:
        """The weights and intercepts of these groups' classes side by side (made once per
        choice of groups), and where each group's classes are among them."""
        import numpy as np

        found = self._chosen.get(groups)
        if found is None:
            spans, columns = [], []
            for name in groups:
                lo, hi, names = self.groups[name]
                spans.append((name, len(columns), len(columns) + hi - lo, names))
                columns.extend(range(lo, hi))
            found = self._chosen[groups] = (np.ascontiguousarray(self.coef[:, columns]),
                                            self.intercept[columns], spans)
        return found

    def _columns_of(self, texts: Sequence[str]) -> tuple[Any, Any, Any]:
        """(row, column, weight) of every known feature of the texts, in the texts' order
        and each text's features in `features`' order: its counts over the norm of all of
        its features (known or not), as `_normalised` gives them. The look-ups run in C
        (`map`) over all the texts; the weights are divided in numpy, the same float64
        division as `n / norm`."""
        import numpy as np

        column = self.column.get
        pair = "{} {}".format
        columns: list[int] = []
        counts: list[int] = []
        norms: list[float] = []
        lengths: list[int] = []
        for text in texts:
            words = text.lower().split()
            # `features`: the words, then the word pairs, counted in order of first sight
            found = Counter(words)
            found.update(map(pair, words, words[1:]))
            n = found.values()
            norms.append(math.sqrt(math.sumprod(n, n)) or 1.0)  # `_norm`: exact on ints
            columns.extend(map(column, found, repeat(-1)))
            counts.extend(n)
            lengths.append(len(found))
        if not columns:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0)
        index = np.array(columns, dtype=np.intp)
        known = index >= 0
        weights = np.array(counts, dtype=np.float64) / np.repeat(np.array(norms), lengths)
        rows = np.repeat(np.arange(len(texts)), lengths)
        return rows[known], index[known], weights[known]
