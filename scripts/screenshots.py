"""Write PNGs of the workbench's main pages to docs/screenshots/ (`make screenshots`).

Serves the demo (openimr.web.seed) on a free local port against a temporary SQLite
database and drives headless Chromium through the pages as each role sees them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from openimr.web.browser import chromium, demo_server
from openimr.web.seed import DEMO_PASSWORD

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def login(driver, url: str, username: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.delete_all_cookies()
    driver.get(url + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    # The next `driver.get` must not race the login's redirect: on a loaded machine it did,
    # and the page asked for next was served to the visitor (no form fields), not the user.
    WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url)


def shoot(driver, url: str, name: str) -> Path:
    driver.get(url)
    path = OUT / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def correct_the_letter(driver, url: str, number: str) -> None:
    """Sign the seed case's draft, correct the signed letter, and sign the correction."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def sign() -> None:
        driver.get(f"{url}/cases/{number}")
        driver.find_element(By.ID, "attest").click()
        driver.find_element(By.CSS_SELECTOR, "section.sign button[type=submit]").click()

    sign()
    # the signed page, not the one the click left
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "details.correct"))
    driver.find_element(By.CSS_SELECTOR, "details.correct summary").click()
    driver.find_element(By.ID, "reason").send_keys(
        "The rationale named the wrong number of completed sessions.")
    driver.find_element(By.CSS_SELECTOR, "details.correct button[type=submit]").click()
    sign()


