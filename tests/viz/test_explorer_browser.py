"""The explorer at / in headless Chromium, against a real uvicorn server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from viz_support import (
    HeldRequests,
    ServerThread,
    Watched,
    non_white_pixels,
    sample_graph,
    serving,
    settings_for,
)

from policykg.api.app import create_app
from policykg.graph.networkx_store import NetworkXStore

pytestmark = pytest.mark.browser

OpenPage = Callable[..., Watched]


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(sample_graph(), tmp_path_factory.mktemp("explorer-sample")) as url:
        yield url


def open_explorer(watched: OpenPage, server: str, fragment: str = "") -> Watched:
    watch = watched()
    watch.page.goto(f"{server}/{fragment}")
    return watch


def search_and_choose(page: Any, text: str) -> None:
    page.fill("#search", text)
    page.locator("#suggestions li[data-id]").first.wait_for(timeout=10_000)
    page.press("#search", "Enter")
    page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=30_000)


def click_node(page: Any, node_id: str) -> None:
    pos = page.evaluate("id => explorer.nodePosition(id)", node_id)
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_selector(f"#panel-body[data-id='{node_id}']", state="attached", timeout=10_000)


def test_searching_huanghe_lists_its_tasks(watched: OpenPage, explorer_server: str) -> None:
    watch = open_explorer(watched, explorer_server)
    page = watch.page
    search_and_choose(page, "黄河")
    expected = httpx.get(
        f"{explorer_server}/api/v1/tasks", params={"touches": "黄河", "limit": 200}
    ).json()
    assert expected["total"] > 0
    page.wait_for_selector("#tasks li[data-task]", timeout=10_000)
    assert page.text_content("#panel-title") == "黄河"
    shown = page.locator("#tasks li[data-task]")
    assert shown.count() == len(expected["items"])
    first = expected["items"][0]
    assert shown.first.locator(".sentence").text_content() == first["text"]
    crumbs = shown.first.locator(".crumbs").text_content()
    assert crumbs == f"{first['theme']['name']} › {first['area']['name']}"
    assert non_white_pixels(page.locator("#map").screenshot()) > 2_000
    watch.check_clean()


def test_clicking_a_node_opens_its_panel(watched: OpenPage, explorer_server: str) -> None:
    watch = open_explorer(watched, explorer_server)
    page = watch.page
    search_and_choose(page, "Yellow River")
    task = page.evaluate("explorer.state.graph.nodes.find(n => n.type === 'Task')")
    click_node(page, task["id"])
    assert page.text_content("#panel-title") == f"任务 Task {task['ordinal']}"
    assert page.text_content("#panel-text") == task["text"]
    page.wait_for_selector("#panel-breadcrumb li", timeout=10_000)
    assert page.locator("#panel-breadcrumb li").count() == 3  # document › theme › area
    assert page.locator("#tasks li").count() >= 1  # the entities it names
    watch.check_clean()


def test_downloads_save_the_map_and_the_json(watched: OpenPage, sample_server: str) -> None:
    page = open_explorer(watched, sample_server, "#entity=region:黄河&depth=2").page
    page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=30_000)
    assert page.input_value("#depth") == "2"
    with page.expect_download() as download:
        page.click("[data-download='html']")
    saved = Path(download.value.path())
    assert "<title>黄河" in saved.read_text(encoding="utf-8")
    with page.expect_download() as download:
        page.click("[data-download='json']")
    graph = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert {n["id"] for n in graph["nodes"]} >= {"region:黄河", "region:黄河流域"}
    assert {n["id"] for n in graph["nodes"]} == {
        n["id"] for n in page.evaluate("explorer.state.graph.nodes")
    }


def test_double_click_recentres_and_suggestions_cover_english(
    watched: OpenPage, sample_server: str
) -> None:
    watch = open_explorer(watched, sample_server)
    page = watch.page
    page.fill("#search", "hebei")
    page.locator("#suggestions li[data-id='region:130000']").wait_for(timeout=10_000)
    page.click("#suggestions li[data-id='region:130000']")
    page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=30_000)
    assert page.evaluate("explorer.state.center") == "region:130000"
    pos = page.evaluate("id => explorer.nodePosition(id)", "region:黄河流域")
    page.mouse.dblclick(pos["x"], pos["y"])
    page.wait_for_function("() => explorer.state.center === 'region:黄河流域'", timeout=10_000)
    page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=30_000)
    assert "region%3A%E9%BB%84%E6%B2%B3%E6%B5%81%E5%9F%9F" in page.url
    watch.check_clean()


def test_unknown_name_shows_the_error_and_suggestions(
    watched: OpenPage, sample_server: str
) -> None:
    page = open_explorer(watched, sample_server, "#entity=黄河流").page
    page.wait_for_selector("#status.error", timeout=10_000)
    assert "黄河流域" in (page.text_content("#status") or "")


def test_the_loading_indicator_shows_while_a_request_is_slow(
    watched: OpenPage, tmp_path: Path
) -> None:
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(sample_graph())
    held = HeldRequests(create_app(settings_for(path)), "/api/v1/graph/neighborhood")
    with ServerThread(held) as server:
        watch = open_explorer(watched, server.url, "#e=region:黄河")
        page = watch.page
        try:
            # wait through Playwright, not on the event: its page routes (which pass the
            # request on to the server) run only while this thread is inside a Playwright call
            for _ in range(600):
                if held.arrived.is_set():
                    break
                page.wait_for_timeout(50)
            assert held.arrived.is_set()
            page.wait_for_selector("#loading", state="visible", timeout=10_000)
            assert page.get_attribute("#map-wrap", "aria-busy") == "true"
            assert page.get_attribute("#loading", "role") == "progressbar"
            assert "Loading" in (page.text_content("#loading") or "")
            assert not page.evaluate("document.body.hasAttribute('data-map-ready')")
        finally:
            held.release.set()
        page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=30_000)
        page.wait_for_selector("#loading", state="hidden", timeout=15_000)
        assert page.get_attribute("#map-wrap", "aria-busy") == "false"
        watch.check_clean()
