"""Dump the facts the extractor reads from every document of the development sets, one JSON
line per fact, so that a change meant to be output-neutral (issue 18's speed work) can be
checked with `diff`: `python scripts/dump-facts.py > before.jsonl`, change, dump again, diff.

Reads `records/corpus/dev` and `records/corpus/train` case by case (`extract_facts`: with
linking across the case) and the v1 gold notes (`records/gold`) one by one, with the
trained readers as shipped; `--rules-only` reads with the rules alone. Folders given as
arguments (v2 sets: `NNN-slug/annotations.yaml`) are read instead, each labelled by its name.
`--decisions DIR` (repeatable) reads instead the case records of a decision set
(`DIR/<case>/case.yaml`, with the documents a review reads), each fact labelled by set and case.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TextIO

from openimr.records import assertion
from openimr.records.evaluation import load_cases, load_gold
from openimr.records.extract import extract_facts

RECORDS = Path(__file__).resolve().parent.parent / "src" / "openimr" / "records"


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # the order of facts on one span followed set iteration (fixed in trained.read_page);
        # fixed string hashes keep two dumps comparable line by line should another appear
        os.execve(sys.executable, [sys.executable, *sys.argv],
                  {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("sets", nargs="*", type=Path,
                        help="v2 set folders to read instead of the development sets")
    parser.add_argument("--decisions", action="append", type=Path, default=[],
                        help="decision set folders whose case records are read instead")
    args = parser.parse_args()
    out = sys.stdout
    if args.decisions:
        _dump_decisions(args.decisions, out)
        return
    sets = args.sets or [RECORDS / "corpus" / part for part in ("dev", "train")]
    with assertion.rules_only() if args.rules_only else nullcontext():
        for folder in sets:
            for case in load_cases(folder):
                for fact in extract_facts(case.documents):
                    out.write(f"{folder.name} "
                              f"{json.dumps(fact.model_dump(mode='json'), sort_keys=True)}\n")
        if args.sets:
            return
        for document, _gold in load_gold(RECORDS / "gold"):
            for fact in extract_facts([document]):
                out.write(f"gold {json.dumps(fact.model_dump(mode='json'), sort_keys=True)}\n")


def _dump_decisions(sets: list[Path], out: TextIO) -> None:
    from openimr.records import documents_for_case
    from openimr.review.casefile import load_case_file

    for folder in sets:
        for path in sorted(folder.glob("*/case.yaml")):
            case = load_case_file(path)
            label = f"{folder.name}/{path.parent.name}"
            for fact in extract_facts(documents_for_case(case, path.parent)):
                out.write(f"{label} {json.dumps(fact.model_dump(mode='json'), sort_keys=True)}\n")


if __name__ == "__main__":
    main()
