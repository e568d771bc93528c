"""All Cypher of the Neo4j store, in one place. Values always travel as $parameters.

Node labels and relationship types cannot be parameters in Cypher 5, so the few statements
that need them are templates filled only from the closed NodeType / Rel enums
(`label_for`, `rel_type`), never from input.
"""

from __future__ import annotations

from graph.model import ENTITY_TYPES, NodeType, Rel

CONSTRAINTS = (
    "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX task_order IF NOT EXISTS FOR (t:Task) ON (t.document, t.seq)",
    "CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name)",
    "CREATE INDEX node_build IF NOT EXISTS FOR (n:Node) ON (n.build)",
)


def label_for(node_type: NodeType) -> str:
    """':Node:Task' or ':Node:Entity:Region' — from the enum only."""
    label = NodeType(node_type).value
    return f":Node:Entity:{label}" if node_type in ENTITY_TYPES else f":Node:{label}"


def rel_type(rel: Rel) -> str:
    return Rel(rel).value


def merge_nodes(node_type: NodeType) -> str:
    return f"UNWIND $rows AS row MERGE (n{label_for(node_type)} {{id: row.id}}) SET n = row.props"


def merge_edges(rel: Rel) -> str:
    return (
        "UNWIND $rows AS row "
        "MATCH (a:Node {id: row.source}) MATCH (b:Node {id: row.target}) "
        f"MERGE (a)-[r:{rel_type(rel)} {{key: row.key}}]->(b) "
        "SET r = row.props"
    )


# Remove what the last replace() did not write; CALL … IN TRANSACTIONS keeps memory bounded.
SWEEP_EDGES = (
    "MATCH ()-[r]->() WHERE r.build <> $build "
    "CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS"
)
SWEEP_NODES = (
    "MATCH (n:Node) WHERE n.build <> $build "
    "CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
)

NODE_COUNTS = "MATCH (n:Node) RETURN n.type AS type, count(*) AS n"
EDGE_COUNTS = "MATCH (:Node)-[r]->(:Node) RETURN type(r) AS type, count(*) AS n"
DOCUMENTS = "MATCH (d:Document) RETURN d.id AS id ORDER BY id"
GET_NODE = "MATCH (n:Node {id: $id}) RETURN properties(n) AS props"

NAME_ROWS = (
    "MATCH (e:Entity) WHERE $type IS NULL OR e.type = $type "
    "RETURN e.id AS id, e.name AS name, coalesce(e.name_en, '') AS name_en, e.type AS type, "
    "coalesce(e.aliases, []) AS aliases ORDER BY id"
)
EXACT_NAME_ROWS = (
    "MATCH (e:Entity) WHERE ($type IS NULL OR e.type = $type) AND ("
    " toLower(trim(e.name)) = $q OR toLower(trim(coalesce(e.name_en, ''))) = $q"
    " OR any(a IN coalesce(e.aliases, []) WHERE toLower(trim(a)) = $q)) "
    "RETURN e.id AS id, e.name AS name, coalesce(e.name_en, '') AS name_en, e.type AS type, "
    "coalesce(e.aliases, []) AS aliases ORDER BY id"
)

SEARCH_ENTITIES = """
MATCH (e:Entity) WHERE $type IS NULL OR e.type = $type
WITH e, [toLower(trim(e.name)), toLower(trim(coalesce(e.name_en, '')))]
        + [a IN coalesce(e.aliases, []) | toLower(trim(a))] AS names
WITH e, CASE
    WHEN $q = '' OR $q IN names THEN 0
    WHEN any(n IN names WHERE n STARTS WITH $q) THEN 1
    WHEN any(n IN names WHERE n CONTAINS $q) THEN 2
    ELSE null END AS tier
WHERE tier IS NOT NULL
CALL (e) {
    OPTIONAL MATCH (t:Task)-[r]->(e) WHERE type(r) IN $mention
    RETURN count(DISTINCT t) AS tasks
}
WITH e, tier, tasks ORDER BY tier, tasks DESC, e.id
WITH collect({id: e.id, name: e.name, name_en: coalesce(e.name_en, ''), type: e.type,
              kind: coalesce(e.kind, ''), tasks: tasks}) AS hits
RETURN size(hits) AS total, hits[$offset..($offset + $limit)] AS items
"""

