"""All Cypher of the Neo4j store, in one place. Values always travel as $parameters.

Node labels and relationship types cannot be parameters in Cypher 5, so the few statements
that need them are templates filled only from the closed NodeType / Rel enums
(`label_for`, `rel_type`), never from input; `shortest_paths` takes an int bound the same way.

Every lookup by id goes through `(:Node {id: …})`, the label the unique constraint is on, so
that it is an index seek; `(:Task {id: …})` would scan every task.

Entities carry four internal properties, written by the store and left out of every node it
returns: `_fold_name` and `_fold_en` (graph.naming.fold of the name and English name, indexed),
`_folds` (the folded name, English name and aliases) and `_fold_key` (the same in one string,
in a text index: Neo4j indexes no list elements, so this is how an alias is found by a seek).
Name lookups compare them with a query folded in Python, so both stores fold alike (Cypher's
toLower is not str.lower).
"""

from __future__ import annotations

from policykg.graph.model import ENTITY_TYPES, HIERARCHY_RELS, MENTION_RELS, NodeType, Rel

__all__ = [
    "ALL_EDGES",
    "ALL_NODES",
    "CHILDREN",
    "CLOSE_TASKS",
    "CLOSURE_PAGES",
    "CONSTRAINTS",
    "COOCCURRENCE",
    "COVER_ALL",
    "CURRENT_SCHEMA",
    "DEGREES",
    "DELETE_DOCUMENTS",
    "DOCUMENTS",
    "DOCUMENT_NODES",
    "DOCUMENT_ROWS",
    "DROPPED_ENDS",
    "DROP_CLOSURES",
    "DROP_EDGES",
    "DROP_NODES",
    "DROP_STALE_CLOSURES",
    "EDGE_COUNTS",
    "ENTITY_IDS",
    "FILL_FOLD_KEYS",
    "FILTER_TASKS",
    "FILTER_TASKS_BY_ID",
    "FOLD_SEPARATOR",
    "GET_NODE",
    "GET_NODE_STAMPED",
    "GRAPH_STAMP",
    "GRAPH_VERSION",
    "LINKS_ABOVE",
    "LINKS_BELOW",
    "LINK_ALL",
    "LINK_ALL_BATCHED",
    "LINK_ENTITIES",
    "MENTION_COUNTS",
    "META_KEY",
    "MIGRATIONS",
    "NAME_ROWS_ALL",
    "NAME_ROWS_CONTAINING",
    "NAME_ROWS_NAMED",
    "NEIGHBOURS",
    "NODE_COUNTS",
    "PAGE_WALK",
    "PARENTS",
    "RECOVER_ALL_BATCHED",
    "ROLE_ROWS",
    "SCHEMA_VERSION",
    "SET_SCHEMA_VERSION",
    "SET_STAMP",
    "STAMP_KEY",
    "SUBGRAPH_EDGES",
    "SUBGRAPH_NODES",
    "SWEEP_EDGES",
    "SWEEP_NODES",
    "TASKS_NAMING",
    "TASK_COUNTS",
    "TASK_DOCUMENTS",
    "TASK_DOCUMENTS_BY_ID",
    "TASK_ORDER",
    "TASK_ROWS",
    "THEME_TREE",
    "fold_key",
    "fold_key_needle",
    "label_for",
    "merge_edges",
    "merge_nodes",
    "rel_type",
    "shortest_paths",
]

#: The relationship types of hierarchy steps and of mentions, for typed expansions (types
#: cannot be parameters; these come from the Rel enum): a typed expansion reads only those
#: relationships of a node, where a filter on type(r) reads all.
_HIERARCHY_TYPES = "|".join(sorted(r.value for r in HIERARCHY_RELS))
_MENTION_TYPES = "|".join(sorted(r.value for r in MENTION_RELS))

CONSTRAINTS = (
    "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX task_order IF NOT EXISTS FOR (t:Task) ON (t.document, t.seq)",
    "CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name)",
    "CREATE INDEX entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type)",
    "CREATE INDEX entity_fold_name IF NOT EXISTS FOR (e:Entity) ON (e._fold_name)",
    "CREATE INDEX entity_fold_en IF NOT EXISTS FOR (e:Entity) ON (e._fold_en)",
    "CREATE TEXT INDEX entity_fold_key IF NOT EXISTS FOR (e:Entity) ON (e._fold_key)",
    "CREATE INDEX node_build IF NOT EXISTS FOR (n:Node) ON (n.build)",
    "CREATE CONSTRAINT graph_stamp IF NOT EXISTS FOR (v:GraphStamp) REQUIRE v.key IS UNIQUE",
    "CREATE CONSTRAINT policykg_meta IF NOT EXISTS FOR (m:PolicykgMeta) REQUIRE m.key IS UNIQUE",
    "CREATE CONSTRAINT closure_entity IF NOT EXISTS FOR (c:Closure) REQUIRE c.entity IS UNIQUE",
    "CREATE INDEX closure_order IF NOT EXISTS FOR ()-[r:COVERS]-() ON (r.entity, r.document, r.seq)",
)


