"""VisGraph -> one self-contained HTML page (the only module that imports pyvis).

pyvis draws the page from its template with vis-network inlined (`cdn_resources="in_line"`).
Its template still links Bootstrap from a CDN and prints an empty heading; those are cut out
here, and the page gets its own inline CSS and script (viz/assets/): a title bar, a search box,
and a legend whose checkboxes filter node types. The HTML string comes from
`Network.generate_html()` and is written here as utf-8, so pyvis never copies lib/ into the
working directory. The page loads nothing from any host: it opens offline, from e-mail, or
from a file server.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from pyvis.network import Network

from policykg.budget import checked
from policykg.viz.layout import positioned
from policykg.viz.transform import MAX_SIZE, MIN_SIZE, VisGraph, esc

__all__ = [
    "PRECOMPUTE_ABOVE",
    "Layout",
    "PageError",
    "render_html",
    "resolve_layout",
    "vis_network_files",
    "write_html",
]

Layout = Literal["auto", "physics", "precomputed", "hierarchical"]

_ASSETS = Path(__file__).resolve().parent / "assets"
#: The vis-network build inside pyvis that the in_line template includes.
_VIS_NETWORK = "vis-9.1.2"
#: Above this many nodes "auto" lays the map out in Python and turns physics off.
PRECOMPUTE_ABOVE = 600
#: Above this many nodes the page opens with cities and counties folded into their province.
_COLLAPSE_ABOVE = 150
#: Label font sizes in canvas units, smallest and largest node: hubs stay readable at the
#: zoom that fits a whole map, small nodes' labels appear as one zooms in.
_LABEL_MIN, _LABEL_MAX = 9, 30

_EXTERNAL_TAG = re.compile(
    r"""<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>"""
    r"""|<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>""",
    re.IGNORECASE,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
_DEAD_COMMENT = re.compile(r"<!--(?:(?!-->).)*node_modules(?:(?!-->).)*-->", re.DOTALL)


class PageError(RuntimeError):
    """pyvis produced a page this module cannot make self-contained (a template change)."""


def write_html(
    vis: VisGraph,
    path: str | Path,
    *,
    title: str,
    physics: bool | None = None,
    layout: Layout = "auto",
) -> Path:
    """Write the map page to `path` (utf-8) and return the path.

    Args:
        vis: the map's nodes and edges.
        path: the file to write (its folders are created).
        title: the page's title (plain text; escaped here).
        physics: whether the browser's physics runs (None: unless the layout is precomputed).
        layout: how to lay the map out (render_html).
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(vis, title=title, physics=physics, layout=layout), encoding="utf-8")
    return out


def render_html(
    vis: VisGraph,
    *,
    title: str,
    physics: bool | None = None,
    layout: Layout = "auto",
) -> str:
    """The map page as a string.

    `layout`: "physics" (the browser lays it out), "precomputed" (positions from
    viz.layout, physics off unless asked for), "hierarchical" (vis-network's tree layout),
    or "auto": "physics" up to PRECOMPUTE_ABOVE nodes, else "precomputed".
    `title` is plain text; it is escaped here.

    Args:
        vis: the map's nodes and edges.
        title: the page's title (plain text; escaped here).
        physics: whether the browser's physics runs (None: unless the layout is precomputed).
        layout: "auto", "physics", "precomputed" or "hierarchical", as above.
    """
    chosen = resolve_layout(layout, len(vis.nodes))
    use_physics = physics if physics is not None else chosen != "precomputed"
    if chosen == "precomputed":
        vis = positioned(vis)
    net = _network(vis, _options(chosen, use_physics, len(vis.nodes)))
    page = net.generate_html()
    return _finish(page, vis, title=title, physics=use_physics)


def resolve_layout(layout: Layout, node_count: int) -> Layout:
    """The layout of a page: "auto" becomes "precomputed" for large maps, else "physics".

    Args:
        layout: the layout asked for.
        node_count: the map's number of nodes.

    Returns:
        A concrete layout.
    """
    if layout != "auto":
        return layout
    return "precomputed" if node_count > PRECOMPUTE_ABOVE else "physics"


def _network(vis: VisGraph, options: dict[str, Any]) -> Network:
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    # Chinese as UTF-8 rather than \uXXXX: a third of the bytes. Still HTML-safe (tojson
    # escapes < > & ' whatever these options say).
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    # pyvis looks each id up in a list: the loops grow quadratically, so they check the budget
    for node in checked(vis.nodes, every=32):
        attrs = {k: v for k, v in node.items() if k not in ("id", "label", "shape", "color")}
        # `value` drives vis-network's label scaling: big nodes keep readable labels when the
        # whole map is in view, the others appear as one zooms in
        attrs["value"] = node["size"]
        net.add_node(
            node["id"], label=node["label"], shape=node["shape"], color=node["color"], **attrs
        )
    for edge in checked(vis.edges, every=32):
        # no label on the canvas: map.js shows the relation (`rel`) on hover and around a
        # selected node; every edge labelled at once is unreadable
        attrs = {k: v for k, v in edge.items() if k not in ("from", "to", "label")}
        net.add_edge(edge["from"], edge["to"], **attrs)
    net.options = options
    return net


