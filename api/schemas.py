"""Response schemas: pydantic at the edge, mirroring graph/results.py and policykg/present.py.

Tasks keep exactly the shape of `policykg.present.task_dict`, so the CLI's `--json` and the
API agree field for field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from policykg.graph.model import NodeType

PropValue = str | int | float | bool | list[str] | None
Span = tuple[int, int]


class EntityType(StrEnum):
    """The entity node types: graph.model.ENTITY_TYPES (tests/api/test_schemas.py checks it)."""

    REGION = "Region"
    POLLUTANT = "Pollutant"
    PROGRAM = "Program"
    AGENCY = "Agency"
    INSTRUMENT = "Instrument"
    SECTOR = "Sector"


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


class Health(BaseModel):
    status: Literal["ok"]
    backend: str
    version: str
    nodes: int
    edges: int
    node_types: dict[str, int]
    edge_types: dict[str, int]
    documents: list[str]


# -- entities ----------------------------------------------------------------------------------


class EntityHitOut(BaseModel):
    id: str = Field(examples=["region:黄河"])
    name: str
    name_en: str
    type: NodeType
    kind: str
    task_count: int


class EntityPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[EntityHitOut]


class RelativeOut(BaseModel):
    id: str
    name: str
    type: NodeType
    rel: str


class EntityDetailOut(BaseModel):
    id: str
    name: str
    type: NodeType
    props: dict[str, PropValue]
    parents: list[RelativeOut]
    children: list[RelativeOut]
    counts: dict[str, int]
    task_count: int


# -- tasks -------------------------------------------------------------------------------------


class Ref(BaseModel):
    id: str
    name: str


class NodeRefOut(BaseModel):
    id: str
    name: str
    type: NodeType


class MatchOut(BaseModel):
    query: str
    match: Literal["direct", "narrower", "broader"]
    via: list[str]


class MentionOut(BaseModel):
    id: str
    name: str
    type: NodeType
    rel: str
    surface: str
    span: Span


class TaskOut(BaseModel):
    """One task, as `policykg.present.task_dict` shapes it."""

    id: str = Field(examples=["task:mee-2026-key-tasks:2.5.1"])
    ordinal: str
    text: str
    document: str
    theme: Ref
    area: Ref
    action_type: str
    verbs: list[str]
    span: Span
    match: Literal["direct", "narrower", "broader"] | None = Field(
        description="The strongest way the task matched the `touches` terms (null if unfiltered)."
    )
    via: list[str] = Field(description="Hierarchy path from the queried entity to the named one.")
    matches: list[MatchOut]
    entities: list[MentionOut]


class TaskPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[TaskOut]


class TaskDetailOut(BaseModel):
    task: TaskOut
    breadcrumb: list[NodeRefOut] = Field(description="document > theme > focus area")


# -- themes ------------------------------------------------------------------------------------


class AreaOut(BaseModel):
    id: str
    ordinal: str
    title: str
    task_count: int


class ThemeOut(BaseModel):
    id: str
    ordinal: str
    title: str
    task_count: int
    areas: list[AreaOut]


class DocumentTreeOut(BaseModel):
    id: str
    title: str
    task_count: int
    themes: list[ThemeOut]


class ThemeTree(BaseModel):
    documents: list[DocumentTreeOut]


# -- graph -------------------------------------------------------------------------------------


class GraphNodeOut(BaseModel):
    """A node with its properties flattened in (as policykg.present.graph_dict gives it)."""

    model_config = ConfigDict(extra="allow")
    id: str
    type: NodeType
    name: str


class GraphEdgeOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    source: str
    target: str
    type: str
    key: str


class Neighborhood(BaseModel):
    depth: int
    limit: int
    truncated: bool = Field(description="True when more nodes were in reach than `limit`.")
    nodes: list[GraphNodeOut]
    edges: list[GraphEdgeOut]


class PathStepOut(BaseModel):
    source: str
    rel: str
    target: str


class PathOut(BaseModel):
    hops: int
    nodes: list[NodeRefOut]
    steps: list[PathStepOut]
    tasks: list[TaskOut] = Field(description="The tasks on the path, in path order.")


# -- analysis ----------------------------------------------------------------------------------


class CellOut(BaseModel):
    row: NodeRefOut
    col: NodeRefOut
    count: int
    task_ids: list[str]


class Cooccurrence(BaseModel):
    rows: EntityType
    cols: EntityType
    total: int
    cells: list[CellOut]


class RankedOut(BaseModel):
    id: str
    name: str
    type: NodeType
    score: float


class Rankings(BaseModel):
    type: EntityType
    by: Literal["tasks", "degree", "betweenness"]
    items: list[RankedOut]


class AgencyTaskOut(BaseModel):
    task: TaskOut
    agency: NodeRefOut
    role: Literal["lead", "support", "responsible", "guide", "joint"]
    carried: bool = Field(description="Given by a carry-over note (以下…不再列出), not named here.")
    surface: str
    span: Span


class AgencyTaskPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[AgencyTaskOut]


class AgencyCountOut(BaseModel):
    agency: NodeRefOut
    role: Literal["lead", "support", "responsible", "guide", "joint"]
    tasks: int


class AgencyCounts(BaseModel):
    role: str | None
    touches: str | None
    items: list[AgencyCountOut]


# -- ask ---------------------------------------------------------------------------------------


class DetectedEntity(BaseModel):
    id: str
    name: str
    type: NodeType
    surface: str
    span: Span = Field(description="Character offsets in the (NFKC-normalised) question.")
    resolved_by: Literal["id", "search"] = Field(
        description="`id`: the extractor's entity id is in the graph; `search`: found by name."
    )


class Answer(BaseModel):
    question: str
    match: Literal["any", "all"]
    entities: list[DetectedEntity]
    unresolved: list[str] = Field(
        description="Names detected in the question but not in the graph."
    )
    total: int
    limit: int
    offset: int
    items: list[TaskOut]


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
    """OpenAPI `responses` entries for these statuses, all in the ErrorResponse shape."""
    return {
        status: {"model": ErrorResponse, "description": ERROR_DESCRIPTIONS[status]}
        for status in statuses
    }


#: What any protected route may answer besides its own errors.
COMMON_ERRORS = (401, 422, 503)
