"""Shared fixtures: the repository's paths and CLI runners."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Pages recognized by OCR are cached on disk: in a folder of this run, not the
    # working directory's data folder.
    import tempfile

    os.environ.setdefault("OPENIMR_OCR_CACHE", tempfile.mkdtemp(prefix="openimr-ocr-"))


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "cases"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


@contextmanager
def _environment(cwd: Path | None, env: dict[str, str] | None) -> Iterator[None]:
    saved_cwd, saved_env = os.getcwd(), dict(os.environ)
    try:
        if cwd is not None:
            os.chdir(cwd)
        os.environ.update(env or {})
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """Run `openimr` in-process (the loaded pipelines are shared between tests).

    Exit codes and the error line are those of the real command: both go through
    `openimr.cli._Commands`. An unexpected exception is re-raised, so a test sees the traceback.
    """
    from typer.testing import CliRunner

    from openimr.cli import app

    with _environment(cwd, env):
        result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def run_cli_process(*args: str, cwd: Path | None = None,
                    env: dict[str, str] | None = None) -> Result:
    """Run `openimr` in a subprocess, as a user would: no traceback may reach the terminal."""
    completed = subprocess.run(
        [sys.executable, "-m", "openimr.cli", *args], capture_output=True, cwd=cwd,
        env={**os.environ, **(env or {})}, timeout=300)
    return Result(completed.returncode, completed.stdout.decode("utf-8", "replace"),
                  completed.stderr.decode("utf-8", "replace"), completed.stdout)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def cli_process():
    return run_cli_process
