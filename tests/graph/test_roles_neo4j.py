"""Agency roles survive the real Neo4j store as they are in the networkx store: INVOLVES edges
with role, span and carried flag, and the FILLED_BY, SEATED_IN and PART_OF links of the agencies
the role reader names (dev documents 02, 04 and 17)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from policykg.graph.model import GraphData, Rel
from policykg.graph.networkx_store import NetworkXStore
from policykg.loaders.build import build_graph
from policykg.loaders.read import read_document
from policykg.pipeline import gazetteer_and_extractor
from policykg.settings import PACKAGE_DATA

pytestmark = pytest.mark.neo4j

DEV = PACKAGE_DATA / "corpus" / "dev"
DOCUMENTS = (
    "02-carbon-emissions-trading-interim-regulation-2024",
    "04-state-council-office-zero-waste-city-pilot-plan-2018",
    "17-beijing-ecological-conservation-area-regulation-2021",
)
ROLE_RELS = (Rel.INVOLVES, Rel.FILLED_BY, Rel.SEATED_IN)


@cache
def _data() -> GraphData:
    gazetteer, extractor = gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")
    docs = [read_document(DEV / f"{stem}.txt") for stem in DOCUMENTS]
    return build_graph(docs, gazetteer, extractor)


def _role_edges(data: GraphData) -> set[tuple[object, ...]]:
    return {
        (e.source, e.type.value, e.target, e.key, tuple(sorted(e.props.items())))
        for e in data.edges
        if e.type in ROLE_RELS
    }


def test_role_edges_are_the_same_in_neo4j_and_networkx(neo4j_db: Any) -> None:
    data = _data()
    neo4j = neo4j_db.holding(data)
    written = _role_edges(neo4j.dump())
    networkx = NetworkXStore()
    networkx.replace(data)
    assert written == _role_edges(networkx.dump())
    roles = {props for *_, props in written}
    assert any(("role", "lead") in p for p in roles)
    assert any(("carried", True) in p for p in roles)
    kinds = {rel for _, rel, *_ in written}
    assert kinds == {"INVOLVES", "FILLED_BY", "SEATED_IN"}
