"""Role queries on both stores: tasks an agency leads or supports, agencies ranked by lead
tasks, and the agencies with a role in the tasks touching an entity.

The graph is dev documents 02 and 04 as the loaders built them, frozen
(scripts/freeze_roles_graph.py); expected answers are computed from its JSON with plain Python.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from policykg.errors import EntityNotFound
from policykg.graph.model import Edge, GraphData, Node, NodeType, Rel
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.store import GraphStore

FROZEN = Path(__file__).resolve().parents[1] / "fixtures" / "roles-graph.json.gz"


@cache
def _payload() -> dict[str, Any]:
    with gzip.open(FROZEN, "rt", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@cache
def _data() -> GraphData:
    payload = _payload()
    return GraphData.of(
        (Node(i, NodeType(t), name, props) for i, t, name, props in payload["nodes"]),
        (Edge(s, Rel(t), o, k, props) for s, t, o, k, props in payload["edges"]),
    )


def _roles() -> list[tuple[str, str, str]]:
    """(task, agency, role) of every role-carrying INVOLVES edge, read from the JSON."""
    return [
        (s, o, p["role"])
        for s, t, o, _, p in _payload()["edges"]
        if t == "INVOLVES" and p.get("role") not in (None, "mentioned")
    ]


@pytest.fixture(params=["networkx", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    if request.param == "networkx":
        networkx = NetworkXStore()
        networkx.replace(_data())
        yield networkx
    else:
        yield request.getfixturevalue("neo4j_db").holding(_data())


def test_tasks_an_agency_leads_and_supports(store: GraphStore) -> None:
    lead = store.agency_tasks("生态环境部", ["lead"])
    assert lead.total == 1
    [hit] = lead.items
    assert (hit.agency.id, hit.role, hit.surface) == ("agency:生态环境部", "lead", "生态环境部")
    assert "健全固体废物统计制度" in hit.task.text
    support = store.agency_tasks("国家统计局", ["support"])
    assert [h.task.id for h in support.items] == [hit.task.id]


def test_every_role_of_an_agency_in_document_order(store: GraphStore) -> None:
    expected = sorted({t for t, a, _ in _roles() if a == "agency:生态环境部"})
    page = store.agency_tasks("MEE")  # an alias
    assert page.total == sum(1 for _, a, _ in _roles() if a == "agency:生态环境部")
    assert sorted({h.task.id for h in page.items}) == expected
    seq = [(h.task.id.split(":")[1], _seq(h.task.id)) for h in page.items]
    assert seq == sorted(seq)
    paged = store.agency_tasks("生态环境部", limit=5, offset=5)
    assert paged.items == page.items[5:10]


def test_agencies_ranked_by_tasks_with_a_role(store: GraphStore) -> None:
    counts: dict[str, set[str]] = defaultdict(set)
    for task, agency, role in _roles():
        if role == "guide":
            counts[agency].add(task)
    expected = sorted(counts, key=lambda a: (-len(counts[a]), a))[:5]
    ranked = store.agency_rankings("guide", limit=5)
    assert [(r.agency.id, r.tasks) for r in ranked] == [(a, len(counts[a])) for a in expected]
    assert [r.agency.id for r in store.agency_rankings("lead")] == ["agency:生态环境部"]


def test_agencies_responsible_for_the_tasks_touching_an_entity(store: GraphStore) -> None:
    entity = "pollutant:危险废物"
    tasks = {s for s, t, o, _, _ in _payload()["edges"] if o == entity and t != "MENTIONS"}
    counts: dict[tuple[str, str], set[str]] = defaultdict(set)
    for task, agency, role in _roles():
        if task in tasks:
            counts[agency, role].add(task)
    found = store.responsible_agencies("危险废物", expand="none")
    assert {(c.agency.id, c.role): c.tasks for c in found} == {k: len(v) for k, v in counts.items()}
    assert found[0].tasks == max(len(v) for v in counts.values())


def test_an_unknown_agency_gets_suggestions(store: GraphStore) -> None:
    with pytest.raises(EntityNotFound):
        store.agency_tasks("生态环境布")


def _seq(task_id: str) -> int:
    node = next(n for n in _data().nodes if n.id == task_id)
    seq = node.get("seq")
    assert isinstance(seq, int)
    return seq
