"""GET /entities (search) and /entities/{ref} (detail by id or name) on the source graph."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from api_support import error_of
from click.testing import CliRunner

from policykg.cli import main as cli


def test_search_ranks_exact_names_first(client: httpx.Client) -> None:
    response = client.get("/entities", params={"q": "黄河"})
    assert response.status_code == 200
    page = response.json()
    assert page["total"] >= 1 and page["limit"] == 50 and page["offset"] == 0
    top = page["items"][0]
    assert top["type"] == "Region"
    assert set(top) == {"id", "name", "name_en", "type", "kind", "task_count"}


def test_search_ranks_by_tasks_after_exact_names(client: httpx.Client) -> None:
    # "nitrogen" is part of several English names; the one the tasks name (总氮, total
    # nitrogen) comes first, not the alphabetically closest pollutant no task names.
    items = client.get("/entities", params={"q": "nitrogen"}).json()["items"]
    assert items[0]["name"] == "总氮" and items[0]["task_count"] > 0
    counts = [item["task_count"] for item in items]
    assert counts == sorted(counts, reverse=True), "no exact name here: ordered by tasks"
    exact = client.get("/entities", params={"q": "长江"}).json()["items"]
    assert exact[0]["name"] == "长江", "an exact name stays first whatever its task count"


def test_search_filters_by_type_and_pages(client: httpx.Client) -> None:
    page = client.get("/entities", params={"type": "Pollutant", "limit": 5}).json()
    assert page["total"] > 5 and len(page["items"]) == 5
    assert {item["type"] for item in page["items"]} == {"Pollutant"}
    second = client.get("/entities", params={"type": "Pollutant", "limit": 5, "offset": 5}).json()
    assert not {i["id"] for i in page["items"]} & {i["id"] for i in second["items"]}


def test_unknown_type_lists_the_allowed_ones(client: httpx.Client) -> None:
    error = error_of(client.get("/entities", params={"type": "Foo"}), 422, "validation_error")
    assert "Region" in error["message"]
    (item,) = error["details"]["errors"]
    assert item["allowed"] == ["Region", "Pollutant", "Program", "Agency", "Instrument", "Sector"]


def test_detail_by_name_id_and_english_name_agree(client: httpx.Client) -> None:
    by_name = client.get(f"/entities/{quote('黄河')}").json()
    by_id = client.get(f"/entities/{quote(by_name['id'], safe='')}").json()
    by_english = client.get("/entities/Yellow River").json()
    assert by_name == by_id == by_english
    assert by_name["task_count"] > 0
    assert sum(by_name["counts"].values()) >= by_name["task_count"]
    for relative in by_name["parents"] + by_name["children"]:
        assert relative["rel"] in ("PART_OF", "IS_A")


def test_detail_matches_the_cli(client: httpx.Client, graph_file: Path) -> None:
    result = CliRunner().invoke(cli, ["--graph-file", str(graph_file), "show", "总氮", "--json"])
    assert result.exit_code == 0, result.output
    assert client.get(f"/entities/{quote('总氮')}").json() == json.loads(result.stdout)


def test_hierarchy_children_are_listed(client: httpx.Client) -> None:
    detail = client.get(f"/entities/{quote('长江经济带')}").json()
    assert len(detail["children"]) >= 11  # 国发〔2014〕39号: 11 provinces and municipalities


@pytest.mark.parametrize("name", ["黄何", "Yelow River"])
def test_unknown_names_are_404_with_suggestions(client: httpx.Client, name: str) -> None:
    error = error_of(client.get(f"/entities/{quote(name)}"), 404, "entity_not_found")
    details = error["details"]
    assert details["query"] == name
    assert any("黄河" in s or "Yellow River" in s for s in details["suggestions"])


def test_blank_ref_is_422(client: httpx.Client) -> None:
    error_of(client.get("/entities/%20"), 422, "validation_error")


def test_ambiguous_names_are_409_with_candidates(client: httpx.Client) -> None:
    # 朝阳区 is a district of Beijing (110105) and of Changchun (220104) in regions_admin.csv.
    error = error_of(client.get(f"/entities/{quote('朝阳区')}"), 409, "ambiguous_entity")
    assert error["details"]["candidates"] == [
        {"id": "region:110105", "name": "朝阳区", "type": "Region"},
        {"id": "region:220104", "name": "朝阳区", "type": "Region"},
    ]
    tasks = client.get("/tasks", params={"touches": "朝阳区"})
    error_of(tasks, 409, "ambiguous_entity")
    assert client.get("/entities/region:110105").json()["name"] == "朝阳区"


def test_related_entities_match_the_cli(client: httpx.Client, graph_file: Path) -> None:
    page = client.get("/entities/related", params={"touches": "黄河"}).json()
    result = CliRunner().invoke(
        cli, ["--graph-file", str(graph_file), "entities", "--with", "黄河", "--json"]
    )
    assert result.exit_code == 0, result.output
    cli_page = json.loads(result.stdout)
    assert page["total"] == cli_page["total"] > 0
    assert page["items"] == cli_page["items"][: page["limit"]]
    assert "region:黄河" not in {item["entity"]["id"] for item in page["items"]}
    counts = [item["tasks"] for item in page["items"]]
    assert counts == sorted(counts, reverse=True)


def test_related_entities_page_and_filter_by_type(client: httpx.Client) -> None:
    whole = client.get("/entities/related", params={"touches": "黄河"}).json()
    first = client.get("/entities/related", params={"touches": "黄河", "limit": 2}).json()
    rest = client.get(
        "/entities/related", params={"touches": "黄河", "limit": 2, "offset": 2}
    ).json()
    assert first["items"] + rest["items"] == whole["items"][:4]
    assert first["total"] == rest["total"] == whole["total"]
    typed = client.get("/entities/related", params={"touches": "黄河", "type": "Pollutant"})
    items = typed.json()["items"]
    assert items and {item["entity"]["type"] for item in items} == {"Pollutant"}


def test_related_entities_of_an_unknown_name_is_404(client: httpx.Client) -> None:
    error_of(client.get("/entities/related", params={"touches": "黄何"}), 404, "entity_not_found")
