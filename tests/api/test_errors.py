"""One place maps errors to HTTP, in one JSON shape: each mapping, with stores that fail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from api_support import error_of
from fastapi.testclient import TestClient
from neo4j.exceptions import ServiceUnavailable, SessionExpired

import policykg.stores
from policykg.api.app import create_app
from policykg.api.deps import get_store
from policykg.errors import (
    AmbiguousEntity,
    DocumentError,
    EntityNotFound,
    InvalidQuery,
    NodeNotFound,
    StoreUnavailable,
)
from policykg.graph.networkx_store import NetworkXStore
from policykg.settings import Settings, environment_settings


class FailingStore:
    """A store whose every query raises `exc`."""

    backend = "fake"

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise self.exc

        return fail


@pytest.fixture
def empty_settings(tmp_path: Any) -> Settings:
    return environment_settings(graph_file=tmp_path / "none.json", api_token=None, cors_origins=())


def client_with(settings: Settings, exc: BaseException) -> TestClient:
    app = create_app(settings)
    app.dependency_overrides[get_store] = lambda: FailingStore(exc)
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(
    ("exc", "status", "code", "details"),
    [
        (EntityNotFound("黄何", ["黄河"]), 404, "entity_not_found", {"suggestions": ["黄河"]}),
        (
            AmbiguousEntity("x", [("region:1", "x", "Region"), ("region:2", "x", "Region")]),
            409,
            "ambiguous_entity",
            {
                "candidates": [
                    {"id": "region:1", "name": "x", "type": "Region"},
                    {"id": "region:2", "name": "x", "type": "Region"},
                ]
            },
        ),
        (NodeNotFound("task:x"), 404, "node_not_found", {"id": "task:x"}),
        (InvalidQuery("no path"), 422, "invalid_query", {"reason": "no path"}),
        (DocumentError("a.txt", "no themes", 3), 422, "document_error", {"line": 3}),
        (StoreUnavailable("neo4j", "refused"), 503, "store_unavailable", {"backend": "neo4j"}),
        (ServiceUnavailable("gone"), 503, "store_unavailable", {"backend": "neo4j"}),
        (SessionExpired("expired"), 503, "store_unavailable", {"backend": "neo4j"}),
        (RuntimeError("bug"), 500, "internal_error", {}),
    ],
)
def test_each_error_maps_to_one_shape(
    empty_settings: Settings, exc: BaseException, status: int, code: str, details: dict[str, Any]
) -> None:
    with client_with(empty_settings, exc) as client:
        error = error_of(client.get("/api/v1/tasks", params={"touches": "黄河"}), status, code)
    assert details.items() <= error["details"].items()


def test_store_unavailable_says_when_to_retry(empty_settings: Settings) -> None:
    with client_with(empty_settings, StoreUnavailable("neo4j", "refused")) as client:
        response = client.get("/api/v1/health")
    error_of(response, 503, "store_unavailable")
    assert response.headers["retry-after"]


def test_internal_errors_do_not_leak_their_message(empty_settings: Settings) -> None:
    with client_with(empty_settings, RuntimeError("secret detail")) as client:
        error = error_of(client.get("/api/v1/themes"), 500, "internal_error")
    assert "secret" not in str(error)


@pytest.fixture
def store_down_at_start(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """open_store fails until the returned function is called (the backend comes back)."""
    state = {"up": False}

    def fake_open(settings: Settings) -> Any:
        if not state["up"]:
            raise StoreUnavailable("neo4j", "connection refused")
        return NetworkXStore(None)

    monkeypatch.setattr(policykg.stores, "open_store", fake_open)
    yield lambda: state.update(up=True)


def test_a_store_down_at_startup_gives_503_then_recovers(
    empty_settings: Settings, store_down_at_start: Callable[[], None]
) -> None:
    with TestClient(create_app(empty_settings)) as client:
        error_of(client.get("/api/v1/health"), 503, "store_unavailable")
        store_down_at_start()
        response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["nodes"] == 0


def test_unknown_route_and_method_use_the_error_shape(empty_settings: Settings) -> None:
    with TestClient(create_app(empty_settings)) as client:
        error_of(client.get("/api/v1/nowhere"), 404, "not_found")
        response = client.post("/api/v1/health")
    error_of(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET"


def test_validation_errors_list_the_allowed_values(empty_settings: Settings) -> None:
    with TestClient(create_app(empty_settings)) as client:
        error = error_of(
            client.get("/api/v1/entities", params={"type": "Foo"}), 422, "validation_error"
        )
    (item,) = error["details"]["errors"]
    assert item["loc"] == ["query", "type"]
    assert item["allowed"] == ["Region", "Pollutant", "Program", "Agency", "Instrument", "Sector"]
