"""Markup in a document's sentences stays text in the map page and in the explorer.

The document goes through the real pipeline (policykg.pipeline.build_from_files): a title
line, a theme, and a paragraph whose first sentence is the heading and whose task sentences
carry the payloads next to 黄河.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from viz_support import XSS_IMG, XSS_SCRIPT, Watched, serving

from policykg.graph.model import GraphData, NodeType
from policykg.graph.networkx_store import NetworkXStore
from policykg.pipeline import build_from_files
from policykg.viz import maps
from policykg.viz.transform import to_vis
from policykg.viz.write import write_html

pytestmark = pytest.mark.browser

OpenPage = Callable[..., Watched]
GAZETTEERS = Path(__file__).resolve().parents[2] / "data" / "gazetteers"
ARTICLE = f"""测试文件:生态环境部部署重点任务
来源:生态环境部
2026-01-29

一、持续深入推进污染防治攻坚

深入打好碧水保卫战。加强{XSS_SCRIPT}黄河生态保护治理。推进{XSS_IMG}黄河流域总氮污染控制。
"""


@pytest.fixture(scope="module")
def xss_data(tmp_path_factory: pytest.TempPathFactory) -> GraphData:
    path = tmp_path_factory.mktemp("xss") / "xss-doc.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    data = build_from_files([path], GAZETTEERS)
    texts = [str(n.get("text")) for n in data.nodes if n.type == NodeType.TASK]
    assert any(XSS_SCRIPT in t for t in texts) and any(XSS_IMG in t for t in texts)
    return data


@pytest.fixture(scope="module")
def xss_server(xss_data: GraphData, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(xss_data, tmp_path_factory.mktemp("xss-server")) as url:
        yield url


def tasks_of(data: GraphData) -> dict[str, str]:
    return {n.id: str(n.get("text")) for n in data.nodes if n.type == NodeType.TASK}


def assert_inert(page: Any) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    scripts = page.evaluate("[...document.scripts].map(s => s.text)")
    assert not any("window.__xss=1" in s and "\\u0026lt;" not in s for s in scripts)


def test_map_page_shows_markup_as_text(
    watched: OpenPage, xss_data: GraphData, tmp_path: Path
) -> None:
    store = NetworkXStore(None)
    store.replace(xss_data)
    spec = maps.touches_map(store, "黄河")
    path = write_html(to_vis(spec.data, highlight=spec.highlight), tmp_path / "m.html", title="x")
    watch = watched()
    page = watch.page
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
    for task_id, text in tasks_of(spec.data).items():
        pos = page.evaluate(
            """id => {
                const dom = network.canvasToDOM(network.getPositions([id])[id]);
                const box = document.getElementById('mynetwork').getBoundingClientRect();
                return {x: box.left + dom.x, y: box.top + dom.y};
            }""",
            task_id,
        )
        page.mouse.move(pos["x"], pos["y"])
        tooltip = page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        page.wait_for_function(
            "t => document.querySelector('div.vis-tooltip').textContent.includes(t)", arg=text
        )
        page.mouse.move(5, 790)
        tooltip.wait_for(state="hidden", timeout=5_000)
    assert_inert(page)
    assert not any(url.endswith("/x") for url in watch.requests)
    watch.check_clean()


def test_explorer_shows_markup_as_text(watched: OpenPage, xss_server: str) -> None:
    watch = watched()
    page = watch.page
    page.goto(f"{xss_server}/")
    page.fill("#search", "黄河")
    page.locator("#suggestions li[data-id='region:黄河']").wait_for(timeout=10_000)
    page.click("#suggestions li[data-id='region:黄河']")
    page.wait_for_selector("body[data-map-ready='1']", state="attached", timeout=30_000)
    page.wait_for_selector("#tasks li[data-task]", timeout=10_000)
    sentences = page.locator("#tasks .sentence").all_text_contents()
    assert any(XSS_SCRIPT in s for s in sentences)
    assert any(XSS_IMG in s for s in sentences)
    task = page.evaluate(
        "explorer.state.graph.nodes.find(n => n.type === 'Task' && n.text.includes('<script>'))"
    )
    pos = page.evaluate("id => explorer.nodePosition(id)", task["id"])
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_selector(f"#panel-body[data-id='{task['id']}']", state="attached")
    assert XSS_SCRIPT in (page.text_content("#panel-text") or "")
    assert_inert(page)
    assert not any(url.endswith("/x") for url in watch.requests)
    watch.check_clean()
