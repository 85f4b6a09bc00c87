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

    driver.delete_all_cookies()
    driver.get(url + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()


def shoot(driver, url: str, name: str) -> Path:
    driver.get(url)
    path = OUT / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def correct_the_letter(driver, url: str, number: str) -> None:
    """Sign the seed case's draft, correct the signed letter, and sign the correction."""
    from selenium.webdriver.common.by import By

    def sign() -> None:
        driver.get(f"{url}/cases/{number}")
        driver.find_element(By.ID, "attest").click()
        driver.find_element(By.CSS_SELECTOR, "section.sign button[type=submit]").click()

    sign()
    driver.find_element(By.CSS_SELECTOR, "details.correct summary").click()
    driver.find_element(By.ID, "reason").send_keys(
        "The rationale named the wrong number of completed sessions.")
    driver.find_element(By.CSS_SELECTOR, "details.correct button[type=submit]").click()
    sign()


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
