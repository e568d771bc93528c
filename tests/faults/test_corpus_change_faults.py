"""`policykg add` and `remove` killed half way (SIGKILL, no chance to clean up) leave the graph
exactly as it was, on both stores; the next change then works and gives a clean build's graph.

The process is stopped at a point it makes reachable: with POLICYKG_FAULT_PAUSE_FILE set, the
write creates that file half way (networkx: half of the new graph file written; Neo4j: inside
the one transaction, after the removed documents' nodes are deleted, before anything is
added) and waits there to be killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from faults_support import ROOT, SCRIPT, environment

from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.store import GraphStore
from policykg.pipeline import build_from_files

GAZETTEERS = ROOT / "data" / "gazetteers"
DEV = ROOT / "data" / "corpus" / "dev"
KEPT = [
    DEV / "02-carbon-emissions-trading-interim-regulation-2024.txt",
    DEV / "17-beijing-ecological-conservation-area-regulation-2021.txt",
]
CHANGED = DEV / "04-state-council-office-zero-waste-city-pilot-plan-2018.txt"
CHANGED_ID = f"doc:{CHANGED.stem}"
PAUSE_SECONDS = 120


@pytest.fixture(scope="module")
def kept_graph() -> GraphData:
    return build_from_files(KEPT, GAZETTEERS)


@pytest.fixture(scope="module")
def full_graph() -> GraphData:
    return build_from_files([*KEPT, CHANGED], GAZETTEERS)


def killed_half_way(args: list[str], env: dict[str, str], marker: Path) -> None:
    """Run `policykg ARGS`, wait until it pauses half way through its write, SIGKILL it."""
    with subprocess.Popen(
        [str(SCRIPT), *args],
        env={**env, "POLICYKG_FAULT_PAUSE_FILE": str(marker)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        deadline = time.monotonic() + PAUSE_SECONDS
        while not marker.exists():
            if proc.poll() is not None:
                pytest.fail(
                    f"ended before its write (exit {proc.returncode}): {proc.stderr.read()}"
                )
            assert time.monotonic() < deadline, "never reached the middle of its write"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


def run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr


def networkx_at(path: Path, data: GraphData) -> tuple[GraphStore, dict[str, str]]:
    NetworkXStore(path).replace(data)
    return NetworkXStore(path), environment(path)


@pytest.mark.parametrize("command", ["add", "remove"])
def test_networkx_change_killed_half_way_leaves_the_file_as_it_was(
    tmp_path: Path, kept_graph: GraphData, full_graph: GraphData, command: str
) -> None:
    path = tmp_path / "graph.json"
    before, after = (kept_graph, full_graph) if command == "add" else (full_graph, kept_graph)
    _, env = networkx_at(path, before)
    old_bytes = path.read_bytes()
    args = ["add", str(CHANGED)] if command == "add" else ["remove", CHANGED_ID]
    killed_half_way(args, env, tmp_path / "paused")
    assert path.read_bytes() == old_bytes
    strays = list(tmp_path.glob(".graph.json.*.tmp"))
    assert len(strays) == 1 and 0 < strays[0].stat().st_size < len(old_bytes) * 2

    reference = tmp_path / "reference.json"
    NetworkXStore(reference).replace(after)
    run(args, env)
    assert NetworkXStore(path).dump() == NetworkXStore(reference).dump()
    assert not list(tmp_path.glob(".graph.json.*.tmp")), "the next writer removes the stray"


@pytest.mark.neo4j
@pytest.mark.parametrize("command", ["add", "remove"])
def test_neo4j_change_killed_half_way_is_rolled_back(
    tmp_path: Path, neo4j_db: Any, kept_graph: GraphData, full_graph: GraphData, command: str
) -> None:
    before, after = (kept_graph, full_graph) if command == "add" else (full_graph, kept_graph)
    neo4j_db.forget()
    store = neo4j_db.holding(before)
    old = store.dump()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env |= {k: v for k, v in os.environ.items() if k.startswith("POLICYKG_NEO4J_")}
    env |= {"POLICYKG_BACKEND": "neo4j"}
    args = ["add", str(CHANGED)] if command == "add" else ["remove", CHANGED_ID]
    try:
        killed_half_way(args, env, tmp_path / "paused")
        assert store.dump() == old
        run(args, env)
        reference = NetworkXStore(None)
        reference.replace(after)
        assert store.dump() == _without_none(reference.dump())
    finally:
        neo4j_db.forget()


def _without_none(data: GraphData) -> GraphData:
    import dataclasses

    return GraphData(
        tuple(
            dataclasses.replace(n, props={k: v for k, v in n.props.items() if v is not None})
            for n in data.nodes
        ),
        data.edges,
    )
