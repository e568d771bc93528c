"""The GraphStore contract: each case runs on every store (networkx, and Neo4j when marked).

The source graph is the 2026 key-task article. Expectations come from the article itself (its
paragraphs, its sentences) or from the graph the loaders built (mention edges, the PART_OF /
IS_A hierarchy; tests/graph/graph_support.py), never from numbers copied from a run.
"""

from __future__ import annotations

import unicodedata

import pytest
from graph_support import Expected, expected_matches, hierarchy, mentioned_by

from policykg.errors import EntityNotFound, InvalidQuery, NodeNotFound
from policykg.graph.model import GraphData, NodeType, Rel
from policykg.graph.results import MatchKind, TaskQuery
from policykg.graph.store import GraphStore
from policykg.settings import PACKAGE_DATA

ARTICLE = PACKAGE_DATA / "corpus" / "mee-2026-key-tasks.txt"
DOC = "doc:mee-2026-key-tasks"

#: Focus areas under each of the 7 themes, counted by hand in the article: one paragraph per
#: area (DESIGN.md's "25 paragraphs" is wrong: the real text has 21).
AREAS_PER_THEME = [2, 6, 3, 2, 2, 2, 4]


def task_ids(store: GraphStore, **query: object) -> list[str]:
    return [hit.id for hit in store.tasks(TaskQuery(**query)).items]  # type: ignore[arg-type]


def texts_containing(store: GraphStore, *needles: str) -> set[str]:
    return {h.id for h in store.tasks(TaskQuery()).items if any(n in h.text for n in needles)}


def test_structure_counts(source_store: GraphStore) -> None:
    stats = source_store.stats()
    assert stats.nodes["Document"] == 1
    assert stats.nodes["Theme"] == 7
    assert stats.nodes["FocusArea"] == sum(AREAS_PER_THEME) == 21
    assert stats.edges["HAS_TASK"] == stats.nodes["Task"]
    tree = source_store.theme_tree()
    assert [t.ordinal for t in tree[0].themes] == [str(i) for i in range(1, 8)]
    assert [len(t.areas) for t in tree[0].themes] == AREAS_PER_THEME
    assert tree[0].task_count == stats.nodes["Task"]


def test_every_focus_area_heads_a_paragraph_of_the_article(source_store: GraphStore) -> None:
    lines = unicodedata.normalize("NFKC", ARTICLE.read_text(encoding="utf-8")).splitlines()
    heads = {line.strip().split("。")[0] for line in lines if "。" in line}
    areas = [a for t in source_store.theme_tree()[0].themes for a in t.areas]
    assert {a.title for a in areas} <= heads
    assert len({a.title for a in areas}) == len(areas)


@pytest.mark.parametrize(
    "name", ["黄河", "Yellow River", "yellow river", "黄河流域", "region:黄河"]
)
def test_resolve_by_name_english_alias_and_id(source_store: GraphStore, name: str) -> None:
    assert source_store.resolve(name).id == "region:黄河"


def test_unknown_name_suggests_close_ones(source_store: GraphStore) -> None:
    with pytest.raises(EntityNotFound) as info:
        source_store.resolve("黄河口流域x")
    assert "黄河" in info.value.suggestions or "黄河中下游" in info.value.suggestions


def test_empty_name_is_invalid(source_store: GraphStore) -> None:
    with pytest.raises(InvalidQuery):
        source_store.resolve("  ")


def check_touches(store: GraphStore, data: GraphData, name: str, expand: str) -> dict[str, str]:
    """The store's hits for `name` are those the graph implies, each with a sound path.

    Returns task id -> match kind, for the caller's own assertions.
    """
    entity = store.resolve(name).id
    hits = store.tasks(TaskQuery(touches=(name,), expand=expand)).items  # type: ignore[arg-type]
    want = expected_matches(data, entity, expand)
    got = {h.id: Expected(h.match, len(h.matches[0].via) - 1) for h in hits}  # type: ignore[arg-type]
    assert got == want
    order = task_ids(store)
    assert [h.id for h in hits] == [t for t in order if t in want], "document order"
    parents, children = hierarchy(data)
    text = str(store.get_node(DOC).props["text"])
    for hit in hits:
        (match,) = hit.matches
        assert match.query == entity and match.via[0] == entity
        links = children if match.match == MatchKind.NARROWER else parents
        for a, b in zip(match.via, match.via[1:], strict=False):
            assert b in links.get(a, ()), f"{a} -> {b} is no hierarchy edge"
        named = [m for m in hit.entities if m.id == match.via[-1]]
        assert named, f"{hit.id} does not name {match.via[-1]}"
        assert all(text[slice(*m.span)] == m.surface for m in named)
    return {h.id: str(h.match) for h in hits}


