"""What a comparison is made of: units in, labelled pairs and a summary out."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from policykg.graph.results import NodeRef

__all__ = ["Comparison", "DiffOp", "EntityShift", "Link", "Pair", "Status", "Summary", "Unit"]


class Status(StrEnum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"  # only in B
    REMOVED = "removed"  # only in A


@dataclass(frozen=True)
class Unit:
    """One comparable piece of a document: an article, a task sentence, a paragraph.

    `text` is shown as printed; `match_text`, when given, is what is compared instead (the
    Simplified conversion of a Traditional text, so that scripts do not count as changes).
    """

    id: str
    label: str
    text: str
    # what the aligner works with, not what an answer shows
    entities: Annotated[frozenset[NodeRef], Field(exclude=True)] = frozenset()
    match_text: Annotated[str | None, Field(exclude=True)] = None

    @property
    def compared_text(self) -> str:
        return self.text if self.match_text is None else self.match_text


@dataclass(frozen=True)
class DiffOp:
    """One step of a character diff: `equal`, `delete` (A only), `insert` (B only), `replace`."""

    op: str
    a: str
    b: str


@dataclass(frozen=True)
class Link:
    """A second reading beside a one-to-one pair: A's unit `a` is (also) taken up by B's `b`."""

    a: Unit
    b: Unit


@dataclass(frozen=True)
class Pair:
    """A's unit and B's unit (either may be None) and what happened between them.

    `similarity` is the text-and-entity score the pair was kept on (1.0 for same, 0.0 for
    added or removed), of the texts mapped through the aligner's lexicon of equivalent
    phrasings, so a changed pair that differs only by such phrasings scores 1.0; `diff`, `gained` and `lost` are filled for changed pairs only.
    `also` lists the many-to-one readings of a changed pair: a unit left unpaired by the
    one-to-one rule that restates part of this pair's A or B unit (it keeps its own added or
    removed pair as well).
    """

    status: Status
    a: Unit | None
    b: Unit | None
    similarity: float = 0.0
    diff: tuple[DiffOp, ...] = ()
    gained: Annotated[tuple[NodeRef, ...], Field(serialization_alias="entities_gained")] = ()
    lost: Annotated[tuple[NodeRef, ...], Field(serialization_alias="entities_lost")] = ()
    also: tuple[Link, ...] = ()


@dataclass(frozen=True)
class EntityShift:
    """How many units name an entity in A and in B."""

    entity: NodeRef
    units_a: int
    units_b: int
    delta: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        # a field, not a property, so that the serialiser writes it
        object.__setattr__(self, "delta", self.units_b - self.units_a)


@dataclass(frozen=True)
class Summary:
    """Counts per status, and the entities whose number of units went up or down."""

    same: int
    changed: int
    added: int
    removed: int
    shifts: tuple[EntityShift, ...]


@dataclass(frozen=True)
class Comparison:
    a_name: str
    b_name: str
    pairs: tuple[Pair, ...]
    summary: Summary
