"""Intake by the application form and the correction of a missing field, in headless
Chromium (issue 13, point 5): the form typed in, the eligibility page naming what is
missing in words, and the case page's form that fills it in."""

from __future__ import annotations

import pytest
from tests.web.conftest import by, css, login, text_of, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("web-browser")]


def test_a_case_manager_registers_an_application_by_form_and_fills_a_missing_field(
        server, browser):
    login(browser, server, "manager")
    browser.get(server.url + "/intake")
    typed = {"worker_name": "Rosa Diaz", "requesting_physician": "Dr. Lee Grant",
             "items": "Acupuncture 6 sessions", "diagnoses": "M54.5 Low back pain"}
    for name, value in typed.items():
        css(browser, f"#application-form [name={name}]").send_keys(value)
    # Date inputs take the ISO value whatever the browser's locale shows.
    for name, value in (("date_of_injury", "2024-01-15"), ("ur_decision_date", "2024-03-01")):
        browser.execute_script("arguments[0].value = arguments[1]",
                               css(browser, f"#application-form [name={name}]"), value)
    css(browser, "#records_text").send_keys("PROGRESS NOTE 02/20/2024\nLow back pain, "
                                            "acupuncture requested.")
    css(browser, "#application-form button[type=submit]").click()
    wait_for(lambda: "/eligibility" in browser.current_url)
    page = text_of(browser)
    assert "missing required fields: claim number" in page
    assert "claim.claim_number" not in page

    browser.find_element(by("LINK_TEXT"), "Change the case status").click()
    wait_for(lambda: css(browser, "#application-fill"))
    warning = css(browser, "#application .warning").text
    assert "claim number" in warning and "employer" in warning
    css(browser, "#fill-claim_number").send_keys("ADJ9988776")
    css(browser, "#application-fill button[type=submit]").click()
    confirmation = wait_for(lambda: css(browser, "#application .saved"))
    assert confirmation.text == "Application completed: claim number."
    still_missing = css(browser, "#application .warning").text
    assert "claim number" not in still_missing and "employer" in still_missing
    assert "ADJ9988776" in text_of(browser)
