"""The commands that ask the stored graph: `stats`, `tasks`, `entities`, `show`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from policykg.cli_support import (
    EXPANDS,
    LazyChoice,
    action_types,
    answers,
    apply_backend,
    count_option,
    emit,
    match_option,
    opened,
    role_option,
    settings_from,
    touches_query,
    typed,
)
from policykg.errors import AmbiguousEntity, NodeNotFound
from policykg.facet_options import facet_options
from policykg.graph.model import ENTITY_TYPES, NodeType, Role
from policykg.graph.results import DocumentFacets, TaskQuery
from policykg.limits import DEFAULT_PAGE

if TYPE_CHECKING:
    from policykg.graph.store import GraphStore

__all__ = ["entities_command", "show_command", "stats_command", "tasks_command"]


@click.command("stats")
@answers
def stats_command(ctx: click.Context, backend: str | None, as_json: bool) -> None:
    """Counts of nodes and edges by type."""
    apply_backend(ctx, backend)
    result = _stats(ctx)

    def text() -> None:
        click.echo(f"{result.node_total} nodes, {result.edge_total} edges")
        for kind, counts in (("nodes", result.nodes), ("edges", result.edges)):
            click.echo(f"{kind}:")
            for name, n in counts.items():
                click.echo(f"  {name:<14}{n:>7}")

    emit(result, as_json, text)


def _stats(ctx: click.Context) -> Any:
    """The networkx file's header has the counts: the graph itself is not loaded."""
    settings = settings_from(ctx)
    if settings.backend == "networkx" and settings.graph_file.exists():
        from policykg.graph.graph_file import read_header
        from policykg.graph.results import GraphStats

        header = read_header(settings.graph_file)
        return GraphStats(header.nodes, header.edges, header.documents)
    with opened(ctx) as store:
        return store.stats()


@click.command("tasks")
@click.option(
    "--touches", multiple=True, help="Entity: id, Chinese or English name, alias. Repeatable."
)
@match_option
@click.option(
    "--broader", is_flag=True, help="Also tasks on what the entity belongs to (河北 -> 京津冀)."
)
@click.option(
    "--expand",
    type=click.Choice(EXPANDS),
    help="Hierarchy expansion (default narrower; --broader means both).",
)
@click.option("--theme", type=int, help="Theme number (1 = 一).")
@click.option("--area", help="Focus area ordinal, e.g. 2.1.")
@click.option(
    "--action-type",
    type=LazyChoice(action_types),
    help="What the task does, from its verbs.",
)
@click.option("--text", help="Only tasks whose sentence contains this text.")
@role_option("Only tasks in which an agency (--agency, else any) has this role. Repeatable.")
@click.option("--agency", help="Only tasks in which this agency has a role (one of --role).")
@count_option("--limit", default=DEFAULT_PAGE, help="At most this many tasks: one page.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Tasks to skip.")
@click.option("--all", "every", is_flag=True, help="Every task from --offset on (no --limit).")
@answers
@facet_options
def tasks_command(
    ctx: click.Context,
    touches: tuple[str, ...],
    match_mode: str,
    broader: bool,
    expand: str | None,
    theme: int | None,
    area: str | None,
    action_type: str | None,
    text: str | None,
    roles: tuple[Role, ...],
    agency: str | None,
    limit: int,
    offset: int,
    every: bool,
    backend: str | None,
    as_json: bool,
    facets: DocumentFacets,
) -> None:
    """List tasks, all of them or those touching entities (with narrower ones by default),
    of every document or of those the document options keep; --role lead: the tasks with a
    lead agency, --agency 生态环境部 --role lead: the tasks it leads. A page at a time, as the
    API gives them: --offset for the next, --all for every one."""
    if every and ctx.get_parameter_source("limit") is ParameterSource.COMMANDLINE:
        raise click.UsageError("give --limit or --all, not both")
    apply_backend(ctx, backend)
    query = touches_query(
        touches,
        match_mode,
        expand,
        broader=broader,
        theme=theme,
        area=area,
        action_type=action_type,
        text=None if text is None else typed(text),
        limit=None if every else limit,
        offset=offset,
        facets=facets,
        roles=roles,
        agency=None if agency is None else typed(agency),
    )
    with opened(ctx) as store:
        page = store.tasks(query)

    def show() -> None:
        for hit in page.items:
            how = f" [{hit.match} via {' > '.join(hit.via)}]" if hit.match else ""
            click.echo(f"{hit.ordinal:<8}{hit.text}{how}")
        click.echo(_page_footer(page.total, offset, len(page.items)), err=True)

    emit(page, as_json, show)


def _page_footer(total: int, offset: int, shown: int) -> str:
    """How many tasks there are, and how to see the rest when this is not all of them."""
    if shown == total:
        return f"{total} task(s)"
    if not shown:
        return f"{total} task(s), none from --offset {offset}"
    end = offset + shown
    more = f": --offset {end} for the next page, --all for every one" if end < total else ""
    return f"{total} task(s), {offset + 1}-{end} shown{more}"


