"""The request guard (api/deps.py RequestGuard): unknown query parameters are a 422 on every
route, the names a route declares (its dependencies' included) pass, and the token is asked
for before the query is read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_support import ServerThread, error_of, make_settings

from policykg.api.app import create_app

TOKEN = "guard-token"


@pytest.fixture(scope="module")
def guarded(graph_file: Path) -> Iterator[httpx.Client]:
    settings = make_settings("networkx", graph_file, api_token=TOKEN)
    with (
        ServerThread(create_app(settings)) as server,
        httpx.Client(base_url=f"{server.url}/api/v1", timeout=60) as http,
    ):
        yield http


@pytest.mark.parametrize(
    ("path", "params", "unknown"),
    [
        ("/tasks", {"touch": "黄河"}, "touch"),
        ("/tasks", {"touches": "黄河", "limits": "5"}, "limits"),
        ("/health", {"verbose": "1"}, "verbose"),
        ("/entities", {"query": "黄河"}, "query"),
        ("/themes", {"document": "doc:x"}, "document"),  # a facet, but not of this route
    ],
)
def test_an_unknown_parameter_is_a_422_naming_it(
    client: httpx.Client, path: str, params: dict[str, str], unknown: str
) -> None:
    error = error_of(client.get(path, params=params), 422, "validation_error")
    (item,) = error["details"]["errors"]
    assert item["loc"] == ["query", unknown]
    assert set(params) - {unknown} <= set(item["allowed"])
    assert unknown not in item["allowed"]


def test_every_parameter_tasks_declares_passes(client: httpx.Client) -> None:
    """Its own group's, the page's and the facets' parameters: all known to the guard."""
    params = {
        "touches": "黄河",
        "match": "any",
        "expand": "narrower",
        "q": "黄河",
        "limit": "5",
        "offset": "0",
        "document": "doc:mee-2026-key-tasks",
        "level": "national",
        "year": "2026",
    }
    response = client.get("/tasks", params=params)
    assert response.status_code == 200, response.text
    assert response.json()["items"]


def test_the_token_is_asked_for_before_the_query_is_read(guarded: httpx.Client) -> None:
    error_of(guarded.get("/tasks", params={"touch": "黄河"}), 401, "unauthorized")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    error_of(guarded.get("/tasks", params={"touch": "黄河"}, headers=auth), 422, "validation_error")
    error_of(guarded.get("/health", params={"verbose": "1"}), 422, "validation_error")
