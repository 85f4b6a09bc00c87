"""A day of review work over HTTP and through the service (what the API calls): evidence the
reviewer attaches (a quote checked against the records), a status control that offers only
the moves that can succeed, confirmations that name people, and what changed since the
draft (the engine's original beside the reviewer's, diffs in the history, revert, discard)."""

from __future__ import annotations

import html
import re

import pytest
from tests.web.test_worksheet import draft_version, login, reviewer_service, site  # noqa: F401

from openimr.model import Evidence
from openimr.model.errors import InputError
from openimr.workflow.errors import Conflict
from openimr.workflow.service import Service
from openimr.workflow.users import Actor, Role
from openimr.workflow.views import DeterminationEdit, RevertIn

pytestmark = pytest.mark.xdist_group("web-worksheet")

QUOTE = "completed 9 sessions of physical therapy"


def item_block(page: str, item: str = "item-1") -> str:
    return page.split(f'id="item-{item}"')[1].split("</article>")[0]


def history_of(page: str) -> str:
    return html.unescape(page.split('id="history"')[1])


def test_a_quote_is_checked_against_the_records_and_placed_where_it_reads(site):  # noqa: F811
    _, demo = site
    doctor, session = reviewer_service(site)
    with session:
        # Typed with other spacing and case: found, and the span is of the page's own text.
        found = doctor.find_quote(demo.seed_case, "  Completed 9 sessions\nof physical  therapy")
        assert found.quote == QUOTE and found.document == "PT daily progress note 07/26/2013"
        assert found.page == 1 and found.end - found.start == len(QUOTE)
        with pytest.raises(InputError, match="is not in the records"):
            doctor.find_quote(demo.seed_case, "completed 40 sessions of acupuncture")
        with pytest.raises(InputError, match="no record"):
            doctor.find_quote(demo.seed_case, QUOTE, document="record-99")
        # Through the API's save: evidence a caller adds is relocated to where the quote is
        # read, and a quote the records do not have is refused.
        view = doctor.get_determination(demo.seed_case)
        edit = view.determination.model_copy(deep=True)
        criterion = edit.determinations[0].criteria[0]
        criterion.reviewer_comment = "The note counts the sessions."
        criterion.evidence.append(Evidence(document=found.document, page=1, start=0, end=3,
                                           quote=QUOTE))
        saved = doctor.save_draft(demo.seed_case, DeterminationEdit(determination=edit,
                                                                    version=view.version))
        placed = saved.determination.determinations[0].criteria[0].evidence[-1]
        assert (placed.start, placed.end) == (found.start, found.end)
        edit = saved.determination.model_copy(deep=True)
        edit.determinations[0].criteria[0].evidence.append(Evidence(
            document=found.document, page=1, start=0, end=10, quote="the patient can fly"))
        with pytest.raises(InputError, match="is not in"):
            doctor.save_draft(demo.seed_case, DeterminationEdit(determination=edit,
                                                                version=saved.version))


def test_the_reviewer_attaches_a_quote_to_a_criterion_on_the_page(site):  # noqa: F811
    _, demo = site
    number = demo.seed_case
    ortiz = login(site, "ortiz")
    page = ortiz.get(f"/cases/{number}").text
    assert 'name="quote"' in page and 'data-document="' in page
    criterion = re.findall(r'id="criterion-item-1-([a-z_.]+)"', page)[0]
    form = {"item_id": "item-1", "criterion_id": criterion, "status": "met",
            "comment": "The note counts the sessions.", "version": draft_version(page)}
    refused = ortiz.post(f"/cases/{number}/criterion", data={**form, "quote": "flying lessons"})
    assert refused.status_code == 422 and "is not in the records" in refused.text
    saved = ortiz.post(f"/cases/{number}/criterion", data={
        **form, "quote": "Completed 9 SESSIONS of physical therapy",
        "quote_document": "PT daily progress note 07/26/2013", "quote_page": "1"})
    assert saved.status_code == 200
    row = saved.text.split(f'id="criterion-item-1-{criterion}"')[1].split("</tr>")[0]
    assert html.escape(f"“{QUOTE}”", quote=False) in row  # linked like the engine's evidence
    assert "Evidence attached" in item_block(saved.text)
    # The history shows what changed: the status and the evidence.
    history = history_of(saved.text)
    assert "-> met" in history and f"evidence added: “{QUOTE}”" in history


