"""Name resolution rules shared by both stores, so that both answer alike.

A query names an entity by id, Chinese name, English name or alias. Comparison is on
`fold(s)`: lower-cased and stripped (Cypher's toLower gives the same for our names).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["NameRow", "fold", "natural_key", "resolution_tiers", "suggestions"]


_EXACT, _PREFIX, _SUBSTRING = 0, 1, 2


def fold(text: str) -> str:
    """A name as lookups compare it: trimmed and lower-cased.

    Args:
        text: a name or query.

    Returns:
        The folded text.
    """
    return text.strip().lower()


@dataclass(frozen=True)
class NameRow:
    """The names of one entity, as both stores can list them."""

    id: str
    name: str
    name_en: str
    type: str
    aliases: tuple[str, ...]
    task_count: int = 0
    kind: str = ""

    def tier_of(self, query: str) -> int | None:
        """How an already folded query matches this entity's names: exact, prefix, substring.

        Args:
            query: a query already folded (fold).
        """
        names = [fold(self.name), fold(self.name_en), *(fold(a) for a in self.aliases)]
        if query in names:
            return _EXACT
        if any(n.startswith(query) for n in names):
            return _PREFIX
        if any(query in n for n in names):
            return _SUBSTRING
        return None


def resolution_tiers(query: str, rows: Iterable[NameRow]) -> list[list[NameRow]]:
    """Candidates in precedence order: [by name, by English name, by alias].

    Args:
        query: the name asked for, as typed (it is folded here).
        rows: the candidate entities.
    """
    q = fold(query)
    tiers: list[list[NameRow]] = [[], [], []]
    for row in rows:
        if fold(row.name) == q:
            tiers[0].append(row)
        elif fold(row.name_en) == q:
            tiers[1].append(row)
        elif q in (fold(a) for a in row.aliases):
            tiers[2].append(row)
    return tiers


def suggestions(query: str, rows: Sequence[NameRow], n: int = 5) -> list[str]:
    """Close names for a query that matched nothing: containment first, then similarity.

    Args:
        query: the name that matched nothing, as typed.
        rows: the entities whose names may be suggested.
        n: the most suggestions to give.
    """
    q = fold(query)
    if not q:
        return []
    names = sorted({r.name for r in rows} | {r.name_en for r in rows if r.name_en})
    contained = [name for name in names if q in fold(name) or fold(name) in q]
    contained.sort(key=lambda name: (abs(len(name) - len(query)), name))
    close = difflib.get_close_matches(query, names, n=n, cutoff=0.5)
    out: list[str] = []
    for name in [*contained, *close]:
        if name not in out:
            out.append(name)
    return out[:n]


def natural_key(ordinal: str) -> tuple[int, ...]:
    """'2.10.3' sorts after '2.9.1'.

    Args:
        ordinal: a dotted ordinal such as '2.10.3'.
    """
    return tuple(int(part) for part in ordinal.split(".") if part.isdigit())
