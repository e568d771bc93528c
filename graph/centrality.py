"""Centrality over the whole graph, computed in networkx for either store.

Neo4j Community has no betweenness without the GDS plugin, so both stores hand their graph
here. Above SAMPLE_ABOVE nodes betweenness is estimated from a sample of sources drawn with a
fixed seed from the sorted node ids, so every store gets the same sample and the same scores
(exact betweenness of the 4,000-node source graph took ~35 s; 200 sources take ~1 s). One
source costs a breadth-first search of the whole graph, so the sample shrinks as the graph
grows to keep the work near WORK_BUDGET node+edge visits: 200 sources up to ~10,000 nodes and
edges, 5 at 100,000 tasks (~6 s instead of ~245 s; a rougher estimate, the price of an answer).
A store that knows when its graph changes keeps a `CentralityMemo` and pays that once per
graph version.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Sequence

import networkx as nx

from policykg.graph.model import GraphData

__all__ = [
    "MIN_SOURCES",
    "SAMPLE_ABOVE",
    "SAMPLE_SOURCES",
    "SEED",
    "WORK_BUDGET",
    "CentralityMemo",
    "sample_size",
    "scores",
    "undirected",
    "undirected_from",
]


SAMPLE_ABOVE = 1_000
SAMPLE_SOURCES = 200
MIN_SOURCES = 5
WORK_BUDGET = 2_000_000  # node + edge visits, over all sampled sources
SEED = 0


def undirected(data: GraphData) -> nx.Graph:
    return undirected_from((n.id for n in data.nodes), ((e.source, e.target) for e in data.edges))


def undirected_from(nodes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> nx.Graph:
    """The simple undirected graph, nodes and edges inserted in sorted order (the sample
    of betweenness sources depends on the node order)."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from(sorted(pairs))
    return graph


def scores(graph: nx.Graph, by: str) -> dict[str, float]:
    """Every node's score by 'degree' (distinct neighbours) or 'betweenness' (normalised)."""
    if by == "degree":
        return {n: float(d) for n, d in graph.degree()}
    if by == "betweenness":
        k = sample_size(graph.number_of_nodes(), graph.number_of_edges())
        raw = nx.betweenness_centrality(graph, k=k, seed=SEED if k else None)
        return {n: round(float(v), 12) for n, v in raw.items()}
    raise ValueError(f"unknown ranking {by!r}")


def sample_size(nodes: int, edges: int) -> int | None:
    """How many betweenness sources to sample; None: exact (every node a source)."""
    if nodes <= SAMPLE_ABOVE:
        return None
    return max(MIN_SOURCES, min(SAMPLE_SOURCES, WORK_BUDGET // (nodes + edges), nodes))


class CentralityMemo:
    """Scores per graph version: computed on first ask, kept until the version changes.

    `graph` is called only on a miss. One computation at a time, so that concurrent first
    requests for a costly ranking wait for it instead of each starting their own.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: Hashable = None
        self._scores: dict[str, dict[str, float]] = {}

    def rank(
        self, version: Hashable, graph: Callable[[], nx.Graph], ids: Sequence[str], by: str
    ) -> dict[str, float]:
        """Scores of `ids` by 'degree' or 'betweenness'; 0 for ids not in the graph."""
        with self._lock:
            if version != self._version:
                self._version, self._scores = version, {}
            if by not in self._scores:
                self._scores[by] = scores(graph(), by)
            found = self._scores[by]
        return {n: found.get(n, 0.0) for n in ids}
