"""`policykg cooccurrence` and `policykg rankings`: GET /analysis/… on the command line.

policykg cooccurrence --rows Region --cols Pollutant --kind law   # pairs named by laws' tasks
policykg rankings --type Region --level provincial                # regions by provincial tasks
policykg rankings --type Pollutant --by degree --kind law         # degree within the laws' tasks
"""

from __future__ import annotations

from typing import cast

import click

from policykg.cli_support import (
    answers,
    apply_backend,
    count_option,
    emit,
    opened,
)
from policykg.facet_options import facet_options
from policykg.graph.model import ENTITY_TYPES, NodeType
from policykg.graph.results import Cooccurrence, DocumentFacets, RankBy, Rankings

__all__ = ["cooccurrence_command", "rankings_command"]

_TYPES = click.Choice([t.value for t in ENTITY_TYPES])


@click.command("cooccurrence")
@click.option("--rows", default=NodeType.REGION.value, type=_TYPES, show_default=True)
@click.option("--cols", default=NodeType.POLLUTANT.value, type=_TYPES, show_default=True)
@count_option("--limit", default=20)
@answers
@facet_options
def cooccurrence_command(
    ctx: click.Context,
    rows: str,
    cols: str,
    limit: int,
    backend: str | None,
    as_json: bool,
    facets: DocumentFacets,
) -> None:
    """Pairs of entities named by the same tasks (of the documents the facets keep), most
    tasks first; `total` counts every pair, the first --limit are listed."""
    apply_backend(ctx, backend)
    row_type, col_type = NodeType(rows), NodeType(cols)
    with opened(ctx) as store:
        cells = store.cooccurrence(row_type, col_type, facets)
    table = Cooccurrence(row_type, col_type, len(cells), cells[:limit])

    def show() -> None:
        for cell in table.cells:
            click.echo(f"{cell.count:>5}  {cell.row.name}  ×  {cell.col.name}")
        click.echo(f"{table.total} pair(s)", err=True)

    emit(table, as_json, show)


@click.command("rankings")
@click.option("--type", "node_type", default=NodeType.REGION.value, type=_TYPES, show_default=True)
@click.option(
    "--by",
    type=click.Choice(["tasks", "degree", "betweenness"]),
    default="tasks",
    show_default=True,
    help="tasks naming it, degree or betweenness (with facets: within the documents kept).",
)
@count_option("--limit", default=20)
@answers
@facet_options
def rankings_command(
    ctx: click.Context,
    node_type: str,
    by: str,
    limit: int,
    backend: str | None,
    as_json: bool,
    facets: DocumentFacets,
) -> None:
    """Entities of one type, highest score first (ties by id)."""
    apply_backend(ctx, backend)
    entity_type, rank_by = NodeType(node_type), cast("RankBy", by)
    with opened(ctx) as store:
        ranked = store.rankings(entity_type, rank_by, limit, facets)
    table = Rankings(entity_type, rank_by, ranked)

    def show() -> None:
        for item in table.items:
            click.echo(f"{item.score:>10g}  {item.name}  ({item.id})")

    emit(table, as_json, show)
