"""One node or one edge per statement: the baseline benchmarks/neo4j_load.py compares the
store's batched writes with. Templates filled from the closed enums only, as graph.cypher's."""

from __future__ import annotations

from policykg.graph.cypher import label_for, rel_type
from policykg.graph.model import NodeType, Rel

__all__ = ["merge_edge_row", "merge_node_row"]


def merge_node_row(node_type: NodeType) -> str:
    """One node per statement."""
    return f"MERGE (n{label_for(node_type)} {{id: $id}}) SET n = $props"


def merge_edge_row(rel: Rel) -> str:
    """One edge per statement."""
    return (
        "MATCH (a:Node {id: $source}) MATCH (b:Node {id: $target}) "
        f"MERGE (a)-[r:{rel_type(rel)} {{key: $key}}]->(b) SET r = $props"
    )
