"""One document against several: a national law against the local regulations taking it up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policykg.graph.compare.align import DEFAULTS, AlignConfig, align
from policykg.graph.compare.model import Comparison, Status, Unit

__all__ = ["Coverage", "SetComparison", "compare_many"]


@dataclass(frozen=True)
class Coverage:
    """One unit of A and the documents whose units pair with it (same or changed)."""

    unit: Unit
    taken_up_by: tuple[str, ...]


@dataclass(frozen=True)
class SetComparison:
    a_name: str
    comparisons: tuple[Comparison, ...]
    coverage: tuple[Coverage, ...]


def compare_many(
    a: Sequence[Unit],
    others: Sequence[tuple[str, Sequence[Unit]]],
    *,
    a_name: str = "A",
    config: AlignConfig = DEFAULTS,
) -> SetComparison:
    """Align A with each named unit list, and say for each unit of A who takes it up.

    Args:
        a: the units of the document the others are compared with, in document order.
        others: (name, units in document order) of each other document.
        a_name: what the comparisons call the first document.
        config: the aligner's weights and threshold.
    """
    comparisons = tuple(
        align(a, units, a_name=a_name, b_name=name, config=config) for name, units in others
    )
    takers: dict[int, list[str]] = {id(unit): [] for unit in a}
    for comparison in comparisons:
        for pair in comparison.pairs:
            if pair.a is not None and pair.status in (Status.SAME, Status.CHANGED):
                takers[id(pair.a)].append(comparison.b_name)
    coverage = tuple(Coverage(unit, tuple(takers[id(unit)])) for unit in a)
    return SetComparison(a_name, comparisons, coverage)
