"""Reading the 300 laws (data/corpus/laws, 6.3 MB of real text): MB/s as ratios to a bare read.

Phases, alternated within each run so that a noisy neighbour slows all of them alike:

- bytes+utf8 (baseline): every file's bytes read and decoded as UTF-8, nothing else
- read_text: loaders.read.read_text (size and binary checks, decoding, HTML sniffing)
- read_document: loaders.read.read_document (the above, plus the line-by-line normal form with
  its offset map, page junk, the outline units and the law's themes and tasks)

Each phase gives wall and CPU seconds; the table holds the median of --runs runs (>= 3), the
MB/s over the files' UTF-8 bytes, and each phase's rate divided by the baseline's of the same
run, by wall and by CPU time. The load average before and after is recorded beside the figures.

    .venv/bin/python benchmarks/read_laws.py            # 3 runs, prints a Markdown table
    .venv/bin/python benchmarks/read_laws.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policykg.loaders.read import read_document, read_text  # noqa: E402

LAWS = ROOT / "data" / "corpus" / "laws"
MB = 1_000_000


def files() -> list[Path]:
    return sorted(p for p in LAWS.rglob("*.md") if p.name != "SOURCE.md")


def bytes_utf8(paths: list[Path]) -> int:
    return sum(len(p.read_bytes().decode("utf-8")) for p in paths)


def decoded(paths: list[Path]) -> int:
    return sum(len(read_text(p)) for p in paths)


def outlined(paths: list[Path]) -> int:
    return sum(len(read_document(p).units) for p in paths)


PHASES: dict[str, Callable[[list[Path]], int]] = {
    "bytes+utf8": bytes_utf8,
    "read_text": decoded,
    "read_document": outlined,
}


def timed(phase: Callable[[list[Path]], int], paths: list[Path]) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = phase(paths)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.runs < 3:
        parser.error("--runs must be at least 3 (the table gives medians)")
    paths = files()
    size = sum(len(p.read_bytes()) for p in paths)
    load_before = os.getloadavg()
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in PHASES}
    units = 0
    for _ in range(args.runs):
        for name, phase in PHASES.items():
            wall, cpu, result = timed(phase, paths)
            runs[name].append((wall, cpu))
            units = result if name == "read_document" else units
    load_after = os.getloadavg()
    base = runs["bytes+utf8"]
    print(f"{len(paths)} files, {size / MB:.2f} MB (UTF-8), {units:,} outline units")
    print(f"python {platform.python_version()}, {os.cpu_count()} cores")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}\n")
    print("| phase | wall s | CPU s | MB/s (wall) | x bytes+utf8 (wall) | x bytes+utf8 (CPU) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in PHASES:
        walls = [w for w, _ in runs[name]]
        cpus = [c for _, c in runs[name]]
        # each run against the baseline of the same run: the baseline's time over the phase's
        by_wall = [bw / w for w, (bw, _) in zip(walls, base, strict=True)]
        by_cpu = [bc / max(c, 1e-9) for c, (_, bc) in zip(cpus, base, strict=True)]
        print(
            f"| {name} | {statistics.median(walls):.3f} | {statistics.median(cpus):.3f} "
            f"| {size / MB / statistics.median(walls):.1f} | {statistics.median(by_wall):.4f} "
            f"| {statistics.median(by_cpu):.4f} |"
        )


if __name__ == "__main__":
    main()
