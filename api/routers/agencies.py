"""Who does what: GET /agencies/{agency}/tasks (tasks an agency leads, supports …) and
GET /analysis/agencies (agencies ranked by tasks with a role, or those with a role in the tasks
touching an entity)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel

from policykg.api.answers import json_answer
from policykg.api.deps import (
    MAX_NAME,
    NOT_BLANK,
    Name,
    PageParams,
    Paging,
    StoreDep,
    app_settings,
)
from policykg.api.params import ExpandParam
from policykg.api.query_reader import QueryReader
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.results import ROLES, AgencyCounts, Page, Role, RoleHit, TaskHit
from policykg.graph.store import GraphStore

__all__ = ["AgencyRankParams", "AgencyTaskParams", "router"]

router = APIRouter(tags=["agencies"], responses=error_responses(*COMMON_ERRORS))

#: What GET /agencies/{agency}/tasks answers.
_AgencyTasks = Page[RoleHit[TaskHit]]


class AgencyTaskParams(BaseModel):
    """GET /agencies/{agency}/tasks' own query parameters."""

    role: Annotated[
        list[Role], Query(max_length=len(ROLES), description="Only these roles. Repeatable.")
    ] = []


class AgencyRankParams(BaseModel):
    """GET /analysis/agencies' own query parameters."""

    role: Annotated[Role, Query(description="Rank by tasks with this role.")] = "lead"
    touches: Annotated[
        Name | None,
        Query(description="Instead: every agency and role in the tasks touching this entity."),
    ] = None
    expand: ExpandParam = "narrower"


#: The routes' query parameters, each read in one pass (api/query_reader.py).
_AGENCY_TASK_QUERY = QueryReader(AgencyTaskParams, PageParams)
_AGENCY_RANK_QUERY = QueryReader(AgencyRankParams, PageParams)


@router.get(
    "/agencies/{agency}/tasks",
    response_model=_AgencyTasks,
    responses=error_responses(404, 409),
    openapi_extra=_AGENCY_TASK_QUERY.openapi,
)
async def agency_tasks(
    request: Request,
    store: StoreDep,
    agency: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_NAME,
            pattern=NOT_BLANK,  # a name of blanks only is refused as the schema says (422)
            description="Agency id, name or alias.",
        ),
    ],
) -> Response:
    """Tasks in which the agency has a role, in document order, each with the role and its span."""
    reading = _AGENCY_TASK_QUERY.reading(request)
    page = reading.group(PageParams, lambda p: p.paging(app_settings(request)))
    params = reading.group(AgencyTaskParams)
    if page is None or params is None:
        raise reading.error()
    roles, limit, offset = tuple(params.role), page.limit, page.offset
    return await json_answer(_AgencyTasks, store.agency_tasks, agency, roles, limit, offset)


@router.get(
    "/analysis/agencies",
    response_model=AgencyCounts,
    responses=error_responses(404, 409),
    openapi_extra=_AGENCY_RANK_QUERY.openapi,
)
async def agencies(request: Request, store: StoreDep) -> Response:
    """Agencies ranked by the tasks in which they have `role`; with `touches`, the agencies with
    a role in the tasks touching that entity, by number of tasks."""
    reading = _AGENCY_RANK_QUERY.reading(request)
    page = reading.group(PageParams, lambda p: p.paging(app_settings(request)))
    params = reading.group(AgencyRankParams)
    if page is None or params is None:
        raise reading.error()
    return await json_answer(AgencyCounts, _agencies, store, params, page)


def _agencies(store: GraphStore, params: AgencyRankParams, page: Paging) -> AgencyCounts:
    role, touches = params.role, params.touches
    if touches is None:
        counts = store.agency_rankings(role, page.offset + page.limit)[page.offset :]
    else:
        counts = store.responsible_agencies(touches, params.expand)
        counts = counts[page.offset : page.offset + page.limit]
    return AgencyCounts(None if touches else role, touches, counts)
