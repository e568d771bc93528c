"""What the role extractor finds: agency roles, deadlines and targets of one unit, with spans.

Spans are offsets into the text the unit was cut from (unit start + offset in the unit), so
`text[start:end] == surface` for every item, as in the mention gold.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.graph.model import Role

__all__ = ["AgencyRole", "AgencySpan", "Stated", "UnitRoles"]


@dataclass(frozen=True)
class AgencyRole:
    """One agency named with a role; `carried` when a carry-over note gave it to this unit."""

    surface: str
    start: int
    end: int
    name: str
    role: Role
    carried: bool = False


@dataclass(frozen=True)
class Stated:
    """A deadline (到2020年) or a quantified target (秸秆综合利用率达到85%以上)."""

    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class UnitRoles:
    """Everything the role extractor found in one unit."""

    start: int
    end: int
    roles: tuple[AgencyRole, ...] = ()
    deadlines: tuple[Stated, ...] = ()
    targets: tuple[Stated, ...] = ()


@dataclass(frozen=True)
class AgencySpan:
    """An agency mention handed in by the entity extractor (document offsets)."""

    start: int
    end: int
    surface: str
    name: str
