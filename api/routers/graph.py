"""GET /graph/neighborhood (ego graph as nodes and edges) and GET /graph/path (shortest path)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from policykg.api.answers import json_answer
from policykg.api.deps import (
    Name,
    StoreDep,
    app_settings,
    bounded,
    neighbourhood_limit,
    node_limit,
)
from policykg.api.errors import check_bound, check_size
from policykg.api.params import CentreParams, RoleParams
from policykg.api.query_reader import QueryReader
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.model import GraphData, NodeType
from policykg.graph.queries.role_facet import keep_tasks
from policykg.graph.results import Neighborhood, PathResult
from policykg.graph.store import GraphStore
from policykg.settings import Settings
from policykg.viz import maps
from policykg.viz.maps import Places

__all__ = ["NeighbourhoodParams", "PathParams", "router"]

router = APIRouter(tags=["graph"], responses=error_responses(*COMMON_ERRORS, 404, 409, 413))

_DEFAULT_NODES = 200


class NeighbourhoodParams(BaseModel):
    """GET /graph/neighborhood's own query parameters (between the centre and the roles)."""

    types: Annotated[
        list[NodeType], Query(description="Keep only these node types (repeatable).")
    ] = []
    limit: Annotated[int | None, node_limit(_DEFAULT_NODES)] = None
    places: Annotated[
        Places,
        Query(
            description="`mentioned`: leave out places no task here names (and that sit above "
            "none that is), as `policykg map --center` does; `all`: every node in reach."
        ),
    ] = "all"


class PathParams(BaseModel):
    """GET /graph/path's query parameters."""

    source: Annotated[Name, Query(alias="from", description="Entity or node to start from.")]
    target: Annotated[Name, Query(alias="to", description="Entity or node to reach.")]
    max_hops: Annotated[
        int | None,
        bounded(
            "max_path_hops", "Longest path to look for (at most POLICYKG_MAX_PATH_HOPS).", ge=1
        ),
    ] = None


#: The routes' query parameters, each read in one pass (api/query_reader.py).
_NEIGHBOURHOOD_QUERY = QueryReader(CentreParams, NeighbourhoodParams, RoleParams)
_PATH_QUERY = QueryReader(PathParams)


@router.get(
    "/graph/neighborhood",
    response_model=Neighborhood,
    openapi_extra=_NEIGHBOURHOOD_QUERY.openapi,
)
async def neighborhood(request: Request, store: StoreDep) -> Response:
    """The nodes within `depth` hops of the centre (either direction) and the edges among them;
    with `role` or `agency`, what only the other tasks tied to the centre goes too."""
    reading = _NEIGHBOURHOOD_QUERY.reading(request)
    centre = reading.group(CentreParams)
    params = reading.group(NeighbourhoodParams)
    roles = reading.group(RoleParams)
    if centre is None or params is None or roles is None:
        raise reading.error()
    settings = app_settings(request)
    limit = neighbourhood_limit(centre.depth, params.limit, _DEFAULT_NODES, settings)
    work = _neighbourhood_answer
    return await json_answer(Neighborhood, work, store, centre, params, roles, limit, settings)


def _neighbourhood_answer(
    store: GraphStore,
    centre: CentreParams,
    params: NeighbourhoodParams,
    roles: RoleParams,
    limit: int,
    settings: Settings,
) -> Neighborhood:
    entity, depth = centre.entity, centre.depth
    data, truncated = _neighbourhood(store, entity, depth, params.types, limit, params.places)
    kept = store.role_tasks(roles.role, roles.agency)
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


@router.get("/graph/path", response_model=PathResult, openapi_extra=_PATH_QUERY.openapi)
async def shortest_path(request: Request, store: StoreDep) -> Response:
    """A shortest path ignoring edge direction, with the tasks on it; 422 if none is short enough."""
    params = _PATH_QUERY.single(request, PathParams)
    most = app_settings(request).max_path_hops
    hops = most if params.max_hops is None else params.max_hops
    check_bound("max_hops", hops, most, "max_path_hops")
    return await json_answer(PathResult, store.shortest_path, params.source, params.target, hops)
