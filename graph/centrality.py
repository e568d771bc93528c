"""Centrality over the whole graph, computed in networkx for either store.

Neo4j Community has no betweenness without the GDS plugin, so both stores hand their graph
here; above SAMPLE_ABOVE nodes betweenness is estimated from a fixed-seed sample of sources.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from graph.model import GraphData

SAMPLE_ABOVE = 5_000
SAMPLE_SOURCES = 500


def undirected(data: GraphData) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(sorted(n.id for n in data.nodes))
    graph.add_edges_from(sorted((e.source, e.target) for e in data.edges))
    return graph


def rank_nodes(data: GraphData, ids: Sequence[str], by: str) -> dict[str, float]:
    """Scores of `ids` by 'degree' (distinct neighbours) or 'betweenness' (normalised)."""
    graph = undirected(data)
    if by == "degree":
        return {n: float(graph.degree(n)) if n in graph else 0.0 for n in ids}
    if by == "betweenness":
        k = SAMPLE_SOURCES if graph.number_of_nodes() > SAMPLE_ABOVE else None
        scores = nx.betweenness_centrality(graph, k=k, seed=0 if k else None)
        return {n: round(float(scores.get(n, 0.0)), 12) for n in ids}
    raise ValueError(f"unknown ranking {by!r}")
