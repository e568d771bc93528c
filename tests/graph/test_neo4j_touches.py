"""The Neo4j store's one-statement touches question answers as the query layer does.

A question of one term without filters is worked out by the query layer over the primitive
GraphReader.closure_pages, which the Neo4j store answers in one statement (cypher.CLOSURE_PAGES)
that sends back only the page's tasks; these tests ask it cold (the memo cleared first) for
ids, names, English names and aliases of many entities of the source graph, with every
expansion, and compare with the networkx store, answers and errors alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from devkit.statement_count import recording_statements
from policykg.errors import PolicyKGError
from policykg.graph import cypher
from policykg.graph.model import ENTITY_TYPES, GraphData, Rel
from policykg.graph.neo4j_store import Neo4jStore
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.queries.entities import lookup_of
from policykg.graph.queries.reader import ClosurePage
from policykg.graph.results import TaskQuery

pytestmark = pytest.mark.neo4j

EXPANDS = ("none", "narrower", "broader", "both")
#: The closure each expansion asks for: (below, above).
BELOW_ABOVE = {
    "none": (False, False),
    "narrower": (True, False),
    "broader": (False, True),
    "both": (True, True),
}


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


def closure_pages(
    store: Neo4jStore | NetworkXStore, term: str, below: bool, above: bool
) -> list[ClosurePage]:
    """The primitive itself on the store's reader, hierarchy links in a canonical order (the
    primitive gives them in no particular order)."""
    lookup = lookup_of(term)
    assert lookup is not None
    pages = store._reading(lambda r: r.closure_pages(lookup, below, above, 2, 7))
    return [
        dataclasses.replace(p, below=tuple(sorted(p.below)), above=tuple(sorted(p.above)))
        for p in pages
    ]


def _same_pages_on_both(
    store: Neo4jStore, nx_source_store: NetworkXStore, source_data: GraphData
) -> list[ClosurePage]:
    """Every term of the table with every expansion: Neo4j's pages (read cold) asserted equal
    to networkx's, and all of them returned."""
    found: list[ClosurePage] = []
    for term in terms(source_data):
        if lookup_of(term) is None:
            continue
        for below, above in BELOW_ABOVE.values():
            store.clear_memo()
            pages = closure_pages(store, term, below, above)
            assert pages == closure_pages(nx_source_store, term, below, above), (term, below)
            found += pages
    return found


def test_the_primitive_is_the_same_on_both_stores(
    store: Neo4jStore, nx_source_store: NetworkXStore, source_data: GraphData
) -> None:
    pages = _same_pages_on_both(store, nx_source_store, source_data)
    assert len(pages) > 100


@pytest.mark.parametrize("walk", ["total >= 0", "total < 0"], ids=["walked", "sorted"])
def test_both_ways_to_the_page_give_the_same_pages(
    store: Neo4jStore,
    nx_source_store: NetworkXStore,
    source_data: GraphData,
    monkeypatch: pytest.MonkeyPatch,
    walk: str,
) -> None:
    """Without the closure below (an entity alone, or the closure above it), the statement
    reads a page by walking the task_order index or by sorting the closure's tasks, whichever
    reads fewer (cypher.PAGE_WALK); the source graph is too small for the walk to be chosen,
    so each way is forced here (a condition on `total`, which the planner cannot fold away)
    and compared with networkx over the whole table of terms."""
    for key, statement in cypher.CLOSURE_PAGES.items():
        below, _ = key
        assert (cypher.PAGE_WALK in statement) is not below  # below: the stored closure's
        monkeypatch.setitem(cypher.CLOSURE_PAGES, key, statement.replace(cypher.PAGE_WALK, walk))
    pages = _same_pages_on_both(store, nx_source_store, source_data)
    assert sum(1 for p in pages if p.page) > 100


@pytest.mark.parametrize("expand", EXPANDS)
def test_a_cold_question_is_one_statement_and_a_repeated_one_the_stamp(
    store: Neo4jStore, nx_source_store: NetworkXStore, expand: str
) -> None:
    query = TaskQuery(touches=("黄河",), expand=expand, limit=50)  # type: ignore[arg-type]
    store.clear_memo()
    cold, first = recording_statements(lambda: store.tasks(query))
    again, second = recording_statements(lambda: store.tasks(query))
    assert cold == [cypher.CLOSURE_PAGES[BELOW_ABOVE[expand]]]
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
    assert ran == [cypher.CLOSURE_PAGES[True, False]]
    assert page == nx_source_store.tasks(following)
