"""`policykg serve`: the HTTP API and the explorer page."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import click

from policykg.cli_support import apply_backend, backend_option, reports_errors, settings_from
from policykg.errors import StoreUnavailable

if TYPE_CHECKING:
    from policykg.settings import Settings

__all__ = ["serve_command"]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@backend_option
@click.pass_context
@reports_errors
def serve_command(ctx: click.Context, host: str, port: int, backend: str | None) -> None:
    """Serve the HTTP API and the explorer page."""
    import uvicorn

    from policykg.api.app import create_app

    apply_backend(ctx, backend)
    settings = settings_from(ctx)
    if settings.backend == "neo4j":
        _check_store(settings)
    from policykg.allocator import cap_malloc_arenas

    cap_malloc_arenas()  # before uvicorn starts the worker threads
    app = create_app(settings)
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


def _check_store(settings: Settings) -> None:
    """Refused credentials end `serve` with a one-line error; a server that is down does not:
    the API answers 503 until it is back."""
    from policykg.stores import open_store

    try:
        open_store(settings).close()
    except StoreUnavailable as exc:
        if exc.refused:
            raise
        click.echo(f"policykg: warning: {exc}; serving 503s until it answers", err=True)
