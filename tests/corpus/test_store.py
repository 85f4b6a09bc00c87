"""Ingest and search on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from openimr.corpus.bm25 import index_dir, search
from openimr.corpus.ingest import ingest, item_key
from openimr.corpus.synth import SynthLetter
from openimr.corpus.tables import CorpusFailure, CorpusItem, CorpusLetter
from openimr.model.errors import InputError
from tests.corpus.conftest import LETTERS


def counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return tuple(connection.scalar(select(func.count()).select_from(table))
                     for table in (CorpusLetter, CorpusItem, CorpusFailure))  # type: ignore[return-value]


def test_ingest_is_parallel_idempotent_and_skips_bad_files(
        engine: Engine, letter_dir: Path, synthetic: list[SynthLetter]) -> None:
    report = ingest(letter_dir, engine, workers=2)
    fixtures = len(list((letter_dir / "fixtures").glob("*.txt")))
    assert report.found == fixtures + len(synthetic)
    assert [path for path, _ in report.failed] == [
        str(letter_dir / "fixtures" / "damaged-binary-garbage.txt")]
    assert report.letters == report.found - 1
    expected_items = sum(len(letter.items) for letter in synthetic)
    letters, items, failures = counts(engine)
    assert (letters, failures) == (report.found - 1, 1)
    assert items == report.items and items > expected_items

    again = ingest(letter_dir, engine, workers=2)
    assert (again.letters, again.already_stored, again.failed) == (0, report.found, [])
    assert counts(engine) == (letters, items, failures)
    retried = ingest(letter_dir / "fixtures", engine, workers=1, retry_failed=True)
    assert (retried.letters, len(retried.failed)) == (0, 1)
    assert counts(engine) == (letters, items, failures)
    reparsed = ingest(letter_dir / "fixtures", engine, workers=1, reparse=True)
    assert (reparsed.letters, reparsed.already_stored) == (fixtures - 1, 0)
    assert counts(engine) == (letters, items, failures)

    with engine.connect() as connection:
        stored = connection.execute(
            select(CorpusItem.decision, CorpusItem.category)
            .join(CorpusLetter, CorpusLetter.content_hash == CorpusItem.letter_hash)
            .where(CorpusLetter.case_number == synthetic[7].case_number)
            .order_by(CorpusItem.position)).all()
    assert stored == [(item.decision, item.category) for item in synthetic[7].items]


def test_ingest_resumes_after_an_interruption_and_stores_a_copy_once(
        sqlite_engine: Engine, tmp_path: Path, synthetic: list[SynthLetter]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for letter in synthetic[:30]:
        (folder / f"{letter.case_number}.txt").write_text(letter.text)
    first = ingest(folder, sqlite_engine, workers=1)
    assert first.letters == 30
    for letter in synthetic[30:60]:
        (folder / f"{letter.case_number}.txt").write_text(letter.text)
    (folder / "copy.txt").write_text(synthetic[40].text)
    second = ingest(folder, sqlite_engine, workers=1)
    # The copy has the content of a letter of this run: counted as stored, not stored twice.
    assert (second.already_stored, second.letters) == (31, 30)
    assert counts(sqlite_engine)[0] == 60


def test_the_same_letter_in_another_layout_or_file_is_counted_once(
        sqlite_engine: Engine, tmp_path: Path) -> None:
    """The fixture as published, the same letter with its line breaks lost (another layout of
    the same text), and a letter without a case number copied with other page furniture."""
    folder = tmp_path / "in"
    folder.mkdir()
    letter = (LETTERS / "case-header-twice-knee.txt").read_text()
    (folder / "a.txt").write_text(letter)
    (folder / "b.txt").write_text(" ".join(letter.split()))
    anonymous = (LETTERS / "maximus-mri-tens.txt").read_text().replace("CM17-0128840", "")
    (folder / "c.txt").write_text(anonymous)
    (folder / "d.txt").write_text("Page 1 of 3\n" + anonymous)
    report = ingest(folder, sqlite_engine, workers=1)
    assert report.letters == 2
    assert sorted(Path(path).name for path, _ in report.duplicates) == ["b.txt", "d.txt"]
    assert any("same letter as one already stored" in line for line in report.lines())
    again = ingest(folder, sqlite_engine, workers=1, reparse=True)
    assert (again.letters, len(again.duplicates)) == (2, 2)
    assert counts(sqlite_engine)[0] == 2


def test_ingest_refuses_a_missing_directory(sqlite_engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a directory"):
        ingest(tmp_path / "nope", sqlite_engine)


def test_item_key_groups_near_duplicates() -> None:
    assert item_key("Norco 10/325 mg #60") == item_key("NORCO 5/325mg  #90")
    assert item_key("Norco 10/325 mg #60") == item_key("#60 mg Norco 10/325")
    assert item_key("Norco 10/325 mg #60") != item_key("Percocet 10/325 mg #60")


def test_search_ranks_filters_and_keeps_its_index_fresh(
        engine: Engine, letter_dir: Path, synthetic: list[SynthLetter], tmp_path: Path) -> None:
    ingest(letter_dir, engine, workers=1)
    hits = search("meniscectomy arthroscopy", engine, limit=5)
    assert hits and all("menisc" in (hit.item + (hit.rationale or "")).lower() for hit in hits)
    assert hits == sorted(hits, key=lambda hit: -hit.score)

    overturned = search("physical therapy", engine, decision="overturned", limit=20)
    assert overturned and all(hit.decision == "overturned" for hit in overturned)
    opioid_2019 = search("norco", engine, category="opioid", year=2019, limit=50)
    # The brand finds its generic too (the drug table: Norco is hydrocodone/APAP).
    truth = {letter.case_number for letter in synthetic if letter.year == 2019
             and any(re.search("Norco|Hydrocodone", item.item) for item in letter.items)}
    truth.add("CM19-0154023")  # the hand-written fixture review-norco.txt
    assert {hit.case_number for hit in opioid_2019} == truth
    surgeons = search("knee", engine, specialty="orthopedic", limit=30)
    assert surgeons and all("Orthopedic" in (hit.specialty or "") for hit in surgeons)
    assert search("zzzzqqq", engine) == []
    with pytest.raises(InputError):
        search("knee", engine, decision="maybe")

    # A new letter changes the items table: the next search sees it.
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "x.txt").write_text(
        (Path(__file__).parents[1] / "fixtures" / "seed-letter.txt").read_text()
        .replace("Physical Therapy Sessions", "Hydrotherapy Zebrafish Sessions"))
    ingest(extra, engine, workers=1)
    assert search("zebrafish", engine)[0].item.startswith("8 Hydrotherapy Zebrafish")


def test_sqlite_index_lives_beside_the_database(sqlite_engine: Engine, letter_dir: Path) -> None:
    ingest(letter_dir / "fixtures", sqlite_engine, workers=1)
    search("norco", sqlite_engine)
    directory = index_dir(sqlite_engine)
    assert directory.name == "corpus.db.corpus-index" and (directory / "meta.json").is_file()


def test_cli_ingest_and_search(cli, tmp_path: Path, letter_dir: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    done = cli("corpus", "ingest", str(letter_dir / "fixtures"), "--database", url)
    assert done.exit_code == 0, done.stderr
    readable = len(list((letter_dir / "fixtures").glob("*.txt"))) - 1  # one is binary
    assert f"{readable} letters ingested" in done.stdout
    assert "skipped" in done.stdout and "damaged-binary-garbage.txt" in done.stdout
    found = cli("corpus", "search", "ketoprofen", "--database", url, "--format", "json")
    assert found.exit_code == 0 and "Ketoprofen 20% cream" in found.stdout
    bad = cli("corpus", "search", "x", "--decision", "maybe", "--database", url)
    assert bad.exit_code == 2 and "decision must be" in bad.stderr


@pytest.mark.parametrize("url, message", [
    ("foo://", "not a database URL"),
    ("sqlite:////nonexistent-dir/corpus.db", "cannot open the database"),
])
def test_cli_names_a_bad_database(url: str, message: str) -> None:
    from typer.testing import CliRunner

    from openimr.cli import app

    result = CliRunner().invoke(app, ["corpus", "stats", "--database", url])
    assert result.exit_code == 2 and message in result.output
