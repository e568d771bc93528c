"""The graph: model, the GraphStore seam, the NetworkX and Neo4j stores, and queries."""

__all__: list[str] = []
