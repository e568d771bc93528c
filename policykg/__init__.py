"""policykg: Chinese environmental-policy tasks as a knowledge graph."""

__version__ = "0.1.0"
