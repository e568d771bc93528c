"""The explorer as a researcher works in it: expansion, shareable views, compare, table, export.

Headless Chromium against a real uvicorn server over the source article's graph.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from viz_support import ServerThread, Watched, settings_for

from policykg.api.app import create_app
from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore

pytestmark = pytest.mark.browser

OpenPage = Callable[..., Watched]
SLUG = "mee-2026-key-tasks"
READY = "body[data-map-ready='1']"


def open_explorer(watched: OpenPage, server: str, fragment: str = "", **size: int) -> Watched:
    watch = watched(**size)
    watch.page.goto(f"{server}/{fragment}")
    return watch


def wait_ready(page: Any) -> None:
    page.wait_for_selector(READY, state="attached", timeout=60_000)


def choose(page: Any, text: str, option_id: str | None = None) -> None:
    """Type into the search box and take the suggestion (the first, or `option_id`)."""
    page.fill("#search", text)
    wanted = f"#suggestions li[data-id='{option_id}']" if option_id else "#suggestions li[data-id]"
    page.locator(wanted).first.wait_for(timeout=15_000)
    if option_id:
        page.click(wanted)
    else:
        page.press("#search", "Enter")
    wait_ready(page)


def panel_tasks(page: Any) -> list[str]:
    page.wait_for_function(
        "() => /\\(\\d+\\)/.test(document.getElementById('tasks-heading').textContent)",
        timeout=15_000,
    )
    return page.eval_on_selector_all("#tasks li[data-task]", "els => els.map(e => e.dataset.task)")  # type: ignore[no-any-return]


def api(server: str, path: str, **params: Any) -> Any:
    return httpx.get(f"{server}/api/v1{path}", params=params, timeout=60).json()


# -- "results that look like none" -------------------------------------------------------------


def test_hebei_with_broader_lists_the_jingjinji_tasks(
    watched: OpenPage, explorer_server: str
) -> None:
    watch = open_explorer(watched, explorer_server)
    page = watch.page
    choose(page, "河北省")
    narrower = panel_tasks(page)
    expected = api(explorer_server, "/tasks", touches="region:130000", expand="broader", limit=200)
    jingjinji = [t["id"] for t in expected["items"] if "京津冀" in t["text"]]
    assert jingjinji and not set(jingjinji) & set(narrower)
    page.select_option("#expand", "broader")
    page.wait_for_function(
        "n => document.querySelectorAll('#tasks li[data-task]').length === n",
        arg=expected["total"],
        timeout=15_000,
    )
    assert set(jingjinji) <= set(panel_tasks(page))
    assert "x=broader" in page.url
    watch.check_clean()


def test_an_entity_with_no_task_offers_what_a_wider_expansion_gives(
    watched: OpenPage, explorer_server: str
) -> None:
    watch = open_explorer(watched, explorer_server)
    page = watch.page
    page.goto(f"{explorer_server}/#e={quote('region:130000')}&x=none")
    wait_ready(page)
    assert panel_tasks(page) == []
    hint = page.locator("#panel-hint button")
    hint.wait_for(timeout=15_000)
    total = api(explorer_server, "/tasks", touches="region:130000", expand="both", limit=1)["total"]
    assert f"{total} tasks" in (hint.text_content() or "")
    hint.click()
    page.wait_for_function(
        "n => document.querySelectorAll('#tasks li[data-task]').length === n",
        arg=total,
        timeout=15_000,
    )
    watch.check_clean()


def test_depth_two_leaves_out_places_no_task_names(watched: OpenPage, explorer_server: str) -> None:
    watch = open_explorer(watched, explorer_server, f"#e={quote('region:黄河')}&d=2")
    page = watch.page
    wait_ready(page)
    graph = page.evaluate("explorer.state.graph")
    named = {e["target"] for e in graph["edges"] if e["type"] in ("TOUCHES",)}
    above = {e["target"] for e in graph["edges"] if e["type"] == "PART_OF"}
    regions = [n["id"] for n in graph["nodes"] if n["type"] == "Region"]
    unnamed = [r for r in regions if r not in named and r not in above and r != "region:黄河"]
    assert unnamed == []
    assert len(graph["nodes"]) < 60
    page.uncheck("#hide-places")
    wait_ready(page)
    page.wait_for_function("() => explorer.state.graph.nodes.length > 100", timeout=30_000)
    assert "p=all" in page.url
    watch.check_clean()


# -- the address: Back, Forward, reload, shared links ------------------------------------------


def test_back_returns_to_the_previous_view(watched: OpenPage, explorer_server: str) -> None:
    watch = open_explorer(watched, explorer_server)
    page = watch.page
    choose(page, "黄河")
    first = page.url
    task = f"task:{SLUG}:2.2.2"
    page.locator(f"#tasks li[data-task='{task}'] button.row").click()
    page.wait_for_function(
        "id => document.getElementById('panel-body').dataset.id === id", arg=task, timeout=15_000
    )
    assert page.text_content("#panel-title") == "任务 Task 2.2.2"
    page.wait_for_selector("#tasks li[data-entity] button.row", timeout=15_000)
    page.locator("#tasks li[data-entity='pollutant:总氮'] button.row").click()  # not on this map
    page.wait_for_function("() => explorer.state.center === 'pollutant:总氮'", timeout=30_000)
    page.go_back()
    page.wait_for_function(
        "id => document.getElementById('panel-body').dataset.id === id", arg=task, timeout=15_000
    )
    page.go_back()
    page.wait_for_function(
        "() => document.getElementById('panel-body').dataset.id === 'region:黄河'", timeout=15_000
    )
    assert page.url == first
    page.go_forward()
    page.wait_for_function(
        "id => document.getElementById('panel-body').dataset.id === id", arg=task, timeout=15_000
    )
    watch.check_clean()


def test_a_shared_link_restores_the_view(watched: OpenPage, explorer_server: str) -> None:
    watch = open_explorer(watched, explorer_server)
    page = watch.page
    choose(page, "黄河")
    page.select_option("#expand", "both")
    page.select_option("#depth", "2")
    wait_ready(page)
    page.locator("#legend input[data-type='Instrument']").uncheck()
    task = f"task:{SLUG}:3.2.3"
    page.locator(f"#tasks li[data-task='{task}'] button.row").click()
    page.wait_for_function("id => explorer.state.view.s === id", arg=task, timeout=15_000)
    shared = page.url

    other = open_explorer(watched, explorer_server).page
    other.goto(shared)
    wait_ready(other)
    other.wait_for_function(
        "id => document.getElementById('panel-body').dataset.id === id", arg=task, timeout=15_000
    )
    assert other.input_value("#search") == "黄河"
    assert other.input_value("#expand") == "both"
    assert other.input_value("#depth") == "2"
    assert not other.is_checked("#legend input[data-type='Instrument']")
    assert other.evaluate("explorer.state.network.getSelectedNodes()") == [task]
    hidden = other.evaluate(
        "explorer.state.nodes.get({filter: n => n.ntype === 'Instrument'}).map(n => !!n.hidden)"
    )
    assert hidden and set(hidden) == {True}
    other.reload()
    wait_ready(other)
    other.wait_for_function(
        "id => document.getElementById('panel-body').dataset.id === id", arg=task, timeout=15_000
    )
    watch.check_clean()


def test_editing_the_hash_changes_the_view(watched: OpenPage, explorer_server: str) -> None:
    watch = open_explorer(watched, explorer_server, f"#e={quote('region:黄河')}")
    page = watch.page
    wait_ready(page)
    page.evaluate("location.hash = '#e=' + encodeURIComponent('pollutant:总氮')")
    page.wait_for_function("() => explorer.state.center === 'pollutant:总氮'", timeout=30_000)
    page.wait_for_function(
        "() => document.getElementById('panel-title').textContent === '总氮'", timeout=15_000
    )
    watch.check_clean()


def positions(page: Any) -> dict[str, tuple[float, float]]:
    """Every node's place on the canvas, as vis-network has it."""
    found = page.evaluate(
        "() => explorer.state.network.getPositions(explorer.state.nodes.getIds())"
    )
    return {node: (at["x"], at["y"]) for node, at in found.items()}


