"""The agency-role facet of task queries: which tasks an agency role keeps.

A researcher asks it two ways, and both are one facet here:

- `roles` alone: tasks in which some agency has one of these roles (`role=lead`: the tasks that
  name a lead agency, whoever it is);
- with `agency`: tasks in which that agency has one of these roles (`agency=生态环境部&role=lead`:
  the tasks it leads), or any role when `roles` is empty.

A role is that of a Task -INVOLVES-> Agency edge (graph.queries.roles); `mentioned` is no role,
so an agency merely named in a task does not pass. The facet narrows the tasks before the other
filters, like `touches`, so task lists, document rankings and timelines all apply it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from policykg.graph.model import GraphData, NodeType, Role
from policykg.graph.queries.entities import resolve
from policykg.graph.queries.reader import GraphReader

__all__ = ["keep_tasks", "role_tasks"]


def role_tasks(
    reader: GraphReader, roles: Sequence[Role], agency: str | None
) -> frozenset[str] | None:
    """The ids of the tasks the facet keeps; None when it keeps every task (no facet asked).

    `role_tasks(reader, ("lead",), None)` keeps the tasks with a lead agency;
    `role_tasks(reader, (), "生态环境部")` those in which 生态环境部 has any role.

    Args:
        reader: the graph to read.
        roles: keep tasks with an agency in one of these roles (empty: any role).
        agency: keep tasks in which this agency (id, name or alias) has such a role (None: any
            agency).
    """
    if not roles and agency is None:
        return None
    agency_id = None if agency is None else resolve(reader, agency, NodeType.AGENCY).id
    wanted = frozenset(roles)
    return reader.cached(
        ("role tasks", wanted, agency_id),
        lambda: frozenset(
            row.task
            for row in reader.role_rows(None if agency_id is None else [agency_id], None)
            if not wanted or row.role in wanted
        ),
    )


def keep_tasks(data: GraphData, center: str, kept: frozenset[str]) -> GraphData:
    """A neighbourhood without the tasks outside `kept` (the centre always stays), and
    without what only those tasks tied to the centre: what is left is connected to it.

    A map filtered by a role shows the tasks that pass and what they name, not the entities
    of the tasks taken away floating on their own.

    Args:
        data: the neighbourhood.
        center: the centre's node id.
        kept: the ids of the tasks the facet keeps.
    """
    gone = {n.id for n in data.nodes if n.type == NodeType.TASK and n.id not in kept}
    gone.discard(center)
    links: dict[str, list[str]] = defaultdict(list)
    for edge in data.edges:
        if edge.source not in gone and edge.target not in gone:
            links[edge.source].append(edge.target)
            links[edge.target].append(edge.source)
    reached = {center}
    frontier = [center]
    while frontier:
        frontier = [n for at in frontier for n in links[at] if n not in reached]
        reached.update(frontier)
    return GraphData.of(
        [n for n in data.nodes if n.id in reached],
        [e for e in data.edges if e.source in reached and e.target in reached],
    )
