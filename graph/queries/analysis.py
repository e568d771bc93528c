"""Tables over the whole graph: co-occurrence of entity types, rankings of entities."""

from __future__ import annotations

from dataclasses import replace

from policykg.graph.model import NodeType
from policykg.graph.queries.reader import GraphReader
from policykg.graph.results import Cell, RankBy, Ranked


def cooccurrence(reader: GraphReader, rows: NodeType, cols: NodeType) -> tuple[Cell, ...]:
    """Pairs of entities named by the same tasks: most tasks first, then by row and column id."""
    cells = [replace(c, task_ids=tuple(sorted(c.task_ids))) for c in reader.pairings(rows, cols)]
    cells.sort(key=lambda cell: (-cell.count, cell.row.id, cell.col.id))
    return tuple(cells)


def rankings(
    reader: GraphReader, node_type: NodeType, by: RankBy = "tasks", limit: int = 20
) -> tuple[Ranked, ...]:
    """Entities of one type, highest score first, ties by id.

    Args:
        reader: the graph.
        node_type: the entity type ranked.
        by: "tasks" (tasks naming it), "degree" (distinct neighbours) or "betweenness".
        limit: at most this many entities.
    """
    scores = reader.scores(node_type, by)
    ranked = sorted(scores, key=lambda n: (-scores[n][1], n))[:limit]
    return tuple(Ranked(n, scores[n][0], node_type, scores[n][1]) for n in ranked)
