"""GraphData -> the node and edge dicts vis-network draws (pure: no pyvis, no files).

Every string that comes from a document or a gazetteer (names, sentences, ids, surface forms)
is passed through `html.escape` here, once. pyvis's templates put some fields into the page
without escaping (the select menu writes ids raw; a title containing "href" switches pyvis to
a popup filled with innerHTML), so the data must be safe whatever template draws it. The
page's own script (viz/assets/map.js) turns labels and tooltips back into plain text with
textContent and canvas text, so a sentence reading `<b>` shows as `<b>`.

>>> from graph.model import GraphData, Node, NodeType
>>> vis = to_vis(GraphData.of([Node("region:黄河", NodeType.REGION, "黄河")], []))
>>> vis.nodes[0]["label"], vis.nodes[0]["ntype"]
('黄河', 'Region')
"""

from __future__ import annotations

import html
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict

from policykg.budget import checked
from policykg.graph.model import (
    HIERARCHY_RELS,
    MENTION_RELS,
    STRUCTURE_TYPES,
    Edge,
    GraphData,
    Node,
    NodeType,
)
from policykg.graph.naming import natural_key

__all__ = [
    "LABEL_CHARS",
    "MAX_SIZE",
    "MIN_SIZE",
    "NODE_STYLES",
    "SIZE_PER_ROOT_DEGREE",
    "VisEdge",
    "VisGraph",
    "VisNode",
    "esc",
    "neighbour_counts",
    "node_size",
    "short",
    "to_vis",
]


@dataclass(frozen=True)
class _NodeStyle:
    color: str
    shape: str
    label_en: str
    label_zh: str


#: Colour and shape of each node type; the legend and the explorer use the same table.
NODE_STYLES: Mapping[NodeType, _NodeStyle] = {
    NodeType.DOCUMENT: _NodeStyle("#37474f", "star", "Document", "文件"),
    NodeType.THEME: _NodeStyle("#3949ab", "diamond", "Theme", "主题"),
    NodeType.FOCUS_AREA: _NodeStyle("#7986cb", "triangle", "Focus area", "重点领域"),
    NodeType.TASK: _NodeStyle("#90a4ae", "square", "Task", "任务"),
    NodeType.REGION: _NodeStyle("#2e7d32", "dot", "Region", "地区"),
    NodeType.POLLUTANT: _NodeStyle("#d32f2f", "triangleDown", "Pollutant", "污染物"),
    NodeType.PROGRAM: _NodeStyle("#ef6c00", "hexagon", "Program", "行动/工程"),
    NodeType.AGENCY: _NodeStyle("#8e24aa", "star", "Agency", "机构"),
    NodeType.INSTRUMENT: _NodeStyle("#1565c0", "square", "Instrument", "法规/标准/规划"),
    NodeType.SECTOR: _NodeStyle("#6d4c41", "diamond", "Sector", "行业"),
}
_STRUCTURE_EDGE_COLOR = "#b0bec5"
_HIERARCHY_EDGE_COLOR = "#78909c"
_HIGHLIGHT_BORDER = "#000000"

MIN_SIZE, MAX_SIZE = 10.0, 48.0
SIZE_PER_ROOT_DEGREE = 3.0
LABEL_CHARS = 14  # longer names (focus-area headings, document titles) are cut in the label
_MAX_SENTENCES = 5  # task sentences listed in an entity's tooltip


class VisNode(TypedDict):
    """One vis-network node; `ntype` and `search` are read by the page's own script."""

    id: str
    label: str
    title: str
    ntype: str
    search: str
    color: str | dict[str, object]
    shape: str
    size: float
    kind: NotRequired[str]  # Region: province, city, county … (the page collapses divisions)
    borderWidth: NotRequired[int]
    font: NotRequired[dict[str, object]]
    x: NotRequired[float]
    y: NotRequired[float]


#: One vis-network edge: several mentions of one entity in one task become one edge.
VisEdge = TypedDict(
    "VisEdge",
    {
        "id": str,
        "from": str,
        "to": str,
        "label": str,
        "title": str,
        "rel": str,
        "color": str,
        "dashes": NotRequired[bool],
        "width": NotRequired[float],
    },
)


@dataclass(frozen=True)
class _LegendEntry:
    type: str
    label_en: str
    label_zh: str
    color: str
    shape: str
    count: int


@dataclass(frozen=True)
class VisGraph:
    """What a map page draws: escaped, styled nodes and edges, and a legend of the types."""

    nodes: tuple[VisNode, ...]
    edges: tuple[VisEdge, ...]
    legend: tuple[_LegendEntry, ...] = field(default=())
    highlight: tuple[str, ...] = field(default=())  # escaped ids of the map's subject


