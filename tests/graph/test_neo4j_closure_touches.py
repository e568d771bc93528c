"""The Neo4j store's stored closure (cypher: Closure nodes, COVERS) stays the graph's own.

Every write keeps it: after a build, document changes (add, remove, replace), a change of the
hierarchy and a write(), the closure the server holds is compared with one computed here from
the store's dump (a plain breadth-first walk, not the store's Cypher), and the one-term
question's primitive, closure_pages, with the networkx store's over a table of terms.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from graph_support import distances, hierarchy

from policykg.graph.corpus import Change
from policykg.graph.model import (
    ENTITY_TYPES,
    HIERARCHY_RELS,
    MENTION_RELS,
    Edge,
    GraphData,
    NodeType,
    Rel,
)
from policykg.graph.neo4j_store import Neo4jStore
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.queries.entities import lookup_of
from policykg.graph.queries.reader import ClosurePage
from policykg.pipeline import (
    add_documents,
    build_with,
    gazetteer_and_extractor,
    read_documents,
    remove_documents,
)
from policykg.settings import PACKAGE_DATA

pytestmark = pytest.mark.neo4j

DEV = PACKAGE_DATA / "corpus" / "dev"
FILES = [
    DEV / "02-carbon-emissions-trading-interim-regulation-2024.txt",
    DEV / "04-state-council-office-zero-waste-city-pilot-plan-2018.txt",
    DEV / "17-beijing-ecological-conservation-area-regulation-2021.txt",
    PACKAGE_DATA / "corpus" / "laws" / "行政法规" / "长江河道采砂管理条例(2023-07-20).md",
]
#: (entity, task, document, seq) of every COVERS relationship; entity -> its links below.
Covers = set[tuple[str, str, str, int]]
Links = dict[str, list[tuple[str, str]]]


@pytest.fixture
def shared(neo4j_db: Any) -> Iterator[Any]:
    """The shared database (tests/conftest.py SharedNeo4j); reloaded by the next fixture."""
    yield neo4j_db
    neo4j_db.forget()


@pytest.fixture(scope="module")
def tools() -> tuple[Any, Any]:
    return gazetteer_and_extractor(PACKAGE_DATA / "gazetteers")


@pytest.fixture(scope="module")
def documents() -> dict[str, Any]:
    return {f"doc:{d.slug}": d for d in read_documents(FILES)}


def stored(store: Neo4jStore) -> tuple[Covers, Links]:
    """The closure the server holds."""
    with store.driver.session(database=store.database) as session:
        rows = session.run(
            "MATCH (c:Closure)-[r:COVERS]->(t) "
            "RETURN c.entity AS c, r.entity AS e, t.id AS t, r.document AS d, r.seq AS s"
        ).data()
        assert all(r["c"] == r["e"] for r in rows)
        covers = {(r["e"], r["t"], r["d"], r["s"]) for r in rows}
        assert len(covers) == len(rows), "one COVERS per entity and task"
        links = {
            r["e"]: sorted(zip(r["f"], r["t"], strict=True))
            for r in session.run(
                "MATCH (c:Closure) WHERE c.down_from IS NOT NULL "
                "RETURN c.entity AS e, c.down_from AS f, c.down_to AS t"
            )
        }
    return covers, links


def computed(data: GraphData) -> tuple[Covers, Links]:
    """The closure of `data`, walked here: each entity's tasks at or below it, and its links."""
    _, children = hierarchy(data)
    naming: dict[str, set[str]] = defaultdict(set)
    for e in data.edges:
        if e.type in MENTION_RELS:
            naming[e.target].add(e.source)
    tasks = {n.id: n for n in data.nodes if n.type == NodeType.TASK}
    covers: Covers = set()
    links: Links = {}
    for entity in (n.id for n in data.nodes if n.type in ENTITY_TYPES):
        below = {entity, *distances(entity, children)}
        for t in set().union(*(naming[x] for x in below)):
            props: Mapping[str, Any] = tasks[t].props
            covers.add((entity, t, props["document"], props["seq"]))
        found = sorted((x, c) for x in below for c in children.get(x, ()))
        if found:
            links[entity] = found
    return covers, links


def terms(data: GraphData) -> list[str]:
    """Entities in hierarchies (every fourth) and others (every tenth), by id and by name."""
    linked = {e.source for e in data.edges if e.type in HIERARCHY_RELS}
    linked |= {e.target for e in data.edges if e.type in HIERARCHY_RELS}
    entities = sorted((n for n in data.nodes if n.type in ENTITY_TYPES), key=lambda n: n.id)
    chosen = [n for n in entities if n.id in linked][::4] + entities[::10]
    return ["黄河", "长江", "北京", *(t for n in chosen for t in (n.id, n.name))]


def pages(store: Neo4jStore | NetworkXStore, term: str, below: bool, above: bool) -> object:
    lookup = lookup_of(term)
    assert lookup is not None
    found: list[ClosurePage] = store._reading(lambda r: r.closure_pages(lookup, below, above, 1, 5))
    return [
        dataclasses.replace(p, below=tuple(sorted(p.below)), above=tuple(sorted(p.above)))
        for p in found
    ]


