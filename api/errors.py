"""Every error the API returns, mapped to HTTP in one place and sent in one JSON shape.

```
{"error": {"code": "entity_not_found", "message": "...", "details": {"query": ..., "suggestions": [...]}}}
```
| raised                                         | status | code               |
| ---------------------------------------------- | ------ | ------------------ |
| EntityNotFound (query, suggestions)            | 404    | entity_not_found   |
| NodeNotFound (node_id)                         | 404    | node_not_found     |
| AmbiguousEntity (query, candidates)            | 409    | ambiguous_entity   |
| ParameterOutOfRange (param, value, maximum)    | 422    | out_of_range       |
| InvalidQuery (reason)                          | 422    | invalid_query      |
| DocumentError (path, line, reason)             | 422    | document_error     |
| RequestValidationError (FastAPI)               | 422    | validation_error   |
| Unauthorized                                   | 401    | unauthorized       |
| TooLarge (what, counts, limits)                | 413    | too_large          |
| BudgetExceeded (budget)                        | 503    | over_budget        |
| StoreUnavailable, neo4j ServiceUnavailable/... | 503    | store_unavailable  |
| the server stopping with the request in flight | 503    | shutting_down      |
| GazetteerError                                 | 500    | gazetteer_error    |
| Starlette HTTPException (unknown route, 405)   | status | not_found, ...     |
| anything else                                  | 500    | internal_error     |
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from policykg.errors import (
    AmbiguousEntity,
    BudgetExceeded,
    DocumentError,
    EntityNotFound,
    GazetteerError,
    InvalidQuery,
    NodeNotFound,
    PolicyKGError,
    StoreUnavailable,
)

__all__ = [
    "ParameterOutOfRange",
    "TooLarge",
    "Unauthorized",
    "check_bound",
    "check_size",
    "install_error_handlers",
    "shutting_down_response",
    "to_response",
]

_log = logging.getLogger("policykg.api")

_RETRY_AFTER_SECONDS = "5"


class ParameterOutOfRange(InvalidQuery):
    """A query parameter exceeds a configured bound (page size, depth, hops, nodes).

    Args:
        param: the query parameter's name.
        value: the value asked for.
        maximum: the largest value allowed.
        setting: the setting that holds the maximum (its environment variable is POLICYKG_ and its
            name in capitals).
    """

    def __init__(self, param: str, value: int, maximum: int, setting: str) -> None:
        self.param, self.value, self.maximum, self.setting = param, value, maximum, setting
        super().__init__(
            f"{param}={value} is above the maximum {maximum} (POLICYKG_{setting.upper()})"
        )


class Unauthorized(PolicyKGError):
    """The API token is set and the request did not carry it.

    Args:
        reason: what is wrong with the request's token, as the client reads it.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class TooLarge(PolicyKGError):
    """An answer would exceed POLICYKG_MAX_NODES / POLICYKG_MAX_EDGES; the client narrows it.

    Args:
        what: what the answer is (the neighbourhood, a map), as the message names it.
        nodes: the answer's number of nodes.
        edges: the answer's number of edges.
        max_nodes: the most nodes allowed (POLICYKG_MAX_NODES).
        max_edges: the most edges allowed (POLICYKG_MAX_EDGES).
    """

    def __init__(self, what: str, nodes: int, edges: int, max_nodes: int, max_edges: int) -> None:
        self.what, self.nodes, self.edges = what, nodes, edges
        self.max_nodes, self.max_edges = max_nodes, max_edges
        super().__init__(
            f"{what} has {nodes} nodes and {edges} edges, above the limits {max_nodes} and "
            f"{max_edges} (POLICYKG_MAX_NODES, POLICYKG_MAX_EDGES): ask for a smaller part"
        )


def check_size(what: str, nodes: int, edges: int, max_nodes: int, max_edges: int) -> None:
    """TooLarge (-> 413) when an answer has more nodes or edges than the settings allow.

    Args:
        what: what the answer is, as the message names it.
        nodes: the answer's number of nodes.
        edges: the answer's number of edges.
        max_nodes: the most nodes allowed.
        max_edges: the most edges allowed.
    """
    if nodes > max_nodes or edges > max_edges:
        raise TooLarge(what, nodes, edges, max_nodes, max_edges)


