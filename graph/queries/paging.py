"""Bounds shared by every paged query."""

from __future__ import annotations

from policykg.errors import InvalidQuery

__all__ = ["ALL", "check_window", "window"]

#: "No limit": the largest page a store is asked for (Cypher list slices take 32-bit indexes).
ALL = 2**31 - 1


def check_window(offset: int, limit: int | None) -> None:
    """Negative offsets and limits are refused.

    Args:
        offset: items to skip.
        limit: page size (None: every item).
    """
    if offset < 0 or (limit is not None and limit < 0):
        raise InvalidQuery("offset and limit must not be negative")


def window(offset: int, limit: int | None) -> tuple[int, int]:
    """(offset, limit) checked, and kept within ALL; None means every item from `offset`.

    Args:
        offset: items to skip.
        limit: page size (None: every item).

    >>> window(3, None)
    (3, 2147483644)
    >>> window(10**12, 5)
    (2147483647, 0)
    """
    check_window(offset, limit)
    offset = min(offset, ALL)
    return offset, (ALL - offset) if limit is None else min(limit, ALL - offset)
