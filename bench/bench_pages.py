"""Workbench page loads on the demo (the seed case and the example queue cases): the goal is
under 300 ms each (issue 13). Served in-process by the API's app with the pages mounted."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

#: Loads timed per page after one warm-up.
ROUNDS = 10


def main() -> list[str]:
    from fastapi.testclient import TestClient

    from openimr.web.seed import DEMO_PASSWORD, demo_app

    os.environ.setdefault("OPENIMR_BCRYPT_ROUNDS", "4")
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        app, demo = demo_app(Path(folder) / "bench.db")
        client = TestClient(app)
        client.post("/login", data={"username": "ortiz", "password": DEMO_PASSWORD})
        pages = {"queue": "/queue", "case page (seed, drafted)": f"/cases/{demo.seed_case}",
                 "case page, records search": f"/cases/{demo.seed_case}?q=physical+therapy",
                 **{f"case page ({n})": f"/cases/{n}" for n in demo.queue}}
        for name, url in pages.items():
            client.get(url)
            samples = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - started)
                assert response.status_code == 200, (url, response.status_code)
            ordered = sorted(samples)
            lines.append(f"{name:32s} median {statistics.median(ordered) * 1000:6.0f} ms  "
                         f"max {ordered[-1] * 1000:6.0f} ms  (goal < 300 ms)")
    return lines