def esc(text: object) -> str:
    """The one escaping function for document text (quotes too: it may land in attributes).

    Args:
        text: anything; its str() is escaped.
    """
    return html.escape(str(text), quote=True)


def to_vis(
    data: GraphData,
    *,
    highlight: Iterable[str] = (),
    degree: Mapping[str, int] | None = None,
) -> VisGraph:
    """Styled, escaped vis-network dicts for `data`.

    Args:
        data: the nodes and edges to draw.
        highlight: node ids drawn with a heavy border (the entity a map is about); ids not
            in `data` are ignored.
        degree: node id -> degree to size nodes by (None: distinct neighbours in `data`).
    """
    nodes = {n.id: n for n in data.nodes}
    marked = {h for h in highlight if h in nodes}
    degrees = dict(degree) if degree is not None else neighbour_counts(data)
    sentences = _mentioning_tasks(data, nodes)
    vis_nodes = tuple(
        _vis_node(n, degrees.get(n.id, 0), n.id in marked, sentences.get(n.id, ()))
        for n in checked(data.nodes, every=16)
    )
    vis_edges = tuple(_vis_edges(data.edges, nodes))
    counts = Counter(n.type for n in data.nodes)
    legend = tuple(
        _LegendEntry(t.value, s.label_en, s.label_zh, s.color, s.shape, counts[t])
        for t, s in NODE_STYLES.items()
        if counts[t]
    )
    return VisGraph(vis_nodes, vis_edges, legend, tuple(esc(h) for h in sorted(marked)))


def neighbour_counts(data: GraphData) -> dict[str, int]:
    """Distinct neighbours of each node, ignoring direction and parallel edges.

    Args:
        data: the graph to count in.
    """
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in checked(data.edges, every=4096):
        if e.source != e.target:
            neighbours[e.source].add(e.target)
            neighbours[e.target].add(e.source)
    return {n: len(s) for n, s in neighbours.items()}


def node_size(degree: int) -> float:
    """Grows with the square root of the degree, so hubs stand out without filling the map.

    Args:
        degree: the node's degree (below 0 counts as 0).
    """
    return round(min(MAX_SIZE, MIN_SIZE + SIZE_PER_ROOT_DEGREE * math.sqrt(max(degree, 0))), 2)


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """A label cut to `limit` characters, with … where it was cut.

    Args:
        text: the label.
        limit: the most characters kept.

    Returns:
        The label.
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- nodes -----------------------------------------------------------------------------------


def _vis_node(node: Node, degree: int, marked: bool, sentences: Sequence[Node]) -> VisNode:
    """Plain colour strings and the page's defaults keep big maps small; the subject stands out."""
    style = NODE_STYLES[node.type]
    vis = VisNode(
        id=esc(node.id),
        label=esc(_label(node)),
        title=esc(_tooltip(node, degree, sentences)),
        ntype=node.type.value,
        search=esc(" ".join(_names(node)).lower()),
        color=style.color,
        shape=style.shape,
        size=node_size(degree),
    )
    kind = node.get("kind")
    if node.type in (NodeType.REGION,) and isinstance(kind, str) and kind:
        vis["kind"] = esc(kind)
    if marked:
        vis["color"] = {
            "background": style.color,
            "border": _HIGHLIGHT_BORDER,
            "highlight": {"background": style.color, "border": _HIGHLIGHT_BORDER},
            "hover": {"background": style.color, "border": _HIGHLIGHT_BORDER},
        }
        vis["size"] = round(vis["size"] * 1.3, 2)
        vis["borderWidth"] = 4
        vis["font"] = {"size": 17, "strokeWidth": 4}
    return vis


def _label(node: Node) -> str:
    if node.type == NodeType.TASK:
        return str(node.get("ordinal") or node.id.rsplit(":", 1)[-1])
    return short(node.name)


def _names(node: Node) -> list[str]:
    """What the search box matches: Chinese name, English name, aliases (tasks: ordinal)."""
    if node.type == NodeType.TASK:
        return [str(node.get("ordinal") or ""), node.id]
    aliases = node.get("aliases")
    return [
        node.name,
        str(node.get("name_en") or ""),
        *(aliases if isinstance(aliases, list) else []),
    ]


