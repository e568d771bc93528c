"""How the `policykg` process sets Python's cyclic garbage collector: once, at its entry point.

The library (graph/, loaders/, api/, viz/) makes no gc call: the collector belongs to whoever
owns the process. A build or a graph read allocates millions of long-lived objects and makes no
reference cycles, so with the interpreter's thresholds the collector keeps rescanning a heap in
which it finds nothing to free (benchmarks/collector.py measures what that costs).
`policykg.cli.run`, the console script, calls `configure_collector()` before any command runs,
and the commands that assemble or read a whole graph do it inside `paused()`; a program that
imports policykg keeps its own settings.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["YOUNG_THRESHOLD", "configure_collector", "paused"]

#: Allocations of container objects between two young collections (the interpreter's: 700).
YOUNG_THRESHOLD = 50_000


def configure_collector() -> None:
    """Set the collector for a policykg process: call once, before the work starts.

    A young generation of `YOUNG_THRESHOLD` objects makes collections rarer, so that a build or
    a graph read is scanned tens of times rather than thousands; the collector stays on for the
    cycles that do occur. (Freezing what the imports made, `gc.freeze()`, saved nothing
    measurable: the graph, not the modules, is what the scans walk.)
    """
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def paused() -> Iterator[None]:
    """The collector off while a command assembles or reads a graph, then as it was.

    That work allocates millions of objects that live on and form no cycles, so every
    collection inside it scans for nothing; the few cycles it may leave are collected after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