#: Ends every folded name in `_fold_key`; str.strip (graph.naming.fold) removes it from both
#: ends of a name, so a needle SEP + name + SEP starts and ends on name boundaries.
FOLD_SEPARATOR = "\x1f"


def fold_key(folds: list[str]) -> str:
    """The `_fold_key` of an entity: its folded names, each between separators, in one string
    (a text index serves CONTAINS on a string; no index holds the elements of a list).

    Args:
        folds: the folded name, English name and aliases.

    >>> fold_key(["黄河", "yellow river"]) == "\x1f黄河\x1fyellow river\x1f"
    True
    """
    return FOLD_SEPARATOR + FOLD_SEPARATOR.join(folds) + FOLD_SEPARATOR


def fold_key_needle(folded: str) -> str:
    """What NAME_ROWS_NAMED looks for in `_fold_key`: one whole folded name.

    Args:
        folded: a folded query.
    """
    return FOLD_SEPARATOR + folded + FOLD_SEPARATOR


# -- schema version ---------------------------------------------------------------------------
# The version of the stored graph's layout: one PolicykgMeta node outside the graph (no label
# Node: no query, dump or sweep sees it). Connecting reads it; a graph below SCHEMA_VERSION gets
# the schema statements (each its own transaction: Neo4j runs no data write in a transaction
# that changed the schema), then the MIGRATIONS it lacks, in order, and the new version, all
# in one write transaction. A graph without the node is version 0 (before versions existed).
META_KEY = "schema"  # $meta_key: the one PolicykgMeta node's key
SCHEMA_VERSION = "OPTIONAL MATCH (m:PolicykgMeta {key: $meta_key}) RETURN m.version AS version"
SET_SCHEMA_VERSION = "MERGE (m:PolicykgMeta {key: $meta_key}) SET m.version = $version"

# Entities written before `_fold_key` existed get it from `_folds`.
FILL_FOLD_KEYS = """
MATCH (e:Entity) WHERE e._fold_key IS NULL AND e._folds IS NOT NULL
SET e._fold_key = reduce(k = $separator, f IN e._folds | k + f + $separator)
"""

# -- the stored closure -----------------------------------------------------------------------
# The closure below each entity, kept beside the graph so that a question of one term reads it
# instead of expanding it: one node per entity (label Closure, not Node: no query, dump, count
# or sweep of the graph sees it) with
# - a COVERS relationship to every task that names the entity or an entity below it (PART_OF /
#   IS_A, any depth), carrying the entity's id and the task's (document, seq): the closure's
#   number of tasks is the node's degree, and a page of them in document order is a seek in the
#   closure_order index that reads what the page returns;
# - its hierarchy links below it as two lists of ids, `down_from` (the parent of each link) and
#   `down_to` (its child), absent when it has none.
# Deleting a task deletes its COVERS relationships with it. Every write keeps the rest in step
# in its own transaction: a replace() computes it all again, a document change and a write()
# the tasks they write and those under a hierarchy link they add or drop (CLOSE_TASKS), and the
# links of the entities above such a link (LINK_ENTITIES).


def _cover(write: str) -> str:
    """The COVERS relationships of task `t`, written by `write` (CREATE where `t` has none,
    MERGE where it may have them already)."""
    return f"""
    MATCH (t)-[:{_MENTION_TYPES}]->()-[:{_HIERARCHY_TYPES}*0..]->(a)
    WITH DISTINCT t, a
    MERGE (c:Closure {{entity: a.id}})
    {write} (c)-[r:COVERS]->(t)
    SET r.entity = a.id, r.document = t.document, r.seq = t.seq
"""


