"""GET /agencies/{agency}/tasks and GET /analysis/agencies over a real uvicorn server, on the
frozen graph of dev documents 02 and 04 (tests/fixtures/roles-graph.json.gz)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_support import ServerThread, make_settings, validated_and_dumped

from policykg.api.app import create_app
from policykg.graph.model import Edge, GraphData, Node, NodeType, Rel
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import Page, RoleHit, TaskHit

FROZEN = Path(__file__).resolve().parents[1] / "fixtures" / "roles-graph.json.gz"


@pytest.fixture(scope="module")
def roles_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with gzip.open(FROZEN, "rt", encoding="utf-8") as handle:
        payload = json.load(handle)
    data = GraphData.of(
        (Node(i, NodeType(t), name, props) for i, t, name, props in payload["nodes"]),
        (Edge(s, Rel(t), o, k, props) for s, t, o, k, props in payload["edges"]),
    )
    graph_file = tmp_path_factory.mktemp("roles") / "graph.json"
    NetworkXStore(graph_file).replace(data)
    return graph_file


@pytest.fixture(scope="module")
def roles_api(roles_graph: Path) -> Iterator[httpx.Client]:
    with (
        ServerThread(create_app(make_settings("networkx", roles_graph))) as server,
        httpx.Client(base_url=f"{server.url}/api/v1", timeout=30) as client,
    ):
        yield client


def test_tasks_an_agency_leads(roles_api: httpx.Client) -> None:
    response = roles_api.get("/agencies/生态环境部/tasks", params={"role": "lead"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 1
    [item] = body["items"]
    assert (item["role"], item["surface"], item["carried"]) == ("lead", "生态环境部", False)
    assert "健全固体废物统计制度" in item["task"]["text"]


def test_agency_tasks_are_the_bytes_of_the_validated_answer(
    roles_api: httpx.Client, roles_graph: Path
) -> None:
    """The route serialises its page once (api/answers.py), as FastAPI would have."""
    response = roles_api.get("/agencies/生态环境部/tasks", params={"limit": 4, "offset": 1})
    assert response.status_code == 200, response.text
    store = NetworkXStore(roles_graph)
    try:
        page = store.agency_tasks("生态环境部", (), 4, 1)
    finally:
        store.close()
    assert len(page.items) == 4
    assert response.content == validated_and_dumped(Page[RoleHit[TaskHit]], page)


def test_roles_can_be_combined_and_paged(roles_api: httpx.Client) -> None:
    both = roles_api.get("/agencies/生态环境部/tasks", params=[("role", "lead"), ("role", "guide")])
    assert both.status_code == 200
    assert {i["role"] for i in both.json()["items"]} == {"lead", "guide"}
    page = roles_api.get("/agencies/生态环境部/tasks", params={"limit": 2, "offset": 1}).json()
    assert len(page["items"]) == 2 and page["total"] > 3


def test_agencies_ranked_by_lead_and_for_an_entity(roles_api: httpx.Client) -> None:
    ranked = roles_api.get("/analysis/agencies", params={"role": "guide", "limit": 3}).json()
    assert ranked["items"][0]["agency"]["id"] == "agency:生态环境部"
    counts = [i["tasks"] for i in ranked["items"]]
    assert counts == sorted(counts, reverse=True)
    found = roles_api.get("/analysis/agencies", params={"touches": "危险废物"}).json()
    assert found["touches"] == "危险废物" and found["items"]
    assert {i["role"] for i in found["items"]} <= {
        "lead",
        "support",
        "responsible",
        "guide",
        "joint",
    }


def test_unknown_agency_and_role_are_clear_errors(roles_api: httpx.Client) -> None:
    missing = roles_api.get("/agencies/生态环境布/tasks")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "entity_not_found"
    bad = roles_api.get("/agencies/生态环境部/tasks", params={"role": "boss"})
    assert bad.status_code == 422


# -- the agency-role facet of /tasks and /graph/neighborhood ------------------------------------


def _role_task_ids(client: httpx.Client, agency: str, role: str) -> list[str]:
    """The tasks in which `agency` has `role`, by the agencies route (the oracle: another query)."""
    hits = client.get(f"/agencies/{agency}/tasks", params={"role": role, "limit": 500}).json()
    return list(dict.fromkeys(h["task"]["id"] for h in hits["items"]))


def test_tasks_with_a_role_of_one_agency(roles_api: httpx.Client) -> None:
    response = roles_api.get(
        "/tasks", params={"agency": "生态环境部", "role": "guide", "limit": 500}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    want = _role_task_ids(roles_api, "agency:生态环境部", "guide")
    assert want and [t["id"] for t in body["items"]] == want and body["total"] == len(want)
    # without a role: every task in which it has any role (not those that merely name it)
    anyrole = roles_api.get("/tasks", params={"agency": "生态环境部", "limit": 500}).json()
    every = {
        i["task"]["id"]
        for i in roles_api.get("/agencies/生态环境部/tasks", params={"limit": 500}).json()["items"]
    }
    assert {t["id"] for t in anyrole["items"]} == every
    naming = roles_api.get("/tasks", params={"touches": "生态环境部", "limit": 500}).json()
    assert anyrole["total"] <= naming["total"]


def test_tasks_with_a_role_of_any_agency(roles_api: httpx.Client) -> None:
    ranked = roles_api.get("/analysis/agencies", params={"role": "guide", "limit": 100}).json()
    want = set()
    for item in ranked["items"]:
        want |= set(_role_task_ids(roles_api, item["agency"]["id"], "guide"))
    got = roles_api.get("/tasks", params={"role": "guide", "limit": 500}).json()
    assert got["total"] == len(want) and {t["id"] for t in got["items"]} == want
    # two roles: either; with touches: both conditions
    both = roles_api.get("/tasks", params=[("role", "guide"), ("role", "lead"), ("limit", 500)])
    assert both.json()["total"] >= got["total"]
    waste = roles_api.get("/tasks", params={"touches": "危险废物", "limit": 500}).json()
    guided = roles_api.get(
        "/tasks", params={"touches": "危险废物", "role": "guide", "limit": 500}
    ).json()
    assert {t["id"] for t in guided["items"]} == {t["id"] for t in waste["items"]} & want
    # documents ranked by the tasks the facet keeps
    docs = roles_api.get("/documents", params={"touches": "危险废物"}).json()
    assert docs["total"] >= 1


def test_role_facet_errors(roles_api: httpx.Client) -> None:
    assert roles_api.get("/tasks", params={"role": "boss"}).status_code == 422
    missing = roles_api.get("/tasks", params={"agency": "生态环境布", "role": "lead"})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "entity_not_found"
    assert "生态环境部" in missing.json()["error"]["details"]["suggestions"]


def test_neighbourhood_keeps_the_tasks_of_the_role(roles_api: httpx.Client) -> None:
    params = {"entity": "生态环境部", "places": "mentioned", "limit": 500}
    whole = roles_api.get("/graph/neighborhood", params=params).json()
    kept = roles_api.get("/graph/neighborhood", params={**params, "role": "guide"}).json()
    want = set(_role_task_ids(roles_api, "agency:生态环境部", "guide"))
    tasks_before = {n["id"] for n in whole["nodes"] if n["type"] == "Task"}
    tasks_after = {n["id"] for n in kept["nodes"] if n["type"] == "Task"}
    assert tasks_after == tasks_before & want and tasks_after != tasks_before
    # nothing left floating: every node is linked to the centre through what is kept
    links: dict[str, set[str]] = {}
    for e in kept["edges"]:
        links.setdefault(e["source"], set()).add(e["target"])
        links.setdefault(e["target"], set()).add(e["source"])
    reached, frontier = {"agency:生态环境部"}, ["agency:生态环境部"]
    while frontier:
        frontier = [n for at in frontier for n in links.get(at, ()) if n not in reached]
        reached.update(frontier)
    assert {n["id"] for n in kept["nodes"]} == reached
