"""The issue's big-graph requests, re-measured against `policykg serve` with default settings.

On the synthetic 9,000-task graph (benchmarks/synthetic_corpus.py): /maps/theme/1, /maps/all,
/graph/path, /export?format=json and /analysis/cooccurrence?limit=5, each RUNS times in a fresh
server. Per request: status, wall time, the server's CPU time (/proc), the answer's bytes and
the server's RSS after it; medians, with /health's CPU time in the same run as the baseline.

    .venv/bin/python benchmarks/hardening_big.py [--tasks 9000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks"))

REQUESTS: list[tuple[str, dict[str, str]]] = [
    ("/api/v1/health", {}),
    ("/api/v1/maps/theme/1", {}),
    ("/api/v1/maps/all", {}),
    ("/api/v1/graph/path", {"from": "黄河", "to": "总氮"}),
    ("/api/v1/export", {"format": "json"}),
    ("/api/v1/analysis/cooccurrence", {"limit": "5"}),
]


def measure(graph: Path, runs: int) -> dict[str, list[tuple[int, float, float, int, int]]]:
    from faults_support import serve

    found: dict[str, list[tuple[int, float, float, int, int]]] = {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            served = serve(graph, Path(tmp))
            with httpx.Client(base_url=served.base, timeout=600) as http:
                for path, params in REQUESTS:
                    cpu, wall = served.cpu_seconds(), time.monotonic()
                    response = http.get(path, params=params)
                    took = (time.monotonic() - wall, served.cpu_seconds() - cpu)
                    row = (response.status_code, *took, len(response.content), served.rss_kib())
                    found.setdefault(f"{path} {params or ''}".strip(), []).append(row)
            served.process.terminate()
            served.process.wait(60)
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=9000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from synthetic_corpus import graph_path

    graph = graph_path(args.tasks)
    print(f"graph: {graph.name}; load before: {os.getloadavg()}")
    print("| request | status | wall s | server CPU s | bytes | RSS after (MB) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, rows in measure(graph, args.runs).items():
        statuses = sorted({r[0] for r in rows})
        wall, cpu = statistics.median(r[1] for r in rows), statistics.median(r[2] for r in rows)
        size, rss = statistics.median(r[3] for r in rows), statistics.median(r[4] for r in rows)
        print(f"| {name} | {statuses} | {wall:.2f} | {cpu:.2f} | {size:,.0f} | {rss / 1024:.0f} |")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
