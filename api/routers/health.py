"""GET /health: backend, graph size and version; 503 when the store is down."""

from __future__ import annotations

from fastapi import APIRouter, Response

from policykg import __version__
from policykg.api.answers import json_answer
from policykg.api.deps import StoreDep
from policykg.api.schemas import Health, error_responses
from policykg.graph.store import GraphStore

__all__ = ["health_answer", "router"]

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses=error_responses(503))
async def health(store: StoreDep) -> Response:
    """Liveness and size of the graph (no token needed)."""
    return await json_answer(Health, health_answer, store)


def health_answer(store: GraphStore) -> Health:
    """What GET /health answers for this store.

    Args:
        store: the store served.
    """
    stats = store.stats()
    return Health(
        status="ok",
        backend=store.backend,
        version=__version__,
        nodes=stats.node_total,
        edges=stats.edge_total,
        node_types=stats.nodes,
        edge_types=stats.edges,
        documents=stats.documents,
    )
