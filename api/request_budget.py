"""Every request gets a time budget and is stopped when its client goes away.

The route's work runs under a policykg.budget deadline: loops over the graph check it, so a
worker thread stops instead of running on for minutes. If the budget runs out before the
response has started, the client gets a 503 `over_budget` with Retry-After; a client that
disconnects cancels the deadline, and the work stops at its next check.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policykg.api.errors import to_response
from policykg.budget import deadline
from policykg.errors import BudgetExceeded

log = logging.getLogger("policykg.api")


class RequestBudget:
    """ASGI middleware: a deadline per request, cancelled by a disconnect."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with deadline(self.seconds) as limit:
            messages: asyncio.Queue[Message] = asyncio.Queue()

            async def watch() -> None:
                # Reads what the server sends: the request body, then a disconnect (which
                # uvicorn also reports once the response is complete).
                while True:
                    message = await receive()
                    await messages.put(message)
                    if message["type"] == "http.disconnect":
                        limit.cancel()
                        return

            started = answered = False

            async def tracked(message: Message) -> None:
                nonlocal started
                if answered:  # the route finished after its 503 was sent: drop its answer
                    return
                started = started or message["type"] == "http.response.start"
                await send(message)

            watcher = asyncio.create_task(watch())

            async def route() -> None:
                await self.app(scope, messages.get, tracked)

            work = asyncio.create_task(route())
            try:
                try:
                    done, _ = await asyncio.wait({work}, timeout=self.seconds)
                except asyncio.CancelledError:  # server shutdown: the work stops too
                    limit.cancel()
                    work.cancel()
                    work.add_done_callback(_retrieve)
                    raise
                if work in done:
                    work.result()  # its exception, if any, goes on up
                    return
                limit.cancel()  # the worker thread stops at its next check()
                answered = started
                work.cancel()
                work.add_done_callback(_retrieve)
                log.warning("%s %s stopped: over its %g s budget", *_what(scope), self.seconds)
                if not started:
                    answered = True
                    response = to_response(BudgetExceeded(self.seconds))
                    await response(scope, messages.get, send)
            finally:
                watcher.cancel()


def _retrieve(task: asyncio.Task[None]) -> None:
    """A cancelled route's outcome is of no use; fetched so asyncio does not warn about it."""
    if not task.cancelled():
        task.exception()


def _what(scope: Scope) -> tuple[str, str]:
    return scope.get("method", "?"), scope.get("path", "?")
