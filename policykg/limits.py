"""Bounds that several layers share, declared once (settings may override them per process)."""

#: The largest document file read, in bytes (POLICYKG_MAX_DOCUMENT_BYTES).
MAX_DOCUMENT_BYTES = 20_000_000