_LINK = f"""
    CALL (e) {{
        MATCH (e)<-[:{_HIERARCHY_TYPES}*0..]-(x)
        WITH DISTINCT x
        MATCH (y)-[:{_HIERARCHY_TYPES}]->(x)
        WITH DISTINCT x.id AS x, y.id AS y ORDER BY x, y
        RETURN collect(x) AS xs, collect(y) AS ys
    }}
    CALL (e, xs, ys) {{
        WITH e, xs, ys WHERE size(xs) > 0
        MERGE (c:Closure {{entity: e.id}})
        SET c.down_from = xs, c.down_to = ys
    }}
    CALL (e, xs) {{
        WITH e, xs WHERE size(xs) = 0
        MATCH (c:Closure {{entity: e.id}})
        REMOVE c.down_from, c.down_to
    }}
"""
#: The closure of every task and the links of every entity, in one transaction (a migration).
COVER_ALL = "MATCH (t:Task) CALL (t) {" + _cover("MERGE") + "}"
LINK_ALL = "MATCH (e:Entity) CALL (e) {" + _LINK + "}"
#: After a replace, in transactions of their own (an auto-commit transaction): the closure
#: nodes of entities the graph no longer has go; every task whose COVERS relationships are not
#: its closure (by entity, document and seq) gets them again, the others are left as they are
#: (a build over a graph much like it writes little); every entity is linked again.
DROP_STALE_CLOSURES = """
MATCH (c:Closure) WHERE NOT EXISTS { MATCH (e:Node {id: c.entity}) WHERE e:Entity }
CALL (c) { DETACH DELETE c } IN TRANSACTIONS OF 100 ROWS
"""
RECOVER_ALL_BATCHED = f"""
MATCH (t:Task)
CALL (t) {{
    CALL (t) {{
        MATCH (t)-[:{_MENTION_TYPES}]->()-[:{_HIERARCHY_TYPES}*0..]->(a)
        WITH DISTINCT a.id AS id ORDER BY id
        RETURN collect([id, t.document, t.seq]) AS wanted
    }}
    CALL (t) {{
        MATCH (:Closure)-[r:COVERS]->(t)
        WITH r.entity AS id, r.document AS document, r.seq AS seq ORDER BY id
        RETURN collect([id, document, seq]) AS held
    }}
    WITH t, wanted, held WHERE wanted <> held
    CALL (t) {{
        MATCH (:Closure)-[r:COVERS]->(t)
        DELETE r
    }}
    CALL (t) {{{_cover("CREATE")}}}
}} IN TRANSACTIONS OF 2000 ROWS
"""
LINK_ALL_BATCHED = "MATCH (e:Entity) CALL (e) {" + _LINK + "} IN TRANSACTIONS OF 500 ROWS"
#: Before a change deletes entity nodes (`$ids`): the entities one hierarchy step below them and
#: above them, and the tasks naming them (their closures change when those steps go).
DROPPED_ENDS = f"""
UNWIND $ids AS id
MATCH (n:Node {{id: id}})
WITH collect(n) AS ns
RETURN COLLECT {{ UNWIND ns AS n MATCH (x)-[:{_HIERARCHY_TYPES}]->(n) RETURN DISTINCT x.id }}
           AS below,
       COLLECT {{ UNWIND ns AS n MATCH (n)-[:{_HIERARCHY_TYPES}]->(y) RETURN DISTINCT y.id }}
           AS above,
       COLLECT {{ UNWIND ns AS n MATCH (t)-[:{_MENTION_TYPES}]->(n) RETURN DISTINCT t.id }}
           AS tasks
"""
#: The closure nodes of entities a change deletes (`$ids`), with their relationships.
DROP_CLOSURES = "UNWIND $ids AS id MATCH (c:Closure {entity: id}) DETACH DELETE c"
#: The closures of the tasks `$tasks` and of every task naming an entity at or below one of
#: `$below` (whose ancestors a change of hierarchy links may have changed), written again.
CLOSE_TASKS = f"""
CALL () {{
    UNWIND $tasks AS id
    MATCH (t:Node {{id: id}}) WHERE t:Task
    RETURN t
    UNION
    UNWIND $below AS id
    MATCH (:Node {{id: id}})<-[:{_HIERARCHY_TYPES}*0..]-(x)
    WITH DISTINCT x
    MATCH (t)-[:{_MENTION_TYPES}]->(x)
    RETURN t
}}
CALL (t) {{
    MATCH (:Closure)-[r:COVERS]->(t)
    DELETE r
}}
CALL (t) {{{_cover("CREATE")}}}
"""
#: The links of every entity at or above one of `$ids` (whose links below a change of
#: hierarchy links may have changed), written again.
LINK_ENTITIES = (
    f"UNWIND $ids AS id MATCH (:Node {{id: id}})-[:{_HIERARCHY_TYPES}*0..]->(e) "
    "WITH DISTINCT e" + _LINK
)

#: The data migrations, in order: the graph's version is the number of them it has had. Each
#: takes $separator (FOLD_SEPARATOR) and must be idempotent (two stores may connect at once).
MIGRATIONS = (FILL_FOLD_KEYS, COVER_ALL, LINK_ALL)
#: The layout this code writes (a graph at it needs nothing on connect).
CURRENT_SCHEMA = len(MIGRATIONS)


def label_for(node_type: NodeType) -> str:
    """':Node:Task' or ':Node:Entity:Region' — from the enum only.

    Args:
        node_type: the node's type.
    """
    label = NodeType(node_type).value
    return f":Node:Entity:{label}" if node_type in ENTITY_TYPES else f":Node:{label}"


def rel_type(rel: Rel) -> str:
    """A relation as a Cypher relationship type.

    Args:
        rel: the relation (a Rel or its name).

    Returns:
        Its name, checked against Rel (a relationship type cannot be a parameter).
    """
    return Rel(rel).value


# -- writing ----------------------------------------------------------------------------------


