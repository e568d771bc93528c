"""GET /entities (search), GET /entities/related (what the tasks touching an entity name besides
it) and GET /entities/{ref} (detail by id or name)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from policykg.api.answers import json_answer
from policykg.api.deps import MAX_TEXT, PagingDep, StoreDep
from policykg.api.facets import FacetsDep
from policykg.api.params import EntityRef, TouchesDep
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.document_results import NamedEntity
from policykg.graph.results import EntityDetail, EntityHit, EntityType, Page, TaskQuery

__all__ = ["router"]

router = APIRouter(tags=["entities"], responses=error_responses(*COMMON_ERRORS))


@router.get("/entities", response_model=Page[EntityHit])
async def search_entities(
    store: StoreDep,
    page: PagingDep,
    q: Annotated[
        str, Query(max_length=MAX_TEXT, description="Name, English name or alias (part of).")
    ] = "",
    node_type: Annotated[EntityType | None, Query(alias="type")] = None,
) -> Response:
    """Entities ranked exact > prefix > substring match, then by number of tasks."""
    search = store.search_entities
    return await json_answer(Page[EntityHit], search, q, node_type, page.limit, page.offset)


# before /entities/{ref:path}, which would read "related" as an entity's name
@router.get(
    "/entities/related", response_model=Page[NamedEntity], responses=error_responses(404, 409)
)
async def related_entities(
    store: StoreDep,
    page: PagingDep,
    facets: FacetsDep,
    terms: TouchesDep,
    node_type: Annotated[EntityType | None, Query(alias="type")] = None,
) -> Response:
    """The entities named by the tasks touching `touches` (of the documents the facets keep),
    besides those entities themselves: most such tasks (`tasks`) first, then by id; without
    `touches`, what all the kept tasks name. `policykg entities --with` on the command line."""
    query = TaskQuery.of(terms.touches, match=terms.match, expand=terms.expand, facets=facets)
    related = store.related_entities
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
