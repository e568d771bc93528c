"""Whole-graph requests take turns (api/request_budget.py HeavyRequests); light ones do not wait.

The route below is a small ASGI app of its own that holds its turn until the test lets it go:
what is tested is the middleware's queue, on a real event loop.
"""

from __future__ import annotations

import asyncio

from starlette.types import Message, Receive, Scope, Send

from policykg.api.request_budget import HeavyRequests, RequestBudget


def _scope(path: str) -> Scope:
    return {"type": "http", "method": "GET", "path": path, "headers": []}


def test_heavy_requests_take_turns_and_light_ones_do_not_wait() -> None:
    async def run() -> tuple[list[str], list[str]]:
        entered: list[str] = []
        release = asyncio.Event()

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            entered.append(scope["path"])
            if scope["path"].startswith("/heavy"):
                await release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

        budget = RequestBudget(app, 60, HeavyRequests(1, ("/heavy",)))
        sent: list[Message] = []

        async def receive() -> Message:
            await asyncio.Event().wait()  # the client stays connected
            raise AssertionError("unreachable")

        async def send(message: Message) -> None:
            sent.append(message)

        first = asyncio.create_task(budget(_scope("/heavy/1"), receive, send))
        second = asyncio.create_task(budget(_scope("/heavy/2"), receive, send))
        await asyncio.sleep(0.05)
        light = asyncio.create_task(budget(_scope("/light"), receive, send))
        await asyncio.wait_for(light, 10)  # answered while the heavy one holds the only turn
        seen = list(entered)
        release.set()
        await asyncio.wait_for(asyncio.gather(first, second), 10)
        assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [200] * 3
        return seen, entered

    while_held, after = asyncio.run(run())
    assert while_held == ["/heavy/1", "/light"]  # /heavy/2 waited for its turn
    assert after == ["/heavy/1", "/light", "/heavy/2"]


def test_a_request_waiting_for_its_turn_runs_out_of_budget_with_a_503() -> None:
    async def run() -> list[Message]:
        release = asyncio.Event()

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            await release.wait()

        budget = RequestBudget(app, 0.2, HeavyRequests(1, ("/heavy",)))
        sent: list[Message] = []

        async def receive() -> Message:
            await asyncio.Event().wait()
            raise AssertionError("unreachable")

        async def send(message: Message) -> None:
            sent.append(message)

        holder = asyncio.create_task(
            RequestBudget(app, 60, budget.heavy)(_scope("/heavy"), receive, send)
        )
        await asyncio.sleep(0.05)
        await asyncio.wait_for(budget(_scope("/heavy"), receive, send), 10)
        release.set()
        await asyncio.wait_for(holder, 10)
        return sent

    sent = asyncio.run(run())
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [503]
