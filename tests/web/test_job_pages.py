"""The case's background work on the workbench: shown in place, polled while at work,
a failed job's reason and its retry button."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from tests.web.test_pages import login

from openimr.store import models as m
from openimr.web.seed import demo_app

pytestmark = pytest.mark.xdist_group("web-jobs")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")
    return demo_app(tmp_path_factory.mktemp("web-jobs") / "web.db", corpus_letters=0)


def test_background_work_is_shown_polled_and_retried(site):
    app, demo = site
    manager = login(site, "manager")
    case_page = manager.get(f"/cases/{demo.other_case}").text
    assert f'hx-get="/cases/{demo.other_case}/jobs"' in case_page  # loaded in place

    part = manager.get(f"/cases/{demo.other_case}/jobs", headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert "Drafting the determination" in part.text and "queued" in part.text
    assert 'hx-trigger="every 2s"' in part.text and "<html" not in part.text

    with Session(app.state.engine) as session:
        case_id = session.scalar(select(m.CaseRow.id).where(
            m.CaseRow.case_number == demo.other_case))
        session.execute(update(m.JobRow).where(m.JobRow.case_id == case_id).values(
            status="failed", attempts=4, error="RuntimeError: the worker ran out of memory"))
        session.commit()
        job_id = session.scalar(select(m.JobRow.id).where(m.JobRow.case_id == case_id))
    ended = manager.get(f"/cases/{demo.other_case}/jobs?active=1",
                        headers={"HX-Request": "true"})
    assert ended.headers.get("HX-Refresh") == "true"  # the page reloads to show results
    assert "ran out of memory" in ended.text and ">Retry</button>" in ended.text
    assert "every 2s" not in ended.text

    retried = manager.post(f"/cases/{demo.other_case}/jobs/{job_id}/retry",
                           follow_redirects=False)
    assert retried.status_code == 303
    with Session(app.state.engine) as session:
        assert session.get(m.JobRow, job_id).status == "queued"

    # Without JavaScript: a page of its own. Another reviewer's case: not theirs to see.
    assert "Background work" in manager.get(f"/cases/{demo.other_case}/jobs").text
    refused = login(site, "ortiz").get(f"/cases/{demo.other_case}/jobs")
    assert refused.status_code == 403 and "Not your case" in refused.text
    assert "ran out of memory" not in refused.text
