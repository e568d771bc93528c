"""`policykg add` and `policykg remove`: change some documents of the stored graph, not all.

policykg add 新条例.md plans/            # read, extract and add these documents (folders recursively)
policykg remove doc:新条例                # its tasks, themes, mentions go; so do entities only it named

Either is atomic on both stores: the graph is the old one or the new one, never a mix, and
a failure or a kill at any point leaves the old one. The result is exactly the graph that
`policykg build` of the same documents gives. Adding a document whose id is stored replaces
it (a researcher re-adds a file after correcting it) and says so.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from policykg.cli_support import (
    answers,
    apply_backend,
    emit,
    opened,
    settings_from,
)

if TYPE_CHECKING:
    from policykg.graph.corpus import Change
    from policykg.loaders.structure import ParsedDocument

__all__ = ["add_command", "remove_command", "report_reading"]

#: Fault tests set this to a file path: the write then creates that file half way through and
#: waits there until the process is killed.
_PAUSE_VARIABLE = "POLICYKG_FAULT_PAUSE_FILE"


@click.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@answers
def add_command(
    ctx: click.Context, paths: tuple[Path, ...], backend: str | None, as_json: bool
) -> None:
    """Add documents (files or folders) to the stored graph; a stored id is replaced."""
    from policykg.pipeline import (
        add_documents,
        find_documents,
        gazetteer_and_extractor,
        read_documents,
    )

    apply_backend(ctx, backend)
    settings = settings_from(ctx)
    _unwind_on_sigterm()
    with _writing(settings.backend, settings.graph_file):
        documents = read_documents(list(paths), settings.max_document_bytes)
        report_reading(documents, find_documents(list(paths)).skipped)
        # no graph file yet: an empty store, which the documents are built into
        stored = settings.backend != "networkx" or settings.graph_file.exists()
        with opened(ctx, existing=stored) as store:
            tools = gazetteer_and_extractor(settings.gazetteer_dir)
            change = add_documents(store, documents, tools, _midway())
            stats = store.stats()
    _report(change, stats, as_json)


@click.command("remove")
@click.argument("document_ids", nargs=-1, required=True)
@answers
def remove_command(
    ctx: click.Context, document_ids: tuple[str, ...], backend: str | None, as_json: bool
) -> None:
    """Remove documents by id (doc:<file name without suffix>, or the name alone)."""
    from policykg.loaders.gazetteer import load_gazetteers
    from policykg.pipeline import remove_documents

    apply_backend(ctx, backend)
    settings = settings_from(ctx)
    _unwind_on_sigterm()
    with _writing(settings.backend, settings.graph_file), opened(ctx) as store:
        gazetteer = load_gazetteers(settings.gazetteer_dir)
        change = remove_documents(store, document_ids, gazetteer, _midway())
        stats = store.stats()
    _report(change, stats, as_json)


def report_reading(documents: Sequence[ParsedDocument], skipped: Sequence[Path]) -> None:
    """On stderr: the files of the folders not read as documents (README, SOURCE.md, …) and
    the documents' warnings.

    Args:
        documents: the documents read.
        skipped: the files passed over as not documents.
    """
    if skipped:
        shown = ", ".join(map(str, skipped[:5])) + (" …" if len(skipped) > 5 else "")
        click.echo(
            f"policykg: skipped {len(skipped)} file(s) that are not documents: {shown}", err=True
        )
    for warning in (w for d in documents for w in d.warnings):
        click.echo(f"policykg: warning: {warning}", err=True)


def _report(change: Change, stats: Any, as_json: bool) -> None:
    payload = {
        "added": list(change.added),
        "replaced": list(change.replaced),
        "removed": [d for d in change.removed if d not in change.replaced],
        "documents": len(stats.documents),
        "node_total": stats.node_total,
        "edge_total": stats.edge_total,
    }

    def text() -> None:
        for word in ("added", "replaced", "removed"):
            for doc in payload[word]:
                click.echo(f"{word} {doc}")
        click.echo(
            f"the graph now holds {payload['documents']} document(s): "
            f"{stats.node_total} nodes, {stats.edge_total} edges"
        )

    emit(payload, as_json, text)


def _writing(backend: str, graph_file: Path) -> Any:
    """A networkx change holds the graph file's write lock from the first read to the rename,
    so that two changes (or a change and a build) at once cannot lose one of them."""
    from contextlib import nullcontext

    if backend != "networkx":
        return nullcontext()
    from policykg.graph.graph_file import write_lock

    return write_lock(graph_file)


def _unwind_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C: a temporary file is removed, a transaction rolled back."""

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def _midway() -> Callable[[], None] | None:
    marker = os.environ.get(_PAUSE_VARIABLE)
    if not marker:
        return None

    def pause() -> None:
        Path(marker).touch()
        while True:  # until the fault test kills the process
            time.sleep(1)

    return pause
