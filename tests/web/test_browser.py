"""The issue's scenario in headless Chromium: a reviewer logs in, opens the seed case,
follows a criterion's evidence into the records, changes a decision, signs and downloads
the PDF; and cannot open a case assigned to someone else."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.web.conftest import by, login, text_of, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("web-browser")]


def browser_focus_is_visible(driver) -> bool:
    """The first Tab reaches the skip link, and the focused element shows an outline."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).send_keys(Keys.TAB).perform()
    focused = driver.switch_to.active_element
    outline = focused.value_of_css_property("outline-style")
    assert focused.text == "Skip to content", focused.get_attribute("outerHTML")
    return outline not in ("none", "")


def test_reviewer_reviews_signs_and_downloads_the_letter(server, browser):
    number = server.demo.seed_case
    login(browser, server, "ortiz")
    wait_for(lambda: browser.current_url.endswith("/queue"))
    assert "My queue" in browser.title
    assert browser_focus_is_visible(browser)
    # Only the reviewer's own cases are in the queue.
    queue = text_of(browser)
    assert number in queue and server.demo.other_case not in queue

    browser.find_element(by("LINK_TEXT"), number).click()
    wait_for(lambda: f"/cases/{number}" in browser.current_url)
    page = text_of(browser)
    assert "Parties and dates" in page and "Status history" in page
    assert "8 Physical Therapy Sessions" in page

    # Evidence: the criterion's quote links to its span in the records viewer.
    link = browser.find_element(by("CSS_SELECTOR"), "table.criteria a.evidence")
    quote = link.text.strip("“”")
    anchor = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    wait_for(lambda: browser.current_url.endswith("#" + anchor))
    mark = wait_for(lambda: browser.find_elements(by("CSS_SELECTOR"),
                                                  f".page-text mark#{anchor}"))[0]
    assert mark.text == quote
    assert mark.is_displayed()
    # The highlighted span is scrolled into the viewer's view.
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && "
        "r.top < window.innerHeight", mark)

    # Change a criterion's status with a comment.
    criterion = browser.find_element(by("CSS_SELECTOR"), "table.criteria tbody tr")
    criterion.find_element(by("TAG_NAME"), "summary").click()
    from selenium.webdriver.support.ui import Select

    Select(criterion.find_element(by("NAME"), "status")).select_by_value("met")
    comment = criterion.find_element(by("NAME"), "comment")
    comment.clear()
    comment.send_keys("Visit count read against the post-surgical schedule.")
    criterion.find_element(by("CSS_SELECTOR"), "button[type=submit]").click()
    wait_for(lambda: "set to met" in text_of(browser))
    assert "Reviewer: Visit count read against the post-surgical schedule." in text_of(browser)

    # Change the decision and its rationale.
    browser.find_element(by("CSS_SELECTOR"), "input[name=decision][value=overturned]").click()
    rationale = browser.find_element(by("CSS_SELECTOR"), "textarea[name=rationale]")
    rationale.clear()
    rationale.send_keys("The records document functional gains; the requested visits are "
                        "medically necessary.")
    browser.find_element(by("CSS_SELECTOR"), "textarea[name=override_reason]").send_keys(
        "The cap is read against the post-surgical schedule, not the general one.")
    rationale.submit()
    wait_for(lambda: "saved: overturned" in text_of(browser))
    assert browser.find_element(by("CSS_SELECTOR"), "strong.decision").text == "Overturned"

    # Sign with the attestation; the determination becomes final: no more edit forms.
    browser.find_element(by("ID"), "attest").click()
    browser.find_element(by("CSS_SELECTOR"), ".sign button[type=submit]").click()
    wait_for(lambda: "Determination signed." in text_of(browser))
    assert "The signed determination is final." in text_of(browser)
    assert not browser.find_elements(by("CSS_SELECTOR"), "form[action$='/decision']")
    assert not browser.find_elements(by("ID"), "attest")

    # The letter: HTML preview, then the PDF download.
    browser.find_element(by("LINK_TEXT"), "Letter preview").click()
    wait_for(lambda: browser.current_url.endswith("/letter"))
    browser.switch_to.frame(browser.find_element(by("CSS_SELECTOR"), "iframe.letter"))
    letter = browser.find_element(by("TAG_NAME"), "body").text
    browser.switch_to.default_content()
    assert "Overturned" in letter and "medically necessary" in letter
    browser.find_element(by("LINK_TEXT"), "Download PDF").click()
    pdf = wait_for(lambda: [p for p in Path(browser.downloads).glob("*.pdf")], timeout=30)[0]
    wait_for(lambda: pdf.stat().st_size > 1000 and pdf.read_bytes().rstrip().endswith(b"%%EOF"),
             timeout=30)
    assert pdf.name == f"imr-determination-{number}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_reviewer_cannot_open_a_case_assigned_to_another(server, browser):
    login(browser, server, "ortiz")
    wait_for(lambda: browser.current_url.endswith("/queue"))
    browser.get(f"{server.url}/cases/{server.demo.other_case}")
    assert browser.find_element(by("TAG_NAME"), "h1").text == "Not your case"
    assert "only the cases assigned to them" in text_of(browser)
    assert "8 Physical Therapy Sessions" not in text_of(browser)


def test_corpus_search_swaps_its_results_in_place_with_htmx(server, browser):
    login(browser, server, "chen")
    browser.find_element(by("LINK_TEXT"), "Published decisions").click()
    assert "/corpus" in browser.current_url
    # A marker on the window survives only if the page is not reloaded.
    browser.execute_script("window.stillHere = true;")
    browser.find_element(by("ID"), "q").send_keys("acupuncture sessions")
    browser.find_element(by("CSS_SELECTOR"), "form.corpus-search button[type=submit]").click()
    wait_for(lambda: "results for" in browser.find_element(by("ID"), "results-h").text)
    assert browser.execute_script("return window.stillHere === true;")
    assert "q=acupuncture%20sessions" in browser.current_url  # pushed by htmx
    rows = browser.find_elements(by("CSS_SELECTOR"), "table.corpus-hits tbody tr")
    assert rows and "acupuncture" in rows[0].text.lower()
