"""Dependencies: settings, the store, the question extractor, the request guard, paging.

What is constant for an application is built once, by create_app, and kept on app.state:
the settings, the store holder and the `RequestGuard` (the token and every route's query
parameters). Dependencies read those with one attribute lookup and need no sub-dependency,
because FastAPI solves every dependant of a route on every request. An app's settings are
therefore fixed when it is built: a test that needs other settings builds an app with them
(`create_app(settings)`); `get_store` is the one dependency tests replace, with a store that
fails in ways a real one cannot be made to.
"""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, StringConstraints

from policykg.api.errors import Unauthorized, check_bound
from policykg.api.query_reader import query_names
from policykg.api.questions import EnglishNames, MentionFinder, QuestionReader
from policykg.errors import GraphFileError, StoreUnavailable
from policykg.graph.graph_file import Generation, generation
from policykg.graph.store import GraphStore
from policykg.limits import DEFAULT_PAGE
from policykg.settings import Settings

__all__ = [
    "BOUND_KEY",
    "MAX_NAME",
    "MAX_OFFSET",
    "MAX_TERMS",
    "MAX_TEXT",
    "NOT_BLANK",
    "Depth",
    "ExtractorDep",
    "Name",
    "PageParams",
    "Paging",
    "RequestGuard",
    "SettingsDep",
    "StoreDep",
    "StoreHolder",
    "app_settings",
    "bearer_token_error",
    "bounded",
    "get_store",
    "known_query_params",
    "neighbourhood_limit",
    "node_limit",
    "protected",
]

_log = logging.getLogger("policykg.api")

#: The key the OpenAPI schema uses to name the setting that bounds a parameter (api/openapi.py).
BOUND_KEY = "x-policykg-bound"
MAX_NAME = 200  # characters in an entity name or id
MAX_TEXT = 500  # characters in a free-text query or question
MAX_TERMS = 20  # repeated `touches` terms
MAX_OFFSET = 1_000_000_000

#: Some character that Python's str.strip() keeps, spelt out so that JSON Schema (ECMA-262),
#: pydantic (Rust) and Python regexes agree on it; `\S` differs between them at U+0085.
NOT_BLANK = r"[^\x09-\x0d\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"

#: An entity reference: an id, a name, an English name or an alias (not blank).
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME, pattern=NOT_BLANK)]