def worksheet_states(driver, url: str, number: str, folder: Path) -> list[Path]:
    """A queue case drafted, its summary edited, its criteria set against the decision
    (the roll-up), a record uploaded after drafting (stale) and the re-draft."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def until(selector: str):  # the next page, not the one a click left
        return WebDriverWait(driver, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, selector))[0]

    def snap(name: str, anchor: str) -> Path:
        until(f"#{anchor}")
        driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", anchor)
        path = OUT / f"{name}.png"
        driver.save_screenshot(str(path))
        return path

    driver.get(f"{url}/cases/{number}")
    driver.find_element(By.CSS_SELECTOR, "#determination form[action$='/draft'] button").click()
    until("details.edit-summary summary").click()
    box = driver.find_element(By.ID, "summary-text")
    box.send_keys("\nThe reviewer notes the worker returned to modified duty.")
    box.submit()
    until("#summary .saved")
    shots = [snap("summary", "summary")]
    for index in range(len(driver.find_elements(By.CSS_SELECTOR, "table.criteria tbody tr"))):
        row = driver.find_elements(By.CSS_SELECTOR, "table.criteria tbody tr")[index]
        row.find_element(By.TAG_NAME, "summary").click()
        row.find_element(By.CSS_SELECTOR, "select[name=status] option[value=met]").click()
        comment = row.find_element(By.NAME, "comment")
        comment.clear()
        comment.send_keys("Documented in the progress note.")
        row.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        until("article.item .saved")
        driver.get(f"{url}/cases/{number}")
    shots.append(snap("rollup", "item-item-1"))
    note = folder / "late-progress-note.txt"
    note.write_text("PROGRESS NOTE 08/02/2013\nPatient walks 20 minutes daily.\n")
    driver.find_element(By.ID, "document").send_keys(str(note))
    driver.find_element(By.CSS_SELECTOR, "form[action$='/documents'] button[type=submit]").click()
    shots.append(snap("stale", "stale"))
    driver.find_element(By.CSS_SELECTOR, "#stale button").click()
    until(".engine-view")
    shots.append(snap("redraft", "item-item-1"))
    return shots


def day_of_work_states(driver, url: str, number: str, other: str) -> list[Path]:
    """Issue 13's new states: the item list and a search of the records, engine's original
    beside an edit, the records at a narrow width, the status control, lists and the log."""
    from selenium.webdriver.common.by import By

    shots = []
    login(driver, url, "ortiz")
    shots.append(shoot(driver, f"{url}/cases/{number}?q=physical+therapy#items", "items-search"))
    row = driver.find_element(By.CSS_SELECTOR, "table.criteria tbody tr")
    row.find_element(By.TAG_NAME, "summary").click()
    row.find_element(By.CSS_SELECTOR, "select[name=status] option[value=unknown]").click()
    row.find_element(By.NAME, "comment").send_keys("Not settled by the file.")
    row.find_element(By.NAME, "quote").send_keys("9 sessions of physical therapy")
    row.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".engine-original"))
    driver.execute_script("document.querySelector('.engine-original').scrollIntoView()")
    path = OUT / "engine-original.png"
    driver.save_screenshot(str(path))
    shots.append(path)
    driver.set_window_size(700, 900)
    shots.append(shoot(driver, f"{url}/cases/{number}", "narrow"))
    driver.set_window_size(1440, 900)
    login(driver, url, "manager")
    shots.append(shoot(driver, f"{url}/cases/{other}#manage", "status-control"))
    shots.append(shoot(driver, f"{url}/cases?sort=progress", "case-list"))
    login(driver, url, "admin")
    shots.append(shoot(driver, f"{url}/admin/audit?action=write", "audit-filtered"))
    shots.append(shoot(driver, f"{url}/no/such/page", "not-found"))
    return shots


def finish_states(driver, url: str, number: str) -> list[Path]:
    """Issue 13's last states: the application form filled in, the case page asking for the
    fields the application left empty, the header/footer lines the cleaner removed (greyed)
    in the records viewer, and corpus search by a synonym."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    shots = []
    login(driver, url, "manager")
    driver.get(url + "/intake")
    for name, value in (("worker_name", "Rosa Diaz"), ("requesting_physician", "Dr. Lee Grant"),
                        ("items", "Acupuncture 6 sessions"),
                        ("diagnoses", "M54.5 Low back pain")):
        driver.find_element(By.CSS_SELECTOR, f"#application-form [name={name}]").send_keys(value)
    driver.find_element(By.ID, "records_text").send_keys("PROGRESS NOTE 02/20/2024")
    path = OUT / "intake-form.png"
    driver.save_screenshot(str(path))
    shots.append(path)
    driver.find_element(By.CSS_SELECTOR, "#application-form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/eligibility" in d.current_url)
    case = driver.current_url.split("/cases/")[1].split("/")[0]
    shots.append(shoot(driver, f"{url}/cases/{case}#application", "application-missing"))
    header = "VALLEY ORTHOPEDIC GROUP - CONFIDENTIAL"
    note = "\f".join(f"{header}\nVisit {n}: lumbar pain {n + 3}/10.\nPage {n} of 3"
                     for n in range(1, 4))
    driver.get(f"{url}/cases/{number}")
    upload = driver.find_element(By.CSS_SELECTOR, "input[name=document]")
    folder = Path(tempfile.mkdtemp(prefix="openimr-shot-"))
    (folder / "clinic-notes.txt").write_text(note)
    upload.send_keys(str(folder / "clinic-notes.txt"))
    upload.find_element(By.XPATH, "ancestor::form").submit()
    WebDriverWait(driver, 30).until(lambda d: "clinic-notes.txt" in d.page_source)
    tabs = [a.get_attribute("href") for a in driver.find_elements(
        By.CSS_SELECTOR, "#records nav[aria-label=Documents] a")]
    for href in tabs:
        driver.get(href.replace("page=1", "page=2"))
        if driver.find_elements(By.CSS_SELECTOR, ".removed-lines"):
            driver.execute_script("document.querySelector('.removed-lines').scrollIntoView()")
            path = OUT / "removed-lines.png"
            driver.save_screenshot(str(path))
            shots.append(path)
            break
    shots.append(shoot(driver, f"{url}/corpus?q=hydrocodone", "corpus-synonyms"))
    return shots


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="openimr-shots-") as folder:
        base = Path(folder)
        with demo_server(base) as server, chromium(base) as driver:
            url, number = server.url, server.demo.seed_case
            shots = [shoot(driver, url + "/login", "login")]
            login(driver, url, "ortiz")
            shots.append(shoot(driver, url + "/queue", "queue"))
            shots.append(shoot(driver, f"{url}/cases/{number}", "case"))
            evidence = driver.find_element("css selector", "a.evidence").get_attribute("href")
            shots.append(shoot(driver, evidence, "evidence"))
            shots.append(shoot(driver, f"{url}/cases/{number}/letter", "letter"))
            shots.append(shoot(driver, f"{url}/cases/{server.demo.other_case}", "forbidden"))
            shots.append(shoot(driver, f"{url}/corpus?q=physical+therapy+lumbar+spine",
                               "corpus-search"))
            shots.append(shoot(driver, f"{url}/corpus/stats?by=category", "corpus-stats"))
            shots += worksheet_states(driver, url, server.demo.queue[0], base)
            shots += day_of_work_states(driver, url, number, server.demo.other_case)
            shots += finish_states(driver, url, number)
            login(driver, url, "manager")
            shots.append(shoot(driver, url + "/intake", "intake"))
            shots.append(shoot(driver, f"{url}/cases/{number}/eligibility", "eligibility"))
            shots.append(shoot(driver, f"{url}/cases/{number}/assignment", "assignment"))
            shots.append(shoot(driver, url + "/admin/reviewers", "roster"))
            login(driver, url, "admin")
            shots.append(shoot(driver, url + "/admin/users", "users"))
            shots.append(shoot(driver, url + "/admin/audit", "audit"))
            login(driver, url, "ortiz")
            shots.append(shoot(driver, f"{url}/cases/{number}#precedents-0-h", "precedents"))
            correct_the_letter(driver, url, number)
            shots.append(shoot(driver, f"{url}/cases/{number}/letter?version=1",
                               "letter-versions"))
    for path in shots:
        print(path.relative_to(OUT.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
