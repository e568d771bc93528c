"""GET /tasks (tasks touching entities, filtered) and GET /tasks/{id} (one task in context)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from policykg.api.answers import json_answer
from policykg.api.deps import MAX_NAME, MAX_TEXT, Name, PagingDep, StoreDep
from policykg.api.facets import FacetsDep
from policykg.api.params import ExpandParam, MatchParam, Touches
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.model import ROLES, Role
from policykg.graph.results import Page, TaskDetail, TaskHit, TaskQuery

router = APIRouter(tags=["tasks"], responses=error_responses(*COMMON_ERRORS))

#: What GET /tasks answers (api/answers.py serialises it without a second validation pass).
TaskPage = Page[TaskHit]


@router.get("/tasks", response_model=TaskPage, responses=error_responses(404, 409))
async def list_tasks(
    store: StoreDep,
    page: PagingDep,
    facets: FacetsDep,
    touches: Touches = [],  # noqa: B006 (FastAPI copies defaults)
    match: MatchParam = "any",
    expand: ExpandParam = "narrower",
    theme: Annotated[int | None, Query(ge=1, le=1000, description="Theme number (1 = 一).")] = None,
    area: Annotated[
        str | None, Query(max_length=MAX_NAME, description="Focus area ordinal (2.1) or id.")
    ] = None,
    action_type: Annotated[
        str | None, Query(max_length=MAX_NAME, description="rule-making, implementation …")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Text the task sentence contains.")
    ] = None,
    role: Annotated[
        list[Role],
        Query(
            max_length=len(ROLES),
            description="Only tasks in which an agency (`agency`, else any) has one of these "
            "roles: `role=lead` keeps the tasks with a lead agency. Repeatable.",
        ),
    ] = [],  # noqa: B006 (FastAPI copies defaults)
    agency: Annotated[
        Name | None,
        Query(
            description="Only tasks in which this agency (id, name or alias) has a role "
            "(one of `role`, when given): `agency=生态环境部&role=lead`, the tasks it leads."
        ),
    ] = None,
) -> Response:
    """Tasks in document order; each hit says how it matched (direct, narrower, broader) and via what."""
    query = TaskQuery.of(
        touches,
        match=match,
        expand=expand,
        theme=theme,
        area=area,
        action_type=action_type,
        text=q,
        limit=page.limit,
        offset=page.offset,
        facets=facets,
        roles=role,
        agency=agency,
    )
    return await json_answer(TaskPage, store.tasks, query)


@router.get("/tasks/{task_id:path}", response_model=TaskDetail, responses=error_responses(404))
async def task_detail(
    store: StoreDep,
    task_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_NAME,
            description="A task id, e.g. task:mee-2026-key-tasks:2.5.1",
        ),
    ],
) -> Response:
    """The task, the entities it names (with spans) and its breadcrumb document > theme > area."""
    return await json_answer(TaskDetail, store.task_detail, task_id)
