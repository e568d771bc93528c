"""The embedded default store: a networkx MultiDiGraph, persisted by graph/graph_file.py.

Writes build the new graph in memory and replace the file atomically, so a failed build leaves
the previous file as it was.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.budget import check, checked
from policykg.errors import (
    AmbiguousEntity,
    EntityNotFound,
    InvalidQuery,
    NodeNotFound,
)
from policykg.graph.assemble import (
    best_paths,
    combine,
    matches_for_term,
    node_ref,
    path_steps,
    sort_mentions,
)
from policykg.graph.centrality import CentralityMemo, undirected_from
from policykg.graph.graph_file import read_graph, write_graph
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
from policykg.graph.naming import NameRow, fold, natural_key, suggestions
from policykg.graph.results import (
    AreaCount,
    Cell,
    DocumentTree,
    EntityDetail,
    EntityHit,
    GraphStats,
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

ENTITY_TYPE_VALUES = frozenset(t.value for t in ENTITY_TYPES)
MENTION_VALUES = frozenset(r.value for r in MENTION_RELS)
HIERARCHY_VALUES = frozenset(r.value for r in HIERARCHY_RELS)
_VERSIONS = itertools.count(1)  # a new one for every indexed graph, across stores


class NetworkXStore:
    """GraphStore over an in-memory MultiDiGraph; `path=None` keeps it in memory only.

    `load=False` starts empty whatever the file holds: a build replaces the file without
    reading it, so a damaged file never stands in the way of its own repair.
    """

    backend = "networkx"

    def __init__(self, path: Path | None = None, *, load: bool = True) -> None:
        self.path = path
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        if load and path is not None and path.exists():
            self.graph = read_graph(path)
        self._centrality = CentralityMemo()
        self._index()

    # -- writing ----------------------------------------------------------------------------
    def write(self, data: GraphData) -> None:
        graph = self.graph.copy()
        _add(graph, data)
        self._commit(graph)

    def replace(self, data: GraphData) -> None:
        graph: nx.MultiDiGraph = nx.MultiDiGraph()
        _add(graph, data)
        self._commit(graph)

    def close(self) -> None:
        """Nothing to release: the file is written on every change."""

    def _commit(self, graph: nx.MultiDiGraph) -> None:
        if self.path is not None:
            write_graph(graph, self.path)
        self.graph = graph
        self._index()

    def _index(self) -> None:
        """Lookup tables rebuilt after each change; queries only read them."""
        g = self.graph
        self._mentioned_by: dict[str, list[str]] = defaultdict(list)
        self._mentions: dict[str, list[Mention]] = defaultdict(list)
        self._parents: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._children: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._mention_counts: dict[str, Counter[str]] = defaultdict(Counter)
        edge_types: Counter[str] = Counter()
        for source, target, attrs in g.edges(data=True):
            rel = attrs["type"]
            edge_types[rel] += 1
            if rel in MENTION_VALUES:
                self._mentioned_by[target].append(source)
                self._mention_counts[target][rel] += 1
                t = g.nodes[target]
                self._mentions[source].append(
                    Mention(
                        target,
                        t["name"],
                        NodeType(t["type"]),
                        rel,
                        attrs["start"],
                        attrs["end"],
                        attrs["surface"],
                    )
                )
            elif rel in HIERARCHY_VALUES:
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
            )
            for n, a in sorted(g.nodes(data=True))
            if a["type"] in ENTITY_TYPE_VALUES
        ]
        # Queries at 100k tasks must not scan the graph: counts, names and walks come from here.
        node_types = Counter(a["type"] for _, a in g.nodes(data=True))
        documents = tuple(sorted(n for n, a in g.nodes(data=True) if a["type"] == "Document"))
        self._stats = GraphStats(
            dict(sorted(node_types.items())), dict(sorted(edge_types.items())), documents
        )
        self._by_name = _rows_by(self._names, lambda row: (row.name,))
        self._by_name_en = _rows_by(self._names, lambda row: (row.name_en,))
        self._by_alias = _rows_by(self._names, lambda row: row.aliases)
        self._areas_by_ordinal: dict[str, set[str]] = defaultdict(set)
        for n, a in g.nodes(data=True):
            if a["type"] == NodeType.FOCUS_AREA.value:
                self._areas_by_ordinal[a["ordinal"]].add(n)
        self._walks: dict[tuple[str, bool], dict[str, tuple[str, ...]]] = {}
        self._version = next(_VERSIONS)

    # -- reading ----------------------------------------------------------------------------
    def stats(self) -> GraphStats:
        return self._stats

    def get_node(self, node_id: str) -> Node:
        if node_id not in self.graph:
            raise NodeNotFound(node_id)
        return _node(node_id, self.graph.nodes[node_id])

    def resolve(self, query: str, node_type: NodeType | None = None) -> Node:
        query = query.strip()
        if not query:
            raise InvalidQuery("an entity name or id is required")
        if query in self.graph and self.graph.nodes[query]["type"] in ENTITY_TYPE_VALUES:
            node = self.get_node(query)
            if node_type is None or node.type == node_type:
                return node
        for tier in self._resolution_tiers(query, node_type):
            if len(tier) == 1:
                return self.get_node(tier[0].id)
            if tier:
                raise AmbiguousEntity(query, [(r.id, r.name, r.type) for r in tier])
        rows = [r for r in self._names if node_type is None or r.type == node_type.value]
        raise EntityNotFound(query, suggestions(query, rows))

    def _resolution_tiers(self, query: str, node_type: NodeType | None) -> list[list[NameRow]]:
        """graph.naming.resolution_tiers by dict lookups: by name, by English name, by alias."""
        q = fold(query)
        wanted = None if node_type is None else node_type.value
        tiers: list[list[NameRow]] = [[], [], []]
        for tier, table in enumerate((self._by_name, self._by_name_en, self._by_alias)):
            for row in table.get(q, ()):
                if wanted is not None and row.type != wanted:
                    continue
                # a row belongs to its first tier only
                if (tier >= 1 and fold(row.name) == q) or (tier == 2 and fold(row.name_en) == q):
                    continue
                tiers[tier].append(row)
        return tiers

    def search_entities(
        self, q: str = "", node_type: NodeType | None = None, limit: int = 20, offset: int = 0
    ) -> Page[EntityHit]:
        _check_window(offset, limit)
        folded = q.strip().lower()
        scored = []
        for row in self._names:
            if node_type is not None and row.type != node_type.value:
                continue
            tier = row.tier_of(folded) if folded else 0
            if tier is not None:
                scored.append(((tier, -row.task_count, row.id), row))
        scored.sort(key=lambda pair: pair[0])
        page = scored[offset : offset + limit]
        items = tuple(self._entity_hit(row) for _, row in page)
        return Page(len(scored), items)

    def _entity_hit(self, row: NameRow) -> EntityHit:
        attrs = self.graph.nodes[row.id]
        return EntityHit(
            row.id,
            row.name,
            row.name_en,
            NodeType(row.type),
            attrs.get("kind") or "",
            row.task_count,
        )

    def entity_detail(self, entity_id: str) -> EntityDetail:
        node = self.resolve(entity_id)
        counts = self._mention_counts.get(node.id, Counter())
        return EntityDetail(
            node.id,
            node.name,
            node.type,
            dict(node.props),
            self._relatives(self._parents.get(node.id, [])),
            self._relatives(self._children.get(node.id, [])),
            dict(sorted(counts.items())),
            len(self._mentioned_by.get(node.id, ())),
        )

    def _relatives(self, pairs: Iterable[tuple[str, str]]) -> tuple[Relative, ...]:
        g = self.graph
        return tuple(
            Relative(n, g.nodes[n]["name"], NodeType(g.nodes[n]["type"]), rel)
            for n, rel in sorted(set(pairs))
        )

    def tasks(self, query: TaskQuery) -> Page[TaskHit]:
        _check_window(query.offset, query.limit)
        g = self.graph
        if query.touches:
            per_term = [self._term_matches(term, query.expand) for term in query.touches]
            matched: dict[str, tuple[Any, ...]]
            if len(per_term) == 1:  # what combine() gives for one term, without its genexprs
                matched = {task: (match,) for task, match in per_term[0].items()}
            else:
                matched = combine(per_term, query.match)
            # sorting the matches beats scanning all tasks (3.5k of 100k for 黄河: 1 vs 19 ms)
            rank = self._task_rank
            candidates = sorted((t for t in matched if t in rank), key=rank.__getitem__)
        else:
            matched, candidates = {}, list(self._tasks)
        area = self._area_filter(query.area)
        kept = candidates
        if any(f is not None for f in (query.theme, area, query.action_type, query.text)):
            kept = [
                t
                for t in candidates
                if (
                    query.theme is None
                    or g.nodes[g.nodes[t]["theme"]]["ordinal"] == str(query.theme)
                )
                and (area is None or g.nodes[t]["area"] in area)
                and (query.action_type is None or g.nodes[t]["action_type"] == query.action_type)
                and (query.text is None or query.text in g.nodes[t]["text"])
            ]
        end = None if query.limit is None else query.offset + query.limit
        items = tuple(self._task_hit(t, matched.get(t, ())) for t in kept[query.offset : end])
        return Page(len(kept), items)

    def _area_filter(self, area: str | None) -> set[str] | None:
        """An area given as an id, or as an ordinal such as '2.1' (in any document)."""
        if area is None:
            return None
        if area in self.graph:
            return {area}
        return self._areas_by_ordinal.get(area, set())

    def _term_matches(self, term: str, expand: str) -> dict[str, Any]:
        entity = self.resolve(term)
        narrower = self._walk_once(entity.id, down=True) if expand in ("narrower", "both") else {}
        broader = self._walk_once(entity.id, down=False) if expand in ("broader", "both") else {}
        return matches_for_term(entity.id, self._mentioned_by, narrower, broader)

    def _walk_once(self, start: str, down: bool) -> dict[str, tuple[str, ...]]:
        """`_walk` memoised per graph version (黄河 reaches ~1,100 entities; callers only read)."""
        key = (start, down)
        if key not in self._walks:
            self._walks[key] = self._walk(start, self._children if down else self._parents)
        return self._walks[key]

    @staticmethod
    def _walk(start: str, links: dict[str, list[tuple[str, str]]]) -> dict[str, tuple[str, ...]]:
        """Every entity reachable over hierarchy links, with its best path from `start`."""
        paths: list[tuple[str, ...]] = []
        frontier: deque[tuple[str, ...]] = deque([(start,)])
        while frontier:
            if len(paths) % 1024 == 0:
                check()
            path = frontier.popleft()
            for nxt, _ in links.get(path[-1], ()):
                if nxt not in path:
                    paths.append((*path, nxt))
                    frontier.append((*path, nxt))
        return best_paths(paths)

    def _task_hit(self, task: str, matches: Sequence[Any] = ()) -> TaskHit:
        g = self.graph
        a = g.nodes[task]
        return TaskHit(
            id=task,
            text=a["text"],
            ordinal=a["ordinal"],
            document=a["document"],
            theme=self._ref(a["theme"]),
            area=self._ref(a["area"]),
            action_type=a["action_type"],
            verbs=tuple(a.get("verbs") or ()),
            start=a["start"],
            end=a["end"],
            mentions=sort_mentions(self._mentions.get(task, ())),
            matches=tuple(matches),
        )

    def _ref(self, node_id: str) -> NodeRef:
        a = self.graph.nodes[node_id]
        return node_ref(node_id, a["name"], a["type"])

    def task_detail(self, task_id: str) -> TaskDetail:
        node = self.get_node(task_id)
        if node.type != NodeType.TASK:
            raise NodeNotFound(task_id)
        hit = self._task_hit(task_id)
        return TaskDetail(hit, (self._ref(hit.document), hit.theme, hit.area))

    def theme_tree(self) -> tuple[DocumentTree, ...]:
        g = self.graph
        per_area = Counter(g.nodes[t]["area"] for t in self._tasks)
        trees = []
        for doc in self.stats().documents:
            themes = []
            for _, theme, e in sorted(g.out_edges(doc, data=True), key=_by_index(g)):
                if e["type"] != Rel.HAS_THEME.value:
                    continue
                areas = tuple(
                    AreaCount(area, g.nodes[area]["ordinal"], g.nodes[area]["name"], per_area[area])
                    for _, area, e2 in sorted(g.out_edges(theme, data=True), key=_by_index(g))
                    if e2["type"] == Rel.HAS_AREA.value
                )
                t = g.nodes[theme]
                themes.append(
                    ThemeCount(
                        theme, t["ordinal"], t["name"], sum(a.task_count for a in areas), areas
                    )
                )
            trees.append(
                DocumentTree(
                    doc, g.nodes[doc]["name"], sum(t.task_count for t in themes), tuple(themes)
                )
            )
        return tuple(trees)

    def neighborhood(
        self, center: str, depth: int = 1, types: Sequence[NodeType] = (), limit: int = 200
    ) -> GraphData:
        start = self._node_or_entity(center)
        g = self.graph
        distance = {start: 0}
        frontier = [start]
        for level in range(1, depth + 1):
            nxt: set[str] = set()
            for node in checked(frontier):
                nxt.update(g.successors(node))
                nxt.update(g.predecessors(node))
            frontier = sorted(n for n in nxt if n not in distance)
            for node in frontier:
                distance[node] = level
        wanted = {t.value for t in types}
        kept = sorted(
            (n for n in distance if n == start or not wanted or g.nodes[n]["type"] in wanted),
            key=lambda n: (distance[n], n),
        )[:limit]
        return self.subgraph(kept)

    def _node_or_entity(self, ref: str) -> str:
        return ref if ref in self.graph else self.resolve(ref).id

    def shortest_path(self, source: str, target: str, max_hops: int = 6) -> PathResult:
        """The smallest (by node ids) of the shortest paths, edge direction ignored.

        Walks the stored adjacency from both ends, at most `max_hops` deep: no copy of the
        graph, and no more of it visited than the hop limit reaches.
        """
        a, b = self._node_or_entity(source), self._node_or_entity(target)
        if a == b:
            return PathResult((self._ref(a),), ())
        from_a = self._hops_from(a, max_hops, stop=b)
        hops = from_a.get(b)
        if hops is None:
            raise InvalidQuery(f"no path of at most {max_hops} hops between {a} and {b}")
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
        steps = path_steps(tuple(best), self.subgraph(best).edges)
        return PathResult(tuple(self._ref(n) for n in best), steps)

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

    def cooccurrence(self, rows: NodeType, cols: NodeType) -> tuple[Cell, ...]:
        cells: dict[tuple[str, str], set[str]] = defaultdict(set)
        for task in checked(self._tasks):
            mentioned = {m.entity_id: m.type for m in self._mentions.get(task, ())}
            row_ids = [e for e, t in mentioned.items() if t == rows]
            col_ids = [e for e, t in mentioned.items() if t == cols]
            for r in row_ids:
                for c in col_ids:
                    if r != c:
                        cells[(r, c)].add(task)
        out = [
            Cell(self._ref(r), self._ref(c), len(tasks), tuple(sorted(tasks)))
            for (r, c), tasks in cells.items()
        ]
        out.sort(key=lambda cell: (-cell.count, cell.row.id, cell.col.id))
        return tuple(out)

    def rankings(
        self, node_type: NodeType, by: RankBy = "tasks", limit: int = 20
    ) -> tuple[Ranked, ...]:
        g = self.graph
        ids = [r.id for r in self._names if r.type == node_type.value]
        if by == "tasks":
            scores = {n: float(len(self._mentioned_by.get(n, ()))) for n in ids}
        else:
            scores = self._centrality.rank(self._version, self._undirected, ids, by)
        ranked = sorted(ids, key=lambda n: (-scores[n], n))[:limit]
        return tuple(Ranked(n, g.nodes[n]["name"], node_type, scores[n]) for n in ranked)

    def _undirected(self) -> nx.Graph:
        """As centrality.undirected(self.dump()), without building the dump."""
        return undirected_from(self.graph.nodes, self.graph.edges())

    def subgraph(self, node_ids: Iterable[str]) -> GraphData:
        g = self.graph
        ids = {n for n in node_ids if n in g}
        nodes = [_node(n, g.nodes[n]) for n in ids]
        # out-edges of the kept nodes, not every edge of the graph
        edges = [
            _edge(s, t, k, d)
            for s in ids
            for t, keyed in g.succ[s].items()
            if t in ids
            for k, d in keyed.items()
        ]
        return GraphData.of(nodes, edges)

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


def _check_window(offset: int, limit: int | None) -> None:
    if offset < 0 or (limit is not None and limit < 0):
        raise InvalidQuery("offset and limit must not be negative")


def _by_index(g: nx.MultiDiGraph) -> Any:
    return lambda edge: natural_key(g.nodes[edge[1]].get("ordinal", "0"))
