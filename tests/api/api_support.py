"""Helpers shared by the API tests: test settings, a real server thread, the error-shape check,
the bytes FastAPI sends for a response model."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter

from policykg.settings import Settings, environment_settings

STARTUP_SECONDS = 60


def error_of(response: Any, status: int, code: str) -> dict[str, Any]:
    """The error body, after checking the status and that it has the one error shape.

    `response` is an httpx.Response (real server) or a TestClient response.
    """
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


def validated_and_dumped(kind: Any, value: Any) -> bytes:
    """What FastAPI sends for a `response_model` of `kind`: the value validated against it,
    serialised to JSON values, rendered by JSONResponse."""
    adapter: TypeAdapter[Any] = TypeAdapter(kind)
    return JSONResponse(adapter.dump_python(adapter.validate_python(value), mode="json")).body


def make_settings(backend: str, graph_file: Path, **overrides: object) -> Settings:
    """Settings for tests: explicit where the environment or a .env could interfere."""
    values: dict[str, object] = {
        "backend": backend,
        "graph_file": graph_file,
        "api_token": None,
        "cors_origins": (),
    }
    values.update(overrides)
    return environment_settings(**values)


class ServerThread:
    """uvicorn serving `app` on a free loopback port in a daemon thread."""

    def __init__(self, app: FastAPI, *, healthy: bool = True) -> None:
        self.healthy = healthy  # wait for a 200 from /health (a test of a broken store: no)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        # The clients keep an idle connection 5 s (httpx's keepalive_expiry), as long as uvicorn's
        # default: the server then may close one just as a client sends on it (connection reset).
        # A longer server side lets the client always retire it first.
        config = uvicorn.Config(
            app, log_level="warning", lifespan="on", ws="none", timeout_keep_alive=30
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        if self.healthy:
            response = httpx.get(f"{self.url}/api/v1/health", timeout=STARTUP_SECONDS)
            response.raise_for_status()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()
