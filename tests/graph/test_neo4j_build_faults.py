"""Faults of a Neo4j build, caused for real: refused credentials, a build killed half way.

The CLI runs as a subprocess (`python -m policykg.cli`) against the shared dev server, in a
temporary directory so that no developer's .env is read.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from policykg.graph.model import GraphData
from policykg.graph.store import GraphStore

pytestmark = pytest.mark.neo4j

BUILD_SECONDS = 300


def cli(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policykg.cli", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=BUILD_SECONDS,
        check=False,
    )


def test_refused_credentials_exit_3_with_the_reason(
    tmp_path: Path, neo4j_db: Any, source_data: GraphData, neo4j_credentials: tuple[str, ...]
) -> None:
    store = neo4j_db.holding(source_data)
    before = store.stats()
    uri = neo4j_credentials[0]
    # One wrong password for the real user (the server locks a user out after 3 in a row) …
    stats = cli(tmp_path, "--backend", "neo4j", "stats", POLICYKG_NEO4J_PASSWORD="not-the-password")
    assert stats.returncode == 3, stats.stderr
    user = neo4j_credentials[1]
    assert stats.stderr.startswith(
        f"policykg: error: neo4j store unavailable: authentication failed for user '{user}' "
        f"at {uri}"
    )
    assert "Traceback" not in stats.stderr and stats.stdout == ""
    # … and an unknown user for a build, which must leave the stored graph as it was.
    build = cli(tmp_path, "build", "--backend", "neo4j", POLICYKG_NEO4J_USER="policykg-nobody")
    assert build.returncode == 3, build.stderr
    assert "authentication failed for user 'policykg-nobody'" in build.stderr
    assert store.stats() == before


def test_an_unreachable_server_exits_3_with_the_address(tmp_path: Path) -> None:
    done = cli(tmp_path, "--backend", "neo4j", "stats", POLICYKG_NEO4J_URI="bolt://127.0.0.1:1")
    assert done.returncode == 3
    assert "cannot connect to bolt://127.0.0.1:1" in done.stderr


def test_a_build_killed_half_way_is_repaired_by_the_next_build(
    tmp_path: Path,
    neo4j_db: Any,
    source_data: GraphData,
    synthetic_file: Path,
    nx_synthetic_store: GraphStore,
) -> None:
    """kill -9 while the synthetic build's nodes arrive; build again: the graph and its full
    export are exactly those of a clean build (and of the networkx store)."""
    store = neo4j_db.holding(source_data)
    old_nodes = store.stats().node_total
    build = [sys.executable, "-m", "policykg.cli", "build", "--backend", "neo4j"]
    try:
        with subprocess.Popen(
            [*build, str(synthetic_file)],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ) as proc:
            deadline = time.monotonic() + BUILD_SECONDS
            while proc.poll() is None and store.stats().node_total <= old_nodes:
                assert time.monotonic() < deadline, "the build wrote nothing"
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert proc.returncode == -signal.SIGKILL, "the build ended before it could be killed"
        mixed = store.stats()
        assert len(mixed.documents) == 2, "killed mid-write: old and new graph side by side"
        assert mixed != nx_synthetic_store.stats()

        again = cli(tmp_path, "build", "--backend", "neo4j", str(synthetic_file))
        assert again.returncode == 0, again.stderr
        repaired = export(tmp_path, "repaired.json", "neo4j")

        store.replace(GraphData((), ()))  # an empty database, then a clean build
        clean = cli(tmp_path, "build", "--backend", "neo4j", str(synthetic_file))
        assert clean.returncode == 0, clean.stderr
        assert repaired == export(tmp_path, "clean.json", "neo4j")

        graph_file = str(tmp_path / "graph.json")
        embedded = cli(tmp_path, "--graph-file", graph_file, "build", str(synthetic_file))
        assert embedded.returncode == 0, embedded.stderr
        embedded_export = export(tmp_path, "networkx.json", "networkx", graph_file)
        assert json.loads(repaired) == json.loads(embedded_export)  # key order may differ
        assert store.stats() == nx_synthetic_store.stats()
    finally:
        neo4j_db.forget()


def export(cwd: Path, name: str, backend: str, graph_file: str | None = None) -> bytes:
    """The whole graph as node-link JSON, written by `policykg export`."""
    where = ["--graph-file", graph_file] if graph_file else []
    out = cwd / name
    done = cli(cwd, *where, "export", "--backend", backend, "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    payload = out.read_bytes()
    assert len(payload) > 1_000_000  # a few thousand tasks, not an empty graph
    return payload
