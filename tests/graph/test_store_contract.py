"""The GraphStore contract: each case runs on every store (networkx, and Neo4j when marked).

The source graph is the 2026 key-task article; answers are checked against the document text
itself (which sentences say 黄河), not against numbers copied from a run.
"""

from __future__ import annotations

import re

import pytest

from graph.model import NodeType, Rel
from graph.results import MatchKind, TaskQuery
from graph.store import GraphStore
from policykg.errors import EntityNotFound, InvalidQuery, NodeNotFound


def task_ids(store: GraphStore, **query: object) -> list[str]:
    return [hit.id for hit in store.tasks(TaskQuery(**query)).items]  # type: ignore[arg-type]


def texts_containing(store: GraphStore, *needles: str) -> set[str]:
    return {h.id for h in store.tasks(TaskQuery()).items if any(n in h.text for n in needles)}


def test_structure_counts(source_store: GraphStore) -> None:
    stats = source_store.stats()
    assert stats.nodes["Document"] == 1
    assert stats.nodes["Theme"] == 7
    assert stats.nodes["FocusArea"] == 25
    assert stats.edges["HAS_TASK"] == stats.nodes["Task"]
    tree = source_store.theme_tree()
    assert [t.ordinal for t in tree[0].themes] == [str(i) for i in range(1, 8)]
    assert sum(len(t.areas) for t in tree[0].themes) == 25
    assert tree[0].task_count == stats.nodes["Task"]


@pytest.mark.parametrize("name", ["黄河", "Yellow River", "yellow river", "黄河流域", "region:黄河"])
def test_resolve_by_name_english_alias_and_id(source_store: GraphStore, name: str) -> None:
    assert source_store.resolve(name).id == "region:黄河"


def test_unknown_name_suggests_close_ones(source_store: GraphStore) -> None:
    with pytest.raises(EntityNotFound) as info:
        source_store.resolve("黄河口流域x")
    assert "黄河" in info.value.suggestions or "黄河中下游" in info.value.suggestions


def test_empty_name_is_invalid(source_store: GraphStore) -> None:
    with pytest.raises(InvalidQuery):
        source_store.resolve("  ")


def test_tasks_touching_huanghe_are_the_sentences_naming_it(source_store: GraphStore) -> None:
    hits = source_store.tasks(TaskQuery(touches=("黄河",))).items
    assert {h.id for h in hits} == texts_containing(source_store, "黄河")
    assert hits, "the document names 黄河"
    english = task_ids(source_store, touches=("Yellow River",))
    assert english == [h.id for h in hits]


def test_narrower_match_reports_its_path(source_store: GraphStore) -> None:
    hits = source_store.tasks(TaskQuery(touches=("黄河",))).items
    lower = [h for h in hits if "黄河中下游" in h.text]
    assert lower
    for hit in lower:
        kinds = {m.kind for m in hit.matches}
        # the sentence also names 黄河 itself, so the strongest match is direct
        assert hit.match == (MatchKind.DIRECT if re.search("黄河(?!中下游)", hit.text) else MatchKind.NARROWER)
        assert kinds


def test_expand_none_keeps_only_direct(source_store: GraphStore) -> None:
    hits = source_store.tasks(TaskQuery(touches=("黄河",), expand="none")).items
    assert hits and all(h.match == MatchKind.DIRECT for h in hits)


def test_broader_includes_the_groups_a_province_belongs_to(source_store: GraphStore) -> None:
    hits = source_store.tasks(TaskQuery(touches=("河北",), expand="both")).items
    jjj = texts_containing(source_store, "京津冀")
    assert jjj <= {h.id for h in hits}
    for hit in hits:
        if hit.id in jjj and "河北" not in hit.text:
            assert hit.match == MatchKind.BROADER
            assert hit.matches[0].via[0] == "region:130000"
    without = task_ids(source_store, touches=("河北",))
    assert not set(without) & jjj


def test_match_all_is_the_intersection(source_store: GraphStore) -> None:
    both = set(task_ids(source_store, touches=("长江", "总氮"), match="all"))
    either = set(task_ids(source_store, touches=("长江", "总氮"), match="any"))
    assert both == set(task_ids(source_store, touches=("长江",))) & set(
        task_ids(source_store, touches=("总氮",))
    )
    assert both < either