ENTITY_PARENTS = (
    "MATCH (e:Node {id: $id})-[r]->(p:Entity) WHERE type(r) IN $hierarchy "
    "RETURN DISTINCT p.id AS id, p.name AS name, p.type AS type, type(r) AS rel ORDER BY id, rel"
)
ENTITY_CHILDREN = (
    "MATCH (c:Entity)-[r]->(e:Node {id: $id}) WHERE type(r) IN $hierarchy "
    "RETURN DISTINCT c.id AS id, c.name AS name, c.type AS type, type(r) AS rel ORDER BY id, rel"
)
ENTITY_COUNTS = (
    "MATCH (t:Task)-[r]->(e:Node {id: $id}) WHERE type(r) IN $mention "
    "RETURN type(r) AS rel, count(r) AS n, count(DISTINCT t) AS tasks"
)
ENTITY_TASK_COUNT = (
    "MATCH (t:Task)-[r]->(e:Node {id: $id}) WHERE type(r) IN $mention RETURN count(DISTINCT t) AS n"
)

# Hierarchy expansion in Cypher: every path from the queried entity down (narrower) or up
# (broader) that ends at an entity some task names, with those tasks.
NARROWER_PATHS = """
MATCH p = (d:Entity)-[:PART_OF|IS_A*1..12]->(x:Entity {id: $id})
MATCH (t:Task)-[r]->(d) WHERE type(r) IN $mention
RETURN [n IN reverse(nodes(p)) | n.id] AS path, collect(DISTINCT t.id) AS tasks
"""
BROADER_PATHS = """
MATCH p = (x:Entity {id: $id})-[:PART_OF|IS_A*1..12]->(a:Entity)
MATCH (t:Task)-[r]->(a) WHERE type(r) IN $mention
RETURN [n IN nodes(p) | n.id] AS path, collect(DISTINCT t.id) AS tasks
"""
DIRECT_TASKS = (
    "MATCH (t:Task)-[r]->(e:Node {id: $id}) WHERE type(r) IN $mention "
    "RETURN collect(DISTINCT t.id) AS tasks"
)

FILTER_TASKS = """
MATCH (t:Task)
WHERE ($ids IS NULL OR t.id IN $ids)
  AND ($action_type IS NULL OR t.action_type = $action_type)
  AND ($text IS NULL OR t.text CONTAINS $text)
  AND ($theme IS NULL OR EXISTS { MATCH (th:Theme {id: t.theme}) WHERE th.ordinal = $theme })
  AND ($area IS NULL OR t.area = $area
       OR (NOT EXISTS { MATCH (:Node {id: $area}) }
           AND EXISTS { MATCH (a:FocusArea {id: t.area}) WHERE a.ordinal = $area }))
WITH t ORDER BY t.document, t.seq
WITH collect(t.id) AS ids
RETURN size(ids) AS total, ids[$offset..($offset + $limit)] AS page
"""

TASK_ROWS = """
UNWIND $ids AS id
MATCH (t:Task {id: id})
MATCH (th:Node {id: t.theme}), (ar:Node {id: t.area})
CALL (t) {
    OPTIONAL MATCH (t)-[r]->(e:Entity) WHERE type(r) IN $mention
    RETURN collect(CASE WHEN e IS NULL THEN null ELSE {id: e.id, name: e.name, type: e.type,
           rel: type(r), start: r.start, end: r.end, surface: r.surface} END) AS mentions
}
RETURN properties(t) AS task, th.name AS theme_name, th.type AS theme_type,
       ar.name AS area_name, ar.type AS area_type, mentions
"""

THEME_TREE = """
MATCH (d:Document)-[:HAS_THEME]->(th:Theme)
OPTIONAL MATCH (th)-[:HAS_AREA]->(a:FocusArea)
OPTIONAL MATCH (a)-[:HAS_TASK]->(t:Task)
RETURN d.id AS doc, d.name AS doc_name, th.id AS theme, th.ordinal AS theme_ordinal,
       th.name AS theme_name, a.id AS area, a.ordinal AS area_ordinal, a.name AS area_name,
       count(t) AS tasks
"""

NEIGHBOURS = "MATCH (n:Node)--(m:Node) WHERE n.id IN $ids RETURN DISTINCT m.id AS id"
SHORTEST_PATHS = """
MATCH (a:Node {id: $a}), (b:Node {id: $b})
MATCH p = allShortestPaths((a)-[*..%d]-(b))
RETURN DISTINCT [n IN nodes(p) | n.id] AS path
"""
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
