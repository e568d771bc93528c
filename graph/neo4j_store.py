"""GraphStore on a Neo4j server through the official driver (5.x and 6.x).

Connecting checks the credentials and reads the layout version stored with the graph: one
read when it is current; an older graph (or an empty database) first gets the constraints and
indexes and the data migrations it lacks (cypher.MIGRATIONS, in one write transaction), and the
new version. A replace() writes the current version too. All Cypher lives in graph/cypher.py,
values as $parameters.

Writes: replace() merges every node and edge in batches of `UNWIND $rows … MERGE`, each batch
its own transaction, stamping each with a fresh build id; then it sweeps away every node and
relationship that does not carry that id. Each batch is idempotent, so re-running a build that
was interrupted (even killed) half way converges to exactly the graph a clean build gives.
The price of batches: while a build runs, and after one died, readers see a mix of the old and
the new graph (a single transaction of 100k tasks would not fit a small server's heap). After
the sweep, the closure stored beside the graph (cypher: a Closure node per entity, COVERS
relationships to the tasks at or below it) is brought in step, in batches too; a document
change and write() keep it in step for what they write, in their own transaction.

Reads: every query of graph.queries runs in one read transaction (execute_read, retried by
the driver on transient errors) over `_TxReader`, whose primitives are Cypher statements. A
server that is down, restarting or refusing us surfaces as StoreUnavailable; the driver
reconnects by itself once it is back.

What a query works out from the graph alone (a resolved name with its hierarchy closure and
the tasks naming it, the document order of a task set, the rows of tasks) is memoised per graph
version: every write transaction, ours or another process's, renews a stamp in the database
(cypher.SET_STAMP), and a reader checks the stamp it assumed with the first statement that
reads it, or before the answer leaves. A repeated question then costs one statement (the
stamp). A question of one term without filters (touches 黄河) that nothing memoised answers
is one statement too: its primitive, GraphReader.closure_pages, is cypher.CLOSURE_PAGES (the
name lookup, an index seek; the hierarchy closure, read where it is stored below an entity; the
number of tasks and the page's rows, with the stamp), and the query layer's lookups that follow are answered from what it read;
only the page's tasks leave the server. A memo found stale costs the stamp that showed it; a
value the memo lacks, nothing.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import (
    Callable,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from neo4j import (
    Driver,
    GraphDatabase,
    ManagedTransaction,
    NotificationDisabledClassification,
    Record,
    Session,
)
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    Neo4jError,
    TransientError,
)

from policykg.errors import PolicyKGError, StoreUnavailable
from policykg.graph import cypher
from policykg.graph.assemble import DATE_PRECEDENCE, DOCUMENT_FIELDS, document_ref, sort_mentions
from policykg.graph.centrality import CentralityMemo, undirected
from policykg.graph.corpus import Change
from policykg.graph.model import (
    ENTITY_TYPE_VALUES,
    HIERARCHY_REL_VALUES,
    MENTION_REL_VALUES,
    UNSTATED_ROLE,
    Edge,
    GraphData,
    Node,
    NodeType,
    Rel,
)
from policykg.graph.naming import NameRow, fold
from policykg.graph.queries import GraphReader, TaskFilters
from policykg.graph.queries.memo import VersionMemo
from policykg.graph.queries.reader import (
    ClosurePage,
    DocumentRow,
    EntityLookup,
    RoleRow,
    StructureRow,
)
from policykg.graph.results import (
    Cell,
    GraphStats,
    Mention,
    NodeRef,
    RankBy,
    Ref,
    Relative,
    TaskHit,
)
from policykg.graph.store import GraphStore, Planner

__all__ = ["Neo4jStore", "edge_rows", "node_rows"]


_T = TypeVar("_T")
_K = TypeVar("_K", NodeType, Rel)
#: Cypher parameters: the relation names, in a fixed order.
_MENTION = sorted(MENTION_REL_VALUES)
_HIERARCHY = sorted(HIERARCHY_REL_VALUES)
#: Properties the store adds to nodes and edges for itself; never part of a returned node.
_INTERNAL_NODE_KEYS = frozenset(
    {"id", "type", "name", "build", "_fold_name", "_fold_en", "_folds", "_fold_key"}
)
_INTERNAL_EDGE_KEYS = frozenset({"key", "build"})
_BATCH = 5_000
#: Task rows (TaskHit without matches) memoised per graph version, apart from the results
#: (100 pages of 50).
_HIT_MEMO_SIZE = 5_000
#: The Document properties a task row reads (graph.assemble.document_ref).
_DOC_KEYS = ("name", "kind", "level", *DATE_PRECEDENCE)
#: NodeType by value: a dict lookup per mention of a task row, where calling the enum costs
#: several times more.
_NODE_TYPE = {t.value: t for t in NodeType}
#: Server errors that mean "not now" rather than "wrong query".
_UNAVAILABLE_CODES = ("Neo.ClientError.Database.DatabaseNotFound",)


class Neo4jStore(GraphStore):
    """GraphStore over one database of a Neo4j server (Community has only `neo4j`).

    Args:
        uri: the server's bolt URI (an invalid one raises StoreUnavailable, refused).
        user: the user name.
        password: the user's password.
        database: the database to use.
        timeout: seconds to wait for a connection, and to retry a transaction.
    """

    backend = "neo4j"

    def __init__(
        self, uri: str, user: str, password: str, database: str = "neo4j", *, timeout: float = 5.0
    ) -> None:
        self.database = database
        self.uri = uri
        self._centrality = CentralityMemo()
        self._memo: VersionMemo[str] = VersionMemo()
        self._hits: VersionMemo[str] = VersionMemo(_HIT_MEMO_SIZE)
        try:
            self.driver: Driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=timeout,
                max_transaction_retry_time=timeout,
            )
        except (DriverError, ValueError) as exc:
            raise StoreUnavailable(
                "neo4j", f"invalid Neo4j URI {uri!r}: {exc}", refused=True
            ) from exc
        try:
            self.driver.verify_connectivity()
            with self._guard():
                self._upgrade()
        except StoreUnavailable:
            self.driver.close()
            raise
        except Neo4jError as exc:
            self.driver.close()
            if _is_auth_failure(exc):
                raise StoreUnavailable(
                    "neo4j",
                    f"authentication failed for user {user!r} at {uri} "
                    f"(wrong user name or password?): {exc.message or exc.code}",
                    refused=True,
                ) from exc
            raise StoreUnavailable("neo4j", f"{uri} refused us: {exc.message or exc}") from exc
        except (DriverError, OSError) as exc:
            self.driver.close()
            raise StoreUnavailable("neo4j", f"cannot connect to {uri}: {exc}") from exc

    def close(self) -> None:
        self.driver.close()

    def schema_version(self) -> int:
        """The stored graph's layout version (0: written before versions existed)."""
        with self._guard(), self._meta_session() as session:
            return session.execute_read(_schema_version)

    def _upgrade(self) -> None:
        """Bring a graph below cypher.CURRENT_SCHEMA up to it: the schema (indexes and
        constraints, IF NOT EXISTS), then the migrations it lacks and the new version in one
        write transaction. A graph at the current version costs one read."""
        with self._meta_session() as session:
            if session.execute_read(_schema_version) >= cypher.CURRENT_SCHEMA:
                return
            for statement in cypher.CONSTRAINTS:
                session.run(statement).consume()
            session.execute_write(_migrate)

    def clear_memo(self) -> None:
        """Forget what was memoised (the next read works everything out again)."""
        self._memo.clear()
        self._hits.clear()

    # -- plumbing -----------------------------------------------------------------------
    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Driver errors that mean the server is unreachable become StoreUnavailable.

        Other server errors (a Cypher mistake) stay what they are: a bug, not an outage.
        """
        try:
            yield
        except Neo4jError as exc:
            if _is_auth_failure(exc):
                raise StoreUnavailable(
                    "neo4j", f"authentication failed at {self.uri}: {exc.message}"
                ) from exc
            if isinstance(exc, TransientError) or exc.code in _UNAVAILABLE_CODES:
                raise StoreUnavailable("neo4j", f"{self.uri}: {exc.message or exc}") from exc
            raise
        except DriverError as exc:
            raise StoreUnavailable("neo4j", f"{self.uri} is not answering: {exc}") from exc

    def _session(self) -> Session:
        return self.driver.session(database=self.database)

    def _meta_session(self) -> Session:
        """A session that reads the version node where it may not exist yet: the server's
        notices of an unknown label or property (an empty or older database) are expected."""
        return self.driver.session(
            database=self.database,
            notifications_disabled_classifications=[
                NotificationDisabledClassification.UNRECOGNIZED
            ],
        )

    def _reading(self, work: Callable[[GraphReader], _T]) -> _T:
        return self._reading_tx(work)

    def _reading_tx(self, work: Callable[[_TxReader], _T]) -> _T:
        """One read transaction (one snapshot; retried by the driver on transient errors).

        The reader first assumes the graph is still at the stamp the memo was filled for,
        and checks that before the answer leaves (with the page rows, or with a statement of
        its own); if the graph moved on, the work runs again in the same transaction with
        the stamp read first.
        """

        def attempt(tx: ManagedTransaction) -> _T:
            reader = _TxReader(tx, self._centrality, self._memo, self._hits, self._memo.version)
            try:
                result = work(reader)
            except _StaleMemo:
                pass
            except PolicyKGError:  # an answer too (not found …): stands if the memo was current
                if reader.confirmed():
                    raise
            else:
                if reader.confirmed():
                    return result
            return work(_TxReader(tx, self._centrality, self._memo, self._hits, None))

        with self._guard(), self._session() as session:
            return session.execute_read(attempt)

    # -- writing ------------------------------------------------------------------------
    def write(self, data: GraphData, batch_size: int = _BATCH) -> None:
        """Merge nodes and edges (idempotent: writing the same data twice changes nothing).

        Args:
            data: the nodes and edges.
            batch_size: rows per write transaction.
        """
        self._merge(data, uuid.uuid4().hex, batch_size)
        upkeep = _ClosureUpkeep.of(data.nodes, data.edges, ())
        with self._guard(), self._session() as session:
            session.execute_write(upkeep.close)

    def replace(self, data: GraphData, batch_size: int = _BATCH) -> None:
        """Make the store hold exactly `data`: merge it, then sweep what it does not hold (a
        failed replace leaves a mix of the two graphs; running it again converges).

        Args:
            data: the whole graph.
            batch_size: rows per write transaction.
        """
        build = uuid.uuid4().hex
        self._merge(data, build, batch_size)
        with self._guard(), self._session() as session:
            # the sweep commits in many transactions of its own: renewed before and after it
            session.execute_write(_stamp)
            session.run(cypher.SWEEP_EDGES, build=build).consume()
            session.run(cypher.SWEEP_NODES, build=build).consume()
            for statement in _CLOSURE_REBUILD:
                session.run(statement).consume()
            session.execute_write(_stamped_at_current_version)

    def _change(self, plan: Planner, midway: Callable[[], None] | None) -> Change:
        """One write transaction reads the stored documents, plans and applies the change:
        Neo4j commits all of it or, on any failure (a killed client too), nothing."""
        build = uuid.uuid4().hex

        def work(tx: ManagedTransaction) -> Change:
            stored = tx.run(cypher.DOCUMENT_NODES).data()
            documents = {r["props"]["id"]: _node(r["props"]) for r in stored}
            change = plan(documents)
            upkeep = _ClosureUpkeep.of(change.nodes, change.edges, change.dropped_edges)
            upkeep = upkeep.dropping(tx, change.dropped_nodes)
            tx.run(cypher.DELETE_DOCUMENTS, ids=list(change.removed)).consume()
            dropped = [
                {"source": s, "type": r, "target": t, "key": k}
                for s, r, t, k in change.dropped_edges
            ]
            tx.run(cypher.DROP_EDGES, rows=dropped).consume()
            tx.run(cypher.DROP_NODES, ids=list(change.dropped_nodes)).consume()
            if midway is not None:
                midway()
            for statement, chunk in _batches(change.nodes, change.edges, build, _BATCH):
                _run(tx, statement, chunk)
            upkeep.close(tx)
            _stamp(tx)
            return change

        with self._guard(), self._session() as session:
            return session.execute_write(work)

    def _merge(self, data: GraphData, build: str, batch_size: int) -> None:
        """Each batch (_batches) in a write transaction of its own."""
        batches = _batches(data.nodes, data.edges, build, batch_size)
        with self._guard(), self._session() as session:
            for statement, chunk in batches:
                session.execute_write(_run, statement, chunk)


class _TxReader:
    """The Neo4j store's GraphReader: every primitive is Cypher in one read transaction.

    The graph's stamp (which memo values hold) is, at any time, either assumed (the one the
    memo was filled for: confirmed by the first statement that reads the stamp, else before
    the answer leaves), known (read in this transaction), or not yet read. A lookup that
    reads rows for later primitives (the nodes of a name lookup, the tasks and their document
    order along a hierarchy closure) keeps them for this transaction only.
    """

    def __init__(
        self,
        tx: ManagedTransaction,
        centrality: CentralityMemo,
        memo: VersionMemo[str],
        hits: VersionMemo[str],
        assumed: str | None,
    ) -> None:
        self._tx = tx
        self._centrality = centrality
        self._memo = memo
        self._hits = hits
        self._stamp = assumed  # the graph version the memo is read for
        self._checked = assumed is None  # None: the stamp is read before the memo is used
        self._stamp_read = False
        self._assumed_used = False
        self._lazy = False  # a memo value is being computed before the stamp was read
        self._rows: dict[str, TaskHit] = {}  # task rows read along with a page
        self._nodes: dict[str, Node] = {}  # entities read by a name lookup
        self._absent: set[str] = set()  # ids read and found to be no node
        self._names: dict[str, list[NameRow]] = {}  # exact name lookups (any type), as read
        self._named: dict[str, list[str]] = {}  # entity -> the tasks naming it, as read
        self._orders: list[tuple[list[str], frozenset[str]]] = []  # task sets in order, as read

    def _data(self, query: str, **params: Any) -> list[dict[str, Any]]:
        self._stamp_first()
        return self._tx.run(query, params).data()

    def _single(self, query: str, **params: Any) -> Record:
        """The one row a statement returns (every such statement aggregates), as the driver
        decoded it (Record.data would copy every value once more)."""
        self._stamp_first()
        return self._tx.run(query, params).single(strict=True)

    def _carrying(self, query: str, **params: Any) -> Record:
        """The one row of a statement that reads the stamp along with its rows (`stamp`)."""
        row = self._tx.run(query, params, stamp_key=cypher.STAMP_KEY).single(strict=True)
        self._seen(row["stamp"])
        return row

    def _stamp_first(self) -> None:
        """A memo value is computed and the stamp is unread: read it before the value's first
        statement that does not carry it (what is filed under a stamp is read after it)."""
        if self._lazy and not self._stamp_read:
            row = self._tx.run(cypher.GRAPH_STAMP, stamp_key=cypher.STAMP_KEY).single(strict=True)
            self._stamp, self._stamp_read = row["stamp"], True

    def stats(self) -> GraphStats:
        nodes = {r["type"]: r["n"] for r in self._data(cypher.NODE_COUNTS)}
        edges = {r["type"]: r["n"] for r in self._data(cypher.EDGE_COUNTS)}
        docs = tuple(r["id"] for r in self._data(cypher.DOCUMENTS))
        return GraphStats(dict(sorted(nodes.items())), dict(sorted(edges.items())), docs)

    def node(self, node_id: str) -> Node | None:
        if node_id in self._nodes:
            return self._nodes[node_id]
        if node_id in self._absent:
            return None
        if self._lazy and not self._stamp_read:
            props = self._carrying(cypher.GET_NODE_STAMPED, id=node_id)["props"]
            return None if props is None else _node(props)
        rows = self._data(cypher.GET_NODE, id=node_id)
        return _node(rows[0]["props"]) if rows else None

    def name_rows(self, folded: str, node_type: NodeType | None, *, exact: bool) -> list[NameRow]:
        type_ = node_type.value if node_type else None
        if exact and type_ is None and folded in self._names:
            return self._names[folded]
        if exact:
            found = self._carrying(
                cypher.NAME_ROWS_NAMED,
                q=folded,
                needle=cypher.fold_key_needle(folded),
                type=type_,
                mention=_MENTION,
            )
            self._nodes.update((p["id"], _node(p)) for p in found["nodes"])
            return [_name_row(r) for r in found["rows"]]
        if not folded:  # every entity: what "did you mean" compares a name with
            return self.cached(("every name", type_), lambda: self._every_name(type_))
        rows = self._data(cypher.NAME_ROWS_CONTAINING, q=folded, type=type_, mention=_MENTION)
        return [_name_row(r["row"]) for r in rows]

    def _every_name(self, type_: str | None) -> list[NameRow]:
        rows = self._data(cypher.NAME_ROWS_ALL, type=type_, mention=_MENTION)
        return [_name_row(r["row"]) for r in rows]

    def relatives(self, ids: Sequence[str], down: bool) -> list[tuple[str, Relative]]:
        statement = cypher.CHILDREN if down else cypher.PARENTS
        rows = self._data(statement, ids=list(ids), hierarchy=_HIERARCHY)
        return [(r["from"], _relative(r)) for r in rows]

    def hierarchy_links(self, start: str, down: bool) -> list[tuple[str, str]]:
        statement = cypher.LINKS_BELOW if down else cypher.LINKS_ABOVE
        found = self._single(statement, id=start)
        self._ordered(found["ordered"])
        links = [(x, y) for x, steps, _ in found["entities"] for y in steps]
        self._named.update((y, []) for y in (start, *(y for _, y in links)))  # reached
        self._named.update((x, tasks) for x, _, tasks in found["entities"])
        return links

    def tasks_naming(self, entity_ids: Iterable[str]) -> Mapping[str, Sequence[str]]:
        ids = list(entity_ids)
        if all(i in self._named for i in ids):  # read along with a hierarchy closure
            return {i: self._named[i] for i in ids if self._named[i]}
        found = self._single(cypher.TASKS_NAMING, ids=ids, mention=_MENTION)
        self._ordered(found["ordered"])
        named: dict[str, list[str]] = {}
        for entity, task in found["pairs"]:
            named.setdefault(entity, []).append(task)
        return named

    def closure_pages(
        self, lookup: EntityLookup, below: bool, above: bool, offset: int, limit: int
    ) -> list[ClosurePage]:
        """One statement (cypher.CLOSURE_PAGES), which reads along the node of the id, the
        entities of the name (with their nodes) and the pages' rows, for the lookups and
        task_hits that follow in this transaction."""
        found = self._carrying(
            cypher.CLOSURE_PAGES[below, above],
            id=lookup.id,
            q=lookup.folded,
            needle=cypher.fold_key_needle(lookup.folded),
            type=None,
            entity_types=sorted(ENTITY_TYPE_VALUES),
            mention=_MENTION,
            doc_keys=_DOC_KEYS,
            offset=offset,
            limit=limit,
        )
        if lookup.id is not None and found["by_id"] is None:
            self._absent.add(lookup.id)
        elif lookup.id is not None:
            self._nodes[lookup.id] = _node(found["by_id"])
        self._nodes.update((p["id"], _node(p)) for p in found["nodes"])
        self._names[lookup.folded] = [_name_row(r) for r in found["names"]]
        rows = {r[0]: _task_hit(r) for r in found["rows"]}
        self._rows.update(rows)
        if found["stamp"] is not None:
            self._hits.put(found["stamp"], rows)
        pages = (
            ClosurePage(
                entity,
                tuple(zip(down_from, down_to, strict=True)),
                tuple((x, y) for x, ys in up for y in ys),
                total,
                tuple(page),
            )
            for entity, down_from, down_to, up, total, page in found["pages"]
        )
        return sorted(pages, key=lambda p: p.entity)

    def mention_counts(self, entity_id: str) -> dict[str, int]:
        rows = self._data(cypher.MENTION_COUNTS, id=entity_id, mention=_MENTION)
        return {r["rel"]: r["n"] for r in rows}

    def cached(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """From the store's memo of this graph version: the assumed one (checked before the
        answer leaves, see Neo4jStore._reading), else the stamp read in this transaction. A
        concurrent write commits a new stamp, so what this transaction computes is filed
        under a stamp no later reader asks for. A graph without a stamp: computed every time.

        The stamp not read yet (the memo held nothing current when the transaction began):
        the value is computed, the stamp read by its first statement (a name or node lookup
        carries it, any other statement is preceded by a read of it), and filed under it."""
        if not (self._checked or self._assumed_used or self._memo.holds(self._stamp, key)):
            # nothing answered from the memo yet, and it lacks this value: the stamp is read
            # with the value, as if nothing had been memoised (not a statement more if the
            # graph moved on)
            self._stamp, self._checked = None, True
        if self._checked and not self._stamp_read:
            lazy, self._lazy = self._lazy, True
            try:
                value = compute()
            finally:
                self._lazy = lazy
            if self._stamp_read and self._stamp is not None:
                self._memo.put(self._stamp, {key: value})
            return value
        if self._stamp is None:
            return compute()
        if not self._checked:
            self._assumed_used = True
        return self._memo.get(self._stamp, key, compute)

    def _seen(self, stamp: str | None) -> None:
        """The stamp a statement read along with its rows: it confirms an assumed one, or
        shows the memo was stale; not read yet, it is the stamp of this transaction."""
        if not self._checked:
            if stamp != self._stamp:
                raise _StaleMemo
            self._checked = self._stamp_read = True
        elif not self._stamp_read:
            self._stamp, self._stamp_read = stamp, True

    def confirmed(self) -> bool:
        """Whether what this reader answered holds for the graph as it is (asks for the
        stamp if no statement has checked the assumed one yet)."""
        if self._checked or not self._assumed_used:
            return True
        stamp = self._single(cypher.GRAPH_STAMP, stamp_key=cypher.STAMP_KEY)["stamp"]
        return bool(stamp == self._stamp)

    def task_page(
        self, candidates: frozenset[str] | None, filters: TaskFilters, offset: int, limit: int
    ) -> tuple[int, list[str]]:
        if candidates is not None and filters == _NO_FILTERS:
            # the set's order is memoised; its rows come with task_hits, page by page
            ordered = self.cached(("order", candidates), lambda: self._in_order(candidates))
            return len(ordered), ordered[offset : offset + limit]
        row = self._single(
            cypher.FILTER_TASKS if candidates is None else cypher.FILTER_TASKS_BY_ID,
            **_filter_params(candidates, filters),
            offset=offset,
            limit=limit,
            mention=_MENTION,
            doc_keys=_DOC_KEYS,
        )
        self._rows.update((r[0], _task_hit(r)) for r in row["rows"])
        return row["total"], row["page"]

    def _ordered(self, tasks: list[str]) -> None:
        """A set of tasks in document order, read along with them."""
        self._orders.append((tasks, frozenset(tasks)))

    def _in_order(self, ids: frozenset[str]) -> list[str]:
        for tasks, kept in self._orders:
            if ids <= kept:  # part of a set read in order
                return tasks if ids == kept else [t for t in tasks if t in ids]
        ordered: list[str] = self._single(cypher.TASK_ORDER, ids=sorted(ids))["ids"]
        return ordered

    def task_documents(
        self, candidates: frozenset[str] | None, filters: TaskFilters
    ) -> Mapping[str, str]:
        rows = self._data(
            cypher.TASK_DOCUMENTS if candidates is None else cypher.TASK_DOCUMENTS_BY_ID,
            **_filter_params(candidates, filters),
        )
        return {r["task"]: r["document"] for r in rows}

    def documents(self) -> list[DocumentRow]:
        rows = self._data(cypher.DOCUMENT_ROWS, fields=list(DOCUMENT_FIELDS))
        return [DocumentRow(r["id"], r["name"], dict(r["props"]), r["tasks"]) for r in rows]

    def task_hits(self, ids: Sequence[str]) -> list[TaskHit]:
        missing = [i for i in ids if i not in self._rows]
        stamp = self._stamp if not self._checked or self._stamp_read else None
        if missing and stamp is not None:
            kept = self._hits.lookup(stamp, missing)
            if kept:
                self._assumed_used = self._assumed_used or not self._checked
                self._rows.update(kept)  # type: ignore[arg-type]
                missing = [i for i in missing if i not in kept]
        if missing:
            found = self._carrying(
                cypher.TASK_ROWS, ids=missing, mention=_MENTION, doc_keys=_DOC_KEYS
            )
            read = {r[0]: _task_hit(r) for r in found["rows"]}
            self._rows.update(read)
            if found["stamp"] is not None:
                self._hits.put(found["stamp"], read)
        return [self._rows[i] for i in ids if i in self._rows]

    def structure(self) -> list[StructureRow]:
        return [
            StructureRow(
                r["doc"],
                r["doc_name"],
                r["theme"],
                r["theme_ordinal"] or "",
                r["theme_name"] or "",
                r["area"],
                r["area_ordinal"] or "",
                r["area_name"] or "",
                r["tasks"],
            )
            for r in self._data(cypher.THEME_TREE)
        ]

    def neighbours(self, ids: Sequence[str]) -> dict[str, str]:
        return {r["id"]: r["type"] for r in self._data(cypher.NEIGHBOURS, ids=list(ids))}

    def subgraph(self, ids: Iterable[str]) -> GraphData:
        kept = sorted(set(ids))
        nodes = self._data(cypher.SUBGRAPH_NODES, ids=kept)
        edges = self._data(cypher.SUBGRAPH_EDGES, ids=kept)
        return GraphData.of((_node(r["props"]) for r in nodes), (_edge(r) for r in edges))

    def shortest_paths(self, a: str, b: str, max_hops: int) -> list[tuple[str, ...]]:
        rows = self._data(cypher.shortest_paths(max_hops), a=a, b=b)
        return [tuple(r["path"]) for r in rows]

    def pairings(self, rows: NodeType, cols: NodeType) -> list[Cell]:
        found = self._data(cypher.COOCCURRENCE, rows=rows.value, cols=cols.value, mention=_MENTION)
        return [
            Cell(
                NodeRef(r["row"], r["row_name"], rows),
                NodeRef(r["col"], r["col_name"], cols),
                len(r["tasks"]),
                tuple(r["tasks"]),
            )
            for r in found
        ]

    def scores(self, node_type: NodeType, by: RankBy) -> dict[str, tuple[str, float]]:
        if by == "betweenness":
            rows = self._data(cypher.ENTITY_IDS, type=node_type.value)
            version = self.cached("version", lambda: self._single(cypher.GRAPH_VERSION))
            key = (version["nodes"], version["edges"], tuple(sorted(version["builds"])))
            found = self._centrality.rank(
                key, lambda: undirected(self.dump()), [r["id"] for r in rows], by
            )
        else:
            statement = cypher.TASK_COUNTS if by == "tasks" else cypher.DEGREES
            rows = self._data(statement, type=node_type.value, mention=_MENTION)
            found = {r["id"]: float(r["score"]) for r in rows}
        return {r["id"]: (r["name"], found[r["id"]]) for r in rows}

    def role_rows(
        self, agencies: Sequence[str] | None, tasks: frozenset[str] | None
    ) -> list[RoleRow]:
        rows = self._data(
            cypher.ROLE_ROWS,
            unstated=UNSTATED_ROLE,
            agencies=None if agencies is None else list(agencies),
            tasks=None if tasks is None else sorted(tasks),
        )
        return [
            RoleRow(
                r["task"],
                NodeRef(r["agency"], r["name"], NodeType.AGENCY),
                r["role"],
                bool(r["carried"]),
                r["surface"],
                (r["start"], r["end"]),
            )
            for r in rows
        ]

    def dump(self) -> GraphData:
        nodes, edges = self._data(cypher.ALL_NODES), self._data(cypher.ALL_EDGES)
        return GraphData.of((_node(r["props"]) for r in nodes), (_edge(r) for r in edges))


@dataclass(frozen=True)
class _ClosureUpkeep:
    """What a write does to the stored closure (cypher.COVER_ALL …): the tasks whose closure
    it writes again, the entities whose ancestors may have changed (the tasks naming one at or
    below them are closed again), those whose links below may have changed (they and the
    entities above them are linked again), and the entities it deletes (their closure nodes
    go with them)."""

    tasks: frozenset[str]
    below: frozenset[str]
    above: frozenset[str]
    dropped: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        nodes: Iterable[Node],
        edges: Iterable[Edge],
        dropped_edges: Iterable[tuple[str, str, str, str]],
    ) -> _ClosureUpkeep:
        """For a write of these nodes and edges that also drops `dropped_edges` (source,
        relation, target, key): tasks written or given or losing a mention, and both ends of
        every hierarchy link written or dropped."""
        links = [(e.source, e.type.value, e.target) for e in edges]
        links += [(s, r, t) for s, r, t, _ in dropped_edges]
        return cls(
            frozenset(n.id for n in nodes if n.type == NodeType.TASK)
            | {s for s, r, _ in links if r in MENTION_REL_VALUES},
            frozenset(s for s, r, _ in links if r in HIERARCHY_REL_VALUES),
            frozenset(t for _, r, t in links if r in HIERARCHY_REL_VALUES),
        )

    def dropping(self, tx: ManagedTransaction, ids: Sequence[str]) -> _ClosureUpkeep:
        """The same, and the nodes `ids` deleted: read before they go, their hierarchy
        neighbours and the tasks naming them."""
        if not ids:
            return self
        ends = tx.run(cypher.DROPPED_ENDS, ids=list(ids)).single(strict=True)
        return _ClosureUpkeep(
            self.tasks | set(ends["tasks"]),
            self.below | set(ends["below"]),
            self.above | set(ends["above"]),
            self.dropped | set(ids),
        )

    def close(self, tx: ManagedTransaction) -> None:
        """Write the closure again where the write may have changed it (after the write)."""
        if self.dropped:
            tx.run(cypher.DROP_CLOSURES, ids=sorted(self.dropped)).consume()
        if self.tasks or self.below:
            tx.run(cypher.CLOSE_TASKS, tasks=sorted(self.tasks), below=sorted(self.below)).consume()
        if self.above:
            tx.run(cypher.LINK_ENTITIES, ids=sorted(self.above)).consume()


#: After a replace: the stored closure brought in step with the new graph, in batches.
_CLOSURE_REBUILD = (
    cypher.DROP_STALE_CLOSURES,
    cypher.RECOVER_ALL_BATCHED,
    cypher.LINK_ALL_BATCHED,
)


class _StaleMemo(Exception):
    """The graph moved on from the stamp a reader assumed (its memo answers are stale)."""


_NO_FILTERS = TaskFilters()


# -- rows written ------------------------------------------------------------------------------


def node_rows(nodes: Iterable[Node], build: str) -> dict[NodeType, list[dict[str, Any]]]:
    """Write rows by node type: {id, props}; None-valued properties are left out.

    Args:
        nodes: the nodes to write.
        build: the id of this write, stored on every node (a replace sweeps nodes of other builds).
    """
    return _by_kind((n.type, {"id": n.id, "props": _node_props(n, build)}) for n in nodes)


def edge_rows(edges: Iterable[Edge], build: str) -> dict[Rel, list[dict[str, Any]]]:
    """Write rows by relationship type: {source, target, key, props}.

    Args:
        edges: the edges to write.
        build: the id of this write, stored on every edge (a replace sweeps edges of other builds).
    """
    return _by_kind(
        (
            e.type,
            {
                "source": e.source,
                "target": e.target,
                "key": e.key,
                "props": _present(e.props, key=e.key, build=build),
            },
        )
        for e in edges
    )


def _by_kind(rows: Iterable[tuple[_K, dict[str, Any]]]) -> dict[_K, list[dict[str, Any]]]:
    """Rows grouped by their node type or relationship type (one statement per group)."""
    grouped: dict[_K, list[dict[str, Any]]] = defaultdict(list)
    for kind, row in rows:
        grouped[kind].append(row)
    return grouped


def _node_props(n: Node, build: str) -> dict[str, Any]:
    """What a node stores: its properties, and for an entity its folded names as lookups
    read them."""
    props = _present(n.props, id=n.id, type=n.type.value, name=n.name, build=build)
    if n.type.value in ENTITY_TYPE_VALUES:
        name_en = str(n.props.get("name_en") or "")
        aliases = [str(a) for a in n.props.get("aliases") or ()]  # type: ignore[union-attr]
        folds = [fold(n.name), fold(name_en), *map(fold, aliases)]
        props.update(
            _fold_name=fold(n.name),
            _fold_en=fold(name_en),
            _folds=folds,
            _fold_key=cypher.fold_key(folds),
        )
    return props


def _present(props: Mapping[str, Any], **stored: Any) -> dict[str, Any]:
    """The properties that have a value (Neo4j stores no null), and what the store adds."""
    return {k: v for k, v in props.items() if v is not None} | stored


def _batches(
    nodes: Iterable[Node], edges: Iterable[Edge], build: str, size: int
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(statement, rows) of at most `size` rows: the nodes first (so that every edge finds its
    ends), by type; then the edges, by type. Every row is made before the first batch."""
    by_type, by_rel = node_rows(nodes, build), edge_rows(edges, build)
    for node_type, rows in sorted(by_type.items()):
        for chunk in _chunks(rows, size):
            yield cypher.merge_nodes(node_type), chunk
    for rel, rows in sorted(by_rel.items()):
        for chunk in _chunks(rows, size):
            yield cypher.merge_edges(rel), chunk


