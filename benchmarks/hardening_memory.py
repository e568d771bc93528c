"""Does a busy server's memory grow because of a leak, or is it the allocator? (the soak test)

Drives the soak test's mix of requests (tests/faults/test_soak.py MIX) from 32 connections
against `policykg serve` over the source graph and samples the server's RSS every 5 s.

    .venv/bin/python benchmarks/hardening_memory.py rss --seconds 180 --runs 3 [--arenas 2]
    .venv/bin/python benchmarks/hardening_memory.py trace --seconds 180

`rss`: `policykg serve` in its own process (as the soak test runs it); `--arenas N` sets
MALLOC_ARENA_MAX for it. `trace`: the app in this process under tracemalloc, the load from a
child process; prints Python's own traced memory beside the RSS and the allocation sites that
grew most between the end of warm-up and the end. Python objects that pile up per request
show there; RSS growth that tracemalloc does not see is the C allocator's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))
sys.path.insert(0, str(ROOT / "tests" / "api"))

CONNECTIONS = 32
SAMPLE_EVERY = 5.0
WARM_UP = 30.0


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def load(base: str, seconds: float) -> int:
    """The soak mix from CONNECTIONS connections for `seconds`; the number of requests made."""
    import httpx
    from test_soak import MIX

    stop_at = time.monotonic() + seconds
    done = [0] * CONNECTIONS

    def connection(worker: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            i = worker
            while time.monotonic() < stop_at:
                path, params, _ = MIX[i % len(MIX)]
                i += 1
                http.get(path, params=params)
                done[worker] += 1

    threads = [threading.Thread(target=connection, args=(w,)) for w in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done)


def _graph(folder: Path) -> Path:
    graph = folder / "graph.json"
    from faults_support import CORPUS, policykg

    assert policykg(graph, "build", str(CORPUS)).code == 0
    return graph


def rss_runs(seconds: float, runs: int, arenas: int | None) -> None:
    from faults_support import serve

    for run in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            extra = {"MALLOC_ARENA_MAX": str(arenas)} if arenas else {}
            served = serve(_graph(folder), folder, extra)
            loader = threading.Thread(target=load, args=(served.base, seconds))
            started = time.monotonic()
            loader.start()
            samples = []
            while loader.is_alive():
                loader.join(SAMPLE_EVERY)
                samples.append((round(time.monotonic() - started), served.rss_kib()))
            served.process.terminate()
            served.process.wait(60)
            print(f"run {run + 1} (MALLOC_ARENA_MAX={arenas or 'unset'}): (s, RSS KiB)", samples)


def trace(seconds: float) -> None:
    import uvicorn
    from api_support import ServerThread, make_settings

    from policykg.api.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        graph = _graph(Path(tmp))
        tracemalloc.start(1)
        app = create_app(make_settings("networkx", graph))
        with ServerThread(app) as server:
            assert isinstance(server.server, uvicorn.Server)
            client = subprocess.Popen(
                [sys.executable, __file__, "load", server.url, str(seconds)],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            started = time.monotonic()
            warm = None
            while client.poll() is None:
                time.sleep(SAMPLE_EVERY)
                at = time.monotonic() - started
                current, _ = tracemalloc.get_traced_memory()
                print(
                    f"{at:5.0f} s  RSS {_rss_kib(os.getpid()):8d} KiB  traced {current >> 10:8d} KiB"
                )
                if warm is None and at >= WARM_UP:
                    warm = tracemalloc.take_snapshot()
            end = tracemalloc.take_snapshot()
        assert warm is not None, "the run was shorter than the warm-up"
        print("grew most between the end of warm-up and the end (KiB, count):")
        for stat in end.compare_to(warm, "lineno")[:15]:
            print(f"  {stat.size_diff >> 10:+7d} KiB {stat.count_diff:+7d}  {stat.traceback}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    rss = sub.add_parser("rss")
    rss.add_argument("--seconds", type=float, default=180)
    rss.add_argument("--runs", type=int, default=3)
    rss.add_argument("--arenas", type=int, default=None)
    traced = sub.add_parser("trace")
    traced.add_argument("--seconds", type=float, default=180)
    loader = sub.add_parser("load")  # the child process of `trace`
    loader.add_argument("base")
    loader.add_argument("seconds", type=float)
    args = parser.parse_args(argv)
    if args.mode == "rss":
        rss_runs(args.seconds, args.runs, args.arenas)
    elif args.mode == "trace":
        trace(args.seconds)
    else:
        print("requests:", load(args.base, args.seconds))


if __name__ == "__main__":
    main()