def _tooltip(node: Node, degree: int, sentences: Sequence[Node]) -> str:
    """Plain text with newlines (the page shows it with white-space: pre-wrap)."""
    style = NODE_STYLES[node.type]
    kind = node.get("kind")
    head = f"{style.label_en} {style.label_zh}" + (f" · {kind}" if kind else "")
    if node.type == NodeType.TASK:
        lines = [f"{head} {node.get('ordinal') or ''}".rstrip(), str(node.get("text") or node.name)]
        action = node.get("action_type")
        verbs = node.get("verbs")
        if action:
            verb_text = f" ({', '.join(verbs)})" if isinstance(verbs, list) and verbs else ""
            lines.append(f"Action: {action}{verb_text}")
        return "\n".join(lines)
    if node.type in STRUCTURE_TYPES:
        ordinal = node.get("ordinal")
        lines = [f"{head} {ordinal}" if ordinal else head, node.name]
        if node.type == NodeType.DOCUMENT:
            lines += [str(v) for v in (node.get("publisher"), node.get("date")) if v]
        return "\n".join(lines)
    lines = [node.name]
    if node.get("name_en"):
        lines[0] += f" · {node.get('name_en')}"
    lines.append(head)
    aliases = node.get("aliases")
    if isinstance(aliases, list) and aliases:
        lines.append("Also: " + ", ".join(aliases[:8]) + (" …" if len(aliases) > 8 else ""))
    lines.append(f"{node.id} · {degree} neighbour(s)")
    if sentences:
        lines += ["", f"Tasks in this map that mention it ({len(sentences)}):"]
        lines += [
            f"{t.get('ordinal') or ''} {t.get('text') or t.name}".strip()
            for t in sentences[:_MAX_SENTENCES]
        ]
        if len(sentences) > _MAX_SENTENCES:
            lines.append(f"… and {len(sentences) - _MAX_SENTENCES} more")
    return "\n".join(lines)


def _mentioning_tasks(data: GraphData, nodes: Mapping[str, Node]) -> dict[str, list[Node]]:
    """Entity id -> the tasks in `data` that mention it, in document order."""
    found: dict[str, set[str]] = defaultdict(set)
    for e in checked(data.edges, every=4096):
        if e.type in MENTION_RELS and e.source in nodes and e.target in nodes:
            found[e.target].add(e.source)
    return {
        entity: sorted((nodes[t] for t in tasks), key=_task_order)
        for entity, tasks in checked(found.items(), every=64)
    }


def _task_order(task: Node) -> tuple[str, int, tuple[int, ...], str]:
    seq = task.get("seq")
    return (
        str(task.get("document") or ""),
        seq if isinstance(seq, int) else 0,
        natural_key(str(task.get("ordinal") or "")),
        task.id,
    )


# -- edges -----------------------------------------------------------------------------------


def _vis_edges(edges: Iterable[Edge], nodes: Mapping[str, Node]) -> list[VisEdge]:
    grouped: dict[tuple[str, str, str], list[Edge]] = defaultdict(list)
    for e in checked(edges, every=4096):
        if e.source in nodes and e.target in nodes:
            grouped[(e.source, e.type.value, e.target)].append(e)
    return [
        _vis_edge(source, rel, target, group, nodes[target])
        for (source, rel, target), group in checked(sorted(grouped.items()), every=32)
    ]


def _vis_edge(source: str, rel: str, target: str, group: list[Edge], end: Node) -> VisEdge:
    """Mentions take the colour of what they point at; hierarchy edges are dashed."""
    kind = group[0].type
    if kind in MENTION_RELS:
        color = NODE_STYLES[end.type].color
    elif kind in HIERARCHY_RELS:
        color = _HIERARCHY_EDGE_COLOR
    else:
        color = _STRUCTURE_EDGE_COLOR
    edge = VisEdge(
        {
            "id": esc(f"{source}|{rel}|{target}"),
            "from": esc(source),
            "to": esc(target),
            "label": esc(rel),
            "title": esc(_edge_tooltip(rel, group)),
            "rel": rel,
            "color": color,
        }
    )
    if kind in HIERARCHY_RELS:
        edge["dashes"] = True
    if len(group) > 1:  # several mentions of the entity in one sentence
        edge["width"] = 1.0 + 0.5 * min(len(group) - 1, 4)
    return edge


def _edge_tooltip(rel: str, group: Sequence[Edge]) -> str:
    lines = [rel]
    for e in sorted(group, key=lambda e: (_int(e.props.get("start")), e.key)):
        surface, start, end = e.props.get("surface"), e.props.get("start"), e.props.get("end")
        if surface is None and start is None:
            continue
        role = e.props.get("role")
        where = f" [{start}–{end}]" if start is not None else ""
        lines.append(f"“{surface}”{where}" + (f" role: {role}" if role else ""))
    return "\n".join(lines)


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0
