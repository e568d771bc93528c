"""Document facets: which documents a query looks at (kind, level, issuer, year range, ids).

Facets are matched here, once, on the documents' metadata as the stores list it
(`GraphReader.documents`); the stores then only keep the tasks of the selected documents.
"""

from __future__ import annotations

from policykg.graph.assemble import document_date
from policykg.graph.naming import fold
from policykg.graph.queries.reader import DocumentRow, GraphReader
from policykg.graph.results import DocumentFacets

__all__ = ["issuers_of", "selected_documents"]


def selected_documents(reader: GraphReader, facets: DocumentFacets) -> frozenset[str] | None:
    """The ids of the documents the facets keep; None when they keep every document.

    Args:
        reader: the graph to read.
        facets: the facets to pass.
    """
    if facets.empty:
        return None
    return reader.cached(
        ("documents", facets),
        lambda: frozenset(row.id for row in reader.documents() if _keeps(facets, row)),
    )


def _keeps(facets: DocumentFacets, row: DocumentRow) -> bool:
    """Whether a document passes every facet (each facet: any of its values).

    Args:
        facets: the facets to pass.
        row: the document's row.
    """
    props = row.props
    if facets.documents and row.id not in facets.documents:
        return False
    if facets.kinds and props.get("kind") not in facets.kinds:
        return False
    if facets.levels and props.get("level") not in facets.levels:
        return False
    if facets.issuer is not None:
        wanted = fold(facets.issuer)
        if not any(wanted in fold(name) for name in issuers_of(row)):
            return False
    first, last = facets.years
    if first is not None or last is not None:
        date = document_date(props)
        if date is None:
            return False
        year = int(date[:4])
        if (first is not None and year < first) or (last is not None and year > last):
            return False
    return True


def issuers_of(row: DocumentRow) -> list[str]:
    """A document's issuers, then its co-signers.

    Args:
        row: the document's row.
    """
    return [
        str(name)
        for key in ("issuers", "co_signers")
        if isinstance(names := row.props.get(key), list)
        for name in names
    ]
