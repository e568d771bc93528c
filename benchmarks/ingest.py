"""Ingest throughput on a large synthetic corpus, as ratios to reading the same bytes.

The corpus (benchmarks/synthetic_corpus.py: the source article's own task sentences with
regions and pollutants swapped from the gazetteers; 100,000 tasks by default) is cached under
benchmarks/out/. Every phase of every run is a fresh subprocess, so its peak RSS is its own
(ru_maxrss; "+MB" is the growth over the process after its imports):

- read+decode (baseline): the file's bytes read and decoded as UTF-8, best-of-median over >= 1 s
- parse: loaders.read.read_document (checks, decode, normalise, page junk, document structure)
- extract: loaders.extract.Extractor.extract over every task sentence (the gazetteers loaded
  and the document parsed before the clock starts); MB/s counts the sentences' UTF-8 bytes
- build: policykg.pipeline.build_from_files in a cold process (gazetteers + read + parse +
  extract + loaders.build.build_graph), the whole job short of writing a store

"x read+decode" divides a phase's MB/s by the baseline's MB/s of the same run; runs alternate
phases so a noisy neighbour slows both sides alike. The table gives medians over --runs.

    .venv/bin/python benchmarks/ingest.py                        # 100,000 tasks, 3 runs
    .venv/bin/python benchmarks/ingest.py --tasks 10000 --runs 1
    .venv/bin/python benchmarks/ingest.py --profile build        # cProfile of one build
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_corpus import GAZETTEERS, OUT, corpus_path  # noqa: E402

PHASES = ("read+decode", "parse", "extract", "build")
BASELINE = "read+decode"
BASELINE_SECONDS = 1.0
PHASE_TIMEOUT = 600
MB = 1_000_000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# -- phases (each runs in its own process) --------------------------------------------------------


def read_decode(path: Path) -> dict[str, Any]:
    times, cpus = [], []
    deadline = time.perf_counter() + BASELINE_SECONDS
    while len(times) < 5 or time.perf_counter() < deadline:
        start, cpu = time.perf_counter(), time.process_time()
        text = path.read_bytes().decode("utf-8")
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        del text
    return {
        "seconds": statistics.median(times),
        "cpu": statistics.median(cpus),
        "repeats": len(times),
    }


def parse(path: Path) -> dict[str, Any]:
    from policykg.loaders.read import read_document

    start, cpu = time.perf_counter(), time.process_time()
    doc = read_document(path)
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "tasks": len(doc.tasks),
    }


def extract(path: Path) -> dict[str, Any]:
    from policykg.loaders.read import read_document
    from policykg.pipeline import gazetteer_and_extractor

    _, extractor = gazetteer_and_extractor(GAZETTEERS)
    texts = [task.text for task in read_document(path).tasks]
    start, cpu = time.perf_counter(), time.process_time()
    mentions = sum(len(extractor.extract(text)) for text in texts)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    sentence_bytes = sum(len(text.encode("utf-8")) for text in texts)
    return {
        "seconds": seconds,
        "cpu": cpu,
        "tasks": len(texts),
        "bytes": sentence_bytes,
        "mentions": mentions,
    }


def build(path: Path) -> dict[str, Any]:
    from policykg.pipeline import build_from_files

    start, cpu = time.perf_counter(), time.process_time()
    data = build_from_files([path], GAZETTEERS)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    tasks = sum(1 for n in data.nodes if n.type.value == "Task")
    return {
        "seconds": seconds,
        "cpu": cpu,
        "tasks": tasks,
        "nodes": len(data.nodes),
        "edges": len(data.edges),
    }


RUNNERS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "read+decode": read_decode,
    "parse": parse,
    "extract": extract,
    "build": build,
}


def run_phase_here(phase: str, path: Path) -> dict[str, Any]:
    """One phase in this process: its figures, plus peak RSS before and after it."""
    import policykg.pipeline  # noqa: F401  (imports count as the process, not the phase)

    before = _peak_mb()
    result = RUNNERS[phase](path)
    result.setdefault("bytes", path.stat().st_size)
    return {**result, "phase": phase, "rss_start_mb": before, "peak_mb": _peak_mb()}


def run_phase(phase: str, path: Path) -> dict[str, Any]:
    """One phase in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--input", str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=PHASE_TIMEOUT,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


# -- report ---------------------------------------------------------------------------------------


