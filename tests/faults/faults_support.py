"""Helpers of the fault suite: the installed `policykg` script in a subprocess, a built graph,
`policykg serve` in its own process and what can be read of it from outside."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus" / "mee-2026-key-tasks.txt"
SCRIPT = Path(sys.executable).parent / "policykg"
STORE_UNAVAILABLE = 3  # the CLI's exit code for StoreUnavailable and its graph-file leaves


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def error_line(self) -> str:
        """The one line a failed command prints (no traceback, nothing on stdout)."""
        assert self.code != 0, self.stdout
        assert "Traceback" not in self.stderr, self.stderr
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self.stderr
        assert lines[0].startswith("policykg: error: "), self.stderr
        return lines[0]


def environment(graph_file: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env |= {"POLICYKG_BACKEND": "networkx", "POLICYKG_GRAPH_FILE": str(graph_file)}
    return env | dict(extra or {})


def policykg(
    graph_file: Path,
    *args: str,
    cwd: Path | None = None,
    preexec: Callable[[], None] | None = None,
    timeout: float = 180,
) -> Run:
    """`policykg ARGS` as a user runs it: the console script, its own process."""
    assert SCRIPT.exists(), f"{SCRIPT} is missing: pip install -e . first"
    done = subprocess.run(
        [str(SCRIPT), *args],
        env=environment(graph_file),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=preexec,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` with its bytes: what a failed write must leave as it was."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """`policykg serve` in its own process; its stderr goes to a file (read while it runs)."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (/proc/PID/stat)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def assert_clean_exit(self) -> None:
        """uvicorn finishes its shutdown, then re-raises SIGTERM: -15 is its clean exit."""
        code, stderr = self.process.returncode, self.stderr()
        assert code in (0, -signal.SIGTERM), (code, stderr[-2000:])
        assert "Finished server process" in stderr, stderr[-2000:]
        assert "Traceback" not in stderr, stderr[-4000:]


def serve(
    graph: Path,
    folder: Path,
    extra: Mapping[str, str] | None = None,
    startup_seconds: float = 120,
) -> Served:
    """`policykg serve` over the graph file `graph`, started and answering /health (a
    benchmark's multi-gigabyte graph may take longer to load than a test's: `startup_seconds`)."""
    port = free_port()
    env = environment(graph, {"XDG_CACHE_HOME": str(folder / "cache"), **(extra or {})})
    log = folder / f"serve-{port}.log"
    stderr: IO[bytes]
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [str(SCRIPT), "serve", "--port", str(port)],
            env=env,
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    served = Served(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + startup_seconds
    while True:
        try:
            if httpx.get(f"{served.base}/api/v1/health", timeout=5).status_code == 200:
                return served
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise AssertionError(f"serve did not start: {served.stderr()[-2000:]}")
        time.sleep(0.2)