def test_the_status_control_offers_only_moves_that_can_succeed(site):  # noqa: F811
    app, demo = site
    manager = login(site, "manager")
    with app.state.sessions() as session:
        admin = Service(session, Actor(username="admin", role=Role.admin))
        seed = admin.get_case(demo.seed_case).case
        fresh = admin.intake(seed.model_copy(update={"case_number": "CM-MOVES-1"}))
        number = fresh.case_number
        moves = admin.next_moves(number)
        assert [m.to for m in moves.moves] == ["eligibility_review", "withdrawn", "terminated",
                                               "expedited"]
        assert not moves.assignable
        assert {m.to for m in moves.moves if m.ends_review} == {"withdrawn", "terminated"}
    page = manager.get(f"/cases/{number}").text
    control = page.split('id="manage-h"')[1].split("</section>")[0]
    # No move preselected: the only selected option is the empty prompt.
    assert re.findall(r"<option[^>]*selected[^>]*>([^<]*)<", control) == ["Choose…"]
    assert "data-ends-review" in control and "Assign a reviewer" not in control
    assert "Determined" not in control and "Clinical Review" not in control

    def move(to: str, **extra: str) -> str:
        page = manager.get(f"/cases/{number}").text
        version = re.search(r'name="version" value="(\d+)"', page.split('id="manage-h"')[1])
        return manager.post(f"/cases/{number}/transition", data={
            "to": to, "version": version.group(1), **extra}).text

    # The confirmation of a move in view: in the status control, not at the top of the page.
    moved = move("eligibility_review")
    assert re.search(r'id="manage".*?class="saved" role="status">Status is now Eligibility '
                     r'Review\.', moved, re.S)
    move("notice_of_assignment_sent")
    page = move("records_requested")
    control = page.split('id="manage-h"')[1].split("</section>")[0]
    # No reviewer yet: Clinical Review is not offered, and the reason is said; Assign is.
    assert 'value="clinical_review"' not in control
    assert "Not yet <strong>Clinical Review</strong>: clinical review needs an assigned " \
           "reviewer" in control
    assert "Assign a reviewer" in control
    # Terminal moves still need the confirmation when posted by hand.
    refused = manager.post(f"/cases/{number}/transition", data={
        "to": "withdrawn", "note": "worker withdrew", "version": re.search(
            r'name="version" value="(\d+)"', control).group(1)})
    assert refused.status_code == 422 and "confirmation" in refused.text


def test_assignment_messages_name_the_reviewer(site):  # noqa: F811
    app, demo = site
    with app.state.sessions() as session:
        admin = Service(session, Actor(username="admin", role=Role.admin))
        result = admin.assignment_candidates(demo.seed_case)
        assert "reviewer #" not in result.explanation
        assert "Dr. Ana Ortiz" in result.explanation or "Dr. Wei Chen" in result.explanation
        chosen = next(c for c in result.candidates if not c.eligible)
        with pytest.raises(Conflict, match=re.escape(chosen.name)):
            admin.assign(demo.seed_case, chosen.reviewer_id)


