"""`make train`: train the narrative readers, choose per kind how to read them, record.

Trains on the v1 gold set and the v2 corpus's train cases: the segment classifiers of the
narrative kinds (`trained`), the treatment-outcome mention classifier (`outcomes`, its
threshold chosen here) and the assertion classifier (`assertion`). Then scores the
development sets (the v1 held-out set, now development data, and the v2 dev cases) with
each kind read by the rules alone, `gated`, and `union` and `trained` at each of
`THRESHOLDS`; each kind keeps the best (the rules unless a mode gains clearly, and never
one that takes the v1 gold set below its target). Every score is recorded in
`models/*/meta.json` beside the weights, and `make test` checks the shipped weights still
score as recorded. Training is deterministic: the same data gives the same weights.

    python -m openimr.records.training [--out DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from openimr.records import assertion, outcomes, trained
from openimr.records.evaluation import GOLD_DIR, KindScore, evaluate

CORPUS = trained.RECORDS / "corpus"
HELDOUT = trained.RECORDS / "gold-heldout"
MODES = trained.MODES
MIN_SUPPORT, MIN_GAIN = 15, 0.01
TRAINED_MARGIN = 0.05
#: The first gold set's target (tests/records/test_extraction_accuracy.py): a trained mode
#: that gains on the development sets but takes a kind of that set below it is not kept.
GOLD_TARGET = 0.9
OUTCOME_THRESHOLDS = (0.4, 0.5, 0.6, 0.7)
#: the segment classifiers' thresholds tried in `union` and `trained` mode
THRESHOLDS = (0.35, 0.5, 0.7)


def train_sources() -> list[Path]:
    return [p for p in (GOLD_DIR, CORPUS / "train") if p.is_dir()]


def dev_sources() -> list[Path]:
    return [p for p in (HELDOUT, CORPUS / "dev") if p.is_dir() and any(p.iterdir())]


def dev_scores(sources: list[Path]) -> dict[str, KindScore]:
    """Per kind (and "all"), counts summed over the development sets."""
    kinds: dict[str, KindScore] = {}
    for source in sources:
        scores = evaluate(source)
        for name, score in [*scores.kinds.items(), ("all", scores.total)]:
            total = kinds.setdefault(name, KindScore(name))
            total.support += score.support
            total.predicted += score.predicted
            total.matched += score.matched
    return kinds


def choose_modes(out_dir: Path, sources: list[Path]) -> dict[str, Any]:
    """Score each mode (`union` and `trained` at each of `THRESHOLDS`) on the dev sets;
    keep per kind the best that keeps the first gold set's target; record all of it."""
    trained.forget(trained.MODEL_DIR)
    trials = [("rules", None), ("gated", None),
              *((mode, t) for mode in ("union", "trained") for t in THRESHOLDS)]
    by_trial: dict[tuple[str, float | None], dict[str, KindScore]] = {}
    on_gold: dict[tuple[str, float | None], dict[str, KindScore]] = {}
    for mode, threshold in trials:
        trained.set_modes({kind: mode for kind in trained.NARRATIVE_KINDS})
        trained.set_thresholds(None if threshold is None else dict.fromkeys(
            trained.SEGMENT_KINDS, threshold))
        by_trial[mode, threshold] = dev_scores(sources)
        on_gold[mode, threshold] = evaluate(GOLD_DIR).kinds
    trained.set_thresholds(None)
    chosen: dict[str, str] = {}
    thresholds: dict[str, float] = {}
    best_of_mode: dict[str, dict[str, float]] = {mode: {} for mode in MODES}
    for mode in MODES:
        best_of_mode[mode]["all"] = round(max(by_trial[t]["all"].f1 for t in trials
                                              if t[0] == mode), 4)
    for kind in trained.NARRATIVE_KINDS:
        def f1(trial: tuple[str, float | None], kind: str = kind) -> float:
            return by_trial[trial][kind].f1 if kind in by_trial[trial] else 0.0

        for mode in MODES:
            best_of_mode[mode][kind] = round(max(f1(t) for t in trials if t[0] == mode), 4)
        rules = ("rules", None)
        support = by_trial[rules][kind].support if kind in by_trial[rules] else 0
        choice = rules
        # on a tie the mode that keeps more of the rules' reading wins (their quotes are
        # trimmed to the fact, a segment's are not): MODES is in that order
        for trial in sorted(trials, key=lambda t: (-round(f1(t), 4), MODES.index(t[0]))):
            # a few dev facts cannot tell the modes apart: the rules stay unless the
            # classifier gains clearly on enough of them
            clear = support >= MIN_SUPPORT and f1(trial) >= f1(rules) + MIN_GAIN
            if trial == rules or (clear and _keeps_the_gold_target(
                    on_gold[rules].get(kind), on_gold[trial].get(kind))):
                choice = trial
                break
        if choice[0] == "trained":
            # reading by the classifier alone loses what the rules know of negation ("she has
            # no difficulty driving" is no limitation) and their trimmed quotes: it must beat
            # the union of both clearly, not by noise
            union = max((t for t in trials if t[0] == "union"), key=f1)
            if f1(choice) < f1(union) + TRAINED_MARGIN:
                choice = union
        chosen[kind] = choice[0]
        if choice[1] is not None and kind in trained.SEGMENT_KINDS:
            thresholds[kind] = choice[1]
    read_at = {**dict.fromkeys(trained.SEGMENT_KINDS, trained.THRESHOLD), **thresholds}
    trained.set_thresholds(read_at)
    chosen = _keeping_the_gold_target(chosen)
    trained.set_modes(chosen)
    final = dev_scores(sources)
    trained.set_modes(None)
    trained.set_thresholds(None)
    return {"modes": chosen, "thresholds": read_at,
            "dev_sets": [str(p.relative_to(trained.RECORDS)) for p in sources],
            "dev_f1": best_of_mode,
            "dev_f1_trials": {f"{mode} {threshold or ''}".strip(): {
                k: round(s.f1, 4) for k, s in scores.items()
                if k in trained.NARRATIVE_KINDS or k == "all"}
                for (mode, threshold), scores in by_trial.items()},
            "dev_f1_chosen": {k: round(s.f1, 4) for k, s in final.items()}}


