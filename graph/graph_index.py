"""The networkx store's lookup tables on disk: a SQLite file beside the graph file.

A command that asks one question (`policykg tasks --touches 黄河`) should not parse the whole
graph and rebuild every lookup table to answer it. `write_index` stores the tables a snapshot
builds (names, hierarchy links, entity -> tasks, tasks in document order with their result
rows, mention counts) in `<graph file>.index`; `open_index` opens it when it belongs to the
graph file as it is now (same fingerprint and size), and `IndexReader` answers the lookups
and page reads of the query layer from it with indexed SQL. What the index does not hold
(whole-graph walks: neighbourhoods, paths, maps, rankings, exports) is asked of the full
snapshot, loaded from the graph file the first time it is needed.

The index is derived data: a missing, stale or unreadable index only means the graph file is
read instead. Writers replace it atomically after the graph file, under the same lock.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import orjson

from policykg.graph.assemble import DOCUMENT_FIELDS, sort_mentions
from policykg.graph.model import GraphData, Node, NodeType
from policykg.graph.naming import NameRow, fold
from policykg.graph.queries.memo import VersionMemo
from policykg.graph.queries.reader import (
    DocumentRow,
    GraphReader,
    RoleRow,
    StepwiseReader,
    StructureRow,
    TaskFilters,
)
from policykg.graph.results import (
    Cell,
    DocumentRef,
    GraphStats,
    Mention,
    RankBy,
    Ref,
    Relative,
    TaskHit,
)

__all__ = ["IndexReader", "IndexTables", "index_path", "open_index", "write_index"]

_T = TypeVar("_T")

#: NodeType by value: a dict lookup, where calling the enum costs microseconds per row.
_TYPES = {t.value: t for t in NodeType}

#: Bumped whenever the tables change shape; an index of another version is not used.
_INDEX_VERSION = 3

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
CREATE TABLE nodes (id TEXT PRIMARY KEY, type TEXT, name TEXT, props BLOB) WITHOUT ROWID;
CREATE TABLE names (pos INTEGER PRIMARY KEY, id TEXT, name TEXT, name_en TEXT, type TEXT,
                    aliases BLOB, task_count INTEGER, kind TEXT);
CREATE TABLE name_keys (folded TEXT, pos INTEGER, PRIMARY KEY (folded, pos)) WITHOUT ROWID;
CREATE TABLE links (lower TEXT, upper TEXT, rel TEXT, lower_name TEXT, lower_type TEXT,
                    upper_name TEXT, upper_type TEXT);
CREATE INDEX links_lower ON links (lower);
CREATE INDEX links_upper ON links (upper);
CREATE TABLE named (entity TEXT, pos INTEGER, task TEXT, PRIMARY KEY (entity, pos))
    WITHOUT ROWID;
CREATE TABLE counts (entity TEXT PRIMARY KEY, counts BLOB) WITHOUT ROWID;
CREATE TABLE tasks (rank INTEGER PRIMARY KEY, id TEXT UNIQUE, theme_ordinal, area TEXT,
                    action_type TEXT, text TEXT, document TEXT, hit BLOB);
CREATE TABLE areas (ordinal TEXT, id TEXT, PRIMARY KEY (ordinal, id)) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class IndexTables:
    """What a networkx snapshot has built, handed to `write_index`.

    Attributes:
        stats: counts by type and the documents.
        nodes: every node as (id, type, name, other properties).
        names: the entities' name rows, in id order.
        parents: node -> (parent, relation) over PART_OF / IS_A.
        mentioned_by: entity -> the tasks naming it, sorted.
        mention_counts: entity -> mention relation -> edges.
        tasks: every task's result row (without matches), in document order.
        theme_ordinals: task -> the ordinal of its theme.
        areas: focus area ordinal -> area ids.
    """

    stats: GraphStats
    nodes: Iterable[tuple[str, str, str, dict[str, Any]]]
    names: Sequence[NameRow]
    parents: Mapping[str, Sequence[tuple[str, str]]]
    mentioned_by: Mapping[str, Sequence[str]]
    mention_counts: Mapping[str, Mapping[str, int]]
    tasks: Sequence[TaskHit]
    theme_ordinals: Mapping[str, Any]
    areas: Mapping[str, Iterable[str]]


def index_path(graph_file: Path) -> Path:
    """Where the index of `graph_file` lives.

    Args:
        graph_file: the networkx store's graph file.
    """
    return graph_file.with_name(graph_file.name + ".index")


def write_index(graph_file: Path, fingerprint: str, size: int, tables: IndexTables) -> None:
    """Replace the index of `graph_file` (fingerprint and size of the graph file just written).

    Args:
        graph_file: the graph file the index belongs to.
        fingerprint: its header's fingerprint.
        size: its size in bytes.
        tables: the snapshot's lookup tables.
    """
    target = index_path(graph_file)
    # the graph file's own temporary-name pattern: a killed writer's leftover is removed by
    # the next writer with the rest
    tmp = graph_file.with_name(f".{graph_file.name}.index.{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        with closing(sqlite3.connect(tmp, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(_SCHEMA)
            db.execute("BEGIN")
            _fill(db, fingerprint, size, tables)
            db.execute("COMMIT")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        target.unlink(missing_ok=True)  # a stale index is never used, but it need not stay
        raise


def _fill(db: sqlite3.Connection, fingerprint: str, size: int, tables: IndexTables) -> None:
    dumps = orjson.dumps
    stats = tables.stats
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("version", _INDEX_VERSION),
            ("fingerprint", fingerprint),
            ("size", size),
            ("stats", dumps([stats.nodes, stats.edges, stats.documents])),
        ],
    )
    names: dict[str, str] = {}
    types: dict[str, str] = {}
    node_rows = []
    for node_id, node_type, name, props in tables.nodes:
        names[node_id] = name
        types[node_id] = node_type
        node_rows.append((node_id, node_type, name, dumps(props)))
    db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?)", node_rows)
    db.executemany(
        "INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (pos, r.id, r.name, r.name_en, r.type, dumps(r.aliases), r.task_count, r.kind)
            for pos, r in enumerate(tables.names)
        ],
    )
    db.executemany(
        "INSERT INTO name_keys VALUES (?, ?)",
        [
            (key, pos)
            for pos, r in enumerate(tables.names)
            for key in dict.fromkeys(fold(n) for n in (r.name, r.name_en, *r.aliases))
        ],
    )
    db.executemany(
        "INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (lower, upper, rel, names[lower], types[lower], names[upper], types[upper])
            for lower, ups in tables.parents.items()
            for upper, rel in ups
        ],
    )
    db.executemany(
        "INSERT INTO named VALUES (?, ?, ?)",
        [
            (entity, pos, task)
            for entity, tasks in tables.mentioned_by.items()
            for pos, task in enumerate(tasks)
        ],
    )
    db.executemany(
        "INSERT INTO counts VALUES (?, ?)",
        [(entity, dumps(dict(c))) for entity, c in tables.mention_counts.items()],
    )
    db.executemany(
        "INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                rank,
                hit.id,
                tables.theme_ordinals[hit.id],
                hit.area.id,
                hit.action_type,
                hit.text,
                hit.document.id,
                dumps(_hit_row(hit)),
            )
            for rank, hit in enumerate(tables.tasks)
        ],
    )
    db.executemany(
        "INSERT INTO areas VALUES (?, ?)",
        [(ordinal, area) for ordinal, ids in tables.areas.items() for area in ids],
    )


def _hit_row(hit: TaskHit) -> list[Any]:
    d = hit.document
    return [
        hit.text,
        hit.ordinal,
        [d.id, d.title, d.kind, d.level, d.date],
        [hit.theme.id, hit.theme.name],
        [hit.area.id, hit.area.name],
        hit.action_type,
        hit.verbs,
        hit.span,
        [[m.id, m.name, m.type.value, m.rel, m.surface, m.span] for m in hit.entities],
    ]


def _hit(task_id: str, blob: bytes) -> TaskHit:
    text, ordinal, document, theme, area, action_type, verbs, span, mentions = orjson.loads(blob)
    return TaskHit(
        id=task_id,
        text=text,
        ordinal=ordinal,
        document=DocumentRef(*document),
        theme=Ref(*theme),
        area=Ref(*area),
        action_type=action_type,
        verbs=tuple(verbs),
        span=tuple(span),
        entities=sort_mentions(
            Mention(id=e, name=n, type=_TYPES[t], rel=rel, surface=surface, span=tuple(where))
            for e, n, t, rel, surface, where in mentions
        ),
    )


def open_index(graph_file: Path, fingerprint: str, size: int) -> sqlite3.Connection | None:
    """The index of `graph_file` if it was written for this fingerprint and size, else None.

    Args:
        graph_file: the networkx store's graph file.
        fingerprint: the fingerprint of the graph file's content the index must have been built for.
        size: the graph file's size in bytes the index must have been built for.
    """
    target = index_path(graph_file)
    try:
        db = sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except (sqlite3.Error, ValueError):
        return None
    try:
        meta = dict(db.execute("SELECT key, value FROM meta"))
    except sqlite3.Error:
        db.close()
        return None
    if meta.get("version") != _INDEX_VERSION or (meta.get("fingerprint"), meta.get("size")) != (
        fingerprint,
        size,
    ):
        db.close()
        return None
    return db


class IndexReader(StepwiseReader):
    """A GraphReader over an index: lookups and pages by SQL, whole-graph work by `full()`.

    `full` returns the reader of the whole graph (loading it the first time); the store keeps
    that one for later questions.

    Args:
        db: the open index (open_index).
        full: returns the reader of the whole graph, for what the index cannot answer.
    """

    def __init__(self, db: sqlite3.Connection, full: Callable[[], GraphReader]) -> None:
        self._db = db
        self._full = full
        self._lock = threading.Lock()
        self._memo: VersionMemo[None] = VersionMemo()
        nodes, edges, documents = orjson.loads(
            self._one("SELECT value FROM meta WHERE key = ?", "stats")
        )
        self._stats = GraphStats(nodes, edges, tuple(documents))

    def close(self) -> None:
        self._db.close()

    def _rows(self, sql: str, *args: Any) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _one(self, sql: str, *args: Any) -> Any:
        rows = self._rows(sql, *args)
        return rows[0][0] if rows else None

    # -- answered from the index ---------------------------------------------------------------
    def cached(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        return self._memo.get(None, key, compute)

    def stats(self) -> GraphStats:
        return self._stats

    def node(self, node_id: str) -> Node | None:
        rows = self._rows("SELECT type, name, props FROM nodes WHERE id = ?", node_id)
        if not rows:
            return None
        node_type, name, props = rows[0]
        return Node(node_id, _TYPES[node_type], name, orjson.loads(props))

    def name_rows(self, folded: str, node_type: NodeType | None, *, exact: bool) -> list[NameRow]:
        columns = "n.id, n.name, n.name_en, n.type, n.aliases, n.task_count, n.kind"
        if exact:
            raw = self._rows(
                f"SELECT {columns} FROM name_keys k JOIN names n ON n.pos = k.pos "
                "WHERE k.folded = ? ORDER BY n.pos",
                folded,
            )
        else:
            raw = self._rows(f"SELECT {columns} FROM names n ORDER BY n.pos")
        rows = (
            NameRow(i, name, en, t, tuple(orjson.loads(aliases)), count, kind)
            for i, name, en, t, aliases, count, kind in raw
        )
        return [
            r
            for r in rows
            if (node_type is None or r.type == node_type.value)
            and (exact or not folded or r.tier_of(folded) is not None)
        ]

    def relatives(self, ids: Sequence[str], down: bool) -> list[tuple[str, Relative]]:
        if down:  # the children of each id: links whose upper end it is
            sql = "SELECT upper, lower, lower_name, lower_type, rel FROM links WHERE upper IN "
        else:
            sql = "SELECT lower, upper, upper_name, upper_type, rel FROM links WHERE lower IN "
        found: dict[str, set[tuple[str, str, str, str]]] = {}
        for i, n, name, t, rel in self._rows(sql + _ANY, _ids(ids)):
            found.setdefault(i, set()).add((n, rel, name, t))
        return [
            (i, Relative(n, name, _TYPES[t], rel))
            for i in ids
            for n, rel, name, t in sorted(found.get(i, ()))
        ]

    def tasks_naming(self, entity_ids: Iterable[str]) -> Mapping[str, Sequence[str]]:
        named: dict[str, list[str]] = {}
        for entity, task in self._rows(
            "SELECT entity, task FROM named WHERE entity IN " + _ANY + " ORDER BY entity, pos",
            _ids(entity_ids),
        ):
            named.setdefault(entity, []).append(task)
        return named

    def mention_counts(self, entity_id: str) -> dict[str, int]:
        blob = self._one("SELECT counts FROM counts WHERE entity = ?", entity_id)
        return {} if blob is None else dict(orjson.loads(blob))

    def task_page(
        self, candidates: frozenset[str] | None, filters: TaskFilters, offset: int, limit: int
    ) -> tuple[int, list[str]]:
        if filters == TaskFilters():  # SQLite cuts the page: no row per candidate in Python
            if candidates is None:
                total = self._stats.nodes.get(NodeType.TASK.value, 0)
                page = self._rows(
                    "SELECT id FROM tasks ORDER BY rank LIMIT ? OFFSET ?", limit, offset
                )
            else:  # every candidate is a task of this index (tasks_naming's answer)
                total = len(candidates)
                page = self._rows(
                    "SELECT id FROM tasks WHERE id IN " + _ANY + " ORDER BY rank LIMIT ? OFFSET ?",
                    _ids(candidates),
                    limit,
                    offset,
                )
            return total, [r[0] for r in page]
        kept = [task for task, _ in self._kept(candidates, filters)]
        return len(kept), kept[offset : offset + limit]

    def task_documents(
        self, candidates: frozenset[str] | None, filters: TaskFilters
    ) -> Mapping[str, str]:
        return dict(self._kept(candidates, filters))

    def documents(self) -> list[DocumentRow]:
        tasks = dict(self._rows("SELECT document, count(*) FROM tasks GROUP BY document"))
        rows = self._rows(
            "SELECT id, name, props FROM nodes WHERE type = ? ORDER BY id", "Document"
        )
        out = []
        for doc, name, blob in rows:
            props = orjson.loads(blob)
            fields = {k: props[k] for k in DOCUMENT_FIELDS if k in props}
            out.append(DocumentRow(doc, name, fields, tasks.get(doc, 0)))
        return out

    def _kept(
        self, candidates: frozenset[str] | None, filters: TaskFilters
    ) -> list[tuple[str, str]]:
        """(task, document) of the tasks among `candidates` that pass `filters`, in order."""
        area = self._area_filter(filters.area)
        text = "text" if filters.text is not None else "NULL"
        sql = f"SELECT id, theme_ordinal, area, action_type, {text}, document FROM tasks"
        if candidates is None:
            rows = self._rows(sql + " ORDER BY rank")
        else:
            rows = self._rows(sql + " WHERE id IN " + _ANY + " ORDER BY rank", _ids(candidates))
        docs = filters.documents
        return [
            (task, doc)
            for task, theme, task_area, action_type, task_text, doc in rows
            if (filters.theme is None or theme == filters.theme)
            and (area is None or task_area in area)
            and (filters.action_type is None or action_type == filters.action_type)
            and (filters.text is None or filters.text in task_text)
            and (docs is None or doc in docs)
        ]

    def _area_filter(self, area: str | None) -> set[str] | None:
        """An area given as an id, or as an ordinal such as '2.1' (in any document)."""
        if area is None:
            return None
        if self._one("SELECT 1 FROM nodes WHERE id = ?", area):
            return {area}
        return {r[0] for r in self._rows("SELECT id FROM areas WHERE ordinal = ?", area)}

    def task_hits(self, ids: Sequence[str]) -> list[TaskHit]:
        rows = dict(self._rows("SELECT id, hit FROM tasks WHERE id IN " + _ANY, _ids(ids)))
        return [_hit(task, rows[task]) for task in ids if task in rows]

    # -- answered by the whole graph -------------------------------------------------------------
    def structure(self) -> list[StructureRow]:
        return self._full().structure()

    def neighbours(self, ids: Sequence[str]) -> dict[str, str]:
        return self._full().neighbours(ids)

    def subgraph(self, ids: Iterable[str]) -> GraphData:
        return self._full().subgraph(ids)

    def shortest_paths(self, a: str, b: str, max_hops: int) -> list[tuple[str, ...]]:
        return self._full().shortest_paths(a, b, max_hops)

    def pairings(self, rows: NodeType, cols: NodeType) -> list[Cell]:
        return self._full().pairings(rows, cols)

    def scores(self, node_type: NodeType, by: RankBy) -> dict[str, tuple[str, float]]:
        return self._full().scores(node_type, by)

    def role_rows(
        self, agencies: Sequence[str] | None, tasks: frozenset[str] | None
    ) -> list[RoleRow]:
        return self._full().role_rows(agencies, tasks)

    def dump(self) -> GraphData:
        return self._full().dump()


#: `IN` over a JSON array of ids passed as one parameter (any number of ids, one statement).
_ANY = "(SELECT value FROM json_each(?))"


def _ids(ids: Iterable[str]) -> bytes:
    return orjson.dumps(list(ids))
