"""Helpers of the fault suite: the installed `policykg` script in a subprocess, a built graph."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

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
