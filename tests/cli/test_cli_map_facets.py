"""Touches and theme maps take the document facets, in viz.maps, `policykg map` and /maps."""

from __future__ import annotations

import re
from pathlib import Path

from cli_support import invoke

from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import DocumentFacets, TaskQuery
from policykg.graph.store import GraphStore
from policykg.viz import maps

LAWS = DocumentFacets(kinds=("law",))


def test_a_touches_map_shows_the_tasks_of_the_documents_kept(nx_corpus_store: GraphStore) -> None:
    every = maps.touches_map(nx_corpus_store, "黄河")
    laws = maps.touches_map(nx_corpus_store, "黄河", "narrower", LAWS)
    want = nx_corpus_store.tasks(TaskQuery(touches=("黄河",), facets=LAWS, limit=None)).items
    shown = {n.id for n in laws.data.nodes if n.type == NodeType.TASK}
    assert shown == {hit.id for hit in want}
    assert f"({len(want)})" in laws.title
    assert len(shown) < sum(n.type == NodeType.TASK for n in every.data.nodes)


def test_a_theme_map_keeps_the_themes_of_the_documents_kept(nx_corpus_store: GraphStore) -> None:
    national = DocumentFacets(levels=("national",))
    kept = {h.document.id for h in nx_corpus_store.documents(TaskQuery(facets=national)).items}
    theme = maps.theme_map(nx_corpus_store, 1, national)
    tasks = [n for n in theme.data.nodes if n.type == NodeType.TASK]
    assert tasks and all(str(n.props["document"]) in kept for n in tasks)
    everyone = maps.theme_map(nx_corpus_store, 1)
    assert len(tasks) < sum(n.type == NodeType.TASK for n in everyone.data.nodes)


def test_policykg_map_takes_the_facets(tmp_path: Path, corpus_data: GraphData) -> None:
    graph = tmp_path / "graph.json"
    NetworkXStore(graph).replace(corpus_data)
    run = invoke(graph, "map", "--touches", "黄河", "--kind", "law")
    assert run.code == 0, run.stderr
    store = NetworkXStore(graph)
    want = store.tasks(TaskQuery(touches=("黄河",), facets=LAWS, limit=None)).total
    assert re.search(rf"涉及黄河的任务 \({want}\)", run.stdout)
    refused = invoke(graph, "map", "--center", "黄河", "--kind", "law")
    assert refused.code == 2 and "--touches or --theme only" in refused.stderr
