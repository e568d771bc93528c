"""The Neo4j store's one-statement touches question answers as the query layer does.

A question of one term without filters (cypher.TOUCHES_PAGE) is worked out in one statement
that sends back only the page's tasks; these tests ask it cold (the memo cleared first) for
ids, names, English names and aliases of many entities of the source graph, with every
expansion, and compare with the networkx store, answers and errors alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from devkit.statement_count import recording_statements
from policykg.errors import PolicyKGError
from policykg.graph import cypher
from policykg.graph.model import ENTITY_TYPES, GraphData, Rel
from policykg.graph.neo4j_store import Neo4jStore
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import TaskQuery

pytestmark = pytest.mark.neo4j

EXPANDS = ("none", "narrower", "broader", "both")


@pytest.fixture
def store(neo4j_db: Any, source_data: GraphData) -> Iterator[Neo4jStore]:
    """The shared database holding the source graph (read only here)."""
    found: Neo4jStore = neo4j_db.holding(source_data)
    yield found


def answer(store: Neo4jStore | NetworkXStore, query: TaskQuery) -> object:
    """The page, or the error with what it carries."""
    try:
        return store.tasks(query)
    except PolicyKGError as exc:
        return type(exc).__name__, vars(exc)


def terms(data: GraphData) -> list[str]:
    """Ids and names of entities in and out of hierarchies, aliases and English names, names
    several entities share, a name no entity has, blank, and ids that are not entities."""
    entities = sorted((n for n in data.nodes if n.type in ENTITY_TYPES), key=lambda n: n.id)
    hierarchy = {e.source for e in data.edges if e.type in (Rel.PART_OF, Rel.IS_A)} | {
        e.target for e in data.edges if e.type in (Rel.PART_OF, Rel.IS_A)
    }
    chosen = [n for n in entities if n.id in hierarchy][::4] + entities[::25]
    names: dict[str, int] = {}
    for n in entities:
        names[n.name.lower()] = names.get(n.name.lower(), 0) + 1
    found = ["黄河", "河北", "京津冀", " 长江 ", "no such entity", "", "region:nowhere"]
    found += [name for name, count in sorted(names.items()) if count > 1][:3]
    found += [min(n.id for n in data.nodes if n.id.startswith("task:"))]
    for n in chosen:
        found += [n.id, n.name.upper()]
        found += [str(v) for v in (n.props.get("name_en"), *(n.props.get("aliases") or ())) if v][
            :2
        ]  # type: ignore[misc]
    return found


def test_one_statement_answers_as_the_query_layer(
    store: Neo4jStore, nx_source_store: NetworkXStore, source_data: GraphData
) -> None:
    asked = 0
    for term in terms(source_data):
        for expand in EXPANDS:
            query = TaskQuery(touches=(term,), expand=expand, limit=7, offset=2)
            store.clear_memo()
            assert answer(store, query) == answer(nx_source_store, query), (term, expand)
            asked += 1
    assert asked > 100


@pytest.mark.parametrize("expand", EXPANDS)
def test_a_cold_question_is_one_statement_and_a_repeated_one_the_stamp(
    store: Neo4jStore, nx_source_store: NetworkXStore, expand: str
) -> None:
    query = TaskQuery(touches=("黄河",), expand=expand, limit=50)  # type: ignore[arg-type]
    store.clear_memo()
    cold, first = recording_statements(lambda: store.tasks(query))
    again, second = recording_statements(lambda: store.tasks(query))
    assert cold == [cypher.TOUCHES_PAGE[expand]]
    assert again == [cypher.GRAPH_STAMP]
    assert first == second == nx_source_store.tasks(query)
    assert first.total > 0


def test_the_next_page_is_one_statement_too(
    store: Neo4jStore, nx_source_store: NetworkXStore
) -> None:
    first = TaskQuery(touches=("黄河",), limit=5)
    store.clear_memo()
    store.tasks(first)
    following = TaskQuery(touches=("黄河",), limit=5, offset=5)
    ran, page = recording_statements(lambda: store.tasks(following))
    assert ran == [cypher.TOUCHES_PAGE["narrower"]]
    assert page == nx_source_store.tasks(following)
