"""Every export carries the documents and their metadata, on both stores: GET /export on a real
uvicorn server and `policykg export`, in each format (GraphML, GEXF, node-link JSON and the
neo4j-admin CSV zip), over the corpus graph of eleven documents.

Each format is read back with a plain reader (networkx, json, csv) and every Document node's id,
title, kind, level, dates, issuers, co-signers and number are compared with the graph's data.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest
from api_support import ServerThread, make_settings
from click.testing import CliRunner

from policykg.api.app import create_app
from policykg.cli import main as cli
from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore

BACKENDS = ["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)]
FORMATS = ("graphml", "gexf", "json", "csv")
#: The metadata every export must carry (graph.assemble.DOCUMENT_FIELDS, written out here).
FIELDS = (
    *("kind", "level", "doc_number", "issuers", "co_signers", "script"),
    *("date", "date_adopted", "date_version", "date_promulgated", "date_in_force", "date_signed"),
)

Documents = dict[str, dict[str, Any]]


def _want(data: GraphData) -> Documents:
    """Document id -> {title, field: value} for the fields it has, from the graph's data."""
    return {
        n.id: {"title": n.name, **{k: n.props[k] for k in FIELDS if n.props.get(k) is not None}}
        for n in data.nodes
        if n.type == NodeType.DOCUMENT
    }


def _scalar(value: Any, separator: str) -> Any:
    return separator.join(map(str, value)) if isinstance(value, list) else value


def _read(fmt: str, payload: bytes) -> Documents:
    """The Document nodes of an export, read with plain readers: id -> {title, field: value}."""
    if fmt == "json":
        nodes = [n for n in json.loads(payload)["nodes"] if n["type"] == "Document"]
        return {n["id"]: {"title": n["name"], **_fields(n)} for n in nodes}
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            text = archive.read("nodes_Document.csv").decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        plain = [{k.split(":")[0]: v for k, v in row.items() if v != ""} for row in rows]
        return {r["id"]: {"title": r["name"], **_fields(r)} for r in plain}
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(payload))
    return {
        n: {"title": d["name"], **_fields(d)}
        for n, d in graph.nodes(data=True)
        if d.get("type") == "Document"
    }


def _fields(node: dict[str, Any]) -> dict[str, Any]:
    return {k: node[k] for k in FIELDS if node.get(k) is not None}


def _expected(fmt: str, want: Documents) -> Documents:
    """What each format makes of the values: lists joined in GraphML/GEXF ('|') and in the
    CSV (';', neo4j-admin's array delimiter), where an empty list is an empty cell (absent)."""
    if fmt == "json":
        return want
    separator = ";" if fmt == "csv" else "|"
    return {
        d: {k: _scalar(v, separator) for k, v in props.items() if fmt != "csv" or v != []}
        for d, props in want.items()
    }


def _check(fmt: str, payload: bytes, corpus_data: GraphData) -> None:
    got, want = _read(fmt, payload), _expected(fmt, _want(corpus_data))
    assert len(want) == 11
    assert got == want
    assert all({"title", "kind", "level"} <= set(props) for props in got.values())
    assert sum("issuers" in props for props in got.values()) >= 8
    assert sum(any(k.startswith("date") for k in props) for props in got.values()) >= 10


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def graph_file(
    request: pytest.FixtureRequest, tmp_path: Path, corpus_data: GraphData, backend: str
) -> Path:
    """The corpus graph in this test's store (and a networkx file beside it)."""
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(corpus_data)
    if backend == "neo4j":
        request.getfixturevalue("neo4j_db").holding(corpus_data)
    return path


@pytest.fixture
def client(graph_file: Path, backend: str) -> Iterator[httpx.Client]:
    with (
        ServerThread(create_app(make_settings(backend, graph_file))) as server,
        httpx.Client(base_url=f"{server.url}/api/v1", timeout=120) as http,
    ):
        yield http


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_format_carries_the_documents(
    client: httpx.Client, corpus_data: GraphData, fmt: str
) -> None:
    response = client.get("/export", params={"format": fmt})
    assert response.status_code == 200, response.text
    _check(fmt, response.content, corpus_data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_policykg_export_carries_the_documents(
    graph_file: Path, backend: str, corpus_data: GraphData, fmt: str, tmp_path: Path
) -> None:
    out = tmp_path / f"export.{fmt}"
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("POLICYKG_")}
    env |= {k: v for k, v in os.environ.items() if k.startswith("POLICYKG_NEO4J_")}
    args = ["--graph-file", str(graph_file), "--backend", backend, "export", "--format", fmt]
    run = CliRunner().invoke(cli, [*args, "-o", str(out)], env=env)
    assert run.exit_code == 0, run.output
    _check(fmt, out.read_bytes(), corpus_data)