def moved(before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]) -> float:
    """How far the farthest node drawn before has moved since."""
    return max(
        abs(a - b) for node in before for a, b in zip(before[node], after[node], strict=True)
    )


def test_expanding_a_node_adds_its_neighbours_in_place(
    watched: OpenPage, explorer_server: str
) -> None:
    watch = open_explorer(watched, explorer_server, f"#e={quote('region:黄河')}")
    page = watch.page
    wait_ready(page)
    task = f"task:{SLUG}:2.2.2"
    before = positions(page)
    page.evaluate("id => explorer.go({s: id})", task)
    page.wait_for_selector("#expand-here:not([hidden])", timeout=15_000)
    page.click("#expand-here")
    page.wait_for_function(
        "n => explorer.state.nodes.getIds().length > n", arg=len(before), timeout=30_000
    )
    wait_ready(page)
    after = positions(page)
    assert set(before) < set(after)  # nothing replaced, the task's entities added
    assert "pollutant:总氮" in after
    assert page.evaluate("explorer.state.center") == "region:黄河"
    assert "xp=" in page.url
    # the map was not laid out again: every node drawn before is where it was
    assert moved(before, after) < 0.01
    # the new ones sit around the node that was expanded, not somewhere else on the map
    tx, ty = after[task]
    for node in set(after) - set(before):
        x, y = after[node]
        assert 50 < ((x - tx) ** 2 + (y - ty) ** 2) ** 0.5 < 300, node
    page.go_back()
    page.wait_for_function(
        "n => explorer.state.nodes.getIds().length === n", arg=len(before), timeout=30_000
    )
    wait_ready(page)
    assert moved(before, positions(page)) < 0.01
    watch.check_clean()


