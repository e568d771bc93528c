"""Every map takes the document facets, in viz.maps, `policykg map` and /maps: touches and
theme maps keep the tasks of the documents kept, ego and whole maps their part of the graph."""

from __future__ import annotations

import re
from pathlib import Path

from cli_support import invoke

from policykg.graph.model import ENTITY_TYPES, GraphData, NodeType
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
    ego = invoke(graph, "map", "--center", "黄河", "--depth", "2", "--kind", "law")
    assert ego.code == 0, ego.stderr
    assert ego.stdout.strip() == maps.page(maps.ego_map(store, "黄河", 2, facets=LAWS)).strip()
    whole = invoke(graph, "map", "--all", "--kind", "law")
    assert whole.code == 0, whole.stderr
    assert whole.stdout.strip() == maps.page(maps.whole_map(store, LAWS)).strip()


def test_an_ego_map_walks_through_the_tasks_of_the_documents_kept(
    nx_corpus_store: GraphStore,
) -> None:
    laws = {h.document.id for h in nx_corpus_store.documents(TaskQuery(facets=LAWS)).items}
    faceted = maps.ego_map(nx_corpus_store, "黄河", 2, facets=LAWS)
    every = maps.ego_map(nx_corpus_store, "黄河", 2)
    kept, all_of_them = _owners(faceted), _owners(every)
    assert kept and set(kept.values()) <= laws
    assert set(all_of_them.values()) - laws, "without facets, other documents' tasks show"
    assert set(kept) < set(all_of_them)


def _owners(spec: maps.MapSpec) -> dict[str, str]:
    """Task id -> its document, for the tasks a map shows."""
    return {n.id: str(n.props["document"]) for n in spec.data.nodes if n.type == NodeType.TASK}


def test_a_whole_map_shows_the_documents_kept(nx_corpus_store: GraphStore) -> None:
    national = DocumentFacets(levels=("national",))
    kept = {h.document.id for h in nx_corpus_store.documents(TaskQuery(facets=national)).items}
    spec = maps.whole_map(nx_corpus_store, national)
    docs = {n.id for n in spec.data.nodes if n.type == NodeType.DOCUMENT}
    assert docs == kept
    want = nx_corpus_store.tasks(TaskQuery(facets=national, limit=None)).items
    assert set(_owners(spec)) == {hit.id for hit in want}
    named = {m.id for hit in want for m in hit.entities}
    assert {n.id for n in spec.data.nodes if n.type in ENTITY_TYPES} == named
    assert f"the graph of {len(kept)} document(s)" in spec.title
