"""A bounded soak: mixed requests from 32 connections for 60 s against a real `policykg serve`
on 127.0.0.1, with zero unexpected answers and the server's memory flat after warm-up."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from faults_support import CORPUS, Served, policykg, serve

pytestmark = pytest.mark.slow

CONNECTIONS = 32
SECONDS = 60
WARM_UP = 10  # seconds before the first memory sample: caches and exports are made by then
#: (path, params, the status expected); a 422 and a 404 are answers the client asked for
MIX: list[tuple[str, dict[str, str], int]] = [
    ("/api/v1/health", {}, 200),
    ("/api/v1/tasks", {"touches": "黄河"}, 200),
    ("/api/v1/tasks", {"touches": "河北", "expand": "both", "limit": "5"}, 200),
    ("/api/v1/entities", {"q": "河"}, 200),
    ("/api/v1/entities/Yellow River", {}, 200),
    ("/api/v1/themes", {}, 200),
    ("/api/v1/graph/neighborhood", {"entity": "总氮", "depth": "2"}, 200),
    ("/api/v1/graph/path", {"from": "黄河", "to": "总氮"}, 200),
    ("/api/v1/analysis/cooccurrence", {"rows": "Region", "cols": "Pollutant"}, 200),
    ("/api/v1/analysis/rankings", {"type": "Region", "by": "degree"}, 200),
    ("/api/v1/ask", {"q": "哪些任务涉及黄河？"}, 200),
    ("/api/v1/export", {"format": "graphml"}, 200),
    ("/api/v1/maps/ego", {"entity": "总氮"}, 200),
    ("/api/v1/tasks", {"touch": "黄河"}, 422),
    ("/api/v1/tasks", {"touches": "黄何"}, 404),
    ("/", {}, 200),
]


def _serve(tmp_path: Path) -> Served:
    """`policykg serve` over the source graph in its own process, answering /health."""
    graph = tmp_path / "graph.json"
    assert policykg(graph, "build", str(CORPUS)).code == 0
    return serve(graph, tmp_path)


def test_32_connections_for_60_seconds(tmp_path: Path) -> None:
    served = _serve(tmp_path)
    base = served.base
    try:
        outcomes: Counter[str] = Counter()
        unexpected: list[str] = []
        guard = threading.Lock()
        stop_at = time.monotonic() + SECONDS

        def connection(worker: int) -> None:
            with httpx.Client(base_url=base, timeout=60) as http:
                i = worker
                while time.monotonic() < stop_at:
                    path, params, status = MIX[i % len(MIX)]
                    i += 1
                    try:
                        got = http.get(path, params=params).status_code
                    except httpx.HTTPError as exc:
                        got, detail = -1, repr(exc)
                    else:
                        detail = ""
                    with guard:
                        outcomes[f"{status}" if got == status else "unexpected"] += 1
                        if got != status:
                            unexpected.append(f"{path} {params} -> {got} {detail}")

        threads = [threading.Thread(target=connection, args=(w,)) for w in range(CONNECTIONS)]
        for thread in threads:
            thread.start()
        time.sleep(WARM_UP)
        warm = served.rss_kib()
        for thread in threads:
            thread.join(timeout=SECONDS + 120)
        end = served.rss_kib()
    finally:
        served.process.terminate()
        served.process.wait(timeout=60)
    assert unexpected == [], unexpected[:10]
    assert sum(outcomes.values()) > CONNECTIONS * 5, outcomes
    served.assert_clean_exit()
    # flat: what grows after warm-up is allocator slack, not a leak per request
    assert end <= warm * 1.15 + 30_000, (warm, end, outcomes)