# -- compare -------------------------------------------------------------------------------------


def test_compare_changjiang_and_total_nitrogen_shows_the_path_through_2_2_2(
    watched: OpenPage, explorer_server: str
) -> None:
    watch = open_explorer(watched, explorer_server)
    page = watch.page
    choose(page, "长江", "region:长江")
    page.click("#compare-open")
    page.fill("#compare-input", "总氮")
    page.locator("#compare-suggestions li[data-id='pollutant:总氮']").wait_for(timeout=15_000)
    page.press("#compare-input", "Enter")
    result = page.locator("#compare-result")
    page.wait_for_selector("#compare-result .path-tasks li[data-task]", timeout=30_000)
    task = f"task:{SLUG}:2.2.2"
    assert result.locator(f".path-tasks li[data-task='{task}']").count() == 1
    path = api(explorer_server, "/graph/path", **{"from": "长江", "to": "总氮"})
    assert len(result.locator("ol.path li").all()) == path["hops"]
    shared = api(explorer_server, "/tasks", touches=["长江", "总氮"], match="all", limit=200)
    assert result.locator("ol.shared li[data-task]").count() == shared["total"]
    page.wait_for_selector("#compare-result .cooc-pair", timeout=15_000)
    assert "c=pollutant" in page.url
    watch.check_clean()


# -- table, CSV, PNG, SVG ----------------------------------------------------------------------


def test_table_view_and_csv_download(
    watched: OpenPage, explorer_server: str, tmp_path: Path
) -> None:
    watch = open_explorer(watched, explorer_server, f"#e={quote('region:黄河')}&v=table")
    page = watch.page
    expected = api(explorer_server, "/tasks", touches="region:黄河", limit=200)
    page.wait_for_function(
        "n => document.querySelectorAll('#task-table tbody tr').length === n",
        arg=expected["total"],
        timeout=30_000,
    )
    assert page.is_hidden("#map")
    with page.expect_download() as download:
        page.click("[data-download='csv']")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == [t["id"] for t in expected["items"]]
    assert rows[0]["text"] == expected["items"][0]["text"]
    page.click("#view-toggle")
    wait_ready(page)
    assert page.is_visible("#map")
    watch.check_clean()


def test_png_and_svg_export(watched: OpenPage, explorer_server: str) -> None:
    watch = open_explorer(watched, explorer_server, f"#e={quote('region:黄河')}")
    page = watch.page
    wait_ready(page)
    with page.expect_download() as png:
        page.click("[data-download='png']")
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.click("[data-download='svg']")
    root = ET.parse(svg.value.path()).getroot()
    groups = root.findall("{http://www.w3.org/2000/svg}g")
    shown = page.evaluate("explorer.state.nodes.get({filter: n => !n.hidden}).length")
    assert len(groups) == shown
    labels = {g.find("{http://www.w3.org/2000/svg}text").text for g in groups}  # type: ignore[union-attr]
    assert "黄河" in labels
    watch.check_clean()


