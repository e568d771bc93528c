"""Query and path parameters that several routes share, declared once with their bounds and
descriptions (so that /tasks, /documents, /maps and /ask say the same thing about them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query
from pydantic import BaseModel

from policykg.api.deps import MAX_NAME, MAX_TERMS, NOT_BLANK, Name
from policykg.graph.results import Expand, MatchMode

__all__ = ["EntityRef", "ExpandOnly", "ExpandParam", "TouchParams", "TouchesDep"]

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
    """`expand` as a group of its own (api/query_reader.py)."""

    expand: ExpandParam = "narrower"


class TouchParams(BaseModel):
    """`touches`, `match` and `expand`, as a group (api/query_reader.py), in that order."""

    touches: _Touches = []
    match: _MatchParam = "any"
    expand: ExpandParam = "narrower"


async def _touch_params(params: Annotated[TouchParams, Query()]) -> TouchParams:
    """`touches`, `match` and `expand` of a route that reads them as a FastAPI dependency.

    Args:
        params: the group, as FastAPI reads a model of query parameters.
    """
    return params


#: `touches`, `match` and `expand` of a route with few parameters (GET /entities/related).
TouchesDep = Annotated[TouchParams, Depends(_touch_params)]
