"""How many betweenness sources graph/centrality.py samples: bounded work on big graphs; and
the computation, driven source by source, stops when its request's budget is spent."""

from __future__ import annotations

import math
import threading

import networkx as nx
import pytest

from policykg.budget import deadline
from policykg.errors import BudgetExceeded
from policykg.graph.centrality import (
    MIN_SOURCES,
    SAMPLE_ABOVE,
    SAMPLE_SOURCES,
    SEED,
    WORK_BUDGET,
    CentralityMemo,
    betweenness,
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


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("k", [None, 1, 40, 299, 300])
def test_betweenness_is_networkx_s_to_the_last_bit(seed: int, k: int | None) -> None:
    graph = nx.relabel_nodes(nx.gnm_random_graph(300, 700, seed=seed), lambda n: f"n{n}")
    expected = nx.betweenness_centrality(graph, k=k, seed=SEED if k else None)
    found = betweenness(graph, k)
    if k == 1:  # networkx scores its one source NaN (0/0); NaN is not equal to itself
        assert found.keys() == expected.keys()
        assert all(
            found[n] == v or (math.isnan(found[n]) and math.isnan(v)) for n, v in expected.items()
        )
    else:
        assert found == expected


def test_betweenness_stops_when_its_budget_is_spent() -> None:
    graph = nx.path_graph([f"n{i}" for i in range(50)])
    with deadline(0.0), pytest.raises(BudgetExceeded):
        betweenness(graph, None)
    with deadline(3600.0) as limit, pytest.raises(BudgetExceeded, match="client went away"):
        limit.cancel()
        scores(graph, "betweenness")


def test_waiting_for_another_request_s_computation_keeps_to_the_budget() -> None:
    """A second request does not wait on the lock for ever while the first computes."""
    memo = CentralityMemo()
    computing, release = threading.Event(), threading.Event()

    def slow_graph() -> nx.Graph:
        computing.set()
        release.wait(60)
        return nx.path_graph(["a", "b", "c"])

    first = threading.Thread(target=memo.rank, args=(1, slow_graph, ["b"], "betweenness"))
    first.start()
    try:
        assert computing.wait(60)
        with deadline(0.2), pytest.raises(BudgetExceeded):
            memo.rank(1, slow_graph, ["b"], "betweenness")
    finally:
        release.set()
        first.join(60)
    assert memo.rank(1, slow_graph, ["b"], "betweenness") == {"b": 1.0}
