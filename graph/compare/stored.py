"""A document of the graph as a unit list: its tasks, with the entities their mention edges name.

The graph keeps what a comparison needs: every Task node has its text (an article's text starts
with its printed `第X条` label), its kind, its place (`seq`) and its document; its mention edges
name its entities. A law's articles become units labelled `第X条` with the label cut from the
text, as `policykg compare` cuts them from the file; any other document's tasks become units
labelled by their ordinal (`2.1.3`).

The walk uses the reader's one-step primitives only: Document -> Theme -> FocusArea -> Task
(structure nodes of this document only), then each task's out-edges to entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from policykg.errors import NodeNotFound
from policykg.graph.compare.answers import UnitKind
from policykg.graph.compare.model import Unit
from policykg.graph.model import Node, NodeType
from policykg.graph.queries.reader import GraphReader
from policykg.graph.results import NodeRef

__all__ = ["StoredDocument", "stored_document"]

_STRUCTURE = frozenset({NodeType.THEME.value, NodeType.FOCUS_AREA.value, NodeType.TASK.value})
_ARTICLE_LABEL = re.compile(
    r"第[零〇一二三四五六七八九十百千万\d]+条(?:之[一二三四五六七八九十]+)?"
)


@dataclass(frozen=True)
class StoredDocument:
    """One document of the graph, cut into units (`unit_kind` "article" or "task")."""

    id: str
    title: str
    script: str
    unit_kind: UnitKind
    units: tuple[Unit, ...]


def stored_document(reader: GraphReader, document: str) -> StoredDocument:
    """The document with this id as units (none for a document without tasks); NodeNotFound
    when there is no such document.

    Args:
        reader: the graph to read.
        document: the Document node's id.
    """
    node = reader.node(document)
    if node is None or node.type is not NodeType.DOCUMENT:
        raise NodeNotFound(document)
    tasks = _tasks(reader, document)
    articles = [t for t in tasks if t.props.get("kind") == "article"]
    as_articles = node.props.get("layout") == "law" and bool(articles)
    if as_articles:  # as `policykg compare` reads a law: its articles only
        tasks = articles
    entities = _entities(reader, [t.id for t in tasks])
    units = tuple(_unit(t, entities.get(t.id, frozenset()), as_article=as_articles) for t in tasks)
    return StoredDocument(
        id=document,
        title=node.name,
        script=str(node.props.get("script", "")),
        unit_kind="article" if as_articles else "task",
        units=units,
    )


def _tasks(reader: GraphReader, document: str) -> list[Node]:
    """The document's Task nodes in document order."""
    seen: set[str] = {document}
    frontier = [document]
    task_ids: list[str] = []
    while frontier:
        found = reader.neighbours(frontier)
        frontier = [n for n, kind in sorted(found.items()) if kind in _STRUCTURE and n not in seen]
        seen.update(frontier)
        task_ids += [n for n in frontier if found[n] == NodeType.TASK.value]
        frontier = [n for n in frontier if found[n] != NodeType.TASK.value]
    nodes = reader.subgraph(task_ids).nodes
    mine = [n for n in nodes if n.props.get("document") == document]
    return sorted(mine, key=lambda n: (_int(n.props.get("seq")), n.id))


def _entities(reader: GraphReader, task_ids: Sequence[str]) -> dict[str, frozenset[NodeRef]]:
    """Task id -> the entities its out-edges reach (its mentions)."""
    around = reader.neighbours(task_ids)
    entity_ids = [n for n, kind in around.items() if kind not in _STRUCTURE and kind != "Document"]
    data = reader.subgraph([*task_ids, *entity_ids])
    names = {n.id: n for n in data.nodes}
    wanted = set(task_ids)
    found: dict[str, set[NodeRef]] = {}
    for edge in data.edges:
        target = names.get(edge.target)
        if edge.source in wanted and target is not None and target.id not in wanted:
            ref = NodeRef(target.id, target.name, target.type)
            found.setdefault(edge.source, set()).add(ref)
    return {task: frozenset(refs) for task, refs in found.items()}


def _unit(task: Node, entities: frozenset[NodeRef], *, as_article: bool) -> Unit:
    text = str(task.props.get("text", task.name))
    if as_article:
        label = _ARTICLE_LABEL.match(text)
        if label is not None:
            return Unit(task.id, label.group(), text[label.end() :].strip(), entities)
    return Unit(task.id, str(task.props.get("ordinal", task.id)), text, entities)


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0
