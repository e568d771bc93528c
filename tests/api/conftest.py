"""API fixtures: a graph file built by the CLI, and a real uvicorn server over it per backend.

`backend` is "networkx" by default and "neo4j" under the `neo4j` marker: the whole API suite
runs once per backend (deselect the second with -m "not neo4j" when no server runs).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_support import ServerThread, make_settings
from click.testing import CliRunner

from policykg.api.app import create_app
from policykg.cli import main as cli
from policykg.settings import Settings


@pytest.fixture(scope="session")
def graph_file(tmp_path_factory: pytest.TempPathFactory, corpus_path: Path) -> Path:
    """The source graph as `policykg build` writes it (networkx file)."""
    path = tmp_path_factory.mktemp("api-graph") / "graph.json"
    args = ["--backend", "networkx", "--graph-file", str(path), "build", str(corpus_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(
    scope="session", params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)]
)
def backend(request: pytest.FixtureRequest, graph_file: Path) -> str:
    if request.param == "neo4j":
        # The server that POLICYKG_NEO4J_* names; `source_graph_in_neo4j` loads the graph.
        request.getfixturevalue("neo4j_db")
    return str(request.param)


@pytest.fixture(autouse=True)
def source_graph_in_neo4j(request: pytest.FixtureRequest) -> None:
    """Before each test on the neo4j backend: the shared database holds the source graph.

    Other tests load other graphs into it (tests/graph), or stop the server; the API server
    of this session stays up and reads whatever the database holds.
    """
    if "backend" in request.fixturenames and request.getfixturevalue("backend") == "neo4j":
        shared = request.getfixturevalue("neo4j_db")
        shared.holding(request.getfixturevalue("source_data"))


@pytest.fixture(scope="session")
def api_settings(backend: str, graph_file: Path) -> Settings:
    return make_settings(backend, graph_file)


@pytest.fixture(scope="session")
def server(api_settings: Settings) -> Iterator[str]:
    """Base URL of a real server over the source graph."""
    with ServerThread(create_app(api_settings)) as running:
        yield running.url


@pytest.fixture(scope="session")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{server}/api/v1", timeout=60) as http:
        yield http


@pytest.fixture(scope="session")
def root_client(server: str) -> Iterator[httpx.Client]:
    """For pages outside /api/v1: /docs, /redoc, /openapi.json, /static."""
    with httpx.Client(base_url=server, timeout=60) as http:
        yield http
