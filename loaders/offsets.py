"""Offsets from a derived text back to the text it came from.

The loaders work on a normalised text (NFKC, junk lines gone) and match Traditional documents
on a Simplified conversion of it, but every span they report is in the decoded original, so
that `original[start:end]` is what the document says. An `OffsetMap` holds, for every
character of the derived text, the span of the original it stands for: one character for most,
the whole run for a collapsed run of spaces or an NFKC expansion (㎡ -> m2: both `m` and `2`
stand for `㎡`).

>>> m = OffsetMap.identity(3, 5)
>>> m.span(0, 2)
(5, 7)
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

__all__ = ["OffsetMap", "OffsetMapBuilder"]

# A segment of derived text: `length` characters from derived offset `at`; a run maps its
# characters one to one from `origin`, a block maps every one of them to origin:origin_end.
_Segment = tuple[int, int, int, int, bool]  # (at, origin, origin_end, length, is_run)


@dataclass(frozen=True)
class OffsetMap:
    """Where each derived character stands in the original; `end` closes the original text."""

    segments: tuple[_Segment, ...]
    length: int
    end: int

    @classmethod
    def identity(cls, length: int, offset: int = 0) -> OffsetMap:
        """The map of a text that is the original from `offset` on, unchanged.

        Args:
            length: the derived text's length.
            offset: where the derived text starts in the original.
        """
        builder = OffsetMapBuilder()
        builder.run(offset, length)
        return builder.build(offset + length)

    def __len__(self) -> int:
        return self.length

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of derived text[start:end] (an empty span stays empty).

        Args:
            start: where the span starts in the derived text.
            end: where it ends in the derived text (exclusive); outside the text raises ValueError.
        """
        if not 0 <= start <= end <= self.length:
            raise ValueError(f"span {start}:{end} outside a text of {self.length}")
        origin = self._start_of(start) if start < self.length else self.end
        if end == start:
            return origin, origin
        return origin, self._end_of(end - 1)

    def then(self, inner: OffsetMap) -> OffsetMap:
        """This map followed by `inner` (which maps this map's original to its own).

        Args:
            inner: the map from this map's original text to an earlier original.
        """
        builder = OffsetMapBuilder()
        builder.extend(inner.span(self._start_of(i), self._end_of(i)) for i in range(self.length))
        return builder.build(inner.span(self.end, self.end)[0])

    def _segment(self, i: int) -> _Segment:
        return self.segments[bisect.bisect_right(self._starts, i) - 1]

    @cached_property
    def _starts(self) -> list[int]:
        return [segment[0] for segment in self.segments]

    def _start_of(self, i: int) -> int:
        at, origin, _, _, is_run = self._segment(i)
        return origin + (i - at) if is_run else origin

    def _end_of(self, i: int) -> int:
        at, origin, origin_end, _, is_run = self._segment(i)
        return origin + (i - at) + 1 if is_run else origin_end


class OffsetMapBuilder:
    """Appends derived characters with their original spans, then freezes into an OffsetMap."""

    def __init__(self) -> None:
        self._segments: list[_Segment] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def run(self, start: int, length: int) -> None:
        """`length` derived characters, each one original character from `start` on.

        Args:
            start: the original offset of the first character.
            length: how many characters (none added when below 1).
        """
        if length <= 0:
            return
        if self._segments:
            at, origin, _, n, is_run = self._segments[-1]
            if is_run and origin + n == start:  # continues the last run
                self._segments[-1] = (at, origin, start + length, n + length, True)
                self._length += length
                return
        self._segments.append((self._length, start, start + length, length, True))
        self._length += length

    def block(self, start: int, end: int, length: int) -> None:
        """`length` derived characters that together stand for original[start:end].

        Args:
            start: where the original span starts.
            end: where the original span ends (exclusive).
            length: how many derived characters stand for it (none added when below 1).
        """
        if length <= 0:
            return
        if self._segments:
            at, origin, origin_end, n, is_run = self._segments[-1]
            if not is_run and (origin, origin_end) == (start, end):
                self._segments[-1] = (at, origin, origin_end, n + length, False)
                self._length += length
                return
        self._segments.append((self._length, start, end, length, False))
        self._length += length

    def extend(self, spans: Iterable[tuple[int, int]]) -> None:
        """One derived character per span, in order.

        Args:
            spans: the original (start, end) each derived character stands for.
        """
        for start, end in spans:
            if end == start + 1:
                self.run(start, 1)
            else:
                self.block(start, end, 1)

    def build(self, end: int) -> OffsetMap:
        """The map of the characters added so far.

        Args:
            end: the original offset that closes the original text (where an empty span at
                the end of the derived text maps to).
        """
        return OffsetMap(tuple(self._segments), self._length, end)
