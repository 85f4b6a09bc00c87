"""Latency of the main REST endpoints under 50 concurrent clients.

Starts `openimr serve` (uvicorn) in a subprocess on 127.0.0.1 with a free port and a fresh
SQLite database (the default configuration; set BENCH_DATABASE_URL for another database),
then drives it with 50 httpx async clients, each logging in and doing a bounded number of
rounds of: list cases, read a case, intake a case, move it to eligibility review, check
its eligibility, upload a document. A smaller second phase drafts determinations with the
engine and renders letters. Reports p50/p95/max per endpoint.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

CLIENTS = 50
WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))
ROUNDS = 4
DRAFTS = 10
ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "cases" / "seed-lumbar-pt.json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_server(server: subprocess.Popen, timeout: float) -> None:
    """Ask the server to stop; kill it if it has not within `timeout` seconds."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _prepare(url: str) -> None:
    from sqlalchemy.orm import Session

    from openimr.model import ReviewerProfile
    from openimr.store.migrate import open_database
    from openimr.workflow.reviewers import ReviewerIn
    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM, create_user

    engine = open_database(url)
    with Session(engine) as session:
        for index in range(CLIENTS):
            create_user(session, f"manager{index}", "case_manager", "bench-password")
        session.commit()
        Service(session, SYSTEM).add_reviewer(ReviewerIn(
            name="Bench reviewer", capacity=1000, profile=ReviewerProfile(
                board_certifications=["Physical Medicine and Rehabilitation"],
                licensed_states=["California"], years_in_practice=10)))
    engine.dispose()


def _wait(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited: " + (server.stderr.read() if server.stderr
                                                        else ""))
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start within 60 s")


class Timings:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    async def call(self, name: str, request, expected: int):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        response = await request
        self.samples[name].append(time.perf_counter() - started)
        if response.status_code != expected:
            self.errors[name] += 1
        return response


async def _login(base: str, index: int, timings: Timings) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=base, timeout=300) as client:
        login = await timings.call("POST /api/token", client.post("/api/token", data={
            "username": f"manager{index}", "password": "bench-password"}), 200)
        return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def _client(base: str, index: int, headers: dict[str, str], timings: Timings,
                  seed: dict) -> list[str]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        created = []
        for round_ in range(ROUNDS):
            case = {**seed, "case_number": f"CM26-{index:04d}{round_:04d}"}
            response = await timings.call("POST /api/cases", client.post(
                "/api/cases", json=case, headers=headers), 201)
            number = response.json()["case_number"]
            created.append(number)
            await timings.call("GET /api/cases", client.get(
                "/api/cases", params={"limit": 50}, headers=headers), 200)
            await timings.call("GET /api/cases/{id}", client.get(
                f"/api/cases/{number}", headers=headers), 200)
            await timings.call("POST /api/cases/{id}/transitions", client.post(
                f"/api/cases/{number}/transitions", json={"to": "eligibility_review"},
                headers=headers), 200)
            await timings.call("GET /api/cases/{id}/eligibility", client.get(
                f"/api/cases/{number}/eligibility", headers=headers), 200)
            await timings.call("POST /api/cases/{id}/documents", client.post(
                f"/api/cases/{number}/documents", headers=headers,
                files={"file": (f"note-{round_}.txt", f"Progress note {number}.".encode(),
                                "text/plain")}), 201)
        return created


async def _drafts(base: str, numbers: list[str], timings: Timings) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=300) as client:
        login = await client.post("/api/token", data={"username": "manager0",
                                                      "password": "bench-password"})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

        async def one(number: str) -> None:
            for step in ({"to": "notice_of_assignment_sent"}, {"to": "records_requested"}):
                await client.post(f"/api/cases/{number}/transitions", json=step,
                                  headers=headers)
            await timings.call("POST /api/cases/{id}/assignment", client.post(
                f"/api/cases/{number}/assignment", headers=headers), 200)
            await timings.call("POST /api/cases/{id}/determination", client.post(
                f"/api/cases/{number}/determination", headers=headers), 200)
            await timings.call("GET /api/cases/{id}/letter (text)", client.get(
                f"/api/cases/{number}/letter", headers=headers), 200)

        await asyncio.gather(*(one(n) for n in numbers))


def _lines(timings: Timings, wall: float, phase: str) -> list[str]:
    lines = []
    for name, samples in timings.samples.items():
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        errors = timings.errors.get(name, 0)
        lines.append(f"{name:<40} n={len(samples):<4} p50 {statistics.median(samples) * 1000:7.0f}"
                     f" ms  p95 {p95 * 1000:7.0f} ms  max {ordered[-1] * 1000:7.0f} ms"
                     + (f"  ERRORS {errors}" if errors else ""))
    total = sum(len(s) for s in timings.samples.values())
    lines.append(f"{phase}: {total} requests in {wall:.1f} s ({total / wall:.0f} req/s)")
    return lines


def main() -> list[str]:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="openimr-bench-") as folder:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/openimr.db"
        _prepare(url)
        port = free_port()
        environment = {**os.environ, "OPENIMR_SECRET_KEY": "bench-only-secret-key-0123456789abc"}
        server = subprocess.Popen(
            [sys.executable, "-m", "openimr.cli", "serve", "--port", str(port),
             "--database-url", url, "--workers", str(WORKERS)], cwd=folder, env=environment,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base, server)
            lines = [f"{CLIENTS} concurrent clients x {ROUNDS} rounds, database "
                     f"{url.split(':', 1)[0]}, {WORKERS} uvicorn worker(s), "
                     f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start"]
            logins = Timings()
            started = time.perf_counter()
            headers = asyncio.run(_gather_logins(base, logins))
            lines += _lines(logins, time.perf_counter() - started,
                            f"login phase ({CLIENTS} at once, bcrypt cost 12)")
            timings = Timings()
            started = time.perf_counter()
            created = asyncio.run(_gather(base, headers, timings, seed))
            lines += _lines(timings, time.perf_counter() - started, "workflow phase")
            drafting = Timings()
            started = time.perf_counter()
            asyncio.run(_drafts(base, [n for group in created for n in group][:DRAFTS],
                                drafting))
            lines += _lines(drafting, time.perf_counter() - started,
                            f"drafting phase ({DRAFTS} concurrent)")
            return lines
        finally:
            stop_server(server, timeout=15)


async def _gather_logins(base: str, timings: Timings) -> list[dict[str, str]]:
    return await asyncio.gather(*(_login(base, i, timings) for i in range(CLIENTS)))


async def _gather(base: str, headers: list[dict[str, str]], timings: Timings,
                  seed: dict) -> list[list[str]]:
    return await asyncio.gather(*(_client(base, i, headers[i], timings, seed)
                                  for i in range(CLIENTS)))


if __name__ == "__main__":
    for line in main():
        print(line)
