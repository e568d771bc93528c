"""GET /health: backend, graph size and version from a real server."""

from __future__ import annotations

import httpx

from policykg import __version__


def test_health_reports_backend_size_and_version(client: httpx.Client, backend: str) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["backend"] == backend
    assert body["version"] == __version__
    assert body["nodes"] == sum(body["node_types"].values()) > 0
    assert body["edges"] == sum(body["edge_types"].values()) > 0
    assert body["node_types"]["Theme"] == 7
    assert body["node_types"]["FocusArea"] >= 7
    assert len(body["documents"]) == 1
