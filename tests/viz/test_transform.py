"""viz.transform.to_vis: escaping, styles per type, sizes by degree (no browser)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from viz_support import XSS_IMG, XSS_SCRIPT

from policykg.graph.model import Edge, GraphData, Node, NodeType, Rel
from policykg.viz.transform import (
    MAX_SIZE,
    MIN_SIZE,
    NODE_STYLES,
    esc,
    neighbour_counts,
    node_size,
    short,
    to_vis,
)

TASK_2 = "task:sample:1.1.2"


def by_id(items: Iterable[Any]) -> dict[str, Any]:
    return {item["id"]: item for item in items}


def test_every_node_and_edge_comes_out_once(sample: GraphData) -> None:
    vis = to_vis(sample)
    assert len(vis.nodes) == len(sample.nodes)
    # two mentions of 黄河 in task 1.1.2 become one edge
    assert len(vis.edges) == len({(e.source, e.type, e.target) for e in sample.edges})
    ids = {n["id"] for n in vis.nodes}
    assert all(e["from"] in ids and e["to"] in ids for e in vis.edges)


def test_document_text_is_escaped_everywhere(sample: GraphData) -> None:
    vis = to_vis(sample)
    dumped = json.dumps([vis.nodes, vis.edges], ensure_ascii=False)
    assert "<script" not in dumped and "<img" not in dumped and "<b>" not in dumped
    task = by_id(vis.nodes)[TASK_2]
    assert html.escape(XSS_SCRIPT) in task["title"]
    assert html.escape(XSS_IMG, quote=True) in task["title"]
    bold = by_id(vis.nodes)[esc("region:<b>bold</b>")]
    assert bold["label"] == "&lt;b&gt;粗体&lt;/b&gt;区"
    assert "&lt;i&gt;Bold&lt;/i&gt; zone" in bold["title"]
    assert html.unescape(bold["id"]) == "region:<b>bold</b>"
    edge = next(e for e in vis.edges if e["to"] == bold["id"])
    assert "&lt;b&gt;" in edge["title"] and "<" not in edge["title"]


def test_tasks_are_labelled_by_ordinal_and_show_their_sentence(sample: GraphData) -> None:
    task = by_id(to_vis(sample).nodes)["task:sample:1.1.1"]
    assert task["label"] == "1.1.1"
    assert "落实黄河大保护行动" in task["title"]
    assert task["title"].startswith("Task 任务 1.1.1")
    assert "implementation" in task["title"]


def test_entity_tooltips_carry_names_kind_and_the_sentences_that_mention_them(
    sample: GraphData,
) -> None:
    yellow = by_id(to_vis(sample).nodes)["region:黄河"]
    title = yellow["title"]
    assert title.startswith("黄河 · Yellow River")
    assert "Region 地区 · river" in title
    assert "(2)" in title  # tasks 1.1.1 and 1.1.2 mention it
    assert "1.1.1 落实黄河大保护行动" in title
    assert html.escape(XSS_SCRIPT) in title


def test_entity_without_tasks_in_the_map_has_no_sentence_section(sample: GraphData) -> None:
    sub = GraphData.of([n for n in sample.nodes if n.id == "region:黄河"], [])
    title = to_vis(sub).nodes[0]["title"]
    assert "Tasks in this map" not in title


@pytest.mark.parametrize("node_type", list(NodeType))
def test_colour_and_shape_by_type(node_type: NodeType) -> None:
    node = Node(f"{node_type.value.lower()}:x", node_type, "x", {"ordinal": "1"})
    vis = to_vis(GraphData.of([node], []))
    style = NODE_STYLES[node_type]
    assert vis.nodes[0]["color"] == style.color
    assert vis.nodes[0]["shape"] == style.shape
    assert vis.nodes[0]["ntype"] == node_type.value
    assert [e.type for e in vis.legend] == [node_type.value]


def test_types_are_told_apart_by_colour() -> None:
    colours = [s.color for s in NODE_STYLES.values()]
    assert len(set(colours)) == len(colours)
    assert set(NODE_STYLES) == set(NodeType)


def test_size_grows_with_degree(sample: GraphData) -> None:
    vis = by_id(to_vis(sample).nodes)
    degrees = neighbour_counts(sample)
    assert degrees["region:黄河"] == 3  # two tasks and 黄河流域
    assert vis["region:黄河"]["size"] == node_size(3)
    assert vis["region:黄河流域"]["size"] > vis["region:130102"]["size"]
    sizes = [node_size(d) for d in range(0, 400)]
    assert sizes == sorted(sizes)
    assert sizes[0] == MIN_SIZE and sizes[-1] == MAX_SIZE


def test_given_degrees_override_the_subgraph_ones(sample: GraphData) -> None:
    vis = by_id(to_vis(sample, degree={"region:130102": 100}).nodes)
    assert vis["region:130102"]["size"] == node_size(100)
    assert vis["region:黄河"]["size"] == node_size(0)


def test_highlight_marks_the_subject(sample: GraphData) -> None:
    vis = to_vis(sample, highlight=["region:黄河", "not-in-the-map"])
    nodes = by_id(vis.nodes)
    assert vis.highlight == ("region:黄河",)
    assert (
        nodes["region:黄河"]["borderWidth"] == 4 and "borderWidth" not in nodes["region:黄河流域"]
    )
    assert nodes["region:黄河"]["color"]["border"] == "#000000"
    assert nodes["region:黄河"]["size"] > node_size(3)


def test_edges_are_labelled_by_relation_with_arrows_and_provenance(sample: GraphData) -> None:
    edges = by_id(to_vis(sample).edges)
    touches = edges["task:sample:1.1.2|TOUCHES|region:黄河"]
    assert touches["label"] == "TOUCHES"
    assert "“黄河” [240–242]" in touches["title"] and "“黄河” [250–252]" in touches["title"]
    assert touches["width"] > 1 and "width" not in edges["task:sample:1.1.1|TOUCHES|region:黄河"]
    assert edges["region:黄河|PART_OF|region:黄河流域"]["dashes"] is True
    assert "dashes" not in touches
    pm25 = edges["task:sample:1.1.3|TARGETS|pollutant:PM2.5"]
    assert pm25["color"] == NODE_STYLES[NodeType.POLLUTANT].color


def test_search_field_holds_chinese_english_and_aliases() -> None:
    node = Node(
        "region:黄河",
        NodeType.REGION,
        "黄河",
        {"name_en": "Yellow River", "aliases": ["Huang He", "母亲河"]},
    )
    search = to_vis(GraphData.of([node], [])).nodes[0]["search"]
    assert all(part in search for part in ("黄河", "yellow river", "huang he", "母亲河"))


def test_long_names_are_cut_in_the_label_but_whole_in_the_tooltip() -> None:
    name = "推动实施固体废物综合治理行动并深入开展专项整治"
    vis = to_vis(GraphData.of([Node("area:x:1.1", NodeType.FOCUS_AREA, name, {})], []))
    assert vis.nodes[0]["label"].endswith("…") and len(vis.nodes[0]["label"]) <= 14
    assert name in vis.nodes[0]["title"]


def test_the_document_text_stays_out_of_the_tooltip() -> None:
    doc = Node("doc:x", NodeType.DOCUMENT, "标题", {"text": "全文" * 1000, "date": "2026-01-29"})
    title = to_vis(GraphData.of([doc], [])).nodes[0]["title"]
    assert "全文" not in title and "2026-01-29" in title


text = st.text(alphabet=st.sampled_from("<>&\"'黄河ab/ =;"), max_size=30)


@given(name=text, sentence=text)
def test_no_raw_markup_ever_leaves_the_transform(name: str, sentence: str) -> None:
    task = Node("task:x:1.1.1", NodeType.TASK, sentence, {"text": sentence, "ordinal": "1.1.1"})
    entity = Node(f"region:{name}", NodeType.REGION, name or "x", {"name_en": name})
    edge = Edge(task.id, Rel.TOUCHES, entity.id, "0", {"start": 0, "end": 1, "surface": name})
    vis = to_vis(GraphData.of([task, entity], [edge]))
    for item in (*vis.nodes, *vis.edges):
        for key in ("id", "label", "title", "search", "from", "to"):
            value: str = item.get(key, "")  # type: ignore[assignment]
            assert not set("<>\"'") & set(value), (key, value)
    entity_vis = next(n for n in vis.nodes if n["ntype"] == "Region")
    assert html.unescape(entity_vis["label"]) == short(name or "x")
    assert html.unescape(entity_vis["id"]) == entity.id
