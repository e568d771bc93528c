"""The refactors keep every answer: each store, the CLI and the API over a real server give
exactly what was recorded before them (golden_cases.py says how; record.py regenerates).

The graphs are frozen with the answers, so a change of extraction does not show here; a
change of a query's semantics does, case by case.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import golden_cases as golden
import httpx
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "api"))

from api_support import ServerThread, make_settings

from policykg.api.app import create_app
from policykg.cli import main as cli
from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.store import GraphStore

BACKENDS = ["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(scope="module")
def frozen() -> dict[str, GraphData]:
    return {g: golden.read_graph(golden.graph_path(g)) for g in golden.GRAPHS}


def store_for(request: pytest.FixtureRequest, backend: str, data: GraphData) -> GraphStore:
    if backend == "neo4j":
        return request.getfixturevalue("neo4j_db").holding(data)  # type: ignore[no-any-return]
    store = NetworkXStore(None)
    store.replace(data)
    return store


def differences(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    assert set(got) == set(want), "the table of cases changed: re-record on the old code"
    return [name for name in want if got[name] != want[name]]


def explain(names: list[str], got: dict[str, Any], want: dict[str, Any]) -> str:
    shown = [
        f"{n}:\n  now  {json.dumps(got[n], ensure_ascii=False)[:600]}\n  was  "
        f"{json.dumps(want[n], ensure_ascii=False)[:600]}"
        for n in names[:5]
    ]
    return f"{len(names)} answer(s) changed:\n" + "\n".join(shown)


@pytest.mark.parametrize("graph", golden.GRAPHS)
@pytest.mark.parametrize("backend", BACKENDS)
def test_store_answers_are_the_recorded_ones(
    request: pytest.FixtureRequest, frozen: dict[str, GraphData], backend: str, graph: str
) -> None:
    data = frozen[graph]
    want = golden.read_json(golden.answers_path(graph))
    store = store_for(request, backend, data)
    got = golden.run_cases(graph, data, store)
    changed = differences(got, want)
    assert not changed, explain(changed, got, want)
    held = store.dump()
    assert {n.id for n in held.nodes} == {n.id for n in data.nodes}
    assert {e.ident for e in held.edges} == {e.ident for e in data.edges}


@pytest.mark.parametrize(("graph", "least"), [("source", 100), ("synthetic", 1000)])
def test_the_recorded_touches_answers_are_mostly_not_empty(graph: str, least: int) -> None:
    """Else agreeing with them would prove little."""
    answers = golden.read_json(golden.answers_path(graph))
    found = [a for name, a in answers.items() if name.startswith("touches ") and "total" in a]
    assert sum(1 for a in found if a["total"]) > least


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory, frozen: dict[str, GraphData]) -> Path:
    path = tmp_path_factory.mktemp("golden") / "graph.json"
    NetworkXStore(path).replace(frozen["source"])
    return path


@pytest.fixture
def backend_holding_source(
    request: pytest.FixtureRequest, frozen: dict[str, GraphData]
) -> Iterator[str]:
    backend = request.param
    if backend == "neo4j":
        request.getfixturevalue("neo4j_db").holding(frozen["source"])
    yield backend


@pytest.mark.parametrize("backend_holding_source", BACKENDS, indirect=True)
def test_cli_examples_answer_as_recorded(backend_holding_source: str, graph_file: Path) -> None:
    want = golden.read_json(Path(golden.HERE) / "cli-answers.json.gz")
    got: dict[str, Any] = {}
    for args in golden.CLI_EXAMPLES:
        run = CliRunner().invoke(
            cli, ["--graph-file", str(graph_file), "--backend", backend_holding_source, *args]
        )
        body = json.loads(run.stdout) if run.exit_code == 0 else run.stderr
        got[" ".join(args)] = [run.exit_code, body]
    changed = differences(got, want)
    assert not changed, explain(changed, got, want)


@pytest.mark.parametrize("backend_holding_source", BACKENDS, indirect=True)
def test_api_examples_answer_as_recorded(backend_holding_source: str, graph_file: Path) -> None:
    want = golden.read_json(Path(golden.HERE) / "api-answers.json.gz")
    got: dict[str, Any] = {}
    # The recorded answers are about content, not speed: the betweenness ranking may take longer
    # than the 20 s default budget on a loaded machine, so the budget here matches the client's
    # timeout (an over-budget 503 would be a difference in the answer).
    settings = make_settings(backend_holding_source, graph_file, request_seconds=120.0)
    with (
        ServerThread(create_app(settings)) as server,
        httpx.Client(base_url=f"{server.url}/api/v1", timeout=120) as http,
    ):
        for path, params in golden.API_EXAMPLES:
            response = http.get(path, params=params)
            body = response.json()
            if path == "/health":  # the one answer that names the backend
                body["backend"] = "networkx"
            got[golden.example_name(path, params)] = [response.status_code, body]
    changed = differences(got, want)
    assert not changed, explain(changed, got, want)
