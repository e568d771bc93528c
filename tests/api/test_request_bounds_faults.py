"""Every request's work and answer are bounded.

Seen before: /maps/theme/1 and /maps/all had no node bound (18 s and 10.9 MB, 25.7 s and
15.7 MB on a 9,000-task graph); /analysis/cooccurrence?limit=5 returned 8.2 MB because limit
counted cells, not the task ids in them; 5,000 unknown parameters got a 1 MB error body;
nothing stopped a request that ran for minutes; /export was made anew per request.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_support import ServerThread, error_of, make_settings

from policykg.api.app import create_app
from policykg.api.export_cache import ExportCache, cache_folder
from policykg.budget import deadline
from policykg.errors import BudgetExceeded
from policykg.graph.export import export_bytes
from policykg.graph.graph_file import read_header
from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore


@pytest.fixture(scope="module")
def tight(graph_file: Path) -> Iterator[httpx.Client]:
    """The source graph behind small bounds."""
    settings = make_settings("networkx", graph_file, max_nodes=50, max_cell_tasks=3)
    with (
        ServerThread(create_app(settings)) as server,
        httpx.Client(base_url=f"{server.url}/api/v1", timeout=60) as http,
    ):
        yield http


def test_5000_unknown_parameters_get_a_small_error_body(client: httpx.Client) -> None:
    params = [(f"p{i}", "x") for i in range(5000)]
    response = client.get("/themes", params=params)
    error = error_of(response, 422, "validation_error")
    assert len(response.content) < 10_000
    assert error["details"]["omitted"] == 5000 - len(error["details"]["errors"])


@pytest.mark.parametrize("path", ["/maps/all", "/maps/theme/2"])
def test_maps_above_max_nodes_are_refused(tight: httpx.Client, path: str) -> None:
    error = error_of(tight.get(path), 413, "too_large")
    assert error["details"]["nodes"] > error["details"]["max_nodes"] == 50


def test_a_neighbourhood_above_max_edges_is_refused(graph_file: Path) -> None:
    """Nodes are bounded by `limit`; a dense neighbourhood's edges by POLICYKG_MAX_EDGES."""
    settings = make_settings("networkx", graph_file, max_edges=10)
    with (
        ServerThread(create_app(settings)) as server,
        httpx.Client(base_url=f"{server.url}/api/v1", timeout=60) as http,
    ):
        error = error_of(
            http.get("/graph/neighborhood", params={"entity": "黄河"}), 413, "too_large"
        )
        small = http.get("/graph/neighborhood", params={"entity": "总氮", "limit": 3})
    assert error["details"]["edges"] > 10
    assert small.status_code == 200, small.text


def test_a_map_within_the_bounds_is_drawn(tight: httpx.Client) -> None:
    response = tight.get("/maps/ego", params={"entity": "总氮", "limit": 20})
    assert response.status_code == 200 and "<html" in response.text[:500].lower()


@pytest.fixture(scope="module")
def synthetic_server(
    synthetic_data: GraphData, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """3,000 synthetic tasks: co-occurrence cells with many tasks each."""
    path = tmp_path_factory.mktemp("bounds") / "graph.json"
    NetworkXStore(path).replace(synthetic_data)
    settings = make_settings("networkx", path, max_cell_tasks=3)
    with ServerThread(create_app(settings)) as server:
        yield server.url


def test_cooccurrence_lists_a_bounded_page_of_task_ids_per_cell(
    synthetic_server: str, synthetic_data: GraphData
) -> None:
    tight = httpx.Client(base_url=f"{synthetic_server}/api/v1", timeout=60)
    store = NetworkXStore(None)
    store.replace(synthetic_data)
    full = store.cooccurrence(NodeType.PROGRAM, NodeType.SECTOR)[:5]
    axes = {"rows": "Program", "cols": "Sector", "limit": 5}
    capped = tight.get("/analysis/cooccurrence", params=axes).json()
    assert [c["count"] for c in capped["cells"]] == [c.count for c in full]
    assert full[0].count > 3
    for whole, cell in zip(full, capped["cells"], strict=True):
        assert len(cell["task_ids"]) == min(3, whole.count)
        pages = []
        for offset in range(0, whole.count, 3):
            page = tight.get(
                "/analysis/cooccurrence",
                params={**axes, "tasks_offset": offset, "tasks_limit": 3},
            ).json()
            same = next(
                c for c in page["cells"] if c["row"] == cell["row"] and c["col"] == cell["col"]
            )
            pages += same["task_ids"]
        assert pages == list(whole.task_ids)
    error_of(tight.get("/analysis/cooccurrence", params={"tasks_limit": 4}), 422, "out_of_range")
    tight.close()


def test_a_request_over_its_budget_gets_503_and_retry_after(graph_file: Path) -> None:
    settings = make_settings("networkx", graph_file, request_seconds=1e-9)
    with ServerThread(create_app(settings), healthy=False) as server:
        response = httpx.get(f"{server.url}/api/v1/analysis/cooccurrence", timeout=60)
    error = error_of(response, 503, "over_budget")
    assert response.headers["Retry-After"] and error["details"]["budget_seconds"] == 1e-9


def test_the_work_itself_stops_when_its_budget_is_spent(source_data: GraphData) -> None:
    """What stops the worker thread: the store's loops check the deadline."""
    store = NetworkXStore(None)
    store.replace(source_data)
    with deadline(0.0), pytest.raises(BudgetExceeded):
        store.cooccurrence(NodeType.REGION, NodeType.POLLUTANT)
    with deadline(0.0) as limit, pytest.raises(BudgetExceeded, match="client went away"):
        limit.at += 3600
        limit.cancel()  # what a disconnect does
        store.neighborhood("region:黄河", 2)
    with deadline(3600.0):
        assert store.cooccurrence(NodeType.REGION, NodeType.POLLUTANT)


def test_an_export_is_made_once_per_graph_version_and_streamed(
    graph_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with (
        ServerThread(create_app(make_settings("networkx", graph_file))) as server,
        httpx.Client(base_url=f"{server.url}/api/v1", timeout=60) as http,
    ):
        first = http.get("/export", params={"format": "json"})
        (cached,) = (tmp_path / "policykg" / "exports").glob("*.json")
        made = cached.stat().st_mtime_ns
        second = http.get("/export", params={"format": "json"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content == cached.read_bytes()
    assert cached.stat().st_mtime_ns == made  # not made again
    assert second.json()["nodes"]


def test_an_export_over_its_budget_is_still_cached_for_the_next_request(
    graph_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen before: on a graph whose export takes longer than a request may, every request
    stopped the export half way, so no request ever got it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    settings = make_settings("networkx", graph_file)
    store = NetworkXStore(graph_file)
    exports = ExportCache()
    with deadline(0.0), pytest.raises(BudgetExceeded):  # spent before the export is done
        exports.export(store, settings, "json")
    cached = cache_folder() / f"{read_header(graph_file).fingerprint}.json"
    for _ in range(1200):  # no request asks again: the first one's writer finishes the file
        if cached.exists():
            break
        time.sleep(0.1)
    assert cached.read_bytes() == export_bytes(store.dump(), "json")
    assert exports.export(store, settings, "json") == cached  # streamed, not made again
    assert not [p for p in cached.parent.iterdir() if p.name.endswith(".tmp")]
