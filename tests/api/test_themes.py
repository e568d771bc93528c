"""GET /themes: the document's 7 themes and their focus areas, with task counts."""

from __future__ import annotations

import httpx


def test_theme_tree_counts_add_up(client: httpx.Client) -> None:
    response = client.get("/themes")
    assert response.status_code == 200
    (document,) = response.json()["documents"]
    themes = document["themes"]
    assert [t["ordinal"] for t in themes] == [str(i) for i in range(1, 8)]
    areas = client.get("/health").json()["node_types"]["FocusArea"]
    assert sum(len(t["areas"]) for t in themes) == areas
    for theme in themes:
        assert theme["task_count"] == sum(a["task_count"] for a in theme["areas"])
    assert document["task_count"] == sum(t["task_count"] for t in themes)
    total = client.get("/tasks", params={"limit": 1}).json()["total"]
    assert document["task_count"] == total


def test_theme_tree_names_the_focus_areas(client: httpx.Client) -> None:
    document = client.get("/themes").json()["documents"][0]
    titles = [a["title"] for t in document["themes"] for a in t["areas"]]
    assert any("蓝天保卫战" in title for title in titles)
    assert any("碧水保卫战" in title for title in titles)
