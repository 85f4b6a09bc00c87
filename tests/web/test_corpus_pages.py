"""The published-decision corpus in the workbench, over HTTP: search, uphold rates,
precedents on the case page (with the consistency flag), and an empty corpus."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from tests.security.helpers import with_csrf

from openimr.web.seed import DEMO_PASSWORD, demo_app

pytestmark = pytest.mark.xdist_group("web-corpus")
LETTERS = 120


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")
    return demo_app(tmp_path_factory.mktemp("corpus-web") / "web.db", corpus_letters=LETTERS)


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory):
    os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")
    return demo_app(tmp_path_factory.mktemp("empty-web") / "web.db", corpus_letters=0)


def login(site, username: str) -> TestClient:
    client = TestClient(site[0])
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD},
                           follow_redirects=False)
    assert response.status_code == 303
    return with_csrf(client)


def hits_of(page: str) -> list[tuple[str, str, str, str]]:
    """(item, decision, category, year) of each result row."""
    rows = re.findall(r'<tr>\s*<th scope="row">(.*?)</th>\s*<td><strong class="decision '
                      r'[a-z]*">(\w+|—)</strong></td>\s*<td>([^<]*)<.*?<td>(\d{4}|—)</td>',
                      page, flags=re.S)
    return [(re.sub(r"<.*", "", item, flags=re.S).strip(), d, c.strip(), y)
            for item, d, c, y in rows]


def test_search_lists_matching_decided_items_with_filters(site):
    reviewer = login(site, "ortiz")
    page = reviewer.get("/corpus?" + urlencode({"q": "physical therapy"}))
    assert page.status_code == 200
    assert '<a href="/corpus">Published decisions</a>' in page.text
    hits = hits_of(page.text)
    assert hits and all("therapy" in item.lower() for item, *_ in hits[:5])
    assert {d for _, d, _, _ in hits} <= {"Upheld", "Overturned", "—"}
    assert 'class="snippet"' in page.text

    narrowed = hits_of(reviewer.get("/corpus?" + urlencode({
        "q": "physical therapy", "decision": "overturned"})).text)
    assert narrowed and {d for _, d, _, _ in narrowed} == {"Overturned"}
    year = hits[0][3]
    by_year = hits_of(reviewer.get("/corpus?" + urlencode({"q": "physical therapy",
                                                          "year": year})).text)
    assert by_year and {y for *_, y in by_year} == {year}
    nothing = reviewer.get("/corpus?" + urlencode({"q": "zzqxv"})).text
    assert "No decided item matches" in nothing

    # htmx asks for the results only; without it the whole page comes back.
    partial = reviewer.get("/corpus?q=acupuncture", headers={"HX-Request": "true"}).text
    assert partial.lstrip().startswith('<section id="corpus-results"') and "<html" not in partial
    bad = reviewer.get("/corpus?q=x&decision=maybe")
    assert bad.status_code == 422 and "decision" in bad.text


def test_search_finds_items_by_category_and_by_drug_or_procedure_synonyms(site):
    reviewer = login(site, "ortiz")

    def hits(query: str) -> list[tuple[str, str, str, str]]:
        return hits_of(reviewer.get("/corpus?" + urlencode({"q": query})).text)

    # A category's name finds its items, though "opioid" is in no item's text.
    opioids = hits("opioid")
    assert opioids and all(category == "opioid" for _, _, category, _ in opioids[:10])
    assert any("Norco" in item for item, *_ in opioids)
    # A generic name finds its brands (the drug table): Norco is hydrocodone/APAP.
    hydrocodone = hits("hydrocodone")
    assert {"Norco", "Hydrocodone"} <= {word for item, *_ in hydrocodone[:10]
                                         for word in ("Norco", "Hydrocodone") if word in item}
    assert all(re.search(r"norco|hydrocodone", item, re.I) for item, *_ in hydrocodone[:5])
    # An abbreviation the categories table knows: PT is physical therapy.
    therapy = hits("PT")
    assert therapy and all("physical therapy" in category for _, _, category, _ in therapy[:10])


def test_stats_show_uphold_rate_tables_and_an_inline_chart(site):
    manager = login(site, "manager")
    for by, heading in (("category", "Category"), ("specialty", "Reviewer specialty"),
                        ("subcategory", "Sub-category"), ("year", "Year")):
        page = manager.get(f"/corpus/stats?by={by}").text
        assert f'<th scope="col">{heading}</th>' in page
        assert "<svg" in page and 'role="img"' in page
        chart = page.split("<svg", 1)[1].split("</svg>", 1)[0]
        # Labels in words, a percent axis with its title, a readable size.
        assert 'font-size="14"' in chart and ">0%</text>" in chart and ">100%</text>" in chart
        assert "Uphold rate (bar; the line is the 95% interval)" in chart
        assert not re.search(r"<text[^>]*>[a-z]+_[a-z_]+", chart)
        rows = re.findall(r'<tr(?: class="total")?><th scope="row">([^<]+)</th><td>(\d+)</td>'
                          r'<td>(\d+)</td><td>(\d+)</td>\s*<td>([\d.]+)%</td>', page)
        total = next(r for r in rows if r[0] == "all")
        items, upheld, overturned = int(total[1]), int(total[2]), int(total[3])
        assert items > 0 and upheld + overturned <= items
        assert sum(int(r[1]) for r in rows if r[0] != "all") == items
        assert float(total[4]) == pytest.approx(100 * upheld / (upheld + overturned), abs=0.05)
    assert manager.get("/corpus/stats?by=colour").status_code == 422

    # Within one category, the total is that category's row of the overall table.
    page = manager.get("/corpus/stats?by=category").text
    category = re.findall(r'<option value="([a-z_]+)"', page.split('id="category"', 1)[1])[0]
    items = _rate_rows(page)[category.replace("_", " ")]
    within = manager.get("/corpus/stats?" + urlencode({"by": "year", "category": category}))
    assert _rate_rows(within.text)["all"] == items
    assert f"category={category}" in within.text  # the tabs keep the filter


def _rate_rows(page: str) -> dict[str, int]:
    return {group: int(items) for group, items in re.findall(
        r'<tr(?: class="total")?><th scope="row">([^<]+)</th><td>(\d+)</td>', page)}


def test_corpus_pages_are_for_staff_and_reviewers_and_audited(site):
    admin = login(site, "admin")
    admin.post("/admin/users", data={"username": "claimant", "role": "party",
                                     "password": DEMO_PASSWORD, "case_numbers": site[1].seed_case})
    party = login(site, "claimant")
    assert party.get("/corpus?q=therapy").status_code == 403
    assert party.get("/corpus/stats").status_code == 403
    assert "/corpus" not in party.get("/cases").text
    login(site, "chen").get("/corpus?q=acupuncture+sessions")
    audit = admin.get("/admin/audit?username=chen").text
    assert re.search(r"<td>chen</td><td>reviewer</td><td>read</td><td>corpus search</td>", audit)
    assert "acupuncture sessions" in audit


def _precedent_outcomes(page: str) -> list[tuple[str, bool]]:
    """(outcome, same category) of the precedents shown for the first item."""
    section = page.split('class="precedents', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<strong class="decision \w*">(\w+)</strong></td>\s*<td>([^\n]*?)</td>',
                      section)
    return [(outcome.lower(), "(other category)" not in cell) for outcome, cell in rows]


@contextmanager
def letters_ingested_from_files(site):
    """The demo's synthetic letters as if ingested from files (real letters), then back."""
    from sqlalchemy import update

    from openimr.corpus.tables import CorpusLetter

    engine = site[0].state.engine
    with engine.begin() as connection:
        connection.execute(update(CorpusLetter).values(
            source_path="letters/" + CorpusLetter.source_path))
    try:
        yield
    finally:
        with engine.begin() as connection:
            connection.execute(update(CorpusLetter).values(
                source_path=func.substr(CorpusLetter.source_path, len("letters/") + 1)))


