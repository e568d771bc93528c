"""Whole-graph exports: GraphML, GEXF, node-link JSON, and CSV for `neo4j-admin database import`.

GraphML and GEXF hold scalars only, so list properties (aliases, verbs) are joined with '|'.
The document's full text is left out of GraphML/GEXF/CSV (it is in the JSON export). In GEXF
the relation type is the edge attribute `relation` and spans are `span_start`/`span_end`.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Literal

from policykg.graph.model import GraphData

if TYPE_CHECKING:  # networkx is imported where a format needs it: the CLI starts without it
    import networkx as nx

__all__ = ["FORMATS", "MEDIA_TYPES", "export_bytes"]

_ExportFormat = Literal["graphml", "gexf", "json", "csv"]
FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "csv")
MEDIA_TYPES = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "csv": "application/zip",
}
_LIST_SEPARATOR = "|"


def export_bytes(data: GraphData, fmt: str) -> bytes:
    """The graph in one of FORMATS, as bytes ready to write or send.

    Args:
        data: the graph to export.
        fmt: one of FORMATS.
    """
    if fmt == "json":
        return json.dumps(_node_link(data), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "csv":
        return _neo4j_admin_zip(data)
    import networkx as nx

    graph = _scalar_graph(data, gexf=fmt == "gexf")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(graph, buffer, encoding="utf-8")
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return buffer.getvalue()


def _node_link(data: GraphData) -> dict[str, Any]:
    """The graph in networkx's node-link JSON layout, properties flattened in.

    Args:
        data: nodes and edges.

    Returns:
        The node-link dict.
    """
    return {
        "directed": True,
        "multigraph": True,
        "nodes": [
            {**n.props, "id": n.id, "type": n.type.value, "name": n.name} for n in data.nodes
        ],
        "edges": [
            # endpoints last: no property may shadow them
            {**e.props, "source": e.source, "target": e.target, "type": e.type.value, "key": e.key}
            for e in data.edges
        ],
    }


def _scalar(value: Any) -> Any:
    if isinstance(value, list):
        return _LIST_SEPARATOR.join(map(str, value))
    return value


#: GEXF gives these attribute names a meaning of its own (networkx writes an edge's `type` as
#: directed|undirected|mutual and `start`/`end` as time intervals), so they are renamed there.
_GEXF_NAMES = {"start": "span_start", "end": "span_end"}


def _scalar_graph(data: GraphData, *, gexf: bool = False) -> nx.MultiDiGraph:
    rename = _GEXF_NAMES if gexf else {}
    relation = "relation" if gexf else "type"
    import networkx as nx

    graph = nx.MultiDiGraph()
    for n in data.nodes:
        props = {
            rename.get(k, k): _scalar(v)
            for k, v in n.props.items()
            if v is not None and k != "text"
        }
        if n.type.value == "Task":
            props["text"] = n.props.get("text")
        graph.add_node(n.id, type=n.type.value, name=n.name, **props)
    for e in data.edges:
        props = {rename.get(k, k): _scalar(v) for k, v in e.props.items() if v is not None}
        props[relation] = e.type.value
        graph.add_edge(e.source, e.target, key=f"{e.type.value}|{e.key}", **props)
    return graph


def _neo4j_admin_zip(data: GraphData) -> bytes:
    """nodes_<Label>.csv and rels_<TYPE>.csv with neo4j-admin import headers, in one zip."""
    by_label: dict[str, list[Any]] = defaultdict(list)
    for n in data.nodes:
        by_label[n.type.value].append(n)
    by_type: dict[str, list[Any]] = defaultdict(list)
    for e in data.edges:
        by_type[e.type.value].append(e)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, nodes in sorted(by_label.items()):
            keys = sorted({k for n in nodes for k in n.props if k != "text" or label == "Task"})
            header = ["id:ID", "name", *[_typed(k, nodes) for k in keys], ":LABEL"]
            rows = [[n.id, n.name, *[_cell(n.props.get(k)) for k in keys], label] for n in nodes]
            archive.writestr(f"nodes_{label}.csv", _csv(header, rows))
        for rel, edges in sorted(by_type.items()):
            keys = sorted({k for e in edges for k in e.props})
            header = [":START_ID", ":END_ID", *[_typed(k, edges) for k in keys], ":TYPE"]
            rows = [
                [e.source, e.target, *[_cell(e.props.get(k)) for k in keys], rel] for e in edges
            ]
            archive.writestr(f"rels_{rel}.csv", _csv(header, rows))
    return buffer.getvalue()


def _typed(key: str, items: list[Any]) -> str:
    values = [i.props.get(key) for i in items if i.props.get(key) is not None]
    if values and all(isinstance(v, list) for v in values):
        return f"{key}:string[]"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return f"{key}:long"
    return key


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(map(str, value))  # neo4j-admin's default array delimiter
    return str(value)


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
