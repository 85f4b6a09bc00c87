"""Two bursts of more clients than the database pool holds get every answer, promptly.

Issue 18: on PostgreSQL, a second burst of 50 clients after a first got no answer for
24 s ("QueuePool limit of size 10 overflow 20 reached"). The cause: the request's session
dependency ran its clean-up in the thread pool, so sessions holding connections waited
for a thread while every thread waited for a connection, until the pool timed out.
"""

from __future__ import annotations

import asyncio
import time

import httpx

CLIENTS = 60  # more than the old pool's 10 + 20 connections and the 40 worker threads


def test_two_bursts_of_clients_are_all_answered(client, login) -> None:  # type: ignore[no-untyped-def]
    headers = login("admin", "admin-password")
    app = client.app

    async def burst(http: httpx.AsyncClient) -> list[int]:
        responses = await asyncio.gather(*(http.get("/api/cases", headers=headers)
                                           for _ in range(CLIENTS)))
        return [r.status_code for r in responses]

    async def main() -> tuple[list[int], list[int], float]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            started = time.perf_counter()
            first = await asyncio.wait_for(burst(http), 20)
            second = await asyncio.wait_for(burst(http), 20)
            return first, second, time.perf_counter() - started

    first, second, seconds = asyncio.run(main())
    assert first == [200] * CLIENTS and second == [200] * CLIENTS
    assert seconds < 20  # the stall lasted as long as the pool's 30 s timeout


def test_the_pool_has_a_connection_for_every_request_thread(engine) -> None:  # type: ignore[no-untyped-def]
    async def threads() -> int:
        import anyio.to_thread

        return int(anyio.to_thread.current_default_thread_limiter().total_tokens)

    assert engine.pool.size() + engine.pool._max_overflow >= asyncio.run(threads())
