"""Who does what: GET /agencies/{agency}/tasks (tasks an agency leads, supports …) and
GET /analysis/agencies (agencies ranked by tasks with a role, or those with a role in the tasks
touching an entity)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from policykg.api.deps import MAX_NAME, Name, PagingDep, StoreDep
from policykg.api.schemas import (
    COMMON_ERRORS,
    AgencyCounts,
    AgencyTaskPage,
    error_responses,
)
from policykg.graph.results import Expand
from policykg.present import plain, task_dict

router = APIRouter(tags=["agencies"], responses=error_responses(*COMMON_ERRORS))

RoleName = Literal["lead", "support", "responsible", "guide", "joint"]


@router.get(
    "/agencies/{agency}/tasks", response_model=AgencyTaskPage, responses=error_responses(404, 409)
)
def agency_tasks(
    store: StoreDep,
    page: PagingDep,
    agency: Annotated[
        str, Path(min_length=1, max_length=MAX_NAME, description="Agency id, name or alias.")
    ],
    role: Annotated[
        list[RoleName], Query(max_length=5, description="Only these roles. Repeatable.")
    ] = [],  # noqa: B006 (FastAPI copies defaults)
) -> dict[str, Any]:
    """Tasks in which the agency has a role, in document order, each with the role and its span."""
    found = store.agency_tasks(agency, tuple(role), page.limit, page.offset)
    items = [
        {
            "task": task_dict(hit.task),
            "agency": plain(hit.agency),
            "role": hit.role,
            "carried": hit.carried,
            "surface": hit.surface,
            "span": [hit.start, hit.end],
        }
        for hit in found.items
    ]
    return {"total": found.total, "limit": page.limit, "offset": page.offset, "items": items}


@router.get("/analysis/agencies", response_model=AgencyCounts, responses=error_responses(404, 409))
def agencies(
    store: StoreDep,
    page: PagingDep,
    role: Annotated[RoleName, Query(description="Rank by tasks with this role.")] = "lead",
    touches: Annotated[
        Name | None,
        Query(description="Instead: every agency and role in the tasks touching this entity."),
    ] = None,
    expand: Annotated[Expand, Query(description="Hierarchy expansion of `touches`.")] = "narrower",
) -> dict[str, Any]:
    """Agencies ranked by the tasks in which they have `role`; with `touches`, the agencies with
    a role in the tasks touching that entity, by number of tasks."""
    if touches is None:
        counts = store.agency_rankings(role, page.offset + page.limit)[page.offset :]
    else:
        counts = store.responsible_agencies(touches, expand)[page.offset : page.offset + page.limit]
    return {"role": None if touches else role, "touches": touches, "items": plain(counts)}