def merge_nodes(node_type: NodeType) -> str:
    """One batch of one node type; `SET n = …` drops properties the new build no longer has.

    Args:
        node_type: the type of every node of the batch.
    """
    return f"UNWIND $rows AS row MERGE (n{label_for(node_type)} {{id: row.id}}) SET n = row.props"


def merge_edges(rel: Rel) -> str:
    """One batch of one relationship type, keyed by (source, type, target, key).

    Args:
        rel: the relationship type of every row of the batch.
    """
    return (
        "UNWIND $rows AS row "
        "MATCH (a:Node {id: row.source}) MATCH (b:Node {id: row.target}) "
        f"MERGE (a)-[r:{rel_type(rel)} {{key: row.key}}]->(b) "
        "SET r = row.props"
    )


# What the last replace() did not stamp goes, including anything without a stamp; only
# policykg's own nodes (label Node) and the relationships among them. CALL … IN TRANSACTIONS
# keeps memory bounded and needs an auto-commit transaction (session.run).
SWEEP_EDGES = (
    "MATCH (:Node)-[r]->(:Node) WHERE r.build IS NULL OR r.build <> $build "
    "CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
)
SWEEP_NODES = (
    "MATCH (n:Node) WHERE n.build IS NULL OR n.build <> $build "
    "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
)

# The graph's version: one node outside the graph (no label Node, so no query, dump or sweep
# sees it) whose stamp every write transaction renews. A reader keys what it memoises on the
# stamp; a graph written before stamps existed has none, and nothing is memoised for it.
STAMP_KEY = "graph"  # $stamp_key: the one GraphStamp node's key
SET_STAMP = "MERGE (v:GraphStamp {key: $stamp_key}) SET v.stamp = $stamp"
GRAPH_STAMP = "OPTIONAL MATCH (v:GraphStamp {key: $stamp_key}) RETURN v.stamp AS stamp"

# Adding and removing documents (graph.corpus.Change), all in one write transaction.
DOCUMENT_NODES = "MATCH (d:Document) RETURN properties(d) AS props"
DELETE_DOCUMENTS = "MATCH (n:Node) WHERE n.id IN $ids OR n.document IN $ids DETACH DELETE n"
DROP_EDGES = (
    "UNWIND $rows AS row "
    "MATCH (:Node {id: row.source})-[r {key: row.key}]->(:Node {id: row.target}) "
    "WHERE type(r) = row.type DELETE r"
)
DROP_NODES = "UNWIND $ids AS id MATCH (n:Node {id: id}) DETACH DELETE n"

# -- reading ----------------------------------------------------------------------------------

NODE_COUNTS = "MATCH (n:Node) RETURN n.type AS type, count(*) AS n"
EDGE_COUNTS = "MATCH (:Node)-[r]->(:Node) RETURN type(r) AS type, count(*) AS n"
DOCUMENTS = "MATCH (d:Document) RETURN d.id AS id ORDER BY id"
GET_NODE = "MATCH (n:Node {id: $id}) RETURN properties(n) AS props"
# The same (props null if there is no such node), and the graph's stamp read with it.
GET_NODE_STAMPED = """
OPTIONAL MATCH (v:GraphStamp {key: $stamp_key})
OPTIONAL MATCH (n:Node {id: $id})
RETURN properties(n) AS props, v.stamp AS stamp
"""

# One entity as a graph.naming.NameRow, with its number of tasks and its kind.
_NAME_ROW = """
CALL (e) {
    OPTIONAL MATCH (t:Task)-[r]->(e) WHERE type(r) IN $mention
    RETURN count(DISTINCT t) AS tasks
}
WITH e, tasks ORDER BY e.id
RETURN {id: e.id, name: e.name, name_en: coalesce(e.name_en, ''), type: e.type,
        aliases: coalesce(e.aliases, []), kind: coalesce(e.kind, ''), tasks: tasks} AS row
"""

# Entities with a name, English name or alias that folds to $q: one seek in the text index of
# `_fold_key` for $needle (fold_key_needle), then the exact test on `_folds`; with each entity's
# properties (the node a lookup resolves to).
_NAMED = """
    MATCH (e:Entity) WHERE e._fold_key CONTAINS $needle
    WITH e WHERE $q IN e._folds AND ($type IS NULL OR e.type = $type)
    CALL (e) {
        OPTIONAL MATCH (t:Task)-[r]->(e) WHERE type(r) IN $mention
        RETURN count(DISTINCT t) AS tasks
    }
    WITH e, tasks ORDER BY e.id
    RETURN collect({id: e.id, name: e.name, name_en: coalesce(e.name_en, ''), type: e.type,
                    aliases: coalesce(e.aliases, []), kind: coalesce(e.kind, ''), tasks: tasks})
           AS rows,
           collect(properties(e)) AS nodes
"""
# The same, and the graph's stamp read in the same statement.
NAME_ROWS_NAMED = (
    "OPTIONAL MATCH (v:GraphStamp {key: $stamp_key}) CALL () {"
    + _NAMED
    + "} RETURN rows, nodes, v.stamp AS stamp"
)

