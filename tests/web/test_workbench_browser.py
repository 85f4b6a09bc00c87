"""A day of review work in headless Chromium: text selected in the records viewer becomes a
criterion's evidence; the status control shows the confirmation only for a move that ends
the review; at a narrow width the records sit over the criteria; highlights take the focus."""

from __future__ import annotations

import pytest
from tests.web.conftest import by, css, login, text_of, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("web-browser")]


def test_selected_text_becomes_a_criterions_evidence(server, browser):
    number = server.demo.seed_case
    login(browser, server, "ortiz")
    browser.get(f"{server.url}/cases/{number}")
    row = css(browser, "table.criteria tbody tr")
    row.find_element(by("TAG_NAME"), "summary").click()
    row.find_element(by("NAME"), "comment").send_keys("The note counts the sessions.")
    # Select words on the page in the records viewer, as a reviewer drags over them.
    words = browser.execute_script("""
        const mark = document.querySelector('.page-text mark.cited');
        const range = document.createRange(); range.selectNodeContents(mark);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        mark.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        return mark.textContent;""")
    quote = row.find_element(by("NAME"), "quote")
    assert quote.get_attribute("value") == " ".join(words.split())
    assert row.find_element(by("NAME"), "quote_document").get_attribute("value")
    row.find_element(by("CSS_SELECTOR"), "button[type=submit]").click()
    wait_for(lambda: "Evidence attached" in css(browser, "article.item").text)
    assert "Evidence attached: “" + " ".join(words.split())[:60] in text_of(browser)


def test_status_control_confirms_only_moves_that_end_the_review(server, browser):
    login(browser, server, "manager")
    browser.get(f"{server.url}/cases/{server.demo.other_case}")
    from selenium.webdriver.support.ui import Select

    control = Select(css(browser, "#to"))
    assert control.first_selected_option.text == "Choose…"
    assert not css(browser, "#confirm-ending").is_displayed()
    control.select_by_value("withdrawn")
    assert css(browser, "#confirm-ending").is_displayed()
    assert css(browser, "#note").get_attribute("required") is not None
    control.select_by_value("records_requested")
    assert not css(browser, "#confirm-ending").is_displayed()
    # Assign is offered only when the case can take a reviewer (it can in clinical review).
    assert "Assign a reviewer" in text_of(browser)


def test_narrow_screens_and_keyboard_focus_on_highlights(server, browser):
    login(browser, server, "ortiz")
    browser.get(f"{server.url}/cases/{server.demo.seed_case}")
    browser.set_window_size(700, 900)
    try:
        side = wait_for(lambda: css(browser, ".case-side"))
        wait_for(lambda: side.value_of_css_property("position") == "fixed")
        top = browser.execute_script("return arguments[0].getBoundingClientRect().top", side)
        assert 0 < top < 900  # in view over the criteria, not thousands of pixels below
        css(browser, ".records-toggle").click()
        assert "collapsed" in side.get_attribute("class")
        css(browser, ".records-toggle").click()
        mark = css(browser, ".page-text mark")
        browser.execute_script("arguments[0].focus()", mark)
        focused = browser.switch_to.active_element
        assert focused.tag_name == "mark" and focused.get_attribute("title")
        assert "_" not in focused.get_attribute("title")
    finally:
        browser.set_window_size(1440, 900)
