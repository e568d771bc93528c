"""Task queries: tasks touching entities (with hierarchy expansion), filtered and paged, and
one task in context. How a task matches, and which path it reports, is decided here once."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from policykg.budget import check
from policykg.errors import NodeNotFound
from policykg.graph.assemble import better
from policykg.graph.model import NodeType
from policykg.graph.queries.entities import lookup_of, resolve
from policykg.graph.queries.facets import selected_documents
from policykg.graph.queries.paging import window
from policykg.graph.queries.reader import ClosurePage, GraphReader, TaskFilters
from policykg.graph.queries.role_facet import role_tasks
from policykg.graph.results import (
    Match,
    MatchKind,
    NodeRef,
    Page,
    TaskDetail,
    TaskHit,
    TaskQuery,
)

__all__ = [
    "Reach",
    "Term",
    "candidate_tasks",
    "hierarchy_paths",
    "paths_from_links",
    "resolve_term",
    "task_detail",
    "task_filters",
    "tasks",
]


def hierarchy_paths(reader: GraphReader, start: str, down: bool) -> dict[str, tuple[str, ...]]:
    """Every entity reachable from `start` over PART_OF / IS_A (down: its narrower ones, else
    its broader ones), with its best path from `start` (`paths_from_links` of the links one
    `hierarchy_links` call gives).

    Args:
        reader: the graph to read.
        start: the entity's id.
        down: True for narrower entities, False for broader ones.
    """
    return paths_from_links(start, reader.hierarchy_links(start, down))


def paths_from_links(start: str, links: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Every entity the hierarchy links reach from `start`, with its best path from `start`:
    the shortest, ties broken by the smaller sequence of ids.

    A breadth-first walk level by level gives exactly that path: a node first reached at level
    k+1 takes, among its parents at level k, the one with the smallest path.

    Args:
        start: the entity's id.
        links: (id, next id) steps in one direction, in any order.

    >>> paths_from_links("a", [("b", "d"), ("a", "c"), ("c", "d"), ("a", "b")])
    {'c': ('a', 'c'), 'b': ('a', 'b'), 'd': ('a', 'b', 'd')}
    """
    steps: dict[str, list[str]] = {}
    for source, node in links:
        steps.setdefault(source, []).append(node)
    best: dict[str, tuple[str, ...]] = {start: (start,)}
    frontier = [start]
    while frontier:
        check()  # a request's time budget (policykg.budget) stops a long walk
        offered: dict[str, tuple[str, ...]] = {}
        for source in frontier:
            for node in steps.get(source, ()):
                if node in best:
                    continue
                path = (*best[source], node)
                current = offered.get(node)
                if current is None or path < current:
                    offered[node] = path
        best.update(offered)
        frontier = sorted(offered)
    del best[start]
    return best


@dataclass(frozen=True)
class Reach:
    """A resolved entity and the hierarchy paths to what lies below and above it (as far as
    the expansion asks): how a task naming some entities answers a term."""

    entity: str
    narrower: Mapping[str, tuple[str, ...]]
    broader: Mapping[str, tuple[str, ...]]

    def match(self, named: Iterable[str]) -> Match | None:
        """The best way a task naming the entities `named` answers this term (None: not at
        all): direct beats narrower beats broader, then the shorter path, then smaller ids.

        Args:
            named: the ids of the entities a task names.
        """
        best: Match | None = None
        for entity in named:
            if entity == self.entity:
                found = Match(self.entity, MatchKind.DIRECT, (self.entity,))
            elif entity in self.narrower:
                found = Match(self.entity, MatchKind.NARROWER, self.narrower[entity])
            elif entity in self.broader:
                found = Match(self.entity, MatchKind.BROADER, self.broader[entity])
            else:
                continue
            if better(found, best):
                best = found
        return best


@dataclass(frozen=True)
class Term(Reach):
    """One `touches` term resolved: its reach, and the tasks naming any entity of it."""

    tasks: frozenset[str]
    direct: frozenset[str] = frozenset()  # the tasks naming the entity itself


def resolve_term(reader: GraphReader, term: str, expand: str) -> Term:
    """Resolve a term and walk the hierarchy from it; the tasks come as ids only.

    Args:
        reader: the graph to read.
        term: an entity's id, name, English name or alias.
        expand: "narrower", "broader", "both" or "none".
    """
    entity = resolve(reader, term).id
    narrower = hierarchy_paths(reader, entity, True) if expand in ("narrower", "both") else {}
    broader = hierarchy_paths(reader, entity, False) if expand in ("broader", "both") else {}
    named = reader.tasks_naming([entity, *narrower, *broader])
    return Term(
        entity,
        narrower,
        broader,
        frozenset().union(*named.values()),
        frozenset(named.get(entity, ())),
    )


def tasks(reader: GraphReader, query: TaskQuery) -> Page[TaskHit]:
    """Tasks in document order, those touching `query.touches` when given, filtered and paged.

    Each hit carries one Match per term it answers (how, and through which path); matches are
    worked out for the tasks of the page only.

    Args:
        reader: the graph to read.
        query: the terms, expansion, filters, page and document facets.
    """
    offset, limit = window(query.offset, query.limit)
    if _one_term(query):
        return _closure_page(reader, query, offset, limit)
    terms, candidates = candidate_tasks(reader, query)
    filters = task_filters(reader, query)
    if candidates == frozenset() or filters.documents == frozenset():
        return Page(0, query.limit, query.offset, ())
    total, page = reader.task_page(candidates, filters, offset, limit)
    hits = reader.task_hits(page)
    items = tuple(_with_matches(hit, terms) for hit in hits)
    return Page(total, query.limit, query.offset, items)