def test_synthetic_precedents_are_shown_but_never_flag_a_draft(site):
    _, demo = site
    page = login(site, "ortiz").get(f"/cases/{demo.seed_case}").text
    section = page.split('class="precedents', 1)[1].split("</section>", 1)[0]
    assert "synthetic demo letter" in section and "Inconsistent with precedent" not in section
    assert "from real letters: too few to judge consistency" in section
    assert "are synthetic demo data, which never judge a draft" in section
    assert re.search(r"<td>\d{1,3}%</td>", section)  # each precedent's similarity


def test_case_page_shows_precedents_and_flags_a_draft_against_most_of_them(site):
    with letters_ingested_from_files(site):
        _flags_a_draft_against_most_precedents(site)


def _flags_a_draft_against_most_precedents(site):
    _, demo = site
    ortiz = login(site, "ortiz")
    page = ortiz.get(f"/cases/{demo.seed_case}").text
    assert "Precedents in published decisions" in page
    outcomes = _precedent_outcomes(page)
    peers = [o for o, same in outcomes if same]
    assert len(peers) >= 3, outcomes
    majority = max(("upheld", "overturned"), key=peers.count)
    minority = "overturned" if majority == "upheld" else "upheld"
    version = int(re.search(r'name="version" value="(\d+)"', page).group(1))
    flagged = ortiz.post(f"/cases/{demo.seed_case}/decision", data={
        "item_id": "item-1", "decision": minority, "version": version,
        "rationale": "The reviewer's own reasoning.",
        "override_reason": "The reviewer weighs the criteria otherwise."}).text
    expected = peers.count(majority) * 2 > len(peers)
    assert ("Inconsistent with precedent" in flagged) is expected
    assert expected or peers.count(majority) * 2 == len(peers)
    agreeing = ortiz.post(f"/cases/{demo.seed_case}/decision", data={
        "item_id": "item-1", "decision": majority, "version": version + 1,
        "rationale": "The reviewer's own reasoning.",
        "override_reason": "The reviewer weighs the criteria otherwise."}).text
    assert "Inconsistent with precedent" not in agreeing
    assert "agrees with" in agreeing and "same-category precedents from real letters (mean " \
        "similarity " in agreeing
    if expected:
        assert "review them before signing" in flagged
        assert re.search(r"disagrees with \d+ of \d+ same-category precedents from real "
                         r"letters \(mean similarity \d+%\)", flagged)
        flagged = ortiz.post(f"/cases/{demo.seed_case}/decision", data={
            "item_id": "item-1", "decision": minority, "version": version + 2,
            "rationale": "The reviewer's own reasoning.",
            "override_reason": "The reviewer weighs the criteria otherwise."}).text
        # After signing, the panel no longer asks for a review before signing.
        signed = ortiz.post(f"/cases/{demo.seed_case}/sign",
                            data={"version": version + 3, "attest": "yes"}).text
        assert "Determination signed." in signed and "Inconsistent with precedent" in signed
        assert "review them before signing" not in signed


def test_nothing_breaks_when_the_corpus_is_empty(empty_site):
    _, demo = empty_site
    ortiz = login(empty_site, "ortiz")
    page = ortiz.get(f"/cases/{demo.seed_case}")
    assert page.status_code == 200 and "Precedents in published decisions" not in page.text
    assert "The corpus is empty" in ortiz.get("/corpus?q=therapy").text
    stats = ortiz.get("/corpus/stats")
    assert stats.status_code == 200 and "The corpus is empty" in stats.text


def test_corpus_pages_say_how_many_letters_are_real_and_how_many_synthetic(site, empty_site):
    manager = login(site, "manager")
    for url in ("/corpus", "/corpus/stats"):
        page = manager.get(url).text
        counts = re.search(r"<strong>(\d+)</strong> real \(ingested from files\) and "
                           r"<strong>(\d+)</strong> synthetic", page)
        assert counts and counts.groups() == ("0", str(LETTERS)), url
        assert "This corpus is synthetic demo data" in page
    empty = login(empty_site, "manager").get("/corpus").text
    assert "<strong>0</strong> real" in empty and "synthetic demo data" not in empty
