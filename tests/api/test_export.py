"""GET /export: every format parses, with the right media type and file name."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import httpx
import networkx as nx
import pytest


@pytest.fixture
def size(client: httpx.Client) -> tuple[int, int]:
    # per test, so that it is read after the autouse fixture has put the source graph back
    # in the shared Neo4j database (a module-scoped one ran first and saw whatever an earlier
    # test, e.g. tests/graph's build faults, had left there)
    health = client.get("/health").json()
    return health["nodes"], health["edges"]


def download(client: httpx.Client, fmt: str, media_type: str, filename: str) -> bytes:
    response = client.get("/export", params={"format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    return response.content


def test_graphml_reads_back_with_networkx(client: httpx.Client, size: tuple[int, int]) -> None:
    payload = download(client, "graphml", "application/graphml+xml", "policykg.graphml")
    graph = nx.read_graphml(io.BytesIO(payload))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == size
    assert any(d.get("name") == "总氮" for _, d in graph.nodes(data=True))


def test_gexf_reads_back_with_networkx(client: httpx.Client, size: tuple[int, int]) -> None:
    payload = download(client, "gexf", "application/gexf+xml", "policykg.gexf")
    graph = nx.read_gexf(io.BytesIO(payload))
    assert graph.number_of_nodes() == size[0]


def test_json_is_node_link(client: httpx.Client, size: tuple[int, int]) -> None:
    data = json.loads(download(client, "json", "application/json", "policykg.json"))
    assert (len(data["nodes"]), len(data["edges"])) == size


def test_csv_is_a_neo4j_admin_zip(client: httpx.Client, size: tuple[int, int]) -> None:
    payload = download(client, "csv", "application/zip", "policykg-neo4j-import.zip")
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        names = archive.namelist()
        assert "nodes_Task.csv" in names
        tables = {n: read_csv(archive.read(n)) for n in names}
    tasks = tables["nodes_Task.csv"]
    rows = sum(len(t) - 1 for n, t in tables.items() if n.startswith("nodes_"))
    assert tasks[0][0] == "id:ID" and tasks[0][-1] == ":LABEL"
    assert len(tasks) - 1 == client.get("/tasks", params={"limit": 1}).json()["total"]
    assert rows == size[0]


def read_csv(payload: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(payload.decode("utf-8"))))


def test_unknown_format_is_422_listing_the_formats(client: httpx.Client) -> None:
    response = client.get("/export", params={"format": "xlsx"})
    assert response.status_code == 422
    (error,) = response.json()["error"]["details"]["errors"]
    assert error["allowed"] == ["graphml", "gexf", "json", "csv"]
