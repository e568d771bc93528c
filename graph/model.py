"""Node and edge types of the policy graph, as frozen dataclasses with deterministic ids.

Every store keeps the same flat shape: a node is (id, type, name, props) and an edge is
(source, type, target, key, props); property values are scalars or lists of strings so that
Neo4j can hold them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, get_args

__all__ = [
    "ENTITY_TYPES",
    "ENTITY_TYPE_VALUES",
    "HIERARCHY_RELS",
    "HIERARCHY_REL_BY_TYPE",
    "HIERARCHY_REL_VALUES",
    "MENTION_RELS",
    "MENTION_REL_BY_TYPE",
    "MENTION_REL_VALUES",
    "ROLES",
    "STRUCTURE_TYPES",
    "UNSTATED_ROLE",
    "Edge",
    "GraphData",
    "Node",
    "NodeType",
    "PropValue",
    "Props",
    "Rel",
    "Role",
    "area_id",
    "document_id",
    "entity_id",
    "mention_key",
    "task_id",
    "theme_id",
]


PropValue = str | int | float | bool | None | list[str]
Props = Mapping[str, PropValue]


class NodeType(StrEnum):
    DOCUMENT = "Document"
    THEME = "Theme"
    FOCUS_AREA = "FocusArea"
    TASK = "Task"
    REGION = "Region"
    POLLUTANT = "Pollutant"
    PROGRAM = "Program"
    AGENCY = "Agency"
    INSTRUMENT = "Instrument"
    SECTOR = "Sector"


STRUCTURE_TYPES: tuple[NodeType, ...] = (
    NodeType.DOCUMENT,
    NodeType.THEME,
    NodeType.FOCUS_AREA,
    NodeType.TASK,
)
ENTITY_TYPES: tuple[NodeType, ...] = (
    NodeType.REGION,
    NodeType.POLLUTANT,
    NodeType.PROGRAM,
    NodeType.AGENCY,
    NodeType.INSTRUMENT,
    NodeType.SECTOR,
)


class Rel(StrEnum):
    HAS_THEME = "HAS_THEME"  # Document -> Theme
    HAS_AREA = "HAS_AREA"  # Theme -> FocusArea
    HAS_TASK = "HAS_TASK"  # FocusArea -> Task
    PUBLISHED_BY = "PUBLISHED_BY"  # Document -> Agency
    ISSUED_BY = "ISSUED_BY"  # Document -> Agency (props: role issuer / co_signer)
    MENTIONS = "MENTIONS"  # Document/Theme/FocusArea -> entity named outside any task
    TOUCHES = "TOUCHES"  # Task -> Region
    TARGETS = "TARGETS"  # Task -> Pollutant
    ADVANCES = "ADVANCES"  # Task -> Program
    INVOLVES = "INVOLVES"  # Task -> Agency (props: role)
    CITES = "CITES"  # Task -> Instrument (mentioned, neither drafted nor revised)
    DRAFTS = "DRAFTS"  # Task -> Instrument (制定, 编制, 出台 …)
    REVISES = "REVISES"  # Task -> Instrument (修订, 修改, 制修订 …)
    CONCERNS = "CONCERNS"  # Task -> Sector
    FILLED_BY = (
        "FILLED_BY"  # Agency class (国务院生态环境主管部门) -> the body filling it (生态环境部)
    )
    SEATED_IN = "SEATED_IN"  # Agency -> Region whose body it is (潮州市生态环境局 -> 潮州市)
    PART_OF = "PART_OF"  # Region/Program/Agency/Sector -> broader one
    IS_A = "IS_A"  # Pollutant -> broader group


#: Task -> entity relations; each such edge carries provenance (document, start, end, surface).
MENTION_RELS: frozenset[Rel] = frozenset(
    {
        Rel.TOUCHES,
        Rel.TARGETS,
        Rel.ADVANCES,
        Rel.INVOLVES,
        Rel.CITES,
        Rel.DRAFTS,
        Rel.REVISES,
        Rel.CONCERNS,
    }
)
#: Entity -> broader entity relations; "narrower" and "broader" matches walk these.
HIERARCHY_RELS: frozenset[Rel] = frozenset({Rel.PART_OF, Rel.IS_A})

#: The names of these types and relations, as the stores keep them in their data.
ENTITY_TYPE_VALUES: frozenset[str] = frozenset(t.value for t in ENTITY_TYPES)
MENTION_REL_VALUES: frozenset[str] = frozenset(r.value for r in MENTION_RELS)
HIERARCHY_REL_VALUES: frozenset[str] = frozenset(r.value for r in HIERARCHY_RELS)

#: The default mention relation of each entity type (Instrument is refined by the verb).
MENTION_REL_BY_TYPE: Mapping[NodeType, Rel] = {
    NodeType.REGION: Rel.TOUCHES,
    NodeType.POLLUTANT: Rel.TARGETS,
    NodeType.PROGRAM: Rel.ADVANCES,
    NodeType.AGENCY: Rel.INVOLVES,
    NodeType.INSTRUMENT: Rel.CITES,
    NodeType.SECTOR: Rel.CONCERNS,
}
#: The role of an INVOLVES edge whose text names the agency but states no duty for it.
UNSTATED_ROLE = "mentioned"
#: The roles an agency has in a task, as the role extractor reads them: lead (牵头), support
#: (参与, 配合, 按职责分工负责), responsible (负责落实, 主管部门应当…), guide (指导), joint (会同, 商).
Role = Literal["lead", "support", "responsible", "guide", "joint"]
ROLES: tuple[Role, ...] = get_args(Role)

HIERARCHY_REL_BY_TYPE: Mapping[NodeType, Rel] = {
    NodeType.REGION: Rel.PART_OF,
    NodeType.POLLUTANT: Rel.IS_A,
    NodeType.PROGRAM: Rel.PART_OF,
    NodeType.AGENCY: Rel.PART_OF,
    NodeType.INSTRUMENT: Rel.PART_OF,
    NodeType.SECTOR: Rel.PART_OF,
}


@dataclass(frozen=True)
class Node:
    """A node: `id` is stable across builds, `name` is what people read."""

    id: str
    type: NodeType
    name: str
    props: Props = field(default_factory=dict, compare=True, hash=False)

    def get(self, key: str, default: PropValue = None) -> PropValue:
        """A property's value, as dict.get.

        Args:
            key: the property's name.
            default: what to give when the node has no such property.
        """
        return self.props.get(key, default)


@dataclass(frozen=True)
class Edge:
    """A directed, typed edge; `key` separates two mentions of one entity in one task."""

    source: str
    type: Rel
    target: str
    key: str = ""
    props: Props = field(default_factory=dict, compare=True, hash=False)

    @property
    def ident(self) -> tuple[str, str, str, str]:
        return (self.source, self.type.value, self.target, self.key)


@dataclass(frozen=True)
class GraphData:
    """A batch of nodes and edges: what loaders produce and stores write."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    @classmethod
    def of(cls, nodes: Iterable[Node], edges: Iterable[Edge]) -> GraphData:
        """Deduplicate by id (last one wins) and order deterministically.

        Args:
            nodes: the nodes, duplicates allowed.
            edges: the edges, duplicates (same ident) allowed.
        """
        node_map = {n.id: n for n in nodes}
        edge_map = {e.ident: e for e in edges}
        return cls(
            nodes=tuple(node_map[k] for k in sorted(node_map)),
            edges=tuple(edge_map[k] for k in sorted(edge_map)),
        )

    def dangling_edges(self) -> list[Edge]:
        """Edges whose source or target is not among the nodes (should be none)."""
        ids = {n.id for n in self.nodes}
        return [e for e in self.edges if e.source not in ids or e.target not in ids]


