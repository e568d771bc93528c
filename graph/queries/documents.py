"""Corpus queries: documents listed by their facets or ranked by the tasks a query keeps, one
document in detail, an entity's timeline over years and levels, and the entities named with it.

Each is the task query of graph.queries.tasks (terms, hierarchy expansion, filters, document
facets) counted per document or per entity: `documents --touches 黄河` ranks the documents by
the tasks that `tasks --touches 黄河` lists, a timeline spreads those tasks over the years and
levels of their documents, and `related_entities` counts what else those tasks name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from policykg.errors import NodeNotFound
from policykg.graph.assemble import DOCUMENT_FIELDS, document_date, document_ref
from policykg.graph.document_results import (
    DocumentDetail,
    DocumentHit,
    LevelCount,
    NamedEntity,
    Timeline,
    YearCount,
)
from policykg.graph.model import NodeType
from policykg.graph.queries.entities import resolve
from policykg.graph.queries.facets import issuers_of, selected_documents
from policykg.graph.queries.graph import theme_tree
from policykg.graph.queries.paging import ALL, window
from policykg.graph.queries.reader import DocumentRow, GraphReader, TaskFilters
from policykg.graph.queries.tasks import candidate_tasks, task_filters
from policykg.graph.results import LEVELS, NodeRef, Page, TaskQuery

__all__ = ["TOP_ENTITIES", "document_detail", "documents", "related_entities", "timeline"]

#: Entities a document's detail lists (those its tasks name most).
TOP_ENTITIES = 20


def documents(reader: GraphReader, query: TaskQuery) -> Page[DocumentHit]:
    """The documents the query's facets keep, paged by `query.limit` and `query.offset`.

    Without touches or task filters: every such document, oldest first (undated last), then
    by id. With them: the documents holding tasks the query keeps, most such tasks first,
    then most tasks naming a queried entity itself, then by id.

    Args:
        reader: the graph to read.
        query: the facets, touches and task filters that choose the documents, and the page.
    """
    offset, limit = window(query.offset, query.limit)
    rows = _rows(reader, query)
    if not _asks_tasks(query):
        hits = sorted(
            (_hit(row) for row in rows),
            key=lambda h: (h.document.date is None, h.document.date or "", h.document.id),
        )
    else:
        per_doc = _tasks_by_document(reader, query)
        direct = _direct(reader, query)
        hits = [
            _hit(row, len(per_doc[row.id]), len(per_doc[row.id] & direct))
            for row in rows
            if per_doc.get(row.id)
        ]
        hits.sort(key=lambda h: (-(h.matched or 0), -(h.direct or 0), h.document.id))
    return Page(len(hits), query.limit, query.offset, tuple(hits[offset : offset + limit]))


def document_detail(reader: GraphReader, doc_id: str, top: int = TOP_ENTITIES) -> DocumentDetail:
    """One document: metadata, themes > focus areas with task counts, and the `top` entities
    its tasks name most (most tasks first, then by id).

    Args:
        reader: the graph to read.
        doc_id: the Document node's id; an unknown id raises NodeNotFound.
        top: how many of the most named entities to list.
    """
    row = next((r for r in _all_rows(reader) if r.id == doc_id), None)
    if row is None:
        raise NodeNotFound(doc_id)
    tree = next((t for t in theme_tree(reader) if t.id == doc_id), None)
    _, ids = reader.task_page(None, TaskFilters(documents=frozenset({doc_id})), 0, ALL)
    return DocumentDetail(
        document_ref(row.id, row.title, row.props),
        {k: row.props.get(k) for k in DOCUMENT_FIELDS},
        row.tasks,
        tree.themes if tree else (),
        _most_named(reader, ids)[:top],
    )


def related_entities(
    reader: GraphReader,
    query: TaskQuery,
    node_type: NodeType | None = None,
    limit: int = TOP_ENTITIES,
    offset: int = 0,
) -> Page[NamedEntity]:
    """The entities named by the tasks the query keeps, besides its terms' own entities: most
    such tasks first, then by id (`related_entities(TaskQuery.of(["黄河"]))`: the pollutants,
    agencies and places the tasks touching 黄河 name).

    Args:
        reader: the graph to read.
        query: the terms, expansion, task filters and facets that choose the tasks (its page
            is not used: every task it keeps counts).
        node_type: only entities of this type (None: every type).
        limit: at most this many entities; `total` counts them all.
        offset: entities to skip, in that order.
    """
    terms, candidates = candidate_tasks(reader, query)
    filters = task_filters(reader, query)
    if candidates == frozenset() or filters.documents == frozenset():
        return Page(0, limit, offset, ())
    _, ids = reader.task_page(candidates, filters, 0, ALL)
    named = _most_named(reader, ids, {t.entity for t in terms}, node_type)
    return Page(len(named), limit, offset, named[offset : offset + max(limit, 0)])


def timeline(reader: GraphReader, entity: str, query: TaskQuery | None = None) -> Timeline:
    """The tasks touching `entity` (with `query`'s expansion, filters and facets) and their
    documents per year, and per level (national, provincial, prefecture, county).

    Args:
        reader: the graph to read.
        entity: the entity, by id, name, English name or alias (as `resolve` finds it).
        query: expansion, task filters and facets to apply; its touches are replaced by `entity`.
    """
    node = resolve(reader, entity)
    query = query or TaskQuery.of()
    # every task of the entity: its filters kept, its own terms and page dropped
    query = replace(query, touches=(node.id,), match="any", limit=None, offset=0)
    rows = {r.id: r for r in _rows(reader, query)}
    per_doc = {d: tasks for d, tasks in _tasks_by_document(reader, query).items() if d in rows}
    years: dict[int | None, list[str]] = defaultdict(list)
    levels: dict[str | None, list[str]] = defaultdict(list)
    for doc in sorted(per_doc):
        date = document_date(rows[doc].props)
        years[None if date is None else int(date[:4])].append(doc)
        levels[_level(rows[doc])].append(doc)
    year_counts = tuple(
        YearCount(year, _count(per_doc, docs), tuple(docs), _per_level(per_doc, rows, docs))
        for year, docs in sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    )
    level_counts = tuple(
        LevelCount(level, _count(per_doc, docs), tuple(docs))
        for level, docs in sorted(levels.items(), key=lambda kv: _level_rank(kv[0]))
    )
    return Timeline(
        NodeRef(node.id, node.name, node.type),
        _count(per_doc, per_doc),
        len(per_doc),
        year_counts,
        level_counts,
    )


# -- helpers ---------------------------------------------------------------------------------


def _most_named(
    reader: GraphReader,
    tasks: Iterable[str],
    skip: Collection[str] = (),
    node_type: NodeType | None = None,
) -> tuple[NamedEntity, ...]:
    """The entities these tasks name (but `skip`, of `node_type` when given), each with the
    number of the tasks naming it: most first, then by id."""
    named: Counter[str] = Counter()
    refs: dict[str, NodeRef] = {}
    for hit in reader.task_hits(list(tasks)):
        ids = set()
        for m in hit.entities:
            if m.id not in skip and (node_type is None or m.type is node_type):
                refs[m.id] = NodeRef(m.id, m.name, m.type)
                ids.add(m.id)
        named.update(ids)
    return tuple(
        NamedEntity(refs[e], named[e]) for e in sorted(named, key=lambda e: (-named[e], e))
    )


def _all_rows(reader: GraphReader) -> list[DocumentRow]:
    return reader.cached(("document rows",), reader.documents)


def _rows(reader: GraphReader, query: TaskQuery) -> list[DocumentRow]:
    selected = selected_documents(reader, query.facets)
    return [r for r in _all_rows(reader) if selected is None or r.id in selected]


def _asks_tasks(query: TaskQuery) -> bool:
    """Whether the query asks for tasks (terms, task filters or the agency-role facet),
    beyond document facets."""
    return bool(query.touches or query.roles) or any(
        f is not None
        for f in (query.theme, query.area, query.action_type, query.text, query.agency)
    )


def _tasks_by_document(reader: GraphReader, query: TaskQuery) -> dict[str, frozenset[str]]:
    """Document id -> the ids of its tasks that the query keeps."""
    _, candidates = candidate_tasks(reader, query)
    filters = task_filters(reader, query)
    if candidates == frozenset() or filters.documents == frozenset():
        return {}
    found: dict[str, set[str]] = defaultdict(set)
    for task, doc in reader.task_documents(candidates, filters).items():
        found[doc].add(task)
    return {doc: frozenset(tasks) for doc, tasks in found.items()}


def _direct(reader: GraphReader, query: TaskQuery) -> frozenset[str]:
    terms, _ = candidate_tasks(reader, query)
    return frozenset().union(*(t.direct for t in terms))


def _hit(row: DocumentRow, matched: int | None = None, direct: int | None = None) -> DocumentHit:
    ref = document_ref(row.id, row.title, row.props)
    return DocumentHit(
        ref,
        ref.year,
        tuple(issuers_of(row)),
        _text(row.props.get("doc_number")),
        row.tasks,
        matched,
        direct,
    )


def _level(row: DocumentRow) -> str | None:
    return _text(row.props.get("level"))


def _per_level(
    per_doc: Mapping[str, frozenset[str]], rows: Mapping[str, DocumentRow], docs: Iterable[str]
) -> dict[str, int]:
    """Level -> tasks of these documents at that level (documents without a level left out)."""
    counts: Counter[str] = Counter()
    for doc in docs:
        level = _level(rows[doc])
        if level is not None:
            counts[level] += len(per_doc[doc])
    return dict(sorted(counts.items(), key=lambda kv: _level_rank(kv[0])))


def _level_rank(level: str | None) -> tuple[int, str]:
    """National first, down to county; other levels after them, None last."""
    if level in LEVELS:
        return (LEVELS.index(level), "")
    return (len(LEVELS) + (level is None), level or "")


def _count(per_doc: Mapping[str, frozenset[str]], docs: Iterable[str]) -> int:
    return sum(len(per_doc[d]) for d in docs)


def _text(value: object) -> str | None:
    return str(value) if value else None
