"""GET /ask: a free-text question -> the entities it names -> the tasks touching them."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from policykg.api.answers import json_answer
from policykg.api.deps import MAX_TEXT, ExtractorDep, PageParams, Paging, StoreDep
from policykg.api.facets import FacetParams
from policykg.api.params import ExpandParam, paged
from policykg.api.query_reader import QueryReader
from policykg.api.questions import Answer, MentionFinder, understand
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.results import DocumentFacets, MatchMode, TaskQuery
from policykg.graph.store import GraphStore

__all__ = ["AskParams", "router"]

router = APIRouter(tags=["ask"], responses=error_responses(*COMMON_ERRORS))


class AskParams(BaseModel):
    """GET /ask's own query parameters."""

    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_TEXT,
            description="A question naming entities, e.g. 哪些任务涉及黄河和总氮?",
        ),
    ]
    match: Annotated[
        MatchMode | None,
        Query(
            description="Override: any/all (default: `all` if the names are joined by 和/与/及/and)."
        ),
    ] = None
    expand: ExpandParam = "narrower"


#: GET /ask's query parameters, read in one pass (api/query_reader.py).
_ASK_QUERY = QueryReader(AskParams, PageParams, FacetParams)


@router.get("/ask", response_model=Answer, openapi_extra=_ASK_QUERY.openapi)
async def ask(request: Request, store: StoreDep, extractor: ExtractorDep) -> Response:
    """Detect entities with the loaders' extractor, then list the tasks touching them (in the
    documents the facets keep)."""
    page, facets, params = paged(request, _ASK_QUERY, AskParams)
    return await json_answer(Answer, _answer, store, extractor, params, page, facets)


def _answer(
    store: GraphStore,
    extractor: MentionFinder,
    params: AskParams,
    page: Paging,
    facets: DocumentFacets,
) -> Answer:
    asked = understand(params.q, extractor, store)
    mode = params.match or asked.match
    if not asked.entities:
        return replace(asked, match=mode, limit=page.limit, offset=page.offset)
    ids = tuple(d.id for d in asked.entities)
    query = TaskQuery.of(
        ids, match=mode, expand=params.expand, limit=page.limit, offset=page.offset, facets=facets
    )
    found = store.tasks(query)
    return replace(
        asked,
        match=mode,
        total=found.total,
        limit=page.limit,
        offset=page.offset,
        items=found.items,
    )
