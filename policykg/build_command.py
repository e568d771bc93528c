"""`policykg build`: read documents, extract, store the graph."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from policykg.cli_support import (
    apply_backend,
    backend_option,
    opened,
    reports_errors,
    settings_from,
)
from policykg.collector import paused
from policykg.corpus_command import report_reading
from policykg.errors import StoreUnavailable

if TYPE_CHECKING:
    from policykg.settings import Settings

__all__ = ["build_command"]

_PROGRESS_ABOVE = 2_000  # tasks; smaller builds finish before a bar is worth drawing


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@backend_option
@click.pass_context
@reports_errors
def build_command(ctx: click.Context, paths: tuple[Path, ...], backend: str | None) -> None:
    """Build the graph from documents (default: data/corpus) and store it."""
    from policykg.corpus_summary import corpus_summary
    from policykg.pipeline import build_from_documents, find_documents, read_documents

    apply_backend(ctx, backend)
    settings = settings_from(ctx)
    # SIGTERM unwinds like Ctrl-C, so that a build stopped mid-write removes its temporary file
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with _build_lock(settings):
        sources = list(paths) or [settings.corpus_dir]
        documents = read_documents(sources, settings.max_document_bytes)
        report_reading(documents, find_documents(sources).skipped)
        total = sum(len(d.tasks) for d in documents)
        with paused():  # assembly makes no cycles: collections would scan for nothing
            if total > _PROGRESS_ABOVE:
                with click.progressbar(length=total, label="extracting", file=sys.stderr) as bar:
                    data = build_from_documents(documents, settings.gazetteer_dir, bar.update)
            else:
                data = build_from_documents(documents, settings.gazetteer_dir)
        where = settings.graph_file if settings.backend == "networkx" else settings.neo4j_uri
        with opened(ctx, existing=False) as store:
            try:
                store.replace(data)
            except OSError as exc:
                raise StoreUnavailable(
                    settings.backend,
                    f"cannot write the graph to {where}: {exc.filename or where}: {exc.strerror}",
                ) from exc
            stats = store.stats()
    click.echo(
        f"built {len(documents)} document(s): {stats.node_total} nodes, {stats.edge_total} edges "
        f"-> {settings.backend} ({where})"
    )
    click.echo("  " + ", ".join(f"{k} {v}" for k, v in stats.nodes.items()))
    if len(documents) > 1:
        for line in corpus_summary(data.nodes).lines():
            click.echo(line)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    sys.exit(128 + signum)


def _build_lock(settings: Settings) -> Any:
    """A networkx build holds the graph file's write lock from start to end (a second build
    at once fails at once, instead of both extracting and one losing the race)."""
    from contextlib import nullcontext

    if settings.backend != "networkx":
        return nullcontext()
    from policykg.graph.graph_file import write_lock

    return write_lock(settings.graph_file)
