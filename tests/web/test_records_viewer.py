"""The records viewer shows what the header/footer cleaner removed from a page, greyed and
outside the text that was read (issue 13, point 9), instead of dropping it silently."""

from __future__ import annotations

import html
import re

import pytest
from tests.web.test_worksheet import login, site  # noqa: F401

from openimr.records.normalize import split_repeated_lines, strip_repeated_lines

pytestmark = pytest.mark.xdist_group("web-worksheet")

HEADER = "VALLEY ORTHOPEDIC GROUP - CONFIDENTIAL"
PAGES = [f"{HEADER}\nVisit {n}: lumbar pain {n + 3}/10, walking {10 * n} minutes.\n"
         f"Plan: home exercise, week {n}.\nPage {n} of 4" for n in range(1, 5)]


def test_the_cleaner_keeps_what_it_removed_above_and_below():
    cleaned = split_repeated_lines(PAGES)
    assert [p.text for p in cleaned] == strip_repeated_lines(PAGES)
    assert cleaned[1].above == (HEADER,) and cleaned[1].below == ("Page 2 of 4",)
    assert HEADER not in cleaned[1].text and "walking 20 minutes" in cleaned[1].text


def test_removed_header_and_footer_lines_are_shown_greyed(site):  # noqa: F811
    _, demo = site
    number = demo.seed_case
    manager = login(site, "manager")
    uploaded = manager.post(f"/cases/{number}/documents", data={"kind": "medical_records"},
                            files={"document": ("clinic-notes.txt", "\f".join(PAGES).encode(),
                                                "text/plain")})
    assert uploaded.status_code == 200
    # The new record is one of the document tabs (named by type and date, not by file).
    tabs = re.findall(r'\?doc=(\d+)&amp;page=1', uploaded.text.split('id="records"')[1])
    page = next(p for p in (manager.get(f"/cases/{number}?doc={d}&page=2").text for d in tabs)
                if "walking 20 minutes" in p)
    viewer = html.unescape(page.split('id="records"')[1])
    removed = re.findall(r'<div class="removed-lines"[^>]*>(.*?)</div>', viewer, re.S)
    assert removed == [HEADER, "Page 2 of 4"]
    text = re.search(r'<div class="page-text"[^>]*>(.*?)</div>', viewer, re.S).group(1)
    assert HEADER not in text and "walking 20 minutes" in text
    assert 'title="Removed as a running header: not read"' in viewer
