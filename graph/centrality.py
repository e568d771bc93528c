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

Betweenness is networkx's own computation (Brandes: one breadth-first search and one
accumulation per source) driven source by source here, so that a request's budget
(policykg.budget) can stop it between sources; the scores are networkx's to the last bit.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence

import networkx as nx
from networkx.algorithms.centrality import betweenness as _brandes

from policykg.budget import check
from policykg.graph.model import GraphData

__all__ = [
    "MIN_SOURCES",
    "SAMPLE_ABOVE",
    "SAMPLE_SOURCES",
    "SEED",
    "WORK_BUDGET",
    "CentralityMemo",
    "betweenness",
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
    """The graph as a simple undirected networkx graph (for centrality).

    Args:
        data: nodes and edges.

    Returns:
        One undirected edge per pair of linked nodes.
    """
    return undirected_from((n.id for n in data.nodes), ((e.source, e.target) for e in data.edges))


def undirected_from(nodes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> nx.Graph:
    """The simple undirected graph, nodes and edges inserted in sorted order (the sample
    of betweenness sources depends on the node order).

    Args:
        nodes: every node id, those without edges included.
        pairs: (node id, node id) of each edge, direction ignored.
    """
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from(sorted(pairs))
    return graph


def scores(graph: nx.Graph, by: str) -> dict[str, float]:
    """Every node's score by 'degree' (distinct neighbours) or 'betweenness' (normalised).

    Args:
        graph: the graph to score.
        by: 'degree' or 'betweenness'; anything else raises ValueError.
    """
    if by == "degree":
        return {n: float(d) for n, d in graph.degree()}
    if by == "betweenness":
        k = sample_size(graph.number_of_nodes(), graph.number_of_edges())
        return {n: round(float(v), 12) for n, v in betweenness(graph, k).items()}
    raise ValueError(f"unknown ranking {by!r}")


def betweenness(graph: nx.Graph, k: int | None) -> dict[str, float]:
    """nx.betweenness_centrality(graph, k=k, seed=SEED), normalised, with check() per source.

    Args:
        graph: the graph to score.
        k: how many source nodes to sample (a seeded sample); None for every node.

    >>> betweenness(nx.path_graph(["a", "b", "c"]), None)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    if k == len(graph):
        k = None  # as networkx: every node a source
    # networkx draws its sample with random.Random(seed).sample over the node list
    sources = list(graph) if k is None else random.Random(SEED).sample(list(graph), k)
    found = dict.fromkeys(graph, 0.0)
    for source in sources:
        check()
        order, preds, sigma, _ = _brandes._single_source_shortest_path_basic(graph, source)
        found, _ = _brandes._accumulate_basic(found, order, preds, sigma, source)
    rescaled: dict[str, float] = _brandes._rescale(
        found,
        len(graph),
        normalized=True,
        directed=graph.is_directed(),
        endpoints=False,
        sampled_nodes=None if k is None else sources,
    )
    return rescaled


def sample_size(nodes: int, edges: int) -> int | None:
    """How many betweenness sources to sample; None: exact (every node a source).

    Args:
        nodes: the graph's number of nodes.
        edges: the graph's number of edges.
    """
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
        """Scores of `ids` by 'degree' or 'betweenness'; 0 for ids not in the graph.

        Args:
            version: the graph's version; scores computed for another version are dropped.
            graph: builds the undirected graph to score, called only when the scores are not kept.
            ids: the node ids whose scores are wanted.
            by: 'degree' or 'betweenness'.
        """
        # waiting for another request's computation counts against this request's budget too
        while not self._lock.acquire(timeout=0.05):
            check()
        try:
            if version != self._version:
                self._version, self._scores = version, {}
            if by not in self._scores:
                self._scores[by] = scores(graph(), by)
            found = self._scores[by]
        finally:
            self._lock.release()
        return {n: found.get(n, 0.0) for n in ids}