# Entities where $q (not '') is part of a folded name, English name or alias: a scan of the
# text index of `_fold_key` (which holds them all), then the test on each name (a $q with a
# separator inside would match across two names of the key).
NAME_ROWS_CONTAINING = (
    """
MATCH (e:Entity) WHERE e._fold_key CONTAINS $q
  AND ($type IS NULL OR e.type = $type) AND any(n IN e._folds WHERE n CONTAINS $q)"""
    + _NAME_ROW
)
# Every entity (of $type, unless null).
NAME_ROWS_ALL = "MATCH (e:Entity) WHERE ($type IS NULL OR e.type = $type)" + _NAME_ROW

# One hierarchy step (PART_OF / IS_A) from each of $ids, relatives in id order.
CHILDREN = """
UNWIND $ids AS id
MATCH (c:Entity)-[r]->(:Node {id: id}) WHERE type(r) IN $hierarchy
WITH DISTINCT id, c, type(r) AS rel ORDER BY id, c.id, rel
RETURN id AS from, c.id AS id, c.name AS name, c.type AS type, rel
"""
PARENTS = """
UNWIND $ids AS id
MATCH (:Node {id: id})-[r]->(p:Entity) WHERE type(r) IN $hierarchy
WITH DISTINCT id, p, type(r) AS rel ORDER BY id, p.id, rel
RETURN id AS from, p.id AS id, p.name AS name, p.type AS type, rel
"""

# Every hierarchy step below (or above) $id in one statement, with the tasks naming each entity
# on the way: the entities reachable over PART_OF / IS_A (each once: DISTINCT lets the planner
# prune the expansion), each as [id, its children (or parents), the tasks naming it] in one
# row (those with neither left out: every entity reached is $id or a step of another), not a
# row per link (the driver's cost per value is most of the time of a large closure); and
# `ordered`, those tasks in document order (as TASK_ORDER gives them). The relationship types
# come from the Rel enum (they cannot be parameters): typed expansions read only those
# relationships of a node, where a filter on type(r) reads all.
_CLOSURE_ROWS = f"""
WITH DISTINCT x
CALL (x) {{{{
    MATCH {{step}}
    RETURN collect(DISTINCT y.id) AS steps
}}}}
CALL (x) {{{{
    MATCH (t:Task)-[:{_MENTION_TYPES}]->(x)
    RETURN collect(DISTINCT t) AS named
}}}}
WITH x, steps, named WHERE size(steps) > 0 OR size(named) > 0
WITH collect([x.id, steps, [t IN named | t.id]]) AS entities, collect(named) AS named
CALL (named) {{{{
    UNWIND named AS tasks
    UNWIND tasks AS t
    WITH DISTINCT t ORDER BY t.document, t.seq
    RETURN collect(t.id) AS ordered
}}}}
RETURN entities, ordered
"""
LINKS_BELOW = f"MATCH (:Node {{id: $id}})<-[:{_HIERARCHY_TYPES}*0..]-(x:Entity)" + (
    _CLOSURE_ROWS.format(step=f"(y:Entity)-[:{_HIERARCHY_TYPES}]->(x)")
)
LINKS_ABOVE = f"MATCH (:Node {{id: $id}})-[:{_HIERARCHY_TYPES}*0..]->(x:Entity)" + (
    _CLOSURE_ROWS.format(step=f"(x)-[:{_HIERARCHY_TYPES}]->(y:Entity)")
)

# The tasks naming each of $ids, as [entity id, task id] pairs, and those tasks in document
# order (as TASK_ORDER gives them).
TASKS_NAMING = """
UNWIND $ids AS id
MATCH (t:Task)-[r]->(:Node {id: id}) WHERE type(r) IN $mention
WITH collect(DISTINCT [id, t.id]) AS pairs, collect(DISTINCT t) AS tasks
CALL (tasks) {
    UNWIND tasks AS t
    WITH t ORDER BY t.document, t.seq
    RETURN collect(t.id) AS ordered
}
RETURN pairs, ordered
"""

MENTION_COUNTS = """
MATCH (:Task)-[r]->(:Node {id: $id}) WHERE type(r) IN $mention
RETURN type(r) AS rel, count(r) AS n
"""

# One task as a result row: a list (lists, not maps: the driver decodes no keys) of what a
# TaskHit shows of the task, its theme's and area's names, its document's $doc_keys (dynamic
# lookups so that a property no document has yet draws no warning) and what it names, each
# mention a list too. neo4j_store._task_hit reads them by position, in this order.
_TASK_ROW = """
    MATCH (t:Node {id: id}) WHERE t:Task
    MATCH (th:Node {id: t.theme})
    MATCH (ar:Node {id: t.area})
    MATCH (d:Node {id: t.document})
    CALL (t) {
        MATCH (t)-[r]->(e:Entity) WHERE type(r) IN $mention
        RETURN collect([e.id, e.name, e.type, type(r), r.start, r.end, r.surface]) AS mentions
    }
    RETURN collect([t.id, t.text, t.ordinal, t.document, t.theme, t.area, t.action_type, t.verbs,
                    t.start, t.end, th.name, ar.name, [k IN $doc_keys | d[k]], mentions]) AS rows
"""
# The rows of $ids, and the graph's stamp read in the same statement (a reader that answered
# from its memo checks the stamp it assumed with it, without a statement of its own).
TASK_ROWS = (
    "CALL () { UNWIND $ids AS id"
    + _TASK_ROW
    + "} OPTIONAL MATCH (v:GraphStamp {key: $stamp_key}) RETURN rows, v.stamp AS stamp"
)

