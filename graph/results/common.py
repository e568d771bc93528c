"""The pieces every answer is made of, and the rows a store's reader gives.

Pages, node references, entity hits and details, hierarchy relatives, co-occurrence cells,
agency roles, path steps and graph counts: what the query layer's primitives (graph/queries/reader.py)
return and most answers hold. Field descriptions for the OpenAPI ride along as
`Annotated[…, Described(…)]`, which pydantic reads through its schema hooks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, Literal, TypeVar, get_args

from policykg.graph.model import ENTITY_TYPES, NodeType, PropValue, Role

__all__ = [
    "LEVELS",
    "Cell",
    "Described",
    "EntityDetail",
    "EntityHit",
    "EntityType",
    "Expand",
    "GraphStats",
    "Level",
    "MatchMode",
    "NodeRef",
    "Page",
    "PathStep",
    "RankBy",
    "Ref",
    "Relative",
    "RoleHit",
    "Span",
]

_T = TypeVar("_T")
_TaskT = TypeVar("_TaskT")

#: Character offsets [start, end) in the document (or the question) a text was read from.
Span = tuple[int, int]


Expand = Literal["narrower", "broader", "both", "none"]
Level = Literal["national", "provincial", "prefecture", "county"]
LEVELS: tuple[Level, ...] = get_args(Level)
MatchMode = Literal["any", "all"]
RankBy = Literal["tasks", "degree", "betweenness"]

_ENTITY_VALUES = tuple(t.value for t in ENTITY_TYPES)
_EXPECTED = ", ".join(f"'{v}'" for v in _ENTITY_VALUES[:-1]) + f" or '{_ENTITY_VALUES[-1]}'"


@dataclass(frozen=True)
class Described:
    """The OpenAPI description and examples of a field (pydantic's json-schema hook)."""

    description: str | None = None
    examples: tuple[str, ...] = ()

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        found = dict(handler(schema))
        if self.description is not None:
            found["description"] = self.description
        if self.examples:
            found["examples"] = list(self.examples)
        return found


def _entity_only(value: object) -> object:
    """Let only entity types (graph.model.ENTITY_TYPES) on to NodeType, with the error pydantic
    gives for an enum of just those."""
    if isinstance(value, str) and value in _ENTITY_VALUES:
        return value
    from pydantic_core import PydanticCustomError  # pydantic is loaded: it is validating

    raise PydanticCustomError("enum", "Input should be {expected}", {"expected": _EXPECTED})


class _EntityOnly:
    """EntityType's validation and schema, through pydantic's hooks (as BeforeValidator and
    WithJsonSchema would give them)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(_entity_only, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "string", "enum": list(_ENTITY_VALUES), "title": "EntityType"}


#: A NodeType that must be one of ENTITY_TYPES (the API's `type`, `rows`, `cols` parameters).
EntityType = Annotated[NodeType, _EntityOnly()]


@dataclass(frozen=True)
class Page(Generic[_T]):
    """One page of a longer answer: `total` items in all, `items` from `offset` on."""

    total: int
    limit: int | None
    offset: int
    items: tuple[_T, ...]


@dataclass(frozen=True)
class Ref:
    """A node named in passing: its id and name."""

    id: str
    name: str


@dataclass(frozen=True, order=True)
class NodeRef(Ref):
    """A node named in an answer: id, name and type (ordered by id first)."""

    type: NodeType


@dataclass(frozen=True)
class EntityHit:
    """An entity found by a search, with the number of tasks that name it."""

    id: Annotated[str, Described(examples=("region:黄河",))]
    name: str
    name_en: str
    type: NodeType
    kind: str
    task_count: int


@dataclass(frozen=True)
class Relative(NodeRef):
    """A parent or child in the PART_OF / IS_A hierarchy."""

    rel: str


@dataclass(frozen=True)
class EntityDetail:
    """One entity: its properties, hierarchy parents and children, and its mention counts."""

    id: str
    name: str
    type: NodeType
    props: dict[str, PropValue]
    parents: tuple[Relative, ...]
    children: tuple[Relative, ...]
    counts: dict[str, int]  # mention relation -> number of edges
    task_count: int


@dataclass(frozen=True)
class Cell:
    """One pair of entities named by the same tasks: how many, and which."""

    row: NodeRef
    col: NodeRef
    count: int
    task_ids: tuple[str, ...]


@dataclass(frozen=True)
class RoleHit(Generic[_TaskT]):
    """A task and the role an agency has in it, with the span the role was read from.

    Answers hold the task as a TaskHit; a store's rows (GraphReader.role_rows) hold its id.
    """

    task: _TaskT
    agency: NodeRef
    role: Role
    carried: Annotated[
        bool, Described(description="Given by a carry-over note (以下…不再列出), not named here.")
    ]
    surface: str
    span: Span


@dataclass(frozen=True)
class GraphStats:
    """Node and edge counts by type, their totals and the document ids."""

    nodes: dict[str, int]
    edges: dict[str, int]
    documents: tuple[str, ...] = ()
    node_total: int = field(init=False, default=0)
    edge_total: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "node_total", sum(self.nodes.values()))
        object.__setattr__(self, "edge_total", sum(self.edges.values()))


@dataclass(frozen=True)
class PathStep:
    """One hop of a path: the edge between `source` and `target` (either direction)."""

    source: str
    rel: str
    target: str
