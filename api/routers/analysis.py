"""GET /analysis/cooccurrence (entity x entity table) and GET /analysis/rankings (centrality)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Query

from policykg.api.deps import MAX_OFFSET, PagingDep, SettingsDep, StoreDep, bounded
from policykg.api.errors import check_bound
from policykg.api.schemas import COMMON_ERRORS, Cooccurrence, EntityType, Rankings, error_responses
from policykg.graph.model import NodeType
from policykg.graph.results import RankBy
from policykg.present import plain

router = APIRouter(tags=["analysis"], responses=error_responses(*COMMON_ERRORS))


@router.get("/analysis/cooccurrence", response_model=Cooccurrence)
def cooccurrence(
    store: StoreDep,
    settings: SettingsDep,
    page: PagingDep,
    rows: Annotated[EntityType, Query(description="Entity type of the rows.")] = EntityType.REGION,
    cols: Annotated[
        EntityType, Query(description="Entity type of the columns.")
    ] = EntityType.POLLUTANT,
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
) -> dict[str, Any]:
    """Pairs named by the same task, with the count and the task ids; most frequent first."""
    listed = settings.max_cell_tasks if tasks_limit is None else tasks_limit
    check_bound("tasks_limit", listed, settings.max_cell_tasks, "max_cell_tasks")
    cells = store.cooccurrence(NodeType(rows), NodeType(cols))
    shown = [
        replace(cell, task_ids=cell.task_ids[tasks_offset : tasks_offset + listed])
        for cell in cells[page.offset : page.offset + page.limit]
    ]
    return {"rows": rows, "cols": cols, "total": len(cells), "cells": plain(shown)}


@router.get("/analysis/rankings", response_model=Rankings)
def rankings(
    store: StoreDep,
    page: PagingDep,
    node_type: Annotated[EntityType, Query(alias="type")] = EntityType.REGION,
    by: Annotated[
        RankBy, Query(description="tasks (mentioning it), degree, or betweenness centrality.")
    ] = "tasks",
) -> dict[str, Any]:
    """Entities of one type, highest score first (ties by id)."""
    ranked = store.rankings(NodeType(node_type), by, page.offset + page.limit)
    return {"type": node_type, "by": by, "items": plain(ranked[page.offset :])}
