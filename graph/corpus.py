"""A corpus graph as the sum of its documents: what each one owns, what it shares with others,
and what adding or removing documents changes.

One document's part of the graph (what the loaders make of it) splits in two:

- **owned**: its Document node and the nodes that carry `document: <its id>` (themes, focus
  areas, tasks), with every edge that touches one of them (mentions, INVOLVES, HAS_TASK …);
- **shared**: what other documents may name too: entities no gazetteer lists (found by a
  pattern, or agencies the document names) and the links its roles add between entities
  (PART_OF, SEATED_IN, FILLED_BY).

The whole graph is `GraphData.of(gazetteer + parts in the order of their document ids)`: where
two parts give one shared node or edge, the later document's wins, as in any merge of GraphData.
The order of ids, not of files, so that the same documents give the same graph on any machine.

A Document node keeps a record of its shared part (the `shared` property, compact JSON), so that
removing a document recomputes the shared nodes and edges from the records of those that stay,
without reading them again: adding and removing give exactly the graph that a clean build of
the same documents gives. A graph built without the records needs a rebuild: they cannot be
derived from it (a shared entity keeps only the last document's version, a link between two
entities does not say which document made it, and extracting the stored texts again would use
today's extractor, not the one that built the graph).

>>> from policykg.graph.model import Edge, GraphData, Node, NodeType, Rel
>>> def doc(slug, entity):
...     d = f"doc:{slug}"
...     nodes = [Node(d, NodeType.DOCUMENT, slug), Node(f"task:{slug}:1", NodeType.TASK, "t",
...              {"document": d}), Node(entity, NodeType.PROGRAM, entity[8:], {"source": d})]
...     return document_part(d, nodes, [Edge(f"task:{slug}:1", Rel.ADVANCES, entity)])
>>> base = GraphData.of([], [])
>>> a, b = doc("a", "program:x"), doc("b", "program:x")
>>> both = assemble(base, [a, b])
>>> [n.props.get("source") for n in both.nodes if n.id == "program:x"]
['doc:b']
>>> change = plan_change(base, {p.document_id: p.document for p in (a, b)}, ["doc:b"], [])
>>> [n.props.get("source") for n in change.nodes], change.dropped_nodes
(['doc:a'], ())
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from policykg.errors import DocumentError, NodeNotFound
from policykg.graph.model import Edge, GraphData, Node, NodeType, Rel

__all__ = ["RECORD", "Change", "DocumentPart", "assemble", "document_part", "plan_change"]

#: The Document node's property that records its shared part.
RECORD = "shared"

_EdgeIdent = tuple[str, str, str, str]  # (source, relation, target, key): Edge.ident


@dataclass(frozen=True)
class DocumentPart:
    """One document's part of the graph, split into what it owns and what it shares."""

    document: Node  # with its RECORD property
    owned_nodes: tuple[Node, ...]  # the Document node first
    owned_edges: tuple[Edge, ...]
    shared_nodes: tuple[Node, ...]
    shared_edges: tuple[Edge, ...]

    @property
    def document_id(self) -> str:
        return self.document.id


