"""Small builders of reviewers and case files for the service tests."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from tests.service.conftest import SEED_CASE


def seed_case(**changes: Any) -> dict[str, Any]:
    """The bundled example case, with top-level or dotted-path changes."""
    data = json.loads(SEED_CASE.read_text(encoding="utf-8"))
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for key in parents:
            target = target.setdefault(key, {})
        target[last] = value
    return data


def reviewer(name: str, *, boards: list[str] | None = None, states: list[str] | None = None,
             affiliations: list[dict[str, str]] | None = None, **fields: Any) -> dict[str, Any]:
    profile = {
        "board_certifications": boards if boards is not None
        else ["Physical Medicine and Rehabilitation"],
        "subspecialties": fields.pop("subspecialties", []),
        "licensed_states": states if states is not None else ["California"],
        "years_in_practice": fields.pop("years_in_practice", 12),
        "active_practice_hours_per_week": fields.pop("hours", 30),
    }
    return {"name": name, "profile": profile, "affiliations": affiliations or [], **fields}


def decide_and_sign(client: Any, number: str, doctor: dict[str, str],
                    draft: dict[str, Any]) -> dict[str, Any]:
    """The physician decides every item the engine left undecided (upheld), saves and signs;
    the signed determination's JSON."""
    for item in draft["determination"]["determinations"]:
        if item["decision"] == "unsupported":
            item["decision"] = "upheld"
    edited = client.put(f"/api/cases/{number}/determination", headers=doctor, json={
        "determination": draft["determination"], "version": draft["version"]})
    assert edited.status_code == 200, edited.text
    signed = client.post(f"/api/cases/{number}/determination/sign", headers=doctor,
                         json={"version": edited.json()["version"]})
    assert signed.status_code == 200, signed.text
    return signed.json()


def wait_for[T](condition: Callable[[], T], seconds: float, what: str) -> T:
    """What `condition` returns once it is truthy; an AssertionError after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
