"""CLI fixtures: one graph file built by the installed `policykg build`, read by many tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import CORPUS, GraphFile, script


@pytest.fixture(scope="session")
def built_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source article's graph, as `policykg build` (console script) saves it.

    Tests only read it; a test that builds or breaks a graph works on its own file.
    """
    path = tmp_path_factory.mktemp("cli-graph") / "graph.json"
    run = script(path, "build", str(CORPUS))
    assert run.code == 0, run.stderr
    return path


@pytest.fixture(scope="session")
def graph(built_graph: Path) -> GraphFile:
    return GraphFile(built_graph)
