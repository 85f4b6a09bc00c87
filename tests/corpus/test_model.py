"""Precedents, the calibrated outcome model and `openimr predict`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from openimr.corpus import OutcomeModel, model_path, precedents, train
from openimr.corpus.ingest import ingest
from openimr.corpus.model import MIN_SUPPORT, _split
from openimr.corpus.synth import generate_letters
from openimr.model.errors import InputError


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """~2,500 items: enough for a grouped hold-out with a few hundred overturned items."""
    from openimr.store.base import make_engine

    root = tmp_path_factory.mktemp("model")
    for letter in generate_letters(1500, seed=31):
        (root / f"{letter.case_number}.txt").write_text(letter.text)
    engine = make_engine(f"sqlite:///{root / 'corpus.db'}")
    ingest(root, engine, workers=2)
    return engine


@pytest.fixture(scope="module")
def trained(corpus: Engine):  # type: ignore[no-untyped-def]
    return train(corpus)


def test_grouped_split_keeps_near_duplicates_on_one_side() -> None:
    groups = [f"g{i % 37}" for i in range(500)]
    train_at, test_at = _split(groups, 0.2, 0)
    assert not {groups[i] for i in train_at} & {groups[i] for i in test_at}
    assert len(train_at) + len(test_at) == 500


def test_training_report_beats_the_majority_baseline(trained, corpus: Engine) -> None:  # type: ignore[no-untyped-def]
    assert trained.items == trained.train_items + trained.test_items
    assert 0.05 < trained.overturn_rate < 0.2
    for metrics in (trained.model, trained.majority_baseline, trained.category_baseline):
        assert 0 <= metrics.macro_f1 <= 1 and 0 <= metrics.brier <= 1
    assert trained.majority_baseline.balanced_accuracy == 0.5
    assert trained.model.macro_f1 > trained.majority_baseline.macro_f1
    assert trained.model.balanced_accuracy > 0.5
    rates = {rate.category: rate.overturn_rate for rate in trained.base_rates}
    assert rates["consultation"] > rates["topical_analgesic"]
    assert Path(trained.path) == model_path(corpus) and Path(trained.path).is_file()
    text = "\n".join(trained.lines())
    assert "macro-F1" in text and "majority class" in text and "per-category" in text


def test_predictions_abstain_when_the_corpus_cannot_support_them(trained) -> None:  # type: ignore[no-untyped-def]
    model = OutcomeModel(Path(trained.path))
    known = model.predict("Norco 10/325 mg #90")
    assert known.category == "opioid" and 0 <= known.probability_overturn <= 1
    assert model.support["opioid"] >= MIN_SUPPORT
    unknown = model.predict("Hyperbaric oxygen chamber")
    assert unknown.insufficient and unknown.predicted is None and unknown.reason
    probabilities = [model.predict(text).probability_overturn for text in
                     ("Pain management consultation", "Terocin lotion #120")]
    assert probabilities[0] > probabilities[1]  # 27% vs 4% overturned in the generator


def test_model_needs_a_trained_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="openimr corpus train"):
        OutcomeModel(tmp_path / "none.joblib")


def test_training_refuses_a_tiny_corpus(sqlite_engine: Engine, tmp_path: Path) -> None:
    fixtures = Path(__file__).parents[1] / "fixtures" / "letters"
    ingest(fixtures, sqlite_engine, workers=1)
    with pytest.raises(InputError, match="too few decided items"):
        train(sqlite_engine)


def test_precedents_same_category_first_and_consistency(corpus: Engine) -> None:
    found = precedents("12 physical therapy sessions for the low back", None, None, k=5,
                       engine=corpus)
    assert found.category == "physical_therapy" and len(found.precedents) == 5
    assert all(hit.same_category for hit in found.precedents)
    assert found.consistent is None
    majority = "upheld" if found.upheld >= found.overturned else "overturned"
    other = "overturned" if majority == "upheld" else "upheld"
    assert precedents(found.item, None, majority, k=5, engine=corpus).consistent is True
    against = precedents(found.item, None, other, k=5, engine=corpus)
    assert against.consistent is False and "disagrees" in against.note
    mixed = precedents("physical therapy knee", "no_such_category", "upheld", k=4,
                       engine=corpus)
    assert mixed.consistent is None and not any(hit.same_category for hit in mixed.precedents)
    with pytest.raises(InputError):
        precedents("x", None, "perhaps", engine=corpus)


def test_cli_predict(cli, corpus: Engine, trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = corpus.url.render_as_string()
    case = {"disputed_items": ["Pain management consultation", "Hyperbaric oxygen chamber"],
            "records": [{"text": "Progress note."}]}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    done = cli("predict", str(path), "--database", url)
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("item-1: Pain management consultation [consultation]:")
    assert any(line.startswith("item-2:") and line.endswith("insufficient") for line in lines)
    as_json = json.loads(cli("predict", str(path), "--database", url, "-f", "json").stdout)
    assert [p["item_id"] for p in as_json] == ["item-1", "item-2"]
    assert as_json[1]["insufficient"] and as_json[1]["probability_overturn"] is not None


def test_cli_train_and_precedents_in_process(corpus: Engine, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from openimr.cli import app

    url = corpus.url.render_as_string()
    runner = CliRunner()
    trained = runner.invoke(app, ["corpus", "train", "--database", url])
    assert trained.exit_code == 0, trained.output
    assert "majority class (upheld)" in trained.output and "model saved to" in trained.output
    found = runner.invoke(app, ["corpus", "precedents", "Norco 10/325 mg #120",
                                "--decision", "overturned", "-k", "4", "--database", url])
    assert found.exit_code == 0, found.output
    lines = found.output.splitlines()
    assert lines[0] == "Norco 10/325 mg #120  [opioid]" and len(lines) == 6
    assert "same-category precedents" in lines[-1]


def test_precedents_for_a_drafted_determination(corpus: Engine) -> None:
    from openimr.corpus import precedents_for
    from openimr.model import CaseDetermination, Decision, ItemDetermination

    drafted = CaseDetermination(determinations=[
        ItemDetermination(item="Pain management consultation", category="consultation",
                          decision=Decision.overturned, rationale="draft"),
        ItemDetermination(item="Hyperbaric oxygen", decision=Decision.unsupported,
                          rationale="no topic"),
    ])
    consult, other = precedents_for(drafted, k=4, engine=corpus)
    assert consult.draft_decision == "overturned" and consult.consistent is not None
    assert all(hit.category == "consultation" for hit in consult.precedents)
    assert other.draft_decision is None and other.consistent is None
