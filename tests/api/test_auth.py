"""With POLICYKG_API_TOKEN set, /api/v1 wants the bearer token (but /health and the docs do not)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import error_of, make_settings
from fastapi.testclient import TestClient

from policykg.api.app import create_app

TOKEN = "s3cret-token"
PROTECTED = [
    "/api/v1/entities?q=黄河",
    "/api/v1/entities/黄河",
    "/api/v1/tasks?touches=黄河",
    "/api/v1/themes",
    "/api/v1/graph/neighborhood?entity=黄河",
    "/api/v1/analysis/rankings",
    "/api/v1/export?format=json",
]


@pytest.fixture(scope="module")
def guarded(graph_file: Path) -> Iterator[TestClient]:
    app = create_app(make_settings("networkx", graph_file, api_token=TOKEN))
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("url", PROTECTED)
def test_protected_routes_need_the_token(guarded: TestClient, url: str) -> None:
    response = guarded.get(url)
    error_of(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    error_of(guarded.get(url, headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
    error_of(guarded.get(url, headers={"Authorization": f"Basic {TOKEN}"}), 401, "unauthorized")
    assert guarded.get(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/health", "/docs", "/redoc", "/openapi.json"])
def test_health_and_docs_stay_open(guarded: TestClient, url: str) -> None:
    assert guarded.get(url).status_code == 200


def test_the_schema_declares_bearer_auth_only_when_a_token_is_set(
    guarded: TestClient, graph_file: Path
) -> None:
    schema = guarded.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    assert schema["paths"]["/api/v1/tasks"]["get"]["security"] == [{"bearerToken": []}]
    assert "security" not in schema["paths"]["/api/v1/health"]["get"]
    with TestClient(create_app(make_settings("networkx", graph_file))) as open_client:
        open_schema = open_client.get("/openapi.json").json()
    assert "securitySchemes" not in open_schema.get("components", {})


def test_each_app_keeps_the_settings_it_was_built_with(graph_file: Path) -> None:
    """Settings are fixed when an app is built (no process-wide settings, no overrides): two
    apps alive in one process keep their own token and their own page bound."""
    strict = create_app(make_settings("networkx", graph_file, api_token=TOKEN, max_page_size=3))
    open_app = create_app(make_settings("networkx", graph_file))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(strict) as guarded_client, TestClient(open_app) as open_client:
        error_of(guarded_client.get("/api/v1/themes"), 401, "unauthorized")
        assert open_client.get("/api/v1/themes").status_code == 200
        error = error_of(
            guarded_client.get("/api/v1/tasks?limit=4", headers=auth), 422, "out_of_range"
        )
        assert error["details"]["max"] == 3
        assert len(guarded_client.get("/api/v1/tasks?limit=3", headers=auth).json()["items"]) == 3
        assert len(open_client.get("/api/v1/tasks?limit=4").json()["items"]) == 4
        # the default page is the smaller of 50 and the app's bound
        assert len(guarded_client.get("/api/v1/tasks", headers=auth).json()["items"]) == 3


def test_cors_allows_the_configured_origins(graph_file: Path) -> None:
    settings = make_settings("networkx", graph_file, cors_origins=["http://localhost:5173"])
    with TestClient(create_app(settings)) as client:
        preflight = client.options(
            "/api/v1/tasks",
            headers={
                "Origin": "http://localhost:5173",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "Authorization",
            },
        )
        other = client.get("/api/v1/health", headers={"Origin": "http://evil.example"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "access-control-allow-origin" not in other.headers
