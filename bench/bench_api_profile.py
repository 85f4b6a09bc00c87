"""Where one API request spends its CPU: authentication, SQL, the audit write, response
validation and JSON encoding; and how many SQL statements it sends. The reads, the writes
of `bench_api_load.py` (a transition, a document upload, a re-draft) and a login.

Runs the app in this process (no server, no network: the ASGI app is called directly),
on the same data as `bench_api_load.py` (SQLite by default, `BENCH_DATABASE=postgres`
for PostgreSQL), under cProfile, `BENCH_PROFILE_REQUESTS` requests per endpoint, one at a
time. The shares are of the request's own CPU time, so they hold under load too.

    python bench/bench_api_profile.py
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_api_load as load  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "200"))

#: What each share counts: the cumulative time of these functions (file suffix, name).
SHARES = {
    "auth (token, session, user)": [("openimr/api/security.py", "current_actor")],
    "SQL in the driver": [("sqlalchemy/engine/default.py", "do_execute"),
                          ("sqlalchemy/engine/default.py", "do_commit"),
                          ("sqlalchemy/engine/default.py", "do_rollback")],
    "audit write": [("openimr/store/audit.py", "append")],
    "response validation + JSON": [("fastapi/routing.py", "serialize_response"),
                                   ("starlette/responses.py", "render")],
    "bcrypt": [("bcrypt/__init__.py", "checkpw"), ("bcrypt/__init__.py", "hashpw")],
}


async def _call(app, path: str, headers: dict[str, str], method: str = "GET",  # type: ignore[no-untyped-def]
                body: bytes = b"", answer: list[bytes] | None = None) -> int:
    """One request through the ASGI app; its status (and its body, into `answer`)."""
    if body:
        headers = {**headers, "Content-Length": str(len(body))}
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path.split("?")[0],
             "raw_path": path.split("?")[0].encode(), "root_path": "",
             "query_string": path.partition("?")[2].encode(),
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]
             + [(b"host", b"127.0.0.1")],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 80)}
    status = 0
    sent = False

    async def receive():  # type: ignore[no-untyped-def]
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):  # type: ignore[no-untyped-def]
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body" and answer is not None:
            answer.append(message.get("body", b""))

    await app(scope, receive, send)
    return status


def _share(stats: pstats.Stats, functions: list[tuple[str, str]]) -> float:
    total = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in \
            stats.stats.items():  # type: ignore[attr-defined]
        if any(filename.endswith(suffix) and name == wanted for suffix, wanted in functions):
            total += cumulative
    return total


async def _inline(func, *args, **_options):  # type: ignore[no-untyped-def]
    """anyio's `to_thread.run_sync` run in this thread, where cProfile can see it."""
    return func(*args)


def main() -> list[str]:
    import anyio.to_thread
    from sqlalchemy import event

    anyio.to_thread.run_sync = _inline  # type: ignore[assignment]

    from openimr.api import create_app

    lines = [f"{REQUESTS} requests per endpoint, one at a time, in process; database "
             f"{load.DATABASE}; CPU ms per request (share of the request)"]
    with tempfile.TemporaryDirectory(prefix="openimr-profile-") as folder, \
            load._database(folder) as url:
        os.environ.update({"OPENIMR_SECRET_KEY": "bench-only-secret-key-0123456789abc",
                           "OPENIMR_BCRYPT_ROUNDS": "4",
                           "OPENIMR_DOCUMENT_STORE": f"{folder}/docs"})
        load.CLIENTS = 1
        load._prepare(url)
        app = create_app(url)
        statements: list[str] = []
        event.listen(app.state.engine, "before_cursor_execute",
                     lambda *args: statements.append(args[2].split(None, 1)[0]))
        event.listen(app.state.engine, "commit", lambda *_: statements.append("commit"))

        async def run() -> None:
            login = await _token(app)
            headers = {"Authorization": f"Bearer {login}"}
            only = os.environ.get("BENCH_PROFILE_ONLY")
            for name, caller in PHASES.items():
                if only and only not in name:
                    continue
                turns = iter(range(10**9))

                async def one(caller: load.Caller = caller, turns: Iterator[int] = turns,
                              name: str = name) -> int:
                    call = caller(0, next(turns), load.LAST.get((name, 0), b""))
                    sent = headers if call.content_type is None else \
                        {**headers, "Content-Type": call.content_type}
                    if "token" in call.path:
                        sent = {"Content-Type": call.content_type or ""}
                    answer: list[bytes] = []
                    status = await _call(app, call.path, sent, call.method, call.body, answer)
                    if status < 300:
                        load.LAST[(name, 0)] = b"".join(answer)
                    return status

                for _ in range(3):  # warm: first loads, caches
                    await one()
                count = max(REQUESTS // 4, 10) if "determination" in name and \
                    "POST" in name else REQUESTS
                started = time.process_time()
                for _ in range(count):
                    await one()
                bare = (time.process_time() - started) / count
                statements.clear()
                profile = cProfile.Profile()
                started = time.process_time()
                profile.enable()
                statuses = [await one() for _ in range(count)]
                profile.disable()
                cpu = (time.process_time() - started) / count
                stats = pstats.Stats(profile)
                whole = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
                kinds: dict[str, int] = {}
                for verb in statements:
                    kinds[verb.upper()] = kinds.get(verb.upper(), 0) + 1
                shares = ", ".join(
                    f"{label} {_share(stats, functions) / whole:.0%}"
                    for label, functions in SHARES.items() if _share(stats, functions))
                per = ", ".join(f"{k} {v / count:.1f}" for k, v in sorted(kinds.items()))
                commits = kinds.pop("COMMIT", 0)
                bad = sum(s >= 300 for s in statuses)
                if os.environ.get("BENCH_PROFILE_DUMP"):
                    stats.dump_stats(f"{os.environ['BENCH_PROFILE_DUMP']}-{len(lines)}.prof")
                if os.environ.get("BENCH_PROFILE_TOP"):
                    stats.sort_stats("cumulative").print_stats(int(os.environ["BENCH_PROFILE_TOP"]))
                calls = stats.total_calls / count  # type: ignore[attr-defined]
                lines.append(f"{name}: {bare * 1000:.1f} ms CPU ({cpu * 1000:.1f} profiled, "
                             f"{calls:,.0f} Python calls), "
                             f"{(len(statements) - commits) / count:.1f} SQL statements + "
                             f"{commits / count:.1f} commits ({per})"
                             + (f", {bad} NOT 2xx" if bad else ""))
                lines.append(f"    {shares}")

        asyncio.run(run())
        app.state.engine.dispose()
    return lines


def _login(_index: int, _turn: int, _last: bytes) -> load.Call:
    """A login of the bench's user (bcrypt at `OPENIMR_BCRYPT_ROUNDS`, 4 here)."""
    return load.Call("POST", "/api/v1/token",
                     f"username=manager0&password={load.PASSWORD}".encode(),
                     "application/x-www-form-urlencoded")


#: Every endpoint of the load bench, and the login (a new session each time).
PHASES = {**load.PHASES, "POST /api/v1/token (login, bcrypt 4 rounds)": _login}


async def _token(app) -> str:  # type: ignore[no-untyped-def]
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        answer = await http.post("/api/v1/token", data={"username": "manager0",
                                                         "password": load.PASSWORD})
        return str(json.loads(answer.content)["access_token"])


if __name__ == "__main__":
    for line in main():
        print(line, flush=True)
