"""Pure helpers that turn raw rows into results the same way for every store."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from policykg.graph.model import Edge, NodeType
from policykg.graph.results import MATCH_RANK, Match, MatchKind, Mention, NodeRef, PathStep


def best_paths(paths: Iterable[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """For each path's last node keep the shortest path, ties broken by the smaller id sequence."""
    best: dict[str, tuple[str, ...]] = {}
    for path in paths:
        end = path[-1]
        current = best.get(end)
        if current is None or (len(path), path) < (len(current), current):
            best[end] = path
    return best


def better(a: Match, b: Match | None) -> bool:
    """Whether match `a` beats `b`: stronger kind, then shorter path, then smaller ids."""
    if b is None:
        return True
    return (MATCH_RANK[a.kind], len(a.via), a.via) < (MATCH_RANK[b.kind], len(b.via), b.via)


def matches_for_term(
    query_id: str,
    mentioned_by: Mapping[str, Iterable[str]],
    narrower: Mapping[str, tuple[str, ...]],
    broader: Mapping[str, tuple[str, ...]],
) -> dict[str, Match]:
    """task id -> best Match for one queried entity.

    `mentioned_by[e]` lists the tasks that name entity e; `narrower`/`broader` map each
    entity below/above the queried one to its path from the queried one.
    """
    found: dict[str, Match] = {}

    def offer(task: str, match: Match) -> None:
        if better(match, found.get(task)):
            found[task] = match

    for task in mentioned_by.get(query_id, ()):
        offer(task, Match(query_id, MatchKind.DIRECT, (query_id,)))
    for kind, walk in ((MatchKind.NARROWER, narrower), (MatchKind.BROADER, broader)):
        for entity, path in walk.items():
            for task in mentioned_by.get(entity, ()):
                offer(task, Match(query_id, kind, path))
    return found


def combine(per_term: list[dict[str, Match]], mode: str) -> dict[str, tuple[Match, ...]]:
    """Join the matches of several terms: `any` keeps tasks matching one, `all` those matching each."""
    if not per_term:
        return {}
    keys = set(per_term[0]).intersection(*per_term[1:]) if mode == "all" else set().union(*per_term)
    return {k: tuple(term[k] for term in per_term if k in term) for k in keys}


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