def test_filters_and_paging(source_store: GraphStore) -> None:
    theme2 = source_store.tasks(TaskQuery(theme=2))
    assert theme2.total > 0 and all(h.ordinal.startswith("2.") for h in theme2.items)
    area = source_store.tasks(TaskQuery(area="2.1"))
    assert all(h.ordinal.startswith("2.1.") for h in area.items)
    everything = task_ids(source_store)
    assert task_ids(source_store, limit=5, offset=3) == everything[3:8]
    assert source_store.tasks(TaskQuery(text="总氮")).total == len(texts_containing(source_store, "总氮"))
    rule = source_store.tasks(TaskQuery(action_type="rule-making")).items
    assert rule and all(h.action_type == "rule-making" for h in rule)


def test_every_mention_slices_back_to_its_surface(source_store: GraphStore) -> None:
    doc = source_store.get_node("doc:mee-2026-key-tasks")
    text = str(doc.props["text"])
    for hit in source_store.tasks(TaskQuery()).items:
        assert text[hit.start : hit.end] == hit.text
        for m in hit.mentions:
            assert text[m.start : m.end] == m.surface


def test_instrument_edges_follow_the_verb(source_store: GraphStore) -> None:
    detail = source_store.entity_detail("碳排放权交易管理办法")
    assert detail.counts.get(Rel.REVISES.value) == 1


def test_task_detail_breadcrumb(source_store: GraphStore) -> None:
    first = source_store.tasks(TaskQuery(limit=1)).items[0]
    detail = source_store.task_detail(first.id)
    assert [b.type for b in detail.breadcrumb] == [NodeType.DOCUMENT, NodeType.THEME, NodeType.FOCUS_AREA]
    with pytest.raises(NodeNotFound):
        source_store.task_detail("task:nope:1.1.1")


def test_entity_detail_hierarchy(source_store: GraphStore) -> None:
    hebei = source_store.entity_detail("河北")
    assert "region:京津冀" in {p.id for p in hebei.parents}
    huanghe = source_store.entity_detail("黄河")
    assert "region:黄河中下游" in {c.id for c in huanghe.children}
    assert huanghe.task_count == len(source_store.tasks(TaskQuery(touches=("黄河",), expand="none")).items)


def test_search_ranks_exact_first(source_store: GraphStore) -> None:
    page = source_store.search_entities("黄河")
    assert page.items[0].id == "region:黄河"
    assert {h.id for h in page.items} >= {"region:黄河", "region:黄河中下游"}
    regions = source_store.search_entities("", NodeType.REGION, limit=5)
    counts = [h.task_count for h in regions.items]
    assert counts == sorted(counts, reverse=True)


def test_neighborhood_and_path(source_store: GraphStore) -> None:
    ego = source_store.neighborhood("黄河", depth=1)
    ids = {n.id for n in ego.nodes}
    assert "region:黄河" in ids
    assert texts_containing(source_store, "黄河流域", "黄河大保护") <= ids | texts_containing(
        source_store, "黄河中下游"
    )
    assert not ego.dangling_edges()
    capped = source_store.neighborhood("黄河", depth=2, limit=5)
    assert len(capped.nodes) == 5
    path = source_store.shortest_path("总氮", "长江")
    assert path.nodes[0].id == "pollutant:总氮" and path.nodes[-1].id == "region:长江"
    assert len(path.steps) == len(path.nodes) - 1 == 2
    assert path.nodes[1].type == NodeType.TASK


def test_cooccurrence_cells_are_backed_by_tasks(source_store: GraphStore) -> None:
    cells = source_store.cooccurrence(NodeType.REGION, NodeType.POLLUTANT)
    assert cells
    for cell in cells[:10]:
        for task in cell.task_ids:
            mentioned = {m.entity_id for m in source_store.task_detail(task).hit.mentions}
            assert {cell.row.id, cell.col.id} <= mentioned


@pytest.mark.parametrize("by", ["tasks", "degree", "betweenness"])
def test_rankings_are_sorted(source_store: GraphStore, by: str) -> None:
    ranked = source_store.rankings(NodeType.REGION, by, limit=10)  # type: ignore[arg-type]
    scores = [r.score for r in ranked]
    assert len(ranked) == 10 and scores == sorted(scores, reverse=True)
