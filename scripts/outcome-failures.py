"""Where a v2 set's treatment outcomes, functional gains and links are lost: per case, the
gold facts of those kinds missed and the predictions that match none, and for each gold
link not read which end is missing (the outcome, the treatment, or both read but linked
elsewhere). `--totals` prints only the per-kind figures (for a set read as totals only).

    .venv/bin/python scripts/outcome-failures.py SET [--rules-only] [--totals] [--kinds K,K]
"""

from __future__ import annotations

import argparse
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from openimr.records import assertion, linkrank
from openimr.records.evaluation import KindScore, _match, _score_links, load_cases
from openimr.records.extract import extract_facts

KINDS = ("treatment_trial", "functional_improvement")


def _context(case, gold) -> str:  # type: ignore[no-untyped-def]
    document = next(d for d in case.documents if d.id == gold.note)
    text = document.pages[gold.page - 1].text
    lo = max(0, gold.start - 60)
    return " ".join(text[lo:gold.end + 40].split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", type=Path)
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--totals", action="store_true")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    wanted = tuple(args.kinds.split(","))
    kinds: dict[str, KindScore] = {}
    links = KindScore("links")
    ends: Counter[str] = Counter()
    with ExitStack() as stack:
        if args.rules_only:
            stack.enter_context(assertion.rules_only())
            stack.enter_context(linkrank.rules_only())
        for case in load_cases(args.set):
            predicted = extract_facts(case.documents)
            misses: list[dict] = []
            matched = _match(case.facts, predicted, kinds, misses, source=True)
            _score_links(links, case.facts, predicted, matched)
            by_id = {g.id: i for i, g in enumerate(case.facts)}
            lines = []
            for i, gold in enumerate(case.facts):
                if gold.kind in wanted and i not in matched:
                    lines.append(f"  MISS {gold.kind} {gold.value} {gold.quote!r}\n"
                                 f"       | {_context(case, gold)}")
                if gold.about not in by_id:
                    continue
                j = by_id[gold.about]
                src, tgt = matched.get(i), matched.get(j)
                got = predicted[src].about if src is not None else None
                if src is not None and tgt is not None and got == predicted[tgt].key:
                    continue
                target = case.facts[j]
                end = ("both ends" if src is None and tgt is None else
                       "outcome end" if src is None else "treatment end" if tgt is None
                       else "linked elsewhere" if got else "not linked")
                ends[f"{gold.kind}: {end}"] += 1
                lines.append(f"  LINK-{end} {gold.kind} {gold.value} {gold.quote!r} -> "
                             f"{target.kind} {target.value} {target.quote!r}"
                             + (f" [got {got}]" if got else ""))
            used = set(matched.values())
            for index, fact in enumerate(predicted):
                if fact.kind.value in wanted and index not in used:
                    ev = fact.evidence
                    page = next(d for d in case.documents if d.id == ev.document
                                ).pages[ev.page - 1].text
                    said = " ".join(page[max(0, ev.start - 60):ev.end + 40].split())
                    lines.append(f"  FP   {fact.kind.value} {fact.value} {ev.quote!r}\n"
                                 f"       | {said}")
            if lines and not args.totals:
                print(case.id)
                print("\n".join(lines))
    for name in sorted(kinds):
        score = kinds[name]
        if name in wanted or args.kinds == "all":
            print(f"{name:24} support {score.support:5} predicted {score.predicted:5} "
                  f"matched {score.matched:5} P {score.precision:.3f} R {score.recall:.3f} "
                  f"F1 {score.f1:.4f}")
    print(f"{'links':24} support {links.support:5} predicted {links.predicted:5} "
          f"matched {links.matched:5} P {links.precision:.3f} R {links.recall:.3f} "
          f"F1 {links.f1:.4f}")
    if not args.totals:
        for name, count in ends.most_common():
            print(f"  {count:4} {name}")


if __name__ == "__main__":
    main()
