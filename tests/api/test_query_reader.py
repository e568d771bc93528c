"""Query parameters read in one pass (api/query_reader.py): the same answers, the same 422s and
the same schema as FastAPI reading the same declarations itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest
from api_support import ServerThread, make_settings
from fastapi import FastAPI, Query, Request

from policykg.api.app import create_app
from policykg.api.deps import PagingDep
from policykg.api.errors import install_error_handlers
from policykg.api.facets import FacetsDep
from policykg.api.routers.tasks import TASK_QUERY, TaskParams, task_query

MAX_PAGE = 40

#: Query strings, valid and not: bad values in one group or in several, a page above its
#: bound beside a bad value (the bound is checked first, as a dependency runs first), a year
#: range that ends before it starts, repeated names.
QUERIES: list[list[tuple[str, str]]] = [
    [],
    [("touches", "黄河")],
    [("touches", "黄河"), ("touches", "长江"), ("match", "all"), ("expand", "both")],
    [("theme", "2"), ("theme", "3")],
    [("limit", "0")],
    [("limit", str(MAX_PAGE + 1))],
    [("limit", str(MAX_PAGE + 1)), ("theme", "x")],
    [("limit", "abc"), ("theme", "x"), ("level", "city")],
    [("offset", "-1"), ("offset", "1e3")],
    [("year", "2026..2020")],
    [("year", "2026..2020"), ("theme", "0")],
    [("year", "20x6"), ("kind", "k" * 201)],
    [("touches", "河")] * 21,
    [("touches", " "), ("agency", "")],
    [("match", "some"), ("expand", "up"), ("role", "lead"), ("role", "boss")],
    [("q", "字" * 501), ("area", "a" * 201), ("action_type", "")],
    [("document", "doc:x"), ("issuer", "国务院"), ("year", "2020.."), ("limit", "5")],
]


def _pair_app() -> FastAPI:
    """GET /tasks' parameters read by FastAPI (`/by-fastapi`) and in one pass (`/one-pass`)."""
    app = FastAPI()
    app.state.settings = make_settings("networkx", Path("unused.json"), max_page_size=MAX_PAGE)
    install_error_handlers(app)

    @app.get("/by-fastapi")
    async def by_fastapi(
        page: PagingDep, facets: FacetsDep, params: Annotated[TaskParams, Query()]
    ) -> str:
        return repr(params.query(page, facets))

    @app.get("/one-pass")
    async def one_pass(request: Request) -> str:
        return repr(task_query(request))

    return app


@pytest.fixture(scope="module")
def pair() -> Iterator[httpx.Client]:
    with (
        ServerThread(_pair_app(), healthy=False) as server,
        httpx.Client(base_url=server.url, timeout=60) as http,
    ):
        yield http


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_one_pass_answers_as_fastapi_does(pair: httpx.Client, query: list[tuple[str, str]]) -> None:
    by_fastapi = pair.get("/by-fastapi", params=query)
    one_pass = pair.get("/one-pass", params=query)
    assert (one_pass.status_code, one_pass.json()) == (by_fastapi.status_code, by_fastapi.json())


def test_the_queries_cover_answers_and_each_kind_of_error(pair: httpx.Client) -> None:
    codes = set()
    for query in QUERIES:
        response = pair.get("/one-pass", params=query)
        body: Any = response.json()
        codes.add("ok" if response.status_code == 200 else body["error"]["code"])
    assert codes == {"ok", "validation_error", "out_of_range", "invalid_query"}


def _tasks_operation(max_page_size: int) -> dict[str, Any]:
    settings = make_settings("networkx", Path("unused.json"), max_page_size=max_page_size)
    operation: dict[str, Any] = create_app(settings).openapi()["paths"]["/api/v1/tasks"]["get"]
    return operation


def test_the_schema_lists_the_parameters_where_fastapi_does_with_each_apps_bound() -> None:
    first, second = _tasks_operation(30), _tasks_operation(70)  # the second app built after
    for operation, bound in ((first, 30), (second, 70)):
        keys = list(operation)
        assert keys.index("operationId") + 1 == keys.index("parameters") < keys.index("responses")
        names = [p["name"] for p in operation["parameters"]]
        assert set(names) == TASK_QUERY.names
        assert names[:3] == ["touches", "match", "expand"]
        (limit,) = [p for p in operation["parameters"] if p["name"] == "limit"]
        assert limit["schema"]["anyOf"][0]["maximum"] == bound
        assert "x-policykg-bound" not in limit["schema"]
