"""The Neo4j store's memo of a graph version: answers stay those of the graph as it is.

A store memoises resolved terms and task orders under the graph's stamp, which every write
transaction renews; these tests write through a second store object (as another process
would), so that the first one only learns of the change from the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from devkit.statement_count import counting_statements
from policykg.errors import EntityNotFound
from policykg.graph.model import GraphData
from policykg.graph.neo4j_store import Neo4jStore
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import TaskQuery

pytestmark = pytest.mark.neo4j

TOUCHES = TaskQuery(touches=("黄河",), expand="both", limit=50)


@pytest.fixture
def shared(neo4j_db: Any) -> Iterator[Any]:
    """The shared database (tests/conftest.py SharedNeo4j); reloaded by the next fixture."""
    yield neo4j_db
    neo4j_db.forget()


@pytest.fixture
def other(neo4j_credentials: tuple[str, str, str, str]) -> Iterator[Neo4jStore]:
    """A second store on the same database: the other process that writes."""
    store = Neo4jStore(*neo4j_credentials)
    yield store
    store.close()


def without(data: GraphData, node_id: str) -> GraphData:
    """The graph without one node and its edges."""
    return GraphData.of(
        (n for n in data.nodes if n.id != node_id),
        (e for e in data.edges if node_id not in (e.source, e.target)),
    )


def networkx_answer(data: GraphData, query: TaskQuery) -> object:
    store = NetworkXStore(None)
    store.replace(data)
    return store.tasks(query)


def test_a_write_elsewhere_is_seen_by_the_next_question(
    shared: Any, other: Neo4jStore, source_data: GraphData
) -> None:
    store = shared.holding(source_data)
    first = store.tasks(TOUCHES)
    assert first == store.tasks(TOUCHES) == networkx_answer(source_data, TOUCHES)
    assert first.total > 0
    smaller = without(source_data, first.items[0].id)  # one task of the answer gone
    other.replace(smaller)
    after = store.tasks(TOUCHES)
    assert after == networkx_answer(smaller, TOUCHES)
    assert after.total == first.total - 1


def test_an_entity_removed_elsewhere_is_not_found_from_the_memo(
    shared: Any, other: Neo4jStore, source_data: GraphData
) -> None:
    store = shared.holding(source_data)
    assert store.tasks(TOUCHES).total > 0  # 黄河 resolved and memoised
    other.replace(without(source_data, "region:黄河"))
    with pytest.raises(EntityNotFound):
        store.tasks(TOUCHES)


def test_an_answer_without_page_rows_is_checked_too(
    shared: Any, other: Neo4jStore, source_data: GraphData
) -> None:
    """No task names the entity: the memoised answer needs no statement of its own, and the
    store still asks for the stamp before it answers."""
    named = {e.target for e in source_data.edges if e.source.startswith("task:")}
    unnamed = min(
        n.id for n in source_data.nodes if n.id.startswith("region:") and n.id not in named
    )
    query = TaskQuery(touches=(unnamed,), expand="none", limit=5)
    store = shared.holding(source_data)
    assert store.tasks(query).total == store.tasks(query).total == 0
    other.replace(without(source_data, unnamed))
    with pytest.raises(EntityNotFound):
        store.tasks(query)


def test_a_graph_without_a_stamp_is_answered_without_the_memo(
    shared: Any, source_data: GraphData
) -> None:
    """A writer that does not stamp (policykg before stamps): its graph is never memoised,
    and what was memoised for the last stamp is not used for it."""
    store = shared.holding(source_data)
    first = store.tasks(TOUCHES)  # memoised under the stamp
    gone = first.items[0].id
    with store.driver.session(database=store.database) as session:
        session.run("MATCH (v:GraphStamp) DELETE v").consume()
        session.run("MATCH (t:Node {id: $id}) DETACH DELETE t", id=gone).consume()
    want = networkx_answer(without(source_data, gone), TOUCHES)
    assert store.tasks(TOUCHES) == want
    assert store.tasks(TOUCHES) == want


def statements(store: Neo4jStore, query: TaskQuery) -> tuple[int, object]:
    """How many Cypher statements one question runs, and its answer."""
    return counting_statements(lambda: store.tasks(query))


@pytest.mark.parametrize(
    ("query", "cold"),
    [
        # one term, no filter: name, closure, page and rows in one statement with the stamp
        (TaskQuery(touches=("黄河",), limit=50), 1),
        (TOUCHES, 1),
        (TaskQuery(touches=("region:黄河",), expand="none", limit=50), 1),
        # two terms: the query layer's primitives (per term: lookup with the stamp and its
        # closure; then the order of the union, and the page's rows)
        (TaskQuery(touches=("黄河", "长江"), limit=50), 6),
    ],
)
def test_a_question_costs_few_statements_and_once_memoised_one(
    shared: Any, source_data: GraphData, query: TaskQuery, cold: int
) -> None:
    store = shared.holding(source_data)
    store.clear_memo()
    first = statements(store, query)
    again = statements(store, query)
    assert first == (cold, networkx_answer(source_data, query))
    assert again == (1, first[1])  # the stamp, checked; everything else from the memo


def test_after_a_write_elsewhere_a_new_question_is_one_statement(
    shared: Any, other: Neo4jStore, source_data: GraphData
) -> None:
    """A question the stale memo does not hold reads the new stamp along with its answer (no
    statement spent finding the memo stale); one it holds costs the stamp, found changed,
    and the question."""
    store = shared.holding(source_data)
    first = store.tasks(TOUCHES)
    smaller = without(source_data, first.items[0].id)
    other.replace(smaller)
    assert statements(store, TOUCHES) == (2, networkx_answer(smaller, TOUCHES))
    assert statements(store, TOUCHES)[0] == 1
    other.replace(source_data)
    new = TaskQuery(touches=("黄河",), expand="narrower", limit=5)
    assert statements(store, new) == (1, networkx_answer(source_data, new))
