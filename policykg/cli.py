"""The `policykg` command line: build the graph, ask it questions, export it, serve it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from policykg import __version__
from policykg.cli_support import backend_option
from policykg.lazy_group import LazyCommand, LazyGroup

__all__ = ["COMMANDS", "main", "run"]


def _at(module: str, attribute: str, summary: str) -> LazyCommand:
    return LazyCommand(f"policykg.{module}:{attribute}", summary)


# name -> where the command lives and its short help (the first sentence of its docstring)
COMMANDS: dict[str, LazyCommand] = {
    "add": _at(
        "corpus_command",
        "add_command",
        "Add documents (files or folders) to the stored graph; a stored id is replaced.",
    ),
    "agencies": _at(
        "agencies_command",
        "agencies_command",
        "Agencies ranked by tasks with a role, those responsible for an entity's tasks, or "
        "the tasks of one agency with its role in each.",
    ),
    "build": _at(
        "build_command",
        "build_command",
        "Build the graph from documents (default: data/corpus) and store it.",
    ),
    "compare": _at(
        "compare_command",
        "compare_command",
        "Align two documents' articles (or task sentences) and label them same, changed, "
        "added or removed; with several B, compare A with each (a national law and local "
        "regulations).",
    ),
    "cooccurrence": _at(
        "analysis_command",
        "cooccurrence_command",
        "Pairs of entities named by the same tasks (of the documents the facets keep), most "
        "tasks first; `total` counts every pair, the first --limit are listed.",
    ),
    "documents": _at(
        "documents_command",
        "documents_command",
        "Documents by kind, level, issuer and year, or ranked by the tasks touching an entity "
        "(with its narrower entities by default, as `policykg tasks --touches`).",
    ),
    "entities": _at(
        "query_command",
        "entities_command",
        "Search entities, ranked: exact names first, then by number of tasks; --with 黄河: what"
        " the tasks touching 黄河 name besides it.",
    ),
    "export": _at(
        "export_command",
        "export_command",
        "Export the whole graph (csv: a zip in neo4j-admin import layout).",
    ),
    "extract": _at(
        "extract_command",
        "extract_command",
        "Print the outline and every mention of documents, without touching the store.",
    ),
    "map": _at(
        "map_command",
        "map_command",
        "Write an interactive map: --center X, --touches X, --theme N or --all; with document "
        "facets, only the tasks of the documents they keep and the entities those name "
        "(--center walks through no task of another document).",
    ),
    "rankings": _at(
        "analysis_command",
        "rankings_command",
        "Entities of one type, highest score first (ties by id).",
    ),
    "remove": _at(
        "corpus_command",
        "remove_command",
        "Remove documents by id (doc:<file name without suffix>, or the name alone).",
    ),
    "serve": _at(
        "serve_command",
        "serve_command",
        "Serve the HTTP API and the explorer page.",
    ),
    "show": _at(
        "query_command",
        "show_command",
        "Show a document's metadata (doc:…), a task (by id or ordinal, e.g.",
    ),
    "stats": _at(
        "query_command",
        "stats_command",
        "Counts of nodes and edges by type.",
    ),
    "tasks": _at(
        "query_command",
        "tasks_command",
        "List tasks, all of them or those touching entities (with narrower ones by default), "
        "of every document or of those the document options keep; --role lead: the tasks with "
        "a lead agency, --agency 生态环境部 --role lead: the tasks it leads.",
    ),
    "timeline": _at(
        "documents_command",
        "timeline_command",
        "The tasks touching ENTITY and their documents per year and per level (national, "
        "provincial, prefecture, county); years are those of the documents' dates.",
    ),
}


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
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


def run() -> None:
    """The `policykg` console script: the process's collector set once, then the command."""
    from policykg.collector import configure_collector

    configure_collector()
    main()


if __name__ == "__main__":
    run()