def test_matrix_view_counts_relations_and_co_occurrence(
    watched: OpenPage, explorer_server: str
) -> None:
    watch = open_explorer(watched, explorer_server, f"#e={quote('region:黄河')}&d=2&v=matrix")
    page = watch.page
    wait_ready(page)
    page.wait_for_selector("#cooc-matrix tbody td button", timeout=30_000)
    assert page.is_hidden("#map")
    graph = page.evaluate("explorer.state.graph")
    types = {n["id"]: n["type"] for n in graph["nodes"]}
    touches_on_regions = sum(
        (types[e["source"]] == "Region") + (types[e["target"]] == "Region")
        for e in graph["edges"]
        if e["type"] == "TOUCHES"
    )
    cell = page.text_content("#rel-matrix td[data-cell='Region|TOUCHES']")
    assert cell == str(touches_on_regions)
    table = api(
        explorer_server, "/analysis/cooccurrence", rows="Region", cols="Pollutant", limit=500
    )
    top = table["cells"][0]
    pair = f"{top['row']['id']}|{top['col']['id']}"
    assert page.text_content(f"#cooc-matrix td[data-cell='{pair}']") == str(top["count"])
    page.click(f"#cooc-matrix td[data-cell='{pair}'] button")
    page.wait_for_selector("#compare-result .cooc-pair", timeout=30_000)
    assert page.evaluate("explorer.state.view.c") == top["col"]["id"]
    assert page.is_visible("#map")
    watch.check_clean()


# -- errors: typos and a server that is gone ---------------------------------------------------


def test_suggestions_show_names_with_tasks_and_say_what_each_gives(
    watched: OpenPage, explorer_server: str
) -> None:
    watch = open_explorer(watched, explorer_server)
    page = watch.page
    page.fill("#search", "黄河")
    page.locator("#suggestions li[data-id]").first.wait_for(timeout=15_000)
    found = api(explorer_server, "/entities", q="黄河", limit=40)["items"]
    with_tasks = [e for e in found if e["task_count"] > 0]
    without = [e for e in found if e["task_count"] == 0 and e["name"] != "黄河"]
    assert with_tasks and without
    shown = page.eval_on_selector_all(
        "#suggestions li[data-id]", "els => els.map(e => e.dataset.id)"
    )
    assert shown[0] == "region:黄河"  # the exact name first
    assert set(shown) == {e["id"] for e in with_tasks} | {"region:黄河"}
    for entity in with_tasks:  # what choosing it would give, before it is chosen
        meta = page.text_content(f"#suggestions li[data-id='{entity['id']}'] .meta") or ""
        assert f"{entity['task_count']} task" in meta
    note = page.text_content("#suggestions li.meta") or ""
    assert f"{len(without)} 个无任务的实体已隐藏" in note
    page.locator("#suggestions li.meta button").click()  # show them all
    page.wait_for_function(
        "n => document.querySelectorAll('#suggestions li[data-id]').length === n",
        arg=min(12, len(found)),
        timeout=15_000,
    )
    watch.check_clean()


def test_a_typo_gets_the_close_names(watched: OpenPage, explorer_server: str) -> None:
    watch = open_explorer(watched, explorer_server)
    page = watch.page
    page.fill("#search", "黄何")
    note = page.locator("#suggestions li.none")
    note.wait_for(timeout=15_000)
    assert "黄河" in (note.text_content() or "")
    note.locator("button", has_text="黄河").first.click()
    page.locator("#suggestions li[data-id='region:黄河']").wait_for(timeout=15_000)
    # the page asked the resolver, whose 404 carries the close names; Chromium logs that 404
    assert watch.errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    watch.errors.clear()
    watch.check_clean()


def test_a_server_that_is_gone_gets_a_bilingual_error_and_a_retry(
    watched: OpenPage, source_data: GraphData, tmp_path: Path
) -> None:
    path = tmp_path / "graph.json"
    NetworkXStore(path).replace(source_data)
    app = create_app(settings_for(path))
    first = ServerThread(app)
    with first:
        watch = open_explorer(watched, first.url)
        page = watch.page
        page.wait_for_selector("#theme-filter option[value='1']", state="attached")
    port = int(first.url.rsplit(":", 1)[1])
    page.fill("#search", "黄河")  # the server has stopped
    page.wait_for_selector("#status.error", timeout=15_000)
    message = page.text_content("#status") or ""
    assert "无法连接服务器" in message and "Cannot reach the server" in message
    assert "Failed to fetch" not in message
    assert page.is_visible("#retry")
    with ServerThread(create_app(settings_for(path)), port=port):
        page.click("#retry")
        page.locator("#suggestions li[data-id='region:黄河']").wait_for(timeout=15_000)
        assert page.is_hidden("#retry")
        page.press("#search", "Enter")
        wait_ready(page)
        panel_tasks(page)
        page.wait_for_selector("#loading", state="hidden", timeout=15_000)  # nothing pending
        assert page.get_attribute("#map-wrap", "aria-busy") == "false"
    # what Chromium logs for the refused connections, and nothing else
    assert watch.errors and all("ERR_CONNECTION_REFUSED" in e for e in watch.errors), watch.errors
    watch.errors.clear()
    watch.check_clean()


