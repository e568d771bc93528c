"""GET /themes: the document > theme > focus-area tree with task counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from policykg.api.deps import StoreDep
from policykg.api.schemas import COMMON_ERRORS, ThemeTree, error_responses
from policykg.present import plain

router = APIRouter(tags=["themes"], responses=error_responses(*COMMON_ERRORS))


@router.get("/themes", response_model=ThemeTree)
def themes(store: StoreDep) -> dict[str, Any]:
    """Every document's themes and focus areas in document order, with task counts."""
    return {"documents": plain(store.theme_tree())}