# -- row mapping ------------------------------------------------------------------------------


def _run(tx: ManagedTransaction, query: str, rows: list[dict[str, Any]]) -> None:
    """One batch of a write, and a new stamp with it (the graph changes as it commits)."""
    tx.run(query, rows=rows).consume()
    _stamp(tx)


def _schema_version(tx: ManagedTransaction) -> int:
    row = tx.run(cypher.SCHEMA_VERSION, meta_key=cypher.META_KEY).single(strict=True)
    return int(row["version"] or 0)


def _migrate(tx: ManagedTransaction) -> None:
    """The migrations the graph lacks, in order, and the version it is then at (read again
    here: another store may have upgraded it since this one looked)."""
    for statement in cypher.MIGRATIONS[_schema_version(tx) :]:
        tx.run(statement, separator=cypher.FOLD_SEPARATOR).consume()
    _set_version(tx)


def _set_version(tx: ManagedTransaction) -> None:
    tx.run(
        cypher.SET_SCHEMA_VERSION, meta_key=cypher.META_KEY, version=cypher.CURRENT_SCHEMA
    ).consume()


def _stamped_at_current_version(tx: ManagedTransaction) -> None:
    """The end of a replace: every node was written as this code writes it."""
    _set_version(tx)
    _stamp(tx)


