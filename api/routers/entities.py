"""GET /entities (search) and GET /entities/{ref} (detail by id or name)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from policykg.api.answers import json_answer
from policykg.api.deps import MAX_TEXT, PagingDep, StoreDep
from policykg.api.params import EntityRef
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.results import EntityDetail, EntityHit, EntityType, Page

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


@router.get(
    "/entities/{ref:path}", response_model=EntityDetail, responses=error_responses(404, 409)
)
async def entity_detail(
    store: StoreDep,
    ref: EntityRef,
) -> Response:
    """One entity with its hierarchy parents and children and its mention counts."""
    return await json_answer(EntityDetail, store.entity_detail, ref)
