"""Pure helpers that turn raw rows into results the same way for every store."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from policykg.graph.model import Edge, NodeType
from policykg.graph.results import MATCH_RANK, Match, Mention, NodeRef, PathStep

__all__ = [
    "better",
    "node_ref",
    "path_steps",
    "sort_mentions",
]


def better(a: Match, b: Match | None) -> bool:
    """Whether match `a` beats `b`: stronger kind, then shorter path, then smaller ids."""
    if b is None:
        return True
    return (MATCH_RANK[a.kind], len(a.via), a.via) < (MATCH_RANK[b.kind], len(b.via), b.via)


def sort_mentions(mentions: Iterable[Mention]) -> tuple[Mention, ...]:
    return tuple(sorted(mentions, key=lambda m: (m.start, m.end, m.entity_id, m.rel)))


def node_ref(node_id: str, name: str, node_type: str) -> NodeRef:
    return NodeRef(node_id, name, NodeType(node_type))


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