def _keeps_the_gold_target(rules: KindScore | None, now: KindScore | None) -> bool:
    """Whether a kind read another way stays at the first gold set's target where the
    rules meet it."""
    return not (rules and now and now.support >= 10 and rules.f1 >= GOLD_TARGET > now.f1)


def choose_outcome_threshold(sources: list[Path]) -> float:
    """The outcome reader's threshold (read `gated`): the best summed dev F1 of treatment
    outcomes among those that keep the first gold set's target. The two annotation schemes
    differ (v1 leaves a splint in use or a course of visits before unchanged pain
    unannotated, v2 calls them ongoing and failed): a low threshold reads more of v2's
    outcomes and adds facts v1 does not have."""
    others = trained.modes()
    trained.set_modes({**others, "treatment_trial": "rules"})
    rules = evaluate(GOLD_DIR).kinds.get("treatment_trial")
    trained.set_modes({**others, "treatment_trial": "gated"})
    best: tuple[float, float] | None = None
    scored = []
    for threshold in OUTCOME_THRESHOLDS:
        outcomes.THRESHOLD = threshold
        gold = evaluate(GOLD_DIR).kinds.get("treatment_trial")
        f1 = dev_scores(sources).get("treatment_trial", KindScore("treatment_trial")).f1
        scored.append((threshold, gold, f1))
    # the target holds outright where some threshold reaches it (the rules alone may not:
    # then "keeps what the rules reach" would keep nothing)
    reached = any(gold is not None and gold.f1 >= GOLD_TARGET for _, gold, _ in scored)
    for threshold, gold, f1 in scored:
        kept = (gold is None or gold.f1 >= GOLD_TARGET) if reached else \
            _keeps_the_gold_target(rules, gold)
        if kept and (best is None or f1 > best[0]):
            best = (f1, threshold)
    trained.set_modes(None)
    outcomes.THRESHOLD = best[1] if best else OUTCOME_THRESHOLDS[-1]
    return outcomes.THRESHOLD


