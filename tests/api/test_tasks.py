"""GET /tasks and /tasks/{id}: real answers from the source graph, the same as the CLI's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import error_of, validated_and_dumped
from click.testing import CliRunner

from policykg.cli import main as cli
from policykg.graph.results import Page, TaskHit, TaskQuery
from policykg.settings import Settings
from policykg.stores import open_store


def cli_tasks(graph_file: Path, *args: str) -> dict[str, Any]:
    runner = CliRunner()
    # every task, as the API's page of 500 is on the article
    result = runner.invoke(
        cli, ["--graph-file", str(graph_file), "tasks", *args, "--all", "--json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def api_tasks(client: httpx.Client, **params: Any) -> dict[str, Any]:
    response = client.get("/tasks", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


def test_touches_yellow_river_matches_the_cli(client: httpx.Client, graph_file: Path) -> None:
    api = api_tasks(client, touches="黄河")
    cli_page = cli_tasks(graph_file, "--touches", "黄河")
    assert api["total"] == cli_page["total"] > 0
    assert api["items"] == cli_page["items"]  # the same task shape, field for field


def test_english_and_chinese_names_give_the_same_tasks(client: httpx.Client) -> None:
    assert ids(api_tasks(client, touches="Yellow River")) == ids(api_tasks(client, touches="黄河"))


def test_each_hit_says_how_it_matched(client: httpx.Client) -> None:
    page = api_tasks(client, touches="黄河")
    for item in page["items"]:
        assert item["match"] in ("direct", "narrower", "broader")
        assert item["via"] and item["matches"]
        assert item["text"].endswith("。") or item["text"]
        for entity in item["entities"]:
            assert set(entity) == {"id", "name", "type", "rel", "surface", "span"}


def test_tasks_come_in_document_order_and_page(client: httpx.Client) -> None:
    everything = api_tasks(client)
    assert everything["total"] == len(everything["items"]) > 20
    first = client.get("/tasks", params={"limit": 5, "offset": 3}).json()
    assert first["limit"] == 5 and first["offset"] == 3
    assert ids(first) == ids(everything)[3:8]
    assert first["total"] == everything["total"]


def test_match_all_is_the_intersection(client: httpx.Client) -> None:
    yellow = set(ids(api_tasks(client, touches="黄河")))
    nitrogen = set(ids(api_tasks(client, touches="总氮")))
    both = api_tasks(client, touches=["黄河", "总氮"], match="all")
    either = api_tasks(client, touches=["黄河", "总氮"], match="any")
    assert set(ids(both)) == yellow & nitrogen
    assert both["total"] >= 1
    assert set(ids(either)) == yellow | nitrogen


def test_filters_by_theme_and_text(client: httpx.Client, graph_file: Path) -> None:
    theme = api_tasks(client, theme=2)
    assert theme["total"] > 0
    assert {item["theme"]["id"] for item in theme["items"]} == {theme["items"][0]["theme"]["id"]}
    text = api_tasks(client, q="总氮")
    assert text["total"] > 0 and all("总氮" in item["text"] for item in text["items"])
    assert ids(theme) == ids(cli_tasks(graph_file, "--theme", "2"))


def test_task_detail_has_mentions_and_breadcrumb(client: httpx.Client) -> None:
    first = api_tasks(client, touches="总氮")["items"][0]
    response = client.get(f"/tasks/{first['id']}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["task"]["id"] == first["id"]
    assert detail["task"]["entities"] == first["entities"]
    assert [b["type"] for b in detail["breadcrumb"]] == ["Document", "Theme", "FocusArea"]
    assert detail["breadcrumb"][2]["id"] == first["area"]["id"]


def test_unknown_task_is_404(client: httpx.Client) -> None:
    error = error_of(client.get("/tasks/task:nope:9.9.9"), 404, "node_not_found")
    assert error["details"] == {"id": "task:nope:9.9.9"}


@pytest.mark.parametrize("name", ["黄何", "Yelow River"])
def test_misspelt_names_get_suggestions(client: httpx.Client, name: str) -> None:
    error = error_of(client.get("/tasks", params={"touches": name}), 404, "entity_not_found")
    suggestions = error["details"]["suggestions"]
    assert any("黄河" in s or "Yellow River" in s for s in suggestions), suggestions


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": 100000}, "out_of_range"),
        ({"limit": 0}, "validation_error"),
        ({"offset": -1}, "validation_error"),
        ({"match": "some"}, "validation_error"),
        ({"expand": "sideways"}, "validation_error"),
        ({"touches": "x" * 201}, "validation_error"),
        ({"touches": " "}, "validation_error"),
        ({"q": "x" * 501}, "validation_error"),
    ],
)
def test_bad_parameters_are_422(client: httpx.Client, params: dict[str, Any], code: str) -> None:
    error_of(client.get("/tasks", params=params), 422, code)


def test_the_page_bound_is_the_setting(client: httpx.Client, api_settings: Settings) -> None:
    at_max = client.get("/tasks", params={"limit": api_settings.max_page_size})
    assert at_max.status_code == 200
    error = error_of(
        client.get("/tasks", params={"limit": api_settings.max_page_size + 1}), 422, "out_of_range"
    )
    assert error["details"] == {
        "param": "limit",
        "value": api_settings.max_page_size + 1,
        "max": api_settings.max_page_size,
    }


@pytest.mark.parametrize(
    "params",
    [
        {"touches": "黄河"},
        {"touches": "黄河", "expand": "both", "limit": "7", "offset": "1"},
        {"touches": ["京津冀", "长江"], "expand": "broader"},
        {"q": "环境", "limit": "3", "offset": "4"},
        {"limit": "500"},
        {"theme": "2", "action_type": "rule-making"},
    ],
)
def test_tasks_answers_are_the_bytes_of_the_validated_answer(
    client: httpx.Client, api_settings: Settings, params: dict[str, Any]
) -> None:
    """GET /tasks serialises its page once, without FastAPI's validation pass (api/answers.py):
    the bytes must be those the validated, re-serialised page gives."""
    response = client.get("/tasks", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    touches = params.get("touches", [])
    query = TaskQuery.of(
        [touches] if isinstance(touches, str) else touches,
        match=params.get("match", "any"),
        expand=params.get("expand", "narrower"),
        theme=int(params["theme"]) if "theme" in params else None,
        action_type=params.get("action_type"),
        text=params.get("q"),
        limit=int(params.get("limit", 50)),
        offset=int(params.get("offset", 0)),
    )
    store = open_store(api_settings)
    try:
        page = store.tasks(query)
    finally:
        store.close()
    assert page.items, "a query that finds nothing would prove little"
    assert response.content == validated_and_dumped(Page[TaskHit], page)
