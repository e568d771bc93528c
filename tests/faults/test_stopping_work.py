"""Work nobody waits for stops: at shutdown under CPU-heavy load, and when a client disconnects.

Seen before: map rendering (viz/) and betweenness (graph/centrality.py) did not check the
request budget, so `policykg serve` under 32 connections of /maps/all and betweenness did not
exit within 30 s of SIGTERM, and a map request on a big graph kept a core busy for minutes
after its client had gone. Each test runs a real `policykg serve` in its own process on a
synthetic graph of BIG_NODES nodes, where one /maps/all?layout=precomputed costs about 16 s of
CPU and betweenness about 5 s.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from faults_support import serve

from devkit.synthetic_graph import synthetic_graph
from policykg.graph.networkx_store import NetworkXStore

pytestmark = pytest.mark.slow

BIG_NODES = 20_000
CONNECTIONS = 32
#: The work is stopped by shutdown or a disconnect, never by its own budget.
UNBOUNDED = {
    "POLICYKG_MAX_NODES": "1000000",
    "POLICYKG_MAX_EDGES": "10000000",
    "POLICYKG_REQUEST_SECONDS": "3600",
}
WHOLE_MAP = ("/api/v1/maps/all", {"layout": "precomputed"})
BETWEENNESS = ("/api/v1/analysis/rankings", {"type": "Region", "by": "betweenness"})
#: Exit bound after SIGTERM: `serve`'s 5 s grace for requests in flight, then the time for the
#: cancelled work to reach its next budget check. It is a correctness property (a shutdown that
#: waits for the work to finish takes minutes here, or never ends), not a speed claim, so it is
#: generous for a loaded machine.
EXIT_BOUND_SECONDS = 30
#: How long a stopped request may take to be seen stopped: a bound on a hang, as above.
STOP_BOUND_SECONDS = 60


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "graph.json"
    NetworkXStore(path).replace(synthetic_graph(BIG_NODES))
    return path


def _wait_for(what: str, ready: Callable[[], bool], seconds: float) -> None:
    limit = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < limit, f"not within {seconds} s: {what}"
        time.sleep(0.1)


def test_sigterm_under_cpu_heavy_load_exits_within_seconds(big_graph: Path, tmp_path: Path) -> None:
    served = serve(big_graph, tmp_path, UNBOUNDED)
    statuses: Counter[str] = Counter()
    guard = threading.Lock()
    stop = threading.Event()

    def busy(worker: int) -> None:
        path, params = (WHOLE_MAP, BETWEENNESS)[worker % 2]
        with httpx.Client(base_url=served.base, timeout=600) as http:
            while not stop.is_set():
                try:
                    response = http.get(path, params=params)
                except httpx.HTTPError:
                    return  # the server went away: what this test does to it
                code = response.status_code
                name = ""
                if code >= 400:  # the one error shape, or what else came
                    is_json = response.headers.get("content-type") == "application/json"
                    name = response.json()["error"]["code"] if is_json else response.text[:60]
                with guard:
                    statuses[f"{code} {name}".strip()] += 1

    threads = [threading.Thread(target=busy, args=(w,)) for w in range(CONNECTIONS)]
    cpu_before = served.cpu_seconds()
    for thread in threads:
        thread.start()
    # heavy work is in flight: the server has burnt CPU on it
    _wait_for("2 s of server CPU", lambda: served.cpu_seconds() - cpu_before > 2, 120)
    served.process.terminate()
    sent = time.monotonic()
    try:
        served.process.wait(timeout=EXIT_BOUND_SECONDS)
        waited = time.monotonic() - sent
    finally:
        stop.set()
        served.process.kill()
        served.process.wait(timeout=30)
        for thread in threads:
            thread.join(timeout=60)
    assert waited < EXIT_BOUND_SECONDS
    served.assert_clean_exit()
    # requests still running after the grace period were stopped and told why; nothing failed
    assert statuses["503 shutting_down"] > 0, statuses
    assert set(statuses) <= {"200", "503 shutting_down"}, statuses
    stopped = served.stderr().count("stopped: the server is shutting down")
    assert stopped == statuses["503 shutting_down"], served.stderr()[-3000:]


def test_a_client_that_disconnects_stops_its_work(big_graph: Path, tmp_path: Path) -> None:
    """A raw HTTP client asks for the whole map and hangs up while the server draws it.

    The server says in its log whether the work was stopped or ran to its end, and its CPU
    time stops growing once the work has stopped.
    """
    served = serve(big_graph, tmp_path, UNBOUNDED)
    path, params = WHOLE_MAP
    query = "&".join(f"{k}={v}" for k, v in params.items())
    try:
        cpu_before = served.cpu_seconds()
        client = socket.create_connection(("127.0.0.1", int(served.base.rsplit(":", 1)[1])))
        client.sendall(f"GET {path}?{query} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
        # the work is under way (about 16 s of CPU in all): one second of it is done
        _wait_for("1 s of server CPU", lambda: served.cpu_seconds() - cpu_before > 1, 120)
        client.close()
        _wait_for(
            "the work stopped",
            lambda: "after its client went away" in served.stderr(),
            STOP_BOUND_SECONDS,
        )
        log = served.stderr()
        assert re.search(r"GET /api/v1/maps/all: the client went away; stopping its work", log)
        assert re.search(r"GET /api/v1/maps/all stopped [\d.]+ s after its client went away", log)
        assert "ran to its end" not in log, log[-2000:]
        # an idle server: what it burns now is the event loop's, far from a map's share
        idle_from = served.cpu_seconds()
        time.sleep(3)
        assert served.cpu_seconds() - idle_from < 0.5
        # and it still answers
        assert httpx.get(f"{served.base}/api/v1/health", timeout=30).status_code == 200
    finally:
        served.process.terminate()
        served.process.wait(timeout=60)
    served.assert_clean_exit()
