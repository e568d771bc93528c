"""Bounds that several layers share, declared once (settings may override them per process)."""

__all__ = ["DEFAULT_PAGE", "MAX_DOCUMENT_BYTES"]


#: The largest document file read, in bytes (POLICYKG_MAX_DOCUMENT_BYTES).
MAX_DOCUMENT_BYTES = 20_000_000

#: Items in one page of a listing unless a limit is given (the API's and the CLI's `tasks`).
DEFAULT_PAGE = 50
