"""viz.maps: which nodes each kind of map shows, on a hand-made store and on the source graph."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from policykg.budget import deadline
from policykg.errors import BudgetExceeded, EntityNotFound, NodeNotFound
from policykg.graph.model import ENTITY_TYPES, GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import TaskQuery
from policykg.graph.store import GraphStore
from policykg.viz import maps
from policykg.viz.layout import positioned
from policykg.viz.write import Layout, render_html

TASKS = {"task:sample:1.1.1", "task:sample:1.1.2", "task:sample:1.1.3"}


def ids(spec: maps.MapSpec) -> set[str]:
    return {n.id for n in spec.data.nodes}


def test_whole_map_drops_places_no_task_reaches(sample_store: NetworkXStore) -> None:
    spec = maps.whole_map(sample_store)
    shown = ids(spec)
    assert "region:130102" not in shown and "region:130100" not in shown  # district, city
    assert {"region:130000", "region:黄河流域"} <= shown  # named, and above a named one
    assert shown >= TASKS and "doc:sample" in shown
    assert spec.data.dangling_edges() == []
    assert spec.filename == "all.html"


def test_prune_keeps_what_a_document_links_to() -> None:
    from policykg.graph.model import Edge, Node, Rel

    doc = Node("doc:d", NodeType.DOCUMENT, "d", {})
    agency = Node("agency:mee", NodeType.AGENCY, "生态环境部", {})
    parent = Node("agency:gov", NodeType.AGENCY, "国务院", {})
    lonely = Node("agency:x", NodeType.AGENCY, "x", {})
    data = GraphData.of(
        [doc, agency, parent, lonely],
        [Edge(doc.id, Rel.PUBLISHED_BY, agency.id), Edge(agency.id, Rel.PART_OF, parent.id)],
    )
    assert {n.id for n in maps.prune_unreached(data).nodes} == {doc.id, agency.id, parent.id}


def test_ego_map(sample_store: NetworkXStore) -> None:
    spec = maps.ego_map(sample_store, "Yellow River", depth=1)
    assert spec.highlight == ("region:黄河",)
    assert ids(spec) == {
        "region:黄河",
        "region:黄河流域",
        "task:sample:1.1.1",
        "task:sample:1.1.2",
    }
    assert spec.title.startswith("黄河")
    deeper = maps.ego_map(sample_store, "region:黄河", depth=2)
    assert ids(spec) < ids(deeper)
    capped = maps.ego_map(sample_store, "region:黄河", depth=3, limit=5)
    assert len(capped.data.nodes) == 5 and "5 nearest" in capped.title


def test_ego_map_of_any_node(sample_store: NetworkXStore) -> None:
    spec = maps.ego_map(sample_store, "task:sample:1.1.3")
    assert spec.highlight == ("task:sample:1.1.3",)
    assert {"region:130000", "pollutant:PM2.5", "area:sample:1.1"} <= ids(spec)


def test_touches_map_shows_tasks_their_entities_and_the_matched_path(
    sample_store: NetworkXStore,
) -> None:
    spec = maps.touches_map(sample_store, "黄河流域")
    shown = ids(spec)
    assert shown >= TASKS  # via 黄河, 黄河中下游 and 河北
    assert {"region:黄河", "region:黄河中下游", "region:130000", "pollutant:PM2.5"} <= shown
    assert "area:sample:1.1" not in shown and "region:130100" not in shown
    assert spec.highlight == ("region:黄河流域",)
    assert "(3)" in spec.title
    direct = maps.touches_map(sample_store, "黄河流域", expand="none")
    assert not TASKS & ids(direct)


def test_theme_map(sample_store: NetworkXStore) -> None:
    spec = maps.theme_map(sample_store, 1)
    assert {"theme:sample:1", "area:sample:1.1"} | TASKS <= ids(spec)
    assert "doc:sample" not in ids(spec)
    assert spec.filename == "theme-1.html"
    with pytest.raises(NodeNotFound):
        maps.theme_map(sample_store, 9)


def test_unknown_entities_raise_the_domain_error(sample_store: NetworkXStore) -> None:
    with pytest.raises(EntityNotFound):
        maps.ego_map(sample_store, "不存在")
    with pytest.raises(EntityNotFound):
        maps.touches_map(sample_store, "不存在")


def test_page_renders_a_spec(sample_store: NetworkXStore) -> None:
    html = maps.page(maps.ego_map(sample_store, "黄河"))
    assert "<title>黄河" in html and 'id="kg-legend"' in html


@pytest.mark.parametrize("layout", ["physics", "precomputed"])
def test_drawing_a_map_stops_when_its_budget_is_spent(
    nx_source_store: GraphStore, layout: Layout
) -> None:
    """Every step of a page (the map's subgraph, vis dicts, layout, pyvis) checks the budget."""
    with deadline(0.0), pytest.raises(BudgetExceeded):
        maps.whole_map(nx_source_store)
    spec = maps.whole_map(nx_source_store)
    with deadline(0.0), pytest.raises(BudgetExceeded):
        spec.vis()
    vis = spec.vis()
    with deadline(0.0), pytest.raises(BudgetExceeded):
        render_html(vis, title="t", layout=layout)
    with deadline(3600.0) as limit:
        limit.cancel()  # what a disconnect does
        with pytest.raises(BudgetExceeded, match="client went away"):
            positioned(vis)


def test_filename_is_safe() -> None:
    spec = maps.MapSpec("t", GraphData((), ()), slug="ego-../../etc/黄河 流域-2")
    assert spec.filename == "ego-_etc_黄河_流域-2.html"


# -- on the source document -----------------------------------------------------------------------


def test_huanghe_maps_on_the_source_graph(nx_source_store: GraphStore) -> None:
    touches = maps.touches_map(nx_source_store, "黄河")
    hits = nx_source_store.tasks(TaskQuery(touches=("黄河",)))
    assert hits.total > 0
    assert {h.id for h in hits.items} <= ids(touches)
    ego = maps.ego_map(nx_source_store, "黄河", depth=2)
    assert len(ego.data.nodes) > 5


def test_whole_source_map_is_much_smaller_than_the_gazetteer(nx_source_store: GraphStore) -> None:
    full = nx_source_store.dump()
    shown = maps.whole_map(nx_source_store).data
    entities = [n for n in shown.nodes if n.type in ENTITY_TYPES]
    assert len(shown.nodes) < len(full.nodes) / 2
    assert len(entities) > 20
    counties = [n for n in shown.nodes if n.get("kind") == "county"]
    assert len(counties) < 50


@pytest.mark.parametrize(
    "build",
    [
        lambda s: maps.whole_map(s),
        lambda s: maps.ego_map(s, "黄河", depth=2),
        lambda s: maps.ego_map(s, "黄河", depth=2, places="all"),
        lambda s: maps.touches_map(s, "长江", expand="both"),
        lambda s: maps.theme_map(s, 2),
    ],
    ids=["all", "ego", "ego-all-places", "touches", "theme"],
)
def test_both_stores_draw_the_same_maps(
    build: Callable[[GraphStore], maps.MapSpec],
    source_store: GraphStore,
    nx_source_store: GraphStore,
) -> None:
    ours, reference = build(source_store), build(nx_source_store)
    assert ours.title == reference.title
    assert ids(ours) == ids(reference)
    assert {e.ident for e in ours.data.edges} == {e.ident for e in reference.data.edges}
