"""Map pages in headless Chromium: time from navigation to a stable drawing, ours vs pyvis's defaults.

For synthetic graphs of 100, 1,000 and 5,000 nodes (devkit.synthetic_graph, shaped like the real graph)
two pages are written to a temporary folder and opened from file:// in Debian's chromium:
- ours: viz.transform.to_vis + viz.write.render_html (browser physics up to
  viz.write.PRECOMPUTE_ABOVE nodes, positions computed in Python above it, physics off);
- pyvis: a plain `Network(directed=True, cdn_resources="in_line")` with the same nodes and
  edges (id, label, from, to), default options (barnesHut physics, 1,000 stabilisation steps).
  Its template's Bootstrap links are blocked (no request leaves the machine); pyvis's default
  cdn_resources="local" would write lib/ here and load vis-network from a CDN.

"stable" is the page's own clock (performance.now(), from navigation start) at the first
animation frame where vis-network's physics engine is ready and stopped (stabilised, or off).
A page still moving after --timeout seconds is reported as "> timeout". Beside that wall time,
the CPU time Chromium's processes (renderer, GPU, browser) spent from just before navigation to
the same moment (CDP SystemInfo.getProcessInfo, per process): on a loaded machine the CPU column
is the steadier one. The load average is recorded.

    .venv/bin/python benchmarks/map_render.py                     # 100, 1000, 5000; 3 runs each
    .venv/bin/python benchmarks/map_render.py --sizes 100 1000 --runs 5 --write benchmarks/RESULTS-maps.md
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devkit.chromium import chromium_path, launch  # noqa: E402
from devkit.synthetic_graph import synthetic_graph  # noqa: E402
from policykg.graph.model import GraphData  # noqa: E402
from policykg.viz.transform import to_vis  # noqa: E402
from policykg.viz.write import render_html  # noqa: E402

VIEWPORT = {"width": 1280, "height": 800}

# The physics engine is ready (initial layout or stabilisation finished) and not moving.
STABLE_JS = """() => {
    const n = window.network;
    if (!n || !n.physics || !n.physics.ready) return false;
    return n.physics.stabilized === true || !n.physics.physicsEnabled;
}"""
NEXT_FRAME_JS = "() => new Promise(r => requestAnimationFrame(() => r(performance.now())))"


@dataclass(frozen=True)
class Run:
    size: int
    variant: str
    html_bytes: int
    render_s: float  # Python: graph -> HTML string, wall
    render_cpu_s: float  # the same, CPU of this process
    parsed_ms: float | None  # DOMContentLoaded; None: not parsed by the timeout
    stable_ms: float | None  # None: still moving at the timeout
    cpu_ms: float  # Chromium's CPU (all its processes) until stable (or the timeout)


def ours(data: GraphData) -> str:
    return render_html(to_vis(data), title=f"{len(data.nodes)} nodes")


def pyvis_default(data: GraphData) -> str:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for node in data.nodes:
        net.add_node(node.id, label=node.name)
    for edge in data.edges:
        net.add_edge(edge.source, edge.target)
    return str(net.generate_html())


VARIANTS = {"ours": ours, "pyvis": pyvis_default}


def measure(browser: Any, path: Path, timeout_s: float) -> tuple[float | None, float | None, float]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    cdp = browser.new_browser_cdp_session()
    before = _cpu_by_process(cdp)

    def guard(route: Any) -> None:
        scheme = urlsplit(route.request.url).scheme
        if scheme in ("file", "data", "blob"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", guard)
    try:
        try:
            page.goto(path.as_uri(), wait_until="domcontentloaded", timeout=timeout_s * 1000)
        except Exception:  # playwright's TimeoutError: the page's scripts still block parsing
            return None, None, _cpu_since(cdp, before)
        parsed = page.evaluate(
            "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
        )
        try:
            page.wait_for_function(STABLE_JS, polling="raf", timeout=timeout_s * 1000)
            stable: float | None = page.evaluate(NEXT_FRAME_JS)
        except Exception:  # playwright's TimeoutError
            stable = None
        return float(parsed), stable, _cpu_since(cdp, before)
    finally:
        context.close()


def _cpu_by_process(cdp: Any) -> dict[int, float]:
    """CPU seconds of each Chromium process so far."""
    found = cdp.send("SystemInfo.getProcessInfo")["processInfo"]
    return {int(p["id"]): float(p["cpuTime"]) for p in found}


def _cpu_since(cdp: Any, before: dict[int, float]) -> float:
    """Milliseconds of CPU Chromium's processes spent since `before` (new processes: all of it)."""
    now = _cpu_by_process(cdp)
    return 1000 * sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in now.items())


