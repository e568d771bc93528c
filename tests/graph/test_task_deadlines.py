"""Deadlines and targets as task properties, answered by the task query on both stores.

The graph is built here from a plan written for the test in the dev documents' style (its
sentences are the kind the role gold annotates: 到2020年, 2019年6月底前, …达到85%以上).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.graph.model import GraphData
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.store import GraphStore
from policykg.pipeline import build_from_files
from policykg.settings import PACKAGE_DATA

PLAN = (
    "# 某市固体废物治理工作方案\n\n"
    "一、主要任务\n\n"
    "（一）推行农业绿色生产。到2020年，秸秆综合利用率达到85%以上。"
    "2019年6月底前，各县完成废弃农膜回收网点建设。\n\n"
    "（二）加强组织领导。各部门要明确分工，抓好落实。\n"
)


@pytest.fixture(scope="module")
def plan_graph(tmp_path_factory: pytest.TempPathFactory) -> GraphData:
    path = tmp_path_factory.mktemp("deadlines") / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return build_from_files([path], PACKAGE_DATA / "gazetteers")


@pytest.fixture(params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(
    request: pytest.FixtureRequest, plan_graph: GraphData, tmp_path: Path
) -> Iterator[GraphStore]:
    if request.param == "neo4j":
        yield request.getfixturevalue("neo4j_db").holding(plan_graph)
        return
    networkx = NetworkXStore(tmp_path / "graph.json")
    networkx.replace(plan_graph)
    yield networkx


def _task(graph: GraphData, start: str) -> str:
    """The task whose (normalised) text starts so."""
    return next(n.id for n in graph.nodes if str(n.props.get("text", "")).startswith(start))


def test_a_task_detail_gives_its_deadline_and_target(
    store: GraphStore, plan_graph: GraphData
) -> None:
    detail = store.task_detail(_task(plan_graph, "到2020年"))
    assert detail.deadlines == ("到2020年",)
    assert detail.targets == ("秸秆综合利用率达到85%以上",)
    other = store.task_detail(_task(plan_graph, "2019年6月底前"))
    assert (other.deadlines, other.targets) == (("2019年6月底前",), ())
    plain = store.task_detail(_task(plan_graph, "各部门要明确分工"))
    assert (plain.deadlines, plain.targets) == ((), ())


def test_show_prints_them(plan_graph: GraphData, tmp_path: Path) -> None:
    graph_file = tmp_path / "graph.json"
    NetworkXStore(graph_file).replace(plan_graph)
    task = _task(plan_graph, "到2020年")
    result = CliRunner().invoke(main, ["--graph-file", str(graph_file), "show", task, "--json"])
    assert result.exit_code == 0, result.output
    assert '"deadlines": [\n    "到2020年"\n  ]' in result.output
    assert "秸秆综合利用率达到85%以上" in result.output
