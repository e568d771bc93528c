"""GraphStore on a Neo4j server through the official driver (5.x and 6.x).

Connecting checks the credentials and creates the constraints and indexes (IF NOT EXISTS, so
every connection may do it). All Cypher lives in graph/cypher.py, values as $parameters.

Writes: replace() merges every node and edge in batches of `UNWIND $rows … MERGE`, each batch
its own transaction, stamping each with a fresh build id; then it sweeps away every node and
relationship that does not carry that id. Each batch is idempotent, so re-running a build that
was interrupted (even killed) half way converges to exactly the graph a clean build gives.
The price of batches: while a build runs, and after one died, readers see a mix of the old and
the new graph (a single transaction of 100k tasks would not fit a small server's heap).

Reads run in read transactions (execute_read, retried by the driver on transient errors);
hierarchy expansion is variable-length Cypher. A server that is down, restarting or refusing
us surfaces as StoreUnavailable; the driver reconnects by itself once it is back.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction, Session
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    Neo4jError,
    TransientError,
)

from policykg.errors import (
    AmbiguousEntity,
    EntityNotFound,
    InvalidQuery,
    NodeNotFound,
    StoreUnavailable,
)
from policykg.graph import cypher
from policykg.graph.assemble import (
    best_paths,
    combine,
    matches_for_term,
    node_ref,
    path_steps,
    sort_mentions,
)
from policykg.graph.centrality import rank_nodes
from policykg.graph.model import (
    ENTITY_TYPES,
    HIERARCHY_RELS,
    MENTION_RELS,
    Edge,
    GraphData,
    Node,
    NodeType,
    Rel,
)
from policykg.graph.naming import NameRow, fold, natural_key, resolution_tiers, suggestions
from policykg.graph.results import (
    AreaCount,
    Cell,
    DocumentTree,
    EntityDetail,
    EntityHit,
    GraphStats,
    Match,
    Mention,
    NodeRef,
    Page,
    PathResult,
    Ranked,
    Relative,
    TaskDetail,
    TaskHit,
    TaskQuery,
    ThemeCount,
)
from policykg.graph.store import RankBy

T = TypeVar("T")
MENTION = sorted(r.value for r in MENTION_RELS)
HIERARCHY = sorted(r.value for r in HIERARCHY_RELS)
ENTITY_VALUES = frozenset(t.value for t in ENTITY_TYPES)
#: How entity ids begin (graph.model.entity_id): "region:黄河".
ID_PREFIXES = frozenset(t.value.lower() for t in ENTITY_TYPES)
#: Properties the store adds to nodes and edges for itself; never part of a returned node.
INTERNAL_NODE_KEYS = frozenset({"id", "type", "name", "build", "_fold_name", "_fold_en", "_folds"})
INTERNAL_EDGE_KEYS = frozenset({"key", "build"})
BATCH = 5_000
#: "No limit" for Cypher list slices, whose indexes are 32-bit integers.
ALL = 2**31 - 1
#: Server errors that mean "not now" rather than "wrong query".
UNAVAILABLE_CODES = ("Neo.ClientError.Database.DatabaseNotFound",)


class Neo4jStore:
    """GraphStore over one database of a Neo4j server (Community has only `neo4j`)."""

    backend = "neo4j"

    def __init__(
        self, uri: str, user: str, password: str, database: str = "neo4j", *, timeout: float = 5.0
    ) -> None:
        self.database = database
        self.uri = uri
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
                for statement in cypher.CONSTRAINTS:
                    self.driver.execute_query(statement, database_=self.database)
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
            if isinstance(exc, TransientError) or exc.code in UNAVAILABLE_CODES:
                raise StoreUnavailable("neo4j", f"{self.uri}: {exc.message or exc}") from exc
            raise
        except DriverError as exc:
            raise StoreUnavailable("neo4j", f"{self.uri} is not answering: {exc}") from exc

    def _session(self) -> Session:
        return self.driver.session(database=self.database)

    def _read(self, work: Callable[[ManagedTransaction], T]) -> T:
        with self._guard(), self._session() as session:
            return session.execute_read(work)

    # -- writing ------------------------------------------------------------------------
    def write(self, data: GraphData, batch_size: int = BATCH) -> None:
        self._merge(data, uuid.uuid4().hex, batch_size)

    def replace(self, data: GraphData, batch_size: int = BATCH) -> None:
        build = uuid.uuid4().hex
        self._merge(data, build, batch_size)
        with self._guard(), self._session() as session:
            session.run(cypher.SWEEP_EDGES, build=build).consume()
            session.run(cypher.SWEEP_NODES, build=build).consume()

    def _merge(self, data: GraphData, build: str, batch_size: int) -> None:
        """Nodes first (so that every edge finds its ends), by type; then edges, by type."""
        nodes = node_rows(data.nodes, build)
        edges = edge_rows(data.edges, build)
        with self._guard(), self._session() as session:
            for node_type, rows in sorted(nodes.items()):
                for chunk in _chunks(rows, batch_size):
                    session.execute_write(_run, cypher.merge_nodes(node_type), chunk)
            for rel, rows in sorted(edges.items()):
                for chunk in _chunks(rows, batch_size):
                    session.execute_write(_run, cypher.merge_edges(rel), chunk)

    # -- reading ------------------------------------------------------------------------
    # Each public read is one read transaction (one snapshot, one commit round trip); the
    # module-level helpers below take that transaction.

    def stats(self) -> GraphStats:
        def work(tx: ManagedTransaction) -> GraphStats:
            nodes = {r["type"]: r["n"] for r in _data(tx, cypher.NODE_COUNTS)}
            edges = {r["type"]: r["n"] for r in _data(tx, cypher.EDGE_COUNTS)}
            docs = tuple(r["id"] for r in _data(tx, cypher.DOCUMENTS))
            return GraphStats(dict(sorted(nodes.items())), dict(sorted(edges.items())), docs)

        return self._read(work)

    def get_node(self, node_id: str) -> Node:
        return self._read(lambda tx: _get_node(tx, node_id))

    def resolve(self, query: str, node_type: NodeType | None = None) -> Node:
        return self._read(lambda tx: _resolve(tx, query, node_type))

    def search_entities(
        self, q: str = "", node_type: NodeType | None = None, limit: int = 20, offset: int = 0
    ) -> Page[EntityHit]:
        offset, limit = _window(offset, limit)
        params = {
            "q": fold(q),
            "type": node_type.value if node_type else None,
            "mention": MENTION,
            "offset": offset,
            "limit": limit,
        }
        row = self._read(lambda tx: _single(tx, cypher.SEARCH_ENTITIES, **params))
        items = tuple(
            EntityHit(h["id"], h["name"], h["name_en"], NodeType(h["type"]), h["kind"], h["tasks"])
            for h in row["items"]
        )
        return Page(row["total"], items)

    def entity_detail(self, entity_id: str) -> EntityDetail:
        def work(tx: ManagedTransaction) -> EntityDetail:
            node = _resolve(tx, entity_id, None)
            row = _single(
                tx, cypher.ENTITY_DETAIL, id=node.id, hierarchy=HIERARCHY, mention=MENTION
            )
            return EntityDetail(
                node.id,
                node.name,
                node.type,
                dict(node.props),
                tuple(_relative(r) for r in row["parents"]),
                tuple(_relative(r) for r in row["children"]),
                {r["rel"]: r["n"] for r in row["counts"]},
                row["tasks"],
            )

        return self._read(work)

    def tasks(self, query: TaskQuery) -> Page[TaskHit]:
        offset, limit = _window(query.offset, query.limit)

        def work(tx: ManagedTransaction) -> Page[TaskHit]:
            matched: dict[str, tuple[Match, ...]] = {}
            ids: list[str] | None = None
            if query.touches:
                per_term = [_term_matches(tx, term, query.expand) for term in query.touches]
                matched = combine(per_term, query.match)
                if not matched:
                    return Page(0, ())
                ids = sorted(matched)
            row = _single(
                tx,
                cypher.FILTER_TASKS if ids is None else cypher.FILTER_TASKS_BY_ID,
                ids=ids,
                action_type=query.action_type,
                text=query.text,
                theme=None if query.theme is None else str(query.theme),
                area=query.area,
                offset=offset,
                limit=limit,
                mention=MENTION,
            )
            by_id = {r["task"]["id"]: r for r in row["rows"]}
            hits = tuple(_task_hit(by_id[i], matched.get(i, ())) for i in row["page"])
            return Page(row["total"], hits)

        return self._read(work)

    def task_detail(self, task_id: str) -> TaskDetail:
        def work(tx: ManagedTransaction) -> TaskDetail:
            rows = _single(tx, cypher.TASK_ROWS, ids=[task_id], mention=MENTION)["rows"]
            if not rows:
                raise NodeNotFound(task_id)
            hit = _task_hit(rows[0], ())
            doc = _get_node(tx, hit.document)
            return TaskDetail(hit, (NodeRef(doc.id, doc.name, doc.type), hit.theme, hit.area))

        return self._read(work)

    def theme_tree(self) -> tuple[DocumentTree, ...]:
        rows = self._read(lambda tx: _data(tx, cypher.THEME_TREE))
        docs: dict[str, str] = {}
        themes: dict[str, dict[str, Any]] = {}
        areas: dict[str, list[AreaCount]] = defaultdict(list)
        for r in rows:
            docs[r["doc"]] = r["doc_name"]
            if r["theme"] is None:
                continue
            themes[r["theme"]] = {
                "doc": r["doc"],
                "ordinal": r["theme_ordinal"],
                "name": r["theme_name"],
            }
            if r["area"] is not None:
                areas[r["theme"]].append(
                    AreaCount(r["area"], r["area_ordinal"], r["area_name"], r["tasks"])
                )
        trees = []
        for doc in sorted(docs):
            theme_counts = []
            for theme_id, t in sorted(themes.items(), key=lambda kv: natural_key(kv[1]["ordinal"])):
                if t["doc"] != doc:
                    continue
                area_counts = tuple(sorted(areas[theme_id], key=lambda a: natural_key(a.ordinal)))
                theme_counts.append(
                    ThemeCount(
                        theme_id,
                        t["ordinal"],
                        t["name"],
                        sum(a.task_count for a in area_counts),
                        area_counts,
                    )
                )
            trees.append(
                DocumentTree(
                    doc, docs[doc], sum(t.task_count for t in theme_counts), tuple(theme_counts)
                )
            )
        return tuple(trees)

    def neighborhood(
        self, center: str, depth: int = 1, types: Sequence[NodeType] = (), limit: int = 200
    ) -> GraphData:
        wanted = {t.value for t in types}

        def work(tx: ManagedTransaction) -> GraphData:
            start = _node_or_entity(tx, center)
            distance = {start: 0}
            kinds: dict[str, str] = {}
            frontier = [start]
            for level in range(1, depth + 1):
                if not frontier:
                    break
                found = {r["id"]: r["type"] for r in _data(tx, cypher.NEIGHBOURS, ids=frontier)}
                kinds.update(found)
                frontier = sorted(n for n in found if n not in distance)
                for node in frontier:
                    distance[node] = level
            keep = [n for n in distance if n == start or not wanted or kinds.get(n) in wanted]
            return _subgraph(tx, sorted(keep, key=lambda n: (distance[n], n))[:limit])

        return self._read(work)

    def shortest_path(self, source: str, target: str, max_hops: int = 6) -> PathResult:
        def work(tx: ManagedTransaction) -> PathResult:
            a, b = _node_or_entity(tx, source), _node_or_entity(tx, target)
            if a == b:
                node = _get_node(tx, a)
                return PathResult((NodeRef(node.id, node.name, node.type),), ())
            found = _data(tx, cypher.shortest_paths(max_hops), a=a, b=b) if max_hops >= 1 else []
            if not found:
                raise InvalidQuery(f"no path of at most {max_hops} hops between {a} and {b}")
            best = min(tuple(r["path"]) for r in found)
            sub = _subgraph(tx, best)
            names = {n.id: n for n in sub.nodes}
            refs = tuple(NodeRef(n, names[n].name, names[n].type) for n in best)
            return PathResult(refs, path_steps(best, sub.edges))

        return self._read(work)

    def cooccurrence(self, rows: NodeType, cols: NodeType) -> tuple[Cell, ...]:
        found = self._read(
            lambda tx: _data(
                tx, cypher.COOCCURRENCE, rows=rows.value, cols=cols.value, mention=MENTION
            )
        )
        out = [
            Cell(
                NodeRef(r["row"], r["row_name"], rows),
                NodeRef(r["col"], r["col_name"], cols),
                len(r["tasks"]),
                tuple(sorted(r["tasks"])),
            )
            for r in found
        ]
        out.sort(key=lambda cell: (-cell.count, cell.row.id, cell.col.id))
        return tuple(out)

    def rankings(
        self, node_type: NodeType, by: RankBy = "tasks", limit: int = 20
    ) -> tuple[Ranked, ...]:
        if by == "betweenness":
            rows = self._read(lambda tx: _data(tx, cypher.ENTITY_IDS, type=node_type.value))
            scores = rank_nodes(self.dump(), [r["id"] for r in rows], by)
        else:
            statement = cypher.TASK_COUNTS if by == "tasks" else cypher.DEGREES
            rows = self._read(
                lambda tx: _data(tx, statement, type=node_type.value, mention=MENTION)
            )
            scores = {r["id"]: float(r["score"]) for r in rows}
        names = {r["id"]: r["name"] for r in rows}
        ranked = sorted(scores, key=lambda n: (-scores[n], n))[:limit]
        return tuple(Ranked(n, names[n], node_type, scores[n]) for n in ranked)

    def subgraph(self, node_ids: Iterable[str]) -> GraphData:
        return self._read(lambda tx: _subgraph(tx, node_ids))

    def dump(self) -> GraphData:
        def work(tx: ManagedTransaction) -> GraphData:
            nodes, edges = _data(tx, cypher.ALL_NODES), _data(tx, cypher.ALL_EDGES)
            return GraphData.of((_node(r["props"]) for r in nodes), (_edge(r) for r in edges))

        return self._read(work)


# -- reads inside one transaction ------------------------------------------------------------


def _data(tx: ManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    return tx.run(query, params).data()


def _single(tx: ManagedTransaction, query: str, **params: Any) -> dict[str, Any]:
    """The one row a statement returns (every such statement aggregates)."""
    return tx.run(query, params).single(strict=True).data()


def _get_node(tx: ManagedTransaction, node_id: str) -> Node:
    rows = _data(tx, cypher.GET_NODE, id=node_id)
    if not rows:
        raise NodeNotFound(node_id)
    return _node(rows[0]["props"])


def _resolve(tx: ManagedTransaction, query: str, node_type: NodeType | None) -> Node:
    """As graph.store.GraphStore.resolve: an id, then name tiers (graph.naming)."""
    query = query.strip()
    if not query:
        raise InvalidQuery("an entity name or id is required")
    type_value = node_type.value if node_type else None
    if query.partition(":")[0] in ID_PREFIXES:  # looks like an entity id: one index seek
        rows = _data(tx, cypher.GET_NODE, id=query)
        node = _node(rows[0]["props"]) if rows else None
        if node is not None and node.type in ENTITY_TYPES and node_type in (None, node.type):
            return node
    row = _single(tx, cypher.RESOLVE, id=query, q=fold(query), type=type_value)
    if row["node"] is not None:
        return _node(row["node"])
    for tier in resolution_tiers(query, [_name_row(r) for r in row["rows"]]):
        if len(tier) == 1:
            return _get_node(tx, tier[0].id)
        if tier:
            raise AmbiguousEntity(query, [(r.id, r.name, r.type) for r in tier])
    every = [_name_row(r["row"]) for r in _data(tx, cypher.NAME_ROWS, type=type_value)]
    raise EntityNotFound(query, suggestions(query, every))


def _term_matches(tx: ManagedTransaction, term: str, expand: str) -> dict[str, Match]:
    """task id -> best Match for one `touches` term (graph.assemble.matches_for_term)."""
    entity = _resolve(tx, term, None)
    row = _single(
        tx,
        cypher.TERM_MATCHES,
        id=entity.id,
        mention=MENTION,
        down=expand in ("narrower", "both"),
        up=expand in ("broader", "both"),
    )
    mentioned_by: dict[str, set[str]] = defaultdict(set)
    mentioned_by[entity.id].update(row["direct"])
    for found in (*row["narrower"], *row["broader"]):
        mentioned_by[found["path"][-1]].update(found["tasks"])
    narrower = best_paths(tuple(r["path"]) for r in row["narrower"])
    broader = best_paths(tuple(r["path"]) for r in row["broader"])
    return matches_for_term(entity.id, mentioned_by, narrower, broader)


def _node_or_entity(tx: ManagedTransaction, ref: str) -> str:
    """Any node by id, else an entity by name."""
    if _data(tx, cypher.GET_NODE, id=ref):
        return ref
    return _resolve(tx, ref, None).id


def _subgraph(tx: ManagedTransaction, node_ids: Iterable[str]) -> GraphData:
    ids = sorted(set(node_ids))
    nodes = _data(tx, cypher.SUBGRAPH_NODES, ids=ids)
    edges = _data(tx, cypher.SUBGRAPH_EDGES, ids=ids)
    return GraphData.of((_node(r["props"]) for r in nodes), (_edge(r) for r in edges))


# -- rows written ------------------------------------------------------------------------------


def node_rows(nodes: Iterable[Node], build: str) -> dict[NodeType, list[dict[str, Any]]]:
    """Write rows by node type: {id, props}; None-valued properties are left out."""
    by_type: dict[NodeType, list[dict[str, Any]]] = defaultdict(list)
    for n in nodes:
        props = {k: v for k, v in n.props.items() if v is not None}
        props.update(id=n.id, type=n.type.value, name=n.name, build=build)
        if n.type.value in ENTITY_VALUES:
            name_en = str(n.props.get("name_en") or "")
            aliases = [str(a) for a in n.props.get("aliases") or ()]  # type: ignore[union-attr]
            props.update(
                _fold_name=fold(n.name),
                _fold_en=fold(name_en),
                _folds=[fold(n.name), fold(name_en), *map(fold, aliases)],
            )
        by_type[n.type].append({"id": n.id, "props": props})
    return by_type


def edge_rows(edges: Iterable[Edge], build: str) -> dict[Rel, list[dict[str, Any]]]:
    """Write rows by relationship type: {source, target, key, props}."""
    by_rel: dict[Rel, list[dict[str, Any]]] = defaultdict(list)
    for e in edges:
        props = {k: v for k, v in e.props.items() if v is not None}
        props.update(key=e.key, build=build)
        by_rel[e.type].append(
            {"source": e.source, "target": e.target, "key": e.key, "props": props}
        )
    return by_rel


# -- row mapping ------------------------------------------------------------------------------


def _run(tx: ManagedTransaction, query: str, rows: list[dict[str, Any]]) -> None:
    tx.run(query, rows=rows).consume()


def _chunks(rows: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _window(offset: int, limit: int | None) -> tuple[int, int]:
    """(offset, limit) for `xs[$offset..($offset + $limit)]`, kept within 32-bit indexes."""
    if offset < 0 or (limit is not None and limit < 0):
        raise InvalidQuery("offset and limit must not be negative")
    offset = min(offset, ALL)
    return offset, (ALL - offset) if limit is None else min(limit, ALL - offset)


def _is_auth_failure(exc: Neo4jError) -> bool:
    """Wrong credentials, or too many of them (the server's rate limit is a plain ClientError);
    not Security.Forbidden, which is a user without a permission."""
    return isinstance(exc, AuthError) or (
        isinstance(exc, ClientError)
        and exc.code == "Neo.ClientError.Security.AuthenticationRateLimit"
    )


def _node(props: dict[str, Any]) -> Node:
    rest = {k: v for k, v in props.items() if k not in INTERNAL_NODE_KEYS}
    return Node(props["id"], NodeType(props["type"]), props["name"], rest)


def _edge(row: dict[str, Any]) -> Edge:
    props = {k: v for k, v in row["props"].items() if k not in INTERNAL_EDGE_KEYS}
    return Edge(row["source"], Rel(row["type"]), row["target"], row["props"].get("key", ""), props)


def _relative(row: dict[str, Any]) -> Relative:
    return Relative(row["id"], row["name"], NodeType(row["type"]), row["rel"])


def _name_row(row: dict[str, Any]) -> NameRow:
    return NameRow(row["id"], row["name"], row["name_en"], row["type"], tuple(row["aliases"]))


def _task_hit(row: dict[str, Any], matches: tuple[Match, ...]) -> TaskHit:
    t = row["task"]
    mentions = sort_mentions(
        Mention(
            m["id"], m["name"], NodeType(m["type"]), m["rel"], m["start"], m["end"], m["surface"]
        )
        for m in row["mentions"]
    )
    return TaskHit(
        id=t["id"],
        text=t["text"],
        ordinal=t["ordinal"],
        document=t["document"],
        theme=node_ref(t["theme"], row["theme_name"], row["theme_type"]),
        area=node_ref(t["area"], row["area_name"], row["area_type"]),
        action_type=t["action_type"],
        verbs=tuple(t.get("verbs") or ()),
        start=t["start"],
        end=t["end"],
        mentions=mentions,
        matches=matches,
    )
