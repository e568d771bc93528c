"""Parsed documents + gazetteers -> GraphData (pure: no store, no files).

Every gazetteer entity and hierarchy edge is part of the graph, so that "tasks touching 河北"
answers from the hierarchy even when no task names 河北 itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from policykg.graph.model import (
    Edge,
    GraphData,
    Node,
    NodeType,
    PropValue,
    Rel,
    area_id,
    document_id,
    entity_id,
    mention_key,
    task_id,
    theme_id,
)
from policykg.loaders.actions import VerbHit, action_type
from policykg.loaders.defined_terms import document_place
from policykg.loaders.extract import Extractor, Found
from policykg.loaders.gazetteer import Gazetteer
from policykg.loaders.mentions import DocumentMention, Owner, document_mentions, task_verbs
from policykg.loaders.metadata import DATE_FIELDS, Metadata, document_metadata
from policykg.loaders.roles.document import task_roles
from policykg.loaders.roles.graph import RoleGraph
from policykg.loaders.structure import ParsedDocument, TaskSpan
from policykg.loaders.units import UnitIndex

__all__ = ["Progress", "build_graph", "document_graph"]

Progress = Callable[[int], None]


def build_graph(
    documents: Sequence[ParsedDocument],
    gazetteer: Gazetteer,
    extractor: Extractor | None = None,
    progress: Progress | None = None,
) -> GraphData:
    """The whole graph of these documents; `progress(n)` is called after every n tasks.

    Args:
        documents: the documents, already read.
        gazetteer: the entities to find.
        extractor: the extractor over `gazetteer` (None: one is built).
        progress: called with 1 after each task (None: not called).
    """
    extractor = extractor or Extractor(gazetteer)
    nodes: list[Node] = list(gazetteer.entities)
    edges: list[Edge] = list(gazetteer.hierarchy)
    for doc in documents:
        doc_nodes, doc_edges = document_graph(doc, gazetteer, extractor, progress)
        nodes += doc_nodes
        edges += doc_edges
    return GraphData.of(nodes, edges)


def document_graph(
    doc: ParsedDocument,
    gazetteer: Gazetteer,
    extractor: Extractor,
    progress: Progress | None = None,
) -> tuple[list[Node], list[Edge]]:
    """The nodes and edges of one parsed document.

    Args:
        doc: the document, read and cut into units.
        gazetteer: the entities known in advance.
        extractor: finds mentions in text.
        progress: called with 1 after each task (None: not called).

    Returns:
        The document's nodes and edges.
    """
    slug, doc_id = doc.slug, document_id(doc.slug)
    meta = document_metadata(doc, extractor, doc.sidecar)
    nodes = [Node(doc_id, NodeType.DOCUMENT, meta.title, _document_props(doc, meta))]
    edges: list[Edge] = []
    publisher = _publisher(doc, gazetteer)
    if publisher is not None:
        if publisher.id not in {n.id for n in gazetteer.entities}:
            nodes.append(publisher)
        edges.append(Edge(doc_id, Rel.PUBLISHED_BY, publisher.id))
    for role, names in (("issuer", meta.issuers), ("co_signer", meta.co_signers)):
        for name in names:
            agency = _agency(name, doc, gazetteer)
            if agency.id not in {n.id for n in gazetteer.entities}:
                nodes.append(agency)
            edges.append(Edge(doc_id, Rel.ISSUED_BY, agency.id, role, {"role": role}))
    verbs = task_verbs(doc, meta.script)  # for the mentions and the tasks' action types
    mentions = document_mentions(
        doc, extractor, meta.script, document_place(meta.issuers, extractor.gazetteer), verbs
    )
    verbs_by_task = {_key(task): found for task, found in zip(doc.tasks, verbs, strict=True)}
    roles = _role_graph(doc, meta, mentions, gazetteer)
    nodes += [n for n in roles.nodes if n.id not in {e.id for e in gazetteer.entities}]
    edges += roles.edges
    by_task: dict[tuple[int, int, int], list[DocumentMention]] = {}
    for mention in mentions:
        if mention.task is not None:
            by_task.setdefault(_key(mention.task), []).append(mention)
    seq = 0
    units = UnitIndex(doc.units)
    for theme in doc.themes:
        t_id = theme_id(slug, theme.index)
        nodes.append(
            Node(
                t_id,
                NodeType.THEME,
                theme.title,
                {
                    "ordinal": str(theme.index),
                    "document": doc_id,
                    "start": theme.start,
                    "end": theme.end,
                },
            )
        )
        edges.append(Edge(doc_id, Rel.HAS_THEME, t_id))
        for area in theme.areas:
            a_id = area_id(slug, theme.index, area.index)
            nodes.append(
                Node(
                    a_id,
                    NodeType.FOCUS_AREA,
                    area.title,
                    {
                        "ordinal": area.ordinal,
                        "document": doc_id,
                        "theme": t_id,
                        "start": area.start,
                        "end": area.end,
                    },
                )
            )
            edges.append(Edge(t_id, Rel.HAS_AREA, a_id))
            for task in area.tasks:
                seq += 1
                found = [m.found for m in by_task.get(_key(task), [])]
                kind = _task_kind(doc, task, units)
                task_nodes, task_edges = _task_graph(
                    task, seq, (doc, kind, verbs_by_task[_key(task)]), t_id, a_id, found, roles
                )
                nodes += task_nodes
                edges += task_edges
                edges.append(Edge(a_id, Rel.HAS_TASK, task_nodes[0].id))
                if progress is not None:
                    progress(1)
    for mention in mentions:
        if mention.task is None:
            node, edge = _outside_mention(doc, mention)
            nodes += node
            edges.append(edge)
    return nodes, edges


def _key(task: TaskSpan) -> tuple[int, int, int]:
    return (task.theme, task.area, task.index)


def _document_props(doc: ParsedDocument, meta: Metadata) -> dict[str, PropValue]:
    props: dict[str, PropValue] = {
        "slug": doc.slug,
        "publisher": doc.publisher,
        "date": doc.date,
        "text": doc.text,
        "issuers": list(meta.issuers),
        "co_signers": list(meta.co_signers),
        "doc_number": meta.doc_number,
        "level": meta.level,
        "kind": meta.kind,
        "script": meta.script,
        "layout": doc.layout,
        "warnings": list(doc.warnings),
    }
    for name in DATE_FIELDS:
        props[f"date_{name}"] = meta.dates.get(name)
    return props


def _task_graph(
    task: TaskSpan,
    seq: int,
    source: tuple[ParsedDocument, str, list[VerbHit]],
    t_id: str,
    a_id: str,
    found: list[Found],
    roles: RoleGraph,
) -> tuple[list[Node], list[Edge]]:
    """One task's node and mention edges; `source` is the document, the task's kind and its
    verbs (mentions.task_verbs: read on Simplified characters)."""
    doc, kind, verbs = source
    doc_id = document_id(doc.slug)
    node = Node(
        task_id(doc.slug, task.theme, task.area, task.index),
        NodeType.TASK,
        task.text,
        {
            "text": task.text,
            "ordinal": task.ordinal,
            "document": doc_id,
            "seq": seq,
            "theme": t_id,
            "area": a_id,
            "kind": kind,
            "verbs": _unique(v.verb for v in verbs),
            "action_type": action_type(verbs),
            "start": task.start,
            "end": task.end,
            **roles.task_props(task_id(doc.slug, task.theme, task.area, task.index)),
        },
    )
    nodes, edges = [node], []
    for mention in found:
        if mention.new_entity is not None:
            nodes.append(mention.new_entity)
        props: dict[str, str | int | None] = {
            "document": doc_id,
            "start": mention.start,
            "end": mention.end,
            "surface": mention.surface,
        }
        target = mention.entity_id
        if mention.type is NodeType.AGENCY:
            props["role"] = roles.role_of(node.id, mention.start, mention.end) or "mentioned"
            target = roles.target_of(node.id, mention.start, mention.end) or target
        edges.append(Edge(node.id, mention.rel, target, mention_key(mention.start), props))
    return nodes, edges


def _role_graph(
    doc: ParsedDocument, meta: Metadata, mentions: Sequence[DocumentMention], gazetteer: Gazetteer
) -> RoleGraph:
    """The agency roles of the document's tasks (loaders/roles), as edges and agency nodes."""
    roles = task_roles(doc, meta.issuers, mentions, gazetteer)
    return RoleGraph.of(roles, document_id(doc.slug), gazetteer)


