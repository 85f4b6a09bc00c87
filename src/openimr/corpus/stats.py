"""Uphold rates of the corpus by category, sub-category, reviewer specialty or year.

`uphold_rates` returns the rows (the web app renders them); `chart_png` and `chart_html`
draw them. Rates carry a 95% Wilson interval: a 100% rate over 3 items means little.
"""

from __future__ import annotations

import html
import io
import math
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import Connection, Engine, case, func, select

from openimr.corpus.tables import SYNTHETIC_SOURCE, CorpusItem, CorpusLetter
from openimr.model.errors import InputError
from openimr.store.base import make_engine


class GroupBy(StrEnum):
    category = "category"
    subcategory = "subcategory"
    specialty = "specialty"
    year = "year"


class RateRow(BaseModel):
    group: str
    items: int
    upheld: int
    overturned: int
    uphold_rate: float | None
    low: float | None
    high: float | None


def letter_provenance(connection: Connection) -> dict[str, int]:
    """How many stored letters are real (ingested from files) and how many synthetic (made by
    `openimr.corpus.synth` for demos and scale tests, stored under a `synthetic` source)."""
    synthetic = CorpusLetter.source_path.like(SYNTHETIC_SOURCE + "%")
    total = connection.scalar(select(func.count()).select_from(CorpusLetter)) or 0
    made = connection.scalar(select(func.count()).select_from(CorpusLetter).where(synthetic)) or 0
    return {"real": total - made, "synthetic": made}


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    if total == 0:
        return 0.0, 1.0
    p = successes / total
    centre = p + z * z / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    denominator = 1 + z * z / total
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


def uphold_rates(engine: Engine | None = None, by: GroupBy | str = GroupBy.category,
                 min_items: int = 1, *, category: str | None = None,
                 year: int | None = None) -> list[RateRow]:
    """One row per group, largest first (years in order), then an 'all' row, optionally
    within one category or year. Items with no decision are not counted in the rate."""
    engine = engine or make_engine()
    try:
        by = GroupBy(by)
    except ValueError as error:
        raise InputError(f"--by must be one of {', '.join(g.value for g in GroupBy)}, "
                         f"not {by!r}") from error
    column = {GroupBy.category: CorpusItem.category, GroupBy.subcategory: CorpusItem.subcategory,
              GroupBy.specialty: CorpusLetter.specialty, GroupBy.year: CorpusLetter.year}[by]
    upheld = func.sum(case((CorpusItem.decision == "upheld", 1), else_=0))
    overturned = func.sum(case((CorpusItem.decision == "overturned", 1), else_=0))
    query = (select(column, func.count(CorpusItem.id), upheld, overturned)
             .join(CorpusLetter, CorpusLetter.content_hash == CorpusItem.letter_hash)
             .group_by(column))
    if category is not None:
        query = query.where(CorpusItem.category == category)
    if year is not None:
        query = query.where(CorpusLetter.year == year)
    with engine.connect() as connection:
        raw = connection.execute(query).all()
    rows = [_row("(none)" if key is None else str(key), n, int(up or 0), int(over or 0))
            for key, n, up, over in raw if n >= min_items]
    rows.sort(key=lambda row: (-row.items, row.group) if by is not GroupBy.year
              else (row.group,))
    if rows:
        rows.append(_row("all", sum(r.items for r in rows), sum(r.upheld for r in rows),
                         sum(r.overturned for r in rows)))
    return rows


def _row(group: str, items: int, upheld: int, overturned: int) -> RateRow:
    decided = upheld + overturned
    low, high = wilson(upheld, decided) if decided else (None, None)
    return RateRow(group=group, items=items, upheld=upheld, overturned=overturned,
                   uphold_rate=upheld / decided if decided else None, low=low, high=high)


def _plotted(rows: list[RateRow], limit: int) -> list[RateRow]:
    return [row for row in rows if row.group != "all" and row.uphold_rate is not None][:limit]


