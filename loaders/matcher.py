"""Gazetteer names in text: a leftmost-longest Aho-Corasick automaton (ahocorasick-rs).

Leftmost-longest means 长江中游城市群 wins over 长江 and 上海合作组织 over 上海: of the matches
starting at the leftmost position the longest is taken, and no hit overlaps another.
Offsets are character (code point) offsets into the str given, so `text[hit.start:hit.end]`
is the surface; ahocorasick-rs reports them so for str haystacks.

Latin surfaces (VOCs, APEC, PM2.5) are matched case-sensitively and only as whole words: a match
whose first or last character is an ASCII letter or digit must not touch another one (APEC in
APECS is no hit). Blocked surfaces (复合肥, ambiguous names such as 朝阳区) are matched like the
others, so they hide the shorter names inside them, and then dropped; by default they are the
`blocked` surfaces of the gazetteer's SurfaceForms given.

The automaton is built once per process for a given set of surfaces: `Matcher(...)` for the
same surfaces again reuses it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

import ahocorasick_rs

__all__ = [
    "SEPARATOR",
    "Batch",
    "BatchMatches",
    "Hit",
    "Match",
    "Matcher",
    "is_word_char",
    "leftmost_longest",
]


class Hit(NamedTuple):
    """One gazetteer name found in a text; `text[start:end] == surface` (a tuple: cheap)."""

    start: int
    end: int
    surface: str
    entity_id: str


class Matcher:
    """Finds gazetteer surfaces in text.

    Args:
        surface_forms: surface -> entity id.
        blocked: surfaces that must match nothing (None: the `blocked` of `surface_forms`, if it has
            one).

    >>> m = Matcher({"长江": "region:长江", "长江中游城市群": "region:长江中游城市群"})
    >>> [(h.surface, h.start) for h in m.find("开展长江中游城市群和长江治理")]
    [('长江中游城市群', 2), ('长江', 10)]
    """

    def __init__(
        self, surface_forms: Mapping[str, str], blocked: Iterable[str] | None = None
    ) -> None:
        if blocked is None:  # a gazetteer's SurfaceForms carry their blocked surfaces
            blocked = getattr(surface_forms, "blocked", ())
        stop = frozenset(s for s in blocked if s)
        self._patterns: tuple[str, ...] = tuple(sorted({s for s in surface_forms if s} | stop))
        self._ids: tuple[str | None, ...] = tuple(
            None if p in stop else surface_forms[p] for p in self._patterns
        )
        # Only a surface that starts or ends in a Latin letter or digit can run into a word.
        self._latin: tuple[bool, ...] = tuple(
            is_word_char(p[0]) or is_word_char(p[-1]) for p in self._patterns
        )
        # A plain surface is kept as found: neither blocked nor Latin (no word check needed).
        self._plain: tuple[bool, ...] = tuple(
            entity is not None and not latin
            for entity, latin in zip(self._ids, self._latin, strict=True)
        )
        # Looked up once: hashing thousands of patterns for the lru_cache on every call cost
        # more than the matching itself.
        self._leftmost = _automaton(self._patterns) if self._patterns else None
        self._scan = self._leftmost.find_matches_as_indexes if self._leftmost else None
        self._overlapping: ahocorasick_rs.AhoCorasick | None = None  # built on first use
        # a surface holding the separator would join two texts of a batch: scanned one by one
        self._joinable = not any(SEPARATOR in p for p in self._patterns)

    def __len__(self) -> int:
        """How many surfaces (blocked ones included) the automaton knows."""
        return len(self._patterns)

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every surface the automaton knows, blocked ones included; scan() reports indexes
        into it."""
        return self._patterns

    @property
    def entity_ids(self) -> tuple[str | None, ...]:
        """The entity of each surface, by its index in `surfaces` (None: blocked)."""
        return self._ids

    @property
    def plain(self) -> tuple[bool, ...]:
        """Whether a surface's match is a hit as found, by its index in `surfaces`: neither
        blocked nor Latin (which hits_of checks for whole words)."""
        return self._plain

    def find(self, text: str) -> list[Hit]:
        """Leftmost-longest hits, in text order, none overlapping.

        Args:
            text: the text to scan.
        """
        if self._scan is None or not text:
            return []
        return self.hits_of(text, self._scan(text))

    def scan(self, text: str) -> list[Match]:
        """The automaton's matches in `text` as (surface index, start, end), before blocked
        surfaces are dropped and Latin ones checked (hits_of does both).

        Args:
            text: the text to scan.
        """
        if self._scan is None or not text:
            return []
        return self._scan(text)

    @property
    def joinable(self) -> bool:
        """Whether the texts of a Batch may be scanned joined: no surface holds SEPARATOR."""
        return self._joinable

    @property
    def scanner(self) -> _Scan:
        """scan() as the automaton's own call, for callers that scan many texts (one Python
        call less per text)."""
        return self._scan or _no_matches

    def hits_of(self, text: str, matches: Iterable[Match]) -> list[Hit]:
        """The hits among scan(text)'s matches: blocked surfaces dropped, Latin ones only as
        whole words.

        Args:
            text: the text scanned.
            matches: scan(text).
        """
        new, patterns, ids, plain = tuple.__new__, self._patterns, self._ids, self._plain
        return [
            new(Hit, (s, e, patterns[i], ids[i]))  # no NamedTuple __new__ on the hot path
            for i, s, e in matches
            if plain[i] or (ids[i] is not None and _whole_words(text, s, e))
        ]

    def find_many(self, batch: Batch) -> list[list[Hit]]:
        """find() of every text of a batch, with one scan of the joined texts.

        Args:
            batch: the texts.

        >>> m = Matcher({"长江": "region:长江", "APEC": "org:APEC"})
        >>> [[h.start for h in hits] for hits in m.find_many(Batch(["长江APEC", "APECS长江"]))]
        [[0, 2], [5]]
        """
        if self._scan is None or not self._joinable:
            return [self.find(text) for text in batch.texts]
        joined = batch.joined
        new, patterns, ids, plain = tuple.__new__, self._patterns, self._ids, self._plain
        offsets = batch.offsets
        out: list[list[Hit]] = [[] for _ in batch.texts]
        end = -1  # where the current text ends: no match lies before the first text
        for i, s, e in self._scan(joined):
            if s >= end:
                k = bisect_right(offsets, s) - 1
                start, end = offsets[k], offsets[k + 1]
                current = out[k]
            # the separator is no word character: a text's edges check as alone
            if plain[i] or (ids[i] is not None and _whole_words(joined, s, e)):
                current.append(new(Hit, (s - start, e - start, patterns[i], ids[i])))
        return out

    def find_nested(self, text: str, start: int, end: int, skip: str | None = None) -> list[Hit]:
        """Leftmost-longest hits strictly inside `text[start:end]` (not the whole span).

        For names that are about what they name: 固体废物综合治理行动 also mentions 固体废物.
        Surfaces of the entity `skip` (the outer name's own shorter aliases) are passed over, so
        they do not hide the names inside them.

        Args:
            text: the text the outer name is in.
            start: where the outer name starts.
            end: where the outer name ends (exclusive).
            skip: the id of the outer name's entity (None: none skipped).
        """
        if not self._patterns or end - start < 2:
            return []
        if self._overlapping is None:
            self._overlapping = _overlapping_automaton(self._patterns)
        span = text[start:end]
        found = self._overlapping.find_matches_as_indexes(span, overlapping=True)
        inner = [
            (i, s, e)
            for i, s, e in found
            if (s, e) != (0, len(span)) and (skip is None or self._ids[i] != skip)
        ]
        inner = [m for m in inner if _whole_words(text, m[1] + start, m[2] + start)]
        chosen: list[tuple[int, int, int]] = []
        for match in sorted(inner, key=lambda m: (m[1], -m[2])):
            if not chosen or match[1] >= chosen[-1][2]:
                chosen.append(match)
        return self._hits(text, chosen, start)

    def _hits(self, text: str, matches: Iterable[tuple[int, int, int]], offset: int) -> list[Hit]:
        hits: list[Hit] = []
        new = tuple.__new__  # skips NamedTuple's Python-level __new__ on the hot path
        for index, s, e in matches:
            start, end = s + offset, e + offset
            entity = self._ids[index]
            if entity is None or (self._latin[index] and not _whole_words(text, start, end)):
                continue
            hits.append(new(Hit, (start, end, self._patterns[index], entity)))
        return hits


