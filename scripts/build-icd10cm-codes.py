"""Regenerate the compact ICD-10-CM code set that case validation checks codes against.

    .venv/bin/python scripts/build-icd10cm-codes.py

Reads every code of the `simple-icd-10-cm` package (its edition is written in the file's
first line) and writes src/openimr/model/data/icd10cm-codes.txt.gz: the valid codes without
dots, one a line, sorted. Chapters and blocks ("M50-M54") are left out: a case's diagnosis
is a category or a code. Validation reads this file instead of importing the library, which
takes about three seconds to load its tables (issue 18).
"""

from __future__ import annotations

import gzip
from importlib.metadata import version
from pathlib import Path

import simple_icd_10_cm as cm

OUT = Path(__file__).resolve().parents[1] / "src" / "openimr" / "model" / "data" / "icd10cm-codes.txt.gz"


def main() -> None:
    codes = sorted({code.replace(".", "") for code in cm.get_all_codes(with_dots=False)
                    if "-" not in code and not code.isdigit()})
    header = f"# ICD-10-CM codes from simple-icd-10-cm {version('simple-icd-10-cm')}"
    data = "\n".join([header, *codes]) + "\n"
    # mtime=0: the same codes give the same bytes, so a rebuild shows no diff.
    OUT.write_bytes(gzip.compress(data.encode("ascii"), compresslevel=9, mtime=0))
    print(f"{len(codes)} codes -> {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