def test_engine_original_status_revert_and_history_diffs(site):  # noqa: F811
    _, demo = site
    number = demo.seed_case
    ortiz = login(site, "ortiz")
    page = ortiz.get(f"/cases/{number}").text
    criterion = "pm.statutory_cap"
    before = page.split(f'id="criterion-item-1-{criterion}"')[1].split("</tr>")[0]
    drafted = re.search(r'<span class="status (\w+)">', before).group(1)
    other = "unknown" if drafted != "unknown" else "met"
    changed = ortiz.post(f"/cases/{number}/criterion", data={
        "item_id": "item-1", "criterion_id": criterion, "status": other,
        "comment": "Not settled by the file.", "version": draft_version(page)}).text
    row = changed.split(f'id="criterion-item-1-{criterion}"')[1].split("</tr>")[0]
    assert f'class="engine-original">engine: {drafted.replace("_", " ")}' in row
    history = history_of(changed)
    assert f"{drafted.replace('_', ' ')} -> {other.replace('_', ' ')}" in history
    assert "comment: “” -> “Not settled by the file.”" in history
    # The decision and rationale changed: the engine's decision shows beside it.
    decided = ortiz.post(f"/cases/{number}/decision", data={
        "item_id": "item-1", "decision": "overturned", "version": draft_version(changed),
        "rationale": "My rationale.\nSecond line.", "override_reason": "Clinical judgment."}).text
    assert "The engine drafted <strong>Upheld</strong>" in item_block(decided)
    assert "+ My rationale." in history_of(decided) and "decision: upheld -> overturned" \
        in history_of(decided)
    # Revert the item: back to the engine's draft, the undoing in the history.
    reverted = ortiz.post(f"/cases/{number}/revert", data={
        "item_id": "item-1", "version": draft_version(decided)}).text
    row = reverted.split(f'id="criterion-item-1-{criterion}"')[1].split("</tr>")[0]
    assert f'<span class="status {drafted}">' in row and "engine-original" not in row
    assert "Reverted to the engine's draft." in html.unescape(item_block(reverted))
    assert "decision: overturned -> upheld" in history_of(reverted)


def test_a_started_correction_can_be_discarded(site):  # noqa: F811
    _, demo = site
    doctor, session = reviewer_service(site)
    with session:
        from openimr.workflow.views import CorrectionIn, SignIn

        view = doctor.get_determination(demo.seed_case)
        signed = doctor.sign(demo.seed_case, SignIn(version=view.version))
        with pytest.raises(Conflict, match="no correction in progress"):
            doctor.discard_correction(demo.seed_case, signed.version)
        started = doctor.correct(demo.seed_case, CorrectionIn(reason="typo", version=signed.version))
        assert started.letter_version == 2
        with pytest.raises(Conflict, match="engine draft"):
            doctor.revert_to_engine(demo.seed_case, RevertIn(version=started.version))
    ortiz = login(site, "ortiz")
    page = ortiz.get(f"/cases/{demo.seed_case}").text
    assert "Discard this correction" in page
    discarded = ortiz.post(f"/cases/{demo.seed_case}/correction/discard",
                           data={"version": draft_version(page)}).text
    assert "Correction discarded: the signed letter version 1 stays in force." in discarded
    assert "The signed determination is final." in discarded
    assert "correction (version 2) discarded" in history_of(discarded)


def test_cases_of_real_size_item_list_search_and_document_names(site):  # noqa: F811
    _, demo = site
    number = demo.queue[0]
    ortiz = login(site, "ortiz")
    page = ortiz.get(f"/cases/{number}").text
    drafted = ortiz.post(f"/cases/{number}/draft").text
    assert "The engine drafted the determination." in drafted.split('id="determination-h"')[1]
    # The item list at the top: each item, its decision, basis and unknown criteria, linked.
    listing = drafted.split('id="items"')[1].split("</section>")[0]
    items = re.findall(r'<article class="item" id="(item-[^"]+)"', drafted)
    assert items and all(f'href="#{i}"' in listing for i in items)
    assert re.search(r"\d+ of \d+</td>", listing)
    # Each item is collapsible and links to the list (and to the next item when there is one).
    assert drafted.count('<details class="item-fold" open>') == len(items)
    assert 'href="#items">All items</a>' in drafted
    # Search within the records: the hits are listed across documents and highlighted.
    found = ortiz.get(f"/cases/{number}", params={"q": "physical therapy"}).text
    hits = found.split('class="search-hits"')[1].split("</div>")[0]
    assert re.search(r"<strong>\d+</strong> hits? for “physical therapy”", hits)
    assert re.search(r'<mark class="hit" tabindex="0" title="Search hit', found) or \
        re.search(r'<mark[^>]*class="[^"]*hit[^"]*"', found)
    none = ortiz.get(f"/cases/{number}", params={"q": "zebra crossing"}).text
    assert "No hit for “zebra crossing”" in none
    # Documents are named by type and date, never by an internal id.
    tabs = page.split('id="records"')[1]
    assert not re.search(r">record-\d+<", tabs)