_Scan = Callable[[str], list[tuple[int, int, int]]]
#: (index of the word, start, end) of one match
Match = tuple[int, int, int]

#: Joins the texts of a batch for one scan. No scanned word contains it (Batch checks), so no
#: match crosses from one text into the next, and it is neither a letter nor a digit, so a
#: Latin name at a text's edge is a whole word exactly as in the text alone.
SEPARATOR = "\x00"


class Batch:
    """Texts joined for one scan each, so that a call into the automaton is paid once per
    batch instead of once per text; `split` takes a scan's matches back per text.

    Args:
        texts: the texts, in order.

    >>> batch = Batch(["修订方案", "制修订"])
    >>> scan = leftmost_longest(["修订", "制修订", "方案"])
    >>> matches = batch.matches(scan)
    >>> matches.of(0), matches.of(1)
    ([(0, 0, 2), (2, 2, 4)], [(1, 0, 3)])
    """

    __slots__ = ("joined", "offsets", "texts")

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.joined = SEPARATOR.join(texts)
        offsets, at = [], 0
        for text in texts:
            offsets.append(at)
            at += len(text) + 1
        offsets.append(at)  # where a text after the last would start
        self.offsets = offsets

    def matches(self, scan: _Scan) -> BatchMatches:
        """One scan over the joined texts.

        Args:
            scan: a scan whose words do not contain SEPARATOR.
        """
        return BatchMatches(scan(self.joined), self.offsets)


