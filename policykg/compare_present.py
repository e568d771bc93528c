"""Comparisons as answers (graph.compare.answers), the one shape `policykg compare --json`
prints and GET /api/v1/compare returns, written by the one serialiser (policykg.present.to_json).

The pairs and the summary are graph/compare's own results; this module only says which
documents were compared (from files, with their `path`, or from the graph, without one) and,
for one document against several, who took up each unit.
"""

from __future__ import annotations

from typing import Any, overload

from policykg.compare_input import DocumentUnits
from policykg.graph.compare import Comparison, SetComparison
from policykg.graph.compare.answers import (
    ComparedDocument,
    ComparedFile,
    ComparisonAnswer,
    CoverageAnswer,
    SetComparisonAnswer,
    UnitRef,
)
from policykg.graph.compare.stored import StoredDocument
from policykg.present import to_json

__all__ = ["comparison_answer", "comparison_dict", "set_comparison_dict"]

_Compared = DocumentUnits | StoredDocument
_Document = ComparedDocument | ComparedFile


@overload
def comparison_answer(
    comparison: Comparison, a: StoredDocument, b: StoredDocument
) -> ComparisonAnswer[ComparedDocument]: ...
@overload
def comparison_answer(
    comparison: Comparison, a: _Compared, b: _Compared
) -> ComparisonAnswer[_Document]: ...
def comparison_answer(comparison: Comparison, a: _Compared, b: _Compared) -> ComparisonAnswer[Any]:
    """Both documents, every pair and the summary, as one answer.

    Args:
        comparison: the aligned pairs and their summary.
        a: the first document.
        b: the second document.
    """
    return ComparisonAnswer(_document(a), _document(b), comparison.pairs, comparison.summary)


def comparison_dict(comparison: Comparison, a: _Compared, b: _Compared) -> dict[str, Any]:
    """Both documents, every pair (`status`, `a`, `b`, diff and entity changes), the summary.

    Args:
        comparison: the aligned pairs and their summary.
        a: the first document.
        b: the second document.

    Returns:
        The JSON value.
    """
    return to_json(comparison_answer(comparison, a, b))  # type: ignore[no-any-return]


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
    first = _file(a)
    answer = SetComparisonAnswer(
        first,
        tuple(
            ComparisonAnswer(first, _file(b), c.pairs, c.summary)
            for c, b in zip(result.comparisons, others, strict=True)
        ),
        tuple(
            CoverageAnswer(UnitRef(c.unit.id, c.unit.label), c.taken_up_by) for c in result.coverage
        ),
    )
    return to_json(answer)  # type: ignore[no-any-return]


@overload
def _document(doc: StoredDocument) -> ComparedDocument: ...
@overload
def _document(doc: _Compared) -> _Document: ...
def _document(doc: _Compared) -> _Document:
    if isinstance(doc, StoredDocument):
        return ComparedDocument(doc.id, doc.title, doc.unit_kind, len(doc.units))
    return _file(doc)


def _file(doc: DocumentUnits) -> ComparedFile:
    return ComparedFile(doc.id, doc.title, doc.path, doc.kind, len(doc.units))
