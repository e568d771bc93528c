"""GET /entities (search) and GET /entities/{ref} (detail by id or name)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from policykg.api.deps import MAX_NAME, MAX_TEXT, NOT_BLANK, PagingDep, StoreDep
from policykg.api.schemas import (
    COMMON_ERRORS,
    EntityDetailOut,
    EntityPage,
    EntityType,
    error_responses,
)
from policykg.graph.model import NodeType
from policykg.present import plain

router = APIRouter(tags=["entities"], responses=error_responses(*COMMON_ERRORS))


@router.get("/entities", response_model=EntityPage)
def search_entities(
    store: StoreDep,
    page: PagingDep,
    q: Annotated[
        str, Query(max_length=MAX_TEXT, description="Name, English name or alias (part of).")
    ] = "",
    node_type: Annotated[EntityType | None, Query(alias="type")] = None,
) -> dict[str, Any]:
    """Entities ranked exact > prefix > substring match, then by number of tasks."""
    found = store.search_entities(
        q, NodeType(node_type) if node_type else None, page.limit, page.offset
    )
    return {
        "total": found.total,
        "limit": page.limit,
        "offset": page.offset,
        "items": plain(found.items),
    }


@router.get(
    "/entities/{ref:path}", response_model=EntityDetailOut, responses=error_responses(404, 409)
)
def entity_detail(
    store: StoreDep,
    ref: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_NAME,
            pattern=NOT_BLANK,
            description="An id (region:黄河) or a Chinese name, English name or alias.",
        ),
    ],
) -> Any:
    """One entity with its hierarchy parents and children and its mention counts."""
    return plain(store.entity_detail(ref))
