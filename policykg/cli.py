"""The `policykg` command line: build the graph, ask it questions, export it, serve it."""

from __future__ import annotations

import copy
import re
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from policykg import __version__
from policykg.agencies_command import agencies_command
from policykg.analysis_command import cooccurrence_command, rankings_command
from policykg.cli_support import (
    LazyChoice,
    action_types,
    answers,
    apply_backend,
    backend_option,
    count_option,
    emit,
    opened,
    reports_errors,
    settings_from,
    typed,
)
from policykg.compare_command import compare_command
from policykg.corpus_command import add_command, remove_command, report_reading
from policykg.documents_command import documents_command, timeline_command
from policykg.errors import (
    AmbiguousEntity,
    InvalidQuery,
    NodeNotFound,
    StoreUnavailable,
)
from policykg.extract_command import extract_command
from policykg.facet_options import facet_options
from policykg.graph.export import FORMATS  # light: the exporters import networkx when run
from policykg.graph.model import ENTITY_TYPES, ROLES, NodeType, Role
from policykg.graph.results import DocumentFacets, Expand, TaskQuery
from policykg.map_command import map_command

if TYPE_CHECKING:
    from policykg.command_settings import CommandSettings
    from policykg.graph.store import GraphStore

PROGRESS_ABOVE = 2_000  # tasks; smaller builds finish before a bar is worth drawing


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@backend_option
@click.option("--graph-file", type=click.Path(path_type=Path), help="networkx graph file.")
@click.version_option(__version__, prog_name="policykg")
@click.pass_context
def main(ctx: click.Context, backend: str | None, graph_file: Path | None) -> None:
    """policykg: Chinese environmental-policy tasks as a knowledge graph."""
    overrides: dict[str, Any] = {}
    if backend:
        overrides["backend"] = backend
    if graph_file:
        overrides["graph_file"] = graph_file
    if ctx.obj is None or isinstance(ctx.obj, dict):
        ctx.obj = overrides  # read into settings by the first command that needs them
    elif overrides:  # a caller (a test) passed its settings object as obj
        ctx.obj = ctx.obj.model_copy(update=overrides)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@backend_option
@click.pass_context
@reports_errors
def build(ctx: click.Context, paths: tuple[Path, ...], backend: str | None) -> None:
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
        if total > PROGRESS_ABOVE:
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


def _build_lock(settings: CommandSettings) -> Any:
    """A networkx build holds the graph file's write lock from start to end (a second build
    at once fails at once, instead of both extracting and one losing the race)."""
    from contextlib import nullcontext

    if settings.backend != "networkx":
        return nullcontext()
    from policykg.graph.graph_file import write_lock

    return write_lock(settings.graph_file)


@main.command()
@answers
def stats(ctx: click.Context, backend: str | None, as_json: bool) -> None:
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


@main.command()
@click.option(
    "--touches", multiple=True, help="Entity: id, Chinese or English name, alias. Repeatable."
)
@click.option(
    "--match", "match_mode", type=click.Choice(["any", "all"]), default="any", show_default=True
)
@click.option(
    "--broader", is_flag=True, help="Also tasks on what the entity belongs to (河北 -> 京津冀)."
)
@click.option(
    "--expand",
    type=click.Choice(["narrower", "broader", "both", "none"]),
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
@click.option(
    "--role",
    "roles",
    type=click.Choice(ROLES),
    multiple=True,
    help="Only tasks in which an agency (--agency, else any) has this role. Repeatable.",
)
@click.option("--agency", help="Only tasks in which this agency has a role (one of --role).")
@count_option("--limit", help="At most this many tasks.")
@answers
@facet_options
def tasks(
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
    limit: int | None,
    backend: str | None,
    as_json: bool,
    facets: DocumentFacets,
) -> None:
    """List tasks, all of them or those touching entities (with narrower ones by default),
    of every document or of those the document options keep; --role lead: the tasks with a
    lead agency, --agency 生态环境部 --role lead: the tasks it leads."""
    apply_backend(ctx, backend)
    query = TaskQuery.of(
        (typed(term) for term in touches),
        match="all" if match_mode == "all" else "any",
        expand=cast("Expand | None", expand),
        broader=broader,
        theme=theme,
        area=area,
        action_type=action_type,
        text=None if text is None else typed(text),
        limit=limit,
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
        click.echo(f"{page.total} task(s)", err=True)

    emit(page, as_json, show)


@main.command()
@click.option("--type", "node_type", type=click.Choice([t.value for t in ENTITY_TYPES]))
@click.option("-q", "--query", default="", help="Name, English name or alias (part of).")
@count_option("--limit", default=50)
@answers
def entities(
    ctx: click.Context,
    node_type: str | None,
    query: str,
    limit: int,
    backend: str | None,
    as_json: bool,
) -> None:
    """Search entities, ranked: exact names first, then by number of tasks."""
    apply_backend(ctx, backend)
    with opened(ctx) as store:
        page = store.search_entities(
            typed(query), NodeType(node_type) if node_type else None, limit
        )

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
    found = [hit for hit in store.tasks(TaskQuery()).items if hit.ordinal == ref]
    if not found:
        raise NodeNotFound(ref)
    if len(found) > 1:
        raise AmbiguousEntity(ref, [(hit.id, hit.text[:24], "Task") for hit in found])
    return found[0].id


@main.command()
@click.argument("ref")
@answers
def show(ctx: click.Context, ref: str, backend: str | None, as_json: bool) -> None:
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


@main.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="graphml", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default: stdout)."
)
@backend_option
@click.pass_context
@reports_errors
def export(ctx: click.Context, fmt: str, output: Path | None, backend: str | None) -> None:
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


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@backend_option
@click.pass_context
@reports_errors
def serve(ctx: click.Context, host: str, port: int, backend: str | None) -> None:
    """Serve the HTTP API and the explorer page."""
    import uvicorn

    from policykg.api.app import create_app

    apply_backend(ctx, backend)
    settings = settings_from(ctx)
    if settings.backend == "neo4j":
        _check_store(settings)
    from policykg.allocator import cap_malloc_arenas

    cap_malloc_arenas()  # before uvicorn starts the worker threads
    app = create_app(settings.validated())
    click.echo(f"policykg API on http://{host}:{port}/  (docs: http://{host}:{port}/docs)")
    # in-flight requests get a few seconds at shutdown, then are cancelled (their work stops)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        log_config=_server_logging(),
        timeout_graceful_shutdown=5,
    )


def _server_logging() -> dict[str, Any]:
    """uvicorn's logging, and policykg's own lines (stopped work, store errors) beside it."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["policykg"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def _check_store(settings: CommandSettings) -> None:
    """Refused credentials end `serve` with a one-line error; a server that is down does not:
    the API answers 503 until it is back."""
    from policykg.stores import open_store

    try:
        open_store(settings).close()
    except StoreUnavailable as exc:
        if exc.refused:
            raise
        click.echo(f"policykg: warning: {exc}; serving 503s until it answers", err=True)


main.add_command(map_command)
main.add_command(extract_command)
main.add_command(compare_command)
main.add_command(agencies_command)
main.add_command(add_command)
main.add_command(remove_command)
main.add_command(documents_command)
main.add_command(timeline_command)
main.add_command(cooccurrence_command)
main.add_command(rankings_command)

if __name__ == "__main__":
    main()
