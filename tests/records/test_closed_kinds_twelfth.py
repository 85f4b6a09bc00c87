"""Closed-vocabulary kinds as other writers word them (issue 11, branch read-rules): an
ablation told by its date and its result, not the Request for Authorization."""

from __future__ import annotations

import re

import pytest
import yaml

from openimr.records.kinds.base import RULES_DIR
from openimr.records.kinds.history import RFA_DATED_RESULT

from .conftest import facts_of


def _injections(text: str) -> list[tuple[str, str, int | None, bool]]:
    return [(f.evidence.quote, f.value["type"], f.value.get("relief_percent"), f.hypothetical)
            for f in facts_of(text, "injection_history")]


# -- an ablation dated and judged

@pytest.mark.parametrize(("text", "relief"), [
    ("Cervical facet pain: RFA 06/2019 gave about 60% relief for 7 months.", 60),
    ("Prior care: PT x 24, two ESIs, RFA 2018 (no relief), duloxetine.", 0),
    ("Right C5-6 MBB x2 then RFA on 3/4/21: 70% for 6 months.", 70),
    ("Lumbar: RFA in 2022 - minimal relief, and he did not want it repeated.", None),
])
def test_a_dated_rfa_with_its_result_is_the_ablation_done(text: str,
                                                          relief: int | None) -> None:
    found = _injections(text)
    ablations = [f for f in found if f[1] == "radiofrequency"]
    assert ablations and not any(f[3] for f in ablations)
    if relief is not None:
        assert relief in [f[2] for f in ablations]


@pytest.mark.parametrize("text", [
    "RFA 05/02/2014 submitted for PT x 12.",
    "The RFA dated 01/14/2023 requests Norco 10/325 #90.",
    "RFA 2/2024 sent for lumbar medial branch blocks; awaiting UR.",
])
def test_a_dated_request_for_authorization_stays_the_form(text: str) -> None:
    assert not [f for f in _injections(text) if f[1] == "radiofrequency"]


def test_the_requested_procedure_after_a_dated_form_stays_planned() -> None:
    found = _injections("Plan: RFA 2/2024 for lumbar medial branch blocks.")
    assert found and all(f[3] for f in found)


def test_the_request_cue_and_the_reader_share_the_dated_result_words() -> None:
    rules = yaml.safe_load((RULES_DIR / "context.yaml").read_text(encoding="utf-8"))["rules"]
    cue = re.compile(next(r["pattern"] for r in rules if r["literal"] == "RFA"))
    done = re.compile(rf"(?-i:RFA)(?={RFA_DATED_RESULT})", re.IGNORECASE)
    for text in ("RFA 11/2020 gave ~50% relief", "RFA 2019 (no relief)",
                 "RFA on 3/4/21: 70% for 6 months", "RFA 05/02/2014 for PT x 12",
                 "RFA 2/2024 sent", "RFA for L4-5 ablation"):
        assert bool(cue.search(text)) != bool(done.search(text)), text


# -- injections named by their site, and a date before a relief

@pytest.mark.parametrize(("text", "kind"), [
    ("Right trigger thumb steroid injection performed today.", "other"),
    ("De Quervain's injection 08/2021 helped for about a month.", "other"),
    ("She had a first dorsal compartment shot last spring.", "other"),
    ("Tendon sheath injection of the right long finger in clinic today.", "other"),
    ("Injection into the right shoulder with 40 mg triamcinolone today.", "joint"),
    ("Left knee aspiration and injection performed (30 mL clear fluid).", "joint"),
])
def test_an_injection_named_by_its_tendon_sheath_or_joint_is_read(text: str, kind: str
                                                                 ) -> None:
    assert kind in [f[1] for f in _injections(text)]


@pytest.mark.parametrize("text", [
    "Trigger finger of the right ring finger with nodule, locking in flexion.",
    "Tender over the greater trochanteric bursa; no effusion.",
    "Injection of contrast confirmed epidural spread without vascular uptake.",
    "The trigger point over the upper trapezius was tender.",
])
def test_no_injection_where_a_site_is_only_examined(text: str) -> None:
    assert not [f for f in _injections(text) if f[1] in ("joint", "other")]


@pytest.mark.parametrize(("text", "relief"), [
    ("Genicular nerve block right knee 3/2023 - 90% for 8 hours.", 90),
    ("Suprascapular nerve block 11/2021 -- 40% better for a week.", 40),
    ("Left SI joint injection 6/2020: 75% relief for two months.", 75),
])
def test_a_date_before_a_relief_is_no_range_of_percent(text: str, relief: int) -> None:
    assert relief in [f[2] for f in _injections(text)]
    assert not [f for f in _injections(text) if f[2] not in (None, relief)]