class StoreHolder:
    """The app's one store: opened in the lifespan, reopened on demand if that failed.

    With the networkx backend it also watches the graph file: a new generation (a build
    renamed a new file into place) is loaded in a background thread while requests go on
    being answered from the old graph, then swapped in with one assignment. A file that
    cannot be read is remembered with its generation, so it is not parsed again per request;
    a later build gives a new generation, and the holder tries again.

    Args:
        settings: the backend to open and, for networkx, the graph file to watch.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store: GraphStore | None = None
        self._lock = threading.Lock()
        self.watched: Path | None = settings.graph_file if settings.backend == "networkx" else None
        self.generation: Generation | None = None
        self._failed: tuple[Generation | None, GraphFileError] | None = None
        self._reloading = False

    def open(self) -> GraphStore:
        """The store, opening it if needed; StoreUnavailable when the backend is down."""
        with self._lock:
            current = generation(self.watched) if self.watched else None
            if self.store is not None and current == self.generation:
                return self.store
            if self._failed is not None and self._failed[0] == current:
                raise self._failed[1]
            try:
                store = _open(self.settings)
            except GraphFileError as exc:  # the same file fails the same way: remember it
                self._failed = (current, exc)
                raise
            self._swap(store, current)
            return store

    def watch(self) -> None:
        """If a build replaced the graph file, start loading it (one stat() per call).

        A file that is gone leaves the graph being served as it is.
        """
        if self.watched is None:
            return
        current = generation(self.watched)
        if current is not None and current != self.generation:
            self.reload_in_background(current)

    def reload_in_background(self, new: Generation) -> None:
        """Load generation `new` in a thread; requests keep the old store until it is ready.

        Args:
            new: the generation of the graph file to load.
        """
        with self._lock:
            if self._reloading or (self._failed is not None and self._failed[0] == new):
                return
            self._reloading = True
        threading.Thread(target=self._reload, args=(new,), daemon=True).start()

    def _reload(self, new: Generation) -> None:
        try:
            store = _open(self.settings)
        except StoreUnavailable as exc:
            _log.warning("new graph file not loaded, still serving the previous one: %s", exc)
            with self._lock:
                if isinstance(exc, GraphFileError):
                    self._failed = (new, exc)
                self._reloading = False
            return
        with self._lock:
            old = self._swap(store, new)
            self._reloading = False
        if old is not None:
            old.close()
        _log.info("serving the new graph file")

    def written(self) -> None:
        """The store itself just wrote its graph file: that generation is the one served."""
        if self.watched is not None:
            with self._lock:
                self.generation = generation(self.watched)

    def _swap(self, store: GraphStore, new: Generation | None) -> GraphStore | None:
        old, self.store, self.generation, self._failed = self.store, store, new, None
        return old

    def try_open(self) -> None:
        """Open at startup; a backend that is down now gives 503s until it is back.

        A backend that refuses us (wrong credentials) stops start-up: retrying cannot help,
        and serving 503s for ever would hide a configuration mistake.
        """
        try:
            self.open()
        except StoreUnavailable as exc:
            if exc.refused:
                _log.error("%s", exc)
                raise
            _log.warning("store not available at startup (will retry per request): %s", exc)

    def close(self) -> None:
        with self._lock:
            if self.store is not None:
                self.store.close()
                self.store = None


def _open(settings: Settings) -> GraphStore:
    from policykg.stores import open_store

    return open_store(settings)


def app_settings(request: Request) -> Settings:
    """The settings the request's application was built with (a plain read, not a dependency).

    Args:
        request: the current request.

    Returns:
        The application's Settings.
    """
    return request.app.state.settings  # type: ignore[no-any-return]


async def _get_settings(request: Request) -> Settings:
    """The settings the application was built with, for routes that read them.

    Args:
        request: the current request.

    Returns:
        The application's Settings.
    """
    return app_settings(request)


SettingsDep = Annotated[Settings, Depends(_get_settings)]


async def get_store(request: Request) -> GraphStore:
    """The graph store for this request, opened again if it was down.

    Args:
        request: the current request.

    Returns:
        The open GraphStore.

    Raises:
        StoreUnavailable: the store cannot be opened (503).
    """
    holder: StoreHolder = request.app.state.stores
    store = holder.store
    if store is None:
        return await run_in_threadpool(holder.open)
    holder.watch()
    return store


StoreDep = Annotated[GraphStore, Depends(get_store)]


def _question_reader(gazetteer_dir: Path) -> MentionFinder:
    """The loaders' extractor over these gazetteers, with their English names.

    Args:
        gazetteer_dir: the folder of gazetteer files.
    """
    from policykg.pipeline import gazetteer_and_extractor

    gazetteer, extractor = gazetteer_and_extractor(gazetteer_dir)
    return QuestionReader(extractor, EnglishNames(gazetteer.entities))


async def _get_extractor(request: Request) -> MentionFinder:
    """What finds entity names in a question: the extractor the loaders use, plus English.

    Built on the first question and kept by the app (two first questions at once may both
    build it; the second simply replaces the first).

    Args:
        request: the request (its app keeps the reader and the settings that say where the
            gazetteers are).
    """
    reader: MentionFinder | None = getattr(request.app.state, "_question_reader", None)
    if reader is None:
        gazetteers = app_settings(request).gazetteer_dir
        reader = await run_in_threadpool(_question_reader, gazetteers)
        request.app.state.question_reader = reader
    return reader


ExtractorDep = Annotated[MentionFinder, Depends(_get_extractor)]


def bearer_token_error(request: Request, expected: bytes) -> Unauthorized | None:
    """What is wrong with the request's bearer token, if anything.

    Args:
        request: the request (its Authorization header).
        expected: the token the server was configured with, as bytes.

    Returns:
        The Unauthorized error to raise, or None when the request carries `expected`.
    """
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return Unauthorized("this API needs 'Authorization: Bearer <token>'")
    if not secrets.compare_digest(token.strip().encode(), expected):
        return Unauthorized("the bearer token is not valid")
    return None


@dataclass(frozen=True)
class RequestGuard:
    """What every /api/v1 request is checked against before its route's parameters are read.

    Built once per application (`RequestGuard.of`); each route's query parameters are worked
    out on its first request and kept.

    Args:
        token: the API token as bytes (None: no token is asked for).
        query_names: each route's query parameters, by the route's id (routes live as long
            as their app, so ids are not reused meanwhile).
    """

    token: bytes | None
    query_names: dict[int, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, settings: Settings) -> RequestGuard:
        """The guard of an application with these settings.

        Args:
            settings: the API token, if any.
        """
        secret = settings.api_token
        return cls(token=None if secret is None else secret.get_secret_value().encode())

    def check_token(self, request: Request) -> None:
        """With a token configured, the request must carry it (401 otherwise).

        Args:
            request: the request (its Authorization header).
        """
        if self.token is not None and (error := bearer_token_error(request, self.token)):
            raise error

    def check_query(self, request: Request) -> None:
        """An unknown query parameter is a 422, so `touch=黄河` does not quietly list every task.

        Args:
            request: the request (its route and query string).
        """
        route = request.scope.get("route")
        if not request.scope.get("query_string") or not isinstance(route, APIRoute):
            return
        allowed = self.query_names.get(id(route))
        if allowed is None:
            allowed = self.query_names[id(route)] = query_names(route)
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise RequestValidationError(
                [
                    {
                        "type": "extra_forbidden",
                        "loc": ("query", name),
                        "msg": "Unknown query parameter",
                        "input": request.query_params[name],
                        "ctx": {"allowed": sorted(allowed)},
                    }
                    for name in unknown
                ]
            )


async def protected(request: Request) -> None:
    """Every /api/v1 route but /health and the document changes: the token (when one is set)
    and known query parameters only.

    Args:
        request: the request.
    """
    guard: RequestGuard = request.app.state.guard
    guard.check_token(request)
    guard.check_query(request)


async def known_query_params(request: Request) -> None:
    """Routes open to all (or with their own token check): known query parameters only.

    Args:
        request: the request.
    """
    guard: RequestGuard = request.app.state.guard
    guard.check_query(request)


def bounded(setting: str, description: str, **kwargs: Any) -> Any:
    """A Query whose maximum is a setting; api/openapi.py writes its value into the schema.

    Args:
        setting: the name of the setting that holds the maximum (such as 'max_limit').
        description: the parameter's description in the schema.
        kwargs: further arguments of fastapi.Query (default, ge …).
    """
    return Query(description=description, json_schema_extra={BOUND_KEY: setting}, **kwargs)


#: Hops from the centre of a neighbourhood (/graph/neighborhood, /maps/ego).
Depth = Annotated[
    int, bounded("max_depth", "Hops from the centre (at most POLICYKG_MAX_DEPTH).", ge=1)
]


def node_limit(default: int) -> Any:
    """The `limit` parameter of a neighbourhood.

    Args:
        default: the number of nodes when the request names none.

    Returns:
        A Query bounded by POLICYKG_MAX_NODES.
    """
    return bounded(
        "max_nodes", f"At most this many nodes, nearest first (default {default}).", ge=1
    )


def neighbourhood_limit(depth: int, limit: int | None, default: int, settings: Settings) -> int:
    """Check a neighbourhood's depth and limit against the settings.

    Args:
        depth: hops asked for.
        limit: nodes asked for (None: `default`, within POLICYKG_MAX_NODES).
        default: the number of nodes when `limit` is None.
        settings: the bounds.

    Returns:
        The number of nodes to fetch.

    Raises:
        ParameterOutOfRange: depth or limit above its setting (422).
    """
    check_bound("depth", depth, settings.max_depth, "max_depth")
    if limit is None:
        return min(default, settings.max_nodes)
    return check_bound("limit", limit, settings.max_nodes, "max_nodes")


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


class PageParams(BaseModel):
    """`limit` and `offset`: the page of a paged route (a group of api/query_reader.py)."""

    limit: Annotated[
        int | None,
        bounded(
            "max_page_size",
            f"Page size (default {DEFAULT_PAGE}, at most POLICYKG_MAX_PAGE_SIZE).",
            ge=1,
        ),
    ] = None
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0

    def paging(self, settings: Settings) -> Paging:
        """The page asked for, checked against the settings.

        Args:
            settings: the bound of a page (POLICYKG_MAX_PAGE_SIZE).

        Raises:
            ParameterOutOfRange: `limit` above POLICYKG_MAX_PAGE_SIZE (422).
        """
        if self.limit is None:
            return Paging(min(DEFAULT_PAGE, settings.max_page_size), self.offset)
        limit = check_bound("limit", self.limit, settings.max_page_size, "max_page_size")
        return Paging(limit, self.offset)
