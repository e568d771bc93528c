"""Entity queries: resolve a name, search, detail. Tiers and ordering live here, once."""

from __future__ import annotations

from policykg.errors import AmbiguousEntity, EntityNotFound, InvalidQuery, NodeNotFound
from policykg.graph.model import ENTITY_TYPES, Node, NodeType
from policykg.graph.naming import fold, resolution_tiers, suggestions
from policykg.graph.queries.paging import check_window
from policykg.graph.queries.reader import EntityLookup, GraphReader
from policykg.graph.results import EntityDetail, EntityHit, Page

__all__ = [
    "ID_PREFIXES",
    "entity_detail",
    "get_node",
    "lookup_of",
    "node_or_entity",
    "resolve",
    "search_entities",
]

#: How entity ids begin (graph.model.entity_id): "region:黄河". A query without such a prefix
#: cannot be an entity id, so it goes straight to the name tiers.
ID_PREFIXES = frozenset(t.value.lower() for t in ENTITY_TYPES)


def get_node(reader: GraphReader, node_id: str) -> Node:
    """The node with this id; NodeNotFound if there is none.

    Args:
        reader: the graph to read.
        node_id: the node's id.
    """
    node = reader.node(node_id)
    if node is None:
        raise NodeNotFound(node_id)
    return node


def lookup_of(term: str) -> EntityLookup | None:
    """What `resolve` looks `term` up by: as an id when it begins like an entity id, and by
    its folded name (None for a blank term).

    Args:
        term: what the user typed; surrounding blanks are ignored.

    >>> lookup_of(" Region:黄河 ")
    EntityLookup(id=None, folded='region:黄河')
    >>> lookup_of("region:黄河")
    EntityLookup(id='region:黄河', folded='region:黄河')
    """
    query = term.strip()
    if not query:
        return None
    return EntityLookup(query if query.partition(":")[0] in ID_PREFIXES else None, fold(query))


def resolve(reader: GraphReader, query: str, node_type: NodeType | None = None) -> Node:
    """An entity by id, Chinese name, English name or alias (case-insensitive), in that order.

    Args:
        reader: the graph.
        query: what the user typed; surrounding blanks are ignored.
        node_type: only entities of this type.

    Raises:
        InvalidQuery: the query is blank.
        AmbiguousEntity: several entities share the first tier that matches.
        EntityNotFound: nothing matches (with close names as suggestions).
    """
    lookup = lookup_of(query)
    if lookup is None:
        raise InvalidQuery("an entity name or id is required")
    query = query.strip()
    if lookup.id is not None:
        node = reader.node(lookup.id)
        if node is not None and node.type in ENTITY_TYPES and node_type in (None, node.type):
            return node
    for tier in resolution_tiers(query, reader.name_rows(lookup.folded, node_type, exact=True)):
        if len(tier) == 1:
            return get_node(reader, tier[0].id)
        if tier:
            raise AmbiguousEntity(query, [(r.id, r.name, r.type) for r in tier])
    every = reader.name_rows("", node_type, exact=False)
    raise EntityNotFound(query, suggestions(query, every))


def node_or_entity(reader: GraphReader, ref: str) -> str:
    """Any node by id, else an entity by name.

    Args:
        reader: the graph to read.
        ref: a node id, or an entity's name, English name or alias.
    """
    return ref if reader.node(ref) is not None else resolve(reader, ref).id


def search_entities(
    reader: GraphReader,
    q: str = "",
    node_type: NodeType | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page[EntityHit]:
    """Entities whose names contain `q`: exact names first, then more tasks, then prefix >
    substring, then id (a researcher looks for what the graph says most about, not for the
    alphabetically closest name).

    Args:
        reader: the graph.
        q: part of a name, English name or alias ("" lists every entity).
        node_type: only entities of this type.
        limit: page size.
        offset: hits to skip.
    """
    check_window(offset, limit)
    folded = fold(q)
    scored = []
    for row in reader.name_rows(folded, node_type, exact=False):
        tier = row.tier_of(folded) if folded else 0
        if tier is not None:
            scored.append(((tier != 0, -row.task_count, tier, row.id), row))
    scored.sort(key=lambda pair: pair[0])
    items = tuple(
        EntityHit(r.id, r.name, r.name_en, NodeType(r.type), r.kind, r.task_count)
        for _, r in scored[offset : offset + limit]
    )
    return Page(len(scored), limit, offset, items)


def entity_detail(reader: GraphReader, ref: str) -> EntityDetail:
    """One entity (by id or name) with its hierarchy parents and children and mention counts.

    Args:
        reader: the graph to read.
        ref: an entity's id, name, English name or alias.
    """
    node = resolve(reader, ref)
    parents = tuple(rel for _, rel in reader.relatives([node.id], down=False))
    children = tuple(rel for _, rel in reader.relatives([node.id], down=True))
    tasks = reader.tasks_naming([node.id]).get(node.id, ())
    return EntityDetail(
        node.id,
        node.name,
        node.type,
        dict(node.props),
        parents,
        children,
        dict(sorted(reader.mention_counts(node.id).items())),
        len(tasks),
    )
