"""What keeping the stored closure (cypher.COVER_ALL …) costs the Neo4j store's writes: a whole
build (replace) and a document change (one document added, then removed) on a loaded graph.

    python benchmarks/touches_upkeep.py [--graph source|synthetic-N|<file.json>] [--runs 3]
                                        [--no-load] [--from-empty]

Needs the Neo4j of POLICYKG_NEO4J_* (scripts/neo4j/neo4j start); it loads the graph there
(with `--from-empty`, after deleting every policykg node: never point it at a server whose
data matters).
Each timing is wall and CPU (process_time: the client's share), median of `--runs`, with the
machine's load before and after: the replace of the whole graph, the closure rebuild a replace
ends with on its own (neo4j_store._CLOSURE_REBUILD; absent in code without a stored closure),
and adding then removing one document of the dev corpus (data/corpus/dev, its 02- file).
Run it on code without the stored closure (main before it, from a `git archive` copy) for the
baseline.
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

from touches_floor import graph, neo4j_store  # noqa: E402

from policykg.graph import neo4j_store as store_module  # noqa: E402
from policykg.pipeline import (  # noqa: E402
    add_documents,
    gazetteer_and_extractor,
    read_documents,
    remove_documents,
)
from policykg.settings import PACKAGE_DATA  # noqa: E402

DOCUMENT = (
    PACKAGE_DATA / "corpus" / "dev" / "02-carbon-emissions-trading-interim-regulation-2024.txt"
)


def timed(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """(wall, cpu) seconds, medians of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graph", default="source")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--replace-runs", type=int, default=1)
    parser.add_argument("--no-load", action="store_true", help="the graph is loaded already")
    parser.add_argument(
        "--from-empty",
        action="store_true",
        help="empty the database first (policykg's nodes and closure): replace writes it all",
    )
    args = parser.parse_args()
    data = graph(args.graph)
    store = neo4j_store()
    load_before = os.getloadavg()
    rows: dict[str, tuple[float, float]] = {}
    if args.from_empty:
        with store.driver.session(database=store.database) as session:
            for label in ("Closure", "Node"):  # labels cannot be parameters
                session.run(
                    f"MATCH (n:{label}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 2000 ROWS"
                ).consume()
        rows["replace (whole graph, into an empty database)"] = timed(
            1, lambda: store.replace(data)
        )
    if not args.no_load:
        rows["replace (whole graph, over itself)"] = timed(
            args.replace_runs, lambda: store.replace(data)
        )
    rebuild = getattr(store_module, "_CLOSURE_REBUILD", ())

    def rebuild_closure() -> None:
        with store.driver.session(database=store.database) as session:
            for statement in rebuild:
                session.run(statement).consume()

    if rebuild:
        rows["closure rebuild alone (the end of a replace)"] = timed(
            args.replace_runs, rebuild_closure
        )
    tools = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    (document,) = read_documents([DOCUMENT])
    doc_id = f"doc:{document.slug}"
    adds, removes = [], []
    for _ in range(args.runs):
        adds.append(timed(1, lambda: add_documents(store, [document], tools)))
        removes.append(timed(1, lambda: remove_documents(store, [doc_id], tools[0])))
    rows["add one document"] = tuple(statistics.median(a[i] for a in adds) for i in (0, 1))  # type: ignore[assignment]
    rows["remove it"] = tuple(statistics.median(r[i] for r in removes) for i in (0, 1))  # type: ignore[assignment]
    load_after = os.getloadavg()
    store.close()
    print(
        f"graph: {args.graph} ({len(data.nodes):,} nodes, {len(data.edges):,} edges); "
        f"{args.runs} runs; load {load_before[0]:.2f} -> {load_after[0]:.2f}"
    )
    print("| write | wall s | CPU s |")
    print("| --- | ---: | ---: |")
    for name, (wall, cpu) in rows.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
