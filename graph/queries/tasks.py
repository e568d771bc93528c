"""Task queries: tasks touching entities (with hierarchy expansion), filtered and paged, and
one task in context. How a task matches, and which path it reports, is decided here once."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from policykg.errors import NodeNotFound
from policykg.graph.assemble import combine, matches_for_term
from policykg.graph.model import NodeType
from policykg.graph.queries.entities import get_node, resolve
from policykg.graph.queries.paging import window
from policykg.graph.queries.reader import GraphReader, TaskFilters
from policykg.graph.results import Match, NodeRef, Page, TaskDetail, TaskHit, TaskQuery


def hierarchy_paths(reader: GraphReader, start: str, down: bool) -> dict[str, tuple[str, ...]]:
    """Every entity reachable from `start` over PART_OF / IS_A (down: its narrower ones, else
    its broader ones), with its best path from `start`: the shortest, ties broken by the
    smaller sequence of ids. One step of the hierarchy per reader call.

    A breadth-first walk level by level gives exactly that path: a node first reached at level
    k+1 takes, among its parents at level k, the one with the smallest path.
    """
    best: dict[str, tuple[str, ...]] = {start: (start,)}
    frontier = [start]
    while frontier:
        offered: dict[str, tuple[str, ...]] = {}
        for source, relative in reader.relatives(frontier, down):
            if relative.id in best:
                continue
            path = (*best[source], relative.id)
            current = offered.get(relative.id)
            if current is None or path < current:
                offered[relative.id] = path
        best.update(offered)
        frontier = sorted(offered)
    del best[start]
    return best


def term_matches(reader: GraphReader, term: str, expand: str) -> dict[str, Match]:
    """Task id -> the best Match of the tasks touching one term."""
    entity = resolve(reader, term).id
    narrower = hierarchy_paths(reader, entity, True) if expand in ("narrower", "both") else {}
    broader = hierarchy_paths(reader, entity, False) if expand in ("broader", "both") else {}
    named = reader.tasks_naming([entity, *narrower, *broader])
    return matches_for_term(entity, named, narrower, broader)


def tasks(reader: GraphReader, query: TaskQuery) -> Page[TaskHit]:
    """Tasks in document order, those touching `query.touches` when given, filtered and paged.

    Each hit carries one Match per term it answers (how, and through which path).
    """
    offset, limit = window(query.offset, query.limit)
    matched: dict[str, tuple[Match, ...]] = {}
    candidates: list[str] | None = None
    if query.touches:
        per_term = [term_matches(reader, term, query.expand) for term in query.touches]
        matched = combine(per_term, query.match)
        if not matched:
            return Page(0, ())
        candidates = sorted(matched)
    filters = TaskFilters(
        theme=None if query.theme is None else str(query.theme),
        area=query.area,
        action_type=query.action_type,
        text=query.text,
    )
    total, page = reader.task_page(candidates, filters, offset, limit)
    hits = reader.task_hits(page)
    return Page(total, tuple(_with_matches(h, matched.get(h.id, ())) for h in hits))


def _with_matches(hit: TaskHit, matches: Sequence[Match]) -> TaskHit:
    return dataclasses.replace(hit, matches=tuple(matches)) if matches else hit


def task_detail(reader: GraphReader, task_id: str) -> TaskDetail:
    """One task with its mentions and its breadcrumb document > theme > focus area."""
    node = reader.node(task_id)
    if node is None or node.type != NodeType.TASK:
        raise NodeNotFound(task_id)
    (hit,) = reader.task_hits([task_id])
    doc = get_node(reader, hit.document)
    return TaskDetail(hit, (NodeRef(doc.id, doc.name, doc.type), hit.theme, hit.area))
