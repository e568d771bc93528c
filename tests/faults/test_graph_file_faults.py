"""The graph file cannot lock itself: damaged files of each kind, killed and concurrent builds,
a full disk. Every command runs as the installed console script in its own process.

Before the graph file had its own module, `truncate -s 100000 graph.json; policykg build`
exited 3 (build read the file it was about to replace) and valid JSON of the wrong shape gave
a KeyError traceback from every command.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from faults_support import CORPUS, SCRIPT, STORE_UNAVAILABLE, environment, policykg, snapshot

from policykg.graph.graph_file import write_lock

REBUILD = "rebuild it with `policykg build`"


@pytest.fixture(scope="module")
def good_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("good") / "graph.json"
    run = policykg(path, "build", str(CORPUS))
    assert run.code == 0, run.stderr
    return path.read_bytes()


def _file(body: bytes, **header: object) -> bytes:
    """A file in the documented layout around `body`, with a matching fingerprint."""
    values: dict[str, object] = {
        "nodes": {},
        "edges": {},
        "documents": [],
        "body_bytes": len(body),
        "fingerprint": hashlib.blake2b(body, digest_size=16).hexdigest(),
    }
    values.update(header)
    return b"POLICYKG-GRAPH 2\n" + json.dumps(values).encode() + b"\n" + body


def _flip_in_body(good: bytes) -> bytes:
    at = len(good) - len(good) // 3
    return good[:at] + bytes([good[at] ^ 0x01]) + good[at + 1 :]


#: name -> (how the good file is damaged, what the one error line says)
DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (lambda good: good[: len(good) // 2], "bytes of graph, its header says"),
    "truncated in the header": (lambda good: good[:40], "its header is cut short"),
    "empty": (lambda good: b"", "it is not a policykg graph file"),
    "older node-link format": (
        lambda good: b'{"format":"policykg-networkx/1","graph":{"nodes":[]}}',
        "written by an older policykg",
    ),
    "another version": (
        lambda good: good.replace(b"POLICYKG-GRAPH 2", b"POLICYKG-GRAPH 9", 1),
        "format version 9",
    ),
    "damaged header": (
        lambda good: good.split(b"\n", 1)[0] + b"\n{not json\n" + good.split(b"\n", 2)[2],
        "its header is damaged",
    ),
    "one byte flipped": (_flip_in_body, "does not match its fingerprint"),
    "valid JSON, wrong shape": (
        lambda good: _file(b'{"nodes": {"a": 1}, "edges": []}'),
        "its graph has the wrong shape",
    ),
    "an edge to a missing node": (
        lambda good: _file(
            b'{"nodes": [["a", "Region", "A", {}]], "edges": [["a", "b", "PART_OF", "", {}]]}'
        ),
        "an edge names a node that is not in the file",
    ),
    "unknown node type": (
        lambda good: _file(b'{"nodes": [["a", "Spaceship", "A", {}]], "edges": []}'),
        "unknown node type",
    ),
    "not JSON after a valid header": (lambda good: _file(b"[1, 2,"), "is not valid JSON"),
}


@pytest.mark.parametrize("case", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_file_is_one_line_and_build_repairs_it(
    case: str, good_bytes: bytes, tmp_path: Path
) -> None:
    damage, problem = DAMAGE[case]
    path = tmp_path / "graph.json"
    path.write_bytes(damage(good_bytes))

    line = policykg(path, "tasks", "--touches", "黄河").error_line()
    assert problem in line and REBUILD in line and str(path) in line

    repaired = policykg(path, "build", str(CORPUS))
    assert repaired.code == 0, repaired.stderr
    assert path.read_bytes() == good_bytes
    assert policykg(path, "tasks", "--touches", "黄河").code == 0


def test_stats_reads_the_header_alone(good_bytes: bytes, tmp_path: Path) -> None:
    """The counts come from the header: a body that is not even there leaves them readable."""
    path = tmp_path / "graph.json"
    magic, header, _ = good_bytes.split(b"\n", 2)
    path.write_bytes(magic + b"\n" + header + b"\n")
    run = policykg(path, "stats", "--json")
    assert run.code == 0, run.stderr
    counts = json.loads(run.stdout)
    assert counts["nodes"] == json.loads(header)["nodes"] and counts["node_total"] > 4000


def test_a_stray_temporary_file_of_a_killed_build_is_removed(
    good_bytes: bytes, tmp_path: Path
) -> None:
    """SIGKILL leaves the temporary file behind; the next writer removes it under the lock."""
    path = tmp_path / "graph.json"
    path.write_bytes(good_bytes)
    (tmp_path / ".graph.json.99999.tmp").write_bytes(good_bytes[:1000])
    assert policykg(path, "build", str(CORPUS)).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json", "graph.json.index"]


def test_a_build_stopped_by_sigterm_leaves_no_temporary_file(
    good_bytes: bytes, tmp_path: Path
) -> None:
    """SIGTERM unwinds the build; whatever it was doing, the old file stays whole."""
    path = tmp_path / "graph.json"
    path.write_bytes(good_bytes)
    for delay in (0.5, 1.5, 3.0):
        process = subprocess.Popen(
            [str(SCRIPT), "build", str(CORPUS)],
            env=environment(path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        process.terminate()
        _, stderr = process.communicate(timeout=120)
        assert b"Traceback" not in stderr, stderr
        # the index is written after the graph: stopped before it, there is none yet
        assert sorted(p.name for p in tmp_path.iterdir()) in (
            ["graph.json"],
            ["graph.json", "graph.json.index"],
        )
        assert path.read_bytes() == good_bytes  # old or rebuilt: the same graph, whole


def test_a_second_build_while_one_is_writing_fails_clearly(
    good_bytes: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "graph.json"
    path.write_bytes(good_bytes)
    with write_lock(path):  # this test process is the build in progress
        line = policykg(path, "build", str(CORPUS)).error_line()
    assert f"another `policykg build` is writing {path}" in line
    assert path.read_bytes() == good_bytes


def test_concurrent_builds_one_wins_and_the_file_is_whole(
    good_bytes: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "graph.json"
    builds = [
        subprocess.Popen(
            [str(SCRIPT), "build", str(CORPUS)],
            env=environment(path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [b.communicate(timeout=180) for b in builds]
    results = [(b.returncode, err) for b, (_, err) in zip(builds, outputs, strict=True)]
    codes = [code for code, _ in results]
    assert 0 in codes, results
    for code, stderr in results:
        assert code in (0, STORE_UNAVAILABLE), stderr
        if code:
            assert "another `policykg build` is writing" in stderr
    assert path.read_bytes() == good_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json", "graph.json.index"]


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_fails_cleanly_and_keeps_the_old_file(
    good_bytes: bytes, tmp_path: Path
) -> None:
    """RLIMIT_FSIZE: the kernel refuses writes past the limit (EFBIG), as a full disk would."""
    path = tmp_path / "graph.json"
    path.write_bytes(good_bytes)
    before = snapshot(tmp_path)
    run = policykg(path, "build", str(CORPUS), preexec=_file_size_limit(len(good_bytes) // 2))
    line = run.error_line()
    assert run.code == STORE_UNAVAILABLE
    assert f"cannot write the graph to {path}" in line and "too large" in line.lower()
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_a_full_tmpfs_fails_cleanly_and_keeps_the_old_file(
    good_bytes: bytes, tmp_path: Path
) -> None:
    """A real full file system: a tmpfs with room for the old file and not much more."""
    mount = tmp_path / "small"
    mount.mkdir()
    size = len(good_bytes) + len(good_bytes) // 2
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert mounted.returncode == 0, mounted.stderr
    try:
        path = mount / "graph.json"
        path.write_bytes(good_bytes)
        run = policykg(path, "build", str(CORPUS))
        line = run.error_line()
        assert f"cannot write the graph to {path}" in line and "No space left" in line
        assert path.read_bytes() == good_bytes
        assert sorted(p.name for p in mount.iterdir()) == ["graph.json"]
    finally:
        subprocess.run(["umount", str(mount)], check=True)