def _keeping_the_gold_target(chosen: dict[str, str]) -> dict[str, str]:
    """`chosen`, with the rules back for each kind whose trained mode takes the first gold
    set below its target while the rules meet it."""
    trained.set_modes({kind: "rules" for kind in trained.NARRATIVE_KINDS})
    by_rules = evaluate(GOLD_DIR).kinds
    trained.set_modes(chosen)
    with_chosen = evaluate(GOLD_DIR).kinds
    return {kind: mode if mode == "rules" or _keeps_the_gold_target(
        by_rules.get(kind), with_chosen.get(kind)) else "rules"
        for kind, mode in chosen.items()}


def choose_flag_modes(sources: list[Path]) -> dict[str, Any]:
    """Per assertion flag, ConText, the classifier where it is sure, or the classifier
    alone: whichever gives the better dev F1 (ConText unless another gains)."""
    trained.forget(assertion.MODEL_DIR)
    context = {flag: "context" for flag in assertion.FLAGS}
    assertion.set_modes(context)
    baseline = dev_scores(sources)["all"].f1
    chosen, scores = dict(context), {"context": round(baseline, 4)}
    for flag in assertion.FLAGS:
        best = baseline
        for mode in assertion.MODES[1:]:
            assertion.set_modes({**context, flag: mode})
            f1 = dev_scores(sources)["all"].f1
            scores[f"{mode} {flag}"] = round(f1, 4)
            if f1 >= best + 0.001:
                chosen[flag], best = mode, f1
    assertion.set_modes(chosen)
    final = dev_scores(sources)
    assertion.set_modes(None)
    return {"modes": chosen, "dev_f1": scores, "dev_f1_chosen": round(final["all"].f1, 4),
            "by_kind": {k: round(s.f1, 4) for k, s in final.items()}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=trained.MODEL_DIR)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    meta = trained.train(train_sources(), args.out)
    print(f"trained on {meta['segments']} segments ({meta['labelled']} labelled), "
          f"{len(meta['labels'])} kinds, in {time.perf_counter() - started:.0f} s")
    if args.out == trained.MODEL_DIR:
        # treatment outcomes are read per mention, by their own classifier, trained on
        # both sets like the others: on v2's alone it added outcomes v1 does not annotate
        read = outcomes.train(train_sources(), outcomes.MODEL_DIR)
        trained.forget(outcomes.MODEL_DIR)
        read["threshold"] = choose_outcome_threshold(dev_sources())
        trained.write_meta(outcomes.MODEL_DIR, read)
        trained.forget(outcomes.MODEL_DIR)
        print(f"outcome classifier trained on {read['mentions']} treatment mentions "
              f"({read['with_outcome']} with an outcome), threshold {read['threshold']}")
        meta.update(choose_modes(args.out, dev_sources()))
        trained.write_meta(args.out, meta)
        trained.forget(trained.MODEL_DIR)  # the flags are chosen with the kinds' chosen modes
        for kind in trained.NARRATIVE_KINDS:
            scores = "  ".join(f"{m} {meta['dev_f1'][m].get(kind, 0):.3f}" for m in MODES)
            at = meta["thresholds"].get(kind)
            print(f"{kind:<24} {scores}  -> {meta['modes'][kind]}"
                  + (f" at {at}" if at is not None and meta["modes"][kind] != "rules" else ""))
        print(f"dev micro F1 with the chosen modes: {meta['dev_f1_chosen']['all']:.3f} "
              f"(rules only: {meta['dev_f1']['rules']['all']:.3f})")
        flags = assertion.train(train_sources(), assertion.MODEL_DIR)
        print(f"assertion classifier trained on {flags['facts']} facts")
        flags.update(choose_flag_modes(dev_sources()))
        # what the shipped readers score is with the flags as now chosen: recorded beside
        # the narrative weights too, which `make test` checks
        meta["dev_f1_chosen"] = flags.pop("by_kind")
        trained.write_meta(args.out, meta)
        trained.write_meta(assertion.MODEL_DIR, flags)
        print(f"assertion per flag: {flags['modes']}; dev micro F1 {flags['dev_f1']} -> "
              f"{flags['dev_f1_chosen']:.3f}")
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
