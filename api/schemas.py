"""What only the API answers: its errors, its health and its export formats.

Query answers are the dataclasses of graph/results/, declared directly as response models.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = [
    "COMMON_ERRORS",
    "ERROR_DESCRIPTIONS",
    "ErrorDetail",
    "ErrorResponse",
    "ExportFormat",
    "Health",
    "error_responses",
]


class ExportFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CSV = "csv"


# -- errors ------------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    code: str = Field(examples=["entity_not_found"])
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorResponse(BaseModel):
    """The one error shape of every non-2xx answer."""

    error: ErrorDetail


# -- health ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Health:
    status: Literal["ok"]
    backend: str
    version: str
    nodes: int
    edges: int
    node_types: dict[str, int]
    edge_types: dict[str, int]
    documents: tuple[str, ...]


# -- documented error answers ------------------------------------------------------------------

ERROR_DESCRIPTIONS = {
    401: "Missing or wrong bearer token (only when POLICYKG_API_TOKEN is set).",
    404: "Unknown entity (details.suggestions lists close names) or node id.",
    409: "Ambiguous entity name (details.candidates lists the entities it could mean).",
    422: "Invalid parameter: unknown value (details.errors[].allowed), bound exceeded, bad query.",
    413: "The answer would exceed POLICYKG_MAX_NODES or POLICYKG_MAX_EDGES: ask for less.",
    503: "The graph store is unavailable, or the request used up its time budget.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these statuses, all in the ErrorResponse shape.

    Args:
        statuses: the HTTP statuses a route may answer with.
    """
    return {
        status: {"model": ErrorResponse, "description": ERROR_DESCRIPTIONS[status]}
        for status in statuses
    }


#: What any protected route may answer besides its own errors.
COMMON_ERRORS = (401, 422, 503)
