"""Where the Neo4j server spends a cold one-term touches question: the statement the store
runs for it (GraphReader.closure_pages, cypher.CLOSURE_PAGES), PROFILEd (database hits and
rows per operator), and its time on the server without the profiler, for the questions of
touches_floor.py.

    python benchmarks/touches_profile.py [--graph source|synthetic-N] [--runs 5] [--no-load]

Needs the Neo4j of POLICYKG_NEO4J_* (scripts/neo4j/neo4j start). The statement and its
parameters are taken from a real cold call of the store (the driver's run wrapped for that
call); the server's time is the driver's summary (result available after + consumed after),
median of `--runs` runs after one warm-up, with the machine's load before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from neo4j import ManagedTransaction  # noqa: E402
from touches_floor import QUERIES, graph  # noqa: E402

from policykg.graph.neo4j_store import Neo4jStore  # noqa: E402
from policykg.graph.results import TaskQuery  # noqa: E402
from policykg.settings import environment_settings  # noqa: E402


def captured(store: Neo4jStore, query: TaskQuery) -> list[tuple[str, dict[str, Any]]]:
    """The statements (with their parameters) a cold call of `store.tasks(query)` runs."""
    ran: list[tuple[str, dict[str, Any]]] = []
    run = ManagedTransaction.run

    def recording(self: Any, statement: Any, parameters: Any = None, **kw: Any) -> Any:
        ran.append((str(statement), {**(parameters or {}), **kw}))
        return run(self, statement, parameters, **kw)

    store.clear_memo()
    ManagedTransaction.run = recording  # type: ignore[method-assign]
    try:
        store.tasks(query)
    finally:
        ManagedTransaction.run = run  # type: ignore[method-assign]
    return ran


def operators(plan: Any, depth: int = 0) -> Iterator[tuple[int, str, int, int]]:
    """(depth, operator, rows, db hits) of a profiled plan, depth first."""
    yield depth, plan["operatorType"], plan.get("rows", 0), plan.get("dbHits", 0)
    for child in plan.get("children", ()):
        yield from operators(child, depth + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graph", default="source")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-load", action="store_true", help="the graph is loaded already")
    parser.add_argument("--plans", action="store_true", help="print every operator too")
    args = parser.parse_args()
    s = environment_settings()
    store = Neo4jStore(
        s.neo4j_uri, s.neo4j_user, s.neo4j_password.get_secret_value(), s.neo4j_database
    )
    if not args.no_load:
        store.replace(graph(args.graph))
    load_before = os.getloadavg()
    print("| question | statements | db hits | rows out of its sorts | server ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, query in QUERIES.items():
        ran = captured(store, query)
        (statement, params), *_ = ran
        with store.driver.session(database=store.database) as session:
            profile = session.run("PROFILE " + statement, params).consume().profile
            times = []
            for i in range(args.runs + 1):
                summary = session.run(statement, params).consume()
                if i:  # the first run warms the plan cache
                    times.append(
                        (summary.result_available_after or 0) + (summary.result_consumed_after or 0)
                    )
        ops = list(operators(profile))
        hits = sum(h for _, _, _, h in ops)
        sorts = [r for _, op, r, _ in ops if op.startswith(("Sort", "Top", "PartialSort"))]
        print(
            f"| {name} | {len(ran)} | {hits:,} | {', '.join(map(str, sorts)) or '-'} "
            f"| {statistics.median(times):.0f} |"
        )
        if args.plans:
            for depth, op, rows, dbhits in ops:
                print(f"    {'  ' * depth}{op}: rows {rows:,}, db hits {dbhits:,}")
    load_after = os.getloadavg()
    store.close()
    print(f"graph: {args.graph}; load {load_before[0]:.2f} -> {load_after[0]:.2f}")


if __name__ == "__main__":
    main()
