"""Proofs on paper (issue 13, points 10 and 11): the PDF letter paginates cleanly (no
heading left at the foot of a page, no page but the last one third blank), measured in the
PDF itself with pypdfium2; and the case page prints as a clean worksheet in Chromium's print
media (no navigation, forms or records viewer; the summary and the criteria kept)."""

from __future__ import annotations

import base64
import re

import pytest
from tests.web.conftest import css, login, wait_for
from tests.web.test_worksheet import login as http_login
from tests.web.test_worksheet import site  # noqa: F401

pytestmark = pytest.mark.xdist_group("web-worksheet")
#: PDF points; the letter's @page margin is 2.2 cm top and bottom (62.4 pt).
MARGIN = 62.4


def page_lines(pdf: bytes) -> list[tuple[float, float, list[str]]]:
    """Per page: its height, the lowest bottom of the body's text (the page-number footer
    in the margin left out) and the body's lines."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for page in document:
        height = page.get_height()
        text = page.get_textpage()
        bottoms = [text.get_charbox(i)[1] for i in range(text.count_chars())
                   if not text.get_text_range(i, 1).isspace()]
        body = [b for b in bottoms if b > MARGIN * 0.8]
        lines = [line.strip() for line in text.get_text_range().splitlines() if line.strip()]
        lines = [line for line in lines if re.search(r"\w", line)
                 and not re.fullmatch(r"Page \d+ of \d+", line)]
        pages.append((height, min(body, default=height), lines))
    return pages


def letter_headings(letter_html: str) -> set[str]:
    import html

    return {" ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split())
            for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", letter_html, re.S)}


def test_the_pdf_letter_paginates_cleanly(site):  # noqa: F811
    _, demo = site
    reviewer = http_login(site, "ortiz")
    number = demo.seed_case
    pdf = reviewer.get(f"/cases/{number}/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    headings = letter_headings(reviewer.get(f"/cases/{number}/letter.html").text)
    assert "CLINICAL CASE SUMMARY" in headings and "APPEAL RIGHTS" in headings
    pages = page_lines(pdf.content)
    assert len(pages) >= 2, "the letter should run over more than one page"
    for number_, (height, lowest, lines) in enumerate(pages[:-1], start=1):
        # The text of every page but the last reaches into the bottom third of the page.
        assert lowest < height / 3, f"page {number_} is more than one third blank"
        # A heading never ends a page: its text follows it on the same page.
        assert lines[-1] not in headings, f"page {number_} ends with heading {lines[-1]!r}"
    assert pages[-1][2], "the last page is empty"


@pytest.mark.browser
def test_the_case_page_prints_as_a_clean_worksheet(server, browser):
    import pypdfium2

    login(browser, server, "ortiz")
    browser.get(f"{server.url}/cases/{server.demo.seed_case}")
    wait_for(lambda: css(browser, "#summary-h"))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = ["header.top", "#records", "form", "#manage"]
        for selector in hidden:
            shown = [e for e in browser.find_elements("css selector", selector) if e.is_displayed()]
            assert not shown, f"{selector} is printed"
        assert css(browser, "#summary").is_displayed()
        assert css(browser, "table.criteria, .criteria").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    document = pypdfium2.PdfDocument(base64.b64decode(printed["data"]))
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    assert "Clinical case summary" in text and "Search the records" not in text
    assert "Change status" not in text and "Log out" not in text
    assert 1 <= len(document) <= 12
