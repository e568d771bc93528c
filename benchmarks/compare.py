"""Comparing documents, as a ratio to reading them: the largest pair of versions in the corpus,
and a national law against every local regulation on its subject.

For each case and run, two phases are timed in this process, wall clock and CPU time:
- read (baseline): `policykg.compare_input.document_units` for every document of the case:
  read, decode, normalise, outline, and the entity extraction of every unit
- compare: `graph.compare.align` (one pair) or `compare_many` (one against many) over the
  units read, character diffs and summaries included
"x read" divides compare time by read time of the same run. The gazetteers are loaded before
any clock starts. The table gives medians over --runs, and the load average before and after.

    .venv/bin/python benchmarks/compare.py               # 3 runs, Markdown on stdout
    .venv/bin/python benchmarks/compare.py --runs 1
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policykg.compare_input import DocumentUnits, document_units
from policykg.graph.compare import align, compare_many
from policykg.pipeline import gazetteer_and_extractor
from policykg.settings import PACKAGE_DATA

LAWS = PACKAGE_DATA / "corpus" / "laws"
NATIONAL = LAWS / "行政法" / "大气污染防治法(2018-10-26).md"
LOCAL_GLOB = "DLC/**/*大气污染防治条例*.md"
VERSION = re.compile(r"\(\d{4}-\d{2}-\d{2}\)$")
MAX_BYTES = 20_000_000


def largest_version_pair() -> tuple[Path, Path]:
    """Two dated versions of one title with the most bytes between them."""
    titles: dict[str, list[Path]] = defaultdict(list)
    for path in LAWS.rglob("*.md"):
        if VERSION.search(path.stem):
            titles[f"{path.parent}/{VERSION.sub('', path.stem)}"].append(path)
    pairs = [
        (a, b)
        for versions in titles.values()
        for i, a in enumerate(sorted(versions))
        for b in sorted(versions)[i + 1 :]
    ]
    return max(pairs, key=lambda p: p[0].stat().st_size + p[1].stat().st_size)


def timed(work: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def run_case(paths: list[Path]) -> dict[str, float]:
    _, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    docs: list[DocumentUnits]
    docs, read_wall, read_cpu = timed(
        lambda: [document_units(p, extractor, MAX_BYTES) for p in paths]
    )
    a, others = docs[0], docs[1:]
    if len(others) == 1:
        work: Callable[[], Any] = lambda: align(a.units, others[0].units)  # noqa: E731
    else:
        work = lambda: compare_many(a.units, [(d.id, d.units) for d in others])  # noqa: E731
    _, cmp_wall, cmp_cpu = timed(work)
    return {
        "read_wall": read_wall,
        "read_cpu": read_cpu,
        "compare_wall": cmp_wall,
        "compare_cpu": cmp_cpu,
        "units": float(sum(len(d.units) for d in docs)),
        "bytes": float(sum(p.stat().st_size for p in paths)),
    }


def row(name: str, runs: list[dict[str, float]]) -> str:
    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    ratio_wall = statistics.median(r["compare_wall"] / r["read_wall"] for r in runs)
    ratio_cpu = statistics.median(r["compare_cpu"] / r["read_cpu"] for r in runs)
    return (
        f"| {name} | {med('bytes') / 1000:,.0f} kB, {med('units'):,.0f} units "
        f"| {med('read_wall'):.2f} s / {med('read_cpu'):.2f} s "
        f"| {med('compare_wall'):.2f} s / {med('compare_cpu'):.2f} s "
        f"| **{ratio_wall:.2f}** / {ratio_cpu:.2f} |"
    )


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    old, new = largest_version_pair()
    locals_ = sorted(LAWS.glob(LOCAL_GLOB))
    cases = {
        f"versions: {old.stem} vs {new.stem}": [old, new],
        f"national vs local: {NATIONAL.stem} vs {len(locals_)} local regulations": [
            NATIONAL,
            *locals_,
        ],
    }
    before = load()
    results: dict[str, list[dict[str, float]]] = {name: [] for name in cases}
    for _ in range(args.runs):  # runs alternate cases, so a noisy neighbour hits both
        for name, paths in cases.items():
            results[name].append(run_case(paths))
    print(
        f"{os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average before {before}, after {load()}; "
        f"medians of {args.runs} runs\n"
    )
    print("| case | input | read (baseline) wall / CPU | compare wall / CPU | x read wall / CPU |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name, runs in results.items():
        print(row(name, runs))


if __name__ == "__main__":
    main()
