"""Does a page of touches cost what it returns? The networkx store on a large graph file.

    python benchmarks/touches_pages.py [GRAPH_FILE] [--requests N] [--runs 3]

GRAPH_FILE defaults to the 100,000-task synthetic graph of benchmarks/synthetic_corpus.py.
Times `tasks(touches=黄河, limit=k)` for pages of 5, 50 and 500 once the term is known (warm),
and the first question on each of 20 other entities (cold: resolve, hierarchy walk, task set,
order); wall and CPU clocks, medians over the runs, ratios to the 5-task page of the same run;
the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from policykg.graph.model import NodeType  # noqa: E402
from policykg.graph.networkx_store import NetworkXStore  # noqa: E402
from policykg.graph.results import TaskQuery  # noqa: E402

PAGES = (5, 50, 500)


def per_call(requests: int, ask: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(requests):
        ask()
    return (time.perf_counter() - wall) / requests, (time.process_time() - cpu) / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("graph_file", nargs="?", type=Path)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.graph_file is None:
        import synthetic_corpus

        args.graph_file = synthetic_corpus.graph_path()
    store = NetworkXStore(args.graph_file)
    total = store.tasks(TaskQuery(touches=("黄河",), limit=1)).total
    regions = [h.id for h in store.search_entities("", NodeType.REGION, limit=400).items]
    load_before = os.getloadavg()
    rows: dict[str, list[tuple[float, float]]] = {}
    for run in range(args.runs):
        for k in PAGES:
            query = TaskQuery(touches=("黄河",), limit=k)
            rows.setdefault(f"黄河, page of {k} (warm)", []).append(
                per_call(args.requests, lambda q=query: store.tasks(q))
            )
        fresh = iter(regions[run * 20 + 1 : run * 20 + 21])
        rows.setdefault("first question on a region, page of 50 (cold)", []).append(
            per_call(20, lambda f=fresh: store.tasks(TaskQuery(touches=(next(f),), limit=50)))
        )
    load_after = os.getloadavg()
    stats = store.stats()
    print(
        f"graph: {args.graph_file.name}: {stats.nodes.get('Task', 0):,} tasks, "
        f"{stats.node_total:,} nodes; 黄河 (narrower) matches {total:,} tasks; "
        f"{args.requests} calls x {args.runs} runs; load {load_before[0]:.2f} -> {load_after[0]:.2f}"
    )
    base = statistics.median(s[0] for s in rows[f"黄河, page of {PAGES[0]} (warm)"])
    base_cpu = statistics.median(s[1] for s in rows[f"黄河, page of {PAGES[0]} (warm)"])
    print("| question | wall ms/call | CPU ms/call | wall x 5-task page | CPU x 5-task page |")
    print("| --- | --- | --- | --- | --- |")
    for name, samples in rows.items():
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        print(
            f"| {name} | {wall * 1000:.3f} | {cpu * 1000:.3f} | {wall / base:.1f} | {cpu / base_cpu:.1f} |"
        )


if __name__ == "__main__":
    main()
