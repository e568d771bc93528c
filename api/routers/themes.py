"""GET /themes: the document > theme > focus-area tree with task counts."""

from __future__ import annotations

from fastapi import APIRouter, Response

from policykg.api.answers import json_answer
from policykg.api.deps import StoreDep
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.results import ThemeTree

__all__ = ["router"]

router = APIRouter(tags=["themes"], responses=error_responses(*COMMON_ERRORS))


@router.get("/themes", response_model=ThemeTree)
async def themes(store: StoreDep) -> Response:
    """Every document's themes and focus areas in document order, with task counts."""
    return await json_answer(ThemeTree, lambda: ThemeTree(store.theme_tree()))