# -- readable maps -------------------------------------------------------------------------------


def test_edges_are_labelled_only_around_the_selection(
    watched: OpenPage, explorer_server: str
) -> None:
    watch = open_explorer(watched, explorer_server, f"#e={quote('region:黄河')}&d=2")
    page = watch.page
    wait_ready(page)
    page.wait_for_function("() => explorer.state.view.s === '' ", timeout=5_000)
    labelled = "explorer.state.edges.get({filter: e => e.label !== undefined}).map(e => e.id)"
    connected = "explorer.state.network.getConnectedEdges('region:黄河')"
    assert sorted(page.evaluate(labelled)) == sorted(page.evaluate(connected))
    assert page.evaluate("explorer.state.edges.length") > len(page.evaluate(labelled))
    centre = page.evaluate("explorer.state.nodes.get('region:黄河').color.border")
    assert centre.lower() != "#000000"
    watch.check_clean()


def test_hiding_a_type_fits_the_rest_to_the_map(watched: OpenPage, explorer_server: str) -> None:
    watch = open_explorer(watched, explorer_server, f"#e={quote('region:黄河')}&d=2")
    page = watch.page
    wait_ready(page)
    before = page.evaluate("explorer.state.network.getScale()")
    types = page.eval_on_selector_all("#legend input", "els => els.map(e => e.dataset.type)")
    for node_type in types:
        if node_type != "Task":
            page.locator(f"#legend input[data-type='{node_type}']").uncheck()
    page.wait_for_function(
        "s => Math.abs(explorer.state.network.getScale() - s) > 1e-3", arg=before, timeout=10_000
    )
    fitted = page.evaluate("explorer.state.network.getScale()")
    page.evaluate(
        "explorer.state.network.fit({animation: false,"
        " maxZoomLevel: 2, nodes: explorer.state.nodes.getIds({filter: n => !n.hidden})})"
    )
    assert page.evaluate("explorer.state.network.getScale()") == pytest.approx(fitted, rel=1e-3)
    # the legend sits above the map, never on it
    legend = page.locator("#legend").bounding_box()
    board = page.locator("#map").bounding_box()
    assert legend["y"] + legend["height"] <= board["y"]
    watch.check_clean()


# -- keyboard, ARIA, narrow screens, loading ----------------------------------------------------


def test_keyboard_alone_searches_chooses_and_walks_the_map(
    watched: OpenPage, explorer_server: str
) -> None:
    watch = open_explorer(watched, explorer_server)
    page = watch.page
    search = page.locator("#search")
    assert search.get_attribute("role") == "combobox"
    assert search.get_attribute("aria-expanded") == "false"
    page.focus("#search")
    page.keyboard.type("黄河")
    page.locator("#suggestions li[role='option']").first.wait_for(timeout=15_000)
    assert search.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    active = search.get_attribute("aria-activedescendant")
    assert active and page.get_attribute(f"#{active}", "aria-selected") == "true"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    wait_ready(page)
    page.focus("#map")
    outline = page.evaluate("getComputedStyle(document.getElementById('map')).outlineStyle")
    assert outline != "none"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => explorer.state.view.s && explorer.state.view.s !== 'region:黄河'")
    chosen = page.evaluate("explorer.state.view.s")
    assert page.evaluate("explorer.state.network.getSelectedNodes()") == [chosen]
    page.wait_for_function(
        "id => document.getElementById('panel-body').dataset.id === id", arg=chosen
    )
    watch.check_clean()


def test_narrow_screens_stack_the_map_over_the_panel(
    watched: OpenPage, explorer_server: str
) -> None:
    watch = open_explorer(
        watched, explorer_server, f"#e={quote('region:黄河')}", width=400, height=800
    )
    page = watch.page
    wait_ready(page)
    board = page.locator("#map-wrap").bounding_box()
    panel = page.locator("#panel").bounding_box()
    assert panel["y"] >= board["y"] + board["height"] - 1
    assert panel["width"] >= 380
    watch.check_clean()
