"""Pausing Python's cyclic garbage collector around work that makes no reference cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for a block, then restore it as it was.

    A build or a graph read allocates millions of long-lived objects and no reference cycles;
    with the collector on, each full collection rescans the whole growing heap (ten of them in
    a 100,000-task build: 3.2 of its 7.2 s). Plain reference counting still frees garbage.

    Yields:
        Nothing: the block runs with the collector paused.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
