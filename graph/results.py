"""What queries return: plain frozen dataclasses that both stores fill the same way.

These are the one result model: the API declares them as its response models and the CLI's
`--json` prints them through the same serialiser (policykg.present.to_json), so field names
here are the JSON names. Field descriptions for the OpenAPI ride along as
`Annotated[…, Described(…)]`, which pydantic reads through its schema hooks: this module does not
import pydantic, so that a command that prints results does not pay for loading it.

Ordering rules (both stores follow them; tests/golden_answers checks it on both):
- tasks come in document order: (document id, seq);
- entity search ranks exact > prefix > substring, then more tasks first, then id;
- every list without a natural order is sorted by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Generic, Literal, TypeVar, cast, get_args

from typing_extensions import TypedDict  # pydantic reads TypedDicts from here before 3.12

from policykg.errors import InvalidQuery
from policykg.graph.model import ENTITY_TYPES, ROLES, GraphData, NodeType, PropValue, Role

T = TypeVar("T")
TaskT = TypeVar("TaskT")

#: Character offsets [start, end) in the document (or the question) a text was read from.
Span = tuple[int, int]


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
class Page(Generic[T]):
    """One page of a longer answer: `total` items in all, `items` from `offset` on."""

    total: int
    limit: int | None
    offset: int
    items: tuple[T, ...]


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
class Mention(NodeRef):
    """One entity named by a task, with its provenance."""

    rel: str
    surface: str
    span: Span


@dataclass(frozen=True)
class Match:
    """How a task answers one `touches` term (`query`): kind and the hierarchy path walked.

    `via` runs from the queried entity to the entity the task names: [黄河流域, 黄河中下游].
    """

    query: str
    match: MatchKind
    via: tuple[str, ...]


@dataclass(frozen=True)
class DocumentRef:
    """What a task item says about its document; `date` is graph.assemble.document_date's."""

    id: str
    title: str
    kind: str | None
    level: str | None
    date: str | None

    @property
    def year(self) -> int | None:
        return None if self.date is None else int(self.date[:4])


#: The document facets every task and document query takes, by the name the CLI (--name) and
#: the API (?name=) give them, with what they mean; DocumentFacets.of reads them.
FACET_HELP: dict[str, str] = {
    "document": "Only tasks of this document (id). Repeatable.",
    "kind": "Document kind: law, regulation, judicial interpretation, plan, notice, decision, "
    "key-task list … Repeatable.",
    "level": "Document level: national, provincial, prefecture, county. Repeatable.",
    "issuer": "Part of the name of a document's issuer or co-signer (国务院 also gives "
    "国务院办公厅).",
    "year": "The year of the document's date: 2020, or a range 2020..2026, 2020.., ..2026.",
}


@dataclass(frozen=True)
class DocumentFacets:
    """Which documents a query looks at; every facet left empty keeps every document.

    Attributes:
        documents: document ids (any of them).
        kinds: document kinds such as law, regulation, notice (any of them).
        levels: national, provincial, prefecture, county (any of them).
        issuer: part of the name of an issuer or co-signer (国务院 also keeps 国务院办公厅).
        years: the first and last year of the document's date (either may be None: open);
            a document without a date is left out when a year is asked for.
    """

    documents: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    issuer: str | None = None
    years: tuple[int | None, int | None] = (None, None)

    @property
    def empty(self) -> bool:
        return self == DocumentFacets()

    @classmethod
    def of(
        cls,
        documents: Iterable[str] = (),
        kinds: Iterable[str] = (),
        levels: Iterable[str] = (),
        issuer: str | None = None,
        year: str | None = None,
    ) -> DocumentFacets:
        """The one way the CLI and the API turn their document options into facets.

        Args:
            documents: document ids.
            kinds: document kinds.
            levels: document levels (national, provincial, prefecture, county).
            issuer: part of an issuer's name ("" means no filter).
            year: "2020", "2020..2026", "2020.." or "..2026" ("" means no filter).

        >>> DocumentFacets.of(year="2018..2020").years
        (2018, 2020)
        >>> DocumentFacets.of(levels=["provincial"], year="..2019").years
        (None, 2019)
        """
        bad = sorted(set(levels) - set(LEVELS))
        if bad:
            raise InvalidQuery(f"unknown level {bad[0]!r}: one of {', '.join(LEVELS)}")
        return cls(
            documents=tuple(dict.fromkeys(documents)),
            kinds=tuple(dict.fromkeys(kinds)),
            levels=tuple(dict.fromkeys(levels)),
            issuer=issuer or None,
            years=year_range(year) if year else (None, None),
        )


def year_range(text: str) -> tuple[int | None, int | None]:
    """ "2020" -> (2020, 2020); "2020..2026", "2020.." and "..2026" as ranges.

    Args:
        text: a year or a range of years as typed; anything else raises InvalidQuery.

    >>> year_range("2020..2026"), year_range("..2026")
    ((2020, 2026), (None, 2026))
    """
    first, sep, last = text.strip().partition("..")
    if not sep:
        last = first
    try:
        span = (int(first) if first.strip() else None, int(last) if last.strip() else None)
    except ValueError:
        raise InvalidQuery(f"year {text!r}: a year (2020) or a range (2020..2026)") from None
    if span == (None, None) or any(y is not None and not 1000 <= y <= 9999 for y in span):
        raise InvalidQuery(f"year {text!r}: a year (2020) or a range (2020..2026)")
    if span[0] is not None and span[1] is not None and span[0] > span[1]:
        raise InvalidQuery(f"year {text!r}: the first year is after the last")
    return span


