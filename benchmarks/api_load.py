"""Load test of the HTTP API on loopback: req/s, p50 and p99 per endpoint, as ratios to /health.

Starts `uvicorn policykg.api.app:create_app --factory` on 127.0.0.1 over each graph in turn and measures
every endpoint at every concurrency against it; /health, measured in the same run on the same
server, is the baseline. Beside req/s (wall clock, client and server sharing the machine) each
cell reports the server's CPU time per answer, read from /proc: under load that is the steadier
figure, and its ratio to /health's is the framework's share made plain. With --runs N every
graph is measured N times in fresh servers and the tables give medians. Graphs:
- article: the 2026 key-task article (data/corpus/mee-2026-key-tasks.txt) built with the CLI;
- source: data/corpus built with the CLI into a temporary file;
- synthetic: the 100,000-task synthetic article (benchmarks/synthetic_corpus.py), built with
  the CLI once and cached under benchmarks/out/ (~1 min the first time);
- or one given graph file (--graph-file), or a running server (--url).
Each server first gets an unmeasured pass over every endpoint; then each cell (endpoint x
concurrency) runs for --duration seconds after a short warm-up; every loop is bounded in time,
and only loopback addresses are accepted.

    .venv/bin/python benchmarks/api_load.py                      # source + synthetic, wrk if installed
    .venv/bin/python benchmarks/api_load.py --graphs source      # the source graph only
    .venv/bin/python benchmarks/api_load.py --graphs article synthetic --concurrency 32 --runs 3
    .venv/bin/python benchmarks/api_load.py --graphs synthetic --tasks 10000 --duration 10
    .venv/bin/python benchmarks/api_load.py --graph-file var/graph.json
    .venv/bin/python benchmarks/api_load.py --url http://127.0.0.1:8000 --client python
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_corpus import DEFAULT_TASKS, graph_path  # noqa: E402

CONCURRENCY = (1, 32)
GRAPHS = ("article", "source", "synthetic")
ARTICLE = ROOT / "data" / "corpus" / "mee-2026-key-tasks.txt"
WARMUP_SECONDS = 0.5
WARMUP_PASS_SECONDS = 2.0  # per endpoint, before the first measured cell of a server
STARTUP_SECONDS = 120


@dataclass(frozen=True)
class Cell:
    name: str
    concurrency: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_seconds: float = float("nan")  # the server's CPU time over the cell

    @property
    def cpu_ms(self) -> float:
        """Server CPU milliseconds per answer."""
        return self.cpu_seconds / self.requests * 1e3 if self.requests else float("nan")

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def endpoints(base: str, center: str) -> dict[str, str]:
    """Name -> URL; /health first: it is the in-run baseline."""
    api = f"{base}/api/v1"
    return {
        "health": f"{api}/health",
        "tasks?touches=黄河": f"{api}/tasks?touches={quote('黄河')}",
        "entities/{id}": f"{api}/entities/{quote(center, safe='')}",
        "neighborhood depth=2": f"{api}/graph/neighborhood?entity={quote('黄河')}&depth=2",
    }


# -- load generators -----------------------------------------------------------------------------


async def _python_cell(url: str, concurrency: int, seconds: float) -> tuple[int, int, list[float]]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker(until: float, record: bool) -> None:
            nonlocal errors
            while time.perf_counter() < until:
                start = time.perf_counter()
                try:
                    failed = (await client.get(url)).status_code != 200
                except httpx.TransportError:  # a dropped connection is an error, not the end
                    failed = True
                if record:
                    latencies.append(time.perf_counter() - start)
                    errors += failed

        warm = time.perf_counter() + WARMUP_SECONDS
        await asyncio.gather(*(worker(warm, False) for _ in range(concurrency)))
        until = time.perf_counter() + seconds
        await asyncio.gather(*(worker(until, True) for _ in range(concurrency)))
    return len(latencies), errors, latencies


def python_cell(name: str, url: str, concurrency: int, seconds: float) -> Cell:
    started = time.perf_counter()
    count, errors, latencies = asyncio.run(_python_cell(url, concurrency, seconds))
    elapsed = time.perf_counter() - started - WARMUP_SECONDS
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0.0
    median = statistics.median(latencies) if latencies else 0.0
    return Cell(name, concurrency, count, errors, elapsed, median * 1e3, p99 * 1e3)


WRK_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _wrk_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"cannot read wrk latency {text!r}")
    return float(match.group(1)) * WRK_UNITS[match.group(2)]


WRK_TIMEOUT = "30s"  # wrk's default (2 s) drops slow responses from the latencies


def wrk_cell(name: str, url: str, concurrency: int, seconds: float) -> Cell:
    # Warm-up; wrk counts whole seconds.
    subprocess.run(
        ["wrk", "-t1", f"-c{concurrency}", "-d1s", "--timeout", WRK_TIMEOUT, url],
        check=True,
        capture_output=True,
        timeout=30,
    )
    threads = min(concurrency, 2)
    out = subprocess.run(
        [
            *("wrk", f"-t{threads}", f"-c{concurrency}", f"-d{round(seconds)}s"),
            *("--timeout", WRK_TIMEOUT, "--latency", url),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    requests = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", out).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    if requests == 0:  # nothing answered within the cell: wrk reports no error for that
        errors += concurrency
    # the "Latency Distribution" lines; "+/- Stdev" columns also end in % (75.00%)
    p50 = _wrk_ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _wrk_ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    return Cell(name, concurrency, requests, errors, requests / rps if rps else seconds, p50, p99)


# -- the server under test -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_source_graph(path: Path, *documents: Path) -> None:
    """Build `documents` (none: the default corpus) into the graph file `path` with the CLI."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "policykg.cli",
            "--backend",
            "networkx",
            "--graph-file",
            str(path),
            "build",
            *map(str, documents),
        ],
        check=True,
        cwd=ROOT,
        timeout=600,
    )