def with_rates(
    result: dict[str, Any], baseline_mbs: float, baseline_cpu_mbs: float
) -> dict[str, Any]:
    mbs = result["bytes"] / MB / result["seconds"]
    cpu_mbs = result["bytes"] / MB / max(result["cpu"], 1e-9)
    tasks = result.get("tasks")
    return {
        **result,
        "mb_per_s": mbs,
        "tasks_per_s": tasks / result["seconds"] if tasks else None,
        "tasks_per_cpu_s": tasks / result["cpu"] if tasks else None,
        "ratio": mbs / baseline_mbs,
        "cpu_ratio": cpu_mbs / baseline_cpu_mbs,
    }


def table(runs: list[dict[str, dict[str, Any]]]) -> str:
    rows = [
        "| phase | wall s | CPU s | tasks/s (wall) | tasks/s (CPU) | MB/s (wall) | x read+decode "
        "(wall) | x read+decode (CPU) | peak RSS MB | +MB over start |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for phase in PHASES:
        cells = [run[phase] for run in runs if phase in run]

        def med(key: str, cells: list[dict[str, Any]] = cells) -> float:
            return float(statistics.median(c[key] for c in cells))

        def spread(key: str, cells: list[dict[str, Any]] = cells) -> str:
            if len(cells) < 2:
                return ""
            return f" ({min(c[key] for c in cells):.4f}-{max(c[key] for c in cells):.4f})"

        counted = cells[0]["tasks_per_s"] is not None
        rate = f"{med('tasks_per_s'):,.0f}" if counted else ""
        cpu_rate = f"{med('tasks_per_cpu_s'):,.0f}" if counted else ""
        rows.append(
            f"| {phase} | {med('seconds'):.3f} | {med('cpu'):.3f} | {rate} | {cpu_rate} "
            f"| {med('mb_per_s'):,.2f} | {med('ratio'):.4f}{spread('ratio')} "
            f"| {med('cpu_ratio'):.4f}{spread('cpu_ratio')} | {med('peak_mb'):,.0f} "
            f"| {med('peak_mb') - med('rss_start_mb'):,.0f} |"
        )
    return "\n".join(rows)


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.machine()}, {os.cpu_count()} cores (shared), Python "
        f"{platform.python_version()}, load average {load}"
    )


def profile(phase: str, path: Path, top: int) -> None:
    target = OUT / f"ingest-{phase}.prof"
    profiler = cProfile.Profile()
    profiler.runcall(RUNNERS[phase], path)
    profiler.dump_stats(target)
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)
    print(f"profile written to {target}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=100_000, help="tasks in the corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", choices=[p for p in PHASES if p != BASELINE])
    parser.add_argument("--top", type=int, default=30, help="rows of the profile")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)  # internal
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        print(json.dumps(run_phase_here(args.phase, args.input)))
        return
    started = time.perf_counter()
    path = corpus_path(args.tasks, args.seed)
    size = path.stat().st_size
    print(f"corpus: {path.relative_to(ROOT)} ({size / MB:.1f} MB)", file=sys.stderr)
    if args.profile:
        profile(args.profile, path, args.top)
        return
    print(f"machine: {machine()}", file=sys.stderr)
    runs = []
    for n in range(1, max(1, args.runs) + 1):
        raw = {phase: run_phase(phase, path) for phase in PHASES}
        baseline_mbs = raw[BASELINE]["bytes"] / MB / raw[BASELINE]["seconds"]
        baseline_cpu_mbs = raw[BASELINE]["bytes"] / MB / max(raw[BASELINE]["cpu"], 1e-9)
        run = {
            phase: with_rates(result, baseline_mbs, baseline_cpu_mbs)
            for phase, result in raw.items()
        }
        runs.append(run)
        summary = ", ".join(
            f"{p} {r['seconds']:.2f} s wall, {r['cpu']:.2f} s CPU ({r['ratio']:.4f}x)"
            for p, r in run.items()
        )
        print(f"  run {n}: {summary}", file=sys.stderr)
    extracted, built = runs[0]["extract"], runs[0]["build"]
    print(
        f"{args.tasks:,} tasks requested; {extracted['tasks']:,} task sentences "
        f"({extracted['bytes'] / MB:.1f} MB of {size / MB:.1f} MB), {extracted['mentions']:,} "
        f"mentions; graph of {built['nodes']:,} nodes, {built['edges']:,} edges. "
        f"Medians of {len(runs)} run(s); ratio range in brackets."
    )
    print()
    print(table(runs))
    print()
    print(f"machine after the runs: {machine()}; wall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
