"""`policykg documents` and `policykg timeline`: the corpus by document.

policykg documents                                   # every document, oldest first
policykg documents --kind law --level national --year 2018..2026
policykg documents --touches 黄河                    # ranked by the tasks touching 黄河
policykg documents --show doc:mee-2026-key-tasks     # one document: metadata, outline, entities
policykg timeline 黄河 --expand none                 # its tasks and documents per year and level
"""

from __future__ import annotations

from typing import cast

import click

from policykg.cli_support import (
    EXPANDS,
    answers,
    apply_backend,
    count_option,
    emit,
    match_option,
    opened,
    touches_query,
    typed,
)
from policykg.facet_options import facet_options
from policykg.graph.results import DocumentFacets, Expand, TaskQuery

__all__ = ["documents_command", "timeline_command"]


@click.command("documents")
@click.option(
    "--touches", multiple=True, help="Rank documents by their tasks touching this entity."
)
@match_option
@click.option("--expand", type=click.Choice(EXPANDS), default="narrower", show_default=True)
@click.option("--show", "show_id", help="One document in detail (its id).")
@count_option("--limit", help="At most this many documents.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Documents to skip.")
@answers
@facet_options
def documents_command(
    ctx: click.Context,
    touches: tuple[str, ...],
    match_mode: str,
    expand: str,
    show_id: str | None,
    limit: int | None,
    offset: int,
    backend: str | None,
    as_json: bool,
    facets: DocumentFacets,
) -> None:
    """Documents by kind, level, issuer and year, or ranked by the tasks touching an entity
    (with its narrower entities by default, as `policykg tasks --touches`)."""
    apply_backend(ctx, backend)
    if show_id:
        with opened(ctx) as store:
            detail = store.document_detail(show_id)

        def show_detail() -> None:
            doc = detail.document
            click.echo(f"{doc.title}  ({doc.id})")
            for key, value in detail.metadata.items():
                if value not in (None, [], ""):
                    click.echo(f"  {key}: {value}")
            click.echo(f"  tasks: {detail.task_count}")
            for theme in detail.outline:
                click.echo(f"  {theme.ordinal:<6}{theme.title}  [{theme.task_count}]")
                for area in theme.areas:
                    click.echo(f"    {area.ordinal:<8}{area.title}  [{area.task_count}]")
            for named in detail.entities:
                click.echo(f"  {named.tasks:>4}  {named.entity.type.value:<11}{named.entity.name}")

        emit(detail, as_json, show_detail)
        return
    query = touches_query(
        touches,
        match_mode,
        expand,
        limit=limit,
        offset=offset,
        facets=facets,
    )
    with opened(ctx) as store:
        page = store.documents(query)

    def show() -> None:
        for hit in page.items:
            doc = hit.document
            count = (
                f"{hit.matched:>5} of {hit.task_count:<5}" if touches else f"{hit.task_count:>5}"
            )
            click.echo(
                f"{count}  {doc.date or '-':<10}  {doc.level or '-':<10}  {doc.kind or '-':<12}"
                f"  {doc.title}"
            )
        click.echo(f"{page.total} document(s)", err=True)

    emit({"total": page.total, "items": page.items}, as_json, show)


@click.command("timeline")
@click.argument("entity")
@click.option("--expand", type=click.Choice(EXPANDS), default="narrower", show_default=True)
@answers
@facet_options
def timeline_command(
    ctx: click.Context,
    entity: str,
    expand: str,
    backend: str | None,
    as_json: bool,
    facets: DocumentFacets,
) -> None:
    """The tasks touching ENTITY and their documents per year and per level (national,
    provincial, prefecture, county); years are those of the documents' dates."""
    apply_backend(ctx, backend)
    query = TaskQuery.of(expand=cast("Expand", expand), facets=facets)
    with opened(ctx) as store:
        found = store.timeline(typed(entity), query)

    def show() -> None:
        click.echo(
            f"{found.entity.name} ({found.entity.id}): {found.tasks} task(s) in "
            f"{found.documents} document(s)"
        )
        for year in found.years:
            levels = ", ".join(f"{level} {n}" for level, n in year.levels.items())
            click.echo(
                f"  {year.year or 'undated'}  {year.tasks:>5} task(s)  "
                f"{len(year.documents):>3} document(s)  {levels}"
            )
        for level in found.levels:
            click.echo(
                f"  {level.level or 'no level':<11}{level.tasks:>5} task(s)  "
                f"{len(level.documents):>3} document(s)"
            )

    emit(found, as_json, show)
