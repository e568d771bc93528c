"""What queries return: plain frozen dataclasses that both stores fill the same way.

Ordering rules (both stores follow them, the contract suite checks it):
- tasks come in document order: (document id, seq);
- entity search ranks exact > prefix > substring, then more tasks first, then id;
- every list without a natural order is sorted by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, Literal, TypeVar

from policykg.graph.model import GraphData, NodeType, PropValue

T = TypeVar("T")


class MatchKind(StrEnum):
    DIRECT = "direct"  # the task names the entity itself
    NARROWER = "narrower"  # the task names something PART_OF / IS_A below it
    BROADER = "broader"  # the task names something it belongs to


MATCH_RANK: dict[MatchKind, int] = {
    MatchKind.DIRECT: 0,
    MatchKind.NARROWER: 1,
    MatchKind.BROADER: 2,
}

Expand = Literal["narrower", "broader", "both", "none"]
MatchMode = Literal["any", "all"]
RankBy = Literal["tasks", "degree", "betweenness"]


@dataclass(frozen=True)
class Page(Generic[T]):
    total: int
    items: tuple[T, ...]


@dataclass(frozen=True)
class Mention:
    """One entity named by a task, with its provenance."""

    entity_id: str
    name: str
    type: NodeType
    rel: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Match:
    """How a task answers one `touches` term: kind and the hierarchy path walked.

    `via` runs from the queried entity to the entity the task names: [黄河流域, 黄河中下游].
    """

    query_id: str
    kind: MatchKind
    via: tuple[str, ...]


@dataclass(frozen=True)
class NodeRef:
    id: str
    name: str
    type: NodeType


@dataclass(frozen=True)
class TaskHit:
    id: str
    text: str
    ordinal: str
    document: str
    theme: NodeRef
    area: NodeRef
    action_type: str
    verbs: tuple[str, ...]
    start: int
    end: int
    mentions: tuple[Mention, ...]
    matches: tuple[Match, ...] = ()

    @property
    def match(self) -> MatchKind | None:
        """The strongest way this task matched (None for an unfiltered listing)."""
        if not self.matches:
            return None
        return min((m.kind for m in self.matches), key=MATCH_RANK.__getitem__)


@dataclass(frozen=True)
class TaskQuery:
    touches: tuple[str, ...] = ()
    match: MatchMode = "any"
    expand: Expand = "narrower"
    theme: int | None = None
    area: str | None = None  # an ordinal such as "2.1" or a FocusArea id
    action_type: str | None = None
    text: str | None = None  # substring of the task sentence
    limit: int | None = None
    offset: int = 0

    @classmethod
    def of(
        cls,
        touches: Iterable[str] = (),
        *,
        match: MatchMode = "any",
        expand: Expand | None = None,
        broader: bool = False,
        theme: int | None = None,
        area: str | None = None,
        action_type: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> TaskQuery:
        """The one way the CLI, the API and /ask turn their parameters into a query.

        Args:
            touches: entity ids, names, English names or aliases.
            match: "any" keeps tasks matching one term, "all" those matching every term.
            expand: hierarchy expansion; None: "both" with `broader`, else "narrower".
            broader: also tasks on what the entities belong to (河北 -> 京津冀).
            theme: a theme number (1 = 一).
            area: a focus area ordinal ("2.1") or id.
            action_type: rule-making, implementation …
            text: a substring of the task sentence ("" means no filter).
            limit: page size (None: every task from `offset` on).
            offset: tasks to skip.

        >>> TaskQuery.of(["河北"], broader=True).expand
        'both'
        """
        return cls(
            touches=tuple(touches),
            match=match,
            expand=expand or ("both" if broader else "narrower"),
            theme=theme,
            area=area,
            action_type=action_type,
            text=text or None,
            limit=limit,
            offset=offset,
        )


@dataclass(frozen=True)
class TaskDetail:
    hit: TaskHit
    breadcrumb: tuple[NodeRef, ...]  # document > theme > focus area


@dataclass(frozen=True)
class EntityHit:
    id: str
    name: str
    name_en: str
    type: NodeType
    kind: str
    task_count: int


@dataclass(frozen=True)
class Relative:
    """A parent or child in the PART_OF / IS_A hierarchy."""

    id: str
    name: str
    type: NodeType
    rel: str


@dataclass(frozen=True)
class EntityDetail:
    id: str
    name: str
    type: NodeType
    props: dict[str, PropValue]
    parents: tuple[Relative, ...]
    children: tuple[Relative, ...]
    counts: dict[str, int]  # mention relation -> number of edges
    task_count: int


@dataclass(frozen=True)
class AreaCount:
    id: str
    ordinal: str
    title: str
    task_count: int


@dataclass(frozen=True)
class ThemeCount:
    id: str
    ordinal: str
    title: str
    task_count: int
    areas: tuple[AreaCount, ...]


@dataclass(frozen=True)
class DocumentTree:
    id: str
    title: str
    task_count: int
    themes: tuple[ThemeCount, ...]


@dataclass(frozen=True)
class PathStep:
    """One hop of a path: the edge between `source` and `target` (either direction)."""

    source: str
    rel: str
    target: str


@dataclass(frozen=True)
class PathResult:
    nodes: tuple[NodeRef, ...]
    steps: tuple[PathStep, ...]


@dataclass(frozen=True)
class Cell:
    row: NodeRef
    col: NodeRef
    count: int
    task_ids: tuple[str, ...]


@dataclass(frozen=True)
class Ranked:
    id: str
    name: str
    type: NodeType
    score: float


@dataclass(frozen=True)
class RoleHit:
    """A task and the role an agency has in it, with the span the role was read from."""

    task: TaskHit
    agency: NodeRef
    role: str
    carried: bool
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class AgencyCount:
    """An agency and the number of distinct tasks in which it has a role."""

    agency: NodeRef
    role: str
    tasks: int


@dataclass(frozen=True)
class GraphStats:
    nodes: dict[str, int]
    edges: dict[str, int]
    documents: tuple[str, ...] = field(default=())

    @property
    def node_total(self) -> int:
        return sum(self.nodes.values())

    @property
    def edge_total(self) -> int:
        return sum(self.edges.values())


__all__ = [
    "AreaCount",
    "Cell",
    "DocumentTree",
    "EntityDetail",
    "EntityHit",
    "GraphData",
    "GraphStats",
    "Match",
    "MatchKind",
    "Mention",
    "NodeRef",
    "Page",
    "PathResult",
    "PathStep",
    "RankBy",
    "Ranked",
    "Relative",
    "TaskDetail",
    "TaskHit",
    "TaskQuery",
    "ThemeCount",
]
