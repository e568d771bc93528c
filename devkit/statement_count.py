"""Counting the Cypher statements a call runs: the real driver's transaction method wrapped
for the length of a call, nothing replaced (tests/graph/test_neo4j_memo.py,
benchmarks/touches_floor.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from neo4j import ManagedTransaction

T = TypeVar("T")


def counting_statements(ask: Callable[[], T]) -> tuple[int, T]:
    """How many statements `ask()` runs in managed transactions, and what it returned.

    Args:
        ask: the call to count (run once; the driver's method is restored after it).
    """
    count = 0
    run = ManagedTransaction.run

    def counting(self: ManagedTransaction, *args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        return run(self, *args, **kwargs)

    ManagedTransaction.run = counting  # type: ignore[method-assign,assignment]
    try:
        answer = ask()
    finally:
        ManagedTransaction.run = run  # type: ignore[method-assign]
    return count, answer
