"""Map pages in headless Chromium: offline, drawn, searchable, filterable, text stays text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from viz_support import XSS_IMG, XSS_SCRIPT, Watched, non_white_pixels

from devkit.synthetic_graph import synthetic_graph
from policykg.graph.model import Edge, GraphData, Node, Rel
from policykg.graph.networkx_store import NetworkXStore
from policykg.viz.maps import whole_map
from policykg.viz.transform import to_vis
from policykg.viz.write import write_html

pytestmark = pytest.mark.browser

OpenPage = Callable[..., Watched]


def open_map(
    watched: OpenPage, data: GraphData, path: Path, *, timeout: float = 30_000, **kwargs: Any
) -> Watched:
    write_html(to_vis(data, **kwargs), path, title="测试地图 test map")
    watch = watched()
    watch.page.goto(path.as_uri())
    watch.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=timeout)
    return watch


def screen_position(page: Any, node_id: str) -> dict[str, float]:
    return page.evaluate(  # type: ignore[no-any-return]
        """id => {
            const dom = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node_id,
    )


def test_map_opens_offline_and_draws(watched: OpenPage, sample: GraphData, tmp_path: Path) -> None:
    watch = open_map(watched, sample, tmp_path / "map.html", highlight=["region:黄河"])
    page = watch.page
    assert page.title() == "测试地图 test map"
    assert page.evaluate("nodes.length") == len(sample.nodes)
    assert page.evaluate("network.getSelectedNodes()") == ["region:黄河"]
    assert non_white_pixels(page.screenshot()) > 5_000
    assert all(url.startswith("file://") for url in watch.requests)
    watch.check_clean()


def test_search_finds_and_focuses_by_chinese_or_english_name(
    watched: OpenPage, sample: GraphData, tmp_path: Path
) -> None:
    page = open_map(watched, sample, tmp_path / "map.html").page
    page.fill("#kg-search", "yellow river basin")
    first = page.locator("#kg-results li").first
    assert first.locator("span").first.text_content() == "黄河流域"
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["region:黄河流域"]
    page.fill("#kg-search", "黄河中")
    page.locator("#kg-results li").first.click()
    assert page.evaluate("network.getSelectedNodes()") == ["region:黄河中下游"]
    page.fill("#kg-search", "no such place")
    assert page.locator("#kg-results li").first.text_content() == "没有找到 No match"


def test_type_filters_hide_and_show_nodes(
    watched: OpenPage, sample: GraphData, tmp_path: Path
) -> None:
    page = open_map(watched, sample, tmp_path / "map.html").page
    hidden = "t => nodes.get({filter: n => n.ntype === t}).map(n => !!n.hidden)"
    page.uncheck("#kg-legend input[data-type='Task']")
    assert page.evaluate(hidden, "Task") == [True, True, True]
    assert set(page.evaluate(hidden, "Region")) == {False}
    page.check("#kg-legend input[data-type='Task']")
    assert page.evaluate(hidden, "Task") == [False, False, False]


