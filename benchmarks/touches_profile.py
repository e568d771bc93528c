"""Where the Neo4j server spends a cold one-term touches question: the statement the store
runs for it (GraphReader.closure_pages, cypher.CLOSURE_PAGES), PROFILEd (database hits and
rows per operator), and its time on the server without the profiler, for the questions of
touches_floor.py.

    python benchmarks/touches_profile.py [--graph source|synthetic-N] [--runs 5] [--no-load]
                                         [--plans] [--pieces]

Needs the Neo4j of POLICYKG_NEO4J_* (scripts/neo4j/neo4j start). The statement and its
parameters are taken from a real cold call of the store (the driver's run wrapped for that
call); the server's time is the driver's summary (result available after + consumed after),
median of `--runs` runs after one warm-up, with the machine's load before and after.
`--pieces` times, interleaved, the statement of the first question (its closure below read
where it is stored) against itself with a part cut out (what the part costs on the server):
without the task rows (the page's ids only), without the page and the rows (the stored total
and links), and the name lookup alone.
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

from touches_floor import QUERIES, graph, neo4j_store  # noqa: E402

from devkit.statement_count import recording_statement_calls  # noqa: E402
from policykg.graph.neo4j_store import Neo4jStore  # noqa: E402
from policykg.graph.results import TaskQuery  # noqa: E402


def captured(store: Neo4jStore, query: TaskQuery) -> list[tuple[str, dict[str, Any]]]:
    """The statements (with their parameters) a cold call of `store.tasks(query)` runs."""
    store.clear_memo()
    return recording_statement_calls(lambda: store.tasks(query))[0]


#: Where the parts of the statement begin and end, for --pieces (cypher.CLOSURE_PAGES with
#: the closure below read where it is stored).
_NAMES_END = "CALL (by_id, names) {"
_PAGE = "    CALL (start) {\n            MATCH ()-[r:COVERS]->(t)"
_PAGE_END = "    WITH *, below_total AS total, [] AS up\n"
_ROWS = "CALL (pages) {"
_RETURN = "RETURN v.stamp AS stamp, by_id, names, nodes, pages, rows"


def pieces(store: Neo4jStore, statement: str, params: dict[str, Any], runs: int) -> None:
    """Server time of the statement and of each variant with a part cut out, interleaved."""
    rows, end = statement.index(_ROWS), statement.index(_RETURN)
    page = statement.index(_PAGE)
    variants = {
        "whole statement": statement,
        "no task rows (the page's ids only)": statement[:rows]
        + "WITH v, by_id, names, nodes, pages, [] AS rows\n"
        + statement[end:],
        "no page and no rows (the stored total and links)": statement[:page]
        + "    WITH *, [] AS page\n"
        + statement[statement.index(_PAGE_END) : rows]
        + "WITH v, by_id, names, nodes, pages, [] AS rows\n"
        + statement[end:],
        "the name lookup alone": statement[: statement.index(_NAMES_END)]
        + "WITH v, by_id, names, nodes, [] AS pages, [] AS rows\n"
        + statement[end:],
    }
    times: dict[str, list[int]] = {name: [] for name in variants}
    with store.driver.session(database=store.database) as session:
        for variant in variants.values():
            session.run(variant, params).consume()
        for _ in range(runs):
            for name, variant in variants.items():
                summary = session.run(variant, params).consume()
                took = (summary.result_available_after or 0) + (summary.result_consumed_after or 0)
                times[name].append(took)
    for name, took in times.items():
        print(f"    {name}: server ms median {statistics.median(took):.0f} (of {runs})")


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
    parser.add_argument("--pieces", action="store_true", help="time parts of the first question")
    args = parser.parse_args()
    store = neo4j_store()
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
    if args.pieces:
        (statement, params), *_ = captured(store, next(iter(QUERIES.values())))
        print(f"pieces of the first question, {args.runs * 3} interleaved runs:")
        pieces(store, statement, params, args.runs * 3)
    load_after = os.getloadavg()
    store.close()
    print(f"graph: {args.graph}; load {load_before[0]:.2f} -> {load_after[0]:.2f}")


if __name__ == "__main__":
    main()
