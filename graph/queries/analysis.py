"""Tables over the graph: co-occurrence of entity types, rankings of entities.

Both take document facets: with any, only the tasks of the documents they keep count (a cell
keeps the tasks of those documents, an entity scores the tasks of those documents naming it).
"""

from __future__ import annotations

from dataclasses import replace

from policykg.errors import InvalidQuery
from policykg.graph.model import NodeType
from policykg.graph.queries.facets import selected_documents
from policykg.graph.queries.reader import GraphReader, TaskFilters
from policykg.graph.results import Cell, DocumentFacets, RankBy, Ranked

_NO_FACETS = DocumentFacets()


def cooccurrence(
    reader: GraphReader, rows: NodeType, cols: NodeType, facets: DocumentFacets = _NO_FACETS
) -> tuple[Cell, ...]:
    """Pairs of entities named by the same tasks (of the documents the facets keep): most
    tasks first, then by row and column id."""
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
        facets: only the tasks of these documents count ("tasks" only: the centralities are
            of the whole graph).
    """
    kept = _facet_tasks(reader, facets)
    if kept is not None and by != "tasks":
        raise InvalidQuery(
            f"rankings by {by} are of the whole graph: document facets need by=tasks"
        )
    scores = reader.scores(node_type, by)
    if kept is not None:
        naming = reader.tasks_naming(scores)
        scores = {
            n: (name, float(sum(t in kept for t in naming.get(n, ()))))
            for n, (name, _) in scores.items()
        }
    ranked = sorted(scores, key=lambda n: (-scores[n][1], n))[:limit]
    return tuple(Ranked(n, scores[n][0], node_type, scores[n][1]) for n in ranked)


def _facet_tasks(reader: GraphReader, facets: DocumentFacets) -> frozenset[str] | None:
    """The ids of the tasks of the documents the facets keep; None when they keep all."""
    documents = selected_documents(reader, facets)
    if documents is None:
        return None
    return frozenset(reader.task_documents(None, TaskFilters(documents=documents)))
