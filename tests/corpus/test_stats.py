"""Uphold rates by group, as rows, PNG and HTML."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine

from openimr.corpus.ingest import ingest
from openimr.corpus.stats import chart_html, chart_png, chart_svg, uphold_rates, wilson
from openimr.corpus.synth import SynthLetter
from openimr.model.errors import InputError


@pytest.fixture
def loaded(sqlite_engine: Engine, tmp_path: Path, synthetic: list[SynthLetter]) -> Engine:
    folder = tmp_path / "letters"
    folder.mkdir()
    for letter in synthetic:
        (folder / f"{letter.case_number}.txt").write_text(letter.text)
    ingest(folder, sqlite_engine, workers=1)
    return sqlite_engine


def test_rates_by_category_match_the_letters(loaded: Engine,
                                             synthetic: list[SynthLetter]) -> None:
    rows = {row.group: row for row in uphold_rates(loaded, "category")}
    items = [item for letter in synthetic for item in letter.items]
    totals = Counter(item.category for item in items)
    upheld = Counter(item.category for item in items if item.decision == "upheld")
    for category, total in totals.items():
        assert (rows[category].items, rows[category].upheld) == (total, upheld[category])
    assert rows["all"].items == len(items)
    assert rows["all"].uphold_rate == pytest.approx(sum(upheld.values()) / len(items))
    ordered = [row.items for row in rows.values() if row.group != "all"]
    assert ordered == sorted(ordered, reverse=True)


def test_rates_by_year_and_specialty(loaded: Engine, synthetic: list[SynthLetter]) -> None:
    by_year = {row.group: row.items for row in uphold_rates(loaded, "year")}
    dated = Counter()
    for letter in synthetic:
        # A body-only letter (the seed's layout) carries no date and no case number.
        dated[str(letter.year) if letter.layout.value != "case_body" else "(none)"] += \
            len(letter.items)
    assert {key: value for key, value in by_year.items() if key != "all"} == dated
    by_specialty = {row.group: row.items for row in uphold_rates(loaded, "specialty")}
    expected = Counter()
    for letter in synthetic:
        expected[letter.specialty] += len(letter.items)
    assert {key: value for key, value in by_specialty.items() if key != "all"} == expected
    with pytest.raises(InputError, match="--by must be one of"):
        uphold_rates(loaded, "colour")


def test_rates_within_a_category_or_a_year(loaded: Engine,
                                           synthetic: list[SynthLetter]) -> None:
    opioid_by_year = uphold_rates(loaded, "year", category="opioid")
    expected = Counter(letter.year if letter.layout.value != "case_body" else None
                       for letter in synthetic for item in letter.items
                       if item.category == "opioid")
    assert opioid_by_year[-1].items == sum(expected.values())
    in_2016 = {row.group: row.items for row in uphold_rates(loaded, "category", year=2016)}
    assert in_2016["all"] == sum(len(letter.items) for letter in synthetic
                                 if letter.year == 2016 and letter.layout.value != "case_body")


def test_wilson_interval_widens_for_small_groups() -> None:
    small, large = wilson(3, 3), wilson(300, 300)
    assert small[0] < 0.5 < large[0]
    assert small[1] == pytest.approx(1.0) and large[1] == pytest.approx(1.0)


def test_charts(loaded: Engine) -> None:
    rows = uphold_rates(loaded, "category")
    png = chart_png(rows, "by category")
    assert png.startswith(b"\x89PNG") and png == chart_png(rows, "by category")
    svg = chart_svg(rows, "rates")
    assert svg.startswith("<svg") and svg.endswith("</svg>") and svg in chart_html(rows, "rates")
    page = chart_html(rows, "by <category>")
    assert "<svg" in page and "by &lt;category&gt;" in page
    assert page.count("<rect") == len(rows) - 1 and page.count("<tr>") == len(rows) + 1


def test_cli_stats(cli, loaded: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = loaded.url.render_as_string()
    chart = tmp_path / "rates.html"
    done = cli("corpus", "stats", "--by", "subcategory", "--chart", str(chart), "--database", url)
    assert done.exit_code == 0, done.stderr
    assert "Uphold rate by subcategory" in done.stdout and chart.read_text().startswith("<!doc")
    as_json = cli("corpus", "stats", "--by", "year", "--category", "opioid", "-f", "json",
                  "--database", url)
    rows = json.loads(as_json.stdout)
    assert rows[-1]["group"] == "all" and rows[-1]["items"] == sum(r["items"] for r in rows[:-1])
    bad = cli("corpus", "stats", "--chart", str(tmp_path / "x.gif"), "--database", url)
    assert bad.exit_code == 2 and ".png or .html" in bad.stderr


@pytest.mark.postgres
def test_postgres_gives_the_same_rates(loaded: Engine, postgres_engine: Engine,
                                       tmp_path: Path) -> None:
    ingest(tmp_path / "letters", postgres_engine, workers=1)
    for by in ("category", "specialty", "year"):
        assert uphold_rates(postgres_engine, by) == uphold_rates(loaded, by)
