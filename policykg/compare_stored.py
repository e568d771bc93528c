"""Two documents of the graph compared: what GET /api/v1/compare and its report answer.

The graph holds each document's tasks (an article's text, label included) and their mention
edges (graph.compare.stored); Traditional text is compared on its Simplified conversion, as
`policykg compare` does for files, and shown as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from policykg.graph.compare import Comparison, align
from policykg.graph.compare.stored import StoredDocument
from policykg.graph.store import GraphStore
from policykg.loaders.script import SIMPLIFIED, to_simplified

__all__ = ["compare_stored", "report_titles"]


@dataclass(frozen=True)
class _StoredComparison:
    a: StoredDocument
    b: StoredDocument
    comparison: Comparison


def compare_stored(store: GraphStore, a: str, b: str) -> _StoredComparison:
    """Align the units of the graph's documents `a` and `b` (ids such as `doc:…`); a
    document against itself is all `same`.

    Args:
        store: the graph the documents are in.
        a: the first document's id.
        b: the second document's id.
    """
    doc_a = _comparable(store.stored_document(a))
    doc_b = _comparable(store.stored_document(b))
    comparison = align(doc_a.units, doc_b.units, a_name=doc_a.id, b_name=doc_b.id)
    return _StoredComparison(doc_a, doc_b, comparison)


def report_titles(result: _StoredComparison) -> tuple[str, str]:
    """The two columns' headings: the titles, or the ids when both titles are one (versions).

    Args:
        result: the comparison of two stored documents.
    """
    if result.a.title == result.b.title:
        return result.a.id, result.b.id
    return result.a.title, result.b.title


def _comparable(doc: StoredDocument) -> StoredDocument:
    if doc.script in ("", SIMPLIFIED):
        return doc
    units = tuple(replace(u, match_text=to_simplified(u.text)[0]) for u in doc.units)
    return replace(doc, units=units)