def test_lists_and_admin(site):  # noqa: F811
    _, demo = site
    manager = login(site, "manager")
    # Search by case, claim or worker; sortable columns; a progress column.
    everything = manager.get("/cases").text
    found = manager.get("/cases", params={"q": demo.other_case}).text
    rows = re.findall(r'<th scope="row"><a href="/cases/([^"]+)"', found)
    assert rows == [demo.other_case]
    assert len(re.findall(r'<th scope="row">', everything)) > 1
    by_case = manager.get("/cases", params={"sort": "case", "order": "desc"}).text
    numbers = re.findall(r'<th scope="row"><a href="/cases/([^"]+)"', by_case)
    assert numbers == sorted(numbers, reverse=True) and 'aria-sort="descending"' in by_case
    assert manager.get("/cases", params={"sort": "nonsense"}).status_code == 422
    progress = dict(re.findall(r'href="/cases/([^"]+)".*?<span class="progress [^"]+">([^<]+)<',
                               everything, re.S))
    assert progress[demo.seed_case] == "drafted" and progress[demo.queue[0]] == "not drafted"
    assert 'data-local' in everything  # deadlines shown in the browser's time zone
    # Bulk assignment: each selected case assigned on its own, the outcome said.
    bulk = manager.post("/cases/assign", data={"numbers": [demo.queue[0], demo.queue[1]],
                                               "reviewer_id": ""}).text
    assert "Assigned 2 cases." in bulk
    # The audit log is paged and filtered by action, user and date.
    admin = login(site, "admin")
    log = admin.get("/admin/audit", params={"action": "write", "username": "manager"}).text
    rows = re.findall(r"<tr><td><time[^>]*>[^<]*</time></td><td>([^<]+)</td><td>[^<]*</td>"
                      r"<td>([^<]+)</td>", log)
    assert rows and all(r == ("manager", "write") for r in rows)
    assert "Page 1 of" in log
    future = admin.get("/admin/audit", params={"since": "2999-01-01"}).text
    assert "0 entries" in future
    assert admin.get("/admin/audit", params={"since": "yesterday"}).status_code == 422
    # New logins start at the least privileged role.
    users = admin.get("/admin/users").text
    assert re.search(r'<option value="party" selected>party \(least privileged\)', users)
    # The roster retires a reviewer and edits the capacity.
    roster = admin.get("/admin/reviewers").text
    forms = {name: number for number, name in re.findall(
        r'action="/admin/reviewers/(\d+)".*?Save ([^<]+)</button>', roster, re.S)}
    retired = admin.post(f"/admin/reviewers/{forms['Dr. Sam Patel']}",
                         data={"active": "no", "capacity": "3"}).text
    assert "Dr. Sam Patel: retired" in html.unescape(retired) and "capacity 3" in retired
    # Unknown URLs get an HTML page.
    missing = admin.get("/no/such/page", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "Page not found" in missing.text
    assert "<html" in missing.text
    api = admin.get("/api/no/such", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")


def test_the_case_page_prints_as_a_worksheet():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "src/openimr/web/static/style.css").read_text()
    rules = css.split("@media print")[1]
    for hidden in ("header.top", "form", ".case-side", "#manage", ".sign"):
        assert hidden in rules.split("display: none")[0]
