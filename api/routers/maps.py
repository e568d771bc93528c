"""GET /maps/...: the interactive HTML maps `policykg map` writes, one offline page each.

`?download=1` adds a Content-Disposition so that browsers save the page as a file.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from policykg.api.deps import Name, StoreDep, app_settings, neighbourhood_limit, node_limit
from policykg.api.errors import check_size
from policykg.api.facets import FacetParams
from policykg.api.params import CentreParams, ExpandParam
from policykg.api.query_reader import QueryReader
from policykg.api.schemas import COMMON_ERRORS, ERROR_DESCRIPTIONS
from policykg.graph.results import DocumentFacets
from policykg.viz import maps
from policykg.viz.write import Layout

__all__ = ["HTML_PAGE", "EgoParams", "MapPage", "TouchesMapParams", "json_errors", "router"]

_M = TypeVar("_M", bound=BaseModel)


def json_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Error entries in the one JSON error shape.

    api.schemas.error_responses attaches the model, which FastAPI would document under the
    route's media type, text/html here; these name application/json explicitly.
    """
    schema = {"$ref": "#/components/schemas/ErrorResponse"}
    return {
        status: {
            "description": ERROR_DESCRIPTIONS[status],
            "content": {"application/json": {"schema": schema}},
        }
        for status in statuses
    }


router = APIRouter(tags=["maps"], responses=json_errors(*COMMON_ERRORS))

HTML_PAGE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A self-contained HTML page (vis-network inlined; loads nothing else).",
        "content": {"text/html": {"schema": {"type": "string"}}},
    }
}


class MapPage(BaseModel):
    """How the page draws the map and whether it is sent as a file (every map route)."""

    layout: Annotated[
        Layout,
        Query(description="auto: browser physics for small maps, precomputed positions for large."),
    ] = "auto"
    download: Annotated[
        bool, Query(description="Send Content-Disposition: attachment (save as a file).")
    ] = False


class _NoOwnParams(BaseModel):
    """The query parameters of a map route that has only the page's and the facets."""


class EgoParams(CentreParams):
    """GET /maps/ego's own query parameters (after `entity` and `depth`)."""

    limit: Annotated[int | None, node_limit(maps.DEFAULT_EGO_LIMIT)] = None
    places: Annotated[
        maps.Places,
        Query(
            description="mentioned: leave out places no task in the map names "
            "(as `policykg map --center`); all: the neighbourhood as /graph/neighborhood has it."
        ),
    ] = "mentioned"


class TouchesMapParams(BaseModel):
    """GET /maps/touches' own query parameters."""

    entity: Annotated[Name, Query(description="Entity id, Chinese or English name, or alias.")]
    expand: ExpandParam = "narrower"


#: The routes' query parameters, each read in one pass (api/query_reader.py).
_EGO_QUERY = QueryReader(EgoParams, MapPage, FacetParams)
_TOUCHES_QUERY = QueryReader(TouchesMapParams, MapPage, FacetParams)
_MAP_QUERY = QueryReader(MapPage, FacetParams)


def _read(
    request: Request, reader: QueryReader, own: type[_M]
) -> tuple[_M, MapPage, DocumentFacets]:
    """A map route's own group, its page and its facets, checked as FastAPI checked them when
    the facets were a dependency: those first."""
    reading = reader.reading(request)
    facets = reading.group(FacetParams, FacetParams.facets)
    params = reading.group(own)
    page = reading.group(MapPage)
    if facets is None or params is None or page is None:
        raise reading.error()
    return params, page, facets


def _page(request: Request, spec: maps.MapSpec, page: MapPage) -> HTMLResponse:
    settings = app_settings(request)
    data = spec.data
    check_size(
        f"the map {spec.slug!r}",
        len(data.nodes),
        len(data.edges),
        settings.max_nodes,
        settings.max_edges,
    )
    response = HTMLResponse(maps.page(spec, layout=page.layout))
    if page.download:
        name = spec.filename
        ascii_name = name if name.isascii() else "policykg-map.html"  # for old clients
        response.headers["Content-Disposition"] = (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
        )
    return response


@router.get(
    "/maps/ego",
    response_class=HTMLResponse,
    responses={**HTML_PAGE, **json_errors(404, 409, 413)},
    openapi_extra=_EGO_QUERY.openapi,
)
def ego_map(request: Request, store: StoreDep) -> HTMLResponse:
    """The map of an entity's neighbourhood (the same page as `policykg map --center`); with
    document facets the walk passes through the tasks of the documents they keep only."""
    params, page, facets = _read(request, _EGO_QUERY, EgoParams)
    depth, settings = params.depth, app_settings(request)
    limit = neighbourhood_limit(depth, params.limit, maps.DEFAULT_EGO_LIMIT, settings)
    places = params.places
    spec = maps.ego_map(store, params.entity, depth, limit, places=places, facets=facets)
    return _page(request, spec, page)


@router.get(
    "/maps/touches",
    response_class=HTMLResponse,
    responses={**HTML_PAGE, **json_errors(404, 409, 413)},
    openapi_extra=_TOUCHES_QUERY.openapi,
)
def touches_map(request: Request, store: StoreDep) -> HTMLResponse:
    """The tasks touching an entity (in the documents the facets keep), their entities and the
    hierarchy paths that matched."""
    params, page, facets = _read(request, _TOUCHES_QUERY, TouchesMapParams)
    return _page(request, maps.touches_map(store, params.entity, params.expand, facets), page)


@router.get(
    "/maps/theme/{number}",
    response_class=HTMLResponse,
    responses={**HTML_PAGE, **json_errors(404, 413)},
    openapi_extra=_MAP_QUERY.openapi,
)
def theme_map(
    request: Request,
    store: StoreDep,
    number: Annotated[int, Path(ge=1, le=1000, description="Theme number (1 = 一).")],
) -> HTMLResponse:
    """One theme of the documents the facets keep: its focus areas, tasks and the entities
    they name."""
    _, page, facets = _read(request, _MAP_QUERY, _NoOwnParams)
    return _page(request, maps.theme_map(store, number, facets), page)


@router.get(
    "/maps/all",
    response_class=HTMLResponse,
    responses={**HTML_PAGE, **json_errors(413)},
    openapi_extra=_MAP_QUERY.openapi,
)
def whole_map(request: Request, store: StoreDep) -> HTMLResponse:
    """The whole graph, less the gazetteer places that no task or document reaches; with
    document facets, the documents they keep (outline and tasks) and the entities their tasks
    name."""
    _, page, facets = _read(request, _MAP_QUERY, _NoOwnParams)
    return _page(request, maps.whole_map(store, facets), page)
