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

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["OffsetMap", "OffsetMapBuilder"]


@dataclass(frozen=True)
class OffsetMap:
    """`starts[i]:ends[i]` is the original span of derived character i; `end` closes the text."""

    starts: array[int]
    ends: array[int]
    end: int

    @classmethod
    def identity(cls, length: int, offset: int = 0) -> OffsetMap:
        return cls(
            array("l", range(offset, offset + length)),
            array("l", range(offset + 1, offset + length + 1)),
            offset + length,
        )

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of derived text[start:end] (an empty span stays empty)."""
        if not 0 <= start <= end <= len(self.starts):
            raise ValueError(f"span {start}:{end} outside a text of {len(self.starts)}")
        origin = self.starts[start] if start < len(self.starts) else self.end
        if end == start:
            return origin, origin
        return origin, self.ends[end - 1]

    def then(self, inner: OffsetMap) -> OffsetMap:
        """This map followed by `inner` (which maps this map's original to its own)."""
        starts = array(
            "l", (inner.span(s, e)[0] for s, e in zip(self.starts, self.ends, strict=True))
        )
        ends = array(
            "l", (inner.span(s, e)[1] for s, e in zip(self.starts, self.ends, strict=True))
        )
        return OffsetMap(starts, ends, inner.span(self.end, self.end)[0])


class OffsetMapBuilder:
    """Appends derived characters with their original spans, then freezes into an OffsetMap."""

    def __init__(self) -> None:
        self._starts: array[int] = array("l")
        self._ends: array[int] = array("l")

    def __len__(self) -> int:
        return len(self._starts)

    def run(self, start: int, length: int) -> None:
        """`length` derived characters, each one original character from `start` on."""
        self._starts.extend(range(start, start + length))
        self._ends.extend(range(start + 1, start + length + 1))

    def block(self, start: int, end: int, length: int) -> None:
        """`length` derived characters that together stand for original[start:end]."""
        self._starts.extend([start] * length)
        self._ends.extend([end] * length)

    def extend(self, spans: Iterable[tuple[int, int]]) -> None:
        for start, end in spans:
            self._starts.append(start)
            self._ends.append(end)

    def build(self, end: int) -> OffsetMap:
        return OffsetMap(self._starts, self._ends, end)