def agrees(store: Neo4jStore) -> int:
    """The stored closure is the dump's, and closure_pages answers as networkx on the dump
    (below, and below with above); the number of pages with tasks compared."""
    data = store.dump()
    assert stored(store) == computed(data)
    reference = NetworkXStore(None)
    reference.replace(data)
    compared = 0
    store.clear_memo()
    for term in terms(data):
        for above in (False, True):
            got = pages(store, term, True, above)
            assert got == pages(reference, term, True, above), (term, above)
            compared += sum(1 for p in got if p.page)  # type: ignore[attr-defined]
    return compared


def test_a_build_stores_the_closure_of_its_graph(shared: Any, source_data: GraphData) -> None:
    store = shared.holding(source_data)
    covers, links = stored(store)
    assert (covers, links) == computed(source_data)
    assert len(covers) > 200 and len(links) > 5  # not trivially equal
    assert agrees(store) > 50


def test_a_build_over_another_graph_keeps_only_its_own_closure(
    shared: Any, source_data: GraphData
) -> None:
    """A replace brings the closure in step with the new graph whatever the old one held:
    tasks that lost a mention or moved (another seq), entities gone with their links."""
    store = shared.holding(source_data)
    links = [e for e in source_data.edges if e.type in HIERARCHY_RELS]
    gone = min(e.target for e in links)  # a parent, gone with its links and mentions
    lost = min((e for e in source_data.edges if e.type in MENTION_RELS), key=lambda e: e.ident)
    moved = max(n.id for n in source_data.nodes if n.type == NodeType.TASK)
    other = GraphData.of(
        (
            dataclasses.replace(n, props={**n.props, "seq": -1}) if n.id == moved else n
            for n in source_data.nodes
            if n.id != gone
        ),
        (e for e in source_data.edges if gone not in (e.source, e.target) and e != lost),
    )
    store.replace(other)
    assert stored(store) == computed(other)
    store.replace(source_data)
    assert stored(store) == computed(source_data)
    assert agrees(store) > 50


def test_document_changes_keep_the_stored_closure(
    shared: Any, documents: dict[str, Any], tools: Any
) -> None:
    ids = sorted(documents)
    store = shared.holding(build_with([documents[i] for i in ids[:2]], tools))
    assert agrees(store) > 10
    add_documents(store, [documents[ids[2]], documents[ids[3]]], tools)
    assert agrees(store) > 10
    remove_documents(store, [ids[0]], tools[0])
    assert agrees(store) > 10
    old = documents[ids[3]]
    from policykg.loaders.structure import parse_document

    add_documents(store, [parse_document(old.text[: len(old.text) // 2], slug=old.slug)], tools)
    assert agrees(store) > 10


def test_a_change_of_the_hierarchy_keeps_the_stored_closure(
    shared: Any, source_data: GraphData
) -> None:
    """Hierarchy links dropped, added and lost with an entity (a change of shared entities
    as graph.corpus plans it): every task under them gets its closure again."""
    store = shared.holding(source_data)
    links = [e for e in source_data.edges if e.type in HIERARCHY_RELS]
    parents = {e.target for e in links}
    named = {e.target for e in source_data.edges if e.type in MENTION_RELS}
    pairs = {(e.source, e.target) for e in links}
    # an inner region (with parents and children) that tasks name: dropped with its links
    inner = min(e.source for e in links if e.source in parents & named and "region:" in e.source)
    dropped = next(e for e in links if inner not in (e.source, e.target) and e.target in named)
    leaf = min(e.source for e in links if e.source not in parents and e.source != inner)
    top = min(p for p in parents - {inner} if (leaf, p) not in pairs and "region:" in p)
    added = Edge(leaf, Rel.PART_OF, top)
    change = Change((), (dropped.ident,), (inner,), (), (added,))
    store._change(lambda _: change, None)
    data = store.dump()
    assert inner not in {n.id for n in data.nodes}
    assert added.ident in {e.ident for e in data.edges}
    assert agrees(store) > 50


def test_write_keeps_the_stored_closure(shared: Any, source_data: GraphData) -> None:
    """A write that links an entity without links under a top one, and has a task name it."""
    store = shared.holding(source_data)
    links = [e for e in source_data.edges if e.type in HIERARCHY_RELS]
    ends = {e.source for e in links} | {e.target for e in links}
    regions = sorted(n.id for n in source_data.nodes if n.type == NodeType.REGION)
    lone = next(r for r in regions if r not in ends)
    top = min(e.target for e in links if e.target not in {x.source for x in links})
    mention = min((e for e in source_data.edges if e.type == Rel.TOUCHES), key=lambda e: e.ident)
    named = dataclasses.replace(mention, target=lone)  # the same task, span and surface
    store.write(GraphData.of((), (Edge(lone, Rel.PART_OF, top), named)))
    assert (top, lone) in stored(store)[1][top]
    assert agrees(store) > 50
