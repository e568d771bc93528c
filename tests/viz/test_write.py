"""viz.write: one self-contained page, no CDN, nothing written but the file asked for."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from viz_support import XSS_IMG, XSS_SCRIPT

from devkit.synthetic_graph import synthetic_graph
from policykg.graph.model import GraphData
from policykg.viz.layout import force_layout, positioned
from policykg.viz.transform import to_vis
from policykg.viz.write import (
    PRECOMPUTE_ABOVE,
    render_html,
    resolve_layout,
    vis_network_files,
    write_html,
)

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def options_of(page: str) -> dict[str, Any]:
    match = re.search(r"var options = (\{.*?\});\n", page)
    assert match, "no options in the page"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_page_loads_nothing_from_another_host(sample: GraphData) -> None:
    page = render_html(to_vis(sample), title="样例")
    assert not EXTERNAL.search(page)
    for host in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "bootstrap", "tom-select"):
        assert host not in page
    assert "vis.Network" in page and "new vis.DataSet" in page  # vis-network is inlined


def test_page_has_title_legend_search_and_filters(sample: GraphData) -> None:
    page = render_html(to_vis(sample), title="黄河 <map> & co")
    assert "<title>黄河 &lt;map&gt; &amp; co</title>" in page
    assert "<h1>黄河 &lt;map&gt; &amp; co</h1>" in page
    assert 'id="kg-search"' in page
    for node_type in ("Document", "Theme", "FocusArea", "Task", "Region", "Pollutant", "Program"):
        assert f'data-type="{node_type}"' in page
    assert 'data-type="Agency"' not in page  # no agency in the sample: no legend row
    assert "<h1></h1>" not in page  # pyvis's empty heading is gone
    assert page.count("<body>") == 1 and page.startswith('<html lang="zh">')


def test_document_markup_never_reaches_the_page_raw(sample: GraphData) -> None:
    page = render_html(to_vis(sample), title="xss")
    assert XSS_SCRIPT not in page and XSS_IMG not in page
    assert "<b>粗体</b>" not in page
    # escaped by to_vis, then JSON-escaped again by the template's tojson
    assert "\\u0026lt;script\\u0026gt;window.__xss=1" in page
    assert "node_modules" not in page  # pyvis's commented-out script tag is gone too


def test_write_html_writes_only_the_file(
    sample: GraphData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = write_html(to_vis(sample), tmp_path / "maps" / "m.html", title="样例")
    assert out == tmp_path / "maps" / "m.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]  # no lib/ anywhere
    assert [p.name for p in (tmp_path / "maps").iterdir()] == ["m.html"]
    text = out.read_bytes().decode("utf-8")
    assert "黄河" in text  # UTF-8, not \\u escapes


def dataset(page: str, name: str) -> list[dict[str, Any]]:
    match = re.search(rf"{name} = new vis.DataSet\((\[.*?\])\);", page)
    assert match, f"no {name} in the page"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_small_maps_use_physics_and_large_ones_positions(sample: GraphData) -> None:
    small = render_html(to_vis(sample), title="s")
    assert options_of(small)["physics"]["enabled"] is True
    assert all("x" not in n for n in dataset(small, "nodes"))
    big = render_html(to_vis(synthetic_graph(PRECOMPUTE_ABOVE + 50)), title="big")
    assert options_of(big)["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in dataset(big, "nodes"))


def test_edges_carry_their_relation_but_no_canvas_label(sample: GraphData) -> None:
    edges = dataset(render_html(to_vis(sample), title="s"), "edges")
    assert edges and all("label" not in e and e["rel"] and e["title"] for e in edges)


def test_layout_choice(sample: GraphData) -> None:
    assert resolve_layout("auto", 10) == "physics"
    assert resolve_layout("auto", PRECOMPUTE_ABOVE + 1) == "precomputed"
    assert resolve_layout("hierarchical", 10_000) == "hierarchical"
    tree = options_of(render_html(to_vis(sample), title="t", layout="hierarchical"))
    assert tree["layout"]["hierarchical"]["enabled"] is True
    fixed = options_of(render_html(to_vis(sample), title="t", layout="precomputed"))
    assert fixed["physics"]["enabled"] is False
    moving = options_of(render_html(to_vis(sample), title="t", layout="precomputed", physics=True))
    assert moving["physics"]["enabled"] is True


def test_force_layout_is_deterministic_and_spreads_nodes() -> None:
    edges = [(i, (i * 7) % 50) for i in range(50)]
    a, b = force_layout(50, edges, seed=3), force_layout(50, edges, seed=3)
    assert (a == b).all()
    assert len({(round(x), round(y)) for x, y in a}) == 50
    assert force_layout(0, []).shape == (0, 2)
    assert force_layout(1, []).tolist() == [[0.0, 0.0]]


def test_positioned_keeps_everything_else(sample: GraphData) -> None:
    vis = to_vis(sample)
    placed = positioned(vis)
    assert [n["id"] for n in placed.nodes] == [n["id"] for n in vis.nodes]
    assert placed.edges == vis.edges and placed.legend == vis.legend
    assert all(
        {k: v for k, v in p.items() if k not in "xy"} == n
        for p, n in zip(placed.nodes, vis.nodes, strict=True)
    )


def test_vis_network_files_ship_with_pyvis() -> None:
    files = vis_network_files()
    assert files["vis-network.min.js"].stat().st_size > 100_000
    assert files["vis-network.css"].exists()
