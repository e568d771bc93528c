"""`create_app(settings)`: the FastAPI application (what `policykg serve` runs).

The store is opened in the lifespan and closed there; routes reach it through `StoreDep`.
Every route under /api/v1 but /health asks for the bearer token when one is configured, and
rejects query parameters it does not know (api/deps.py RequestGuard, built once per app).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from policykg import __version__
from policykg.api import docs
from policykg.api.deps import RequestGuard, StoreHolder, known_query_params, protected
from policykg.api.errors import install_error_handlers
from policykg.api.export_cache import ExportCache
from policykg.api.openapi import build_openapi
from policykg.api.query_input import NormalizedQuery
from policykg.api.request_budget import HeavyRequests, RequestBudget
from policykg.api.routers import (
    agencies,
    analysis,
    ask,
    compare,
    document_changes,
    documents,
    entities,
    export,
    graph,
    health,
    tasks,
    themes,
)
from policykg.api.security import SecurityHeaders
from policykg.settings import Settings, get_settings

__all__ = ["STATIC_DIR", "create_app"]

_API_PREFIX = "/api/v1"
STATIC_DIR = Path(__file__).resolve().parent / "static"
#: Routes whose work grows with the whole graph: they take turns (api/request_budget.py).
_HEAVY_PATHS = tuple(f"{_API_PREFIX}/{p}" for p in ("maps/", "analysis/", "export"))

_DESCRIPTION = """\
Tasks of Chinese environmental policy documents as a knowledge graph: which tasks touch
黄河 (Yellow River), which pollutants go with which regions, which instruments will be revised.

Errors always come as `{"error": {"code", "message", "details"}}`.
"""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the store at start-up (a store that is down is retried per request) and close it at
    shutdown.

    Args:
        app: the application whose `state.stores` holds the store.

    Yields:
        Nothing: the application runs while suspended here.
    """
    holder: StoreHolder = app.state.stores
    await run_in_threadpool(holder.try_open)
    try:
        yield
    finally:
        await run_in_threadpool(holder.close)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API over the store that `settings` names (default: environment / .env).

    Args:
        settings: the settings to serve with (None: read from the environment and .env).
    """
    settings = settings or get_settings()
    app = FastAPI(
        title="policykg API",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=_lifespan,
        docs_url=None,  # served offline by api/docs.py
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.stores = StoreHolder(settings)
    app.state.guard = RequestGuard.of(settings)  # the token and the routes' query parameters
    app.state.exports = ExportCache()  # exports written once per graph version
    install_error_handlers(app)
    # the last added runs first: security headers wrap everything, budget wraps the routes
    app.add_middleware(
        RequestBudget,
        seconds=settings.request_seconds,
        heavy=HeavyRequests(settings.heavy_requests, _HEAVY_PATHS),
    )
    app.add_middleware(NormalizedQuery)  # query values as the loader normalised documents
    app.add_middleware(SecurityHeaders)  # CSP and friends on every answer (api/security.py)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET"],
            allow_headers=["Authorization"],
        )

    app.include_router(
        health.router, prefix=_API_PREFIX, dependencies=[Depends(known_query_params)]
    )
    guarded = [Depends(protected)]
    # documents before entities: its /entities/{ref}/timeline would else be an entity's name
    routers = (documents, entities, tasks, themes, graph, analysis, agencies, ask, export, compare)
    for module in routers:
        app.include_router(module.router, prefix=_API_PREFIX, dependencies=guarded)
    # POST and DELETE /documents: their own token check (a server without a token is read-only)
    app.include_router(
        document_changes.router, prefix=_API_PREFIX, dependencies=[Depends(known_query_params)]
    )

    # -- viz engineer: maps and explorer routers go here ------------------------------------
    from policykg.api.routers import explorer, maps

    app.include_router(maps.router, prefix=_API_PREFIX, dependencies=guarded)
    app.include_router(explorer.router)  # the explorer page; its assets: api/static/explorer/
    # ------------------------------------------------------------------------------------------

    app.include_router(docs.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.openapi = partial(build_openapi, app, settings)  # type: ignore[method-assign]
    return app
