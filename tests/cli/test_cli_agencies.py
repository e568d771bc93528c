"""`policykg agencies`: ranked by lead tasks, the tasks of one agency, and the agencies of an
entity's tasks, on the frozen graph of dev documents 02 and 04."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from cli_support import invoke

from policykg.graph.model import Edge, GraphData, Node, NodeType, Rel
from policykg.graph.networkx_store import NetworkXStore

FROZEN = Path(__file__).resolve().parents[1] / "fixtures" / "roles-graph.json.gz"


def _graph_file(tmp_path: Path) -> Path:
    with gzip.open(FROZEN, "rt", encoding="utf-8") as handle:
        payload = json.load(handle)
    data = GraphData.of(
        (Node(i, NodeType(t), name, props) for i, t, name, props in payload["nodes"]),
        (Edge(s, Rel(t), o, k, props) for s, t, o, k, props in payload["edges"]),
    )
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(data)
    return path


def test_ranked_by_lead_tasks_and_the_tasks_an_agency_leads(tmp_path: Path) -> None:
    graph = _graph_file(tmp_path)
    ranked = invoke(graph, "agencies", "--json")
    assert ranked.code == 0, ranked.stderr
    [top] = json.loads(ranked.stdout)["items"]
    assert (top["agency"]["name"], top["role"], top["tasks"]) == ("生态环境部", "lead", 1)
    tasks = invoke(graph, "agencies", "--tasks", "生态环境部", "--role", "lead")
    assert tasks.code == 0, tasks.stderr
    assert "lead" in tasks.stdout and "健全固体废物统计制度" in tasks.stdout


def test_agencies_of_an_entitys_tasks_and_a_clear_error(tmp_path: Path) -> None:
    graph = _graph_file(tmp_path)
    found = invoke(graph, "agencies", "--touches", "危险废物", "--json")
    assert found.code == 0, found.stderr
    items = json.loads(found.stdout)["items"]
    assert items and items[0]["tasks"] >= items[-1]["tasks"]
    unknown = invoke(graph, "agencies", "--tasks", "生态环境布")
    assert unknown.code != 0 and "生态环境布" in unknown.stderr


def test_tasks_take_the_agency_role_facet(tmp_path: Path) -> None:
    graph = _graph_file(tmp_path)
    led = invoke(graph, "tasks", "--agency", "生态环境部", "--role", "lead", "--json")
    assert led.code == 0, led.stderr
    [task] = json.loads(led.stdout)["items"]
    assert "健全固体废物统计制度" in task["text"]
    guided = invoke(graph, "tasks", "--role", "guide", "--json")
    oracle = invoke(graph, "agencies", "--tasks", "生态环境部", "--role", "guide", "--json")
    own = {hit["task"]["id"] for hit in json.loads(oracle.stdout)["items"]}
    assert own and own <= {t["id"] for t in json.loads(guided.stdout)["items"]}
    bad = invoke(graph, "tasks", "--role", "boss")
    assert bad.code == 2 and "boss" in bad.stderr
    unknown = invoke(graph, "tasks", "--agency", "生态环境布", "--role", "lead")
    assert unknown.code != 0 and "生态环境部" in unknown.stderr  # a close name is suggested
