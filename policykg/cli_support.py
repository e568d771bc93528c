"""What every `policykg` command shares: settings from the context, the store, error reporting.

Layers, bottom up: errors and settings; this module; the command modules (*_command.py),
which cli.py lists by name and imports only when their command runs.
It imports click and policykg.errors only; the settings reader (and pydantic-settings for
values not in a plain form), stores (networkx) and everything else load when a command needs
them, so `policykg --help` starts in a blink.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

from policykg.collector import paused
from policykg.errors import PolicyKGError, StoreUnavailable

if TYPE_CHECKING:
    from policykg.graph.results import Expand, MatchMode, TaskQuery
    from policykg.graph.store import GraphStore
    from policykg.settings import Settings

__all__ = [
    "EXPANDS",
    "LazyChoice",
    "action_types",
    "answers",
    "apply_backend",
    "backend_option",
    "count_option",
    "emit",
    "match_option",
    "opened",
    "reports_errors",
    "role_option",
    "settings_from",
    "touches_query",
    "typed",
]

_F = TypeVar("_F", bound=Callable[..., Any])


def reports_errors(func: _F) -> _F:
    """Domain errors become one line on stderr and a non-zero exit code.

    Args:
        func: the command's callback.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PolicyKGError as exc:
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            # the reader went away (`policykg tasks | head`): stop quietly, as Unix tools do;
            # stdout goes to devnull so that flushing it at exit raises nothing more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)  # 128 + SIGPIPE, what a shell reports for a killed writer
        except OSError as exc:  # a file the user named: -o into a missing folder, a full disk
            _fail(f"{exc.filename}: {exc.strerror or exc}" if exc.filename else str(exc), 1)

    return wrapper  # type: ignore[return-value]


def _fail(message: str, code: int) -> NoReturn:
    """End the command with a one-line error.

    Args:
        message: what went wrong.
        code: the exit status.

    Raises:
        SystemExit: always.
    """
    click.echo(f"policykg: error: {message}", err=True)
    sys.exit(code)


def settings_from(ctx: click.Context) -> Settings:
    """The settings of this invocation, loaded once (environment, .env, the group's options).

    Args:
        ctx: the invocation's click context.
    """
    root = ctx.find_root()
    if root.obj is None or isinstance(root.obj, dict):  # the group's options' overrides
        root.obj = _load_settings(**(root.obj or {}))
    return cast("Settings", root.obj)


def _load_settings(**overrides: Any) -> Settings:
    """Settings from the environment (and .env); a bad value is a one-line error, exit 2.

    Plain values are read without pydantic (policykg.settings.read); any other reading,
    and every error message, is pydantic's.

    Args:
        overrides: setting name -> value, above the environment and the .env file.
    """
    from policykg import settings

    dotenv = settings.env_file()
    plain = settings.read(os.environ, dotenv, **overrides)
    if plain is not None:
        return plain
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    try:
        return settings.validate_settings(dotenv, **overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"POLICYKG_{str(e['loc'][0]).upper()}={e['input']!r}: {e['msg']}" for e in exc.errors()
        )
        _fail(f"invalid setting {problems}", 2)
    except SettingsError as exc:  # a list or dict setting that is not valid JSON
        _fail(f"invalid setting: {exc} (POLICYKG_ variables or .env)", 2)


def apply_backend(ctx: click.Context, backend: str | None) -> None:
    """Subcommands take --backend too, so `policykg tasks --backend neo4j` works.

    Args:
        ctx: the invocation's click context.
        backend: the subcommand's --backend ('neo4j' or 'networkx'); None keeps the configured one.
    """
    if backend:
        root = ctx.find_root()
        root.obj = settings_from(ctx).model_copy(update={"backend": backend})


