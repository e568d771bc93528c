"""Seconds from SIGTERM to exit for `policykg serve` under 32 connections of CPU-heavy requests.

Half the connections ask for /maps/all, half for betweenness rankings, on the synthetic
9,000-task graph with the node and edge bounds lifted (so the maps are drawn, not refused);
SIGTERM after 8 s; prints the seconds to exit and the answers the clients got.

    .venv/bin/python benchmarks/hardening_shutdown.py [--tasks 9000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))
sys.path.insert(0, str(ROOT / "benchmarks"))

#: Loading a graph of hundreds of thousands of tasks takes minutes on a loaded machine.
STARTUP_SECONDS = 1800

UNBOUNDED = {"POLICYKG_MAX_NODES": "1000000", "POLICYKG_MAX_EDGES": "10000000"}
HEAVY = [
    ("/api/v1/maps/all", {}),
    ("/api/v1/analysis/rankings", {"type": "Region", "by": "betweenness"}),
]
GIVE_UP = 180.0


def one_run(graph: Path) -> tuple[float | None, Counter[int]]:
    from faults_support import serve

    with tempfile.TemporaryDirectory() as tmp:
        served = serve(graph, Path(tmp), UNBOUNDED, startup_seconds=STARTUP_SECONDS)
        answers: Counter[int] = Counter()
        stop = threading.Event()

        def busy(worker: int) -> None:
            path, params = HEAVY[worker % 2]
            with httpx.Client(base_url=served.base, timeout=GIVE_UP) as http:
                while not stop.is_set():
                    try:
                        answers[http.get(path, params=params).status_code] += 1
                    except httpx.HTTPError:
                        return

        threads = [threading.Thread(target=busy, args=(w,), daemon=True) for w in range(32)]
        for thread in threads:
            thread.start()
        time.sleep(8)
        served.process.terminate()
        sent = time.monotonic()
        try:
            served.process.wait(GIVE_UP)
            took: float | None = time.monotonic() - sent
        except subprocess.TimeoutExpired:
            took = None
            served.process.kill()
            served.process.wait(60)
        stop.set()
        return took, answers


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
    for run in range(args.runs):
        took, answers = one_run(graph)
        shown = f"{took:.1f} s" if took is not None else f"not within {GIVE_UP:g} s"
        print(f"run {run + 1}: exit {shown}; answers {dict(answers)}")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
