"""The OpenAPI schema, finished with what only the settings know.

Bounds such as the page size come from settings, so routes mark those parameters with
`x-policykg-bound: <setting>` (api/deps.py `bounded`) and this module writes the setting's
value in as `maximum`. Bearer auth is declared only when a token is configured.

Routes that read their query in one pass (api/query_reader.py) declare their parameters in
`openapi_extra`, which FastAPI adds at the end of the operation: they are moved back to where
FastAPI lists declared parameters, and the schemas they refer to (an enum such as
ExportFormat) into the components, so the schema is the same either way.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from policykg.api.deps import BOUND_KEY
from policykg.api.query_reader import COMPONENTS_KEY
from policykg.settings import Settings

__all__ = ["build_openapi"]

_SECURITY_SCHEME = "bearerToken"


def build_openapi(app: FastAPI, settings: Settings) -> dict[str, Any]:
    """The OpenAPI schema with the settings' bounds and, with a token, bearer auth.

    Args:
        app: the application (its schema is built once and kept).
        settings: the bounds and the API token.

    Returns:
        The schema as a dict.
    """
    if app.openapi_schema is None:
        # a copy: the schema holds the routes' openapi_extra dicts, which every app shares
        schema = copy.deepcopy(
            get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
        )
        referred: dict[str, Any] = {}
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                referred.update(operation.pop(COMPONENTS_KEY, {}))
                operations[method] = operation = _parameters_in_place(operation)
                _apply_bounds(operation, settings)
                if settings.api_token is not None and path != "/api/v1/health":
                    operation["security"] = [{_SECURITY_SCHEME: []}]
        if referred:
            components = schema.setdefault("components", {})
            known = {**referred, **components.get("schemas", {})}
            components["schemas"] = dict(sorted(known.items()))
        if settings.api_token is not None:
            components = schema.setdefault("components", {})
            components.setdefault("securitySchemes", {})[_SECURITY_SCHEME] = {
                "type": "http",
                "scheme": "bearer",
                "description": "The value of POLICYKG_API_TOKEN.",
            }
        app.openapi_schema = schema
    return app.openapi_schema


#: The keys FastAPI writes before an operation's parameters.
_BEFORE_PARAMETERS = ("tags", "summary", "description", "operationId", "deprecated")


def _parameters_in_place(operation: dict[str, Any]) -> dict[str, Any]:
    """The operation with `parameters` right after the keys FastAPI writes before them."""
    if "parameters" not in operation:
        return operation
    keys = [k for k in operation if k != "parameters"]
    at = sum(1 for k in keys if k in _BEFORE_PARAMETERS)
    keys.insert(at, "parameters")
    return {k: operation[k] for k in keys}


def _apply_bounds(operation: dict[str, Any], settings: Settings) -> None:
    for param in operation.get("parameters", ()):
        schema = param.get("schema", {})
        setting = schema.pop(BOUND_KEY, None) or param.pop(BOUND_KEY, None)
        if setting is None:
            continue
        maximum = int(getattr(settings, setting))
        branches = [b for b in schema.get("anyOf", ()) if b.get("type") == "integer"]
        for branch in branches or [schema]:
            branch["maximum"] = maximum