@pytest.mark.parametrize(
    ("name", "expand"),
    [
        ("黄河", "narrower"),
        ("黄河", "none"),
        ("Yellow River", "both"),
        ("河北", "both"),
        ("河北", "broader"),
        ("长江", "both"),
        ("长江", "narrower"),  # 长江沿线 is PART_OF 长江
        ("温室气体", "narrower"),  # IS_A: 甲烷, 氢氟碳化物 …
        ("美丽中国", "narrower"),  # Program PART_OF
        ("长三角生态绿色一体化发展示范区", "broader"),
    ],
)
def test_tasks_touching_follow_mentions_and_hierarchy(
    source_store: GraphStore, source_data: GraphData, name: str, expand: str
) -> None:
    kinds = check_touches(source_store, source_data, name, expand)
    assert kinds, f"the article has tasks on {name} ({expand})"


def test_an_entity_without_tasks_below_it_matches_nothing_narrower(
    source_store: GraphStore, source_data: GraphData
) -> None:
    """No task names 河北 or any of its cities and counties (but some name 京津冀)."""
    assert check_touches(source_store, source_data, "河北", "narrower") == {}
    assert check_touches(source_store, source_data, "河北", "broader")


def test_narrower_matches_report_the_lower_entity(
    source_store: GraphStore, source_data: GraphData
) -> None:
    """黄河中下游 is PART_OF 黄河: a task naming only it matches 黄河 as narrower."""
    parents, _ = hierarchy(source_data)
    assert "region:黄河" in parents["region:黄河中下游"]
    lower = mentioned_by(source_data)["region:黄河中下游"]
    assert lower
    hits = {h.id: h for h in source_store.tasks(TaskQuery(touches=("黄河",))).items}
    for task in lower:
        hit = hits[task]
        names_huanghe = any(m.id == "region:黄河" for m in hit.entities)
        assert hit.match == (MatchKind.DIRECT if names_huanghe else MatchKind.NARROWER)
    assert source_store.tasks(TaskQuery(touches=("黄河中下游",), expand="broader")).total >= len(
        lower
    )


def test_expand_none_keeps_only_direct(source_store: GraphStore, source_data: GraphData) -> None:
    hits = source_store.tasks(TaskQuery(touches=("黄河",), expand="none")).items
    assert hits and all(h.match == MatchKind.DIRECT for h in hits)
    assert {h.id for h in hits} == mentioned_by(source_data)["region:黄河"]


def test_broader_includes_the_groups_a_province_belongs_to(
    source_store: GraphStore, source_data: GraphData
) -> None:
    """河北 (region:130000) is PART_OF 京津冀 and other groups: tasks naming those are broader."""
    parents, _ = hierarchy(source_data)
    groups = parents["region:130000"]
    assert "region:京津冀" in groups
    named = mentioned_by(source_data)
    on_groups = set().union(*(named.get(g, set()) for g in groups))
    assert named["region:京津冀"] <= on_groups and on_groups, "the article names 京津冀"
    hits = {h.id: h for h in source_store.tasks(TaskQuery(touches=("河北",), expand="both")).items}
    assert on_groups <= set(hits)
    for task in on_groups - named.get("region:130000", set()):
        (match,) = hits[task].matches
        assert match.match == MatchKind.BROADER
        assert match.via[:1] == ("region:130000",) and len(match.via) == 2
        assert match.via[1] in groups
    without = set(task_ids(source_store, touches=("河北",)))
    assert not without & (on_groups - named.get("region:130000", set()))


