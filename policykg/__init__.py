"""policykg: Chinese environmental-policy tasks as a knowledge graph."""

__all__: list[str] = []

__version__ = "0.1.0"
