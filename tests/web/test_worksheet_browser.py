"""No lost typing and stale drafts, in headless Chromium: a save in place keeps the other
fields' typed text, typed text survives logging in again, a conflict keeps it beside the
saved version, leaving with unsaved text asks first; an upload after drafting shows the stale
banner and a re-draft keeps the reviewer's edits."""

from __future__ import annotations

import pytest
from tests.web.conftest import by, css, login, text_of, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("web-browser")]


def test_typed_text_is_never_lost(server, browser, tmp_path):
    number = server.demo.queue[1]
    login(browser, server, "ortiz")
    browser.get(f"{server.url}/cases/{number}")
    css(browser, "#determination form[action$='/draft'] button").click()
    wait_for(lambda: "Clinical case summary" in text_of(browser))

    # Rationale typed, not saved; then a criterion is saved in place.
    rationale = css(browser, "textarea[name=rationale]")
    typed = " My unsaved reasoning about the functional gains."
    rationale.send_keys(typed)
    row = css(browser, "table.criteria tbody tr")
    row.find_element(by("TAG_NAME"), "summary").click()
    comment = row.find_element(by("NAME"), "comment")
    comment.clear()
    comment.send_keys("Read against the post-surgical schedule.")
    row.find_element(by("CSS_SELECTOR"), "button[type=submit]").click()
    wait_for(lambda: "Criterion updated" in css(browser, "article.item").text)
    # The confirmation is where the eye is: inside the item just saved.
    assert css(browser, "article.item .saved").is_displayed()
    assert css(browser, "textarea[name=rationale]").get_attribute("value").endswith(typed)
    # Leaving now would lose it: the page asks first.
    assert browser.execute_script(
        "var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e);"
        "return e.defaultPrevented;")

    # The session ends (a timeout, a logout): after logging in again the text is back.
    login(browser, server, "ortiz")
    browser.get(f"{server.url}/cases/{number}")
    wait_for(lambda: css(browser, "#restored-note"))
    assert css(browser, "textarea[name=rationale]").get_attribute("value").endswith(typed)

    # Someone else saved first (the form holds an old version): the save is refused in
    # place, the typed text stays and the saved version is shown beside it.
    browser.execute_script(
        "document.querySelectorAll('form[action$=\"/decision\"] input[name=version]')"
        ".forEach(function (i) { i.value = '1'; });")
    css(browser, "form[action$='/decision'] button[type=submit]").click()
    status = wait_for(lambda: css(browser, "form[action$='/decision'] .form-status"))
    wait_for(lambda: "someone else changed the draft first" in status.text)
    assert css(browser, "textarea[name=rationale]").get_attribute("value").endswith(typed)
    theirs = wait_for(lambda: css(browser, "form[action$='/decision'] details.theirs pre"))
    assert typed.strip() not in theirs.text
    # Saving again (the form now holds the current version) keeps the typed text.
    css(browser, "form[action$='/decision'] button[type=submit]").click()
    wait_for(lambda: "Decision saved" in css(browser, "article.item").text)
    assert typed.strip() in css(browser, "article.item p.rationale, textarea[name=rationale]"
                                ).get_attribute("value")

    # An upload after drafting: the stale banner names it; a re-draft keeps the edits.
    note = tmp_path / "late-note.txt"
    note.write_text("PROGRESS NOTE 08/02/2013\nPatient walks 20 minutes daily.\n")
    browser.find_element(by("ID"), "document").send_keys(str(note))
    css(browser, "form[action$='/documents'] button[type=submit]").click()
    banner = wait_for(lambda: css(browser, "#stale"))
    assert "late-note.txt was added after drafting" in banner.text
    banner.find_element(by("CSS_SELECTOR"), "button").click()
    wait_for(lambda: not browser.find_elements(by("ID"), "stale"))
    page = text_of(browser)
    assert "Reviewer: Read against the post-surgical schedule." in page
    assert typed.strip() in css(browser, "textarea[name=rationale]").get_attribute("value")
