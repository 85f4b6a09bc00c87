"""Diagnosis codes are checked against the shipped ICD-10-CM code set, not the library."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from openimr.model.case import Diagnosis, _icd10_code_set


def test_shipped_code_set_is_the_librarys() -> None:
    """The file scripts/build-icd10cm-codes.py writes holds exactly the library's codes."""
    import simple_icd_10_cm as cm

    expected = {code for code in cm.get_all_codes(with_dots=False)
                if "-" not in code and not code.isdigit()}
    assert _icd10_code_set() == expected


@pytest.mark.parametrize("code, shown", [("M54.5", "M54.5"), ("m545", "M54.5"),
                                         ("S13.4XXA", "S13.4XXA"), ("M54", "M54")])
def test_known_codes_are_accepted(code: str, shown: str) -> None:
    import simple_icd_10_cm as cm

    assert cm.is_valid_item(shown)
    assert Diagnosis(code=code).code == shown


@pytest.mark.parametrize("code", ["M54.9999", "Z99.99", "U07.9", "M54.52X"])
def test_unknown_codes_are_refused(code: str) -> None:
    import simple_icd_10_cm as cm

    assert not cm.is_valid_item(code)
    with pytest.raises(ValidationError, match="not a valid ICD-10-CM code"):
        Diagnosis(code=code)


def test_validation_does_not_import_the_library() -> None:
    probe = ("import sys; from openimr.model.case import Diagnosis; Diagnosis(code='M54.5');"
             "print('simple_icd_10_cm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
