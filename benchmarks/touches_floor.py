"""A touches query against the floor of its store: Neo4j next to a bare `RETURN 1` read
transaction over the same driver, networkx beside it, in process, same run. Neo4j twice:
as a repeated question (its resolved term and task order memoised for the graph version),
and cold, as the first question after a write (the memo cleared before every call); and the
cost of connecting a new store to the graph.

    python benchmarks/touches_floor.py [--graph source|synthetic|synthetic-N] [--requests N]
                                       [--runs 3]

Needs the Neo4j of POLICYKG_NEO4J_* (scripts/neo4j/neo4j start); it loads the graph there.
Each run times `--requests` calls of each question, wall and CPU (process_time) clocks; the
table gives medians over the runs of the per-call means and each figure as a ratio to the
floor of the same run. The machine's load average is recorded before and after.
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

from devkit.statement_count import counting_statements  # noqa: E402
from policykg.graph.model import GraphData  # noqa: E402
from policykg.graph.neo4j_store import Neo4jStore  # noqa: E402
from policykg.graph.networkx_store import NetworkXStore  # noqa: E402
from policykg.graph.results import TaskQuery  # noqa: E402
from policykg.settings import PACKAGE_DATA, environment_settings  # noqa: E402

QUERIES = {
    "touches 黄河 (narrower, page of 50)": TaskQuery(touches=("黄河",), limit=50),
    "touches 河北 (both, page of 50)": TaskQuery(touches=("河北",), expand="both", limit=50),
    "touches region:黄河 (by id, none)": TaskQuery(
        touches=("region:黄河",), expand="none", limit=50
    ),
}

#: Connecting opens a new driver: fewer of these calls (a twentieth, at least 5) per run.
CONNECT = "connect: Neo4jStore(...) and close, on the loaded graph"


def per_call(requests: int, ask: Callable[[], object]) -> tuple[float, float]:
    """(wall, cpu) seconds per call, mean over `requests` calls."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(requests):
        ask()
    return (time.perf_counter() - wall) / requests, (time.process_time() - cpu) / requests


def statements(ask: Callable[[], object]) -> int:
    """How many Cypher statements one call runs (counted outside the timed calls)."""
    return counting_statements(ask)[0]


def neo4j_store() -> Neo4jStore:
    """A store on the Neo4j server the environment's settings name (POLICYKG_NEO4J_*)."""
    s = environment_settings()
    return Neo4jStore(
        s.neo4j_uri, s.neo4j_user, s.neo4j_password.get_secret_value(), s.neo4j_database
    )


def graph(name: str) -> GraphData:
    from policykg.pipeline import build_from_files

    if name == "source":
        return build_from_files(
            [PACKAGE_DATA / "corpus" / "mee-2026-key-tasks.txt"], PACKAGE_DATA / "gazetteers"
        )
    if name.endswith(".json"):  # a graph file the networkx store wrote
        return NetworkXStore(Path(name)).dump()
    if name.startswith("synthetic-"):  # the synthetic article of N tasks, built by the CLI
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synthetic_corpus import graph_path

        return NetworkXStore(graph_path(int(name.split("-")[1]))).dump()
    sys.path.insert(0, str(ROOT / "tests" / "golden_answers"))
    import golden_cases

    return golden_cases.read_graph(golden_cases.graph_path("synthetic"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--graph",
        default="source",
        help="source (the 2026 article), synthetic (the golden answers' 3,000 tasks) or "
        "synthetic-N (benchmarks/synthetic_corpus.py's article of N tasks, e.g. synthetic-100000) "
        "or a networkx graph file (.json)",
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = graph(args.graph)
    neo = neo4j_store()
    neo.replace(data)
    nx_store = NetworkXStore(None)
    nx_store.replace(data)

    def floor() -> object:
        with neo.driver.session(database=neo.database) as session:
            return session.execute_read(lambda tx: tx.run("RETURN 1").single())

    def cold(query: TaskQuery) -> object:
        """The question as the first one after a write asks it (nothing memoised)."""
        neo.clear_memo()
        return neo.tasks(query)

    def connect() -> object:
        """A new store on the graph as it is (the driver, its checks, the schema's upkeep)."""
        store = neo4j_store()
        store.close()
        return store

    for query in QUERIES.values():  # answers agree, and caches are warm
        assert neo.tasks(query) == nx_store.tasks(query)
    counts = {"Neo4j RETURN 1 read transaction (floor)": statements(floor)}
    counts[CONNECT] = statements(connect)
    for name, query in QUERIES.items():
        counts[f"Neo4j {name}, cold (memo cleared first)"] = statements(lambda q=query: cold(q))
        counts[f"Neo4j {name}"] = statements(lambda q=query: neo.tasks(q))
    load_before = os.getloadavg()
    rows: dict[str, list[tuple[float, float, float, float]]] = {}
    for _ in range(args.runs):
        base_wall, base_cpu = per_call(args.requests, floor)
        rows.setdefault("Neo4j RETURN 1 read transaction (floor)", []).append(
            (base_wall, base_cpu, 1.0, 1.0)
        )
        wall, cpu = per_call(max(5, args.requests // 20), connect)
        rows.setdefault(CONNECT, []).append((wall, cpu, wall / base_wall, cpu / base_cpu))
        for name, query in QUERIES.items():
            neo.tasks(query)  # memoised again (the last cold question cleared the memo)
            wall, cpu = per_call(args.requests, lambda q=query: neo.tasks(q))
            rows.setdefault(f"Neo4j {name}", []).append(
                (wall, cpu, wall / base_wall, cpu / base_cpu)
            )
            wall, cpu = per_call(args.requests, lambda q=query: cold(q))
            rows.setdefault(f"Neo4j {name}, cold (memo cleared first)", []).append(
                (wall, cpu, wall / base_wall, cpu / base_cpu)
            )
            wall, cpu = per_call(args.requests, lambda q=query: nx_store.tasks(q))
            rows.setdefault(f"networkx {name}", []).append(
                (wall, cpu, wall / base_wall, cpu / base_cpu)
            )
    load_after = os.getloadavg()
    neo.close()
    print(
        f"graph: {args.graph} ({len(data.nodes):,} nodes, {len(data.edges):,} edges); "
        f"{args.requests} calls x {args.runs} runs; load {load_before[0]:.2f} -> {load_after[0]:.2f}"
    )
    print("| question | statements | wall ms/call | CPU ms/call | wall x floor | CPU x floor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, samples in rows.items():
        med = [statistics.median(s[i] for s in samples) for i in range(4)]
        print(
            f"| {name} | {counts.get(name, 0)} | {med[0] * 1000:.2f} | {med[1] * 1000:.2f} "
            f"| {med[2]:.2f} | {med[3]:.2f} |"
        )


if __name__ == "__main__":
    main()
