"""Corpus test fixtures: a small synthetic letter directory and databases to ingest it into."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from openimr.corpus.bm25 import index_dir
from openimr.corpus.synth import SynthLetter, generate_letters
from openimr.store.base import make_engine

LETTERS = Path(__file__).parents[1] / "fixtures" / "letters"
ADMIN_URL = os.environ.get("OPENIMR_TEST_POSTGRES_ADMIN",
                           "postgresql://postgres@127.0.0.1:5432/postgres")
SYNTHETIC = 400


@pytest.fixture(scope="session")
def synthetic() -> list[SynthLetter]:
    return list(generate_letters(SYNTHETIC, seed=2026))


@pytest.fixture(scope="session")
def letter_dir(tmp_path_factory: pytest.TempPathFactory, synthetic: list[SynthLetter]) -> Path:
    """The hand-written fixtures plus synthetic letters, in nested folders."""
    root = tmp_path_factory.mktemp("letters")
    shutil.copytree(LETTERS, root / "fixtures")
    for number, letter in enumerate(synthetic):
        folder = root / f"batch{number % 3}"
        folder.mkdir(exist_ok=True)
        (folder / f"{letter.case_number}.txt").write_text(letter.text, encoding="utf-8")
    return root


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'corpus.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """A fresh PostgreSQL database of its own, dropped afterwards."""
    import psycopg

    name = f"openimr_test_corpus_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    engine = make_engine(f"{base}/{name}")
    try:
        yield engine
    finally:
        shutil.rmtree(index_dir(engine), ignore_errors=True)
        engine.dispose()
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    return request.getfixturevalue(f"{request.param}_engine")