def bench(sizes: list[int], runs: int, timeout_s: float) -> list[Run]:
    from playwright.sync_api import sync_playwright

    results: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch(pw)
        for size in sizes:
            data = synthetic_graph(size)
            for name, make in VARIANTS.items():
                started, started_cpu = time.perf_counter(), time.process_time()
                html = make(data)
                render_s = time.perf_counter() - started
                render_cpu_s = time.process_time() - started_cpu
                path = Path(tmp) / f"{name}-{size}.html"
                path.write_text(html, encoding="utf-8")
                for i in range(runs):
                    parsed, stable, cpu = measure(browser, path, timeout_s)
                    run = Run(
                        size, name, len(html.encode()), render_s, render_cpu_s, parsed, stable, cpu
                    )
                    results.append(run)
                    shown = f"{stable:,.0f} ms" if stable is not None else f"> {timeout_s:.0f} s"
                    print(f"{size:>6} {name:<6} run {i + 1}: stable {shown}", file=sys.stderr)
                    if stable is None:
                        break  # a page that never settles is not worth more runs
        browser.close()
    return results


def table(results: list[Run], timeout_s: float) -> str:
    def median_stable(size: int, variant: str) -> float | None:
        values = [r.stable_ms for r in results if r.size == size and r.variant == variant]
        if not values or any(v is None for v in values):
            return None
        return statistics.median(v for v in values if v is not None)

    def median_cpu(size: int, variant: str) -> float:
        return statistics.median(
            r.cpu_ms for r in results if r.size == size and r.variant == variant
        )

    lines = [
        "| nodes | edges | page | HTML bytes | bytes/node | data bytes/node | Python render "
        "| DOM parsed | stable drawing | Chromium CPU | pyvis ÷ ours (wall) | pyvis ÷ ours (CPU) |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    empty = {name: len(make(GraphData((), ())).encode()) for name, make in VARIANTS.items()}
    for size in sorted({r.size for r in results}):
        edges = len(synthetic_graph(size).edges)
        ours_ms = median_stable(size, "ours")
        for variant in VARIANTS:
            rows = [r for r in results if r.size == size and r.variant == variant]
            if not rows:
                continue
            first = rows[0]
            stable = median_stable(size, variant)
            ratio = cpu_ratio = ""
            cpu = median_cpu(size, variant)
            if variant == "pyvis" and ours_ms:
                ratio = (
                    f"{stable / ours_ms:.1f}×" if stable else f"> {timeout_s * 1000 / ours_ms:.0f}×"
                )
                # a page that never settled was still working: its CPU is a lower bound
                cpu_ratio = ("" if stable else "> ") + f"{cpu / median_cpu(size, 'ours'):.1f}×"
            lines.append(
                f"| {size:,} | {edges:,} | {variant} | {first.html_bytes:,} | "
                f"{first.html_bytes / size:,.0f} | "
                f"{(first.html_bytes - empty[variant]) / size:,.0f} | "
                f"{first.render_s:.2f} s (CPU {first.render_cpu_s:.2f} s) | "
                + _parsed(rows, timeout_s)
                + " | "
                + (f"{stable:,.0f} ms" if stable is not None else f"> {timeout_s:.0f} s")
                + f" | {'' if stable is not None else '> '}{cpu:,.0f} ms | {ratio} | {cpu_ratio} |"
            )
    return "\n".join(lines)


def _parsed(rows: list[Run], timeout_s: float) -> str:
    values = [r.parsed_ms for r in rows]
    if any(v is None for v in values):
        return f"> {timeout_s:.0f} s"
    return f"{statistics.median(v for v in values if v is not None):,.0f} ms"


def machine() -> str:
    try:
        version = subprocess.run(
            [chromium_path(), "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except OSError:
        version = "chromium (version unknown)"
    return f"{version}, headless, --disable-gpu; {os.cpu_count()} CPUs; Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="page loads per cell (median)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per page load")
    parser.add_argument("--write", type=Path, help="also write the Markdown report here")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    results = bench(args.sizes, args.runs, args.timeout)
    load_after = os.getloadavg()[0]
    command = "python benchmarks/map_render.py " + " ".join(sys.argv[1:])
    report = "\n".join(
        [
            "# Map rendering: ours vs pyvis's defaults",
            "",
            f"`{command.strip()}` ({time.strftime('%Y-%m-%d')}; {machine()}; load average "
            f"{load_before:.1f} before, {load_after:.1f} after; median of {args.runs} loads per "
            "cell).",
            "",
            table(results, args.timeout),
            "",
            "- *bytes/node*: the page divided by its nodes; *data bytes/node*: less the page "
            "of an empty graph (vis-network inlined, ~0.7 MB), so what each node and its edges add.",
            "- *stable drawing*: from navigation start to the first frame with vis-network's physics "
            "stopped (page clock). pyvis's default template also waits on Bootstrap from a CDN; "
            "those requests are aborted here, as they fail offline.",
            "- *Chromium CPU*: CPU time of Chromium's processes (renderer, GPU, browser; CDP "
            "SystemInfo.getProcessInfo) from just before navigation to that frame; for a page that "
            "never settled, up to the timeout (a lower bound).",
            "",
        ]
    )
    print(report)
    if args.write:
        args.write.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
