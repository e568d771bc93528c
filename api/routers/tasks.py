"""GET /tasks (tasks touching entities, filtered) and GET /tasks/{id} (one task in context)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from policykg.api.answers import json_answer
from policykg.api.deps import MAX_NAME, MAX_TEXT, PageParams, Paging, StoreDep
from policykg.api.facets import FacetParams
from policykg.api.params import RoleParams, TouchParams, touch_query
from policykg.api.query_reader import QueryReader
from policykg.api.schemas import COMMON_ERRORS, error_responses
from policykg.graph.results import DocumentFacets, Page, TaskDetail, TaskHit, TaskQuery

__all__ = ["TASK_QUERY", "TaskParams", "router", "task_query"]

router = APIRouter(tags=["tasks"], responses=error_responses(*COMMON_ERRORS))

#: What GET /tasks answers (api/answers.py serialises it without a second validation pass).
_TaskPage = Page[TaskHit]


class _TaskFilters(TouchParams):
    """GET /tasks' own query parameters (after `touches`, `match` and `expand`)."""

    theme: Annotated[int | None, Query(ge=1, le=1000, description="Theme number (1 = 一).")] = None
    area: Annotated[
        str | None, Query(max_length=MAX_NAME, description="Focus area ordinal (2.1) or id.")
    ] = None
    action_type: Annotated[
        str | None, Query(max_length=MAX_NAME, description="rule-making, implementation …")
    ] = None
    q: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Text the task sentence contains.")
    ] = None


class TaskParams(RoleParams, _TaskFilters):
    """GET /tasks' parameters beside the page and the facets: `touches`, `match`, `expand`, its
    filters, then `role` and `agency` (pydantic orders fields from the last base)."""

    def query(self, page: Paging, facets: DocumentFacets, **filters: Any) -> TaskQuery:
        """The task query these parameters ask for, on this page of these documents.

        Args:
            page: the page asked for.
            facets: the documents asked for.
            **filters: further arguments of TaskQuery.of.
        """
        return super().query(
            page,
            facets,
            theme=self.theme,
            area=self.area,
            action_type=self.action_type,
            text=self.q,
            roles=self.role,
            agency=self.agency,
            **filters,
        )


#: GET /tasks' query parameters, read in one pass (api/query_reader.py).
TASK_QUERY = QueryReader(TaskParams, PageParams, FacetParams)


def task_query(request: Request) -> TaskQuery:
    """The query GET /tasks asks, its parameters checked as FastAPI would check them one by one.

    Args:
        request: the request (its query string and its app's settings).

    Raises:
        RequestValidationError: parameters that do not fit their declaration (422).
        ParameterOutOfRange: `limit` above POLICYKG_MAX_PAGE_SIZE (422).
        InvalidQuery: a `year` range that ends before it starts (422).
    """
    return touch_query(request, TASK_QUERY, TaskParams)


@router.get(
    "/tasks",
    response_model=_TaskPage,
    responses=error_responses(404, 409),
    openapi_extra=TASK_QUERY.openapi,
)
async def list_tasks(request: Request, store: StoreDep) -> Response:
    """Tasks in document order; each hit says how it matched (direct, narrower, broader) and via what."""
    return await json_answer(_TaskPage, store.tasks, task_query(request))


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
