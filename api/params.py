"""Query and path parameters that several routes share, declared once with their bounds and
descriptions (so that /tasks, /documents, /maps and /ask say the same thing about them).

The query parameters come in groups (pydantic models), which routes read in one pass
(api/query_reader.py): `TouchParams` (`touches`, `match`, `expand`), `RoleParams` (`role`,
`agency`), `TypeFilter` (`type`), `CentreParams` (`entity`, `depth`) and `ExpandOnly`, beside
`deps.PageParams` and `facets.FacetParams`; `paged` reads a route's page, facets and own group.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import Path, Query, Request
from pydantic import BaseModel

from policykg.api.deps import (
    MAX_NAME,
    MAX_TERMS,
    NOT_BLANK,
    Depth,
    Name,
    PageParams,
    Paging,
    app_settings,
)
from policykg.api.facets import FacetParams
from policykg.api.query_reader import QueryReader
from policykg.graph.model import ROLES, Role
from policykg.graph.results import DocumentFacets, EntityType, Expand, MatchMode, TaskQuery

__all__ = [
    "CentreParams",
    "EntityRef",
    "ExpandOnly",
    "ExpandParam",
    "RoleParams",
    "TouchParams",
    "TypeFilter",
    "paged",
    "touch_query",
]

_M = TypeVar("_M", bound=BaseModel)

#: `touches=`: the entities the tasks name. Repeatable.
_Touches = Annotated[
    list[Name],
    Query(
        max_length=MAX_TERMS,
        description="Entity id, Chinese or English name, or alias (tasks touching it). Repeatable.",
    ),
]

#: `match=`: any or all of the `touches` terms.
_MatchParam = Annotated[MatchMode, Query(description="`all`: tasks matching every `touches` term.")]

#: `expand=`: how far the hierarchy below or above the queried entities reaches.
ExpandParam = Annotated[
    Expand,
    Query(description="Hierarchy expansion: narrower (河北 under 京津冀), broader, both, none."),
]

#: `{ref}` in a path: an entity named by id, name, English name or alias.
EntityRef = Annotated[
    str,
    Path(
        min_length=1,
        max_length=MAX_NAME,
        pattern=NOT_BLANK,
        description="An id (region:黄河) or a Chinese name, English name or alias.",
    ),
]


class ExpandOnly(BaseModel):
    """`expand` as a group of its own."""

    expand: ExpandParam = "narrower"


class TouchParams(BaseModel):
    """`touches`, `match` and `expand`, in that order."""

    touches: _Touches = []
    match: _MatchParam = "any"
    expand: ExpandParam = "narrower"

    def query(self, page: Paging, facets: DocumentFacets, **filters: Any) -> TaskQuery:
        """The tasks touching these terms, on this page of these documents.

        Args:
            page: the page asked for.
            facets: the documents asked for.
            **filters: further arguments of TaskQuery.of (a group that extends this one).
        """
        return TaskQuery.of(
            self.touches,
            match=self.match,
            expand=self.expand,
            limit=page.limit,
            offset=page.offset,
            facets=facets,
            **filters,
        )


class RoleParams(BaseModel):
    """`role` and `agency`: only the tasks in which an agency has a role (/tasks, /graph)."""

    role: Annotated[
        list[Role],
        Query(
            max_length=len(ROLES),
            description="Only tasks in which an agency (`agency`, else any) has one of these "
            "roles: `role=lead` keeps the tasks with a lead agency. Repeatable.",
        ),
    ] = []
    agency: Annotated[
        Name | None,
        Query(
            description="Only tasks in which this agency (id, name or alias) has a role "
            "(one of `role`, when given): `agency=生态环境部&role=lead`, the tasks it leads."
        ),
    ] = None


class TypeFilter(BaseModel):
    """`type`: only entities of this type (GET /entities and /entities/related)."""

    node_type: Annotated[EntityType | None, Query(alias="type")] = None


class CentreParams(BaseModel):
    """`entity` and `depth`: the centre of a neighbourhood and how far it reaches."""

    entity: Annotated[Name, Query(description="Entity id, name or alias, or any node id.")]
    depth: Depth = 1


def paged(
    request: Request, reader: QueryReader, own: type[_M]
) -> tuple[Paging, DocumentFacets, _M]:
    """The page, the facets and the route's own group, checked as FastAPI checked them when the
    page and the facets were dependencies: those first, each bound right after its group.

    Args:
        request: the request (its query string and its app's settings).
        reader: the route's groups: `own`, PageParams and FacetParams.
        own: the route's own group.

    Raises:
        RequestValidationError: parameters that do not fit their declaration (422).
        ParameterOutOfRange: `limit` above POLICYKG_MAX_PAGE_SIZE (422).
        InvalidQuery: a `year` range that ends before it starts (422).
    """
    reading = reader.reading(request)
    page = reading.group(PageParams, lambda p: p.paging(app_settings(request)))
    facets = reading.group(FacetParams, FacetParams.facets)
    params = reading.group(own)
    if page is None or facets is None or params is None:
        raise reading.error()
    return page, facets, params


def touch_query(request: Request, reader: QueryReader, params: type[TouchParams]) -> TaskQuery:
    """The task query of a route whose groups are `params`, PageParams and FacetParams.

    Args:
        request: the request (its query string and its app's settings).
        reader: the route's groups.
        params: the route's own group: TouchParams or one that extends it.

    Raises:
        RequestValidationError, ParameterOutOfRange, InvalidQuery: as `paged`.
    """
    page, facets, own = paged(request, reader, params)
    return own.query(page, facets)
