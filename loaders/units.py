"""Outline units: every part of a document as printed, with its kind, label and span.

Kinds (shared with data/gold/dev): the notice wrapper `title`, `doc_number`, `addressee`,
`preamble`, `signatory`, `date`, `attachment`; law structure `part` (第X编), `chapter` (第X章),
`section` (第X节), `article` (第X条), `clause` (款); numbered `item` (一、 （一） 1. （1） ①),
`enumeration` (一是 / 一要), `heading` (a paragraph's first sentence that heads it), `bullet`,
`sentence` and `paragraph`. A unit spans from its label to the end of its last child, and no unit
repeats its parent's span.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["KINDS", "Unit", "UnitIndex", "UnitList"]

KINDS = frozenset(
    {
        *("title", "doc_number", "addressee", "preamble", "signatory", "date", "attachment"),
        *("part", "chapter", "section", "article", "clause", "item", "enumeration"),
        *("heading", "bullet", "sentence", "paragraph"),
    }
)


@dataclass(frozen=True)
class Unit:
    """One outline unit; `start:end` index the text it was parsed from, `parent` the unit list."""

    kind: str
    label: str
    start: int
    end: int
    parent: int | None


class UnitList:
    """Units in document order, a parent before its children; ends grow as children arrive."""

    def __init__(self) -> None:
        self._units: list[Unit] = []

    def add(self, kind: str, label: str, start: int, end: int, parent: int | None = None) -> int:
        """Append a unit, extend its ancestors to its end, and return its index.

        Args:
            kind: one of KINDS (ValueError for any other).
            label: the label printed on the unit (第二章, 第十条), or "" for an unlabelled one.
            start: where the unit starts.
            end: where it ends (exclusive).
            parent: the index of the enclosing unit (None: top level).
        """
        if kind not in KINDS:
            raise ValueError(f"unknown unit kind {kind!r}")
        self._units.append(Unit(kind, label, start, end, parent))
        self.extend_to(parent, end)
        return len(self._units) - 1

    def extend_to(self, index: int | None, end: int) -> None:
        """Make the unit at `index` and its ancestors end no earlier than `end`.

        Args:
            index: the unit's index (None: nothing to extend).
            end: the end to reach.
        """
        while index is not None:  # a parent ends with its last child
            unit = self._units[index]
            if unit.end >= end:
                break
            self._units[index] = Unit(unit.kind, unit.label, unit.start, end, unit.parent)
            index = unit.parent

    def __len__(self) -> int:
        return len(self._units)

    def __getitem__(self, index: int) -> Unit:
        return self._units[index]

    def freeze(self) -> tuple[Unit, ...]:
        """The units, without any child that repeats its parent's span."""
        keep: list[int | None] = []  # old index -> new index (None: dropped)
        out: list[Unit] = []
        for unit in self._units:
            parent = self._effective_parent(unit.parent, keep)
            if parent is not None and (out[parent].start, out[parent].end) == (
                unit.start,
                unit.end,
            ):
                keep.append(parent)  # the child is its parent: merge it away
                continue
            out.append(Unit(unit.kind, unit.label, unit.start, unit.end, parent))
            keep.append(len(out) - 1)
        return tuple(out)

    @staticmethod
    def _effective_parent(parent: int | None, keep: Sequence[int | None]) -> int | None:
        return None if parent is None else keep[parent]


class UnitIndex:
    """The innermost unit around a span, for many spans of one document.

    Units are sorted by start under a tree of the largest end in each block, so a lookup visits
    only blocks that could hold a unit around the span, latest start first, and stops at blocks
    whose units must all be longer than the best found. A document of n units costs O(n log n)
    to index and about O(log n) per lookup, where a pass over all units per span made reading a
    document quadratic in its length.

    Args:
        units: the document's units.
    """

    def __init__(self, units: Sequence[Unit]) -> None:
        self._units = units
        self._order = sorted(range(len(units)), key=lambda i: units[i].start)
        self._starts = [units[i].start for i in self._order]
        size = 1
        while size < len(units):
            size *= 2
        self._size = size
        tree = [-1] * (2 * size)
        for k, i in enumerate(self._order):
            tree[size + k] = units[i].end
        for node in range(size - 1, 0, -1):
            tree[node] = max(tree[2 * node], tree[2 * node + 1])
        self._max_end = tree

    def innermost(self, start: int, end: int) -> int | None:
        """The index of the smallest unit that contains start:end (the later one of equals).

        Args:
            start: where the span starts.
            end: where the span ends (exclusive).
        """
        limit = bisect.bisect_right(
            self._starts, start
        )  # sorted positions < limit start early enough
        best: int | None = None
        best_len = 0
        stack = [(1, 0, self._size)]
        while stack:
            node, lo, hi = stack.pop()
            if lo >= limit or self._max_end[node] < end:
                continue
            latest = self._starts[min(hi, limit) - 1]
            if best is not None and end - latest > best_len:
                continue  # every unit here starts earlier, so each one around the span is longer
            if hi - lo == 1:
                i = self._order[lo]
                length = self._units[i].end - self._units[i].start
                if best is None or length < best_len or (length == best_len and i > best):
                    best, best_len = i, length
                continue
            mid = (lo + hi) // 2
            stack += [(2 * node, lo, mid), (2 * node + 1, mid, hi)]  # later starts popped first
        return best
