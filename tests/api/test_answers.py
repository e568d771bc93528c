"""Routes that serialise their answer once (api/answers.py json_answer): the bytes sent are
those FastAPI would send for the route's `response_model`, the store's answer validated against
it and rendered by JSONResponse. Both stores (the server of this session reads the backend's).
GET /tasks has its own cases in test_tasks.py, GET /agencies/{agency}/tasks in test_agencies.py
(the source article names no agency with a role)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from api_support import validated_and_dumped

from policykg.api.routers.health import health_answer
from policykg.api.schemas import Health
from policykg.graph.document_results import DocumentDetail, DocumentHit, Timeline
from policykg.graph.model import NodeType
from policykg.graph.results import (
    DocumentFacets,
    EntityDetail,
    EntityHit,
    Page,
    PathResult,
    Rankings,
    TaskDetail,
    TaskQuery,
    ThemeTree,
)
from policykg.graph.store import GraphStore
from policykg.settings import Settings
from policykg.stores import open_store

TASK = "task:mee-2026-key-tasks:2.5.1"
DOC = "doc:mee-2026-key-tasks"
#: (path, query parameters, response model, the store's answer)
CASES: list[tuple[str, dict[str, Any], Any, Callable[[GraphStore], Any]]] = [
    ("/health", {}, Health, health_answer),
    (
        "/entities",
        {"q": "黄河", "limit": "4"},
        Page[EntityHit],
        lambda s: s.search_entities("黄河", None, 4, 0),
    ),
    (
        "/entities",
        {"q": "河", "type": "Region", "offset": "2"},
        Page[EntityHit],
        lambda s: s.search_entities("河", NodeType.REGION, 50, 2),
    ),
    ("/entities/黄河", {}, EntityDetail, lambda s: s.entity_detail("黄河")),
    ("/entities/region:黄河", {}, EntityDetail, lambda s: s.entity_detail("region:黄河")),
    (f"/tasks/{TASK}", {}, TaskDetail, lambda s: s.task_detail(TASK)),
    ("/themes", {}, ThemeTree, lambda s: ThemeTree(s.theme_tree())),
    ("/documents", {}, Page[DocumentHit], lambda s: s.documents(TaskQuery.of(limit=50))),
    (
        "/documents",
        {"touches": "黄河"},
        Page[DocumentHit],
        lambda s: s.documents(TaskQuery.of(["黄河"], limit=50)),
    ),
    (f"/documents/{DOC}", {}, DocumentDetail, lambda s: s.document_detail(DOC)),
    ("/entities/黄河/timeline", {}, Timeline, lambda s: s.timeline("黄河", TaskQuery.of())),
    (
        "/analysis/rankings",
        {"type": "Pollutant", "limit": "5", "offset": "1"},
        Rankings,
        lambda s: Rankings(
            NodeType.POLLUTANT,
            "tasks",
            s.rankings(NodeType.POLLUTANT, "tasks", 6, DocumentFacets.of())[1:],
        ),
    ),
    (
        "/graph/path",
        {"from": "黄河", "to": "总氮"},
        PathResult,
        lambda s: s.shortest_path("黄河", "总氮", 8),
    ),
]


@pytest.fixture(scope="module")
def store(api_settings: Settings) -> Iterator[GraphStore]:
    opened = open_store(api_settings)
    try:
        yield opened
    finally:
        opened.close()


@pytest.mark.parametrize(("path", "params", "kind", "answer"), CASES)
def test_the_bytes_are_those_of_the_validated_answer(
    client: httpx.Client,
    store: GraphStore,
    path: str,
    params: dict[str, Any],
    kind: Any,
    answer: Callable[[GraphStore], Any],
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.content == validated_and_dumped(kind, answer(store))
    assert len(response.content) > 100, "an empty answer would prove little"
