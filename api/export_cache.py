"""Exports written once per graph version to a file, then streamed from it.

An export of a large graph takes long and much memory to make; made per request, a few
clients at once could take the server down. The networkx store's file carries a fingerprint
of its graph, so the export of one version is made once (under the request's budget),
kept in the per-user cache folder and sent from disk in chunks by every later request.
Neo4j has no such version: its exports are made per request.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path

from policykg.graph.export import export_bytes
from policykg.graph.graph_file import read_header
from policykg.graph.store import GraphStore
from policykg.settings import Settings


def cache_folder() -> Path:
    """Where exports are cached between requests.

    Returns:
        The user cache folder's `exports` (not created here).
    """
    return user_cache_path("policykg") / "exports"


def cached_export(store: GraphStore, settings: Settings, fmt: str) -> Path | bytes:
    """The export as a cached file (networkx file store) or as bytes (anything else)."""
    if store.backend != "networkx" or not settings.graph_file.exists():
        return export_bytes(store.dump(), fmt)
    fingerprint = read_header(settings.graph_file).fingerprint
    path = cache_folder() / f"{fingerprint}.{fmt}"
    if path.exists():
        return path
    payload = export_bytes(store.dump(), fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{id(payload)}.tmp")
    try:
        tmp.write_bytes(payload)
        os.replace(tmp, path)  # two requests racing write the same bytes; either wins
    finally:
        tmp.unlink(missing_ok=True)
    return path
