"""GET /graph/neighborhood (ego graph as nodes and edges) and GET /graph/path (shortest path)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from policykg.api.deps import (
    Depth,
    Name,
    SettingsDep,
    StoreDep,
    bounded,
    neighbourhood_limit,
    node_limit,
)
from policykg.api.errors import check_bound, check_size
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.model import ROLES, GraphData, NodeType, Role
from policykg.graph.queries.role_facet import keep_tasks
from policykg.graph.results import Neighborhood, PathResult
from policykg.graph.store import GraphStore
from policykg.settings import Settings
from policykg.viz import maps
from policykg.viz.maps import Places

__all__ = ["router"]

router = APIRouter(tags=["graph"], responses=error_responses(*COMMON_ERRORS, 404, 409, 413))

_DEFAULT_NODES = 200


@router.get("/graph/neighborhood", response_model=Neighborhood)
def neighborhood(
    store: StoreDep,
    settings: SettingsDep,
    entity: Annotated[Name, Query(description="Entity id, name or alias, or any node id.")],
    depth: Depth = 1,
    types: Annotated[
        list[NodeType], Query(description="Keep only these node types (repeatable).")
    ] = [],  # noqa: B006 (FastAPI copies defaults)
    limit: Annotated[int | None, node_limit(_DEFAULT_NODES)] = None,
    places: Annotated[
        Places,
        Query(
            description="`mentioned`: leave out places no task here names (and that sit above "
            "none that is), as `policykg map --center` does; `all`: every node in reach."
        ),
    ] = "all",
    role: Annotated[
        list[Role],
        Query(
            max_length=len(ROLES),
            description="Only tasks in which an agency (`agency`, else any) has one of these "
            "roles, as on /tasks; what only the other tasks tied to the centre goes too.",
        ),
    ] = [],  # noqa: B006 (FastAPI copies defaults)
    agency: Annotated[
        Name | None, Query(description="Only tasks in which this agency has a role, as on /tasks.")
    ] = None,
) -> Neighborhood:
    """The nodes within `depth` hops of the centre (either direction) and the edges among them."""
    limit = neighbourhood_limit(depth, limit, _DEFAULT_NODES, settings)
    data, truncated = _neighbourhood(store, entity, depth, types, limit, places)
    kept = store.role_tasks(role, agency)
    if kept is not None:
        data = keep_tasks(data, maps.node_or_entity(store, entity).id, kept)
    _check_edges(data, settings)
    return Neighborhood.of(depth, limit, truncated, data)


def _neighbourhood(
    store: GraphStore,
    entity: str,
    depth: int,
    types: list[NodeType],
    limit: int,
    places: Places,
) -> tuple[GraphData, bool]:
    if places == "mentioned":
        center = maps.node_or_entity(store, entity).id
        data, truncated = maps.ego_graph(store, center, depth, limit, places="mentioned")
        if types:
            kept = [n for n in data.nodes if n.type in types]
            ids = {n.id for n in kept}
            data = GraphData.of(
                kept, [e for e in data.edges if e.source in ids and e.target in ids]
            )
        return data, truncated
    return store.bounded_neighborhood(entity, depth, types, limit)


def _check_edges(data: GraphData, settings: Settings) -> None:
    """Nodes are bounded by `limit`; the edges among them by POLICYKG_MAX_EDGES (else 413)."""
    check_size(
        "the neighbourhood",
        len(data.nodes),
        len(data.edges),
        settings.max_nodes,
        settings.max_edges,
    )


@router.get("/graph/path", response_model=PathResult)
def shortest_path(
    store: StoreDep,
    settings: SettingsDep,
    source: Annotated[Name, Query(alias="from", description="Entity or node to start from.")],
    target: Annotated[Name, Query(alias="to", description="Entity or node to reach.")],
    max_hops: Annotated[
        int | None,
        bounded(
            "max_path_hops", "Longest path to look for (at most POLICYKG_MAX_PATH_HOPS).", ge=1
        ),
    ] = None,
) -> PathResult:
    """A shortest path ignoring edge direction, with the tasks on it; 422 if none is short enough."""
    hops = settings.max_path_hops if max_hops is None else max_hops
    check_bound("max_hops", hops, settings.max_path_hops, "max_path_hops")
    return store.shortest_path(source, target, hops)
