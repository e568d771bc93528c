"""How many betweenness sources graph/centrality.py samples: bounded work on big graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from policykg.graph.centrality import (
    MIN_SOURCES,
    SAMPLE_ABOVE,
    SAMPLE_SOURCES,
    WORK_BUDGET,
    sample_size,
    scores,
)


def test_small_graphs_are_exact() -> None:
    assert sample_size(SAMPLE_ABOVE, 10 * SAMPLE_ABOVE) is None


@pytest.mark.parametrize("nodes, edges", [(4_109, 4_141), (20_000, 30_000), (118_341, 264_566)])
def test_the_sample_keeps_the_work_within_the_budget(nodes: int, edges: int) -> None:
    k = sample_size(nodes, edges)
    assert k is not None and MIN_SOURCES <= k <= SAMPLE_SOURCES
    assert k * (nodes + edges) <= WORK_BUDGET or k == MIN_SOURCES


def test_the_source_graph_size_keeps_the_full_sample() -> None:
    assert sample_size(4_109, 4_141) == SAMPLE_SOURCES  # answers on the article did not change


def test_the_floor_holds_for_huge_graphs() -> None:
    assert sample_size(10_000_000, 30_000_000) == MIN_SOURCES


def test_sampled_scores_are_repeatable_and_find_the_hub() -> None:
    """A star of stars: the centre lies on almost every shortest path, whatever the sample."""
    graph = nx.Graph()
    for arm in range(40):
        graph.add_edge("centre", f"hub{arm}")
        for leaf in range(30):
            graph.add_edge(f"hub{arm}", f"leaf{arm}-{leaf}")
    assert graph.number_of_nodes() > SAMPLE_ABOVE
    first, again = scores(graph, "betweenness"), scores(graph, "betweenness")
    assert first == again
    assert max(first, key=first.__getitem__) == "centre"
