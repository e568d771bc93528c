"""Answers about the graph as a whole: paths, neighbourhoods, co-occurrence tables, rankings
and agencies' roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, cast

from typing_extensions import TypedDict  # pydantic reads TypedDicts from here before 3.12

from policykg.graph.model import GraphData, NodeType, Role
from policykg.graph.results.common import (
    Cell,
    Described,
    EntityType,
    NodeRef,
    PathStep,
    RankBy,
)
from policykg.graph.results.tasks import TaskHit

__all__ = [
    "AgencyCount",
    "AgencyCounts",
    "Cooccurrence",
    "GraphEdgeOut",
    "GraphNodeOut",
    "Neighborhood",
    "PathResult",
    "Ranked",
    "Rankings",
]


@dataclass(frozen=True)
class PathResult:
    """The shortest path between two entities: its nodes, its hops and the tasks on it."""

    nodes: tuple[NodeRef, ...]
    steps: tuple[PathStep, ...]
    tasks: Annotated[
        tuple[TaskHit, ...], Described(description="The tasks on the path, in path order.")
    ] = ()
    hops: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hops", len(self.steps))


@dataclass(frozen=True)
class Ranked(NodeRef):
    """A node and its score in a ranking."""

    score: float


@dataclass(frozen=True)
class AgencyCount:
    """An agency and the number of distinct tasks in which it has a role."""

    agency: NodeRef
    role: Role
    tasks: int


class GraphNodeOut(TypedDict):
    """A node as JSON: id, type and name, with its properties flattened in."""

    __pydantic_config__ = {"extra": "allow"}  # type: ignore[misc]  # noqa: RUF012 (ConfigDict)
    id: str
    type: str
    name: str


class GraphEdgeOut(TypedDict):
    """An edge as JSON: source, target, type and key, with its properties flattened in."""

    __pydantic_config__ = {"extra": "allow"}  # type: ignore[misc]  # noqa: RUF012 (ConfigDict)
    source: str
    target: str
    type: str
    key: str


@dataclass(frozen=True)
class Neighborhood:
    """The nodes within `depth` hops of a centre, at most `limit` of them, and their edges."""

    depth: int
    limit: int
    truncated: Annotated[
        bool, Described(description="True when more nodes were in reach than `limit`.")
    ]
    nodes: tuple[GraphNodeOut, ...]
    edges: tuple[GraphEdgeOut, ...]

    @classmethod
    def of(cls, depth: int, limit: int, truncated: bool, data: GraphData) -> Neighborhood:
        """The neighbourhood `data` with properties flattened in (a document's text left out).

        Args:
            depth: hops from the centre that were walked.
            limit: the most nodes asked for.
            truncated: whether more nodes were in reach than `limit`.
            data: the nodes and edges found.

        Returns:
            The answer as the API sends it.
        """
        nodes = tuple(
            cast(
                GraphNodeOut,
                {
                    "id": n.id,
                    "type": n.type.value,
                    "name": n.name,
                    **{
                        k: v
                        for k, v in n.props.items()
                        if (n.type, k) != (NodeType.DOCUMENT, "text")
                    },
                },
            )
            for n in data.nodes
        )
        edges = tuple(
            cast(
                GraphEdgeOut,
                {
                    "source": e.source,
                    "target": e.target,
                    "type": e.type.value,
                    "key": e.key,
                    **e.props,
                },
            )
            for e in data.edges
        )
        return cls(depth, limit, truncated, nodes, edges)


@dataclass(frozen=True)
class Cooccurrence:
    """The table of entity pairs (rows x cols) named by the same tasks, most frequent first."""

    rows: EntityType
    cols: EntityType
    total: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Rankings:
    """Entities of one type ranked by `by`, highest score first."""

    type: EntityType
    by: RankBy
    items: tuple[Ranked, ...]


@dataclass(frozen=True)
class AgencyCounts:
    """Agencies ranked by tasks with `role`, or (with `touches`) those with a role in the
    tasks touching an entity."""

    role: Role | None
    touches: str | None
    items: tuple[AgencyCount, ...]
