"""Outline units: every part of a document as printed, with its kind, label and span.

Kinds (shared with data/gold/dev): the notice wrapper `title`, `doc_number`, `addressee`,
`preamble`, `signatory`, `date`, `attachment`; law structure `part` (第X编), `chapter` (第X章),
`section` (第X节), `article` (第X条), `clause` (款); numbered `item` (一、 （一） 1. （1） ①),
`enumeration` (一是 / 一要), `heading` (a paragraph's first sentence that heads it), `bullet`,
`sentence` and `paragraph`. A unit spans from its label to the end of its last child, and no unit
repeats its parent's span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
        if kind not in KINDS:
            raise ValueError(f"unknown unit kind {kind!r}")
        self._units.append(Unit(kind, label, start, end, parent))
        self.extend_to(parent, end)
        return len(self._units) - 1

    def extend_to(self, index: int | None, end: int) -> None:
        """Make the unit at `index` and its ancestors end no earlier than `end`."""
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


def innermost(units: Sequence[Unit], start: int, end: int) -> int | None:
    """The index of the smallest unit that contains start:end, if any."""
    best: int | None = None
    for i, unit in enumerate(units):
        inside = unit.start <= start and end <= unit.end
        if inside and (
            best is None or unit.end - unit.start <= units[best].end - units[best].start
        ):
            best = i
    return best
