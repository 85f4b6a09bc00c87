"""`openimr eval decisions` and `eval items`: which label is expected, and what is measured."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from openimr.review.evaluation import evaluate_decisions, expected_labels, scores
from tests.conftest import EXAMPLES

SEED = json.loads((EXAMPLES / "seed-lumbar-pt.json").read_text(encoding="utf-8"))
PT_ITEM = SEED["disputed_items"][0]


def _labels(items: dict[str, str], complete: bool = True) -> dict:
    return {"items": [{"item": item, "label": label, "records_complete": complete, "reason": "r"}
                      for item, label in items.items()]}


def _case(root: Path, name: str, items: list[str], **label_files: dict) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "case.yaml").write_text(yaml.safe_dump({**SEED, "disputed_items": items}),
                                      encoding="utf-8")
    for file_name, content in label_files.items():
        (folder / f"{file_name.replace('_', '-')}.yaml").write_text(yaml.safe_dump(content),
                                                                     encoding="utf-8")
    return folder


def test_final_label_wins_and_disagreement_without_final_is_disputed(tmp_path: Path) -> None:
    folder = _case(tmp_path, "001-x", ["A", "B", "C"],
                   label=_labels({"A": "uphold", "B": "uphold", "C": "overturn"}),
                   label_b=_labels({"A": "overturn", "B": "overturn", "C": "overturn"}),
                   final=_labels({"A": "overturn"}))
    expected, disputed = expected_labels(folder)
    assert {item: label.label for item, label in expected.items()} == {"a": "overturn",
                                                                        "c": "overturn"}
    assert disputed == ["b"]


def test_scores_of_a_small_set(tmp_path: Path) -> None:
    # The seed PT request is upheld on evidence; an item no topic covers is unsupported.
    _case(tmp_path, "001-seed", [PT_ITEM, "Hyperbaric oxygen therapy x 10 sessions"],
          label=_labels({PT_ITEM: "uphold", "Hyperbaric oxygen therapy x 10 sessions": "overturn"}))
    _case(tmp_path, "002-seed-disputed", [PT_ITEM],
          label=_labels({PT_ITEM: "uphold"}), label_b=_labels({PT_ITEM: "overturn"}))
    broken = tmp_path / "003-broken"
    broken.mkdir()
    (broken / "case.yaml").write_text("disputed_items: [A]\nrecords: 3\n", encoding="utf-8")
    (broken / "label.yaml").write_text(yaml.safe_dump(_labels({"A": "uphold"})), encoding="utf-8")
    report = scores(evaluate_decisions(tmp_path))
    assert report["items"] == 3 and report["disputed"] == 1
    assert report["expected_overturn"] == 1 and report["expected_uphold"] == 2
    assert report["unsupported"] == 1 and report["false_overturns"] == 0
    # Uphold recall 1/2 (the broken case drafts nothing), overturn recall 0/1.
    assert report["balanced_accuracy"] == 0.25
    assert len(report["invalid_cases"]) == 1
    assert report["per_topic"]["physical_medicine"]["correct"] == 1
    assert report["calibration"]["rated_items"] == 1


def test_cli_prints_the_measures_and_json(cli, tmp_path: Path) -> None:
    _case(tmp_path, "001-seed", [PT_ITEM], label=_labels({PT_ITEM: "uphold"}))
    text = cli("eval", "decisions", str(tmp_path))
    assert text.exit_code == 0, text.stderr
    for measure in ("Balanced accuracy: 1.0", "False overturns: 0", "False upholds: 0",
                    "Unsupported: 0", "Upheld only by unknown:", "Calibration: Brier",
                    "physical_medicine"):
        assert measure in text.stdout
    data = json.loads(cli("eval", "decisions", str(tmp_path), "--format", "json").stdout)
    assert data["balanced_accuracy"] == 1.0
    assert data["upheld_only_by_unknown_complete_records"]["upheld"] == 1


def test_a_bad_label_file_is_a_clear_error(cli, tmp_path: Path) -> None:
    _case(tmp_path, "001-seed", [PT_ITEM], label=_labels({PT_ITEM: "maybe"}))
    result = cli("eval", "decisions", str(tmp_path))
    assert result.exit_code == 2
    assert "label must be overturn or uphold" in result.stderr


def test_eval_items_gives_the_unsupported_share(cli, tmp_path: Path) -> None:
    items = tmp_path / "items.txt"
    items.write_text("Physical therapy 2x4 lumbar spine\nHyperbaric oxygen therapy\n\n",
                     encoding="utf-8")
    result = cli("eval", "items", str(items), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["items"], data["unsupported"]) == (2, 1)
    assert data["unsupported_items"][0]["item"] == "Hyperbaric oxygen therapy"


def test_a_set_kept_untuned_is_shown_in_aggregates_only(cli, tmp_path: Path) -> None:
    """The calibration set: the confidence table is fitted on it, and nothing that names a case,
    an item or a topic is printed, so no rule is changed because of it."""
    _case(tmp_path, "001-seed", [PT_ITEM, "Hyperbaric oxygen therapy"],
          label=_labels({PT_ITEM: "uphold", "Hyperbaric oxygen therapy": "overturn"}))
    table = tmp_path / "confidence.yaml"
    result = cli("eval", "decisions", str(tmp_path), "--aggregates-only",
                 "--fit-confidence", str(table))
    assert result.exit_code == 0, result.stderr
    assert "Balanced accuracy" in result.stdout and "Calibration: Brier" in result.stdout
    for named in ("physical_medicine", "001-seed", "Hyperbaric", "Per topic"):
        assert named not in result.stdout
    fitted = yaml.safe_load(table.read_text(encoding="utf-8"))
    assert fitted["fitted_on"] == tmp_path.name
    assert sum(cell["items"] for cell in fitted["cells"].values()) == 1
    data = json.loads(cli("eval", "decisions", str(tmp_path), "--aggregates-only",
                          "-f", "json").stdout)
    assert data["per_topic"] == {} and "errors" not in data
    refused = cli("eval", "decisions", str(tmp_path), "--aggregates-only", "--show-errors")
    assert refused.exit_code == 2


def test_a_thin_confidence_cell_stays_near_its_prior() -> None:
    from openimr.review.confidence import PRIORS, fit_table

    table = fit_table([("criteria_met|attention", True)] * 3
                      + [("criteria_not_met|clear", True)] * 200, "test")
    thin, full = table["cells"]["criteria_met|attention"], table["cells"]["criteria_not_met|clear"]
    assert abs(thin["confidence"] - PRIORS["criteria_met|attention"]) < 0.15
    assert thin["confidence"] < 0.9 and full["confidence"] < 1.0
