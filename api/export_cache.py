"""Exports written once per graph version to a file, then streamed from it.

An export of a large graph takes long and much memory to make; made per request, a few
clients at once could take the server down. The networkx store's file carries a fingerprint
of its graph, so the export of one version is made once (under the request's budget),
kept in the per-user cache folder and sent from disk in chunks by every later request.
Neo4j has no such version: its exports are made per request.

The cached file is written by a thread of its own, outside any request's budget, and the
request waits for it under its budget: on a graph whose export takes longer than one
request may, the request that started it still answers 503 over_budget, but the file is
finished all the same and a later request streams it. Made under the request's budget, it
was stopped half way every time and never existed. One writer per file at a time.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from pathlib import Path

from platformdirs import user_cache_path

from policykg.budget import check
from policykg.graph.export import export_bytes
from policykg.graph.graph_file import read_header
from policykg.graph.store import GraphStore
from policykg.settings import Settings

__all__ = ["ExportCache", "cache_folder"]


def cache_folder() -> Path:
    """Where exports are cached between requests.

    Returns:
        The user cache folder's `exports` (not created here).
    """
    return user_cache_path("policykg") / "exports"


class ExportCache:
    """The exports of one app: cached files per graph version, each written once, in the background."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._writing: dict[Path, Future[Path]] = {}

    def export(self, store: GraphStore, settings: Settings, fmt: str) -> Path | bytes:
        """The export as a cached file (networkx file store) or as bytes (anything else).

        Args:
            store: the store to export.
            settings: where its graph file is.
            fmt: an export format of graph.export.

        Returns:
            The cached file's path, or the export itself when the store has no file version.

        Raises:
            BudgetExceeded: the request's budget ran out while the file was being written
                (the writing goes on).
        """
        if store.backend != "networkx" or not settings.graph_file.exists():
            return export_bytes(store.dump(), fmt)
        fingerprint = read_header(settings.graph_file).fingerprint
        path = cache_folder() / f"{fingerprint}.{fmt}"
        if path.exists():
            return path
        written = self._writer(store, path, fmt)
        while True:
            check()
            try:
                return written.result(timeout=0.1)
            except TimeoutError:
                continue

    def _writer(self, store: GraphStore, path: Path, fmt: str) -> Future[Path]:
        with self._lock:
            running = self._writing.get(path)
            if running is not None and not running.done():
                return running
            written: Future[Path] = Future()
            self._writing[path] = written
        # A plain thread starts with an empty context: no request's deadline reaches it.
        # Daemon, so that a long export never holds up the server's shutdown.
        threading.Thread(
            target=self._write, args=(store, path, fmt, written), name="export", daemon=True
        ).start()
        return written

    def _write(self, store: GraphStore, path: Path, fmt: str, written: Future[Path]) -> None:
        try:
            _write_file(path, export_bytes(store.dump(), fmt))
        except BaseException as error:  # the waiting requests see the writer's failure
            written.set_exception(error)
        else:
            written.set_result(path)
        finally:
            with self._lock:
                if self._writing.get(path) is written:
                    del self._writing[path]


def _write_file(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(payload)
        os.replace(tmp, path)  # two servers racing write the same bytes; either wins
    finally:
        tmp.unlink(missing_ok=True)
