"""`policykg cooccurrence` and `policykg rankings` with document facets, over the corpus graph
of eleven documents: the CLI answers what the query layer answers, and the facets restrict."""

from __future__ import annotations

from pathlib import Path

from cli_support import invoke

from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import DocumentFacets
from policykg.graph.store import GraphStore
from policykg.present import to_json


def _graph_file(tmp_path: Path, data: GraphData) -> Path:
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(data)
    return path


def test_cooccurrence_takes_the_facets(
    tmp_path: Path, corpus_data: GraphData, nx_corpus_store: GraphStore
) -> None:
    graph = _graph_file(tmp_path, corpus_data)
    laws = invoke(graph, "cooccurrence", "--kind", "law", "--limit", "500", "--json")
    assert laws.code == 0, laws.stderr
    every = invoke(graph, "cooccurrence", "--limit", "500", "--json").json()
    cells = nx_corpus_store.cooccurrence(
        NodeType.REGION, NodeType.POLLUTANT, DocumentFacets(kinds=("law",))
    )
    assert laws.json()["cells"] == to_json(list(cells))
    assert 0 < laws.json()["total"] < every["total"]


def test_rankings_take_the_facets(
    tmp_path: Path, corpus_data: GraphData, nx_corpus_store: GraphStore
) -> None:
    graph = _graph_file(tmp_path, corpus_data)
    run = invoke(graph, "rankings", "--type", "Region", "--level", "national", "--json")
    assert run.code == 0, run.stderr
    national = DocumentFacets(levels=("national",))
    want = nx_corpus_store.rankings(NodeType.REGION, "tasks", 20, national)
    assert run.json()["items"] == to_json(list(want))
    assert want != nx_corpus_store.rankings(NodeType.REGION, "tasks", 20)
    laws = DocumentFacets(kinds=("law",))
    by_degree = invoke(graph, "rankings", "--by", "degree", "--kind", "law", "--json")
    assert by_degree.code == 0, by_degree.stderr
    want = nx_corpus_store.rankings(NodeType.REGION, "degree", 20, laws)
    assert by_degree.json()["items"] == to_json(list(want))
    assert want != nx_corpus_store.rankings(NodeType.REGION, "degree", 20)
