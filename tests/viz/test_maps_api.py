"""GET /api/v1/maps/... and the explorer page at / (in-process client; the browser tests serve)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from viz_support import sample_graph, settings_for

from policykg.api.app import create_app
from policykg.graph.networkx_store import NetworkXStore


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("maps-api") / "graph.json"
    NetworkXStore(path).replace(sample_graph())
    with TestClient(create_app(settings_for(path))) as http:
        yield http


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/api/v1/maps/ego?entity=黄河&depth=2", "黄河 · neighbourhood, depth 2"),
        ("/api/v1/maps/ego?entity=region:黄河", "黄河 · neighbourhood, depth 1"),
        ("/api/v1/maps/touches?entity=Yellow River Basin", "Tasks touching 黄河流域"),
        ("/api/v1/maps/theme/1", "1 · 持续深入推进污染防治攻坚"),
        ("/api/v1/maps/all", "policykg: the whole graph"),
    ],
)
def test_maps_are_html_pages(client: TestClient, url: str, title: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-disposition" not in response.headers
    assert f"<title>{title}" in response.text


def test_download_names_the_file(client: TestClient) -> None:
    response = client.get("/api/v1/maps/ego", params={"entity": "黄河", "download": 1})
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1)) == (  # type: ignore[union-attr]
        "ego-黄河-1.html"
    )
    assert 'filename="policykg-map.html"' in disposition  # the ASCII fallback
    theme = client.get("/api/v1/maps/theme/1?download=true").headers["content-disposition"]
    assert 'filename="theme-1.html"' in theme


def test_same_page_as_the_command(client: TestClient) -> None:
    from policykg.viz import maps

    store = NetworkXStore(None)
    store.replace(sample_graph())
    assert client.get("/api/v1/maps/theme/1").text == maps.page(maps.theme_map(store, 1))


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/maps/ego?entity=不存在", 404, "entity_not_found"),
        ("/api/v1/maps/touches?entity=不存在", 404, "entity_not_found"),
        ("/api/v1/maps/theme/9", 404, "node_not_found"),
        ("/api/v1/maps/ego?entity=黄河&depth=99", 422, "out_of_range"),
        ("/api/v1/maps/ego?entity=黄河&limit=999999", 422, "out_of_range"),
        ("/api/v1/maps/ego?entity=黄河&layout=spiral", 422, "validation_error"),
        ("/api/v1/maps/ego", 422, "validation_error"),
    ],
)
def test_errors_are_json(client: TestClient, url: str, status: int, code: str) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code


def test_maps_are_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/maps/ego", "/api/v1/maps/touches", "/api/v1/maps/theme/{number}"):
        assert "text/html" in paths[path]["get"]["responses"]["200"]["content"]
    assert "/" not in paths


def test_explorer_page_and_its_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    config = json.loads(re.search(r'id="config">(.*?)</script>', page.text).group(1))  # type: ignore[union-attr]
    assert config["styles"]["Region"]["color"].startswith("#")
    assert "__POLICYKG_CONFIG__" not in page.text
    srcs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert srcs and all(not s.startswith(("http:", "https:", "//")) for s in srcs)
    for src in srcs:
        asset = client.get("/" + src)
        assert asset.status_code == 200, src
    js = client.get("/explorer/vendor/vis-network.min.js")
    assert js.headers["content-type"].startswith("text/javascript")
    assert client.get("/explorer/vendor/other.js").status_code == 422
    scripts = sorted((Path(__file__).resolve().parents[2] / "api/static/explorer").glob("*.js"))
    assert len(scripts) > 10  # the explorer's modules
    for script in scripts:
        code = script.read_text(encoding="utf-8")
        for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write"):
            assert sink not in code, script.name


def test_neighbourhood_without_places_no_task_names(client: TestClient) -> None:
    """places=mentioned gives the nodes `policykg map --center` draws; places=all keeps 石家庄."""
    params = {"entity": "黄河流域", "depth": 2}
    every = client.get("/api/v1/graph/neighborhood", params=params).json()
    named = client.get("/api/v1/graph/neighborhood", params={**params, "places": "mentioned"})
    assert named.status_code == 200, named.text
    every_ids = {n["id"] for n in every["nodes"]}
    named_ids = {n["id"] for n in named.json()["nodes"]}
    assert "region:130100" in every_ids  # a city no task names
    assert named_ids == every_ids - {"region:130100"}
    page = client.get("/api/v1/maps/ego", params=params).text
    drawn = {unquote(i) for i in re.findall(r'"id": "([^"]+)"', page) if ":" in i}
    assert drawn >= named_ids and "region:130100" not in drawn
