"""`policykg map`: write an interactive network map (one offline HTML file).

    policykg map --center 黄河 --depth 2 -o huanghe.html
    policykg map --touches 黄河 -o huanghe-tasks.html
    policykg map --theme 2 -o theme2.html
    policykg map --all -o map.html

policykg/cli.py lists the command (imported when it runs); both take their helpers from policykg/cli_support.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, cast

import click

from policykg.cli_support import (
    apply_backend,
    backend_option,
    count_option,
    opened,
    reports_errors,
    settings_from,
    typed,
)
from policykg.errors import InvalidQuery
from policykg.facet_options import facet_options
from policykg.graph.results import DocumentFacets

__all__ = ["map_command"]

_LAYOUTS = ("auto", "physics", "precomputed", "hierarchical")


@click.command("map")
@click.option("--center", help="Ego map of this entity (id, Chinese or English name, alias).")
@count_option("--depth", default=1, help="Hops from --center (at most POLICYKG_MAX_DEPTH).")
@count_option(
    "--limit", default=300, help="At most this many nodes around --center, nearest first."
)
@click.option(
    "--all-places",
    is_flag=True,
    help="With --center: keep places no task in the map names (every city of a province).",
)
@click.option("--touches", help="Map of the tasks touching this entity.")
@click.option(
    "--broader", is_flag=True, help="With --touches: also tasks on what the entity belongs to."
)
@count_option("--theme", help="Map of one theme (1 = 一).")
@click.option("--all", "whole", is_flag=True, help="The whole graph (less unmentioned places).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write. Without it: the page goes to stdout when that is a pipe or "
    "a file; at a terminal the command asks for a file name.",
)
@click.option(
    "--layout",
    type=click.Choice(_LAYOUTS),
    default="auto",
    show_default=True,
    help="auto: browser physics for small maps, positions computed in Python for large ones.",
)
@click.option("--physics/--no-physics", default=None, help="Force the browser's physics on or off.")
@backend_option
@click.pass_context
@reports_errors
@facet_options
def map_command(ctx: click.Context, /, **options: Any) -> None:
    """Write an interactive map: --center X, --touches X, --theme N or --all; with document
    facets, only the tasks of the documents they keep and the entities those name (--center
    walks through no task of another document)."""
    _run(ctx, **options)


def _run(
    ctx: click.Context,
    center: str | None,
    depth: int,
    limit: int,
    all_places: bool,
    touches: str | None,
    broader: bool,
    theme: int | None,
    whole: bool,
    output: Path | None,
    layout: str,
    physics: bool | None,
    backend: str | None,
    facets: DocumentFacets,
) -> None:
    from policykg.viz import maps
    from policykg.viz.write import Layout, render_html, write_html

    chosen = [
        name
        for name, value in (
            ("--center", center),
            ("--touches", touches),
            ("--theme", theme),
            ("--all", whole),
        )
        if value
    ]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --center, --touches, --theme, --all")
    apply_backend(ctx, backend)
    max_depth = settings_from(ctx).max_depth
    if center and depth > max_depth:
        raise InvalidQuery(f"--depth {depth} is above POLICYKG_MAX_DEPTH ({max_depth})")
    center = typed(center) if center else center
    touches = typed(touches) if touches else touches
    with opened(ctx) as store:
        if center:
            places: maps.Places = "all" if all_places else "mentioned"
            spec = maps.ego_map(store, center, depth, limit, places=places, facets=facets)
        elif touches:
            spec = maps.touches_map(store, touches, "both" if broader else "narrower", facets)
        elif theme is not None:
            spec = maps.theme_map(store, theme, facets)
        else:
            spec = maps.whole_map(store, facets)
    vis = spec.vis()
    chosen_layout = cast(Layout, layout)
    if output is None and not _terminal():
        click.echo(render_html(vis, title=spec.title, layout=chosen_layout, physics=physics))
        click.echo(f"({len(vis.nodes)} nodes, {len(vis.edges)} edges)", err=True)
        return
    path = output or _ask_path(spec.filename)
    written = write_html(vis, path, title=spec.title, layout=chosen_layout, physics=physics)
    size = written.stat().st_size
    click.echo(
        f"wrote {written} ({len(vis.nodes)} nodes, {len(vis.edges)} edges, {size:,} bytes)",
        err=True,
    )


def _terminal() -> bool:
    return sys.stdout.isatty()


def _ask_path(suggested: str) -> Path:
    """A file name typed at the terminal; the suggestion shows where it would go in full."""
    default = Path.cwd() / suggested
    answer: Path = click.prompt(
        "Write the map to", default=str(default), type=click.Path(dir_okay=False, path_type=Path)
    )
    return answer
