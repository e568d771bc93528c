"""`policykg agencies`: who does what.

policykg agencies                          # agencies ranked by the tasks they lead
policykg agencies --role guide --limit 5   # … by the tasks they guide
policykg agencies --touches 黄河            # every agency and role in the tasks touching 黄河
policykg agencies --tasks 生态环境部 --role lead --role support   # the tasks it leads or supports
"""

from __future__ import annotations

import click

from policykg.cli_support import (
    answers,
    apply_backend,
    count_option,
    emit,
    opened,
    role_option,
)
from policykg.graph.results import AgencyCounts, Role

__all__ = ["agencies_command"]


@click.command("agencies")
@click.option("--tasks", "agency", help="List the tasks of this agency (id, name or alias).")
@click.option("--touches", help="Agencies with a role in the tasks touching this entity.")
@role_option("Role ranked by (default lead), or the roles listed with --tasks (default all).")
@count_option("--limit", default=20)
@answers
def agencies_command(
    ctx: click.Context,
    agency: str | None,
    touches: str | None,
    roles: tuple[Role, ...],
    limit: int,
    backend: str | None,
    as_json: bool,
) -> None:
    """Agencies ranked by tasks with a role, those responsible for an entity's tasks, or the
    tasks of one agency with its role in each."""
    if agency and touches:
        raise click.UsageError("give --tasks or --touches, not both")
    apply_backend(ctx, backend)
    with opened(ctx) as store:
        if agency:
            page = store.agency_tasks(agency, roles, limit)

            def show_tasks() -> None:
                for hit in page.items:
                    mark = " (carried)" if hit.carried else ""
                    click.echo(f"{hit.task.ordinal:<8}{hit.role:<12}{hit.task.text}{mark}")
                click.echo(f"{page.total} role{'' if page.total == 1 else 's'}", err=True)

            emit(page, as_json, show_tasks)
            return
        if touches:
            counts = AgencyCounts(None, touches, store.responsible_agencies(touches)[:limit])
        else:
            role = roles[0] if roles else "lead"
            counts = AgencyCounts(role, None, store.agency_rankings(role, limit))

    def show_counts() -> None:
        for count in counts.items:
            click.echo(f"{count.tasks:>4}  {count.role:<12}{count.agency.name}  {count.agency.id}")

    emit(counts, as_json, show_counts)
