"""A time budget for one piece of work, which long loops check and which a caller can cancel.

The API gives every request a `_Deadline` (api/request_budget.py); the loops that can grow with
the graph (walks, co-occurrence, exports, map transforms) call `check()` now and then, so
that work stops when its budget is spent or its client has gone, instead of running on in
a worker thread. Outside a request nothing is set and `check()` costs one lookup.

    >>> with deadline(5.0):
    ...     check()  # plenty of time left
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from policykg.errors import BudgetExceeded

__all__ = ["check", "checked", "deadline"]


@dataclass
class _Deadline:
    seconds: float
    at: float
    cancelled: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        """The client went away: the work for it stops at its next check()."""
        self.cancelled.set()


_T = TypeVar("_T")
_current: ContextVar[_Deadline | None] = ContextVar("policykg_deadline", default=None)


@contextmanager
def deadline(seconds: float) -> Iterator[_Deadline]:
    """Work inside this block (and threads it starts with its context) has `seconds`.

    Args:
        seconds: the time the work has.
    """
    limit = _Deadline(seconds, time.monotonic() + seconds)
    token = _current.set(limit)
    try:
        yield limit
    finally:
        _current.reset(token)


def check() -> None:
    """BudgetExceeded when the current work ran out of time or was cancelled."""
    limit = _current.get()
    if limit is None:
        return
    if limit.cancelled.is_set():
        raise BudgetExceeded(limit.seconds, "the client went away; the work was stopped")
    if time.monotonic() > limit.at:
        raise BudgetExceeded(limit.seconds)


def checked(items: Iterable[_T], every: int = 256) -> Iterator[_T]:
    """`items`, with check() every `every` items.

    Args:
        items: the items to pass on.
        every: how many items between two checks.
    """
    for i, item in enumerate(items):
        if i % every == 0:
            check()
        yield item