def _one_term(query: TaskQuery) -> bool:
    """A question of one term without filters, facets or roles: its page is one page of the
    term's closure (GraphReader.closure_pages), whatever the number of tasks touching it."""
    return (
        len(query.touches) == 1
        and query.theme is None
        and query.area is None
        and query.action_type is None
        and query.text is None
        and query.facets.empty
        and not query.roles
        and query.agency is None
    )


def _closure_page(reader: GraphReader, query: TaskQuery, offset: int, limit: int) -> Page[TaskHit]:
    """A one-term question's page (how each task matches memoised per graph version; the
    rows come from task_hits, which a store may keep)."""
    (term,) = query.touches
    total, matched = reader.cached(
        ("touches", term, query.expand, offset, limit),
        partial(_closure_matches, reader, term, query.expand, offset, limit),
    )
    matches = dict(matched)
    hits = reader.task_hits(list(matches))
    items = tuple(dataclasses.replace(h, matches=matches[h.id]) for h in hits)
    return Page(total, query.limit, query.offset, items)


def _closure_matches(
    reader: GraphReader, term: str, expand: str, offset: int, limit: int
) -> tuple[int, tuple[tuple[str, tuple[Match, ...]], ...]]:
    """(tasks in all, each task of the page with how it matches): the page of every entity
    the term may name is read at once, then the term is resolved (from what that read)."""
    lookup = lookup_of(term)
    below, above = expand in ("narrower", "both"), expand in ("broader", "both")
    pages: dict[str, ClosurePage] = {}
    if lookup is not None:
        found = reader.closure_pages(lookup, below, above, offset, limit)
        pages = {p.entity: p for p in found}
    page = pages[resolve(reader, term).id]
    reach = Reach(
        page.entity,
        paths_from_links(page.entity, page.below),
        paths_from_links(page.entity, page.above),
    )
    hits = reader.task_hits(page.page)
    return page.total, tuple((h.id, _with_matches(h, [reach]).matches) for h in hits)


def candidate_tasks(
    reader: GraphReader, query: TaskQuery
) -> tuple[list[Term], frozenset[str] | None]:
    """The query's terms resolved, and the tasks that answer them and pass the agency-role
    facet (None: neither asked, any task), before the filters.

    Args:
        reader: the graph to read.
        query: the terms, expansion and agency-role facet.
    """
    kept = role_tasks(reader, query.roles, query.agency)
    terms, found = _term_tasks(reader, query)
    if kept is None:
        return terms, found
    return terms, kept if found is None else found & kept


def _term_tasks(reader: GraphReader, query: TaskQuery) -> tuple[list[Term], frozenset[str] | None]:
    terms = [
        reader.cached(
            ("term", term, query.expand), partial(resolve_term, reader, term, query.expand)
        )
        for term in query.touches
    ]
    if not terms:
        return terms, None
    sets = [t.tasks for t in terms]
    if len(sets) == 1:
        return terms, sets[0]
    if query.match == "all":
        return terms, frozenset.intersection(*sets)
    return terms, frozenset().union(*sets)


def task_filters(reader: GraphReader, query: TaskQuery) -> TaskFilters:
    """The filters of a query on task properties and on its documents' facets.

    Args:
        reader: the graph to read (for the facets' documents).
        query: the query whose filters and facets are taken.
    """
    return TaskFilters(
        theme=None if query.theme is None else str(query.theme),
        area=query.area,
        action_type=query.action_type,
        text=query.text,
        documents=selected_documents(reader, query.facets),
    )


def _with_matches(hit: TaskHit, terms: Sequence[Reach]) -> TaskHit:
    if not terms:
        return hit
    named = {m.id for m in hit.entities}
    matches = tuple(m for m in (t.match(named) for t in terms) if m is not None)
    return dataclasses.replace(hit, matches=matches)


def task_detail(reader: GraphReader, task_id: str) -> TaskDetail:
    """One task with its mentions and its breadcrumb document > theme > focus area.

    Args:
        reader: the graph to read.
        task_id: a Task node's id (NodeNotFound for any other).
    """
    node = reader.node(task_id)
    if node is None or node.type != NodeType.TASK:
        raise NodeNotFound(task_id)
    (hit,) = reader.task_hits([task_id])
    doc = NodeRef(hit.document.id, hit.document.title, NodeType.DOCUMENT)
    theme = NodeRef(hit.theme.id, hit.theme.name, NodeType.THEME)
    area = NodeRef(hit.area.id, hit.area.name, NodeType.FOCUS_AREA)
    return TaskDetail(
        hit,
        (doc, theme, area),
        _strings(node.props.get("deadlines")),
        _strings(node.props.get("targets")),
    )


def _strings(value: object) -> tuple[str, ...]:
    """A list property as strings (graphs built before a property existed lack it)."""
    return tuple(str(v) for v in value) if isinstance(value, list) else ()
