"""Comparisons as answers: the one shape `policykg compare --json` prints and GET
/api/v1/compare returns, written by the one serialiser (policykg.present.to_json).

The pairs and the summary are graph/compare's own results; this module only adds what a
reader needs around them: which documents were compared (from files, with their `path`, or
from the graph, without one) and, for one document against several, who took up each unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policykg.compare_input import DocumentUnits
from policykg.graph.compare import Comparison, Pair, SetComparison, Summary
from policykg.graph.compare.stored import StoredDocument
from policykg.present import to_json

__all__ = ["comparison_dict", "set_comparison_dict"]

Compared = DocumentUnits | StoredDocument


@dataclass(frozen=True)
class _StoredDocumentOut:
    """A compared document of the graph: id, title, kind of unit, number of units."""

    id: str
    title: str
    unit_kind: str
    units: int


@dataclass(frozen=True)
class _FileDocumentOut:
    """A compared document read from a file: as a stored one, with its path."""

    id: str
    title: str
    path: str
    unit_kind: str
    units: int


@dataclass(frozen=True)
class _ComparisonOut:
    a: _StoredDocumentOut | _FileDocumentOut
    b: _StoredDocumentOut | _FileDocumentOut
    pairs: tuple[Pair, ...]
    summary: Summary


@dataclass(frozen=True)
class _UnitRef:
    id: str
    label: str


@dataclass(frozen=True)
class _CoverageOut:
    unit: _UnitRef
    taken_up_by: tuple[str, ...]


@dataclass(frozen=True)
class _SetComparisonOut:
    a: _FileDocumentOut
    comparisons: tuple[_ComparisonOut, ...]
    coverage: tuple[_CoverageOut, ...]


def comparison_dict(comparison: Comparison, a: Compared, b: Compared) -> dict[str, Any]:
    """Both documents, every pair (`status`, `a`, `b`, diff and entity changes), the summary.

    Args:
        comparison: the aligned pairs and their summary.
        a: the first document.
        b: the second document.

    Returns:
        The JSON value.
    """
    return to_json(_comparison(comparison, a, b))  # type: ignore[no-any-return]


def set_comparison_dict(
    result: SetComparison, a: DocumentUnits, others: list[DocumentUnits]
) -> dict[str, Any]:
    """A against several documents: one comparison each, and who takes up each unit of A.

    Args:
        result: the comparisons and the coverage of A's units.
        a: the document compared with the others.
        others: the other documents, in the order of `result.comparisons`.

    Returns:
        The JSON value.
    """
    answer = _SetComparisonOut(
        _FileDocumentOut(a.id, a.title, a.path, a.kind, len(a.units)),
        tuple(_comparison(c, a, b) for c, b in zip(result.comparisons, others, strict=True)),
        tuple(
            _CoverageOut(_UnitRef(c.unit.id, c.unit.label), c.taken_up_by) for c in result.coverage
        ),
    )
    return to_json(answer)  # type: ignore[no-any-return]


def _comparison(comparison: Comparison, a: Compared, b: Compared) -> _ComparisonOut:
    return _ComparisonOut(_document(a), _document(b), comparison.pairs, comparison.summary)


def _document(doc: Compared) -> _StoredDocumentOut | _FileDocumentOut:
    if isinstance(doc, StoredDocument):
        return _StoredDocumentOut(doc.id, doc.title, doc.unit_kind, len(doc.units))
    return _FileDocumentOut(doc.id, doc.title, doc.path, doc.kind, len(doc.units))
