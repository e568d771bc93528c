"""Counting the Cypher statements a call runs: the real driver's methods that run them wrapped
for the length of a call, nothing replaced (tests/graph/test_neo4j_memo.py,
tests/graph/test_neo4j_store.py, benchmarks/touches_floor.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from neo4j import ManagedTransaction, Session

__all__ = ["counting_statements", "recording_statement_calls", "recording_statements"]

_T = TypeVar("_T")


def recording_statement_calls(ask: Callable[[], _T]) -> tuple[list[tuple[str, dict[str, Any]]], _T]:
    """The statements `ask()` runs, in order, each with its parameters, and what it returned:
    those of managed transactions (execute_read, execute_write, the driver's execute_query) and
    auto-commit ones (Session.run).

    Args:
        ask: the call to watch (run once; the driver's methods are restored after it).
    """
    ran: list[tuple[str, dict[str, Any]]] = []
    in_tx, auto = ManagedTransaction.run, Session.run

    def wrap(run: Callable[..., Any]) -> Callable[..., Any]:
        def recording(self: Any, query: Any, parameters: Any = None, **kwargs: Any) -> Any:
            ran.append((str(query), {**(parameters or {}), **kwargs}))
            return run(self, query, parameters, **kwargs)

        return recording

    ManagedTransaction.run = wrap(in_tx)  # type: ignore[method-assign]
    Session.run = wrap(auto)  # type: ignore[method-assign]
    try:
        answer = ask()
    finally:
        ManagedTransaction.run = in_tx  # type: ignore[method-assign]
        Session.run = auto  # type: ignore[method-assign]
    return ran, answer


def recording_statements(ask: Callable[[], _T]) -> tuple[list[str], _T]:
    """The statements `ask()` runs, in order (recording_statement_calls without the
    parameters), and what it returned.

    Args:
        ask: the call to watch (run once; the driver's methods are restored after it).
    """
    calls, answer = recording_statement_calls(ask)
    return [statement for statement, _ in calls], answer


def counting_statements(ask: Callable[[], _T]) -> tuple[int, _T]:
    """How many statements `ask()` runs (recording_statements), and what it returned.

    Args:
        ask: the call to count (run once; the driver's method is restored after it).
    """
    ran, answer = recording_statements(ask)
    return len(ran), answer
