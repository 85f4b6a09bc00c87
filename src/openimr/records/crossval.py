"""How each narrative kind is read, chosen by cross-validation on the train cases.

`make train` chose each kind's mode (`rules`, `union`, `gated`, `trained`) and threshold by
the score of the development sets. With 40 dev cases that choice fitted them: dev micro F1
0.82, the blind sets 0.68-0.73. Here the v2 train cases are dealt into `FOLDS` folds,
whole cases at a time (a case's copied-forward text never sits on both sides), with a fixed
seed; per fold the segment classifiers are fitted on the other folds and the v1 gold set,
and read the fold's segments as they would be read (`trained.is_read`: the rules' findings
or the prefilter learnt without the fold). Every mode and threshold is scored on these
out-of-fold readings segment by segment: a label predicted in a segment matches an
annotated one of the same label there (the evaluator's kind, key value and negation; a
fact belongs to the segment its quote starts in). The development sets are then scored
once, with the modes chosen, as a held-out score.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from tempfile import TemporaryDirectory

from openimr.records import linear, trained
from openimr.records.evaluation import KindScore, load_cases
from openimr.records.trained import GATE, NONE, Segment, parse_label

FOLDS = 5
SEED = 11
WORKERS = 2  # `make train` runs on the project's 2 cores
Trial = tuple[str, float | None]


@dataclass(frozen=True)
class HeldOut:
    """A held-out segment, each kind's probabilities from the classifiers fitted without
    its fold, and the kinds they read it for (`trained.is_read`, with that fold's
    prefilter)."""

    segment: Segment
    cats: dict[str, dict[str, float]]
    read: frozenset[str]  # the kinds it is read for


def deal(cases: Iterable[str], folds: int = FOLDS, seed: int = SEED) -> dict[str, int]:
    """Each case's fold: the cases in name order, shuffled with `seed`, dealt in turn."""
    ordered = sorted(set(cases))
    random.Random(seed).shuffle(ordered)
    return {case: index % folds for index, case in enumerate(ordered)}


def out_of_fold(segments: Sequence[Segment], held: Callable[[Segment], bool], *,
                folds: int = FOLDS, seed: int = SEED, c: float = 4.0,
                workers: int = WORKERS) -> list[HeldOut]:
    """Every segment `held` picks, read by classifiers fitted without its fold (the
    segments `held` does not pick are always in the fitting). The folds are fitted in
    `workers` processes (each fit is deterministic, so the result is the same)."""
    kept = [s for s in segments if not held(s)]
    tested = [s for s in segments if held(s)]
    fold_of = deal((s.case for s in tested), folds, seed)
    tasks = [(kept + [s for s in tested if fold_of[s.case] != fold],
              [s for s in tested if fold_of[s.case] == fold], c) for fold in range(folds)]
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            read = list(pool.map(_read_fold, tasks))
    else:
        read = [_read_fold(task) for task in tasks]
    return [HeldOut(s, cats, passed) for (_f, mine, _c), found in zip(tasks, read, strict=True)
            for s, (cats, passed) in zip(mine, found, strict=True)]


def _read_fold(task: tuple[list[Segment], list[Segment], float]
               ) -> list[tuple[dict[str, dict[str, float]], frozenset[str]]]:
    """Fit on a fold's others, read its own: per segment, the probabilities and the kinds
    the extractor would read it for."""
    fitted, mine, c = task
    with TemporaryDirectory() as tmp:
        _classes, _size, words = trained.fit_segments(fitted, Path(tmp), c=c)
        model = linear.LinearModel(Path(tmp))
    keywords = frozenset(words)
    found = model.probabilities_of([s.text for s in mine], sorted(model.groups))
    return [(cats, trained.is_read(s.said, bool(s.ruled), keywords))
            for s, cats in zip(mine, found, strict=True)]


def score(held: Iterable[HeldOut], kind: str, trial: Trial) -> KindScore:
    """One kind read in one mode (at one threshold) over the held-out segments."""
    mode, threshold = trial
    total = KindScore(kind)
    for item in held:
        gold = {label for label in item.segment.labels if parse_label(label)[0] == kind}
        ruled = {label for label in item.segment.ruled if parse_label(label)[0] == kind}
        cats = item.cats.get(kind) if kind in item.read else None
        read = set() if cats is None or threshold is None else {
            label for label, _value in trained.labelled_values(
                kind, cats, threshold, item.segment.said)}
        if mode == "rules":
            predicted = ruled
        elif mode == "gated":
            predicted = ruled if cats is None or 1.0 - cats.get(NONE, 0.0) >= GATE else set()
        elif mode == "union":
            predicted = ruled or read
        else:
            predicted = read
        total.support += len(gold)
        total.predicted += len(predicted)
        total.matched += len(gold & predicted)
    return total


