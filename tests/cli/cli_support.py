"""Running the real `policykg` command, and reading what it wrote without policykg's code.

`invoke` runs the click group in-process (CliRunner); `script` runs the installed console
script in a subprocess, as a user does. Both point POLICYKG_GRAPH_FILE at a test's own file
and clear every other POLICYKG_ variable of the environment the tests run in.

`GraphFile` reads a saved graph (node-link JSON) with plain `json` and answers "tasks
touching X" by a breadth-first walk of its PART_OF / IS_A edges: an oracle written apart from
the stores, so that no expectation is the program's own output read back. `outline` reads the
source article with regular expressions only: themes, paragraphs and sentences ending in 。.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from policykg.cli import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus" / "mee-2026-key-tasks.txt"
FIXTURES = ROOT / "tests" / "fixtures"
SLUG = "mee-2026-key-tasks"
#: The console script `pip install -e .` put next to this interpreter.
SCRIPT = Path(sys.executable).parent / "policykg"

# The design's relation names, written out here rather than imported from graph.model.
MENTION_RELS = frozenset(
    {"TOUCHES", "TARGETS", "ADVANCES", "INVOLVES", "CITES", "DRAFTS", "REVISES", "CONCERNS"}
)
HIERARCHY_RELS = frozenset({"PART_OF", "IS_A"})


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    def error_line(self) -> str:
        """The one line a failed command prints; fails the test when it printed more."""
        assert self.code != 0, self.stdout
        assert self.stdout == "", self.stdout
        lines = self.stderr.splitlines()
        assert len(lines) == 1, self.stderr
        assert lines[0].startswith("policykg: error: "), self.stderr
        return lines[0]


def environment(graph_file: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment less every POLICYKG_ variable, plus this test's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env |= {"POLICYKG_BACKEND": "networkx", "POLICYKG_GRAPH_FILE": str(graph_file)}
    env |= extra or {}
    return env


def invoke(graph_file: Path, *args: str, env: Mapping[str, str] | None = None) -> Run:
    """`policykg ARGS` in this process; an exception that escapes the CLI fails the test."""
    cleared: dict[str, str | None] = {k: None for k in os.environ if k.startswith("POLICYKG_")}
    settings = environment(graph_file, env)
    cleared |= {k: v for k, v in settings.items() if k.startswith("POLICYKG_")}
    result = CliRunner().invoke(main, list(args), env=cleared)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback the user would have seen
    return Run(result.exit_code, result.stdout, result.stderr)


def script(
    graph_file: Path, *args: str, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Run:
    """The installed `policykg` console script, in a subprocess."""
    assert SCRIPT.exists(), f"{SCRIPT} is missing: pip install -e . first"
    done = subprocess.run(
        [str(SCRIPT), *args],
        env=environment(graph_file, env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


def at_terminal(graph_file: Path, args: list[str], *, answer: str, cwd: Path) -> str:
    """The console script on a pseudo-terminal, as a user types: what it printed up to exit.

    `answer` is typed at the first prompt (a line ending in ": ").
    """
    assert SCRIPT.exists(), f"{SCRIPT} is missing: pip install -e . first"
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [str(SCRIPT), *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment(graph_file),
        cwd=cwd,
    ) as process:
        os.close(follower)
        said = b""
        answered = False
        while True:
            ready, _, _ = select.select([leader], [], [], 120)
            assert ready, f"no output for 120 s; so far: {said!r}"
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the command exited
                break
            if not chunk:
                break
            said += chunk
            if not answered and said.endswith(b": "):  # click's prompt waits after ": "
                os.write(leader, answer.encode())
                answered = True
        assert process.wait(timeout=120) == 0, said.decode(errors="replace")
    os.close(leader)
    return said.decode("utf-8", errors="replace")


def outline(path: Path = CORPUS) -> list[list[list[str]]]:
    """Themes -> paragraphs -> sentences of the source article, by regular expressions.

    The feedback form at the end starts with 请填; the article has no 。 inside quotes or
    brackets, so a plain split at 。 reads its sentences.
    """
    body = path.read_text(encoding="utf-8").split("请填")[0]
    themes = re.split(r"^[一二三四五六七]、.*$", body, flags=re.MULTILINE)[1:]
    return [
        [re.findall(r"[^。]+。", line.strip()) for line in theme.split("\n") if line.strip()]
        for theme in themes
    ]


def task_sentences(path: Path = CORPUS) -> list[str]:
    """Every task sentence of the article in order: each paragraph's sentences after the first."""
    return [s for theme in outline(path) for para in theme for s in para[1:]]


class GraphFile:
    """A graph file as `policykg build` saved it, read as plain JSON (its third line)."""

    def __init__(self, path: Path) -> None:
        _, _, body = path.read_bytes().split(b"\n", 2)
        payload = json.loads(body)
        self.nodes: dict[str, dict[str, Any]] = {
            i: {**props, "id": i, "type": t, "name": name} for i, t, name, props in payload["nodes"]
        }
        self.edges: list[dict[str, Any]] = [
            {**props, "source": s, "target": t, "type": rel, "key": key}
            for s, t, rel, key, props in payload["edges"]
        ]

    def of_type(self, node_type: str) -> list[str]:
        return sorted(n for n, a in self.nodes.items() if a["type"] == node_type)

    @cached_property
    def tasks(self) -> list[str]:
        """Task ids in document order."""
        return sorted(self.of_type("Task"), key=lambda t: self.nodes[t]["seq"])

    @cached_property
    def mentions(self) -> dict[str, set[str]]:
        """Task -> the entities it has a mention edge to."""
        out: dict[str, set[str]] = defaultdict(set)
        for e in self.edges:
            if e["type"] in MENTION_RELS:
                out[e["source"]].add(e["target"])
        return out

    @cached_property
    def parents(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for e in self.edges:
            if e["type"] in HIERARCHY_RELS:
                out[e["source"]].add(e["target"])
        return out

    @cached_property
    def children(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for parent_of, parents in self.parents.items():
            for parent in parents:
                out[parent].add(parent_of)
        return out

    def hops(self, start: str, down: bool) -> dict[str, int]:
        """Entities below (or above) `start` over hierarchy edges, with their distance."""
        links = self.children if down else self.parents
        seen = {start: 0}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for nxt in sorted(links.get(node, ())):
                if nxt not in seen:
                    seen[nxt] = seen[node] + 1
                    queue.append(nxt)
        return seen

    def touching(self, entity: str, broader: bool = False) -> dict[str, tuple[str, int]]:
        """Task -> (match kind, hops of its shortest path) for "tasks touching `entity`"."""
        walks = [("narrower", self.hops(entity, down=True))]
        if broader:
            walks.append(("broader", self.hops(entity, down=False)))
        found: dict[str, tuple[str, int]] = {}
        for task in self.tasks:
            named = self.mentions.get(task, set())
            if entity in named:
                found[task] = ("direct", 0)
                continue
            for kind, distances in walks:
                reached = [distances[e] for e in named if e in distances and e != entity]
                if reached:
                    found[task] = (kind, min(reached))
                    break
        return found