@dataclass(frozen=True)
class TaskHit:
    """One task: its sentence and place, the entities it names and how it matched the query."""

    id: Annotated[str, Described(examples=("task:mee-2026-key-tasks:2.5.1",))]
    ordinal: str
    text: str
    document: DocumentRef
    theme: Ref
    area: Ref
    action_type: str
    verbs: tuple[str, ...]
    span: Span
    entities: tuple[Mention, ...]
    matches: tuple[Match, ...] = ()
    match: Annotated[
        MatchKind | None,
        Described(
            description="The strongest way the task matched the `touches` terms "
            "(null if unfiltered)."
        ),
    ] = field(init=False, default=None)
    via: Annotated[
        tuple[str, ...],
        Described(description="Hierarchy path from the queried entity to the named one."),
    ] = field(init=False, default=())

    def __post_init__(self) -> None:
        # derived once here, so that every serialiser sees them as plain fields
        best = min(self.matches, key=_strength, default=None)
        object.__setattr__(self, "match", best.match if best else None)
        object.__setattr__(self, "via", best.via if best else ())


def _strength(m: Match) -> tuple[int, int]:
    return (MATCH_RANK[m.match], len(m.via))


@dataclass(frozen=True)
class TaskQuery:
    """What GET /tasks and `policykg tasks` ask: the entities touched, filters and one page."""

    touches: tuple[str, ...] = ()
    match: MatchMode = "any"
    expand: Expand = "narrower"
    theme: int | None = None
    area: str | None = None  # an ordinal such as "2.1" or a FocusArea id
    action_type: str | None = None
    text: str | None = None  # substring of the task sentence
    limit: int | None = None
    offset: int = 0
    facets: DocumentFacets = DocumentFacets()
    roles: tuple[Role, ...] = ()  # only tasks in which an agency has one of these roles
    agency: str | None = None  # only tasks in which this agency has a role (one of `roles`)

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
        facets: DocumentFacets = DocumentFacets(),
        roles: Iterable[Role] = (),
        agency: str | None = None,
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
            facets: only tasks of these documents (DocumentFacets.of).
            roles: only tasks in which an agency (`agency`, else any) has one of these roles
                (graph.queries.role_facet).
            agency: only tasks in which this agency (id, name or alias) has a role.

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
            facets=facets,
            roles=tuple(dict.fromkeys(roles)),
            agency=agency or None,
        )


@dataclass(frozen=True)
class TaskDetail:
    """One task in context: the task, its breadcrumb, and the deadlines and targets it states."""

    task: TaskHit
    breadcrumb: Annotated[
        tuple[NodeRef, ...], Described(description="document > theme > focus area")
    ]
    deadlines: Annotated[
        tuple[str, ...],
        Described(description="Deadlines the task states, as printed (2025年底前)."),
    ] = ()
    targets: Annotated[
        tuple[str, ...],
        Described(
            description="Quantified targets it states, as printed (秸秆综合利用率达到85%以上)."
        ),
    ] = ()


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
class AreaCount:
    """A unit of a document's outline and the number of tasks under it."""

    id: str
    ordinal: str
    title: str
    task_count: int


@dataclass(frozen=True)
class ThemeCount(AreaCount):
    """A theme counted as its focus areas are, with them inside it."""

    areas: tuple[AreaCount, ...]


@dataclass(frozen=True)
class DocumentTree:
    """A document's themes and focus areas in document order, with task counts."""

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
class Cell:
    """One pair of entities named by the same tasks: how many, and which."""

    row: NodeRef
    col: NodeRef
    count: int
    task_ids: tuple[str, ...]


@dataclass(frozen=True)
class Ranked(NodeRef):
    """A node and its score in a ranking."""

    score: float


@dataclass(frozen=True)
class RoleHit(Generic[TaskT]):
    """A task and the role an agency has in it, with the span the role was read from.

    Answers hold the task as a TaskHit; a store's rows (GraphReader.role_rows) hold its id.
    """

    task: TaskT
    agency: NodeRef
    role: Role
    carried: Annotated[
        bool, Described(description="Given by a carry-over note (以下…不再列出), not named here.")
    ]
    surface: str
    span: Span


@dataclass(frozen=True)
class AgencyCount:
    """An agency and the number of distinct tasks in which it has a role."""

    agency: NodeRef
    role: Role
    tasks: int


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


# -- answers: a result with the question it answers ---------------------------------------------


@dataclass(frozen=True)
class ThemeTree:
    """Every document's theme tree, documents in id order."""

    documents: tuple[DocumentTree, ...]


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


__all__ = [
    "FACET_HELP",
    "LEVELS",
    "ROLES",
    "AgencyCount",
    "AgencyCounts",
    "AreaCount",
    "Cell",
    "Cooccurrence",
    "DocumentFacets",
    "DocumentRef",
    "DocumentTree",
    "EntityDetail",
    "EntityHit",
    "EntityType",
    "Expand",
    "GraphData",
    "GraphStats",
    "Level",
    "Match",
    "MatchKind",
    "MatchMode",
    "Mention",
    "Neighborhood",
    "NodeRef",
    "Page",
    "PathResult",
    "PathStep",
    "RankBy",
    "Ranked",
    "Rankings",
    "Ref",
    "Relative",
    "Role",
    "RoleHit",
    "Span",
    "TaskDetail",
    "TaskHit",
    "TaskQuery",
    "ThemeCount",
    "ThemeTree",
    "year_range",
]
