"""Every request gets a time budget and is stopped when its client goes away.

The route's work runs under a policykg.budget deadline: loops over the graph check it, so a
worker thread stops instead of running on for minutes. If the budget runs out before the
response has started, the client gets a 503 `over_budget` with Retry-After; a client that
disconnects cancels the deadline, and the work stops at its next check. At shutdown uvicorn
cancels the requests still running after its grace period: their work stops the same way and
their clients get a 503 `shutting_down`.
"""

from __future__ import annotations

import asyncio
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policykg.api.errors import shutting_down_response, to_response
from policykg.budget import deadline
from policykg.errors import BudgetExceeded

__all__ = ["HeavyRequests", "RequestBudget"]

_log = logging.getLogger("policykg.api")
#: Requests that change the graph run to their answer: a write stopped by the budget could
#: still commit after its 503 was sent, telling the client it failed when it did not. The
#: document size limit bounds them instead.
_CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class HeavyRequests:
    """Turns for the requests whose work grows with the whole graph (maps, analyses, exports).

    Their work is pure Python, and one process runs one Python thread at a time: sixteen maps
    drawn at once each take sixteen times as long, all run out of budget together, and starve
    the event loop that would stop them. At most `slots` run at once; the others wait here, in
    the event loop, where their budget and a shutdown end the wait at once.

    Args:
        slots: how many heavy requests run at once.
        prefixes: the paths of the heavy requests (a request whose path starts with one).
    """

    def __init__(self, slots: int, prefixes: tuple[str, ...]) -> None:
        self.prefixes = prefixes
        self._slots = asyncio.Semaphore(slots)

    def of(self, scope: Scope) -> asyncio.Semaphore | None:
        """The semaphore the request must hold, or None for a light request.

        Args:
            scope: the request's ASGI scope.
        """
        path: str = scope.get("path", "")
        return self._slots if path.startswith(self.prefixes) else None


class RequestBudget:
    """ASGI middleware: a deadline per request, cancelled by a disconnect; heavy ones queue.

    Args:
        app: the ASGI app it wraps.
        seconds: each request's budget.
        heavy: the turns heavy requests wait for (None: no request is heavy).
    """

    def __init__(self, app: ASGIApp, seconds: float, heavy: HeavyRequests | None = None) -> None:
        self.app, self.seconds = app, seconds
        self.heavy = heavy or HeavyRequests(1, ())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in _CHANGES:
            await self.app(scope, receive, send)
            return
        with deadline(self.seconds) as limit:
            messages: asyncio.Queue[Message] = asyncio.Queue()
            started = answered = finished = False
            left_at: float | None = None
            status = 0

            async def watch() -> None:
                # Reads what the server sends: the request body, then a disconnect (which
                # uvicorn also reports once the response is complete).
                nonlocal left_at
                while True:
                    message = await receive()
                    await messages.put(message)
                    if message["type"] == "http.disconnect":
                        if not finished:
                            left_at = time.monotonic()
                            _log.info(
                                "%s %s: the client went away; stopping its work", *_what(scope)
                            )
                        limit.cancel()
                        return

            async def tracked(message: Message) -> None:
                nonlocal started, finished, status
                if answered:  # the route finished after its 503 was sent: drop its answer
                    return
                if message["type"] == "http.response.start":
                    started, status = True, message["status"]
                finished = message["type"] == "http.response.body" and not message.get(
                    "more_body", False
                )
                await send(message)

            watcher = asyncio.create_task(watch())

            async def route() -> None:
                turn = self.heavy.of(scope)
                if turn is None:
                    await self.app(scope, messages.get, tracked)
                    return
                async with turn:  # the wait counts against the budget
                    await self.app(scope, messages.get, tracked)

            work = asyncio.create_task(route())
            try:
                try:
                    done, _ = await asyncio.wait({work}, timeout=self.seconds)
                except asyncio.CancelledError:  # server shutdown: the work stops too
                    limit.cancel()
                    work.cancel()
                    work.add_done_callback(_retrieve)
                    if started:
                        raise
                    # Let the other cancelled requests stop their work before this one writes:
                    # a write gives up the GIL, and busy worker threads keep it for a while.
                    await asyncio.sleep(0)
                    # the client hears why (uvicorn would log a traceback and answer 500);
                    # the cancellation ends here, with this request
                    answered = True
                    await shutting_down_response()(scope, messages.get, send)
                    _log.warning("%s %s stopped: the server is shutting down", *_what(scope))
                    return
                if work in done:
                    if left_at is not None:
                        # a stopped route answers 503 over_budget (to nobody); any other
                        # answer means its work never checked the budget and ran to its end
                        how = "stopped" if status == 503 else "ran to its end"
                        _log.info(
                            "%s %s %s %.1f s after its client went away",
                            *_what(scope),
                            how,
                            time.monotonic() - left_at,
                        )
                    work.result()  # its exception, if any, goes on up
                    return
                limit.cancel()  # the worker thread stops at its next check()
                answered = started
                work.cancel()
                work.add_done_callback(_retrieve)
                _log.warning("%s %s stopped: over its %g s budget", *_what(scope), self.seconds)
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