class BatchMatches:
    """One scan's matches over a Batch, taken back per text with offsets relative to it.

    `of(k)` groups all matches by text in one pass on its first call (for scans whose matches
    every text needs); `raw(k)` finds one text's matches by bisection (for scans that only a few
    texts need).

    Args:
        matches: the scan's matches over the joined texts, in text order.
        offsets: where each text starts in the joined texts, and one past the last.
    """

    __slots__ = ("_by_text", "_matches", "_offsets", "_starts")

    def __init__(self, matches: list[Match], offsets: list[int]) -> None:
        self._matches = matches
        self._offsets = offsets
        self._starts: list[int] | None = None
        self._by_text: dict[int, list[Match]] | None = None

    def of(self, k: int) -> Sequence[Match]:
        """Text k's matches, offsets relative to it, in text order.

        Args:
            k: the text's index in the batch.
        """
        if self._by_text is None:
            self._by_text = _by_text(self._matches, self._offsets)
        return self._by_text.get(k, ())

    def raw(self, k: int) -> tuple[list[Match], int]:
        """Text k's matches with offsets into the joined text, and where text k starts there.

        Args:
            k: the text's index in the batch.
        """
        if self._starts is None:
            self._starts = [m[1] for m in self._matches]
        lo = bisect_left(self._starts, self._offsets[k])
        hi = bisect_left(self._starts, self._offsets[k + 1], lo)
        return self._matches[lo:hi], self._offsets[k]


def _by_text(matches: list[Match], offsets: list[int]) -> dict[int, list[Match]]:
    """Matches by the index of the text they lie in, offsets relative to it (one pass)."""
    by_text: dict[int, list[Match]] = {}
    end = -1  # where the current text ends: no match lies before the first text
    for i, s, e in matches:
        if s >= end:
            k = bisect_right(offsets, s) - 1
            start, end = offsets[k], offsets[k + 1]
            current = by_text[k] = []
        current.append((i, s - start, e - start))
    return by_text


def _no_matches(text: str) -> list[Match]:
    return []


def leftmost_longest(words: Sequence[str]) -> _Scan:
    """A scan of text for `words`: (index into `words`, start, end) of every match, in text order.

    Leftmost-longest and never overlapping, as a regex alternation of the words, longest first,
    finds them; offsets are character offsets.

    Args:
        words: the words to find.

    >>> scan = leftmost_longest(["修订", "制修订", "方案"])
    >>> scan("制修订方案")
    [(1, 0, 3), (2, 3, 5)]
    """
    return _automaton(tuple(words)).find_matches_as_indexes


@lru_cache(maxsize=8)
def _automaton(patterns: tuple[str, ...]) -> ahocorasick_rs.AhoCorasick:
    return ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


@lru_cache(maxsize=8)
def _overlapping_automaton(patterns: tuple[str, ...]) -> ahocorasick_rs.AhoCorasick:
    return ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)


def is_word_char(ch: str) -> bool:
    """An ASCII letter or digit: a Latin surface must not run on into one.

    Args:
        ch: one character.
    """
    return ch.isascii() and ch.isalnum()


def _whole_words(text: str, start: int, end: int) -> bool:
    """False when a Latin surface runs on into a longer Latin word (SCO in SCOPE)."""
    if start > 0 and is_word_char(text[start]) and is_word_char(text[start - 1]):
        return False
    return not (end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]))
