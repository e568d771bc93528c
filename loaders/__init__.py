"""Text -> document structure -> entity mentions -> nodes and edges."""
