"""Roles as graph edges: Task -INVOLVES-> Agency with the role and the span it was read from.

`RoleGraph.of(task_roles(...), …)` turns the roles of a document's tasks (roles/document.py) into
- `role_of(task, start, end)`: the role of an agency mention the entity extractor found;
- `task_props(task)`: the deadlines and targets the task states, properties of its node;
- `nodes` and `edges` for what the entity extractor did not give: INVOLVES edges to agencies that
  only the role reader segmented (交通运输 in 交通运输、…等有关部门), carried roles (keyed
  `carried:<start>`), agencies named by the document (new nodes), relative bodies resolved to the
  jurisdiction (潮州市生态环境局 PART_OF 潮州市人民政府, SEATED_IN 潮州市) and agency classes
  FILLED_BY their bodies (国务院生态环境主管部门 -> 生态环境部).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policykg.graph.model import Edge, Node, NodeType, PropValue, Rel, entity_id, mention_key
from policykg.loaders.gazetteer import Gazetteer
from policykg.loaders.roles.document import TaskRoles
from policykg.loaders.roles.jurisdiction import Jurisdiction, class_body, resolve
from policykg.loaders.roles.model import AgencyRole

__all__ = ["RoleGraph"]


@dataclass
class RoleGraph:
    """The roles of one document's tasks, ready to merge into its graph."""

    roles: dict[tuple[str, int, int], str] = field(default_factory=dict)
    stated: dict[str, dict[str, PropValue]] = field(default_factory=dict)
    targets: dict[tuple[str, int, int], str] = field(default_factory=dict)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def role_of(self, task: str, start: int, end: int) -> str | None:
        """The role of the agency mentioned at start:end in the task, if it has one.

        Args:
            task: the task's id.
            start: where the mention starts.
            end: where the mention ends (exclusive).
        """
        return self.roles.get((task, start, end))

    def task_props(self, task: str) -> dict[str, PropValue]:
        """The deadlines (2025年底前) and targets (…浓度控制在29微克每立方米以下) a task states,
        as printed: properties of its Task node.

        Args:
            task: the task's id.
        """
        return self.stated.get(task) or {"deadlines": [], "targets": []}

    def target_of(self, task: str, start: int, end: int) -> str | None:
        """The body a relative mention resolves to (市生态环境局 -> 潮州市生态环境局), if any.

        Args:
            task: the task's id.
            start: where the mention starts.
            end: where the mention ends (exclusive).
        """
        return self.targets.get((task, start, end))

    @classmethod
    def of(cls, roles: TaskRoles, document: str, gazetteer: Gazetteer) -> RoleGraph:
        """What the graph needs from the roles beyond the entity extractor's mention edges.

        Args:
            roles: what the role extractor found in the document.
            document: the document's id.
            gazetteer: the gazetteer the agencies come from.
        """
        known = {(m.start, m.end) for m in roles.mentions}
        graph = cls()
        agencies = _Agencies(gazetteer, roles.jurisdiction, document)
        for task, unit in zip(roles.ids, roles.found, strict=True):
            graph.stated[task] = {
                "deadlines": [d.surface for d in unit.deadlines],
                "targets": [t.surface for t in unit.targets],
            }
            for role in unit.roles:
                if not role.carried and (role.start, role.end) in known:
                    graph.roles[task, role.start, role.end] = role.role
                    body = agencies.resolved(role)
                    if body is not None:
                        graph.targets[task, role.start, role.end] = body
                    else:
                        agencies.link_class(role.name)
                    continue
                target = agencies.node_for(role)
                graph.edges.append(_involves(task, target, role, document))
        graph.nodes, links = agencies.collected()
        graph.edges += links
        return graph


def _involves(task: str, agency: str, role: AgencyRole, document: str) -> Edge:
    props: dict[str, PropValue] = {
        "document": document,
        "start": role.start,
        "end": role.end,
        "surface": role.surface,
        "role": role.role,
        "carried": role.carried,
    }
    key = f"carried:{role.start}" if role.carried else mention_key(role.start)
    return Edge(task, Rel.INVOLVES, agency, key, props)


class _Agencies:
    """Agency nodes by name: the gazetteer's, else new ones named by the document."""

    def __init__(self, gazetteer: Gazetteer, jurisdiction: Jurisdiction | None, document: str):
        self._gazetteer = gazetteer
        self._jurisdiction = jurisdiction
        self._document = document
        self._new: dict[str, Node] = {}
        self._links: dict[tuple[str, str, str], Edge] = {}

    def node_for(self, role: AgencyRole) -> str:
        """The id of the agency a role names, creating and linking it as needed."""
        body = self.resolved(role)
        if body is not None:
            return body
        return self.link_class(role.name)

    def link_class(self, name: str) -> str:
        """The agency of this name, FILLED_BY its body when it is an agency class."""
        agency = self._id(name, "named")
        filler = class_body(name, self._jurisdiction)
        if filler is not None:
            self._link(agency, Rel.FILLED_BY, self._id(filler, "body"))
        return agency

    def resolved(self, role: AgencyRole) -> str | None:
        """The jurisdiction's body a relative name stands for, linked to its government and
        region; None when the name is not relative."""
        resolved = resolve(role.name, self._jurisdiction)
        if resolved is None:
            return None
        body = self._id(resolved.name, "body")
        government = self._id(resolved.government, "government")
        if body != government:
            self._link(body, Rel.PART_OF, government)
        self._link(body, Rel.SEATED_IN, resolved.region.id)
        self._link(government, Rel.SEATED_IN, resolved.region.id)
        return body

    def collected(self) -> tuple[list[Node], list[Edge]]:
        return list(self._new.values()), list(self._links.values())

    def _id(self, name: str, kind: str) -> str:
        known = self._gazetteer.surface_forms.get(name)
        if known is not None:
            return known
        node_id = entity_id(NodeType.AGENCY, name)
        if node_id not in self._new:
            props: dict[str, PropValue] = {
                "name_en": name,
                "aliases": [],
                "kind": kind,
                "source": f"document:{self._document}",
                "origin": "document",
            }
            self._new[node_id] = Node(node_id, NodeType.AGENCY, name, props)
        return node_id

    def _link(self, source: str, rel: Rel, target: str) -> None:
        self._links.setdefault((source, rel.value, target), Edge(source, rel, target))