def test_match_all_is_the_intersection(source_store: GraphStore) -> None:
    both = set(task_ids(source_store, touches=("长江", "总氮"), match="all"))
    either = set(task_ids(source_store, touches=("长江", "总氮"), match="any"))
    assert both == set(task_ids(source_store, touches=("长江",))) & set(
        task_ids(source_store, touches=("总氮",))
    )
    assert both < either
    for hit in source_store.tasks(TaskQuery(touches=("长江", "总氮"), match="all")).items:
        assert [m.query for m in hit.matches] == ["region:长江", "pollutant:总氮"]


def test_filters_and_paging(source_store: GraphStore) -> None:
    theme2 = source_store.tasks(TaskQuery(theme=2))
    assert theme2.total > 0 and all(h.ordinal.startswith("2.") for h in theme2.items)
    area = source_store.tasks(TaskQuery(area="2.1"))
    assert area.total > 0 and all(h.ordinal.startswith("2.1.") for h in area.items)
    by_id = source_store.tasks(TaskQuery(area="area:mee-2026-key-tasks:2.1"))
    assert by_id == area
    assert source_store.tasks(TaskQuery(area="9.9")).total == 0
    everything = task_ids(source_store)
    assert task_ids(source_store, limit=5, offset=3) == everything[3:8]
    assert source_store.tasks(TaskQuery(text="总氮")).total == len(
        texts_containing(source_store, "总氮")
    )
    rule = source_store.tasks(TaskQuery(action_type="rule-making")).items
    assert rule and all(h.action_type == "rule-making" for h in rule)


def test_paging_without_a_limit(source_store: GraphStore) -> None:
    """No limit means every task from the offset on (Neo4j once overflowed its 32-bit slice)."""
    everything = source_store.tasks(TaskQuery())
    assert everything.total == len(everything.items) == source_store.stats().nodes["Task"]
    rest = source_store.tasks(TaskQuery(offset=3))
    assert rest.total == everything.total
    assert rest.items == everything.items[3:]
    far = source_store.tasks(TaskQuery(offset=10**12))
    assert far.total == everything.total and far.items == ()
    huge = source_store.tasks(TaskQuery(offset=1, limit=10**12))
    assert huge.items == everything.items[1:]
    touching = source_store.tasks(TaskQuery(touches=("长江",), offset=1))
    assert touching.items == source_store.tasks(TaskQuery(touches=("长江",))).items[1:]
    entities = source_store.search_entities("", limit=10**12, offset=2)
    assert len(entities.items) == entities.total - 2


def test_negative_paging_is_invalid(source_store: GraphStore) -> None:
    with pytest.raises(InvalidQuery):
        source_store.tasks(TaskQuery(offset=-1))
    with pytest.raises(InvalidQuery):
        source_store.tasks(TaskQuery(limit=-1))
    with pytest.raises(InvalidQuery):
        source_store.search_entities("黄河", offset=-1)


def test_every_mention_slices_back_to_its_surface(source_store: GraphStore) -> None:
    doc = source_store.get_node(DOC)
    text = str(doc.props["text"])
    for hit in source_store.tasks(TaskQuery()).items:
        assert text[slice(*hit.span)] == hit.text
        for m in hit.entities:
            assert text[slice(*m.span)] == m.surface


def test_instrument_edges_follow_the_verb(source_store: GraphStore) -> None:
    detail = source_store.entity_detail("碳排放权交易管理办法")
    assert detail.counts.get(Rel.REVISES.value) == 1


def test_task_detail_breadcrumb(source_store: GraphStore) -> None:
    first = source_store.tasks(TaskQuery(limit=1)).items[0]
    detail = source_store.task_detail(first.id)
    assert [b.type for b in detail.breadcrumb] == [
        NodeType.DOCUMENT,
        NodeType.THEME,
        NodeType.FOCUS_AREA,
    ]
    with pytest.raises(NodeNotFound):
        source_store.task_detail("task:nope:1.1.1")
    with pytest.raises(NodeNotFound):
        source_store.task_detail("region:黄河")


