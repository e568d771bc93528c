"""Neo4j store: batched vs per-row writes, and the touches query vs networkx, in process and via HTTP.

1. Writes. The same slice of the synthetic graph (a few thousand rows) goes into an empty
   database twice: one MERGE statement and transaction per row (the baseline), then the store's
   batched `UNWIND $rows … MERGE` (`Neo4jStore.write`). Then the whole synthetic graph
   (100,000 tasks by default) is loaded with `Neo4jStore.replace` into an empty database, and
   replaced once more by itself (the rebuild after a crash: every row merged again + sweep).
2. `tasks(touches=黄河, expand=narrower, limit=50)` (the API's default page): p50/p99 latency on
   the networkx store and on Neo4j, in process; then `GET /api/v1/tasks?touches=黄河&
   expand=narrower` on uvicorn (one worker, a free loopback port) for each backend, with httpx.

The synthetic graph is built once and cached under benchmarks/out/ (benchmarks/
synthetic_corpus.py). The Neo4j server is the one POLICYKG_NEO4J_* names (default: the dev
server of scripts/neo4j/neo4j); its database is emptied, loaded, and finally left holding the
source graph (what `policykg build --backend neo4j` puts there), since others use it too.

    .venv/bin/python benchmarks/neo4j_load.py                # ~6 min; writes RESULTS-neo4j.md
    .venv/bin/python benchmarks/neo4j_load.py --tasks 10000 --requests 50 --no-results
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import neo4j

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.api_load import serve  # noqa: E402
from benchmarks.synthetic_corpus import DEFAULT_TASKS, SOURCE, graph_path  # noqa: E402
from devkit import cypher_rows  # noqa: E402
from policykg.graph.model import ENTITY_TYPES, GraphData, NodeType  # noqa: E402
from policykg.graph.neo4j_store import Neo4jStore, edge_rows, node_rows  # noqa: E402
from policykg.graph.networkx_store import NetworkXStore  # noqa: E402
from policykg.graph.results import TaskQuery  # noqa: E402
from policykg.settings import environment_settings  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS-neo4j.md"
QUERY = TaskQuery(touches=("黄河",), expand="narrower", limit=50)
API_PATH = "/api/v1/tasks"
API_PARAMS = {"touches": "黄河", "expand": "narrower"}
STARTUP_SECONDS = 300
WARMUP = 10
EMPTY = GraphData((), ())


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- writes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    name: str
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds


def rows_of(data: GraphData) -> int:
    return len(data.nodes) + len(data.edges)


def task_slice(data: GraphData, tasks: int) -> GraphData:
    """The first `tasks` tasks with their document, themes and areas, the entities they name,
    and every edge among those nodes: a self-contained piece of the graph."""
    chosen = {n.id for n in data.nodes if n.type == NodeType.TASK}
    chosen = set(sorted(chosen)[:tasks])
    keep = set(chosen)
    for e in data.edges:
        if e.source in chosen:
            keep.add(e.target)  # entities named
        if e.target in chosen:
            keep.add(e.source)  # the focus area
    keep |= {n.id for n in data.nodes if n.type in (NodeType.DOCUMENT, NodeType.THEME)}
    nodes = [n for n in data.nodes if n.id in keep]
    return GraphData.of(nodes, (e for e in data.edges if e.source in keep and e.target in keep))


def per_row(store: Neo4jStore, data: GraphData) -> None:
    """The baseline: one MERGE statement in its own write transaction per node and edge."""

    def run(tx: neo4j.ManagedTransaction, statement: str, params: dict[str, Any]) -> None:
        tx.run(statement, params).consume()

    with store.driver.session(database=store.database) as session:
        for node_type, rows in sorted(node_rows(data.nodes, "baseline").items()):
            statement = cypher_rows.merge_node_row(node_type)
            for row in rows:
                session.execute_write(run, statement, row)
        for rel, rows in sorted(edge_rows(data.edges, "baseline").items()):
            statement = cypher_rows.merge_edge_row(rel)
            for row in rows:
                session.execute_write(run, statement, row)


def timed(name: str, rows: int, work: Callable[[], None]) -> Load:
    start = time.perf_counter()
    work()
    load = Load(name, rows, time.perf_counter() - start)
    log(f"{name}: {rows:,} rows in {load.seconds:.1f} s = {load.rate:,.0f} rows/s")
    return load


def writes(store: Neo4jStore, data: GraphData, slice_tasks: int) -> list[Load]:
    piece = task_slice(data, slice_tasks)
    store.replace(EMPTY)
    baseline = timed("per-row", rows_of(piece), lambda: per_row(store, piece))
    assert store.stats().node_total == len(piece.nodes)
    store.replace(EMPTY)
    batched = timed("batched slice", rows_of(piece), lambda: store.write(piece))
    assert store.stats().node_total == len(piece.nodes)
    store.replace(EMPTY)
    full = timed("batched full", rows_of(data), lambda: store.replace(data))
    again = timed("rebuild", rows_of(data), lambda: store.replace(data))
    assert store.stats().node_total == len(data.nodes)
    return [baseline, batched, full, again]


# -- latency -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Latency:
    name: str
    samples: list[float]  # seconds
    total: int

    @property
    def p50(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.samples, n=100, method="inclusive")[98] * 1000


def measure(name: str, requests: int, ask: Callable[[], int]) -> Latency:
    for _ in range(WARMUP):
        total = ask()
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        total = ask()
        samples.append(time.perf_counter() - start)
    latency = Latency(name, samples, total)
    log(f"{name}: p50 {latency.p50:.2f} ms, p99 {latency.p99:.2f} ms ({total:,} tasks)")
    return latency


def latencies(
    nx_store: NetworkXStore, store: Neo4jStore, graph_file: Path, requests: int
) -> list[Latency]:
    out = [
        measure("networkx, in process", requests, lambda: nx_store.tasks(QUERY).total),
        measure("neo4j, in process", requests, lambda: store.tasks(QUERY).total),
    ]
    for backend in ("networkx", "neo4j"):
        log(f"starting the API on {backend}")
        with (
            serve(graph_file, backend, startup_seconds=STARTUP_SECONDS) as server,
            httpx.Client(base_url=server.base) as http,
        ):

            def ask() -> int:
                response = http.get(API_PATH, params=API_PARAMS, timeout=60)
                response.raise_for_status()
                return int(response.json()["total"])

            out.append(measure(f"{backend}, HTTP API", requests, ask))
    assert len({lat.total for lat in out}) == 1, "every way of asking gives the same total"
    return out


# -- report --------------------------------------------------------------------------------------


def report(
    command: str, data: GraphData, loads: list[Load], lats: list[Latency], minutes: float
) -> str:
    baseline = loads[0].rate
    by_type = {t.value: sum(1 for n in data.nodes if n.type == t) for t in NodeType}
    entities = sum(by_type[t.value] for t in ENTITY_TYPES)
    nx_in_process, nx_api = lats[0].p50, lats[2].p50
    lines = [
        "# Neo4j store: batched writes and the touches query",
        "",
        "Command (from the repository root; the Neo4j server of scripts/neo4j/neo4j running):",
        "",
        f"    {command}",
        "",
        f"Machine: {os.cpu_count()} cores, {_memory()}, Python {platform.python_version()}, "
        f"neo4j driver {neo4j.__version__}, {_server_version()} (heap and page cache of "
        "scripts/neo4j/neo4j: 512m, 64m). Load average before/after: "
        f"{LOAD_BEFORE} / {_load()}. Run time: {minutes:.1f} min.",
        "",
        f"Graph: the {by_type['Task']:,}-task synthetic article (devkit/synthetic_text.py via "
        f"benchmarks/synthetic_corpus.py): {len(data.nodes):,} nodes ({by_type['Task']:,} tasks, "
        f"{by_type['FocusArea']:,} focus areas, {entities:,} entities) and {len(data.edges):,} "
        "edges. A row is one node or one edge.",
        "",
        "## Writes",
        "",
        "| write | rows | seconds | rows/s | x per-row |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    names = {
        "per-row": "one MERGE per row, one transaction each (baseline), slice, empty db",
        "batched slice": "`write`: UNWIND batches of 5,000 rows, same slice, empty db",
        "batched full": "`replace`: whole graph into an empty db (merge + sweep)",
        "rebuild": "`replace` of the same whole graph again (merge every row + sweep)",
    }
    for load in loads:
        lines.append(
            f"| {names[load.name]} | {load.rows:,} | {load.seconds:.1f} | {load.rate:,.0f} | "
            f"{load.rate / baseline:.1f} |"
        )
    lines += [
        "",
        f"The slice is the first {SLICE_TASKS:,} tasks (by id) with their document, themes, "
        "areas and the entities they name, and every edge among those nodes.",
        "",
        "## tasks touching 黄河 (narrower expansion, first page of 50)",
        "",
        f"{lats[0].total:,} tasks match; {REQUESTS} sequential requests after {WARMUP} warm-up "
        "ones. In process: `store.tasks(TaskQuery(touches=('黄河',), expand='narrower', "
        "limit=50))`. HTTP: `GET /api/v1/tasks?touches=黄河&expand=narrower` (default page 50) "
        "with httpx on loopback, uvicorn with one worker.",
        "",
        "| backend, path | p50 ms | p99 ms | p50 x networkx (same path) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for i, lat in enumerate(lats):
        reference = nx_in_process if i < 2 else nx_api
        lines.append(f"| {lat.name} | {lat.p50:.2f} | {lat.p99:.2f} | {lat.p50 / reference:.1f} |")
    return "\n".join(lines) + "\n"


def _memory() -> str:
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        return "memory unknown"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _server_version() -> str:
    settings = environment_settings()
    with neo4j.GraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
    ) as driver:
        info = driver.get_server_info()
    return f"Neo4j {info.agent.removeprefix('Neo4j/')}"


LOAD_BEFORE = _load()
SLICE_TASKS = 1_000
REQUESTS = 200


def main(argv: list[str] | None = None) -> None:
    global SLICE_TASKS, REQUESTS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=DEFAULT_TASKS)
    parser.add_argument("--slice-tasks", type=int, default=SLICE_TASKS)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--no-results", action="store_true", help="do not write the results file")
    args = parser.parse_args(argv)
    SLICE_TASKS, REQUESTS = args.slice_tasks, args.requests
    started = time.monotonic()
    command = "python benchmarks/neo4j_load.py " + " ".join(argv or sys.argv[1:])

    log(f"synthetic graph of {args.tasks:,} tasks (built once, cached)")
    graph_file = graph_path(args.tasks)
    nx_store = NetworkXStore(graph_file)
    data = nx_store.dump()
    settings = environment_settings()
    store = Neo4jStore(
        settings.neo4j_uri,
        settings.neo4j_user,
        settings.neo4j_password.get_secret_value(),
        settings.neo4j_database,
        timeout=60,
    )
    try:
        loads = writes(store, data, args.slice_tasks)
        lats = latencies(nx_store, store, graph_file, args.requests)
    finally:
        log("leaving the source graph in Neo4j")
        from policykg.pipeline import build_from_files

        store.replace(build_from_files([SOURCE], settings.gazetteer_dir))
        store.close()
    text = report(command.strip(), data, loads, lats, (time.monotonic() - started) / 60)
    print(text)
    if not args.no_results:
        RESULTS.write_text(text, encoding="utf-8")
        log(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