# GraphReader.closure_pages in one statement: the graph's stamp; the node of id $id (null
# unless the term looks like an entity id); the entities named $q (as NAME_ROWS_NAMED, renamed
# `names`); then, for each entity found (the node of $id if it is an entity, and those named
# $q), in id order, one item of `pages`: [its id, the parents and the children of the hierarchy
# links below it (two lists, [] when not asked), the links above it (as [entity, [its
# parents]] for those that have some; [] when not asked), the number of tasks naming it or an
# entity of its closure, the ids of the page of them in document order (from $offset, at most
# $limit)]; and `rows`, the pages' tasks (_TASK_ROW). No other task id leaves the server.
# The closure below an entity is read where it is stored (the Closure node: its links, its
# number of tasks as a degree, the page from the closure_order index); the one above it, and
# an entity alone, are expanded: their tasks counted apart (distinct tasks over the mention
# edges) and the page either read by walking the task_order index in document order or cut
# from the closure's tasks by a top-k sort, whichever reads fewer (PAGE_WALK). Mention
# relationships start at tasks only (graph.model), so their start is not tested for the label.
_CLOSURE_LOOKUP = (
    """
OPTIONAL MATCH (v:GraphStamp {key: $stamp_key})
CALL () {
    OPTIONAL MATCH (n:Node {id: $id})
    RETURN properties(n) AS by_id
}
CALL () {"""
    + _NAMED
    + """}
WITH v, by_id, rows AS names, nodes
CALL (by_id, names) {
    UNWIND CASE WHEN by_id.type IN $entity_types THEN [by_id.id] ELSE [] END
           + [r IN names | r.id] AS start
    WITH DISTINCT start ORDER BY start
"""
)

_STORED_BELOW = """
    CALL (start) {
        OPTIONAL MATCH (c:Closure {entity: start})
        RETURN c, COUNT { (c)-[:COVERS]->() } AS below_total,
               coalesce(c.down_from, []) AS down_from, coalesce(c.down_to, []) AS down_to
    }
"""
#: The stored closure's tasks of `start` in document order (an index seek in closure_order).
_COVERED_IN_ORDER = """
            MATCH ()-[r:COVERS]->(t)
            WHERE r.entity = start AND r.document >= '' AND r.seq IS NOT NULL
            WITH r, t ORDER BY r.entity, r.document, r.seq"""
_BELOW_PAGE = f"""
    CALL (start) {{{_COVERED_IN_ORDER} SKIP $offset LIMIT $limit
        RETURN collect(t.id) AS page
    }}
    WITH *, below_total AS total, [] AS up
"""
# Below and above: the tasks above that are not below (few: the closure above an entity is a
# handful of entities), and the page cut from them and the first of those below.
_BOTH_PAGE = f"""
    CALL (c, above) {{
        UNWIND above AS x
        MATCH (t)-[:{_MENTION_TYPES}]->(x)
        WITH DISTINCT t WHERE NOT EXISTS {{ (c)-[:COVERS]->(t) }}
        RETURN collect(t) AS beside
    }}
    CALL (start, beside) {{
        CALL (start, beside) {{{_COVERED_IN_ORDER} LIMIT $offset + $limit
            RETURN t
            UNION
            UNWIND beside AS t
            RETURN t
        }}
        WITH t ORDER BY t.document, t.seq SKIP $offset LIMIT $limit
        RETURN collect(t.id) AS page
    }}
    WITH *, below_total + size(beside) AS total
"""


def _closure_steps(down: bool, nodes: str, links: str) -> str:
    """A subquery of CLOSURE_PAGES: the entities reachable from `start` (down: below it, else
    above it), as `nodes`, and their steps, as `links`. Hierarchy relationships join entities
    only (graph.model), so the nodes they reach are not tested for the label: a test per node
    the walk reaches, and per step."""
    h = _HIERARCHY_TYPES
    reach = (
        f"(:Node {{id: start}})<-[:{h}*0..]-(x)"
        if down
        else (f"(:Node {{id: start}})-[:{h}*0..]->(x)")
    )
    step = f"(y)-[:{h}]->(x)" if down else f"(x)-[:{h}]->(y)"
    return f"""
    CALL (start) {{
        MATCH {reach}
        WITH DISTINCT x
        CALL (x) {{
            MATCH {step}
            RETURN collect(DISTINCT y.id) AS steps
        }}
        RETURN collect(x) AS {nodes},
               collect(CASE WHEN size(steps) > 0 THEN [x.id, steps] END) AS {links}
    }}
"""


