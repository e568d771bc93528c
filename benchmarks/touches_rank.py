"""Would a stored task rank make the cold one-term touches page cheaper on the Neo4j server?
(Measured before the closure below an entity was stored: questions that now read it, such as
黄河 narrower, are listed and skipped; those that still expand a closure are compared.)
Times the statement the store runs (cypher.CLOSURE_PAGES: the page read by walking the
task_order index when that walk is shorter than sorting the closure's tasks) against the page
as it was before and against rewrites that read a stored integer rank, on the benchmark's own
server, for the questions of touches_floor.py.

    python benchmarks/touches_rank.py [--graph source|synthetic-N|<file.json>] [--runs 21]
                                      [--no-load]

Variants (each checked to give the statement's totals and pages):
- `as shipped`: the total counted apart (distinct tasks over the mention edges), the page by
  the index walk or by a top-k sort, whichever cypher.PAGE_WALK picks;
- `before (collect, top-k sort)`: the closure's tasks collected, the page cut by a top-k sort
  on (document, seq) (main at 5bcdc90);
- `before, sorted by a stored rank`: the same, sorted by one stored integer (`_rank`: document
  order, then seq);
- `always the index walk` (on task_order, or on a RANGE index of `_rank`): the page read by
  walking the index in order, keeping the tasks that name an entity of the closure, until the
  page is full, whatever the term;
- `total only`: the total and no page at all (what any page costs on top).

The script writes `_rank` and its index into the benchmark's graph, and removes both when done
(the store never reads them). Needs the Neo4j of POLICYKG_NEO4J_* (scripts/neo4j/neo4j start);
never point it at a server whose data matters. Server time is the driver's summary (result
available after + consumed after), variants interleaved, median of `--runs` after one warm-up;
database hits from PROFILE; the machine's load before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from touches_floor import QUERIES, graph, neo4j_store  # noqa: E402
from touches_profile import captured, operators  # noqa: E402

from policykg.graph.cypher import PAGE_WALK  # noqa: E402
from policykg.graph.model import MENTION_RELS  # noqa: E402
from policykg.graph.neo4j_store import Neo4jStore  # noqa: E402

M = "|".join(sorted(r.value for r in MENTION_RELS))  # as cypher types its expansions
#: The page as main had it before the index walk (5bcdc90): the closure's tasks collected and
#: the page cut from them by a top-k sort.
BEFORE = f"""    CALL (below, above) {{
        UNWIND below + above AS x
        WITH DISTINCT x
        MATCH (t)-[:{M}]->(x)
        WITH collect(DISTINCT t) AS tasks
        CALL (tasks) {{
            UNWIND tasks AS t
            WITH t ORDER BY t.document, t.seq SKIP $offset LIMIT $limit
            RETURN collect(t.id) AS page
        }}
        RETURN size(tasks) AS total, page
    }}
"""
PAGE_END = "    WITH *, walked + sorted AS page\n"


def variants(statement: str) -> dict[str, str]:
    """The statement and its rewrites (see the module's doc)."""
    start = statement.index("    CALL (below, above) {")
    end = statement.index(PAGE_END) + len(PAGE_END)
    total = statement[start : statement.index("    CALL (below, above, total) {")]
    before = statement[:start] + BEFORE + statement[end:]
    return {
        "as shipped": statement,
        "before (collect, top-k sort)": before,
        "before, sorted by a stored rank": before.replace(
            "ORDER BY t.document, t.seq", "ORDER BY t._rank"
        ),
        "always the index walk": statement.replace(PAGE_WALK, "total >= 0"),
        "always the index walk, on a stored rank": statement.replace(PAGE_WALK, "total >= 0")
        .replace("t.document >= '' AND t.seq IS NOT NULL", "t._rank >= 0")
        .replace("WITH t, xs ORDER BY t.document, t.seq", "WITH t, xs ORDER BY t._rank"),
        "total only": statement[:start] + total + "    WITH *, [] AS page\n" + statement[end:],
    }


def add_rank(store: Neo4jStore) -> int:
    """Numbers every task in document order, then seq, in batches; the number of tasks."""
    with store.driver.session(database=store.database) as session:
        ids = [
            r["id"]
            for r in session.run("MATCH (t:Task) RETURN t.id AS id ORDER BY t.document, t.seq")
        ]
        for base in range(0, len(ids), 10_000):
            session.run(
                "UNWIND range(0, size($ids) - 1) AS i MATCH (t:Node {id: $ids[i]}) "
                "SET t._rank = $base + i",
                ids=ids[base : base + 10_000],
                base=base,
            ).consume()
        session.run("CREATE RANGE INDEX bench_task_rank IF NOT EXISTS FOR (t:Task) ON (t._rank)")
        session.run("CALL db.awaitIndexes()").consume()
    return len(ids)


def drop_rank(store: Neo4jStore) -> None:
    with store.driver.session(database=store.database) as session:
        session.run("DROP INDEX bench_task_rank IF EXISTS").consume()
        session.run(
            "MATCH (t:Task) WHERE t._rank IS NOT NULL "
            "CALL (t) { REMOVE t._rank } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def answer(record: Any) -> list[tuple[Any, ...]]:
    """What the question answers: per entity its id, total and page."""
    return [(p[0], p[3], p[4]) for p in record["pages"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graph", default="source")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--no-load", action="store_true", help="the graph is loaded already")
    args = parser.parse_args()
    store = neo4j_store()
    if not args.no_load:
        store.replace(graph(args.graph))
    tasks = add_rank(store)
    load_before = os.getloadavg()
    print(f"graph: {args.graph} ({tasks:,} tasks); {args.runs} interleaved runs")
    print("| question | variant | same answer | db hits | server ms (median) |")
    print("| --- | --- | --- | ---: | ---: |")
    try:
        for name, query in QUERIES.items():
            (statement, params), *_ = captured(store, query)
            if PAGE_WALK not in statement:  # the closure below is stored: no page to vary
                print(f"| {name} | (reads the stored closure: not compared) | | | |")
                continue
            texts = variants(statement)
            times: dict[str, list[int]] = {v: [] for v in texts}
            with store.driver.session(database=store.database) as session:
                shipped = answer(session.run(statement, params).single())
                # `total only` answers no page: its totals are compared
                cut = {v: 2 if v == "total only" else 3 for v in texts}
                same = {
                    v: [a[: cut[v]] for a in answer(session.run(text, params).single())]
                    == [a[: cut[v]] for a in shipped]
                    for v, text in texts.items()
                }
                hits = {
                    v: sum(
                        h
                        for *_, h in operators(
                            session.run("PROFILE " + t, params).consume().profile
                        )
                    )
                    for v, t in texts.items()
                }
                for _ in range(args.runs):
                    for v, text in texts.items():
                        summary = session.run(text, params).consume()
                        times[v].append(
                            (summary.result_available_after or 0)
                            + (summary.result_consumed_after or 0)
                        )
            for v in texts:
                agrees = "yes" if same[v] else "NO"
                print(
                    f"| {name} | {v} | {agrees} | {hits[v]:,} | {statistics.median(times[v]):.0f} |"
                )
    finally:
        drop_rank(store)
        store.close()
    load_after = os.getloadavg()
    print(f"load {load_before[0]:.2f} -> {load_after[0]:.2f}")


if __name__ == "__main__":
    main()
