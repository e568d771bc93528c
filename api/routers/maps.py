"""GET /maps/...: the interactive HTML maps `policykg map` writes, one offline page each.

`?download=1` adds a Content-Disposition so that browsers save the page as a file.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse

from policykg.api.deps import (
    Depth,
    Name,
    SettingsDep,
    StoreDep,
    neighbourhood_limit,
    node_limit,
)
from policykg.api.errors import check_size
from policykg.api.facets import FacetsDep
from policykg.api.params import ExpandParam
from policykg.api.schemas import COMMON_ERRORS, ERROR_DESCRIPTIONS
from policykg.settings import Settings
from policykg.viz import maps
from policykg.viz.write import Layout

__all__ = ["HTML_PAGE", "json_errors", "router"]


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

_Download = Annotated[
    bool, Query(description="Send Content-Disposition: attachment (save as a file).")
]
_LayoutParam = Annotated[
    Layout,
    Query(description="auto: browser physics for small maps, precomputed positions for large."),
]


def _page(spec: maps.MapSpec, layout: Layout, download: bool, settings: Settings) -> HTMLResponse:
    data = spec.data
    check_size(
        f"the map {spec.slug!r}",
        len(data.nodes),
        len(data.edges),
        settings.max_nodes,
        settings.max_edges,
    )
    response = HTMLResponse(maps.page(spec, layout=layout))
    if download:
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
)
def ego_map(
    store: StoreDep,
    settings: SettingsDep,
    entity: Annotated[Name, Query(description="Entity id, name or alias, or any node id.")],
    facets: FacetsDep,
    depth: Depth = 1,
    limit: Annotated[int | None, node_limit(maps.DEFAULT_EGO_LIMIT)] = None,
    places: Annotated[
        maps.Places,
        Query(
            description="mentioned: leave out places no task in the map names "
            "(as `policykg map --center`); all: the neighbourhood as /graph/neighborhood has it."
        ),
    ] = "mentioned",
    layout: _LayoutParam = "auto",
    download: _Download = False,
) -> HTMLResponse:
    """The map of an entity's neighbourhood (the same page as `policykg map --center`); with
    document facets the walk passes through the tasks of the documents they keep only."""
    limit = neighbourhood_limit(depth, limit, maps.DEFAULT_EGO_LIMIT, settings)
    spec = maps.ego_map(store, entity, depth, limit, places=places, facets=facets)
    return _page(spec, layout, download, settings)


@router.get(
    "/maps/touches",
    response_class=HTMLResponse,
    responses={**HTML_PAGE, **json_errors(404, 409, 413)},
)
def touches_map(
    store: StoreDep,
    settings: SettingsDep,
    entity: Annotated[Name, Query(description="Entity id, Chinese or English name, or alias.")],
    facets: FacetsDep,
    expand: ExpandParam = "narrower",
    layout: _LayoutParam = "auto",
    download: _Download = False,
) -> HTMLResponse:
    """The tasks touching an entity (in the documents the facets keep), their entities and the
    hierarchy paths that matched."""
    return _page(maps.touches_map(store, entity, expand, facets), layout, download, settings)


@router.get(
    "/maps/theme/{number}",
    response_class=HTMLResponse,
    responses={**HTML_PAGE, **json_errors(404, 413)},
)
def theme_map(
    store: StoreDep,
    settings: SettingsDep,
    number: Annotated[int, Path(ge=1, le=1000, description="Theme number (1 = 一).")],
    facets: FacetsDep,
    layout: _LayoutParam = "auto",
    download: _Download = False,
) -> HTMLResponse:
    """One theme of the documents the facets keep: its focus areas, tasks and the entities
    they name."""
    return _page(maps.theme_map(store, number, facets), layout, download, settings)


@router.get("/maps/all", response_class=HTMLResponse, responses={**HTML_PAGE, **json_errors(413)})
def whole_map(
    store: StoreDep,
    settings: SettingsDep,
    facets: FacetsDep,
    layout: _LayoutParam = "auto",
    download: _Download = False,
) -> HTMLResponse:
    """The whole graph, less the gazetteer places that no task or document reaches; with
    document facets, the documents they keep (outline and tasks) and the entities their tasks
    name."""
    return _page(maps.whole_map(store, facets), layout, download, settings)
