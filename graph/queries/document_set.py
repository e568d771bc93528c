"""The part of the graph a set of documents holds: what faceted maps and rankings look at.

With document facets (graph.queries.facets), a question about the whole graph becomes a question
about the documents they keep. Their part of the graph is:
- their own nodes (`outline`): each kept Document, its themes, focus areas and tasks;
- the entities their tasks name (`entities`: an entity with a mention edge from a kept task).
An entity that only other documents' tasks name, or that only the gazetteer's hierarchy or a
title mention reaches, is not in it.

Who uses it:
- rankings by degree and betweenness (graph.queries.analysis) score entities on the kept tasks
  and the entities they name, with the edges among them (mentions; hierarchy edges between two
  named entities): `rankings --by degree --kind law` is the degree within the laws' tasks;
- the whole map with facets (`document_set_graph`): the kept documents' outline and the entities
  their tasks name;
- the ego walk (graph.queries.graph) does not enter a Document, Theme, FocusArea or Task of a
  document the facets drop: 黄河's map with `--kind law` reaches 山东 through the laws' tasks only.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.budget import checked
from policykg.graph.model import ENTITY_TYPES, STRUCTURE_TYPES, GraphData
from policykg.graph.queries.facets import selected_documents
from policykg.graph.queries.reader import GraphReader, TaskFilters
from policykg.graph.results import DocumentFacets

__all__ = ["DocumentSet", "document_set", "document_set_graph", "outside"]

_ENTITY_TYPES = frozenset(t.value for t in ENTITY_TYPES)
_STRUCTURE_TYPES = frozenset(t.value for t in STRUCTURE_TYPES)


@dataclass(frozen=True)
class DocumentSet:
    """The part of the graph of the documents some facets keep.

    Attributes:
        documents: the kept documents' ids.
        outline: their Document, Theme, FocusArea and Task nodes.
        tasks: their Task nodes (a part of `outline`).
        entities: the entities their tasks name.
    """

    documents: frozenset[str]
    outline: frozenset[str]
    tasks: frozenset[str]
    entities: frozenset[str]


def document_set(reader: GraphReader, facets: DocumentFacets) -> DocumentSet | None:
    """The part of the graph the facets keep; None when they keep every document.

    Args:
        reader: the graph to read.
        facets: which documents to keep.
    """
    documents = selected_documents(reader, facets)
    if documents is None:
        return None
    return reader.cached(("document set", documents), lambda: _collect(reader, documents))


def document_set_graph(reader: GraphReader, facets: DocumentFacets) -> GraphData:
    """The kept documents' outline and the entities their tasks name, with every edge among
    them; the whole graph when the facets keep every document.

    Args:
        reader: the graph to read.
        facets: which documents to keep.
    """
    kept = document_set(reader, facets)
    if kept is None:
        return reader.dump()
    return reader.subgraph(kept.outline | kept.entities)


def outside(kept: DocumentSet, node_id: str, node_type: str) -> bool:
    """Whether a node belongs to a document the facets drop (entities belong to none).

    Args:
        kept: what the facets keep.
        node_id: the node's id.
        node_type: the node's type (its value, such as 'Task').
    """
    return node_type in _STRUCTURE_TYPES and node_id not in kept.outline


def _collect(reader: GraphReader, documents: frozenset[str]) -> DocumentSet:
    tasks = frozenset(reader.task_documents(None, TaskFilters(documents=documents)))
    outline = set(documents) | tasks
    for row in checked(reader.structure(), every=4096):
        if row.doc in documents:
            outline.update(n for n in (row.theme, row.area) if n is not None)
    named = reader.neighbours(sorted(tasks)) if tasks else {}
    entities = frozenset(n for n, kind in named.items() if kind in _ENTITY_TYPES)
    return DocumentSet(documents, frozenset(outline), tasks, entities)
