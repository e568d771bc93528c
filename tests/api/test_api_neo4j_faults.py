"""The API on a real Neo4j server that goes away and comes back, or refuses the credentials.

These tests stop the shared dev server with scripts/neo4j/neo4j; the `neo4j_server` fixture
(tests/conftest.py) starts it again whatever happens. Nothing is mocked: the outage is real.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from api_support import ServerThread, error_of, make_settings

from policykg.api.app import create_app
from policykg.graph.model import GraphData
from policykg.settings import Settings

pytestmark = pytest.mark.neo4j

RECOVERY_SECONDS = 60
HUANGHE = {"touches": "黄河"}


@contextmanager
def serving(settings: Settings) -> Iterator[httpx.Client]:
    """uvicorn in a thread, without ServerThread's wait for a healthy /health."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + RECOVERY_SECONDS
            while not server.started:
                assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
                time.sleep(0.02)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1", timeout=60) as http:
                yield http
        finally:
            server.should_exit = True
            thread.join(timeout=15)


def until_ok(http: httpx.Client, path: str, params: dict[str, str] | None = None) -> Any:
    """Ask again until the answer is 200 (the driver reconnects by itself)."""
    deadline = time.monotonic() + RECOVERY_SECONDS
    while True:
        response = http.get(path, params=params, timeout=60)
        if response.status_code == 200 or time.monotonic() > deadline:
            assert response.status_code == 200, response.text
            return response.json()
        error_of(response, 503, "store_unavailable")
        time.sleep(0.5)


def check_unavailable(response: httpx.Response) -> None:
    error = error_of(response, 503, "store_unavailable")
    assert error["details"]["backend"] == "neo4j"
    assert "neo4j store unavailable" in error["message"]
    assert int(response.headers["retry-after"]) > 0


def test_neo4j_going_down_gives_503_and_the_api_recovers_by_itself(
    neo4j_server: Any, neo4j_db: Any, source_data: GraphData, graph_file: Path
) -> None:
    neo4j_db.holding(source_data)
    app = create_app(make_settings("neo4j", graph_file))
    with ServerThread(app) as running, httpx.Client(base_url=f"{running.url}/api/v1") as http:
        before = http.get("/tasks", params=HUANGHE)
        assert before.status_code == 200 and before.json()["total"] > 0
        neo4j_server.stop()
        check_unavailable(http.get("/tasks", params=HUANGHE, timeout=60))
        check_unavailable(http.get("/health", timeout=60))
        check_unavailable(http.get("/entities/黄河", timeout=60))
        neo4j_server.start()
        assert until_ok(http, "/tasks", HUANGHE) == before.json()
        assert until_ok(http, "/health")["backend"] == "neo4j"


def test_an_api_started_while_neo4j_is_down_serves_once_it_is_up(
    neo4j_server: Any, neo4j_db: Any, source_data: GraphData, graph_file: Path
) -> None:
    expected = neo4j_db.holding(source_data).stats()
    neo4j_server.stop()
    with serving(make_settings("neo4j", graph_file)) as http:
        check_unavailable(http.get("/health"))
        check_unavailable(http.get("/tasks", params=HUANGHE))
        neo4j_server.start()
        health = until_ok(http, "/health")
        assert health["nodes"] == expected.node_total
        assert until_ok(http, "/tasks", HUANGHE)["total"] > 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_wrong_credentials_stop_the_api_at_start_up(tmp_path: Path, neo4j_db: Any) -> None:
    """`policykg serve` exits with the reason instead of serving 503s for ever."""
    env = {
        **os.environ,
        "POLICYKG_BACKEND": "neo4j",
        "POLICYKG_NEO4J_USER": "policykg-no-such-user",  # not the real user: no lock-out
        "POLICYKG_NEO4J_PASSWORD": "not-the-password",
    }
    port = free_port()
    command = [sys.executable, "-m", "policykg.cli", "serve", "--port", str(port)]
    with subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        try:
            _, stderr = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            pytest.fail("the API started with credentials Neo4j refuses")
    assert proc.returncode != 0
    assert "authentication failed for user 'policykg-no-such-user'" in stderr