_ONLY_START = """
    CALL (start) {
        MATCH (x:Node {id: start}) WHERE x:Entity
        RETURN collect(x) AS below
    }
    WITH *, [] AS down_from, [] AS down_to
"""
_NO_ABOVE = "    WITH *, [] AS above, [] AS up\n"
#: When CLOSURE_PAGES reads a page of an expanded closure by walking the task_order index in
#: document order until it is full (about ($offset + $limit) * tasks / total index entries, each
#: tested for a mention of the closure) rather than by sorting the closure's `total` tasks:
#: when the walk is the shorter. A rare term would walk the whole index; a frequent one would
#: sort thousands.
PAGE_WALK = "($offset + $limit) * COUNT { (:Task) } <= total * total"
_EXPANDED_PAGE = f"""
    CALL (below, above) {{
        UNWIND below + above AS x
        WITH DISTINCT x
        MATCH (t)-[:{_MENTION_TYPES}]->(x)
        RETURN count(DISTINCT t) AS total
    }}
    CALL (below, above, total) {{
        WITH below + above AS xs, total
        WHERE {PAGE_WALK}
        MATCH (t:Task) WHERE t.document >= '' AND t.seq IS NOT NULL
        WITH t, xs ORDER BY t.document, t.seq
        WHERE EXISTS {{ (t)-[:{_MENTION_TYPES}]->(x) WHERE x IN xs }}
        WITH t SKIP $offset LIMIT $limit
        RETURN collect(t.id) AS walked
    }}
    CALL (below, above, total) {{
        WITH below, above, total WHERE NOT {PAGE_WALK}
        UNWIND below + above AS x
        WITH DISTINCT x
        MATCH (t)-[:{_MENTION_TYPES}]->(x)
        WITH DISTINCT t ORDER BY t.document, t.seq SKIP $offset LIMIT $limit
        RETURN collect(t.id) AS sorted
    }}
    WITH *, walked + sorted AS page
"""
_CLOSURE_END = (
    """    RETURN collect([start, down_from, down_to, up, total, page]) AS pages
}
CALL (pages) {
    UNWIND pages AS found
    UNWIND found[5] AS id
    WITH DISTINCT id"""
    + _TASK_ROW
    + """}
RETURN v.stamp AS stamp, by_id, names, nodes, pages, rows
"""
)


def _closure_pages(below: bool, above: bool) -> str:
    """The statement of CLOSURE_PAGES for one (below, above)."""
    if not below:
        middle = (
            _ONLY_START
            + (_closure_steps(False, "above", "up") if above else _NO_ABOVE)
            + _EXPANDED_PAGE
        )
    elif above:
        middle = _STORED_BELOW + _closure_steps(False, "above", "up") + _BOTH_PAGE
    else:
        middle = _STORED_BELOW + _BELOW_PAGE
    return _CLOSURE_LOOKUP + middle + _CLOSURE_END


#: The statement for each (below, above) a question asks for.
CLOSURE_PAGES = {
    (below, above): _closure_pages(below, above)
    for below in (False, True)
    for above in (False, True)
}

# Task filters. $theme is a theme ordinal; $area is a FocusArea id, or an ordinal such as
# '2.1' when no node has that id; $documents a list of document ids. Tasks come in document
# order: the number of them, and the rows of one page.
_TASK_FILTERS = """
  AND ($documents IS NULL OR t.document IN $documents)
  AND ($action_type IS NULL OR t.action_type = $action_type)
  AND ($text IS NULL OR t.text CONTAINS $text)
  AND ($theme IS NULL OR EXISTS { MATCH (th:Node {id: t.theme}) WHERE th.ordinal = $theme })
  AND ($area IS NULL OR t.area = $area
       OR (NOT EXISTS { MATCH (:Node {id: $area}) }
           AND EXISTS { MATCH (a:Node {id: t.area}) WHERE a.ordinal = $area }))
"""
_TASK_PAGE = (
    _TASK_FILTERS
    + """
WITH t ORDER BY t.document, t.seq
WITH collect(t.id) AS ids
WITH size(ids) AS total, ids[$offset..($offset + $limit)] AS page
CALL (page) {
    UNWIND page AS id"""
    + _TASK_ROW
    + """}
RETURN total, page, rows
"""
)
FILTER_TASKS = "MATCH (t:Task) WHERE true" + _TASK_PAGE
FILTER_TASKS_BY_ID = "UNWIND $ids AS id MATCH (t:Node {id: id}) WHERE t:Task" + _TASK_PAGE