# -- deterministic ids ---------------------------------------------------------------------


def document_id(slug: str) -> str:
    """The id of a document.

    Args:
        slug: the document's stable slug.

    Returns:
        doc:<slug>
    """
    return f"doc:{slug}"


def theme_id(slug: str, theme: int) -> str:
    """The id of a theme.

    Args:
        slug: the document's slug.
        theme: the theme's number (1 = 一).

    Returns:
        theme:<slug>:<theme>
    """
    return f"theme:{slug}:{theme}"


def area_id(slug: str, theme: int, area: int) -> str:
    """The id of a focus area.

    Args:
        slug: the document's slug.
        theme: the theme's number.
        area: the area's number within the theme.

    Returns:
        area:<slug>:<theme>.<area>
    """
    return f"area:{slug}:{theme}.{area}"


def task_id(slug: str, theme: int, area: int, task: int) -> str:
    """The id of a task.

    Args:
        slug: the document's slug.
        theme: the theme's number.
        area: the area's number within the theme.
        task: the task's number within the area.

    Returns:
        task:<slug>:<theme>.<area>.<task>
    """
    return f"task:{slug}:{theme}.{area}.{task}"


def entity_id(node_type: NodeType, key: str) -> str:
    """`key` is a code where one exists (an adcode), else the canonical Chinese name.

    Args:
        node_type: the entity's type.
        key: a code where one exists (an adcode), else the canonical Chinese name.
    """
    return f"{node_type.value.lower()}:{key}"


def mention_key(start: int) -> str:
    """The key that keeps two mentions of one entity in one task apart.

    Args:
        start: the mention's start offset.

    Returns:
        The offset as text.
    """
    return str(start)
