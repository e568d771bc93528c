"""Comparisons as answers: the one shape `policykg compare --json` prints and GET
/api/v1/compare returns (its response model), written by the one serialiser.

The pairs and the summary are the comparison's own results (graph.compare.model); an answer
adds which documents were compared (from the graph, or from files with their `path`) and,
for one document against several, who took up each unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from policykg.graph.compare.model import Pair, Summary

__all__ = [
    "ComparedDocument",
    "ComparedFile",
    "ComparisonAnswer",
    "CoverageAnswer",
    "SetComparisonAnswer",
    "UnitKind",
    "UnitRef",
]

#: What a document was cut into: a law's articles (第X条) or any other document's tasks.
UnitKind = Literal["article", "task"]


@dataclass(frozen=True)
class ComparedDocument:
    """A compared document of the graph: id, title, kind of unit, number of units."""

    id: str
    title: str
    unit_kind: UnitKind
    units: int


@dataclass(frozen=True)
class ComparedFile:
    """A compared document read from a file: as one of the graph, with its path."""

    id: str
    title: str
    path: str
    unit_kind: UnitKind
    units: int


_DocumentT = TypeVar("_DocumentT", bound=ComparedDocument | ComparedFile)


@dataclass(frozen=True)
class ComparisonAnswer(Generic[_DocumentT]):
    """Both documents, every pair (`status`, `a`, `b`, diff and entity changes), the summary."""

    a: _DocumentT
    b: _DocumentT
    pairs: tuple[Pair, ...]
    summary: Summary


@dataclass(frozen=True)
class UnitRef:
    """A unit of A named by its id and printed label."""

    id: str
    label: str


@dataclass(frozen=True)
class CoverageAnswer:
    """A unit of A and the documents (of the B side) that take it up."""

    unit: UnitRef
    taken_up_by: tuple[str, ...]


@dataclass(frozen=True)
class SetComparisonAnswer:
    """A against several documents: one comparison each, and who takes up each unit of A."""

    a: ComparedFile
    comparisons: tuple[ComparisonAnswer[ComparedFile], ...]
    coverage: tuple[CoverageAnswer, ...]