@dataclass(frozen=True)
class Change:
    """What a store does to add and remove documents, all of it or nothing.

    In this order: delete the owned nodes of `removed` (and every edge touching them), delete
    `dropped_edges` and `dropped_nodes` (with their edges), then write `nodes` and `edges`,
    each replacing whatever had its id before.
    """

    removed: tuple[str, ...]
    dropped_edges: tuple[_EdgeIdent, ...]
    dropped_nodes: tuple[str, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()


def _owned_by(document_id: str, node: Node) -> bool:
    """Whether the node belongs to that document alone (its Document node, a theme, a task …).

    Args:
        document_id: the id of a Document node.
        node: any node of the graph.
    """
    return node.id == document_id or node.props.get("document") == document_id


def document_part(document_id: str, nodes: Iterable[Node], edges: Iterable[Edge]) -> DocumentPart:
    """Split one document's nodes and edges (later duplicates win) and record the shared part.

    Args:
        document_id: the id of the document's Document node (which must be among `nodes`).
        nodes: every node the document's extraction gave, shared entities included.
        edges: every edge the document's extraction gave.
    """
    node_map = {n.id: n for n in nodes}
    edge_map = {e.ident: e for e in edges}
    if document_id not in node_map:
        raise ValueError(f"the nodes of {document_id} do not include its Document node")
    owned = {i for i, n in node_map.items() if _owned_by(document_id, n)}
    shared_nodes = tuple(node_map[i] for i in sorted(node_map) if i not in owned)
    shared_edges = tuple(
        edge_map[k]
        for k in sorted(edge_map)
        if edge_map[k].source not in owned and edge_map[k].target not in owned
    )
    record = _shared_record(shared_nodes, shared_edges)
    document = node_map[document_id]
    document = replace(document, props={**document.props, RECORD: record})
    owned_nodes = (document, *(node_map[i] for i in sorted(owned) if i != document_id))
    owned_edges = tuple(
        edge_map[k]
        for k in sorted(edge_map)
        if edge_map[k].source in owned or edge_map[k].target in owned
    )
    return DocumentPart(document, owned_nodes, owned_edges, shared_nodes, shared_edges)


def assemble(base: GraphData, parts: Iterable[DocumentPart]) -> GraphData:
    """The graph of `base` (the gazetteers) and these documents: what a clean build gives.

    Args:
        base: the graph of the gazetteers alone.
        parts: one part per document, in any order.
    """
    ordered = sorted(parts, key=lambda p: p.document_id)
    nodes = [*base.nodes]
    edges = [*base.edges]
    for part in ordered:
        nodes += part.shared_nodes
        nodes += part.owned_nodes
        edges += part.shared_edges
        edges += part.owned_edges
    return GraphData.of(nodes, edges)


def _shared_record(nodes: Iterable[Node], edges: Iterable[Edge]) -> str:
    """The RECORD value: the shared nodes and edges as compact JSON, in id order.

    Args:
        nodes: the document's shared nodes.
        edges: the document's shared edges.
    """
    payload = {
        "nodes": [[n.id, n.type.value, n.name, n.props] for n in sorted(nodes, key=_node_key)],
        "edges": [
            [e.source, e.target, e.type.value, e.key, e.props]
            for e in sorted(edges, key=lambda e: e.ident)
        ],
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _node_key(node: Node) -> str:
    return node.id


def _read_record(document: Node) -> tuple[list[Node], list[Edge]]:
    raw = document.props.get(RECORD)
    if not isinstance(raw, str):
        raise DocumentError(
            document.id,
            "this graph was built without the records that adding and removing documents "
            "need; rebuild it with `policykg build`",
        )
    payload = json.loads(raw)
    nodes = [Node(i, NodeType(t), name, props) for i, t, name, props in payload["nodes"]]
    edges = [Edge(s, Rel(r), t, k, props) for s, t, r, k, props in payload["edges"]]
    return nodes, edges


def plan_change(
    base: GraphData,
    documents: Mapping[str, Node],
    remove: Collection[str],
    add: Sequence[DocumentPart],
) -> Change:
    """What turns the graph of `documents` (their Document nodes, as stored) into the graph of
    those documents without `remove` and with `add`. An added document whose id is stored
    replaces it. NodeNotFound for an id in `remove` that is not a stored document.

    Args:
        base: the graph of the gazetteers alone.
        documents: the stored Document nodes by id (their RECORD property says what they share).
        remove: ids of stored documents to take out.
        add: documents to put in (a stored id is replaced).
    """
    for doc_id in remove:
        if doc_id not in documents:
            raise NodeNotFound(doc_id)
    added_ids = [p.document_id for p in add]
    if len(set(added_ids)) != len(added_ids):
        raise DocumentError(", ".join(added_ids), "two of the added documents share an id")
    replaced = tuple(i for i in added_ids if i in documents and i not in remove)
    gone = tuple(dict.fromkeys([*remove, *replaced]))
    old = {i: _read_record(documents[i]) for i in sorted(documents)}
    new = {i: rec for i, rec in old.items() if i not in gone}
    for part in add:
        new[part.document_id] = (list(part.shared_nodes), list(part.shared_edges))
    touched_nodes: set[str] = set()
    touched_edges: set[_EdgeIdent] = set()
    for rec in [
        *(old[i] for i in gone),
        *((list(p.shared_nodes), list(p.shared_edges)) for p in add),
    ]:
        touched_nodes.update(n.id for n in rec[0])
        touched_edges.update(e.ident for e in rec[1])
    old_nodes, old_edges = _shared_values(base, old, touched_nodes, touched_edges)
    new_nodes, new_edges = _shared_values(base, new, touched_nodes, touched_edges)
    nodes = [n for i, n in sorted(new_nodes.items()) if old_nodes.get(i) != n]
    edges = [e for k, e in sorted(new_edges.items()) if old_edges.get(k) != e]
    for part in sorted(add, key=lambda p: p.document_id):
        nodes += part.owned_nodes
        edges += part.owned_edges
    return Change(
        removed=gone,
        dropped_edges=tuple(sorted(k for k in old_edges if k not in new_edges)),
        dropped_nodes=tuple(sorted(i for i in old_nodes if i not in new_nodes)),
        nodes=tuple(nodes),
        edges=tuple(edges),
        added=tuple(i for i in added_ids if i not in replaced),
        replaced=replaced,
    )


def _shared_values(
    base: GraphData,
    records: Mapping[str, tuple[list[Node], list[Edge]]],
    node_ids: set[str],
    edge_ids: set[_EdgeIdent],
) -> tuple[dict[str, Node], dict[_EdgeIdent, Edge]]:
    """The values these shared ids take in the graph of `records`: base first, then each
    document in id order, the last one winning (as assemble merges)."""
    nodes = {n.id: n for n in base.nodes if n.id in node_ids}
    edges = {e.ident: e for e in base.edges if e.ident in edge_ids}
    for doc_id in sorted(records):
        rec_nodes, rec_edges = records[doc_id]
        nodes.update((n.id, n) for n in rec_nodes if n.id in node_ids)
        edges.update((e.ident, e) for e in rec_edges if e.ident in edge_ids)
    return nodes, edges
