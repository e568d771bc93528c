"""The query layer: every read query defined once, for every store.

```
GraphStore.tasks(query) ──> QueryStore._reading(work) ──> work(reader)   (one snapshot / one
                                                              │            read transaction)
                graph.queries.tasks.tasks(reader, query) <────┘
                  resolve · hierarchy_paths · matches · reader.task_page · reader.task_hits
```
A query module (entities, tasks, graph, analysis) holds the semantics: parameters, bounds,
tiers, ordering, paging, path choice. A store subclasses `QueryStore` and gives `_reading`,
which runs a function on its `GraphReader` (graph/queries/reader.py): the primitives that
differ between stores, such as lookups, one hierarchy step or one page of task rows.

A store call imports the query module it runs when it is first made, so that a task query
(the CLI's most frequent command) does not load the analyses, paths and document answers.

A new query is one function here, at most one new primitive per store, and one row in the
table of cases run on every store (tests/golden_answers/golden_cases.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from policykg.graph.model import GraphData, Node, NodeType
from policykg.graph.queries import entities, role_facet, tasks
from policykg.graph.queries.reader import GraphReader, TaskFilters
from policykg.graph.results import DocumentFacets, RankBy

if TYPE_CHECKING:  # scikit-learn loads only when a comparison runs
    from policykg.graph.compare.stored import StoredDocument
    from policykg.graph.document_results import DocumentDetail, DocumentHit, NamedEntity, Timeline
    from policykg.graph.results import (
        AgencyCount,
        Cell,
        DocumentTree,
        EntityDetail,
        EntityHit,
        GraphStats,
        Page,
        PathResult,
        Ranked,
        Role,
        RoleHit,
        TaskDetail,
        TaskHit,
        TaskQuery,
    )

__all__ = ["GraphReader", "QueryStore", "RankBy", "TaskFilters"]

_T = TypeVar("_T")


class QueryStore:
    """The read half of GraphStore, written once over `_reading`; stores add writes."""

    def _reading(self, work: Callable[[GraphReader], _T]) -> _T:
        """Run `work` on one consistent view of the graph."""
        raise NotImplementedError

    def stats(self) -> GraphStats:
        """Node and edge counts by type, and the document ids."""
        return self._reading(lambda r: r.stats())

    def get_node(self, node_id: str) -> Node:
        """The node with this id; NodeNotFound if there is none.

        Args:
            node_id: a node id (region:黄河, task:…, doc:…).
        """
        return self._reading(lambda r: entities.get_node(r, node_id))

    def resolve(self, query: str, node_type: NodeType | None = None) -> Node:
        """An entity by id, name, English name or alias (graph.queries.entities.resolve).

        Args:
            query: what the user typed.
            node_type: only entities of this type (None: any).
        """
        return self._reading(lambda r: entities.resolve(r, query, node_type))

    def search_entities(
        self, q: str = "", node_type: NodeType | None = None, limit: int = 20, offset: int = 0
    ) -> Page[EntityHit]:
        """Entities ranked exact > prefix > substring, then by tasks (entities.search_entities).

        Args:
            q: part of a name, English name or alias ("" matches every entity).
            node_type: only entities of this type (None: any).
            limit: page size.
            offset: entities to skip.
        """
        return self._reading(lambda r: entities.search_entities(r, q, node_type, limit, offset))

    def entity_detail(self, entity_id: str) -> EntityDetail:
        """One entity with parents, children and mention counts (entities.entity_detail).

        Args:
            entity_id: an id, name, English name or alias.
        """
        return self._reading(lambda r: entities.entity_detail(r, entity_id))

    def tasks(self, query: TaskQuery) -> Page[TaskHit]:
        """Tasks touching entities, filtered and paged (graph.queries.tasks.tasks).

        Args:
            query: the terms, expansion, filters, page and document facets (TaskQuery.of).
        """
        return self._reading(lambda r: tasks.tasks(r, query))

    def task_detail(self, task_id: str) -> TaskDetail:
        """One task with its mentions and breadcrumb (graph.queries.tasks.task_detail).

        Args:
            task_id: a Task node's id.
        """
        return self._reading(lambda r: tasks.task_detail(r, task_id))

    def theme_tree(self) -> tuple[DocumentTree, ...]:
        """Document > theme > focus area with task counts (graph.queries.graph.theme_tree)."""
        from policykg.graph.queries import graph

        return self._reading(graph.theme_tree)

    def neighborhood(
        self,
        center: str,
        depth: int = 1,
        types: Sequence[NodeType] = (),
        limit: int = 200,
        facets: DocumentFacets | None = None,
    ) -> GraphData:
        """The ego graph of a node (graph.queries.graph.bounded_neighborhood's graph).

        Args:
            center: a node id, or an entity's name.
            depth: hops from the centre.
            types: keep only nodes of these types (the centre always stays); () keeps all.
            limit: at most this many nodes, nearest first.
            facets: only the tasks of these documents (None: every document).
        """
        return self.bounded_neighborhood(center, depth, types, limit, facets)[0]

    def bounded_neighborhood(
        self,
        center: str,
        depth: int = 1,
        types: Sequence[NodeType] = (),
        limit: int = 200,
        facets: DocumentFacets | None = None,
    ) -> tuple[GraphData, bool]:
        """The ego graph, and whether `limit` cut it short (graph.queries.graph).

        Args:
            center: a node id, or an entity's name.
            depth: hops from the centre.
            types: keep only nodes of these types (the centre always stays); () keeps all.
            limit: at most this many nodes, nearest first.
            facets: only the tasks of these documents (None: every document).
        """
        from policykg.graph.queries import graph

        wanted = facets or DocumentFacets()
        return self._reading(
            lambda r: graph.bounded_neighborhood(r, center, depth, types, limit, wanted)
        )

    def shortest_path(self, source: str, target: str, max_hops: int = 6) -> PathResult:
        """A shortest path between two nodes (graph.queries.graph.shortest_path).

        Args:
            source: a node id or an entity's name.
            target: a node id or an entity's name.
            max_hops: the longest path looked for (InvalidQuery when none is this short).
        """
        from policykg.graph.queries import graph

        return self._reading(lambda r: graph.shortest_path(r, source, target, max_hops))

    def cooccurrence(
        self, rows: NodeType, cols: NodeType, facets: DocumentFacets | None = None
    ) -> tuple[Cell, ...]:
        """Entity pairs named together (graph.queries.analysis.cooccurrence).

        Args:
            rows: the entity type of the rows.
            cols: the entity type of the columns.
            facets: only tasks of these documents (None: every document).
        """
        from policykg.graph.queries import analysis

        wanted = facets or DocumentFacets()
        return self._reading(lambda r: analysis.cooccurrence(r, rows, cols, wanted))

    def rankings(
        self,
        node_type: NodeType,
        by: RankBy = "tasks",
        limit: int = 20,
        facets: DocumentFacets | None = None,
    ) -> tuple[Ranked, ...]:
        """Entities of one type by score (graph.queries.analysis.rankings).

        Args:
            node_type: the entity type ranked.
            by: tasks naming it, degree or betweenness centrality.
            limit: how many entities.
            facets: only the part of the graph these documents make (None: the whole graph).
        """
        from policykg.graph.queries import analysis

        wanted = facets or DocumentFacets()
        return self._reading(lambda r: analysis.rankings(r, node_type, by, limit, wanted))

    def agency_tasks(
        self,
        agency: str,
        roles: Sequence[Role] = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> Page[RoleHit[TaskHit]]:
        """Tasks an agency leads, supports … (graph.queries.roles.agency_tasks).

        Args:
            agency: an agency's id, name or alias.
            roles: only these roles (empty: every role).
            limit: page size (None: every task from `offset` on).
            offset: tasks to skip.
        """
        from policykg.graph.queries import roles as roles_query

        return self._reading(lambda r: roles_query.agency_tasks(r, agency, roles, limit, offset))

    def role_tasks(self, roles: Sequence[Role], agency: str | None) -> frozenset[str] | None:
        """The tasks the agency-role facet keeps (graph.queries.role_facet.role_tasks).

        Args:
            roles: keep tasks with an agency in one of these roles (empty: any role).
            agency: keep tasks in which this agency (id, name or alias) has such a role.

        Returns:
            The task ids, or None when neither is asked (every task is kept).
        """
        return self._reading(lambda r: role_facet.role_tasks(r, roles, agency))

    def agency_rankings(self, role: Role = "lead", limit: int = 20) -> tuple[AgencyCount, ...]:
        """Agencies by tasks with this role (graph.queries.roles.agency_rankings).

        Args:
            role: the role counted.
            limit: how many agencies.
        """
        from policykg.graph.queries import roles as roles_query

        return self._reading(lambda r: roles_query.agency_rankings(r, role, limit))

    def responsible_agencies(
        self, entity: str, expand: str = "narrower"
    ) -> tuple[AgencyCount, ...]:
        """Agencies with a role in the tasks touching an entity (roles.responsible_agencies).

        Args:
            entity: an entity's id, name or alias.
            expand: hierarchy expansion, as for tasks.
        """
        from policykg.graph.queries import roles as roles_query

        return self._reading(lambda r: roles_query.responsible_agencies(r, entity, expand))

    def stored_document(self, document: str) -> StoredDocument:
        """A document's articles or tasks as units to compare (graph.compare.stored).

        Args:
            document: a document id.
        """
        from policykg.graph.compare.stored import stored_document

        return self._reading(lambda r: stored_document(r, document))

    def documents(self, query: TaskQuery) -> Page[DocumentHit]:
        """Documents by their facets, or ranked by the tasks a query keeps (documents.documents).

        Args:
            query: its facets choose the documents; with `touches`, the tasks they are ranked by.
        """
        from policykg.graph.queries import documents as documents_query

        return self._reading(lambda r: documents_query.documents(r, query))

    def document_detail(self, doc_id: str) -> DocumentDetail:
        """One document: metadata, outline with counts, entities named most.

        Args:
            doc_id: a document id.
        """
        from policykg.graph.queries import documents as documents_query

        return self._reading(lambda r: documents_query.document_detail(r, doc_id))

    def timeline(self, entity: str, query: TaskQuery | None = None) -> Timeline:
        """The tasks touching an entity per year and per level (documents.timeline).

        Args:
            entity: an entity's id, name or alias.
            query: expansion and document facets (None: narrower, every document).
        """
        from policykg.graph.queries import documents as documents_query

        return self._reading(lambda r: documents_query.timeline(r, entity, query))

    def related_entities(
        self,
        query: TaskQuery,
        node_type: NodeType | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Page[NamedEntity]:
        """The entities named by the tasks a query keeps, besides its terms' own, most tasks
        first (documents.related_entities).

        Args:
            query: the terms, expansion, task filters and facets that choose the tasks.
            node_type: only entities of this type (None: every type).
            limit: at most this many entities (None: documents.TOP_ENTITIES).
            offset: entities to skip.
        """
        from policykg.graph.queries import documents as documents_query

        top = documents_query.TOP_ENTITIES if limit is None else limit
        related = documents_query.related_entities
        return self._reading(lambda r: related(r, query, node_type, top, offset))

    def document_set_graph(self, facets: DocumentFacets) -> GraphData:
        """The kept documents' outline and the entities their tasks name (the whole graph
        without facets; graph.queries.document_set).

        Args:
            facets: the documents kept.
        """
        from policykg.graph.queries import document_set

        return self._reading(lambda r: document_set.document_set_graph(r, facets))

    def subgraph(self, node_ids: Iterable[str]) -> GraphData:
        """The nodes with these ids and every edge among them.

        Args:
            node_ids: the node ids.
        """
        ids = list(node_ids)
        return self._reading(lambda r: r.subgraph(ids))

    def dump(self) -> GraphData:
        """The whole graph."""
        return self._reading(lambda r: r.dump())
