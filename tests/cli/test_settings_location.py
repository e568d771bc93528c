"""Settings and the default graph file do not depend on the folder policykg runs in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "policykg"
CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus" / "mee-2026-key-tasks.txt"


def _run(cwd: Path, home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICYKG_", "XDG_"))}
    env |= {"HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    env |= {"XDG_CONFIG_HOME": str(home / "config"), **extra}
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


def test_the_default_graph_file_is_per_user_wherever_policykg_runs(tmp_path: Path) -> None:
    home, first, second = tmp_path / "home", tmp_path / "a", tmp_path / "b"
    for folder in (home, first, second):
        folder.mkdir()
    built = _run(first, home, "build", str(CORPUS))
    assert built.returncode == 0, built.stderr
    assert (home / "data" / "policykg" / "graph.json").is_file()
    assert list(first.iterdir()) == []  # nothing written where it ran
    stats = _run(second, home, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    built_nodes = int(built.stdout.split(": ", 1)[1].split(" nodes")[0])
    assert json.loads(stats.stdout)["node_total"] == built_nodes > 4000


def test_a_dotenv_in_the_working_folder_is_not_read_the_configured_one_is(
    tmp_path: Path,
) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    work.mkdir(parents=True)
    (work / ".env").write_text("POLICYKG_BACKEND=bogus\n", encoding="utf-8")
    config = home / "config" / "policykg"
    config.mkdir(parents=True)
    (config / "policykg.env").write_text("POLICYKG_MAX_NODES=not-a-number\n", encoding="utf-8")
    run = _run(work, home, "stats")
    assert run.returncode == 2 and "POLICYKG_MAX_NODES='not-a-number'" in run.stderr
    (config / "policykg.env").unlink()
    named = tmp_path / "elsewhere.env"
    named.write_text("POLICYKG_BACKEND=bogus\n", encoding="utf-8")
    run = _run(work, home, "stats", POLICYKG_ENV_FILE=str(named))
    assert run.returncode == 2 and "POLICYKG_BACKEND='bogus'" in run.stderr
