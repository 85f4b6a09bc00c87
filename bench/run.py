"""`make bench`: run every `bench/bench_*.py` and print its numbers.

Each benchmark module has `main() -> list[str]`: lines of results, printed under its name.
Pass names to run a subset: `python bench/run.py review records`.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    failures = 0
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            for line in module.main():
                print(f"   {line}", flush=True)
        except Exception as error:  # one failing benchmark must not hide the others
            failures += 1
            print(f"   FAILED: {type(error).__name__}: {error}", flush=True)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
