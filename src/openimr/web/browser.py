"""A demo server and a headless Chromium for the browser tests and `make screenshots`.

`demo_server(folder)` serves the API with the pages on a free 127.0.0.1 port against a
fresh SQLite database seeded by `openimr.web.seed`; `chromium(folder)` starts Debian's
chromium through chromedriver (Selenium, a dev dependency) with a throwaway profile.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openimr.web.seed import Demo, demo_app

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--disable-dev-shm-usage")


@dataclass(frozen=True)
class Server:
    url: str
    demo: Demo


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def demo_server(folder: Path) -> Iterator[Server]:
    import uvicorn

    # bcrypt's cost is for production; the demo's passwords are public anyway.
    os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")
    app, demo = demo_app(folder / "workbench.db")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the demo server did not start")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", demo)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium(folder: Path, *, width: int = 1440, height: int = 900) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = folder / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={folder / 'profile'}")
    options.add_argument(f"--window-size={width},{height}")
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "plugins.always_open_pdf_externally": True})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
