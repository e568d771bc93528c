"""Bounds that several layers share, declared once (settings may override them per process)."""

__all__ = ["MAX_DOCUMENT_BYTES"]


#: The largest document file read, in bytes (POLICYKG_MAX_DOCUMENT_BYTES).
MAX_DOCUMENT_BYTES = 20_000_000
