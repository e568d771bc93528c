"""GraphStore on a Neo4j server through the official driver.

Writes: replace() merges every node and edge in batches of UNWIND … MERGE, each batch its own
transaction, stamping a build id; then it sweeps away what that build did not write. Every
batch is idempotent, so re-running a build interrupted half way converges to exactly the graph a
clean build gives. Reads run in read transactions; hierarchy expansion is variable-length
Cypher. Driver failures surface as StoreUnavailable.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction, Session
from neo4j.exceptions import AuthError, DriverError, ServiceUnavailable, SessionExpired

from graph import cypher
from graph.assemble import (
    best_paths,
    combine,
    matches_for_term,
    node_ref,
    path_steps,
    sort_mentions,
)
from graph.centrality import rank_nodes
from graph.model import (
    ENTITY_TYPES,
    HIERARCHY_RELS,
    MENTION_RELS,
    Edge,
    GraphData,
    Node,
    NodeType,
    Rel,
)
from graph.naming import NameRow, natural_key, resolution_tiers, suggestions
from graph.results import (
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
from graph.store import RankBy
from policykg.errors import (
    AmbiguousEntity,
    EntityNotFound,
    InvalidQuery,
    NodeNotFound,
    StoreUnavailable,
)

T = TypeVar("T")
MENTION = sorted(r.value for r in MENTION_RELS)
HIERARCHY = sorted(r.value for r in HIERARCHY_RELS)
NODE_KEYS = ("id", "type", "name", "build")
EDGE_KEYS = ("key", "build")
BATCH = 5_000
ALL = 2**62  # "no limit" for list slices in Cypher


class Neo4jStore:
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
            self.driver.verify_connectivity()
        except AuthError as exc:
            raise StoreUnavailable(
                "neo4j", f"authentication failed for user {user!r} at {uri}"
            ) from exc
        except (DriverError, OSError, ValueError) as exc:
            raise StoreUnavailable("neo4j", f"cannot connect to {uri}: {exc}") from exc
        with self._guard():
            for statement in cypher.CONSTRAINTS:
                self.driver.execute_query(statement, database_=self.database)

    def close(self) -> None:
        self.driver.close()

    # -- plumbing -----------------------------------------------------------------------
    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except AuthError as exc:
            raise StoreUnavailable("neo4j", f"authentication failed at {self.uri}") from exc
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable("neo4j", f"{self.uri} is not answering: {exc}") from exc
        except DriverError as exc:
            raise StoreUnavailable("neo4j", str(exc)) from exc

    def _session(self) -> Session:
        return self.driver.session(database=self.database)

    def _read(self, work: Callable[[ManagedTransaction], T]) -> T:
        with self._guard(), self._session() as session:
            return session.execute_read(work)

    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params)]

        return self._read(work)

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
        by_type: dict[NodeType, list[dict[str, Any]]] = defaultdict(list)
        for n in data.nodes:
            props = {k: v for k, v in n.props.items() if v is not None}
            props.update(id=n.id, type=n.type.value, name=n.name, build=build)
            by_type[n.type].append({"id": n.id, "props": props})
        by_rel: dict[Rel, list[dict[str, Any]]] = defaultdict(list)
        for e in data.edges:
            props = {k: v for k, v in e.props.items() if v is not None}
            props.update(key=e.key, build=build)
            by_rel[e.type].append(
                {"source": e.source, "target": e.target, "key": e.key, "props": props}
            )
        with self._guard(), self._session() as session:
            for node_type, rows in sorted(by_type.items()):
                for chunk in _chunks(rows, batch_size):
                    session.execute_write(_run, cypher.merge_nodes(node_type), chunk)
            for rel, rows in sorted(by_rel.items()):
                for chunk in _chunks(rows, batch_size):
                    session.execute_write(_run, cypher.merge_edges(rel), chunk)

    # -- reading ------------------------------------------------------------------------
    def stats(self) -> GraphStats:
        nodes = {r["type"]: r["n"] for r in self._rows(cypher.NODE_COUNTS)}
        edges = {r["type"]: r["n"] for r in self._rows(cypher.EDGE_COUNTS)}
        docs = tuple(r["id"] for r in self._rows(cypher.DOCUMENTS))
        return GraphStats(dict(sorted(nodes.items())), dict(sorted(edges.items())), docs)

    def get_node(self, node_id: str) -> Node:
        rows = self._rows(cypher.GET_NODE, id=node_id)
        if not rows:
            raise NodeNotFound(node_id)
        return _node(rows[0]["props"])

    def resolve(self, query: str, node_type: NodeType | None = None) -> Node:
        query = query.strip()
        if not query:
            raise InvalidQuery("an entity name or id is required")
        type_value = node_type.value if node_type else None
        rows = self._rows(cypher.GET_NODE, id=query)
        if rows and _is_entity(rows[0]["props"]):
            node = _node(rows[0]["props"])
            if node_type is None or node.type == node_type:
                return node
        exact = [
            _name_row(r)
            for r in self._rows(cypher.EXACT_NAME_ROWS, q=query.lower(), type=type_value)
        ]
        for tier in resolution_tiers(query, exact):
            if len(tier) == 1:
                return self.get_node(tier[0].id)
            if tier:
                raise AmbiguousEntity(query, [(r.id, r.name, r.type) for r in tier])
        every = [_name_row(r) for r in self._rows(cypher.NAME_ROWS, type=type_value)]
        raise EntityNotFound(query, suggestions(query, every))

    def search_entities(
        self, q: str = "", node_type: NodeType | None = None, limit: int = 20, offset: int = 0
    ) -> Page[EntityHit]:
        row = self._rows(
            cypher.SEARCH_ENTITIES,
            q=q.strip().lower(),
            type=node_type.value if node_type else None,
            mention=MENTION,
            offset=offset,
            limit=limit,
        )[0]
        items = tuple(
            EntityHit(h["id"], h["name"], h["name_en"], NodeType(h["type"]), h["kind"], h["tasks"])
            for h in row["items"]
        )
        return Page(row["total"], items)

    def entity_detail(self, entity_id: str) -> EntityDetail:
        node = self.resolve(entity_id)

        def work(tx: ManagedTransaction) -> tuple[list[Any], list[Any], list[Any], int]:
            parents = tx.run(cypher.ENTITY_PARENTS, id=node.id, hierarchy=HIERARCHY).data()
            children = tx.run(cypher.ENTITY_CHILDREN, id=node.id, hierarchy=HIERARCHY).data()
            counts = tx.run(cypher.ENTITY_COUNTS, id=node.id, mention=MENTION).data()
            total = tx.run(cypher.ENTITY_TASK_COUNT, id=node.id, mention=MENTION).single()
            return parents, children, counts, int(total["n"]) if total else 0

        parents, children, counts, task_count = self._read(work)
        return EntityDetail(
            node.id,
            node.name,
            node.type,
            dict(node.props),
            tuple(Relative(r["id"], r["name"], NodeType(r["type"]), r["rel"]) for r in parents),
            tuple(Relative(r["id"], r["name"], NodeType(r["type"]), r["rel"]) for r in children),
            {r["rel"]: r["n"] for r in sorted(counts, key=lambda r: r["rel"])},
            task_count,
        )

    def tasks(self, query: TaskQuery) -> Page[TaskHit]:
        matched: dict[str, tuple[Match, ...]] = {}
        ids: list[str] | None = None
        if query.touches:
            per_term = [self._term_matches(term, query.expand) for term in query.touches]
            matched = combine(per_term, query.match)
            ids = sorted(matched)
        row = self._rows(
            cypher.FILTER_TASKS,
            ids=ids,
            action_type=query.action_type,
            text=query.text,
            theme=None if query.theme is None else str(query.theme),
            area=query.area,
            offset=query.offset,
            limit=ALL if query.limit is None else query.limit,
        )[0]
        hits = self._task_hits(row["page"], matched)
        return Page(row["total"], hits)

    def _term_matches(self, term: str, expand: str) -> dict[str, Match]:
        entity = self.resolve(term)

        def work(tx: ManagedTransaction) -> tuple[list[Any], list[Any], list[Any]]:
            direct = tx.run(cypher.DIRECT_TASKS, id=entity.id, mention=MENTION).data()
            down = (
                tx.run(cypher.NARROWER_PATHS, id=entity.id, mention=MENTION).data()
                if expand in ("narrower", "both")
                else []
            )
            up = (
                tx.run(cypher.BROADER_PATHS, id=entity.id, mention=MENTION).data()
                if expand in ("broader", "both")
                else []
            )
            return direct, down, up

        direct, down, up = self._read(work)
        mentioned_by: dict[str, set[str]] = defaultdict(set)
        mentioned_by[entity.id].update(direct[0]["tasks"] if direct else [])
        for row in (*down, *up):
            mentioned_by[row["path"][-1]].update(row["tasks"])
        narrower = best_paths(tuple(r["path"]) for r in down)
        broader = best_paths(tuple(r["path"]) for r in up)
        return matches_for_term(entity.id, mentioned_by, narrower, broader)

    def _task_hits(
        self, ids: Sequence[str], matched: dict[str, tuple[Match, ...]]
    ) -> tuple[TaskHit, ...]:
        rows = {
            r["task"]["id"]: r for r in self._rows(cypher.TASK_ROWS, ids=list(ids), mention=MENTION)
        }
        return tuple(_task_hit(rows[i], matched.get(i, ())) for i in ids)

    def task_detail(self, task_id: str) -> TaskDetail:
        node = self.get_node(task_id)
        if node.type != NodeType.TASK:
            raise NodeNotFound(task_id)
        hit = self._task_hits([task_id], {})[0]
        doc = self.get_node(hit.document)
        return TaskDetail(hit, (NodeRef(doc.id, doc.name, doc.type), hit.theme, hit.area))

    def theme_tree(self) -> tuple[DocumentTree, ...]:
        rows = self._rows(cypher.THEME_TREE)
        docs: dict[str, str] = {}
        themes: dict[str, dict[str, Any]] = {}
        areas: dict[str, list[AreaCount]] = defaultdict(list)
        for r in rows:
            docs[r["doc"]] = r["doc_name"]
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
        start = self._node_or_entity(center)
        distance = {start: 0}
        frontier = [start]
        for level in range(1, depth + 1):
            if not frontier:
                break
            found = {r["id"] for r in self._rows(cypher.NEIGHBOURS, ids=frontier)}
            frontier = sorted(n for n in found if n not in distance)
            for node in frontier:
                distance[node] = level
        wanted = {t.value for t in types}
        if wanted:
            kinds = {n.id: n.type.value for n in self.subgraph(distance).nodes}
            keep = [n for n in distance if n == start or kinds.get(n) in wanted]
        else:
            keep = list(distance)
        kept = sorted(keep, key=lambda n: (distance[n], n))[:limit]
        return self.subgraph(kept)

    def _node_or_entity(self, ref: str) -> str:
        if self._rows(cypher.GET_NODE, id=ref):
            return ref
        return self.resolve(ref).id

    def shortest_path(self, source: str, target: str, max_hops: int = 6) -> PathResult:
        a, b = self._node_or_entity(source), self._node_or_entity(target)
        if a == b:
            node = self.get_node(a)
            return PathResult((NodeRef(node.id, node.name, node.type),), ())
        # max_hops is an int bound into the pattern; Cypher takes no parameter there.
        query = cypher.SHORTEST_PATHS % int(max_hops)
        paths = [tuple(r["path"]) for r in self._rows(query, a=a, b=b)]
        if not paths:
            raise InvalidQuery(f"no path of at most {max_hops} hops between {a} and {b}")
        best = min(paths)
        sub = self.subgraph(best)
        names = {n.id: n for n in sub.nodes}
        refs = tuple(NodeRef(n, names[n].name, names[n].type) for n in best)
        return PathResult(refs, path_steps(best, sub.edges))

    def cooccurrence(self, rows: NodeType, cols: NodeType) -> tuple[Cell, ...]:
        out = [
            Cell(
                NodeRef(r["row"], r["row_name"], rows),
                NodeRef(r["col"], r["col_name"], cols),
                len(r["tasks"]),
                tuple(sorted(r["tasks"])),
            )
            for r in self._rows(
                cypher.COOCCURRENCE, rows=rows.value, cols=cols.value, mention=MENTION
            )
        ]
        out.sort(key=lambda cell: (-cell.count, cell.row.id, cell.col.id))
        return tuple(out)

    def rankings(
        self, node_type: NodeType, by: RankBy = "tasks", limit: int = 20
    ) -> tuple[Ranked, ...]:
        if by == "tasks":
            rows = self._rows(cypher.TASK_COUNTS, type=node_type.value, mention=MENTION)
            scores = {r["id"]: float(r["score"]) for r in rows}
        elif by == "degree":
            rows = self._rows(cypher.DEGREES, type=node_type.value)
            scores = {r["id"]: float(r["score"]) for r in rows}
        else:
            rows = self._rows(cypher.ENTITY_IDS, type=node_type.value)
            scores = rank_nodes(self.dump(), [r["id"] for r in rows], by)
        names = {r["id"]: r["name"] for r in rows}
        ranked = sorted(scores, key=lambda n: (-scores[n], n))[:limit]
        return tuple(Ranked(n, names[n], node_type, scores[n]) for n in ranked)

    def subgraph(self, node_ids: Iterable[str]) -> GraphData:
        ids = sorted(set(node_ids))

        def work(tx: ManagedTransaction) -> tuple[list[Any], list[Any]]:
            return (
                tx.run(cypher.SUBGRAPH_NODES, ids=ids).data(),
                tx.run(cypher.SUBGRAPH_EDGES, ids=ids).data(),
            )

        nodes, edges = self._read(work)
        return GraphData.of((_node(r["props"]) for r in nodes), (_edge(r) for r in edges))

    def dump(self) -> GraphData:
        def work(tx: ManagedTransaction) -> tuple[list[Any], list[Any]]:
            return tx.run(cypher.ALL_NODES).data(), tx.run(cypher.ALL_EDGES).data()

        nodes, edges = self._read(work)
        return GraphData.of((_node(r["props"]) for r in nodes), (_edge(r) for r in edges))


# -- row mapping ------------------------------------------------------------------------------


def _run(tx: ManagedTransaction, query: str, rows: list[dict[str, Any]]) -> None:
    tx.run(query, rows=rows).consume()


def _chunks(rows: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _is_entity(props: dict[str, Any]) -> bool:
    return props.get("type") in {t.value for t in ENTITY_TYPES}


def _node(props: dict[str, Any]) -> Node:
    rest = {k: v for k, v in props.items() if k not in NODE_KEYS}
    return Node(props["id"], NodeType(props["type"]), props["name"], rest)


def _edge(row: dict[str, Any]) -> Edge:
    props = {k: v for k, v in row["props"].items() if k not in EDGE_KEYS}
    return Edge(row["source"], Rel(row["type"]), row["target"], row["props"].get("key", ""), props)


def _name_row(row: dict[str, Any]) -> NameRow:
    return NameRow(row["id"], row["name"], row["name_en"], row["type"], tuple(row["aliases"]))


def _task_hit(row: dict[str, Any], matches: tuple[Match, ...]) -> TaskHit:
    t = row["task"]
    mentions = sort_mentions(
        Mention(
            m["id"], m["name"], NodeType(m["type"]), m["rel"], m["start"], m["end"], m["surface"]
        )
        for m in row["mentions"]
        if m is not None
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
