"""GET /graph/neighborhood and /graph/path on the source graph, within the configured bounds."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from api_support import error_of

from policykg.settings import Settings


def neighborhood(client: httpx.Client, **params: Any) -> dict[str, Any]:
    response = client.get("/graph/neighborhood", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_neighborhood_is_a_closed_subgraph(client: httpx.Client) -> None:
    data = neighborhood(client, entity="黄河", depth=2)
    ids = {n["id"] for n in data["nodes"]}
    assert data["depth"] == 2 and data["limit"] == 200
    assert any(n["type"] == "Task" for n in data["nodes"])
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert not any(n["type"] == "Document" and "text" in n for n in data["nodes"])


def test_neighborhood_depth_one_holds_the_tasks_naming_it(client: httpx.Client) -> None:
    center = client.get("/entities/总氮").json()
    data = neighborhood(client, entity="总氮", depth=1, limit=2000)
    task_ids = {n["id"] for n in data["nodes"] if n["type"] == "Task"}
    direct = client.get(
        "/tasks", params={"touches": center["id"], "expand": "none", "limit": 500}
    ).json()
    assert task_ids == {t["id"] for t in direct["items"]}


def test_neighborhood_types_and_limit(client: httpx.Client) -> None:
    only = neighborhood(client, entity="黄河", depth=2, types=["Task"])
    assert {n["type"] for n in only["nodes"]} <= {"Task", "Region"}  # the centre stays
    capped = neighborhood(client, entity="黄河", depth=2, limit=3)
    assert len(capped["nodes"]) == 3 and capped["truncated"] is True
    assert neighborhood(client, entity="黄河", depth=1, limit=2000)["truncated"] is False


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"entity": "黄河", "depth": 99}, "out_of_range"),
        ({"entity": "黄河", "limit": 100000}, "out_of_range"),
        ({"entity": "黄河", "depth": 0}, "validation_error"),
        ({"entity": "黄河", "types": "Foo"}, "validation_error"),
        ({}, "validation_error"),
    ],
)
def test_neighborhood_bounds(client: httpx.Client, params: dict[str, Any], code: str) -> None:
    error_of(client.get("/graph/neighborhood", params=params), 422, code)


def test_neighborhood_depth_bound_is_the_setting(
    client: httpx.Client, api_settings: Settings
) -> None:
    depth = api_settings.max_depth
    assert client.get("/graph/neighborhood", params={"entity": "黄河", "depth": depth}).is_success
    error = error_of(
        client.get("/graph/neighborhood", params={"entity": "黄河", "depth": depth + 1}),
        422,
        "out_of_range",
    )
    assert error["details"]["max"] == depth


def test_neighborhood_of_unknown_entity_is_404(client: httpx.Client) -> None:
    error_of(client.get("/graph/neighborhood", params={"entity": "黄何"}), 404, "entity_not_found")


def test_path_goes_through_a_task(client: httpx.Client) -> None:
    response = client.get("/graph/path", params={"from": "黄河", "to": "总氮"})
    assert response.status_code == 200, response.text
    path = response.json()
    assert path["hops"] == len(path["steps"]) == len(path["nodes"]) - 1
    assert path["nodes"][0]["name"] in ("黄河", "黄河流域") or "黄河" in path["nodes"][0]["name"]
    assert path["nodes"][-1]["name"] == "总氮"
    assert path["tasks"], "a region and a pollutant meet in a task"
    on_path = {n["id"] for n in path["nodes"] if n["type"] == "Task"}
    assert {t["id"] for t in path["tasks"]} == on_path


def test_path_hops_are_bounded(client: httpx.Client, api_settings: Settings) -> None:
    too_far = api_settings.max_path_hops + 1
    error_of(
        client.get("/graph/path", params={"from": "黄河", "to": "总氮", "max_hops": too_far}),
        422,
        "out_of_range",
    )
    error = error_of(
        client.get("/graph/path", params={"from": "黄河", "to": "总氮", "max_hops": 1}),
        422,
        "invalid_query",
    )
    assert "no path" in error["message"]
