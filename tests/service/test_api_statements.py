"""What a read request sends to the database (issue 18): the SQL statements are counted,
so that an N+1, a case file loaded by a list or an extra commit shows here, not only in a
slower bench."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.service.factories import reviewer, seed_case

Login = Callable[[str, str], dict[str, str]]
#: A read: one commit, the read's audit entry included (the chain's head locked and read in
#: one statement, the entry, the head moved on).
AUDIT = ["update audit_chain", "insert into audit_log", "update audit_chain"]


@pytest.fixture
def admin(login: Login) -> dict[str, str]:
    return login("admin", "admin-password")


class Recorder:
    def __init__(self) -> None:
        self.statements: list[str] = []
        self.commits = 0

    def clear(self) -> None:
        self.statements, self.commits = [], 0

    def kinds(self) -> list[str]:
        """Each statement's verb and table ("select cases", "update audit_chain")."""
        named = []
        for statement in self.statements:
            words = statement.replace('"', "").split()
            verb = words[0]
            table = words[words.index("from") + 1] if verb in ("select", "delete") else \
                words[2] if verb == "insert" else words[1]
            named.append(f"{verb} {table}" if verb != "insert" else f"insert into {table}")
        return named


@pytest.fixture
def sql(client: TestClient) -> Iterator[Recorder]:
    recorder = Recorder()
    engine = client.app.state.engine

    def statement(_conn, _cursor, text, *_rest) -> None:  # type: ignore[no-untyped-def]
        recorder.statements.append(" ".join(text.lower().split()))

    def commit(_conn) -> None:  # type: ignore[no-untyped-def]
        recorder.commits += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    yield recorder
    event.remove(engine, "before_cursor_execute", statement)
    event.remove(engine, "commit", commit)


def _cases(client: TestClient, admin: dict, reviewers: int, first: int = 0) -> list[str]:
    """One case per reviewer, each assigned (the list names the reviewer)."""
    numbers = []
    for index in range(first, first + reviewers):
        number = client.post("/api/v1/cases", headers=admin, json=seed_case(
            case_number=f"CM26-{index:08d}")).json()["case_number"]
        added = client.post("/api/v1/reviewers", headers=admin,
                            json=reviewer(f"Dr. {index}")).json()
        for step in ("eligibility_review", "notice_of_assignment_sent"):
            assert client.post(f"/api/v1/cases/{number}/transitions", headers=admin,
                               json={"to": step}).status_code == 200
        assert client.post(f"/api/v1/cases/{number}/assignment", headers=admin,
                           json={"reviewer_id": added["id"]}).status_code == 200
        numbers.append(number)
    return numbers


def test_the_case_list_sends_the_same_statements_for_any_number_of_reviewers(
        client: TestClient, admin: dict, sql: Recorder) -> None:
    _cases(client, admin, 1)
    client.get("/api/v1/cases", headers=admin)  # the token's actor is cached from here
    sql.clear()
    assert client.get("/api/v1/cases", headers=admin).status_code == 200
    one = sql.kinds()
    _cases(client, admin, 4, first=1)
    client.get("/api/v1/cases", headers=admin)
    sql.clear()
    listed = client.get("/api/v1/cases", headers=admin)
    assert len(listed.json()) == 5 and all(c["reviewer"] for c in listed.json())
    assert sql.kinds() == one == ["select cases", "select (select", *AUDIT]  # page, count
    assert sql.commits == 1
    # The list reads the disputed items out of the case file, never the file itself, and
    # of the reviewer what it shows.
    page = re.sub(r"json_extract\(cases\.case_file|cases\.case_file -> %\(case_file_\d+\)s", "",
                  sql.statements[0])
    assert "case_file" not in page and "profile" not in page


def test_a_case_read_loads_its_events_and_documents_in_one_statement_each(
        client: TestClient, admin: dict, sql: Recorder) -> None:
    number = _cases(client, admin, 1)[0]
    for name in ("a.txt", "b.txt", "c.txt"):
        assert client.post(f"/api/v1/cases/{number}/documents", headers=admin, files={
            "file": (name, f"Progress note {name}.".encode(), "text/plain")}).status_code == 201
    client.get(f"/api/v1/cases/{number}", headers=admin)
    sql.clear()
    assert client.get(f"/api/v1/cases/{number}", headers=admin).status_code == 200
    kinds = sql.kinds()
    assert kinds[0] == "select cases" and kinds[-len(AUDIT):] == AUDIT  # (the loads in any order)
    assert sorted(kinds[1:-len(AUDIT)]) == ["select case_documents", "select case_events",
                                   "select determinations"]
    assert sql.commits == 1


def test_a_read_writes_its_audit_entry_in_its_own_transaction(
        client: TestClient, admin: dict, sql: Recorder) -> None:
    number = _cases(client, admin, 1)[0]
    client.get(f"/api/v1/cases/{number}/eligibility", headers=admin)
    sql.clear()
    assert client.get(f"/api/v1/cases/{number}/eligibility", headers=admin).status_code == 200
    kinds = sql.kinds()
    assert kinds[-len(AUDIT):] == AUDIT and AUDIT[0] not in kinds[:-len(AUDIT)]
    # The report reads the case file: not the case's history or documents.
    assert "select case_events" not in kinds and "select case_documents" not in kinds
    assert sql.commits == 1
    audit = client.get("/api/v1/audit", headers=admin,
                       params={"case_number": number}).json()
    assert audit[0]["resource"] == "eligibility" and audit[0]["action"] == "read"
