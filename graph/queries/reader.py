"""What a store must answer for the queries: the primitives that differ between stores.

Each query of graph.queries is written once against `GraphReader`; a store implements these
lookups, walks of one step and page reads over its own data (networkx index tables, or Cypher in
one read transaction). Everything shared (name tiers, search tiers, hierarchy paths, matches,
ordering, paging, path choice) lives in the query modules, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from policykg.graph.model import ENTITY_TYPES, GraphData, Node, NodeType, PropValue
from policykg.graph.naming import NameRow
from policykg.graph.results import Cell, GraphStats, RankBy, Relative, RoleHit, TaskHit

__all__ = [
    "ClosurePage",
    "DocumentRow",
    "EntityLookup",
    "GraphReader",
    "RoleRow",
    "StepwiseReader",
    "StructureRow",
    "TaskFilters",
]

_T = TypeVar("_T")


@dataclass(frozen=True)
class TaskFilters:
    """Filters on task properties; None leaves a filter out.

    Attributes:
        theme: a theme ordinal ("2").
        area: a FocusArea id, or an ordinal such as "2.1" when no node has that id.
        action_type: the task's action type (rule-making, implementation …).
        text: a substring of the task sentence.
        documents: only tasks of these documents (None: of any document).
    """

    theme: str | None = None
    area: str | None = None
    action_type: str | None = None
    text: str | None = None
    documents: frozenset[str] | None = None


@dataclass(frozen=True)
class DocumentRow:
    """One Document node: its title, its metadata (graph.assemble.DOCUMENT_FIELDS that it
    has) and its number of tasks."""

    id: str
    title: str
    props: Mapping[str, PropValue]
    tasks: int


@dataclass(frozen=True)
class StructureRow:
    """One focus area with its theme, document and number of tasks (theme or area may be None
    for a document without themes or a theme without areas)."""

    doc: str
    doc_name: str
    theme: str | None
    theme_ordinal: str
    theme_name: str
    area: str | None
    area_ordinal: str
    area_name: str
    tasks: int


@dataclass(frozen=True)
class EntityLookup:
    """The entities a term may name (graph.queries.entities.lookup_of): the node of `id` if
    it is an entity, and those with a name, English name or alias that folds to `folded`.

    Attributes:
        id: the term as an id (None when it does not look like an entity id).
        folded: the term folded (graph.naming.fold).
    """

    id: str | None
    folded: str


@dataclass(frozen=True)
class ClosurePage:
    """One page of the tasks naming an entity or an entity of its hierarchy closure.

    Attributes:
        entity: the entity's id.
        below: the hierarchy links below it, as `hierarchy_links(entity, True)` gives them
            (() when they were not asked for).
        above: the links above it, as `hierarchy_links(entity, False)` gives them (() when
            they were not asked for).
        total: how many tasks name the entity or an entity its links reach.
        page: the ids of the page of those tasks, in document order (document id, seq).
    """

    entity: str
    below: tuple[tuple[str, str], ...]
    above: tuple[tuple[str, str], ...]
    total: int
    page: tuple[str, ...]


#: One INVOLVES edge that carries a role (not `mentioned`), the task given by its id.
RoleRow = RoleHit[str]


class GraphReader(Protocol):
    """One consistent view of a graph (a snapshot, or one read transaction)."""

    def cached(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """`compute()`, or what it gave for `key` before on this graph version (a store
        without a version to key on computes every time).

        Args:
            key: what identifies the value on this graph version.
            compute: computes the value when it is not kept.
        """

    def stats(self) -> GraphStats:
        """Node and edge counts by type, and the document ids in order."""

    def node(self, node_id: str) -> Node | None:
        """The node with this id, if there is one.

        Args:
            node_id: the node's id.
        """

    def name_rows(self, folded: str, node_type: NodeType | None, *, exact: bool) -> list[NameRow]:
        """Entities by folded name, in id order, each with its task count and kind.

        Args:
            folded: a query already folded (graph.naming.fold).
            node_type: only entities of this type; None for every type.
            exact: True for entities whose name, English name or an alias folds to `folded`;
                False for those where `folded` is part of one of them ("" lists every entity).
        """

    def relatives(self, ids: Sequence[str], down: bool) -> list[tuple[str, Relative]]:
        """One hierarchy step from each of `ids`: (id, child) when `down`, else (id, parent).

        Args:
            ids: the node ids to step from.
            down: True for children, False for parents.
        """

    def hierarchy_links(self, start: str, down: bool) -> list[tuple[str, str]]:
        """Every hierarchy step reachable from `start`, as id pairs, in no particular order:
        (id, child id) of `start` and of everything below it when `down`, else (id, parent
        id) of it and everything above (`relatives` of the whole walk asked at once;
        `StepwiseReader` walks it step by step).

        Args:
            start: the node id to walk from.
            down: True to walk to children, False to parents.
        """

    def tasks_naming(self, entity_ids: Iterable[str]) -> Mapping[str, Sequence[str]]:
        """Entity id -> the ids of the tasks with a mention edge to it (entities without any
        may be left out).

        Args:
            entity_ids: the entities asked about.
        """

    def closure_pages(
        self, lookup: EntityLookup, below: bool, above: bool, offset: int, limit: int
    ) -> list[ClosurePage]:
        """For each entity `lookup` finds, in id order, the page of the tasks naming it or an
        entity of its closure (below it, above it, as asked). A server store reads what the
        question needs next along with it: `node(lookup.id)`, `name_rows(lookup.folded, None,
        exact=True)` and `task_hits` of the pages are then answered without a statement
        (`StepwiseReader` composes it of the other primitives).

        Args:
            lookup: the entities asked about (graph.queries.entities.lookup_of).
            below: True to take in the entities below each (PART_OF / IS_A, any depth).
            above: True to take in the entities above each.
            offset: tasks to skip.
            limit: page size (already bounded by the caller).
        """

    def mention_counts(self, entity_id: str) -> dict[str, int]:
        """Mention relation -> number of edges into this entity.

        Args:
            entity_id: the entity's id.
        """

    def task_page(
        self, candidates: frozenset[str] | None, filters: TaskFilters, offset: int, limit: int
    ) -> tuple[int, list[str]]:
        """(number of tasks kept, the ids of one page), in document order (document id, seq).

        Args:
            candidates: only these tasks (None: every task); the same set asked again may be
                answered from what the first answer ordered.
            filters: what a kept task must satisfy.
            offset: tasks to skip.
            limit: page size (already bounded by the caller).
        """

    def task_hits(self, ids: Sequence[str]) -> list[TaskHit]:
        """The tasks among `ids` as results without matches, in the order given.

        Args:
            ids: task ids; ids that are not tasks are left out.
        """

    def documents(self) -> list[DocumentRow]:
        """Every Document node with its metadata and number of tasks, in id order."""

    def task_documents(
        self, candidates: frozenset[str] | None, filters: TaskFilters
    ) -> Mapping[str, str]:
        """Task id -> document id for the tasks `task_page` would keep (in no order).

        Args:
            candidates: only these tasks (None: every task).
            filters: what a kept task must satisfy.
        """

    def structure(self) -> list[StructureRow]:
        """The document > theme > focus area rows with task counts."""

    def neighbours(self, ids: Sequence[str]) -> dict[str, str]:
        """Nodes one edge (either direction) from any of `ids` -> their type.

        Args:
            ids: the node ids to look around.
        """

    def subgraph(self, ids: Iterable[str]) -> GraphData:
        """The nodes with these ids and every edge among them.

        Args:
            ids: the node ids to keep; unknown ids are ignored.
        """

    def shortest_paths(self, a: str, b: str, max_hops: int) -> list[tuple[str, ...]]:
        """Shortest paths between two nodes ignoring direction, if at most `max_hops` hops: every
        one, or at least the smallest by node ids ([] when none is that short).

        Args:
            a: one end's node id.
            b: the other end's node id.
            max_hops: the longest path wanted, in hops.
        """

    def pairings(self, rows: NodeType, cols: NodeType) -> list[Cell]:
        """Pairs of distinct entities of the two types that tasks name together.

        Args:
            rows: the type of the first entity of each pair.
            cols: the type of the second entity of each pair.
        """

    def scores(self, node_type: NodeType, by: RankBy) -> dict[str, tuple[str, float]]:
        """Entity id -> (name, score) for every entity of the type.

        Args:
            node_type: the entity type to score.
            by: 'tasks', 'degree' or 'betweenness'.
        """

    def role_rows(
        self, agencies: Sequence[str] | None, tasks: frozenset[str] | None
    ) -> list[RoleRow]:
        """The role-carrying INVOLVES edges to these agencies and from these tasks (None: any),
        in no particular order.

        Args:
            agencies: agency ids (None: any agency).
            tasks: task ids (None: any task).
        """

    def dump(self) -> GraphData:
        """The whole graph."""


class StepwiseReader(GraphReader):
    """A GraphReader whose walks are composed of its lookups, one hierarchy level or one
    closure entity at a time: for a store whose every lookup is cheap (in memory, or an
    index); a server store asks the whole walk at once instead."""

    def hierarchy_links(self, start: str, down: bool) -> list[tuple[str, str]]:
        seen = {start}
        frontier = [start]
        found: list[tuple[str, str]] = []
        while frontier:
            step = [(i, r.id) for i, r in self.relatives(frontier, down)]
            found += step
            frontier = sorted({r for _, r in step} - seen)
            seen.update(frontier)
        return found

    def closure_pages(
        self, lookup: EntityLookup, below: bool, above: bool, offset: int, limit: int
    ) -> list[ClosurePage]:
        found = {r.id for r in self.name_rows(lookup.folded, None, exact=True)}
        if lookup.id is not None:
            node = self.node(lookup.id)
            if node is not None and node.type in ENTITY_TYPES:
                found.add(node.id)
        pages = []
        for entity in sorted(found):
            down = tuple(self.hierarchy_links(entity, True)) if below else ()
            up = tuple(self.hierarchy_links(entity, False)) if above else ()
            named = self.tasks_naming({entity, *(y for _, y in down + up)})
            tasks = frozenset().union(*named.values())
            total, page = self.task_page(tasks, TaskFilters(), offset, limit) if tasks else (0, [])
            pages.append(ClosurePage(entity, down, up, total, tuple(page)))
        return pages
