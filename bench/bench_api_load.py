"""API latency under a closed-loop load from a generator cheaper than the server.

Issue 18: `bench_api.py` drives the server with 50 httpx clients on the same two cores,
and httpx costs about as much CPU per request as the server, so even `/healthz` showed a
p95 near 1 s. Here each client is a bare HTTP/1.1 keep-alive connection on asyncio streams
(no client library: a request is one `write` and a response one `readuntil` plus one
`readexactly`), all in one process, and the bench reports the CPU the generator spent per
request beside the server's, so a reader can see which of the two the figures measure.

It starts `openimr serve` (uvicorn, its own process) on a fresh database, SQLite and then
PostgreSQL (`BENCH_DATABASE=sqlite` or `postgres` for one; PostgreSQL is a new database
on `BENCH_POSTGRES_ADMIN`, dropped at the end), prepares cases (one drafted by the engine),
logs each client in once (login is bcrypt by design and is not measured here), then runs
one phase per endpoint: every client sends its request again as soon as the answer comes
(no think time) for `BENCH_API_SECONDS`. Each phase is repeated `BENCH_API_RUNS` times and
every figure is printed as min / median / max over the runs.

    BENCH_API_CLIENTS=50 BENCH_API_RUNS=3 BENCH_API_SECONDS=5 python bench/bench_api_load.py
    BENCH_DATABASE=postgres BENCH_WORKERS=2 python bench/bench_api_load.py
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CLIENTS = int(os.environ.get("BENCH_API_CLIENTS", "50"))
RUNS = int(os.environ.get("BENCH_API_RUNS", "3"))
SECONDS = float(os.environ.get("BENCH_API_SECONDS", "5"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))
#: bcrypt's cost for the bench's logins (the service's default is 12: about 0.25 s a login).
ROUNDS = int(os.environ.get("BENCH_BCRYPT_ROUNDS", "4"))
#: The databases to run on, in turn (`sqlite`, `postgres`, or both, comma-separated).
DATABASES = os.environ.get("BENCH_DATABASE", "sqlite,postgres").split(",")
DATABASE = DATABASES[0]
POSTGRES_ADMIN = os.environ.get("BENCH_POSTGRES_ADMIN",
                                "postgresql://postgres@127.0.0.1:5432/postgres")
#: Cases in the database, so the list has a realistic page (the list asks for 50).
CASES = 60
ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "cases" / "seed-lumbar-pt.json"
PASSWORD = "bench-password-long"
DRAFTED = "CM26-90000000"
#: The cases each client has of its own: moved back and forth (with documents uploaded),
#: and drafted again and again.
OWN = ("T", "D")


def own(kind: str, index: int) -> str:
    return f"CM26-{kind}{index:07d}"


@contextlib.contextmanager
def _database(folder: str) -> Iterator[str]:
    if DATABASE == "sqlite":
        yield f"sqlite:///{folder}/openimr.db"
        return
    import psycopg

    name = f"openimr_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _prepare(url: str) -> None:
    """The logins, a reviewer, `CASES` cases in eligibility review and one drafted case."""
    from sqlalchemy.orm import Session

    from openimr.model import Case, ReviewerProfile
    from openimr.store.migrate import open_database
    from openimr.workflow.reviewers import ReviewerIn
    from openimr.workflow.service import Service
    from openimr.workflow.users import SYSTEM, create_user
    from openimr.workflow.views import TransitionIn

    seed = json.loads(SEED.read_text(encoding="utf-8"))
    engine = open_database(url)
    with Session(engine, expire_on_commit=False) as session:
        for index in range(CLIENTS):
            create_user(session, f"manager{index}", "case_manager", PASSWORD)
        session.commit()
        service = Service(session, SYSTEM)
        reviewer = service.add_reviewer(ReviewerIn(
            name="Bench reviewer", capacity=1000, profile=ReviewerProfile(
                board_certifications=["Physical Medicine and Rehabilitation"],
                licensed_states=["California"], years_in_practice=10)))
        for index in range(CASES):
            case = Case.model_validate({**seed, "case_number": f"CM26-{index:08d}"})
            service.intake(case)
            service.transition(case.case_number, TransitionIn(to="eligibility_review"))
        service.intake(Case.model_validate({**seed, "case_number": DRAFTED}))
        for status in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
            service.transition(DRAFTED, TransitionIn(to=status, electronic=True))
        # Each client writes to cases of its own, so no client waits for another's row.
        for index in range(CLIENTS):
            for kind in OWN:
                number = own(kind, index)
                service.intake(Case.model_validate({**seed, "case_number": number}))
                for status in ("eligibility_review", "notice_of_assignment_sent",
                               "records_requested"):
                    service.transition(number, TransitionIn(to=status, electronic=True))
        service.assign(DRAFTED, reviewer.id)
        service.transition(DRAFTED, TransitionIn(to="clinical_review"))
        service.draft(DRAFTED)
    engine.dispose()


class Connection:
    """One keep-alive HTTP/1.1 connection: the cheapest client asyncio allows."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.host = f"127.0.0.1:{port}".encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, headers: dict[str, str] | None = None,
                      body: bytes = b"") -> tuple[int, bytes]:
        reused = self.writer is not None
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: " + self.host]
        lines += [f"{k}: {v}".encode() for k, v in (headers or {}).items()]
        if body:
            lines.append(f"Content-Length: {len(body)}".encode())
        self.writer.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        assert self.reader is not None
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionResetError) as error:
            if not reused or getattr(error, "partial", b""):
                raise
            # The server closed the connection while it was idle (uvicorn does after 5 s,
            # as while the other clients warm up): the request was not read; a new one.
            self.close()
            self.writer = None
            return await self.request(method, path, headers, body)
        status = int(head[9:12])
        lower = head.lower()
        at = lower.find(b"\r\ncontent-length:")
        if at >= 0:
            length = int(lower[at + 17:lower.index(b"\r\n", at + 2)])
            return status, await self.reader.readexactly(length)
        if b"\r\ntransfer-encoding: chunked" in lower:
            chunks = []
            while size := int((await self.reader.readuntil(b"\r\n"))[:-2], 16):
                chunks.append(await self.reader.readexactly(size + 2))
            await self.reader.readuntil(b"\r\n")
            return status, b"".join(chunk[:-2] for chunk in chunks)
        return status, await self.reader.read()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