@dataclass(frozen=True)
class Server:
    base: str
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used (/proc/<pid>/stat)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serve(
    graph_file: Path, backend: str, *, startup_seconds: float = STARTUP_SECONDS
) -> Iterator[Server]:
    """uvicorn with one worker on a free loopback port, run from an empty directory (no .env)."""
    port = _free_port()
    # resolved: the server runs in another directory, where a relative path names no file
    graph = str(graph_file.resolve())
    env = {**os.environ, "POLICYKG_BACKEND": backend, "POLICYKG_GRAPH_FILE": graph}
    env.pop("POLICYKG_API_TOKEN", None)  # measure the open API
    command = [
        sys.executable, "-m", "uvicorn", "policykg.api.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    workdir = tempfile.TemporaryDirectory()
    process = subprocess.Popen(command, cwd=workdir.name, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            if process.poll() is not None:
                raise SystemExit(f"server exited with {process.returncode}")
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server did not become healthy")
            time.sleep(0.2)
        yield Server(base, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        workdir.cleanup()


def loopback_only(url: str) -> str:
    host = urlsplit(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise SystemExit(f"only loopback targets are allowed, not {host!r}")
    return url.rstrip("/")


# -- report ----------------------------------------------------------------------------------------


def table(cells: list[Cell]) -> str:
    base = {c.concurrency: c for c in cells if c.name == "health"}
    rows = [
        "| endpoint | concurrency | req/s | x /health | server CPU ms/answer | "
        "x /health (CPU) | p50 ms | p99 ms | requests | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for c in sorted(cells, key=lambda c: (c.concurrency, list(NAMES).index(c.name))):
        health = base.get(c.concurrency)
        ratio = c.rps / health.rps if health and health.rps else float("nan")
        cpu_ratio = health.cpu_ms / c.cpu_ms if health and c.cpu_ms else float("nan")
        rows.append(
            f"| {c.name} | {c.concurrency} | {c.rps:,.0f} | {ratio:.2f} | {c.cpu_ms:.3f} "
            f"| {cpu_ratio:.2f} | {c.p50_ms:.2f} | {c.p99_ms:.2f} | {c.requests:,} | {c.errors} |"
        )
    return "\n".join(rows)


def median_cells(runs: list[list[Cell]]) -> list[Cell]:
    """Per endpoint and concurrency, the median of each figure over the runs."""
    keyed: dict[tuple[str, int], list[Cell]] = {}
    for cells in runs:
        for c in cells:
            keyed.setdefault((c.name, c.concurrency), []).append(c)
    out = []
    for (name, concurrency), same in keyed.items():
        seconds = statistics.median(c.seconds for c in same)
        requests = round(statistics.median(c.rps for c in same) * seconds)
        cpu_ms = statistics.median(c.cpu_ms for c in same)
        p50, p99 = (
            statistics.median(c.p50_ms for c in same),
            statistics.median(c.p99_ms for c in same),
        )
        errors = sum(c.errors for c in same)
        out.append(
            Cell(name, concurrency, requests, errors, seconds, p50, p99, cpu_ms * requests / 1e3)
        )
    return out


def ratios(runs: list[list[Cell]], concurrency: int) -> str:
    """touches / health per run: req/s and CPU per answer, as measured (not medians of parts)."""
    parts = []
    for cells in runs:
        by = {c.name: c for c in cells if c.concurrency == concurrency}
        health, touches = by.get("health"), by.get("tasks?touches=黄河")
        if health and touches and health.rps and touches.cpu_ms:
            parts.append((touches.rps / health.rps, health.cpu_ms / touches.cpu_ms))
    if not parts:
        return ""
    wall = ", ".join(f"{w:.2f}" for w, _ in parts)
    cpu = ", ".join(f"{c:.2f}" for _, c in parts)
    return (
        f"c={concurrency}: touches/health req/s {wall} (median "
        f"{statistics.median(w for w, _ in parts):.2f}); by server CPU per answer {cpu} "
        f"(median {statistics.median(c for _, c in parts):.2f})"
    )


NAMES = ("health", "tasks?touches=黄河", "entities/{id}", "neighborhood depth=2")


def run(
    base: str,
    client: str,
    seconds: float,
    concurrencies: tuple[int, ...],
    server: Server | None = None,
) -> list[Cell]:
    found = httpx.get(f"{base}/api/v1/entities", params={"q": "黄河", "limit": 1}, timeout=30)
    found.raise_for_status()
    center = found.json()["items"][0]["id"]
    urls = endpoints(base, center)
    for name, url in urls.items():
        status = httpx.get(url, timeout=60).status_code
        if status != 200:
            raise SystemExit(f"{name}: {url} answered {status}")
    measure = wrk_cell if client == "wrk" else python_cell
    # One unmeasured pass over every endpoint first: what a fresh server does once (its first
    # full collections over a big graph, first-use caches) would otherwise fall on /health, the
    # first cell and the baseline.
    for url in urls.values():
        measure("warm-up", url, max(concurrencies), WARMUP_PASS_SECONDS)
    cells = []
    for concurrency in concurrencies:
        for name, url in urls.items():
            cpu = server.cpu_seconds() if server else float("nan")
            cell = measure(name, url, concurrency, seconds)
            if server:  # the warm-up's answers are not counted: scale to the counted ones
                used = server.cpu_seconds() - cpu
                cell = replace(cell, cpu_seconds=used * seconds / (seconds + WARMUP_SECONDS))
            print(
                f"  {name:<22} c={concurrency:<3} {cell.rps:>9,.0f} req/s  "
                f"p50 {cell.p50_ms:.2f} ms  p99 {cell.p99_ms:.2f} ms  "
                f"server CPU {cell.cpu_ms:.3f} ms/answer",
                file=sys.stderr,
            )
            cells.append(cell)
    return cells


def describe(base: str) -> str:
    health = httpx.get(f"{base}/api/v1/health", timeout=30).json()
    tasks = health["node_types"].get("Task", 0)
    return f"{health['nodes']:,} nodes, {health['edges']:,} edges, {tasks:,} tasks"


def summary(cells: list[Cell]) -> str:
    """tasks?touches= as a ratio to /health's req/s, per concurrency (issue 13's targets: >= 0.6x
    on the source graph, >= 0.2x on the 100,000-task graph, at 32 connections)."""
    base = {c.concurrency: c.rps for c in cells if c.name == "health"}
    parts = [
        f"c={c.concurrency}: {c.rps / base[c.concurrency]:.2f}x"
        for c in cells
        if c.name == "tasks?touches=黄河" and base.get(c.concurrency)
    ]
    return "touches / health req/s: " + ", ".join(parts)


def measure_graph(
    label: str, graph_file: Path | None, backend: str, args: argparse.Namespace
) -> list[Cell]:
    runs = []
    for number in range(args.runs):
        print(f"== {label}, run {number + 1} of {args.runs}", file=sys.stderr)
        with serve(graph_file or Path("unused.json"), backend) as server:
            if number == 0:
                print(f"## {label}: {describe(server.base)}\n")
            runs.append(run(server.base, args.client, args.seconds, args.concurrencies, server))
        print(f"load average {os.getloadavg()}", file=sys.stderr)
    cells = median_cells(runs) if len(runs) > 1 else runs[0]
    if len(runs) > 1:
        print(f"Medians of {len(runs)} runs, each in a fresh server:\n")
    print(table(cells))
    print(f"\n{summary(cells)}")
    for concurrency in args.concurrencies:
        print(f"- {ratios(runs, concurrency)}")
    print()
    return [c for cells in runs for c in cells]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--graphs", nargs="+", choices=GRAPHS, default=list(GRAPHS), help="graphs to serve"
    )
    parser.add_argument(
        "--tasks", type=int, default=DEFAULT_TASKS, help="tasks in the synthetic graph"
    )
    parser.add_argument("--graph-file", type=Path, help="one networkx graph file instead")
    parser.add_argument("--backend", choices=["networkx", "neo4j"], default="networkx")
    parser.add_argument("--url", help="a running server on loopback instead of starting one")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per cell (<= 60)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=list(CONCURRENCY))
    parser.add_argument("--runs", type=int, default=1, help="fresh servers per graph (medians)")
    default_client = "wrk" if shutil.which("wrk") else "python"
    parser.add_argument("--client", choices=["wrk", "python"], default=default_client)
    args = parser.parse_args(argv)
    args.seconds = min(max(args.duration, 1.0), 60.0)
    args.concurrencies = tuple(min(max(c, 1), 256) for c in args.concurrency)
    args.runs = min(max(args.runs, 1), 10)

    started = time.perf_counter()
    print(
        f"client: {args.client}, {args.seconds:g} s per cell, concurrency "
        f"{args.concurrencies}, {args.runs} run(s); load average {os.getloadavg()}",
        file=sys.stderr,
    )
    cells: list[Cell] = []
    if args.url:
        base = loopback_only(args.url)
        print(f"## {base}: {describe(base)}\n")
        cells = run(base, args.client, args.seconds, args.concurrencies)
        print(table(cells))
        print(f"\n{summary(cells)}")
    elif args.graph_file or args.backend == "neo4j":
        label = str(args.graph_file) if args.graph_file else "neo4j"
        cells = measure_graph(label, args.graph_file, args.backend, args)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            for graph in args.graphs:
                if graph in ("article", "source"):
                    graph_file = Path(tmp) / graph / "graph.json"
                    graph_file.parent.mkdir()
                    build_source_graph(graph_file, *([ARTICLE] if graph == "article" else []))
                    label = (
                        "the 2026 article" if graph == "article" else "source graph (data/corpus)"
                    )
                else:
                    print(f"synthetic graph: {args.tasks:,} tasks (cached)", file=sys.stderr)
                    graph_file = graph_path(args.tasks)
                    label = f"synthetic graph ({graph_file.relative_to(ROOT)})"
                cells += measure_graph(label, graph_file, args.backend, args)
    print(
        f"wall time {time.perf_counter() - started:.0f} s; load average {os.getloadavg()}",
        file=sys.stderr,
    )
    worst = [c for c in cells if c.errors]
    if worst:
        raise SystemExit(f"{len(worst)} cell(s) had errors")


if __name__ == "__main__":
    main()
