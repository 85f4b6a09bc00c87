"""The published-decision corpus in the workbench: search (`/corpus`) and uphold-rate
statistics with a chart (`/corpus/stats`), for staff and reviewers (never parties).

Both pages are plain GET forms, so they work without JavaScript; with htmx the search
swaps only its results."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from markupsafe import Markup

from openimr.web.routing import PageError, PageRoute, page_service, render, require_role
from openimr.workflow.service import STAFF, Service
from openimr.workflow.users import Role

router = APIRouter(route_class=PageRoute, include_in_schema=False)

GROUPINGS = {"category": "Category", "subcategory": "Sub-category",
             "specialty": "Reviewer specialty", "year": "Year"}
SNIPPET = 280


def _year(value: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise PageError(422, "Invalid filter", f"year {value!r} is not a year")
    return int(value)


def snippet(text: str | None, query: str, width: int = SNIPPET) -> str:
    """A window of the rationale around the first query word it contains."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    lowered = text.lower()
    hits = [lowered.find(w) for w in query.lower().split() if len(w) > 2 and w in lowered]
    start = max(0, min(hits) - width // 3) if hits else 0
    start = text.rfind(" ", 0, start) + 1 if start else 0
    window = text[start:start + width].rsplit(" ", 1)[0]
    return ("… " if start else "") + window + " …"


@router.get("/corpus")
def search_page(request: Request, q: str = "", category: str = "", decision: str = "",
                year: str = "", specialty: str = "",
                service: Service = Depends(page_service)) -> Response:
    require_role(service.actor, *STAFF, Role.reviewer)
    if decision not in ("", "upheld", "overturned"):
        raise PageError(422, "Invalid filter", f"decision {decision!r} is not upheld or "
                        "overturned")
    hits = service.corpus_search(q, category=category or None, decision=decision or None,
                                 year=_year(year), specialty=specialty or None,
                                 limit=25) if q.strip() else []
    context = {"title": "Published decisions", "q": q, "category": category,
               "decision": decision, "year": year, "specialty": specialty, "hits": hits,
               "snippets": [snippet(h.rationale, q) for h in hits],
               "filters": service.corpus_filters()}
    template = "_corpus_results.html" if request.headers.get("HX-Request") else "corpus.html"
    return render(request, template, context)


@router.get("/corpus/stats")
def stats_page(request: Request, by: str = "category", category: str = "", year: str = "",
               service: Service = Depends(page_service)) -> Response:
    from openimr.corpus import chart_svg

    require_role(service.actor, *STAFF, Role.reviewer)
    if by not in GROUPINGS:
        raise PageError(422, "Invalid grouping", f"by {by!r} is not one of "
                        f"{', '.join(GROUPINGS)}")
    rows = service.uphold_rates(by, category=category or None, year=_year(year))
    title = f"Uphold rate by {GROUPINGS[by].lower()}"
    groups = [r for r in rows if r.group != "all"]
    # The SVG is made by openimr.corpus from our own numbers and labels (escaped there).
    chart = Markup(chart_svg(groups, title)) if groups else None
    return render(request, "corpus_stats.html", {
        "title": "Uphold rates", "by": by, "groupings": GROUPINGS, "rows": rows,
        "chart": chart, "chart_title": title, "category": category, "year": year,
        "filters": service.corpus_filters()})