def chart_png(rows: list[RateRow], title: str, limit: int = 30) -> bytes:
    """A horizontal bar chart of uphold rates with their intervals, as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = _plotted(rows, limit)
    figure, axes = plt.subplots(figsize=(8, 0.32 * max(len(shown), 4) + 1.2), dpi=100)
    labels = [f"{row.group} (n={row.items})" for row in shown][::-1]
    rates = [100 * (row.uphold_rate or 0) for row in shown][::-1]
    errors = [[100 * ((row.uphold_rate or 0) - (row.low or 0)) for row in shown][::-1],
              [100 * ((row.high or 0) - (row.uphold_rate or 0)) for row in shown][::-1]]
    axes.barh(labels, rates, xerr=errors, color="#3b6ea5", ecolor="#555555", capsize=2)
    axes.set_xlim(0, 100)
    axes.set_xlabel("uphold rate, % (95% interval)")
    axes.set_title(title)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def group_label(group: str) -> str:
    """A group key in words: "physical_therapy" -> "physical therapy"."""
    return group.replace("_", " ")


def chart_svg(rows: list[RateRow], title: str, limit: int = 30) -> str:
    """An inline SVG bar chart of uphold rates with their 95% intervals (for a web page):
    groups named in words, a percent axis with grid lines, and its title, at a size that
    reads on a laptop (14 px labels)."""
    shown = _plotted(rows, limit)
    bar_height, label_width, width, top = 26, 300, 440, 8
    body = top + max(len(shown), 1) * bar_height
    parts = []
    for tick in range(0, 101, 25):  # the percent axis: grid line, tick label
        x = label_width + width * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{body}" stroke="#ddd"/>'
                     f'<text x="{x:.1f}" y="{body + 18}" text-anchor="middle">{tick}%</text>')
    for index, row in enumerate(shown):
        y = top + index * bar_height
        rate = row.uphold_rate or 0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end">'
            f"{html.escape(group_label(row.group))} (n={row.items})</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{rate * width:.1f}" height="18" '
            f'fill="#3b6ea5"><title>{html.escape(group_label(row.group))}: '
            f'{100 * rate:.1f}% upheld of {row.items}</title></rect>'
            f'<line x1="{label_width + (row.low or 0) * width:.1f}" y1="{y + 13}" '
            f'x2="{label_width + (row.high or 0) * width:.1f}" y2="{y + 13}" stroke="#222" '
            f'stroke-width="2"/>'
            f'<text x="{label_width + width + 8}" y="{y + 18}">{100 * rate:.1f}%</text>')
    parts.append(f'<line x1="{label_width}" y1="{body}" x2="{label_width + width}" '
                 f'y2="{body}" stroke="#333"/>'
                 f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{body}" '
                 f'stroke="#333"/>'
                 f'<text x="{label_width + width / 2:.1f}" y="{body + 40}" '
                 f'text-anchor="middle" font-weight="bold">Uphold rate (bar; the line is the '
                 f"95% interval)</text>")
    height = body + 50
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="rate-chart" '
            f'aria-label="{html.escape(title)}" viewBox="0 0 {label_width + width + 70} '
            f'{height}" width="{label_width + width + 70}" height="{height}" '
            f'font-family="system-ui, sans-serif" font-size="14" fill="#1a1a1a">'
            f'{"".join(parts)}</svg>')


def chart_html(rows: list[RateRow], title: str, limit: int = 30) -> str:
    """A self-contained HTML page: the SVG bar chart and the table of rates."""
    table = "".join(
        f"<tr><td>{html.escape(row.group)}</td><td>{row.items}</td><td>{row.upheld}</td>"
        f"<td>{row.overturned}</td><td>{_percent(row.uphold_rate)}</td>"
        f"<td>{_percent(row.low)}–{_percent(row.high)}</td></tr>" for row in rows)
    return (
        "<!doctype html><html lang=en><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font:14px sans-serif;margin:2em}svg text{font:14px sans-serif}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;"
        "text-align:right}td:first-child{text-align:left}</style>"
        f"<h1>{html.escape(title)}</h1>{chart_svg(rows, title, limit)}"
        "<table><tr><th>group</th><th>items</th><th>upheld</th><th>overturned</th>"
        f"<th>uphold rate</th><th>95% interval</th></tr>{table}</table></html>\n")


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"
