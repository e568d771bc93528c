"""GET /analysis/cooccurrence (entity x entity table) and GET /analysis/rankings (centrality)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from policykg.api.answers import json_answer
from policykg.api.deps import MAX_OFFSET, PageParams, Paging, StoreDep, app_settings, bounded
from policykg.api.errors import check_bound
from policykg.api.facets import FacetParams
from policykg.api.params import paged
from policykg.api.query_reader import QueryReader
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.model import NodeType
from policykg.graph.results import (
    Cooccurrence,
    DocumentFacets,
    EntityType,
    RankBy,
    Rankings,
)
from policykg.graph.store import GraphStore

__all__ = ["CooccurrenceParams", "RankingParams", "router"]

router = APIRouter(tags=["analysis"], responses=error_responses(*COMMON_ERRORS))


class CooccurrenceParams(BaseModel):
    """GET /analysis/cooccurrence's own query parameters."""

    rows: Annotated[EntityType, Query(description="Entity type of the rows.")] = NodeType.REGION
    cols: Annotated[EntityType, Query(description="Entity type of the columns.")] = (
        NodeType.POLLUTANT
    )
    tasks_limit: Annotated[
        int | None,
        bounded(
            "max_cell_tasks",
            "Task ids listed per cell (default and maximum POLICYKG_MAX_CELL_TASKS); "
            "`count` always has them all.",
            ge=0,
        ),
    ] = None
    tasks_offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Task ids to skip in each cell.")
    ] = 0


class RankingParams(BaseModel):
    """GET /analysis/rankings' own query parameters."""

    node_type: Annotated[EntityType, Query(alias="type")] = NodeType.REGION
    by: Annotated[
        RankBy, Query(description="tasks (mentioning it), degree, or betweenness centrality.")
    ] = "tasks"


#: The routes' query parameters, each read in one pass (api/query_reader.py).
_COOCCURRENCE_QUERY = QueryReader(CooccurrenceParams, PageParams, FacetParams)
_RANKING_QUERY = QueryReader(RankingParams, PageParams, FacetParams)


@router.get(
    "/analysis/cooccurrence",
    response_model=Cooccurrence,
    openapi_extra=_COOCCURRENCE_QUERY.openapi,
)
async def cooccurrence(request: Request, store: StoreDep) -> Response:
    """Pairs named by the same task (of the documents the facets keep), with the count and the
    task ids; most frequent first."""
    page, facets, params = paged(request, _COOCCURRENCE_QUERY, CooccurrenceParams)
    most = app_settings(request).max_cell_tasks
    listed = most if params.tasks_limit is None else params.tasks_limit
    check_bound("tasks_limit", listed, most, "max_cell_tasks")
    return await json_answer(Cooccurrence, _cooccurrence, store, params, listed, page, facets)


def _cooccurrence(
    store: GraphStore,
    params: CooccurrenceParams,
    listed: int,
    page: Paging,
    facets: DocumentFacets,
) -> Cooccurrence:
    cells = store.cooccurrence(params.rows, params.cols, facets)
    first = params.tasks_offset
    shown = [
        replace(cell, task_ids=cell.task_ids[first : first + listed])
        for cell in cells[page.offset : page.offset + page.limit]
    ]
    return Cooccurrence(params.rows, params.cols, len(cells), tuple(shown))


@router.get("/analysis/rankings", response_model=Rankings, openapi_extra=_RANKING_QUERY.openapi)
async def rankings(request: Request, store: StoreDep) -> Response:
    """Entities of one type, highest score first (ties by id); with document facets, by the
    tasks of those documents only, or by degree or betweenness within their part of the graph
    (their tasks and the entities those name)."""
    page, facets, params = paged(request, _RANKING_QUERY, RankingParams)
    return await json_answer(Rankings, _rankings, store, params, page, facets)


def _rankings(
    store: GraphStore, params: RankingParams, page: Paging, facets: DocumentFacets
) -> Rankings:
    node_type, by = params.node_type, params.by
    ranked = store.rankings(node_type, by, page.offset + page.limit, facets)
    return Rankings(node_type, by, ranked[page.offset :])
