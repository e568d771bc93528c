"""Pure helpers that turn raw rows into results the same way for every store."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from policykg.graph.model import Edge
from policykg.graph.results import MATCH_RANK, Match, Mention, PathStep

__all__ = [
    "better",
    "path_steps",
    "sort_mentions",
]


def better(a: Match, b: Match | None) -> bool:
    """Whether match `a` beats `b`: stronger kind, then shorter path, then smaller ids."""
    if b is None:
        return True
    return (MATCH_RANK[a.match], len(a.via), a.via) < (MATCH_RANK[b.match], len(b.via), b.via)


def sort_mentions(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    """Mentions in document order: by span, then entity id and relation.

    Args:
        mentions: the mentions of one task.

    Returns:
        The mentions, sorted.
    """
    return tuple(sorted(mentions, key=lambda m: (m.span, m.id, m.rel)))


def path_steps(path: tuple[str, ...], edges: Iterable[Edge]) -> tuple[PathStep, ...]:
    """The edge behind each hop of an undirected path: the smallest (relation, source, target)."""
    between: dict[frozenset[str], list[tuple[str, str, str]]] = {}
    for e in edges:
        between.setdefault(frozenset((e.source, e.target)), []).append(
            (e.type.value, e.source, e.target)
        )
    steps = []
    for x, y in itertools.pairwise(path):
        rel, s, t = min(between[frozenset((x, y))])
        steps.append(PathStep(s, rel, t))
    return tuple(steps)
