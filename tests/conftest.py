"""Shared fixtures: the repository's paths and a CLI runner that goes through `main()`."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "cases"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """Run `openimr` in a subprocess, as a user would (exit codes and streams included)."""
    import os

    completed = subprocess.run(
        [sys.executable, "-m", "openimr.cli", *args], capture_output=True, cwd=cwd,
        env={**os.environ, **(env or {})}, timeout=300)
    return Result(completed.returncode, completed.stdout.decode("utf-8", "replace"),
                  completed.stderr.decode("utf-8", "replace"), completed.stdout)


@pytest.fixture
def cli():
    return run_cli