def _stamp(tx: ManagedTransaction) -> None:
    tx.run(cypher.SET_STAMP, stamp_key=cypher.STAMP_KEY, stamp=uuid.uuid4().hex).consume()


def _chunks(rows: list[_T], size: int) -> Iterator[list[_T]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _is_auth_failure(exc: Neo4jError) -> bool:
    """Wrong credentials, or too many of them (the server's rate limit is a plain ClientError);
    not Security.Forbidden, which is a user without a permission."""
    return isinstance(exc, AuthError) or (
        isinstance(exc, ClientError)
        and exc.code == "Neo.ClientError.Security.AuthenticationRateLimit"
    )


# The server keeps a node's properties in an order of its own, which depends on the order
# they were written in (a repaired build writes them in another): sorted, a dump and an
# export of the same graph are the same bytes however it was written.
def _node(props: dict[str, Any]) -> Node:
    rest = {k: props[k] for k in sorted(props) if k not in _INTERNAL_NODE_KEYS}
    return Node(props["id"], NodeType(props["type"]), props["name"], rest)


def _edge(row: dict[str, Any]) -> Edge:
    props = {k: row["props"][k] for k in sorted(row["props"]) if k not in _INTERNAL_EDGE_KEYS}
    return Edge(row["source"], Rel(row["type"]), row["target"], row["props"].get("key", ""), props)


def _relative(row: dict[str, Any]) -> Relative:
    return Relative(row["id"], row["name"], NodeType(row["type"]), row["rel"])


def _name_row(row: dict[str, Any]) -> NameRow:
    return NameRow(
        row["id"],
        row["name"],
        row["name_en"],
        row["type"],
        tuple(row["aliases"]),
        row["tasks"],
        row["kind"],
    )


def _filter_params(candidates: frozenset[str] | None, filters: TaskFilters) -> dict[str, Any]:
    """The parameters of graph.cypher's task filters."""
    return {
        "ids": None if candidates is None else sorted(candidates),
        "documents": None if filters.documents is None else sorted(filters.documents),
        "action_type": filters.action_type,
        "text": filters.text,
        "theme": filters.theme,
        "area": filters.area,
    }


def _task_hit(row: list[Any]) -> TaskHit:
    """A row of cypher._TASK_ROW (a list, read by position) as a result."""
    (task, text, ordinal, doc_id, theme, area, action_type, verbs, start, end) = row[:10]
    theme_name, area_name, doc_values, mentions = row[10:]
    doc = dict(zip(_DOC_KEYS, doc_values, strict=True))
    return TaskHit(
        id=task,
        text=text,
        ordinal=ordinal,
        document=document_ref(doc_id, doc["name"], doc),
        theme=Ref(theme, theme_name),
        area=Ref(area, area_name),
        action_type=action_type,
        verbs=tuple(verbs or ()),
        span=(start, end),
        entities=sort_mentions(
            Mention(id=e, name=n, type=_NODE_TYPE[k], rel=r, surface=f, span=(a, b))
            for e, n, k, r, a, b, f in mentions
        ),
    )
