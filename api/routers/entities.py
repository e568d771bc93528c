"""GET /entities (search), GET /entities/related (what the tasks touching an entity name besides
it) and GET /entities/{ref} (detail by id or name)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from policykg.api.answers import json_answer
from policykg.api.deps import MAX_TEXT, PageParams, StoreDep, app_settings
from policykg.api.facets import FacetParams
from policykg.api.params import EntityRef, TouchParams, TypeFilter
from policykg.api.query_reader import QueryReader
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.document_results import NamedEntity
from policykg.graph.results import EntityDetail, EntityHit, Page, TaskQuery

__all__ = ["SearchText", "router"]

router = APIRouter(tags=["entities"], responses=error_responses(*COMMON_ERRORS))


class SearchText(BaseModel):
    """GET /entities' own query parameter."""

    q: Annotated[
        str, Query(max_length=MAX_TEXT, description="Name, English name or alias (part of).")
    ] = ""


#: The routes' query parameters, each read in one pass (api/query_reader.py).
_SEARCH_QUERY = QueryReader(SearchText, TypeFilter, PageParams)
_RELATED_QUERY = QueryReader(TypeFilter, PageParams, FacetParams, TouchParams)


@router.get("/entities", response_model=Page[EntityHit], openapi_extra=_SEARCH_QUERY.openapi)
async def search_entities(request: Request, store: StoreDep) -> Response:
    """Entities ranked exact > prefix > substring match, then by number of tasks."""
    reading = _SEARCH_QUERY.reading(request)
    page = reading.group(PageParams, lambda p: p.paging(app_settings(request)))
    text = reading.group(SearchText)
    kind = reading.group(TypeFilter)
    if page is None or text is None or kind is None:
        raise reading.error()
    search, q, node_type = store.search_entities, text.q, kind.node_type
    return await json_answer(Page[EntityHit], search, q, node_type, page.limit, page.offset)


# before /entities/{ref:path}, which would read "related" as an entity's name
@router.get(
    "/entities/related",
    response_model=Page[NamedEntity],
    responses=error_responses(404, 409),
    openapi_extra=_RELATED_QUERY.openapi,
)
async def related_entities(request: Request, store: StoreDep) -> Response:
    """The entities named by the tasks touching `touches` (of the documents the facets keep),
    besides those entities themselves: most such tasks (`tasks`) first, then by id; without
    `touches`, what all the kept tasks name. `policykg entities --with` on the command line."""
    reading = _RELATED_QUERY.reading(request)
    page = reading.group(PageParams, lambda p: p.paging(app_settings(request)))
    facets = reading.group(FacetParams, FacetParams.facets)
    terms = reading.group(TouchParams)
    kind = reading.group(TypeFilter)
    if page is None or facets is None or terms is None or kind is None:
        raise reading.error()
    # every task touching the terms: the page is one of entities, not of tasks
    query = TaskQuery.of(terms.touches, match=terms.match, expand=terms.expand, facets=facets)
    related, node_type = store.related_entities, kind.node_type
    return await json_answer(Page[NamedEntity], related, query, node_type, page.limit, page.offset)


@router.get(
    "/entities/{ref:path}", response_model=EntityDetail, responses=error_responses(404, 409)
)
async def entity_detail(
    store: StoreDep,
    ref: EntityRef,
) -> Response:
    """One entity with its hierarchy parents and children and its mention counts."""
    return await json_answer(EntityDetail, store.entity_detail, ref)