def test_document_markup_shows_as_text_and_never_runs(
    watched: OpenPage, sample: GraphData, tmp_path: Path
) -> None:
    watch = open_map(watched, sample, tmp_path / "map.html")
    page = watch.page
    pos = screen_position(page, "task:sample:1.1.2")
    page.mouse.move(pos["x"], pos["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.text_content() or ""
    assert XSS_SCRIPT in text and XSS_IMG in text
    assert tooltip.locator("script, img").count() == 0
    label = page.evaluate("nodes.get(kgMap.find('粗体')[0].id).label")
    assert label == "<b>粗体</b>区"  # decoded for the canvas, drawn as text
    assert page.evaluate("window.__xss") is None
    watch.check_clean()


def with_long_sentence(data: GraphData, task: str) -> GraphData:
    """`data` with the sentence of `task` four times as long as any the article has."""
    long = "推进黄河流域生态保护和高质量发展,实施黄河中下游总氮污染控制," * 12 + "。"
    nodes = [
        Node(n.id, n.type, long, {**n.props, "text": long}) if n.id == task else n
        for n in data.nodes
    ]
    return GraphData.of(nodes, data.edges)


TOOLTIP_BOX = """() => {
    const tip = document.querySelector('div.vis-tooltip');
    const box = tip.getBoundingClientRect();
    return {whiteSpace: getComputedStyle(tip).whiteSpace, left: box.left, right: box.right,
            top: box.top, bottom: box.bottom, scrollWidth: tip.scrollWidth,
            clientWidth: tip.clientWidth, width: innerWidth, height: innerHeight};
}"""


def check_tooltip_wraps_inside(box: dict[str, Any]) -> None:
    assert box["whiteSpace"] in ("pre-wrap", "pre-line", "normal"), box
    assert box["scrollWidth"] <= box["clientWidth"], box  # nothing cut off on the right
    assert box["left"] >= 0 and box["right"] <= box["width"], box
    assert box["top"] >= 0 and box["bottom"] <= box["height"], box


def test_tooltips_wrap_and_stay_inside_the_window(
    watched: OpenPage, sample: GraphData, tmp_path: Path
) -> None:
    data = with_long_sentence(sample, "task:sample:1.1.1")
    write_html(to_vis(data), tmp_path / "map.html", title="tooltips")
    watch = watched(width=700, height=700)
    page = watch.page
    page.goto((tmp_path / "map.html").as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
    for node in ("task:sample:1.1.1", "region:黄河"):  # the sentence, and an entity listing it
        pos = screen_position(page, node)
        page.mouse.move(pos["x"], pos["y"])
        page.wait_for_function(
            "id => { const t = document.querySelector('div.vis-tooltip');"
            " return t && t.style.visibility !== 'hidden' && t.textContent.includes('总氮'); }",
            arg=node,
            timeout=5_000,
        )
        check_tooltip_wraps_inside(page.evaluate(TOOLTIP_BOX))
        page.mouse.move(2, 690)
    watch.check_clean()


def test_a_5000_node_map_opens_and_pans(watched: OpenPage, tmp_path: Path) -> None:
    watch = open_map(watched, synthetic_graph(5_000), tmp_path / "big.html", timeout=60_000)
    page = watch.page
    assert page.evaluate("nodes.length") == 5_000
    assert page.evaluate("network.physics.physicsEnabled") is False
    before = page.evaluate("network.getViewPosition()")
    page.mouse.move(640, 400)
    page.mouse.down()
    page.mouse.move(840, 500, steps=8)
    page.mouse.up()
    after = page.evaluate("network.getViewPosition()")
    assert abs(after["x"] - before["x"]) > 10 and abs(after["y"] - before["y"]) > 10
    assert non_white_pixels(page.screenshot()) > 5_000
    watch.check_clean()


VISIBLE_LABELS = """() => { network.redraw();
    return nodes.getIds({filter: n => !n.hidden})
        .filter(id => network.body.nodes[id].labelModule.visible()).length; }"""


def test_the_whole_map_labels_its_hubs_and_more_as_one_zooms_in(
    watched: OpenPage, nx_source_store: NetworkXStore, tmp_path: Path
) -> None:
    spec = whole_map(nx_source_store)
    write_html(spec.vis(), tmp_path / "all.html", title=spec.title)
    watch = watched()
    page = watch.page
    page.goto((tmp_path / "all.html").as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
    page.evaluate("network.fit({animation: false})")
    total = page.evaluate("nodes.length")
    fitted = page.evaluate(VISIBLE_LABELS)
    assert 5 <= fitted < total / 2, (fitted, total)  # the hubs, not a cloud of text or nothing
    page.evaluate("network.moveTo({scale: network.getScale() * 4, animation: false})")
    assert page.evaluate(VISIBLE_LABELS) > fitted or fitted == total
    # no edge carries a label until it is hovered or its node selected
    assert page.evaluate("edges.get({filter: e => e.label !== undefined}).length") == 0
    hub = page.evaluate("spec => kgMap.find(spec)[0].id", "黄河")
    page.evaluate("id => kgMap.focus(id)", hub)
    labelled = page.evaluate("edges.get({filter: e => e.label !== undefined}).map(e => e.id)")
    assert sorted(labelled) == sorted(page.evaluate("id => network.getConnectedEdges(id)", hub))
    watch.check_clean()


def test_hiding_types_fits_what_is_left(
    watched: OpenPage, nx_source_store: NetworkXStore, tmp_path: Path
) -> None:
    spec = whole_map(nx_source_store)
    write_html(spec.vis(), tmp_path / "all.html", title=spec.title)
    watch = watched()
    page = watch.page
    page.goto((tmp_path / "all.html").as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
    before = page.evaluate("network.getScale()")
    types = page.eval_on_selector_all(
        "#kg-legend input[data-type]", "els => els.map(e => e.dataset.type)"
    )
    for node_type in types:
        if node_type not in ("Theme", "Document"):
            page.uncheck(f"#kg-legend input[data-type='{node_type}']")
    assert page.evaluate("network.getScale()") > before * 1.2  # the few left fill the window
    watch.check_clean()


def with_named_divisions(data: GraphData) -> GraphData:
    """`data` with task 1.1.3 also naming 石家庄 (a city) and 长安区 (a district) of 河北."""
    extra = [
        Edge("task:sample:1.1.3", Rel.TOUCHES, "region:130100", "900", {"surface": "石家庄"}),
        Edge("task:sample:1.1.3", Rel.TOUCHES, "region:130102", "910", {"surface": "长安区"}),
    ]
    return GraphData.of(data.nodes, [*data.edges, *extra])


def test_divisions_fold_into_their_province_and_tasks_into_themes(
    watched: OpenPage, sample: GraphData, tmp_path: Path
) -> None:
    watch = open_map(watched, with_named_divisions(sample), tmp_path / "map.html")
    page = watch.page
    cluster = "cluster:places:region:130000"
    assert page.evaluate("id => kgMap.folded(id)", cluster) is False  # a small map opens open
    page.check("#kg-collapse")
    assert page.evaluate("id => kgMap.folded(id)", cluster) is True
    inside = page.evaluate("id => network.clustering.getNodesInCluster(id)", cluster)
    assert set(inside) == {"region:130000", "region:130100", "region:130102"}
    assert page.evaluate("network.clustering.findNode('region:黄河')") == ["region:黄河"]
    # clicking the cluster opens it again
    pos = screen_position(page, cluster)
    page.mouse.click(pos["x"], pos["y"])
    assert page.evaluate("id => kgMap.folded(id)", cluster) is False
    page.check("#kg-themes")
    theme = "cluster:themes:theme:sample:1"
    assert page.evaluate("id => kgMap.folded(id)", theme) is True
    members = set(page.evaluate("id => network.clustering.getNodesInCluster(id)", theme))
    assert members == {
        "theme:sample:1",
        "area:sample:1.1",
        "task:sample:1.1.1",
        "task:sample:1.1.2",
        "task:sample:1.1.3",
    }
    page.evaluate("kgMap.focus('task:sample:1.1.2')")  # search opens the cluster it sits in
    assert page.evaluate("network.getSelectedNodes()") == ["task:sample:1.1.2"]
    watch.check_clean()


def test_a_large_map_opens_with_divisions_folded(
    watched: OpenPage, nx_source_store: NetworkXStore, tmp_path: Path
) -> None:
    spec = whole_map(nx_source_store)
    write_html(spec.vis(), tmp_path / "all.html", title=spec.title)
    watch = watched()
    page = watch.page
    page.goto((tmp_path / "all.html").as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
    assert page.is_checked("#kg-collapse")
    divisions = page.evaluate(
        "nodes.get({filter: n => ['city', 'county', 'district'].includes(n.kind)}).map(n => n.id)"
    )
    for node_id in divisions:
        assert len(page.evaluate("id => network.clustering.findNode(id)", node_id)) >= 1
    watch.check_clean()


UNDER_PANELS = """() => {
    const rects = ['kg-bar', 'kg-legend'].map(id => document.getElementById(id).getBoundingClientRect());
    const box = document.getElementById('mynetwork').getBoundingClientRect();
    const ids = nodes.getIds({filter: n => !n.hidden});
    const at = network.getPositions(ids);
    return ids.filter(id => {
        const p = network.canvasToDOM(at[id]);
        const x = box.left + p.x, y = box.top + p.y;
        return rects.some(r => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom);
    });
}"""


@pytest.mark.parametrize("which", ["sample", "whole"])
def test_no_node_opens_under_the_title_bar_or_the_legend(
    watched: OpenPage, sample: GraphData, nx_source_store: NetworkXStore, tmp_path: Path, which: str
) -> None:
    data = sample if which == "sample" else whole_map(nx_source_store).data
    watch = open_map(watched, data, tmp_path / "map.html")
    page = watch.page
    assert page.evaluate(UNDER_PANELS) == []
    watch.check_clean()
