"""What queries return: plain frozen dataclasses that both stores fill the same way.

These are the one result model: the API declares them as its response models and the CLI's
`--json` prints them through the same serialiser (policykg.present.to_json), so field names
here are the JSON names. Field descriptions for the OpenAPI ride along as
`Annotated[…, Described(…)]`, which pydantic reads through its schema hooks: no module here
imports pydantic, so that a command that prints results does not pay for loading it.

The classes live in modules by what asks for them, and this package hands each out when it
is first asked for (PEP 562), so that a task query does not build the dataclasses of rankings,
paths and outlines (each generated method is compiled at import):

```
common    Page, Ref, NodeRef, Relative, EntityHit, EntityDetail, Cell, RoleHit, PathStep, …
tasks     TaskQuery, DocumentFacets, TaskHit, Mention, Match, DocumentRef, TaskDetail, …
outline   AreaCount, ThemeCount, DocumentTree, ThemeTree
analysis  PathResult, Neighborhood, Cooccurrence, Rankings, Ranked, AgencyCount(s)
```

Ordering rules (both stores follow them; tests/golden_answers checks it on both):
- tasks come in document order: (document id, seq);
- entity search ranks exact > prefix > substring, then more tasks first, then id;
- every list without a natural order is sorted by id.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from policykg.graph.model import ROLES, GraphData, Role

if TYPE_CHECKING:
    from policykg.graph.results.analysis import (
        AgencyCount,
        AgencyCounts,
        Cooccurrence,
        GraphEdgeOut,
        GraphNodeOut,
        Neighborhood,
        PathResult,
        Ranked,
        Rankings,
    )
    from policykg.graph.results.common import (
        LEVELS,
        Cell,
        Described,
        EntityDetail,
        EntityHit,
        EntityType,
        Expand,
        GraphStats,
        Level,
        MatchMode,
        NodeRef,
        Page,
        PathStep,
        RankBy,
        Ref,
        Relative,
        RoleHit,
        Span,
    )
    from policykg.graph.results.outline import AreaCount, DocumentTree, ThemeCount, ThemeTree
    from policykg.graph.results.tasks import (
        FACET_HELP,
        MATCH_RANK,
        DocumentFacets,
        DocumentRef,
        Match,
        MatchKind,
        Mention,
        TaskDetail,
        TaskHit,
        TaskQuery,
        year_range,
    )

__all__ = [
    "FACET_HELP",
    "LEVELS",
    "MATCH_RANK",
    "ROLES",
    "AgencyCount",
    "AgencyCounts",
    "AreaCount",
    "Cell",
    "Cooccurrence",
    "Described",
    "DocumentFacets",
    "DocumentRef",
    "DocumentTree",
    "EntityDetail",
    "EntityHit",
    "EntityType",
    "Expand",
    "GraphData",
    "GraphEdgeOut",
    "GraphNodeOut",
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


#: Where each name above is defined: the module of this package whose `__all__` lists it.
_HOME: dict[str, str] = {
    name: module
    for module, names in (
        (
            "common",
            "LEVELS Cell Described EntityDetail EntityHit EntityType Expand GraphStats Level "
            "MatchMode NodeRef Page PathStep RankBy Ref Relative RoleHit Span",
        ),
        (
            "tasks",
            "FACET_HELP MATCH_RANK DocumentFacets DocumentRef Match MatchKind Mention TaskDetail "
            "TaskHit TaskQuery year_range",
        ),
        ("outline", "AreaCount DocumentTree ThemeCount ThemeTree"),
        (
            "analysis",
            "AgencyCount AgencyCounts Cooccurrence GraphEdgeOut GraphNodeOut Neighborhood "
            "PathResult Rankings Ranked",
        ),
    )
    for name in names.split()
}


def __getattr__(name: str) -> Any:
    """A name of this package, imported from its module on first use (PEP 562)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found directly next time
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