@dataclass
class Phase:
    """One endpoint under load: every latency and the CPU spent on each side."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children (uvicorn's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[1] is the parent pid; [11], [12] user and system ticks (stat fields 14, 15)
        if entry.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


async def _logins(port: int, server: int) -> tuple[list[dict[str, str]], Phase]:
    """Each client logs in once, all at once: their tokens, and the logins' figures
    (reported apart: a login is a bcrypt check by design)."""
    phase = Phase(f"POST /api/v1/token (login, once each, bcrypt {ROUNDS} rounds)")

    async def one(index: int) -> dict[str, str]:
        connection = Connection(port)
        body = f"username=manager{index}&password={PASSWORD}".encode()
        started = time.perf_counter()
        status, answer = await connection.request(
            "POST", "/api/v1/token", {"Content-Type": "application/x-www-form-urlencoded"},
            body)
        phase.latencies.append(time.perf_counter() - started)
        connection.close()
        if status != 200:
            raise RuntimeError(f"login failed: {status} {answer[:200]!r}")
        return {"Authorization": f"Bearer {json.loads(answer)['access_token']}"}

    cpu_server, cpu_client = _process_cpu(server), time.process_time()
    started = time.perf_counter()
    headers = list(await asyncio.gather(*(one(i) for i in range(CLIENTS))))
    phase.wall = time.perf_counter() - started
    phase.server_cpu = _process_cpu(server) - cpu_server
    phase.client_cpu = time.process_time() - cpu_client
    return headers, phase


@dataclass(frozen=True)
class Call:
    """One request of a client."""

    method: str
    path: str
    body: bytes = b""
    content_type: str | None = None


#: A client's next request, from its index, its turn and its last answer to the same
#: endpoint (empty the first time).
Caller = Callable[[int, int, bytes], Call]


def _gets(paths: list[str]) -> Caller:
    """GETs of `paths`, each client starting at its own."""
    return lambda index, turn, _last: Call("GET", paths[(index + turn) % len(paths)])


def _json(method: str, path: str, body: dict[str, object]) -> Call:
    return Call(method, path, json.dumps(body).encode(), "application/json")


def _transition(index: int, _turn: int, last: bytes) -> Call:
    """Records requested -> insufficient records (a note is required) -> back."""
    status = json.loads(last)["status"] if last else "records_requested"
    to = {"to": "insufficient_records", "note": "bench: a page is missing"} \
        if status == "records_requested" else {"to": "records_requested"}
    return _json("POST", f"/api/v1/cases/{own('T', index)}/transitions", to)


BOUNDARY = "openimr-bench-boundary"


UPLOADS = itertools.count()


def _upload(index: int, turn: int, _last: bytes) -> Call:
    """A short progress note, new each time (a case's documents differ in content and in
    name)."""
    number = next(UPLOADS)
    note = (f"PROGRESS NOTE 08/0{turn % 9 + 1}/2013 (upload {number})\n"
            "Patient walks 20 minutes daily; pain 4/10.\n")
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
            f"medical_records\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; "
            f"name=\"file\"; filename=\"note-{number}.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n{note}\r\n--{BOUNDARY}--\r\n")
    return Call("POST", f"/api/v1/cases/{own('T', index)}/documents", body.encode(),
                f"multipart/form-data; boundary={BOUNDARY}")


def _draft(index: int, _turn: int, last: bytes) -> Call:
    """The engine's draft of the client's own case, replacing the one before (its version)."""
    version = {"version": json.loads(last)["version"]} if last else {}
    return _json("POST", f"/api/v1/cases/{own('D', index)}/determination", version)


#: What each client remembers of an endpoint between its phases (its last answer).
LAST: dict[tuple[str, int], bytes] = {}


async def _phase(port: int, server: int, name: str, caller: Caller,
                 headers: list[dict[str, str]], seconds: float) -> Phase:
    """All clients call the endpoint with no think time for `seconds`."""
    phase = Phase(name)
    connections = [Connection(port) for _ in range(CLIENTS)]

    async def send(index: int, turn: int) -> int:
        call = caller(index, turn, LAST.get((name, index), b""))
        header = headers[index] if call.content_type is None else \
            {**headers[index], "Content-Type": call.content_type}
        status, answer = await connections[index].request(call.method, call.path, header,
                                                           call.body)
        if status < 300:
            LAST[(name, index)] = answer
        return status

    # Opened, and warm (a write's first answer is remembered, so the next one follows it).
    await asyncio.gather(*(send(index, 0) for index in range(CLIENTS)))
    stop = time.perf_counter() + seconds

    async def client(index: int) -> None:
        turn = 1
        while time.perf_counter() < stop:
            started = time.perf_counter()
            status = await send(index, turn)
            phase.latencies.append(time.perf_counter() - started)
            phase.errors += status >= 300
            turn += 1

    cpu_server, cpu_client = _process_cpu(server), time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(CLIENTS)))
    phase.wall = time.perf_counter() - started
    phase.server_cpu = _process_cpu(server) - cpu_server
    phase.client_cpu = time.process_time() - cpu_client
    for connection in connections:
        connection.close()
    return phase


#: The reads (also profiled by `bench_api_profile.py`): GETs of these paths.
ENDPOINTS = {
    "GET /healthz (floor)": ["/healthz"],
    "GET /api/v1/cases?limit=50": ["/api/v1/cases?limit=50"],
    "GET /api/v1/cases/{id}": [f"/api/v1/cases/CM26-{i:08d}" for i in range(CASES)],
    "GET /api/v1/cases/{id}/eligibility": [f"/api/v1/cases/CM26-{i:08d}/eligibility"
                                           for i in range(CASES)],
    "GET /api/v1/cases/{id}/determination": [f"/api/v1/cases/{DRAFTED}/determination"],
    "GET /api/v1/cases/{id}/letter": [f"/api/v1/cases/{DRAFTED}/letter"],
}
#: Every phase of the load: the reads, then the writes (each client on its own cases).
PHASES: dict[str, Caller] = {
    **{name: _gets(paths) for name, paths in ENDPOINTS.items()},
    "POST /api/v1/cases/{id}/transitions": _transition,
    "POST /api/v1/cases/{id}/documents": _upload,
    "POST /api/v1/cases/{id}/determination": _draft,
}


def _spread(values: list[float], scale: float = 1000.0, digits: int = 0) -> str:
    return "/".join(f"{v * scale:.{digits}f}" for v in (min(values), statistics.median(values),
                                                         max(values)))


def main() -> list[str]:
    global DATABASE
    lines = []
    for DATABASE in DATABASES:
        if DATABASE == "postgres" and (why := _no_postgres()):
            lines.append(f"PostgreSQL not benched: {why}")
            continue
        lines += run()
    return lines


def _no_postgres() -> str | None:
    """Why the PostgreSQL server cannot be used here (None: it can)."""
    import psycopg

    try:
        psycopg.connect(POSTGRES_ADMIN, connect_timeout=5).close()
    except psycopg.OperationalError as error:
        return f"{POSTGRES_ADMIN.split('@')[-1]} does not answer ({type(error).__name__})"
    return None


def run() -> list[str]:
    from bench_api import free_port, stop_server

    only = os.environ.get("BENCH_API_ONLY")
    endpoints = {k: v for k, v in PHASES.items() if not only or only in k or "healthz" in k}
    with tempfile.TemporaryDirectory(prefix="openimr-bench-") as folder, \
            _database(folder) as url:
        environment = {**os.environ, "OPENIMR_SECRET_KEY": "bench-only-secret-key-0123456789abc",
                       "OPENIMR_BCRYPT_ROUNDS": str(ROUNDS), "OPENIMR_DOCUMENT_STORE": f"{folder}/docs"}
        os.environ.update(environment)
        _prepare(url)
        port = free_port()
        # BENCH_SERVER_LOG: a file for the server's log (its errors, a worker restarted).
        log = open(os.environ["BENCH_SERVER_LOG"], "ab") if os.environ.get(  # noqa: SIM115
            "BENCH_SERVER_LOG") else subprocess.DEVNULL
        server = subprocess.Popen(
            [sys.executable, "-m", "openimr.cli", "serve", "--port", str(port),
             "--database-url", url, "--workers", str(WORKERS)], cwd=folder, env=environment,
            stdout=subprocess.DEVNULL, stderr=log)
        try:
            _wait(port, server)
            load = os.getloadavg()[0]
            headers, login = asyncio.run(_logins(port, server.pid))
            runs: dict[str, list[Phase]] = {name: [] for name in endpoints}
            for _ in range(RUNS):
                for name, caller in endpoints.items():
                    runs[name].append(asyncio.run(
                        _phase(port, server.pid, name, caller, headers, SECONDS)))
        finally:
            stop_server(server, timeout=20)
    lines = [f"{CLIENTS} closed-loop clients (no think time), {SECONDS:g} s a phase, "
             f"{RUNS} runs; database {DATABASE}, {WORKERS} uvicorn worker(s), "
             f"{os.cpu_count()} CPUs, load average {load:.1f} at start (shared machine)",
             "min/median/max over runs; latency in ms; CPU in ms per request; floor: the "
             "p95 of /healthz in the same run (min/median/max); goal: p95 < 200 ms",
             f"{'endpoint':<38} {'p50':>14} {'p95':>14} {'floor p95':>12} {'goal':>5} "
             f"{'p99':>14} {'req/s':>12} {'server CPU':>14} {'client CPU':>13}"]
    floors = next((phases for name, phases in runs.items() if "healthz" in name), [])
    for name, phases in [*runs.items(), (login.name, [login])]:
        errors = sum(p.errors for p in phases)
        p95 = [p.percentile(0.95) for p in phases]
        # Each run's endpoint beside that run's /healthz (the same load, minutes apart at most).
        floor = [f.percentile(0.95) for f in floors][:len(phases)] or [float("nan")]
        met = "-" if name == login.name else ("met" if statistics.median(p95) < 0.2 else "no")
        lines.append(
            f"{name:<38} {_spread([p.percentile(0.50) for p in phases]):>14} "
            f"{_spread(p95):>14} {_spread(floor):>12} {met:>5} "
            f"{_spread([p.percentile(0.99) for p in phases]):>14} "
            f"{_spread([len(p.latencies) / p.wall for p in phases], 1):>12} "
            f"{_spread([p.server_cpu / len(p.latencies) for p in phases], 1000, 1):>14} "
            f"{_spread([p.client_cpu / len(p.latencies) for p in phases], 1000, 2):>13}"
            + (f"  ERRORS {errors}" if errors else ""))
    return lines


def _wait(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited before answering")
        with contextlib.suppress(OSError):
            with socket.create_connection(("127.0.0.1", port), timeout=2) as probe:
                probe.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if probe.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        time.sleep(0.3)
    raise RuntimeError("the server did not answer within 180 s")


if __name__ == "__main__":
    for line in main():
        print(line, flush=True)
