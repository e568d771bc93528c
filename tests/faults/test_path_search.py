"""Path search walks the stored graph within the hop limit and copies nothing.

Seen before: /graph/path built an undirected copy of the whole graph per request (13.4 s and
+340 MB on a 9,000-task graph). The answers stay those of networkx's all_shortest_paths on
that copy (the oracle here): the smallest shortest path by node ids.
"""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pytest

from policykg.errors import InvalidQuery
from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore


def _oracle(simple: nx.Graph, a: str, b: str, max_hops: int) -> tuple[str, ...] | None:
    try:
        paths = [tuple(p) for p in nx.all_shortest_paths(simple, a, b)]
    except nx.NetworkXNoPath:
        return None
    best = min(paths)
    return best if len(best) - 1 <= max_hops else None


@pytest.fixture(scope="module")
def store(source_data: GraphData) -> NetworkXStore:
    store = NetworkXStore(None)
    store.replace(source_data)
    return store


def test_paths_are_the_oracles_and_nothing_is_copied(
    store: NetworkXStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    mentioned = [
        e.id for e in store.search_entities("", None, limit=400).items if e.task_count > 0
    ][:24]
    pairs = list(itertools.combinations(mentioned, 2))
    simple = nx.Graph(store.graph)  # what the store did per request before
    expected = {(a, b, hops): _oracle(simple, a, b, hops) for a, b in pairs for hops in (2, 4)}
    assert any(expected.values()) and not all(expected.values())

    def no_copy(*args: Any, **kwargs: Any) -> None:  # counts as a failure, not a fault
        raise AssertionError("the graph was copied")

    monkeypatch.setattr(nx.Graph, "__init__", no_copy)
    for (a, b, hops), path in expected.items():
        if path is None:
            with pytest.raises(InvalidQuery, match=f"no path of at most {hops} hops"):
                store.shortest_path(a, b, hops)
        else:
            found = store.shortest_path(a, b, hops)
            assert tuple(n.id for n in found.nodes) == path
            assert len(found.steps) == len(path) - 1


def test_a_path_through_a_task_names_its_relations(store: NetworkXStore) -> None:
    found = store.shortest_path("黄河", "总氮", 4)
    assert [n.type for n in found.nodes] == [NodeType.REGION, NodeType.TASK, NodeType.POLLUTANT]
