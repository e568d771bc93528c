"""The embedded default store: a networkx MultiDiGraph, persisted by graph/graph_file.py.

Writes build the new graph in memory and replace the file atomically, so a failed build leaves
the previous file as it was.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from policykg.budget import checked
from policykg.graph.assemble import DOCUMENT_FIELDS, document_ref, sort_mentions
from policykg.graph.graph_file import (
    Generation,
    generation,
    read_graph,
    read_sized_header,
    write_graph,
    write_lock,
)
from policykg.graph.graph_index import IndexReader, IndexTables, open_index, write_index
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
    DocumentRow,
    RoleRow,
    StepwiseReader,
    StructureRow,
)
from policykg.graph.results import (
    Cell,
    DocumentRef,
    GraphStats,
    Mention,
    NodeRef,
    RankBy,
    Ref,
    Relative,
    TaskHit,
)
from policykg.graph.store import GraphStore, Planner

if TYPE_CHECKING:  # networkx loads with the first whole graph: an indexed query needs none
    import networkx as nx

    from policykg.graph.centrality import CentralityMemo
    from policykg.graph.corpus import Change  # a write's plan: planned in graph.store

__all__ = ["NetworkXStore"]


_T = TypeVar("_T")


class NetworkXStore(GraphStore):
    """GraphStore over an in-memory MultiDiGraph; `path=None` keeps it in memory only.

    `load=False` starts empty whatever the file holds: a build replaces the file without
    reading it, so a damaged file never stands in the way of its own repair. `indexed=True`
    (a command that asks one question) answers from the lookup tables the last write stored
    beside the file (graph/graph_index.py) and reads the graph itself only for a question they
    cannot answer; without a usable index it reads the graph at once, as without the flag.

    Queries read a `_Snapshot`: the graph with its lookup tables and caches, replaced as a
    whole on every change, so a query never sees half of one graph and half of the next.

    Args:
        path: the graph file (None: in memory only).
        load: False to start empty whatever the file holds.
        indexed: True to answer from the index beside the file where it can.
    """

    backend = "networkx"

    def __init__(
        self, path: Path | None = None, *, load: bool = True, indexed: bool = False
    ) -> None:
        self.path = path
        self._snapshot: _Snapshot | None = None
        self._fingerprint: str | None = None
        self._index: IndexReader | None = None
        self._load_lock = threading.Lock()
        # the file the graph comes from, to see whether another process replaced it since
        self._generation: Generation | None = (
            generation(path) if load and path is not None else None
        )
        if load and indexed and path is not None and path.exists():
            header, size = read_sized_header(path)
            db = open_index(path, header.fingerprint, size)
            if db is not None:
                self._fingerprint = header.fingerprint
                self._index = IndexReader(db, self._full)
        if self._index is None:
            self._snapshot = _Snapshot(
                read_graph(path) if load and path is not None and path.exists() else _empty()
            )
        self._reader: GraphReader = self._index or self._full()

    @property
    def graph(self) -> nx.MultiDiGraph:
        return self._full().graph

    def _full(self) -> _Snapshot:
        """The whole graph, read from the file the first time it is needed."""
        with self._load_lock:
            if self._snapshot is None:
                assert self.path is not None  # only an indexed store starts without one
                self._snapshot = _Snapshot(read_graph(self.path, self._fingerprint))
                self._reader = self._snapshot  # later questions: from memory
            return self._snapshot

    def _reading(self, work: Callable[[GraphReader], _T]) -> _T:
        return work(self._reader)

    # -- writing ----------------------------------------------------------------------------
    def write(self, data: GraphData) -> None:
        graph = self.graph.copy()
        _add(graph, data)
        self._commit(graph)

    def replace(self, data: GraphData) -> None:
        graph = _empty()
        _add(graph, data)
        self._commit(graph)

    def _change(self, plan: Planner, midway: Callable[[], None] | None) -> Change:
        """Under the file's write lock: the graph as the file holds it now (read again if
        another process replaced the file), the change applied to a private copy, written
        (temporary file, fsync, rename), then served."""
        lock = write_lock(self.path) if self.path is not None else contextlib.nullcontext()
        with lock:
            graph = self._graph_to_change()
            documents = {
                n: _node(n, a)
                for n, a in graph.nodes(data=True)
                if a["type"] == NodeType.DOCUMENT.value
            }
            change = plan(documents)
            _apply(graph, change)
            self._commit(graph, midway)
        return change

    def _graph_to_change(self) -> nx.MultiDiGraph:
        """A copy of the current graph that no reader sees: the file read afresh when no
        snapshot is loaded (an indexed store) or another process replaced it."""
        with self._load_lock:
            snapshot = self._snapshot
        if self.path is None or not self.path.exists():
            return snapshot.graph.copy() if snapshot is not None else _empty()
        if snapshot is not None and generation(self.path) == self._generation:
            return snapshot.graph.copy()
        self._generation = generation(self.path)
        return read_graph(self.path)

    def close(self) -> None:
        """The file is written on every change; an index read from is closed."""
        if self._index is not None:
            self._index.close()

    def _commit(self, graph: nx.MultiDiGraph, midway: Callable[[], None] | None = None) -> None:
        snapshot = _Snapshot(graph)
        if self.path is not None:
            fingerprint, size = write_graph(graph, self.path, midway)
            self._generation = generation(self.path)
            # the graph is written; without its index (write_index removes any old one on
            # failure) queries read the graph file instead, so the change stands
            with contextlib.suppress(OSError, sqlite3.Error):
                write_index(self.path, fingerprint, size, snapshot.index_tables())
        with self._load_lock:
            self._snapshot = snapshot
            self._reader = snapshot


def _empty() -> nx.MultiDiGraph:
    import networkx as nx

    return nx.MultiDiGraph()


class _Snapshot(StepwiseReader):
    """One graph version and its lookup tables: the networkx store's GraphReader.

    Everything a query needs is a dict lookup here; the caches (centrality, the undirected
    graph) belong to this version and go with it.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        g = graph
        self._mentioned_by: dict[str, list[str]] = defaultdict(list)
        self._mentions: dict[str, list[Mention]] = defaultdict(list)
        self._parents: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._children: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._mention_counts: dict[str, Counter[str]] = defaultdict(Counter)
        self._roles: list[RoleRow] = []
        edge_types: Counter[str] = Counter()
        for source, target, attrs in g.edges(data=True):
            rel = attrs["type"]
            edge_types[rel] += 1
            if rel in MENTION_REL_VALUES:
                self._mentioned_by[target].append(source)
                self._mention_counts[target][rel] += 1
                t = g.nodes[target]
                self._mentions[source].append(
                    Mention(
                        id=target,
                        name=t["name"],
                        type=NodeType(t["type"]),
                        rel=rel,
                        surface=attrs["surface"],
                        span=(attrs["start"], attrs["end"]),
                    )
                )
                if attrs.get("role") not in (None, UNSTATED_ROLE):
                    self._roles.append(
                        RoleRow(
                            source,
                            NodeRef(target, t["name"], NodeType(t["type"])),
                            attrs["role"],
                            bool(attrs.get("carried")),
                            attrs["surface"],
                            (attrs["start"], attrs["end"]),
                        )
                    )
            elif rel in HIERARCHY_REL_VALUES:
                self._parents[source].append((target, rel))
                self._children[target].append((source, rel))
        for tasks in self._mentioned_by.values():
            tasks[:] = sorted(set(tasks))
        self._tasks = sorted(
            (n for n, a in g.nodes(data=True) if a["type"] == NodeType.TASK.value),
            key=lambda n: (g.nodes[n]["document"], g.nodes[n]["seq"]),
        )
        self._task_rank = {t: i for i, t in enumerate(self._tasks)}
        self._names = [
            NameRow(
                n,
                a["name"],
                a.get("name_en") or "",
                a["type"],
                tuple(a.get("aliases") or ()),
                len(self._mentioned_by.get(n, ())),
                a.get("kind") or "",
            )
            for n, a in sorted(g.nodes(data=True))
            if a["type"] in ENTITY_TYPE_VALUES
        ]
        node_types = Counter(a["type"] for _, a in g.nodes(data=True))
        documents = tuple(sorted(n for n, a in g.nodes(data=True) if a["type"] == "Document"))
        self._stats = GraphStats(
            dict(sorted(node_types.items())), dict(sorted(edge_types.items())), documents
        )
        self._documents: dict[str, DocumentRef] = {
            d: document_ref(d, g.nodes[d]["name"], g.nodes[d]) for d in documents
        }
        self._by_name = _rows_by(self._names, lambda row: (row.name, row.name_en, *row.aliases))
        self._areas_by_ordinal: dict[str, set[str]] = defaultdict(set)
        for n, a in g.nodes(data=True):
            if a["type"] == NodeType.FOCUS_AREA.value:
                self._areas_by_ordinal[a["ordinal"]].add(n)
        self._centrality: CentralityMemo | None = None
        self._simple: nx.Graph | None = None
        self._memo: VersionMemo[None] = VersionMemo()

    def index_tables(self) -> IndexTables:
        """This version's lookup tables, for graph_index.write_index."""
        g = self.graph
        return IndexTables(
            stats=self._stats,
            nodes=(
                (n, a["type"], a["name"], {k: v for k, v in a.items() if k not in ("type", "name")})
                for n, a in g.nodes(data=True)
            ),
            names=self._names,
            parents=self._parents,
            mentioned_by=self._mentioned_by,
            mention_counts=self._mention_counts,
            tasks=self.task_hits(self._tasks),
            theme_ordinals={t: g.nodes[g.nodes[t]["theme"]]["ordinal"] for t in self._tasks},
            areas=self._areas_by_ordinal,
        )

    # -- GraphReader ------------------------------------------------------------------------
    def stats(self) -> GraphStats:
        return self._stats

    def node(self, node_id: str) -> Node | None:
        attrs = self.graph.nodes.get(node_id)
        return None if attrs is None else _node(node_id, attrs)

    def name_rows(self, folded: str, node_type: NodeType | None, *, exact: bool) -> list[NameRow]:
        if exact:
            rows: Iterable[NameRow] = self._by_name.get(folded, ())
        elif folded:
            rows = (r for r in self._names if r.tier_of(folded) is not None)
        else:
            rows = self._names
        return [r for r in rows if node_type is None or r.type == node_type.value]

    def relatives(self, ids: Sequence[str], down: bool) -> list[tuple[str, Relative]]:
        links = self._children if down else self._parents
        g = self.graph
        return [
            (i, Relative(n, g.nodes[n]["name"], NodeType(g.nodes[n]["type"]), rel))
            for i in ids
            for n, rel in sorted(set(links.get(i, ())))
        ]

    def tasks_naming(self, entity_ids: Iterable[str]) -> Mapping[str, Sequence[str]]:
        return {e: self._mentioned_by[e] for e in entity_ids if e in self._mentioned_by}

    def mention_counts(self, entity_id: str) -> dict[str, int]:
        return dict(self._mention_counts.get(entity_id, Counter()))

    def cached(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        return self._memo.get(None, key, compute)

    def task_page(
        self, candidates: frozenset[str] | None, filters: TaskFilters, offset: int, limit: int
    ) -> tuple[int, list[str]]:
        kept = self._kept(candidates, filters)
        return len(kept), kept[offset : offset + limit]

    def task_documents(
        self, candidates: frozenset[str] | None, filters: TaskFilters
    ) -> Mapping[str, str]:
        g = self.graph
        return {t: g.nodes[t]["document"] for t in self._kept(candidates, filters)}

    def documents(self) -> list[DocumentRow]:
        g = self.graph
        per_doc = Counter(g.nodes[t]["document"] for t in self._tasks)
        return [
            DocumentRow(
                d,
                g.nodes[d]["name"],
                {k: g.nodes[d][k] for k in DOCUMENT_FIELDS if k in g.nodes[d]},
                per_doc[d],
            )
            for d in self._stats.documents
        ]

    def _kept(self, candidates: frozenset[str] | None, filters: TaskFilters) -> list[str]:
        """The tasks among `candidates` (None: all) that pass `filters`, in document order."""
        g = self.graph
        if candidates is None:
            ordered = self._tasks
        else:
            ordered = self.cached(("order", candidates), lambda: self._in_order(candidates))
        area = self._area_filter(filters.area)
        docs = filters.documents
        kept = ordered
        if any(
            f is not None for f in (filters.theme, area, filters.action_type, filters.text, docs)
        ):
            kept = [
                t
                for t in ordered
                if (docs is None or g.nodes[t]["document"] in docs)
                and (
                    filters.theme is None
                    or g.nodes[g.nodes[t]["theme"]]["ordinal"] == filters.theme
                )
                and (area is None or g.nodes[t]["area"] in area)
                and (
                    filters.action_type is None or g.nodes[t]["action_type"] == filters.action_type
                )
                and (filters.text is None or filters.text in g.nodes[t]["text"])
            ]
        return kept

    def _in_order(self, tasks: frozenset[str]) -> list[str]:
        """The tasks among `tasks`, in document order (sorting them beats scanning every task)."""
        rank = self._task_rank
        return sorted((t for t in tasks if t in rank), key=rank.__getitem__)

    def _area_filter(self, area: str | None) -> set[str] | None:
        """An area given as an id, or as an ordinal such as '2.1' (in any document)."""
        if area is None:
            return None
        if area in self.graph:
            return {area}
        return self._areas_by_ordinal.get(area, set())

    def task_hits(self, ids: Sequence[str]) -> list[TaskHit]:
        g = self.graph
        hits = []
        for task in ids:
            a = g.nodes.get(task)
            if a is None or a["type"] != NodeType.TASK.value:
                continue
            hits.append(
                TaskHit(
                    id=task,
                    text=a["text"],
                    ordinal=a["ordinal"],
                    document=self._documents[a["document"]],
                    theme=self._ref(a["theme"]),
                    area=self._ref(a["area"]),
                    action_type=a["action_type"],
                    verbs=tuple(a.get("verbs") or ()),
                    span=(a["start"], a["end"]),
                    entities=sort_mentions(self._mentions.get(task, ())),
                )
            )
        return hits

    def _ref(self, node_id: str) -> Ref:
        return Ref(node_id, self.graph.nodes[node_id]["name"])

    def _node_ref(self, node_id: str) -> NodeRef:
        a = self.graph.nodes[node_id]
        return NodeRef(node_id, a["name"], NodeType(a["type"]))

    def structure(self) -> list[StructureRow]:
        g = self.graph
        per_area = Counter(g.nodes[t]["area"] for t in self._tasks)
        rows = []
        for doc in self._stats.documents:
            d = g.nodes[doc]
            themes = [t for _, t, e in g.out_edges(doc, data=True) if e["type"] == Rel.HAS_THEME]
            if not themes:
                rows.append(StructureRow(doc, d["name"], None, "", "", None, "", "", 0))
            for theme in themes:
                t = g.nodes[theme]
                areas = [
                    a for _, a, e in g.out_edges(theme, data=True) if e["type"] == Rel.HAS_AREA
                ]
                if not areas:
                    rows.append(
                        StructureRow(
                            doc, d["name"], theme, t["ordinal"], t["name"], None, "", "", 0
                        )
                    )
                for area in areas:
                    a = g.nodes[area]
                    rows.append(
                        StructureRow(
                            doc,
                            d["name"],
                            theme,
                            t["ordinal"],
                            t["name"],
                            area,
                            a["ordinal"],
                            a["name"],
                            per_area[area],
                        )
                    )
        return rows

    def neighbours(self, ids: Sequence[str]) -> dict[str, str]:
        g = self.graph
        found: dict[str, str] = {}
        for node in checked(ids):
            for other in itertools.chain(g.succ[node], g.pred[node]):
                found[other] = g.nodes[other]["type"]
        return found

    def subgraph(self, ids: Iterable[str]) -> GraphData:
        g = self.graph
        kept = {n for n in ids if n in g}
        nodes = [_node(n, g.nodes[n]) for n in kept]
        # out-edges of the kept nodes, not every edge of the graph
        edges = [
            _edge(s, t, k, d)
            for s in checked(kept)
            for t, keyed in g.succ[s].items()
            if t in kept
            for k, d in keyed.items()
        ]
        return GraphData.of(nodes, edges)

    def shortest_paths(self, a: str, b: str, max_hops: int) -> list[tuple[str, ...]]:
        """The smallest (by node ids) of the shortest paths, edge direction ignored.

        Walks the stored adjacency from both ends, at most `max_hops` deep: no copy of the
        graph, and no more of it visited than the hop limit reaches.
        """
        from_a = self._hops_from(a, max_hops, stop=b)
        hops = from_a.get(b)
        if hops is None:
            return []
        to_b = self._hops_from(b, hops)
        best = [a]
        for k in range(1, hops + 1):  # the smallest next node that is on a shortest path
            best.append(
                min(
                    n
                    for n in self._either_way(best[-1])
                    if from_a.get(n) == k and to_b.get(n) == hops - k
                )
            )
        return [tuple(best)]

    def _either_way(self, node: str) -> Iterable[str]:
        return itertools.chain(self.graph.succ[node], self.graph.pred[node])

    def _hops_from(self, start: str, max_hops: int, stop: str | None = None) -> dict[str, int]:
        """Hops from `start` to every node at most `max_hops` away (up to `stop`'s level)."""
        hops = {start: 0}
        frontier = [start]
        for level in range(1, max_hops + 1):
            nxt = []
            for node in checked(frontier):
                for n in self._either_way(node):
                    if n not in hops:
                        hops[n] = level
                        nxt.append(n)
            if not nxt or (stop is not None and stop in hops):
                break
            frontier = nxt
        return hops

    def _undirected(self) -> nx.Graph:
        """The simple undirected graph, built once per version (centrality)."""
        if self._simple is None:
            from policykg.graph.centrality import undirected_from

            self._simple = undirected_from(self.graph.nodes, self.graph.edges())
        return self._simple

    def pairings(self, rows: NodeType, cols: NodeType) -> list[Cell]:
        cells: dict[tuple[str, str], set[str]] = defaultdict(set)
        for task in checked(self._tasks):
            mentioned = {m.id: m.type for m in self._mentions.get(task, ())}
            row_ids = [e for e, t in mentioned.items() if t == rows]
            col_ids = [e for e, t in mentioned.items() if t == cols]
            for r in row_ids:
                for c in col_ids:
                    if r != c:
                        cells[(r, c)].add(task)
        return [
            Cell(self._node_ref(r), self._node_ref(c), len(tasks), tuple(tasks))
            for (r, c), tasks in cells.items()
        ]

    def scores(self, node_type: NodeType, by: RankBy) -> dict[str, tuple[str, float]]:
        ids = [r.id for r in self._names if r.type == node_type.value]
        if by == "tasks":
            found = {n: float(len(self._mentioned_by.get(n, ()))) for n in ids}
        else:
            if self._centrality is None:
                from policykg.graph.centrality import CentralityMemo

                self._centrality = CentralityMemo()
            found = self._centrality.rank(None, self._undirected, ids, by)
        names = self.graph.nodes
        return {n: (names[n]["name"], found[n]) for n in ids}

    def role_rows(
        self, agencies: Sequence[str] | None, tasks: frozenset[str] | None
    ) -> list[RoleRow]:
        wanted = None if agencies is None else frozenset(agencies)
        return [
            r
            for r in self._roles
            if (wanted is None or r.agency.id in wanted) and (tasks is None or r.task in tasks)
        ]

    def dump(self) -> GraphData:
        return self.subgraph(self.graph.nodes)


# -- (de)serialisation ------------------------------------------------------------------------


def _add(graph: nx.MultiDiGraph, data: GraphData) -> None:
    """None-valued properties are left out, as Neo4j leaves them out."""
    for node in data.nodes:
        props = {k: v for k, v in node.props.items() if v is not None}
        graph.add_node(node.id, type=node.type.value, name=node.name, **props)
    for edge in data.edges:
        props = {k: v for k, v in edge.props.items() if v is not None}
        graph.add_edge(
            edge.source,
            edge.target,
            key=f"{edge.type.value}|{edge.key}",
            type=edge.type.value,
            **props,
        )


def _apply(graph: nx.MultiDiGraph, change: Change) -> None:
    """graph.corpus.Change, in its order; a written node or edge replaces the old one whole."""
    removed = frozenset(change.removed)
    graph.remove_nodes_from(
        [n for n, a in graph.nodes(data=True) if n in removed or a.get("document") in removed]
    )
    for source, rel, target, key in change.dropped_edges:
        if graph.has_edge(source, target, f"{rel}|{key}"):
            graph.remove_edge(source, target, f"{rel}|{key}")
    graph.remove_nodes_from(change.dropped_nodes)
    for node in change.nodes:
        if node.id in graph:
            graph.nodes[node.id].clear()
    for edge in change.edges:
        key = f"{edge.type.value}|{edge.key}"
        if graph.has_edge(edge.source, edge.target, key):
            graph.edges[edge.source, edge.target, key].clear()
    _add(graph, GraphData(change.nodes, change.edges))


def _node(node_id: str, attrs: dict[str, Any]) -> Node:
    props = {k: v for k, v in attrs.items() if k not in ("type", "name")}
    return Node(node_id, NodeType(attrs["type"]), attrs["name"], props)


def _edge(source: str, target: str, key: str, attrs: dict[str, Any]) -> Edge:
    props = {k: v for k, v in attrs.items() if k != "type"}
    return Edge(source, Rel(attrs["type"]), target, key.split("|", 1)[1], props)


def _rows_by(
    rows: Sequence[NameRow], names: Callable[[NameRow], Iterable[str]]
) -> dict[str, list[NameRow]]:
    """fold(name) -> the rows carrying that name, in `rows` order, each row once."""
    table: dict[str, list[NameRow]] = defaultdict(list)
    for row in rows:
        for key in dict.fromkeys(fold(n) for n in names(row)):
            table[key].append(row)
    return dict(table)
