"""GET /documents (listed by facets, or ranked by the tasks touching an entity), GET
/documents/{id} (metadata, outline with counts, entities named most) and GET
/entities/{ref}/timeline (an entity's tasks and documents per year and level).

Adding and removing documents (POST, DELETE) live in their own router module.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from policykg.api.answers import json_answer
from policykg.api.deps import MAX_NAME, PageParams, StoreDep
from policykg.api.facets import FacetParams
from policykg.api.params import EntityRef, ExpandOnly, TouchParams, touch_query
from policykg.api.query_reader import QueryReader
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.document_results import DocumentDetail, DocumentHit, Timeline
from policykg.graph.results import Page, TaskQuery

__all__ = ["router"]

router = APIRouter(tags=["documents"], responses=error_responses(*COMMON_ERRORS))


#: GET /documents' query parameters, read in one pass (api/query_reader.py).
_DOCUMENT_QUERY = QueryReader(TouchParams, PageParams, FacetParams)


@router.get(
    "/documents",
    response_model=Page[DocumentHit],
    responses=error_responses(404, 409),
    openapi_extra=_DOCUMENT_QUERY.openapi,
)
async def list_documents(request: Request, store: StoreDep) -> Response:
    """Documents by kind, level, issuer and year, oldest first; with `touches`, those whose
    tasks touch the entities, most such tasks (`matched`) first, `direct` naming it itself."""
    query = touch_query(request, _DOCUMENT_QUERY, TouchParams)
    return await json_answer(Page[DocumentHit], store.documents, query)


@router.get(
    "/documents/{doc_id:path}", response_model=DocumentDetail, responses=error_responses(404)
)
async def document_detail(
    store: StoreDep,
    doc_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_NAME,
            description="A document id, e.g. doc:mee-2026-key-tasks",
        ),
    ],
) -> Response:
    """The document's metadata, its themes and focus areas with task counts, and the entities
    its tasks name most."""
    return await json_answer(DocumentDetail, store.document_detail, doc_id)


#: GET /entities/{ref}/timeline's query parameters, read in one pass (api/query_reader.py).
_TIMELINE_QUERY = QueryReader(ExpandOnly, FacetParams)


@router.get(
    "/entities/{ref:path}/timeline",
    response_model=Timeline,
    tags=["entities"],
    responses=error_responses(404, 409),
    openapi_extra=_TIMELINE_QUERY.openapi,
)
async def entity_timeline(request: Request, store: StoreDep, ref: EntityRef) -> Response:
    """The tasks touching the entity (as GET /tasks?touches=) and their documents, per year of
    the documents' dates and per level (national, provincial, prefecture, county)."""
    reading = _TIMELINE_QUERY.reading(request)
    facets = reading.group(FacetParams, FacetParams.facets)
    params = reading.group(ExpandOnly, lambda p: p)
    if facets is None or params is None:
        raise reading.error()
    query = TaskQuery.of(expand=params.expand, facets=facets)
    return await json_answer(Timeline, store.timeline, ref, query)