def test_entity_detail_hierarchy(source_store: GraphStore, source_data: GraphData) -> None:
    hebei = source_store.entity_detail("河北")
    parents, children = hierarchy(source_data)
    assert {p.id for p in hebei.parents} == parents["region:130000"]
    assert {c.id for c in hebei.children} == children["region:130000"]
    huanghe = source_store.entity_detail("黄河")
    assert "region:黄河中下游" in {c.id for c in huanghe.children}
    assert huanghe.task_count == len(mentioned_by(source_data)["region:黄河"])
    assert huanghe.task_count == len(
        source_store.tasks(TaskQuery(touches=("黄河",), expand="none")).items
    )


def test_search_ranks_exact_first(source_store: GraphStore) -> None:
    page = source_store.search_entities("黄河")
    assert page.items[0].id == "region:黄河"
    assert {h.id for h in page.items} >= {"region:黄河", "region:黄河中下游"}
    regions = source_store.search_entities("", NodeType.REGION, limit=5)
    counts = [h.task_count for h in regions.items]
    assert counts == sorted(counts, reverse=True)
    english = source_store.search_entities("YELLOW", NodeType.REGION)
    assert "region:黄河" in {h.id for h in english.items}


def test_neighborhood_and_path(source_store: GraphStore, source_data: GraphData) -> None:
    ego = source_store.neighborhood("黄河", depth=1)
    around = {e.source for e in source_data.edges if e.target == "region:黄河"} | {
        e.target for e in source_data.edges if e.source == "region:黄河"
    }
    assert {n.id for n in ego.nodes} == around | {"region:黄河"}
    assert not ego.dangling_edges()
    capped = source_store.neighborhood("黄河", depth=2, limit=5)
    assert len(capped.nodes) == 5 and "region:黄河" in {n.id for n in capped.nodes}
    assert source_store.bounded_neighborhood("黄河", depth=2, limit=5) == (capped, True)
    assert source_store.bounded_neighborhood("黄河", depth=1, limit=len(ego.nodes)) == (
        ego,
        False,
    )
    assert source_store.bounded_neighborhood("黄河", depth=1, limit=len(ego.nodes) - 1)[1]
    tasks_only = source_store.neighborhood("黄河", depth=1, types=[NodeType.TASK])
    assert {n.id for n in tasks_only.nodes} == mentioned_by(source_data)["region:黄河"] | {
        "region:黄河"
    }
    path = source_store.shortest_path("总氮", "长江")
    assert path.nodes[0].id == "pollutant:总氮" and path.nodes[-1].id == "region:长江"
    assert len(path.steps) == len(path.nodes) - 1 == 2
    assert path.nodes[1].type == NodeType.TASK
    with pytest.raises(InvalidQuery):
        source_store.shortest_path("总氮", "长江", max_hops=1)


def test_cooccurrence_cells_are_backed_by_tasks(source_store: GraphStore) -> None:
    cells = source_store.cooccurrence(NodeType.REGION, NodeType.POLLUTANT)
    assert cells
    for cell in cells[:10]:
        for task in cell.task_ids:
            mentioned = {m.id for m in source_store.task_detail(task).task.entities}
            assert {cell.row.id, cell.col.id} <= mentioned


@pytest.mark.parametrize("by", ["tasks", "degree"])
def test_rankings_are_sorted(source_store: GraphStore, source_data: GraphData, by: str) -> None:
    """(betweenness: the golden answers, tests/golden_answers, on both stores)"""
    ranked = source_store.rankings(NodeType.REGION, by, limit=10)  # type: ignore[arg-type]
    scores = [r.score for r in ranked]
    assert len(ranked) == 10 and scores == sorted(scores, reverse=True)
    if by == "tasks":
        named = mentioned_by(source_data)
        regions = [n.id for n in source_data.nodes if n.type == NodeType.REGION]
        assert scores[0] == max(len(named.get(r, ())) for r in regions)
        assert all(r.score == len(named.get(r.id, ())) for r in ranked)