def check_bound(param: str, value: int, maximum: int, setting: str) -> int:
    """`value` if it is at most `maximum`, else ParameterOutOfRange (-> 422).

    Args:
        param: the query parameter's name.
        value: the value asked for.
        maximum: the largest value allowed.
        setting: the setting that holds the maximum.
    """
    if value > maximum:
        raise ParameterOutOfRange(param, value, maximum, setting)
    return value


def _error_body(
    code: str, message: str, details: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The one error shape: {"error": {"code", "message", "details"}}.

    Args:
        code: a machine-readable code such as entity_not_found.
        message: what went wrong, for people.
        details: data a client can act on (suggestions, candidates, allowed values).

    Returns:
        The JSON body.
    """
    return {"error": {"code": code, "message": message, "details": dict(details or {})}}


def _error_response(
    status: int,
    code: str,
    message: str,
    details: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """An error answer in the one error shape.

    Args:
        status: the HTTP status.
        code: a machine-readable code such as entity_not_found.
        message: what went wrong, for people.
        details: data a client can act on.
        headers: extra response headers (Retry-After, WWW-Authenticate).

    Returns:
        The JSON response.
    """
    return JSONResponse(
        jsonable_encoder(_error_body(code, message, details)),
        status_code=status,
        headers=dict(headers) if headers else None,
    )


def _domain_error_response(exc: PolicyKGError) -> JSONResponse:
    """The one mapping from policykg's error tree to HTTP.

    Args:
        exc: the domain error.
    """
    match exc:
        case EntityNotFound():
            return _error_response(
                404,
                "entity_not_found",
                str(exc),
                {"query": exc.query, "suggestions": exc.suggestions},
            )
        case AmbiguousEntity():
            candidates = [{"id": i, "name": n, "type": t} for i, n, t in exc.candidates]
            return _error_response(
                409, "ambiguous_entity", str(exc), {"query": exc.query, "candidates": candidates}
            )
        case NodeNotFound():
            return _error_response(404, "node_not_found", str(exc), {"id": exc.node_id})
        case ParameterOutOfRange():
            details = {"param": exc.param, "value": exc.value, "max": exc.maximum}
            return _error_response(422, "out_of_range", str(exc), details)
        case InvalidQuery():
            return _error_response(422, "invalid_query", str(exc), {"reason": exc.reason})
        case DocumentError():
            details = {"path": exc.path, "line": exc.line, "reason": exc.reason}
            return _error_response(422, "document_error", str(exc), details)
        case StoreUnavailable():
            return _store_unavailable(exc.backend, exc.reason)
        case TooLarge():
            details = {
                "nodes": exc.nodes,
                "edges": exc.edges,
                "max_nodes": exc.max_nodes,
                "max_edges": exc.max_edges,
            }
            return _error_response(413, "too_large", str(exc), details)
        case BudgetExceeded():
            return _error_response(
                503,
                "over_budget",
                str(exc),
                {"budget_seconds": exc.budget},
                headers={"Retry-After": _RETRY_AFTER_SECONDS},
            )
        case Unauthorized():
            headers = {"WWW-Authenticate": "Bearer"}
            return _error_response(401, "unauthorized", str(exc), headers=headers)
        case GazetteerError():
            _log.error("gazetteer error: %s", exc)
            return _error_response(500, "gazetteer_error", str(exc))
    _log.error("unmapped policykg error: %r", exc)
    return _error_response(500, "internal_error", str(exc))


def shutting_down_response() -> JSONResponse:
    """What a request still running when the server stops gets (instead of uvicorn's 500)."""
    return _error_response(
        503,
        "shutting_down",
        "the server is shutting down; the request was stopped",
        headers={"Retry-After": _RETRY_AFTER_SECONDS},
    )


def _store_unavailable(backend: str, reason: str) -> JSONResponse:
    return _error_response(
        503,
        "store_unavailable",
        f"{backend} store unavailable: {reason}",
        {"backend": backend, "reason": reason},
        headers={"Retry-After": _RETRY_AFTER_SECONDS},
    )


def _allowed(ctx: Mapping[str, Any]) -> list[str]:
    """The allowed values pydantic lists in an enum/literal error: "'A', 'B' or 'C'"."""
    return re.findall(r"'([^']*)'", str(ctx.get("expected", "")))


#: Error bodies stay small whatever the request: at most this many items, each value cut short.
_MAX_ERROR_ITEMS = 20
_MAX_ERROR_TEXT = 200


def _short(text: str) -> str:
    return text if len(text) <= _MAX_ERROR_TEXT else text[: _MAX_ERROR_TEXT - 1] + "…"


def _validation_response(exc: RequestValidationError) -> JSONResponse:
    """422 with the first MAX_ERROR_ITEMS problems; `omitted` counts the rest.

    Args:
        exc: the request's validation error.
    """
    problems = exc.errors()
    errors = []
    for err in problems[:_MAX_ERROR_ITEMS]:
        item: dict[str, Any] = {
            "loc": [_short(str(part)) for part in err.get("loc", ())],
            "msg": _short(str(err.get("msg", ""))),
            "type": err.get("type", ""),
        }
        ctx = err.get("ctx") or {}
        if err.get("type") in ("enum", "literal_error"):
            item["allowed"] = _allowed(ctx)
        elif "allowed" in ctx:
            item["allowed"] = list(ctx["allowed"])
        errors.append(item)
    omitted = len(problems) - len(errors)
    message = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors) or "invalid request"
    if omitted:
        message += f"; and {omitted} more"
    details: dict[str, Any] = {"errors": errors}
    if omitted:
        details["omitted"] = omitted
    return _error_response(422, "validation_error", message, details)


def _http_error_response(exc: StarletteHTTPException) -> JSONResponse:
    """Starlette's HTTP errors (404 of an unknown path, 405 …) in the one error shape.

    Args:
        exc: the HTTP exception.

    Returns:
        The JSON response with the exception's status and headers.
    """
    try:
        phrase = HTTPStatus(exc.status_code).phrase
    except ValueError:
        phrase = "HTTP error"
    code = re.sub(r"[^a-z0-9]+", "_", phrase.lower()).strip("_")
    message = exc.detail if isinstance(exc.detail, str) else phrase
    return _error_response(exc.status_code, code, message, headers=exc.headers)


def to_response(exc: Exception) -> JSONResponse:
    """Any exception that reached the app -> its JSON error answer.

    Args:
        exc: any exception.
    """
    if isinstance(exc, PolicyKGError):
        return _domain_error_response(exc)
    if isinstance(exc, RequestValidationError):
        return _validation_response(exc)
    if isinstance(exc, StarletteHTTPException):
        return _http_error_response(exc)
    if isinstance(exc, _DRIVER_ERRORS):
        # The Neo4j store should raise StoreUnavailable itself; this catches what escapes it.
        _log.warning("neo4j driver error escaped the store: %r", exc)
        return _store_unavailable("neo4j", str(exc) or type(exc).__name__)
    _log.error("unhandled error", exc_info=exc)
    return _error_response(500, "internal_error", "internal server error")


def _driver_errors() -> tuple[type[Exception], ...]:
    try:
        from neo4j.exceptions import ServiceUnavailable, SessionExpired
    except ImportError:  # the driver is a dependency, but the networkx backend needs none
        return ()
    return (ServiceUnavailable, SessionExpired)


_DRIVER_ERRORS = _driver_errors()


def _allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route of the app answers fully on this request's path, sorted.

    Asked of each route through `matches` with the method swapped in, so that routes nested in
    included routers count too.
    """
    allowed = []
    for method in ("DELETE", "GET", "PATCH", "POST", "PUT"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in app.routes):
            allowed.append(method)
    return allowed


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception class we answer for to `to_response`.

    Args:
        app: the app to install them on.
    """

    async def handle(request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, StarletteHTTPException) and exc.status_code == 405:
            # Starlette's Allow names only the first route of the path; a path served by two
            # routers (GET and POST /documents) must list the methods of every route.
            allowed = _allowed_methods(app, request)
            if allowed:
                exc = StarletteHTTPException(405, exc.detail, headers={"Allow": ", ".join(allowed)})
        return to_response(exc)

    for kind in (
        PolicyKGError,
        RequestValidationError,
        StarletteHTTPException,
        *_DRIVER_ERRORS,
        Exception,
    ):
        app.add_exception_handler(kind, handle)
