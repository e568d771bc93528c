"""Text -> document structure -> entity mentions -> nodes and edges."""

__all__: list[str] = []
