"""Query results as JSON-ready dicts: the one shape the CLI prints and the API returns."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

from policykg.graph.model import GraphData, Node
from policykg.graph.results import TaskHit

__all__ = [
    "DOCUMENT_FIELDS",
    "document_metadata",
    "graph_dict",
    "plain",
    "task_dict",
]


def plain(value: Any) -> Any:
    """Dataclasses, enums and tuples -> dicts, strings and lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


#: A Document node's metadata properties, in the order they are shown.
DOCUMENT_FIELDS = (
    *("doc_number", "issuers", "co_signers", "level", "kind", "script", "layout"),
    *("date_adopted", "date_promulgated", "date_in_force", "date_signed"),
    *("publisher", "date", "warnings"),
)


def document_metadata(node: Node) -> dict[str, Any]:
    """A Document node's metadata (not its text)."""
    return {key: plain(node.get(key)) for key in DOCUMENT_FIELDS}


def task_dict(hit: TaskHit) -> dict[str, Any]:
    best = (
        min(hit.matches, key=lambda m: (m.kind != hit.match, len(m.via))) if hit.matches else None
    )
    return {
        "id": hit.id,
        "ordinal": hit.ordinal,
        "text": hit.text,
        "document": hit.document,
        "theme": {"id": hit.theme.id, "name": hit.theme.name},
        "area": {"id": hit.area.id, "name": hit.area.name},
        "action_type": hit.action_type,
        "verbs": list(hit.verbs),
        "span": [hit.start, hit.end],
        "match": hit.match.value if hit.match else None,
        "via": list(best.via) if best else [],
        "matches": [
            {"query": m.query_id, "match": m.kind.value, "via": list(m.via)} for m in hit.matches
        ],
        "entities": [
            {
                "id": m.entity_id,
                "name": m.name,
                "type": m.type.value,
                "rel": m.rel,
                "surface": m.surface,
                "span": [m.start, m.end],
            }
            for m in hit.mentions
        ],
    }


def graph_dict(data: GraphData) -> dict[str, Any]:
    """Nodes and edges for JSON clients; the document's full text is left out."""
    return {
        "nodes": [
            {
                "id": n.id,
                "type": n.type.value,
                "name": n.name,
                **{
                    k: v
                    for k, v in n.props.items()
                    if not (n.type.value == "Document" and k == "text")
                },
            }
            for n in data.nodes
        ],
        "edges": [
            {"source": e.source, "target": e.target, "type": e.type.value, "key": e.key, **e.props}
            for e in data.edges
        ],
    }
