"""Query parameters read in one pass (api/query_reader.py): the same answers, the same 422s and
the same schema as FastAPI reading the same declarations itself.

GET /tasks is compared answer by answer; every other route that reads query parameters is
compared error by error against an app in which FastAPI reads the route's groups as it read
them when they were declared on the route: the page and the facets as dependencies first, then
the route's own parameters.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest
from api_support import ServerThread, error_of, make_settings
from fastapi import Depends, FastAPI, Query, Request
from pydantic import BaseModel

from policykg.api.app import create_app
from policykg.api.deps import PageParams, Paging
from policykg.api.errors import install_error_handlers
from policykg.api.facets import FacetParams
from policykg.api.params import CentreParams, ExpandOnly, RoleParams, TouchParams, TypeFilter
from policykg.api.routers.agencies import AgencyRankParams, AgencyTaskParams
from policykg.api.routers.analysis import CooccurrenceParams, RankingParams
from policykg.api.routers.ask import AskParams
from policykg.api.routers.compare import DocumentPair
from policykg.api.routers.entities import SearchText
from policykg.api.routers.export import ExportParams
from policykg.api.routers.graph import NeighbourhoodParams, PathParams
from policykg.api.routers.maps import EgoParams, MapPage, TouchesMapParams
from policykg.api.routers.tasks import TASK_QUERY, TaskParams, task_query
from policykg.graph.results import DocumentFacets
from policykg.settings import Settings

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


def _read_by_fastapi(model: type[BaseModel], then: Callable[[Any], Any] = lambda p: p) -> Any:
    """A dependency in which FastAPI reads `model` as a `Query()` model and hands it to `then`."""

    async def read(params: Any) -> Any:
        return then(params)

    param = inspect.Parameter(
        "params", inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[model, Query()]
    )
    read.__signature__ = inspect.Signature([param])  # type: ignore[attr-defined]
    return Depends(read)


def _page_by_fastapi(settings: Settings) -> Any:
    return _read_by_fastapi(PageParams, lambda p: p.paging(settings))


_FACETS_BY_FASTAPI = _read_by_fastapi(FacetParams, FacetParams.facets)


_PAIR_SETTINGS = make_settings("networkx", Path("unused.json"), max_page_size=MAX_PAGE)
_PAIR_PAGE = _page_by_fastapi(_PAIR_SETTINGS)


def _pair_app() -> FastAPI:
    """GET /tasks' parameters read by FastAPI (`/by-fastapi`) and in one pass (`/one-pass`)."""
    app = FastAPI()
    app.state.settings = _PAIR_SETTINGS
    install_error_handlers(app)

    @app.get("/by-fastapi")
    async def by_fastapi(
        page: Annotated[Paging, _PAIR_PAGE],
        facets: Annotated[DocumentFacets, _FACETS_BY_FASTAPI],
        params: Annotated[TaskParams, Query()],
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


#: Every other route that reads query parameters, with its groups in the order FastAPI read
#: them (the page and the facets, which were dependencies, first; then the route's own).
_PAGE, _FACETS = PageParams, FacetParams
ROUTES: dict[str, tuple[type[BaseModel], ...]] = {
    "/documents": (_PAGE, _FACETS, TouchParams),
    "/entities/黄河/timeline": (_FACETS, ExpandOnly),
    "/entities": (_PAGE, SearchText, TypeFilter),
    "/entities/related": (_PAGE, _FACETS, TouchParams, TypeFilter),
    "/agencies/生态环境部/tasks": (_PAGE, AgencyTaskParams),
    "/analysis/agencies": (_PAGE, AgencyRankParams),
    "/analysis/cooccurrence": (_PAGE, _FACETS, CooccurrenceParams),
    "/analysis/rankings": (_PAGE, _FACETS, RankingParams),
    "/ask": (_PAGE, _FACETS, AskParams),
    "/graph/neighborhood": (CentreParams, NeighbourhoodParams, RoleParams),
    "/graph/path": (PathParams,),
    "/maps/ego": (_FACETS, EgoParams, MapPage),
    "/maps/touches": (_FACETS, TouchesMapParams, MapPage),
    "/maps/theme/1": (_FACETS, MapPage),
    "/maps/all": (_FACETS, MapPage),
    "/compare": (DocumentPair,),
    "/compare/report": (DocumentPair,),
    "/export": (ExportParams,),
}

#: A value that each parameter refuses, and one it takes.
BAD = {
    "touches": " ",
    "match": "some",
    "expand": "up",
    "q": "字" * 501,
    "role": "boss",
    "agency": "",
    "limit": "0",
    "offset": "-1",
    "document": "d" * 201,
    "kind": "k" * 201,
    "level": "city",
    "issuer": "i" * 201,
    "year": "20x6",
    "type": "Task",
    "rows": "bogus",
    "cols": "x",
    "tasks_limit": "-1",
    "tasks_offset": "x",
    "by": "pagerank",
    "entity": "",
    "depth": "0",
    "types": "bogus",
    "places": "some",
    "from": "",
    "to": " ",
    "max_hops": "0",
    "layout": "grid",
    "download": "maybe",
    "a": "x",
    "b": "",
    "format": "pdf",
}
GOOD = {
    "touches": "黄河",
    "match": "all",
    "expand": "both",
    "q": "黄河",
    "role": "lead",
    "agency": "生态环境部",
    "limit": "5",
    "offset": "0",
    "document": "doc:mee-2026-key-tasks",
    "kind": "key-tasks",
    "level": "national",
    "issuer": "生态环境部",
    "year": "2020..2026",
    "type": "Region",
    "rows": "Region",
    "cols": "Pollutant",
    "tasks_limit": "2",
    "tasks_offset": "0",
    "by": "tasks",
    "entity": "黄河",
    "depth": "1",
    "types": "Region",
    "places": "all",
    "from": "黄河",
    "to": "长江",
    "max_hops": "3",
    "layout": "auto",
    "download": "1",
    "a": "doc:mee-2026-key-tasks",
    "b": "doc:mee-2026-key-tasks",
    "format": "json",
}


def _names(groups: tuple[type[BaseModel], ...]) -> list[str]:
    return [f.alias or n for g in groups for n, f in g.model_fields.items()]


def _queries(groups: tuple[type[BaseModel], ...], max_page: int) -> list[list[tuple[str, str]]]:
    """Nothing, every parameter refused, every one taken, and with a page the page above its
    bound beside refused values of the route's own (the bound is checked first)."""
    names = _names(groups)
    queries = [[], [(n, BAD[n]) for n in names], [(n, GOOD[n]) for n in names]]
    if PageParams in groups:
        own = [(n, BAD[n]) for n in _names(tuple(g for g in groups if g not in (_PAGE, _FACETS)))]
        queries.append([("limit", str(max_page + 1)), *own])
    return queries


def _by_fastapi_app(settings: Settings) -> FastAPI:
    """Each route of ROUTES, its groups read by FastAPI; "read" when they are valid."""
    app = FastAPI()
    app.state.settings = settings
    install_error_handlers(app)
    page_dep = _page_by_fastapi(settings)
    for path, groups in ROUTES.items():
        readers = [
            page_dep
            if g is PageParams
            else _FACETS_BY_FASTAPI
            if g is FacetParams
            else _read_by_fastapi(g)
            for g in groups
        ]
        app.get(path, dependencies=readers)(lambda: "read")
    return app


@pytest.fixture(scope="module")
def by_fastapi(api_settings: Settings) -> Iterator[httpx.Client]:
    with (
        ServerThread(_by_fastapi_app(api_settings), healthy=False) as server,
        httpx.Client(base_url=server.url, timeout=60) as http,
    ):
        yield http


def test_every_route_lists_the_groups_it_reads() -> None:
    """The table above covers every route that reads query parameters, each with its own."""
    app = create_app(make_settings("networkx", Path("unused.json")))
    schema = app.openapi()
    declared = {
        path.removeprefix("/api/v1"): [
            p["name"] for p in op.get("parameters", ()) if p["in"] == "query"
        ]
        for path, operations in schema["paths"].items()
        for method, op in operations.items()
        if method == "get"
    }
    read = {path for path, names in declared.items() if names and path != "/tasks"}
    templated = {
        "/entities/{ref}/timeline": "/entities/黄河/timeline",
        "/agencies/{agency}/tasks": "/agencies/生态环境部/tasks",
        "/maps/theme/{number}": "/maps/theme/1",
    }
    assert {templated.get(p, p) for p in read} == set(ROUTES)
    for path in read:
        assert sorted(declared[path]) == sorted(_names(ROUTES[templated.get(path, path)]))


@pytest.mark.parametrize("path", list(ROUTES))
def test_each_route_reads_its_query_as_fastapi_did(
    client: httpx.Client, by_fastapi: httpx.Client, api_settings: Settings, path: str
) -> None:
    queries = _queries(ROUTES[path], api_settings.max_page_size)
    refused = by_fastapi.get(path, params=queries[1])
    assert error_of(refused, 422, "validation_error")["details"]["errors"]
    for query in queries:
        expected = by_fastapi.get(path, params=query)
        answer = client.get(path, params=query)
        if expected.status_code == 200:  # read alike; the route's answer is its own
            assert answer.status_code != 422 or answer.json()["error"]["code"] != (
                "validation_error"
            ), (query, answer.text)
        else:
            assert (answer.status_code, answer.json()) == (
                expected.status_code,
                expected.json(),
            ), query
