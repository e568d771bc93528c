"""Zooming a map page in headless Chromium: frame intervals, ours vs every edge labelled.

For the whole map of the source article (what `policykg map --all` writes) and synthetic graphs
of 1,000 and 5,000 nodes (devkit.synthetic_graph), one page per graph is opened from file://
and zoomed in and out with 24 mouse-wheel steps. Two variants run on the same page, in the
same browser, one after the other:
- ours: the page as written (edge labels only on hover and around the selection, node labels
  scaled with the node so small ones are skipped at low zoom, divisions folded above 150 nodes);
- baseline: the same page after its script labels every edge with its relation, turns label
  scaling off and opens every cluster, which is how map pages drew before.

Per run: the 50th and 95th percentile of the intervals between animation frames while zooming
(wall), and the renderer's main-thread task time over the zoom (CDP Performance.getMetrics
TaskDuration: how long the page's main-thread tasks ran, in wall time; on a loaded machine it
is not CPU time). Medians of --runs runs; the load average is recorded.

    .venv/bin/python benchmarks/map_zoom.py --runs 3 --write benchmarks/RESULTS-zoom.md
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devkit.chromium import launch  # noqa: E402
from devkit.synthetic_graph import synthetic_graph  # noqa: E402
from policykg.graph.model import GraphData  # noqa: E402
from policykg.pipeline import build_from_files  # noqa: E402
from policykg.settings import PACKAGE_DATA  # noqa: E402
from policykg.viz.maps import prune_unreached  # noqa: E402
from policykg.viz.transform import to_vis  # noqa: E402
from policykg.viz.write import render_html  # noqa: E402

VIEWPORT = {"width": 1280, "height": 800}
STEPS = 24

AS_BEFORE_JS = """() => {
    const open = Object.keys(network.body.nodes).filter(id => network.body.nodes[id].isCluster);
    open.forEach(id => network.openCluster(id));
    network.setOptions({nodes: {scaling: {label: {enabled: false}}}});
    edges.update(edges.get().map(e => ({id: e.id, label: e.rel})));
    network.fit({animation: false});
}"""
RECORD_JS = """() => { window.__frames = []; let last = performance.now();
    const tick = t => { window.__frames.push(t - last); last = t;
        if (window.__recording) requestAnimationFrame(tick); };
    window.__recording = true; requestAnimationFrame(tick); }"""


@dataclass(frozen=True)
class Sample:
    p50_ms: float
    p95_ms: float
    task_s: float


def zoom(page: Any, cdp: Any) -> Sample:
    page.evaluate("network.fit({animation: false})")
    page.mouse.move(VIEWPORT["width"] / 2, VIEWPORT["height"] / 2)
    before = _task_duration(cdp)
    page.evaluate(RECORD_JS)
    for step in range(STEPS):
        page.mouse.wheel(0, -120 if step < STEPS // 2 else 120)
        page.wait_for_timeout(40)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
    page.evaluate("window.__recording = false")
    task = _task_duration(cdp) - before
    frames = sorted(page.evaluate("window.__frames")[1:])
    p95 = frames[min(len(frames) - 1, round(0.95 * (len(frames) - 1)))]
    return Sample(statistics.median(frames), p95, task)


def _task_duration(cdp: Any) -> float:
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "TaskDuration"))


def graphs(sizes: list[int]) -> list[tuple[str, GraphData]]:
    whole = build_from_files(
        [PACKAGE_DATA / "corpus" / "mee-2026-key-tasks.txt"], PACKAGE_DATA / "gazetteers"
    )
    found = [("whole map, source article", prune_unreached(whole))]
    found += [(f"synthetic {n:,}", synthetic_graph(n)) for n in sizes]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 5_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch(pw)
        for name, data in graphs(args.sizes):
            page_file = Path(tmp) / "map.html"
            page_file.write_text(render_html(to_vis(data), title=name), encoding="utf-8")
            results: dict[str, list[Sample]] = {"ours": [], "baseline": []}
            for _ in range(args.runs):
                for variant in ("ours", "baseline"):
                    page = browser.new_page(viewport=VIEWPORT)
                    page.goto(page_file.as_uri())
                    page.wait_for_selector(
                        "body[data-ready='1']", state="attached", timeout=180_000
                    )
                    cdp = page.context.new_cdp_session(page)
                    cdp.send("Performance.enable")
                    if variant == "baseline":
                        page.evaluate(AS_BEFORE_JS)
                    results[variant].append(zoom(page, cdp))
                    page.close()
            rows.append((name, len(data.nodes), len(data.edges), results))
            print(name, {k: [vars(s) for s in v] for k, v in results.items()}, flush=True)
        browser.close()
    load_after = os.getloadavg()[0]
    report = _report(rows, args.runs, load_before, load_after)
    print(report)
    if args.write:
        args.write.write_text(report, encoding="utf-8")


def _med(samples: list[Sample], field: str) -> float:
    return float(statistics.median(getattr(s, field) for s in samples))


def _report(rows: list[Any], runs: int, load_before: float, load_after: float) -> str:
    lines = [
        "# Zooming a map page: ours vs every edge labelled",
        "",
        f"`.venv/bin/python benchmarks/map_zoom.py --runs {runs}` (headless Chromium, --disable-gpu; "
        f"{os.cpu_count()} CPUs; load average {load_before:.1f} before, {load_after:.1f} after; "
        f"medians of {runs} runs; {STEPS} wheel steps per run)",
        "",
        "| graph | nodes | edges | page | frame p50 | frame p95 | main-thread task time | "
        "baseline ÷ ours p95 | baseline ÷ ours task time |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, n, m, results in rows:
        ours, base = results["ours"], results["baseline"]
        for variant, samples in (("ours", ours), ("baseline", base)):
            ratio_p95 = ratio_cpu = ""
            if variant == "baseline":
                ratio_p95 = f"{_med(base, 'p95_ms') / max(_med(ours, 'p95_ms'), 1e-9):.1f}×"
                ratio_cpu = f"{_med(base, 'task_s') / max(_med(ours, 'task_s'), 1e-9):.1f}×"
            lines.append(
                f"| {name} | {n:,} | {m:,} | {variant} | {_med(samples, 'p50_ms'):.0f} ms | "
                f"{_med(samples, 'p95_ms'):.0f} ms | {_med(samples, 'task_s'):.2f} s | "
                f"{ratio_p95} | {ratio_cpu} |"
            )
    lines += [
        "",
        "- *baseline*: the same page with every edge labelled, label scaling off and clusters "
        "opened (how map pages drew before), made in the same run.",
        "- *main-thread task time*: the renderer's TaskDuration over the zoom (CDP Performance "
        "metrics): the wall time its main-thread tasks ran, not CPU time.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
