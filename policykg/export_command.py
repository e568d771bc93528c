"""`policykg export`: the whole graph in one of the export formats."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policykg.cli_support import apply_backend, backend_option, opened, reports_errors
from policykg.errors import InvalidQuery
from policykg.graph.export import FORMATS  # light: the exporters import networkx when run

__all__ = ["export_command"]


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="graphml", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)
@backend_option
@click.pass_context
@reports_errors
def export_command(ctx: click.Context, fmt: str, output: Path | None, backend: str | None) -> None:
    """Export the whole graph (csv: a zip in neo4j-admin import layout)."""
    from policykg.graph.export import export_bytes

    apply_backend(ctx, backend)
    with opened(ctx) as store:
        payload = export_bytes(store.dump(), fmt)
    if output is None:
        if fmt == "csv" and sys.stdout.isatty():
            raise InvalidQuery("the csv export is a zip file: give -o FILE")
        sys.stdout.buffer.write(payload)
    else:
        output.write_bytes(payload)
        click.echo(f"wrote {output} ({len(payload):,} bytes)", err=True)
