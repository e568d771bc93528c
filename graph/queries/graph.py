"""Graph-shaped queries: the theme tree, the neighbourhood of a node, a shortest path."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from policykg.errors import InvalidQuery
from policykg.graph.assemble import path_steps
from policykg.graph.model import GraphData, NodeType
from policykg.graph.naming import natural_key
from policykg.graph.queries.document_set import document_set, outside
from policykg.graph.queries.entities import get_node, node_or_entity
from policykg.graph.queries.reader import GraphReader, StructureRow
from policykg.graph.results import (
    AreaCount,
    DocumentFacets,
    DocumentTree,
    NodeRef,
    PathResult,
    TaskHit,
    ThemeCount,
)

__all__ = ["bounded_neighborhood", "shortest_path", "theme_tree"]

_ALL_DOCUMENTS = DocumentFacets()


def theme_tree(reader: GraphReader) -> tuple[DocumentTree, ...]:
    """Documents (by id) > themes > focus areas (by ordinal), each with its number of tasks.

    Args:
        reader: the graph to read.
    """
    rows = reader.structure()
    docs = {r.doc: r.doc_name for r in rows}
    themes: dict[str, dict[str, StructureRow]] = defaultdict(dict)
    areas: dict[str, list[AreaCount]] = defaultdict(list)
    for r in rows:
        if r.theme is None:
            continue
        themes[r.doc][r.theme] = r
        if r.area is not None:
            areas[r.theme].append(AreaCount(r.area, r.area_ordinal, r.area_name, r.tasks))
    trees = []
    for doc in sorted(docs):
        counts = []
        for theme_id, t in sorted(
            themes[doc].items(), key=lambda kv: natural_key(kv[1].theme_ordinal)
        ):
            inside = tuple(sorted(areas[theme_id], key=lambda a: natural_key(a.ordinal)))
            total = sum(a.task_count for a in inside)
            counts.append(ThemeCount(theme_id, t.theme_ordinal, t.theme_name, total, inside))
        total = sum(t.task_count for t in counts)
        trees.append(DocumentTree(doc, docs[doc], total, tuple(counts)))
    return tuple(trees)


def bounded_neighborhood(
    reader: GraphReader,
    center: str,
    depth: int = 1,
    types: Sequence[NodeType] = (),
    limit: int = 200,
    facets: DocumentFacets = _ALL_DOCUMENTS,
) -> tuple[GraphData, bool]:
    """The nodes within `depth` hops of `center` (either direction), nearest first, then by id,
    and whether `limit` cut them short (more nodes were in reach).

    Args:
        reader: the graph to read.
        center: a node id, or an entity's name.
        depth: hops from the centre.
        types: keep only nodes of these types (the centre always stays); () keeps all.
        limit: at most this many nodes, nearest first.
        facets: the walk does not enter the documents, themes, focus areas and tasks of the
            documents these drop (graph.queries.document_set); the centre always stays.
    """
    start = node_or_entity(reader, center)
    kept = document_set(reader, facets)
    distance = {start: 0}
    kinds: dict[str, str] = {}
    frontier = [start]
    for level in range(1, depth + 1):
        if not frontier:
            break
        found = reader.neighbours(frontier)
        if kept is not None:
            found = {n: kind for n, kind in found.items() if not outside(kept, n, kind)}
        kinds.update(found)
        frontier = sorted(n for n in found if n not in distance)
        for node in frontier:
            distance[node] = level
    wanted = {t.value for t in types}
    keep = [n for n in distance if n == start or not wanted or kinds.get(n) in wanted]
    return reader.subgraph(sorted(keep, key=lambda n: (distance[n], n))[:limit]), len(keep) > limit


def shortest_path(reader: GraphReader, source: str, target: str, max_hops: int = 6) -> PathResult:
    """The shortest path ignoring direction (the smallest sequence of ids among the shortest),
    with the edge behind each hop; InvalidQuery when none has at most `max_hops` hops.

    Args:
        reader: the graph to read.
        source: a node id or an entity's name.
        target: a node id or an entity's name.
        max_hops: the longest path looked for.
    """
    a, b = node_or_entity(reader, source), node_or_entity(reader, target)
    if a == b:
        node = get_node(reader, a)
        return PathResult((NodeRef(node.id, node.name, node.type),), (), _tasks_on(reader, (a,)))
    found = reader.shortest_paths(a, b, max_hops) if max_hops >= 1 else []
    if not found:
        raise InvalidQuery(f"no path of at most {max_hops} hops between {a} and {b}")
    best = min(found)
    sub = reader.subgraph(best)
    names = {n.id: n for n in sub.nodes}
    refs = tuple(NodeRef(n, names[n].name, names[n].type) for n in best)
    return PathResult(refs, path_steps(best, sub.edges), _tasks_on(reader, best))


def _tasks_on(reader: GraphReader, path: Sequence[str]) -> tuple[TaskHit, ...]:
    hits = {hit.id: hit for hit in reader.task_hits(path)}
    return tuple(hits[n] for n in path if n in hits)