def _task_kind(doc: ParsedDocument, task: TaskSpan, units: UnitIndex) -> str:
    """article (a law's), directive (a numbered item or bullet) or sentence."""
    if doc.layout == "law":
        return "article"
    unit = units.innermost(task.start, task.end)
    kind = doc.units[unit].kind if unit is not None else "sentence"
    return "directive" if kind in ("item", "bullet") else "sentence"


def _outside_mention(doc: ParsedDocument, mention: DocumentMention) -> tuple[list[Node], Edge]:
    """A mention outside any task: an edge from its focus area, theme or document."""
    found = mention.found
    owner = _owner_id(doc.slug, mention.owner)
    unit = doc.units[mention.unit].kind if mention.unit is not None else None
    props: dict[str, PropValue] = {
        "document": document_id(doc.slug),
        "start": found.start,
        "end": found.end,
        "surface": found.surface,
        "relation": found.rel.value,
        "unit": unit,
    }
    new = [found.new_entity] if found.new_entity is not None else []
    return new, Edge(owner, Rel.MENTIONS, found.entity_id, mention_key(found.start), props)


def _owner_id(slug: str, owner: Owner) -> str:
    if owner.theme is None:
        return document_id(slug)
    if owner.area is None:
        return theme_id(slug, owner.theme)
    return area_id(slug, owner.theme, owner.area)


def _agency(name: str, doc: ParsedDocument, gazetteer: Gazetteer) -> Node:
    """A gazetteer agency when its name is known, else one named by the document."""
    known = gazetteer.surface_forms.get(name)
    if known is not None:
        return gazetteer.entity(known)
    return Node(
        entity_id(NodeType.AGENCY, name),
        NodeType.AGENCY,
        name,
        {
            "name_en": name,
            "aliases": [],
            "kind": "issuer",
            "source": f"document:{doc.slug}",
            "origin": "document",
        },
    )


def _publisher(doc: ParsedDocument, gazetteer: Gazetteer) -> Node | None:
    """The publishing agency: a gazetteer agency when its name is known, else a new one."""
    if not doc.publisher:
        return None
    known = gazetteer.surface_forms.get(doc.publisher)
    if known is not None:
        return gazetteer.entity(known)
    return Node(
        entity_id(NodeType.AGENCY, doc.publisher),
        NodeType.AGENCY,
        doc.publisher,
        {
            "name_en": doc.publisher,
            "aliases": [],
            "kind": "publisher",
            "source": f"document:{doc.slug}",
            "origin": "document",
        },
    )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