# -- drug tests in the shorthand of terse notes

def _drug_tests(text: str) -> list[str]:
    return [f.value["result"] for f in facts_of(text, "urine_drug_test")]


@pytest.mark.parametrize(("text", "result"), [
    ("Tox screen 4/11 positive for cocaine.", "inconsistent"),
    ("Utox from last month appropriate.", "consistent"),
    ("Urine toxicology in June: positive for tramadol as prescribed.", "consistent"),
    ("The drug screen in clinic revealed amphetamines.", "inconsistent"),
    ("Last UDT negative for everything, including her prescribed oxycodone.", "inconsistent"),
])
def test_a_drug_test_in_shorthand_with_its_verdict(text: str, result: str) -> None:
    assert _drug_tests(text) == [result]


@pytest.mark.parametrize("text", [
    "She takes tramadol as prescribed and denies misuse.",
    "The MRI revealed a disc protrusion; he admits past cocaine use in his twenties.",
    "Counseled that THC is not permitted under the opioid agreement.",
])
def test_no_drug_test_without_one_named(text: str) -> None:
    assert not _drug_tests(text)


# -- a center's abbreviation is no carpal tunnel release

@pytest.mark.parametrize("text", [
    "FROM: SUNRISE HAND CTR FAX 909-555-0144  03/02/2020 11:12  P.002/003",
    "ELM STREET MEDICAL CTR   Phone (805) 555-0190",
])
def test_a_center_in_a_letterhead_is_no_operation(text: str) -> None:
    assert not facts_of(text, "surgery")


@pytest.mark.parametrize("text", [
    "Six weeks s/p left CTR; pillar pain persists.",
    "Status post R OCTR 02/2021, numbness resolved.",
])
def test_a_carpal_tunnel_release_by_its_abbreviation_is_read(text: str) -> None:
    assert facts_of(text, "surgery")


# -- side effects in the clinician's word and in the worker's

def _effects(text: str) -> list[tuple[str, str | None, bool]]:
    return [(f.value["effect"], f.value.get("drug"), f.value["present"])
            for f in facts_of(text, "side_effect")]


@pytest.mark.parametrize(("text", "effect", "drug"), [
    ("Broke out in hives two days after starting duloxetine.", "hives", "duloxetine"),
    ("A rash on his trunk since the celecoxib was started.", "rash", "celecoxib"),
    ("Light-headed in the mornings since starting nortriptyline.", "lightheadedness",
     "nortriptyline"),
    ("Tarry stools twice while on ibuprofen 800 TID.", "GI bleeding", "ibuprofen"),
    ("He says he feels loopy on the cyclobenzaprine.", "loopy", "cyclobenzaprine"),
    ("She gets woozy with tramadol, so she takes half a tablet.", "woozy", "tramadol"),
])
def test_a_side_effect_told_in_many_words(text: str, effect: str, drug: str) -> None:
    assert (effect, drug, True) in _effects(text)


@pytest.mark.parametrize("text", [
    "Rash over the dorsum of the hand where the splint rubbed.",
    "Lightheaded when he stands up quickly; no syncope.",
    "PMH: dyspepsia, hypertension.",
    "She feels tired on weekends after double shifts.",
    "He gets sick with every winter cold.",
])
def test_no_side_effect_without_the_drug_it_is_told_on(text: str) -> None:
    assert not [e for e in _effects(text) if e[2]]


# -- red flags: continence, bowel and bladder shorthand, drug use by abbreviation

def _flags(text: str) -> list[tuple[str, str, bool]]:
    return [(f.evidence.quote, f.value["flag"], f.negated) for f in facts_of(text, "red_flag")]


@pytest.mark.parametrize(("text", "flag", "negated"), [
    ("She remains continent of bowel and bladder.", "cauda_equina", True),
    ("Bowel/bladder: continent.", "cauda_equina", True),
    ("No B/B dysfunction or saddle numbness.", "cauda_equina", True),
    ("Incontinent of urine twice since Sunday.", "cauda_equina", False),
    ("ROS negative for fever; denies h/o IVDU.", "infection", True),
    ("No intravenous drug use, no immunosuppression.", "infection", True),
])
def test_a_red_flag_in_shorthand_or_stated_normal(text: str, flag: str, negated: bool
                                                  ) -> None:
    found = [f for f in _flags(text) if f[1] == flag]
    assert found and all(f[2] == negated for f in found)


@pytest.mark.parametrize("text", [
    "He is continent of bowel and bladder.",
    "Bowel and bladder continent per wife.",
])
def test_a_stated_continence_is_never_a_present_red_flag(text: str) -> None:
    assert not [f for f in _flags(text) if not f[2]]
