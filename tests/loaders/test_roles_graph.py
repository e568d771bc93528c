"""Roles in the built graph: INVOLVES edges carry the role and the span; relative names resolve
to the jurisdiction's body; agency classes are FILLED_BY their bodies (real dev documents)."""

from __future__ import annotations

from functools import cache

from policykg.graph.model import Edge, GraphData, NodeType, Rel
from policykg.loaders.build import build_graph
from policykg.loaders.read import read_document
from policykg.pipeline import gazetteer_and_extractor
from policykg.settings import PACKAGE_DATA

DEV = PACKAGE_DATA / "corpus" / "dev"


@cache
def _graph(stem: str) -> GraphData:
    gazetteer, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    return build_graph([read_document(DEV / f"{stem}.txt")], gazetteer, extractor)


def _involves(graph: GraphData) -> list[Edge]:
    return [e for e in graph.edges if e.type is Rel.INVOLVES]


def test_the_state_council_plan_gives_lead_support_guide_and_carried_roles() -> None:
    graph = _graph("04-state-council-office-zero-waste-city-pilot-plan-2018")
    edges = _involves(graph)
    text = next(n for n in graph.nodes if n.type is NodeType.DOCUMENT).get("text")
    assert isinstance(text, str)
    lead = [e for e in edges if e.props["role"] == "lead"]
    assert [(e.target, e.props["surface"]) for e in lead] == [("agency:生态环境部", "生态环境部")]
    supports = {e.props["surface"] for e in edges if e.props["role"] == "support"}
    assert {"国家发展改革委", "国家统计局", "供销合作总社"} <= supports
    assert sum(1 for e in edges if e.props["role"] == "guide") > 50
    carried = [e for e in edges if e.props.get("carried")]
    assert carried and {e.props["surface"] for e in carried} == {"试点城市政府"}
    for edge in edges:  # every role edge cites its span in the document text
        start, end = edge.props["start"], edge.props["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert text[start:end] == edge.props["surface"]


def test_law_duties_are_responsible_and_joint_and_classes_are_filled() -> None:
    graph = _graph("02-carbon-emissions-trading-interim-regulation-2024")
    roles = {(e.props["surface"], e.props["role"]) for e in _involves(graph)}
    assert ("国务院生态环境主管部门", "responsible") in roles
    assert ("国务院市场监督管理部门", "joint") in roles
    filled = {(e.source, e.target) for e in graph.edges if e.type is Rel.FILLED_BY}
    assert ("agency:国务院生态环境主管部门", "agency:生态环境部") in filled
    assert not graph.dangling_edges()


def test_a_relative_name_resolves_to_the_jurisdictions_body() -> None:
    # 17 北京市生态涵养区…条例: 市人民政府 is 北京市人民政府, seated in 北京市
    graph = _graph("17-beijing-ecological-conservation-area-regulation-2021")
    seated = {(e.source, e.target) for e in graph.edges if e.type is Rel.SEATED_IN}
    assert ("agency:北京市人民政府", "region:110000") in seated
    part_of = {(e.source, e.target) for e in graph.edges if e.type is Rel.PART_OF}
    assert ("agency:北京市生态环境部门", "agency:北京市人民政府") in part_of
    assert not graph.dangling_edges()


def test_tasks_carry_the_deadlines_and_targets_they_state() -> None:
    graph = _graph("04-state-council-office-zero-waste-city-pilot-plan-2018")
    tasks = {n.id.rsplit(":", 1)[1]: n for n in graph.nodes if n.type is NodeType.TASK}
    film = tasks["2.3.13"]  # 到2020年，重点用膜区当季地膜回收率达到80%以上。（农业农村部、…指导）
    assert film.props["deadlines"] == ["到2020年"]
    assert film.props["targets"] == ["重点用膜区当季地膜回收率达到80%以上"]
    for task in tasks.values():  # every task has both, as printed in its own text
        for item in [*task.props["deadlines"], *task.props["targets"]]:  # type: ignore[misc]
            assert item in str(task.props["text"])
    assert sum(1 for t in tasks.values() if t.props["deadlines"]) >= 5
