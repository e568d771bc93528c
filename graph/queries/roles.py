"""Who does what: the tasks an agency has a role in, agencies ranked by it, and the agencies
responsible for the tasks touching an entity.

Roles are the `role` of Task -INVOLVES-> Agency edges (loaders/roles): lead, support,
responsible, guide, joint; `mentioned` is no role. A carry-over note gives an agency a role in
later tasks too (`carried`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from policykg.graph.model import NodeType
from policykg.graph.queries.entities import resolve
from policykg.graph.queries.paging import window
from policykg.graph.queries.reader import GraphReader, RoleRow, TaskFilters
from policykg.graph.queries.tasks import resolve_term
from policykg.graph.results import ROLES, AgencyCount, Page, Role, RoleHit, TaskHit

__all__ = ["agency_rankings", "agency_tasks", "responsible_agencies"]


def agency_tasks(
    reader: GraphReader,
    agency: str,
    roles: Sequence[Role] = (),
    limit: int | None = None,
    offset: int = 0,
) -> Page[RoleHit[TaskHit]]:
    """The tasks in which an agency (id, name or alias) has one of `roles` (any role when
    empty), in document order; a task where it has two roles gives two hits.

    Args:
        reader: the graph to read.
        agency: an agency's id, name or alias.
        roles: only these roles (empty: any).
        limit: page size (None: every task).
        offset: tasks to skip.
    """
    agency_id = resolve(reader, agency, NodeType.AGENCY).id
    rows = [r for r in reader.role_rows([agency_id], None) if not roles or r.role in roles]
    return _page(reader, rows, limit, offset)


def agency_rankings(
    reader: GraphReader, role: Role = "lead", limit: int = 20
) -> tuple[AgencyCount, ...]:
    """Agencies by the number of distinct tasks in which they have `role`, most first, ties
    by id.

    Args:
        reader: the graph to read.
        role: the role counted.
        limit: how many agencies.
    """
    tasks: dict[str, set[str]] = defaultdict(set)
    refs = {}
    for row in reader.role_rows(None, None):
        if row.role == role:
            tasks[row.agency.id].add(row.task)
            refs[row.agency.id] = row.agency
    ranked = sorted(tasks, key=lambda a: (-len(tasks[a]), a))[:limit]
    return tuple(AgencyCount(refs[a], role, len(tasks[a])) for a in ranked)


def responsible_agencies(
    reader: GraphReader, entity: str, expand: str = "narrower"
) -> tuple[AgencyCount, ...]:
    """For the tasks touching an entity (as `policykg tasks --touches`), every agency and role
    with the number of those tasks, most first, then by role order and id.

    Args:
        reader: the graph to read.
        entity: an entity's id, name or alias.
        expand: hierarchy expansion, as for tasks ("narrower", "broader", "both" or "none").
    """
    term = resolve_term(reader, entity, expand)
    if not term.tasks:
        return ()
    tasks: dict[tuple[str, Role], set[str]] = defaultdict(set)
    refs = {}
    for row in reader.role_rows(None, term.tasks):
        tasks[row.agency.id, row.role].add(row.task)
        refs[row.agency.id] = row.agency
    order = sorted(tasks, key=lambda k: (-len(tasks[k]), ROLES.index(k[1]), k[0]))
    return tuple(AgencyCount(refs[a], role, len(tasks[a, role])) for a, role in order)


def _page(
    reader: GraphReader, rows: list[RoleRow], limit: int | None, offset: int
) -> Page[RoleHit[TaskHit]]:
    if not rows:
        return Page(0, limit, offset, ())
    ids = frozenset(r.task for r in rows)
    _, ordered = reader.task_page(ids, TaskFilters(), 0, len(ids))
    rank = {task: i for i, task in enumerate(ordered)}
    rows = sorted(rows, key=lambda r: (rank[r.task], r.span[0], r.carried, ROLES.index(r.role)))
    start, size = window(offset, limit)
    page = rows[start : start + size]
    hits = {h.id: h for h in reader.task_hits(list(dict.fromkeys(r.task for r in page)))}
    return Page(
        len(rows),
        limit,
        offset,
        tuple(RoleHit(hits[r.task], r.agency, r.role, r.carried, r.surface, r.span) for r in page),
    )
