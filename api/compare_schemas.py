"""Response schema of GET /compare: the shape `policykg compare --json` prints
(policykg/compare_present.py), documents read from the graph instead of files."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from policykg.graph.model import NodeType


class CompareDocumentOut(BaseModel):
    id: str
    title: str
    unit_kind: Literal["article", "task"]
    units: int


class CompareUnitOut(BaseModel):
    """An article (`label` 第X条) or a task (`label` its ordinal) of one document."""

    id: str
    label: str
    text: str


class DiffOpOut(BaseModel):
    op: Literal["equal", "delete", "insert", "replace"]
    a: str
    b: str


class CompareEntityOut(BaseModel):
    id: str
    name: str
    type: NodeType


class LinkOut(BaseModel):
    """A many-to-one reading: A's unit `a` is (also) taken up by B's unit `b`."""

    a: CompareUnitOut
    b: CompareUnitOut


class PairOut(BaseModel):
    status: Literal["same", "changed", "added", "removed"]
    a: CompareUnitOut | None
    b: CompareUnitOut | None
    similarity: float
    diff: list[DiffOpOut]
    entities_gained: list[CompareEntityOut]
    entities_lost: list[CompareEntityOut]
    also: list[LinkOut]


class ShiftOut(BaseModel):
    entity: CompareEntityOut
    units_a: int
    units_b: int
    delta: int


class CompareSummaryOut(BaseModel):
    same: int
    changed: int
    added: int
    removed: int
    shifts: list[ShiftOut]


class ComparisonOut(BaseModel):
    a: CompareDocumentOut
    b: CompareDocumentOut
    pairs: list[PairOut]
    summary: CompareSummaryOut