@click.command("entities")
@click.option("--type", "node_type", type=click.Choice([t.value for t in ENTITY_TYPES]))
@click.option("-q", "--query", default="", help="Name, English name or alias (part of).")
@click.option(
    "--with",
    "named_with",
    help="Instead: the entities named by the tasks touching this one (and its narrower ones), "
    "most tasks first.",
)
@count_option("--limit", default=50)
@answers
def entities_command(
    ctx: click.Context,
    node_type: str | None,
    query: str,
    named_with: str | None,
    limit: int,
    backend: str | None,
    as_json: bool,
) -> None:
    """Search entities, ranked: exact names first, then by number of tasks; --with 黄河: what
    the tasks touching 黄河 name besides it."""
    apply_backend(ctx, backend)
    wanted = NodeType(node_type) if node_type else None
    if named_with is not None:
        with opened(ctx) as store:
            related = store.related_entities(TaskQuery.of([typed(named_with)]), wanted, limit)

        def show_related() -> None:
            for named in related.items:
                entity = named.entity
                click.echo(f"{named.tasks:>4}  {entity.type.value:<11}{entity.name}  {entity.id}")
            click.echo(f"{related.total} entit{'y' if related.total == 1 else 'ies'}", err=True)

        emit(related, as_json, show_related)
        return
    with opened(ctx) as store:
        page = store.search_entities(typed(query), wanted, limit)

    def show() -> None:
        for hit in page.items:
            click.echo(
                f"{hit.task_count:>4}  {hit.type.value:<11}{hit.name}  ({hit.name_en})  {hit.id}"
            )
        click.echo(f"{page.total} entit{'y' if page.total == 1 else 'ies'}", err=True)

    emit(page, as_json, show)


_ORDINAL = re.compile(r"\d+(?:\.\d+)+")


def _task_by_ordinal(store: GraphStore, ref: str) -> str | None:
    """The id of the one task printed as `ref` (2.2.2, as `tasks` lists it); None if not an ordinal.

    Several documents may number a task 2.2.2: then the candidates are listed, to pick by id.
    """
    if not _ORDINAL.fullmatch(ref):
        return None
    found = [hit for hit in store.tasks(TaskQuery.of()).items if hit.ordinal == ref]
    if not found:
        raise NodeNotFound(ref)
    if len(found) > 1:
        raise AmbiguousEntity(ref, [(hit.id, hit.text[:24], "Task") for hit in found])
    return found[0].id


@click.command("show")
@click.argument("ref")
@answers
def show_command(ctx: click.Context, ref: str, backend: str | None, as_json: bool) -> None:
    """Show a document's metadata (doc:…), a task (by id or ordinal, e.g. 2.2.2) or an entity
    (by id or name) with its links."""
    from policykg.present import document_metadata

    apply_backend(ctx, backend)
    ref = typed(ref)
    with opened(ctx) as store:
        if ref.startswith("doc:"):
            node = store.get_node(ref)
            data: Any = {"id": node.id, "title": node.name, **document_metadata(node)}

            def text() -> None:
                click.echo(f"{node.name}  {node.id}")
                for key, value in document_metadata(node).items():
                    if value not in (None, [], ""):
                        shown = "、".join(value) if isinstance(value, list) else value
                        click.echo(f"  {key}: {shown}")

            emit(data, as_json, text)
            return
        task_ref = ref if ref.startswith("task:") else _task_by_ordinal(store, ref)
        if task_ref:
            detail = data = store.task_detail(task_ref)

            def text() -> None:
                click.echo(" > ".join(b.name for b in detail.breadcrumb))
                click.echo(f"{detail.task.ordinal} {detail.task.text}")
                for label, stated in (("deadline", detail.deadlines), ("target", detail.targets)):
                    for item in stated:
                        click.echo(f"  {label:<10}{item}")
                for m in detail.task.entities:
                    start, end = m.span
                    click.echo(
                        f"  {m.rel:<10}{m.type.value:<11}{m.name}  [{start}:{end}] {m.surface}"
                    )
        else:
            entity = store.entity_detail(ref)
            data = entity

            def text() -> None:
                en = entity.props.get("name_en") or ""
                click.echo(f"{entity.name} ({en}) {entity.type.value} {entity.id}")
                click.echo(
                    f"  tasks: {entity.task_count}  "
                    + ", ".join(f"{k} {v}" for k, v in entity.counts.items())
                )
                for label, rels in (("parents", entity.parents), ("children", entity.children)):
                    if rels:
                        shown = ", ".join(r.name for r in rels[:20])
                        more = f" … (+{len(rels) - 20})" if len(rels) > 20 else ""
                        click.echo(f"  {label}: {shown}{more}")

        emit(data, as_json, text)
