"""The GraphStore seam: one base class, two backends (NetworkXStore, Neo4jStore).

A store is a QueryStore (graph.queries: every read query, written once over the store's
GraphReader primitives) plus the writes declared here. Both stores answer every query
identically; tests/golden_answers runs the one table of cases on both.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from policykg.graph.model import GraphData, Node
from policykg.graph.queries import QueryStore

if TYPE_CHECKING:  # the corpus planner loads with the first write: a query needs none
    from policykg.graph.corpus import Change, DocumentPart

__all__ = ["GraphStore", "Planner"]


#: The change to make, given the stored Document nodes by id (graph.corpus.plan_change).
Planner = Callable[[Mapping[str, Node]], "Change"]


class GraphStore(QueryStore, ABC):
    """What the CLI, the API and the maps hold: reads (QueryStore) and writes."""

    #: "networkx" or "neo4j", as settings name it.
    backend: str

    # -- writing -----------------------------------------------------------------------
    @abstractmethod
    def write(self, data: GraphData) -> None:
        """Merge nodes and edges (idempotent: writing the same data twice changes nothing).

        Args:
            data: the nodes and edges.
        """

    @abstractmethod
    def replace(self, data: GraphData) -> None:
        """Make the store hold exactly `data`.

        On failure the networkx store keeps the previous graph whole (file and memory). The
        Neo4j store writes in idempotent batches: a failed replace leaves a mix of the two
        graphs, and running it again converges to exactly `data`.

        Args:
            data: the whole graph.
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
        remaining documents gives (graph.corpus.plan_change).

        Args:
            base: the gazetteers' part of the graph.
            remove: ids of stored documents to remove; NodeNotFound for one that is not stored
                (nothing changes then).
            add: documents to add, as pipeline.document_part cuts them.
            midway: called half way through the write (fault tests stop the process there).

        Returns:
            What was removed and added.
        """
        from policykg.graph.corpus import plan_change

        return self._change(lambda documents: plan_change(base, documents, remove, add), midway)

    @abstractmethod
    def _change(self, plan: Planner, midway: Callable[[], None] | None) -> Change:
        """Read the stored Document nodes, `plan` the change from them and apply it, all in one
        atomic step (change_documents says what atomic means here)."""

    @abstractmethod
    def close(self) -> None:
        """Release the store's resources (files, connections)."""
