"""Tables over the graph: co-occurrence of entity types, rankings of entities.

Both take document facets: with any, only the tasks of the documents they keep count (a cell
keeps the tasks of those documents, an entity scores the tasks of those documents naming it).
Rankings by degree and betweenness with facets are computed on the documents' part of the
graph (graph.queries.document_set: their tasks, the entities those name, the edges among them)
instead of the whole graph; an entity outside it scores 0.
"""

from __future__ import annotations

from dataclasses import replace

from policykg.graph.model import NodeType
from policykg.graph.queries.document_set import DocumentSet, document_set
from policykg.graph.queries.facets import selected_documents
from policykg.graph.queries.reader import GraphReader, TaskFilters
from policykg.graph.results import Cell, DocumentFacets, RankBy, Ranked

__all__ = ["cooccurrence", "rankings"]

_NO_FACETS = DocumentFacets()


def cooccurrence(
    reader: GraphReader, rows: NodeType, cols: NodeType, facets: DocumentFacets = _NO_FACETS
) -> tuple[Cell, ...]:
    """Pairs of entities named by the same tasks (of the documents the facets keep): most
    tasks first, then by row and column id.

    Args:
        reader: the graph to read.
        rows: the entity type of the rows.
        cols: the entity type of the columns.
        facets: the documents whose tasks count (the default: every one).
    """
    kept = _facet_tasks(reader, facets)
    cells = []
    for cell in reader.pairings(rows, cols):
        task_ids = tuple(sorted(t for t in cell.task_ids if kept is None or t in kept))
        if task_ids:
            cells.append(replace(cell, count=len(task_ids), task_ids=task_ids))
    cells.sort(key=lambda cell: (-cell.count, cell.row.id, cell.col.id))
    return tuple(cells)


def rankings(
    reader: GraphReader,
    node_type: NodeType,
    by: RankBy = "tasks",
    limit: int = 20,
    facets: DocumentFacets = _NO_FACETS,
) -> tuple[Ranked, ...]:
    """Entities of one type, highest score first, ties by id.

    Args:
        reader: the graph.
        node_type: the entity type ranked.
        by: "tasks" (tasks naming it), "degree" (distinct neighbours) or "betweenness".
        limit: at most this many entities.
        facets: only the tasks of these documents count: "tasks" counts theirs, "degree" and
            "betweenness" are computed on their part of the graph (document_set).
    """
    part = None if by == "tasks" else document_set(reader, facets)
    if part is not None:
        scores = _scores_within(reader, part, node_type, by)
    else:
        scores = reader.scores(node_type, by)
        kept = _facet_tasks(reader, facets)
        if kept is not None:
            naming = reader.tasks_naming(scores)
            scores = {
                n: (name, float(sum(t in kept for t in naming.get(n, ()))))
                for n, (name, _) in scores.items()
            }
    ranked = sorted(scores, key=lambda n: (-scores[n][1], n))[:limit]
    return tuple(Ranked(n, scores[n][0], node_type, scores[n][1]) for n in ranked)


def _scores_within(
    reader: GraphReader, part: DocumentSet, node_type: NodeType, by: RankBy
) -> dict[str, tuple[str, float]]:
    """Entity id -> (name, score) for every entity of the type, by degree or betweenness on
    the tasks of a document set and the entities they name (0 outside it)."""

    def compute() -> dict[str, float]:
        from policykg.graph.centrality import scores, undirected  # networkx only when asked

        return scores(undirected(reader.subgraph(part.tasks | part.entities)), by)

    found = reader.cached(("document set scores", part.documents, by), compute)
    # by="tasks" is the cheap way to every entity of the type with its name
    return {
        n: (name, found.get(n, 0.0)) for n, (name, _) in reader.scores(node_type, "tasks").items()
    }


def _facet_tasks(reader: GraphReader, facets: DocumentFacets) -> frozenset[str] | None:
    """The ids of the tasks of the documents the facets keep; None when they keep all."""
    documents = selected_documents(reader, facets)
    if documents is None:
        return None
    return frozenset(reader.task_documents(None, TaskFilters(documents=documents)))
