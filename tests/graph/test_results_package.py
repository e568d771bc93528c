"""graph/results is one namespace over modules by area, each loaded when first asked for: every
name is where the package says, and a task query loads neither the analyses' results nor their
query modules."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import policykg.graph.results as results
from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore

MODULES = ("common", "tasks", "outline", "analysis")
#: Names the package passes on from graph.model rather than from one of its modules.
FROM_MODEL = {"GraphData", "ROLES", "Role"}


def test_each_name_is_listed_once_in_the_module_that_defines_it() -> None:
    defined: dict[str, str] = {}
    for module in MODULES:
        for name in importlib.import_module(f"{results.__name__}.{module}").__all__:
            assert name not in defined, f"{name} in {defined.get(name)} and {module}"
            defined[name] = module
    assert defined == results._HOME
    assert set(results.__all__) == set(defined) | FROM_MODEL


@pytest.mark.parametrize("name", sorted(results._HOME))
def test_the_package_gives_the_modules_own_object(name: str) -> None:
    module = importlib.import_module(f"{results.__name__}.{results._HOME[name]}")
    assert getattr(results, name) is getattr(module, name)
    assert name in dir(results)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'TaskHits'"):
        results.TaskHits  # noqa: B018 (the lookup is the test)
    with pytest.raises(ImportError):
        exec("from policykg.graph.results import TaskHits", {})


# In a fresh process: `policykg tasks --touches 黄河` on a graph file, then what it imported.
_PROBE = """
import contextlib, io, json, sys
from policykg.cli import main

out = io.StringIO()
with contextlib.redirect_stdout(out):
    main(["--graph-file", sys.argv[1], "tasks", "--touches", "黄河"], standalone_mode=False)
print(json.dumps({"answer": out.getvalue(), "imported": sorted(sys.modules)}))
"""


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory, source_data: GraphData) -> Path:
    path = tmp_path_factory.mktemp("results") / "graph.json"
    NetworkXStore(path, load=False).replace(source_data)
    return path


def test_a_task_query_loads_only_what_it_needs(graph_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(graph_file)],
        env=dict(os.environ),
        cwd=tempfile.gettempdir(),  # not the checkout, whose folders would shadow the package
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout)
    assert "黄河" in found["answer"]
    imported = set(found["imported"])
    assert {"policykg.graph.results.common", "policykg.graph.results.tasks"} <= imported
    not_needed = {
        "policykg.graph.results.outline",
        "policykg.graph.results.analysis",
        "policykg.graph.queries.analysis",
        "policykg.graph.queries.graph",
        "policykg.graph.queries.documents",
        "policykg.graph.queries.roles",
        "policykg.graph.document_results",
    }
    assert not imported & not_needed