def _options(layout: Layout, physics: bool, node_count: int) -> dict[str, Any]:
    """vis-network options (constants only: no document text goes in, the template won't escape)."""
    large = node_count > PRECOMPUTE_ABOVE
    options: dict[str, Any] = {
        "nodes": {
            "font": {"size": 13, "face": "Noto Sans CJK SC, Noto Sans SC, sans-serif"},
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "scaling": {
                "min": MIN_SIZE,
                "max": MAX_SIZE,
                "label": {
                    "enabled": True,
                    "min": _LABEL_MIN,
                    "max": _LABEL_MAX,
                    "maxVisible": 18,
                    "drawThreshold": 7,
                },
            },
        },
        "edges": {
            "smooth": False if large else {"enabled": True, "type": "continuous"},
            "font": {"size": 9, "color": "#546e7a", "strokeWidth": 2, "align": "middle"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"opacity": 0.75},
            "width": 1,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "springLength": 90,
                "springConstant": 0.06,
                "avoidOverlap": 0.2,
            },
            "minVelocity": 1.5,
            "stabilization": {"enabled": physics, "iterations": 300, "updateInterval": 25},
        },
    }
    if layout == "hierarchical":
        options["layout"]["hierarchical"] = {
            "enabled": True,
            "direction": "LR",
            "sortMethod": "directed",
            "levelSeparation": 220,
            "nodeSpacing": 40,
        }
        options["physics"]["solver"] = "hierarchicalRepulsion"
        options["physics"]["hierarchicalRepulsion"] = {"nodeDistance": 60, "avoidOverlap": 0.5}
    return options


def vis_network_files() -> dict[str, Path]:
    """The vis-network script and stylesheet shipped inside pyvis (the explorer serves them)."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / _VIS_NETWORK
    return {name: lib / name for name in ("vis-network.min.js", "vis-network.css")}


def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def _finish(page: str, vis: VisGraph, *, title: str, physics: bool) -> str:
    """Cut pyvis's CDN links and empty headings; add our title, panels, CSS and script."""
    page = _EXTERNAL_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_COMMENT.sub("", page)  # commented-out tags pointing at node_modules/
    for marker in ("<head>", "</head>", "<body>", "</body>"):
        if page.count(marker) != 1:
            raise PageError(f"pyvis page has {page.count(marker)} {marker} tags, expected one")
    head = (
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{_asset('map.css')}</style>\n"
    )
    config = {
        "highlight": list(vis.highlight),
        "physics": physics,
        "collapse": len(vis.nodes) > _COLLAPSE_ABOVE,
    }
    tail = (
        f'<script type="application/json" id="kg-config">{_script_json(config)}</script>\n'
        f"<script>{_asset('map.js')}</script>\n"
    )
    page = page.replace("<html>", '<html lang="zh">', 1)
    page = page.replace("<head>", "<head>\n" + head, 1)
    page = page.replace("<body>", "<body>\n" + _panels(vis, title), 1)
    page = page.replace("</body>", tail + "</body>", 1)
    if _EXTERNAL_TAG.search(page):
        raise PageError("the page still loads something from another host")
    return page


def _panels(vis: VisGraph, title: str) -> str:
    """The title bar with the search box, and the legend with one filter checkbox per type."""
    rows = "".join(
        f'<li><label><input type="checkbox" data-type="{esc(e.type)}" checked>'
        f'<span class="kg-swatch kg-shape-{esc(e.shape)}" style="background:{esc(e.color)}">'
        f'</span>{esc(e.label_en)} {esc(e.label_zh)} <span class="kg-n">{e.count}</span>'
        "</label></li>"
        for e in vis.legend
    )
    return (
        '<div id="kg-bar" class="kg-panel">'
        f"<h1>{esc(title)}</h1>"
        f'<span id="kg-count">{len(vis.nodes)} nodes · {len(vis.edges)} edges</span>'
        '<input id="kg-search" type="search" autocomplete="off" '
        'placeholder="搜索 Search: 黄河 / Yellow River" aria-label="Search nodes">'
        '<ul id="kg-results"></ul></div>\n'
        '<div id="kg-legend" class="kg-panel"><h2>图例 Legend</h2>'
        f"<ul>{rows}</ul>"
        '<div class="kg-edges">Arrows: task → entity (TOUCHES, TARGETS …); '
        "dashed: PART_OF / IS_A</div>"
        '<div class="kg-views"><label><input type="checkbox" id="kg-collapse"> '
        "合并市县 fold cities and counties into their province</label>"
        '<label><input type="checkbox" id="kg-themes"> '
        "按主题聚类 cluster tasks by theme</label>"
        '<div class="kg-edges">Click a cluster to open it.</div></div></div>\n'
    )


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element (no '</script>', no '<!--')."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
