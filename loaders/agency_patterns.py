"""Agencies named by pattern: a level, a portfolio and an agency head, as laws and plans name them.

    县级以上地方人民政府 | 生态环境 | 主管部门      level + function + head: one mention
    市 | 发展改革、财政、…、园林绿化 | 等部门           coordinated functions: one mention each
    有关区 | 人民政府,  人民法院                       a level and a head, or a head alone
    市、县(市、区) | 人民政府 | 商务部门               a level with its alternatives in brackets

The words come from data/lexicon/agency_heads.csv (each head says what must stand before it),
agency_functions.csv (portfolios) and agency_levels.csv (levels of government). A conjunct's
surface is the conjunct as printed; the last carries the head only when the head follows it
directly (not across 等); the level stays on the first, unless levels are joined by 和
(市和有关区教育、财政等部门: they qualify every department; data/gold/dev/README.md, A1). Every walk
looks back over whole words only, at most MAX_WORDS of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from policykg.loaders.lexicon import load_lexicon

__all__ = ["HEADS", "HEAD_TAILS", "AgencyName", "agencies_at", "ends_inside_head", "find_agencies"]

_COORDINATORS = "、和及与"
_GOVERNMENTS = ("人民政府", "政府")
_ENUMERATION_END = "等"
#: The coordinator after which levels qualify every department that follows (市和有关区教育…部门).
_SHARED_LEVELS = "和"
#: Brackets of a level's alternatives (县(市、区), as normalised), their separator and length.
_OPEN, _CLOSE, _ALTERNATIVE = "(", ")", "、"
_MAX_ALTERNATIVES = 8
#: The most functions one coordinated list holds before the walk gives up.
_MAX_WORDS = 24

_LEXICON = load_lexicon()
HEADS = _LEXICON.agency_heads  # head -> what must stand before it
_FUNCTIONS = _LEXICON.agency_functions
_LEVELS = _LEXICON.agency_levels
_HEAD_RE = re.compile("|".join(map(re.escape, sorted(HEADS, key=len, reverse=True))))
#: Heads a name may not end inside (环保部|门): the words of two characters or more that name.
_LONG_HEADS = tuple(h for h, needs in HEADS.items() if needs != "never" and len(h) > 1)
#: The characters a long head goes on with after its first: a name followed by none of them
#: cannot end inside a head (the cheap test before ends_inside_head).
HEAD_TAILS = frozenset(c for h in _LONG_HEADS for c in h[1:])


class AgencyName(NamedTuple):
    """One agency mention at text[start:end]; `name` is the full name it stands for."""

    start: int
    end: int
    name: str


def find_agencies(text: str) -> list[AgencyName]:
    """Every agency a level, a function and a head name in `text` (overlaps are possible).

    Args:
        text: the text to scan.
    """
    return agencies_at(text, [m.span() for m in _HEAD_RE.finditer(text)])


def agencies_at(text: str, heads: list[tuple[int, int]]) -> list[AgencyName]:
    """The agencies ending in the given head spans (for a caller that scanned for heads).

    Args:
        text: the text scanned.
        heads: (start, end) of each agency head found in it.
    """
    return [a for start, end in heads for a in _named_by(text, start, end)]


def _named_by(text: str, head_start: int, end: int) -> Iterator[AgencyName]:
    head = text[head_start:end]
    needs = HEADS[head]
    if needs == "never":  # a word that only starts like a head (委托 is not 委)
        return
    i = head_start
    across = i > 0 and text[i - 1] == _ENUMERATION_END
    if across:
        i -= 1
    conjuncts: list[tuple[int, int]] = []
    while len(conjuncts) < _MAX_WORDS:
        start = _word_ending(text, i, _FUNCTIONS, _FUNCTION_LENGTHS)
        if start is None:
            break
        conjuncts.append((start, i))
        i = start
        if (
            i > 1
            and text[i - 1] in _COORDINATORS
            and _word_ending(text, i - 1, _FUNCTIONS, _FUNCTION_LENGTHS) is not None
        ):
            i -= 1
            continue
        break
    if across and not conjuncts:
        return
    level_start = _level_ending(text, i)
    if head not in _GOVERNMENTS and text.endswith(_GOVERNMENTS, 0, i):
        # a level's government is the level of a department: 县级以上地方人民政府|生态环境主管部门
        government = next(g for g in _GOVERNMENTS if text.endswith(g, 0, i))
        level_start = _level_ending(text, i - len(government))
        if level_start is None:
            return
    if level_start is None:
        level_start = i
    level = text[level_start:i]
    if not conjuncts:
        if needs in ("level", "function_or_level") and not level:
            return
        if needs == "function":
            return
        yield AgencyName(level_start, end, level + head)
        yield from _coordinated_levels(text, level_start, head)
        return
    conjuncts.reverse()
    # 市和有关区|教育、财政等部门: levels joined by 和 qualify every department, none is a
    # mention; 市、有关区发展改革部门 names 市 (its department) and 有关区发展改革部门
    before = _level_before(text, level_start) if level else None
    shared = before is not None and text[level_start - 1] == _SHARED_LEVELS
    if before is not None and not shared and len(conjuncts) == 1:
        yield AgencyName(before, level_start - 1, text[before : level_start - 1] + text[i:end])
    if len(conjuncts) == 1 and not across:
        yield AgencyName(conjuncts[0][0] if shared else level_start, end, text[level_start:end])
        return
    for k, (a, b) in enumerate(conjuncts):
        first, last = k == 0, k == len(conjuncts) - 1
        surface_start = level_start if first and not shared else a
        surface_end = end if last and not across else b
        yield AgencyName(surface_start, surface_end, level + text[a:b] + head)


def ends_inside_head(text: str, start: int, end: int) -> bool:
    """Whether the name text[start:end] ends inside an agency head that goes on after it.

    环保部门 is no mention of 环保部 (the former ministry) followed by 门: 部门 is the head.
    A name that itself ends in a head (全国人大 in 全国人大常委会) is whole.

    Args:
        text: the text the name is in.
        start: where the name starts.
        end: where the name ends (exclusive).
    """
    if text.endswith(_LONG_HEADS, start, end):
        return False
    for head in _LONG_HEADS:
        for cut in range(1, len(head)):
            if text.startswith(head, end - cut) and end - cut >= start:
                return True
    return False


def _coordinated_levels(text: str, level_start: int, head: str) -> Iterator[AgencyName]:
    """市、有关区人民政府: a level coordinated before the one the head follows is a mention too."""
    start = _level_before(text, level_start)
    if start is not None:
        yield AgencyName(start, level_start - 1, text[start : level_start - 1] + head)


def _level_before(text: str, level_start: int) -> int | None:
    """Start of a level coordinated right before the one at `level_start` (市、|有关区), if any."""
    if level_start < 2 or text[level_start - 1] not in _COORDINATORS:
        return None
    return _level_ending(text, level_start - 1)


def _level_ending(text: str, end: int) -> int | None:
    """Start of the level that ends at `end`, its alternatives in brackets included: local
    regulations name a level by its kinds, 县(区), 县(市、区), 乡(镇), 县(自治县), each
    alternative ending in a level word."""
    if end < 4 or text[end - 1] != _CLOSE:
        return _word_ending(text, end, _LEVELS, _LEVEL_LENGTHS)
    opening = text.rfind(_OPEN, max(0, end - 2 - _MAX_ALTERNATIVES), end - 1)
    inner = text[opening + 1 : end - 1]
    if opening < 1 or not inner:
        return None
    for item in inner.split(_ALTERNATIVE):
        if _word_ending(item, len(item), _LEVELS, _LEVEL_LENGTHS) is None:
            return None
    return _word_ending(text, opening, _LEVELS, _LEVEL_LENGTHS)


def _word_ending(
    text: str, end: int, words: frozenset[str], lengths: Mapping[str, tuple[int, ...]]
) -> int | None:
    """Start of the longest word of `words` that ends at `end`; `lengths` is
    _lengths_by_last_char(words), so that only lengths a word could have are tried."""
    if end <= 0:
        return None
    for length in lengths.get(text[end - 1], ()):
        if length <= end and text[end - length : end] in words:
            return end - length
    return None


def _lengths_by_last_char(words: frozenset[str]) -> dict[str, tuple[int, ...]]:
    """Last character -> the lengths of the words ending in it, longest first."""
    lengths: dict[str, set[int]] = {}
    for word in words:
        if word:
            lengths.setdefault(word[-1], set()).add(len(word))
    return {ch: tuple(sorted(n, reverse=True)) for ch, n in lengths.items()}


_FUNCTION_LENGTHS = _lengths_by_last_char(_FUNCTIONS)
_LEVEL_LENGTHS = _lengths_by_last_char(_LEVELS)
