"""Expectations computed from GraphData itself (mention edges and the PART_OF / IS_A hierarchy).

These are a second, plain implementation of "tasks touching X", written without the stores'
code: a breadth-first walk over the hierarchy edges the loaders produced. Tests compare the
stores with it, so an expectation never mirrors a store's own output.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass

from policykg.graph.model import HIERARCHY_RELS, MENTION_RELS, GraphData
from policykg.graph.results import MatchKind

Links = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Expected:
    """How one task must match a query: kind and the number of hierarchy hops of its path."""

    kind: MatchKind
    hops: int


def mentioned_by(data: GraphData) -> dict[str, set[str]]:
    """Entity id -> ids of the tasks with a mention edge to it."""
    out: dict[str, set[str]] = defaultdict(set)
    for e in data.edges:
        if e.type in MENTION_RELS:
            out[e.target].add(e.source)
    return out


def mentions_of(data: GraphData) -> dict[str, set[str]]:
    """Task id -> ids of the entities it names."""
    out: dict[str, set[str]] = defaultdict(set)
    for e in data.edges:
        if e.type in MENTION_RELS:
            out[e.source].add(e.target)
    return out


def hierarchy(data: GraphData) -> tuple[Links, Links]:
    """(parents, children): entity -> the entities one PART_OF / IS_A edge above / below it."""
    up: dict[str, set[str]] = defaultdict(set)
    down: dict[str, set[str]] = defaultdict(set)
    for e in data.edges:
        if e.type in HIERARCHY_RELS:
            up[e.source].add(e.target)
            down[e.target].add(e.source)
    return (
        {k: frozenset(v) for k, v in up.items()},
        {k: frozenset(v) for k, v in down.items()},
    )


def distances(start: str, links: Links) -> dict[str, int]:
    """Hops from `start` to every entity reachable over `links` (without `start`)."""
    seen = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(links.get(node, ())):
            if nxt not in seen:
                seen[nxt] = seen[node] + 1
                queue.append(nxt)
    del seen[start]
    return seen


def expected_matches(data: GraphData, entity: str, expand: str) -> dict[str, Expected]:
    """Task id -> the strongest match a query for `entity` must report (direct > narrower >
    broader, then the fewest hops)."""
    named = mentions_of(data)
    parents, children = hierarchy(data)
    walks: list[tuple[MatchKind, dict[str, int]]] = [(MatchKind.DIRECT, {entity: 0})]
    if expand in ("narrower", "both"):
        walks.append((MatchKind.NARROWER, distances(entity, children)))
    if expand in ("broader", "both"):
        walks.append((MatchKind.BROADER, distances(entity, parents)))
    out: dict[str, Expected] = {}
    for task, entities in named.items():
        for kind, walk in walks:
            hops = [walk[e] for e in entities if e in walk]
            if hops:
                out[task] = Expected(kind, min(hops))
                break
    return out
