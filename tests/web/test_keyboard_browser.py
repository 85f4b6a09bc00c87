"""Signing with the keyboard alone, in headless Chromium: from the case page, Tab reaches the
attestation, Space ticks it, Tab reaches the Sign button and Enter signs. No mouse click and
no script sets anything on the way."""

from __future__ import annotations

import pytest
from tests.web.conftest import login, text_of, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("web-browser")]

#: More Tab presses than the case page has focusable elements: reaching the end means the
#: element was never reachable by keyboard.
_MAX_TABS = 1500


def _tab_to(driver, matches) -> None:
    """Press Tab until the focused element satisfies `matches`; fail if it never does."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(_MAX_TABS):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if matches(driver.switch_to.active_element):
            return
    raise AssertionError("the element was never reached with Tab")


def test_a_reviewer_signs_with_the_keyboard_alone(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    number = server.demo.seed_case
    login(browser, server, "ortiz")
    browser.get(f"{server.url}/cases/{number}")
    wait_for(lambda: "Sign the determination" in text_of(browser))

    _tab_to(browser, lambda element: element.get_attribute("id") == "attest")
    attest = browser.switch_to.active_element
    assert not attest.is_selected()
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    assert attest.is_selected()

    _tab_to(browser, lambda element: element.tag_name == "button"
            and "Sign" in element.text and element.get_attribute("type") == "submit")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(lambda: "Determination signed." in text_of(browser))
    assert "The signed determination is final." in text_of(browser)
