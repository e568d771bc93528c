"""The issue's big-graph requests, re-measured against `policykg serve` with default settings.

On the synthetic 9,000-task graph (benchmarks/synthetic_corpus.py): /maps/theme/1, /maps/all,
/graph/path, /export?format=json and /analysis/cooccurrence?limit=5, each RUNS times in a fresh
server. Per request: status, wall time, the server's CPU time (/proc), the answer's bytes and
the server's RSS after it; medians, with /health's CPU time in the same run as the baseline.

    .venv/bin/python benchmarks/hardening_big.py [--tasks 9000] [--runs 3]
    .venv/bin/python benchmarks/hardening_big.py --graph-file big.json   # any graph built before
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks"))

#: Loading a graph of hundreds of thousands of tasks takes minutes on a loaded machine.
STARTUP_SECONDS = 1800

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
            served = serve(graph, Path(tmp), startup_seconds=STARTUP_SECONDS)
            try:
                with httpx.Client(base_url=served.base, timeout=600) as http:
                    for path, params in REQUESTS:
                        found.setdefault(f"{path} {params or ''}".strip(), []).append(
                            _one(http, served, path, params)
                        )
            finally:
                served.process.terminate()
                served.process.wait(60)
                print(served.stderr()[-3000:], file=sys.stderr)  # the server's own account
    return found


def _one(
    http: httpx.Client, served: Any, path: str, params: dict[str, str]
) -> tuple[int, float, float, int, int]:
    """Status (0: the connection was dropped), wall s, server CPU s, bytes, RSS KiB after."""
    cpu, wall = served.cpu_seconds(), time.monotonic()
    try:
        response = http.get(path, params=params)
        status, size = response.status_code, len(response.content)
    except httpx.TransportError:
        status, size = 0, 0
    took = (time.monotonic() - wall, served.cpu_seconds() - cpu)
    return (status, *took, size, served.rss_kib())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=9000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--graph-file",
        type=Path,
        help="a graph file built beforehand instead (e.g. of a 19.5 MB document)",
    )
    args = parser.parse_args(argv)
    from synthetic_corpus import graph_path

    graph = args.graph_file or graph_path(args.tasks)
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
