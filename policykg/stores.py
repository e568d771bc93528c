"""Open the configured GraphStore (the Neo4j driver is imported only when asked for)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policykg.graph.store import GraphStore
    from policykg.settings import Settings

__all__ = ["open_store"]


def open_store(settings: Settings, *, load: bool = True, indexed: bool = False) -> GraphStore:
    """The store the settings' backend names: Neo4j, or networkx over the graph file.

    Args:
        settings: the backend and where its graph lives.
        load: False for a networkx store that starts empty (to be replaced, not read).
        indexed: True for a networkx store that answers from its index where it can.
    """
    if settings.backend == "neo4j":
        from policykg.graph.neo4j_store import Neo4jStore

        return Neo4jStore(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
        )
    from policykg.graph.networkx_store import NetworkXStore

    return NetworkXStore(settings.graph_file, load=load, indexed=indexed)
