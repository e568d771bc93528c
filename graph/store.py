"""The GraphStore seam: one protocol, two backends (NetworkXStore, Neo4jStore).

Both stores answer every query identically: the read queries are written once in graph.queries
(each store subclasses QueryStore and supplies its GraphReader primitives), and
tests/graph/test_store_contract.py runs them on both. Queries resolve entity names through
`resolve`: an id, a Chinese name, an English name or an alias (case-insensitive), in that order
of precedence; the first tier that matches decides, and several matches in it raise
AmbiguousEntity.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from policykg.graph.corpus import Change, DocumentPart
from policykg.graph.model import GraphData, Node, NodeType
from policykg.graph.results import (
    AgencyCount,
    Cell,
    DocumentTree,
    EntityDetail,
    EntityHit,
    GraphStats,
    Page,
    PathResult,
    RankBy,
    Ranked,
    Role,
    RoleHit,
    TaskDetail,
    TaskHit,
    TaskQuery,
)

if TYPE_CHECKING:  # scikit-learn loads only when a comparison runs
    from policykg.graph.compare.stored import StoredDocument

__all__ = [
    "GraphStore",
]


@runtime_checkable
class GraphStore(Protocol):
    backend: str

    # -- writing -----------------------------------------------------------------------
    def write(self, data: GraphData) -> None:
        """Merge nodes and edges (idempotent: writing the same data twice changes nothing)."""

    def replace(self, data: GraphData) -> None:
        """Make the store hold exactly `data`.

        On failure the networkx store keeps the previous graph whole (file and memory). The
        Neo4j store writes in idempotent batches: a failed replace leaves a mix of the two
        graphs, and running it again converges to exactly `data`.
        """

    def change_documents(
        self,
        base: GraphData,
        remove: Collection[str] = (),
        add: Sequence[DocumentPart] = (),
        midway: Callable[[], None] | None = None,
    ) -> Change:
        """Remove documents (by id) and add others (an added id that is stored replaces it), in
        one atomic step: readers see the old graph or the new one, never a mix, and a failure
        or a kill at any point leaves the old one. The result is the graph a clean build of the
        remaining documents gives (graph.corpus.plan_change; `base` is the gazetteers' part).

        NodeNotFound for an id in `remove` that is not a stored document; nothing changes then.
        `midway` is called half way through the write (fault tests stop the process there).
        """

    def close(self) -> None: ...

    # -- reading -----------------------------------------------------------------------
    def stats(self) -> GraphStats: ...

    def get_node(self, node_id: str) -> Node:
        """The node with this id, or NodeNotFound."""

    def resolve(self, query: str, node_type: NodeType | None = None) -> Node:
        """An entity by id, name, English name or alias; EntityNotFound / AmbiguousEntity."""

    def search_entities(
        self, q: str = "", node_type: NodeType | None = None, limit: int = 20, offset: int = 0
    ) -> Page[EntityHit]: ...

    def entity_detail(self, entity_id: str) -> EntityDetail: ...

    def tasks(self, query: TaskQuery) -> Page[TaskHit]: ...

    def task_detail(self, task_id: str) -> TaskDetail: ...

    def theme_tree(self) -> tuple[DocumentTree, ...]: ...

    def neighborhood(
        self, center: str, depth: int = 1, types: Sequence[NodeType] = (), limit: int = 200
    ) -> GraphData: ...

    def shortest_path(self, source: str, target: str, max_hops: int = 6) -> PathResult: ...

    def cooccurrence(self, rows: NodeType, cols: NodeType) -> tuple[Cell, ...]: ...

    def rankings(
        self, node_type: NodeType, by: RankBy = "tasks", limit: int = 20
    ) -> tuple[Ranked, ...]: ...

    def agency_tasks(
        self,
        agency: str,
        roles: Sequence[Role] = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> Page[RoleHit]: ...

    def agency_rankings(self, role: Role = "lead", limit: int = 20) -> tuple[AgencyCount, ...]: ...

    def responsible_agencies(
        self, entity: str, expand: str = "narrower"
    ) -> tuple[AgencyCount, ...]: ...

    def stored_document(self, document: str) -> StoredDocument:
        """A document's articles or tasks as units to compare; NodeNotFound."""

    def subgraph(self, node_ids: Iterable[str]) -> GraphData:
        """The nodes with these ids and every edge among them."""

    def dump(self) -> GraphData:
        """The whole graph."""