@contextmanager
def opened(ctx: click.Context, *, existing: bool = True) -> Iterator[GraphStore]:
    """The configured store; with `existing`, a networkx graph file must be there already.

    Args:
        ctx: the invocation's click context.
        existing: True to require a networkx graph file and read it (through its index);
            False for a store about to be replaced (a networkx one starts empty).
    """
    from policykg.stores import open_store

    settings = settings_from(ctx)
    if existing and settings.backend == "networkx" and not settings.graph_file.exists():
        raise StoreUnavailable(
            "networkx", f"no graph file at {settings.graph_file}: run `policykg build` first"
        )
    # a command asks a few questions and ends: the index spares it reading the whole graph;
    # reading makes no cycles, so collections would scan for nothing
    with paused():
        store = open_store(settings, load=existing, indexed=existing)
    try:
        yield store
    finally:
        store.close()


def emit(data: Any, as_json: bool, text: Callable[[], None]) -> None:
    """`data` as JSON with --json, else what `text` prints.

    Args:
        data: the answer to print as JSON.
        as_json: whether --json was given.
        text: prints the answer as text.
    """
    if as_json:
        import json

        from policykg.present import to_json

        click.echo(json.dumps(to_json(data), ensure_ascii=False, indent=2))
    else:
        text()


backend_option = click.option(
    "--backend", type=click.Choice(["networkx", "neo4j"]), help="Graph store (default: settings)."
)
_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
#: How several --touches combine, for every command that takes them.
match_option = click.option(
    "--match", "match_mode", type=click.Choice(["any", "all"]), default="any", show_default=True
)
#: The hierarchy expansions a command offers (graph.results.Expand).
EXPANDS = ("narrower", "broader", "both", "none")


def touches_query(
    touches: Sequence[str], match_mode: str, expand: str | None, **more: Any
) -> TaskQuery:
    """The TaskQuery of a command's --touches, --match and --expand (each term typed).

    Args:
        touches: the --touches terms as given.
        match_mode: --match ('any' or 'all').
        expand: --expand (one of EXPANDS; None: TaskQuery.of's default).
        **more: the command's other filters, as TaskQuery.of's keywords.
    """
    from policykg.graph.results import TaskQuery

    match: MatchMode = "all" if match_mode == "all" else "any"
    terms = (typed(term) for term in touches)
    return TaskQuery.of(terms, match=match, expand=cast("Expand | None", expand), **more)


def answers(func: _F) -> _F:
    """A command that answers from the store: --backend and --json, the click context as its
    first argument, domain errors reported (reports_errors).

    Args:
        func: the command's function.

    Returns:
        It, with those options and that handling.
    """
    return cast(_F, backend_option(_json_option(click.pass_context(reports_errors(func)))))


def count_option(
    *decls: str, default: int | None = None, help: str | None = None
) -> Callable[[_F], _F]:
    """An option taking a whole number of 1 or more (a limit, a depth, a theme).

    Args:
        decls: its names (`--limit`).
        default: its value when not given (shown in --help); None: no value.
        help: what it means.

    Returns:
        The click decorator.
    """
    return click.option(
        *decls,
        type=click.IntRange(min=1),
        default=default,
        show_default=default is not None,
        help=help,
    )


def role_option(help: str) -> Callable[[_F], _F]:
    """`--role`, repeatable, one of graph.model.ROLES each time, as the tuple `roles`.

    Args:
        help: what the roles do in this command.

    Returns:
        The click decorator.
    """
    from policykg.graph.model import ROLES

    return click.option("--role", "roles", type=click.Choice(ROLES), multiple=True, help=help)


class LazyChoice(click.Choice):  # type: ignore[type-arg]
    """A click.Choice whose values load on first use, so that `policykg --help` skips them.

    Args:
        load: gives the allowed values, called each time they are asked for.
    """

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        self.case_sensitive = True

    @property
    def choices(self) -> Sequence[str]:  # type: ignore[override]
        return tuple(self._load())


def action_types() -> Sequence[str]:
    """The action types tasks are labelled with (loaded on first use).

    Returns:
        The action type names.
    """
    from policykg.loaders.actions import ACTION_TYPES  # reads its lexicon when imported

    return ACTION_TYPES


def typed(text: str) -> str:
    """A name or term the user typed, in the documents' normal form (loaders.normalize).

    Args:
        text: what the user typed.
    """
    from policykg.loaders.normalize import normalize_query  # its tables take a while to build

    return normalize_query(text)
