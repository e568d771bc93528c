"""GET /analysis/cooccurrence and /analysis/rankings on the source graph."""

from __future__ import annotations

import httpx
import pytest
from api_support import error_of


def test_region_pollutant_cooccurrence(client: httpx.Client) -> None:
    response = client.get(
        "/analysis/cooccurrence", params={"rows": "Region", "cols": "Pollutant", "limit": 500}
    )
    assert response.status_code == 200
    table = response.json()
    assert table["rows"] == "Region" and table["cols"] == "Pollutant"
    assert table["total"] == len(table["cells"]) > 0
    counts = [cell["count"] for cell in table["cells"]]
    assert counts == sorted(counts, reverse=True)
    for cell in table["cells"]:
        assert cell["row"]["type"] == "Region" and cell["col"]["type"] == "Pollutant"
        assert cell["count"] == len(cell["task_ids"])
    nitrogen = [c for c in table["cells"] if c["col"]["name"] == "总氮"]
    assert any("黄河" in c["row"]["name"] for c in nitrogen)


def test_cooccurrence_cells_are_tasks_naming_both(client: httpx.Client) -> None:
    cell = client.get("/analysis/cooccurrence", params={"limit": 1}).json()["cells"][0]
    for task_id in cell["task_ids"]:
        named = {e["id"] for e in client.get(f"/tasks/{task_id}").json()["task"]["entities"]}
        assert {cell["row"]["id"], cell["col"]["id"]} <= named


@pytest.mark.parametrize("by", ["tasks", "degree", "betweenness"])
def test_rankings(client: httpx.Client, by: str) -> None:
    response = client.get("/analysis/rankings", params={"type": "Region", "by": by, "limit": 10})
    assert response.status_code == 200
    ranked = response.json()
    assert ranked["type"] == "Region" and ranked["by"] == by
    scores = [item["score"] for item in ranked["items"]]
    assert len(scores) == 10 and scores == sorted(scores, reverse=True)
    assert all(item["type"] == "Region" for item in ranked["items"])


def test_ranking_by_tasks_counts_the_tasks(client: httpx.Client) -> None:
    top = client.get("/analysis/rankings", params={"type": "Pollutant", "limit": 1}).json()
    item = top["items"][0]
    detail = client.get(f"/entities/{item['id']}").json()
    assert item["score"] == detail["task_count"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/analysis/cooccurrence", {"rows": "Foo"}),
        ("/analysis/cooccurrence", {"cols": "Task"}),
        ("/analysis/rankings", {"type": "Foo"}),
        ("/analysis/rankings", {"by": "pagerank"}),
    ],
)
def test_unknown_types_are_422(client: httpx.Client, path: str, params: dict[str, str]) -> None:
    error = error_of(client.get(path, params=params), 422, "validation_error")
    assert error["details"]["errors"][0]["allowed"]
