"""The browser tests' shared pieces: a demo server and a headless Chromium per test module,
and the few helpers every Selenium test uses (log in, wait, read the page)."""

from __future__ import annotations

import time

import pytest

from openimr.web.browser import chromium, demo_server
from openimr.web.seed import DEMO_PASSWORD


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chromium")
    with chromium(folder) as driver:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {
            "behavior": "allow", "downloadPath": str(folder / "downloads")})
        driver.downloads = folder / "downloads"
        yield driver


def by(kind: str):
    from selenium.webdriver.common.by import By

    return getattr(By, kind)


def css(driver, selector: str):
    return driver.find_element(by("CSS_SELECTOR"), selector)


def login(driver, server, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(server.url + "/login")
    driver.find_element(by("ID"), "username").send_keys(username)
    driver.find_element(by("ID"), "password").send_keys(DEMO_PASSWORD)
    driver.find_element(by("CSS_SELECTOR"), "form.stack button[type=submit]").click()
    # Nothing on the next page may be looked up before the browser has left the login page.
    wait_for(lambda: "/login" not in driver.current_url)


def text_of(driver) -> str:
    return driver.find_element(by("TAG_NAME"), "main").text


def wait_for(predicate, timeout: float = 30.0):
    """Poll until `predicate` is truthy; an element replaced by a navigation is read again.

    The wait is long because a draft on a machine shared by several test runs takes seconds;
    a predicate that holds returns at once, so a passing test is no slower.

    While a page is being replaced the driver reports the old nodes as stale, missing or "not
    in the document": all transient, so the predicate is simply asked again.
    """
    from selenium.common.exceptions import WebDriverException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = predicate()
        except WebDriverException:
            result = None
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the page")
