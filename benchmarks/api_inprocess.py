"""The API's own CPU cost per request, with no HTTP client or socket in the way.

Calls the ASGI application (create_app, its middleware and lifespan) directly in one process,
request after request, and reads the process's CPU clock: /health is the in-run baseline, and
/tasks?touches=黄河 costs the framework's work for a routed request (dependencies, parameters,
serialisation, the worker-thread round trip) plus the query. On a machine whose cores are shared
this is steadier than req/s over loopback, where client and server compete for the same cores.
Wall time is printed beside CPU time, and the load average before and after.

    .venv/bin/python benchmarks/api_inprocess.py --graph-file GRAPH.json [--requests 300] [--runs 5]

To compare two versions of the code, run this script once per version in alternation, with
PYTHONPATH pointing at the other version's tree (e.g. `git archive main | tar -x -C DIR`).

With --parameters it also says where the framework's time goes: FastAPI's dependency solving
per request (its `solve_dependencies` wrapped with a CPU clock, for this measurement only), and
the CPU time GET /tasks takes to read its query (in one pass, api/query_reader.py) from a query
string that sets only `touches`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from policykg.api.app import create_app
from policykg.settings import environment_settings

#: name -> (path, query string as a client sends it)
REQUESTS = {
    "health": (b"/api/v1/health", b""),
    "tasks?touches=黄河": (b"/api/v1/tasks", b"touches=%E9%BB%84%E6%B2%B3"),
    "entities?q=黄河": (b"/api/v1/entities", b"q=%E9%BB%84%E6%B2%B3"),
    "entities/region:黄河": (b"/api/v1/entities/region:%E9%BB%84%E6%B2%B3", b""),
    "themes": (b"/api/v1/themes", b""),
    "analysis/rankings?type=Pollutant": (b"/api/v1/analysis/rankings", b"type=Pollutant"),
    "graph/path?from=黄河&to=总氮": (
        b"/api/v1/graph/path",
        b"from=%E9%BB%84%E6%B2%B3&to=%E6%80%BB%E6%B0%AE",
    ),
}


async def _call(app: Any, path: bytes, query: bytes) -> int:
    """One GET through the application; its status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(path.decode()),
        "raw_path": path,
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent: list[dict[str, Any]] = []
    finished = asyncio.Event()
    asked = False

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()  # as a server does: a disconnect only after the answer
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            finished.set()

    await app(scope, receive, send)
    return int(sent[0]["status"])


#: CPU seconds spent in FastAPI's dependency solving, while --parameters wraps it.
_solving = [0.0]


def _clock_solving() -> None:
    """Wrap fastapi.routing.solve_dependencies with a CPU clock (this process only)."""
    import fastapi.routing

    # the name the route handler calls, in the module that imported it
    solve = fastapi.routing.solve_dependencies  # type: ignore[attr-defined]

    async def clocked(**kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return await solve(**kwargs)
        finally:
            _solving[0] += time.process_time() - start

    fastapi.routing.solve_dependencies = clocked  # type: ignore[attr-defined]


def query_reading_cost(app: Any, repeat: int = 2000) -> float:
    """CPU microseconds GET /tasks takes to read its query (api/routers/tasks.py task_query:
    one pass over the query string, its parameter groups validated) from a query string that
    sets only `touches`."""
    from starlette.requests import Request

    from policykg.api.routers.tasks import task_query

    path, query = REQUESTS["tasks?touches=黄河"]
    scope = {"type": "http", "method": "GET", "path": path.decode(), "query_string": query}
    scope |= {"headers": [], "app": app}
    start = time.process_time()
    for _ in range(repeat):
        task_query(Request(scope))
    return (time.process_time() - start) / repeat * 1e6


async def measure(
    graph: Path, requests: int, runs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, float], Any]:
    """CPU and wall microseconds per request, one figure per run and request kind, and the
    median CPU microseconds per request spent solving dependencies (when clocked), and the app."""
    app = create_app(environment_settings(backend="networkx", graph_file=graph))
    solving: dict[str, list[float]] = {name: [] for name in REQUESTS}
    found: dict[str, list[float]] = {name: [] for name in REQUESTS}
    walls: dict[str, list[float]] = {name: [] for name in REQUESTS}
    async with app.router.lifespan_context(app):
        for name, (path, query) in REQUESTS.items():
            status = await _call(app, path, query)
            if status != 200:
                raise SystemExit(f"{name} answered {status}")
        for _ in range(runs):
            for name, (path, query) in REQUESTS.items():  # interleaved: load drifts slowly
                _solving[0] = 0.0
                cpu, wall = time.process_time(), time.perf_counter()
                for _ in range(requests):
                    await _call(app, path, query)
                found[name].append((time.process_time() - cpu) / requests * 1e6)
                walls[name].append((time.perf_counter() - wall) / requests * 1e6)
                solving[name].append(_solving[0] / requests * 1e6)
    return found, walls, {name: statistics.median(v) for name, v in solving.items()}, app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph-file", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--parameters", action="store_true", help="also: dependency solving, parameter reading"
    )
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()}")
    if args.parameters:
        _clock_solving()
    found, walls, solving, app = asyncio.run(
        measure(args.graph_file, args.requests, max(args.runs, 3))
    )
    health = statistics.median(found["health"])
    health_wall = statistics.median(walls["health"])
    for name, values in found.items():
        each = ", ".join(f"{v:.0f}" for v in values)
        median = statistics.median(values)
        wall = statistics.median(walls[name])
        print(
            f"{name}: {median:.0f} us CPU per request (runs: {each}); health/this "
            f"{health / median:.2f} CPU, {health_wall / wall:.2f} wall ({wall:.0f} us)"
            + (f"; solving dependencies {solving[name]:.0f} us" if args.parameters else "")
        )
    if args.parameters:
        print(f"GET /tasks, us CPU to read its query in one pass: {query_reading_cost(app):.1f}")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
