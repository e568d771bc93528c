"""GET /analysis/cooccurrence (entity x entity table) and GET /analysis/rankings (centrality)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query

from policykg.api.deps import MAX_OFFSET, PagingDep, SettingsDep, StoreDep, bounded
from policykg.api.errors import check_bound
from policykg.api.facets import FacetsDep
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.model import NodeType
from policykg.graph.results import Cooccurrence, EntityType, RankBy, Rankings

__all__ = ["router"]

router = APIRouter(tags=["analysis"], responses=error_responses(*COMMON_ERRORS))


@router.get("/analysis/cooccurrence", response_model=Cooccurrence)
def cooccurrence(
    store: StoreDep,
    settings: SettingsDep,
    page: PagingDep,
    facets: FacetsDep,
    rows: Annotated[EntityType, Query(description="Entity type of the rows.")] = NodeType.REGION,
    cols: Annotated[
        EntityType, Query(description="Entity type of the columns.")
    ] = NodeType.POLLUTANT,
    tasks_limit: Annotated[
        int | None,
        bounded(
            "max_cell_tasks",
            "Task ids listed per cell (default and maximum POLICYKG_MAX_CELL_TASKS); "
            "`count` always has them all.",
            ge=0,
        ),
    ] = None,
    tasks_offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Task ids to skip in each cell.")
    ] = 0,
) -> Cooccurrence:
    """Pairs named by the same task (of the documents the facets keep), with the count and the
    task ids; most frequent first."""
    listed = settings.max_cell_tasks if tasks_limit is None else tasks_limit
    check_bound("tasks_limit", listed, settings.max_cell_tasks, "max_cell_tasks")
    cells = store.cooccurrence(rows, cols, facets)
    shown = [
        replace(cell, task_ids=cell.task_ids[tasks_offset : tasks_offset + listed])
        for cell in cells[page.offset : page.offset + page.limit]
    ]
    return Cooccurrence(rows, cols, len(cells), tuple(shown))


@router.get("/analysis/rankings", response_model=Rankings)
def rankings(
    store: StoreDep,
    page: PagingDep,
    facets: FacetsDep,
    node_type: Annotated[EntityType, Query(alias="type")] = NodeType.REGION,
    by: Annotated[
        RankBy, Query(description="tasks (mentioning it), degree, or betweenness centrality.")
    ] = "tasks",
) -> Rankings:
    """Entities of one type, highest score first (ties by id); with document facets, by the
    tasks of those documents only, or by degree or betweenness within their part of the graph
    (their tasks and the entities those name)."""
    ranked = store.rankings(node_type, by, page.offset + page.limit, facets)
    return Rankings(node_type, by, ranked[page.offset :])