def scores(held: list[HeldOut], kinds: Iterable[str], trials: Iterable[Trial]
           ) -> dict[Trial, dict[str, KindScore]]:
    """Per trial, per kind and summed ("all"), the held-out scores."""
    out: dict[Trial, dict[str, KindScore]] = {}
    for trial in trials:
        per_kind = {kind: score(held, kind, trial) for kind in kinds}
        total = KindScore("all")
        for found in per_kind.values():
            total.support += found.support
            total.predicted += found.predicted
            total.matched += found.matched
        out[trial] = {**per_kind, "all": total}
    return out


#: The kinds read from treatment mentions and their results: the outcome reader's and the
#: injection responses (issue 11 §4), with the links from them to what they judge.
OUTCOME_KINDS = ("treatment_trial", "injection_history")


def outcome_scores(cases_dir: Path, fitted: Iterable[Path] = (), *,
                   threshold: float | None = None, folds: int = FOLDS,
                   seed: int = SEED) -> dict[str, KindScore]:
    """Treatment outcomes and injection responses read out of fold on a set of cases: per
    fold the outcome reader is fitted on the other folds' cases (and always on `fitted`'s
    sets), and the fold's cases are read with it as `openimr eval extraction` reads them.
    Per kind of `OUTCOME_KINDS`, and "links" (their `about` pairs, both ends matched).
    The shipped reader was trained on the train cases, so scoring it there flatters it;
    this is the honest train score (`python -m openimr.records.crossval`)."""
    from openimr.records import outcomes
    from openimr.records.evaluation import _match
    from openimr.records.extract import extract_facts

    cases = load_cases(cases_dir)
    name = trained.source_name(cases_dir)
    examples = list(outcomes.cased_examples([*fitted, cases_dir]))
    fold_of = deal((f"{name}/{case.id}" for case in cases), folds, seed)
    if threshold is None:
        shipped = outcomes.reader()
        threshold = shipped.meta.get("threshold", outcomes.THRESHOLD) if shipped else \
            outcomes.THRESHOLD
    kinds: dict[str, KindScore] = {}
    links = KindScore("links")
    for fold in range(folds):
        with TemporaryDirectory() as tmp:
            meta = outcomes.fit([(m, label) for case, m, label in examples
                                 if fold_of.get(case) != fold], Path(tmp))
            trained.write_meta(Path(tmp), {**meta, "threshold": threshold})
            with outcomes.reading_with(Path(tmp)):
                for case in cases:
                    if fold_of[f"{name}/{case.id}"] != fold:
                        continue
                    predicted = extract_facts(case.documents)
                    matched = _match(case.facts, predicted, kinds, [], source=True)
                    by_id = {g.id: i for i, g in enumerate(case.facts)}
                    keys = {f.key: i for i, f in enumerate(predicted)}
                    gold = {(i, by_id[g.about]) for i, g in enumerate(case.facts)
                            if g.about in by_id and g.kind in OUTCOME_KINDS}
                    found = {(i, keys[f.about]) for i, f in enumerate(predicted)
                             if f.about in keys and f.kind.value in OUTCOME_KINDS}
                    links.support += len(gold)
                    links.predicted += len(found)
                    links.matched += sum(1 for a, b in gold
                                         if (matched.get(a), matched.get(b)) in found)
    return {**{kind: kinds.get(kind, KindScore(kind)) for kind in OUTCOME_KINDS},
            "links": links}


def main() -> None:
    """Print the out-of-fold outcome scores on the train cases (fitted with the v1 gold
    set, as `make train` fits the reader)."""
    from openimr.records.evaluation import GOLD_DIR

    scores = outcome_scores(trained.RECORDS / "corpus" / "train", [GOLD_DIR])
    for name, score in scores.items():
        print(f"{name:<20} P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}  "
              f"(gold {score.support}, predicted {score.predicted})")


if __name__ == "__main__":
    main()
