"""What only the Neo4j store has: schema on connect, batched idempotent builds, parameters only.

Against the real server (scripts/neo4j/neo4j start); the database is shared, so each test asks
`neo4j_db` for the graph it starts from and leaves it to the next test's fixture to reload.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from devkit import cypher_rows
from devkit.statement_count import recording_statements
from policykg.errors import StoreUnavailable
from policykg.graph import cypher
from policykg.graph.model import MENTION_RELS, GraphData, NodeType, Rel
from policykg.graph.neo4j_store import Neo4jStore
from policykg.graph.networkx_store import NetworkXStore
from policykg.graph.results import TaskQuery

pytestmark = pytest.mark.neo4j


Credentials = tuple[str, str, str, str]


@pytest.fixture
def shared(neo4j_db: Any) -> Iterator[Any]:
    """The shared database (tests/conftest.py SharedNeo4j); reloaded by the next fixture."""
    yield neo4j_db
    neo4j_db.forget()


def reference(data: GraphData) -> GraphData:
    """What a store holding exactly `data` dumps (the networkx store drops None values too)."""
    store = NetworkXStore(None)
    store.replace(data)
    return store.dump()


def half(data: GraphData) -> GraphData:
    """The first half of the nodes and the edges among them: a build that died half way."""
    nodes = data.nodes[: len(data.nodes) // 2]
    ids = {n.id for n in nodes}
    return GraphData.of(nodes, (e for e in data.edges if e.source in ids and e.target in ids))


def test_connect_creates_the_schema_idempotently(neo4j_credentials: Credentials) -> None:
    first = Neo4jStore(*neo4j_credentials)
    second = Neo4jStore(*neo4j_credentials)  # IF NOT EXISTS: connecting again changes nothing
    try:
        records, _, _ = second.driver.execute_query("SHOW CONSTRAINTS YIELD name, type")
        constraints = {r["name"]: r["type"] for r in records}
        records, _, _ = second.driver.execute_query("SHOW INDEXES YIELD name, state")
        indexes = {r["name"]: r["state"] for r in records}
    finally:
        first.close()
        second.close()
    assert constraints["node_id"] == "UNIQUENESS"
    wanted = {
        "task_order",
        "entity_name",
        "entity_type",
        "entity_fold_name",
        "entity_fold_en",
        "entity_fold_key",
        "closure_order",
    }
    assert wanted <= set(indexes)
    assert {indexes[name] for name in wanted} == {"ONLINE"}
    assert len(cypher.CONSTRAINTS) == len({*constraints, *indexes} & _schema_names())


def _schema_names() -> set[str]:
    return {re.search(r"(?:CONSTRAINT|INDEX) (\w+)", s)[1] for s in cypher.CONSTRAINTS}  # type: ignore[index]


def test_an_alias_is_found_by_an_index_seek(shared: Any, source_data: GraphData) -> None:
    store = shared.holding(source_data)
    entity = min((n for n in source_data.nodes if n.props.get("aliases")), key=lambda n: n.id)
    alias = str(entity.props["aliases"][0])  # type: ignore[index]
    assert store.resolve(alias.upper()).id == entity.id
    with store.driver.session(database=store.database) as session:
        result = session.run(
            "PROFILE " + cypher.NAME_ROWS_NAMED,
            q=alias.lower(),
            needle=cypher.fold_key_needle(alias.lower()),
            type=None,
            mention=sorted(r.value for r in MENTION_RELS),
            stamp_key=cypher.STAMP_KEY,
        )
        assert [r["id"] for r in result.single(strict=True)["rows"]] == [entity.id]
        plan = str(result.consume().profile)
    assert "NodeIndexContainsScan" in plan and "_fold_key" in plan
    assert "NodeByLabelScan" not in plan and "AllNodesScan" not in plan


def test_a_substring_search_scans_the_text_index(
    shared: Any, source_data: GraphData, nx_source_store: NetworkXStore
) -> None:
    """Entity search and "did you mean" look for part of a name in the text index of
    `_fold_key`, not through every entity, and find what the networkx store finds."""
    store = shared.holding(source_data)
    with store.driver.session(database=store.database) as session:
        result = session.run(
            "PROFILE " + cypher.NAME_ROWS_CONTAINING,
            q="河",
            type=None,
            mention=sorted(r.value for r in MENTION_RELS),
        )
        assert len(result.data()) > 10
        plan = str(result.consume().profile)
    assert "NodeIndexContainsScan" in plan and "_fold_key" in plan
    assert "NodeByLabelScan" not in plan and "AllNodesScan" not in plan
    river = next(n for n in source_data.nodes if n.id == "region:黄河")
    across = "河" + cypher.FOLD_SEPARATOR + str(river.props["name_en"]).lower()[:3]
    for q in ("河", "HE", "yellow", "流域", "省", "ZZZ", across):
        for node_type in (None, NodeType.REGION):
            want = nx_source_store.search_entities(q, node_type, limit=500)
            assert store.search_entities(q, node_type, limit=500) == want, q
    assert store.search_entities(across).total == 0  # the key holds it, no name does


def make_old(store: Neo4jStore) -> None:
    """Turn the stored graph into one an older policykg wrote: no `_fold_key`, no stored
    closure, no version."""
    with store.driver.session(database=store.database) as session:
        session.run("MATCH (e:Entity) REMOVE e._fold_key").consume()
        session.run("MATCH (c:Closure) DETACH DELETE c").consume()
        session.run("MATCH (m:PolicykgMeta) DELETE m").consume()


def test_an_old_graph_is_upgraded_on_connect_and_answers_the_same(
    shared: Any, source_data: GraphData, neo4j_credentials: Credentials
) -> None:
    """A graph built before `_fold_key` and schema versions: connecting runs the migration,
    writes the current version, and the graph answers as the networkx store does."""
    store = shared.holding(source_data)
    entity = min((n for n in source_data.nodes if n.props.get("aliases")), key=lambda n: n.id)
    alias = str(entity.props["aliases"][0])  # type: ignore[index]
    make_old(store)
    assert store.schema_version() == 0
    ran, later = recording_statements(lambda: Neo4jStore(*neo4j_credentials))
    try:
        assert cypher.FILL_FOLD_KEYS in ran and cypher.SET_SCHEMA_VERSION in ran
        assert cypher.COVER_ALL in ran and cypher.LINK_ALL in ran
        assert later.schema_version() == cypher.CURRENT_SCHEMA
        assert later.resolve(alias).id == entity.id
        reference_store = NetworkXStore(None)
        reference_store.replace(source_data)
        for query in (
            TaskQuery(touches=(alias,), expand="both", limit=50),
            TaskQuery(touches=("黄河",), limit=50),
        ):
            assert later.tasks(query) == reference_store.tasks(query)
        assert later.search_entities("河") == reference_store.search_entities("河")
    finally:
        later.close()
    with store.driver.session(database=store.database) as session:
        left = session.run("MATCH (e:Entity) WHERE e._fold_key IS NULL RETURN count(e) AS n")
        assert left.single(strict=True)["n"] == 0


def test_connecting_to_a_current_graph_runs_one_read(
    shared: Any, source_data: GraphData, neo4j_credentials: Credentials
) -> None:
    """The version is read and nothing else: no schema statement, no migration, no write."""
    shared.holding(source_data)
    first = Neo4jStore(*neo4j_credentials)  # whatever the graph was at, it is current now
    first.close()
    ran, second = recording_statements(lambda: Neo4jStore(*neo4j_credentials))
    second.close()
    assert ran == [cypher.SCHEMA_VERSION]


def test_a_build_writes_the_current_version(shared: Any, source_data: GraphData) -> None:
    """A replace writes every node as this code does: the graph is at the current version
    even where its version node had gone (a database emptied by hand)."""
    store = shared.holding(source_data)
    make_old(store)
    store.replace(source_data)
    assert store.schema_version() == cypher.CURRENT_SCHEMA


def test_replace_twice_changes_nothing(shared: Any, source_data: GraphData) -> None:
    store = shared.holding(source_data)
    store.replace(source_data)
    first = store.dump()
    store.replace(source_data, batch_size=97)  # other batch boundaries, same graph
    assert store.dump() == first == reference(source_data)


def test_write_merges_and_is_idempotent(shared: Any, source_data: GraphData) -> None:
    store = shared.holding(source_data)
    store.replace(half(source_data))
    store.write(source_data)
    store.write(source_data)
    assert store.dump() == reference(source_data)


def test_a_build_that_died_half_way_converges_on_the_next_one(
    shared: Any, source_data: GraphData, synthetic_data: GraphData
) -> None:
    """Old graph + the first batches of a new build (stamped by a build that never swept),
    then the new build again: exactly the new graph, with nothing of the old one left."""
    store = shared.holding(source_data)
    store.write(half(synthetic_data), batch_size=500)
    mixed = store.stats()
    assert mixed.nodes["Document"] == 2, "old and new documents side by side"
    store.replace(synthetic_data, batch_size=1_000)
    assert store.dump() == reference(synthetic_data)
    assert store.stats().documents == ("doc:synthetic-3000",)


def test_replace_drops_properties_the_new_build_has_not(
    shared: Any, source_data: GraphData
) -> None:
    store = shared.holding(source_data)
    task = next(n for n in source_data.nodes if n.type == NodeType.TASK)
    changed = GraphData.of(
        [
            *(n for n in source_data.nodes if n.id != task.id),
            type(task)(task.id, task.type, task.name, {**task.props, "verbs": [], "note": "x"}),
        ],
        source_data.edges,
    )
    store.replace(changed)
    assert store.get_node(task.id).props["note"] == "x"
    assert store.get_node(task.id).props["verbs"] == []
    store.replace(source_data)
    assert (
        store.get_node(task.id)
        == reference(source_data).nodes[[n.id for n in reference(source_data).nodes].index(task.id)]
    )
    assert "note" not in store.get_node(task.id).props


def test_an_empty_build_empties_the_graph(shared: Any, source_data: GraphData) -> None:
    store = shared.holding(source_data)
    store.replace(GraphData((), ()))
    assert store.stats().node_total == 0 and store.dump() == GraphData((), ())
    assert store.tasks(TaskQuery()).total == 0


def test_cypher_takes_values_only_as_parameters() -> None:
    """No statement has a literal value in it (only ''), and templates take enums only."""
    statements = [v for k, v in vars(cypher).items() if k.isupper() and isinstance(v, str)]
    statements += [cypher.merge_nodes(t) for t in NodeType]
    statements += [cypher.merge_edges(r) for r in Rel]
    statements += [cypher_rows.merge_node_row(t) for t in NodeType]
    statements += [cypher_rows.merge_edge_row(r) for r in Rel]
    statements.append(cypher.shortest_paths(6))
    assert len(statements) > 30
    for statement in statements:
        assert re.findall(r"'[^']*'|\"[^\"]*\"", statement.replace("''", "")) == [], statement
    with pytest.raises(ValueError):
        cypher.label_for("Task) DETACH DELETE (n")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        cypher.rel_type("TOUCHES]->() DELETE r //")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        cypher.shortest_paths(0)


def test_wrong_credentials_are_a_clear_error(neo4j_credentials: Credentials) -> None:
    uri, _, _, database = neo4j_credentials
    # Another user name: wrong passwords for the real user would count towards its lock-out.
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore(uri, "policykg-no-such-user", "not-the-password", database)
    assert info.value.backend == "neo4j"
    assert "authentication failed for user 'policykg-no-such-user'" in info.value.reason
    assert uri in info.value.reason


def test_no_server_is_a_clear_error() -> None:
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore("bolt://127.0.0.1:1", "neo4j", "x", timeout=2)
    assert "cannot connect to bolt://127.0.0.1:1" in info.value.reason
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore("ftp://127.0.0.1:7687", "neo4j", "x", timeout=2)
    assert "invalid Neo4j URI" in info.value.reason
