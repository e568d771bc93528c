"""What moved between two documents: counts per status, entities gaining or losing units."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from policykg.graph.compare.model import EntityShift, Pair, Status, Summary, Unit
from policykg.graph.results import NodeRef

__all__ = ["summarise"]


def summarise(pairs: Sequence[Pair], a: Sequence[Unit], b: Sequence[Unit]) -> Summary:
    """Status counts, and every entity whose number of units differs, biggest moves first.

    Args:
        pairs: the aligned pairs.
        a: every unit of A.
        b: every unit of B.
    """
    statuses = Counter(p.status for p in pairs)
    in_a = _units_naming(a)
    in_b = _units_naming(b)
    shifts = [
        EntityShift(entity, in_a.get(entity, 0), in_b.get(entity, 0))
        for entity in in_a.keys() | in_b.keys()
        if in_a.get(entity, 0) != in_b.get(entity, 0)
    ]
    shifts.sort(key=lambda s: (-abs(s.delta), s.entity.type, s.entity.name))
    return Summary(
        same=statuses[Status.SAME],
        changed=statuses[Status.CHANGED],
        added=statuses[Status.ADDED],
        removed=statuses[Status.REMOVED],
        shifts=tuple(shifts),
    )


def _units_naming(units: Sequence[Unit]) -> Counter[NodeRef]:
    return Counter(entity for unit in units for entity in unit.entities)
