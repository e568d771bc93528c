"""What Python's cyclic garbage collector costs a 100,000-task build and a graph-file read.

Each (work, setting) runs in a fresh interpreter, alternating settings within a run so a noisy
neighbour slows all alike; the table gives medians over --runs, wall and CPU seconds side by
side, the collections of each generation and the seconds spent inside them (gc.callbacks).

Works:
- build: policykg.pipeline.build_from_files on the synthetic corpus (benchmarks/synthetic_corpus.py)
- read: policykg.graph.graph_file.read_graph on that corpus's graph file

Settings (what the process owner may choose; the library makes no gc call):
- default: the interpreter's collector as it starts (thresholds 700, 10, 10)
- paused: gc.disable() around the work, restored after (what the library used to do)
- entry point: what `policykg`'s entry point sets (policykg.collector.configure_collector)
- command: the entry point's setting, and the work inside policykg.collector.paused(), as the
  build command runs its assembly and every command its graph read
- (--settings may add "young N": the young-generation threshold N, "freeze": gc.freeze() after
  the imports)

    .venv/bin/python benchmarks/collector.py                  # 100,000 tasks, 3 runs
    .venv/bin/python benchmarks/collector.py --tasks 10000 --runs 1
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_corpus import GAZETTEERS, corpus_path, graph_path  # noqa: E402

WORKS = ("build", "read")
SETTINGS = ("default", "paused", "entry point", "command")
TIMEOUT = 900


def _build(tasks: int) -> Callable[[], int]:
    from policykg.pipeline import build_from_files

    path = corpus_path(tasks)
    return lambda: len(build_from_files([path], GAZETTEERS).nodes)


def _read(tasks: int) -> Callable[[], int]:
    from policykg.graph.graph_file import read_graph

    path = graph_path(tasks)
    return lambda: int(read_graph(path).number_of_nodes())


def run_here(work: str, setting: str, tasks: int) -> dict[str, Any]:
    """One work under one setting, in this process."""
    job = {"build": _build, "read": _read}[work](tasks)
    if setting in ("entry point", "command"):
        from policykg.collector import configure_collector

        configure_collector()
    elif setting.startswith("young "):
        gc.set_threshold(int(setting.split()[1]), *gc.get_threshold()[1:])
    elif setting == "freeze":
        gc.freeze()
    in_gc = [0.0]
    started = [0.0]

    def _time_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            in_gc[0] += time.perf_counter() - started[0]

    gc.callbacks.append(_time_gc)
    before = [s["collections"] for s in gc.get_stats()]
    wall, cpu = time.perf_counter(), time.process_time()
    if setting == "paused":
        gc.disable()
        try:
            size = job()
        finally:
            gc.enable()
    elif setting == "command":
        from policykg.collector import paused

        with paused():
            size = job()
    else:
        size = job()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    gc.callbacks.remove(_time_gc)
    collections = [s["collections"] - b for s, b in zip(gc.get_stats(), before, strict=True)]
    return {"wall": wall, "cpu": cpu, "gc": in_gc[0], "collections": collections, "nodes": size}


def run(work: str, setting: str, tasks: int) -> dict[str, Any]:
    """One work under one setting in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", work, setting, "--tasks", str(tasks)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=TIMEOUT,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def table(
    results: dict[tuple[str, str], list[dict[str, Any]]], settings: list[str], works: list[str]
) -> str:
    rows = [
        "| work | setting | wall s | CPU s | in gc s | collections (gen 0/1/2) | CPU / default |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for work in works:
        base = statistics.median(r["cpu"] for r in results[(work, "default")])
        for setting in settings:
            cells = results[(work, setting)]
            wall = statistics.median(r["wall"] for r in cells)
            cpu = statistics.median(r["cpu"] for r in cells)
            in_gc = statistics.median(r["gc"] for r in cells)
            counts = "/".join(
                str(int(statistics.median(r["collections"][g] for r in cells))) for g in range(3)
            )
            rows.append(
                f"| {work} | {setting} | {wall:.2f} | {cpu:.2f} | {in_gc:.2f} | {counts} "
                f"| {cpu / base:.2f}x |"
            )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--settings", nargs="+", default=list(SETTINGS))
    parser.add_argument("--works", nargs="+", default=list(WORKS), choices=WORKS)
    parser.add_argument("--one", nargs=2, metavar=("WORK", "SETTING"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_here(args.one[0], args.one[1], args.tasks)))
        return
    graph_path(args.tasks)  # made once, before any clock runs
    load_before = os.getloadavg()[0]
    results: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for _ in range(args.runs):
        for work in args.works:
            for setting in args.settings:
                results.setdefault((work, setting), []).append(run(work, setting, args.tasks))
    load_after = os.getloadavg()[0]
    print(
        f"{args.tasks:,} tasks, median of {args.runs} runs; {platform.python_version()}, "
        f"{os.cpu_count()} cores, load average {load_before:.1f} -> {load_after:.1f}"
    )
    print(table(results, args.settings, args.works))


if __name__ == "__main__":
    main()