# Tasks by id in document order (what a page of them is cut from).
TASK_ORDER = """
UNWIND $ids AS id
MATCH (t:Node {id: id}) WHERE t:Task
WITH t ORDER BY t.document, t.seq
RETURN collect(t.id) AS ids
"""

# The document of every task the filters keep (as FILTER_TASKS, without order or page).
TASK_DOCUMENTS = (
    "MATCH (t:Task) WHERE true" + _TASK_FILTERS + "RETURN t.id AS task, t.document AS document"
)
TASK_DOCUMENTS_BY_ID = (
    "UNWIND $ids AS id MATCH (t:Node {id: id}) WHERE t:Task"
    + _TASK_FILTERS
    + "RETURN t.id AS task, t.document AS document"
)

# Every document with its metadata ($fields: graph.assemble.DOCUMENT_FIELDS) and its number of
# tasks; a property it lacks is left out of `props`.
DOCUMENT_ROWS = """
MATCH (d:Document)
RETURN d.id AS id, d.name AS name,
       [k IN $fields WHERE d[k] IS NOT NULL | [k, d[k]]] AS props,
       COUNT { MATCH (t:Task) WHERE t.document = d.id } AS tasks
ORDER BY id
"""

# One row per area (or per theme without areas, or per document without themes).
THEME_TREE = """
MATCH (d:Document)
OPTIONAL MATCH (d)-[:HAS_THEME]->(th:Theme)
OPTIONAL MATCH (th)-[:HAS_AREA]->(a:FocusArea)
CALL (a) {
    OPTIONAL MATCH (a)-[:HAS_TASK]->(t:Task)
    RETURN count(t) AS tasks
}
RETURN d.id AS doc, d.name AS doc_name, th.id AS theme, th.ordinal AS theme_ordinal,
       th.name AS theme_name, a.id AS area, a.ordinal AS area_ordinal, a.name AS area_name,
       tasks
"""

NEIGHBOURS = (
    "MATCH (n:Node)--(m:Node) WHERE n.id IN $ids RETURN DISTINCT m.id AS id, m.type AS type"
)


def shortest_paths(max_hops: int) -> str:
    """Every shortest undirected path of at most `max_hops` (>= 1) hops between $a and $b.

    Args:
        max_hops: the longest path wanted, in hops; below 1 raises ValueError.
    """
    hops = int(max_hops)
    if hops < 1:
        raise ValueError("max_hops must be at least 1")
    return (
        "MATCH (a:Node {id: $a}), (b:Node {id: $b}) "
        f"MATCH p = allShortestPaths((a)-[*..{hops}]-(b)) "
        "WHERE all(n IN nodes(p) WHERE n:Node) "
        "RETURN DISTINCT [n IN nodes(p) | n.id] AS path"
    )


SUBGRAPH_NODES = "MATCH (n:Node) WHERE n.id IN $ids RETURN properties(n) AS props"
SUBGRAPH_EDGES = (
    "MATCH (a:Node)-[r]->(b:Node) WHERE a.id IN $ids AND b.id IN $ids "
    "RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props"
)
ALL_NODES = "MATCH (n:Node) RETURN properties(n) AS props"
ALL_EDGES = (
    "MATCH (a:Node)-[r]->(b:Node) "
    "RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props"
)

COOCCURRENCE = """
MATCH (t:Task)-[r1]->(a:Entity {type: $rows}), (t)-[r2]->(b:Entity {type: $cols})
WHERE type(r1) IN $mention AND type(r2) IN $mention AND a.id <> b.id
RETURN a.id AS row, a.name AS row_name, b.id AS col, b.name AS col_name,
       collect(DISTINCT t.id) AS tasks
"""
ROLE_ROWS = """
MATCH (t:Task)-[r:INVOLVES]->(a:Entity)
WHERE ($agencies IS NULL OR a.id IN $agencies) AND ($tasks IS NULL OR t.id IN $tasks)
  AND r.role IS NOT NULL AND r.role <> $unstated
RETURN t.id AS task, a.id AS agency, a.name AS name, r.role AS role,
       coalesce(r.carried, false) AS carried, r.start AS start, r.end AS end, r.surface AS surface
"""
TASK_COUNTS = """
MATCH (e:Entity {type: $type})
OPTIONAL MATCH (t:Task)-[r]->(e) WHERE type(r) IN $mention
RETURN e.id AS id, e.name AS name, count(DISTINCT t) AS score
"""
DEGREES = """
MATCH (e:Entity {type: $type})
OPTIONAL MATCH (e)--(m:Node) WHERE m.id <> e.id
RETURN e.id AS id, e.name AS name, count(DISTINCT m) AS score
"""
ENTITY_IDS = "MATCH (e:Entity {type: $type}) RETURN e.id AS id, e.name AS name"

# What changes whenever a build or a write lands: the counts and the build stamps.
GRAPH_VERSION = """
MATCH (n:Node)
RETURN count(n) AS nodes, collect(DISTINCT n.build) AS builds, COUNT { ()-[]->() } AS edges
"""
