"""GET /export: the whole graph as GraphML, GEXF, node-link JSON or a neo4j-admin CSV zip."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel

from policykg.api.deps import StoreDep, app_settings
from policykg.api.export_cache import ExportCache
from policykg.api.query_reader import QueryReader
from policykg.api.schemas import COMMON_ERRORS, ExportFormat, error_responses
from policykg.graph.export import MEDIA_TYPES

__all__ = ["ExportParams", "router"]

router = APIRouter(tags=["export"], responses=error_responses(*COMMON_ERRORS))

_FILE_NAMES = {
    "graphml": "policykg.graphml",
    "gexf": "policykg.gexf",
    "json": "policykg.json",
    "csv": "policykg-neo4j-import.zip",
}


class ExportParams(BaseModel):
    """GET /export's query parameter."""

    fmt: Annotated[
        ExportFormat, Query(alias="format", description="csv: a zip for neo4j-admin import.")
    ] = ExportFormat.GRAPHML


#: GET /export's query parameter, read in one pass (api/query_reader.py).
_EXPORT_QUERY = QueryReader(ExportParams)


@router.get(
    "/export",
    openapi_extra=_EXPORT_QUERY.openapi,
    response_class=Response,
    responses={
        200: {
            "description": "The graph as a file (Content-Disposition: attachment).",
            "content": {
                MEDIA_TYPES["graphml"]: {"schema": {"type": "string"}},
                MEDIA_TYPES["gexf"]: {"schema": {"type": "string"}},
                MEDIA_TYPES["json"]: {"schema": {"type": "object"}},
                MEDIA_TYPES["csv"]: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
def export(request: Request, store: StoreDep) -> Response:
    """The whole graph (the document's full text only in the JSON export)."""
    fmt = _EXPORT_QUERY.single(request, ExportParams).fmt
    settings = app_settings(request)
    exports: ExportCache = request.app.state.exports
    payload = exports.export(store, settings, fmt.value)
    headers = {"Content-Disposition": f'attachment; filename="{_FILE_NAMES[fmt.value]}"'}
    if isinstance(payload, Path):  # streamed from the cache, in chunks
        return FileResponse(payload, media_type=MEDIA_TYPES[fmt.value], headers=headers)
    return Response(payload, media_type=MEDIA_TYPES[fmt.value], headers=headers)
