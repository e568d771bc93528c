"""A document set's part of the graph, on both stores over the eleven-document corpus graph:
rankings by degree and betweenness restricted to it, the ego walk kept out of the documents the
facets drop, and the faceted whole graph.

Expected answers are worked out from the graph's data with plain Python and networkx, not from
the query code (graph.queries.document_set).
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pytest

from policykg.graph.model import ENTITY_TYPES, STRUCTURE_TYPES, GraphData, NodeType
from policykg.graph.results import DocumentFacets, TaskQuery
from policykg.graph.store import GraphStore

ARTICLE = "doc:mee-2026-key-tasks"
LAWS = DocumentFacets(kinds=("law",))
THE_ARTICLE = DocumentFacets(documents=(ARTICLE,))


def _kept_documents(store: GraphStore, facets: DocumentFacets) -> set[str]:
    return {h.document.id for h in store.documents(TaskQuery(facets=facets, limit=None)).items}


def _owner(data: GraphData) -> dict[str, str]:
    """Outline node (theme, focus area, task) -> its document; a Document owns itself."""
    owner = {}
    for n in data.nodes:
        if n.type == NodeType.DOCUMENT:
            owner[n.id] = n.id
        elif n.type in STRUCTURE_TYPES:
            owner[n.id] = str(n.props["document"])
    return owner


def _part(data: GraphData, documents: set[str]) -> tuple[set[str], set[str], set[str]]:
    """(outline, tasks, named entities) of these documents, from the graph's nodes and edges."""
    types = {n.id: n.type for n in data.nodes}
    owner = _owner(data)
    outline = {n for n, d in owner.items() if d in documents}
    tasks = {n for n in outline if types[n] == NodeType.TASK}
    named = set()
    for e in data.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if a in tasks and types[b] in ENTITY_TYPES:
                named.add(b)
    return outline, tasks, named


def _simple_graph(data: GraphData, nodes: set[str]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(
        (e.source, e.target) for e in data.edges if e.source in nodes and e.target in nodes
    )
    return graph


@pytest.mark.parametrize("facets", [LAWS, THE_ARTICLE, DocumentFacets(levels=("provincial",))])
@pytest.mark.parametrize("node_type", [NodeType.REGION, NodeType.POLLUTANT, NodeType.AGENCY])
def test_rankings_by_degree_count_neighbours_within_the_documents_kept(
    corpus_store: GraphStore,
    corpus_data: GraphData,
    facets: DocumentFacets,
    node_type: NodeType,
) -> None:
    _, tasks, named = _part(corpus_data, _kept_documents(corpus_store, facets))
    graph = _simple_graph(corpus_data, tasks | named)
    want = {n: float(graph.degree(n)) for n in named if graph.nodes and n in graph}
    ranked = corpus_store.rankings(node_type, "degree", 10_000, facets)
    of_type = {n.id for n in corpus_data.nodes if n.type == node_type}
    assert {r.id for r in ranked} == of_type, "every entity of the type is ranked"
    assert {r.id: r.score for r in ranked if r.score} == {
        n: d for n, d in want.items() if n in of_type and d
    }
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)
    whole = {r.id: r.score for r in corpus_store.rankings(node_type, "degree", 10_000)}
    assert all(r.score <= whole[r.id] for r in ranked)
    assert any(r.score < whole[r.id] for r in ranked), "the facet must narrow"


def test_rankings_by_betweenness_are_of_the_documents_kept(
    corpus_store: GraphStore, corpus_data: GraphData
) -> None:
    _, tasks, named = _part(corpus_data, _kept_documents(corpus_store, THE_ARTICLE))
    graph = _simple_graph(corpus_data, tasks | named)
    assert graph.number_of_nodes() <= 1_000, "small enough for exact betweenness"
    exact = nx.betweenness_centrality(graph, normalized=True)
    ranked = corpus_store.rankings(NodeType.REGION, "betweenness", 10_000, THE_ARTICLE)
    got = {r.id: r.score for r in ranked}
    regions = [n for n in named if n.startswith("region:")]
    assert regions
    for region in regions:
        assert got[region] == pytest.approx(exact[region], abs=1e-9)
    assert all(score == 0.0 for n, score in got.items() if n not in named)
    assert max(got.values()) > 0


def test_rankings_by_degree_keeping_no_document_score_nothing(corpus_store: GraphStore) -> None:
    ranked = corpus_store.rankings(NodeType.REGION, "degree", 5, DocumentFacets(issuer="nobody"))
    assert len(ranked) == 5 and all(r.score == 0.0 for r in ranked)


@pytest.mark.parametrize("facets", [LAWS, THE_ARTICLE])
def test_the_ego_walk_passes_through_no_task_of_another_document(
    corpus_store: GraphStore, corpus_data: GraphData, facets: DocumentFacets
) -> None:
    kept = _kept_documents(corpus_store, facets)
    owner = _owner(corpus_data)
    dropped = {n for n, d in owner.items() if d not in kept}
    # the walk worked out by hand: a breadth-first search that never enters a dropped node
    links: dict[str, set[str]] = defaultdict(set)
    for e in corpus_data.edges:
        if e.source not in dropped and e.target not in dropped:
            links[e.source].add(e.target)
            links[e.target].add(e.source)
    reached = {"region:黄河"}
    frontier = {"region:黄河"}
    for _ in range(2):
        frontier = {m for n in frontier for m in links[n]} - reached
        reached |= frontier
    got = corpus_store.neighborhood("黄河", 2, (), 100_000, facets)
    assert {n.id for n in got.nodes} == reached
    tasks = {n.id for n in got.nodes if n.type == NodeType.TASK}
    assert tasks and all(owner[t] in kept for t in tasks)
    every = corpus_store.neighborhood("黄河", 2, (), 100_000)
    assert {n.id for n in got.nodes} < {n.id for n in every.nodes}


def test_the_graph_of_a_document_set(corpus_store: GraphStore, corpus_data: GraphData) -> None:
    kept = _kept_documents(corpus_store, LAWS)
    outline, _, named = _part(corpus_data, kept)
    got = corpus_store.document_set_graph(LAWS)
    assert {n.id for n in got.nodes} == outline | named
    assert {n.id for n in got.nodes if n.type == NodeType.DOCUMENT} == kept
    nodes = outline | named
    want = {(e.source, e.type, e.target, e.key) for e in corpus_data.edges}
    want = {w for w in want if w[0] in nodes and w[2] in nodes}
    assert {(e.source, e.type, e.target, e.key) for e in got.edges} == want
    assert corpus_store.document_set_graph(DocumentFacets(kinds=("none",))).nodes == ()
    assert len(corpus_store.document_set_graph(DocumentFacets()).nodes) == len(corpus_data.nodes)
