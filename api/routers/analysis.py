"""GET /analysis/cooccurrence (entity x entity table) and GET /analysis/rankings (centrality)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from policykg.api.deps import PagingDep, StoreDep
from policykg.api.schemas import COMMON_ERRORS, Cooccurrence, EntityType, Rankings, error_responses
from policykg.graph.model import NodeType
from policykg.graph.store import RankBy
from policykg.present import plain

router = APIRouter(tags=["analysis"], responses=error_responses(*COMMON_ERRORS))


@router.get("/analysis/cooccurrence", response_model=Cooccurrence)
def cooccurrence(
    store: StoreDep,
    page: PagingDep,
    rows: Annotated[EntityType, Query(description="Entity type of the rows.")] = EntityType.REGION,
    cols: Annotated[
        EntityType, Query(description="Entity type of the columns.")
    ] = EntityType.POLLUTANT,
) -> dict[str, Any]:
    """Pairs named by the same task, with the count and the task ids; most frequent first."""
    cells = store.cooccurrence(NodeType(rows), NodeType(cols))
    shown = cells[page.offset : page.offset + page.limit]
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
